"""Valid histories of the organisations (SPEC §5) added to generated datasets, and a dataset
flattened to one day.

`histories()` draws a dataset of tests/support/generated.py and walks one to four change days in
order: a few leaves of it are founded on the first, then organisations are founded, dissolved
(with everything below them), renamed, re-kinded and moved, each change kept only when the
hierarchy stays valid (§1's parent rules, no cycles, parents existing). Posts, liaisons and
visits are then fitted into the existence of their organisation. `flatten(ds, day)` is the
dataset without history that means the same on that day: what the oracle is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import strategies as st

from domain.dataset import Dataset, Row
from domain.tables import TABLES_BY_NAME
from tests.support.factory import add
from tests.support.generated import CHILD_KINDS, DAYS, ORG_ROLES, datasets, maybe_day
from tests.support.hierarchy import ONE_DAY, hierarchy_problems, history_problems

CHANGES = ("found", "dissolve", "rename", "rekind", "move")
ROOT_KINDS = ["COMMITTEE", "WORKING_COMMITTEE"]
KINDS = sorted(CHILD_KINDS)
State = tuple[str, str, str | None]  # name, kind, parent


@dataclass
class Timeline:
    """The organisations existing as the change days are walked, and what the walk leaves."""

    now: dict[str, State]
    gone: dict[str, State] = field(default_factory=dict)  # the state each one was dissolved in
    founded: dict[str, date] = field(default_factory=dict)
    dissolved: dict[str, date] = field(default_factory=dict)
    history: list[tuple[str, date, State]] = field(default_factory=list)
    recorded: set[str] = field(default_factory=set)  # whose state before the day is recorded

    def found(self, day: date, org_id: str, state: State) -> bool:
        """Founds an organisation on day, if the hierarchy stays valid."""
        if not _valid({**self.now, org_id: state}):
            return False
        self.now[org_id], self.founded[org_id] = state, day
        return True

    def change(self, day: date, org_id: str, state: State) -> None:
        """Gives an organisation a new name, kind or parent from day on, if the hierarchy stays
        valid; its state before the day becomes a history row up to the day before."""
        if not _valid({**self.now, org_id: state}):
            return
        if org_id not in self.recorded and self.founded.get(org_id) != day:
            self.history.append((org_id, day - ONE_DAY, self.now[org_id]))
            self.recorded.add(org_id)
        self.now[org_id] = state

    def dissolve(self, day: date, org_id: str) -> None:
        """Dissolves an organisation and everything below it on day (unless one of them was
        founded that day: it would never have existed)."""
        below = {org_id}
        while more := {o for o, (_, _, p) in self.now.items() if p in below} - below:
            below |= more
        if all(self.founded.get(o) != day for o in below):
            for o in below:
                self.gone[o], self.dissolved[o] = self.now.pop(o), day


def _valid(now: dict[str, State]) -> bool:
    """Tells whether a hierarchy obeys the parent rules, has its parents and has no cycle."""
    rows = {o: Row({"id": o, "kind": k, "parent_id": p}) for o, (_, k, p) in now.items()}
    return not hierarchy_problems(rows, date.min)


@st.composite
def histories(draw: st.DrawFn, base: st.SearchStrategy[Dataset] | None = None) -> Dataset:
    """A generated dataset with a valid history of its organisations."""
    ds = draw(datasets() if base is None else base)
    timeline = Timeline({r["id"]: (r["name"], r["kind"], r["parent_id"]) for r in _orgs(ds)})
    parents = {r["parent_id"] for r in _orgs(ds)}
    leaves = sorted(r["id"] for r in _orgs(ds) if r["id"] not in parents)
    late = {
        o: timeline.now.pop(o) for o in sorted(draw(st.sets(st.sampled_from(leaves), max_size=2)))
    }
    days = sorted(draw(st.sets(st.sampled_from(sorted(set(DAYS))), min_size=1, max_size=4)))
    for day in days:
        timeline.recorded.clear()
        for org_id, state in late.items():
            assert timeline.found(day, org_id, state)
        late = {}
        for _ in range(draw(st.integers(0, 3))):
            _one_change(draw, timeline, day)
    _write(draw, ds, timeline)
    fit_to_existence(ds)
    assert history_problems(ds) == []
    return ds


def _orgs(ds: Dataset) -> list[Row]:
    """Returns the organisations rows."""
    return ds.rows("organisations")


def _one_change(draw: st.DrawFn, timeline: Timeline, day: date) -> None:
    """Draws one change on day and applies it when it keeps the hierarchy valid."""
    existing = sorted(timeline.now)
    change = draw(st.sampled_from(CHANGES if existing else CHANGES[:1]))
    some_parent = st.one_of(st.none(), st.sampled_from(existing)) if existing else st.none()
    if change == "found":
        parent = draw(some_parent)
        kinds = ROOT_KINDS if parent is None else CHILD_KINDS[timeline.now[parent][1]] or KINDS
        org_id = f"h{len(timeline.founded):02d}"
        timeline.found(day, org_id, (f"新组织{org_id}", draw(st.sampled_from(kinds)), parent))
        return
    org_id = draw(st.sampled_from(existing))
    name, kind, parent = timeline.now[org_id]
    if change == "dissolve":
        timeline.dissolve(day, org_id)
    elif change == "rename":
        timeline.change(day, org_id, (f"{name}改", kind, parent))
    elif change == "rekind":
        timeline.change(day, org_id, (name, draw(st.sampled_from(KINDS)), parent))
    else:
        timeline.change(day, org_id, (name, kind, draw(some_parent)))


def _write(draw: st.DrawFn, ds: Dataset, timeline: Timeline) -> None:
    """Writes the walk into the dataset: rows of the new organisations, the latest name, kind and
    parent of every organisation, founded and dissolved, the history rows."""
    known = {r["id"] for r in _orgs(ds)}
    for org_id in sorted(set(timeline.founded) - known):
        add(ds, "organisations", id=org_id,
            domain=draw(st.sampled_from([None, "RURAL", "SOE"])),
            full_members=draw(st.one_of(st.none(), st.integers(0, 60))))  # fmt: skip
        _relations(draw, ds, org_id)
    for row in _orgs(ds):
        org_id = row["id"]
        name, kind, parent = timeline.now.get(org_id) or timeline.gone[org_id]
        row.values.update(name=name, kind=kind, parent_id=parent,
                          founded=timeline.founded.get(org_id),
                          dissolved=timeline.dissolved.get(org_id))  # fmt: skip
    for org_id, until, (name, kind, parent) in timeline.history:
        add(ds, "organisation_history", organisation_id=org_id, until=until, name=name,
            kind=kind, parent_id=parent)  # fmt: skip


def _relations(draw: st.DrawFn, ds: Dataset, org_id: str) -> None:
    """Gives a new organisation a few posts, a liaison, a visit, a unit and a grid cell."""
    people = [r["id"] for r in ds.rows("people")]
    for role in draw(st.lists(st.sampled_from(ORG_ROLES), max_size=2, unique=True)):
        add(ds, "posts", person_id=draw(st.sampled_from(people)), target_id=org_id, role=role,
            start=draw(maybe_day), end=draw(maybe_day))  # fmt: skip
    if draw(st.booleans()):
        who = draw(st.sampled_from(people))
        add(ds, "liaisons", person_id=who, organisation_id=org_id, kind="POINT",
            start=draw(maybe_day), visits_per_month=1)  # fmt: skip
        add(ds, "visits", person_id=who, organisation_id=org_id, date=draw(st.sampled_from(DAYS)),
            kind="LECTURE")  # fmt: skip
    for table, column in (("units", "unit_id"), ("grids", "grid_id")):
        ids = [r["id"] for r in ds.rows(table)]
        if ids and draw(st.booleans()):
            link = "org_units" if table == "units" else "grid_coverage"
            add(ds, link, organisation_id=org_id, **{column: draw(st.sampled_from(ids))})
            ds.rows(table)[0].values["area_id"] = org_id  # an area that exists only for a while


def fit_to_existence(ds: Dataset) -> None:
    """Cuts posts and liaisons to the days their organisation exists, drops the visits and
    periods that fall outside, and keeps one row per key."""
    orgs = {r["id"]: r for r in _orgs(ds)}
    for table, column in (("posts", "target_id"), ("liaisons", "organisation_id")):
        key, kept, seen = TABLES_BY_NAME[table].key, [], set()
        for row in ds.rows(table):
            org = orgs.get(row[column])
            if org is not None and not _cut(row, org):
                continue
            if (k := tuple(row[c] for c in key)) not in seen:
                seen.add(k)
                kept.append(row)
        ds.tables[table] = kept
    ds.tables["visits"] = [
        v for v in ds.rows("visits") if _exists(orgs.get(v["organisation_id"]), v["date"])
    ]


def _cut(row: Row, org: Row) -> bool:
    """Cuts a period to the organisation's existence; False when nothing of it is left."""
    start, end, founded, dissolved = row["start"], row["end"], org["founded"], org["dissolved"]
    if founded is not None and (start is None or start < founded):
        start = founded
    if dissolved is not None and (end is None or end >= dissolved):
        end = dissolved - ONE_DAY
    row.values.update(start=start, end=end)
    return start is None or end is None or start <= end


