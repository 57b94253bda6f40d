"""The oracle against answers worked out by hand from docs/coverage-rules.md on tiny datasets."""

from __future__ import annotations

from datetime import date

import pytest

from domain.dataset import Dataset
from domain.thresholds import GAP_RULES, Thresholds
from tests.support.factory import Build
from tests.support.oracle import (
    CHECKS,
    CoverageEntry,
    GapEntry,
    ScopeSets,
    add_years,
    gap_counts,
    gaps,
    scope,
    who_covers,
)

D = date(2024, 6, 30)


def entry(person_id: str, relation: str, role: str, via: str, distance: int) -> CoverageEntry:
    """Shorthand for a coverage entry."""
    return CoverageEntry(person_id, relation, role, via, distance)


def gap(
    rule: str, subject: str, related: tuple[str, ...] = (), disc: tuple[str, ...] = ()
) -> GapEntry:
    """Shorthand for a gap."""
    return GapEntry(rule, subject, related, disc)


# --- who covers ---------------------------------------------------------------------------


@pytest.fixture
def chain_ds() -> Dataset:
    """C1 > C2 > B1 > G1, with a grid cell X1 (and its child X2) covered by B1."""
    b = Build()
    ds = b.ds
    b.org("C1", "COMMITTEE")
    b.org("C2", "COMMITTEE", "C1")
    b.org("B1", "BRANCH", "C2")
    b.org("G1", "GROUP", "B1")
    b.grid("X1", "GRID", area="B1")
    b.grid("X2", "BUILDING", "X1")
    b.covers("B1", "X1")
    for p in ("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"):
        b.person(p)
    b.post("p3", "B1", "SECRETARY")  # open at both ends
    b.post("p2", "B1", "DEPUTY_SECRETARY", date(2024, 1, 1), D)  # ends on D: still valid
    b.post("p9", "B1", "COMMITTEE_MEMBER", None, date(2024, 6, 29))  # ended the day before
    b.post("p4", "C2", "SECRETARY", D)  # starts on D: valid
    b.post("p5", "C2", "SECRETARY", date(2024, 7, 1))  # starts tomorrow
    b.post("p6", "C2", "DEPUTY_SECRETARY")  # not SECRETARY: no CHAIN
    b.post("p1", "C1", "SECRETARY")
    b.post("p7", "X1", "GRID_LEADER")
    b.post("p8", "X2", "BUILDING_LEADER")  # X2 is not covered directly
    b.liaison("p1", "B1", "POINT")
    b.liaison("p3", "B1", "OTHER")
    b.liaison("p7", "C2", "SECTOR")
    b.liaison("p2", "G1", "VILLAGE")  # below B1: does not cover B1
    b.liaison("p1", "C1", "OTHER", None, date(2024, 6, 29))  # ended
    return ds


def test_who_covers_every_relation_in_order(chain_ds: Dataset) -> None:
    assert who_covers(chain_ds, "B1", D) == [
        entry("p2", "POST", "DEPUTY_SECRETARY", "B1", 0),
        entry("p3", "POST", "SECRETARY", "B1", 0),
        entry("p7", "GRID", "GRID_LEADER", "X1", 0),
        entry("p1", "LIAISON", "POINT", "B1", 0),
        entry("p3", "LIAISON", "OTHER", "B1", 0),
        entry("p7", "LIAISON", "SECTOR", "C2", 1),
        entry("p4", "CHAIN", "SECRETARY", "C2", 1),
        entry("p1", "CHAIN", "SECRETARY", "C1", 2),
    ]


def test_who_covers_a_day_later(chain_ds: Dataset) -> None:
    assert who_covers(chain_ds, "B1", date(2024, 7, 1)) == [
        entry("p3", "POST", "SECRETARY", "B1", 0),
        entry("p7", "GRID", "GRID_LEADER", "X1", 0),
        entry("p1", "LIAISON", "POINT", "B1", 0),
        entry("p3", "LIAISON", "OTHER", "B1", 0),
        entry("p7", "LIAISON", "SECTOR", "C2", 1),
        entry("p4", "CHAIN", "SECRETARY", "C2", 1),
        entry("p5", "CHAIN", "SECRETARY", "C2", 1),
        entry("p1", "CHAIN", "SECRETARY", "C1", 2),
    ]


