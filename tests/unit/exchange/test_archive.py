"""Every bound of an import: what passes, what is refused, and the message that says why."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from services.exchange.archive import bounded_archive_check
from services.exchange.import_limits import VARIABLES, ImportLimits, import_limits
from services.exchange.reading import read_dataset
from services.exchange.writing import write_dataset
from tests.support.factory import small_dataset
from tests.support.hostile import (
    BILLION_LAUGHS,
    MAIN,
    PEOPLE_SHEET,
    entry,
    hostile_workbook,
    sheet,
    zip_bytes,
)

PROJECT = Path(__file__).resolve().parents[3]


def workbook(*changes: object) -> bytes:
    """The small dataset's workbook, with entries replaced or added."""
    return hostile_workbook(small_dataset(), *changes)  # type: ignore[arg-type]


def refusal(data: bytes, **limits: int) -> tuple[str, str]:
    """The code and English message of the archive's refusal under these bounds."""
    problem = bounded_archive_check(data, name="ledger.xlsx", limits=ImportLimits(**limits))
    assert problem is not None
    return problem.code, problem.message("en")


def test_an_ordinary_workbook_passes_as_a_path_bytes_or_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_dataset(small_dataset(), path)
    assert bounded_archive_check(path) is None
    assert bounded_archive_check(path.read_bytes()) is None
    with path.open("rb") as handle:
        assert bounded_archive_check(handle) is None
    assert bounded_archive_check(workbook()) is None  # the hand-written zip of the tests too


def test_the_defaults_and_their_variables() -> None:
    limits = import_limits({})
    assert limits == ImportLimits()
    assert (limits.file_mb, limits.unpacked_mb, limits.entries, limits.sheets) == (
        512, 2048, 10_000, 1_000
    )  # fmt: skip
    assert (limits.rows, limits.sheet_rows, limits.columns) == (10_000_000, 1_048_576, 1_000)
    environ = dict.fromkeys(VARIABLES.values(), "7")
    assert import_limits(environ) == ImportLimits(7, 7, 7, 7, 7, 7)
    assert import_limits({"COVERGRAPH_IMPORT_MAX_ROWS": " 12 "}).rows == 12


@pytest.mark.parametrize("value", ["0", "-1", "1e6", "many"])
def test_a_bad_setting_names_its_variable(value: str) -> None:
    with pytest.raises(ValueError, match="COVERGRAPH_IMPORT_MAX_COLUMNS must be a whole number"):
        import_limits({"COVERGRAPH_IMPORT_MAX_COLUMNS": value})


def test_every_variable_is_documented() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    security = (PROJECT / "docs" / "security.md").read_text(encoding="utf-8")
    for variable in VARIABLES.values():
        assert f"`{variable}`" in readme, variable
        assert f"`{variable}`" in security, variable


def test_a_file_too_large_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    noise = random.Random(1).randbytes(2 << 20)  # 2 MB that do not compress
    data = workbook(entry("xl/media/noise.bin", noise))
    assert refusal(data, file_mb=1) == (
        "file_too_large",
        "ledger.xlsx: the file is 2.0 MB, over the limit of 1 MB (COVERGRAPH_IMPORT_MAX_FILE_MB)",
    )


@pytest.mark.parametrize(
    ("limits", "code", "variable"),
    [
        ({"entries": 10}, "too_many_entries", "COVERGRAPH_IMPORT_MAX_ENTRIES"),
        ({"sheets": 8}, "too_many_sheets", "COVERGRAPH_IMPORT_MAX_SHEETS"),
        ({"rows": 3}, "too_many_rows", "COVERGRAPH_IMPORT_MAX_ROWS"),
        ({"columns": 3}, "too_many_columns", "COVERGRAPH_IMPORT_MAX_COLUMNS"),
        ({"unpacked_mb": 1}, "unpacked_too_large", "COVERGRAPH_IMPORT_MAX_UNPACKED_MB"),
    ],
)
def test_each_bound_is_enforced(limits: dict[str, int], code: str, variable: str) -> None:
    padding = entry("xl/media/padding.bin", b"\0" * (2 << 20))  # 2 MB unpacked
    found, message = refusal(workbook(padding), **limits)
    assert found == code
    assert message.startswith("ledger.xlsx: ")
    assert message.endswith(f"({variable})")


def test_entries_are_counted_before_the_directory_is_parsed_zip64_too() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # past 65,535 entries: a zip64 end record
        for number in range(65_536):
            archive.writestr(str(number), b"")
    assert refusal(buffer.getvalue()) == (
        "too_many_entries",
        "ledger.xlsx: holds too many archive entries, over the limit of 10,000 "
        "(COVERGRAPH_IMPORT_MAX_ENTRIES)",
    )


