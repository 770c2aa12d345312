"""Duplicate check over REST: the same answer the registration page shows."""

import uuid
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from corridor.identity.duplicates import likely_duplicates

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
    report = likely_duplicates(request.user, query.dict())
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
