"""Forms for the programme pages. They parse and show errors; the models and services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, OrganisationType
from corridor.programmes.codelists import code_name
from corridor.programmes.models import (
    ActivityArea,
    Disaggregation,
    Funding,
    Indicator,
    Programme,
)
from corridor.reference.models import Country, IscoGroup, IscoLevel

CORRIDOR_COUNTRIES = ("UZ", "TJ", "KG", "RU", "KZ")


class DateInput(forms.DateInput):
    input_type = "date"


class DacSectorsField(forms.CharField):
    """DAC 5-digit codes typed as a list ("15190, 16020"); the service checks each against the
    codelist."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes = [code for code in text.replace(";", ",").replace(" ", ",").split(",") if code]
        return list(dict.fromkeys(codes))


class ProgrammeForm(forms.ModelForm):
    activity_areas = forms.MultipleChoiceField(
        label=_("Activity areas"),
        choices=ActivityArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dac_sectors = DacSectorsField(
        label=_("DAC sectors"),
        required=False,
        help_text=_("5-digit DAC codes separated by commas, e.g. 15190, 16020."),
    )
    recipient_countries = forms.ModelMultipleChoiceField(
        label=_("Recipient countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_sectors = forms.ModelMultipleChoiceField(
        label=_("Target sectors (ISCO-08)"),
        queryset=IscoGroup.objects.filter(level__lte=IscoLevel.SUB_MAJOR).order_by("code"),
        required=False,
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "title",
            "goal",
            "description",
            "period_start",
            "period_end",
            "status",
            "reporting_organisation",
            "iati_organisation_identifier",
            "recipient_countries",
            "implementing_partners",
            "activity_areas",
            "target_sectors",
            "dac_sectors",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_countries"].queryset = Country.objects.filter(  # type: ignore[attr-defined]
            code__in=CORRIDOR_COUNTRIES
        ) | Country.objects.filter(code__in=self._chosen_countries())
        self.fields["reporting_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            type=OrganisationType.PROGRAMME_OFFICE
        )
        if not self.instance._state.adding:
            self.fields["code"].disabled = True

    def _chosen_countries(self) -> list[str]:
        return (
            [c.code for c in self.instance.recipient_countries.all()]
            if not self.instance._state.adding
            else []
        )

    def dac_sector_names(self) -> list[str]:
        return [f"{code} {code_name('Sector', code)}" for code in self.instance.dac_sectors or []]

    def _post_clean(self) -> None:
        # Model validation happens in the service, once, for every door.
        pass


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "amount", "currency", "period_start", "period_end"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organisation.objects.filter(is_active=True)  # type: ignore[attr-defined]

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").upper()

    def _post_clean(self) -> None:
        # Model validation happens in the service, once, for every door.
        pass


class IndicatorForm(forms.ModelForm):
    disaggregation = forms.MultipleChoiceField(
        label=_("Disaggregated by"),
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "measure",
            "is_ascending",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "disaggregation",
            "metric",
        ]

    def _post_clean(self) -> None:
        # Model validation happens in the service, once, for every door.
        pass


class ManualResultForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the figure comes from: a report, a survey, a partner's records."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = programme.indicators.all()  # type: ignore[attr-defined]
