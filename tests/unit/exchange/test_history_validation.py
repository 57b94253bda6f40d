"""The rules of every day: each refusal of the organisations' history on a small dataset that
breaks it once, with its day, location and zh and en messages."""

from __future__ import annotations

from datetime import date

import pytest

from domain.dataset import Dataset
from services.exchange.validation import validate
from tests.support import factory
from tests.support.problems import cell, located

OH = "organisation_history"


def add(dataset: Dataset, table: str, line: int, **values):
    """Adds a full-width row that says where it came from (its table's file)."""
    return factory.add(dataset, table, table, line, **values)


def history_dataset() -> Dataset:
    """A valid county whose township was a root until it joined the county, whose branch moved
    from the county to the township and was renamed, and whose group was dissolved."""
    d = Dataset()
    add(d, "organisations", 2, id="C", name="县委", kind="COMMITTEE")
    add(d, "organisations", 3, id="T", name="镇党委", kind="COMMITTEE", parent_id="C",
        founded=date(2020, 1, 1))  # fmt: skip
    add(d, "organisations", 4, id="B", name="村支部", kind="BRANCH", parent_id="T")
    add(d, "organisations", 5, id="G", name="一组", kind="GROUP", parent_id="B",
        founded=date(2021, 1, 1), dissolved=date(2023, 1, 1))  # fmt: skip
    add(d, OH, 2, organisation_id="T", until=date(2020, 12, 31), name="镇筹备组", kind="COMMITTEE")
    add(d, OH, 3, organisation_id="B", until=date(2021, 6, 30), name="老村支部", kind="BRANCH",
        parent_id="C")  # fmt: skip
    add(d, "people", 2, id="P", name="张三", home_id="B")
    add(d, "posts", 2, person_id="P", target_id="G", role="GROUP_LEADER",
        start=date(2021, 1, 1), end=date(2022, 12, 31))  # fmt: skip
    add(d, "liaisons", 2, person_id="P", organisation_id="T", kind="POINT", start=date(2020, 1, 1))
    add(d, "visits", 2, person_id="P", organisation_id="G", date=date(2022, 12, 31))
    return d


def test_a_dataset_with_history_is_valid():
    assert validate(history_dataset()) == []


def test_a_history_row_outside_the_days_it_exists_is_ignored():
    d = history_dataset()
    # Before the township was founded: no day of it counts, so its parent is not checked.
    add(d, OH, 4, organisation_id="T", until=date(2019, 6, 30), name="无", kind="BRANCH")
    assert validate(d) == []


def test_dissolved_must_come_after_founded():
    d = history_dataset()
    d.rows("organisations")[3].values["dissolved"] = date(2021, 1, 1)
    problem = located(d, "dissolved_not_after_founded")
    assert cell(problem) == ("organisations", 5, "dissolved", "2021-01-01")
    assert "撤销日期必须晚于成立日期 2021-01-01" in problem.message()
    assert "must come after the founding date 2021-01-01" in problem.message("en")


@pytest.mark.parametrize("column", ["organisation_id", "parent_id"])
def test_history_references_an_organisation_of_the_dataset(column):
    d = history_dataset()
    values = {"organisation_id": "B", "until": date(2020, 6, 30), "name": "旧", "kind": "BRANCH",
              "parent_id": "C"} | {column: "X9"}  # fmt: skip
    add(d, OH, 4, **values)
    problem = located(d, "missing_reference")
    assert cell(problem) == (OH, 4, column, "X9")
    assert "找不到该编码的党组织" in problem.message()


def test_history_rows_are_keyed_by_organisation_and_until():
    d = history_dataset()
    add(d, OH, 4, organisation_id="B", until=date(2021, 6, 30), name="又一个", kind="BRANCH",
        parent_id="C")  # fmt: skip
    problem = located(d, "duplicate_key")
    assert cell(problem) == (OH, 4, "organisation_id", "B")
    assert "与 organisation_history 第3行 重复" in problem.message()
    assert "repeats organisation_history row 3 (same organisation_id, until)" in problem.message(
        "en"
    )


def test_a_parent_not_yet_founded():
    d = history_dataset()
    add(d, "organisations", 6, id="T2", name="新镇", kind="COMMITTEE", parent_id="C",
        founded=date(2024, 6, 1))  # fmt: skip
    d.rows("organisations")[2].values["parent_id"] = "T2"
    add(d, OH, 4, organisation_id="B", until=date(2024, 12, 31), name="村支部", kind="BRANCH",
        parent_id="T2")  # fmt: skip
    d.rows(OH)[2].line = 3
    d.rows(OH)[1].line = 4
    problem = located(d, "parent_not_founded")
    # B moved from T to T2 on 2021-07-01, three years before T2 was founded.
    assert cell(problem) == (OH, 3, "parent_id", "T2")
    assert problem.message().endswith(
        "organisation_history 第3行 “parent_id” 值“T2”：2021-07-01 这一天上级组织 T2 尚未成立"
        "（成立于 2024-06-01）"
    )
    assert "on 2021-07-01, the parent organisation T2 does not exist yet" in problem.message("en")


def test_a_parent_dissolved_while_its_child_exists():
    d = history_dataset()
    d.rows("organisations")[1].values["dissolved"] = date(2024, 5, 1)
    problem = located(d, "parent_dissolved")
    assert cell(problem) == ("organisations", 4, "parent_id", "T")
    assert "2024-05-01 这一天上级组织 T 已撤销（撤销于 2024-05-01）" in problem.message()
    assert "on 2024-05-01, the parent organisation T no longer exists" in problem.message("en")


