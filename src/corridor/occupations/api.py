"""Occupation coding over REST: code a title, and the review list of uncertain codes."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.pagination import BoundedLimitOffset
from corridor.occupations import queries, services
from corridor.occupations.models import CodedTitle

router = Router(tags=["occupations"])


class CodeQuery(Schema):
    q: str = Field(..., max_length=2000, description="A job title or skill description.")
    top: int = Field(5, ge=1, le=20)


class SuggestionOut(Schema):
    rank: int
    isco_code: str
    title: str
    score: float
    explanation: str
    matched_words: list[str]
    matched_term: str
    source: str


class CodingOut(Schema):
    query: str
    confident: bool
    results: list[SuggestionOut]


@router.get("/code", response=CodingOut)
def code(request: HttpRequest, query: Query[CodeQuery]) -> dict[str, Any]:
    """Ranked ISCO-08 unit groups for a title in Russian, Uzbek, Tajik, Kyrgyz or English."""
    coding = services.suggest(query.q, query.top)
    groups = queries.groups_by_code(c.isco_code for c in coding.candidates)
    return {
        "query": query.q,
        "confident": coding.confident,
        "results": [
            {
                "rank": rank,
                "isco_code": c.isco_code,
                "title": groups[c.isco_code].title if c.isco_code in groups else "",
                "score": round(min(c.score, 1.0), 4),
                "explanation": services.explanation(c),
                "matched_words": list(c.matched_words),
                "matched_term": c.term.text,
                "source": c.source.key,
            }
            for rank, c in enumerate(coding.candidates, start=1)
        ],
    }


class CodedTitleOut(Schema):
    id: uuid.UUID
    title: str
    isco_code: str | None = Field(None, alias="isco_id")
    suggested_code: str | None = Field(None, alias="suggested_id")
    score: float
    status: str
    times_seen: int


class ConfirmIn(Schema):
    isco_code: str = Field(..., pattern=r"^\d{4}$")


def _reviewer(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_any_perm(Permission.REVIEW_OCCUPATION_CODES):
        raise PermissionDenied
    return user


@router.get("/review", response=list[CodedTitleOut])
@paginate(BoundedLimitOffset)
def review_list(request: HttpRequest) -> Any:
    """Titles the coder was unsure of, most often seen first."""
    return queries.titles_to_review(_reviewer(request))


@router.post("/review/{coded_id}/confirm", response=CodedTitleOut)
def confirm(request: HttpRequest, coded_id: uuid.UUID, payload: ConfirmIn) -> CodedTitle:
    _reviewer(request)
    coded = get_object_or_404(CodedTitle, pk=coded_id)
    return services.confirm(coded, payload.isco_code, Actor.from_request(request, channel="api"))
