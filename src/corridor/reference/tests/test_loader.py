import pytest

from corridor.reference.loader import load_reference_data
from corridor.reference.models import Country, IscoGroup, Language, Region

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "countries": Country.objects.count(),
        "languages": Language.objects.count(),
        "regions": Region.objects.count(),
        "isco08": IscoGroup.objects.count(),
    }


def test_isco08_has_all_619_groups_of_which_436_unit_groups():
    assert IscoGroup.objects.count() == 619
    assert IscoGroup.objects.unit_groups().count() == 436
    assert [IscoGroup.objects.filter(level=level).count() for level in (1, 2, 3)] == [10, 43, 130]


def test_isco08_unit_group_has_parent_chain_and_russian_okz_title():
    group = IscoGroup.objects.get(code="7212")

    assert group.level == 4
    assert group.title_en == "Welders and flamecutters"
    assert group.title_ru != ""
    assert group.is_title_ru_verified
    assert group.parent is not None
    assert group.parent.parent is not None
    assert [group.parent_id, group.parent.parent_id, group.parent.parent.parent_id] == [
        "721",
        "72",
        "7",
    ]


def test_isco08_major_group_russian_titles_are_flagged_unverified():
    assert not IscoGroup.objects.filter(level=1, is_title_ru_verified=True).exists()


def test_loading_twice_changes_nothing():
    before = _counts()
    welders = IscoGroup.objects.values().get(code="7212")

    counts = load_reference_data()

    assert _counts() == before
    assert counts == before
    assert IscoGroup.objects.values().get(code="7212") == welders


def test_russia_has_83_regions_all_with_russian_names():
    regions = Region.objects.filter(country_id="RU")

    assert regions.count() == 83
    assert not regions.filter(name_ru="").exists()
    assert not regions.filter(is_name_ru_verified=False).exists()
    assert Region.objects.get(code="RU-MOW").name_ru == "город Москва"


def test_uzbek_regions_have_russian_and_uzbek_names():
    tashkent_region = Region.objects.get(code="UZ-TO")

    assert tashkent_region.country_id == "UZ"
    assert tashkent_region.name_ru == "Ташкентская область"
    assert tashkent_region.name_uz != ""
    assert tashkent_region.is_name_ru_verified


def test_tajik_and_kyrgyz_russian_region_names_are_flagged_unverified():
    for country in ("TJ", "KG"):
        regions = Region.objects.filter(country_id=country)
        assert regions.exists(), country
        assert not regions.exclude(name_ru="").filter(is_name_ru_verified=True).exists(), country


def test_countries_and_languages_come_from_pycountry_with_russian_names():
    assert Country.objects.get(code="UZ").alpha_3 == "UZB"
    assert Country.objects.get(code="RU").name_ru == "Российская Федерация"
    assert Language.objects.get(code="uz").name_uz == "Oʻzbek tili"
    assert Language.objects.get(code="ru").name_en == "Russian"


def test_isco_search_folds_case_in_any_script():
    codes = list(IscoGroup.objects.search("СВАРЩ").values_list("code", flat=True))

    assert "7212" in codes
    assert list(IscoGroup.objects.search("7212").values_list("code", flat=True)) == ["7212"]
    assert IscoGroup.objects.search("  ").count() == 0
