"""The dashboard's own GraphQL operations, read from `web/js`, and the data to ask them about:
branches, townships and the organisations each scoped token may see."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from domain.dataset import Dataset
from domain.settings import PROJECT_ROOT

WEB_JS = PROJECT_ROOT / "web" / "js"
WHO_COVERS = """query($id: ID!, $day: Date) { whoCovers(organisationId: $id, asOf: $day) {
  person { id name } relation role via { id name } distance } }"""


@cache
def dashboard_query(module: str, name: str) -> str:
    """Returns the GraphQL text the web UI's module declares as `const NAME = `…`;`."""
    source = (WEB_JS / f"{module}.js").read_text()
    found = re.search(rf"const {name} = `(.*?)`;", source, re.DOTALL)
    if found is None:
        raise LookupError(f"web/js/{module}.js declares no query {name}")
    return found.group(1)


@dataclass
class Organisations:
    """The organisation tree of a dataset: kinds, children and the townships below the root."""

    kind: dict[str, str] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    domain: dict[str, str | None] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, ds: Dataset, day: date | None = None) -> Organisations:
        """Indexes the dataset's organisations; with a day, those existing on it, as their rows
        describe them (the demo's history lies before its anchor day)."""
        tree = cls()
        for row in ds.rows("organisations"):
            founded, dissolved = row["founded"], row["dissolved"]
            if day is not None and (
                (isinstance(founded, date) and founded > day)
                or (isinstance(dissolved, date) and dissolved <= day)
            ):
                continue
            oid, parent = str(row["id"]), row["parent_id"]
            tree.kind[oid], tree.name[oid] = str(row["kind"]), str(row["name"])
            tree.domain[oid] = None if row["domain"] is None else str(row["domain"])
            tree.children.setdefault(oid, [])
            if parent is None:
                tree.roots.append(oid)
            else:
                tree.children.setdefault(str(parent), []).append(oid)
        return tree

    def subtree(self, root: str) -> list[str]:
        """Returns the organisation and everything below it."""
        found, stack = [], [root]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children.get(current, ()))
        return found

    def branches(self, among: list[str] | None = None) -> list[str]:
        """Returns the BRANCH organisations (of a subset, or of all)."""
        return [o for o in (among if among is not None else self.kind) if self.kind[o] == "BRANCH"]

    def townships(self) -> list[str]:
        """Returns the townships (rural committees) and streets (community working committees)."""
        wanted = {("COMMITTEE", "RURAL"), ("WORKING_COMMITTEE", "COMMUNITY")}
        return [o for o, kind in self.kind.items() if (kind, self.domain[o]) in wanted]

    def sample_branches(self, count: int, seed: int = 7) -> list[str]:
        """Returns `count` random branches (with repeats when there are fewer)."""
        chooser = random.Random(seed)
        return [chooser.choice(self.branches()) for _ in range(count)]
