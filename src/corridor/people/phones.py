"""Phone numbers, validated and stored in E.164."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_phone(raw: str, country_hint: str | None = None) -> str:
    """Return `raw` as E.164, or raise ValidationError with a translated message.

    Without a leading + the number is read as a number of `country_hint` (the worker's
    citizenship), which is how caseworkers type local numbers.
    """
    raw = raw.strip()
    if not raw:
        return ""
    try:
        parsed = phonenumbers.parse(raw, (country_hint or "").upper() or None)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Enter a phone number with its country code, e.g. +998 90 123 45 67."),
            code="invalid_phone",
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("This is not a valid phone number for its country."), code="invalid_phone"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_candidates(text: str) -> list[str]:
    """E.164 forms a search query could mean: as typed, or local to a corridor country."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 7:
        return []
    candidates = []
    hints = [None] if text.strip().startswith("+") else ["UZ", "TJ", "KG", "RU", None]
    for hint in hints:
        try:
            parsed = phonenumbers.parse(text if hint else "+" + digits, hint)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(parsed):
            candidates.append(
                phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            )
    return list(dict.fromkeys(candidates))
