"""The changes of one organisation worked out from its segments, without the graph."""

from __future__ import annotations

from datetime import date

from queries.org_changes import ChangeKind, NameTimeline, ParentOnDay, Segment, changes_of

NAMES = {"A": NameTimeline(((date(2020, 6, 30), "甲乡党委"),), "甲镇党委")}


def test_a_row_that_changes_nothing_gives_no_change() -> None:
    segments = [
        Segment(date(2020, 1, 31), "支部", "BRANCH", "A"),
        Segment(None, "支部", "BRANCH", "A"),
    ]
    assert changes_of(segments, None, None, NAMES) == []


def test_boundaries_outside_the_days_it_exists_are_left_out() -> None:
    segments = [
        Segment(date(2019, 12, 31), "旧名", "BRANCH", None),
        Segment(date(2021, 12, 31), "支部", "BRANCH", "A"),
        Segment(None, "新名", "BRANCH", "A"),
    ]
    found = changes_of(segments, date(2020, 1, 1), date(2022, 1, 1), NAMES)
    assert [(c.date, c.kind) for c in found] == [
        (date(2020, 1, 1), ChangeKind.FOUNDED),
        (date(2022, 1, 1), ChangeKind.DISSOLVED),
    ]
    assert found[0].new_name == "支部"
    assert found[0].new_parent == ParentOnDay("A", "甲乡党委", date(2020, 1, 1))
    assert found[1].previous_name == "支部"
    assert found[1].previous_parent == ParentOnDay("A", "甲镇党委", date(2021, 12, 31))


def test_a_parent_is_named_by_its_history_row_with_the_smallest_until_on_or_after_the_day() -> None:
    timeline = NameTimeline(((date(2020, 1, 31), "一"), (date(2020, 6, 30), "二")), "三")
    assert [timeline.on(date(2020, m, 1)) for m in (1, 2, 6, 7)] == ["一", "二", "二", "三"]
    assert timeline.on(date(2020, 1, 31)) == "一"
