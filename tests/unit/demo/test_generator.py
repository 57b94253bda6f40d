"""The demo dataset generator: determinism, sizes, integrity and plausible coverage gaps."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from domain.cells import is_formula
from domain.dataset import Dataset
from domain.tables import ALLOWED_PARENT_KINDS, ENUMS, REF_TARGETS, TABLES, ColumnType
from services.demo.generator import SCALES, generate, summary

ANCHOR = date(2025, 6, 30)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def county() -> Dataset:
    """One county dataset shared by the checks below."""
    return generate("county", 7, ANCHOR, history=True)


def _values(dataset: Dataset) -> dict[str, list[dict[str, object]]]:
    return {table: [row.values for row in rows] for table, rows in dataset.tables.items()}


def _valid(row: dict[str, object], day: date = ANCHOR) -> bool:
    start, end = row["start"], row["end"]
    return (start is None or start <= day) and (end is None or day <= end)  # type: ignore[operator]


def _orgs(dataset: Dataset) -> dict[str, dict[str, object]]:
    return {row["id"]: row.values for row in dataset.rows("organisations")}


def test_same_seed_gives_same_rows(county: Dataset) -> None:
    assert _values(generate("county", 7, ANCHOR, history=True)) == _values(county)


def test_other_seed_gives_other_rows(county: Dataset) -> None:
    assert _values(generate("county", 8, ANCHOR, history=True)) != _values(county)


def test_unknown_scale_is_rejected() -> None:
    assert SCALES == ("county", "city", "province")
    with pytest.raises(ValueError, match="unknown scale"):
        generate("country", 1, ANCHOR)


def test_summary_counts_every_table(county: Dataset) -> None:
    counts = summary(county)
    assert set(counts) == {t.name for t in TABLES}
    assert all(counts[name] > 0 for name in counts)


def test_county_sizes_are_in_range(county: Dataset) -> None:
    counts = summary(county)
    assert 1200 <= counts["organisations"] <= 1800
    assert 8000 <= counts["people"] <= 12000
    leaders = sum(row["rank"] == "COUNTY" for row in county.rows("people"))
    assert 30 <= leaders <= 40


def test_ids_are_unique_across_tables(county: Dataset) -> None:
    ids = [row["id"] for rows in county.tables.values() for row in rows if row["id"] is not None]
    assert len(ids) == len(set(ids))


def test_row_keys_are_unique(county: Dataset) -> None:
    for table in TABLES:
        keys = [tuple(row[c] for c in table.key) for row in county.rows(table.name)]
        assert len(keys) == len(set(keys)), table.name


def test_parent_kinds_are_allowed_and_acyclic(county: Dataset) -> None:
    orgs = _orgs(county)
    for org in orgs.values():
        parent = org["parent_id"]
        parent_kind = None if parent is None else orgs[parent]["kind"]
        assert parent_kind in ALLOWED_PARENT_KINDS[org["kind"]], org
    roots = [o for o in orgs.values() if o["parent_id"] is None]
    assert len(roots) == 1
    for org in orgs.values():  # every chain reaches the root within a few steps
        seen, node = set(), org["id"]
        while node is not None:
            assert node not in seen
            seen.add(node)
            node = orgs[node]["parent_id"]


def test_every_reference_resolves(county: Dataset) -> None:
    ids = {name: {row["id"] for row in county.rows(name)} for name in county.tables}
    for (table, column), targets in REF_TARGETS.items():
        for row in county.rows(table):
            value = row[column]
            if value is not None:
                assert any(value in ids[t] for t in targets), (table, column, value)


def test_values_are_canonical(county: Dataset) -> None:
    for table in TABLES:
        for row in county.rows(table.name):
            for column in table.columns:
                value = row[column.name]
                if value is None:
                    assert not column.required, (table.name, column.name)
                elif column.type is ColumnType.ENUM:
                    assert value in ENUMS[column.enum or ""], (table.name, column.name, value)
                elif column.type is ColumnType.DATE:
                    assert isinstance(value, date)
                elif column.type is ColumnType.COUNT:
                    assert isinstance(value, int)
                    assert value >= 0


def test_names_are_chinese(county: Dataset) -> None:
    for table in ("organisations", "units", "people", "grids"):
        assert all(HAN.search(str(row["name"])) for row in county.rows(table))
    names = {str(row["name"]) for row in county.rows("organisations")}
    for suffix in (
        "县委",
        "镇党委",
        "村党支部",
        "街道党工委",
        "社区党总支",
        "网格党支部",
        "联合党支部",
    ):
        assert any(name.endswith(suffix) for name in names), suffix


def test_nothing_would_run_as_a_spreadsheet_formula(county: Dataset) -> None:
    # The importer refuses such names; no value of any column starts like a formula either.
    for table in TABLES:
        for row in county.rows(table.name):
            for value in row.values.values():
                assert not (isinstance(value, str) and is_formula(value)), (table.name, value)


def test_member_counts_add_up(county: Dataset) -> None:
    orgs = _orgs(county)
    homes = Counter(row["home_id"] for row in county.rows("people"))
    root = next(o for o in orgs.values() if o["parent_id"] is None)
    assert root["full_members"] == sum(homes.values())
    for org in orgs.values():
        if org["kind"] == "BRANCH" and org.get("dissolved") is None:  # dissolved: members moved on
            assert org["full_members"] == homes[org["id"]]


def test_secretary_vacancies_are_a_few_percent(county: Dataset) -> None:
    held = {
        r["target_id"]
        for r in county.rows("posts")
        if r["role"] == "SECRETARY" and _valid(r.values)
    }
    orgs = [o for o in _orgs(county).values() if o["kind"] != "GROUP" and not o.get("dissolved")]
    vacant = sum(o["id"] not in held for o in orgs)
    assert 0.01 <= vacant / len(orgs) <= 0.15


def _term_years(org: dict[str, object]) -> int | None:
    if org["kind"] in ("WORKING_COMMITTEE", "GROUP"):
        return None
    long_term = org["kind"] == "COMMITTEE" or org["domain"] in ("RURAL", "COMMUNITY")
    return 5 if long_term else 3


def test_some_terms_have_expired(county: Dataset) -> None:
    dated = [o for o in _orgs(county).values() if o["term_start"] and _term_years(o)]
    expired = [
        o
        for o in dated
        if o["term_start"] + timedelta(days=366 * _term_years(o)) <= ANCHOR  # type: ignore[operator]
    ]
    assert 0.02 <= len(expired) / len(dated) <= 0.25


def test_some_units_are_uncovered(county: Dataset) -> None:
    linked = {row["unit_id"] for row in county.rows("org_units")}
    units = [row for row in county.rows("units") if row["party_members"] >= 3]
    uncovered = sum(row["id"] not in linked for row in units)
    assert 0.005 <= uncovered / len(units) <= 0.08


def test_joint_branches_link_two_to_six_firms(county: Dataset) -> None:
    joint = Counter(
        row["organisation_id"] for row in county.rows("org_units") if row["form"] == "JOINT"
    )
    assert joint
    assert all(2 <= n <= 6 for n in joint.values())
    forms = {row["form"] for row in county.rows("org_units")}
    assert forms == {"OWN", "JOINT", "ATTACHED"}


def test_post_history_is_realistic(county: Dataset) -> None:
    posts = [row.values for row in county.rows("posts")]
    starts = {(p["target_id"], p["role"], p["start"]) for p in posts}
    handed_over = [
        p
        for p in posts
        if p["end"] and (p["target_id"], p["role"], p["end"] + timedelta(days=1)) in starts
    ]
    assert handed_over
    assert any(p["start"] > ANCHOR for p in posts)
    secretaries = Counter(p["person_id"] for p in posts if p["role"] == "SECRETARY" and _valid(p))
    assert max(secretaries.values()) >= 2  # cross-posting
    assert any(p["role"] == "FIRST_SECRETARY" for p in posts)


def test_grid_cells_inherit_area_from_the_top(county: Dataset) -> None:
    grids = county.rows("grids")
    assert all((row["parent_id"] is None) == (row["area_id"] is not None) for row in grids)
    covered = {row["grid_id"] for row in county.rows("grid_coverage")}
    cells = [row for row in grids if row["level"] == "GRID"]
    assert 0 < sum(row["id"] not in covered for row in cells) < len(cells) * 0.15


def test_visits_follow_liaisons(county: Dataset) -> None:
    orgs = _orgs(county)
    held = defaultdict(set)
    for row in county.rows("liaisons"):
        held[row["person_id"]].add(row["organisation_id"])
    for visit in county.rows("visits"):
        assert ANCHOR - timedelta(days=90) <= visit["date"] <= ANCHOR
        node, chain = visit["organisation_id"], set()
        while node is not None:
            chain.add(node)
            node = orgs[node]["parent_id"]
        assert chain & held[visit["person_id"]]


def test_some_liaisons_are_inactive(county: Dataset) -> None:
    orgs = _orgs(county)
    recent: Counter[tuple[object, object]] = Counter()
    for visit in county.rows("visits"):
        if visit["date"] >= ANCHOR - timedelta(days=29):
            node = visit["organisation_id"]
            while node is not None:
                recent[(visit["person_id"], node)] += 1
                node = orgs[node]["parent_id"]
    valid = [row.values for row in county.rows("liaisons") if _valid(row.values)]
    inactive = [
        r
        for r in valid
        if recent[(r["person_id"], r["organisation_id"])] < (r["visits_per_month"] or 2)
    ]
    assert 0.05 <= len(inactive) / len(valid) <= 0.3


@pytest.mark.slow
def test_city_sizes_are_in_range() -> None:
    counts = summary(generate("city", 1, ANCHOR))
    assert 16_000 <= counts["organisations"] <= 24_000
    assert 120_000 <= counts["people"] <= 180_000


@pytest.mark.slow
def test_province_sizes_are_in_range() -> None:
    counts = summary(generate("province", 1, ANCHOR))
    assert 240_000 <= counts["organisations"] <= 360_000
    assert 1_600_000 <= counts["people"] <= 2_400_000
