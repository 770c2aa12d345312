"""CSV files are read with a clear error on a bad file, and written whole or not at all."""

import csv

import pytest
from django.utils import translation

from corridor.core.csvfiles import CsvFileError, numbered_rows, read_rows, write_whole


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_are_keyed_by_the_stripped_header_and_a_byte_order_mark_is_not_part_of_it(tmp_path):
    source = _write(tmp_path / "in.csv", '\ufeff id , title\n1,сварщик\n2,"повар, су-шеф"\n')

    assert list(numbered_rows(source, required=["id", "title"])) == [
        (2, {"id": "1", "title": "сварщик"}),
        (3, {"id": "2", "title": "повар, су-шеф"}),
    ]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CsvFileError, match=r"^cannot open .*absent\.csv: No such file"):
        list(read_rows(tmp_path / "absent.csv"))


def test_a_missing_column_is_named(tmp_path):
    source = _write(tmp_path / "in.csv", "id,family_name\n1,Karimov\n")

    with pytest.raises(CsvFileError, match=r"in\.csv: the header has no record_id column$"):
        list(read_rows(source, required=["record_id"]))
    with pytest.raises(CsvFileError, match=r"the header needs the columns id and title$"):
        list(read_rows(source, required=["id", "title"]))


def test_an_empty_file_has_no_header_and_so_lacks_every_column(tmp_path):
    source = _write(tmp_path / "in.csv", "")

    assert list(read_rows(source)) == []
    with pytest.raises(CsvFileError, match="has no id column"):
        list(read_rows(source, required=["id"]))


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    source = _write(tmp_path / "in.csv", "id,title\n1,ok\n2,сварщик\n", encoding="cp1251")

    with pytest.raises(CsvFileError, match=r"in\.csv is not UTF-8 text$"):
        list(read_rows(source))


def test_a_file_that_is_not_csv_is_refused_with_its_line(tmp_path):
    # A field longer than the csv module's limit (131,072 characters): a binary file, say.
    source = _write(tmp_path / "in.csv", "id,title\n1,ok\n2," + "x" * 200_000 + "\n")

    with pytest.raises(CsvFileError, match=r"in\.csv line 3: not a readable CSV file \(field"):
        list(read_rows(source))


def test_a_complete_write_replaces_the_old_file_and_leaves_nothing_beside_it(tmp_path):
    target = _write(tmp_path / "out.csv", "old\n")

    with write_whole(target) as handle:
        csv.writer(handle).writerows([["id", "name"], ["1", "Ёлкин"]])

    assert target.read_bytes() == "id,name\r\n1,Ёлкин\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failure_mid_write_leaves_the_old_file_as_it_was(tmp_path):
    target = _write(tmp_path / "out.csv", "old\n")

    with pytest.raises(RuntimeError, match="disk pulled"), write_whole(target) as handle:
        handle.write("id,name\n1,half")
        raise RuntimeError("disk pulled")

    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failure_mid_write_leaves_no_file_where_there_was_none(tmp_path):
    target = tmp_path / "out.csv"

    with pytest.raises(RuntimeError), write_whole(target) as handle:
        handle.write("id,name\n")
        raise RuntimeError("stopped")

    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_a_clear_error_and_creates_nothing(tmp_path):
    target = tmp_path / "missing-folder" / "out.csv"

    with (
        pytest.raises(CsvFileError, match=r"^cannot write .*out\.csv: No such file"),
        write_whole(target) as handle,
    ):
        handle.write("never\n")

    assert list(tmp_path.iterdir()) == []


def test_bytes_are_written_whole_too(tmp_path):
    target = tmp_path / "out.xml"

    with write_whole(target, binary=True) as handle:
        handle.write(b"<a/>")

    assert target.read_bytes() == b"<a/>"


def test_a_written_file_is_readable_like_any_other_not_private(tmp_path):
    target = tmp_path / "out.csv"
    beside = _write(tmp_path / "plain.csv", "x\n")

    with write_whole(target) as handle:
        handle.write("x\n")

    assert target.stat().st_mode & 0o777 == beside.stat().st_mode & 0o777
