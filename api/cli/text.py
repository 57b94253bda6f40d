"""Words the command line shows, in Chinese (default) and English."""

from __future__ import annotations

import typer

from domain.settings import CliSettings, read

TEXT: dict[str, tuple[str, str]] = {
    "table": ("表", "table"),
    "created": ("新增", "created"),
    "updated": ("更新", "updated"),
    "unchanged": ("未变", "unchanged"),
    "deleted": ("删除", "deleted"),
    "validating": ("校验数据", "validating"),
    "writing": ("写入图数据库", "writing"),
    "loaded": (
        "导入完成：{rows} 行，用时 {seconds:.1f} 秒（{rate:,.0f} 行/秒）",
        "loaded {rows} rows in {seconds:.1f} s ({rate:,.0f} rows/s)",
    ),
    "nothing_written": ("{headline}；数据库未作任何改动", "{headline}; nothing was written"),
    "valid": ("校验通过：{rows} 行，没有发现问题", "valid: {rows} rows, no problems found"),
    "problems_marked": (
        "所有问题已在 {path} 中标出（红色单元格及批注，另见“问题”工作表）",
        "every problem is marked in {path} (red cells with comments, and the Problems sheet)",
    ),
    "problems_not_xlsx": (
        "--problems 须为 .xlsx 文件：{path}",
        "--problems must name an .xlsx file: {path}",
    ),
    "problems_is_input": (
        "--problems 不能覆盖要导入的文件本身：{path}",
        "--problems must not overwrite the file being loaded: {path}",
    ),
    "exported": ("已导出 {rows} 行到 {path}", "exported {rows} rows to {path}"),
    "generated": (
        "已生成{scale}示例数据（种子 {seed}）：{rows} 行",
        "generated the {scale} demo (seed {seed}): {rows} rows",
    ),
    "written_to": ("已写入 {path}", "written to {path}"),
    "not_empty": (
        "图数据库已有数据，未导入示例数据",
        "the graph already holds data; the demo was not loaded",
    ),
    "reporting": ("生成缺口报告", "building the gap report"),
    "report_written": ("已写入 {path}：{gaps} 条缺口", "wrote {gaps} gaps to {path}"),
    "index_agrees": ("覆盖索引与图数据一致", "the coverage index agrees with the graph"),
    "index_differs": (
        "覆盖索引与重新计算的结果有 {count} 处不同；可运行 covergraph index rebuild 重建",
        "the coverage index differs from a recomputation in {count} places; "
        "covergraph index rebuild builds it again",
    ),
    "index_step": ("  {step}：{done:,}", "  {step}: {done:,}"),
    "index_built": (
        "已重建 {day} 的覆盖索引：{organisations:,} 个组织，"
        "{entries:,} 条记录，用时 {seconds:.1f} 秒",
        "rebuilt the coverage index of {day}: {organisations:,} organisations, "
        "{entries:,} entries in {seconds:.1f} s",
    ),
    "unknown_scope": ("未知的组织编号 {id}", "unknown organisation id {id}"),
    "bad_date": (
        "日期无效：{value}（应为 YYYY-MM-DD）",
        "invalid date {value}: expected YYYY-MM-DD",
    ),
    "unknown_rules": (
        "未知的规则 {rules}；可用的规则：{valid}",
        "unknown rule {rules}; valid rules: {valid}",
    ),
    "unknown_format": (
        "未知的格式 {value}；可用的格式：{valid}",
        "unknown format {value}; valid formats: {valid}",
    ),
    "audit_exported": (
        "已导出 {entries} 条审计记录到 {path}",
        "exported {entries} audit entries to {path}",
    ),
    "xlsx_needs_output": (
        "xlsx 格式须用 -o 指定输出文件",
        "the xlsx format needs an output file: -o FILE",
    ),
}


def lang_option() -> str:
    """Default language: COVERGRAPH_LANG, else Chinese."""
    return read(CliSettings).lang


LangOption = typer.Option(
    None, "--lang", help="zh (default, or COVERGRAPH_LANG) or en: language of messages."
)


def say(key: str, lang: str, **values: object) -> str:
    """Returns a message in the chosen language."""
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def resolve_lang(lang: str | None) -> str:
    """Picks the language from the option, the environment, or the default."""
    chosen = (lang or lang_option()).lower()
    if chosen not in ("zh", "en"):
        raise typer.BadParameter(f"--lang must be zh or en, not {chosen!r}")
    return chosen
