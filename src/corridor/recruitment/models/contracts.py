"""The employment contract: generated from an accepted offer, confirmed by the worker, and
checked at arrival against what the employer actually gives (contract substitution)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.core.models import TimestampedModel, organisation_owned
from corridor.people.models import Worker, WorkerChildQuerySet
from corridor.recruitment.models.applications import Application


class ContractLanguage(models.TextChoices):
    UZBEK = "uz", _("Uzbek")
    TAJIK = "tg", _("Tajik")
    KYRGYZ = "ky", _("Kyrgyz")
    ENGLISH = "en", _("English")


@organisation_owned
class Contract(TimestampedModel):
    # A merge of duplicate records moves these to the kept record (identity.services).
    moves_with_worker = True

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="contract"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="contracts")
    # The column beside the Russian text: a language the worker reads.
    language = models.CharField(
        _("worker's language"), max_length=2, choices=ContractLanguage.choices
    )
    terms = models.JSONField(_("agreed terms"))
    pdf = models.FileField(_("contract (PDF)"), upload_to="contracts/%Y/%m/")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("worker confirmed receiving it"), null=True, blank=True)
    # At arrival: what the employer actually gives, and the worse differences from the offer.
    actual_terms = models.JSONField(_("actual terms at arrival"), null=True, blank=True)
    actual_recorded_at = models.DateTimeField(_("actual terms recorded"), null=True, blank=True)
    actual_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    substitutions = models.JSONField(_("worse than offered"), default=list, blank=True)
    is_substituted = models.BooleanField(_("contract substitution"), default=False, db_index=True)

    objects: ClassVar[WorkerChildQuerySet["Contract"]] = WorkerChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return f"{self.application}"

    def get_absolute_url(self) -> str:
        return reverse("recruitment:application", args=[self.application_id])
