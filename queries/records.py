"""The small immutable records the coverage, gap and dashboard queries return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from domain.thresholds import GAP_RULES
from graph.model import Label

# A number (or date, or enum value) behind a gap, for its detail text and for reports.
Fact = int | str | date | None


@dataclass(frozen=True)
class NodeRef:
    """A node named by id, display name and label (Organisation, Person, Grid, Unit)."""

    id: str
    name: str
    label: str


@dataclass(frozen=True)
class Coverage:
    """One answer of who covers: a person, how (POST, GRID, LIAISON, CHAIN), role, via, distance."""

    person: NodeRef
    relation: str
    role: str
    via: NodeRef
    distance: int
    # The person's and the via node's full records, when the query fetched them (not compared:
    # an entry is the five fields above).
    person_entity: Any = field(default=None, compare=False, repr=False)
    via_entity: Any = field(default=None, compare=False, repr=False)


class GapKey(NamedTuple):
    """A gap's place in the report order; a page `after` one starts strictly behind it."""

    rule_index: int
    subject_id: str
    related_ids: tuple[str, ...] = ()
    discriminator: tuple[str, ...] = ()
    occurrence: int = 0  # among gaps of a scoped answer that look alike (see gap_rules.gap_query)


@dataclass(frozen=True)
class Gap:
    """One coverage gap: rule, subject, related nodes, discriminator, and the facts behind it."""

    rule: str
    subject: NodeRef
    related: tuple[NodeRef, ...] = ()
    discriminator: tuple[str, ...] = ()
    occurrence: int = 0
    # Derived from the graph for the detail text; equality and hashing go by the identity above.
    facts: dict[str, Fact] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> GapKey:
        """Returns the gap's sort key (its cursor)."""
        return GapKey(
            GAP_RULES.index(self.rule),
            self.subject.id,
            tuple(n.id for n in self.related),
            self.discriminator,
            self.occurrence,
        )


@dataclass(frozen=True)
class ChainLink:
    """One step of the responsibility chain: an organisation, its distance, its secretaries."""

    organisation: NodeRef
    kind: str
    distance: int
    secretaries: tuple[NodeRef, ...]
    deputies: tuple[NodeRef, ...]


@dataclass(frozen=True)
class ChartNode:
    """One organisation of an org chart with its secretaries, gap count and child count."""

    id: str
    name: str
    kind: str
    parent_id: str | None
    depth: int
    secretaries: tuple[str, ...]  # names; empty means the post is vacant
    gap_count: int
    child_count: int


@dataclass(frozen=True)
class Figures:
    """The headline numbers of one part of the tree."""

    organisations: dict[str, int]  # by kind, every kind present
    branches: int
    branches_with_liaison: int
    grid_cells: int  # cells of level GRID
    grid_cells_covered: int
    secretary_vacancies: int
    gaps: dict[str, int]  # by rule, in report order

    @property
    def organisation_count(self) -> int:
        """Returns the number of organisations of all kinds."""
        return sum(self.organisations.values())


@dataclass(frozen=True)
class ChildFigures:
    """The figures of one direct child of a summary's scope."""

    organisation: NodeRef
    kind: str
    figures: Figures


@dataclass(frozen=True)
class Summary:
    """Coverage figures of a scope, and the same per direct child of it."""

    scope: NodeRef
    figures: Figures
    children: tuple[ChildFigures, ...]


def node_ref(value: Any, label: Label | str) -> NodeRef:
    """Builds a NodeRef from a {id, name} map returned by a query."""
    return NodeRef(str(value["id"]), str(value["name"]), str(label))
