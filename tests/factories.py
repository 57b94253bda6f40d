"""Small datasets built in code, for tests that need a known graph."""

from __future__ import annotations

from datetime import date

from domain.dataset import Dataset


def small_dataset() -> Dataset:
    """A county with one township, two villages, a street with a grid, and a few leaders."""
    ds = Dataset()
    org = "organisations"
    ds.add(
        org, id="C1", name="示范县委", kind="COMMITTEE", domain="OTHER", term_start=date(2021, 3, 1)
    )
    ds.add(org, id="T1", name="城关镇党委", kind="COMMITTEE", domain="RURAL", parent_id="C1")
    ds.add(
        org,
        id="B1",
        name="东风村党支部",
        kind="BRANCH",
        domain="RURAL",
        parent_id="T1",
        full_members=9,
        probationary_members=1,
        term_start=date(2019, 2, 28),
    )
    ds.add(
        org,
        id="B2",
        name="红旗村党支部",
        kind="BRANCH",
        domain="RURAL",
        parent_id="T1",
        full_members=4,
    )
    ds.add(org, id="G1", name="第一党小组", kind="GROUP", parent_id="B1")
    ds.add(
        org,
        id="S1",
        name="建设路街道党工委",
        kind="WORKING_COMMITTEE",
        domain="COMMUNITY",
        parent_id="C1",
    )
    ds.add(
        org,
        id="B3",
        name="幸福社区第一网格党支部",
        kind="BRANCH",
        domain="COMMUNITY",
        parent_id="S1",
        full_members=12,
    )
    ds.add("units", id="U1", name="东风村", kind="VILLAGE", party_members=10, area_id="T1")
    ds.add(
        "units", id="U2", name="宏达科技有限公司", kind="NON_PUBLIC", party_members=4, area_id="S1"
    )
    ds.add("org_units", organisation_id="B1", unit_id="U1", form="OWN")
    for pid, name, rank, home in [
        ("P1", "王建国", "COUNTY", "C1"),
        ("P2", "李秀英", "TOWNSHIP", "T1"),
        ("P3", "张伟", None, "B1"),
        ("P4", "刘洋", None, "B3"),
        ("P5", "陈静", "COUNTY", "C1"),
    ]:
        ds.add("people", id=pid, name=name, rank=rank, home_id=home)
    ds.add("grids", id="GR1", name="幸福社区", level="COMMUNITY", area_id="S1")
    ds.add("grids", id="GR2", name="幸福社区第1网格", level="GRID", parent_id="GR1")
    ds.add("grids", id="GR3", name="3号楼", level="BUILDING", parent_id="GR2")
    ds.add("grid_coverage", organisation_id="B3", grid_id="GR2")
    ds.add("posts", person_id="P1", target_id="C1", role="SECRETARY", start=date(2021, 3, 1))
    ds.add("posts", person_id="P2", target_id="T1", role="SECRETARY", start=date(2020, 1, 1))
    ds.add(
        "posts",
        person_id="P3",
        target_id="B1",
        role="SECRETARY",
        start=date(2019, 2, 28),
        end=date(2024, 6, 30),
    )
    ds.add("posts", person_id="P4", target_id="GR2", role="GRID_LEADER", start=date(2022, 5, 1))
    ds.add("liaisons", person_id="P1", organisation_id="T1", kind="SECTOR", start=date(2021, 4, 1))
    ds.add(
        "liaisons",
        person_id="P2",
        organisation_id="B1",
        kind="VILLAGE",
        start=date(2022, 1, 1),
        visits_per_month=1,
    )
    ds.add("visits", person_id="P2", organisation_id="B1", date=date(2024, 6, 10), kind="GUIDANCE")
    ds.add("visits", person_id="P1", organisation_id="B2", date=date(2024, 6, 12), kind="LECTURE")
    return ds


def table_rows(ds: Dataset) -> dict[str, list[str]]:
    """Every table as sorted row reprs with empty cells left out: two datasets with the same
    rows compare equal whatever order they were read in."""
    return {
        table: sorted(
            repr(sorted((k, v) for k, v in r.values.items() if v is not None)) for r in rows
        )
        for table, rows in ds.tables.items()
    }
