"""Programmes, their funders, documents and money, indicators and the results reported on them.

Programmes are programme-wide, not organisation-owned: they hold no personal data, every
member of staff, the authority and donors may read them (Permission.VIEW_AGGREGATES). Programme
managers (Permission.MANAGE_PROGRAMMES) of the programme's office edit them; those of the office
and of its implementing partners post results (queries.may_manage, may_report). Results are
aggregates.
"""

import re
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.bounds import (
    DATE_BOUNDS,
    MEASURE_BOUNDS,
    amount_bounds,
    check_day,
    within,
)
from corridor.core.models import TimestampedModel, UUIDModel
from corridor.programmes.codelists import is_active_code

CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,39}$"


class ProgrammeStatus(models.TextChoices):
    PIPELINE = "pipeline", _("pipeline")
    IMPLEMENTATION = "implementation", _("implementation")
    FINALISATION = "finalisation", _("finalisation")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


# IATI ActivityStatus codes, in the same order as the statuses above.
IATI_ACTIVITY_STATUS: dict[str, str] = {
    status: str(n) for n, status in enumerate(ProgrammeStatus, start=1)
}


class ActivityArea(models.TextChoices):
    POLICY_SUPPORT = "policy_support", _("policy support")
    INFORMATION_CAMPAIGNS = "information_campaigns", _("information campaigns")
    SERVICES_FOR_MIGRANTS = "services_for_migrants", _("services for migrants and families")
    MUTUAL_ASSISTANCE_GROUPS = "mutual_assistance_groups", _("mutual-assistance groups")
    RECRUITMENT_AND_TRAINING = "recruitment_and_training", _("recruitment and training")
    NGO_DIASPORA_COORDINATION = (
        "ngo_diaspora_coordination",
        _("coordination with NGOs and diasporas"),
    )
    DATA_EXCHANGE = "data_exchange", _("data exchange with the destination authority")


def validate_dac_sector(code: str) -> None:
    if not (re.fullmatch(r"\d{5}", code) and is_active_code("Sector", code)):
        raise ValidationError(
            _("%(code)s is not a DAC 5-digit sector code in the IATI Sector codelist."),
            params={"code": code},
            code="dac_sector",
        )


def validate_currency(code: str) -> None:
    if code and not is_active_code("Currency", code):
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code."), params={"code": code}, code="currency"
        )


