"""Every dataset the tests build comes from here: rows with each column of their table present
(None where a test does not care), a builder of small graphs by short calls, the two named
datasets, and the generated demo."""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import Driver

from domain.dataset import Dataset, Row
from domain.tables import TABLES_BY_NAME
from services.demo.generator import generate
from services.exchange.importer import import_dataset
from services.exchange.validation import validate

# The day the hand-built graphs are asked about.
D = date(2024, 6, 30)


def full_row(table: str, **values: Any) -> dict[str, Any]:
    """Returns values for every column of a table, None where not given."""
    return {**dict.fromkeys(c.name for c in TABLES_BY_NAME[table].columns), **values}


def add(dataset: Dataset, table: str, source: str = "", line: int = 0, **values: Any) -> Row:
    """Appends a row with every column of its table, None where not given; `source` and `line`
    say where it came from, as a read file would."""
    return dataset.add(table, source, line, **full_row(table, **values))


class Build:
    """Adds rows to a dataset with short calls, each filling what its test does not name: an
    organisation is named after its id, a person "<id>名", a grid cell "<id>格", a unit
    "<id>单位". `load` validates the dataset and imports it.

    With `every_column=False` a row holds only the columns given, like a file that leaves the
    other columns out: the importer then leaves what those columns hold alone, where an empty
    cell would clear it."""

    def __init__(self, dataset: Dataset | None = None, *, every_column: bool = True) -> None:
        self.ds = Dataset() if dataset is None else dataset
        self.every_column = every_column

    def row(self, table: str, **values: Any) -> Build:
        """Adds a row of any table."""
        if self.every_column:
            add(self.ds, table, **values)
        else:
            self.ds.add(table, **values)
        return self

    def _row(self, table: str, **values: Any) -> Build:
        """Adds a row from a shorthand below: without every column, what it leaves empty is left
        out."""
        if not self.every_column:
            values = {k: v for k, v in values.items() if v is not None}
        return self.row(table, **values)

    def org(self, id_: str, kind: str, parent: str | None = None, **extra: Any) -> Build:
        """Adds an organisation named after its id unless a name is given."""
        name = extra.pop("name", id_)
        return self._row("organisations", id=id_, name=name, kind=kind, parent_id=parent, **extra)

    def person(self, id_: str, home: str | None = None, rank: str | None = None) -> Build:
        """Adds a person."""
        return self._row("people", id=id_, name=f"{id_}名", rank=rank, home_id=home)

    def post(self, who: str, target: str, role: str, start: date | None = None,
             end: date | None = None) -> Build:  # fmt: skip
        """Adds a post."""
        return self._row("posts", person_id=who, target_id=target, role=role, start=start, end=end)

    def liaison(self, who: str, target: str, kind: str = "POINT", start: date | None = None,
                end: date | None = None, vpm: int | None = None) -> Build:  # fmt: skip
        """Adds a liaison (vpm: visits_per_month)."""
        return self._row("liaisons", person_id=who, organisation_id=target, kind=kind,
                        start=start, end=end, visits_per_month=vpm)  # fmt: skip

    def visit(self, who: str, target: str, day: date, kind: str = "GUIDANCE") -> Build:
        """Adds a visit."""
        return self._row("visits", person_id=who, organisation_id=target, date=day, kind=kind)

    def grid(self, id_: str, level: str, parent: str | None = None,
             area: str | None = None) -> Build:  # fmt: skip
        """Adds a grid cell."""
        return self._row("grids", id=id_, name=f"{id_}格", level=level, parent_id=parent,
                        area_id=area)  # fmt: skip

    def covers(self, org: str, grid: str) -> Build:
        """Adds a grid_coverage row."""
        return self._row("grid_coverage", organisation_id=org, grid_id=grid)

    def unit(self, id_: str, members: int | None = None, area: str | None = None,
             kind: str | None = "NON_PUBLIC") -> Build:  # fmt: skip
        """Adds a unit."""
        return self._row("units", id=id_, name=f"{id_}单位", kind=kind, party_members=members,
                        area_id=area)  # fmt: skip

    def set_up(self, org: str, unit: str, form: str = "OWN") -> Build:
        """Adds an org_units row."""
        return self._row("org_units", organisation_id=org, unit_id=unit, form=form)

    def load(self, driver: Driver, database: str) -> Dataset:
        """Validates the dataset, imports it and returns it."""
        problems = validate(self.ds)
        assert not problems, problems
        import_dataset(driver=driver, database=database, dataset=self.ds)
        return self.ds


