"""The Mutation type: daily edits, each one checked and written by queries/edits.py."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from api.types.edit_errors import edit_error, forbidden
from api.types.edit_inputs import CreateOrganisationInput, OrganisationChanges
from api.types.edit_payloads import (
    GridLinkEdit,
    LiaisonEdit,
    OrganisationEdit,
    PostEdit,
    UnitLinkEdit,
    VisitEdit,
)
from api.types.fields import mutation
from domain.refusals import EditRefused
from services import edits

T = TypeVar("T")
Info = strawberry.Info[Any, Any]
# An edit gets driver, database, scope_id and actor as keyword arguments.
Edit = Callable[[dict[str, Any]], T]
EDITOR_ROLES = frozenset({"admin", "editor"})
ENUM_NOTE = "Enum values in English or in Chinese (e.g. BRANCH or 党支部)."
VERSION_NOTE = "Refused with CONFLICT unless this is the current version."
EFFECTIVE_NOTE = (
    "With `effective`, the first day the new value holds: what it replaces is kept as a history "
    "row up to the day before, and every day's hierarchy must keep the rules (refused with "
    "BAD_USER_INPUT naming the day and the rule); `effective` must come after the day the current "
    "name, kind and parent took effect. Without it, a correction of the current values."
)


def _role(context: Any) -> str:
    """Returns the role of the request's token."""
    if hasattr(context, "role"):
        return str(context.role)
    if hasattr(context, "principal"):
        return str(context.principal.role) if context.principal else "anonymous"
    return "admin"  # a context without authentication at all: a script or a test harness


def _actor(context: Any) -> str:
    """Returns who the audit trail names: the token's id, or "api" without a token."""
    token_id = getattr(getattr(context, "principal", None), "token_id", None)
    return str(token_id) if token_id else "api"


async def _edit(info: Info, edit: Edit[T]) -> T:
    """Runs an edit for an editor in its scope; a refusal becomes a coded GraphQL error."""
    context = info.context
    lang = getattr(context, "lang", "zh")
    if _role(context) not in EDITOR_ROLES:
        raise forbidden(lang)
    who = {
        "driver": context.driver,
        "database": context.database,
        "scope_id": getattr(context, "scope_id", None),
        "actor": _actor(context),
    }
    try:
        # The driver blocks (and retries on lock contention), so it runs off the event loop.
        return await asyncio.to_thread(edit, who)
    except EditRefused as refused:
        raise edit_error(refused, lang) from None


def _add(info: Info, table: str, values: dict[str, Any]) -> Any:
    """Adds a relationship row."""
    return _edit(info, lambda who: edits.add_row(
        table=table, values=values, **who))  # fmt: skip


def _end(
    info: Info, table: str, key: dict[str, Any], end: datetime.date, version: int | None
) -> Any:
    """Ends a post or liaison."""
    return _edit(info, lambda who: edits.end_row(
        table=table, key=key, end=end, expected_version=version,
        **who))  # fmt: skip


def _remove(info: Info, table: str, key: dict[str, Any], version: int | None) -> Any:
    """Removes an org_units or grid_coverage row."""
    return _edit(info, lambda who: edits.remove_row(
        table=table, key=key, expected_version=version,
        **who))  # fmt: skip


