from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from corridor.occupations.knowledge import unit_group_codes


class ConfirmCodeForm(forms.Form):
    isco = forms.CharField(
        label=_("occupation (ISCO-08)"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "list": "isco-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("people:isco_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#isco-options",
                "hx-swap": "innerHTML",
            }
        ),
    )

    def clean_isco(self) -> str:
        code = (self.cleaned_data["isco"].split() or [""])[0]
        if code not in unit_group_codes():
            raise ValidationError(_("Choose an ISCO-08 unit group from the suggestions."))
        return code
