"""GraphQL over HTTP conformance: the `graphql-http` server audits against the running API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from domain.dataset import Dataset
from tests.support.graph import Tokens
from tests.support.serving import PROJECT, Server

AUDIT = Path(__file__).with_name("audit.mjs")


def test_no_audit_fails(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    node = shutil.which("node")
    assert node, "node is needed for the GraphQL over HTTP audit"
    assert (PROJECT / "node_modules" / "graphql-http").is_dir(), "run `npm ci` first"
    _, tokens = small
    env = {**os.environ, "AUDIT_URL": f"{api_server.url}/graphql", "AUDIT_TOKEN": tokens.admin}
    done = subprocess.run(
        [node, str(AUDIT)], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) > 40
    failed = [f"{r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] == "error"]
    assert not failed, "\n".join(failed)
    warned = [f"{r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] == "warn"]
    assert not warned, "\n".join(warned)
