"""What the database says about itself."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver, RoutingControl

COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"


@dataclass(frozen=True)
class Components:
    """Product name, version and edition of the Neo4j that answers."""

    name: str
    version: str
    edition: str


def components(*, driver: Driver, database: str) -> Components:
    """Returns the kernel's name, version and edition."""
    records, _, _ = driver.execute_query(
        COMPONENTS, database_=database, routing_=RoutingControl.READ
    )
    kernel = records[0]
    return Components(kernel["name"], kernel["versions"][0], kernel["edition"])
