"""Node labels and relationship types of the coverage graph, named once (see docs/model.md)."""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """Node labels. Every node with an `id` also carries ENTITY, which makes ids unique overall."""

    ENTITY = "Entity"
    ORGANISATION = "Organisation"
    UNIT = "Unit"
    PERSON = "Person"
    GRID = "Grid"
    # An organisation whose existence, name, kind or parent depends on the day: it has `founded`,
    # `dissolved` or history rows. Set and removed with the periods of its hierarchy
    # (queries/org_history.py), so that the many organisations without a past answer a question
    # of any day by a label test instead of reading dates and history (queries/periods.py).
    WITH_HISTORY = "WithHistory"
    TOKEN = "Token"  # an API access token (hash only); not part of the dataset, no ENTITY
    AUDIT = "AuditEntry"  # one recorded change, append-only; not part of the dataset, no ENTITY
    WRITE_GATE = "WriteGate"  # the one node every write and every backup locks first
    # The coverage index of one day (queries/coverage_index.py): derived from the rest, kept by
    # every write, left out of backups; no ENTITY (an indexed organisation shares its id).
    COVERAGE_INDEX = "CoverageIndex"
    INDEXED_ORGANISATION = "IndexedOrganisation"
    INDEXED_GAP = "IndexedGap"


class StagingLabel(StrEnum):
    """Labels of an import in progress (docs/model.md, "All or nothing"). Staged nodes carry
    STAGED and none of the model's labels: every query finds nodes by a model label, so staged
    nodes, and the relationships among them, stay out of every answer."""

    STAGED = "Staged"
    STAGE = "ImportStage"  # one node while an import runs: its owner, its state, its last write
    UPDATE = "StagedUpdate"  # the new values of a node that already exists
    REL = "StagedRel"  # a relationship or link to write at the switch (an endpoint exists)
    DELETION = "StagedDeletion"  # a node or relationship that --replace removes


class Rel(StrEnum):
    """Relationship types, each with the direction it is stored in."""

    PART_OF = "PART_OF"  # (Organisation)->(parent Organisation), (Grid)->(parent Grid)
    IN_AREA = "IN_AREA"  # (Unit)->(Organisation) its area; (Grid)->(Organisation) effective area
    PLACED_IN = "PLACED_IN"  # (Person)->(Organisation) the person's home organisation
    SET_UP_IN = "SET_UP_IN"  # (Organisation)->(Unit) an org_units row, with `form`
    COVERS_GRID = "COVERS_GRID"  # (Organisation)->(Grid) a grid_coverage row
    HOLDS = "HOLDS"  # (Person)->(Organisation|Grid) a post: role, start, end
    LIAISES = "LIAISES"  # (Person)->(Organisation) a liaison: kind, start, end, visits_per_month
    VISITED = "VISITED"  # (Person)->(Organisation) a visit: date, kind
    # An organisation_history row (docs/model.md, "History of the organisations"): to the parent
    # it had, or, when it was a root, to itself. Both carry until, name, kind, start, end.
    WAS_PART_OF = "WAS_PART_OF"  # (Organisation)->(parent Organisation) up to `until`
    WAS_ROOT = "WAS_ROOT"  # (Organisation)->(the same Organisation) a root up to `until`


# Node tables of the exchange format and the label each is stored under.
NODE_TABLES: dict[str, Label] = {
    "organisations": Label.ORGANISATION,
    "units": Label.UNIT,
    "people": Label.PERSON,
    "grids": Label.GRID,
}
# Relationship tables: type, start label, end labels.
REL_TABLES: dict[str, tuple[Rel, Label, tuple[Label, ...]]] = {
    "org_units": (Rel.SET_UP_IN, Label.ORGANISATION, (Label.UNIT,)),
    "grid_coverage": (Rel.COVERS_GRID, Label.ORGANISATION, (Label.GRID,)),
    "posts": (Rel.HOLDS, Label.PERSON, (Label.ORGANISATION, Label.GRID)),
    "liaisons": (Rel.LIAISES, Label.PERSON, (Label.ORGANISATION,)),
    "visits": (Rel.VISITED, Label.PERSON, (Label.ORGANISATION,)),
}
# The table of the organisations' own history, stored as WAS_PART_OF or WAS_ROOT.
HISTORY_TABLE = "organisation_history"