def test_who_covers_a_group_sees_its_whole_chain(chain_ds: Dataset) -> None:
    assert who_covers(chain_ds, "G1", D) == [
        entry("p2", "LIAISON", "VILLAGE", "G1", 0),
        entry("p1", "LIAISON", "POINT", "B1", 1),
        entry("p3", "LIAISON", "OTHER", "B1", 1),
        entry("p3", "CHAIN", "SECRETARY", "B1", 1),
        entry("p7", "LIAISON", "SECTOR", "C2", 2),
        entry("p4", "CHAIN", "SECRETARY", "C2", 2),
        entry("p1", "CHAIN", "SECRETARY", "C1", 3),
    ]


def test_who_covers_root_has_no_chain(chain_ds: Dataset) -> None:
    assert who_covers(chain_ds, "C1", D) == [entry("p1", "POST", "SECRETARY", "C1", 0)]


def test_who_covers_ties_and_duplicates() -> None:
    b = Build()
    ds = b.ds
    b.org("O1", "BRANCH")
    b.person("p1")
    b.grid("X1", "GRID")
    b.grid("X2", "GRID")
    b.covers("O1", "X2")
    b.covers("O1", "X1")
    b.post("p1", "O1", "SECRETARY")
    b.post("p1", "O1", "COMMITTEE_MEMBER")
    b.post("p1", "O1", "COMMITTEE_MEMBER")
    b.post("p1", "X2", "GRID_LEADER")
    b.post("p1", "X1", "GRID_LEADER")
    assert who_covers(ds, "O1", D) == [
        entry("p1", "POST", "COMMITTEE_MEMBER", "O1", 0),
        entry("p1", "POST", "COMMITTEE_MEMBER", "O1", 0),
        entry("p1", "POST", "SECRETARY", "O1", 0),
        entry("p1", "GRID", "GRID_LEADER", "X1", 0),
        entry("p1", "GRID", "GRID_LEADER", "X2", 0),
    ]


def test_who_covers_unknown_organisation(chain_ds: Dataset) -> None:
    with pytest.raises(KeyError, match="nope"):
        who_covers(chain_ds, "nope", D)


# --- scope --------------------------------------------------------------------------------


@pytest.fixture
def scoped_ds() -> Dataset:
    """R > (A > B, Z); grids inherit areas down the grid tree; units and people by area/home."""
    b = Build()
    ds = b.ds
    b.org("R", "COMMITTEE")
    b.org("A", "COMMITTEE", "R")
    b.org("B", "BRANCH", "A")
    b.org("Z", "COMMITTEE", "R")
    b.grid("g_top", "STREET", area="A")
    b.grid("g_mid", "COMMUNITY", "g_top")  # area A, from its parent
    b.grid("g_leaf", "GRID", "g_mid")  # area A, from its grandparent
    b.grid("g_over", "COMMUNITY", "g_top", area="Z")  # its own area wins
    b.grid("g_under", "GRID", "g_over")  # area Z, from the nearest area up the tree
    b.grid("g_orphan", "HOUSEHOLD")  # no area at all
    b.row("units", id="uA", name="uA", party_members=3, area_id="B")
    b.row("units", id="uZ", name="uZ", party_members=3, area_id="Z")
    b.row("units", id="uN", name="uN", party_members=None, area_id=None)
    b.person("pA", rank="COUNTY", home="A")
    b.person("pZ", rank="COUNTY", home="Z")
    b.person("pN", rank="COUNTY", home=None)
    b.liaison("pZ", "B", "POINT")  # the subject is pZ, whose place is Z
    return ds


