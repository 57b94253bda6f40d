"""Per-request DataLoaders: each batch of ids is answered by one query in queries/."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any

from neo4j import Driver
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from domain.thresholds import Thresholds
from queries import org_changes, organisations, people, units_grids

Key = tuple[Hashable, ...]


class RequestBatches:
    """The DataLoaders of one request; keys are ids, or (id, parameters…) tuples."""

    def __init__(
        self, driver: Driver, database: str, scope_id: str | None, thresholds: Thresholds
    ) -> None:
        self.driver, self.database = driver, database
        visits = thresholds.default_visits_per_month
        # Organisations show their name, kind and parent of a day, and scopes hold what they
        # held on it: these loaders are keyed by (id, day).
        self.node = self._by_key(units_grids.nodes_by_id, "day", scope_id=scope_id)
        # Nodes an answer has already chosen to show, such as people above the scope in whoCovers.
        self.listed = self._by_key(units_grids.nodes_by_id, "day", scope_id=None)
        self.children = self._by_key(organisations.children_of, "day")
        self.ancestors = self._by_key(organisations.ancestors_of, "day")
        self.units = self._by_key(units_grids.units_of, "day")
        self.grids = self._by_key(units_grids.grids_of, "day")
        self.covering = self._by_key(units_grids.organisations_covering, "day")
        self.set_up_in = self._by_key(units_grids.organisations_set_up_in, "day")
        self.holders = self._by_key(people.holders_of, "role", "day")
        self.gap_count = self._by_key(organisations.gap_counts_of, "day", thresholds=thresholds)
        self.gaps = self._by_key(organisations.gaps_of, "day", thresholds=thresholds)
        self.posts_in = self._by_key(people.posts_of_targets, "day")
        self.posts_of = self._by_key(people.posts_of_people, "day")
        self.liaisons_on = self._by_key(
            people.liaisons_of_organisations, "day", default_visits=visits
        )
        self.liaisons_of = self._by_key(people.liaisons_of_people, "day", default_visits=visits)
        self.visits_of = self._by_key(people.visits_of_people, "since", "until")
        self.covered = self._by_key(people.covered_by_people, "day")
        self.history = self._by_id(org_changes.histories_of)

    async def run(self, query: Callable[..., Any], **params: Any) -> Any:
        """Runs one blocking query function off the event loop."""
        call = partial(query, driver=self.driver, database=self.database, **params)
        return await run_in_threadpool(call)

    def _by_id(self, query: Callable[..., dict[str, Any]], **fixed: Any) -> DataLoader[str, Any]:
        async def load(ids: Sequence[str]) -> list[Any]:
            found = await self.run(query, ids=list(dict.fromkeys(ids)), **fixed)
            return [found[i] for i in ids]

        return DataLoader(load_fn=load)

    def _by_key(
        self, query: Callable[..., dict[str, Any]], *names: str, **fixed: Any
    ) -> DataLoader[Key, Any]:
        async def load(keys: Sequence[Key]) -> list[Any]:
            groups: dict[Key, list[str]] = defaultdict(list)
            for key in keys:
                groups[key[1:]].append(str(key[0]))
            answers: dict[Key, Any] = {}
            for rest, ids in groups.items():
                params = dict(zip(names, rest, strict=True))
                found = await self.run(query, ids=list(dict.fromkeys(ids)), **params, **fixed)
                answers.update({(i, *rest): found[i] for i in ids})
            return [answers[key] for key in keys]

        return DataLoader(load_fn=load)
