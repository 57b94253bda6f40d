"""Whole-dataset checks: unique ids and keys, references, roles, parent kinds, cycles, and
the rules of every day of the organisations' history (history_checks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from domain.dataset import Dataset, Row, Value
from domain.problems import DEFAULT_LIMIT, Problem, raise_if_any
from domain.tables import (
    ENUMS,
    REF_TARGETS,
    ROLES_BY_TARGET,
    TABLES,
    ColumnType,
)
from services.exchange.cell_problems import cell_problem
from services.exchange.history_checks import history_problems
from services.exchange.reading import is_chinese_source, read_dataset

# Where each id was first seen: id -> (table name, row).
IdIndex = dict[str, tuple[str, Row]]


def check(path: Path, *, limit: int | None = DEFAULT_LIMIT) -> Dataset:
    """Reads and validates a dataset; raises DatasetError listing up to `limit` problems (all
    of them with None)."""
    dataset, problems = read_dataset(path)
    raise_if_any(problems + validate(dataset), limit=limit)
    return dataset


def validate(dataset: Dataset) -> list[Problem]:
    """Checks the whole dataset and returns its problems, ordered by table and row."""
    ids: IdIndex = {}
    problems = list(_duplicate_ids(dataset, ids))
    problems += _duplicate_keys(dataset)
    problems += _references(dataset, ids)
    problems += _post_roles(dataset, ids)
    # The organisations' parent rules and cycles hold on every day of their history; with the
    # organisations unread (a column missing), every day would break them.
    if "organisations" not in dataset.incomplete:
        problems += history_problems(dataset, ids)
    problems += _cycles(dataset, "grids")
    rank = {_source(dataset, t.name): i for i, t in enumerate(TABLES)}
    return sorted(problems, key=lambda p: (rank.get(p.source, len(TABLES)), p.line))


def _duplicate_ids(dataset: Dataset, ids: IdIndex) -> Iterator[Problem]:
    for table in TABLES:
        if all(c.type is not ColumnType.ID for c in table.columns):
            continue
        remember = ids.setdefault  # bound once: this loop runs over every row of the dataset
        for row in dataset.rows(table.name):
            value = row.values.get("id")
            if value is None:
                continue
            first = remember(value, (table.name, row))  # type: ignore[arg-type]
            if first[1] is not row:
                params = _first(table.name, first)
                yield cell_problem(table.name, row, "id", "duplicate_id", **params)


def _first(table: str, first: tuple[str, Row]) -> dict[str, Any]:
    return {"first_source": first[1].source or first[0], "first_line": first[1].line}


def _duplicate_keys(dataset: Dataset) -> Iterator[Problem]:
    for table in TABLES:
        if table.key == ("id",):
            continue  # ids are checked across all tables
        seen: dict[tuple[Value, ...], Row] = {}
        zh = is_chinese_source(_source(dataset, table.name), table)
        key = ("、" if zh else ", ").join(
            c.zh if zh else c.name for c in map(table.column, table.key)
        )
        for row in dataset.rows(table.name):
            values = tuple(map(row.values.get, table.key))
            first = seen.setdefault(values, row)
            if first is not row:
                params = _first(table.name, (table.name, first)) | {"key": key}
                yield cell_problem(table.name, row, table.key[0], "duplicate_key", **params)


def _source(dataset: Dataset, table: str) -> str:
    rows = dataset.rows(table)
    return rows[0].source if rows and rows[0].source else table


def _references(dataset: Dataset, ids: IdIndex) -> Iterator[Problem]:
    lookup = ids.get  # bound once: this loop runs over most rows of the dataset
    for (table, column), targets in REF_TARGETS.items():
        if dataset.incomplete.intersection(targets):
            continue  # the row named may well be in the table that could not be read
        for row in dataset.rows(table):
            value = row.values.get(column)
            if value is None:
                continue
            hit = lookup(value)  # type: ignore[arg-type]
            if hit is None:
                yield cell_problem(table, row, column, "missing_reference", targets=list(targets))
            elif hit[0] not in targets:
                code = "bad_post_target" if column == "target_id" else "wrong_reference"
                yield cell_problem(table, row, column, code, targets=list(targets), found=hit[0])


def _post_roles(dataset: Dataset, ids: IdIndex) -> Iterator[Problem]:
    for row in dataset.rows("posts"):
        role, hit = row.values.get("role"), ids.get(row.values.get("target_id"))  # type: ignore[arg-type]
        if role is None or hit is None or hit[0] not in ROLES_BY_TARGET:
            continue
        allowed = ROLES_BY_TARGET[hit[0]]
        if role not in allowed:
            ordered = [r for r in ENUMS["role"] if r in allowed]
            yield cell_problem(
                "posts",
                row,
                "role",
                "role_target_mismatch",
                role=role,
                target=hit[0],
                allowed=ordered,
            )


def _cycles(dataset: Dataset, table: str) -> list[Problem]:
    """Reports each cycle of parent links once, on the member that comes first in the file."""
    rows: dict[str, Row] = {}
    parents: dict[str, str] = {}
    for row in dataset.rows(table):
        node, parent = row.values.get("id"), row.values.get("parent_id")
        if isinstance(node, str) and node not in rows:
            rows[node] = row
            if isinstance(parent, str):
                parents[node] = parent
    stuck = _never_reaching_a_root(parents)
    # Only the few nodes that never reach a root go into the graph, so this stays fast.
    graph = nx.DiGraph((node, parents[node]) for node in stuck)
    problems = []
    for cycle in nx.simple_cycles(graph):
        order = sorted(cycle, key=lambda n: rows[n].line)
        start = cycle.index(order[0])
        path = cycle[start:] + cycle[:start]
        problems.append(
            cell_problem(table, rows[path[0]], "parent_id", "cycle", cycle=[*path, path[0]])
        )
    return problems


def _never_reaching_a_root(parents: dict[str, str]) -> list[str]:
    """Returns the nodes whose parent chain loops instead of ending; linear time."""
    reaches: dict[str, bool] = {}
    for start in parents:
        if start in reaches:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node in parents and node not in reaches and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parents[node]
        ok = False if node in on_path else reaches.get(node, True)
        reaches.update(dict.fromkeys(path, ok))
    return [node for node, ok in reaches.items() if not ok]
