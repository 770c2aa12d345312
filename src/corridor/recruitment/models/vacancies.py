"""Vacancies (job orders): verified demand from employers in the destination country.

A vacancy is not personal data: programme staff see them all; employers and recruiters see
their own (the organisation that entered it, the employer, the recruiter in charge). No field
filters on sex, ethnicity or religion; a minimum age only where the law sets one.
"""

from decimal import Decimal
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Permission
from corridor.core.bounds import DATE_BOUNDS, HOUSING_COST_BOUNDS, WAGE_BOUNDS, within
from corridor.core.models import TimestampedModel
from corridor.core.scoping import ScopedQuerySet
from corridor.people.models import LanguageLevel
from corridor.reference.models import IscoGroup, Language, Region


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")


class VacancySource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    API = "api", _("through the API")
    TRUDVSEM = "trudvsem", _("“Work in Russia” open data")


class Schedule(models.TextChoices):
    FULL_TIME = "full_time", _("full time")
    SHIFTS = "shifts", _("shifts")
    ROTATION = "rotation", _("rotation (vakhta)")
    PART_TIME = "part_time", _("part time")
    FLEXIBLE = "flexible", _("flexible")


class Housing(models.TextChoices):
    NONE = "none", _("not provided")
    FREE = "free", _("provided free")
    CHARGED = "charged", _("provided, the worker pays")
    ALLOWANCE = "allowance", _("allowance paid")


class Meals(models.TextChoices):
    NONE = "none", _("not provided")
    FREE = "free", _("free")
    SUBSIDISED = "subsidised", _("subsidised")
    CHARGED = "charged", _("the worker pays")


class Transport(models.TextChoices):
    NONE = "none", _("not provided")
    TO_WORK = "to_work", _("to and from work")
    TRAVEL_PAID = "travel_paid", _("travel to Russia paid by the employer")
    BOTH = "both", _("both")


DRIVING_LICENCE_CATEGORIES = ("A", "B", "BE", "C", "CE", "C1", "D", "DE", "M", "TB", "TM")


class Certificate(models.TextChoices):
    """Certificates a vacancy may require: document types of the worker's record."""

    LANGUAGE = "language_certificate", _("Russian language, history and law certificate")
    MEDICAL = "medical_certificate", _("medical certificate")
    DIPLOMA = "diploma", _("diploma")


CERTIFICATE_TYPES = tuple(Certificate.values)


class VacancyQuerySet(ScopedQuerySet["Vacancy"]):
    def scope(self, user: Any) -> Self:
        """All vacancies for programme staff; for others, those of their organisations."""
        if user.is_superuser or user.has_any_perm(Permission.VIEW_ALL_VACANCIES):
            return self
        ids = [m.organisation_id for m in user.active_memberships]
        return self.filter(
            Q(organisation_id__in=ids) | Q(employer_id__in=ids) | Q(recruiter_id__in=ids)
        )

    def open_to_workers(self) -> "VacancyQuerySet":
        """What a worker may look for and say they are interested in from their own pages:
        open vacancies that take workers from abroad, whoever posted them."""
        return self.filter(status=VacancyStatus.OPEN, open_to_foreign=True)

    def editable_by(self, user: User | AnonymousUser) -> "VacancyQuerySet":
        if not user.is_authenticated:
            return self.none()
        ids = user.organisation_ids_with(Permission.MANAGE_VACANCIES)
        if user.is_superuser:
            return self
        return self.filter(
            Q(organisation_id__in=ids) | Q(employer_id__in=ids) | Q(recruiter_id__in=ids)
        )

    def with_isco_prefix(self, prefix: str) -> "VacancyQuerySet":
        # A range, not LIKE: a foreign key has no startswith, and the range uses the index.
        return self.filter(isco_id__gte=prefix, isco_id__lt=prefix + "~")

    def open(self) -> "VacancyQuerySet":
        return self.filter(status=VacancyStatus.OPEN)

    def search(self, text: str) -> "VacancyQuerySet":
        text = text.strip()[:100]
        if not text:
            return self
        if text.isdigit() and len(text) <= 4:
            return self.with_isco_prefix(text)
        return self.filter(
            Q(title__icontains=text)
            | Q(title_search__contains=text.casefold())
            | Q(employer__name__icontains=text)
        )


