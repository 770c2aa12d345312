"""The occupation picker every form uses to choose an ISCO-08 unit group, and the review
list's form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from corridor.occupations.knowledge import unit_group_codes
from corridor.occupations.models import CodingStatus
from corridor.occupations.services import code_title

# The page's one list of suggestions: `{% include "occupations/picker_options.html" %}`.
OPTIONS_ID = "isco-options"
CHOOSE_A_SUGGESTION = _("Choose an ISCO-08 unit group from the suggestions.")


class OccupationPicker(forms.TextInput):
    """A text input whose suggestions, for what is typed in any language, fill the page's
    list of options (htmx asks `people:isco_options` as the user types)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "list": OPTIONS_ID,
                "autocomplete": "off",
                "hx-get": reverse_lazy("people:isco_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{OPTIONS_ID}",
                "hx-swap": "innerHTML",
                **(attrs or {}),
            }
        )


def code_from_picker(value: str, *, known_only: bool, codes_words: bool) -> str:
    """The four-digit code of a suggestion chosen ("7212 Welders…") or typed; "" for nothing.

    `known_only`: the code must be a unit group of the classification (otherwise the service
    that stores it checks). `codes_words`: words typed without choosing a suggestion go to
    intake coding and are taken when the coder is sure; an unsure code is never taken
    silently (the title joins the review list and the user is asked to choose)."""
    value = value.strip()
    if not value:
        return ""
    code = value.split()[0]
    if code.isdigit():
        if len(code) == 4 and (not known_only or code in unit_group_codes()):
            return code
        raise ValidationError(CHOOSE_A_SUGGESTION)
    if codes_words:
        coded = code_title(value)
        if coded is not None and coded.isco_id and coded.status != CodingStatus.NEEDS_REVIEW:
            return coded.isco_id
    raise ValidationError(CHOOSE_A_SUGGESTION)


class OccupationField(forms.CharField):
    """An ISCO-08 unit group chosen with the picker; cleans to its four-digit code (see
    `code_from_picker` for `known_only` and `codes_words`)."""

    widget = OccupationPicker

    def __init__(self, *, known_only: bool = True, codes_words: bool = True, **kwargs: Any) -> None:
        self.known_only = known_only
        self.codes_words = codes_words
        kwargs.setdefault("label", _("occupation (ISCO-08)"))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        typed = super().clean(value)
        return code_from_picker(typed, known_only=self.known_only, codes_words=self.codes_words)


class ConfirmCodeForm(forms.Form):
    isco = OccupationField(codes_words=False)
