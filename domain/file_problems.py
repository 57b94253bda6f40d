"""Messages of the problems of a whole file or sheet: one that cannot be read, holds no table,
or is refused at an import bound before it is read further (docs/security.md, "Files handed
in")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Reason = Callable[[dict[str, Any], bool], str]


def _unreadable(p: dict[str, Any], zh: bool) -> str:
    reason = p.get("reason", "")
    detail = p.get("detail", "")
    if reason == "not_found":
        return "文件或文件夹不存在" if zh else "no such file or folder"
    if reason == "not_a_dataset":
        return (
            "应为 .xlsx 工作簿或 CSV 文件夹" if zh else "expected an .xlsx workbook or a CSV folder"
        )
    return f"无法读取（{detail}）" if zh else f"cannot be read ({detail})"


def _fixed(zh_text: str, en_text: str) -> Reason:
    return lambda p, zh: (zh_text if zh else en_text).format(**p)


def _over(zh_text: str, en_text: str) -> Reason:
    """A message of a bound passed: what, then the limit and the variable that sets it."""
    zh_text += "，超过上限 {limit}（环境变量 {variable}）"
    en_text += ", over the limit of {limit} ({variable})"
    return lambda p, zh: (zh_text if zh else en_text).format(**_in_sheet(p, zh))


def _in_sheet(p: dict[str, Any], zh: bool) -> dict[str, Any]:
    sheet = p.get("sheet")
    where = "" if not sheet else f"工作表“{sheet}”" if zh else f'sheet "{sheet}" '
    return {**p, "where": where}


FILE_REASONS: dict[str, Reason] = {
    "unreadable_file": _unreadable,
    "duplicate_table": _fixed(
        "与 {other} 是同一张表，请只保留一个", "is the same table as {other}; keep only one"
    ),
    "no_tables": _fixed(
        "没有找到任何已知的表（如 党组织、organisations）",
        "contains none of the expected tables (e.g. organisations, 党组织)",
    ),
    "bad_encoding": _fixed(
        "不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
        'is not UTF-8 text; save it from Excel as "CSV UTF-8 (Comma delimited)"',
    ),
    "file_too_large": _over("文件大小 {size}", "the file is {size}"),
    "unpacked_too_large": _over("解压后的内容过大", "unpacks to too much data"),
    "too_many_entries": _over("压缩包中的文件过多", "holds too many archive entries"),
    "too_many_sheets": _over("工作表过多", "has too many sheets"),
    "too_many_rows": _over("{where}行数过多", "{where}has too many rows"),
    "too_many_columns": _over("{where}列数过多", "{where}has too many columns"),
    "row_too_long": _over(
        "这一行的字符数过多（每列按 1024 个字符计）",
        "this row has too many characters (1,024 a column)",
    ),
    "entry_lies": _fixed(
        "其中的 {entry} 解压后大于压缩目录声明的 {declared} 字节，文件已损坏或被篡改",
        "its entry {entry} unpacks to more than the {declared} bytes its zip directory "
        "declares: the file is damaged or forged",
    ),
    "unsupported_entry": _fixed(
        "其中的 {entry} 已加密或使用了不支持的压缩方式（只接受不压缩或 Deflate）",
        "its entry {entry} is encrypted or compressed other than stored or deflate",
    ),
    "nested_archive": _fixed(
        "其中的 {entry} 本身是压缩文件，不接受压缩包中的压缩包",
        "its entry {entry} is itself an archive; archives inside archives are refused",
    ),
    "xml_entities": _fixed(
        "其中的 {entry} 声明了 DTD 或 XML 实体，不予读取",
        "its entry {entry} declares a DTD or XML entities, which are refused",
    ),
    "sheet_too_large": _fixed(
        "共 {rows} 行，超过 Excel 单表上限 {limit} 行，请导出为 CSV 文件夹",
        "has {rows} rows, over Excel's limit of {limit} per sheet; export to a CSV folder instead",
    ),
}
