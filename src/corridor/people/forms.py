"""Forms for the worker pages. They parse and show errors; the services decide."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.accounts.models import Organisation, User
from corridor.occupations.forms import OccupationField
from corridor.people.models import (
    ConsentMethod,
    ConsentPurpose,
    Document,
    FamilyMember,
    GrantPurpose,
    LanguageLevel,
    Worker,
)
from corridor.people.phones import normalise_phone
from corridor.people.services import (
    WORKER_FIELDS,
    ConsentStatement,
    Experience,
    LanguageSkill,
)
from corridor.people.stages import Stage
from corridor.reference.models import Country, Language, Region

CORRIDOR_COUNTRIES = ("UZ", "TJ", "KG", "RU", "KZ", "TM")


class DateInput(forms.DateInput):
    input_type = "date"


class WorkerForm(forms.ModelForm):
    citizenship = forms.ModelChoiceField(
        label=_("citizenship"), queryset=Country.objects.filter(code__in=CORRIDOR_COUNTRIES)
    )
    home_region = forms.ModelChoiceField(
        label=_("home region"),
        queryset=Region.objects.exclude(country_id="RU").select_related("country"),
        required=False,
    )
    # Typed as people write it ("+998 90 123-45-67"); the service stores it as E.164.
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    # The version the edit started from (see services.update_worker): a stale one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Worker
        fields = list(WORKER_FIELDS)
        widgets = {"birth_date": DateInput(), "skills": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # Model validation and the rules (a region of the worker's country, a date of birth
        # in the past) happen in the service, once, for every door.
        pass


class LanguageForm(forms.Form):
    language = forms.ModelChoiceField(
        label=_("language"),
        queryset=Language.objects.filter(code__in=["ru", "uz", "tg", "ky", "kk", "en", "tr", "de"]),
        required=False,
    )
    level = forms.ChoiceField(
        label=_("level"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("language")) != bool(cleaned.get("level")):
            raise ValidationError(_("Choose both a language and a level."))
        return cleaned


class OccupationForm(forms.Form):
    # A suggestion chosen ("7212 Welders…"), or words the coder is confident about.
    isco = OccupationField(
        required=False,
        help_text=_("Type a code or words of the title and choose a suggestion."),
    )
    years_experience = forms.IntegerField(
        label=_("years"), min_value=0, max_value=70, required=False
    )


def _as_stored_phone(value: str, country: Any) -> str:
    try:
        return normalise_phone(value, getattr(country, "pk", country))
    except ValidationError:
        return value


def _shown(field: Any, value: Any) -> str:
    """A value as the edit page shows it: a choice's label, a related row's name."""
    if value in (None, ""):
        return ""
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(value, models.Model):
        return str(value)
    if field.is_relation:
        return str(field.related_model._default_manager.filter(pk=value).first() or value)
    return str(value)


def edit_conflict_rows(
    stored: Worker, typed: dict[str, Any], typed_lists: dict[str, list[str]]
) -> list[dict[str, str]]:
    """Where what the user typed differs from what is stored now: field, label, both values.

    `typed_lists` holds the languages and occupations as "code:level" strings."""
    rows = []
    for name in WORKER_FIELDS:
        field = cast(models.Field, Worker._meta.get_field(name))
        now = getattr(stored, field.attname)
        value = typed.get(name)
        if name == "phone" and value:
            value = _as_stored_phone(value, typed.get("citizenship"))
        comparable = value.pk if isinstance(value, models.Model) else value
        if (comparable or "") != (now or ""):
            rows.append(
                {
                    "field": name,
                    "label": str(getattr(field, "verbose_name", name)),
                    "stored": _shown(field, now),
                    "typed": _shown(field, value),
                }
            )
    stored_lists = {
        "languages": sorted(f"{x.language_id}:{x.level}" for x in stored.languages.all()),
        "occupations": sorted(
            f"{x.isco_id}:{x.years_experience}" for x in stored.occupations.all()
        ),
    }
    for name, label in (("languages", _("languages")), ("occupations", _("occupations"))):
        if sorted(typed_lists[name]) != stored_lists[name]:
            rows.append(
                {
                    "field": name,
                    "label": str(label),
                    "stored": ", ".join(stored_lists[name]),
                    "typed": ", ".join(sorted(typed_lists[name])),
                }
            )
    return rows


LanguageFormSet = forms.formset_factory(LanguageForm, extra=3, max_num=10)
OccupationFormSet = forms.formset_factory(OccupationForm, extra=2, max_num=10)


def languages_from(formset: Any) -> list[LanguageSkill]:
    seen: dict[str, LanguageSkill] = {}
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("language"):
            seen[data["language"].pk] = LanguageSkill(
                language=data["language"].pk, level=data["level"]
            )
    return list(seen.values())


def occupations_from(formset: Any) -> list[Experience]:
    seen: dict[str, Experience] = {}
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("isco"):
            seen[data["isco"]] = Experience(
                isco=data["isco"], years_experience=data.get("years_experience") or 0
            )
    return list(seen.values())


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("new stage"), choices=Stage.choices)
    # Required by the service, which says so on this field.
    reason = forms.CharField(label=_("why"), max_length=500, required=False)


class StageCorrectionForm(forms.Form):
    """Back to an earlier stage entered in error; the page narrows the choices."""

    stage = forms.ChoiceField(label=_("correct to"), choices=Stage.choices)
    # Required by the service (correct_stage), which says so on this field.
    reason = forms.CharField(label=_("what was wrong"), max_length=480, required=False)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    is_given = forms.TypedChoiceField(
        label=_("consent"),
        choices=[
            ("1", pgettext_lazy("consent", "given")),
            ("0", pgettext_lazy("consent", "withdrawn")),
        ],
        coerce=lambda value: value == "1",
    )
    method = forms.ChoiceField(label=_("how"), choices=ConsentMethod.choices)
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    valid_until = forms.DateField(
        label=_("valid until (if given for a time)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RegistrationConsentForm(forms.Form):
    """The consents the worker gives when registering, one box per purpose, and how."""

    method = forms.ChoiceField(
        label=_("how the worker consented"),
        choices=ConsentMethod.choices,
        initial=ConsentMethod.SIGNED_FORM,
        required=False,
    )
    note = forms.CharField(
        label=_("note (e.g. the witness, the form's number)"), max_length=500, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for purpose, label in ConsentPurpose.choices:
            self.fields[f"consent_{purpose}"] = forms.BooleanField(label=label, required=False)

    def clean_method(self) -> str:
        return self.cleaned_data["method"] or ConsentMethod.SIGNED_FORM

    def statements(self) -> list[ConsentStatement]:
        """Every purpose, given or not: a box left empty is a recorded "no"."""
        return [
            ConsentStatement(purpose=purpose, is_given=self.cleaned_data[f"consent_{purpose}"])
            for purpose in ConsentPurpose.values
        ]


class DocumentForm(forms.ModelForm):
    file = forms.FileField(label=_("file (PDF, JPEG or PNG)"), required=False)

    class Meta:
        model = Document
        fields = ["type", "number", "issuing_country", "issue_date", "expiry_date", "mrz"]
        widgets = {
            "issue_date": DateInput(),
            "expiry_date": DateInput(),
            "mrz": forms.Textarea(attrs={"rows": 2, "class": "mono", "spellcheck": "false"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["issuing_country"]
        ).queryset = Country.objects.filter(code__in=CORRIDOR_COUNTRIES)

    def _post_clean(self) -> None:
        pass


class FamilyForm(forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["relation", "full_name", "birth_date", "is_dependant"]
        widgets = {"birth_date": DateInput()}

    def _post_clean(self) -> None:
        pass


class GrantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("share with"), queryset=Organisation.objects.none()
    )
    # Referral grants come with a referral (support), never by hand.
    purpose = forms.ChoiceField(
        label=_("purpose"),
        choices=[(v, label) for v, label in GrantPurpose.choices if v != GrantPurpose.REFERRAL],
    )
    # Required by the service, which says so on this field.
    reason = forms.CharField(label=_("why"), max_length=500, required=False)

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.active().exclude(pk=worker.organisation_id)


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    stage = forms.ChoiceField(
        label=_("stage"), choices=[("", _("all stages")), *Stage.choices], required=False
    )
    citizenship = forms.ChoiceField(label=_("citizenship"), required=False)
    region = forms.ModelChoiceField(
        label=_("region"),
        queryset=Region.objects.exclude(country_id="RU"),
        required=False,
        to_field_name="code",
        empty_label=_("all"),
    )
    occupation = forms.CharField(label=_("ISCO-08 code"), required=False, max_length=4)
    organisation = forms.ModelChoiceField(
        label=_("organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("all"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["citizenship"]).choices = [
            ("", _("all")),
            *((c, c) for c in CORRIDOR_COUNTRIES),
        ]
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.for_user(user)

    def clean_occupation(self) -> str:
        value = self.cleaned_data["occupation"].strip()
        if value and not value.isdigit():
            raise ValidationError(_("Enter an ISCO-08 code: 1 to 4 digits."))
        return value


class SignInCodeForm(forms.Form):
    """Issue a sign-in code: the worker's agreement to an account comes first."""

    agreed = forms.BooleanField(
        label=_("The worker agrees to have their own account in Corridor"), required=True
    )
    consent_method = forms.ChoiceField(label=_("agreed how"), choices=ConsentMethod.choices)


class WorkerSignInForm(forms.Form):
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("The code from your centre"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
