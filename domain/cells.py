"""One cell of the exchange format read into its value: text, enum (English or Chinese), count,
date, phone or id number, each with the problem code a bad cell gets (docs/exchange-format.md)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from domain.dataset import Value
from domain.tables import ENUMS, Column, ColumnType

# What a spreadsheet treats as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
# How clerks write a date in Chinese ledgers: 2021年3月1日 (the 日 is often left out).
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
# Full-width forms (U+FF01..U+FF5E) of the printable ASCII characters, and the ideographic
# space: what a Chinese input method types in full-width mode, meant as the ASCII ones.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_COUNT = re.compile(r"[+-]?\d+(?:\.0*)?")
# Light checks of the personal columns: the shape only, never whether the number exists.
PATTERNS: dict[ColumnType, tuple[re.Pattern[str], str]] = {
    ColumnType.PHONE: (re.compile(r"\+?\d[\d -]{3,22}\d"), "bad_phone"),
    ColumnType.ID_NUMBER: (re.compile(r"\d{17}[\dXx]"), "bad_id_number"),
}
# Neo4j indexes ids and names, and refuses index keys of more than about 8 KB (a few thousand
# Chinese characters); no real name or id comes near this.
MAX_TEXT = 1000
# Counts are numbers of Party members; Neo4j stores integers up to 2**63 only.
MAX_COUNT = 10**9


def fold_width(text: str) -> str:
    """Returns text with full-width ASCII letters, digits and signs as their ASCII ones."""
    return text.translate(_HALF_WIDTH)


def normalise(text: str) -> str:
    """Returns a name as matched: full width folded, spaces removed, English case folded."""
    return "".join(fold_width(text).split()).casefold()


def enum_key(text: str) -> str:
    # "General branch", "GENERAL-BRANCH" and "general_branch" all mean GENERAL_BRANCH.
    return normalise(text).replace("_", "").replace("-", "")


ENUM_LOOKUP: dict[str, dict[str, str]] = {
    enum: {enum_key(n): name for name, zh in values.items() for n in (name, zh)}
    for enum, values in ENUMS.items()
}


def is_formula(text: str) -> bool:
    """Tells whether a spreadsheet would evaluate this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def parse_cell(column: Column, raw: Any) -> tuple[Value, str | None]:
    """Parses one cell into its canonical value; returns (value, problem code or None)."""
    if column.type is ColumnType.COUNT:
        return _count(raw)
    if column.type is ColumnType.DATE:
        return _date(raw)
    text = cell_text(raw)
    if text is not None and column.type in _FOLDED:
        text = fold_width(text).strip()
    if text is not None and column.type in PATTERNS:
        pattern, code = PATTERNS[column.type]
        return (text.upper(), None) if pattern.fullmatch(text) else (None, code)
    if text is not None and len(text) > MAX_TEXT:
        return None, "too_long"
    if text is not None and column.type is ColumnType.TEXT and is_formula(text):
        return None, "formula"  # a name is shown in reports that spreadsheets open
    if text is None or column.type is not ColumnType.ENUM:
        return text, None
    canonical = ENUM_LOOKUP[column.enum or ""].get(enum_key(text))
    return (canonical, None) if canonical else (None, "unknown_enum")


def cell_text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a numeric id cell 1001.0 is the id "1001"
    elif isinstance(raw, datetime | date):
        raw = raw.date().isoformat() if isinstance(raw, datetime) else raw.isoformat()
    text = str(raw).strip()
    return text or None


# Columns whose full-width digits and letters are typed by mistake: ids are compared exactly,
# so "Ｏ１" would otherwise be another organisation than "O1".
_FOLDED = frozenset({ColumnType.ID, ColumnType.REF, ColumnType.PHONE, ColumnType.ID_NUMBER})

PROBLEM_PARAMS: dict[str, Any] = {
    "unknown_enum": lambda column: {"enum": column.enum},
    "too_long": lambda column: {"max": MAX_TEXT},
    "count_too_large": lambda column: {"max": MAX_COUNT},
}


def shown(raw: Any) -> str:
    text = cell_text(raw) or ""
    return text if len(text) <= 60 else text[:60] + "…"  # a message stays one readable line


def _count(raw: Any) -> tuple[Value, str | None]:
    if isinstance(raw, bool):
        return None, "not_a_count"
    if isinstance(raw, int | float):
        if not float(raw).is_integer():
            return None, "not_a_count"
        number = int(raw)
    else:
        text = cell_text(raw)
        if text is None:
            return None, None
        text = fold_width(text).strip()
        if not _COUNT.fullmatch(text):
            return None, "not_a_count"
        number = int(text.split(".")[0])
    if number < 0:
        return None, "negative_count"
    return (None, "count_too_large") if number > MAX_COUNT else (number, None)


def _date(raw: Any) -> tuple[Value, str | None]:
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    text = cell_text(raw) if isinstance(raw, str) else None
    if text is None:
        return None, (None if raw is None or isinstance(raw, str) else "bad_date")
    text = fold_width(text).strip()
    match = _DATE.fullmatch(text)
    parts = (match[1], match[3], match[4]) if match else None
    if parts is None and (match := _CHINESE_DATE.fullmatch(text)):
        parts = (match[1], match[2], match[3])
    if parts is None:
        return None, "bad_date"
    try:
        return date(*map(int, parts)), None
    except ValueError:
        return None, "bad_date"
