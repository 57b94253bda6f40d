"""The settings module and the README's configuration table say the same; bad values are named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.settings import (
    GROUPS,
    PROJECT_ROOT,
    ApiSettings,
    DatabaseSettings,
    SettingsError,
    ThresholdSettings,
    read,
)
from domain.thresholds import Thresholds

README = PROJECT_ROOT / "README.md"
BLANK = {"empty", "unset"}


def _declared() -> dict[str, str]:
    """Returns every variable of the settings with its default as the README writes it."""
    return {
        str(field.alias): _shown(field.default)
        for group in GROUPS
        for field in group.model_fields.values()
    }


def _shown(default: object) -> str:
    if default is None or default in ("", ()):
        return "empty"
    if isinstance(default, Path):
        return f"{default.relative_to(PROJECT_ROOT)}/"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    return str(default)


def _documented() -> dict[str, str]:
    """Returns every variable of the README's configuration table with its default."""
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1]
    table = section.split("\n## ", 1)[0]
    found: dict[str, str] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"`([A-Z0-9_]+)`", cells[0]) if len(cells) == 3 else []
        if not names:
            continue
        defaults = [_normal(d) for d in cells[1].split(", ")]
        if len(defaults) != len(names):  # one default for all the row's variables
            defaults = [_normal(cells[1])] * len(names)
        found.update(zip(names, defaults, strict=True))
    return found


def _normal(cell: str) -> str:
    """Returns a default cell's value: the quoted part if any, "empty" for empty or unset."""
    quoted = re.search(r"`([^`]*)`", cell)
    text = quoted.group(1) if quoted else cell.strip()
    return "empty" if text in BLANK else text


def test_the_readme_lists_every_variable_with_its_default() -> None:
    declared, documented = _declared(), _documented()
    assert set(documented) == set(declared)
    assert documented == declared


def test_every_setting_says_what_it_means() -> None:
    for group in GROUPS:
        for name, field in group.model_fields.items():
            assert field.description, f"{group.__name__}.{name}"
            assert field.alias, f"{group.__name__}.{name}"


def test_the_threshold_defaults_are_the_specs() -> None:
    assert Thresholds(**read(ThresholdSettings, {}).model_dump()) == Thresholds()


def test_a_variable_missing_from_the_mapping_takes_its_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COVERGRAPH_MAX_DEPTH", "3")
    assert read(ApiSettings).max_depth == 3
    assert read(ApiSettings, {}).max_depth == 10
    assert read(ApiSettings, {"COVERGRAPH_MAX_DEPTH": "  "}).max_depth == 10


def test_the_environment_is_read_again_on_each_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example.org:7687")
    monkeypatch.setenv("NEO4J_DATABASE", "")
    settings = read(DatabaseSettings)
    assert (settings.uri, settings.user, settings.database) == (
        "bolt://db.example.org:7687",
        "neo4j",
        "neo4j",
    )
    monkeypatch.setenv("COVERGRAPH_HOME", "~/elsewhere")
    assert read(DatabaseSettings).home == Path("~/elsewhere").expanduser().resolve()


@pytest.mark.parametrize(
    ("variable", "value", "rule"),
    [
        ("COVERGRAPH_NEO4J_HEAP_MB", "lots", "a whole number of at least 1"),
        ("COVERGRAPH_CACHE_ENTRIES", "-1", "a whole number of at least 0"),
        ("COVERGRAPH_PUBLISH_WATCH_S", "0", "a number of seconds above 0"),
        ("COVERGRAPH_JOINT_MAX_UNITS", "5.5", "a whole number of at least 1"),
    ],
)
def test_a_bad_value_is_one_line_naming_variable_and_value(
    variable: str, value: str, rule: str
) -> None:
    group = next(g for g in GROUPS if variable in {str(f.alias) for f in g.model_fields.values()})
    with pytest.raises(SettingsError) as refused:
        read(group, {variable: value})
    assert str(refused.value) == f"{variable} must be {rule}, not {value!r}"