def test_scope_of_a_middle_organisation(scoped_ds: Dataset) -> None:
    assert scope(scoped_ds, "A") == ScopeSets(
        frozenset({"A", "B"}),
        frozenset({"uA"}),
        frozenset({"g_top", "g_mid", "g_leaf"}),
        frozenset({"pA"}),
    )


def test_scope_of_a_leaf(scoped_ds: Dataset) -> None:
    assert scope(scoped_ds, "B") == ScopeSets(
        frozenset({"B"}), frozenset({"uA"}), frozenset(), frozenset()
    )


def test_scope_of_the_root_misses_what_has_no_place(scoped_ds: Dataset) -> None:
    assert scope(scoped_ds, "R") == ScopeSets(
        frozenset({"R", "A", "B", "Z"}),
        frozenset({"uA", "uZ"}),
        frozenset({"g_top", "g_mid", "g_leaf", "g_over", "g_under"}),
        frozenset({"pA", "pZ"}),
    )


def test_scope_none_is_everything(scoped_ds: Dataset) -> None:
    assert scope(scoped_ds, None) == ScopeSets(
        frozenset({"R", "A", "B", "Z"}),
        frozenset({"uA", "uZ", "uN"}),
        frozenset({"g_top", "g_mid", "g_leaf", "g_over", "g_under", "g_orphan"}),
        frozenset({"pA", "pZ", "pN"}),
    )


def test_scope_unknown_organisation(scoped_ds: Dataset) -> None:
    with pytest.raises(KeyError, match="nope"):
        scope(scoped_ds, "nope")


def test_gaps_unscoped(scoped_ds: Dataset) -> None:
    assert gaps(scoped_ds, D) == [
        gap("SECRETARY_VACANT", "A"),
        gap("SECRETARY_VACANT", "B"),
        gap("SECRETARY_VACANT", "R"),
        gap("SECRETARY_VACANT", "Z"),
        gap("LIAISON_INACTIVE", "pZ", ("B",), ("POINT", "")),
        gap("LEADER_WITHOUT_POINT", "pA"),
        gap("LEADER_WITHOUT_POINT", "pN"),
        gap("UNIT_UNCOVERED", "uA"),
        gap("UNIT_UNCOVERED", "uZ"),
        gap("GRID_UNCOVERED", "g_leaf"),
        gap("GRID_UNCOVERED", "g_under"),
        gap("GRID_LEADER_VACANT", "g_leaf"),
        gap("GRID_LEADER_VACANT", "g_under"),
    ]


def test_gaps_scoped_to_a(scoped_ds: Dataset) -> None:
    # pZ's inactive liaison is on B, but pZ's place is Z: out of A's scope.
    assert gaps(scoped_ds, D, scope_id="A") == [
        gap("SECRETARY_VACANT", "A"),
        gap("SECRETARY_VACANT", "B"),
        gap("LEADER_WITHOUT_POINT", "pA"),
        gap("UNIT_UNCOVERED", "uA"),
        gap("GRID_UNCOVERED", "g_leaf"),
        gap("GRID_LEADER_VACANT", "g_leaf"),
    ]


def test_gaps_scoped_to_z(scoped_ds: Dataset) -> None:
    # pZ is in Z's scope, the organisation of the liaison (B) is not: the gap shows without it.
    assert gaps(scoped_ds, D, scope_id="Z") == [
        gap("SECRETARY_VACANT", "Z"),
        gap("LIAISON_INACTIVE", "pZ", (), ("POINT", "")),
        gap("UNIT_UNCOVERED", "uZ"),
        gap("GRID_UNCOVERED", "g_under"),
        gap("GRID_LEADER_VACANT", "g_under"),
    ]


def test_gaps_rule_filter_keeps_report_order(scoped_ds: Dataset) -> None:
    rules = ["UNIT_UNCOVERED", "SECRETARY_VACANT"]
    assert gaps(scoped_ds, D, scope_id="Z", rules=rules) == [
        gap("SECRETARY_VACANT", "Z"),
        gap("UNIT_UNCOVERED", "uZ"),
    ]


