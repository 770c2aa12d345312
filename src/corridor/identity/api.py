"""Duplicates over REST: the registration check, the review queue, merge and undo."""

import uuid
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from corridor.accounts.requests import signed_in_user
from corridor.core.audit import Actor
from corridor.core.pagination import BoundedLimitOffset
from corridor.identity import queries, services
from corridor.identity.models import DuplicatePair, Merge
from corridor.identity.throttle import LIMITED_MESSAGE, duplicate_check_limited

router = Router(tags=["identity"])


class DuplicateQuery(Schema):
    family_name: str = Field("", max_length=100)
    given_name: str = Field("", max_length=100)
    patronymic: str = Field("", max_length=100)
    birth_date: date | None = None
    sex: str = Field("", pattern=r"^[MF]?$")
    citizenship: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    home_region: str = Field("", max_length=6)
    phone: str = Field("", max_length=30)


class FieldOut(Schema):
    field: str
    level: str
    weight: float


class DuplicateOut(Schema):
    worker_id: uuid.UUID
    reference: str
    full_name: str
    match_probability: float
    fields: list[FieldOut]


class DuplicateReportOut(Schema):
    items: list[DuplicateOut]
    elsewhere: int


@router.get("/duplicates", response=DuplicateReportOut)
def duplicates(request: HttpRequest, query: Query[DuplicateQuery]) -> dict[str, Any]:
    """Likely duplicates of a person about to be registered; only for those who register
    people (others get 404), rate-limited per user, each check audited."""
    if not services.may_check_for_duplicates(signed_in_user(request)):
        raise Http404
    if duplicate_check_limited(request):
        raise HttpError(429, str(LIMITED_MESSAGE))
    report = services.check_for_duplicates(
        actor=Actor.from_request(request, channel="api"), details=query.dict()
    )
    return {
        "items": [
            {
                "worker_id": d.worker.pk,
                "reference": d.worker.reference,
                "full_name": d.worker.full_name,
                "match_probability": round(d.score.match_probability, 4),
                "fields": [
                    {"field": f.field, "level": f.label, "weight": round(f.weight, 2)}
                    for f in d.score.fields
                ],
            }
            for d in report.visible
        ],
        "elsewhere": report.elsewhere,
    }


class WorkerRef(Schema):
    id: uuid.UUID
    reference: str
    full_name: str


class PairOut(Schema):
    id: uuid.UUID
    worker_a: WorkerRef
    worker_b: WorkerRef
    match_probability: float
    is_conflicting: bool
    status: str
    explanation: list[dict[str, Any]]


class MergeIn(Schema):
    keep: uuid.UUID


class MergeOut(Schema):
    id: uuid.UUID
    kept: WorkerRef
    merged: WorkerRef
    moved: dict[str, list[str]]
    undone_at: str | None = None

    @staticmethod
    def resolve_undone_at(obj: Merge) -> str | None:
        return obj.undone_at.isoformat() if obj.undone_at else None


@router.get("/pairs", response=list[PairOut])
@paginate(BoundedLimitOffset)
def list_pairs(request: HttpRequest) -> Any:
    return queries.review_queue(signed_in_user(request))


@router.post("/pairs/{pair_id}/merge", response=MergeOut)
def merge_pair(request: HttpRequest, pair_id: uuid.UUID, payload: MergeIn) -> Merge:
    pair = queries.pair_or_404(signed_in_user(request), pair_id)
    return services.merge_from_pair(
        actor=Actor.from_request(request, pair.organisation_id, channel="api"),
        pair=pair,
        keep=payload.keep,
    )


@router.post("/pairs/{pair_id}/not-same", response=PairOut)
def not_same(request: HttpRequest, pair_id: uuid.UUID) -> DuplicatePair:
    pair = queries.pair_or_404(signed_in_user(request), pair_id)
    return services.mark_not_same(
        actor=Actor.from_request(request, pair.organisation_id, channel="api"), pair=pair
    )


@router.post("/merges/{merge_id}/undo", response=MergeOut)
def undo(request: HttpRequest, merge_id: uuid.UUID) -> Merge:
    merge = queries.merge_or_404(signed_in_user(request), merge_id)
    return services.undo_merge(
        actor=Actor.from_request(request, merge.organisation_id, channel="api"), merge=merge
    )
