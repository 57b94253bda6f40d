"""A large import publishing its rows in batches under a running `covergraph serve`: every
answer shows the graph as it was before the import or as it is after it, or is a 503
IMPORT_PUBLISHING; never a part of the import. If the importer dies while publishing, the
server finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver

from api.auth import issue_token
from domain.dataset import Dataset
from services.exchange.importer import import_dataset
from services.exchange.writing import write_dataset
from tests.support.factory import demo, small_dataset
from tests.support.hierarchy import exists_on
from tests.support.serving import Server, serving

WATCH_S = "0.2"  # how often the server looks for the mark; the importer waits three times this
TOTALS = "{ organisations(first: 0) { totalCount } people(first: 0) { totalCount } }"
PUBLISHING = "503 IMPORT_PUBLISHING"


@pytest.fixture(scope="module")
def county() -> Dataset:
    """A county demo whose ids differ from the small dataset's."""
    return demo("county", seed=5)


def _answer(server: Server, token: str) -> str:
    """What one request saw: the two totals, or the status and code it was answered with."""
    response = server.post(TOTALS, token)
    body = response.json()
    if "errors" in body:
        return f"{response.status_code} {body['errors'][0]['extensions']['code']}"
    data = body["data"]
    return f"{data['organisations']['totalCount']} orgs, {data['people']['totalCount']} people"


def _totals(*datasets: Dataset) -> str:
    """The answer expected once the datasets are loaded: the organisations existing today."""
    today = date.today()
    orgs = sum(exists_on(r, today) for d in datasets for r in d.rows("organisations"))
    people = sum(len(d.rows("people")) for d in datasets)
    return f"{orgs} orgs, {people} people"


def _start_load(folder: Path) -> subprocess.Popen[str]:
    """Starts `covergraph load` so that it publishes in many small batches."""
    env = {
        "COVERGRAPH_IMPORT_SWITCH_ROWS": "0",
        "COVERGRAPH_IMPORT_PUBLISH_BATCH": "400",  # ~60 batches for a county
        "COVERGRAPH_PUBLISH_WATCH_S": WATCH_S,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "load", str(folder)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _small_graph_and_county_files(
    graph: tuple[Driver, str], county: Dataset, tmp_path: Path
) -> tuple[Path, str]:
    """Loads the small dataset, writes the county as CSV files; returns them and an admin token."""
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    folder = tmp_path / "county"
    write_dataset(county, folder)
    return folder, issue_token(driver=driver, database=database, role="admin")[1]


def _after_the_watch(server: Server, token: str) -> str:
    """Answers once the server's watch has seen the import end (it looks every WATCH_S)."""
    deadline = time.monotonic() + 30
    while (answer := _answer(server, token)) == PUBLISHING and time.monotonic() < deadline:
        time.sleep(float(WATCH_S))
    return answer


def test_readers_see_an_import_whole_or_are_asked_to_wait(
    graph: tuple[Driver, str], county: Dataset, tmp_path: Path
) -> None:
    folder, token = _small_graph_and_county_files(graph, county, tmp_path)
    with serving(COVERGRAPH_PUBLISH_WATCH_S=WATCH_S) as server:
        before = _answer(server, token)
        seen: Counter[str] = Counter()
        done = threading.Event()

        def read_until_done() -> None:
            while not done.is_set():
                seen[_answer(server, token)] += 1

        reader = threading.Thread(target=read_until_done)
        reader.start()
        load = _start_load(folder)
        _, errors = load.communicate(timeout=600)
        done.set()
        reader.join()
        after = _after_the_watch(server, token)
        admin = {"Authorization": f"Bearer {token}"}
        health = server.client.get(f"{server.url}/health", headers=admin).json()
    assert load.returncode == 0, errors
    assert before == _totals(small_dataset())
    assert after == _totals(small_dataset(), county)
    assert set(seen) <= {before, after, PUBLISHING}, seen
    assert seen[PUBLISHING] > 0, seen
    assert health["importPublishing"] is False
    print(f"\nreaders during a batched import: {dict(seen)}")


def test_the_server_finishes_an_import_that_died_while_publishing(
    graph: tuple[Driver, str], county: Dataset, tmp_path: Path
) -> None:
    folder, token = _small_graph_and_county_files(graph, county, tmp_path)
    with serving(COVERGRAPH_PUBLISH_WATCH_S=WATCH_S) as server:
        load = _start_load(folder)
        deadline = time.monotonic() + 300
        while _answer(server, token) != PUBLISHING and load.poll() is None:
            assert time.monotonic() < deadline, "the import never started publishing"
        load.send_signal(signal.SIGKILL)
        load.wait()
        # The mark is committed, its process gone: the server's watch publishes the rest.
        answers = []
        while not answers or answers[-1] == PUBLISHING:
            assert time.monotonic() < deadline, answers[-3:]
            answers.append(_answer(server, token))
            time.sleep(0.2)
    assert load.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert answers[-1] == _totals(small_dataset(), county)
