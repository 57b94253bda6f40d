"""`covergraph token create|list|revoke` against the test database."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from neo4j import Driver

from domain.dataset import Dataset
from queries.tokens import store_token
from tests.support.graph import Tokens
from tests.support.serving import PROJECT, Server

COVERGRAPH = str(Path(sys.executable).with_name("covergraph"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line and captures its output."""
    return subprocess.run(
        [COVERGRAPH, "token", *args], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


def test_create_prints_the_token_last_and_it_works(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    done = run("create", "--role", "viewer", "--scope", "T1", "--expires-days", "3")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    assert token.startswith("cg_")
    assert " " not in token
    data = api_server.data('{ organisation(id: "B1") { id } }', token)
    assert data == {"organisation": {"id": "B1"}}
    token_id = done.stdout.split()[1]
    listed = run("list")
    assert token_id in listed.stdout
    assert token not in listed.stdout
    assert run("revoke", token_id).returncode == 0
    assert "revoked" in run("list").stdout


def test_unknown_scope_or_role_is_a_one_line_error(small: tuple[Dataset, Tokens]) -> None:
    for args in (("--role", "admin", "--scope", "NOPE"), ("--role", "boss")):
        done = run("create", *args)
        assert done.returncode != 0
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr
    assert run("revoke", "tok_nope").returncode != 0


def test_list_tells_active_expired_and_revoked_apart(
    small: tuple[Dataset, Tokens], session_graph: tuple[Driver, str]
) -> None:
    driver, database = session_graph
    past = datetime.now(UTC) - timedelta(days=2)
    ended = past + timedelta(days=1)
    store_token(driver=driver, database=database, token_id="tok_past", token_hash="h_past",
                role="viewer", scope_id=None, created=past, expires=ended)  # fmt: skip
    done = run("create", "--role", "editor", "--scope", "T1")
    fresh = done.stdout.split()[1]
    assert run("revoke", fresh).returncode == 0
    lines = {line.split()[0]: line for line in run("list").stdout.splitlines()}
    assert lines["tok_past"].endswith("expired")
    assert lines[fresh].endswith("revoked")
    assert sum(line.endswith("active") for line in lines.values()) >= 1  # the fixture's tokens
