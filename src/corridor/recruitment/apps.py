from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "corridor.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        # Timeline entries name these enums' values; people shows them in the reader's language.
        from corridor.people.timeline import register_enums
        from corridor.recruitment.models import ApplicationStatus, FeePurpose
        from corridor.recruitment.models.contracts import ContractLanguage

        register_enums(ApplicationStatus, ContractLanguage, FeePurpose)