class Vacancy(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    recruiter = models.ForeignKey(
        Organisation,
        verbose_name=_("recruiter in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruited_vacancies",
    )
    title = models.CharField(_("title"), max_length=300)
    # Lower-cased title: SQLite's LIKE folds ASCII only, so Cyrillic search needs it.
    title_search = models.CharField(max_length=300, editable=False, default="")
    isco = models.ForeignKey(
        IscoGroup,
        verbose_name=_("occupation (ISCO-08 unit group)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 4},
    )
    # How the code was reached: set when the occupation coder chose it (see the review list).
    coded_title = models.ForeignKey(
        "occupations.CodedTitle",
        verbose_name=_("coded title"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True, max_length=20000)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    places = models.PositiveIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    wage_min = models.DecimalField(
        _("monthly wage from (RUB, gross)"),
        max_digits=10,
        decimal_places=0,
        validators=WAGE_BOUNDS,
    )
    wage_max = models.DecimalField(
        _("monthly wage up to (RUB, gross)"),
        max_digits=10,
        decimal_places=0,
        validators=WAGE_BOUNDS,
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), default=40, validators=[MinValueValidator(1), MaxValueValidator(84)]
    )
    schedule = models.CharField(
        _("schedule"), max_length=20, choices=Schedule.choices, default=Schedule.FULL_TIME
    )
    rotation_days_on = models.PositiveSmallIntegerField(
        _("rotation: days on"), null=True, blank=True
    )
    rotation_days_off = models.PositiveSmallIntegerField(
        _("rotation: days off"), null=True, blank=True
    )
    contract_months = models.PositiveSmallIntegerField(
        _("contract length (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    start_date = models.DateField(_("start date"), null=True, blank=True, validators=DATE_BOUNDS)
    housing = models.CharField(
        _("housing"), max_length=20, choices=Housing.choices, default=Housing.NONE
    )
    housing_cost_rub = models.DecimalField(
        _("housing cost to the worker (RUB a month)"),
        max_digits=8,
        decimal_places=0,
        default=Decimal(0),
        validators=HOUSING_COST_BOUNDS,
    )
    meals = models.CharField(_("meals"), max_length=20, choices=Meals.choices, default=Meals.NONE)
    transport = models.CharField(
        _("transport"), max_length=20, choices=Transport.choices, default=Transport.NONE
    )
    min_experience_years = models.PositiveSmallIntegerField(
        _("years of experience required"), default=0, validators=[MaxValueValidator(40)]
    )
    driving_licences = models.JSONField(
        _("driving licence categories required"), default=list, blank=True
    )
    certificates = models.JSONField(_("certificates required"), default=list, blank=True)
    # {"ru": 3}: the languages required with their least level as a rank (A1 = 1 … native = 7),
    # kept beside `languages` so ranking reads one row per vacancy.
    language_needs = models.JSONField(default=dict, blank=True, editable=False)
    # Only where a law sets one (e.g. 18 for heavy or night work); never a maximum.
    min_age = models.PositiveSmallIntegerField(
        _("minimum age set by law"),
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(21)],
    )
    open_to_foreign = models.BooleanField(_("open to foreign citizens"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=20, choices=VacancySource.choices, default=VacancySource.MANUAL
    )
    source_id = models.CharField(_("source id"), max_length=100, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[VacancyQuerySet] = VacancyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_min__gt=0) & Q(wage_max__gte=F("wage_min")),
                name="vacancy_wage_range",
            ),
            within("wage_min", WAGE_BOUNDS, "vacancy_wage_min_within_bounds"),
            within("wage_max", WAGE_BOUNDS, "vacancy_wage_max_within_bounds"),
            within("housing_cost_rub", HOUSING_COST_BOUNDS, "vacancy_housing_cost_within_bounds"),
            within("start_date", DATE_BOUNDS, "vacancy_start_date_within_bounds"),
            models.CheckConstraint(condition=Q(places__gte=1), name="vacancy_places_positive"),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="vacancy_source_id_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "isco"], name="vacancy_status_isco"),
            models.Index(fields=["employer", "status"], name="vacancy_employer_status"),
            models.Index(fields=["recruiter", "status"], name="vacancy_recruiter_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.employer})"

    def get_absolute_url(self) -> str:
        return reverse("recruitment:vacancy", args=[self.pk])

    def fill_derived(self) -> None:
        """Fields computed from others; `save` calls it, a bulk write (the import) must too."""
        self.title_search = self.title.casefold()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_derived()
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_search"}
        super().save(*args, **kwargs)


class VacancyLanguage(models.Model):
    """A language the job needs, at a level at least."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("at least"), max_length=6, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language required")
        verbose_name_plural = _("languages required")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "language"], name="vacancy_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.language_id} {self.level}"
