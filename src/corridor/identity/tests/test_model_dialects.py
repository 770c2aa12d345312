"""One trained model for every engine: `trained_settings(dialect)` rewrites only its SQL."""

import re

from corridor.identity.model import load_trained_settings, trained_settings


def _parameters(settings):
    return [
        (level.get("m_probability"), level.get("u_probability"), level.get("is_null_level"))
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
    ]


def test_duckdb_gets_the_shipped_model_as_it_is():
    assert trained_settings("duckdb") == load_trained_settings()


def test_spark_gets_the_same_levels_and_parameters_in_spark_sql():
    shipped = load_trained_settings()
    spark = trained_settings("spark")

    assert spark["sql_dialect"] == "spark"
    assert _parameters(spark) == _parameters(shipped)
    assert (
        spark["probability_two_random_records_match"]
        == (shipped["probability_two_random_records_match"])
    )
    conditions = [
        level["sql_condition"]
        for comparison in spark["comparisons"]
        for level in comparison["comparison_levels"]
    ]
    rules = [rule["blocking_rule"] for rule in spark["blocking_rules_to_generate_predictions"]]
    assert len(rules) == len(shipped["blocking_rules_to_generate_predictions"])
    # Spark reads "x" as a string, not a column: every identifier is in backticks.
    assert not any('"' in sql for sql in conditions + rules)
    assert "JARO_WINKLER(`family_key_l`, `family_key_r`) >= 0.93" in conditions
    assert not any(re.search("jaro_winkler_similarity", sql, re.I) for sql in conditions)
    assert "LEVENSHTEIN(`passport_l`, `passport_r`) <= 1" in conditions
    assert "(l.`family_stem` = r.`family_stem`) AND (l.`birth_date` = r.`birth_date`)" in rules


def test_the_shipped_file_is_not_changed_by_a_translation():
    trained_settings("spark")
    assert load_trained_settings()["sql_dialect"] == "duckdb"
