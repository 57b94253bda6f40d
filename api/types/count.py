"""The Count type: a number of things of one key (a kind, a rule)."""

from __future__ import annotations

import strawberry


@strawberry.type(description="How many there are of one key (an organisation kind, a gap rule).")
class Count:
    """A key and its number."""

    key: str
    count: int

    @classmethod
    def from_dict(cls, counts: dict[str, int]) -> list[Count]:
        """Turns a mapping into a list, in the mapping's order."""
        return [cls(key=k, count=v) for k, v in counts.items()]
