"""The service catalogue: what partner organisations offer, where, and in which languages.

A service is not personal data: its contact is the organisation's referral desk, never a
person's. Every caseworker sees the whole catalogue, so it is not organisation-scoped.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, OrganisationType
from corridor.core.models import TimestampedModel
from corridor.reference.models import Country, Language, Region


class ServiceCategory(models.TextChoices):
    LEGAL_AID = "legal_aid", _("legal aid")
    PSYCHOSOCIAL = "psychosocial", _("psychosocial support")
    HEALTH = "health", _("health")
    HOUSING = "housing", _("housing")
    DOCUMENTS = "documents", _("help with documents")
    REMITTANCES = "remittances", _("remittances and financial literacy")
    FAMILY = "family", _("family support")
    RETURN = "return", _("return and reintegration")


# Organisations that offer services to migrants and take referrals.
PROVIDER_TYPES = (
    OrganisationType.NGO,
    OrganisationType.DIASPORA,
    OrganisationType.EMPLOYMENT_CENTRE,
    OrganisationType.TRAINING_PROVIDER,
)


class PartnerServiceQuerySet(models.QuerySet["PartnerService"]):
    def active(self) -> "PartnerServiceQuerySet":
        return self.filter(is_active=True, organisation__is_active=True)

    def offering(self, category: str) -> "PartnerServiceQuerySet":
        return self.filter(category=category)


class PartnerService(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("offered by"),
        on_delete=models.PROTECT,
        related_name="support_services",
    )
    name = models.CharField(_("service"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="+"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="+"
    )
    # The organisation's referral desk: a shared address or line, never a person's own.
    contact_email = models.EmailField(_("referral e-mail"), blank=True)
    contact_phone = models.CharField(_("referral phone"), max_length=30, blank=True)
    contact_note = models.CharField(
        _("how to refer"), max_length=300, blank=True, help_text=_("e.g. opening hours")
    )
    is_active = models.BooleanField(_("taking referrals"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[PartnerServiceQuerySet] = PartnerServiceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["category", "organisation__name", "name"]
        verbose_name = _("partner service")
        verbose_name_plural = _("partner services")
        indexes = [models.Index(fields=["category", "is_active"], name="service_category_active")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} — {self.organisation.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("support:service_edit", args=[self.pk])