def test_gap_counts(scoped_ds: Dataset) -> None:
    counts = gap_counts(scoped_ds, D)
    assert list(counts) == list(GAP_RULES)
    assert {r: n for r, n in counts.items() if n} == {
        "SECRETARY_VACANT": 4,
        "LIAISON_INACTIVE": 1,
        "LEADER_WITHOUT_POINT": 2,
        "UNIT_UNCOVERED": 2,
        "GRID_UNCOVERED": 2,
        "GRID_LEADER_VACANT": 2,
    }
    assert gap_counts(scoped_ds, D, scope_id="A", rules=["NO_LIAISON", "UNIT_UNCOVERED"]) == {
        "NO_LIAISON": 0,
        "UNIT_UNCOVERED": 1,
    }


def test_gaps_unknown_rule(scoped_ds: Dataset) -> None:
    with pytest.raises(ValueError, match="NOT_A_RULE"):
        gaps(scoped_ds, D, rules=["NOT_A_RULE"])


def test_one_check_per_rule_in_report_order() -> None:
    assert tuple(CHECKS) == GAP_RULES


# --- gap rules, one at a time -------------------------------------------------------------


def only(ds: Dataset, rule: str, day: date = D, **kwargs: object) -> list[GapEntry]:
    """Returns the gaps of one rule, unscoped."""
    return gaps(ds, day, rules=[rule], **kwargs)


def test_secretary_vacant() -> None:
    b = Build()
    ds = b.ds
    b.org("C", "COMMITTEE")
    b.org("W", "WORKING_COMMITTEE")
    b.org("B1", "BRANCH", "C")
    b.org("B2", "BRANCH", "C")
    b.org("G", "GROUP", "B1")
    b.post("p1", "C", "SECRETARY", date(2020, 1, 1), D)
    b.post("p2", "B1", "SECRETARY", None, date(2024, 6, 29))
    b.post("p3", "B2", "DEPUTY_SECRETARY")
    assert only(ds, "SECRETARY_VACANT") == [
        gap("SECRETARY_VACANT", "B1"),
        gap("SECRETARY_VACANT", "B2"),
        gap("SECRETARY_VACANT", "W"),
    ]


def test_group_leader_vacant() -> None:
    b = Build()
    ds = b.ds
    b.org("B", "BRANCH")
    b.org("G1", "GROUP", "B")
    b.org("G2", "GROUP", "B")
    b.org("G3", "GROUP", "B")
    b.post("p1", "G1", "GROUP_LEADER")
    b.post("p2", "G2", "SECRETARY")
    b.post("p3", "G3", "GROUP_LEADER", date(2024, 7, 1))
    assert only(ds, "GROUP_LEADER_VACANT") == [
        gap("GROUP_LEADER_VACANT", "G2"),
        gap("GROUP_LEADER_VACANT", "G3"),
    ]


def test_committee_required_at_its_boundaries() -> None:
    b = Build()
    ds = b.ds
    b.org("B6", "BRANCH", full_members=6)  # too small to need a committee
    b.org("B7", "BRANCH", full_members=7)  # 2 people (p1 holds two roles)
    b.post("p1", "B7", "SECRETARY")
    b.post("p1", "B7", "DEPUTY_SECRETARY")
    b.post("p2", "B7", "COMMITTEE_MEMBER")
    b.org("B7ok", "BRANCH", full_members=7)  # 3 people
    for p, role in (("p1", "SECRETARY"), ("p2", "DISCIPLINE_MEMBER"), ("p3", "PROPAGANDA_MEMBER")):
        b.post(p, "B7ok", role)
    b.org("B7first", "BRANCH", full_members=7)  # FIRST_SECRETARY is not a committee role
    for p, role in (("p1", "SECRETARY"), ("p2", "ORGANISATION_MEMBER"), ("p3", "FIRST_SECRETARY")):
        b.post(p, "B7first", role)
    b.org("B7old", "BRANCH", full_members=7)  # the third post has ended
    b.post("p1", "B7old", "SECRETARY")
    b.post("p2", "B7old", "COMMITTEE_MEMBER")
    b.post("p3", "B7old", "COMMITTEE_MEMBER", None, date(2024, 6, 29))
    b.org("Bnone", "BRANCH", full_members=None)
    b.org("GB", "GENERAL_BRANCH", full_members=30)
    assert only(ds, "COMMITTEE_REQUIRED") == [
        gap("COMMITTEE_REQUIRED", "B7"),
        gap("COMMITTEE_REQUIRED", "B7first"),
        gap("COMMITTEE_REQUIRED", "B7old"),
    ]


