"""Reads for the occupation pages and API: the review list of titles the coder was unsure of,
with its suggestions for each, and ISCO-08 groups by code."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.occupations import services
from corridor.occupations.models import CodedTitle, CodedTitleQuerySet
from corridor.reference.models import IscoGroup


def titles_to_review(user: User) -> CodedTitleQuerySet:
    """Titles the coder was unsure of, most often seen first, with the code they have for now;
    empty for a user who may not review occupation codes."""
    if not user.has_any_perm(Permission.REVIEW_OCCUPATION_CODES):
        return CodedTitle.objects.none()
    return CodedTitle.objects.needing_review().select_related("isco")


def groups_by_code(codes: Iterable[str]) -> dict[str, IscoGroup]:
    """The ISCO-08 groups of `codes` that exist, by code, in one query."""
    return IscoGroup.objects.in_bulk(set(codes))


@dataclass(frozen=True)
class Suggestion:
    group: IscoGroup
    percent: int
    explanation: str


@dataclass(frozen=True)
class ReviewRow:
    coded: CodedTitle
    suggestions: list[Suggestion]


def review_rows(titles: Sequence[CodedTitle], top: int = 5) -> list[ReviewRow]:
    """Each title with the coder's `top` suggestions, best first (a page of the review list)."""
    codings = services.suggest_many([coded.title for coded in titles], top=top)
    groups = groups_by_code(c.isco_code for coding in codings for c in coding.candidates)
    return [
        ReviewRow(
            coded=coded,
            suggestions=[
                Suggestion(groups[c.isco_code], round(c.score * 100), services.explanation(c))
                for c in coding.candidates
                if c.isco_code in groups
            ],
        )
        for coded, coding in zip(titles, codings, strict=True)
    ]
