"""One organisation of a page, with its cursor."""

from __future__ import annotations

import strawberry

from api.types.organisation import Organisation


@strawberry.type(description="An organisation of a page and the cursor to resume after it.")
class OrganisationEdge:
    """An organisation and its cursor."""

    cursor: str
    node: Organisation
