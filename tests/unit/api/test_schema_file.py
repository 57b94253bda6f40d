"""schema.graphql at the repository root is the schema the server serves."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, is_non_null_type

from api.cli.schema_command import sdl

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"


def test_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql is stale: run `covergraph schema -o schema.graphql`"
    )


# The root fields whose names and arguments the API promises, each argument with its type; the
# schema may add arguments only if they are optional, so every request of the contract still runs.
CONTRACT_FIELDS = {
    "organisation": ({"id": "ID!"}, "Organisation"),
    "person": ({"id": "ID!"}, "Person"),
    "whoCovers": ({"organisationId": "ID!", "asOf": "Date"}, "[Coverage!]!"),
    "coverageGaps": (
        {"scopeId": "ID", "rules": "[String!]", "asOf": "Date", "first": "Int", "after": "String"},
        "GapConnection!",
    ),
}


def test_spec_root_fields_keep_their_contract() -> None:
    text = sdl()
    schema = build_schema(text)
    assert schema.query_type is not None
    for name, (arguments, returns) in CONTRACT_FIELDS.items():
        found = schema.query_type.fields[name]
        assert str(found.type) == returns, name
        types = {arg: str(value.type) for arg, value in found.args.items()}
        assert {arg: types.get(arg) for arg in arguments} == arguments, name
        added = [arg for arg in types if arg not in arguments]
        assert all(not is_non_null_type(found.args[arg].type) for arg in added), (name, added)
    for line in ("enum CoverageRelation {", "interface Node {", "scalar Date"):
        assert line in text, line
