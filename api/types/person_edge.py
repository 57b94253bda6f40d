"""One person of a page, with its cursor."""

from __future__ import annotations

import strawberry

from api.types.person import Person


@strawberry.type(description="A person of a page and the cursor to resume after it.")
class PersonEdge:
    """A person and its cursor."""

    cursor: str
    node: Person
