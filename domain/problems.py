"""Problems found in a dataset, and the one-line messages (Chinese or English) that name them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.file_problems import FILE_REASONS
from domain.history_problems import HISTORY_REASONS, on_day
from domain.tables import ENUMS

DEFAULT_LIMIT = 200

# How an enum is named in a message: (Chinese, English).
ENUM_LABELS: dict[str, tuple[str, str]] = {
    "org_kind": ("组织类别", "organisation kind"),
    "domain": ("所属领域", "domain"),
    "unit_kind": ("单位类别", "unit kind"),
    "form": ("组建形式", "form"),
    "rank": ("职级", "rank"),
    "role": ("职务", "role"),
    "grid_level": ("网格层级", "grid level"),
    "liaison_kind": ("联系类型", "liaison kind"),
    "visit_kind": ("走访类型", "visit kind"),
}

# How a row of each referenced table is named in a message: (Chinese, English).
TABLE_NOUNS: dict[str, tuple[str, str]] = {
    "organisations": ("党组织", "organisation"),
    "units": ("单位", "unit"),
    "people": ("人员", "person"),
    "grids": ("网格", "grid cell"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located as the user sees it (file or sheet, row, column)."""

    source: str  # file or sheet name as the user wrote it
    line: int  # row number as a spreadsheet shows it (header = 1); 0 for a whole file or sheet
    column: str  # header as the user wrote it, or ""
    value: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def message(self, lang: str = "zh") -> str:
        """Renders the problem as one line naming where it is and what is wrong."""
        zh = lang == "zh"
        # A cell may hold a line break or a control character; the message stays one line.
        return visible(f"{_location(self, zh)}{'：' if zh else ': '}{_reason(self, zh)}")

    def reason(self, lang: str = "zh") -> str:
        """Renders what is wrong without where: a note on the cell itself needs no location."""
        return visible(_reason(self, lang == "zh"))


