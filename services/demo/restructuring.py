"""The history of the demo's organisations (SPEC §5): townships merged (撤乡并镇), firm branches
regrouped under a new general branch, branches founded lately and closed, a township renamed
(撤乡设镇) and a community general branch raised to a committee.

Every change keeps the hierarchy valid on every day: what moves records where it was up to the
day before, what is dissolved takes its Party groups along, and `settle` finally hands the people,
units and grid cells of dissolved organisations to their successors and fits posts, liaisons and
visits into the days their organisation exists.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.dataset import Row
from services.demo import names
from services.demo.builder import COMMITTEE_ORDER, Area, Builder

ONE_DAY = timedelta(days=1)
OWN_FIRMS = ("联合", "党委")  # a firm branch of its own has neither in its name


def _name(b: Builder, org: str) -> str:
    """Returns an organisation's current name."""
    return str(b.orgs[org]["name"])


def _record(b: Builder, org: str, days: int) -> None:
    """Records the organisation's name, kind and parent as they were up to the day before the
    change made `days` days before the anchor."""
    row = b.orgs[org]
    b.ds.add(
        "organisation_history",
        organisation_id=org,
        until=b.ago(days + 1),
        name=row["name"],
        kind=row["kind"],
        parent_id=row["parent_id"],
    )


def _move(b: Builder, org: str, parent: str, days: int) -> None:
    """Moves an organisation (and what is below it) under a new parent from that day on."""
    _record(b, org, days)
    b.children[str(b.orgs[org]["parent_id"])].remove(org)
    b.children.setdefault(parent, []).append(org)
    b.orgs[org].values["parent_id"] = parent


def _dissolve(b: Builder, org: str, days: int, successor: str) -> None:
    """Dissolves an organisation and its Party groups on that day; its people go to successor."""
    row = b.orgs[org]
    for member in [org, *b.groups_of.get(org, [])]:
        b.orgs[member].values["dissolved"] = b.ago(days)
    kin = b.children.get(str(row["parent_id"]), [])
    if org in kin:
        kin.remove(org)
    b.successors[org] = successor


def _found(b: Builder, org: str, days: int) -> None:
    """Makes an organisation and its Party groups founded on that day, their terms no earlier."""
    founded = b.ago(days)
    for member in [org, *b.groups_of.get(org, [])]:
        values = b.orgs[member].values
        values["founded"] = founded
        term = values["term_start"]
        if term is not None and isinstance(term, date) and term < founded:
            values["term_start"] = founded


# --- townships and communities ----------------------------------------------------------------


def reshape_townships(b: Builder, area: Area, merges: int) -> None:
    """Merges townships into their neighbours, renames a 乡 into a 镇 and raises a community
    general branch to a committee; run before the county-wide systems pick their townships."""
    towns = [i for i, name in enumerate(area.sector_names) if name[-1] in "镇乡"]
    pairs = [(area.sectors[towns[i - 1]], area.sectors[towns[i]]) for i in range(1, len(towns), 2)]
    for keep, gone in b.rng.sample(pairs, min(merges, len(pairs))):
        _merge(b, keep, gone, b.rng.randint(150, 900))
        at = area.sectors.index(gone)
        del area.sectors[at], area.sector_names[at]
    _rename_township(b, area)
    _raise_community(b, area)


def _merge(b: Builder, keep: str, gone: str, days: int) -> None:
    """Merges township `gone` into `keep`: its organ branch joins keep's, the rest moves."""
    organ = next(c for c in b.children[keep] if _name(b, c).endswith("机关党支部"))
    for child in list(b.children.get(gone, [])):
        if _name(b, child).endswith("机关党支部"):
            _dissolve(b, child, days, organ)
            for column in ("full_members", "probationary_members"):
                ours, theirs = b.orgs[organ][column], b.orgs[child][column]
                if isinstance(ours, int) and isinstance(theirs, int):
                    b.orgs[organ].values[column] = ours + theirs
        else:
            _move(b, child, keep, days)
    _dissolve(b, gone, days, keep)


def _rename_township(b: Builder, area: Area) -> None:
    """Renames one 乡 into a 镇 (撤乡设镇) some years ago."""
    for i, (town, name) in enumerate(zip(area.sectors, area.sector_names, strict=True)):
        if name.endswith("乡"):
            _record(b, town, b.rng.randint(200, 1500))
            area.sector_names[i] = name[:-1] + "镇"
            b.orgs[town].values["name"] = f"{area.sector_names[i]}党委"
            return


