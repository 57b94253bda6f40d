"""schema.graphql at the repository root is the schema the server serves."""

from __future__ import annotations

from pathlib import Path

from api.cli.schema_command import sdl

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"


def test_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql is stale: run `covergraph schema -o schema.graphql`"
    )


def test_spec_root_fields_keep_their_contract() -> None:
    text = sdl()
    for line in (
        "organisation(id: ID!): Organisation",
        "person(id: ID!): Person",
        "whoCovers(organisationId: ID!, asOf: Date): [Coverage!]!",
        "coverageGaps(scopeId: ID, rules: [String!], asOf: Date, first: Int, after: String): "
        "GapConnection!",
        "enum CoverageRelation {",
        "interface Node {",
        "scalar Date",
    ):
        assert line in text, line
