"""`covergraph backup PATH` and `covergraph restore PATH [--replace]`: the whole graph to a file
and back (format and consistency: docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli.failures import fail
from api.cli.text import LangOption, resolve_lang
from graph.database import DatabaseUnavailable, session_driver
from services.backup.backup_file import BackupFileError, read_header
from services.backup.backup_restore import RestoreRefused, Summary, restore_backup, write_backup

console = Console(highlight=False)
TEXT: dict[str, tuple[str, str]] = {
    "backing_up": ("备份", "backing up"),
    "restoring": ("恢复", "restoring"),
    "nodes": ("节点", "nodes"),
    "relationships": ("关系", "relationships"),
    "backed_up": (
        "已备份到 {path}：{nodes} 个节点，{rels} 条关系，用时 {seconds:.1f} 秒",
        "backed up to {path}: {nodes} nodes, {rels} relationships in {seconds:.1f} s",
    ),
    "restored": (
        "已从 {path} 恢复：{nodes} 个节点，{rels} 条关系，用时 {seconds:.1f} 秒",
        "restored from {path}: {nodes} nodes, {rels} relationships in {seconds:.1f} s",
    ),
    "not_empty": (
        "数据库已有 {nodes} 个节点，未作任何改动；要以备份替换全部数据，请加 --replace",
        "the database already holds {nodes} nodes; nothing was changed "
        "(add --replace to make it exactly the backup)",
    ),
    "missing": ("找不到备份文件 {path}", "no backup file at {path}"),
}


def _say(key: str, lang: str, **values: object) -> str:
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def _bar() -> Progress:
    """A progress bar for the console (silent when output is not a terminal)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    return Progress(*columns, console=console)


def backup(
    path: Path = typer.Argument(..., help="The backup file to write (gzip'd JSON lines)."),
    lang: str | None = LangOption,
) -> None:
    """Writes every node and relationship to a file, consistently, while the service runs."""
    language = resolve_lang(lang)
    try:
        with session_driver() as (driver, database), _bar() as bar:
            task = bar.add_task(_say("backing_up", language), total=None)
            summary = write_backup(
                driver=driver, database=database, path=path,
                progress=lambda step, done: bar.update(
                    task, advance=done, description=_say(step, language)),
            )  # fmt: skip
    except (DatabaseUnavailable, BackupFileError, OSError) as error:
        fail(str(error))
    _report("backed_up", language, path, summary)


def restore(
    path: Path = typer.Argument(..., help="A file written by `covergraph backup`."),
    replace: bool = typer.Option(False, "--replace", help="Delete everything there first."),
    lang: str | None = LangOption,
) -> None:
    """Makes the database exactly the backup, all or nothing; refuses a non-empty one."""
    language = resolve_lang(lang)
    if not path.is_file():
        fail(_say("missing", language, path=path))
    try:
        counts = read_header(path)["counts"]
        with session_driver() as (driver, database), _bar() as bar:
            total = counts["nodes"] + counts["relationships"]
            task = bar.add_task(_say("restoring", language), total=total)
            summary = restore_backup(
                driver=driver, database=database, path=path, replace=replace,
                progress=lambda step, done: bar.update(
                    task, advance=done, description=_say(step, language)),
            )  # fmt: skip
    except RestoreRefused as refused:
        fail(_say("not_empty", language, nodes=refused.nodes))
    except (DatabaseUnavailable, BackupFileError, OSError) as error:
        fail(str(error))
    _report("restored", language, path, summary)


def _report(key: str, lang: str, path: Path, summary: Summary) -> None:
    """Prints what was written or restored."""
    console.print(_say(key, lang, path=path, nodes=summary.nodes, rels=summary.relationships,
                       seconds=summary.seconds))  # fmt: skip
