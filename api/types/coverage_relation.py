"""How a person covers an organisation (docs/coverage-rules.md)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="How a person covers an organisation.")
class CoverageRelation(Enum):
    """POST in it, GRID post on a cell it covers, LIAISON on it or above, CHAIN secretary above."""

    POST = "POST"
    GRID = "GRID"
    LIAISON = "LIAISON"
    CHAIN = "CHAIN"
