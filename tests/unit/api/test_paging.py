"""Cursors, page sizes and dates of the API, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from api.errors import BadUserInput
from api.limits import Limits
from api.types.date import parse_date
from api.types.gap_connection import gap_cursor, gap_key
from api.types.page_info import PageTooLarge, decode_cursor, encode_cursor, page_size
from queries.records import Gap, NodeRef


def test_cursor_round_trip_and_kind_check() -> None:
    cursor = encode_cursor("organisation", ["党委-1"])
    assert decode_cursor("organisation", cursor) == ["党委-1"]
    with pytest.raises(BadUserInput):
        decode_cursor("person", cursor)
    with pytest.raises(BadUserInput):
        decode_cursor("organisation", "not base64 at all!")


def test_gap_cursor_resumes_behind_its_gap() -> None:
    gap = Gap("LIAISON_INACTIVE", NodeRef("P1", "x", "Person"),
              (NodeRef("B1", "y", "Organisation"),), ("POINT", "2024-01-01"))  # fmt: skip
    assert gap_key(gap_cursor(gap)) == gap.key
    assert gap_key(None) is None
    with pytest.raises(BadUserInput):
        gap_key(encode_cursor("gap", ["NO_SUCH_RULE", "P1", [], []]))


def test_page_size_bounds() -> None:
    default = Limits().max_page_size
    assert page_size(None) == 100
    assert page_size(default) == default
    for bad in (-1, default + 1):
        with pytest.raises(BadUserInput):
            page_size(bad)


def test_page_size_above_the_configured_maximum_is_refused_in_both_languages() -> None:
    assert page_size(150, maximum=150) == 150
    with pytest.raises(PageTooLarge) as refused:
        page_size(151, maximum=150)
    assert refused.value.code == "BAD_USER_INPUT"
    assert "between 0 and 150, got 151" in refused.value.message_in("en")
    assert "分页" in refused.value.message_in("zh")


@pytest.mark.parametrize("text", ["2024-02-30", "20240101", "2024-1-1", "", "yesterday"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text)


def test_dates_parse() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
