"""The Figures type: the headline coverage numbers of part of the tree."""

from __future__ import annotations

import strawberry

from api.types.count import Count
from queries.records import Figures as FiguresModel


@strawberry.type(description="Headline coverage numbers of a scope.")
class Figures:
    """Organisations by kind, branch and grid coverage, vacancies and gaps by rule."""

    organisations: list[Count]
    organisation_count: int
    branches: int
    branches_with_liaison: int
    grid_cells: int
    grid_cells_covered: int
    secretary_vacancies: int
    gaps: list[Count]

    @classmethod
    def from_model(cls, model: FiguresModel) -> Figures:
        """Wraps figures of the query layer."""
        return cls(
            organisations=Count.from_dict(model.organisations),
            organisation_count=model.organisation_count,
            branches=model.branches,
            branches_with_liaison=model.branches_with_liaison,
            grid_cells=model.grid_cells,
            grid_cells_covered=model.grid_cells_covered,
            secretary_vacancies=model.secretary_vacancies,
            gaps=Count.from_dict(model.gaps),
        )
