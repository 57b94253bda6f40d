"""Townships, villages, village groups and households for the demo dataset."""

from __future__ import annotations

from services.demo import names
from services.demo.builder import Area, Branch, Builder
from services.demo.systems import township_firms


def township(b: Builder, area: Area, name: str, villages: int) -> None:
    """Adds a township committee with its cadres, organ branch, villages and local firms."""
    rng = b.rng
    town = b.org(f"{name}党委", "COMMITTEE", "RURAL", area.root)
    cadres = b.people(town.id, rng.randint(8, 13), "TOWNSHIP")
    b.leadership(town, cadres)
    b.branch(f"{name}机关党支部", "ORGAN", town.id, rng.randint(8, 25))
    area.sectors.append(town.id)
    area.sector_names.append(name)
    cell = b.grid(name, "TOWNSHIP", None, area=town.id)
    last_secretary = None
    for i, vname in enumerate(names.unique_names(rng, villages, names.village)):
        main, secretary = village(b, area, town.id, cell, vname, last_secretary)
        last_secretary = secretary
        b.liaison(cadres[i % len(cadres)], main, "VILLAGE")  # 包村: every village has a cadre
    township_firms(b, area, town.id, rng.randint(1, 3))


def village(
    b: Builder, area: Area, town: str, cell: str, vname: str, neighbour: str | None
) -> tuple[str, str]:
    """Adds a village's organisation, unit and grid; returns its main organisation, secretary."""
    rng = b.rng
    size = b.size(15, 45)
    # 跨村兼职: now and then the neighbouring village's secretary runs this one too
    shared = neighbour if neighbour is not None and rng.random() < 0.03 else None
    if size > 30 and rng.random() < 0.25:
        main, branches = _general_branch(b, town, vname, size)
    else:
        one = b.branch(f"{vname}村党支部", "RURAL", town, size, secretary=shared)
        main, branches = one.id, [one]
    b.unit(f"{vname}村", "VILLAGE", size, town, main)
    area.points.append(main)
    members = [p for branch in branches for p in branch.members]
    if rng.random() < 0.12 and area.organ_staff:
        _first_secretary(b, main, area.organ_staff)
    village_grid(b, cell, main, vname, branches, members)
    return main, shared or members[0]


def _general_branch(b: Builder, town: str, vname: str, size: int) -> tuple[str, list[Branch]]:
    """Splits a large village into a general branch over two or three branches."""
    general = b.org(f"{vname}村党总支", "GENERAL_BRANCH", "RURAL", town)
    parts = b.rng.randint(2, 3)
    branches = [
        b.branch(f"{vname}村第{names.numeral(i + 1)}党支部", "RURAL", general.id, size // parts)
        for i in range(parts)
    ]
    cadres = [branch.members[0] for branch in branches] + branches[0].members[1:4]
    b.leadership(general, cadres)
    return general.id, branches


def _first_secretary(b: Builder, village: str, staff: list[str]) -> None:
    """Sends an organ cadre to the village as first secretary, sometimes after a predecessor."""
    rng = b.rng
    start = rng.randint(30, 1000)
    b.post(rng.choice(staff), village, "FIRST_SECRETARY", start)
    if rng.random() < 0.3:
        b.post(rng.choice(staff), village, "FIRST_SECRETARY", start + 1 + 3 * 365, start + 1)


def village_grid(
    b: Builder, town_cell: str, main: str, vname: str, branches: list[Branch], members: list[str]
) -> None:
    """Adds the village cell and its village groups, led by members and covered by Party groups."""
    rng = b.rng
    cell = b.grid(f"{vname}村", "VILLAGE", town_cell)
    b.cover(main, cell)
    groups = [group for branch in branches for group in branch.groups]
    for k in range(1, rng.randint(4, 8) + 1):
        vg = b.grid(f"{vname}村第{k}村民小组", "VILLAGE_GROUP", cell)
        b.grid_post(vg, "GRID_LEADER", rng.choice(members))
        if groups:
            b.cover(groups[(k - 1) % len(groups)][0], vg)
        if rng.random() < 0.03:  # 组不落户: a few groups keep a household ledger
            for name in rng.sample(b.names, rng.randint(3, 6)):
                b.grid(f"{name}户", "HOUSEHOLD", vg)
