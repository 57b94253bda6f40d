"""`covergraph gaps` as a user runs it: every format against the county demo, and its errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain.thresholds import GAP_RULES
from queries.gaps import count_gaps
from services.reports.labels import RULE_NAMES, headers
from tests.support.reports import DAY, Graph, expected, identity, township

AS_OF = ("--as-of", DAY.isoformat())


def covergraph(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line in a subprocess against the test database."""
    command = [sys.executable, "-m", "api.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def test_csv_rows_are_the_gaps_in_report_order(county: Graph) -> None:
    result = covergraph("gaps", *AS_OF, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == headers("zh")
    assert [[r[1], r[2], r[5], r[7]] for r in rows[1:]] == [identity(g) for g in expected(county)]


def test_csv_in_english_to_a_file(county: Graph, tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    rules = ["NO_LIAISON", "SECRETARY_VACANT"]
    result = covergraph(
        "gaps",
        *AS_OF,
        "--rule",
        rules[0],
        "--rule",
        rules[1],
        "--lang",
        "en",
        "--format",
        "csv",
        "-o",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == headers("en")
    gaps = expected(county, rules=rules)
    assert next(g.rule for g in gaps) == "SECRETARY_VACANT"  # report order, not asked order
    assert [[r[1], r[2], r[5], r[7]] for r in rows[1:]] == [identity(g, "en") for g in gaps]


def test_json_of_a_scope(county: Graph) -> None:
    scope = township(county)
    result = covergraph("gaps", *AS_OF, "--scope", scope, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    driver, database = county
    counts = count_gaps(driver=driver, database=database, day=DAY, scope_id=scope)
    assert document["scope"]["id"] == scope
    assert document["counts"] == counts
    assert document["total"] == sum(counts.values()) == len(document["gaps"])
    found = [
        [g["rule"], g["subject"]["id"], ", ".join(r["id"] for r in g["related"]), g["detail"]]
        for g in document["gaps"]
    ]
    assert found == [identity(g) for g in expected(county, scope_id=scope)]


def test_xlsx_has_summary_and_a_sheet_per_rule(county: Graph, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    result = covergraph("gaps", *AS_OF, "--format", "xlsx", "-o", str(path))
    assert result.returncode == 0, result.stderr
    driver, database = county
    counts = count_gaps(driver=driver, database=database, day=DAY)
    book = load_workbook(path, read_only=False)
    present = [RULE_NAMES[r][0] for r in GAP_RULES if counts[r]]
    assert book.sheetnames == ["汇总", *present]
    summary = book["汇总"]
    listed = {r[1]: r[2] for r in summary.iter_rows(min_row=7, values_only=True) if r[1]}
    assert listed == counts
    assert summary.cell(summary.max_row, 3).value == sum(counts.values())
    rows: list[list[str]] = []
    for name in present:
        sheet = book[name]
        assert [c.value for c in sheet[1]] == headers("zh")
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:H{sheet.max_row}"
        assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGH")
        for r in sheet.iter_rows(min_row=2, values_only=True):
            rows.append([r[1], r[2], r[5] or "", r[7]])
    assert rows == [identity(g) for g in expected(county)]


def test_html_has_header_and_a_row_per_gap(county: Graph) -> None:
    scope = township(county)
    result = covergraph("gaps", *AS_OF, "--scope", scope, "--format", "html")
    assert result.returncode == 0, result.stderr
    page = result.stdout
    gaps = expected(county, scope_id=scope)
    assert f"<dd>{scope} " in page
    assert f"<dd>{DAY.isoformat()}</dd>" in page
    generated = re.search(r"<dd>(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", page)
    assert generated is not None
    assert generated.group(1).startswith(date.today().isoformat()[:4])
    assert page.count('<tr class="gap">') == len(gaps)
    assert "size: A4" in page


def test_table_on_the_terminal(county: Graph) -> None:
    result = covergraph("gaps", *AS_OF, "--rule", "JOINT_TOO_WIDE")
    assert result.returncode == 0, result.stderr
    assert "联合组建单位过多" in result.stdout
    assert "合计" in result.stdout
    for gap in expected(county, rules=["JOINT_TOO_WIDE"]):
        assert gap.subject.id in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--scope", "NOPE1"), ["NOPE1"]),
        (("--as-of", "2026-02-30"), ["2026-02-30"]),
        (("--as-of", "yesterday"), ["yesterday"]),
        (("--rule", "NO_SUCH_RULE"), ["NO_SUCH_RULE", *GAP_RULES]),
        (("--format", "pdf"), ["pdf", "xlsx"]),
        (("--format", "xlsx"), ["-o"]),
    ],
)
def test_errors_are_one_line(county: Graph, args: tuple[str, ...], words: list[str]) -> None:
    result = covergraph("gaps", *args)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
