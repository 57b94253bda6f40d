"""`covergraph load` of a hostile file: refused in one line naming the file, the bound and its
variable, with the graph as it was; the bounds come from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from neo4j import Driver

from domain.dataset import Dataset
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.writing import write_dataset
from tests.support.factory import small_dataset, table_rows
from tests.support.hostile import PEOPLE_SHEET, bomb, hostile_workbook

Graph = tuple[Driver, str]


def covergraph(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line against the test database, with extra environment variables."""
    command = [sys.executable, "-m", "api.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300,
                          env={**os.environ, **env})  # fmt: skip


def test_a_bomb_is_refused_in_one_line_and_nothing_is_written(graph: Graph, tmp_path: Path) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    before = table_rows(read_graph(driver=driver, database=database))
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(hostile_workbook(small_dataset(), bomb(PEOPLE_SHEET, 2100, fill=b" ")))
    result = covergraph("load", str(path), "--replace", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "ledger.xlsx: unpacks to too much data, over the limit of 2,048 MB "
        "(COVERGRAPH_IMPORT_MAX_UNPACKED_MB)",
        "error: the dataset has 1 problem(s); first: ledger.xlsx: unpacks to too much data, "
        "over the limit of 2,048 MB (COVERGRAPH_IMPORT_MAX_UNPACKED_MB); nothing was written",
    ]
    assert table_rows(read_graph(driver=driver, database=database)) == before


def test_the_bounds_are_read_from_the_environment(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_dataset(small_dataset(), path)
    fewer = covergraph("load", str(path), COVERGRAPH_IMPORT_MAX_SHEETS="8")
    assert fewer.returncode == 1
    assert "工作表过多，超过上限 8（环境变量 COVERGRAPH_IMPORT_MAX_SHEETS）" in fewer.stderr
    wrong = covergraph("load", str(path), COVERGRAPH_IMPORT_MAX_SHEETS="eight")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "error: COVERGRAPH_IMPORT_MAX_SHEETS must be a whole number of at least 1, not 'eight'"
    )
    assert table_rows(read_graph(driver=graph[0], database=graph[1])) == table_rows(Dataset())