def test_committee_oversize_at_its_boundary() -> None:
    b = Build()
    ds = b.ds
    roles = ("SECRETARY", "DEPUTY_SECRETARY", "ORGANISATION_MEMBER", "COMMITTEE_MEMBER")
    b.org("B5", "BRANCH")  # 5 people, one of them twice
    b.org("B5x", "BRANCH")  # 5 committee people plus a group leader
    b.org("B6", "BRANCH")  # 6 people
    b.org("GB6", "GENERAL_BRANCH")  # 6 people, but not a BRANCH
    for i in range(5):
        for target in ("B5", "B5x", "B6", "GB6"):
            b.post(f"p{i}", target, roles[i % len(roles)])
    b.post("p0", "B5", "COMMITTEE_MEMBER")
    b.post("p5", "B5x", "GROUP_LEADER")
    b.post("p5", "B6", "COMMITTEE_MEMBER")
    b.post("p5", "GB6", "COMMITTEE_MEMBER")
    assert only(ds, "COMMITTEE_OVERSIZE") == [gap("COMMITTEE_OVERSIZE", "B6")]


def test_no_liaison_looks_up_the_chain_only() -> None:
    b = Build()
    ds = b.ds
    b.org("C1", "COMMITTEE")
    b.org("C2", "COMMITTEE", "C1")
    b.org("B1", "BRANCH", "C2")  # covered by the liaison on its grandparent
    b.org("Cx", "COMMITTEE")
    b.org("Bw", "BRANCH", "Cx")  # a liaison below it does not count
    b.org("Gw", "GROUP", "Bw")
    b.org("Bx", "BRANCH", "Cx")  # nothing
    b.org("By", "BRANCH", "Cx")  # liaison ended
    b.org("Bz", "BRANCH", "Cx")  # liaison on itself
    b.liaison("p1", "C1")
    b.liaison("p2", "Gw")
    b.liaison("p3", "By", end=date(2024, 6, 29))
    b.liaison("p4", "Bz", start=D)
    assert only(ds, "NO_LIAISON") == [
        gap("NO_LIAISON", "Bw"),
        gap("NO_LIAISON", "Bx"),
        gap("NO_LIAISON", "By"),
    ]


@pytest.fixture
def visits_ds() -> Dataset:
    """C > B > G and C > S; liaisons on B and G, visits around the 30-day window."""
    b = Build()
    ds = b.ds
    b.org("C", "COMMITTEE")
    b.org("B", "BRANCH", "C")
    b.org("G", "GROUP", "B")
    b.org("S", "BRANCH", "C")
    for p in ("p1", "p2", "p3", "p4", "p5"):
        b.person(p, home="B")
    # p1: one visit on D-29 to B, one on D to G below it: 2 of the default 2.
    b.liaison("p1", "B", "POINT", date(2024, 1, 1))
    b.visit("p1", "B", date(2024, 6, 1))
    b.visit("p1", "G", D)
    # p2: only the D-29 visit counts (D-30, the parent, a sibling, after D, someone else's do not).
    b.liaison("p2", "B", "POINT")
    b.visit("p2", "B", date(2024, 6, 1))
    b.visit("p2", "B", date(2024, 5, 31))
    b.visit("p2", "C", date(2024, 6, 15))
    b.visit("p2", "S", date(2024, 6, 15))
    b.visit("p2", "B", date(2024, 7, 1))
    # p3: 1 visit to G fulfils the liaison on G (1 a month), not the one on B (3 a month).
    b.visit("p3", "G", date(2024, 6, 10))
    b.liaison("p3", "G", "VILLAGE", vpm=1)
    b.liaison("p3", "B", "SECTOR", date(2024, 2, 29), vpm=3)
    b.liaison("p3", "B", "OTHER", date(2023, 1, 1), date(2024, 6, 29))  # not valid
    # p4: zero visits wanted, none made.
    b.liaison("p4", "B", "POINT", vpm=0)
    # p5: two valid liaisons on B, no visits: one gap each.
    b.liaison("p5", "B", "VILLAGE")
    b.liaison("p5", "B", "POINT", date(2024, 1, 1))
    return ds


