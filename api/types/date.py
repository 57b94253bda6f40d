"""The Date scalar: an ISO calendar date, YYYY-MM-DD."""

from __future__ import annotations

import datetime
import re

import strawberry

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> datetime.date:
    """Parses a YYYY-MM-DD string, or raises ValueError naming the value."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"invalid date {value!r}: expected an ISO date YYYY-MM-DD")


def serialize_date(value: datetime.date) -> str:
    """Writes a date as YYYY-MM-DD."""
    return value.isoformat()


DATE = strawberry.scalar(
    name="Date",
    description="An ISO calendar date, YYYY-MM-DD.",
    serialize=serialize_date,
    parse_value=parse_date,
)
