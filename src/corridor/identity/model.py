"""The linkage model: how two person records compare, and the trained parameters.

Splink (on DuckDB here; the same settings run on Spark or PostgreSQL) scores candidate pairs
with a Fellegi-Sunter model. The comparisons below work on the columns `records.py` derives,
so every script and transliteration of a name meets every other. Trained parameters are
saved as versioned JSON in `data/` and shipped; nothing is fetched or trained at run time.
"""

import json
import logging
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
import sqlglot
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.dialects import SplinkDialect
from sqlglot import exp

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_VERSION = "2026.12-2"
MODEL_PATH = DATA_DIR / f"linkage-model-{MODEL_VERSION}.json"

# Splink logs every training step at INFO; the commands show their own progress instead.
logging.getLogger("splink").setLevel(logging.WARNING)


# Family and given name written in each other's fields, compared by stem so that a gender
# form, a -zoda or a dropped ending on either side still counts ("Laylo Muhammadaliyev" and
# "Muhammadaliyeva Laylo"). Both name comparisons test it, or the given name would read as
# different; the family name carries the evidence and the given name's level is weighed as
# neutral (SWAP_COUNTED_ONCE), since one swap is one fact, not two.
SWAPPED_SQL = '"family_stem_l" = "given_stem_r" AND "given_stem_l" = "family_stem_r"'
# Swapped, and one of the two misspelled: one name in the other's field by stem, the other
# starting alike ("Miran Mahmudov" and "Маҳмудв Миран"). substr is standard SQL.
HALF_SWAPPED_SQL = (
    """("family_stem_l" = "given_stem_r" AND substr("given_key_l", 1, 3) = substr("family_key_r", 1, 3))"""
    """ OR ("given_stem_l" = "family_stem_r" AND substr("family_key_l", 1, 3) = substr("given_key_r", 1, 3))"""
)
SWAP_COUNTED_ONCE = "swapped with the family name (weighed there)"
HALF_SWAP_COUNTED_ONCE = "swapped, one misspelled (weighed with the family name)"


def _name_comparison(
    column: str,
    label: str,
    swapped_labels: tuple[str, str],
    stem: str | None = None,
) -> cl.CustomComparison:
    """A name: equal key, then (for family names) equal stem, then close spellings, then
    written in the other name's field."""
    # Rahmonov and Rahmonzoda, Karimov and Karimova: one stem.
    stem_level = [cll.ExactMatchLevel(stem).configure(label_for_charts="same stem")] if stem else []
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=label,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            *stem_level,
            cll.JaroWinklerLevel(column, 0.93),
            cll.JaroWinklerLevel(column, 0.85),
            cll.CustomLevel(SWAPPED_SQL, label_for_charts=swapped_labels[0]),
            cll.CustomLevel(HALF_SWAPPED_SQL, label_for_charts=swapped_labels[1]),
            cll.ElseLevel(),
        ],
    )


def _birth_date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_description="date of birth",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel(
                '"birth_date_l" = "birth_date_swapped_r"', label_for_charts="day and month swapped"
            ),
            cll.CustomLevel(
                '"birth_month_day_l" = "birth_month_day_r" AND abs("birth_year_l" - "birth_year_r") = 1',
                label_for_charts="year off by one",
            ),
            cll.CustomLevel(
                'abs("birth_year_l" - "birth_year_r") <= 1', label_for_charts="within a year"
            ),
            cll.ElseLevel(),
        ],
    )


def _exact(column: str, label: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=label,
        comparison_levels=[cll.NullLevel(column), cll.ExactMatchLevel(column), cll.ElseLevel()],
    )


def _passport_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="passport",
        comparison_description="passport number",
        comparison_levels=[
            cll.NullLevel("passport"),
            cll.ExactMatchLevel("passport"),
            cll.LevenshteinLevel("passport", 1),
            cll.ElseLevel(),
        ],
    )


# An initial's stem is its letter's key and a full stop ("r.", "sh.", see
# corridor.names.father_name_stem); it agrees with a name that starts with that key. Plain
# SQL (substr, length, replace) that DuckDB and Spark both run.
INITIAL_AGREES_SQL = (
    """("patronymic_stem_l" LIKE '%.' AND "patronymic_stem_r" NOT LIKE '%.'"""
    """ AND substr("patronymic_stem_r", 1, length("patronymic_stem_l") - 1)"""
    """ = replace("patronymic_stem_l", '.', ''))"""
    """ OR ("patronymic_stem_r" LIKE '%.' AND "patronymic_stem_l" NOT LIKE '%.'"""
    """ AND substr("patronymic_stem_l", 1, length("patronymic_stem_r") - 1)"""
    """ = replace("patronymic_stem_r", '.', ''))"""
)


