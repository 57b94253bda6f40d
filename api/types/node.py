"""The Node interface: anything with an id and a display name."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An organisation, person, unit or grid cell.")
class Node:
    """Anything with an id and a display name."""

    id: strawberry.ID
    name: str