@strawberry.type(description="Daily edits; each is atomic and checked by the import rules.")
class Mutation:
    @mutation(description="Creates an organisation. " + ENUM_NOTE)
    async def create_organisation(
        self, info: Info, input: CreateOrganisationInput
    ) -> OrganisationEdit:
        values = input.values()
        edit = await _edit(info, lambda who: edits.create_organisation(
            values=values, **who))  # fmt: skip
        return OrganisationEdit.from_edit(edit)

    @mutation(
        description="Changes an organisation's columns. " + VERSION_NOTE + " " + EFFECTIVE_NOTE
    )
    async def update_organisation(
        self,
        info: Info,
        id: strawberry.ID,
        changes: OrganisationChanges,
        expected_version: int | None = None,
        effective: datetime.date | None = None,
    ) -> OrganisationEdit:
        values = changes.values()
        edit = await _edit(info, lambda who: edits.update_organisation(
            organisation_id=id, changes=values, expected_version=expected_version,
            effective=effective, **who))  # fmt: skip
        return OrganisationEdit.from_edit(edit)

    @mutation(
        description="Moves an organisation; no parent makes it a root. "
        + VERSION_NOTE
        + " "
        + EFFECTIVE_NOTE
    )
    async def move_organisation(
        self,
        info: Info,
        id: strawberry.ID,
        new_parent_id: strawberry.ID | None = None,
        expected_version: int | None = None,
        effective: datetime.date | None = None,
    ) -> OrganisationEdit:
        edit = await _edit(info, lambda who: edits.move_organisation(
            organisation_id=id, new_parent_id=new_parent_id,
            expected_version=expected_version, effective=effective, **who))  # fmt: skip
        return OrganisationEdit.from_edit(edit)

    @mutation(
        description="Dissolves an organisation: `dissolved` is the first day it no longer "
        "exists. Refused with BAD_USER_INPUT, naming them, while it has children, posts or "
        "liaisons on that day or later, or visits recorded then. " + VERSION_NOTE
    )
    async def dissolve_organisation(
        self,
        info: Info,
        id: strawberry.ID,
        dissolved: datetime.date,
        expected_version: int | None = None,
    ) -> OrganisationEdit:
        edit = await _edit(info, lambda who: edits.dissolve_organisation(
            organisation_id=id, dissolved=dissolved, expected_version=expected_version,
            **who))  # fmt: skip
        return OrganisationEdit.from_edit(edit)

    @mutation(description="Appoints a person to a post. " + ENUM_NOTE)
    async def appoint_post(
        self,
        info: Info,
        person_id: strawberry.ID,
        target_id: strawberry.ID,
        role: str,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
    ) -> PostEdit:
        row = {"person_id": person_id, "target_id": target_id, "role": role, "start": start,
               "end": end}  # fmt: skip
        return PostEdit.from_edit(await _add(info, "posts", row))

    @mutation(description="Ends a post; it stays as history. " + VERSION_NOTE)
    async def end_post(
        self,
        info: Info,
        person_id: strawberry.ID,
        target_id: strawberry.ID,
        role: str,
        end: datetime.date,
        start: datetime.date | None = None,
        expected_version: int | None = None,
    ) -> PostEdit:
        key = {"person_id": person_id, "target_id": target_id, "role": role, "start": start}
        return PostEdit.from_edit(await _end(info, "posts", key, end, expected_version))

    @mutation(description="Makes a person liaise with an organisation. " + ENUM_NOTE)
    async def assign_liaison(
        self,
        info: Info,
        person_id: strawberry.ID,
        organisation_id: strawberry.ID,
        kind: str,
        start: datetime.date | None = None,
        visits_per_month: int | None = None,
        end: datetime.date | None = None,
    ) -> LiaisonEdit:
        row = {"person_id": person_id, "organisation_id": organisation_id, "kind": kind,
               "start": start, "end": end, "visits_per_month": visits_per_month}  # fmt: skip
        return LiaisonEdit.from_edit(await _add(info, "liaisons", row))

    @mutation(description="Ends a liaison; it stays as history. " + VERSION_NOTE)
    async def end_liaison(
        self,
        info: Info,
        person_id: strawberry.ID,
        organisation_id: strawberry.ID,
        kind: str,
        end: datetime.date,
        start: datetime.date | None = None,
        expected_version: int | None = None,
    ) -> LiaisonEdit:
        key = {"person_id": person_id, "organisation_id": organisation_id, "kind": kind,
               "start": start}  # fmt: skip
        return LiaisonEdit.from_edit(await _end(info, "liaisons", key, end, expected_version))

    @mutation(description="Records a visit. " + ENUM_NOTE)
    async def record_visit(
        self,
        info: Info,
        person_id: strawberry.ID,
        organisation_id: strawberry.ID,
        date: datetime.date,
        kind: str | None = None,
    ) -> VisitEdit:
        row = {"person_id": person_id, "organisation_id": organisation_id, "date": date,
               "kind": kind}  # fmt: skip
        return VisitEdit.from_edit(await _add(info, "visits", row))

    @mutation(description="Links an organisation to a unit it is set up in.")
    async def link_unit(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        unit_id: strawberry.ID,
        form: str | None = None,
    ) -> UnitLinkEdit:
        row = {"organisation_id": organisation_id, "unit_id": unit_id, "form": form}
        return UnitLinkEdit.from_edit(await _add(info, "org_units", row))

    @mutation(description="Removes an organisation's link to a unit; returns it.")
    async def unlink_unit(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        unit_id: strawberry.ID,
        expected_version: int | None = None,
    ) -> UnitLinkEdit:
        key = {"organisation_id": organisation_id, "unit_id": unit_id}
        return UnitLinkEdit.from_edit(await _remove(info, "org_units", key, expected_version))

    @mutation(description="Makes an organisation cover a grid cell.")
    async def link_grid(
        self, info: Info, organisation_id: strawberry.ID, grid_id: strawberry.ID
    ) -> GridLinkEdit:
        row = {"organisation_id": organisation_id, "grid_id": grid_id}
        return GridLinkEdit.from_edit(await _add(info, "grid_coverage", row))

    @mutation(description="Stops an organisation covering a grid cell; returns it.")
    async def unlink_grid(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        grid_id: strawberry.ID,
        expected_version: int | None = None,
    ) -> GridLinkEdit:
        key = {"organisation_id": organisation_id, "grid_id": grid_id}
        return GridLinkEdit.from_edit(await _remove(info, "grid_coverage", key, expected_version))
