"""Daily edits: each checked by the importer's rules inside its own write transaction, refused
outside the editor's scope as if the ids were unknown, and recorded in the audit trail."""

from services.edits.dissolve_edits import dissolve_organisation
from services.edits.edit_checks import NodeEdit, RowEdit, full_row, parse_values
from services.edits.organisation_edits import (
    create_organisation,
    move_organisation,
    update_organisation,
)
from services.edits.row_edits import add_row, end_row, remove_row

__all__ = [
    "NodeEdit",
    "RowEdit",
    "add_row",
    "create_organisation",
    "dissolve_organisation",
    "end_row",
    "full_row",
    "move_organisation",
    "parse_values",
    "remove_row",
    "update_organisation",
]
