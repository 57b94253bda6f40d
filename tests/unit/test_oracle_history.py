"""The oracle on a dataset with history (SPEC §5), against answers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from domain.dataset import Dataset
from domain.thresholds import Thresholds
from tests.support.factory import Build
from tests.support.hierarchy import history_problems
from tests.support.oracle import (
    CoverageEntry,
    GapEntry,
    NotExisting,
    ScopeSets,
    gaps,
    hierarchy,
    organisation,
    scope,
    who_covers,
)

BEFORE, MOVE = date(2024, 6, 30), date(2024, 7, 1)  # the last day of the old order, the first new


def entry(person_id: str, relation: str, role: str, via: str, distance: int) -> CoverageEntry:
    """Shorthand for a coverage entry."""
    return CoverageEntry(person_id, relation, role, via, distance)


def gap(
    rule: str, subject: str, related: tuple[str, ...] = (), disc: tuple[str, ...] = ()
) -> GapEntry:
    """Shorthand for a gap."""
    return GapEntry(rule, subject, related, disc)


def history(b: Build, org: str, until: date, name: str, kind: str, parent: str | None) -> None:
    """Adds an organisation_history row."""
    b.row("organisation_history", organisation_id=org, until=until, name=name, kind=kind,
          parent_id=parent)  # fmt: skip


@pytest.fixture
def merged() -> Dataset:
    """Township T2 merges into T1 on 1 July 2024: T2 and its branch B2 are dissolved, B1 moves
    from T2 to T1; on the same day G, a branch, becomes the general branch 新总支 and W, a
    working committee, a committee. N is a branch founded in 2026."""
    b = Build()
    b.org("C1", "COMMITTEE")
    b.org("T1", "COMMITTEE", "C1")
    b.org("T2", "COMMITTEE", "C1", dissolved=MOVE)
    b.org("B1", "BRANCH", "T1")
    history(b, "B1", BEFORE, "B1", "BRANCH", "T2")
    b.org("B2", "BRANCH", "T2", dissolved=MOVE)
    b.org("G", "GENERAL_BRANCH", "T1", name="新总支", full_members=60)
    history(b, "G", BEFORE, "旧支部", "BRANCH", "T1")
    b.org("W", "COMMITTEE", "C1", term_start=date(2019, 1, 1))
    history(b, "W", BEFORE, "W", "WORKING_COMMITTEE", "C1")
    b.org("N", "BRANCH", "T1", founded=date(2026, 1, 1))
    for who, target, end in [("s1", "C1", None), ("s2", "T1", None), ("s3", "T2", BEFORE),
                             ("b1", "B1", None), ("b2", "B2", BEFORE), ("g", "G", None),
                             ("w", "W", None)]:  # fmt: skip
        b.person(who)
        b.post(who, target, "SECRETARY", end=end)
    b.person("p", "C1", "COUNTY")
    b.person("p3", "T2")
    b.liaison("p", "T1", "POINT", vpm=1)
    b.visit("p", "B1", date(2024, 6, 20))  # below T1 from the move on, not before
    b.unit("U2", 5, area="T2")
    b.unit("U3", 5, area="T1")
    b.set_up("B2", "U3")
    b.grid("X2", "GRID", area="T2")
    b.covers("B2", "X2")
    b.person("x")
    b.post("x", "X2", "GRID_LEADER")
    assert history_problems(b.ds) == []
    return b.ds


# --- who covers -----------------------------------------------------------------------------


def test_a_moved_branch_is_covered_by_its_old_chain_the_day_before(merged: Dataset) -> None:
    assert who_covers(merged, "B1", BEFORE) == [
        entry("b1", "POST", "SECRETARY", "B1", 0),
        entry("s3", "CHAIN", "SECRETARY", "T2", 1),
        entry("s1", "CHAIN", "SECRETARY", "C1", 2),
    ]


def test_a_moved_branch_is_covered_by_its_new_chain_from_the_move(merged: Dataset) -> None:
    assert who_covers(merged, "B1", MOVE) == [
        entry("b1", "POST", "SECRETARY", "B1", 0),
        entry("p", "LIAISON", "POINT", "T1", 1),
        entry("s2", "CHAIN", "SECRETARY", "T1", 1),
        entry("s1", "CHAIN", "SECRETARY", "C1", 2),
    ]


def test_grid_entries_count_while_the_organisation_exists(merged: Dataset) -> None:
    assert entry("x", "GRID", "GRID_LEADER", "X2", 0) in who_covers(merged, "B2", BEFORE)


def test_a_dissolved_organisation_is_not_found_and_says_until_when(merged: Dataset) -> None:
    message = "T2 does not exist on 2024-07-01: it exists until 2024-06-30"
    with pytest.raises(NotExisting, match=message) as caught:
        who_covers(merged, "T2", MOVE)
    assert (caught.value.founded, caught.value.dissolved) == (None, MOVE)


def test_an_organisation_not_yet_founded_is_not_found_and_says_from_when(merged: Dataset) -> None:
    with pytest.raises(NotExisting, match=r"it exists from 2026-01-01$"):
        who_covers(merged, "N", BEFORE)
    assert who_covers(merged, "N", date(2026, 1, 1))[0] == entry("p", "LIAISON", "POINT", "T1", 1)


def test_an_unknown_id_is_still_a_key_error(merged: Dataset) -> None:
    with pytest.raises(KeyError, match="unknown organisation 'nope'"):
        who_covers(merged, "nope", MOVE)


# --- names, kinds and lists of the day ------------------------------------------------------


def test_names_and_kinds_are_those_of_the_day(merged: Dataset) -> None:
    before, after = organisation(merged, "G", BEFORE), organisation(merged, "G", MOVE)
    assert (before["name"], before["kind"]) == ("旧支部", "BRANCH")
    assert (after["name"], after["kind"]) == ("新总支", "GENERAL_BRANCH")
    assert after["full_members"] == before["full_members"] == 60  # no history of its own


def test_lists_hold_the_organisations_of_the_day(merged: Dataset) -> None:
    assert sorted(hierarchy(merged, BEFORE)) == ["B1", "B2", "C1", "G", "T1", "T2", "W"]
    assert sorted(hierarchy(merged, MOVE)) == ["B1", "C1", "G", "T1", "W"]
    assert sorted(hierarchy(merged, date(2026, 1, 1))) == ["B1", "C1", "G", "N", "T1", "W"]
    assert hierarchy(merged, BEFORE)["B1"]["parent_id"] == "T2"
    assert hierarchy(merged, MOVE)["B1"]["parent_id"] == "T1"


def test_the_history_row_with_the_smallest_until_reaching_the_day_wins() -> None:
    b = Build()
    b.org("C", "COMMITTEE")
    b.org("T", "COMMITTEE", "C")
    b.org("B", "BRANCH", "C", name="今名")
    history(b, "B", date(2024, 6, 30), "中名", "BRANCH", "T")  # listed first, applies second
    history(b, "B", date(2023, 12, 31), "古名", "BRANCH", "C")
    names = {d: organisation(b.ds, "B", d)["name"] for d in (
        date(2020, 1, 1), date(2023, 12, 31), date(2024, 1, 1), date(2024, 6, 30),
        date(2024, 7, 1))}  # fmt: skip
    assert list(names.values()) == ["古名", "古名", "中名", "中名", "今名"]
    assert [e.via_id for e in who_covers(b.ds, "B", date(2024, 1, 1))] == []
    assert hierarchy(b.ds, date(2024, 1, 1))["B"]["parent_id"] == "T"


def test_founded_and_dissolved_days_are_the_first_day_in_and_the_first_day_out() -> None:
    b = Build()
    b.org("C", "COMMITTEE", founded=date(2024, 1, 1), dissolved=date(2024, 1, 3))
    assert [d.day for d in (date(2023, 12, 31), date(2024, 1, 1), date(2024, 1, 2),
                            date(2024, 1, 3)) if "C" in hierarchy(b.ds, d)] == [1, 2]  # fmt: skip


# --- scope ----------------------------------------------------------------------------------


def test_scope_follows_the_subtree_of_the_day(merged: Dataset) -> None:
    assert scope(merged, "C1", BEFORE) == ScopeSets(
        frozenset({"C1", "T1", "T2", "B1", "B2", "G", "W"}),
        frozenset({"U2", "U3"}),
        frozenset({"X2"}),
        frozenset({"p", "p3"}),
    )
    assert scope(merged, "T1", BEFORE).organisations == {"T1", "G"}
    assert scope(merged, "T1", MOVE).organisations == {"T1", "B1", "G"}


def test_what_lies_in_a_dissolved_area_is_outside_every_scope(merged: Dataset) -> None:
    # U2, X2 and p3 have T2 as their area or place: in no scope once T2 is gone, but the whole
    # graph still sees them.
    assert scope(merged, "C1", MOVE) == ScopeSets(
        frozenset({"C1", "T1", "B1", "G", "W"}), frozenset({"U3"}), frozenset(), frozenset({"p"})
    )
    everything = scope(merged, None, MOVE)
    assert everything.organisations == {"C1", "T1", "B1", "G", "W"}
    assert (everything.units, everything.grids) == ({"U2", "U3"}, {"X2"})
    assert everything.people == {"s1", "s2", "s3", "b1", "b2", "g", "w", "p", "p3", "x"}


def test_a_scope_that_does_not_exist_on_the_day_is_not_found(merged: Dataset) -> None:
    with pytest.raises(NotExisting, match="until 2024-06-30"):
        scope(merged, "T2", MOVE)
    with pytest.raises(NotExisting, match="from 2026-01-01"):
        gaps(merged, BEFORE, scope_id="N")


# --- gaps -----------------------------------------------------------------------------------


def test_gaps_the_day_before_the_merger(merged: Dataset) -> None:
    assert gaps(merged, BEFORE) == [
        gap("COMMITTEE_REQUIRED", "G"),  # a branch of 60 with one committee member, that day
        gap("NO_LIAISON", "B1"),  # under T2, where nobody liaises
        gap("NO_LIAISON", "B2"),
        gap("LIAISON_INACTIVE", "p", ("T1",), ("POINT", "")),  # the visit to B1 is not below T1
        gap("UNIT_UNCOVERED", "U2"),
        gap("BRANCH_TOO_LARGE", "G"),
    ]


def test_gaps_from_the_merger_on(merged: Dataset) -> None:
    assert gaps(merged, MOVE) == [
        gap("UNIT_UNCOVERED", "U2"),
        gap("UNIT_UNCOVERED", "U3"),  # its only set-up was B2's, dissolved
        gap("GRID_UNCOVERED", "X2"),  # covered by B2 only
        gap("TERM_EXPIRED", "W"),  # a committee now: five years from 2019-01-01 have passed
    ]


def test_gaps_in_a_scope_leave_out_what_lies_in_a_dissolved_area(merged: Dataset) -> None:
    assert gaps(merged, MOVE, scope_id="C1") == [
        gap("UNIT_UNCOVERED", "U3"),
        gap("TERM_EXPIRED", "W"),
    ]


def test_a_branch_founded_in_2026_has_no_gap_before(merged: Dataset) -> None:
    assert gaps(merged, BEFORE, rules=["SECRETARY_VACANT"]) == []
    assert gaps(merged, date(2026, 1, 1), rules=["SECRETARY_VACANT"]) == [
        gap("SECRETARY_VACANT", "N")
    ]


def test_a_dissolved_organisation_has_no_gap_from_its_dissolution() -> None:
    b = Build()
    b.org("C", "COMMITTEE")
    b.org("B", "BRANCH", "C", dissolved=MOVE, full_members=70, term_start=date(2010, 1, 1))
    for i in range(3):
        b.unit(f"J{i}", 1)
        b.set_up("B", f"J{i}", "JOINT")
    b.post("s", "C", "SECRETARY")
    b.liaison("s", "C")
    rules = ["SECRETARY_VACANT", "COMMITTEE_REQUIRED", "TERM_EXPIRED", "BRANCH_TOO_LARGE",
             "JOINT_TOO_WIDE", "NO_LIAISON", "LIAISON_INACTIVE"]  # fmt: skip
    th = Thresholds(joint_max_units=2, default_visits_per_month=0)
    assert [g.rule for g in gaps(b.ds, BEFORE, rules=rules, thresholds=th)] == [
        "SECRETARY_VACANT", "COMMITTEE_REQUIRED", "TERM_EXPIRED", "BRANCH_TOO_LARGE",
        "JOINT_TOO_WIDE",
    ]  # fmt: skip
    assert gaps(b.ds, MOVE, rules=rules, thresholds=th) == []


def test_kind_dependent_rules_follow_the_kind_of_the_day() -> None:
    b = Build()
    b.org("C", "COMMITTEE")
    b.org("X", "GROUP", "B", term_start=date(2015, 1, 1))  # a group from the re-kinding on
    history(b, "X", BEFORE, "X", "BRANCH", "C")
    b.org("B", "BRANCH", "C")
    b.post("s", "C", "SECRETARY")
    b.post("s", "B", "SECRETARY")
    b.liaison("s", "C")
    before = [g.rule for g in gaps(b.ds, BEFORE) if g.subject_id == "X"]
    after = [g.rule for g in gaps(b.ds, MOVE) if g.subject_id == "X"]
    assert before == ["SECRETARY_VACANT", "TERM_EXPIRED"]
    assert after == ["GROUP_LEADER_VACANT"]