def test_liaison_inactive_window_and_subtree(visits_ds: Dataset) -> None:
    assert only(visits_ds, "LIAISON_INACTIVE") == [
        gap("LIAISON_INACTIVE", "p2", ("B",), ("POINT", "")),
        gap("LIAISON_INACTIVE", "p3", ("B",), ("SECTOR", "2024-02-29")),
        gap("LIAISON_INACTIVE", "p5", ("B",), ("POINT", "2024-01-01")),
        gap("LIAISON_INACTIVE", "p5", ("B",), ("VILLAGE", "")),
    ]


def test_liaison_inactive_with_a_wider_window(visits_ds: Dataset) -> None:
    # A 31-day window reaches D-30, so p2's visit on 31 May now counts.
    wider = Thresholds(visit_window_days=31)
    assert only(visits_ds, "LIAISON_INACTIVE", thresholds=wider) == [
        gap("LIAISON_INACTIVE", "p3", ("B",), ("SECTOR", "2024-02-29")),
        gap("LIAISON_INACTIVE", "p5", ("B",), ("POINT", "2024-01-01")),
        gap("LIAISON_INACTIVE", "p5", ("B",), ("VILLAGE", "")),
    ]


def test_leader_without_point() -> None:
    b = Build()
    ds = b.ds
    b.org("B", "BRANCH")
    b.person("pa", rank="COUNTY")  # has a valid liaison
    b.person("pb", rank="COUNTY")  # liaison ended
    b.person("pc", rank="TOWNSHIP")
    b.person("pd", rank="COUNTY")
    b.person("pe", rank=None)
    b.liaison("pa", "B", "OTHER")
    b.liaison("pb", "B", "POINT", end=date(2024, 6, 29))
    assert only(ds, "LEADER_WITHOUT_POINT") == [
        gap("LEADER_WITHOUT_POINT", "pb"),
        gap("LEADER_WITHOUT_POINT", "pd"),
    ]


def test_unit_uncovered_at_its_boundary() -> None:
    b = Build()
    ds = b.ds
    b.org("B", "BRANCH")
    for uid, members in (("u2", 2), ("u3", 3), ("u5", 5), ("uN", None)):
        b.row("units", id=uid, name=uid, party_members=members)
    b.row("org_units", organisation_id="B", unit_id="u5", form="ATTACHED")
    assert only(ds, "UNIT_UNCOVERED") == [gap("UNIT_UNCOVERED", "u3")]


def test_grid_uncovered() -> None:
    b = Build()
    ds = b.ds
    b.org("B", "BRANCH")
    b.grid("g1", "GRID")
    b.grid("g2", "GRID")
    b.grid("g3", "BUILDING")
    b.covers("B", "g2")
    assert only(ds, "GRID_UNCOVERED") == [gap("GRID_UNCOVERED", "g1")]


def test_grid_leader_vacant() -> None:
    b = Build()
    ds = b.ds
    for gid, level in (
        ("a_grid", "GRID"),
        ("b_building", "BUILDING"),
        ("c_village_group", "VILLAGE_GROUP"),
        ("d_grid_led", "GRID"),
        ("e_building_old", "BUILDING"),
        ("f_community", "COMMUNITY"),
        ("g_household", "HOUSEHOLD"),
    ):
        b.grid(gid, level)
    b.post("p1", "d_grid_led", "BUILDING_LEADER")  # any role will do
    b.post("p2", "e_building_old", "BUILDING_LEADER", None, date(2024, 6, 29))
    assert only(ds, "GRID_LEADER_VACANT") == [
        gap("GRID_LEADER_VACANT", "a_grid"),
        gap("GRID_LEADER_VACANT", "b_building"),
        gap("GRID_LEADER_VACANT", "c_village_group"),
        gap("GRID_LEADER_VACANT", "e_building_old"),
    ]


