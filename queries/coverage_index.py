"""The coverage index (docs/model.md, "The coverage index"): the gaps of one day and, for each
organisation existing on it, the counts per rule over its subtree, stored in the graph.

- (:CoverageIndex {id: 'today'}): the day, the thresholds it was computed with, the totals.
- (:IndexedOrganisation {id, parent, depth, path, kind, own, subtree}) per organisation of the
  day: `path` is the ids from the root down to it, each closed by SEP, so a scope's subtree is
  every node whose path starts with the scope's (an index seek, O(depth) to check); `own`
  counts the entries placed at it per SLOTS, `subtree` the same summed over its subtree.
- (:IndexedGap {rule, subject_id, …, area_id, path}) per gap, and one with rule CELL per grid
  cell, placed at the organisation that puts its subject in a scope (itself, a unit's or cell's
  area, a person's home) and carrying that organisation's path (null when it does not exist).

A write keeps it in the same transaction (`follow`, called by queries/gate.py with what the
transaction noted in queries/changes.py): it finds the subjects the change can reach, computes
their gaps again with the rules of queries/gap_rules.py, and recounts the organisations along
the paths that changed. `rebuild` computes it all for a day in one transaction, so readers see
the old day or the new one, never a mix.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from neo4j import ManagedTransaction, Transaction
from neo4j.time import Date

from domain.settings import gap_thresholds
from domain.thresholds import GAP_RULES, Thresholds
from graph.model import Label
from queries.changes import Changes
from queries.gap_rules import RULES, gap_parameters
from queries.index_cypher import (
    ADD_TOTALS,
    ANCESTRIES,
    CELL,
    CELLS,
    CLEAR_IN_TX,
    CREATE_ENTRIES,
    CREATE_ORGANISATIONS,
    DEPTHS,
    DROP_ENTRIES,
    DROP_ORGANISATIONS,
    INDEX_ID,
    INDEX_STATE,
    LABELS_OF,
    LIAISING,
    LINKED,
    ORG,
    OWN,
    REPATH_ENTRIES,
    SEP,
    SET_INDEX,
    SLOTS,
    STORED_PATHS,
    STORED_SUBTREES,
    SUBJECT_LABELS,
    SUBTREE,
    SUBTREES_ON,
    TOTAL_SLOTS,
    UPSERT_ORGANISATIONS,
    rule_entries,
)

Tx = ManagedTransaction | Transaction


def fingerprint(thresholds: Thresholds) -> str:
    """The thresholds as stored with the index: a read with others cannot use it."""
    return json.dumps(asdict(thresholds), sort_keys=True)


def _encode(value: Any) -> Any:
    if isinstance(value, Date | date):
        return {"date": value.isoformat()}
    raise TypeError(f"cannot store {value!r} in a gap's facts")


def _decode(value: dict[str, Any]) -> Any:
    return date.fromisoformat(value["date"]) if set(value) == {"date"} else value


def facts_text(facts: dict[str, Any]) -> str:
    """A gap's facts as stored (JSON; dates as {"date": iso})."""
    return json.dumps(facts, sort_keys=True, ensure_ascii=False, default=_encode)


def facts_of(text: str) -> dict[str, Any]:
    """A stored gap's facts, dates as dates."""
    found: dict[str, Any] = json.loads(text, object_hook=_decode)
    return found


def _column(tx: Tx, query: str, **params: Any) -> list[Any]:
    return [r[0] for r in tx.run(query, params)]


def state(tx: Tx) -> tuple[date, Thresholds] | None:
    """The day and thresholds of the stored index, if there is one."""
    found = tx.run(INDEX_STATE, id=INDEX_ID).single()
    if found is None:
        return None
    return found["day"].to_native(), Thresholds(**json.loads(found["thresholds"]))


class _LastBuilt:
    """The day of the last index this process built: a hint for readers, which ask the index
    only about today and that day, and otherwise compute without a wasted round trip."""

    day: date | None = None


LAST_BUILT = _LastBuilt()


def worth_asking(day: date) -> bool:
    """Tells whether the index may hold this day (the answer comes from the index's own node)."""
    return day in (date.today(), LAST_BUILT.day)


def _silent(step: str, done: int) -> None:
    del step, done


