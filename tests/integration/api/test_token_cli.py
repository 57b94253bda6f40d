"""`covergraph token create|list|revoke` against the test database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from loaders.dataset import Dataset
from tests.integration.api.conftest import PROJECT, Server, Tokens

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
