"""Relay page information, and the opaque keyset cursors pages are resumed from."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import strawberry

from api.errors import BadUserInput

DEFAULT_PAGE = 100
MAX_PAGE = 500


@strawberry.type(description="Where a page ends and whether more follow.")
class PageInfo:
    """Whether more rows follow, and the cursor of the last row of the page."""

    has_next_page: bool
    end_cursor: str | None


def encode_cursor(kind: str, key: list[Any]) -> str:
    """Returns the opaque cursor of a row: base64 of its kind and sort key."""
    raw = json.dumps([kind, *key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def decode_cursor(kind: str, cursor: str) -> list[Any]:
    """Returns the sort key of a cursor of this kind, or raises BAD_USER_INPUT."""
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as error:
        raise BadUserInput(f"invalid cursor {cursor!r}") from error
    if not isinstance(value, list) or not value or value[0] != kind:
        raise BadUserInput(f"invalid cursor {cursor!r} for this list")
    return value[1:]


def page_size(first: int | None) -> int:
    """Checks `first` (default 100, at most 500) and returns it."""
    if first is None:
        return DEFAULT_PAGE
    if first < 0 or first > MAX_PAGE:
        raise BadUserInput(f"first must be between 0 and {MAX_PAGE}, got {first}")
    return first


def id_after(kind: str, after: str | None) -> str | None:
    """Returns the id an `after` cursor of an id-ordered list resumes behind."""
    if after is None:
        return None
    key = decode_cursor(kind, after)
    if len(key) != 1 or not isinstance(key[0], str):
        raise BadUserInput(f"invalid cursor {after!r} for this list")
    return key[0]