def small_dataset() -> Dataset:
    """A county with one township, two villages, a street with a grid, and a few leaders: the
    graph most integration tests load. Its rows hold only the columns given (an export of it
    reimports unchanged, which the edit tests check)."""
    b = Build(every_column=False)
    b.org("C1", "COMMITTEE", name="示范县委", domain="OTHER", term_start=date(2021, 3, 1))
    b.org("T1", "COMMITTEE", "C1", name="城关镇党委", domain="RURAL")
    b.org("B1", "BRANCH", "T1", name="东风村党支部", domain="RURAL", full_members=9,
          probationary_members=1, term_start=date(2019, 2, 28))  # fmt: skip
    b.org("B2", "BRANCH", "T1", name="红旗村党支部", domain="RURAL", full_members=4)
    b.org("G1", "GROUP", "B1", name="第一党小组")
    b.org("S1", "WORKING_COMMITTEE", "C1", name="建设路街道党工委", domain="COMMUNITY")
    b.org("B3", "BRANCH", "S1", name="幸福社区第一网格党支部", domain="COMMUNITY", full_members=12)
    b.row("units", id="U1", name="东风村", kind="VILLAGE", party_members=10, area_id="T1")
    b.row("units", id="U2", name="宏达科技有限公司", kind="NON_PUBLIC", party_members=4,
          area_id="S1")  # fmt: skip
    b.set_up("B1", "U1")
    for pid, name, rank, home in [
        ("P1", "王建国", "COUNTY", "C1"),
        ("P2", "李秀英", "TOWNSHIP", "T1"),
        ("P3", "张伟", None, "B1"),
        ("P4", "刘洋", None, "B3"),
        ("P5", "陈静", "COUNTY", "C1"),
    ]:
        b.row("people", id=pid, name=name, rank=rank, home_id=home)
    b.row("grids", id="GR1", name="幸福社区", level="COMMUNITY", area_id="S1")
    b.row("grids", id="GR2", name="幸福社区第1网格", level="GRID", parent_id="GR1")
    b.row("grids", id="GR3", name="3号楼", level="BUILDING", parent_id="GR2")
    b.covers("B3", "GR2")
    b.post("P1", "C1", "SECRETARY", date(2021, 3, 1))
    b.post("P2", "T1", "SECRETARY", date(2020, 1, 1))
    b.post("P3", "B1", "SECRETARY", date(2019, 2, 28), date(2024, 6, 30))
    b.post("P4", "GR2", "GRID_LEADER", date(2022, 5, 1))
    b.liaison("P1", "T1", "SECTOR", date(2021, 4, 1))
    b.liaison("P2", "B1", "VILLAGE", date(2022, 1, 1), vpm=1)
    b.visit("P2", "B1", date(2024, 6, 10))
    b.visit("P1", "B2", date(2024, 6, 12), "LECTURE")
    return b.ds


def ledger_dataset() -> Dataset:
    """A valid dataset that touches every table, with ids that look like numbers ("001"): what
    the exchange-format tests write and read back."""
    b = Build()
    b.org("001", "COMMITTEE", name="县委", term_start=date(2021, 2, 28))
    b.org("1002", "COMMITTEE", "001", name="镇党委", domain="RURAL")
    b.org("1003", "BRANCH", "1002", name="村支部", domain="RURAL", full_members=12,
          probationary_members=0)  # fmt: skip
    b.org("1004", "GROUP", "1003", name="一组")
    b.row("units", id="U1", name="红星村", kind="VILLAGE", party_members=12, area_id="1002")
    b.set_up("1003", "U1")
    b.row("people", id="P1", name="张三", rank="COUNTY", home_id="001")
    b.row("people", id="P2", name="李四", home_id="1003")
    b.post("P2", "1003", "SECRETARY", start=date(2023, 1, 5))
    b.post("P2", "G2", "GRID_LEADER", end=date(2025, 12, 31))
    b.row("grids", id="G1", name="红星片区", level="COMMUNITY", area_id="1002")
    b.row("grids", id="G2", name="一网格", level="GRID", parent_id="G1")
    b.covers("1003", "G2")
    b.liaison("P1", "1002", "POINT", date(2024, 1, 1), vpm=3)
    b.visit("P1", "1003", date(2024, 3, 9))
    return b.ds


