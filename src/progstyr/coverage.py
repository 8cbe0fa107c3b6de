"""Coverage analysis (SPEC §5) and indicator progress (SPEC §6).

Plain data in, plain data out, no printing: the coverage command, the report and
the coverage checks (PS502-PS504) all read their figures from here, so they can
never disagree.

Definitions, in the words a coordinator would use:

* A project **contributes** to each gap it closes unless it is cancelled. Its level
  is `planned` (proposed, pre-study, planning), `active` (execution) or
  `delivered` (completed, handed over).
* A gap's level is the best level among its contributing projects, else `none`.
  A gap is **covered** when its level is `active` or `delivered`.
* A benefit's gaps are the gaps that list it, plus, transitively, the gaps of every
  intermediate benefit that contributes to it. **Coverage** is covered gaps / gaps.
* **Budget attribution**: a contributing project's total is split equally over the
  known gaps it closes; each gap's share equally over the known benefits it lists.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from progstyr.model import (
    Benefit,
    BenefitLevel,
    Direction,
    Gap,
    Indicator,
    Priority,
    Programme,
    Project,
    ProjectPhase,
)
from progstyr.portfolio import ProgrammeUnit

ON_TRACK_MARGIN = 0.1
"""An indicator is on track when its progress is at most this far behind the expected."""

STATUSES = ("achieved", "on-track", "behind", "worsening", "missed", "no-data", "unknown")
"""Indicator statuses, best first. `missed`: the target date has passed and the target was
not reached. `unknown`: measured, but baseline or target missing."""


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


def is_covered(level: Level) -> bool:
    return level >= Level.ACTIVE


def gap_projects(gaps: Iterable[str], projects: Mapping[str, Project]) -> dict[str, list[str]]:
    """Gap id → sorted ids of the contributing (not cancelled) projects that close it."""
    result: dict[str, list[str]] = {gap_id: [] for gap_id in sorted(gaps)}
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
    for gap_id in sorted(gaps):
        found = [project_level(projects[p]) for p in closing[gap_id]]
        levels[gap_id] = max((level for level in found if level is not None), default=Level.NONE)
    return levels


def direct_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> dict[str, set[str]]:
    """Benefit id → the gaps that list it themselves."""
    direct: dict[str, set[str]] = {benefit_id: set() for benefit_id in benefits}
    for gap_id, gap in gaps.items():
        for benefit_id in gap.benefits:
            if benefit_id in direct:
                direct[benefit_id].add(gap_id)
    return direct


def benefit_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> dict[str, set[str]]:
    """Benefit id → its gaps: those listing it, plus those of intermediate benefits feeding it."""
    direct = direct_gaps(benefits, gaps)
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
        while stack:  # iterative and cycle-safe: a looping map (PS203) still terminates
            current = stack.pop()
            collected |= direct[current]
            for feeder in feeders[current]:
                if feeder not in seen:
                    seen.add(feeder)
                    stack.append(feeder)
        result[benefit_id] = collected
    return result


def attribute_budget(
    benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap], projects: Mapping[str, Project]
) -> tuple[dict[str, float], float]:
    """Benefit id → attributed budget, and the part that reached no known benefit.

    Invariant: the attributed sums plus the unattributed part equal the total budget
    of the contributing projects that close at least one known gap.
    """
    attributed = {benefit_id: 0.0 for benefit_id in benefits}
    parts: dict[str, list[float]] = {benefit_id: [] for benefit_id in benefits}
    unattributed: list[float] = []
    for project_id in sorted(projects):
        project = projects[project_id]
        if project_level(project) is None or project.budget is None:
            continue
        known = [gap_id for gap_id in dict.fromkeys(project.closes) if gap_id in gaps]
        if not known:
            continue
        per_gap = project.budget.total / len(known)
        for gap_id in known:
            targets = [b for b in dict.fromkeys(gaps[gap_id].benefits) if b in benefits]
            if not targets:
                unattributed.append(per_gap)
                continue
            for benefit_id in targets:
                parts[benefit_id].append(per_gap / len(targets))
    for benefit_id, amounts in parts.items():
        attributed[benefit_id] = math.fsum(amounts)
    return attributed, math.fsum(unattributed)


# ---------------------------------------------------------------- indicator progress


@dataclass(frozen=True, slots=True)
class Point:
    date: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    """An indicator at the as-of date (SPEC §6)."""

    id: str
    name: str
    unit: str | None
    direction: Direction
    source: str | None
    baseline: Point | None
    latest: Point | None
    target: Point | None
    measurements: tuple[Point, ...]
    progress: float | None
    expected: float | None
    status: str
    by_sex: bool = False
    """Reported for women and men too (SPEC §12); progress and status are on the total."""
    women: tuple[Point, ...] = ()
    """Women's values of the measurements up to the as-of date, by date."""
    men: tuple[Point, ...] = ()
    sexes: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    """`baseline`, `latest`, `target` → {`women`, `men`} (by_sex indicators only)."""


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def expected_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Elapsed share of start → end at the as-of date, in [0, 1]."""
    if end <= start:
        return 1.0 if as_of >= end else 0.0
    return _clamp((as_of - start).days / (end - start).days)


def status_of(progress: float | None, expected: float | None, measured: bool, overdue: bool = False) -> str:
    """The status of SPEC §6, plus `missed`: past the target date (`overdue`) without
    reaching the target, whichever way the indicator moved."""
    if not measured:
        return "no-data"
    if progress is None or expected is None:
        return "unknown"
    if progress >= 1:
        return "achieved"
    if overdue:
        return "missed"
    if progress < 0:
        return "worsening"
    if progress >= expected - ON_TRACK_MARGIN:
        return "on-track"
    return "behind"


def indicator_progress(indicator: Indicator, as_of: dt.date) -> IndicatorProgress:
    """latest, progress, expected and status of one indicator at the as-of date."""
    baseline = Point(indicator.baseline.date, indicator.baseline.value) if indicator.baseline else None
    target = Point(indicator.target.date, indicator.target.value) if indicator.target else None
    points = tuple(sorted((Point(m.date, m.value) for m in indicator.measurements), key=lambda p: p.date))
    known = [p for p in points if p.date <= as_of]
    latest = known[-1] if known else baseline
    progress: float | None = None
    expected: float | None = None
    if baseline is not None and target is not None:
        if target.value != baseline.value and latest is not None:
            progress = (latest.value - baseline.value) / (target.value - baseline.value)
            if not math.isfinite(progress):  # values at the edge of floating point
                progress = None
        expected = expected_share(baseline.date, target.date, as_of)
    by_sex: dict[str, tuple[Point, ...]] = {"women": (), "men": ()}
    sexes: dict[str, dict[str, float | None]] = {}
    if indicator.by_sex:
        ordered = sorted(indicator.measurements, key=lambda m: m.date)
        for sex in ("women", "men"):
            by_sex[sex] = tuple(
                Point(m.date, value)
                for m in ordered
                if m.date <= as_of and (value := getattr(m, sex)) is not None
            )
        known_m = [m for m in ordered if m.date <= as_of]
        latest_entry = known_m[-1] if known_m else indicator.baseline
        for label, entry in (
            ("baseline", indicator.baseline),
            ("latest", latest_entry),
            ("target", indicator.target),
        ):
            if entry is not None:
                sexes[label] = {"women": entry.women, "men": entry.men}
    return IndicatorProgress(
        id=indicator.id,
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        source=indicator.source,
        baseline=baseline,
        latest=latest,
        target=target,
        measurements=points,
        progress=progress,
        expected=expected,
        status=status_of(progress, expected, bool(known), target is not None and as_of > target.date),
        by_sex=indicator.by_sex,
        women=by_sex["women"],
        men=by_sex["men"],
        sexes=sexes,
    )


# ---------------------------------------------------------------- the programme analysis


@dataclass(frozen=True, slots=True)
class GapCoverage:
    id: str
    name: str
    priority: Priority
    status: str
    level: Level
    projects: tuple[str, ...]
    benefits: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return is_covered(self.level)


@dataclass(frozen=True, slots=True)
class BenefitCoverage:
    id: str
    name: str
    level: BenefitLevel
    owner: str
    contributes_to: tuple[str, ...]
    gaps: tuple[str, ...]
    covered_gaps: tuple[str, ...]
    projects: tuple[str, ...]
    budget: float
    indicators: tuple[IndicatorProgress, ...]

    @property
    def coverage(self) -> float | None:
        return len(self.covered_gaps) / len(self.gaps) if self.gaps else None


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    id: str
    name: str
    phase: ProjectPhase
    level: Level | None
    owner: str
    start: dt.date
    end: dt.date
    closes: tuple[str, ...]
    benefits: tuple[str, ...]
    """Benefits its known gaps list directly (for the traceability matrix)."""
    total: float
    spent: float
    rating: str | None


@dataclass(frozen=True, slots=True)
class Summary:
    benefits: int
    benefits_covered: int
    """Benefits with coverage > 0."""
    gaps: int
    gaps_covered: int
    high_gaps_uncovered: tuple[str, ...]
    projects_without_gap: tuple[str, ...]
    """Projects (not cancelled) that close no known gap."""
    budget_total: float
    """Total budget of all projects, cancelled included."""
    budget_contributing: float
    """Total budget of the contributing projects that close at least one known gap."""
    budget_attributed: float
    budget_unattributed: float
    spent_total: float
    indicators: Mapping[str, int]
    projects_by_phase: Mapping[str, int]
    projects_by_rating: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ProgrammeCoverage:
    id: str
    name: str
    phase: str | None
    language: str
    currency: str
    benefits: tuple[BenefitCoverage, ...]
    gaps: tuple[GapCoverage, ...]
    projects: tuple[ProjectSummary, ...]
    summary: Summary
    organisations: Mapping[str, str] = field(default_factory=dict)


def analyse(
    programme_id: str,
    programme: Programme | None,
    benefits: Mapping[str, Benefit],
    gaps: Mapping[str, Gap],
    projects: Mapping[str, Project],
    as_of: dt.date,
) -> ProgrammeCoverage:
    """The full coverage picture of one programme at the as-of date."""
    levels = gap_levels(gaps, projects)
    closing = gap_projects(gaps, projects)
    served = benefit_gaps(benefits, gaps)
    budgets, unattributed = attribute_budget(benefits, gaps, projects)

    gap_rows = tuple(
        GapCoverage(
            id=gap_id,
            name=gaps[gap_id].name,
            priority=gaps[gap_id].priority,
            status=gaps[gap_id].status.value,
            level=levels[gap_id],
            projects=tuple(closing[gap_id]),
            benefits=tuple(sorted(set(gaps[gap_id].benefits))),
        )
        for gap_id in sorted(gaps)
    )
    benefit_rows = []
    for benefit_id in sorted(benefits):
        benefit = benefits[benefit_id]
        its_gaps = sorted(served[benefit_id])
        covered = [g for g in its_gaps if is_covered(levels[g])]
        its_projects = sorted({p for g in its_gaps for p in closing[g]})
        benefit_rows.append(
            BenefitCoverage(
                id=benefit_id,
                name=benefit.name,
                level=benefit.level,
                owner=benefit.owner,
                contributes_to=tuple(benefit.contributes_to),
                gaps=tuple(its_gaps),
                covered_gaps=tuple(covered),
                projects=tuple(its_projects),
                budget=budgets[benefit_id],
                indicators=tuple(indicator_progress(i, as_of) for i in benefit.indicators),
            )
        )

    project_rows = []
    for project_id in sorted(projects):
        project = projects[project_id]
        known = [g for g in dict.fromkeys(project.closes) if g in gaps]
        direct = sorted({b for g in known for b in gaps[g].benefits if b in benefits})
        latest = max(project.status, key=lambda s: s.date) if project.status else None
        project_rows.append(
            ProjectSummary(
                id=project_id,
                name=project.name,
                phase=project.phase,
                level=project_level(project),
                owner=project.owner,
                start=project.period.start,
                end=project.period.end,
                closes=tuple(project.closes),
                benefits=tuple(direct),
                total=project.budget.total if project.budget else 0.0,
                spent=(project.budget.spent or 0.0) if project.budget else 0.0,
                rating=latest.overall.value if latest else None,
            )
        )

    contributing = [p for p in project_rows if p.level is not None and any(g in gaps for g in p.closes)]
    indicator_counts = {status: 0 for status in STATUSES}
    for row in benefit_rows:
        for progress in row.indicators:
            indicator_counts[progress.status] += 1
    phase_counts = {phase.value: 0 for phase in ProjectPhase}
    rating_counts = {"green": 0, "amber": 0, "red": 0, "none": 0}
    for p in project_rows:
        phase_counts[p.phase.value] += 1
        if p.level is not None:
            rating_counts[p.rating or "none"] += 1
    summary = Summary(
        benefits=len(benefit_rows),
        benefits_covered=sum(1 for b in benefit_rows if (b.coverage or 0) > 0),
        gaps=len(gap_rows),
        gaps_covered=sum(1 for g in gap_rows if g.covered),
        high_gaps_uncovered=tuple(g.id for g in gap_rows if g.priority is Priority.HIGH and not g.covered),
        projects_without_gap=tuple(
            p.id for p in project_rows if p.level is not None and not any(g in gaps for g in p.closes)
        ),
        budget_total=math.fsum(p.total for p in project_rows),
        budget_contributing=math.fsum(p.total for p in contributing),
        budget_attributed=math.fsum(budgets.values()),
        budget_unattributed=unattributed,
        spent_total=math.fsum(p.spent for p in project_rows),
        indicators=indicator_counts,
        projects_by_phase=phase_counts,
        projects_by_rating=rating_counts,
    )
    return ProgrammeCoverage(
        id=programme_id,
        name=programme.name if programme else programme_id,
        phase=programme.phase.value if programme else None,
        language=programme.language.value if programme else "sv",
        currency=programme.currency if programme else "SEK",
        benefits=tuple(benefit_rows),
        gaps=gap_rows,
        projects=tuple(project_rows),
        summary=summary,
        organisations={o.id: o.name for o in programme.organisations} if programme else {},
    )


def analyse_unit(unit: ProgrammeUnit, as_of: dt.date) -> ProgrammeCoverage:
    """`analyse` for a loaded programme folder (only its valid files take part)."""
    return analyse(
        unit.id,
        unit.programme.model if unit.programme else None,
        {key: entity.model for key, entity in unit.benefits.items()},
        {key: entity.model for key, entity in unit.gaps.items()},
        {key: entity.model for key, entity in unit.projects.items()},
        as_of,
    )
