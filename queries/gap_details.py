"""The one-line detail of a gap, in Chinese or English, from the facts its query returned."""

from __future__ import annotations

from domain.tables import ENUMS
from queries.records import Fact, Gap


def _zh(enum: str, value: Fact) -> str:
    return ENUMS[enum].get(str(value), str(value))


def _detail_zh(gap: Gap, f: dict[str, Fact]) -> str:
    s = gap.subject.name
    related = gap.related[0].name if gap.related else "范围外的党组织"
    last = f"（上一任至{f.get('last_end')}）" if f.get("last_end") else ""
    texts = {
        "SECRETARY_VACANT": f"{s}书记空缺{last}",
        "GROUP_LEADER_VACANT": f"{s}党小组组长空缺{last}",
        "COMMITTEE_REQUIRED": f"{s}有正式党员{f.get('members')}名，应设支部委员会，"
        f"但委员仅{f.get('committee')}人（至少{f.get('required')}人）",
        "COMMITTEE_OVERSIZE": f"{s}支部委员会{f.get('committee')}人，超过{f.get('maximum')}人",
        "NO_LIAISON": f"{s}及其上级党组织均无在期联系点",
        "LIAISON_INACTIVE": f"{s}联系{related}（{_zh('liaison_kind', f.get('kind'))}），"
        f"自{f.get('window_start')}起走访{f.get('visits')}次，少于每月{f.get('required')}次",
        "LEADER_WITHOUT_POINT": f"{s}为县处级领导干部，没有在期联系点",
        "UNIT_UNCOVERED": f"{s}有党员{f.get('members')}名，没有党组织与之对应",
        "GRID_UNCOVERED": f"网格{s}没有党组织覆盖",
        "GRID_LEADER_VACANT": f"{_zh('grid_level', f.get('level'))}{s}没有在任的负责人",
        "TERM_EXPIRED": f"{s}本届自{f.get('term_start')}开始，任期{f.get('years')}年，"
        f"已于{f.get('term_end')}届满，应按期换届",
        "BRANCH_TOO_LARGE": f"{s}有正式党员{f.get('members')}名，超过{f.get('maximum')}名",
        "JOINT_TOO_WIDE": f"{s}联合组建涉及{f.get('units')}个单位，超过{f.get('maximum')}个",
    }
    return texts[gap.rule]


def _detail_en(gap: Gap, f: dict[str, Fact]) -> str:
    s = gap.subject.name
    related = gap.related[0].name if gap.related else "an organisation outside the scope"
    last = f" (the last one served until {f.get('last_end')})" if f.get("last_end") else ""
    texts = {
        "SECRETARY_VACANT": f"{s} has no secretary{last}",
        "GROUP_LEADER_VACANT": f"{s} has no group leader{last}",
        "COMMITTEE_REQUIRED": f"{s} has {f.get('members')} full members and needs a committee "
        f"of at least {f.get('required')}, but has {f.get('committee')}",
        "COMMITTEE_OVERSIZE": f"{s} has a committee of {f.get('committee')}, "
        f"more than {f.get('maximum')}",
        "NO_LIAISON": f"no liaison on {s} or on any organisation above it",
        "LIAISON_INACTIVE": f"{s} ({str(f.get('kind')).lower()} liaison) visited {related} "
        f"{f.get('visits')} times since {f.get('window_start')}, fewer than {f.get('required')}",
        "LEADER_WITHOUT_POINT": f"{s} is a county-level leader without a liaison",
        "UNIT_UNCOVERED": f"{s} has {f.get('members')} Party members but no Party organisation",
        "GRID_UNCOVERED": f"grid cell {s} is covered by no organisation",
        "GRID_LEADER_VACANT": f"{str(f.get('level')).lower()} cell {s} has no one in post",
        "TERM_EXPIRED": f"{s}: the {f.get('years')}-year term from {f.get('term_start')} "
        f"ended on {f.get('term_end')}; an election is due",
        "BRANCH_TOO_LARGE": f"{s} has {f.get('members')} full members, "
        f"more than {f.get('maximum')}",
        "JOINT_TOO_WIDE": f"{s} is set up jointly in {f.get('units')} units, "
        f"more than {f.get('maximum')}",
    }
    return texts[gap.rule]


def detail(gap: Gap, lang: str = "zh") -> str:
    """Returns the gap as one human-readable line in Chinese ("zh", default) or English ("en")."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}: use zh or en")
    return (_detail_zh if lang == "zh" else _detail_en)(gap, gap.facts)
