"""The test suite's own layout: no file under tests/ or benchmarks/ imports a conftest or a test
module, and what tests share comes from tests/support/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path
    for folder in ("tests", "benchmarks")
    for path in (PROJECT / folder).rglob("*.py")
    if "__pycache__" not in path.parts
)


def module_of(path: Path) -> str:
    """The dotted name a file is imported as."""
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, by line: `from a import b` counts as a.b as well as a, since
    b may be a module; relative imports are resolved against the file's package."""
    package = module_of(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def is_test_or_conftest(module: str) -> bool:
    """Tells whether a dotted name is a conftest or a test_*.py module."""
    last = module.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


def test_the_sources_are_found() -> None:
    names = {module_of(path) for path in SOURCES}
    assert {"tests.conftest", "tests.support.factory", "benchmarks.run"} <= names
    assert module_of(Path(__file__)) in names


def test_no_file_imports_a_conftest_or_a_test_module() -> None:
    wrong = [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for path in SOURCES
        for line, module in imported(path)
        if is_test_or_conftest(module)
    ]
    assert not wrong, "move what is shared into tests/support/:\n" + "\n".join(wrong)


def test_shared_helpers_come_from_tests_support() -> None:
    wrong = [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for path in SOURCES
        for line, module in imported(path)
        if module.startswith("tests.") and not module.startswith("tests.support")
    ]
    assert not wrong, "move what is shared into tests/support/:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("source", "module", "bad"),
    [
        ("from tests.integration.api.conftest import Server", "tests.x.test_a", True),
        ("from tests.unit.exchange import test_writing", "tests.x.test_a", True),
        ("import tests.integration.api.test_graphql_small as small", "tests.x.test_a", True),
        ("from .conftest import DAY", "tests.integration.reports.test_a", True),
        ("from ..api.test_graphql_small import GAPS", "tests.integration.reports.test_a", True),
        ("from tests.support.factory import Build", "tests.x.test_a", False),
        ("from tests.support import oracle", "tests.x.test_a", False),
        ("from services.exchange import importer", "tests.x.test_a", False),
    ],
)
def test_the_check_sees_each_form_of_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, module: str, bad: bool
) -> None:
    folder = tmp_path.joinpath(*module.split(".")[:-1])
    folder.mkdir(parents=True)
    path = folder / f"{module.rsplit('.', 1)[-1]}.py"
    path.write_text(source + "\n")
    monkeypatch.setattr(f"{__name__}.PROJECT", tmp_path)
    assert any(is_test_or_conftest(m) for _, m in imported(path)) is bad
