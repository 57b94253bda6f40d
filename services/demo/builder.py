"""Row-level machinery of the demo generator: ids, shared dates, organisations, people, posts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from domain.dataset import Dataset, Row
from services.demo.names import numeral, person_names

# Roles handed out after the secretary, in the order a small committee fills them.
COMMITTEE_ORDER = (
    "ORGANISATION_MEMBER",
    "PROPAGANDA_MEMBER",
    "DISCIPLINE_MEMBER",
    "DEPUTY_SECRETARY",
    "COMMITTEE_MEMBER",
    "COMMITTEE_MEMBER",
)
LONG_TERM_DOMAINS = ("RURAL", "COMMUNITY")


class Org(NamedTuple):
    """A new organisation: its id and how many days before the anchor its term began."""

    id: str
    term: int


class Branch(NamedTuple):
    """A new branch with its members and its Party groups (id, members) in order."""

    id: str
    members: list[str]
    groups: list[tuple[str, list[str]]]


@dataclass
class Area:
    """What one county (or city, province) collects while it is built, for liaisons later."""

    root: str
    prefix: str  # 安平县, 安平市, 东川省: goes before department and system names
    cadre_rank: str | None = "TOWNSHIP"  # rank of system cadres: 科级 in a county, unranked above
    points: list[str] = field(default_factory=list)  # candidates for leaders' liaison points
    sectors: list[str] = field(default_factory=list)  # townships and streets
    sector_names: list[str] = field(default_factory=list)
    organ_staff: list[str] = field(default_factory=list)  # sent to villages as first secretaries
    systems: list[str] = field(default_factory=list)  # county-wide system committees


class Builder:
    """The random stream, the dataset and the counters shared by one generation run."""

    def __init__(self, rng: random.Random, anchor: date, history: bool = False) -> None:
        self.rng = rng
        self.anchor = anchor
        self.history = history  # whether the organisations get a history (restructuring)
        self.ds = Dataset()
        self.children: dict[str, list[str]] = {}  # non-group children, for visits "below"
        self.groups_of: dict[str, list[str]] = {}  # each branch's Party groups
        self.orgs: dict[str, Row] = {}  # organisations rows by id, for the history (restructuring)
        # Where the people, units and grid cells of a dissolved organisation went.
        self.successors: dict[str, str] = {}
        self.pending: list[tuple[str, str, int]] = []  # valid liaisons awaiting visits
        self.names = person_names()
        self.stems: set[str] = set()  # county and city name stems already taken
        self._counters = {"O": 0, "U": 0, "P": 0, "G": 0}
        self._days: dict[int, date] = {}

    def new_id(self, prefix: str) -> str:
        """Returns the next readable id with this prefix (O000001, P0000001, …)."""
        n = self._counters[prefix] = self._counters[prefix] + 1
        return f"{prefix}{n:07d}" if prefix in "PG" else f"{prefix}{n:06d}"

    def ago(self, days: int) -> date:
        """Returns the date this many days before the anchor; one shared object per day."""
        day = self._days.get(days)
        if day is None:
            day = self._days[days] = self.anchor - timedelta(days=days)
        return day

    def size(self, low: int, high: int) -> int:
        """Draws a member count; about 2 % of draws are oversized branches of 51–80."""
        if self.rng.random() < 0.02:
            return self.rng.randint(51, 80)
        return self.rng.randint(low, high)

    def term_ago(self, kind: str, domain: str | None) -> int:
        """Draws when the current term began; the span runs past the term so some expire."""
        long_term = kind == "COMMITTEE" or domain in LONG_TERM_DOMAINS
        years = 5 if long_term or kind == "WORKING_COMMITTEE" else 3
        return self.rng.randint(20, years * 365 + 160)

    def org(
        self, name: str, kind: str, domain: str | None, parent: str | None, full: int | None = None
    ) -> Org:
        """Adds an organisation; committee counts are rolled up from below at the end."""
        oid = self.new_id("O")
        term = self.term_ago(kind, domain)
        known = kind != "GROUP" and self.rng.random() > 0.02  # a few ledgers lack the date
        prob = None if full is None else self.rng.randint(0, max(0, full // 12))
        self.orgs[oid] = self.ds.add(
            "organisations",
            id=oid,
            name=name,
            kind=kind,
            domain=domain,
            parent_id=parent,
            full_members=full,
            probationary_members=prob,
            term_start=self.ago(term) if known else None,
        )
        if parent is not None:
            kin = self.groups_of if kind == "GROUP" else self.children
            kin.setdefault(parent, []).append(oid)
        return Org(oid, term)

    def people(self, home: str, count: int, rank: str | None = None) -> list[str]:
        """Adds count people living in home; names come from the shared pool."""
        ids = []
        for name in self.rng.choices(self.names, k=count):
            pid = self.new_id("P")
            self.ds.add("people", id=pid, name=name, rank=rank, home_id=home)
            ids.append(pid)
        return ids

    def post(self, person: str, target: str, role: str, start: int, end: int | None = None) -> None:
        """Adds a post held from start to end, both given in days before the anchor."""
        stop = None if end is None else self.ago(end)
        self.ds.add(
            "posts", person_id=person, target_id=target, role=role, start=self.ago(start), end=stop
        )

    def unit(
        self,
        name: str,
        kind: str,
        members: int,
        area: str | None,
        org: str | None = None,
        form: str = "OWN",
    ) -> str:
        """Adds a host unit, linked to org in the given form when org is set."""
        uid = self.new_id("U")
        self.ds.add("units", id=uid, name=name, kind=kind, party_members=members, area_id=area)
        if org is not None:
            self.link(org, uid, form)
        return uid

    def link(self, org: str, unit: str, form: str) -> None:
        """Links an organisation to a host unit."""
        self.ds.add("org_units", organisation_id=org, unit_id=unit, form=form)

    def grid(self, name: str, level: str, parent: str | None, area: str | None = None) -> str:
        """Adds a grid cell; only top-level cells carry an area, the rest inherit it."""
        gid = self.new_id("G")
        self.ds.add("grids", id=gid, name=name, level=level, parent_id=parent, area_id=area)
        return gid

    def cover(self, org: str, cell: str) -> None:
        """Records that an organisation covers a grid cell."""
        self.ds.add("grid_coverage", organisation_id=org, grid_id=cell)

    def grid_post(self, cell: str, role: str, holder: str | None, vacancy: float = 0.05) -> None:
        """Puts a leader on a grid cell; a few cells are left without one."""
        if holder is not None and self.rng.random() >= vacancy:
            self.post(holder, cell, role, self.rng.randint(30, 1500))

    def secretary(self, org: Org, holder: str, pool: list[str], vacancy: float = 0.045) -> None:
        """Records the secretary with predecessors; a share `vacancy` of them end up vacant."""
        rng = self.rng
        start = org.term if rng.random() < 0.8 else rng.randint(10, max(11, org.term))
        if rng.random() < 0.35 and pool:
            before = start + 1 + rng.randint(365, 1800)
            self.post(rng.choice(pool), org.id, "SECRETARY", before, start + 1)
        roll = rng.random()
        if roll < vacancy / 2:
            return  # never filled since the last change
        if roll < vacancy:
            left = rng.randint(5, min(200, start))
            self.post(holder, org.id, "SECRETARY", start, left)
            if rng.random() < 0.3 and pool:  # successor already named, from a later date
                self.post(rng.choice(pool), org.id, "SECRETARY", -rng.randint(3, 60))
            return
        self.post(holder, org.id, "SECRETARY", start)

    def committee(self, org: Org, secretary: str, pool: list[str]) -> None:
        """Elects the rest of a branch committee: mostly 3–5 people, a few too few or too many."""
        roll = self.rng.random()
        size = (
            2 if roll < 0.05 else self.rng.randint(6, 7) if roll < 0.08 else self.rng.randint(3, 5)
        )
        others = [p for p in pool if p != secretary]
        chosen = self.rng.sample(others, min(size - 1, len(others)))
        for person, role in zip(chosen, COMMITTEE_ORDER, strict=False):
            self.post(person, org.id, role, org.term)

    def leadership(self, org: Org, cadres: list[str], vacancy: float = 0.03) -> None:
        """Staffs a committee, working committee or general branch from its cadres."""
        head, rest = cadres[0], cadres[1:]
        self.secretary(org, head, rest, vacancy)
        deputies = self.rng.randint(1, 2)
        for i, person in enumerate(rest[: deputies + 4]):
            role = "DEPUTY_SECRETARY" if i < deputies else COMMITTEE_ORDER[min(i - deputies, 4)]
            self.post(person, org.id, role, org.term)

    def branch(
        self,
        name: str,
        domain: str,
        parent: str,
        size: int,
        group_names: list[str] | None = None,
        head_rank: str | None = None,
        secretary: str | None = None,
    ) -> Branch:
        """Adds a branch with its members, secretary, committee and Party groups."""
        org = self.org(name, "BRANCH", domain, parent, size)
        members = self.people(org.id, 1, head_rank) + self.people(org.id, size - 1)
        head = secretary or members[0]
        self.secretary(org, head, members[1:])
        if size >= 7:
            self.committee(org, head, members)
        if group_names is None:
            group_names = [f"第{numeral(i + 1)}党小组" for i in range(self._group_count(size))]
        return Branch(org.id, members, self.groups(org.id, domain, members, group_names))

    def _group_count(self, size: int) -> int:
        """Splits larger branches into Party groups of roughly eight to twelve members."""
        return 0 if size < 12 else min(6, size // self.rng.randint(8, 12))

    def groups(
        self, branch: str, domain: str, members: list[str], names: list[str]
    ) -> list[tuple[str, list[str]]]:
        """Splits a branch's members into named Party groups, each with a leader."""
        if not names:
            return []
        step = max(1, len(members) // len(names))
        result = []
        for i, name in enumerate(names):
            share = (
                members[i * step : None if i == len(names) - 1 else (i + 1) * step] or members[-1:]
            )
            group = self.org(name, "GROUP", domain, branch, len(share))
            if self.rng.random() >= 0.04:
                self.post(share[0], group.id, "GROUP_LEADER", self.rng.randint(30, 1500))
            result.append((group.id, share))
        return result

    def liaison(
        self, person: str, org: str, kind: str, start: int | None = None, end: int | None = None
    ) -> None:
        """Adds a liaison; valid ones are queued so visits can be generated for them."""
        rng = self.rng
        roll = rng.random()
        per_month = None if roll < 0.7 else 1 if roll < 0.85 else 4
        start = rng.randint(100, 1500) if start is None else start
        self.ds.add(
            "liaisons",
            person_id=person,
            organisation_id=org,
            kind=kind,
            start=self.ago(start),
            end=None if end is None else self.ago(end),
            visits_per_month=per_month,
        )
        if end is None:
            self.pending.append((person, org, per_month or 2))
