"""One gap of a page, with its cursor."""

from __future__ import annotations

import strawberry

from api.types.gap import Gap


@strawberry.type(description="A gap of a page and the cursor to resume after it.")
class GapEdge:
    """A gap and its cursor."""

    cursor: str
    node: Gap
