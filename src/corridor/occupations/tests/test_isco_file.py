"""`corridor isco code --input IN.csv --output OUT.csv [--top N]`: the stable file contract."""

import csv

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The command's messages are translated; these tests read them in English.
    with translation.override("en"):
        yield


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_titles_are_coded_best_first_up_to_top_rows_each(tmp_path):
    source = write(
        tmp_path / "in.csv",
        "id,title,employer\n"
        "v1,Грузчик на склад,ООО Ромашка\n"
        '"v2","Продавец-кассир (м. Выхино)",x\n'
        "v3,???,x\n",
    )
    target = tmp_path / "out.csv"

    call_command("isco", "code", input=source, output=target, top=2)

    rows = read(target)
    assert rows[0] == ["id", "rank", "isco_code", "score"]
    by_id: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_id.setdefault(row[0], []).append(row)
    assert set(by_id) == {"v1", "v2"}
    assert [r[1] for r in by_id["v1"]] == ["1", "2"]
    assert by_id["v1"][0][2] == "9333"
    assert by_id["v2"][0][2] == "5230"
    scores = [float(r[3]) for r in by_id["v1"]]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 1


def test_a_file_without_the_id_and_title_columns_is_refused_and_nothing_written(tmp_path):
    source = write(tmp_path / "in.csv", "identifier,job\n1,сварщик\n")
    target = tmp_path / "out.csv"

    with pytest.raises(CommandError, match="id and title"):
        call_command("isco", "code", input=source, output=target)

    assert not target.exists()


def test_an_unwritable_output_is_a_clear_error_and_leaves_no_file(tmp_path):
    source = write(tmp_path / "in.csv", "id,title\n1,сварщик\n")
    target = tmp_path / "missing-folder" / "out.csv"

    with pytest.raises(CommandError, match="cannot write"):
        call_command("isco", "code", input=source, output=target)

    assert not target.exists()
    assert not (tmp_path / "missing-folder").exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes("id,title\n1,сварщик\n".encode("cp1251"))

    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("isco", "code", input=source, output=tmp_path / "out.csv")


def test_an_empty_file_with_a_header_gives_a_header_only_output(tmp_path):
    source = write(tmp_path / "in.csv", "\ufeffid,title\n")
    target = tmp_path / "out.csv"

    call_command("isco", "code", input=source, output=target)

    assert read(target) == [["id", "rank", "isco_code", "score"]]


def test_top_out_of_range_is_refused(tmp_path):
    source = write(tmp_path / "in.csv", "id,title\n1,сварщик\n")

    with pytest.raises(CommandError, match="--top"):
        call_command("isco", "code", input=source, output=tmp_path / "out.csv", top=0)


def test_ids_round_trip_exactly_even_when_they_start_like_formulas(tmp_path):
    # The output is read back by programs (docs/decisions/0013): no spreadsheet escaping.
    source = write(tmp_path / "in.csv", "id,title\n-1,сварщик\n")
    target = tmp_path / "out.csv"

    call_command("isco", "code", input=source, output=target, top=1)

    assert [row[0] for row in read(target)[1:]] == ["-1"]
