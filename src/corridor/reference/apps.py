from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "corridor.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        # Like Django's content types, reference data follows the schema: every migrate brings
        # the tables up to the shipped files (idempotently), so no install step can forget it.
        from corridor.reference.loader import load_after_migrate

        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="corridor_reference")
