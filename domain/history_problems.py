"""Messages of the checks on the history of the organisations (docs/exchange-format.md,
"History checks"): each names the day on which the rule breaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Reason = Callable[[dict[str, Any], bool], str]


def on_day(p: dict[str, Any], zh: bool, text: str) -> str:
    """Prefixes a reason with the day it holds on, when the problem has one (a rule broken on
    every day since always names no day, as before the history existed)."""
    day = p.get("day")
    if not day:
        return text
    return f"{day} 这一天{text}" if zh else f"on {day}, {text}"


def _dated(zh_text: str, en_text: str) -> Reason:
    return lambda p, zh: on_day(p, zh, (zh_text if zh else en_text).format(**p))


HISTORY_REASONS: dict[str, Reason] = {
    "dissolved_not_after_founded": lambda p, zh: (
        f"撤销日期必须晚于成立日期 {p['founded']}"
        if zh
        else f"must come after the founding date {p['founded']}"
    ),
    "parent_not_founded": _dated(
        "上级组织 {parent} 尚未成立（成立于 {founded}）",
        "the parent organisation {parent} does not exist yet (founded {founded})",
    ),
    "parent_dissolved": _dated(
        "上级组织 {parent} 已撤销（撤销于 {dissolved}）",
        "the parent organisation {parent} no longer exists (dissolved {dissolved})",
    ),
    "organisation_not_founded": _dated(
        "组织 {organisation} 尚未成立（成立于 {founded}）",
        "the organisation {organisation} does not exist yet (founded {founded})",
    ),
    "organisation_dissolved": _dated(
        "组织 {organisation} 已撤销（撤销于 {dissolved}）",
        "the organisation {organisation} no longer exists (dissolved {dissolved})",
    ),
}
