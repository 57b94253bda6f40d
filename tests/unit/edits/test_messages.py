"""Every refusal reads as a sentence in both languages, located by its argument."""

from __future__ import annotations

import pytest

from api.types.edit_errors import EditError, edit_error, message
from loaders.problems import visible
from queries.edits import EditRefused, full_row

ORGS, P = "organisations", "posts"
REFUSALS = [
    EditRefused("BAD_USER_INPUT", "unknown_enum", table=ORGS, column="kind", value="X",
                enum="org_kind"),
    EditRefused("BAD_USER_INPUT", "required", table=ORGS, column="name"),
    EditRefused("BAD_USER_INPUT", "negative_count", table=ORGS, column="full_members", value="-1"),
    EditRefused("NOT_FOUND", "missing_reference", table=ORGS, column="parent_id", value="X",
                targets=[ORGS]),
    EditRefused("BAD_USER_INPUT", "wrong_reference", table=ORGS, column="parent_id", value="P1",
                targets=[ORGS], found="people"),
    EditRefused("BAD_USER_INPUT", "bad_post_target", table=P, column="target_id", value="U1",
                targets=[ORGS, "grids"], found="units"),
    EditRefused("BAD_USER_INPUT", "id_taken", table=ORGS, column="id", value="U1", found="units"),
    EditRefused("BAD_USER_INPUT", "bad_parent_kind", table=ORGS, column="parent_id", value="T1",
                kind="GROUP", parent_kind="COMMITTEE", allowed=["BRANCH"]),
    EditRefused("BAD_USER_INPUT", "bad_child_kind", table=ORGS, column="kind", value="BRANCH",
                child="B1", child_kind="BRANCH", kind="BRANCH"),
    EditRefused("BAD_USER_INPUT", "cycle", table=ORGS, column="parent_id", value="B1",
                cycle=["T1", "B1", "T1"]),
    EditRefused("CONFLICT", "stale_version", table=ORGS, column="id", value="B1", expected=1,
                current=2),
    EditRefused("CONFLICT", "stale_version", table=P, expected=1,
                current=2),
    EditRefused("FORBIDDEN", "out_of_scope", table=P, column="target_id", value="B3", scope="T1"),
    EditRefused("BAD_USER_INPUT", "start_after_end", table=P, column="end", value="2024-01-01",
                start="2024-02-01"),
    EditRefused("BAD_USER_INPUT", "role_target_mismatch", table=P, column="role",
                value="SECRETARY", role="SECRETARY", target="grids",
                allowed=["GRID_LEADER", "BUILDING_LEADER"]),
    EditRefused("BAD_USER_INPUT", "row_exists", table=P, key=["person_id", "target_id"]),
    EditRefused("NOT_FOUND", "no_such_row", table="org_units", key=["organisation_id", "unit_id"]),
    EditRefused("FORBIDDEN", "read_only"),
    EditRefused("BAD_USER_INPUT", "id_unavailable", table=ORGS, column="id", value="S1"),
    EditRefused("FORBIDDEN", "scope_top_kind", table=ORGS, column="kind", value="COMMITTEE",
                scope="T1"),
    EditRefused("BAD_USER_INPUT", "post_taken", table=P, column="role", value="SECRETARY",
                holder=None),
    EditRefused("BAD_USER_INPUT", "formula", table=ORGS, column="name", value="=1+1"),
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
