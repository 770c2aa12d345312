from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "corridor.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # Timeline entries name these enums' values; people shows them in the reader's language.
        from corridor.people.timeline import register_enums
        from corridor.training.models import AttendanceStatus

        register_enums(AttendanceStatus)
