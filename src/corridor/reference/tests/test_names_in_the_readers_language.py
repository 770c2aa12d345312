"""Places, countries and occupations come out in the reader's language and script; where the
reference data has no name in it, the Russian name (not the ISO transliteration)."""

import pytest
from django.utils import translation

from corridor.reference.models import Country, IscoGroup, Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "город Москва"),
        ("en", "Moskva"),
        ("tg", "город Москва"),
        ("ky", "город Москва"),
        ("uz", "город Москва"),
    ],
)
def test_a_russian_region_in_each_language(language, expected):
    region = Region.objects.get(code="RU-MOW")
    with translation.override(language):
        assert region.name == expected


def test_uzbek_cyrillic_is_written_from_the_uzbek_name():
    country = Country.objects.get(code="UZ")
    with translation.override("uz"):
        latin = country.name
    with translation.override("uz-cyrl"):
        cyrillic = country.name
    assert (latin, cyrillic) == ("Oʻzbekiston", "Ўзбекистон")


def test_an_occupation_without_a_tajik_title_is_named_in_russian():
    group = IscoGroup.objects.get(code="7212")
    with translation.override("tg"):
        assert group.title == group.title_ru
    with translation.override("en"):
        assert group.title == group.title_en
