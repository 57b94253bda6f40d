"""Organs, state-owned and non-public enterprises, social organisations, schools and hospitals."""

from __future__ import annotations

from services.demo import names
from services.demo.builder import Area, Builder

GENERIC_PARTS = ("办公室", "业务一处", "业务二处", "机关服务中心", "离退休干部")
SCHOOL_PARTS = ("高中部", "初中部", "小学部", "行政后勤", "退休教师")
COUNTY_SCHOOLS = names.SCHOOLS
CITY_SCHOOLS = (
    "第一中学",
    "第二中学",
    "第三中学",
    "实验中学",
    "外国语学校",
    "职业技术学院",
    "技师学院",
)
PROVINCE_SCHOOLS = (
    "师范大学",
    "理工大学",
    "农业大学",
    "医科大学",
    "职业技术学院",
    "财经学院",
    "艺术学院",
)


def system(b: Builder, area: Area, name: str, kind: str, domain: str) -> str:
    """Adds a county-wide system committee (机关工委, 综合党委, 系统党委) with its cadres."""
    org = b.org(f"{area.prefix}{name}", kind, domain, area.root)
    b.leadership(org, b.people(org.id, b.rng.randint(3, 6), area.cadre_rank))
    area.systems.append(org.id)
    return org.id


def organs(
    b: Builder, area: Area, count: int, sizes: tuple[int, int], head_rank: str | None
) -> None:
    """Adds the organ working committee and one branch or committee per department."""
    parent = system(b, area, "直机关工委", "WORKING_COMMITTEE", "ORGAN")
    departments = list(names.DEPARTMENTS)
    b.rng.shuffle(departments)
    chosen = departments[: max(0, count - len(names.BIG_DEPARTMENTS))]
    for dept in chosen:
        if sizes[0] >= 15 and b.rng.random() < 0.4:  # city and province departments run 机关党委
            _department(b, area, parent, dept, GENERIC_PARTS, sizes)
            continue
        branch = b.branch(
            f"{area.prefix}{dept}机关党支部", "ORGAN", parent, b.size(*sizes), head_rank=head_rank
        )
        b.unit(f"{area.prefix}{dept}", "ORGAN", len(branch.members), area.root, branch.id)
        area.organ_staff.extend(branch.members[1:4])
        if b.rng.random() < 0.15:
            area.points.append(branch.id)
    for dept, parts in names.BIG_DEPARTMENTS.items():
        _department(b, area, parent, dept, parts, sizes)


def _department(
    b: Builder, area: Area, parent: str, dept: str, parts: tuple[str, ...], sizes: tuple[int, int]
) -> None:
    """Adds a large department as a committee over one branch per section."""
    org = b.org(f"{area.prefix}{dept}党委", "COMMITTEE", "ORGAN", parent)
    total = 0
    for part in parts:
        branch = b.branch(f"{area.prefix}{dept}{part}党支部", "ORGAN", org.id, b.size(*sizes))
        total += len(branch.members)
        area.organ_staff.extend(branch.members[1:3])
        if part == parts[0]:
            b.leadership(org, branch.members[:5])
    b.unit(f"{area.prefix}{dept}", "ORGAN", total, area.root, org.id)


def soes(b: Builder, area: Area, count: int) -> None:
    """Adds state-owned enterprise committees, each over a few branches."""
    for soe in b.rng.sample(names.SOES, min(count, len(names.SOES))):
        org = b.org(f"{area.prefix}{soe}党委", "COMMITTEE", "SOE", area.root)
        b.leadership(org, b.people(org.id, b.rng.randint(4, 6)))
        total = 0
        for part in b.rng.sample(names.SOE_PARTS, b.rng.randint(3, 6)):
            total += len(
                b.branch(f"{area.prefix}{soe}{part}党支部", "SOE", org.id, b.size(8, 35)).members
            )
        b.unit(f"{area.prefix}{soe}", "SOE", total, area.root, org.id)
        area.points.append(org.id)


def firm_branch(b: Builder, area: Area, parent: str, location: str) -> None:
    """Adds a non-public firm with its own branch; about 5 % are blank spots with none."""
    name = names.firm(b.rng)
    size = b.size(3, 15)
    if b.rng.random() < 0.05:
        b.unit(name, "NON_PUBLIC", size, location)
        return
    branch = b.branch(f"{name}党支部", "NON_PUBLIC", parent, size)
    b.unit(name, "NON_PUBLIC", size, location, branch.id)
    if b.rng.random() < 0.2:
        area.points.append(branch.id)


def township_firms(b: Builder, area: Area, parent: str, count: int) -> None:
    """Adds firms whose branches a township or street manages directly."""
    for _ in range(count):
        firm_branch(b, area, parent, parent)


def non_public(b: Builder, area: Area, own: int, joint: int) -> None:
    """Adds the non-public sector: own, joint and attached branches, and some firms left out."""
    rng = b.rng
    parent = system(b, area, "非公有制经济组织综合党委", "COMMITTEE", "NON_PUBLIC")
    for _ in range(own):
        firm_branch(b, area, parent, rng.choice(area.sectors or [area.root]))
    for _ in range(rng.randint(1, 2)):
        _firm_committee(b, area, parent)
    hosts = [parent] + [_joint_branch(b, area, parent, i + 1) for i in range(joint)]
    for _ in range(rng.randint(3, 8)):  # tiny firms attached to a neighbouring organisation
        b.unit(
            names.firm(rng),
            "NON_PUBLIC",
            rng.randint(1, 2),
            rng.choice(area.sectors or [area.root]),
            rng.choice(hosts),
            "ATTACHED",
        )
    for _ in range(rng.randint(4, 9)):  # newly registered firms not organised yet: blank spots
        b.unit(names.firm(rng), "NON_PUBLIC", rng.randint(3, 10), rng_location(b, area))
    for _ in range(rng.randint(3, 8)):  # firms with too few members to need a branch
        b.unit(
            names.firm(rng),
            "NON_PUBLIC",
            rng.randint(0, 2),
            rng.choice(area.sectors or [area.root]),
        )


