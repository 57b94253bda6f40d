"""Rows of the exchange format as the import's Cypher stores them: a node row becomes
{id, props, links, fp}, a relationship row {a, b, key, props, fp}; `fp` is a digest of the stored
values, so an unchanged row is recognised without comparing every property."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from domain.dataset import Dataset, Row
from domain.tables import PERSONAL_COLUMNS as PERSONAL
from domain.tables import REL_ENDPOINTS, TABLES_BY_NAME
from graph.model import HISTORY_TABLE, NODE_TABLES
from queries.dataset_store import NODE_LINKS


def node_rows(dataset: Dataset, table: str) -> Iterator[dict[str, Any]]:
    """Turns rows of a node table into {id, props, links, keep, fp} for Cypher; `keep` names the
    personal columns the row's file left out, whose stored values an update keeps."""
    links_of = NODE_LINKS[NODE_TABLES[table]]
    personal = [c.name for c in TABLES_BY_NAME[table].columns if c.personal]
    link_columns = {link.column for link in links_of}
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.name not in link_columns]
    areas = effective_grid_areas(dataset) if table == "grids" else {}
    for row in dataset.rows(table):
        props = {c: row[c] for c in columns if c != "id" and (c in row.values or c not in PERSONAL)}
        links = {link.column: row[link.column] for link in links_of}
        if table == "grids":
            links["effective_area_id"] = areas.get(str(row["id"]))
        keep = [c for c in personal if c not in row.values]
        yield {
            "id": row["id"],
            "props": props,
            "links": links,
            "keep": keep,
            "fp": fingerprint(props, links),
        }


def rel_rows(dataset: Dataset, table: str) -> Iterator[dict[str, Any]]:
    """Turns rows of a relationship table into {a, b, key, props, fp} for Cypher."""
    endpoints = REL_ENDPOINTS[table]
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.name not in endpoints]
    for row in dataset.rows(table):
        props = {c: row[c] for c in columns}
        yield {
            "a": row[endpoints[0]],
            "b": row[endpoints[1]],
            "key": rel_key(table, row),
            "props": props,
            "fp": fingerprint(props, {}),
        }


def history_rows(dataset: Dataset) -> Iterator[dict[str, Any]]:
    """Turns organisation_history rows into {a, b, key, props, fp}: a is the organisation, b the
    parent it had (None: a root), key its `until`; the parent is a value, part of `fp`."""
    for row in dataset.rows(HISTORY_TABLE):
        props = {c: row[c] for c in ("until", "name", "kind")}
        links = {"parent_id": row["parent_id"]}
        yield {
            "a": row["organisation_id"],
            "b": row["parent_id"],
            "key": json.dumps([plain(row["until"])]),
            "props": props,
            "fp": fingerprint(props, links),
        }


def rel_key(table: str, row: Row) -> str:
    """Returns the `_key` a relationship row is stored under (its non-endpoint key columns)."""
    start_column, end_column = REL_ENDPOINTS[table]
    columns = [c for c in TABLES_BY_NAME[table].key if c not in (start_column, end_column)]
    return json.dumps([plain(row[c]) for c in columns], ensure_ascii=False)


def effective_grid_areas(dataset: Dataset) -> dict[str, str | None]:
    """Resolves each grid cell's area: its own area_id, else its parent's area (recursively)."""
    rows = {str(r["id"]): r for r in dataset.rows("grids")}
    areas: dict[str, str | None] = {}
    for grid_id in rows:
        path: list[str] = []
        current: str | None = grid_id
        while current is not None and current not in areas and current in rows:
            own = rows[current]["area_id"]
            if own is not None:
                areas[current] = str(own)
                break
            path.append(current)
            parent = rows[current]["parent_id"]
            current = str(parent) if parent is not None else None
        inherited = areas.get(current) if current is not None else None
        for cell in path:
            areas[cell] = inherited
    return areas


def fingerprint(props: dict[str, Any], links: dict[str, Any]) -> str:
    """Returns a short digest of a row's stored values."""
    payload = json.dumps([sorted(props.items()), sorted(links.items())], default=plain)
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def plain(value: Any) -> Any:
    """Makes dates JSON-friendly."""
    return value.isoformat() if isinstance(value, date) else value