def test_rows_and_columns_are_counted_by_reference_as_openpyxl_does() -> None:
    far_row = sheet(b'<row r="2000000"><c><v>1</v></c></row>')
    far_column = sheet(b'<row r="1"><c r="zzz1"><v>1</v></c></row>')
    assert refusal(workbook(entry(PEOPLE_SHEET, far_row)))[0] == "too_many_rows"
    assert refusal(workbook(entry(PEOPLE_SHEET, far_column)))[0] == "too_many_columns"
    prefixed = b'<x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData><x:row>' + b"<x:c/>" * 11
    prefixed += b"</x:row></x:sheetData></x:worksheet>"
    assert refusal(workbook(entry(PEOPLE_SHEET, prefixed)), columns=10) == (
        "too_many_columns",
        'ledger.xlsx: sheet "people" has too many columns, over the limit of 10 '
        "(COVERGRAPH_IMPORT_MAX_COLUMNS)",
    )


@pytest.mark.parametrize(
    "part",
    [
        BILLION_LAUGHS + b'<sst xmlns="' + MAIN + b'"/>',
        b"\n   " + BILLION_LAUGHS[BILLION_LAUGHS.index(b"<!DOCTYPE") :] + b"<sst/>",
        (BILLION_LAUGHS.replace(b'"1.0"?>', b'"1.0" encoding="utf-16"?>') + b"<sst/>")
        .decode()
        .encode("utf-16"),
    ],
    ids=["utf-8", "after white space", "utf-16"],
)
def test_any_dtd_is_refused(part: bytes) -> None:
    assert refusal(workbook(entry("xl/sharedStrings.xml", part))) == (
        "xml_entities",
        "ledger.xlsx: its entry xl/sharedStrings.xml declares a DTD or XML entities, "
        "which are refused",
    )


def test_archives_inside_are_refused_by_name_and_by_content() -> None:
    inner = workbook()
    for name in ("xl/embeddings/oleObject1.bin", "xl/embeddings/Workbook1.xlsx"):
        assert refusal(workbook(entry(name, inner))) == (
            "nested_archive",
            f"ledger.xlsx: its entry {name} is itself an archive; archives inside archives "
            "are refused",
        )
    gzipped = entry("xl/media/notes.txt", b"\x1f\x8b\x08\x00" + b"\0" * 16)
    assert refusal(workbook(gzipped))[0] == "nested_archive"


def test_only_stored_and_deflated_entries_are_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/media/a.bin", b"\0" * 1000, compress_type=zipfile.ZIP_BZIP2)
    assert refusal(buffer.getvalue()) == (
        "unsupported_entry",
        "ledger.xlsx: its entry xl/media/a.bin is encrypted or compressed other than stored or "
        "deflate",
    )


def test_a_damaged_part_is_refused_as_damaged() -> None:
    broken = entry(PEOPLE_SHEET, sheet(b"<row><c><v>1</v></row>"))
    code, message = refusal(workbook(broken))
    assert code == "unreadable_file"
    assert f"{PEOPLE_SHEET}: mismatched tag" in message
    assert refusal(zip_bytes([entry("a.xml", b"<a/>")])[:-10])[0] == "unreadable_file"


def test_csv_files_are_bounded_as_they_are_read(tmp_path: Path, monkeypatch) -> None:
    write_dataset(small_dataset(), tmp_path)
    monkeypatch.setenv("COVERGRAPH_IMPORT_MAX_ROWS", "3")  # people.csv has 5 rows
    found = {p.source: p.message("en") for p in read_dataset(tmp_path)[1]}
    assert found["people.csv"] == (
        "people.csv: has too many rows, over the limit of 3 (COVERGRAPH_IMPORT_MAX_ROWS)"
    )
    assert "grid_coverage.csv" not in found  # one row
    monkeypatch.delenv("COVERGRAPH_IMPORT_MAX_ROWS")
    monkeypatch.setenv("COVERGRAPH_IMPORT_MAX_COLUMNS", "2")  # a row of 2,048 characters at most
    long_name = "长" * 3000
    (tmp_path / "units.csv").write_text(f"id,name\nU9,{long_name}\n", encoding="utf-8")
    found = {p.source: p.message("en") for p in read_dataset(tmp_path)[1]}
    assert found["units.csv"] == (
        "units.csv row 2: this row has too many characters (1,024 a column), over the limit of "
        "2,048 (COVERGRAPH_IMPORT_MAX_COLUMNS)"
    )
    assert found["people.csv"] == (
        "people.csv row 1: has too many columns, over the limit of 2 "
        "(COVERGRAPH_IMPORT_MAX_COLUMNS)"
    )


def test_a_csv_file_too_large_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "people.csv").write_bytes(b"id,name\n" + b"P1,x\n" * 300_000)  # 1.5 MB
    monkeypatch.setenv("COVERGRAPH_IMPORT_MAX_FILE_MB", "1")
    dataset, problems = read_dataset(tmp_path)
    assert dataset.row_count() == 0
    assert [p.message("zh") for p in problems] == [
        "people.csv：文件大小 1.4 MB，超过上限 1 MB（环境变量 COVERGRAPH_IMPORT_MAX_FILE_MB）"
    ]
