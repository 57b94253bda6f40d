"""Reference implementation of docs/coverage-rules.md (who covers, scope, gaps) in plain Python
and networkx, with the history of the organisations themselves (SPEC §5).

It reads a Dataset directly and follows that page rule by rule, so the Neo4j queries can be
checked against it. Clarity wins over speed here; indexes are built only where a naive scan
would make a few thousand organisations too slow.

Every answer is about one day D, and on D the organisations are those existing on D, with their
name, kind and parent of D (tests/support/hierarchy.py): ancestors, distances, chains, scope,
every rule and every list use that hierarchy. Posts, liaisons and visits are read as they are;
`org_units` and `grid_coverage` rows count on D only when their organisation exists on D.
Asking about an organisation that does not exist on D raises NotExisting, which says when it
existed. A dataset without history gives the answers it gave before §5.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import networkx as nx

from domain.dataset import Dataset, Row
from domain.tables import COMMITTEE_ROLES
from domain.thresholds import GAP_RULES, Thresholds
from tests.support.hierarchy import NotExisting, organisations_on

RELATIONS: tuple[str, ...] = ("POST", "GRID", "LIAISON", "CHAIN")
LEADER_LEVELS = frozenset({"GRID", "BUILDING", "VILLAGE_GROUP"})
LONG_TERM_DOMAINS = frozenset({"RURAL", "COMMUNITY"})
PERSON_RULES = frozenset({"LIAISON_INACTIVE", "LEADER_WITHOUT_POINT"})
UNIT_RULES = frozenset({"UNIT_UNCOVERED"})
GRID_RULES = frozenset({"GRID_UNCOVERED", "GRID_LEADER_VACANT"})


@dataclass(frozen=True)
class CoverageEntry:
    """One answer of who covers: a person, how, in which role, through which node, how far."""

    person_id: str
    relation: str
    role: str
    via_id: str
    distance: int


@dataclass(frozen=True)
class ScopeSets:
    """The ids a scope sees, by kind of node."""

    organisations: frozenset[str]
    units: frozenset[str]
    grids: frozenset[str]
    people: frozenset[str]


@dataclass(frozen=True)
class GapEntry:
    """One coverage gap; the discriminator separates gaps equal in rule, subject and related."""

    rule: str
    subject_id: str
    related_ids: tuple[str, ...]
    discriminator: tuple[str, ...] = ()


def add_years(day: date, years: int) -> date:
    """Returns the same calendar day `years` later; 29 February becomes 28 February if needed."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def is_valid(row: Row, day: date) -> bool:
    """Tells whether a period row (start, end; both inclusive, empty = open) is valid on day."""
    start, end = row["start"], row["end"]
    return (start is None or start <= day) and (end is None or day <= end)


