"""Checking input records and deriving the columns linkage compares."""

import phonenumbers
import pytest

from corridor.identity.records import _phone_digits, check_record, linkage_columns


def _record(**values):
    return {"record_id": "r1", **values}


def test_same_person_in_three_scripts_gets_the_same_name_columns():
    cyrillic = linkage_columns(
        check_record(
            _record(family_name="Абдуллаев", given_name="Шахзод", patronymic="Ўткирович")
        ).values
    )
    latin = linkage_columns(
        check_record(
            _record(family_name="Abdullayev", given_name="Shahzod", patronymic="O‘tkir o‘g‘li")
        ).values
    )
    passport = linkage_columns(
        check_record(_record(family_name="ABDULLAEV", given_name="SHAKHZOD")).values
    )

    assert cyrillic["family_key"] == latin["family_key"] == passport["family_key"] == "abdulaev"
    assert cyrillic["given_key"] == latin["given_key"] == passport["given_key"] == "shahzod"
    assert cyrillic["patronymic_stem"] == latin["patronymic_stem"] == "otkir"
    assert passport["patronymic_stem"] is None


def test_surname_change_to_zoda_keeps_the_stem():
    before = linkage_columns(check_record(_record(family_name="Рахмонов")).values)
    after = linkage_columns(check_record(_record(family_name="Rahmonzoda")).values)

    assert before["family_key"] != after["family_key"]
    assert before["family_stem"] == after["family_stem"] == "rahmon"


def test_birth_date_columns_include_the_swapped_form():
    columns = linkage_columns(check_record(_record(birth_date="1995-03-14")).values)

    assert columns["birth_year"] == 1995
    assert columns["birth_month_day"] == "03-14"
    assert columns["birth_date_swapped"] == "1995-14-03"


def test_phone_written_locally_or_internationally_compares_equal():
    international = linkage_columns(
        check_record(_record(phone="+998 90 123 45 67", citizenship="UZ")).values
    )
    local = linkage_columns(check_record(_record(phone="90 123-45-67", citizenship="UZ")).values)

    assert international["phone"] == local["phone"] == "901234567"


@pytest.mark.parametrize(
    ("phone", "citizenship"),
    [
        ("+998901234567", "UZ"),
        ("+998 (90) 123-45-67", "TJ"),
        ("+992 93 123 4567", "TJ"),
        ("+996700123456", "KG"),
        ("+7 916 123-45-67", "UZ"),
        ("+99890123456", "UZ"),  # a digit short: left to phonenumbers
        ("+49 30 1234567", "UZ"),
    ],
)
def test_international_numbers_of_the_corridor_skip_parsing_alike(phone, citizenship):
    parsed = phonenumbers.parse(phone, citizenship)
    expected = phonenumbers.national_significant_number(parsed)[-9:]

    assert _phone_digits(phone, citizenship) == expected


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("birth_date", "14.03.1995", "birth_date '14.03.1995' is not a date YYYY-MM-DD"),
        ("birth_date", "1995-02-30", "birth_date '1995-02-30' is not a date YYYY-MM-DD"),
        ("sex", "X", "sex 'X' is not M or F"),
        ("citizenship", "UZB", "citizenship 'UZB' is not an ISO alpha-2 code"),
        ("birth_region", "Tashkent", "birth_region 'TASHKENT' is not an ISO 3166-2 code"),
    ],
)
def test_bad_values_are_reported_and_treated_as_missing(field, value, problem):
    checked = check_record(_record(**{field: value}))

    assert checked.problems == [problem]
    assert checked.values[field] == ""


@pytest.mark.parametrize("name", ["", "🙂🙂", "x" * 5000, "12345", "Абдуллаев Abdullayev", "ʻʻʻ"])
def test_odd_names_give_a_key_or_nothing_never_a_crash(name):
    columns = linkage_columns(check_record(_record(family_name=name, given_name=name)).values)

    assert columns["family_key"] is None or columns["family_key"].isascii()
    assert len(check_record(_record(family_name=name)).values["family_name"]) <= 200
