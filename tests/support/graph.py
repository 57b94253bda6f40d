"""The test graph: a dataset loaded into it afresh, and the tokens a test signs in with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import Driver

from api.auth import issue_token
from domain.dataset import Dataset
from queries.maintenance import wipe
from services.exchange.importer import import_dataset


def load_fresh(driver: Driver, database: str, dataset: Dataset) -> None:
    """Empties the graph and imports the dataset."""
    wipe(driver=driver, database=database)
    import_dataset(driver=driver, database=database, dataset=dataset)


@dataclass(frozen=True)
class Tokens:
    """One token per role, and one viewer scoped to an organisation."""

    admin: str
    editor: str
    viewer: str
    scoped: str
    scope_id: str


def make_tokens(driver: Driver, database: str, scope_id: str) -> Tokens:
    """Creates the tokens of a test dataset."""

    def token(role: str, scope: str | None = None) -> str:
        return issue_token(driver=driver, database=database, role=role, scope_id=scope)[1]

    return Tokens(
        token("admin"), token("editor"), token("viewer"), token("viewer", scope_id), scope_id
    )


# An organisation's name and parent on a day, from the periods stored on its hierarchy
# relationships (docs/model.md, "History of the organisations"): the one valid on the day.
ON_DAY = """
MATCH (o:Organisation {id: $id})-[r:PART_OF|WAS_PART_OF|WAS_ROOT]->(p:Organisation)
WHERE coalesce(r.start, $day) <= $day AND coalesce(r.end, $day) >= $day
RETURN coalesce(r.name, o.name) AS name, coalesce(r.kind, o.kind) AS kind,
       CASE type(r) WHEN 'WAS_ROOT' THEN null ELSE p.id END AS parent
"""


def stored_on(driver: Driver, database: str, org_id: str, day: date) -> list[tuple[Any, ...]]:
    """Returns (name, kind, parent) of each hierarchy relationship of an organisation valid on
    the day: exactly one while it exists and has a parent or a past, none otherwise."""
    records, _, _ = driver.execute_query(ON_DAY, id=org_id, day=day, database_=database)
    return [(r["name"], r["kind"], r["parent"]) for r in records]


Link = tuple[str, str, date | None, date | None, str | None]


def hierarchy_links(driver: Driver, database: str, org_id: str) -> list[Link]:
    """Returns the hierarchy relationships leaving an organisation, oldest first: type, target,
    start, end and (on a history row) name."""
    records, _, _ = driver.execute_query(
        "MATCH (:Organisation {id: $id})-[r]->(p:Organisation) RETURN type(r) AS type, "
        "p.id AS p, r.start AS start, r.end AS end, r.name AS name ORDER BY r.until, type",
        id=org_id,
        database_=database,
    )
    return [(r["type"], r["p"], _day(r["start"]), _day(r["end"]), r["name"]) for r in records]


def _day(value: Any) -> date | None:
    return None if value is None else value.to_native()  # type: ignore[no-any-return]