class _Index:
    """The dataset on day D as two trees plus lookups by id, built once per oracle call: the
    organisations are those existing on D, with their name, kind and parent of D."""

    def __init__(self, ds: Dataset, day: date) -> None:
        self.ds = ds
        self.every_org = {r["id"]: r for r in ds.rows("organisations")}
        self.orgs = organisations_on(ds, day)
        self.grids = {r["id"]: r for r in ds.rows("grids")}
        self.org_tree = _tree(self.orgs)
        self.grid_tree = _tree(self.grids)
        self._subtrees: dict[str, frozenset[str]] = {}
        self.posts_on: dict[str, list[Row]] = defaultdict(list)
        for post in ds.rows("posts"):
            self.posts_on[post["target_id"]].append(post)

    def require(self, org_id: str, day: date) -> None:
        """Raises KeyError for an id that is no organisation, NotExisting for one that does not
        exist on day (its message says when it existed)."""
        if org_id not in self.every_org:
            raise KeyError(f"unknown organisation {org_id!r}")
        if org_id not in self.orgs:
            row = self.every_org[org_id]
            raise NotExisting(org_id, day, row["founded"], row["dissolved"])

    def ancestors(self, org_id: str) -> list[tuple[str, int]]:
        """Returns (ancestor id, distance) from the parent up to the root."""
        found, current, distance = [], org_id, 0
        while parents := list(self.org_tree.predecessors(current)):
            current, distance = parents[0], distance + 1
            found.append((current, distance))
        return found

    def subtree(self, org_id: str) -> frozenset[str]:
        """Returns the organisation and everything below it."""
        # Memoised: LIAISON_INACTIVE asks for the same subtrees once per liaison.
        if org_id not in self._subtrees:
            self._subtrees[org_id] = frozenset(nx.descendants(self.org_tree, org_id) | {org_id})
        return self._subtrees[org_id]

    def grid_area(self, grid_id: str) -> str | None:
        """Returns the cell's area: its own area_id, else the nearest ancestor cell's."""
        seen: set[str] = set()
        current: str | None = grid_id
        while current is not None and current not in seen:
            seen.add(current)
            if self.grids[current]["area_id"] is not None:
                return self.grids[current]["area_id"]
            parents = list(self.grid_tree.predecessors(current))
            current = parents[0] if parents else None
        return None

    def valid_posts(self, target_id: str, day: date) -> list[Row]:
        """Returns the posts held on an organisation or grid cell on day."""
        return [p for p in self.posts_on.get(target_id, []) if is_valid(p, day)]

    def valid_liaisons(self, day: date) -> list[Row]:
        """Returns every liaison valid on day."""
        return [r for r in self.ds.rows("liaisons") if is_valid(r, day)]

    @cached_property
    def org_units(self) -> list[Row]:
        """Returns the org_units rows that count on D: those of organisations existing on D."""
        return [r for r in self.ds.rows("org_units") if r["organisation_id"] in self.orgs]

    @cached_property
    def grid_coverage(self) -> list[Row]:
        """Returns the grid_coverage rows that count on D: those of organisations existing on D."""
        return [r for r in self.ds.rows("grid_coverage") if r["organisation_id"] in self.orgs]

    @cached_property
    def covered_grids(self) -> dict[str, list[str]]:
        """Returns, per organisation, the grid cells it covers directly on D."""
        covered: dict[str, list[str]] = defaultdict(list)
        for row in self.grid_coverage:
            covered[row["organisation_id"]].append(row["grid_id"])
        return covered


def _tree(nodes: dict[str, Row]) -> nx.DiGraph:
    """Builds a parent → child DiGraph; parents missing from the table are left out."""
    tree = nx.DiGraph()
    tree.add_nodes_from(nodes)
    for node_id, row in nodes.items():
        if row["parent_id"] in nodes:
            tree.add_edge(row["parent_id"], node_id)
    return tree


# --- the organisations of a day -----------------------------------------------------------


def hierarchy(ds: Dataset, day: date) -> dict[str, Row]:
    """Returns the organisations existing on day with their name, kind and parent of day: what
    every list of organisations and every name or kind shown for day shows."""
    return organisations_on(ds, day)


def organisation(ds: Dataset, org_id: str, day: date) -> Row:
    """Returns one organisation as it is on day (its name, kind and parent of day)."""
    ix = _Index(ds, day)
    ix.require(org_id, day)
    return ix.orgs[org_id]


# --- who covers ---------------------------------------------------------------------------


def who_covers(ds: Dataset, org_id: str, day: date) -> list[CoverageEntry]:
    """Lists everyone who covers an organisation on day, in the order of docs/coverage-rules.md."""
    ix = _Index(ds, day)
    ix.require(org_id, day)
    entries = [
        *_post_entries(ix, org_id, day),
        *_grid_entries(ix, org_id, day),
        *_liaison_entries(ix, org_id, day),
        *_chain_entries(ix, org_id, day),
    ]
    return sorted(entries, key=_coverage_key)


def _coverage_key(e: CoverageEntry) -> tuple[int, int, str, str, str]:
    """Sorts by distance, relation, person; role and via only make the order total."""
    return (e.distance, RELATIONS.index(e.relation), e.person_id, e.role, e.via_id)


def _post_entries(ix: _Index, org_id: str, day: date) -> Iterator[CoverageEntry]:
    """POST: valid posts of any role held in the organisation itself."""
    for post in ix.valid_posts(org_id, day):
        yield CoverageEntry(post["person_id"], "POST", post["role"], org_id, 0)


