"""The bundled Neo4j is a real Neo4j 5.26 Community that keeps its data across restarts."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from graph.connection import Connection, connection_from_env
from graph.database import DatabaseUnavailable, open_driver
from graph.instance import Instance, free_port
from queries.system import components


def test_components_report_neo4j_5_26_community(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    kernel = components(driver=driver, database=database)
    assert kernel.name == "Neo4j Kernel"
    assert kernel.version.startswith("5.26.")
    assert kernel.edition == "community"


def test_bolt_listens_on_loopback_only_with_auth(neo4j_instance: Instance) -> None:
    assert neo4j_instance.uri().startswith("bolt://127.0.0.1:")
    assert oct(neo4j_instance.password_file.stat().st_mode & 0o777) == "0o600"
    good = connection_from_env()
    wrong = Connection(good.uri, good.user, "wrong-password", good.database, True)
    with pytest.raises(DatabaseUnavailable, match=r"(?i)unauthori[sz]ed|authentication"):
        open_driver(wrong)


def _address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """Decodes an address of /proc/net/tcp*: 32-bit words, each in host (little-endian) order."""
    raw = bytes.fromhex(hex_address)
    address = ipaddress.ip_address(b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4)))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped  # Java listens on IPv6 sockets; ::ffff:127.0.0.1 is 127.0.0.1
    return address


def _listening(pid: int) -> set[tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, int]]:
    """Returns the (address, port) pairs a process listens on, read from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):  # closed while we look
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                address, port = fields[1].split(":")
                found.add((_address(address), int(port, 16)))
    return found


def test_only_bolt_listens_and_only_on_loopback(neo4j_instance: Instance) -> None:
    pid = neo4j_instance.pid()
    assert pid is not None
    loopback = ipaddress.IPv4Address("127.0.0.1")
    assert _listening(pid) == {(loopback, neo4j_instance.port())}


def test_stop_then_start_keeps_committed_data(
    neo4j_instance: Instance, graph: tuple[Driver, str]
) -> None:
    driver, database = graph
    driver.execute_query("CREATE (:Probe {value: 42})", database_=database)
    port = neo4j_instance.port()
    assert neo4j_instance.stop()
    assert neo4j_instance.start(port)
    with open_driver(connection_from_env()) as fresh:
        records, _, _ = fresh.execute_query(
            "MATCH (p:Probe) RETURN p.value AS v", database_=database
        )
    assert [r["v"] for r in records] == [42]


def test_second_start_reports_running(neo4j_instance: Instance) -> None:
    assert neo4j_instance.start() is False
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "db", "start"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "already running" in result.stdout


def test_killing_a_client_never_locks_the_database(neo4j_instance: Instance) -> None:
    code = (
        "from graph.database import open_driver; from graph.connection import connection_from_env;"
        "d = open_driver(connection_from_env()); s = d.session(); tx = s.begin_transaction();"
        "tx.run('CREATE (:Held)'); import time; print('ready', flush=True); time.sleep(60)"
    )
    client = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert client.stdout is not None
    assert client.stdout.readline().strip() == "ready"
    os.kill(client.pid, signal.SIGKILL)
    client.wait()
    with open_driver(connection_from_env()) as driver:
        driver.execute_query("CREATE (:AfterKill)")
        records, _, _ = driver.execute_query("MATCH (n:Held) RETURN count(n) AS c")
    assert records[0]["c"] == 0


def test_killing_the_api_leaves_the_database_running(neo4j_instance: Instance) -> None:
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).json()
    assert health == {"status": "ok"}  # the database answered
    os.kill(serve.pid, signal.SIGKILL)
    serve.wait()
    status = subprocess.run(
        [sys.executable, "-m", "api.cli", "db", "status"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    assert "5.26." in status.stdout
    assert "community" in status.stdout
    with open_driver(connection_from_env()) as driver:
        driver.execute_query("CREATE (:AfterApiKill)")
