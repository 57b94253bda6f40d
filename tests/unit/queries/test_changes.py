"""What a write transaction notes for the coverage index: the ids each audited change names."""

from __future__ import annotations

from queries.changes import collecting, note_change, note_everything


def _counts(**changed: int) -> dict[str, object]:
    return {"tables": {"people": {"created": 0, "updated": 0, "unchanged": 5, "deleted": 0}
                       | changed}}  # fmt: skip


def test_a_row_names_its_target_and_every_reference() -> None:
    with collecting() as seen:
        row = {"person_id": "P1", "organisation_id": "T1", "kind": "POINT", "start": None}
        note_change("liaisons", "T1", None, row)
        note_change("posts", "B1", {"person_id": "P2", "target_id": "B1"}, None)
    assert seen.ids == {"P1", "T1", "P2", "B1"}
    assert seen.subtrees == {"T1"}  # a liaison reaches below its organisation; a post does not
    assert not seen.everything


def test_an_import_changes_everything_unless_it_changed_nothing() -> None:
    with collecting() as unchanged:
        note_change("dataset", None, None, _counts())
    with collecting() as changed:
        note_change("dataset", None, None, _counts(updated=1))
    assert not unchanged
    assert changed.everything


def test_tokens_and_writes_outside_a_transaction_note_nothing() -> None:
    note_change("organisations", "C1", None, {"id": "C1"})  # no transaction collects
    note_everything()
    with collecting() as seen:
        note_change("tokens", "tok_1", None, {"id": "tok_1"})
    assert not seen
