from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "corridor.grievances"
    label = "grievances"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Complaints count on the record of the recruiter or employer they are against;
        # recruitment cannot import grievances, so the part is registered from here.
        from corridor.grievances.queries import complaint_record_rows
        from corridor.recruitment.records import contribute

        contribute(complaint_record_rows)
