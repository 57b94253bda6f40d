"""Daily edits: each checked by the importer's rules inside its own write transaction, refused
outside the editor's scope as if the ids were unknown, and recorded in the audit trail."""

from queries.edits.common import EditRefused, NodeEdit, RowEdit, full_row, parse_values
from queries.edits.organisations import (
    create_organisation,
    move_organisation,
    update_organisation,
)
from queries.edits.rows import add_row, end_row, remove_row

__all__ = [
    "EditRefused",
    "NodeEdit",
    "RowEdit",
    "add_row",
    "create_organisation",
    "end_row",
    "full_row",
    "move_organisation",
    "parse_values",
    "remove_row",
    "update_organisation",
]
