"""Streets, communities, grid cells and buildings for the demo dataset."""

from __future__ import annotations

from services.demo import names
from services.demo.builder import Area, Builder
from services.demo.systems import township_firms


def street(b: Builder, area: Area, name: str, communities: int) -> None:
    """Adds a street working committee with its cadres, organ branch, communities and firms."""
    rng = b.rng
    office = b.org(f"{name}党工委", "WORKING_COMMITTEE", "COMMUNITY", area.root)
    cadres = b.people(office.id, rng.randint(8, 12), "TOWNSHIP")
    b.leadership(office, cadres)
    b.branch(f"{name}机关党支部", "ORGAN", office.id, rng.randint(8, 20))
    area.sectors.append(office.id)
    area.sector_names.append(name)
    cell = b.grid(name, "STREET", None, area=office.id)
    for i, cname in enumerate(names.unique_names(rng, communities, names.community)):
        main = community(b, area, office.id, cell, cname)
        b.liaison(cadres[i % len(cadres)], main, "OTHER")  # 包社区, ledgered like 包村
    township_firms(b, area, office.id, rng.randint(1, 3))


def community(b: Builder, area: Area, office: str, street_cell: str, cname: str) -> str:
    """Adds a community general branch over grid branches, its unit and grid; returns its id."""
    rng = b.rng
    general = b.org(f"{cname}党总支", "GENERAL_BRANCH", "COMMUNITY", office)
    staff = b.people(general.id, rng.randint(4, 6))  # 社区两委 members
    b.leadership(general, staff)
    cell = b.grid(cname, "COMMUNITY", street_cell)
    b.cover(general.id, cell)
    members = len(staff)
    next_building = 1
    for k in range(1, rng.randint(3, 6) + 1):
        members, next_building = _grid(
            b, area, general.id, cell, cname, k, staff, members, next_building
        )
    b.unit(cname, "COMMUNITY", members, office, general.id)
    area.points.append(general.id)
    return general.id


def _grid(
    b: Builder,
    area: Area,
    general: str,
    community_cell: str,
    cname: str,
    k: int,
    staff: list[str],
    members: int,
    building: int,
) -> tuple[int, int]:
    """Adds grid cell k with its branch (a few cells have none) and buildings; returns counters."""
    rng = b.rng
    cell = b.grid(f"{cname}第{k}网格", "GRID", community_cell)
    buildings = list(range(building, building + rng.randint(2, 6)))
    labels = [f"{n}号楼党小组" for n in buildings]
    if rng.random() < 0.04:  # a grid cell nobody has organised yet
        b.grid_post(cell, "GRID_LEADER", rng.choice(staff))
        _buildings(b, cell, cname, buildings, [], staff)
        return members, buildings[-1] + 1
    size = b.size(5, 20)
    groups = labels[: min(len(labels), size // 5, 3)]
    branch = b.branch(f"{cname}第{names.numeral(k)}网格党支部", "COMMUNITY", general, size, groups)
    b.cover(branch.id, cell)
    if rng.random() < 0.3:
        area.points.append(branch.id)
    # 网格长 is usually the grid branch's secretary
    b.grid_post(cell, "GRID_LEADER", branch.members[0] if rng.random() < 0.8 else rng.choice(staff))
    _buildings(b, cell, cname, buildings, [g for g, _ in branch.groups], branch.members)
    return members + size, buildings[-1] + 1


def _buildings(
    b: Builder, cell: str, cname: str, numbers: list[int], groups: list[str], members: list[str]
) -> None:
    """Adds building cells with their leaders; the first few are covered by building groups."""
    for i, n in enumerate(numbers):
        building = b.grid(f"{cname}{n}号楼", "BUILDING", cell)
        b.grid_post(building, "BUILDING_LEADER", b.rng.choice(members), vacancy=0.06)
        if i < len(groups):
            b.cover(groups[i], building)