def _exists(org: Row | None, day: date) -> bool:
    """Tells whether a visited organisation exists on day (an id that is none is left alone)."""
    if org is None:
        return True
    return (org["founded"] is None or org["founded"] <= day) and (
        org["dissolved"] is None or day < org["dissolved"]
    )


def flatten(ds: Dataset, day: date) -> Dataset:
    """The dataset without history meaning on day what ds means then: the organisations existing
    on day, with the name, kind and parent of day, and only their org_units and grid_coverage
    rows; every other row as it is."""
    flat = Dataset()
    for org in _orgs(ds):
        if not _exists(org, day):
            continue
        later = [h for h in ds.rows("organisation_history")
                 if h["organisation_id"] == org["id"] and h["until"] >= day]  # fmt: skip
        values = {**org.values, "founded": None, "dissolved": None}
        if later:
            first = min(later, key=lambda h: h["until"])
            values.update(name=first["name"], kind=first["kind"], parent_id=first["parent_id"])
        flat.add("organisations", **values)
    alive = {r["id"] for r in flat.rows("organisations")}
    for table, rows in ds.tables.items():
        if table in ("organisations", "organisation_history"):
            continue
        for row in rows:
            if table not in ("org_units", "grid_coverage") or row["organisation_id"] in alive:
                flat.add(table, **row.values)
    return flat


def days_to_ask(ds: Dataset) -> list[date]:
    """The days where a dataset's hierarchy changes, the days before them, and a few others:
    the days worth asking about."""
    changes = {r["until"] for r in ds.rows("organisation_history")}
    changes |= {r[c] for r in ds.rows("organisations") for c in ("founded", "dissolved")}
    marks = sorted(d for d in changes if isinstance(d, date))
    return sorted({*marks, *(d - ONE_DAY for d in marks), *DAYS[::4]})
