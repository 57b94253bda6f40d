"""Every refusal reads as a sentence in both languages, located by its argument."""

from __future__ import annotations

import pytest

from api.types.edit_errors import EditError, edit_error, message
from domain.problems import visible
from domain.refusals import EditRefused, Refusal
from services.edits import full_row

ORGS, P = "organisations", "posts"
REFUSALS = [
    EditRefused(Refusal.INVALID, "unknown_enum", table=ORGS, column="kind", value="X",
                enum="org_kind"),
    EditRefused(Refusal.INVALID, "required", table=ORGS, column="name"),
    EditRefused(Refusal.INVALID, "negative_count", table=ORGS, column="full_members", value="-1"),
    EditRefused(Refusal.NOT_FOUND, "missing_reference", table=ORGS, column="parent_id", value="X",
                targets=[ORGS]),
    EditRefused(Refusal.INVALID, "wrong_reference", table=ORGS, column="parent_id", value="P1",
                targets=[ORGS], found="people"),
    EditRefused(Refusal.INVALID, "bad_post_target", table=P, column="target_id", value="U1",
                targets=[ORGS, "grids"], found="units"),
    EditRefused(Refusal.INVALID, "id_taken", table=ORGS, column="id", value="U1", found="units"),
    EditRefused(Refusal.INVALID, "bad_parent_kind", table=ORGS, column="parent_id", value="T1",
                kind="GROUP", parent_kind="COMMITTEE", allowed=["BRANCH"]),
    EditRefused(Refusal.INVALID, "bad_child_kind", table=ORGS, column="kind", value="BRANCH",
                child="B1", child_kind="BRANCH", kind="BRANCH"),
    EditRefused(Refusal.INVALID, "cycle", table=ORGS, column="parent_id", value="B1",
                cycle=["T1", "B1", "T1"]),
    EditRefused(Refusal.CONFLICT, "stale_version", table=ORGS, column="id", value="B1", expected=1,
                current=2),
    EditRefused(Refusal.CONFLICT, "stale_version", table=P, expected=1,
                current=2),
    EditRefused(Refusal.FORBIDDEN, "out_of_scope", table=P, column="target_id", value="B3",
                scope="T1"),
    EditRefused(Refusal.INVALID, "start_after_end", table=P, column="end", value="2024-01-01",
                start="2024-02-01"),
    EditRefused(Refusal.INVALID, "role_target_mismatch", table=P, column="role",
                value="SECRETARY", role="SECRETARY", target="grids",
                allowed=["GRID_LEADER", "BUILDING_LEADER"]),
    EditRefused(Refusal.INVALID, "row_exists", table=P, key=["person_id", "target_id"]),
    EditRefused(Refusal.NOT_FOUND, "no_such_row", table="org_units",
                key=["organisation_id", "unit_id"]),
    EditRefused(Refusal.FORBIDDEN, "read_only"),
    EditRefused(Refusal.INVALID, "id_unavailable", table=ORGS, column="id", value="S1"),
    EditRefused(Refusal.FORBIDDEN, "scope_top_kind", table=ORGS, column="kind", value="COMMITTEE",
                scope="T1"),
    EditRefused(Refusal.INVALID, "post_taken", table=P, column="role", value="SECRETARY",
                holder=None),
    EditRefused(Refusal.INVALID, "formula", table=ORGS, column="name", value="=1+1"),
]  # fmt: skip


@pytest.mark.parametrize("refused", REFUSALS, ids=lambda r: f"{r.reason}-{r.table}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_refusal_renders_as_a_sentence(refused: EditRefused, lang: str) -> None:
    text = message(refused, lang)
    assert not text.endswith(refused.reason)  # what an unrendered reason looks like
    assert not text.startswith(("：", ":", " "))
    mixed = {"cycle", "out_of_scope", "scope_top_kind"}  # they name ids in Chinese text
    assert text.isascii() == (lang == "en") or refused.reason in mixed


def test_messages_name_the_argument() -> None:
    refused = REFUSALS[7]
    assert message(refused) == "上级组织编码 值“T1”：党小组的上级不能是党委（可以是：党支部）"
    assert message(refused, "en") == (
        'parentId, value "T1": a GROUP cannot sit under a COMMITTEE (allowed: BRANCH)'
    )
    assert message(REFUSALS[6]) == "组织编码 值“U1”：该编码已被单位使用"


def test_the_error_carries_its_code() -> None:
    error = edit_error(REFUSALS[10], "en")
    assert isinstance(error, EditError)
    assert error.extensions == {"code": "CONFLICT"}


def test_input_is_parsed_like_a_cell() -> None:
    row = full_row(ORGS, {"id": " B9 ", "name": "支部", "kind": "党支部", "full_members": 3.0})
    assert (row["id"], row["kind"], row["full_members"], row["domain"]) == ("B9", "BRANCH", 3, None)
    with pytest.raises(EditRefused, match="required"):
        full_row(ORGS, {"id": "B9", "kind": "BRANCH"})


@pytest.mark.parametrize("name", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_a_name_that_would_run_as_a_formula_is_refused(name: str) -> None:
    with pytest.raises(EditRefused) as refused:
        full_row(ORGS, {"id": "B9", "name": name, "kind": "BRANCH"})
    assert (refused.value.reason, refused.value.column) == ("formula", "name")
    assert message(refused.value).startswith(f"组织名称 值“{visible(name)}”：会被电子表格当作公式")
    assert "would run as a spreadsheet formula" in message(refused.value, "en")
