"""`corridor dedupe --input IN.csv --output OUT.csv`: the stable file contract."""

import csv
import io
from contextlib import redirect_stderr

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

HEADER = "record_id,family_name,given_name,patronymic,birth_date,sex,citizenship,birth_region,phone,passport_number,source_org\n"


@pytest.fixture(autouse=True)
def _english():
    # The command's messages are translated; these tests read them in English.
    with translation.override("en"):
        yield


def _run(tmp_path, body, header=HEADER, **options):
    source = tmp_path / "in.csv"
    source.write_text(header + body, encoding="utf-8")
    target = tmp_path / "out.csv"
    errors = io.StringIO()
    with redirect_stderr(errors):
        call_command("dedupe", input=source, output=target, **options)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, errors.getvalue()


def test_one_person_in_three_spellings_is_one_cluster_and_a_namesake_is_not(tmp_path):
    rows, _ = _run(
        tmp_path,
        "a,Абдуллаев,Шахзод,Ўткирович,1995-03-14,M,UZ,UZ-TO,+998901234567,FA1234567,centre-1\n"
        "b,Abdullayev,Shahzod,O‘tkir o‘g‘li,1995-03-14,M,UZ,UZ-TO,+998901234567,,centre-2\n"
        "c,ABDULLAEV,SHAKHZOD,,1995-14-03,M,UZ,,,FA1234567,consulate\n"
        "d,Abdullayev,Shahzod,Karim o‘g‘li,1971-08-02,M,UZ,UZ-SA,+998935550011,FA7654321,centre-3\n"
        "e,Каримова,Нигора,,1990-01-01,F,TJ,TJ-SU,,,centre-4\n",
    )

    clusters = {row["record_id"]: row["cluster_id"] for row in rows}
    assert [row["record_id"] for row in rows] == ["a", "b", "c", "d", "e"]
    assert clusters["a"] == clusters["b"] == clusters["c"]
    assert len({clusters["a"], clusters["d"], clusters["e"]}) == 3


def test_malformed_rows_are_reported_with_line_numbers_and_still_get_a_row(tmp_path):
    rows, errors = _run(
        tmp_path,
        "a,Karimov,Aziz,,1990-13-45,M,UZ,,,,\n"
        ",Karimov,Aziz,,1990-01-01,M,UZ,,,,\n"
        "b,Karimov,Aziz,,1990-01-01,Q,UZB,,,,\n"
        "b,Saidov,Vali,,,,,,,,\n",
    )

    assert [row["record_id"] for row in rows] == ["a", "b"]
    assert "line 2: birth_date '1990-13-45' is not a date YYYY-MM-DD" in errors
    assert "line 3: no record_id; record skipped" in errors
    assert "line 4: sex 'Q' is not M or F" in errors
    assert "line 4: citizenship 'UZB' is not an ISO alpha-2 code" in errors
    assert "line 5: record_id 'b' repeats an earlier one; record skipped" in errors


def test_a_file_without_record_id_is_refused_and_nothing_is_written(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,family_name\n1,Karimov\n", encoding="utf-8")

    with pytest.raises(CommandError, match="no record_id column"):
        call_command("dedupe", input=source, output=tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_only_record_id_is_needed_and_empty_files_work(tmp_path):
    rows, _ = _run(tmp_path, "x\ny\n", header="record_id\n")
    assert rows == [{"record_id": "x", "cluster_id": "x"}, {"record_id": "y", "cluster_id": "y"}]

    rows, _ = _run(tmp_path, "", header="record_id\n")
    assert rows == []


def test_an_output_that_cannot_be_written_is_a_clear_error_and_leaves_no_file(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "a,Karimov,Aziz,,1990-01-01,M,UZ,,,,\n", encoding="utf-8")
    target = tmp_path / "missing-folder" / "out.csv"

    with pytest.raises(CommandError, match="cannot write"):
        call_command("dedupe", input=source, output=target)
    assert not target.parent.exists()


def test_record_ids_round_trip_exactly_even_when_they_start_like_formulas(tmp_path):
    # The output is read back by programs (docs/decisions/0013): no spreadsheet escaping.
    rows, _ = _run(
        tmp_path,
        "-1,Karimov,Aziz,,1990-01-01,M,UZ,,,,\n=2,Saidov,Vali,,1985-05-05,M,UZ,,,,\n",
    )

    assert [row["record_id"] for row in rows] == ["-1", "=2"]
