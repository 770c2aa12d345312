from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "corridor.support"
    label = "support"
    verbose_name = _("Services and referrals")

    def ready(self) -> None:
        # Timeline entries name these enums' values; people shows them in the reader's language.
        from corridor.people.timeline import register_enums
        from corridor.support.models import ReferralStatus, ServiceCategory

        register_enums(ReferralStatus, ServiceCategory)
