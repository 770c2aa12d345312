"""Coding titles for the rest of Corridor: suggestions, intake coding, and staff confirmations.

`suggest` and `suggest_many` answer without writing anything (the picker, the API, the file
command). `code_title` is intake: a vacancy or a worker's own words get a code, and what the
coder is unsure of joins the review list. `confirm` is a member of staff settling a title's code;
from then on that title (after normalisation) is answered with the confirmed code first.
"""

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.occupations.coder import Candidate, Coding, LexicalCoder
from corridor.occupations.knowledge import CONFIRMED, Term, shipped_terms, unit_group_codes
from corridor.occupations.models import TITLE_MAX_LENGTH, CodedTitle, CodingStatus
from corridor.occupations.text import normalised_title, title_tokens
from corridor.reference.models import IscoGroup


@cache
def shipped_coder() -> LexicalCoder:
    """The coder over the shipped knowledge, built once per process."""
    return LexicalCoder(shipped_terms())


def _with_confirmation(coding: Coding, confirmed: CodedTitle | None) -> Coding:
    """Put a staff-confirmed code first: people settled this exact title."""
    if confirmed is None or confirmed.isco_id is None:
        return coding
    words = tuple(word for word, _key in title_tokens(coding.title))
    term = Term(confirmed.isco_id, confirmed.title, "", CONFIRMED, ())
    first = Candidate(confirmed.isco_id, 1.0, term, words)
    rest = [c for c in coding.candidates if c.isco_code != confirmed.isco_id]
    top = max(len(coding.candidates), 1)
    return replace(coding, candidates=(first, *rest)[:top], confident=True)


def suggest_many(titles: Sequence[str], top: int = 5) -> list[Coding]:
    """Ranked codes for each title, staff confirmations first. Writes nothing."""
    codings = shipped_coder().code_many(titles, top)
    keys = {normalised_title(title) for title in titles} - {""}
    confirmed: dict[str, CodedTitle] = {}
    key_list = sorted(keys)
    for start in range(0, len(key_list), 500):
        chunk = key_list[start : start + 500]
        for coded in CodedTitle.objects.confirmed().filter(normalised__in=chunk):
            confirmed[coded.normalised] = coded
    return [
        _with_confirmation(coding, confirmed.get(normalised_title(coding.title)))
        for coding in codings
    ]


def suggest(title: str, top: int = 5) -> Coding:
    return suggest_many([title], top)[0]


# The lowest score a provisional guess may have (`code_title(guess=True)`): below it the title
# shares only a fragment of a word with any term, and a guess would say nothing.
GUESS_FLOOR = 0.1


@transaction.atomic
def code_title(title: str, *, guess: bool = False) -> CodedTitle | None:
    """Code a title met on intake and remember it; None when the title names nothing.

    A confirmed title keeps its code. Otherwise the coder's best guess is kept, and the title
    waits for review unless the coder was confident. With `guess` (an import that must keep its
    record), a title no code reaches the usual floor for still gets the best weaker guess,
    always for review; staff then settle it on the review list.
    """
    title = " ".join(title.split())[:TITLE_MAX_LENGTH]
    key = normalised_title(title)
    if not key:
        return None
    coded = CodedTitle.objects.select_for_update().filter(normalised=key).first()
    if coded is not None:
        CodedTitle.objects.filter(pk=coded.pk).update(
            times_seen=F("times_seen") + 1, last_seen_at=timezone.now()
        )
        coded.refresh_from_db()
        if coded.is_confirmed:
            return coded
    coding = shipped_coder().code(title)
    if coding.best is None and guess:
        coding = shipped_coder().code(title, floor=GUESS_FLOOR)
    best = coding.best
    status = CodingStatus.AUTOMATIC if coding.confident else CodingStatus.NEEDS_REVIEW
    values = {
        "isco_id": best.isco_code if best else None,
        "suggested_id": best.isco_code if best else None,
        "score": round(min(best.score, 1.0), 4) if best else 0.0,
        "status": status,
    }
    if coded is None:
        return CodedTitle.objects.create(normalised=key, title=title, **values)
    for name, value in values.items():
        setattr(coded, name, value)
    coded.save(update_fields=[*values.keys(), "updated_at"])
    return coded


def seen_again(coded: CodedTitle, times: int) -> None:
    """Count `times` more sightings of a title coded once for many records (an import)."""
    if times > 0:
        CodedTitle.objects.filter(pk=coded.pk).update(
            times_seen=F("times_seen") + times, last_seen_at=timezone.now()
        )


@transaction.atomic
def confirm(coded: CodedTitle, isco_code: str, actor: Actor) -> CodedTitle:
    """A member of staff settles the code of a title; audited, used from the next call on."""
    if isco_code not in unit_group_codes():
        raise ValidationError(
            {"isco": _("%(code)s is not an ISCO-08 unit group.") % {"code": isco_code}}
        )
    coded = CodedTitle.objects.select_for_update().get(pk=coded.pk)
    before = {"isco": coded.isco_id, "status": coded.status}
    coded.isco_id = isco_code
    coded.status = CodingStatus.CONFIRMED
    coded.confirmed_by = actor.user
    coded.confirmed_at = timezone.now()
    coded.save(update_fields=["isco", "status", "confirmed_by", "confirmed_at", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=coded,
        changes=audit.diff(before, {"isco": coded.isco_id, "status": coded.status}),
    )
    return coded


SOURCE_LABELS = {
    "dictionary": gettext_lazy("Corridor's occupation dictionary"),
    "confirmed": gettext_lazy("confirmed by staff"),
    "okz": gettext_lazy("Russian OKZ title"),
    "isco": gettext_lazy("ISCO-08 title"),
    "isco-alternative": gettext_lazy("ISCO-08 alternative title"),
    "esco": gettext_lazy("ESCO occupation"),
    "esco-alternative": gettext_lazy("ESCO alternative label"),
}


def explanation(candidate: Candidate) -> str:
    """Why a code was suggested, in the user's language: the words that matched, and where."""
    source = str(SOURCE_LABELS[candidate.source.key])
    if candidate.source is CONFIRMED:
        return _("This title was confirmed by staff (%(term)s).") % {"term": candidate.term.text}
    return _("%(words)s matched “%(term)s” (%(source)s)") % {
        "words": ", ".join(candidate.matched_words),
        "term": candidate.term.text,
        "source": source,
    }


def picker_suggestions(typed: str, limit: int = 10) -> list[tuple[IscoGroup, str]]:
    """Unit groups for the occupation picker, with why each is offered.

    Digits are a code being typed; words go to the coder, and when it knows none of them the
    classification titles are searched for the text as typed.
    """
    typed = typed.strip()[:200]
    if len(typed) < 2:
        return []
    if typed.isdigit():
        return [(group, "") for group in IscoGroup.objects.search(typed).unit_groups()[:limit]]
    coding = suggest(typed, limit)
    groups = IscoGroup.objects.in_bulk([c.isco_code for c in coding.candidates])
    found = [
        (groups[c.isco_code], explanation(c)) for c in coding.candidates if c.isco_code in groups
    ]
    if not found:
        found = [(group, "") for group in IscoGroup.objects.search(typed).unit_groups()[:limit]]
    return found
