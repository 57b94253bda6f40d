"""The exchange format's tables, columns, enums and Chinese names, defined once
(docs/exchange-format.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    """How a cell is parsed."""

    ID = "id"  # the row's own id, unique across the whole dataset
    REF = "ref"  # an id of another row (may be empty unless required)
    TEXT = "text"
    COUNT = "count"  # non-negative integer
    DATE = "date"  # ISO YYYY-MM-DD
    ENUM = "enum"
    PHONE = "phone"  # digits, an optional leading +, spaces or hyphens between
    ID_NUMBER = "id_number"  # a resident identity card number: 17 digits, then a digit or X


@dataclass(frozen=True)
class Column:
    """One column: English name, Chinese header, type, enum name for ENUM columns."""

    name: str
    zh: str
    type: ColumnType
    enum: str | None = None
    required: bool = False
    # Personal data: optional, masked in the API, exported only on request (docs/security.md).
    personal: bool = False


@dataclass(frozen=True)
class Table:
    """One table: English name, Chinese sheet name, columns in order, identity columns."""

    name: str
    zh: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    def column(self, name: str) -> Column:
        """Returns the column with this English name."""
        return next(c for c in self.columns if c.name == name)


# Enum values in canonical (English) form, each with its Chinese alias.
ENUMS: dict[str, dict[str, str]] = {
    "org_kind": {
        "COMMITTEE": "党委",
        "WORKING_COMMITTEE": "党工委",
        "GENERAL_BRANCH": "党总支",
        "BRANCH": "党支部",
        "GROUP": "党小组",
    },
    "domain": {
        "RURAL": "农村",
        "COMMUNITY": "社区",
        "ORGAN": "机关",
        "SOE": "国有企业",
        "NON_PUBLIC": "非公企业",
        "SOCIAL": "社会组织",
        "INSTITUTION": "事业单位",
        "OTHER": "其他",
    },
    "unit_kind": {
        "VILLAGE": "村",
        "COMMUNITY": "社区",
        "ORGAN": "机关",
        "SOE": "国有企业",
        "NON_PUBLIC": "非公企业",
        "SOCIAL": "社会组织",
        "INSTITUTION": "事业单位",
        "OTHER": "其他",
    },
    "form": {"OWN": "单独组建", "JOINT": "联合组建", "ATTACHED": "挂靠"},
    "rank": {"COUNTY": "县处级", "TOWNSHIP": "乡科级", "OTHER": "其他"},
    "role": {
        "SECRETARY": "书记",
        "DEPUTY_SECRETARY": "副书记",
        "ORGANISATION_MEMBER": "组织委员",
        "DISCIPLINE_MEMBER": "纪检委员",
        "PROPAGANDA_MEMBER": "宣传委员",
        "COMMITTEE_MEMBER": "委员",
        "GROUP_LEADER": "党小组组长",
        "FIRST_SECRETARY": "第一书记",
        "GRID_LEADER": "网格长",
        "BUILDING_LEADER": "楼栋长",
    },
    "grid_level": {
        "STREET": "街道",
        "COMMUNITY": "社区",
        "GRID": "网格",
        "BUILDING": "楼栋",
        "TOWNSHIP": "乡镇",
        "VILLAGE": "村",
        "VILLAGE_GROUP": "村民小组",
        "HOUSEHOLD": "户",
    },
    "liaison_kind": {"SECTOR": "分片联系", "POINT": "联系点", "VILLAGE": "包村", "OTHER": "其他"},
    "visit_kind": {"GUIDANCE": "指导", "LECTURE": "党课", "INVESTIGATION": "调研", "OTHER": "其他"},
}

ORGANISATION_ROLES = frozenset(
    {
        "SECRETARY",
        "DEPUTY_SECRETARY",
        "ORGANISATION_MEMBER",
        "DISCIPLINE_MEMBER",
        "PROPAGANDA_MEMBER",
        "COMMITTEE_MEMBER",
        "GROUP_LEADER",
        "FIRST_SECRETARY",
    }
)
GRID_ROLES = frozenset({"GRID_LEADER", "BUILDING_LEADER"})
COMMITTEE_ROLES = frozenset(
    {
        "SECRETARY",
        "DEPUTY_SECRETARY",
        "ORGANISATION_MEMBER",
        "DISCIPLINE_MEMBER",
        "PROPAGANDA_MEMBER",
        "COMMITTEE_MEMBER",
    }
)

# Which parent kinds each organisation kind may sit under; None stands for "no parent (a root)".
ALLOWED_PARENT_KINDS: dict[str, frozenset[str | None]] = {
    "GROUP": frozenset({"BRANCH"}),
    "BRANCH": frozenset({"COMMITTEE", "WORKING_COMMITTEE", "GENERAL_BRANCH"}),
    "GENERAL_BRANCH": frozenset({"COMMITTEE", "WORKING_COMMITTEE"}),
    "COMMITTEE": frozenset({"COMMITTEE", "WORKING_COMMITTEE", None}),
    "WORKING_COMMITTEE": frozenset({"COMMITTEE", "WORKING_COMMITTEE", None}),
}

# Which roles a post may hold on each kind of target.
ROLES_BY_TARGET = {"organisations": ORGANISATION_ROLES, "grids": GRID_ROLES}

DEFAULT_VISITS_PER_MONTH = 2

C = Column
T = ColumnType

TABLES: tuple[Table, ...] = (
    Table(
        "organisations",
        "党组织",
        (
            C("id", "组织编码", T.ID, required=True),
            C("name", "组织名称", T.TEXT, required=True),
            C("kind", "组织类别", T.ENUM, "org_kind", required=True),
            C("domain", "所属领域", T.ENUM, "domain"),
            C("parent_id", "上级组织编码", T.REF),
            C("full_members", "正式党员数", T.COUNT),
            C("probationary_members", "预备党员数", T.COUNT),
            C("term_start", "本届开始日期", T.DATE),
            # The first day it exists (empty: since always) and the first day it no longer does
            # (empty: it still exists); name, kind and parent are its latest (docs/model.md).
            C("founded", "成立日期", T.DATE),
            C("dissolved", "撤销日期", T.DATE),
        ),
        ("id",),
    ),
    Table(
        "organisation_history",
        "组织沿革",
        (
            # Up to and including `until`, the organisation had this name, kind and parent.
            C("organisation_id", "组织编码", T.REF, required=True),
            C("until", "截止日期", T.DATE, required=True),
            C("name", "组织名称", T.TEXT, required=True),
            C("kind", "组织类别", T.ENUM, "org_kind", required=True),
            C("parent_id", "上级组织编码", T.REF),
        ),
        ("organisation_id", "until"),
    ),
    Table(
        "units",
        "单位",
        (
            C("id", "单位编码", T.ID, required=True),
            C("name", "单位名称", T.TEXT, required=True),
            C("kind", "单位类别", T.ENUM, "unit_kind"),
            C("party_members", "党员数", T.COUNT),
            C("area_id", "属地组织编码", T.REF),
        ),
        ("id",),
    ),
    Table(
        "org_units",
        "组织单位",
        (
            C("organisation_id", "组织编码", T.REF, required=True),
            C("unit_id", "单位编码", T.REF, required=True),
            C("form", "组建形式", T.ENUM, "form"),
        ),
        ("organisation_id", "unit_id"),
    ),
    Table(
        "people",
        "人员",
        (
            C("id", "人员编码", T.ID, required=True),
            C("name", "姓名", T.TEXT, required=True),
            C("rank", "职级", T.ENUM, "rank"),
            C("home_id", "所在组织编码", T.REF),
            C("phone", "联系电话", T.PHONE, personal=True),
            C("id_number", "身份证号", T.ID_NUMBER, personal=True),
        ),
        ("id",),
    ),
    Table(
        "posts",
        "职务",
        (
            C("person_id", "人员编码", T.REF, required=True),
            C("target_id", "任职对象编码", T.REF, required=True),
            C("role", "职务", T.ENUM, "role", required=True),
            C("start", "开始日期", T.DATE),
            C("end", "结束日期", T.DATE),
        ),
        ("person_id", "target_id", "role", "start"),
    ),
    Table(
        "grids",
        "网格",
        (
            C("id", "网格编码", T.ID, required=True),
            C("name", "网格名称", T.TEXT, required=True),
            C("level", "网格层级", T.ENUM, "grid_level", required=True),
            C("parent_id", "上级网格编码", T.REF),
            C("area_id", "属地组织编码", T.REF),
        ),
        ("id",),
    ),
    Table(
        "grid_coverage",
        "网格覆盖",
        (
            C("organisation_id", "组织编码", T.REF, required=True),
            C("grid_id", "网格编码", T.REF, required=True),
        ),
        ("organisation_id", "grid_id"),
    ),
    Table(
        "liaisons",
        "联系点",
        (
            C("person_id", "人员编码", T.REF, required=True),
            C("organisation_id", "联系组织编码", T.REF, required=True),
            C("kind", "联系类型", T.ENUM, "liaison_kind", required=True),
            C("start", "开始日期", T.DATE),
            C("end", "结束日期", T.DATE),
            C("visits_per_month", "每月走访次数", T.COUNT),
        ),
        ("person_id", "organisation_id", "kind", "start"),
    ),
    Table(
        "visits",
        "走访记录",
        (
            C("person_id", "人员编码", T.REF, required=True),
            C("organisation_id", "走访组织编码", T.REF, required=True),
            C("date", "日期", T.DATE, required=True),
            C("kind", "走访类型", T.ENUM, "visit_kind"),
        ),
        ("person_id", "organisation_id", "date", "kind"),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
PERSONAL_COLUMNS = frozenset(c.name for t in TABLES for c in t.columns if c.personal)


def exported_tables(*, personal: bool) -> tuple[Table, ...]:
    """Returns the tables as an export writes them: without the personal columns unless asked."""
    if personal:
        return TABLES
    return tuple(
        Table(t.name, t.zh, tuple(c for c in t.columns if not c.personal), t.key) for t in TABLES
    )


# Which table each REF column points into ("target_id" may be an organisation or a grid).
REF_TARGETS: dict[tuple[str, str], tuple[str, ...]] = {
    ("organisations", "parent_id"): ("organisations",),
    ("organisation_history", "organisation_id"): ("organisations",),
    ("organisation_history", "parent_id"): ("organisations",),
    ("units", "area_id"): ("organisations",),
    ("org_units", "organisation_id"): ("organisations",),
    ("org_units", "unit_id"): ("units",),
    ("people", "home_id"): ("organisations",),
    ("posts", "person_id"): ("people",),
    ("posts", "target_id"): ("organisations", "grids"),
    ("grids", "parent_id"): ("grids",),
    ("grids", "area_id"): ("organisations",),
    ("grid_coverage", "organisation_id"): ("organisations",),
    ("grid_coverage", "grid_id"): ("grids",),
    ("liaisons", "person_id"): ("people",),
    ("liaisons", "organisation_id"): ("organisations",),
    ("visits", "person_id"): ("people",),
    ("visits", "organisation_id"): ("organisations",),
}

# The two endpoints of each relationship table, in (start, end) order.
REL_ENDPOINTS: dict[str, tuple[str, str]] = {
    "org_units": ("organisation_id", "unit_id"),
    "grid_coverage": ("organisation_id", "grid_id"),
    "posts": ("person_id", "target_id"),
    "liaisons": ("person_id", "organisation_id"),
    "visits": ("person_id", "organisation_id"),
}

# Periods whose start must not come after their end.
PERIOD_TABLES = frozenset({"posts", "liaisons"})
