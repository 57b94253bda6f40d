"""The scope probe: every Query entry point of the schema, asked by a township's viewer, editor
and admin with ids inside and outside the township, selecting every field of every concrete
type (an inline fragment on each type behind an interface) four levels deep. Nothing outside
the scope may be named or counted; the only exceptions are the people of whoCovers
(docs/coverage-rules.md) and the id, name and kind of a stub (docs/security.md). New fields and
entry points are probed without editing this test: it is built from the schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from neo4j import Driver

from api.stubs import STUB_FIELDS
from graph.instance import Instance
from tests.support import oracle
from tests.support import scope_probe as probe
from tests.support.fuzz import tally
from tests.support.scope_probe import ANCHOR, County
from tests.support.serving import Server, serving

DEPTH = 4
NODE_TYPES = frozenset({"Organisation", "Person", "Grid", "Unit"})
# The probe's answers are far larger than a clerk's: lift the limits that would refuse them.
UNLIMITED = {
    "COVERGRAPH_MAX_DEPTH": "60",
    "COVERGRAPH_MAX_TOKENS": "1000000",
    "COVERGRAPH_MAX_ALIASES": "100000",
    "COVERGRAPH_MAX_BODY_BYTES": str(16 << 20),
    "COVERGRAPH_MAX_COST": "1000000000000",
    "COVERGRAPH_QUERY_TIMEOUT_S": "120",
}
KINDS = {"organisation": "organisations", "person": "people"}
ADMIN_ONLY = {"auditTrail"}  # admin tokens without a scope only: refused, checked elsewhere


@pytest.fixture(scope="module")
def county(session_graph: tuple[Driver, str]) -> County:
    """The county demo anchored on 2024-06-30, loaded, with tokens scoped to a township."""
    return County(*session_graph)


@pytest.fixture(scope="module")
def unlimited(neo4j_instance: Instance) -> Iterator[Server]:
    """A server whose size limits let the probe's large operations through."""
    with serving(**UNLIMITED) as server:
        yield server


@dataclass
class Bounds:
    """What the scope holds: its ids, and the most any count of it can be."""

    inside: set[str]
    outside: set[str]
    outside_names: set[str]
    counts: dict[str, int] = field(default_factory=dict)


def _bounds(county: County) -> Bounds:
    inside = {i for ids in county.inside.values() for i in ids}
    rows = [r for table in county.inside for r in county.dataset.rows(table)]
    inside_names = {str(r["name"]) for r in rows if r["id"] in inside}
    gaps = len(oracle.gaps(county.dataset, ANCHOR, scope_id=county.scope_id))
    orgs, grids = len(county.inside["organisations"]), len(county.inside["grids"])
    counts = {
        "OrganisationConnection.totalCount": orgs,
        "PersonConnection.totalCount": len(county.inside["people"]),
        "GapConnection.totalCount": gaps,
        "Organisation.gapCount": gaps,
        "ChartNode.gapCount": gaps,
        "ChartNode.childCount": orgs,
        "GapReport.gapCount": gaps,
        "Figures.organisationCount": orgs,
        "Figures.branches": orgs,
        "Figures.branchesWithLiaison": orgs,
        "Figures.secretaryVacancies": orgs,
        "Figures.gridCells": grids,
        "Figures.gridCellsCovered": grids,
    }
    outside_names = {str(r["name"]) for r in rows} - inside_names  # names some inside share
    return Bounds(inside, county.outside_ids, outside_names, counts)


def _empty(value: Any) -> bool:
    """Tells whether a field's answer is what an unknown node answers: nothing at all."""
    if isinstance(value, dict):
        return all(_empty(v) for k, v in value.items() if k != "__typename")
    return value in (None, [], 0, False, "")


def _covering_person(path: tuple[str, ...]) -> bool:
    """Tells whether the path is a person whoCovers lists (people above answer), or the name of
    a secretary on the org chart, who is one of them (a POST entry)."""
    listed = path[:1] == ("whoCovers",) and path[2:] == ("person",)
    return listed or (path[:1] == ("orgChart",) and path[2:3] == ("secretaries",))


