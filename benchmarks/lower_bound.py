"""whoCovers computed in memory with networkx on the same dataset: the lower bound of what any
database round trip can cost. The indexes are built once; a call only walks the ancestors."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import networkx as nx

from domain.dataset import Dataset, Row

RELATIONS: tuple[str, ...] = ("POST", "GRID", "LIAISON", "CHAIN")
Entry = tuple[str, str, str, str, int]  # person, relation, role, via, distance


def _valid(row: Row, day: date) -> bool:
    start, end = row["start"], row["end"]
    return (start is None or start <= day) and (end is None or day <= end)


class InMemoryCoverage:
    """whoCovers over a child → parent DiGraph and per-node lists, built once."""

    def __init__(self, ds: Dataset) -> None:
        orgs = {str(r["id"]): r for r in ds.rows("organisations")}
        self.up = nx.DiGraph()
        self.up.add_nodes_from(orgs)
        self.up.add_edges_from(
            (oid, str(r["parent_id"])) for oid, r in orgs.items() if r["parent_id"] in orgs
        )
        self.posts = _grouped(ds.rows("posts"), "target_id")
        self.liaisons = _grouped(ds.rows("liaisons"), "organisation_id")
        self.grids: dict[str, list[str]] = defaultdict(list)
        for row in ds.rows("grid_coverage"):
            self.grids[str(row["organisation_id"])].append(str(row["grid_id"]))

    def chain(self, org_id: str) -> list[tuple[str, int]]:
        """Returns the organisation (distance 0) and each ancestor with its distance."""
        found, current = [(org_id, 0)], org_id
        while parents := list(self.up.successors(current)):
            current = parents[0]
            found.append((current, len(found)))
        return found

    def who_covers(self, org_id: str, day: date) -> list[Entry]:
        """Lists who covers the organisation on the day, in the order of docs/coverage-rules.md."""
        entries: list[Entry] = [
            (str(p["person_id"]), "POST", str(p["role"]), org_id, 0)
            for p in self.posts.get(org_id, ())
            if _valid(p, day)
        ]
        for grid in self.grids.get(org_id, ()):
            entries += [
                (str(p["person_id"]), "GRID", str(p["role"]), grid, 0)
                for p in self.posts.get(grid, ())
                if _valid(p, day)
            ]
        for via, distance in self.chain(org_id):
            entries += self._above(via, distance, day)
        return sorted(entries, key=lambda e: (e[4], RELATIONS.index(e[1]), e[0], e[2], e[3]))

    def _above(self, via: str, distance: int, day: date) -> list[Entry]:
        """The LIAISON entries of one organisation of the chain, and its CHAIN secretaries."""
        entries: list[Entry] = [
            (str(r["person_id"]), "LIAISON", str(r["kind"]), via, distance)
            for r in self.liaisons.get(via, ())
            if _valid(r, day)
        ]
        if distance > 0:
            entries += [
                (str(p["person_id"]), "CHAIN", "SECRETARY", via, distance)
                for p in self.posts.get(via, ())
                if p["role"] == "SECRETARY" and _valid(p, day)
            ]
        return entries


def _grouped(rows: list[Row], column: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[str(row[column])].append(row)
    return grouped