def _raise_community(b: Builder, area: Area) -> None:
    """Raises one community general branch of a street to a community committee."""
    streets = [
        s for s, name in zip(area.sectors, area.sector_names, strict=True) if name[-1] == "道"
    ]
    generals = [
        c for s in streets for c in b.children.get(s, []) if _name(b, c).endswith("社区党总支")
    ]
    if generals:
        community = b.rng.choice(generals)
        _record(b, community, b.rng.randint(100, 1200))
        values = b.orgs[community].values
        values["kind"], values["name"] = "COMMITTEE", _name(b, community)[:-3] + "党委"


# --- non-public firms ---------------------------------------------------------------------------


def reshape_firms(b: Builder, area: Area) -> None:
    """Regroups some firm branches under a new general branch, marks a few as founded lately and
    closes one; run after the county-wide systems, before leaders pick their points."""
    committee = next(
        (s for s in area.systems if _name(b, s).endswith("非公有制经济组织综合党委")), None
    )
    if committee is None:
        return
    own = [
        c
        for c in b.children.get(committee, [])
        if b.orgs[c]["kind"] == "BRANCH" and not any(w in _name(b, c) for w in OWN_FIRMS)
    ]
    b.rng.shuffle(own)
    _regroup(b, committee, own[: b.rng.randint(3, 5)], b.rng.randint(120, 600))
    for branch in own[5 : 5 + b.rng.randint(2, 4)]:
        _found(b, branch, b.rng.randint(100, 700))
    for branch in own[9 : 9 + b.rng.randint(1, 2)]:
        _dissolve(b, branch, b.rng.randint(120, 600), committee)
    area.points[:] = [p for p in area.points if b.orgs[p]["dissolved"] is None]


def _regroup(b: Builder, committee: str, branches: list[str], days: int) -> None:
    """Founds a park's general branch with its own staff and moves the branches under it."""
    name = f"{b.rng.choice(names.PARK_WORDS)}非公企业党总支"
    general = b.org(name, "GENERAL_BRANCH", "NON_PUBLIC", committee).id
    b.orgs[general].values.update(founded=b.ago(days), term_start=b.ago(days))
    staff = b.people(general, b.rng.randint(3, 4))
    for person, role in zip(staff, ("SECRETARY", *COMMITTEE_ORDER), strict=False):
        b.post(person, general, role, days)
    for branch in branches:
        _move(b, branch, general, days)


# --- settling the rows --------------------------------------------------------------------------


def settle(b: Builder) -> None:
    """Hands over what dissolved organisations held and fits the dated rows into existence."""
    _hand_over(b)
    spans = {
        org: (row["founded"], row["dissolved"])
        for org, row in b.orgs.items()
        if row["founded"] is not None or row["dissolved"] is not None
    }
    for table, column in (("posts", "target_id"), ("liaisons", "organisation_id")):
        b.ds.tables[table] = [r for r in b.ds.rows(table) if _fit(r, spans.get(str(r[column])))]
    b.ds.tables["visits"] = [
        v for v in b.ds.rows("visits") if _fit(v, spans.get(str(v["organisation_id"])), "date")
    ]


def _hand_over(b: Builder) -> None:
    """Moves people's homes and units' and grid cells' areas to the successor organisations."""
    if not b.successors:
        return
    for table, column in (("people", "home_id"), ("units", "area_id"), ("grids", "area_id")):
        for row in b.ds.rows(table):
            org = row[column]
            while isinstance(org, str) and org in b.successors:
                org = row.values[column] = b.successors[org]


def _fit(row: Row, span: tuple[object, object] | None, column: str = "") -> bool:
    """Cuts a post's or liaison's period to the organisation's existence (or, with a column, tells
    whether that day lies within it); False when nothing of the row is left."""
    if span is None:
        return True
    founded, dissolved = span
    if column:
        day = row[column]
        return _after(day, founded) and _before(day, dissolved)
    values = row.values
    if isinstance(founded, date) and not _after(values["start"], founded):
        values["start"] = founded
    if isinstance(dissolved, date) and not _before(values["end"], dissolved):
        values["end"] = dissolved - ONE_DAY
    start, end = values["start"], values["end"]
    return not (isinstance(start, date) and isinstance(end, date) and start > end)


def _after(day: object, founded: object) -> bool:
    """Tells whether a day (empty: since always) is on or after the founding day, if any."""
    return not isinstance(founded, date) or (isinstance(day, date) and day >= founded)


def _before(day: object, dissolved: object) -> bool:
    """Tells whether a day (empty: for ever) is before the dissolution day, if any."""
    return not isinstance(dissolved, date) or (isinstance(day, date) and day < dissolved)
