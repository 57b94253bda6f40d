"""Errors the query layer raises for callers to turn into clear messages."""

from __future__ import annotations


class UnknownIdError(LookupError):
    """No node of the expected kind has this id."""

    def __init__(self, id: str, kind: str = "organisation") -> None:
        super().__init__(f"unknown {kind} id {id!r}")
        self.id = id
        self.kind = kind
