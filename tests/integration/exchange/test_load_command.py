"""`covergraph load` and `export` as a user runs them: messages, exit codes, round trips."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Driver

from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.writing import write_dataset
from tests.support.factory import small_dataset, table_rows


def covergraph(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line in a subprocess against the test database."""
    command = [sys.executable, "-m", "api.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def _edit_csv(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Changes one cell of a CSV table written by write_dataset (row 0 = first data row)."""
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    match = rows[row]
    match[column] = value
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _row_index(folder: Path, table: str, column: str, value: str) -> int:
    """Finds the data row of a CSV table whose column holds the value."""
    with (folder / f"{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return next(i for i, r in enumerate(csv.DictReader(handle)) if r[column] == value)


# (table, row found by (column, value), column to break, bad value, words the message must hold)
BROKEN = [
    ("people", ("id", "P3"), "id", "C1", ["people.csv", "C1"]),
    ("posts", ("person_id", "P1"), "person_id", "P99", ["posts.csv", "person_id", "P99"]),
    ("organisations", ("id", "G1"), "parent_id", "T1", ["organisations.csv", "parent_id", "T1"]),
    ("organisations", ("id", "C1"), "parent_id", "T1", ["organisations.csv", "C1", "T1"]),
    ("grids", ("id", "GR1"), "parent_id", "GR3", ["grids.csv", "GR1", "GR3"]),
    ("organisations", ("id", "B2"), "kind", "BRANCHX", ["organisations.csv", "kind", "BRANCHX"]),
    ("posts", ("person_id", "P1"), "start", "2021-13-01", ["posts.csv", "start", "2021-13-01"]),
    ("posts", ("person_id", "P3"), "start", "2025-01-01", ["posts.csv", "start", "2025-01-01"]),
    (
        "organisations",
        ("id", "B1"),
        "full_members",
        "-3",
        ["organisations.csv", "full_members", "-3"],
    ),
    ("posts", ("person_id", "P1"), "target_id", "U1", ["posts.csv", "target_id", "U1"]),
]


@pytest.mark.parametrize(("table", "where", "column", "bad", "words"), BROKEN)
def test_a_broken_dataset_is_refused_and_nothing_is_written(
    graph: tuple[Driver, str],
    tmp_path: Path,
    table: str,
    where: tuple[str, str],
    column: str,
    bad: str,
    words: list[str],
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    before = table_rows(read_graph(driver=driver, database=database))
    folder = tmp_path / "broken"
    changed = small_dataset()
    changed.rows("organisations")[1].values["name"] = (
        "改名镇党委"  # a valid change that must not land
    )
    write_dataset(changed, folder)
    index = _row_index(folder, table, *where)
    _edit_csv(folder, table, index, column, bad)
    result = covergraph("load", str(folder), "--lang", "en")
    assert result.returncode == 1
    row = index + 2  # the header is row 1
    for word in [*words, f"row {row}"]:
        assert word in result.stderr, result.stderr
    assert "nothing was written" in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr
    assert table_rows(read_graph(driver=driver, database=database)) == before


def test_messages_are_chinese_by_default(graph: tuple[Driver, str], tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    write_dataset(small_dataset(), folder)
    _edit_csv(
        folder, "organisations", _row_index(folder, "organisations", "id", "B2"), "kind", "支部X"
    )
    result = covergraph("load", str(folder))
    assert result.returncode == 1
    assert f"第{_row_index(folder, 'organisations', 'id', 'B2') + 2}行" in result.stderr
    assert "数据库未作任何改动" in result.stderr


def test_unreachable_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dataset(small_dataset(), tmp_path / "ok")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    result = covergraph("load", str(tmp_path / "ok"), "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in result.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_round_trip_is_byte_identical_for_csv(graph: tuple[Driver, str], tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "in")
    assert covergraph("load", str(tmp_path / "in")).returncode == 0
    assert covergraph("export", str(tmp_path / "first")).returncode == 0
    assert covergraph("load", str(tmp_path / "first"), "--replace").returncode == 0
    assert covergraph("export", str(tmp_path / "second")).returncode == 0
    assert _files(tmp_path / "first") == _files(tmp_path / "second")
    assert _files(tmp_path / "first") == _files(tmp_path / "in")


def test_chinese_and_english_workbooks_give_the_same_graph(
    graph: tuple[Driver, str], tmp_path: Path
) -> None:
    driver, database = graph
    write_dataset(small_dataset(), tmp_path / "en.xlsx", lang="en")
    write_dataset(small_dataset(), tmp_path / "zh.xlsx", lang="zh")
    assert covergraph("load", str(tmp_path / "en.xlsx"), "--replace").returncode == 0
    english = table_rows(read_graph(driver=driver, database=database))
    result = covergraph("load", str(tmp_path / "zh.xlsx"), "--replace", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "0 " in result.stdout  # the summary table was printed
    assert table_rows(read_graph(driver=driver, database=database)) == english
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(small_dataset())
