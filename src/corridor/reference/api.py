from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from corridor.reference.models import IscoGroup, Region

router = Router(tags=["reference"])


class IscoGroupOut(Schema):
    code: str
    level: int
    title: str
    title_en: str
    title_ru: str


class RegionOut(Schema):
    code: str
    country: str = Field(alias="country_id")
    name: str
    name_en: str
    name_ru: str


@router.get("/isco", response=list[IscoGroupOut])
def search_isco(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    level: int | None = None,
    limit: int = Query(20, ge=1, le=100),
) -> list[IscoGroup]:
    groups = IscoGroup.objects.search(q)
    if level is not None:
        groups = groups.filter(level=level)
    return list(groups[:limit])


@router.get("/regions", response=list[RegionOut])
def list_regions(request: HttpRequest, country: str = Query("", max_length=2)) -> list[Region]:
    regions = Region.objects.all()
    if country:
        regions = regions.filter(country_id=country.upper())
    return list(regions)
