"""Leaders, their liaison assignments and the visits they log, for the demo dataset."""

from __future__ import annotations

from services.demo.builder import Area, Builder, Org

VISIT_KINDS = ("GUIDANCE", "INVESTIGATION", "LECTURE")
VISIT_WEIGHTS = (0.5, 0.3, 0.2)
STANDING_COMMITTEE = 11  # a county standing committee has about eleven members


def leaders(b: Builder, root: Org, count: int, rank: str | None) -> list[str]:
    """Adds the leaders of a county (or city, province) and their posts in its committee."""
    people = b.people(root.id, count, rank)
    standing = people[:STANDING_COMMITTEE]
    predecessors = b.people(root.id, 2)  # moved on; kept for the post history
    b.secretary(root, standing[0], predecessors, vacancy=0)
    for i, person in enumerate(standing[1:]):
        b.post(person, root.id, "DEPUTY_SECRETARY" if i < 2 else "COMMITTEE_MEMBER", root.term)
    return people


def sectors(b: Builder, standing: list[str], areas: list[str]) -> None:
    """Splits townships and streets among standing committee members (分片联系)."""
    shuffled = list(areas)
    b.rng.shuffle(shuffled)
    for i, org in enumerate(shuffled):
        b.liaison(standing[i % len(standing)], org, "SECTOR")


def points(b: Builder, people: list[str], candidates: list[str], missing: float = 0.06) -> None:
    """Gives each leader one to three liaison points; a few get none, some have ended ones."""
    rng = b.rng
    if not candidates:
        return
    for person in people:
        if rng.random() < missing:
            continue
        for org in rng.sample(candidates, min(len(candidates), rng.choice((1, 2, 2, 3)))):
            b.liaison(person, org, "POINT")
        if rng.random() < 0.15:  # an earlier point, handed over
            end = rng.randint(30, 400)
            b.liaison(person, rng.choice(candidates), "POINT", end + rng.randint(200, 900), end)


def systems(b: Builder, people: list[str], area: Area) -> None:
    """Assigns about half of the county-wide system committees to a leader as a point."""
    for org in area.systems:
        if b.rng.random() < 0.5:
            b.liaison(b.rng.choice(people), org, "POINT")


def below(b: Builder, org: str) -> str:
    """Returns org or an organisation under it, walking down at random."""
    rng = b.rng
    while rng.random() < 0.5:
        kids = b.children.get(org)
        if not kids:
            break
        org = rng.choice(kids)
    return org


def visits(b: Builder) -> None:
    """Logs visits for every queued liaison over 90 days; about 15 % fall short lately."""
    rng = b.rng
    seen: set[tuple[str, str, int, str]] = set()
    for person, org, per_month in b.pending:
        lapsed = rng.random() < 0.15
        for window in range(3):
            count = per_month + rng.randint(0, 1)
            if window == 0 and lapsed:
                count = rng.randint(0, per_month - 1)
            for _ in range(count):
                _visit(b, seen, person, org, window * 30 + rng.randint(0, 29))
    b.pending.clear()


def _visit(
    b: Builder, seen: set[tuple[str, str, int, str]], person: str, org: str, days: int
) -> None:
    """Adds one visit unless the same person logged the same kind there that day."""
    target = below(b, org)
    kind = b.rng.choices(VISIT_KINDS, VISIT_WEIGHTS)[0]
    key = (person, target, days, kind)
    if key not in seen:
        seen.add(key)
        b.ds.add("visits", person_id=person, organisation_id=target, date=b.ago(days), kind=kind)
