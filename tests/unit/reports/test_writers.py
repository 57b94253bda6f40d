"""The report writers on hand-made gaps: CSV, JSON, HTML and xlsx content and layout."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook

from domain.cells import FORMULA_STARTS
from domain.thresholds import GAP_RULES
from queries.records import Gap, NodeRef
from services.exchange.formulas import restore
from services.reports import FORMATS, file_name
from services.reports import xlsx as xlsx_module
from services.reports.head import ReportHead, by_rule
from services.reports.html import write_html
from services.reports.labels import RULE_NAMES, gap_cells, headers

ORG, PERSON = "Organisation", "Person"
GAPS = [
    Gap("SECRETARY_VACANT", NodeRef("O1", "东风村党支部", ORG)),
    Gap("SECRETARY_VACANT", NodeRef("O2", "<b>红旗</b>村党支部", ORG)),
    Gap(
        "LIAISON_INACTIVE",
        NodeRef("P1", "张三", PERSON),
        (NodeRef("O1", "东风村党支部", ORG),),
        ("POINT", "2026-01-01"),
        {"kind": "POINT", "visits": 0, "required": 2, "window_start": date(2026, 10, 3)},
    ),
    Gap("JOINT_TOO_WIDE", NodeRef("O3", "=SUM(A1)", ORG), facts={"units": 6, "maximum": 5}),
]
RULES = ("SECRETARY_VACANT", "NO_LIAISON", "LIAISON_INACTIVE", "JOINT_TOO_WIDE")
AT = datetime(2026, 11, 1, 9, 30, 5, tzinfo=timezone(timedelta(hours=8)))


def head(lang: str = "zh", scope: NodeRef | None = None) -> ReportHead:
    """The head of GAPS: counts per asked rule, NO_LIAISON empty."""
    counts = {r: sum(g.rule == r for g in GAPS) for r in RULES}
    return ReportHead(scope, date(2026, 11, 1), AT, counts, lang)


def written(name: str, report: ReportHead) -> bytes:
    """Writes GAPS in the format and returns the bytes."""
    out = io.BytesIO()
    assert FORMATS[name].write(report, iter(GAPS), out) == len(GAPS)
    return out.getvalue()


def test_every_rule_has_a_name_in_report_order() -> None:
    assert tuple(RULE_NAMES) == GAP_RULES
    assert RULE_NAMES["SECRETARY_VACANT"][0] == "书记空缺"
    assert RULE_NAMES["NO_LIAISON"][0] == "无联系领导"


def test_by_rule_yields_every_asked_rule_with_its_gaps() -> None:
    groups = [(rule, [g.subject.id for g in run]) for rule, run in by_rule(head(), GAPS)]
    assert groups == [
        ("SECRETARY_VACANT", ["O1", "O2"]),
        ("NO_LIAISON", []),
        ("LIAISON_INACTIVE", ["P1"]),
        ("JOINT_TOO_WIDE", ["O3"]),
    ]


def test_head_shows_scope_and_local_time() -> None:
    assert head().scope_text == "全部"
    assert head("en", NodeRef("C1", "示范县委", ORG)).scope_text == "C1 示范县委"
    assert head().generated_text == "2026-11-01 09:30:05 (UTC+08:00)"
    assert file_name(head(scope=NodeRef("C1", "x", ORG)), "xlsx") == "gaps-C1-2026-11-01.xlsx"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_has_headers_and_one_row_per_gap(lang: str) -> None:
    data = written("csv", head(lang))
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheet programs then read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == headers(lang)
    assert [[restore(c) for c in row] for row in rows[1:]] == [gap_cells(g, lang) for g in GAPS]
    assert rows[3][:2] == (
        ["联系走访不足", "LIAISON_INACTIVE"]
        if lang == "zh"
        else ["Liaison inactive", "LIAISON_INACTIVE"]
    )
    assert rows[3][5:7] == ["O1", "东风村党支部"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_never_hands_a_spreadsheet_a_formula(lang: str) -> None:
    data = written("csv", head(lang)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    name, detail = rows[4][3], rows[4][7]
    assert name == "'=SUM(A1)"  # the quote makes Excel and WPS show the text
    assert detail.startswith("'=SUM(A1)" if lang == "zh" else "'=SUM(A1) is set up")
    assert (restore(name), restore(detail)) == ("=SUM(A1)", gap_cells(GAPS[3], lang)[7])
    # Every field is quoted, so no separator inside a value can start a cell of its own.
    assert all(line.startswith('"') and line.endswith('"') for line in data.splitlines())
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


def test_json_is_one_document_with_head_and_gaps() -> None:
    document = json.loads(written("json", head("en", NodeRef("C1", "示范县委", ORG))))
    assert document["scope"] == {"id": "C1", "name": "示范县委"}
    assert document["day"] == "2026-11-01"
    assert document["generated_at"] == "2026-11-01T09:30:05+08:00"
    assert document["total"] == 4
    assert document["counts"]["NO_LIAISON"] == 0
    assert [g["subject"]["id"] for g in document["gaps"]] == ["O1", "O2", "P1", "O3"]
    assert document["gaps"][2]["related"] == [{"id": "O1", "name": "东风村党支部", "label": ORG}]
    assert document["gaps"][2]["subject"]["kind"] == "person"


def test_json_without_gaps_is_valid() -> None:
    out = io.BytesIO()
    empty = ReportHead(None, date(2026, 11, 1), AT, {"NO_LIAISON": 0})
    assert FORMATS["json"].write(empty, iter([]), out) == 0
    assert json.loads(out.getvalue())["gaps"] == []


def test_html_is_self_contained_printable_and_escaped() -> None:
    page = written("html", head(scope=NodeRef("C1", "示范县委", ORG))).decode("utf-8")
    assert "@page { size: A4" in page
    assert "thead { display: table-header-group; }" in page
    assert "break-before: page" in page
    assert "C1 示范县委" in page
    assert "2026-11-01 09:30:05" in page
    assert page.count('<tr class="gap">') == len(GAPS)
    assert page.count('<section class="rule"') == 3  # NO_LIAISON has no gaps
    assert "&lt;b&gt;红旗&lt;/b&gt;" in page
    assert "<b>红旗" not in page
    for outside in ("<link", "<script", "src=", "url(", "@import"):
        assert outside not in page


def test_html_running_header_cannot_close_the_style() -> None:
    out = io.BytesIO()
    write_html(head(scope=NodeRef("C1", 'a"</style>', ORG)), iter([]), out)
    page = out.getvalue().decode("utf-8")
    assert page.count("</style>") == 1


def test_xlsx_has_a_summary_and_a_sheet_per_rule_with_gaps() -> None:
    book = load_workbook(io.BytesIO(written("xlsx", head())))
    assert book.sheetnames == ["汇总", "书记空缺", "联系走访不足", "联合组建单位过多"]
    summary = book["汇总"]
    assert summary["B2"].value == "全部"
    assert summary["B3"].value == "2026-11-01"
    assert summary.freeze_panes == "A7"
    counts = {r[1]: r[2] for r in summary.iter_rows(min_row=7, values_only=True) if r[1]}
    assert counts == head().counts
    sheet = book["书记空缺"]
    assert [c.value for c in sheet[1]] == headers("zh")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H3"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["E"].width
    formula = book["联合组建单位过多"]["D2"]
    assert formula.value == "=SUM(A1)"
    assert formula.data_type == "s"


def test_xlsx_cells_are_text_whatever_they_hold() -> None:
    scope = NodeRef("=1+1", "#N/A", ORG)  # a scope whose id and name look like a formula
    data = written("xlsx", head("en", scope))
    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert book["Summary"]["B2"].value == "=1+1 #N/A"
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # no formula anywhere in the file
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist())


def test_xlsx_continues_a_rule_past_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_module, "EXCEL_MAX_DATA_ROWS", 1)
    book = load_workbook(io.BytesIO(written("xlsx", head("en"))))
    assert book.sheetnames == [
        "Summary",
        "Secretary vacant",
        "Secretary vacant (2)",
        "Liaison inactive",
        "Joint set-up too wide",
    ]
    assert book["Secretary vacant (2)"]["C2"].value == "O2"
    assert book["Secretary vacant (2)"].auto_filter.ref == "A1:H2"
