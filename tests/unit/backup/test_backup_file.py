"""The backup file's value encoding round-trips every stored type; other files are refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import pytz
from neo4j.time import Date, DateTime, Duration, Time

from services.backup.backup_file import BackupFileError, decode, encode, read_header

ZONED = DateTime(2026, 3, 1, 1, 30, 0, 123456789, tzinfo=pytz.UTC).as_timezone(
    pytz.timezone("Asia/Shanghai")
)


@pytest.mark.parametrize(
    "value",
    [
        "书记", 7, 2.5, True, ["a", "b"], [1, 2], b"\x00\xff",
        Date(2024, 2, 29),
        DateTime(2024, 1, 2, 3, 4, 5, 6, tzinfo=pytz.FixedOffset(480)),
        DateTime(2024, 1, 2, 3, 4, 5, 999999999),
        ZONED,
        Time(3, 4, 5, 6),
        Duration(months=1, days=2, hours=3, nanoseconds=4),
    ],
)  # fmt: skip
def test_values_round_trip_through_json(value: Any) -> None:
    text = json.dumps(encode(value))
    back = decode(json.loads(text))
    assert back == value
    assert type(back) is type(value)
    assert str(getattr(back, "tzinfo", None)) == str(getattr(value, "tzinfo", None))


def test_unknown_types_are_refused_by_name() -> None:
    with pytest.raises(BackupFileError, match="object"):
        encode(object())


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        ('{"format": "something-else", "version": 1}', "not a covergraph backup"),
        ('{"format": "covergraph-backup", "version": 99}', "format version 99"),
        ("not json", "not a covergraph backup"),
    ],
)
def test_other_files_are_refused(tmp_path: Path, first_line: str, message: str) -> None:
    path = tmp_path / "file.cgb"
    with gzip.open(path, "wt") as handle:
        handle.write(first_line + "\n")
    with pytest.raises(BackupFileError, match=message):
        read_header(path)


def test_a_plain_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.cgb"
    path.write_text("hello")
    with pytest.raises(BackupFileError, match="not a covergraph backup"):
        read_header(path)
