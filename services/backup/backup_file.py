"""The backup file: gzip'd JSON lines, a header first, then nodes, then relationships.

Line 1, the header: {"format": "covergraph-backup", "version": 1, "created": ISO time,
"neo4j": server version, "counts": {"nodes", "relationships", "labels": {label: n},
"types": {type: n}}}. Then one line per node, {"node": key, "labels": [...], "props": {...}},
and one per relationship, {"rel": type, "from": key, "to": key, "props": {...}}, where a key is
the node's number within the file. Property values are JSON, except temporal values and bytes,
which are objects with one `$kind` field holding their ISO text (base64 for bytes), so a
restore gives back exactly the stored value (docs/operations.md).
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytz
from neo4j import time as neo4j_time

FORMAT, VERSION = "covergraph-backup", 1
TEMPORAL: dict[str, type[Any]] = {
    "$date": neo4j_time.Date,
    "$time": neo4j_time.Time,
    "$datetime": neo4j_time.DateTime,
    "$duration": neo4j_time.Duration,
}


class BackupFileError(ValueError):
    """The file is not a covergraph backup this version can read."""


def encode(value: Any) -> Any:
    """Returns a property value as JSON-ready data."""
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    for kind, cls in TEMPORAL.items():
        if isinstance(value, cls):
            return _temporal(kind, value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise BackupFileError(f"cannot back up a property of type {type(value).__name__}: {value!r}")


def _temporal(kind: str, value: Any) -> dict[str, str]:
    """Encodes a temporal value; a named time zone is kept by name, not only as an offset."""
    zone = getattr(value, "tzinfo", None)
    name = getattr(zone, "key", None) or getattr(zone, "zone", None)
    if kind == "$datetime" and name:  # the instant in UTC, and the zone to show it in
        return {kind: value.astimezone(pytz.UTC).iso_format(), "zone": str(name)}
    return {kind: value.iso_format()}


def decode(value: Any) -> Any:
    """Returns a property value from its JSON form."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    kind = next((k for k in TEMPORAL if k in value), None)
    if kind is None:
        raise BackupFileError(f"unknown value in backup: {value!r}")
    decoded = TEMPORAL[kind].from_iso_format(value[kind])
    if "zone" not in value:
        return decoded
    # As the driver itself builds a zoned value it reads: the UTC instant, moved to the zone.
    return decoded.replace(tzinfo=pytz.UTC).as_timezone(pytz.timezone(value["zone"]))


def props_out(props: dict[str, Any]) -> dict[str, Any]:
    """Encodes every property of a node or relationship."""
    return {name: encode(value) for name, value in props.items()}


def props_in(props: dict[str, Any]) -> dict[str, Any]:
    """Decodes every property of a node or relationship."""
    return {name: decode(value) for name, value in props.items()}


def write_line(handle: IO[str], entry: dict[str, Any]) -> None:
    """Writes one entry as one line."""
    handle.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    handle.write("\n")


def open_for_writing(path: Path) -> IO[str]:
    """Opens a backup file for writing (gzip, UTF-8)."""
    return gzip.open(path, "wt", encoding="utf-8", compresslevel=6)


def read_header(path: Path) -> dict[str, Any]:
    """Returns a backup file's header, checking that it is one this version reads."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return _checked(path, handle.readline())
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise BackupFileError(f"{path} is not a covergraph backup: {error}") from error


def read_entries(path: Path) -> Iterator[dict[str, Any]]:
    """Yields the node and relationship lines after the header."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        _checked(path, handle.readline())
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _checked(path: Path, line: str) -> dict[str, Any]:
    """Parses the header line, refusing other files and other format versions."""
    try:
        header = json.loads(line or "null")
    except json.JSONDecodeError as error:
        raise BackupFileError(f"{path} is not a covergraph backup: {error}") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupFileError(f"{path} is not a covergraph backup (no {FORMAT} header)")
    if header.get("version") != VERSION:
        raise BackupFileError(f"{path} is format version {header.get('version')}, not {VERSION}")
    return header
