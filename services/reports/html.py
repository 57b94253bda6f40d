"""Gap reports as one self-contained HTML page that prints cleanly on A4, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from typing import IO

from queries.records import Gap
from services.reports.delimited import text_stream
from services.reports.head import ReportHead, by_rule
from services.reports.labels import gap_fields, headers, rule_name, word

# Fonts found on Windows, macOS and Linux desktops without a download.
FONTS = (
    '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun", "Songti SC", sans-serif'
)
STYLE = """
@page { size: A4; margin: 16mm 12mm 16mm 12mm;
  @top-left { content: "%(running)s"; font-size: 8pt; color: #555; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; font-size: 10pt; line-height: 1.45; color: #111; margin: 0; }
@media screen { body { max-width: 210mm; margin: 2em auto; padding: 0 1em; } }
header h1 { font-size: 16pt; margin: 0 0 4pt; }
header dl { display: grid; grid-template-columns: max-content auto; gap: 1pt 10pt;
  margin: 0 0 12pt; }
header dt { color: #555; } header dd { margin: 0; }
h2 { font-size: 12pt; margin: 0 0 6pt; }
table { width: 100%%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
td.n, th.n { text-align: right; } td.id { white-space: nowrap; }
tr.total td { font-weight: bold; }
section.rule { break-before: page; page-break-before: always; }
"""
GAP_COLUMNS = (
    "subject_id",
    "subject_name",
    "subject_kind",
    "related_ids",
    "related_names",
    "detail",
)
ID_COLUMNS = {"subject_id", "related_ids"}


def write_html(head: ReportHead, gaps: Iterable[Gap], out: IO[bytes]) -> int:
    """Writes the page: header, summary table, then one section per rule that has gaps."""
    written = 0
    with text_stream(out) as text:
        text.writelines(_opening(head))
        for rule, run in by_rule(head, gaps):
            written += _write_section(text, head, rule, run)
        text.write("</body>\n</html>\n")
    return written


def _opening(head: ReportHead) -> Iterator[str]:
    """Yields the document head, the report header and the summary table."""
    lang, title = head.lang, word("title", head.lang)
    running = f"{title} · {head.scope_text} · {head.day.isoformat()}"
    style = STYLE % {"fonts": FONTS, "running": _css_string(running)}
    yield f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
    yield f'<meta charset="utf-8">\n<title>{escape(running)}</title>\n<style>{style}</style>\n'
    yield f"</head>\n<body>\n<header>\n<h1>{escape(title)}</h1>\n<dl>\n"
    for key, value in (
        ("scope", head.scope_text),
        ("day", head.day.isoformat()),
        ("generated_at", head.generated_text),
    ):
        yield f"<dt>{escape(word(key, lang))}</dt><dd>{escape(value)}</dd>\n"
    yield "</dl>\n</header>\n"
    yield from _summary(head)


def _summary(head: ReportHead) -> Iterator[str]:
    """Yields the table of counts per rule, with the total."""
    lang = head.lang
    names = [*headers(lang)[:2], word("count", lang)]
    yield '<section class="summary">\n<table>\n<thead><tr>'
    yield "".join(f"<th>{escape(h)}</th>" for h in names[:2])
    yield f'<th class="n">{escape(names[2])}</th>'
    yield "</tr></thead>\n<tbody>\n"
    for rule, count in head.counts.items():
        name = escape(rule_name(rule, lang))
        yield f'<tr><td>{name}</td><td class="id">{rule}</td><td class="n">{count}</td></tr>\n'
    total = escape(word("total", lang))
    yield f'<tr class="total"><td colspan="2">{total}</td><td class="n">{head.total}</td></tr>\n'
    yield "</tbody>\n</table>\n</section>\n"


def _write_section(text: IO[str], head: ReportHead, rule: str, gaps: Iterator[Gap]) -> int:
    """Writes one rule's table (nothing for a rule without gaps); returns the rows written."""
    count = 0
    for gap in gaps:
        if count == 0:
            text.write(_section_opening(head, rule))
        text.write(_row(gap, head.lang))
        count += 1
    if count:
        text.write("</tbody>\n</table>\n</section>\n")
    return count


def _section_opening(head: ReportHead, rule: str) -> str:
    """Returns a rule's heading and the table head that repeats on every printed page."""
    by_key = dict(zip(GAP_COLUMNS, headers(head.lang)[2:], strict=True))
    cells = "".join(f"<th>{escape(by_key[c])}</th>" for c in GAP_COLUMNS)
    name, count = rule_name(rule, head.lang), head.counts.get(rule, 0)
    heading = f"{name}（{rule}）：{count}" if head.lang == "zh" else f"{name} ({rule}): {count}"
    return (
        f'<section class="rule" id="{rule}">\n<h2>{escape(heading)}</h2>\n'
        f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n"
    )


def _row(gap: Gap, lang: str) -> str:
    """Returns one gap as a table row."""
    fields = gap_fields(gap, lang)
    cells = "".join(
        f"<td{' class=id' if c in ID_COLUMNS else ''}>{escape(fields[c])}</td>" for c in GAP_COLUMNS
    )
    return f'<tr class="gap">{cells}</tr>\n'


def _css_string(value: str) -> str:
    """Escapes text for a double-quoted CSS string."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
