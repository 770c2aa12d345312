from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "corridor.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        # Matching features follow the worker records they are computed from.
        from corridor.recruitment import signals  # noqa: F401