class DatasetError(Exception):
    """Raised when a dataset cannot be used; carries the first problems and the total count."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__(self.report("zh"))

    def headline(self, lang: str = "zh") -> str:
        """Returns a one-line summary: how many problems, and the first one."""
        first = self.problems[0].message(lang) if self.problems else ""
        if lang == "zh":
            return f"数据有 {self.total} 个问题，第一个：{first}"
        return f"the dataset has {self.total} problem(s); first: {first}"

    def report(self, lang: str = "zh", first: int | None = None) -> str:
        """Renders the (first) problems one per line, then how many more were left out."""
        shown = self.problems if first is None else self.problems[:first]
        lines = [p.message(lang) for p in shown]
        more = self.total - len(shown)
        if more > 0:
            lines.append(f"… 另有 {more} 个问题" if lang == "zh" else f"… and {more} more")
        return "\n".join(lines)


def raise_if_any(problems: Sequence[Problem], *, limit: int | None = DEFAULT_LIMIT) -> None:
    """Raises DatasetError with at most `limit` problems (all with None) when there are any."""
    if problems:
        raise DatasetError(problems[:limit], total=len(problems))


def visible(text: str) -> str:
    """Returns text with control characters escaped (a newline as \\n): one line, all shown."""
    return text.translate(_CONTROL_ESCAPES)


_CONTROL_ESCAPES = {c: repr(chr(c))[1:-1] for c in (*range(32), 127)}


def _location(p: Problem, zh: bool) -> str:
    parts = [p.source]
    if zh:
        parts += [f"第{p.line}行"] if p.line else []
        parts += [f"“{p.column}”"] if p.column else []
        parts += [f"值“{p.value}”"] if p.value else []
        return " ".join(parts)
    where = f"{p.source} row {p.line}" if p.line else p.source
    parts = [where] + ([f'column "{p.column}"'] if p.column else [])
    parts += [f'value "{p.value}"'] if p.value else []
    return ", ".join(parts)


def _reason(p: Problem, zh: bool) -> str:
    render = _REASONS.get(p.code)
    if render is None:
        return p.code
    return render(p.params, zh)


def enum_text(enum: str, value: str | None, zh: bool) -> str:
    """Returns an enum value as a message shows it: its Chinese alias or its English name."""
    if value is None:
        return "无" if zh else "none"
    return ENUMS[enum].get(value, value) if zh else value


def _choices(enum: str, values: Sequence[str | None], zh: bool) -> str:
    return ("、" if zh else ", ").join(enum_text(enum, v, zh) for v in values)


def _nouns(tables: Sequence[str], zh: bool) -> str:
    return ("或" if zh else " or ").join(TABLE_NOUNS.get(t, (t, t))[0 if zh else 1] for t in tables)


def _unknown_enum(p: dict[str, Any], zh: bool) -> str:
    enum = p["enum"]
    label = ENUM_LABELS[enum][0 if zh else 1]
    choices = _choices(enum, list(ENUMS[enum]), zh)
    return (
        f"不是有效的{label}（可选：{choices}）" if zh else f"not a valid {label} (one of {choices})"
    )


def _bad_parent_kind(p: dict[str, Any], zh: bool) -> str:
    return on_day(p, zh, _parent_kind_text(p, zh))


def _parent_kind_text(p: dict[str, Any], zh: bool) -> str:
    kind = enum_text("org_kind", p["kind"], zh)
    allowed = [k for k in p["allowed"] if k is not None]
    choices = _choices("org_kind", allowed, zh)
    if p["parent_kind"] is None:
        return (
            f"{kind}必须有上级组织（可以是：{choices}）"
            if zh
            else (f"a {kind} must have a parent organisation (one of {choices})")
        )
    parent = enum_text("org_kind", p["parent_kind"], zh)
    return (
        f"{kind}的上级不能是{parent}（可以是：{choices}）"
        if zh
        else (f"a {kind} cannot sit under a {parent} (allowed: {choices})")
    )


def _cycle(p: dict[str, Any], zh: bool) -> str:
    links = " → ".join(p["cycle"])
    text = f"上级关系形成循环：{links}" if zh else f"the parent links form a cycle: {links}"
    return on_day(p, zh, text)


def _role_target_mismatch(p: dict[str, Any], zh: bool) -> str:
    role, target = enum_text("role", p["role"], zh), _nouns([p["target"]], zh)
    choices = _choices("role", p["allowed"], zh)
    return (
        f"职务“{role}”不能设在{target}上（可用：{choices}）"
        if zh
        else (f"the role {role} does not fit a {target} (allowed: {choices})")
    )


def _wrong_reference(p: dict[str, Any], zh: bool) -> str:
    found, wanted = _nouns([p["found"]], zh), _nouns(p["targets"], zh)
    return f"该编码是{found}，不是{wanted}" if zh else f"this id is a {found}, not a {wanted}"


def _bad_post_target(p: dict[str, Any], zh: bool) -> str:
    found = _nouns([p["found"]], zh)
    return (
        f"任职对象必须是党组织或网格，该编码是{found}"
        if zh
        else (f"a post must be held in an organisation or a grid cell; this id is a {found}")
    )


def _fixed(zh_text: str, en_text: str) -> Callable[[dict[str, Any], bool], str]:
    return lambda p, zh: (zh_text if zh else en_text).format(**p)


_REASONS: dict[str, Callable[[dict[str, Any], bool], str]] = {
    "unknown_enum": _unknown_enum,
    "bad_parent_kind": _bad_parent_kind,
    "role_target_mismatch": _role_target_mismatch,
    "wrong_reference": _wrong_reference,
    "bad_post_target": _bad_post_target,
    "missing_reference": lambda p, zh: (
        f"找不到该编码的{_nouns(p['targets'], zh)}"
        if zh
        else f"no {_nouns(p['targets'], zh)} has this id"
    ),
    "cycle": _cycle,
    "duplicate_id": _fixed(
        "编码重复，已在 {first_source} 第{first_line}行 使用",
        "duplicate id, already used in {first_source} row {first_line}",
    ),
    "duplicate_key": _fixed(
        "与 {first_source} 第{first_line}行 重复（{key}相同）",
        "repeats {first_source} row {first_line} (same {key})",
    ),
    "required": _fixed("必填项为空", "is required but empty"),
    "bad_date": _fixed(
        "不是有效日期（应为 YYYY-MM-DD，如 2024-03-01）",
        "not a valid date (expected YYYY-MM-DD, e.g. 2024-03-01)",
    ),
    "start_after_end": _fixed("结束日期早于开始日期 {start}", "ends before its start {start}"),
    "bad_phone": _fixed(
        "不是有效的电话号码（数字，可带开头的 + 和空格、连字符）",
        "not a valid phone number (digits, an optional leading +, spaces or hyphens)",
    ),
    "bad_id_number": _fixed(
        "不是有效的身份证号（18 位，前 17 位为数字，最后一位为数字或 X）",
        "not a valid identity card number (18 characters: 17 digits, then a digit or X)",
    ),
    "negative_count": _fixed("不能为负数", "must not be negative"),
    "not_a_count": _fixed("应为非负整数", "must be a whole number (0 or more)"),
    "count_too_large": _fixed("数值过大（最多 {max}）", "is too large (at most {max})"),
    "too_long": _fixed("内容过长（最多 {max} 个字符）", "is too long (at most {max} characters)"),
    "missing_column": _fixed("缺少此必填列", "required column is missing"),
    "no_header": _fixed(
        "前 {rows} 行中找不到表头（应有“{example}”等列名）",
        "no header row in the first {rows} rows (expected column names such as {example})",
    ),
    "duplicate_column": _fixed("与前面的列“{other}”重复", 'repeats the column "{other}"'),
    "formula": _fixed(
        "会被电子表格当作公式执行（以 =、+、-、@ 开头），请删去开头的符号",
        "would run as a spreadsheet formula (it starts with =, +, - or @); remove that sign",
    ),
    **FILE_REASONS,
    **HISTORY_REASONS,
}