def test_add_years() -> None:
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2021, 3, 1), 3) == date(2024, 3, 1)


@pytest.fixture
def terms_ds() -> Dataset:
    """Organisations of every kind whose terms end around 28 February 2025."""
    b = Build()
    ds = b.ds
    b.org("C_leap", "COMMITTEE", term_start=date(2020, 2, 29))  # ends 2025-02-28
    b.org("C_none", "COMMITTEE")
    b.org("B_rural", "BRANCH", "C_leap", domain="RURAL", term_start=date(2020, 2, 28))
    b.org("GB_comm", "GENERAL_BRANCH", "C_leap", domain="COMMUNITY", term_start=date(2020, 3, 1))
    b.org("B_soe", "BRANCH", "C_leap", domain="SOE", term_start=date(2022, 2, 28))
    b.org("B_other", "BRANCH", "C_leap", domain="OTHER", term_start=date(2022, 3, 1))
    b.org("GB_nodomain", "GENERAL_BRANCH", "C_leap", term_start=date(2022, 2, 28))
    b.org("W_old", "WORKING_COMMITTEE", term_start=date(2000, 1, 1))
    b.org("G_old", "GROUP", "B_soe", term_start=date(2000, 1, 1))
    return ds


def test_term_expired_the_day_before(terms_ds: Dataset) -> None:
    assert only(terms_ds, "TERM_EXPIRED", date(2025, 2, 27)) == []


def test_term_expired_on_28_february(terms_ds: Dataset) -> None:
    assert only(terms_ds, "TERM_EXPIRED", date(2025, 2, 28)) == [
        gap("TERM_EXPIRED", "B_rural"),
        gap("TERM_EXPIRED", "B_soe"),
        gap("TERM_EXPIRED", "C_leap"),
        gap("TERM_EXPIRED", "GB_nodomain"),
    ]


def test_term_expired_on_1_march(terms_ds: Dataset) -> None:
    assert only(terms_ds, "TERM_EXPIRED", date(2025, 3, 1)) == [
        gap("TERM_EXPIRED", "B_other"),
        gap("TERM_EXPIRED", "B_rural"),
        gap("TERM_EXPIRED", "B_soe"),
        gap("TERM_EXPIRED", "C_leap"),
        gap("TERM_EXPIRED", "GB_comm"),
        gap("TERM_EXPIRED", "GB_nodomain"),
    ]


def test_branch_too_large_at_its_boundary() -> None:
    b = Build()
    ds = b.ds
    b.org("B50", "BRANCH", full_members=50)
    b.org("B51", "BRANCH", full_members=51)
    b.org("GB99", "GENERAL_BRANCH", full_members=99)
    b.org("Bnone", "BRANCH")
    assert only(ds, "BRANCH_TOO_LARGE") == [gap("BRANCH_TOO_LARGE", "B51")]


def test_joint_too_wide_at_its_boundary() -> None:
    b = Build()
    ds = b.ds
    for oid in ("O5", "O6"):
        b.org(oid, "BRANCH")
    for i in range(6):
        b.row("units", id=f"u{i}", name=f"u{i}")
        b.row("org_units", organisation_id="O6", unit_id=f"u{i}", form="JOINT")
        # O5 has five JOINT links; its sixth link is OWN and does not count.
        b.row("org_units", organisation_id="O5", unit_id=f"u{i}", form="JOINT" if i else "OWN")
    assert only(ds, "JOINT_TOO_WIDE") == [gap("JOINT_TOO_WIDE", "O6")]