def test_a_parent_kind_broken_on_one_day():
    d = history_dataset()
    # The township was a branch for its first half-year: the branch under it could not be.
    d.rows(OH)[0].values.update(until=date(2020, 6, 30), kind="BRANCH", parent_id="C")
    add(d, OH, 4, organisation_id="T", until=date(2020, 12, 31), name="镇筹备组",
        kind="COMMITTEE")  # fmt: skip
    d.rows(OH)[1].values["parent_id"] = "T"
    problem = located(d, "bad_parent_kind")
    assert cell(problem) == (OH, 3, "parent_id", "T")
    assert "2020-01-01 这一天党支部的上级不能是党支部" in problem.message()
    assert "on 2020-01-01, a BRANCH cannot sit under a BRANCH" in problem.message("en")


def test_a_root_kind_broken_in_history():
    d = history_dataset()
    d.rows(OH)[1].values["parent_id"] = None
    problem = located(d, "bad_parent_kind")
    assert cell(problem) == (OH, 3, "parent_id", "")
    # The branch was a root since always, up to and including its `until`.
    assert "2021-06-30 这一天党支部必须有上级组织" in problem.message()
    assert "on 2021-06-30, a BRANCH must have a parent organisation" in problem.message("en")


def test_a_cycle_on_some_days_only():
    d = history_dataset()
    # From its founding to the end of 2020, A sat under B and B under A.
    add(d, "organisations", 6, id="A", name="甲", kind="COMMITTEE", parent_id="C",
        founded=date(2020, 6, 1))  # fmt: skip
    add(d, "organisations", 7, id="Z", name="乙", kind="COMMITTEE", parent_id="A",
        founded=date(2020, 6, 1))  # fmt: skip
    add(d, OH, 4, organisation_id="A", until=date(2020, 12, 31), name="甲", kind="COMMITTEE",
        parent_id="Z")  # fmt: skip
    problem = located(d, "cycle")
    assert cell(problem) == ("organisations", 7, "parent_id", "A")
    assert problem.params["cycle"] == ["Z", "A", "Z"]
    assert "2020-06-01 这一天上级关系形成循环：Z → A → Z" in problem.message()
    assert "on 2020-06-01, the parent links form a cycle: Z → A → Z" in problem.message("en")


def test_a_cycle_through_history_and_a_self_parent():
    d = history_dataset()
    add(d, OH, 4, organisation_id="C", until=date(2019, 12, 31), name="县委", kind="COMMITTEE",
        parent_id="C")  # fmt: skip
    problem = located(d, "cycle")
    assert cell(problem) == (OH, 4, "parent_id", "C")
    assert problem.params["cycle"] == ["C", "C"]
    assert "2019-12-31 这一天上级关系形成循环：C → C" in problem.message()


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("posts", "start", {"person_id": "P", "target_id": "G", "role": "GROUP_LEADER",
                            "start": date(2020, 12, 31)}),
        ("liaisons", "start", {"person_id": "P", "organisation_id": "G", "kind": "POINT"}),
        ("visits", "date", {"person_id": "P", "organisation_id": "G", "date": date(2020, 12, 31)}),
    ],
)  # fmt: skip
def test_rows_before_their_organisation_was_founded(table, column, values):
    d = history_dataset()
    add(d, table, 3, **values)
    problem = located(d, "organisation_not_founded")
    assert (problem.source, problem.line, problem.column) == (table, 3, column)
    assert "2020-12-31 这一天组织 G 尚未成立（成立于 2021-01-01）" in problem.message()
    assert "on 2020-12-31, the organisation G does not exist yet" in problem.message("en")


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("posts", "end", {"person_id": "P", "target_id": "G", "role": "GROUP_LEADER",
                          "start": date(2022, 1, 1)}),
        ("liaisons", "end", {"person_id": "P", "organisation_id": "G", "kind": "POINT",
                             "start": date(2021, 1, 1), "end": date(2023, 3, 1)}),
        ("visits", "date", {"person_id": "P", "organisation_id": "G", "date": date(2023, 2, 1)}),
    ],
)  # fmt: skip
def test_rows_after_their_organisation_was_dissolved(table, column, values):
    d = history_dataset()
    add(d, table, 3, **values)
    problem = located(d, "organisation_dissolved")
    assert (problem.source, problem.line, problem.column) == (table, 3, column)
    day = "2023-02-01" if table == "visits" else "2023-01-01"
    assert f"{day} 这一天组织 G 已撤销（撤销于 2023-01-01）" in problem.message()
    assert f"on {day}, the organisation G no longer exists" in problem.message("en")


def test_a_dataset_without_history_names_no_day():
    d = history_dataset()
    d.tables[OH] = []
    for row in d.rows("organisations"):
        row.values.update(founded=None, dissolved=None)
    d.rows("organisations")[3].values["parent_id"] = "C"
    problem = located(d, "bad_parent_kind")
    assert problem.params["day"] == ""
    assert problem.message("en").endswith("a GROUP cannot sit under a COMMITTEE (allowed: BRANCH)")


def test_the_first_day_a_date_can_name_bounds_the_checks_without_overflowing():
    d = history_dataset()
    # Founded on 0001-01-01: it has always existed, and so may every child under it.
    d.rows("organisations")[0].values["founded"] = date.min
    add(d, "posts", 3, person_id="P", target_id="C", role="SECRETARY")
    assert validate(d) == []
    # Dissolved on that day: it exists on no day, refused like a dissolution before founding.
    d.rows("organisations")[3].values["dissolved"] = date.min
    d.rows("organisations")[3].values["founded"] = None
    codes = [p.code for p in validate(d)]
    assert "dissolved_not_after_founded" in codes
