"""A small builder of datasets for the query tests: every column present, defaults empty."""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from domain.dataset import Dataset
from domain.tables import TABLES_BY_NAME
from services.exchange.importer import import_dataset
from services.exchange.validation import validate

D = date(2024, 6, 30)


class Build:
    """Adds rows to a Dataset with short calls; `load` validates and imports it."""

    def __init__(self) -> None:
        self.ds = Dataset()

    def _add(self, table: str, **values: object) -> None:
        columns = {c.name: None for c in TABLES_BY_NAME[table].columns}
        self.ds.add(table, **{**columns, **values})  # type: ignore[arg-type]

    def org(self, id_: str, kind: str, parent: str | None = None, **extra: object) -> Build:
        """Adds an organisation named after its id unless a name is given."""
        self._add("organisations", id=id_, name=extra.pop("name", id_), kind=kind,
                  parent_id=parent, **extra)  # fmt: skip
        return self

    def person(self, id_: str, home: str | None = None, rank: str | None = None) -> Build:
        """Adds a person."""
        self._add("people", id=id_, name=f"{id_}名", rank=rank, home_id=home)
        return self

    def post(self, who: str, target: str, role: str, start: date | None = None,
             end: date | None = None) -> Build:  # fmt: skip
        """Adds a post."""
        self._add("posts", person_id=who, target_id=target, role=role, start=start, end=end)
        return self

    def liaison(self, who: str, target: str, kind: str = "POINT", start: date | None = None,
                end: date | None = None, vpm: int | None = None) -> Build:  # fmt: skip
        """Adds a liaison (vpm: visits_per_month)."""
        self._add("liaisons", person_id=who, organisation_id=target, kind=kind, start=start,
                  end=end, visits_per_month=vpm)  # fmt: skip
        return self

    def visit(self, who: str, target: str, day: date, kind: str = "GUIDANCE") -> Build:
        """Adds a visit."""
        self._add("visits", person_id=who, organisation_id=target, date=day, kind=kind)
        return self

    def grid(self, id_: str, level: str, parent: str | None = None,
             area: str | None = None) -> Build:  # fmt: skip
        """Adds a grid cell."""
        self._add("grids", id=id_, name=f"{id_}格", level=level, parent_id=parent, area_id=area)
        return self

    def covers(self, org: str, grid: str) -> Build:
        """Adds a grid_coverage row."""
        self._add("grid_coverage", organisation_id=org, grid_id=grid)
        return self

    def unit(self, id_: str, members: int | None, area: str | None = None) -> Build:
        """Adds a unit."""
        self._add("units", id=id_, name=f"{id_}单位", kind="NON_PUBLIC", party_members=members,
                  area_id=area)  # fmt: skip
        return self

    def set_up(self, org: str, unit: str, form: str = "OWN") -> Build:
        """Adds an org_units row."""
        self._add("org_units", organisation_id=org, unit_id=unit, form=form)
        return self

    def load(self, driver: Driver, database: str) -> Dataset:
        """Validates the dataset, imports it and returns it."""
        problems = validate(self.ds)
        assert not problems, problems
        import_dataset(driver=driver, database=database, dataset=self.ds)
        return self.ds
