"""coverage_gaps, count_gaps, iter_gaps and detail against small hand-built graphs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from neo4j import Driver

from domain.refusals import UnknownIdError
from domain.thresholds import GAP_RULES, Thresholds
from queries.gaps import count_gaps, coverage_gaps, detail, iter_gaps
from queries.records import Gap, GapKey
from tests.support.factory import Build, D

Graph = tuple[Driver, str]


def _gaps(graph: Graph, day: date = D, **filters: object) -> list[tuple[str, str]]:
    driver, database = graph
    found = coverage_gaps(driver=driver, database=database, day=day, **filters)  # type: ignore[arg-type]
    return [(g.rule, g.subject.id) for g in found]


def _one(graph: Graph, rule: str, day: date = D, **filters: object) -> list[Gap]:
    driver, database = graph
    return coverage_gaps(driver=driver, database=database, day=day, rules=[rule], **filters)  # type: ignore[arg-type]


def _tree(b: Build) -> Build:
    """C (committee) > T (committee) > B1, B2 (branches) > G1 (group of B1); X another root."""
    b.org("C", "COMMITTEE").org("T", "COMMITTEE", "C").org("B1", "BRANCH", "T")
    b.org("B2", "BRANCH", "T").org("G1", "GROUP", "B1").org("X", "WORKING_COMMITTEE")
    for o in ("C", "T", "B1", "B2", "X"):
        b.person(f"s{o}", o).post(f"s{o}", o, "SECRETARY")
    return b.person("gl", "B1").post("gl", "G1", "GROUP_LEADER")


def test_vacancies(graph: Graph) -> None:
    b = _tree(Build())
    b.ds.tables["posts"] = [p for p in b.ds.rows("posts") if p["target_id"] not in ("T", "G1")]
    b.person("old", "T").post("old", "T", "SECRETARY", end=date(2024, 5, 1))
    b.load(*graph)
    assert _gaps(graph, rules=["SECRETARY_VACANT", "GROUP_LEADER_VACANT"]) == [
        ("SECRETARY_VACANT", "T"),
        ("GROUP_LEADER_VACANT", "G1"),
    ]
    (gap,) = _one(graph, "SECRETARY_VACANT")
    assert gap.facts["last_end"] == date(2024, 5, 1)
    assert detail(gap) == "T书记空缺（上一任至2024-05-01）"
    assert detail(gap, "en") == "T has no secretary (the last one served until 2024-05-01)"


def test_committee_size_rules(graph: Graph) -> None:
    b = _tree(Build())
    b.ds.rows("organisations")[2].values["full_members"] = 7  # B1
    b.ds.rows("organisations")[3].values["full_members"] = 6  # B2
    b.person("m1").post("m1", "B1", "ORGANISATION_MEMBER").post("m1", "B1", "COMMITTEE_MEMBER")
    b.person("m2").post("m2", "B1", "FIRST_SECRETARY")  # not a committee role
    for i in range(5):
        b.person(f"c{i}").post(f"c{i}", "B2", "COMMITTEE_MEMBER")
    b.load(*graph)
    (required,) = _one(graph, "COMMITTEE_REQUIRED")
    assert required.subject.id == "B1"
    assert required.facts == {"members": 7, "committee": 2, "required": 3}
    (oversize,) = _one(graph, "COMMITTEE_OVERSIZE")
    assert (oversize.subject.id, oversize.facts["committee"]) == ("B2", 6)
    assert _one(graph, "COMMITTEE_OVERSIZE", thresholds=Thresholds(committee_max_size=6)) == []


def test_no_liaison_looks_up_the_tree(graph: Graph) -> None:
    b = _tree(Build())
    b.person("l").liaison("l", "T", end=D - timedelta(days=1))
    b.load(*graph)
    assert _gaps(graph, rules=["NO_LIAISON"]) == [("NO_LIAISON", "B1"), ("NO_LIAISON", "B2")]
    assert _gaps(graph, D - timedelta(days=1), rules=["NO_LIAISON"]) == []


def test_liaison_inactive_counts_visits_below_in_the_window(graph: Graph) -> None:
    b = _tree(Build())
    b.person("l", "C").liaison("l", "T", "SECTOR", vpm=2).liaison("l", "B2", "POINT", vpm=1)
    b.visit("l", "B1", D - timedelta(days=29)).visit("l", "G1", D)
    b.visit("l", "B2", D - timedelta(days=30)).visit("l", "C", D)
    b.load(*graph)
    (gap,) = _one(graph, "LIAISON_INACTIVE")
    assert (gap.subject.id, [r.id for r in gap.related], gap.discriminator) == (
        "l", ["B2"], ("POINT", ""),
    )  # fmt: skip
    assert (gap.facts["visits"], gap.facts["required"]) == (0, 1)
    assert "B2" in detail(gap)
    assert "B2" in detail(gap, "en")
    assert len(_one(graph, "LIAISON_INACTIVE", D + timedelta(days=1))) == 2


def test_liaison_inactive_one_gap_per_liaison(graph: Graph) -> None:
    b = _tree(Build()).person("l", "C")
    b.liaison("l", "B1", "POINT", start=date(2024, 1, 1)).liaison("l", "B1", "POINT")
    b.liaison("l", "B1", "OTHER", vpm=0)
    b.load(*graph)
    found = _one(graph, "LIAISON_INACTIVE")
    assert [g.discriminator for g in found] == [("POINT", ""), ("POINT", "2024-01-01")]


def test_leaders_units_grids(graph: Graph) -> None:
    b = _tree(Build())
    b.person("boss", "C", "COUNTY").person("busy", "C", "COUNTY").liaison("busy", "B1")
    b.unit("u1", 3, "B1").unit("u2", 2, "B1").unit("u3", 9, "B1").set_up("B1", "u3")
    b.grid("street", "STREET", area="T").grid("g1", "GRID", "street").grid("g2", "GRID", "street")
    b.grid("h", "BUILDING", "g1").covers("B1", "g1").post("busy", "h", "BUILDING_LEADER")
    b.load(*graph)
    assert _gaps(graph, rules=["LEADER_WITHOUT_POINT", "UNIT_UNCOVERED", "GRID_UNCOVERED"]) == [
        ("LEADER_WITHOUT_POINT", "boss"),
        ("UNIT_UNCOVERED", "u1"),
        ("GRID_UNCOVERED", "g2"),
    ]
    assert _gaps(graph, rules=["GRID_LEADER_VACANT"]) == [
        ("GRID_LEADER_VACANT", "g1"),
        ("GRID_LEADER_VACANT", "g2"),
    ]


@pytest.mark.parametrize(
    ("kind", "domain", "start", "due"),
    [
        ("COMMITTEE", None, date(2020, 2, 29), date(2025, 2, 28)),
        ("BRANCH", "RURAL", date(2019, 7, 1), date(2024, 7, 1)),
        ("BRANCH", "SOE", date(2020, 2, 29), date(2023, 2, 28)),
        ("GENERAL_BRANCH", "COMMUNITY", date(2019, 3, 1), date(2024, 3, 1)),
        ("GENERAL_BRANCH", None, date(2021, 2, 28), date(2024, 2, 28)),
    ],
)
def test_term_expired_on_the_due_day(
    graph: Graph, kind: str, domain: str | None, start: date, due: date
) -> None:
    b = Build().org("C", "COMMITTEE").org("W", "WORKING_COMMITTEE", term_start=date(2000, 1, 1))
    if kind == "COMMITTEE":
        b.org("O", kind, "C", domain=domain, term_start=start)
    else:
        b.org("GB", "GENERAL_BRANCH", "C").org("O", kind, "C", domain=domain, term_start=start)
    b.load(*graph)
    assert _gaps(graph, due - timedelta(days=1), rules=["TERM_EXPIRED"]) == []
    (gap,) = _one(graph, "TERM_EXPIRED", due)
    assert (gap.subject.id, gap.facts["term_end"]) == ("O", due)
    assert str(due) in detail(gap)


def test_branch_too_large_and_joint_too_wide(graph: Graph) -> None:
    b = _tree(Build())
    b.ds.rows("organisations")[2].values["full_members"] = 51
    b.ds.rows("organisations")[3].values["full_members"] = 50
    for i in range(6):
        b.unit(f"u{i}", 1, "T").set_up("B2", f"u{i}", "JOINT").set_up("B1", f"u{i}", "OWN")
    b.load(*graph)
    assert _gaps(graph, rules=["BRANCH_TOO_LARGE", "JOINT_TOO_WIDE"]) == [
        ("BRANCH_TOO_LARGE", "B1"),
        ("JOINT_TOO_WIDE", "B2"),
    ]
    assert _one(graph, "JOINT_TOO_WIDE", thresholds=Thresholds(joint_max_units=6)) == []


def _scoped_graph(graph: Graph) -> None:
    b = _tree(Build()).person("lost", rank="COUNTY").person("home", "B2", "COUNTY")
    b.person("up", "C", "COUNTY").unit("u1", 5, "T").unit("u2", 5, "C").unit("u3", 5)
    b.grid("s", "STREET", area="T").grid("g1", "GRID", "s").grid("g2", "GRID", area="C")
    b.grid("g3", "GRID", "s", area="X").grid("g4", "GRID")
    b.ds.tables["posts"] = [p for p in b.ds.rows("posts") if p["target_id"] != "B2"]
    b.load(*graph)


def test_scope_follows_areas_and_places(graph: Graph) -> None:
    _scoped_graph(graph)
    kinds = ["SECRETARY_VACANT", "LEADER_WITHOUT_POINT", "UNIT_UNCOVERED", "GRID_UNCOVERED"]
    assert _gaps(graph, scope_id="T", rules=kinds) == [
        ("SECRETARY_VACANT", "B2"),
        ("LEADER_WITHOUT_POINT", "home"),
        ("UNIT_UNCOVERED", "u1"),
        ("GRID_UNCOVERED", "g1"),
    ]
    everything = _gaps(graph, rules=kinds)
    assert ("LEADER_WITHOUT_POINT", "lost") in everything
    assert ("UNIT_UNCOVERED", "u3") in everything
    assert ("GRID_UNCOVERED", "g4") in everything
    assert ("GRID_UNCOVERED", "g3") in _gaps(graph, scope_id="X", rules=kinds)


def test_counts_match_the_list(graph: Graph) -> None:
    _scoped_graph(graph)
    driver, database = graph
    for scope in (None, "C", "T", "B2"):
        listed = _gaps(graph, scope_id=scope)
        counts = count_gaps(driver=driver, database=database, day=D, scope_id=scope)
        assert list(counts) == list(GAP_RULES)
        assert counts == {r: sum(1 for g in listed if g[0] == r) for r in GAP_RULES}
    assert count_gaps(driver=driver, database=database, day=D, rules=["TERM_EXPIRED"]) == {
        "TERM_EXPIRED": 0
    }


def test_gaps_that_look_alike_in_a_scope_are_each_paged_once(graph: Graph) -> None:
    # A person of T liaises with B1 and X's tree as a sector, without a start: in T's scope X is
    # left out of the gap, and the two gaps differ only by their occurrence.
    b = _tree(Build()).person("l", "T").org("Y", "COMMITTEE", "X")
    b.liaison("l", "X", "SECTOR").liaison("l", "Y", "SECTOR").liaison("l", "B1", "POINT")
    b.load(*graph)
    driver, database = graph
    whole = _one(graph, "LIAISON_INACTIVE", scope_id="T")
    assert [([r.id for r in g.related], g.discriminator, g.occurrence) for g in whole] == [
        ([], ("SECTOR", ""), 0),
        ([], ("SECTOR", ""), 1),
        (["B1"], ("POINT", ""), 0),
    ]
    pages: list[Gap] = []
    after: GapKey | None = None
    while page := coverage_gaps(driver=driver, database=database, day=D, scope_id="T",
                                rules=["LIAISON_INACTIVE"], first=1, after=after):  # fmt: skip
        pages += page
        after = page[-1].key
    assert pages == whole


def test_pages_concatenate_to_the_whole_list(graph: Graph) -> None:
    _scoped_graph(graph)
    driver, database = graph
    whole = coverage_gaps(driver=driver, database=database, day=D)
    assert len(whole) > 8
    for size in (1, 2, 3, 7):
        pages: list[Gap] = []
        after: GapKey | None = None
        while page := coverage_gaps(
            driver=driver, database=database, day=D, first=size, after=after
        ):
            assert len(page) <= size
            pages += page
            after = page[-1].key
        assert pages == whole
    assert coverage_gaps(driver=driver, database=database, day=D, first=0) == []


def test_cursor_stays_put_when_rows_are_added(graph: Graph) -> None:
    b = _tree(Build())
    b.ds.tables["posts"] = []
    b.load(*graph)
    driver, database = graph
    first = coverage_gaps(driver=driver, database=database, day=D, first=2)
    assert [g.subject.id for g in first] == ["B1", "B2"]
    Build().org("A", "COMMITTEE").org("B15", "BRANCH", "A").load(driver, database)
    rest = coverage_gaps(driver=driver, database=database, day=D, first=2, after=first[-1].key)
    assert [g.subject.id for g in rest] == ["C", "T"]


def test_an_after_key_of_an_unasked_rule(graph: Graph) -> None:
    _scoped_graph(graph)
    driver, database = graph
    after = GapKey(GAP_RULES.index("NO_LIAISON"), "zzz")
    found = coverage_gaps(driver=driver, database=database, day=D, after=after)
    assert {g.rule for g in found} <= set(GAP_RULES[GAP_RULES.index("NO_LIAISON") + 1 :])


def test_iter_gaps_streams_the_same_sweep(graph: Graph) -> None:
    _scoped_graph(graph)
    driver, database = graph
    for scope in (None, "T"):
        listed = coverage_gaps(driver=driver, database=database, day=D, scope_id=scope)
        assert list(iter_gaps(driver=driver, database=database, day=D, scope_id=scope)) == listed


def test_every_rule_has_a_detail_in_both_languages(graph: Graph) -> None:
    _scoped_graph(graph)
    driver, database = graph
    for gap in coverage_gaps(driver=driver, database=database, day=D):
        assert gap.subject.name in detail(gap) or gap.rule == "NO_LIAISON"
        assert detail(gap, "zh") != detail(gap, "en")
    with pytest.raises(ValueError, match="language"):
        detail(gap, "fr")


def test_errors(graph: Graph) -> None:
    _tree(Build()).load(*graph)
    driver, database = graph
    with pytest.raises(UnknownIdError):
        coverage_gaps(driver=driver, database=database, day=D, scope_id="nope")
    with pytest.raises(UnknownIdError):
        count_gaps(driver=driver, database=database, day=D, scope_id="sC")
    with pytest.raises(UnknownIdError):
        iter_gaps(driver=driver, database=database, day=D, scope_id="nope")
    with pytest.raises(ValueError, match="BOGUS"):
        coverage_gaps(driver=driver, database=database, day=D, rules=["BOGUS"])
