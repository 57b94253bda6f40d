"""Generated histories (SPEC §5): valid on every day, and the oracle's answers on any day equal
its answers for the dataset flattened to that day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from domain.dataset import Dataset
from domain.thresholds import Thresholds
from tests.support import oracle
from tests.support.generated import DAYS, thresholds
from tests.support.hierarchy import ONE_DAY, change_days, history_problems
from tests.support.histories import flatten, histories


def asked_days(ds: Dataset) -> list[date]:
    """The days worth asking about: each change day, the day before it, the generated days."""
    changes = change_days(ds)
    return sorted(set(DAYS) | set(changes) | {d - ONE_DAY for d in changes[1:]})


def shape(orgs: dict[str, object]) -> dict[str, tuple[object, ...]]:
    """Returns each organisation's name, kind and parent."""
    return {k: (r["name"], r["kind"], r["parent_id"]) for k, r in orgs.items()}  # type: ignore[index]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=histories(), data=st.data(), th=thresholds)
def test_the_oracle_on_a_history_answers_as_on_the_flattened_day(
    ds: Dataset, data: st.DataObject, th: Thresholds
) -> None:
    day = data.draw(st.sampled_from(asked_days(ds)))
    flat = flatten(ds, day)
    assert flat.rows("organisation_history") == []
    assert shape(oracle.hierarchy(ds, day)) == shape(oracle.hierarchy(flat, day))
    assert oracle.gaps(ds, day, thresholds=th) == oracle.gaps(flat, day, thresholds=th)
    assert oracle.scope(ds, None, day) == oracle.scope(flat, None, day)
    alive = {r["id"] for r in flat.rows("organisations")}
    for org in (r["id"] for r in ds.rows("organisations")):
        if org not in alive:
            with pytest.raises(oracle.NotExisting, match=f"{org} does not exist on {day}"):
                oracle.who_covers(ds, org, day)
            continue
        assert oracle.who_covers(ds, org, day) == oracle.who_covers(flat, org, day)
        assert oracle.scope(ds, org, day) == oracle.scope(flat, org, day)
    scoped = data.draw(st.sampled_from(sorted(alive))) if alive else None
    assert oracle.gaps(ds, day, scope_id=scoped) == oracle.gaps(flat, day, scope_id=scoped)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=histories())
def test_generated_histories_are_valid_on_every_day(ds: Dataset) -> None:
    assert history_problems(ds) == []


@pytest.mark.parametrize(
    "change",
    ["founded", "dissolved", "renamed", "re-kinded", "moved"],
)
def test_generated_histories_hold_every_kind_of_change(change: str) -> None:
    # Found, not shrunk: the first dataset with that change will do.
    quick = settings(database=None, phases=[Phase.generate], max_examples=200)
    find(histories(), lambda ds: change in changes(ds), settings=quick)


def changes(ds: Dataset) -> set[str]:
    """Names the kinds of change a dataset's history holds."""
    found: set[str] = set()
    orgs = {r["id"]: r for r in ds.rows("organisations")}
    for row in orgs.values():
        found |= {c for c in ("founded", "dissolved") if row[c] is not None}
    for past in ds.rows("organisation_history"):
        now = orgs[past["organisation_id"]]
        found |= {c for c, col in (("renamed", "name"), ("re-kinded", "kind"),
                                   ("moved", "parent_id")) if past[col] != now[col]}  # fmt: skip
    return found