def history_dataset() -> Dataset:
    """A county with a past: the township was a root until it joined the county, the branch
    moved from the county to the township and was renamed, a group was founded and dissolved."""
    b = Build(every_column=False)
    b.org("C1", "COMMITTEE", name="示范县委")
    b.org("T1", "COMMITTEE", "C1", name="城关镇党委", founded=date(2020, 1, 1))
    b.org("B1", "BRANCH", "T1", name="东风村党支部", full_members=9)
    b.org("G1", "GROUP", "B1", name="第一党小组", founded=date(2021, 1, 1),
          dissolved=date(2023, 1, 1))  # fmt: skip
    b.row("organisation_history", organisation_id="T1", until=date(2020, 12, 31),
          name="城关镇筹备组", kind="COMMITTEE")  # fmt: skip
    b.row("organisation_history", organisation_id="B1", until=date(2021, 6, 30),
          name="东风村老支部", kind="BRANCH", parent_id="C1")  # fmt: skip
    b.person("P1", "B1")
    b.post("P1", "G1", "GROUP_LEADER", date(2021, 1, 1), date(2022, 12, 31))
    b.liaison("P1", "T1", start=date(2020, 1, 1))
    return b.ds


def changes_dataset() -> Dataset:
    """A county whose branch B1 goes through every kind of change: founded on 2020-03-01 as
    东风村党支部 under 城关镇党委 (T1), renamed on 2021-07-01, moved on 2023-01-01 to T2 (which
    was 河口乡党委 until that day and 河口镇党委 from it), raised to a general branch under a new
    name on 2023-07-01; its group G1 is founded on 2021-01-01 and dissolved on 2023-07-01."""
    b = Build(every_column=False)
    b.org("C1", "COMMITTEE", name="示范县委")
    b.org("T1", "COMMITTEE", "C1", name="城关镇党委")
    b.org("T2", "COMMITTEE", "C1", name="河口镇党委")
    b.org("B1", "GENERAL_BRANCH", "T2", name="东风社区党总支", founded=date(2020, 3, 1))
    b.org("G1", "GROUP", "B1", name="第一党小组", founded=date(2021, 1, 1),
          dissolved=date(2023, 7, 1))  # fmt: skip
    for org, until, name, kind, parent in [
        ("T2", date(2022, 12, 31), "河口乡党委", "COMMITTEE", "C1"),
        ("B1", date(2021, 6, 30), "东风村党支部", "BRANCH", "T1"),
        ("B1", date(2022, 12, 31), "东风社区党支部", "BRANCH", "T1"),
        ("B1", date(2023, 6, 30), "东风社区党支部", "BRANCH", "T2"),
    ]:
        b.row("organisation_history", organisation_id=org, until=until, name=name, kind=kind,
              parent_id=parent)  # fmt: skip
    b.person("P1", "T2")
    b.post("P1", "T2", "SECRETARY", date(2019, 1, 1))
    return b.ds


def demo(scale: str = "county", seed: int = 1, anchor: date | None = None) -> Dataset:
    """The generated demo of a scale (services.demo), recent to the anchor day."""
    return generate(scale, seed) if anchor is None else generate(scale, seed, anchor)


def table_rows(ds: Dataset) -> dict[str, list[str]]:
    """Every table as sorted row reprs with empty cells left out: two datasets with the same
    rows compare equal whatever order they were read in."""
    return {
        table: sorted(
            repr(sorted((k, v) for k, v in r.values.items() if v is not None)) for r in rows
        )
        for table, rows in ds.tables.items()
    }


def values_of(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Returns every table's row values, full width, without where they came from."""
    return {
        name: [full_row(name, **row.values) for row in rows]
        for name, rows in dataset.tables.items()
    }
