"""A real `covergraph serve` in a subprocess, for tests and benchmarks that need their own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[1]


def start_serve(
    port: int,
    *,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    wait_s: float = 60.0,
    quiet: bool = False,
) -> subprocess.Popen[bytes]:
    """Starts `covergraph serve` on a loopback port (with extra arguments and environment) and
    returns once /health answers 200; `quiet` also drops its log."""
    command = [str(Path(sys.executable).with_name("covergraph")), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, *args],
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"covergraph serve exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"covergraph serve did not become healthy in {wait_s:.0f} s")


def stop_serve(process: subprocess.Popen[bytes]) -> None:
    """Stops a server started by start_serve."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