def leaks(value: Any, bounds: Bounds, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Yields what an answer shows of the outside: ids, names, non-empty stubs, counts."""
    if isinstance(value, list):
        for item in value:
            yield from leaks(item, bounds, (*path, "*"))
        return
    if not isinstance(value, dict):
        if _covering_person(path):
            return
        for where, text in probe.strings(value, path):
            if text in bounds.outside or text in bounds.outside_names:
                yield f"{'.'.join(where)} = {text!r}"
        return
    kind = value.get("__typename")
    outside = kind in NODE_TYPES and value.get("id") not in bounds.inside
    if outside and not _covering_person(path):
        shown = [k for k, v in value.items()
                 if probe.field_name(k) not in STUB_FIELDS and not _empty(v)]  # fmt: skip
        if shown:
            yield f"{'.'.join(path)}: {kind} {value.get('id')} outside shows {sorted(shown)}"
        return
    for key, item in value.items():
        if outside and key in ("id", "name"):  # a covering person names themselves
            continue
        bound = bounds.counts.get(f"{kind}.{probe.field_name(key)}")
        if bound is not None and isinstance(item, int) and item > bound:
            yield f"{'.'.join((*path, key))} = {item}, more than the scope holds ({bound})"
        elif key != "__typename":
            yield from leaks(item, bounds, (*path, key))


def _reaching_out(county: County) -> list[str]:
    """People of the scope with posts, liaisons or visits outside it, and organisations of the
    scope with people from outside in them: the ids whose answers could reach outside."""
    rows = [r for t in ("posts", "liaisons", "visits") for r in county.dataset.rows(t)]
    ends = [(str(r["person_id"]), str(r.values.get("target_id") or r["organisation_id"]))
            for r in rows]  # fmt: skip
    inside = county.sets
    people = sorted({p for p, o in ends if p in inside.people and o not in inside.organisations})
    orgs = sorted({o for p, o in ends if o in inside.organisations and p not in inside.people})
    return people[:1] + orgs[:1]


def _ids_to_ask(county: County, name: str, args: list[str]) -> list[dict[str, str]]:
    """The arguments an entry point is asked with: ids inside the scope (the scope's top, a
    branch, and those reaching outside), then one id of each kind outside and the one above."""
    if not args:
        return [{}]
    arg, reaching = args[0], _reaching_out(county)
    kind = KINDS.get(name) or probe.ID_KINDS.get(arg)
    if kind is None:  # node(id): any kind
        inside = [ids[0] for ids in county.inside.values()] + reaching
    elif kind == "organisations":
        inside = [county.scope_id, county.in_scope_id(arg), reaching[1]]
    else:
        inside = [county.inside[kind][0]] + (reaching[:1] if kind == "people" else [])
    return [{arg: i} for i in [*inside, *county.probes]]


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_nothing_outside_the_scope_is_named_or_counted(
    unlimited: Server, county: County, role: str
) -> None:
    bounds, token = _bounds(county), getattr(county, role)
    found: list[str] = []
    requests = values = 0
    for name, root in probe.root_fields("query").items():
        if name in ADMIN_ONLY:
            continue
        for ids in _ids_to_ask(county, name, probe.id_arguments(root)):
            text = probe.operation("query", name, ids, DEPTH, concrete=True)
            response = unlimited.post(text, token)
            assert response.status_code == 200, (name, ids, response.text[:500])
            body = response.json()
            answer = {name: (body.get("data") or {}).get(name)}
            found += [f"{name}{ids}: {leak}" for leak in leaks(answer, bounds)]
            found += [f"{name}{ids}: error {e['message']}" for e in body.get("errors", [])
                      if ids and next(iter(ids.values())) in bounds.inside]  # fmt: skip
            requests += 1
            values += sum(1 for _ in probe.strings(answer))
    tally("scope probe")["cases"] += requests
    print(f"scope probe ({role}): {requests} requests, {values} values, {len(found)} leaks")
    assert not found, "\n".join(found[:20])
    assert requests >= 40