def _patronymic_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="patronymic_stem",
        comparison_description="patronymic",
        comparison_levels=[
            cll.NullLevel("patronymic_stem"),
            cll.ExactMatchLevel("patronymic_stem"),
            cll.JaroWinklerLevel("patronymic_stem", 0.88),
            cll.CustomLevel(INITIAL_AGREES_SQL, label_for_charts="initial of the same name"),
            cll.ElseLevel(),
        ],
    )


# Candidate pairs: any one rule suffices. Each is selective enough for a national registry
# (docs/benchmarks.md counts their pairs). Beside names with a date, a record whose date is
# missing or mistyped still meets its other records through the father's name or the day
# of birth, and a swapped date or swapped names through their own rules.
BLOCKING_RULES: list[BlockingRuleCreator | dict[str, Any]] = [
    block_on("family_stem", "birth_date"),
    block_on("family_stem", "given_key"),
    block_on("given_key", "birth_date"),
    CustomRule("l.given_key = r.given_key AND l.birth_date = r.birth_date_swapped"),
    CustomRule("l.family_stem = r.family_stem AND l.birth_date = r.birth_date_swapped"),
    block_on("given_key", "birth_month_day"),
    block_on("given_key", "patronymic_stem"),
    block_on("family_stem", "patronymic_stem"),
    block_on("phone"),
    block_on("passport"),
    CustomRule("l.family_stem = r.given_stem AND l.given_stem = r.family_stem"),
    # Swapped with one name misspelled: one name in the other's field and the same date. Two
    # rules, one for each side, since a pair is taken once (l before r) and an OR would not
    # join on equality.
    CustomRule("l.family_stem = r.given_stem AND l.birth_date = r.birth_date"),
    CustomRule("l.given_stem = r.family_stem AND l.birth_date = r.birth_date"),
]


def settings_creator(probability_two_random_records_match: float = 0.0001) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        probability_two_random_records_match=probability_two_random_records_match,
        comparisons=[
            _name_comparison(
                "family_key",
                "family name",
                ("swapped with the given name", "swapped with the given name, one misspelled"),
                stem="family_stem",
            ),
            _name_comparison(
                "given_key", "given name", (SWAP_COUNTED_ONCE, HALF_SWAP_COUNTED_ONCE)
            ),
            _patronymic_comparison(),
            _birth_date_comparison(),
            _exact("sex", "sex"),
            _exact("citizenship", "citizenship"),
            _exact("birth_region", "region of birth"),
            _exact("phone", "phone"),
            _passport_comparison(),
        ],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
    )


def load_trained_settings(path: Path = MODEL_PATH) -> dict[str, Any]:
    """The shipped, trained model as Splink settings (m and u probabilities included)."""
    model = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in model.items() if not key.startswith("corridor_")}


# The string functions whose names differ between Splink's SQL dialects (DuckDB's
# jaro_winkler_similarity is the jaro_winkler of Splink's Spark jar).
_DIALECT_FUNCTIONS = (
    "jaro_winkler_function_name",
    "jaro_function_name",
    "levenshtein_function_name",
    "damerau_levenshtein_function_name",
)


def _translate(sql: str, source: SplinkDialect, target: SplinkDialect) -> str:
    """One SQL condition of the model, written for `source`, as `target` runs it: quoting
    by sqlglot, and Splink's string functions by their names in the target dialect."""
    renames = {getattr(source, name).lower(): getattr(target, name) for name in _DIALECT_FUNCTIONS}

    def rename(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Func):
            return node
        # The function's name as the source dialect spells it (sqlglot may parse a known
        # function into a typed node whose own name is sqlglot's).
        written = node.sql(dialect=source.sqlglot_dialect).split("(", 1)[0].lower()
        if written not in renames:
            return node
        return exp.Anonymous(this=renames[written], expressions=list(node.iter_expressions()))

    tree = sqlglot.parse_one(sql, read=source.sqlglot_dialect).transform(rename)
    return tree.sql(dialect=target.sqlglot_dialect)


def trained_settings(dialect: str = "duckdb", path: Path = MODEL_PATH) -> dict[str, Any]:
    """The shipped model as Splink settings for the SQL dialect of an engine.

    One model for every engine: the comparison levels, blocking rules and m and u
    probabilities are those of the saved JSON, only the SQL is rewritten for `dialect`
    (e.g. "spark"), so an engine scores every pair in the same level as DuckDB does.
    """
    settings = load_trained_settings(path)
    source = SplinkDialect.from_string(settings.get("sql_dialect", "duckdb"))
    target = SplinkDialect.from_string(dialect)
    if target.sql_dialect_str == source.sql_dialect_str:
        return settings
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level["sql_condition"].strip().upper() != "ELSE":
                level["sql_condition"] = _translate(level["sql_condition"], source, target)
    rules = []
    for rule in settings["blocking_rules_to_generate_predictions"]:
        text = rule["blocking_rule"] if isinstance(rule, dict) else rule
        rules.append({"blocking_rule": _translate(text, source, target), "sql_dialect": dialect})
    settings["blocking_rules_to_generate_predictions"] = rules
    settings["sql_dialect"] = dialect
    return settings