def _grid_entries(ix: _Index, org_id: str, day: date) -> Iterator[CoverageEntry]:
    """GRID: valid posts on cells the organisation covers directly (not on their children)."""
    for grid_id in ix.covered_grids.get(org_id, []):
        for post in ix.valid_posts(grid_id, day):
            yield CoverageEntry(post["person_id"], "GRID", post["role"], grid_id, 0)


def _liaison_entries(ix: _Index, org_id: str, day: date) -> Iterator[CoverageEntry]:
    """LIAISON: valid liaisons on the organisation (distance 0) or any ancestor."""
    distance_of = {org_id: 0, **dict(ix.ancestors(org_id))}
    for liaison in ix.valid_liaisons(day):
        target = liaison["organisation_id"]
        if target in distance_of:
            yield CoverageEntry(
                liaison["person_id"], "LIAISON", liaison["kind"], target, distance_of[target]
            )


def _chain_entries(ix: _Index, org_id: str, day: date) -> Iterator[CoverageEntry]:
    """CHAIN: valid SECRETARY posts in each ancestor (the organisation itself is POST)."""
    for ancestor, distance in ix.ancestors(org_id):
        for post in ix.valid_posts(ancestor, day):
            if post["role"] == "SECRETARY":
                yield CoverageEntry(post["person_id"], "CHAIN", "SECRETARY", ancestor, distance)


# --- scope --------------------------------------------------------------------------------


def scope(ds: Dataset, scope_id: str | None, day: date | None = None) -> ScopeSets:
    """Returns what a query scoped to an organisation sees on day (None: the whole dataset; no
    day: today, as the API's default)."""
    day = date.today() if day is None else day
    return _scope(_Index(ds, day), scope_id, day)


def _scope(ix: _Index, scope_id: str | None, day: date) -> ScopeSets:
    """Computes the scope sets on an existing index: the subtree on D, and the units, grid cells
    and people whose area or place is in it (an area that does not exist on D is in none)."""
    if scope_id is not None:
        ix.require(scope_id, day)
    orgs = frozenset(ix.orgs) if scope_id is None else ix.subtree(scope_id)
    units, people = ix.ds.rows("units"), ix.ds.rows("people")
    if scope_id is None:
        return ScopeSets(
            orgs,
            frozenset(u["id"] for u in units),
            frozenset(ix.grids),
            frozenset(p["id"] for p in people),
        )
    return ScopeSets(
        orgs,
        frozenset(u["id"] for u in units if u["area_id"] in orgs),
        frozenset(g for g in ix.grids if ix.grid_area(g) in orgs),
        frozenset(p["id"] for p in people if p["home_id"] in orgs),
    )


# --- gaps ---------------------------------------------------------------------------------

Check = Callable[[_Index, date, Thresholds], Iterable[GapEntry]]


def _orgs_of_kind(ix: _Index, *kinds: str) -> Iterator[Row]:
    """Yields the organisations of the given kinds."""
    return (row for row in ix.orgs.values() if row["kind"] in kinds)


def _committee_people(ix: _Index, org_id: str, day: date) -> set[str]:
    """Returns the distinct people holding a valid committee role in the organisation."""
    return {p["person_id"] for p in ix.valid_posts(org_id, day) if p["role"] in COMMITTEE_ROLES}


def _has_valid_role(ix: _Index, target_id: str, day: date, role: str | None) -> bool:
    """Tells whether a valid post (of this role, or of any role for None) is on the target."""
    return any(role is None or p["role"] == role for p in ix.valid_posts(target_id, day))


