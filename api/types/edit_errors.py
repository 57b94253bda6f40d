"""How a refused edit reads: the importer's messages where they fit, a few of its own otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.errors import ApiError
from domain.problems import TABLE_NOUNS, Problem, enum_text
from domain.refusals import EditRefused, Refusal
from domain.tables import ENUMS, TABLES_BY_NAME

Render = Callable[[dict[str, Any], bool], str]


def _columns(table: str, columns: list[str], zh: bool) -> str:
    spec = TABLES_BY_NAME[table]
    names = [spec.column(c).zh if zh else _camel(c) for c in columns]
    return ("、" if zh else ", ").join(names)


def _row(p: dict[str, Any], zh: bool, table: str) -> tuple[str, str]:
    spec = TABLES_BY_NAME[table]
    return (spec.zh if zh else table), _columns(table, p["key"], zh)


def _id_taken(p: dict[str, Any], zh: bool) -> str:
    noun = TABLE_NOUNS[p["found"]][0 if zh else 1]
    return f"该编码已被{noun}使用" if zh else f"this id is already used by a {noun}"


def _bad_child_kind(p: dict[str, Any], zh: bool) -> str:
    kind, child = enum_text("org_kind", p["kind"], zh), enum_text("org_kind", p["child_kind"], zh)
    if zh:
        return f"下级组织 {p['child']} 是{child}，其上级不能是{kind}"
    return f"its child {p['child']} is a {child}, which cannot sit under a {kind}"


def _stale(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"已被他人修改（当前版本 {p['current']}，提交的版本 {p['expected']}），请刷新后重试"
    return f"changed meanwhile (now version {p['current']}, not {p['expected']}); reload and retry"


def _out_of_scope(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"超出权限范围：只能修改 {p['scope']} 及其下级"
    return f"outside your scope: you may only edit {p['scope']} and what is below it"


def _post_taken(p: dict[str, Any], zh: bool) -> str:
    holder = p["holder"]  # None: someone outside the editor's scope, who stays unnamed
    if zh:
        who = f"{holder} " if holder else "已有人"
        return f"{who}在此期间已担任该职务，请先结束其任职"
    who = holder or "someone"
    return f"{who} holds this post during that period; end that post first"


def _scope_top_kind(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"不能修改权限范围顶层组织 {p['scope']} 的类别，请由上级组织的管理员修改"
    return (
        f"the kind of {p['scope']}, the top of your scope, can only be changed by someone "
        "whose scope includes the organisation above it"
    )


def _effective_too_early(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return (f"生效日期 {p['effective']} 必须晚于 {p['start']}：当前的名称、类别和上级自该日起"
                "生效，更早的沿革请通过导入修改")  # fmt: skip
    return (
        f"the effective date {p['effective']} must come after {p['start']}, the day the current "
        "name, kind and parent took effect; an earlier past is changed by a load"
    )


def _effective_after_dissolved(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"生效日期 {p['effective']} 必须早于撤销日期 {p['dissolved']}"
    return (
        f"the effective date {p['effective']} must come before the organisation was dissolved "
        f"on {p['dissolved']}"
    )


def _nothing_takes_effect(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"给出了生效日期 {p['effective']}，但名称、类别和上级都没有改变"
    return f"the effective date {p['effective']} needs a new name, kind or parent to take effect"


def _dissolved_too_early(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"必须晚于 {p['start']}（当前的名称、类别和上级自该日起生效）"
    return f"must come after {p['start']}, the day the current name, kind and parent took effect"


# What keeps an organisation from being dissolved: (Chinese, English) text around the list, and
# the enum its items' detail is in.
_BLOCKERS: dict[str, tuple[str, str, str | None]] = {
    "organisations": ("该日及以后仍有下级组织：{}，请先撤销或移走",
                      "it still has child organisations on or after that day: {}; dissolve or "
                      "move them first", None),
    "posts": ("该日及以后仍有任职：{}，请先结束这些任职",
              "posts are held in it on or after that day: {}; end them first", "role"),
    "liaisons": ("该日及以后仍有联系人：{}，请先结束这些联系",
                 "liaisons with it hold on or after that day: {}; end them first",
                 "liaison_kind"),
    "visits": ("该日及以后仍有走访记录：{}，请选择更晚的撤销日期",
               "visits to it are recorded on or after that day: {}; choose a later day", None),
}  # fmt: skip


def _item(item: list[Any], enum: str | None, zh: bool) -> str:
    """One thing named in a refusal: id, name and (role, kind or day) in brackets."""
    item_id, name, detail = item
    if detail is None:
        return f"{item_id} {name}"
    extra = enum_text(enum, detail, zh) if enum else detail
    return f"{item_id} {name}（{extra}）" if zh else f"{item_id} {name} ({extra})"


def _dissolve_blocked(p: dict[str, Any], zh: bool) -> str:
    zh_text, en_text, enum = _BLOCKERS[p["blocker"]]
    listed = ("、" if zh else ", ").join(_item(i, enum, zh) for i in p["items"])
    more = p["more"]
    if more and listed:
        listed += f" 及另外 {more} 项" if zh else f" and {more} more"
    elif more:
        listed = f"{more} 项（不在您的权限范围内）" if zh else f"{more} outside your scope"
    return (zh_text if zh else en_text).format(listed)


def _breaks_rule_of(p: dict[str, Any], zh: bool) -> str:
    inner = Problem("", 0, "", "", p["code"], p["detail"]).message("zh" if zh else "en")
    inner = inner.lstrip("：: ")
    org, name = p["organisation"], p["name"]
    if zh:
        who = ("下级组织 " if p["child"] else "组织 ") + org + (f"（{name}）" if name else "")
        return f"{who}：{inner}"
    who = ("its child " if p["child"] else "organisation ") + org + (f" ({name})" if name else "")
    return f"{who}: {inner}"


def _scope_top_dissolve(p: dict[str, Any], zh: bool) -> str:
    if zh:
        return f"不能撤销权限范围顶层组织 {p['scope']}，请由上级组织的管理员撤销"
    return (
        f"{p['scope']}, the top of your scope, can only be dissolved by someone whose scope "
        "includes the organisation above it"
    )


# Messages of refusals the importer never makes; every other reason is a domain.problems code.
_OWN: dict[str, Callable[[EditRefused, bool], str]] = {
    "id_taken": lambda e, zh: _id_taken(e.params, zh),
    "bad_child_kind": lambda e, zh: _bad_child_kind(e.params, zh),
    "stale_version": lambda e, zh: _stale(e.params, zh),
    "out_of_scope": lambda e, zh: _out_of_scope(e.params, zh),
    "row_exists": lambda e, zh: (
        "已有相同的{0}记录（{1}相同）" if zh else "a {0} row with the same {1} already exists"
    ).format(*_row(e.params, zh, e.table)),
    "no_such_row": lambda e, zh: (
        "找不到该{0}记录（按{1}）" if zh else "no {0} row has this {1}"
    ).format(*_row(e.params, zh, e.table)),
    "read_only": lambda e, zh: "只读权限不能修改数据" if zh else "a viewer cannot change data",
    "post_taken": lambda e, zh: _post_taken(e.params, zh),
    "id_unavailable": lambda e, zh: (
        "该编码不可用，请换一个编码" if zh else "this id is not available; choose another"
    ),
    "scope_top_kind": lambda e, zh: _scope_top_kind(e.params, zh),
    "effective_too_early": lambda e, zh: _effective_too_early(e.params, zh),
    "effective_after_dissolved": lambda e, zh: _effective_after_dissolved(e.params, zh),
    "nothing_takes_effect": lambda e, zh: _nothing_takes_effect(e.params, zh),
    "dissolved_too_early": lambda e, zh: _dissolved_too_early(e.params, zh),
    "dissolve_blocked": lambda e, zh: _dissolve_blocked(e.params, zh),
    "breaks_rule_of": lambda e, zh: _breaks_rule_of(e.params, zh),
    "scope_top_dissolve": lambda e, zh: _scope_top_dissolve(e.params, zh),
}


def _camel(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(w.title() for w in rest)


def _where(refused: EditRefused, zh: bool) -> str:
    """Names the argument a refusal is about: its Chinese column name, or its GraphQL name."""
    if not refused.column:
        return ""
    spec = TABLES_BY_NAME[refused.table]
    return spec.column(refused.column).zh if zh else _camel(refused.column)


def _value(refused: EditRefused, zh: bool) -> str:
    """Shows the refused value; enum values by their Chinese alias in Chinese text."""
    enum = TABLES_BY_NAME[refused.table].column(refused.column).enum if refused.column else None
    if enum is None or refused.value not in ENUMS[enum]:
        return refused.value
    return enum_text(enum, refused.value, zh)


def message(refused: EditRefused, lang: str = "zh") -> str:
    """Renders a refusal as one line, in Chinese unless lang is "en"."""
    zh = lang != "en"
    where, value = _where(refused, zh), _value(refused, zh)
    own = _OWN.get(refused.reason)
    if own is None:  # the importer's own wording, located by argument instead of file and row
        problem = Problem(where, 0, "", value, refused.reason, refused.params)
        return problem.message("zh" if zh else "en").lstrip("：: ")
    if not where:
        return own(refused, zh)
    shown = "" if not value else f" 值“{value}”" if zh else f', value "{value}"'
    return f"{where}{shown}{'：' if zh else ': '}{own(refused, zh)}"


class EditError(ApiError):
    """A refused edit as the client sees it: a message and extensions.code."""

    def __init__(self, text: str, code: str) -> None:
        super().__init__(text)
        self.code = code
        # GraphQL copies `extensions` from the error a resolver raises, with or without the
        # schema's error extension in place.
        self.extensions = {"code": code}


# The GraphQL code of each kind of refusal.
CODES: dict[Refusal, str] = {
    Refusal.INVALID: "BAD_USER_INPUT",
    Refusal.NOT_FOUND: "NOT_FOUND",
    Refusal.CONFLICT: "CONFLICT",
    Refusal.FORBIDDEN: "FORBIDDEN",
}


def edit_error(refused: EditRefused, lang: str = "zh") -> EditError:
    """Turns a refusal into a client error with its GraphQL code."""
    return EditError(message(refused, lang), CODES[refused.refusal])


def forbidden(lang: str = "zh") -> EditError:
    """The error of a token that may not edit at all."""
    return edit_error(EditRefused(Refusal.FORBIDDEN, "read_only"), lang)
