"""Random valid datasets for property tests: a dozen organisations with people, posts,
liaisons, visits, grid cells and units, on days around a 29 February and the turn of a term;
and random thresholds."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from domain.dataset import Dataset
from domain.tables import ALLOWED_PARENT_KINDS, ENUMS, GRID_ROLES, ORGANISATION_ROLES
from domain.thresholds import Thresholds
from services.exchange.validation import validate
from tests.support.factory import add

# Days around a 29 February and the turn of a term, so periods and terms start and end on them.
BASE = date(2024, 2, 20)
DAYS = [BASE + timedelta(days=n) for n in range(-35, 15, 3)] + [
    date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28), date(2023, 3, 1),
]  # fmt: skip
TERM_STARTS = [date(2020, 2, 29), date(2021, 2, 28), date(2019, 3, 1), date(2021, 3, 1)]
ORG_ROLES, CELL_ROLES = sorted(ORGANISATION_ROLES), sorted(GRID_ROLES)
CHILD_KINDS = {
    parent: sorted(k for k, allowed in ALLOWED_PARENT_KINDS.items() if parent in allowed)
    for parent in ENUMS["org_kind"]
}


maybe_day = st.one_of(st.none(), st.sampled_from(DAYS))


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A valid dataset of a dozen organisations with people, posts, liaisons, visits and grids."""
    ds, orgs, kinds = Dataset(), [], {}
    for i in range(draw(st.integers(1, 12))):
        parent = draw(st.one_of(st.none(), st.sampled_from(orgs))) if orgs else None
        options = CHILD_KINDS[kinds[parent]] if parent else ["COMMITTEE", "WORKING_COMMITTEE"]
        if not options:
            parent, options = None, ["COMMITTEE", "WORKING_COMMITTEE"]
        kind, oid = draw(st.sampled_from(options)), f"o{i:02d}"
        add(ds, "organisations", id=oid, name=f"组织{i}", kind=kind, parent_id=parent,
             domain=draw(st.sampled_from([None, "RURAL", "COMMUNITY", "SOE"])),
             full_members=draw(st.one_of(st.none(), st.integers(0, 60))),
             term_start=draw(st.one_of(st.none(), st.sampled_from(TERM_STARTS))))  # fmt: skip
        orgs.append(oid)
        kinds[oid] = kind
    some_org = st.sampled_from(orgs)
    people = [f"p{i}" for i in range(draw(st.integers(1, 6)))]
    for pid in people:
        add(ds, "people", id=pid, name=f"人{pid}", home_id=draw(st.one_of(st.none(), some_org)),
             rank=draw(st.sampled_from([None, "COUNTY", "TOWNSHIP"])))  # fmt: skip
    grids: list[str] = []
    for i in range(draw(st.integers(0, 6))):
        add(ds, "grids", id=f"g{i}", name=f"格{i}",
             level=draw(st.sampled_from(["STREET", "GRID", "BUILDING", "VILLAGE_GROUP"])),
             parent_id=draw(st.one_of(st.none(), st.sampled_from(grids))) if grids else None,
             area_id=draw(st.one_of(st.none(), some_org)))  # fmt: skip
        grids.append(f"g{i}")
    units = [f"u{i}" for i in range(draw(st.integers(0, 4)))]
    for uid in units:
        add(ds, "units", id=uid, name=f"单位{uid}", party_members=draw(st.integers(0, 5)),
             area_id=draw(st.one_of(st.none(), some_org)))  # fmt: skip
    _relations(draw, ds, orgs, people, grids, units)
    assert validate(ds) == []
    return ds


def _relations(
    draw: st.DrawFn, ds: Dataset, orgs: list[str], people: list[str], grids: list[str],
    units: list[str],
) -> None:  # fmt: skip
    """Adds org_units, grid_coverage, posts, liaisons and visits between the drawn rows."""
    some_org, some_person = st.sampled_from(orgs), st.sampled_from(people)
    if units:
        pairs = draw(st.sets(st.tuples(some_org, st.sampled_from(units)), max_size=8))
        for o, u in sorted(pairs):
            add(ds, "org_units", organisation_id=o, unit_id=u,
                 form=draw(st.sampled_from(["JOINT", "OWN"])))  # fmt: skip
    if grids:
        for o, g in sorted(draw(st.sets(st.tuples(some_org, st.sampled_from(grids)), max_size=5))):
            add(ds, "grid_coverage", organisation_id=o, grid_id=g)
    targets = st.one_of(
        st.tuples(some_org, st.sampled_from(ORG_ROLES)),
        *([st.tuples(st.sampled_from(grids), st.sampled_from(CELL_ROLES))] if grids else []),
    )
    seen: set[tuple[object, ...]] = set()
    for _ in range(draw(st.integers(0, 14))):
        who, (target, role), start = draw(some_person), draw(targets), draw(maybe_day)
        if (who, target, role, start) not in seen:
            seen.add((who, target, role, start))
            add(ds, "posts", person_id=who, target_id=target, role=role, start=start,
                 end=draw(maybe_day))  # fmt: skip
    for _ in range(draw(st.integers(0, 5))):
        who, target, start = draw(some_person), draw(some_org), draw(maybe_day)
        kind = draw(st.sampled_from(["POINT", "SECTOR"]))
        if (who, target, kind, start) not in seen:
            seen.add((who, target, kind, start))
            vpm = draw(st.one_of(st.none(), st.integers(0, 3)))
            add(ds, "liaisons", person_id=who, organisation_id=target, kind=kind, start=start,
                 end=draw(maybe_day), visits_per_month=vpm)  # fmt: skip
    for _ in range(draw(st.integers(0, 10))):
        key = (draw(some_person), draw(some_org), draw(st.sampled_from(DAYS)), "GUIDANCE")
        if key not in seen:
            seen.add(key)
            add(ds, "visits", person_id=key[0], organisation_id=key[1], date=key[2], kind=key[3])


thresholds = st.builds(
    Thresholds,
    committee_min_members=st.integers(0, 10),
    committee_min_size=st.integers(1, 3),
    committee_max_size=st.integers(0, 3),
    visit_window_days=st.integers(1, 40),
    default_visits_per_month=st.integers(0, 3),
    unit_min_members=st.integers(0, 4),
    term_years_long=st.integers(3, 5),
    term_years_short=st.integers(3, 4),
    branch_max_members=st.integers(0, 50),
    joint_max_units=st.integers(0, 2),
)
