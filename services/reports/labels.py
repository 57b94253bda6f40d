"""Words of the gap reports in Chinese and English: rule names, subject kinds, headers."""

from __future__ import annotations

from graph.model import Label
from queries.gap_details import detail
from queries.records import Gap

LANGS = ("zh", "en")

# Every rule's display name, in one place for the CLI, the downloads and the sheets.
RULE_NAMES: dict[str, tuple[str, str]] = {
    "SECRETARY_VACANT": ("书记空缺", "Secretary vacant"),
    "GROUP_LEADER_VACANT": ("党小组组长空缺", "Group leader vacant"),
    "COMMITTEE_REQUIRED": ("应设支委会未设", "Committee required"),
    "COMMITTEE_OVERSIZE": ("支委会超员", "Committee oversize"),
    "NO_LIAISON": ("无联系领导", "No liaison"),
    "LIAISON_INACTIVE": ("联系走访不足", "Liaison inactive"),
    "LEADER_WITHOUT_POINT": ("领导干部无联系点", "Leader without point"),
    "UNIT_UNCOVERED": ("单位未建党组织", "Unit uncovered"),
    "GRID_UNCOVERED": ("网格未覆盖", "Grid cell uncovered"),
    "GRID_LEADER_VACANT": ("网格负责人空缺", "Grid leader vacant"),
    "TERM_EXPIRED": ("任期届满未换届", "Term expired"),
    "BRANCH_TOO_LARGE": ("支部规模过大", "Branch too large"),
    "JOINT_TOO_WIDE": ("联合组建单位过多", "Joint set-up too wide"),
}

SUBJECT_KINDS: dict[str, tuple[str, str]] = {
    Label.ORGANISATION.value: ("党组织", "organisation"),
    Label.PERSON.value: ("人员", "person"),
    Label.UNIT.value: ("单位", "unit"),
    Label.GRID.value: ("网格", "grid cell"),
}

# Columns of a gap row (CSV, sheets, HTML, terminal), and the keys of a JSON gap.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("rule_name", "规则", "Rule"),
    ("rule", "规则代码", "Code"),
    ("subject_id", "对象编号", "Subject id"),
    ("subject_name", "对象名称", "Subject name"),
    ("subject_kind", "对象类型", "Subject kind"),
    ("related_ids", "相关编号", "Related ids"),
    ("related_names", "相关名称", "Related names"),
    ("detail", "说明", "Detail"),
)

WORDS: dict[str, tuple[str, str]] = {
    "title": ("党组织覆盖缺口报告", "Coverage gap report"),
    "scope": ("范围", "Scope"),
    "everything": ("全部", "everything"),
    "day": ("日期", "Day"),
    "generated_at": ("生成时间", "Generated at"),
    "count": ("数量", "Gaps"),
    "total": ("合计", "Total"),
    "summary": ("汇总", "Summary"),
    "none": ("无缺口", "no gaps"),
}


def word(key: str, lang: str) -> str:
    """Returns a report word in the language."""
    return WORDS[key][LANGS.index(lang)]


def rule_name(rule: str, lang: str) -> str:
    """Returns a rule's display name in the language."""
    return RULE_NAMES[rule][LANGS.index(lang)]


def headers(lang: str) -> list[str]:
    """Returns the column headers of a gap row in the language."""
    return [column[1 + LANGS.index(lang)] for column in COLUMNS]


def header(key: str, lang: str) -> str:
    """Returns the header of one column, named by its key, in the language."""
    return next(c[1 + LANGS.index(lang)] for c in COLUMNS if c[0] == key)


def gap_fields(gap: Gap, lang: str) -> dict[str, str]:
    """Returns a gap's row as column key → text, in the language."""
    return {
        "rule_name": rule_name(gap.rule, lang),
        "rule": gap.rule,
        "subject_id": gap.subject.id,
        "subject_name": gap.subject.name,
        "subject_kind": SUBJECT_KINDS[gap.subject.label][LANGS.index(lang)],
        "related_ids": ", ".join(n.id for n in gap.related),
        "related_names": ", ".join(n.name for n in gap.related),
        "detail": detail(gap, lang),
    }


def gap_cells(gap: Gap, lang: str) -> list[str]:
    """Returns a gap's row as cells in column order."""
    return list(gap_fields(gap, lang).values())