def _firm_committee(b: Builder, area: Area, parent: str) -> None:
    """Adds a large firm running its own committee over departmental branches."""
    name = names.firm(b.rng)
    org = b.org(f"{name}党委", "COMMITTEE", "NON_PUBLIC", parent)
    total = 0
    for part in b.rng.sample(names.FIRM_PARTS, b.rng.randint(2, 4)):
        branch = b.branch(f"{name}{part}党支部", "NON_PUBLIC", org.id, b.size(6, 30))
        total += len(branch.members)
        if total == len(branch.members):
            b.leadership(org, branch.members[:5])
    b.unit(name, "NON_PUBLIC", total, rng_location(b, area), org.id)


def _joint_branch(b: Builder, area: Area, parent: str, n: int) -> str:
    """Adds a joint branch over two to six small firms; six is over the limit, as happens."""
    rng = b.rng
    firms = 6 if rng.random() < 0.2 else rng.randint(2, 5)
    counts = [rng.randint(1, 3) for _ in range(firms)]
    park = rng.choice(names.PARK_WORDS)
    branch = b.branch(
        f"{park}第{names.numeral(n)}联合党支部", "NON_PUBLIC", parent, max(3, sum(counts))
    )
    location = rng_location(b, area)
    for count in counts:
        b.unit(names.firm(rng), "NON_PUBLIC", count, location, branch.id, "JOINT")
    return branch.id


def rng_location(b: Builder, area: Area) -> str:
    """Returns a township or street to locate a unit in (the root where there are none)."""
    return b.rng.choice(area.sectors) if area.sectors else area.root


def social(b: Builder, area: Area, count: int) -> None:
    """Adds social organisations under a comprehensive committee; a few have no branch yet."""
    parent = system(b, area, "社会组织综合党委", "COMMITTEE", "SOCIAL")
    for society in b.rng.sample(names.SOCIETIES, min(count, len(names.SOCIETIES))):
        name = f"{area.prefix}{society}"
        size = b.rng.randint(3, 12)
        if b.rng.random() < 0.08:
            b.unit(name, "SOCIAL", size, area.root)
            continue
        branch = b.branch(f"{name}党支部", "SOCIAL", parent, size)
        b.unit(name, "SOCIAL", size, area.root, branch.id)


def education(b: Builder, area: Area, schools: tuple[str, ...], sizes: tuple[int, int]) -> None:
    """Adds the education system: named schools, and a central school per township."""
    parent = system(b, area, "教育系统党委", "COMMITTEE", "INSTITUTION")
    for school in schools:
        _institution(
            b, area, parent, f"{area.prefix}{school}", b.size(*sizes), area.root, SCHOOL_PARTS
        )
    for town, tname in zip(area.sectors, area.sector_names, strict=True):
        if tname[-1] in "镇乡":
            _institution(b, area, parent, f"{tname}中心学校", b.size(6, 25), town, SCHOOL_PARTS)
            if b.rng.random() < 0.4:
                _institution(b, area, parent, f"{tname}中学", b.size(8, 30), town, SCHOOL_PARTS)


def health(b: Builder, area: Area, sizes: tuple[int, int]) -> None:
    """Adds the health system: the people's hospital committee, other hospitals, local clinics."""
    parent = system(b, area, "卫生健康系统党委", "COMMITTEE", "INSTITUTION")
    _department(b, area, parent, "人民医院", names.HOSPITAL_WARDS, sizes)
    for hospital in names.HOSPITALS[: b.rng.randint(2, 4)]:
        _institution(
            b,
            area,
            parent,
            f"{area.prefix}{hospital}",
            b.size(*sizes),
            area.root,
            names.HOSPITAL_WARDS,
        )
    for town, tname in zip(area.sectors, area.sector_names, strict=True):
        clinic = f"{tname}卫生院" if tname[-1] in "镇乡" else f"{tname}社区卫生服务中心"
        _institution(b, area, parent, clinic, b.size(3, 12), town, names.HOSPITAL_WARDS)


def _institution(
    b: Builder, area: Area, parent: str, name: str, size: int, location: str, parts: tuple[str, ...]
) -> None:
    """Adds a school or hospital: one branch, or a general branch over sections when large."""
    if size <= 40:
        branch = b.branch(f"{name}党支部", "INSTITUTION", parent, size)
        b.unit(name, "INSTITUTION", size, location, branch.id)
        if b.rng.random() < 0.15:
            area.points.append(branch.id)
        return
    general = b.org(f"{name}党总支", "GENERAL_BRANCH", "INSTITUTION", parent)
    sections = b.rng.sample(parts, b.rng.randint(2, 3))
    heads: list[str] = []
    for part in sections:
        branch = b.branch(f"{name}{part}党支部", "INSTITUTION", general.id, size // len(sections))
        heads.extend(branch.members[:2])
    b.leadership(general, heads)
    b.unit(name, "INSTITUTION", size, location, general.id)
