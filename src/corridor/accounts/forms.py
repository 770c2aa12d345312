from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "country",
            "licence_number",
            "licence_valid_from",
            "licence_valid_until",
            "is_active",
        ]
        widgets = {
            "licence_valid_from": forms.DateInput(attrs={"type": "date"}),
            "licence_valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, editable: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fields the user may not change are not offered (the service refuses them too).
        if editable is not None:
            for name in list(self.fields):
                if name not in editable:
                    del self.fields[name]

    def clean_country(self) -> str:
        from corridor.reference.models import Country

        code = self.cleaned_data["country"].strip().upper()
        if not Country.objects.filter(code=code).exists():
            raise ValidationError(_("Enter a two-letter ISO country code, e.g. UZ."))
        return code


class NewUserForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    full_name = forms.CharField(label=_("full name"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    password = forms.CharField(
        label=_("initial password"), widget=forms.PasswordInput, min_length=10
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email=email).exists():
            raise ValidationError(_("A user with this e-mail already exists."))
        return email


class NewTokenForm(forms.Form):
    name = forms.CharField(label=_("what the token is for"), max_length=100, required=False)
    lifetime_days = forms.IntegerField(
        label=_("valid for (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_LIFETIME_DAYS,
        initial=settings.API_TOKEN_LIFETIME_DAYS,
    )


class CodeForm(forms.Form):
    """A code of the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )
