"""A problem about one cell of a dataset, located as the user's file or sheet names it."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.dataset import Row, Value
from domain.problems import Problem
from domain.tables import ENUMS, TABLES_BY_NAME
from services.exchange.reading import header_of, is_chinese_source


def cell_problem(table: str, row: Row, column: str, code: str, **params: Any) -> Problem:
    """Builds a problem about one cell, named as the user's file or sheet names it."""
    spec = TABLES_BY_NAME[table]
    source = row.source or table
    header = header_of(spec, spec.column(column), source) if column else ""
    shown = _shown(spec.column(column).enum, row[column], is_chinese_source(source, spec))
    return Problem(source, row.line, header, shown if column else "", code, params)


def _shown(enum: str | None, value: Value, zh: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if enum is not None and zh:
        return ENUMS[enum].get(str(value), str(value))
    return str(value)
