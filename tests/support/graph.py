"""The test graph: a dataset loaded into it afresh, and the tokens a test signs in with."""

from __future__ import annotations

from dataclasses import dataclass

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
