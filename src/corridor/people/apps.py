from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_default_stage_rules(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Seed the shipped stage rules when there are none at all (a database flushed after the
    data migration ran, as tests do): without rules no worker could move."""
    from corridor.people.models import StageRequirement, StageTransition
    from corridor.people.stages import seed_default_rules

    if not StageTransition.objects.using(using).exists():
        seed_default_rules(StageTransition, StageRequirement)


class PeopleConfig(AppConfig):
    name = "corridor.people"
    label = "people"
    verbose_name = _("Workers")

    def ready(self) -> None:
        from corridor.people.models import ConsentPurpose, DocumentType, GrantPurpose, Relation
        from corridor.people.stages import Stage
        from corridor.people.timeline import register_enums

        register_enums(ConsentPurpose, DocumentType, GrantPurpose, Relation, Stage)
        # Like reference data, the rules follow the schema (the data migration seeds them).
        post_migrate.connect(
            restore_default_stage_rules, sender=self, dispatch_uid="corridor_stage_rules"
        )
