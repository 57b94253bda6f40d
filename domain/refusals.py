"""Why a request is refused, as domain values: the services raise them, and the API and the
command line turn them into their own codes and messages."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any


class UnknownIdError(LookupError):
    """No node of the expected kind has this id."""

    def __init__(self, id: str, kind: str = "organisation") -> None:
        super().__init__(f"unknown {kind} id {id!r}")
        self.id = id
        self.kind = kind


class NotExisting(UnknownIdError):
    """The organisation exists, but not on the day asked about; it says when it exists."""

    def __init__(self, id: str, day: date, founded: date | None, dissolved: date | None) -> None:
        super().__init__(id)
        since = f"from {founded.isoformat()}" if founded else "since always"
        until = f"until {(dissolved - timedelta(days=1)).isoformat()}" if dissolved else "on"
        self.args = (f"organisation {id!r} does not exist on {day.isoformat()}: it exists "
                     f"{since} {until}",)  # fmt: skip
        self.day, self.founded, self.dissolved = day, founded, dissolved


class Refusal(StrEnum):
    """The kind of a refused edit; its reason says which rule refused it."""

    INVALID = "invalid"  # the values break a rule of the exchange format or the model
    NOT_FOUND = "not_found"  # an id it names is unknown (or outside the editor's scope)
    CONFLICT = "conflict"  # made against a version that is no longer current
    FORBIDDEN = "forbidden"  # the editor may not make it at all


class EditRefused(Exception):
    """An edit a rule refuses: the kind of refusal, its reason (a domain.problems code or one of
    the edits' own), the table, column and value it is about, and what its message needs."""

    def __init__(
        self, refusal: Refusal, reason: str, /, *, table: str = "", column: str = "",
        value: str = "", **params: Any,
    ) -> None:  # fmt: skip
        super().__init__(f"{refusal} {reason} {table}.{column}={value!r} {params}")
        self.refusal, self.reason, self.params = refusal, reason, params
        self.table, self.column, self.value = table, column, value
