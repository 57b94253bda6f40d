"""One-line failure messages for the command line; tracebacks only with --debug."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

import typer
from rich.console import Console

stderr = Console(stderr=True, highlight=False)
DEBUG = {"on": False}


def fail(message: str, code: int = 1) -> NoReturn:
    """Prints one line naming the cause and exits non-zero."""
    stderr.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def run_guarded(app: Callable[[], object]) -> None:
    """Runs the Typer app, turning any unexpected exception into a one-line message."""
    DEBUG["on"] = "--debug" in sys.argv
    try:
        app()
    except SystemExit:
        raise
    except BaseException as error:
        if DEBUG["on"] or isinstance(error, KeyboardInterrupt):
            raise
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        stderr.print(f"[bold red]error:[/] {first_line}", soft_wrap=True)
        sys.exit(1)
