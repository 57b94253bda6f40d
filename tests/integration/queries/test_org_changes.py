"""An organisation's history (沿革) read from the graph: founding, renames, changes of kind,
moves and dissolution, oldest first, with each parent as it was on its day: the new one on the
day of the change, the previous one on the day before."""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from queries.org_changes import ChangeKind, OrganisationChange, ParentOnDay, histories_of
from tests.support.factory import changes_dataset, history_dataset
from tests.support.graph import load_fresh


def parent(id_: str, name: str, *day: int) -> ParentOnDay:
    """A parent named as it was called on the day."""
    return ParentOnDay(id_, name, date(*day))


def test_every_kind_of_change_oldest_first(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    load_fresh(driver, database, changes_dataset())
    found = histories_of(driver=driver, database=database, ids=["B1", "G1", "T2", "C1", "X9"])
    histories = {i: h for i, h in found.items() if h is not None}
    assert found["X9"] is None
    b1, g1, t2, c1 = (histories[i] for i in ("B1", "G1", "T2", "C1"))
    assert (b1.founded, b1.dissolved) == (date(2020, 3, 1), None)
    assert list(b1.changes) == [
        OrganisationChange(date(2020, 3, 1), ChangeKind.FOUNDED, new_name="东风村党支部",
                           new_kind="BRANCH", new_parent=parent("T1", "城关镇党委", 2020, 3, 1)),
        OrganisationChange(date(2021, 7, 1), ChangeKind.RENAMED, previous_name="东风村党支部",
                           new_name="东风社区党支部"),
        # T2 was renamed on the day B1 joined it: the new parent goes by its name of that day.
        OrganisationChange(date(2023, 1, 1), ChangeKind.MOVED,
                           previous_parent=parent("T1", "城关镇党委", 2022, 12, 31),
                           new_parent=parent("T2", "河口镇党委", 2023, 1, 1)),
        OrganisationChange(date(2023, 7, 1), ChangeKind.RENAMED, previous_name="东风社区党支部",
                           new_name="东风社区党总支"),
        OrganisationChange(date(2023, 7, 1), ChangeKind.REKINDED, previous_kind="BRANCH",
                           new_kind="GENERAL_BRANCH"),
    ]  # fmt: skip
    assert (g1.founded, g1.dissolved) == (date(2021, 1, 1), date(2023, 7, 1))
    assert list(g1.changes) == [
        OrganisationChange(date(2021, 1, 1), ChangeKind.FOUNDED, new_name="第一党小组",
                           new_kind="GROUP", new_parent=parent("B1", "东风村党支部", 2021, 1, 1)),
        # Its last day, 2023-06-30, B1 was still 东风社区党支部.
        OrganisationChange(date(2023, 7, 1), ChangeKind.DISSOLVED, previous_name="第一党小组",
                           previous_kind="GROUP",
                           previous_parent=parent("B1", "东风社区党支部", 2023, 6, 30)),
    ]  # fmt: skip
    assert list(t2.changes) == [
        OrganisationChange(date(2023, 1, 1), ChangeKind.RENAMED, previous_name="河口乡党委",
                           new_name="河口镇党委"),
    ]  # fmt: skip
    assert (c1.founded, c1.dissolved, c1.changes) == (None, None, ())


def test_a_root_that_joined_a_parent_moved_from_no_parent(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    load_fresh(driver, database, history_dataset())
    found = histories_of(driver=driver, database=database, ids=["T1"])
    assert [list(h.changes) if h else None for h in found.values()] == [[
        OrganisationChange(date(2020, 1, 1), ChangeKind.FOUNDED, new_name="城关镇筹备组",
                           new_kind="COMMITTEE"),
        OrganisationChange(date(2021, 1, 1), ChangeKind.RENAMED, previous_name="城关镇筹备组",
                           new_name="城关镇党委"),
        OrganisationChange(date(2021, 1, 1), ChangeKind.MOVED,
                           new_parent=parent("C1", "示范县委", 2021, 1, 1)),
    ]]  # fmt: skip
