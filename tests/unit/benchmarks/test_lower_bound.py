"""The in-memory whoCovers that benchmarks use as the lower bound answers what the oracle does."""

from __future__ import annotations

import random
from datetime import date

import pytest

from benchmarks.lower_bound import InMemoryCoverage
from domain.dataset import Dataset
from tests.support import oracle
from tests.support.factory import Build, demo, small_dataset

DAYS = (date(2020, 1, 1), date(2024, 6, 30), date(2026, 11, 1))


def _oracle(ds: Dataset, org_id: str, day: date) -> list[tuple[str, str, str, str, int]]:
    return [
        (e.person_id, e.relation, e.role, e.via_id, e.distance)
        for e in oracle.who_covers(ds, org_id, day)
    ]


@pytest.mark.parametrize("day", DAYS)
def test_agrees_with_the_oracle_on_every_organisation_of_the_small_dataset(day: date) -> None:
    ds = small_dataset()
    in_memory = InMemoryCoverage(ds)
    for row in ds.rows("organisations"):
        org_id = str(row["id"])
        assert in_memory.who_covers(org_id, day) == _oracle(ds, org_id, day), org_id


def test_agrees_with_the_oracle_on_county_branches() -> None:
    ds = demo("county", 3, date(2026, 11, 1))
    in_memory = InMemoryCoverage(ds)
    orgs = [str(r["id"]) for r in ds.rows("organisations")]
    for org_id in random.Random(5).sample(orgs, 60):
        assert in_memory.who_covers(org_id, date(2026, 10, 1)) == _oracle(
            ds, org_id, date(2026, 10, 1)
        )


def test_answers_nothing_for_an_organisation_nobody_covers() -> None:
    ds = Build().org("O1", "BRANCH", name="孤立党支部").ds
    assert InMemoryCoverage(ds).who_covers("O1", date(2026, 1, 1)) == []
