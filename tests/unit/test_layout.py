"""The source tree keeps one name per thing: no two modules of the product share a file name."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "graph", "queries", "services", "api")
GENERIC = {"__init__.py", "__main__.py"}


def test_no_two_modules_share_a_name() -> None:
    places: defaultdict[str, list[str]] = defaultdict(list)
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name not in GENERIC:
                places[path.stem].append(str(path.relative_to(ROOT)))
        for folder in (ROOT / package).rglob("*/"):
            if folder.name != "__pycache__" and (folder / "__init__.py").exists():
                places[folder.name].append(str(folder.relative_to(ROOT)) + "/")
    shared = {name: paths for name, paths in places.items() if len(paths) > 1}
    assert shared == {}
