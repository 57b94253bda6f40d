"""The bundled Neo4j: one instance per COVERGRAPH_HOME, started as a separate Java process."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from domain.settings import BUNDLED_USER, DEFAULT_PORT, PROJECT_ROOT, BundledSettings, read

SERVER_DIR = PROJECT_ROOT / "neo4j-server"
SERVER_CLASS = "covergraph.server.Server"
JAVA_OPENS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 120.0


class InstanceError(RuntimeError):
    """The bundled database could not be started, stopped or found."""


@dataclass(frozen=True)
class Memory:
    """JVM heap, page cache and transaction memory, in MiB (env COVERGRAPH_NEO4J_*_MB)."""

    heap_mb: int
    page_cache_mb: int
    tx_mb: int

    @classmethod
    def from_env(cls) -> Memory:
        """Reads the sizes from the environment, with defaults for a 24 GiB machine."""
        settings = read(BundledSettings)
        return cls(settings.heap_mb, settings.page_cache_mb, settings.tx_mb)


class Instance:
    """Files of one bundled instance: data, port, password, pid and log under `home`."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.data_dir = home / "neo4j"
        self.port_file = home / "neo4j.port"
        self.password_file = home / "neo4j.password"
        self.pid_file = home / "neo4j.pid"
        self.log_file = home / "neo4j.log"

    def port(self) -> int:
        """Returns the Bolt port recorded for this instance, or the default."""
        if self.port_file.exists():
            return int(self.port_file.read_text().strip())
        return DEFAULT_PORT

    def uri(self) -> str:
        """Returns the Bolt URI of this instance (loopback only)."""
        return f"bolt://127.0.0.1:{self.port()}"

    def password(self) -> str:
        """Returns the generated password, creating it (owner-only file) on first use."""
        if not self.password_file.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(24))
        return self.password_file.read_text().strip()

    def pid(self) -> int | None:
        """Returns the pid of the running server process, or None."""
        if not self.pid_file.exists():
            return None
        pid = int(self.pid_file.read_text().strip() or 0)
        if pid and process_alive(pid) and _is_our_server(pid):
            return pid
        return None

    def start(self, port: int | None = None) -> bool:
        """Starts the server unless it runs; returns False when it was already running."""
        if self.pid() is not None:
            return False
        self.home.mkdir(parents=True, exist_ok=True)
        chosen = port or self.port()
        if not _port_free(chosen):
            raise InstanceError(f"port {chosen} is in use by another program; choose --port")
        self.port_file.write_text(str(chosen))
        self.password()
        process = self._spawn(chosen)
        self.pid_file.write_text(str(process.pid))
        self._wait_ready(process)
        return True

    def _spawn(self, port: int) -> subprocess.Popen[bytes]:
        """Launches the Java server detached from this process group."""
        classpath = _classpath()
        memory = Memory.from_env()
        command = [
            "java",
            f"-Xms{memory.heap_mb}m",
            f"-Xmx{memory.heap_mb}m",
            *read(BundledSettings).java_opts.split(),
            *JAVA_OPENS,
            "-cp",
            classpath,
            SERVER_CLASS,
            str(self.data_dir),
            str(port),
            str(self.password_file),
            str(memory.page_cache_mb),
            str(memory.tx_mb),
        ]
        log = self.log_file.open("ab")
        # A new session: killing the API or a shell never takes the database down with it.
        return subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _wait_ready(self, process: subprocess.Popen[bytes]) -> None:
        """Returns once Cypher answers; raises with the log's tail if the server died."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise InstanceError(f"Neo4j exited during start-up: {self.log_tail()}")
            if ping(self.uri(), self.password()):
                return
            time.sleep(0.5)
        raise InstanceError(
            f"Neo4j did not answer within {START_TIMEOUT_S:.0f} s: {self.log_tail()}"
        )

    def stop(self) -> bool:
        """Stops the server cleanly (SIGTERM runs Neo4j's shutdown); False if not running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while process_alive(pid):
            if time.monotonic() > deadline:
                raise InstanceError(f"Neo4j (pid {pid}) did not stop within {STOP_TIMEOUT_S:.0f} s")
            time.sleep(0.2)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 5) -> str:
        """Returns the last lines of the server log, joined on one line."""
        if not self.log_file.exists():
            return "(no log)"
        tail = self.log_file.read_text(errors="replace").strip().splitlines()[-lines:]
        return " | ".join(tail)


def ping(uri: str, password: str) -> bool:
    """Tells whether the bundled database at `uri` answers a Cypher query."""
    from neo4j import GraphDatabase  # imported here: the driver is not needed to stop

    try:
        # A plain session: execute_query would retry (and log) while the server starts.
        with (
            GraphDatabase.driver(
                uri, auth=(BUNDLED_USER, password), connection_timeout=2
            ) as driver,
            driver.session() as session,
        ):
            session.run("RETURN 1").consume()
    except Exception:  # any failure means "not ready yet"
        return False
    return True


def _classpath() -> str:
    """Returns the server's class path; raises if the Maven build has not run."""
    classes, lib = SERVER_DIR / "target" / "classes", SERVER_DIR / "target" / "lib"
    if not (classes / "covergraph" / "server" / "Server.class").exists():
        raise InstanceError("the bundled Neo4j is not built: run `make setup`")
    return f"{classes}{os.pathsep}{lib}/*"


def process_alive(pid: int) -> bool:
    """Tells whether a process exists (and is not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state != "Z"


def _is_our_server(pid: int) -> bool:
    """Guards against a stale pid file whose pid now belongs to another program."""
    try:
        return SERVER_CLASS.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _port_free(port: int) -> bool:
    """Tells whether nothing listens on the loopback port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """Returns a loopback port nothing listens on (for throwaway test instances)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
