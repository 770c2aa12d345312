from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.grievances.models import Confidentiality
from corridor.people.forms import CORRIDOR_COUNTRIES
from corridor.people.models import ConsentPurpose, Sex
from corridor.people.phones import normalise_phone
from corridor.people.self_registration import centres_taking_registrations
from corridor.people.services import ConsentStatement
from corridor.reference.models import Country


class ContactForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        help_text=_("With the country code, e.g. +998 90 123 45 67. You sign in with it."),
    )
    messenger_handle = forms.CharField(
        label=_("Telegram or another messenger"), max_length=64, required=False
    )
    language = forms.ChoiceField(label=_("Language and script"), choices=settings.LANGUAGES)


class FeeReportForm(forms.Form):
    description = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who asked for the money, what for, and whether you have a receipt."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may know it is you?"),
        choices=[(c.value, c.label) for c in Confidentiality if c != Confidentiality.ANONYMOUS],
        initial=Confidentiality.CONFIDENTIAL,
    )


class OfferAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("yes", _("I accept")), ("no", _("I decline"))],
        coerce=lambda value: value == "yes",
    )
    reason = forms.CharField(label=_("Why (optional)"), max_length=500, required=False)


class SelfRegistrationForm(forms.Form):
    """The public registration form: who the person is, how to reach them, the centre they
    will visit, and one box per consent (registration is required to keep a record)."""

    family_name = forms.CharField(label=_("Family name"), max_length=100)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    patronymic = forms.CharField(label=_("Father's name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    citizenship = forms.ModelChoiceField(
        label=_("Citizenship"), queryset=Country.objects.filter(code__in=CORRIDOR_COUNTRIES)
    )
    phone = forms.CharField(label=_("Phone"), max_length=32)
    centre = forms.ModelChoiceField(
        label=_("The employment centre I will visit"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["centre"]
        ).queryset = centres_taking_registrations()
        for purpose, label in ConsentPurpose.choices:
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=_("I agree to: %(purpose)s") % {"purpose": label}, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("phone") and data.get("citizenship"):
            try:
                data["phone"] = normalise_phone(data["phone"], data["citizenship"].pk)
            except ValidationError as error:
                self.add_error("phone", error)
        return data

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "family_name",
                "given_name",
                "patronymic",
                "sex",
                "birth_date",
                "citizenship",
                "phone",
            )
        }

    def statements(self) -> list[ConsentStatement]:
        return [
            ConsentStatement(purpose=purpose, is_given=self.cleaned_data[f"consent_{purpose}"])
            for purpose in ConsentPurpose.values
        ]
