"""Words for what the model compares, in the user's language."""

from django.utils.translation import gettext_lazy as _

from corridor.identity.model import HALF_SWAP_COUNTED_ONCE, SWAP_COUNTED_ONCE

FIELD_LABELS = {
    "family_key": _("family name"),
    "given_key": _("given name"),
    "patronymic_stem": _("patronymic"),
    "birth_date": _("date of birth"),
    "sex": _("sex"),
    "citizenship": _("citizenship"),
    "birth_region": _("region"),
    "phone": _("phone"),
    "passport": _("passport"),
}

# Keyed by how the model file names each level (Splink's labels and ours).
LEVEL_LABELS = {
    "Exact match on family_key": _("the same"),
    "Exact match on given_key": _("the same"),
    "Exact match on patronymic_stem": _("the same"),
    "Exact match on birth_date": _("the same"),
    "Exact match on sex": _("the same"),
    "Exact match on citizenship": _("the same"),
    "Exact match on birth_region": _("the same"),
    "Exact match on phone": _("the same"),
    "Exact match on passport": _("the same"),
    "same stem": _("the same stem (e.g. -ov and -zoda)"),
    "swapped with the given name": _("written as the given name"),
    # A swap with one of the two names misspelt reads the same to a reviewer.
    "swapped with the given name, one misspelled": _("written as the given name"),
    SWAP_COUNTED_ONCE: _("written as the family name"),
    HALF_SWAP_COUNTED_ONCE: _("written as the family name"),
    "day and month swapped": _("day and month swapped"),
    "year off by one": _("year differs by one"),
    "within a year": _("within a year"),
    "initial of the same name": _("an initial of the same name"),
    "All other comparisons": _("different"),
}


def describe(field: str, level: str) -> tuple[str, str]:
    """(field, level) in words; similar spellings get one phrase whatever the threshold."""
    if level.startswith(("Jaro-Winkler", "Levenshtein")):
        level_text = str(_("a similar spelling"))
    else:
        level_text = str(LEVEL_LABELS.get(level, level))
    return str(FIELD_LABELS.get(field, field)), level_text
