"""Coverage analysis (SPEC §5): plain data in, plain data out, no printing.

Project levels, gap levels and the gaps of each benefit (transitively through
intermediate benefits). The coverage checks (PS502-PS504) use these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum

from progstyr.model import Benefit, BenefitLevel, Gap, Project, ProjectPhase


class Level(IntEnum):
    """How far the work on a gap has come; ordered so that `max` picks the best."""

    NONE = 0
    PLANNED = 1
    ACTIVE = 2
    DELIVERED = 3

    @property
    def label(self) -> str:
        return self.name.lower()


_PHASE_LEVEL: dict[ProjectPhase, Level] = {
    ProjectPhase.PROPOSED: Level.PLANNED,
    ProjectPhase.PRE_STUDY: Level.PLANNED,
    ProjectPhase.PLANNING: Level.PLANNED,
    ProjectPhase.EXECUTION: Level.ACTIVE,
    ProjectPhase.COMPLETED: Level.DELIVERED,
    ProjectPhase.HANDED_OVER: Level.DELIVERED,
}


def project_level(project: Project) -> Level | None:
    """The project's level, or None when it is cancelled (it contributes nothing)."""
    return _PHASE_LEVEL.get(project.phase)


def gap_projects(gaps: Iterable[str], projects: Mapping[str, Project]) -> dict[str, list[str]]:
    """Gap id → sorted ids of the contributing (not cancelled) projects that close it."""
    result: dict[str, list[str]] = {gap_id: [] for gap_id in gaps}
    for project_id in sorted(projects):
        project = projects[project_id]
        if project_level(project) is None:
            continue
        for gap_id in dict.fromkeys(project.closes):
            if gap_id in result:
                result[gap_id].append(project_id)
    return result


def gap_levels(gaps: Mapping[str, Gap], projects: Mapping[str, Project]) -> dict[str, Level]:
    """Gap id → the best level among its contributing projects, else NONE."""
    closing = gap_projects(gaps, projects)
    levels: dict[str, Level] = {}
    for gap_id in gaps:
        found = [project_level(projects[p]) for p in closing[gap_id]]
        levels[gap_id] = max((level for level in found if level is not None), default=Level.NONE)
    return levels


def is_covered(level: Level) -> bool:
    return level >= Level.ACTIVE


def benefit_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> dict[str, set[str]]:
    """Benefit id → its gaps: those listing it, plus those of intermediate benefits feeding it."""
    direct: dict[str, set[str]] = {benefit_id: set() for benefit_id in benefits}
    for gap_id, gap in gaps.items():
        for benefit_id in gap.benefits:
            if benefit_id in direct:
                direct[benefit_id].add(gap_id)
    feeders: dict[str, set[str]] = {benefit_id: set() for benefit_id in benefits}
    for benefit_id, benefit in benefits.items():
        if benefit.level is BenefitLevel.INTERMEDIATE:
            for target in benefit.contributes_to:
                if target in feeders and target != benefit_id:
                    feeders[target].add(benefit_id)
    result: dict[str, set[str]] = {}
    for benefit_id in benefits:
        seen = {benefit_id}
        stack = [benefit_id]
        collected: set[str] = set()
        while stack:
            current = stack.pop()
            collected |= direct[current]
            for feeder in feeders[current]:
                if feeder not in seen:
                    seen.add(feeder)
                    stack.append(feeder)
        result[benefit_id] = collected
    return result