def rebuild(
    tx: Tx, day: date, thresholds: Thresholds, progress: Callable[[str, int], None] = _silent
) -> None:
    """Computes the whole index for the day inside this transaction, saying what it has done
    after each step."""
    LAST_BUILT.day = day
    tx.run(CLEAR_IN_TX).consume()
    zeros = [0] * len(TOTAL_SLOTS)
    tx.run(SET_INDEX, id=INDEX_ID, day=day, thresholds=fingerprint(thresholds), zeros=zeros)
    _Refresh(tx, day, thresholds).everything(progress)


def follow(tx: Tx, changes: Changes) -> None:
    """Keeps the stored index right after this transaction's changes. A change of everything
    (an import, a restore) builds one for today when there is none yet."""
    if not changes:
        return
    found = state(tx)
    if found is None and changes.everything:
        found = date.today(), gap_thresholds()
    if found is None:
        return
    day, thresholds = found
    if changes.everything:
        rebuild(tx, day, thresholds)
    else:
        _Refresh(tx, day, thresholds).ids(changes.ids, changes.subtrees)


class _Refresh:
    """One update of the index for one day, inside one transaction."""

    def __init__(self, tx: Tx, day: date, thresholds: Thresholds) -> None:
        self.tx = tx
        self.params = gap_parameters(day, None, thresholds)
        self.zeros = [0] * len(SLOTS)

    def run(self, query: str, **params: Any) -> list[Any]:
        return list(self.tx.run(query, {**self.params, **params}))

    def everything(self, progress: Callable[[str, int], None]) -> None:
        """Fills an empty index: every organisation, every gap, every count. Counted here rather
        than in Cypher: lookups among the many nodes a transaction has just created are slow."""
        orgs = {row["id"]: row for row in self._ancestries(None)}
        progress("organisations", len(orgs))
        rows = []
        for label in SUBJECT_LABELS:
            rows += self._entries(label, None)
            progress(f"gaps of {label.value}", len(rows))
        own = {i: Counter({row["kind"]: 1}) for i, row in orgs.items()}
        for row in rows:
            if row["area_id"] in own:
                own[row["area_id"]][row["rule"]] += 1
        subtree = {i: Counter(c) for i, c in own.items()}
        for i in sorted(orgs, key=lambda i: -orgs[i]["depth"]):
            parent = orgs[i]["parent"]
            if parent in subtree:
                subtree[parent].update(subtree[i])
        for i, row in orgs.items():
            row["own"] = [own[i][slot] for slot in SLOTS]
            row["subtree"] = [subtree[i][slot] for slot in SLOTS]
        for batch in _batches(list(orgs.values())):
            self.run(CREATE_ORGANISATIONS, rows=batch)
        self._write(rows, {i: row["path"] for i, row in orgs.items()})
        self._add_totals(Counter(row["rule"] for row in rows))
        progress("written", len(rows))

    def ids(self, ids: set[str], subtrees: set[str]) -> None:
        """Updates the index for changes to these nodes (and below `subtrees`)."""
        labelled: dict[str, set[str]] = {label.value: set() for label in SUBJECT_LABELS}
        for r in self.run(LABELS_OF, ids=sorted(ids), labels=[x.value for x in SUBJECT_LABELS]):
            if r["label"] is not None:
                labelled[r["label"]].add(r["id"])
        # An id no longer in the graph may have been an organisation: it leaves the index.
        orgs = labelled[ORG] | (ids - set().union(*labelled.values()))
        moved = set(orgs)
        reach = sorted(orgs & subtrees)
        if reach:
            moved |= {r["id"] for r in self.run(SUBTREES_ON, ids=reach)}
            moved |= {r["id"] for r in self.run(STORED_SUBTREES, ids=reach)}
        before = self._paths(moved)
        after = self._place(sorted(moved))
        # Liaisons name their organisation, and visits count below it: a person liaising with
        # an organisation whose name, place or subtree changed may have other gaps now.
        around = moved | _ancestors(before.values()) | _ancestors(after.values())
        people = labelled[Label.PERSON.value] | set(_column(self.tx, LIAISING, ids=sorted(around)))
        linked = self.run(LINKED, ids=sorted(orgs))
        grids = labelled[Label.GRID.value] | {r["id"] for r in linked if r["label"] == "Grid"}
        units = labelled[Label.UNIT.value] | {r["id"] for r in linked if r["label"] == "Unit"}
        chosen = {Label.ORGANISATION: moved, Label.PERSON: people, Label.GRID: grids,
                  Label.UNIT: units}  # fmt: skip
        dropped = self.run(DROP_ENTRIES, ids=sorted(set().union(*chosen.values())))
        rows = [row for label, ids_ in chosen.items() if ids_ for row in self._entries(label, ids_)]
        areas = {r["area"] for r in dropped} | {row["area_id"] for row in rows}
        areas.discard(None)
        self._write(rows, self._paths(areas))
        self.run(REPATH_ENTRIES, ids=sorted(moved))
        now = self._paths(areas | moved)
        self.run(OWN, ids=sorted(now), slots=list(SLOTS))
        # Every organisation above one whose own counts or place changed sums its subtree
        # again, on its old path as on its new one.
        spine = _ancestors(now.values()) | _ancestors(before.values())
        self._recount(sorted(spine))
        totals = Counter(row["rule"] for row in rows)
        totals.subtract(r["rule"] for r in dropped)
        self._add_totals(totals)

    def _paths(self, ids: set[str]) -> dict[str, str]:
        """The stored paths of these organisations (those in the index)."""
        return {r["id"]: r["path"] for r in self.run(STORED_PATHS, ids=sorted(ids))}

    def _ancestries(self, ids: list[str] | None) -> list[dict[str, Any]]:
        """The organisations of the day among `ids` (all with None), each with its place."""
        rows = []
        for r in self.run(ANCESTRIES, ids=ids):
            ancestry = r["ancestry"]
            rows.append({
                "id": r["id"],
                "parent": ancestry[-2] if len(ancestry) > 1 else None,
                "depth": len(ancestry) - 1,
                "path": "".join(a + SEP for a in ancestry),
                "kind": r["kind"],
            })  # fmt: skip
        return rows

    def _place(self, ids: list[str]) -> dict[str, str]:
        """Writes these organisations' places of the day; those that do not exist leave the
        index. Returns {id: path} of the others."""
        rows = self._ancestries(ids)
        self.run(UPSERT_ORGANISATIONS, rows=rows, zeros=self.zeros)
        placed = {row["id"]: row["path"] for row in rows}
        self.run(DROP_ORGANISATIONS, ids=sorted(set(ids) - set(placed)))
        return placed

    def _entries(self, label: Label, ids: set[str] | None) -> list[dict[str, Any]]:
        """The entries of these subjects of one label (every subject with None)."""
        chosen = None if ids is None else sorted(ids)
        rows: list[dict[str, Any]] = []
        for name, rule in RULES.items():
            if rule.subject is not label:
                continue
            for r in self.run(rule_entries(rule, by_id=chosen is not None), ids=chosen):
                related = r["related"]
                rows.append({
                    "rule": name,
                    "rule_index": GAP_RULES.index(name),
                    "subject_id": r["subject_id"],
                    "subject_label": label.value,
                    "subject_name": r["subject_name"],
                    "related_ids": [x["id"] for x in related],
                    "related_names": [x["name"] for x in related],
                    "related_labels": [x["label"] for x in related],
                    "disc": list(r["disc"]),
                    "facts": facts_text(dict(r["facts"])),
                    "area_id": r["area_id"],
                })  # fmt: skip
        if label is Label.GRID:
            for r in self.run(CELLS, ids=chosen):
                rows.append({**dict(r), "rule": CELL, "rule_index": len(GAP_RULES),
                             "subject_label": label.value, "related_ids": [],
                             "related_names": [], "related_labels": [], "disc": [],
                             "facts": "{}"})  # fmt: skip
        return rows

    def _write(self, rows: list[dict[str, Any]], paths: dict[str, str]) -> None:
        """Creates these entries, each with its area's path (null where it does not exist)."""
        for row in rows:
            row["path"] = paths.get(row["area_id"])
        for batch in _batches(rows):
            self.run(CREATE_ENTRIES, rows=batch)

    def _recount(self, ids: list[str]) -> None:
        """Sums the subtrees of these organisations, deepest first."""
        levels: dict[int, list[str]] = {}
        for r in self.run(DEPTHS, ids=ids):
            levels.setdefault(r["depth"], []).append(r["id"])
        for depth in sorted(levels, reverse=True):
            self.run(SUBTREE, ids=levels[depth])

    def _add_totals(self, totals: Counter[str]) -> None:
        delta = [totals.get(slot, 0) for slot in TOTAL_SLOTS]
        if any(delta):
            self.run(ADD_TOTALS, id=INDEX_ID, delta=delta)


def _batches(rows: list[dict[str, Any]], size: int = 5000) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _ancestors(paths: Iterable[str | None]) -> set[str]:
    """The ids on these paths (each organisation and every organisation above it)."""
    found: set[str] = set()
    for path in paths:
        if path:
            found.update(path.split(SEP)[:-1])
    return found