def period_errors(
    start: Any, end: Any, end_field: str = "period_end", start_field: str = "period_start"
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for field, value in ((start_field, start), (end_field, end)):
        try:
            check_day(value, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if not errors and start and end and end < start:
        errors[end_field] = _(
            "The period ends before it starts: the end must be on or after the start."
        )
    return errors


# A programme's money, in its currency: zero up to what the field holds.
MONEY_BOUNDS = amount_bounds(16, 2)


class Programme(TimestampedModel):
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN, _("Capital letters, digits and hyphens."))],
    )
    title = models.CharField(_("title"), max_length=300)
    goal = models.TextField(_("goal"), blank=True)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("start"), validators=DATE_BOUNDS)
    period_end = models.DateField(_("end"), null=True, blank=True, validators=DATE_BOUNDS)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.IMPLEMENTATION,
    )
    recipient_countries = models.ManyToManyField(
        "reference.Country", verbose_name=_("recipient countries"), blank=True, related_name="+"
    )
    reporting_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The registered IATI organisation identifier of the programme office (e.g. "XM-DAC-47066");
    # the activity identifier is this, a hyphen and the programme code.
    iati_organisation_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("No spaces or slashes."))],
    )
    implementing_partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("implementing partners"),
        blank=True,
        related_name="+",
    )
    activity_areas = models.JSONField(_("activity areas"), default=list, blank=True)
    target_sectors = models.ManyToManyField(
        "reference.IscoGroup",
        verbose_name=_("target sectors (ISCO-08)"),
        blank=True,
        related_name="+",
    )
    dac_sectors = models.JSONField(_("DAC sectors"), default=list, blank=True)

    class Meta:
        ordering = ["-period_start", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="programme_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.code])

    def clean(self) -> None:
        errors: dict[str, Any] = period_errors(self.period_start, self.period_end)
        unknown_areas = set(self.activity_areas or []) - set(ActivityArea.values)
        if unknown_areas:
            errors["activity_areas"] = _("Unknown activity area: %(areas)s.") % {
                "areas": ", ".join(sorted(unknown_areas))
            }
        sector_errors = []
        for code in self.dac_sectors or []:
            try:
                validate_dac_sector(code)
            except ValidationError as error:
                sector_errors.extend(error.messages)
        if sector_errors:
            errors["dac_sectors"] = sector_errors
        if errors:
            raise ValidationError(errors)

    @property
    def iati_identifier(self) -> str:
        return f"{self.iati_organisation_identifier}-{self.code}"

    def activity_area_labels(self) -> list[str]:
        labels = dict(ActivityArea.choices)
        return [str(labels[a]) for a in self.activity_areas if a in labels]


class OrganisationIdentity(UUIDModel):
    """How IATI names an organisation: its registered identifier and IATI organisation type.

    Kept here rather than on accounts.Organisation because only the IATI file needs it.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="iati_identity",
    )
    ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)
    type = models.CharField(_("IATI organisation type"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("IATI organisation identity")
        verbose_name_plural = _("IATI organisation identities")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.ref or '-'})"


class Funding(UUIDModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="fundings"
    )
    funder = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Left empty when the amount is not known: a figure is never made up.
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY_BOUNDS,
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text="ISO 4217",
    )
    period_start = models.DateField(_("from"), null=True, blank=True, validators=DATE_BOUNDS)
    period_end = models.DateField(_("until"), null=True, blank=True, validators=DATE_BOUNDS)

    class Meta:
        ordering = ["period_start", "funder__name"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="funding_amount_has_currency",
            ),
            within("amount", MONEY_BOUNDS, "funding_amount_within_bounds"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="funding_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.amount or ''} {self.currency}".strip()

    def clean(self) -> None:
        errors = period_errors(self.period_start, self.period_end)
        if self.amount is not None and not self.currency:
            errors["currency"] = _("Give the currency of the amount (ISO 4217, e.g. USD).")
        if errors:
            raise ValidationError(errors)


class Document(UUIDModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address (URL)"), blank=True)
    file = models.FileField(_("file"), upload_to="programmes/documents/%Y/", blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError(_("Give the document's address or upload its file."))


class TransactionType(models.TextChoices):
    # IATI TransactionType codes.
    INCOMING_FUNDS = "1", _("incoming funds")
    DISBURSEMENT = "3", _("disbursement")
    EXPENDITURE = "4", _("expenditure")


class Transaction(UUIDModel):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="transactions",
    )
    date = models.DateField(_("date"), validators=DATE_BOUNDS)
    type = models.CharField(_("type"), max_length=2, choices=TransactionType.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=MONEY_BOUNDS
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    description = models.CharField(_("description"), max_length=300, blank=True)
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        constraints = [
            within("amount", MONEY_BOUNDS, "transaction_amount_within_bounds"),
            within("date", DATE_BOUNDS, "transaction_date_within_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_type_display()} {self.amount} {self.currency}"


class Unit(models.TextChoices):
    NUMBER = "number", _("number")
    PERCENT = "percent", _("percent")
    ROUBLES = "roubles", _("roubles")


class IndicatorMeasure(models.TextChoices):
    # IATI IndicatorMeasure codes.
    UNIT = "1", _("unit")
    PERCENTAGE = "2", _("percentage")
    NOMINAL = "3", _("nominal")
    ORDINAL = "4", _("ordinal")
    QUALITATIVE = "5", _("qualitative")


class Disaggregation(models.TextChoices):
    SEX = "sex", _("sex")
    CITIZENSHIP = "citizenship", _("citizenship")
    REGION = "region", _("region")
    AGE_BAND = "age_band", _("age band")


class Metric(models.TextChoices):
    """Indicators the `insights` app computes from the work itself; their results arrive
    through `services.record_result(source="computed")`."""

    WORKERS_REGISTERED = "workers_registered", _("workers registered")
    WORKERS_TRAINED = "workers_trained", _("workers trained")
    WORKERS_CERTIFIED = "workers_certified", _("workers certified")
    WORKERS_MATCHED = "workers_matched", _("workers matched to a vacancy")
    WORKERS_PLACED = "workers_placed", _("workers placed")
    EMPLOYED_3_MONTHS = (
        "employed_3_months_after_arrival",
        _("workers employed three months after arrival"),
    )
    AVERAGE_WAGE_VS_OFFER = "average_wage_vs_offer", _("average wage against the offer")
    RECRUITMENT_COST_SHARE = (
        "recruitment_cost_share_sdg_10_7_1",
        _("recruitment cost as a share of a month's wage (SDG 10.7.1)"),
    )
    CONTRACT_SUBSTITUTIONS = "contract_substitutions", _("contract substitutions")
    COMPLAINTS_OPENED = "complaints_opened", _("complaints opened")
    COMPLAINTS_RESOLVED = "complaints_resolved", _("complaints resolved")
    REFERRALS_COMPLETED = "referrals_completed", _("referrals completed")
    RETURNS = "returns", _("returns")


class Indicator(TimestampedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    measure = models.CharField(
        _("IATI measure"),
        max_length=1,
        choices=IndicatorMeasure.choices,
        default=IndicatorMeasure.UNIT,
    )
    is_ascending = models.BooleanField(
        _("should rise"), default=True, help_text=_("Untick when success means a lower value.")
    )
    baseline_value = models.DecimalField(
        _("baseline"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MEASURE_BOUNDS,
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MEASURE_BOUNDS,
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    disaggregation = models.JSONField(_("disaggregated by"), default=list, blank=True)
    # Empty: the value is entered by hand, with evidence.
    metric = models.CharField(_("computed from"), max_length=40, choices=Metric.choices, blank=True)

    class Meta:
        ordering = ["programme", "created_at"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        base, target = self.baseline_value, self.target_value
        if base is not None and target is not None:
            if self.is_ascending and target < base:
                errors["target_value"] = _(
                    "This indicator must rise: the target (%(target)s) cannot be below the "
                    "baseline (%(baseline)s)."
                ) % {"target": target, "baseline": base}
            elif not self.is_ascending and target > base:
                errors["target_value"] = _(
                    "This indicator must fall: the target (%(target)s) cannot be above the "
                    "baseline (%(baseline)s)."
                ) % {"target": target, "baseline": base}
        if base is not None and not self.baseline_year:
            errors["baseline_year"] = _("Give the year of the baseline.")
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = _("The target year cannot be before the baseline year.")
        unknown = set(self.disaggregation or []) - set(Disaggregation.values)
        if unknown:
            errors["disaggregation"] = _("Unknown disaggregation: %(names)s.") % {
                "names": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_computed(self) -> bool:
        return bool(self.metric)

    @property
    def is_count(self) -> bool:
        """Counts of people, which donors and the public never see below 5."""
        return self.unit == Unit.NUMBER


class ResultSource(models.TextChoices):
    COMPUTED = "computed", _("computed from the data")
    MANUAL = "manual", _("entered by hand")


class ResultQuerySet(models.QuerySet["Result"]):
    def current(self) -> "ResultQuerySet":
        """The newest version of each indicator's result for each period."""
        return self.filter(is_current=True)


class Result(UUIDModel):
    """What an indicator measured over one reporting period, as recorded: never changed.

    Recording a period again adds a new version (`version` + 1) and marks the earlier one as no
    longer current, so a donor report that quoted the old figure can still be traced.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="results"
    )
    period_start = models.DateField(_("period start"), validators=DATE_BOUNDS)
    period_end = models.DateField(_("period end"), validators=DATE_BOUNDS)
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, validators=MEASURE_BOUNDS
    )
    disaggregated = models.JSONField(_("disaggregated values"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ResultSource.choices)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="programmes/evidence/%Y/", blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)

    objects: ClassVar[ResultQuerySet] = ResultQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["indicator", "-period_end", "-version"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "version"],
                name="result_one_version_number_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=Q(is_current=True),
                name="result_one_current_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="result_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"
