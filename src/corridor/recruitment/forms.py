"""Forms for the recruitment pages. They parse and show errors; the services decide."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import EmployerStatus, Organisation, OrganisationType, User
from corridor.accounts.roles import Permission
from corridor.core.bounds import (
    PAYMENT_BOUNDS,
    PAYMENT_DIGITS,
    PAYMENT_PLACES,
    RATE_BOUNDS,
    RATE_PLACES,
    least,
    most,
)
from corridor.occupations.forms import OccupationField
from corridor.people.forms import DateInput, LanguageForm
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    FeePurpose,
    Housing,
    PayeeType,
    Vacancy,
    VacancyStatus,
)
from corridor.recruitment.models.applications import next_steps
from corridor.recruitment.models.fees import CURRENCIES
from corridor.recruitment.models.vacancies import (
    CERTIFICATE_TYPES,
    DRIVING_LICENCE_CATEGORIES,
    Certificate,
)
from corridor.recruitment.vacancies import EDITABLE, LanguageRequirement
from corridor.reference.models import Region

CERTIFICATE_LABELS = {certificate.value: certificate.label for certificate in Certificate}
# Steps with a form of their own: an offer has terms, a contract is generated.
STEPS_WITH_THEIR_OWN_FORM = {ApplicationStatus.OFFERED, ApplicationStatus.CONTRACTED}


def russian_regions() -> Any:
    return Region.objects.filter(country_id="RU").order_by("name_en")


class VacancyFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("all")), *VacancyStatus.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("region"), queryset=Region.objects.none(), required=False, empty_label=_("all")
    )
    isco = forms.CharField(label=_("ISCO-08 code"), required=False, max_length=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = russian_regions()

    def clean_isco(self) -> str:
        value = self.cleaned_data["isco"].strip()
        if value and not value.isdigit():
            raise ValidationError(_("Enter an ISCO-08 code: 1 to 4 digits."))
        return value


# Fields handed to create_vacancy / update_vacancy as `values`: what the services take, less
# the source address, which only imports set.
VALUE_FIELDS = tuple(field for field in EDITABLE if field != "source_url")


class VacancyForm(forms.ModelForm):
    # The service checks the code is an ISCO-08 unit group; its message lands here.
    isco = OccupationField(
        known_only=False,
        required=False,
        help_text=_(
            "Type a code or words of the title and choose a suggestion; leave empty to have "
            "the title coded."
        ),
    )
    employer = forms.ModelChoiceField(label=_("employer"), queryset=Organisation.objects.none())
    recruiter = forms.ModelChoiceField(
        label=_("recruiter in charge"), queryset=Organisation.objects.none(), required=False
    )
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.none())
    wage_min = forms.DecimalField(
        label=_("monthly wage from (RUB, gross)"),
        min_value=1,
        max_value=10_000_000,
        decimal_places=0,
    )
    wage_max = forms.DecimalField(
        label=_("monthly wage up to (RUB, gross)"),
        min_value=1,
        max_value=10_000_000,
        decimal_places=0,
    )
    rotation_days_on = forms.IntegerField(
        label=_("rotation: days on"), min_value=1, max_value=120, required=False
    )
    rotation_days_off = forms.IntegerField(
        label=_("rotation: days off"), min_value=1, max_value=120, required=False
    )
    housing_cost_rub = forms.DecimalField(
        label=_("housing cost to the worker (RUB a month)"),
        min_value=0,
        max_value=1_000_000,
        decimal_places=0,
        initial=0,
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("driving licence categories required"),
        choices=[(c, c) for c in DRIVING_LICENCE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    certificates = forms.MultipleChoiceField(
        label=_("certificates required"),
        choices=[(c, CERTIFICATE_LABELS[c]) for c in CERTIFICATE_TYPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "isco",
            "employer",
            "recruiter",
            "region",
            "address",
            "description",
            "places",
            "wage_min",
            "wage_max",
            "hours_per_week",
            "schedule",
            "rotation_days_on",
            "rotation_days_off",
            "contract_months",
            "start_date",
            "housing",
            "housing_cost_rub",
            "meals",
            "transport",
            "min_experience_years",
            "driving_licences",
            "certificates",
            "min_age",
            "open_to_foreign",
            "status",
        ]
        widgets = {
            "start_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "min_age": _(
                "Only where the law sets one (e.g. 18 for heavy or night work); never a maximum."
            ),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editing = not self.instance._state.adding
        if editing:
            # The employer of a vacancy does not change; a new vacancy is entered instead.
            del self.fields["employer"]
            self.initial["isco"] = f"{self.instance.isco_id} {self.instance.isco.title}"
            self.fields["isco"].help_text = _(
                "Type a code or words of the title and choose a suggestion; leave empty to "
                "keep the current code."
            )
        else:
            cast(forms.ModelChoiceField, self.fields["employer"]).queryset = employer_choices(user)
            self.fields["status"].initial = VacancyStatus.OPEN
        recruiters = Q(type=OrganisationType.RECRUITER, is_active=True)
        if editing and self.instance.recruiter_id:
            recruiters |= Q(pk=self.instance.recruiter_id)
        cast(
            forms.ModelChoiceField, self.fields["recruiter"]
        ).queryset = Organisation.objects.filter(recruiters)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = russian_regions()
        for name, low, high in (
            ("places", 1, 10000),
            ("hours_per_week", 1, 84),
            ("contract_months", 1, 60),
            ("min_experience_years", 0, 40),
            ("min_age", 14, 21),
        ):
            field = cast(forms.IntegerField, self.fields[name])
            field.widget.attrs.update({"min": low, "max": high})

    def _post_clean(self) -> None:
        # Model validation happens in the service, once, for every door.
        pass

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in VALUE_FIELDS}
        values["housing_cost_rub"] = values["housing_cost_rub"] or Decimal(0)
        return values


def employer_choices(user: User) -> QuerySet[Organisation]:
    """Employers the user may enter vacancies for: their own; any, for programme staff."""
    employers = Organisation.objects.filter(type=OrganisationType.EMPLOYER, is_active=True)
    if user.is_superuser or (
        user.has_any_perm(Permission.VIEW_ALL_VACANCIES)
        and user.has_any_perm(Permission.MANAGE_VACANCIES)
    ):
        return employers
    return employers.filter(pk__in=user.organisation_ids_with(Permission.MANAGE_VACANCIES))


VacancyLanguageFormSet = forms.formset_factory(LanguageForm, extra=3, max_num=3, validate_max=True)


def languages_from(formset: Any) -> list[LanguageRequirement]:
    seen: dict[str, LanguageRequirement] = {}
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("language"):
            seen[data["language"].pk] = LanguageRequirement(data["language"].pk, data["level"])
    return list(seen.values())


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("move to"), choices=())
    reason = forms.CharField(
        label=_("why"),
        max_length=500,
        required=False,
        help_text=_("Required when the application ends (rejected or withdrawn)."),
    )

    def __init__(
        self,
        *args: Any,
        application: Application,
        allowed: set[str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`allowed`: the steps the reader's side may take (pipeline.steps_for)."""
        super().__init__(*args, **kwargs)
        steps = [
            s
            for s in next_steps(application.status)
            if s not in STEPS_WITH_THEIR_OWN_FORM and (allowed is None or s in allowed)
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in ApplicationStatus.choices if value in steps
        ]

    @property
    def has_choices(self) -> bool:
        return bool(cast(forms.ChoiceField, self.fields["status"]).choices)