def _secretary_vacant(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """SECRETARY_VACANT: every kind but GROUP needs a valid SECRETARY."""
    for org in ix.orgs.values():
        if org["kind"] != "GROUP" and not _has_valid_role(ix, org["id"], day, "SECRETARY"):
            yield GapEntry("SECRETARY_VACANT", org["id"], ())


def _group_leader_vacant(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """GROUP_LEADER_VACANT: a GROUP needs a valid GROUP_LEADER."""
    for org in _orgs_of_kind(ix, "GROUP"):
        if not _has_valid_role(ix, org["id"], day, "GROUP_LEADER"):
            yield GapEntry("GROUP_LEADER_VACANT", org["id"], ())


def _committee_required(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """COMMITTEE_REQUIRED: a large BRANCH with too few committee people."""
    for org in _orgs_of_kind(ix, "BRANCH"):
        large = (org["full_members"] or 0) >= th.committee_min_members
        if large and len(_committee_people(ix, org["id"], day)) < th.committee_min_size:
            yield GapEntry("COMMITTEE_REQUIRED", org["id"], ())


def _committee_oversize(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """COMMITTEE_OVERSIZE: a BRANCH with too many committee people."""
    for org in _orgs_of_kind(ix, "BRANCH"):
        if len(_committee_people(ix, org["id"], day)) > th.committee_max_size:
            yield GapEntry("COMMITTEE_OVERSIZE", org["id"], ())


def _no_liaison(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """NO_LIAISON: a BRANCH with no valid liaison on itself or any ancestor."""
    linked = {r["organisation_id"] for r in ix.valid_liaisons(day)}
    for org in _orgs_of_kind(ix, "BRANCH"):
        chain = {org["id"]} | {a for a, _ in ix.ancestors(org["id"])}
        if not chain & linked:
            yield GapEntry("NO_LIAISON", org["id"], ())


def _liaison_inactive(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """LIAISON_INACTIVE: a valid liaison with too few visits in the window, one gap each."""
    first = day - timedelta(days=th.visit_window_days - 1)
    recent: dict[str, list[str]] = defaultdict(list)  # person -> organisations visited
    for v in ix.ds.rows("visits"):
        if first <= v["date"] <= day:
            recent[v["person_id"]].append(v["organisation_id"])
    for liaison in ix.valid_liaisons(day):
        person, target = liaison["person_id"], liaison["organisation_id"]
        below = ix.subtree(target)
        done = sum(1 for visited in recent.get(person, []) if visited in below)
        wanted = liaison["visits_per_month"]
        if done < (th.default_visits_per_month if wanted is None else wanted):
            start = liaison["start"].isoformat() if liaison["start"] else ""
            yield GapEntry("LIAISON_INACTIVE", person, (target,), (liaison["kind"], start))


def _leader_without_point(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """LEADER_WITHOUT_POINT: a COUNTY-rank person with no valid liaison of any kind."""
    linked = {r["person_id"] for r in ix.valid_liaisons(day)}
    for person in ix.ds.rows("people"):
        if person["rank"] == "COUNTY" and person["id"] not in linked:
            yield GapEntry("LEADER_WITHOUT_POINT", person["id"], ())


def _unit_uncovered(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """UNIT_UNCOVERED: a unit with enough party members that no organisation is linked to."""
    linked = {r["unit_id"] for r in ix.org_units}
    for unit in ix.ds.rows("units"):
        big = (unit["party_members"] or 0) >= th.unit_min_members
        if big and unit["id"] not in linked:
            yield GapEntry("UNIT_UNCOVERED", unit["id"], ())


def _grid_uncovered(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """GRID_UNCOVERED: a cell of level GRID that no organisation covers."""
    covered = {r["grid_id"] for r in ix.grid_coverage}
    for grid in ix.grids.values():
        if grid["level"] == "GRID" and grid["id"] not in covered:
            yield GapEntry("GRID_UNCOVERED", grid["id"], ())


def _grid_leader_vacant(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """GRID_LEADER_VACANT: a GRID, BUILDING or VILLAGE_GROUP cell with no valid post."""
    for grid in ix.grids.values():
        if grid["level"] in LEADER_LEVELS and not _has_valid_role(ix, grid["id"], day, None):
            yield GapEntry("GRID_LEADER_VACANT", grid["id"], ())


def term_years(org: Row, th: Thresholds) -> int | None:
    """Returns the term length of an organisation in years, or None when terms never expire."""
    kind = org["kind"]
    if kind == "COMMITTEE":
        return th.term_years_long
    if kind in ("GENERAL_BRANCH", "BRANCH"):
        long = org["domain"] in LONG_TERM_DOMAINS
        return th.term_years_long if long else th.term_years_short
    return None


def _term_expired(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """TERM_EXPIRED: term_start plus the term length has been reached."""
    for org in ix.orgs.values():
        start, years = org["term_start"], term_years(org, th)
        if start is not None and years is not None and day >= add_years(start, years):
            yield GapEntry("TERM_EXPIRED", org["id"], ())


def _branch_too_large(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """BRANCH_TOO_LARGE: a BRANCH with more full members than allowed."""
    for org in _orgs_of_kind(ix, "BRANCH"):
        if (org["full_members"] or 0) > th.branch_max_members:
            yield GapEntry("BRANCH_TOO_LARGE", org["id"], ())


def _joint_too_wide(ix: _Index, day: date, th: Thresholds) -> Iterator[GapEntry]:
    """JOINT_TOO_WIDE: an organisation linked JOINT to more units than allowed."""
    joint: dict[str, set[str]] = defaultdict(set)
    for row in ix.org_units:
        if row["form"] == "JOINT":
            joint[row["organisation_id"]].add(row["unit_id"])
    for org_id, units in joint.items():
        if len(units) > th.joint_max_units:
            yield GapEntry("JOINT_TOO_WIDE", org_id, ())


CHECKS: dict[str, Check] = {
    "SECRETARY_VACANT": _secretary_vacant,
    "GROUP_LEADER_VACANT": _group_leader_vacant,
    "COMMITTEE_REQUIRED": _committee_required,
    "COMMITTEE_OVERSIZE": _committee_oversize,
    "NO_LIAISON": _no_liaison,
    "LIAISON_INACTIVE": _liaison_inactive,
    "LEADER_WITHOUT_POINT": _leader_without_point,
    "UNIT_UNCOVERED": _unit_uncovered,
    "GRID_UNCOVERED": _grid_uncovered,
    "GRID_LEADER_VACANT": _grid_leader_vacant,
    "TERM_EXPIRED": _term_expired,
    "BRANCH_TOO_LARGE": _branch_too_large,
    "JOINT_TOO_WIDE": _joint_too_wide,
}


def _in_scope(gap: GapEntry, sets: ScopeSets) -> bool:
    """Tells whether the gap's subject is in the scope, looking in the set of its kind."""
    if gap.rule in PERSON_RULES:
        return gap.subject_id in sets.people
    if gap.rule in UNIT_RULES:
        return gap.subject_id in sets.units
    if gap.rule in GRID_RULES:
        return gap.subject_id in sets.grids
    return gap.subject_id in sets.organisations


def _gap_key(gap: GapEntry) -> tuple[int, str, tuple[str, ...], tuple[str, ...]]:
    """Sorts by rule order, subject, related ids, discriminator."""
    return (GAP_RULES.index(gap.rule), gap.subject_id, gap.related_ids, gap.discriminator)


def _asked(rules: Iterable[str] | None) -> tuple[str, ...]:
    """Returns the asked rules in report order (None: all); an unknown name is an error."""
    if rules is None:
        return GAP_RULES
    names = set(rules)
    unknown = sorted(names - set(GAP_RULES))
    if unknown:
        raise ValueError(f"unknown gap rules: {', '.join(unknown)}")
    return tuple(r for r in GAP_RULES if r in names)


def gaps(
    ds: Dataset,
    day: date,
    *,
    scope_id: str | None = None,
    rules: Iterable[str] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
) -> list[GapEntry]:
    """Lists the coverage gaps on day within the scope, optionally only some rules."""
    ix = _Index(ds, day)
    found = [g for rule in _asked(rules) for g in CHECKS[rule](ix, day, thresholds)]
    if scope_id is not None:
        sets = _scope(ix, scope_id, day)
        found = [_within(g, sets) for g in found if _in_scope(g, sets)]
    return sorted(found, key=_gap_key)


def _within(gap: GapEntry, sets: ScopeSets) -> GapEntry:
    """Leaves out the related organisations outside the scope (nothing outside shows)."""
    related = tuple(i for i in gap.related_ids if i in sets.organisations)
    return GapEntry(gap.rule, gap.subject_id, related, gap.discriminator)


def gap_counts(
    ds: Dataset,
    day: date,
    *,
    scope_id: str | None = None,
    rules: Iterable[str] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
) -> dict[str, int]:
    """Counts the gaps per rule (every asked rule present, zero included), in rule order."""
    asked = _asked(rules)
    found = gaps(ds, day, scope_id=scope_id, rules=asked, thresholds=thresholds)
    return {rule: sum(1 for g in found if g.rule == rule) for rule in asked}
