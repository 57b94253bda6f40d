"""Whole-dataset rules: each one on a small broken dataset, with its zh and en messages."""

from __future__ import annotations

from datetime import date

import pytest

from domain.dataset import Dataset
from domain.problems import DatasetError
from services.exchange.validation import check, validate
from services.exchange.writing import write_dataset
from tests.support import factory
from tests.support.factory import ledger_dataset
from tests.support.problems import cell, located


def add(dataset: Dataset, table: str, line: int, source: str = "", **values):
    """Adds a full-width row that says where it came from (its table's file by default)."""
    return factory.add(dataset, table, source or table, line, **values)


def test_ledger_dataset_is_valid():
    assert validate(ledger_dataset()) == []


def test_duplicate_id_across_tables():
    d = ledger_dataset()
    add(d, "units", 7, id="1003", name="重名单位")
    problem = located(d, "duplicate_id")
    assert cell(problem) == ("units", 7, "id", "1003")
    assert "1003" in problem.message()
    assert "已在" in problem.message()
    assert "already used in" in problem.message("en")


def test_duplicate_key():
    d = ledger_dataset()
    add(d, "posts", 9, person_id="P2", target_id="1003", role="SECRETARY", start=date(2023, 1, 5))
    problem = located(d, "duplicate_key")
    assert cell(problem) == ("posts", 9, "person_id", "P2")
    assert "重复" in problem.message()
    assert "same" in problem.message("en")


def test_missing_reference():
    d = ledger_dataset()
    add(d, "people", 4, id="P9", name="王五", home_id="9999")
    problem = located(d, "missing_reference")
    assert cell(problem) == ("people", 4, "home_id", "9999")
    assert "找不到该编码的党组织" in problem.message()
    assert "no organisation has this id" in problem.message("en")


def test_reference_to_the_wrong_table():
    d = ledger_dataset()
    add(d, "people", 4, id="P9", name="王五", home_id="U1")
    problem = located(d, "wrong_reference")
    assert cell(problem) == ("people", 4, "home_id", "U1")
    assert "单位" in problem.message()
    assert "unit" in problem.message("en")


def test_post_on_a_unit():
    d = ledger_dataset()
    add(d, "posts", 5, person_id="P1", target_id="U1", role="SECRETARY")
    problem = located(d, "bad_post_target")
    assert cell(problem) == ("posts", 5, "target_id", "U1")
    assert "党组织或网格" in problem.message()
    assert "grid cell" in problem.message("en")


def test_role_does_not_fit_target_chinese_names():
    d = ledger_dataset()
    add(d, "posts", 6, "职务", person_id="P1", target_id="G2", role="SECRETARY")
    problem = located(d, "role_target_mismatch")
    assert cell(problem) == ("职务", 6, "职务", "书记")
    assert "网格长、楼栋长" in problem.message()
    assert "GRID_LEADER, BUILDING_LEADER" in problem.message("en")


def test_branch_under_branch():
    d = ledger_dataset()
    add(d, "organisations", 8, id="1005", name="支部", kind="BRANCH", parent_id="1003")
    problem = located(d, "bad_parent_kind")
    assert cell(problem) == ("organisations", 8, "parent_id", "1003")
    assert "党支部的上级不能是党支部" in problem.message()
    assert "a BRANCH cannot sit under a BRANCH" in problem.message("en")


def test_branch_without_parent():
    d = ledger_dataset()
    add(d, "organisations", 8, id="1005", name="支部", kind="BRANCH")
    problem = located(d, "bad_parent_kind")
    assert cell(problem) == ("organisations", 8, "parent_id", "")
    assert "必须有上级组织" in problem.message()
    assert "must have a parent" in problem.message("en")


@pytest.mark.parametrize("table", ["organisations", "grids"])
def test_cycle_reported_once_in_order(table):
    d = Dataset()
    extra = {"kind": "COMMITTEE"} if table == "organisations" else {"level": "GRID"}
    for line, (node, parent) in enumerate([("C", "A"), ("A", "B"), ("B", "C"), ("D", "A")], 2):
        add(d, table, line, id=node, name=node, parent_id=parent, **extra)
    problem = located(d, "cycle")
    assert cell(problem) == (table, 2, "parent_id", "A")
    assert problem.params["cycle"] == ["C", "A", "B", "C"]
    assert "C → A → B → C" in problem.message()
    assert "cycle" in problem.message("en")


def test_self_parent_is_a_cycle():
    d = ledger_dataset()
    add(d, "grids", 5, id="G9", name="自环", level="GRID", parent_id="G9")
    assert located(d, "cycle").params["cycle"] == ["G9", "G9"]


def test_check_raises_with_limit(tmp_path):
    d = ledger_dataset()
    for line in range(3, 8):
        add(d, "people", line, id=f"X{line}", name="n", home_id="nowhere")
    write_dataset(d, tmp_path / "out")
    with pytest.raises(DatasetError) as error:
        check(tmp_path / "out", limit=2)
    assert (len(error.value.problems), error.value.total) == (2, 5)
    assert error.value.report("en").splitlines()[-1] == "… and 3 more"
    assert error.value.report().splitlines()[-1] == "… 另有 3 个问题"


def test_check_returns_a_valid_dataset(tmp_path):
    write_dataset(ledger_dataset(), tmp_path / "ok.xlsx", lang="zh")
    assert check(tmp_path / "ok.xlsx").row_count() == ledger_dataset().row_count()
