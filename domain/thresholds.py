"""The thresholds of the coverage rules, with their defaults (docs/coverage-rules.md#thresholds)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Numbers the gap rules compare against; docs/coverage-rules.md lists the defaults."""

    committee_min_members: int = 7  # COMMITTEE_REQUIRED: branches this large need a committee
    committee_min_size: int = 3  # ... of at least this many people
    committee_max_size: int = 5  # COMMITTEE_OVERSIZE above this
    visit_window_days: int = 30  # LIAISON_INACTIVE counts visits on D-29 .. D
    default_visits_per_month: int = 2
    unit_min_members: int = 3  # UNIT_UNCOVERED from this many members
    term_years_long: int = 5  # COMMITTEE, and rural/community (general) branches
    term_years_short: int = 3  # other general branches and branches
    branch_max_members: int = 50  # BRANCH_TOO_LARGE above this
    joint_max_units: int = 5  # JOINT_TOO_WIDE above this


# Gap rules in report order; a gap list is sorted by this order, then subject id, then related ids.
GAP_RULES: tuple[str, ...] = (
    "SECRETARY_VACANT",
    "GROUP_LEADER_VACANT",
    "COMMITTEE_REQUIRED",
    "COMMITTEE_OVERSIZE",
    "NO_LIAISON",
    "LIAISON_INACTIVE",
    "LEADER_WITHOUT_POINT",
    "UNIT_UNCOVERED",
    "GRID_UNCOVERED",
    "GRID_LEADER_VACANT",
    "TERM_EXPIRED",
    "BRANCH_TOO_LARGE",
    "JOINT_TOO_WIDE",
)
