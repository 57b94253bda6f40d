"""A clerk's ledger — title rows, 序号, merged cells, untidy headers, full-width ids, dates in
every form, notes — loads into Neo4j as its clean form would; a broken one writes nothing and
comes back marked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
from neo4j import Driver

from domain.dataset import Dataset
from services.exchange.exporter import read_graph
from services.exchange.problem_marks import RED
from tests.support.factory import small_dataset, table_rows
from tests.support.ledgers import clerk_workbook


def covergraph(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line in a subprocess against the test database."""
    command = [sys.executable, "-m", "api.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def test_a_clerks_ledger_loads(graph: tuple[Driver, str], tmp_path: Path) -> None:
    driver, database = graph
    path = clerk_workbook(small_dataset(), tmp_path / "湖山县党组织台账.xlsx")
    result = covergraph("load", str(path), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(small_dataset())


def test_a_broken_ledger_writes_nothing_and_comes_back_marked(
    graph: tuple[Driver, str], tmp_path: Path
) -> None:
    driver, database = graph
    path = clerk_workbook(small_dataset(), tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    book["党组织"]["D6"] = "党支部x"  # the kind of the second organisation, below 3 title rows
    book.save(path)
    out = tmp_path / "台账-问题.xlsx"
    result = covergraph("load", str(path), "--problems", str(out))
    assert result.returncode == 1
    assert "党组织 第6行 “组织类别”" in result.stderr
    assert "数据库未作任何改动" in result.stderr.splitlines()[-1]
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(Dataset())
    cell = openpyxl.load_workbook(out)["党组织"]["D6"]
    assert cell.fill.fgColor.rgb == RED
    assert "不是有效的组织类别" in cell.comment.text
