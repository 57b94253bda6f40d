"""The demo's history of its organisations (SPEC §5): valid on every day, and of every kind."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from domain.dataset import Dataset
from services.demo.generator import generate
from tests.support import oracle
from tests.support.hierarchy import history_problems, organisations_on

ANCHOR = date(2025, 6, 30)


@pytest.fixture(scope="module")
def county() -> Dataset:
    """One county dataset shared by the checks below."""
    return generate("county", 7, ANCHOR, history=True)


def changes(ds: Dataset) -> Counter[str]:
    """Counts the changes of each kind in a dataset's history."""
    orgs = {row["id"]: row for row in ds.rows("organisations")}
    found: Counter[str] = Counter()
    for row in orgs.values():
        kind = row["kind"]
        found.update(f"{c} {kind}" for c in ("founded", "dissolved") if row[c] is not None)
    for past in ds.rows("organisation_history"):
        now = orgs[past["organisation_id"]]
        found.update(c for c, col in (("renamed", "name"), ("re-kinded", "kind"),
                                      ("moved", "parent_id")) if past[col] != now[col])  # fmt: skip
    return found


def test_the_history_is_valid_on_every_day(county: Dataset) -> None:
    assert history_problems(county) == []


def test_the_county_holds_every_kind_of_change(county: Dataset) -> None:
    found = changes(county)
    assert found["dissolved COMMITTEE"] == 2  # two townships merged into their neighbours
    assert found["founded GENERAL_BRANCH"] == 1  # a park's general branch over firm branches
    assert 3 <= found["founded BRANCH"] <= 4  # firms organised lately
    assert 3 <= found["dissolved BRANCH"] <= 4  # two organ branches merged, a firm or two closed
    assert found["renamed"] >= 1
    assert found["re-kinded"] == 1
    assert found["moved"] >= 20


def test_a_merged_townships_branch_answers_to_the_survivor_from_the_merger(
    county: Dataset,
) -> None:
    dissolved = [r for r in county.rows("organisations") if r["kind"] == "COMMITTEE" and
                 r["dissolved"]]  # fmt: skip
    town, merger = dissolved[0]["id"], dissolved[0]["dissolved"]
    moved = next(h for h in county.rows("organisation_history") if h["parent_id"] == town)
    branch, day_before = moved["organisation_id"], merger - timedelta(days=1)
    survivor = organisations_on(county, merger)[branch]["parent_id"]
    assert survivor != town
    chain = {e.via_id for e in oracle.who_covers(county, branch, day_before) if e.distance == 1}
    assert chain <= {town}
    assert {e.via_id for e in oracle.who_covers(county, branch, merger) if e.distance == 1} <= {
        survivor
    }
    assert branch in oracle.scope(county, town, day_before).organisations
    assert branch in oracle.scope(county, survivor, merger).organisations
    with pytest.raises(oracle.NotExisting):
        oracle.who_covers(county, town, merger)


def test_nothing_lives_in_a_dissolved_organisation(county: Dataset) -> None:
    gone = {r["id"] for r in county.rows("organisations") if r["dissolved"] is not None}
    assert all(r["home_id"] not in gone for r in county.rows("people"))
    assert all(r["area_id"] not in gone for t in ("units", "grids") for r in county.rows(t))


def test_founded_organisations_start_their_terms_and_posts_no_earlier(county: Dataset) -> None:
    founded = {r["id"]: r for r in county.rows("organisations") if r["founded"] is not None}
    assert all(r["term_start"] is None or r["term_start"] >= r["founded"] for r in founded.values())
    posts = [p for p in county.rows("posts") if p["target_id"] in founded]
    assert posts
    assert all(p["start"] >= founded[p["target_id"]]["founded"] for p in posts)


def test_the_day_before_a_change_differs_from_the_day_of_it(county: Dataset) -> None:
    founded = next(r for r in county.rows("organisations") if r["kind"] == "BRANCH" and
                   r["founded"])  # fmt: skip
    day = founded["founded"]
    assert founded["id"] not in oracle.hierarchy(county, day - timedelta(days=1))
    gaps_before = {g.subject_id for g in oracle.gaps(county, day - timedelta(days=1))}
    assert founded["id"] not in gaps_before


@pytest.mark.slow
def test_the_city_history_is_valid_on_every_day() -> None:
    city = generate("city", 1, ANCHOR, history=True)
    found = changes(city)
    assert found["dissolved COMMITTEE"] >= 12
    assert history_problems(city) == []
