"""The Python scorer agrees with Splink on the same model, and explains itself field by field."""

import pytest

from corridor.identity.linkage import build_frame
from corridor.identity.model import load_trained_settings
from corridor.identity.records import check_record, linkage_columns
from corridor.identity.scoring import jaro_winkler, score_pair


def _columns(**values):
    return linkage_columns(
        check_record({"record_id": values.pop("record_id", "x"), **values}).values
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("martha", "marhta", 0.9611),
        ("dixon", "dicksonx", 0.8133),
        ("abdulaev", "abdulaev", 1.0),
        ("", "x", 0.0),
    ],
)
def test_jaro_winkler_matches_the_textbook_values(a, b, expected):
    assert round(jaro_winkler(a, b), 4) == expected


def test_the_same_person_in_two_scripts_scores_high_and_explains_why():
    cyrillic = _columns(
        family_name="Абдуллаев",
        given_name="Шахзод",
        birth_date="1995-03-14",
        sex="M",
        citizenship="UZ",
        phone="+998901234567",
    )
    latin = _columns(
        family_name="Abdullayev",
        given_name="Shahzod",
        birth_date="1995-03-14",
        sex="M",
        citizenship="UZ",
        phone="+998901234567",
    )

    score = score_pair(cyrillic, latin)

    assert score.match_probability > 0.99
    assert {"family_key", "given_key", "birth_date", "phone"} <= set(score.agreeing)
    assert score.disagreeing == []


def test_a_namesake_born_twenty_years_earlier_scores_low():
    son = _columns(
        family_name="Karimov",
        given_name="Aziz",
        birth_date="1995-03-14",
        sex="M",
        phone="+998901234567",
    )
    father = _columns(
        family_name="Karimov",
        given_name="Aziz",
        birth_date="1971-08-02",
        sex="M",
        phone="+998935550011",
    )

    score = score_pair(son, father)

    assert score.match_probability < 0.5
    assert "birth_date" in score.disagreeing


def test_python_scores_equal_splink_scores_for_the_same_pairs():
    from splink import DuckDBAPI, Linker

    records = [
        {
            "record_id": "a",
            "family_name": "Абдуллаев",
            "given_name": "Шахзод",
            "patronymic": "Ўткирович",
            "birth_date": "1995-03-14",
            "sex": "M",
            "citizenship": "UZ",
            "birth_region": "UZ-TO",
            "phone": "+998901234567",
            "passport_number": "FA1234567",
            "source_org": "",
        },
        {
            "record_id": "b",
            "family_name": "Abdulayev",
            "given_name": "Shaxzod",
            "patronymic": "",
            "birth_date": "1995-14-03",
            "sex": "M",
            "citizenship": "UZ",
            "birth_region": "",
            "phone": "",
            "passport_number": "FA1234568",
            "source_org": "",
        },
        {
            "record_id": "c",
            "family_name": "Shahzod",
            "given_name": "Abdullaev",
            "patronymic": "Otkir",
            "birth_date": "1996-03-14",
            "sex": "M",
            "citizenship": "UZ",
            "birth_region": "UZ-SA",
            "phone": "+998901234567",
            "passport_number": "",
            "source_org": "",
        },
    ]
    checked = [check_record(r).values for r in records]
    frame = build_frame(checked)
    settings = load_trained_settings()
    settings["blocking_rules_to_generate_predictions"] = ["1=1"]
    # Splink annotates its input as table names only; it takes pandas frames as documented.
    linker = Linker(frame, settings, db_api=DuckDBAPI(), set_up_basic_logging=False)  # type: ignore[arg-type]
    splink_scores = {
        (row["record_id_l"], row["record_id_r"]): row["match_probability"]
        for _, row in linker.inference.predict().as_pandas_dataframe().iterrows()
    }
    columns = {r["record_id"]: linkage_columns(r) for r in checked}

    for (left, right), expected in splink_scores.items():
        assert score_pair(columns[left], columns[right]).match_probability == pytest.approx(
            expected, abs=1e-6
        )
    assert len(splink_scores) == 3
