"""Killing an import at any point leaves the graph exactly as it was before it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver

from queries.staged_import import count_staged
from services.exchange.exporter import read_graph
from services.exchange.import_stage import recover_abandoned
from services.exchange.importer import import_dataset
from services.exchange.validation import check
from services.exchange.writing import write_dataset
from tests.support.factory import demo, small_dataset, table_rows

# Runs an import of the dataset at argv[1] and reports every finished batch on stdout.
IMPORT_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from graph.database import session_driver
    from services.exchange.importer import import_dataset
    from services.exchange.validation import check

    dataset = check(Path(sys.argv[1]))
    with session_driver() as (driver, database):
        import_dataset(
            driver=driver, database=database, dataset=dataset, replace=True,
            progress=lambda step, done: print(step, flush=True),
        )
    print("committed", flush=True)
    """
)


@pytest.fixture(scope="module")
def county_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county demo dataset as a CSV folder."""
    folder = tmp_path_factory.mktemp("county") / "csv"
    write_dataset(demo("county", 7, date(2026, 6, 30)), folder)
    return folder


def _kill_after(folder: Path, step: str, nth: int, env: dict[str, str] | None = None) -> list[str]:
    """Starts an import, SIGKILLs it when `step` has been reported `nth` times; returns output."""
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_SCRIPT, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    seen: list[str] = []
    for line in process.stdout:
        seen.append(line.strip())
        if seen.count(step) >= nth:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    return seen


@pytest.mark.parametrize(
    ("step", "nth"),
    [
        ("organisations", 1),
        ("people", 3),
        ("links", 2),
        ("posts", 2),
        ("replace", 1),
        ("switch", 1),
    ],
)
def test_killed_import_leaves_graph_unchanged(
    graph: tuple[Driver, str], county_folder: Path, step: str, nth: int
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    before = table_rows(read_graph(driver=driver, database=database))
    seen = _kill_after(county_folder, step, nth)
    assert "committed" not in seen, "the import finished before it could be killed"
    assert seen.count(step) >= nth
    assert table_rows(read_graph(driver=driver, database=database)) == before
    # The next start clears what the dead import staged.
    assert recover_abandoned(driver=driver, database=database) == "cleared"
    assert count_staged(driver=driver, database=database) == 0
    assert table_rows(read_graph(driver=driver, database=database)) == before


def test_an_import_killed_while_publishing_is_finished_at_the_next_start(
    graph: tuple[Driver, str], county_folder: Path
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    in_batches = {"COVERGRAPH_IMPORT_SWITCH_ROWS": "0", "COVERGRAPH_IMPORT_PUBLISH_BATCH": "500"}
    seen = _kill_after(county_folder, "publish: reveal Person", 2, env=in_batches)
    assert "committed" not in seen, "the import finished before it could be killed"
    assert recover_abandoned(driver=driver, database=database) == "finished"
    assert count_staged(driver=driver, database=database) == 0
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(
        check(county_folder)
    )
