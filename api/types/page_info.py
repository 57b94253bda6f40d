"""Relay page information, and the opaque keyset cursors pages are resumed from."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import strawberry

from api.errors import BadUserInput
from api.limits import current
from api.messages import text

DEFAULT_PAGE = 100


class PageTooLarge(BadUserInput):
    """`first` asks for more rows than one page may hold (or fewer than none)."""

    def __init__(self, first: int, maximum: int) -> None:
        super().__init__(text("page_size", "en", max=maximum, value=first))
        self.first, self.maximum = first, maximum

    def message_in(self, lang: str) -> str:
        """Returns the message in the language."""
        return text("page_size", lang, max=self.maximum, value=self.first)


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


def page_size(first: int | None, maximum: int | None = None) -> int:
    """Checks `first` (default 100, at most COVERGRAPH_MAX_PAGE_SIZE) and returns it.

    A larger `first` is refused rather than clamped: a client that asked for 1000 rows and
    silently got 500 could take one page for the whole list.
    """
    maximum = current().max_page_size if maximum is None else maximum
    if first is None:
        return DEFAULT_PAGE  # never above the maximum, which is at least 100
    if first < 0 or first > maximum:
        raise PageTooLarge(first, maximum)
    return first


def id_after(kind: str, after: str | None) -> str | None:
    """Returns the id an `after` cursor of an id-ordered list resumes behind."""
    if after is None:
        return None
    key = decode_cursor(kind, after)
    if len(key) != 1 or not isinstance(key[0], str):
        raise BadUserInput(f"invalid cursor {after!r} for this list")
    return key[0]