class OfferForm(forms.Form):
    wage_rub = forms.DecimalField(
        label=_("monthly wage (RUB, gross)"), min_value=1, max_value=10_000_000, decimal_places=0
    )
    hours_per_week = forms.IntegerField(label=_("hours per week"), min_value=1, max_value=84)
    housing = forms.ChoiceField(label=_("housing"), choices=Housing.choices)
    housing_cost_rub = forms.DecimalField(
        label=_("housing cost to the worker (RUB a month)"),
        min_value=0,
        max_value=1_000_000,
        decimal_places=0,
        required=False,
    )
    start_date = forms.DateField(label=_("start date"), required=False, widget=DateInput())
    contract_months = forms.IntegerField(
        label=_("contract length (months)"), min_value=1, max_value=60, required=False
    )


class ArrivalForm(forms.Form):
    wage_rub = forms.DecimalField(
        label=_("wage actually paid (RUB a month, gross)"),
        min_value=1,
        max_value=10_000_000,
        decimal_places=0,
    )
    hours_per_week = forms.IntegerField(
        label=_("hours actually worked per week"), min_value=1, max_value=84
    )
    housing = forms.ChoiceField(label=_("housing"), choices=Housing.choices)
    housing_cost_rub = forms.DecimalField(
        label=_("housing cost to the worker (RUB a month)"),
        min_value=0,
        max_value=1_000_000,
        decimal_places=0,
        required=False,
    )
    isco = OccupationField(label=_("occupation actually worked (ISCO-08)"))


