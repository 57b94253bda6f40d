"""A realistic synthetic dataset of a county, city or province, for demos and load tests."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from domain.dataset import Dataset, Row, Value
from services.demo import activity, names, restructuring, systems
from services.demo.builder import Area, Builder
from services.demo.rural import township
from services.demo.urban import street

SCALES = ("county", "city", "province")
ROLLED_UP = frozenset({"COMMITTEE", "WORKING_COMMITTEE", "GENERAL_BRANCH"})


def generate(
    scale: str = "county", seed: int = 1, anchor: date | None = None, history: bool = True
) -> Dataset:
    """Builds the dataset of one county, city or province; the same arguments give the same rows.
    With `history` (the default), townships merge and branches move, are founded and close over
    the years, so every screen and benchmark meets a hierarchy that changed."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    b = Builder(random.Random(f"{scale}:{seed}"), anchor or date.today(), history)
    if scale == "county":
        county(b, None)
    elif scale == "city":
        city(b, None)
    else:
        province(b)
    if history:
        restructuring.settle(b)
    roll_up(b.ds)
    return b.ds


def summary(dataset: Dataset) -> dict[str, int]:
    """Returns the number of rows in each table."""
    return {table: len(rows) for table, rows in dataset.tables.items()}


def county(b: Builder, parent: str | None, district: bool = False) -> Area:
    """Adds a county (or city district) with everything in it; returns what was collected."""
    rng = b.rng
    prefix = _stem(b) + ("区" if district else "县")
    root = b.org(f"{prefix}委", "COMMITTEE", None, parent)
    area = Area(root.id, prefix)
    people = activity.leaders(b, root, rng.randint(30, 40), "COUNTY")
    systems.organs(b, area, rng.randint(26, 34), (6, 30), "TOWNSHIP")
    towns, streets = (
        (rng.randint(3, 6), rng.randint(7, 10))
        if district
        else (rng.randint(11, 13), rng.randint(3, 5))
    )
    for name in names.unique_names(rng, towns, names.township):
        township(b, area, name, rng.randint(13, 18))
    for name in names.unique_names(rng, streets, names.street):
        street(b, area, name, rng.randint(4, 7))
    if b.history:
        restructuring.reshape_townships(b, area, merges=1 if district else 2)
    _sectors(b, area, county_level=True)
    if b.history:
        restructuring.reshape_firms(b, area)
    activity.sectors(b, people[: activity.STANDING_COMMITTEE], area.sectors)
    activity.points(b, people, area.points)
    activity.systems(b, people, area)
    activity.visits(b)
    return area


def _sectors(b: Builder, area: Area, county_level: bool) -> None:
    """Adds the county-wide systems: enterprises, social organisations, schools, hospitals."""
    rng = b.rng
    if county_level:
        systems.soes(b, area, rng.randint(3, 5))
        systems.non_public(b, area, rng.randint(30, 45), rng.randint(6, 10))
        systems.social(b, area, rng.randint(8, 14))
        systems.education(b, area, systems.COUNTY_SCHOOLS, (10, 45))
        systems.health(b, area, (8, 35))
        return
    systems.soes(b, area, rng.randint(5, 8))
    systems.non_public(b, area, rng.randint(20, 30), rng.randint(3, 6))
    systems.social(b, area, rng.randint(10, 16))


def city(b: Builder, parent: str | None) -> list[str]:
    """Adds a city committee over its own systems and 12–15 counties; returns their sectors."""
    rng = b.rng
    prefix = _stem(b) + "市"
    root = b.org(f"{prefix}委", "COMMITTEE", None, parent)
    area = Area(root.id, prefix, cadre_rank=None)
    people = activity.leaders(b, root, rng.randint(12, 16), "OTHER")
    systems.organs(b, area, rng.randint(34, 42), (15, 45), None)
    _sectors(b, area, county_level=False)
    systems.education(b, area, systems.CITY_SCHOOLS, (20, 60))
    systems.health(b, area, (15, 45))
    count = rng.randint(12, 15)
    districts = rng.randint(2, 4)
    sectors = [s for i in range(count) for s in county(b, root.id, district=i < districts).sectors]
    # city leaders take townships and streets as their points (包乡包村), not whole counties
    activity.points(b, people, sectors, missing=0)
    activity.systems(b, people, area)
    activity.visits(b)
    return sectors


def province(b: Builder) -> None:
    """Adds a provincial committee over its own systems and 13–15 cities."""
    rng = b.rng
    prefix = rng.choice(names.PROVINCES) + "省"
    root = b.org(f"{prefix}委", "COMMITTEE", None, None)
    area = Area(root.id, prefix, cadre_rank=None)
    people = activity.leaders(b, root, rng.randint(13, 16), "OTHER")
    systems.organs(b, area, 40, (20, 50), None)
    _sectors(b, area, county_level=False)
    systems.education(b, area, systems.PROVINCE_SCHOOLS, (40, 120))
    systems.health(b, area, (20, 50))
    sectors = [s for _ in range(rng.randint(13, 15)) for s in city(b, root.id)]
    activity.points(b, people, sectors, missing=0)
    activity.systems(b, people, area)
    activity.visits(b)


def _stem(b: Builder) -> str:
    """Returns a county or city name stem not used before in this dataset."""
    for _ in range(200):
        stem = names.county_stem(b.rng)
        if stem not in b.stems:
            break
    else:
        stem = f"{names.county_stem(b.rng)}{len(b.stems)}"
    b.stems.add(stem)
    return stem


def roll_up(dataset: Dataset) -> None:
    """Fills committee and general branch member counts from their cadres and the existing
    branches below; a dissolved organisation's members count no more."""
    rows = dataset.rows("organisations")
    full = Counter(row.values["home_id"] for row in dataset.rows("people"))
    probationary: Counter[object] = Counter()
    depth = _depths(rows)
    for row in sorted(rows, key=lambda r: depth[r.values["id"]], reverse=True):  # children first
        values = row.values
        oid, parent = values["id"], values["parent_id"]
        if values["kind"] in ROLLED_UP:
            values["full_members"] = full[oid]
            values["probationary_members"] = probationary[oid]
        if values["kind"] != "GROUP" and parent is not None and values.get("dissolved") is None:
            full[parent] += _members(values["full_members"])
            probationary[parent] += _members(values["probationary_members"])


def _depths(rows: list[Row]) -> dict[object, int]:
    """Returns each organisation's number of ancestors, by id."""
    parents = {row.values["id"]: row.values["parent_id"] for row in rows}
    depth: dict[object, int] = {None: -1}
    for start in parents:
        chain = [start]
        while chain[-1] not in depth:
            chain.append(parents[chain[-1]])
        for org in reversed(chain[:-1]):
            depth[org] = depth[parents[org]] + 1
    return depth


def _members(value: Value) -> int:
    """Returns a member count, 0 where none is given."""
    return value if isinstance(value, int) else 0