class JobProfileForm(forms.Form):
    preferred_regions = forms.ModelMultipleChoiceField(
        label=_("preferred regions"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("None chosen: any region."),
    )
    expected_wage_rub = forms.DecimalField(
        label=_("expected monthly wage (RUB)"),
        min_value=0,
        max_value=10_000_000,
        decimal_places=0,
        required=False,
    )
    available_from = forms.DateField(label=_("available from"), required=False, widget=DateInput())
    driving_licences = forms.MultipleChoiceField(
        label=_("driving licence categories"),
        choices=[(c, c) for c in DRIVING_LICENCE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accepts_rotation = forms.BooleanField(label=_("accepts rotation work (vakhta)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["preferred_regions"]
        ).queryset = russian_regions()


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.vacancy.title} ({obj.vacancy.employer.name})"


class PaymentForm(forms.Form):
    payee_type = forms.ChoiceField(label=_("paid to"), choices=PayeeType.choices)
    payee_organisation = forms.ModelChoiceField(
        label=_("organisation paid"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("If it is registered here."),
    )
    payee_name = forms.CharField(label=_("name of who was paid"), max_length=200, required=False)
    purpose = forms.ChoiceField(label=_("what for"), choices=FeePurpose.choices)
    amount = forms.DecimalField(
        label=_("amount"),
        min_value=least(PAYMENT_BOUNDS),
        max_value=most(PAYMENT_BOUNDS),
        max_digits=PAYMENT_DIGITS,
        decimal_places=PAYMENT_PLACES,
    )
    currency = forms.ChoiceField(
        label=_("currency"), choices=[(c, c) for c in CURRENCIES], initial="RUB"
    )
    rate_to_rub = forms.DecimalField(
        label=_("roubles per unit of the currency on the day"),
        min_value=least(RATE_BOUNDS),
        max_value=most(RATE_BOUNDS),
        max_digits=14,
        decimal_places=RATE_PLACES,
        required=False,
        help_text=_("Required unless the amount is in roubles."),
    )
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())
    application = ApplicationChoiceField(
        label=_("for the application"), queryset=Application.objects.none(), required=False
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    receipt = forms.FileField(
        label=_("receipt (PDF, JPEG or PNG)"),
        required=False,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )

    def __init__(
        self, *args: Any, user: User, applications: QuerySet[Application], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate
        cast(
            forms.ModelChoiceField, self.fields["payee_organisation"]
        ).queryset = Organisation.objects.for_user(user).filter(is_active=True)
        cast(forms.ModelChoiceField, self.fields["application"]).queryset = applications


class EmployerStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=EmployerStatus.choices)
    reason = forms.CharField(label=_("why"), max_length=500)
