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

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from progstyr.benefitmap import (  # noqa: F401 - re-exported: coverage is where they are looked for
    Ids,
    IdSet,
    Level,
    _feeders,
    add_months,
    benefit_gap_bits,
    benefit_gaps,
    benefit_reach,
    benefits_with_gaps,
    components,
    direct_gaps,
    gap_levels,
    gap_projects,
    is_covered,
    project_level,
    report_due,
)
from progstyr.model import (
    Benefit,
    BenefitLevel,
    Body,
    Direction,
    Evaluation,
    Gap,
    Indicator,
    Period,
    Priority,
    Programme,
    Project,
    ProjectPhase,
    RecommendationStatus,
    Reporting,
    Resource,
    ResourceCategory,
    ResourceKind,
)
from progstyr.portfolio import PortfolioUnit, ProgrammeUnit

ON_TRACK_MARGIN = 0.1
"""An indicator is on track when its progress is at most this far behind the expected."""

STATUSES = ("achieved", "on-track", "behind", "worsening", "missed", "no-data", "unknown")
"""Indicator statuses, best first. `missed`: the target date has passed and the target was
not reached. `unknown`: measured, but baseline or target missing."""


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
    direction: Direction | None
    """None only for a shared indicator whose portfolio could not be read."""
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
        name=indicator.name or indicator.shared or indicator.id,
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
    gaps: Sequence[str]
    """Its gaps (SPEC §5), sorted; from `analyse` an `IdSet`, so that a deep map does not
    make a tuple of everything below each benefit."""
    covered_gaps: Sequence[str]
    projects: Sequence[str]
    """The contributing projects that close one of its gaps, sorted."""
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
    source: ProgrammeUnit | None = field(default=None, compare=False, repr=False)
    """The loaded programme folder this came from (set by `analyse_unit`), so that the
    portfolio it belongs to can be analysed too; not part of the figures."""


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
    budgets, unattributed = attribute_budget(benefits, gaps, projects)
    gap_ids, project_ids = Ids(gaps), Ids(projects)
    covered_bits = gap_ids.bits(gap_id for gap_id, level in levels.items() if is_covered(level))
    # each benefit's gaps and projects as bits, made in one pass over the map: a benefit's
    # projects are those closing one of its gaps, so they are passed on like the gaps
    served, reached = benefit_reach(
        benefits,
        gaps,
        [
            {gap_id: 1 << i for gap_id, i in gap_ids.index.items()},
            {gap_id: project_ids.bits(closing[gap_id]) for gap_id in gaps},
        ],
    )

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
        found = served[benefit_id]
        benefit_rows.append(
            BenefitCoverage(
                id=benefit_id,
                name=benefit.name,
                level=benefit.level,
                owner=benefit.owner,
                contributes_to=tuple(benefit.contributes_to),
                gaps=IdSet(found, gap_ids),
                covered_gaps=IdSet(found & covered_bits, gap_ids),
                projects=IdSet(reached[benefit_id], project_ids),
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
    analysis = analyse(
        unit.id,
        unit.programme.model if unit.programme else None,
        {key: entity.model for key, entity in unit.benefits.items()},
        {key: entity.model for key, entity in unit.gaps.items()},
        {key: entity.model for key, entity in unit.projects.items()},
        as_of,
    )
    return dataclasses.replace(analysis, source=unit)


# ---------------------------------------------------------------- the level above: portfolios (SPEC §10-§11)
#
# A portfolio's goals with the benefits that serve them, its shared indicators compared
# across the programmes, the programmes' own resources added up, and the governance the
# evaluations asked for: who reports what to whom, and whether it was delivered. The same
# resources and governance code serves a stand-alone programme that declares them.


@dataclass(frozen=True, slots=True)
class Share:
    """An amount and its share of a whole (None when the whole is zero)."""

    amount: float
    share: float | None


@dataclass(frozen=True, slots=True)
class ResourceYear:
    year: int
    total: float
    fte: float
    categories: Mapping[str, Share]
    """Every category of `Resources.categories`, in that order, with its share of the year."""


@dataclass(frozen=True, slots=True)
class ProgrammeFte:
    """A programme's full-time equivalents (årsarbetare), by year and summed over the years."""

    programme: str
    name: str
    by_year: Mapping[int, float]
    total: float


@dataclass(frozen=True, slots=True)
class PayerTotal:
    """What one payer (an organisation id, or None when no payer is given) pays."""

    id: str | None
    name: str | None
    amount: float
    cash: float
    in_kind: float
    share: float | None
    fte: float


@dataclass(frozen=True, slots=True)
class Resources:
    """The programmes' own running costs and staff (SPEC §11); project budgets are not here."""

    categories: tuple[str, ...]
    """The categories used, in the order of the format (staff, activities, …)."""
    years: tuple[ResourceYear, ...]
    by_category: Mapping[str, Share]
    """Each category's amount over all years and its share of the grand total."""
    total: float
    cash: float
    in_kind: float
    fte: tuple[ProgrammeFte, ...]
    """Programmes that give FTEs, by id."""
    fte_total: float
    fte_years: tuple[int, ...]
    """The years in which some programme gives FTEs."""
    payers: tuple[PayerTotal, ...]
    """By payer id; the part without a payer last."""

    @property
    def empty(self) -> bool:
        return not self.years


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def analyse_resources(
    rows: Iterable[tuple[str, str, Resource]], organisations: Mapping[str, str] | None = None
) -> Resources:
    """Resources of one or more programmes: (programme id, programme name, resource) rows."""
    names = organisations or {}
    listed = list(rows)
    order = list(ResourceCategory)
    used = {resource.category for _, _, resource in listed}
    categories = tuple(category.value for category in order if category in used)
    amounts: dict[int, dict[str, list[float]]] = {}
    ftes: dict[int, list[float]] = {}
    per_programme: dict[str, tuple[str, dict[int, list[float]]]] = {}
    payers: dict[str | None, dict[str, list[float]]] = {}
    payer_fte: dict[str | None, list[float]] = {}
    for programme_id, programme_name, resource in listed:
        year = amounts.setdefault(resource.year, {category: [] for category in categories})
        year[resource.category.value].append(resource.amount)
        if resource.fte is not None:
            ftes.setdefault(resource.year, []).append(resource.fte)
            _, by_year = per_programme.setdefault(programme_id, (programme_name, {}))
            by_year.setdefault(resource.year, []).append(resource.fte)
        kind = "in_kind" if resource.kind is ResourceKind.IN_KIND else "cash"
        payers.setdefault(resource.payer, {"cash": [], "in_kind": []})[kind].append(resource.amount)
        payer_fte.setdefault(resource.payer, []).append(resource.fte or 0.0)
    total = math.fsum(r.amount for _, _, r in listed)
    years = []
    for year_number in sorted(amounts):
        sums = {category: math.fsum(values) for category, values in amounts[year_number].items()}
        year_total = math.fsum(sums.values())
        years.append(
            ResourceYear(
                year=year_number,
                total=year_total,
                fte=math.fsum(ftes.get(year_number, [])),
                categories={c: Share(sums[c], _share(sums[c], year_total)) for c in categories},
            )
        )
    by_category = {}
    for category in categories:
        amount = math.fsum(v for year in amounts.values() for v in year[category])
        by_category[category] = Share(amount, _share(amount, total))
    fte_rows = tuple(
        ProgrammeFte(
            programme=programme_id,
            name=name,
            by_year={year: math.fsum(values) for year, values in sorted(by_year.items())},
            total=math.fsum(v for values in by_year.values() for v in values),
        )
        for programme_id, (name, by_year) in sorted(per_programme.items())
    )
    payer_rows = []
    for payer in sorted(payers, key=lambda p: (p is None, p or "")):
        cash = math.fsum(payers[payer]["cash"])
        in_kind = math.fsum(payers[payer]["in_kind"])
        payer_rows.append(
            PayerTotal(
                id=payer,
                name=names.get(payer, payer) if payer is not None else None,
                amount=cash + in_kind,
                cash=cash,
                in_kind=in_kind,
                share=_share(cash + in_kind, total),
                fte=math.fsum(payer_fte[payer]),
            )
        )
    return Resources(
        categories=categories,
        years=tuple(years),
        by_category=by_category,
        total=total,
        cash=math.fsum(r.amount for _, _, r in listed if r.kind is not ResourceKind.IN_KIND),
        in_kind=math.fsum(r.amount for _, _, r in listed if r.kind is ResourceKind.IN_KIND),
        fte=fte_rows,
        fte_total=math.fsum(row.total for row in fte_rows),
        fte_years=tuple(sorted(ftes)),
        payers=tuple(payer_rows),
    )


@dataclass(frozen=True, slots=True)
class BodyRow:
    id: str
    name: str
    role: str
    meets_every_weeks: float | None
    reports_to: str | None
    reports_to_name: str | None


@dataclass(frozen=True, slots=True)
class ReportingRow:
    """A report owed upward and whether it is overdue at the as-of date."""

    id: str
    name: str
    to: str
    to_name: str
    every_months: int
    delivered: tuple[dt.date, ...]
    """Deliveries up to the as-of date, by date (later ones are not known yet)."""
    last: dt.date | None
    due: dt.date | None
    """The next delivery is due by this date: `every_months` after the last delivery, or
    after the period start when nothing has been delivered since; None when neither is known."""
    overdue: bool


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    id: str
    text: str
    response: str | None
    status: str
    due: dt.date | None
    overdue: bool
    """Still open after its due date."""


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    id: str
    by: str
    kind: str | None
    start: dt.date
    end: dt.date
    findings: tuple[str, ...]
    recommendations: tuple[RecommendationRow, ...]


@dataclass(frozen=True, slots=True)
class Governance:
    """Bodies, reporting lines and evaluations of a portfolio or a programme, in file order."""

    bodies: tuple[BodyRow, ...]
    reporting: tuple[ReportingRow, ...]
    evaluations: tuple[EvaluationRow, ...]

    @property
    def empty(self) -> bool:
        return not (self.bodies or self.reporting or self.evaluations)

    @property
    def overdue_reporting(self) -> tuple[ReportingRow, ...]:
        return tuple(row for row in self.reporting if row.overdue)

    @property
    def overdue_recommendations(self) -> tuple[RecommendationRow, ...]:
        return tuple(r for e in self.evaluations for r in e.recommendations if r.overdue)


def reporting_row(
    line: Reporting, names: Mapping[str, str], period: Period | None, as_of: dt.date
) -> ReportingRow:
    """A report owed upward, as the report shows it (overdue by `report_due`)."""
    delivered = tuple(sorted(day for day in set(line.delivered) if day <= as_of))
    last, due, overdue = report_due(line, period, as_of)
    return ReportingRow(
        id=line.id,
        name=line.name,
        to=line.to,
        to_name=names.get(line.to, line.to),
        every_months=line.every_months,
        delivered=delivered,
        last=last,
        due=due,
        overdue=overdue,
    )


def analyse_governance(
    bodies: Sequence[Body],
    reporting: Sequence[Reporting],
    evaluations: Sequence[Evaluation],
    names: Mapping[str, str],
    period: Period | None,
    as_of: dt.date,
) -> Governance:
    """`names`: body and organisation ids → names, for `reports_to` and `to`."""
    body_rows = tuple(
        BodyRow(
            id=body.id,
            name=body.name,
            role=body.role.value,
            meets_every_weeks=body.meets_every_weeks,
            reports_to=body.reports_to,
            reports_to_name=names.get(body.reports_to, body.reports_to) if body.reports_to else None,
        )
        for body in bodies
    )
    evaluation_rows = tuple(
        EvaluationRow(
            id=evaluation.id,
            by=evaluation.by,
            kind=evaluation.kind.value if evaluation.kind else None,
            start=evaluation.period.start,
            end=evaluation.period.end,
            findings=tuple(evaluation.findings),
            recommendations=tuple(
                RecommendationRow(
                    id=r.id,
                    text=r.text,
                    response=r.response,
                    status=r.status.value,
                    due=r.due,
                    overdue=r.status is RecommendationStatus.OPEN and r.due is not None and as_of > r.due,
                )
                for r in evaluation.recommendations
            ),
        )
        for evaluation in evaluations
    )
    return Governance(
        bodies=body_rows,
        reporting=tuple(reporting_row(line, names, period, as_of) for line in reporting),
        evaluations=evaluation_rows,
    )


@dataclass(frozen=True, slots=True)
class ProgrammeGovernance:
    """A programme's own resources and governance (programme.yaml), for its report."""

    resources: Resources
    governance: Governance

    @property
    def empty(self) -> bool:
        return self.resources.empty and self.governance.empty


def _names_around(unit: ProgrammeUnit) -> dict[str, str]:
    """Organisation and body ids → names, the portfolio's shared ones included."""
    names: dict[str, str] = {}
    portfolio = unit.portfolio.entity.model if unit.portfolio and unit.portfolio.entity else None
    for source in (portfolio, unit.programme.model if unit.programme else None):
        if source is not None:
            names.update({org.id: org.name for org in source.organisations})
            names.update({body.id: body.name for body in source.bodies})
    return names


def analyse_programme_governance(unit: ProgrammeUnit, as_of: dt.date) -> ProgrammeGovernance:
    """Resources, bodies, reporting and evaluations a programme declares itself."""
    programme = unit.programme.model if unit.programme else None
    names = _names_around(unit)
    if programme is None:
        return ProgrammeGovernance(analyse_resources([]), analyse_governance([], [], [], names, None, as_of))
    return ProgrammeGovernance(
        resources=analyse_resources(((unit.id, programme.name, r) for r in programme.resources), names),
        governance=analyse_governance(
            programme.bodies,
            programme.reporting,
            programme.evaluations,
            names,
            programme.period,
            as_of,
        ),
    )


@dataclass(frozen=True, slots=True)
class ServingBenefit:
    """A programme's benefit as seen from the portfolio, with its coverage."""

    programme: str
    programme_name: str
    benefit: BenefitCoverage


@dataclass(frozen=True, slots=True)
class DecisionRef:
    id: str
    date: dt.date
    body: str
    reference: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class GoalCoverage:
    """A portfolio goal and the programmes' end benefits that name it in `serves`."""

    id: str
    name: str
    description: str | None
    decided_by: str | None
    decision: DecisionRef | None
    benefits: tuple[ServingBenefit, ...]

    @property
    def programmes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.programme for b in self.benefits))


@dataclass(frozen=True, slots=True)
class SharedReport:
    """One programme's report of a shared indicator: its benefit indicator with `shared: <id>`."""

    programme: str
    programme_name: str
    benefit: str
    benefit_name: str
    progress: IndicatorProgress


@dataclass(frozen=True, slots=True)
class SharedComparison:
    """A shared indicator compared across the programmes of the portfolio."""

    id: str
    name: str
    unit: str | None
    direction: Direction
    source: str | None
    by_sex: bool
    reports: tuple[SharedReport, ...]
    """By programme id, then benefit id, then indicator order."""
    missing: tuple[str, ...]
    """Programme ids that do not report it (PS803)."""


@dataclass(frozen=True, slots=True)
class GlossaryRow:
    term: str
    definition: str
    source: str | None


@dataclass(frozen=True, slots=True)
class ProgrammeRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class PortfolioCoverage:
    """The level above the programmes at the as-of date (plain data, for JSON and the report)."""

    id: str
    name: str
    description: str | None
    owner: str | None
    owner_name: str | None
    start: dt.date | None
    end: dt.date | None
    currency: str
    programmes: tuple[ProgrammeRef, ...]
    goals: tuple[GoalCoverage, ...]
    """In the order of portfolio.yaml (the owner's order)."""
    unserved: tuple[ServingBenefit, ...]
    """End benefits that serve no goal of the portfolio (candidates for goal drift);
    empty when the portfolio has no goals."""
    shared_indicators: tuple[SharedComparison, ...]
    resources: Resources
    governance: Governance
    glossary: tuple[GlossaryRow, ...]
    organisations: Mapping[str, str] = field(default_factory=dict)


def analyse_portfolio(
    portfolio_unit: PortfolioUnit,
    analyses_by_programme_id: Mapping[str, ProgrammeCoverage],
    as_of: dt.date,
) -> PortfolioCoverage:
    """Goals, shared indicators, resources and governance of one portfolio.

    `analyses_by_programme_id` holds the programmes' analyses (programme ids are unique
    within a portfolio); a programme of the portfolio missing there is analysed here.
    """
    model = portfolio_unit.entity.model if portfolio_unit.entity else None
    units = sorted((u for u in portfolio_unit.programmes if not u.loose), key=lambda u: u.id)
    analyses = {u.id: analyses_by_programme_id.get(u.id) or analyse_unit(u, as_of) for u in units}
    programmes = tuple(ProgrammeRef(u.id, analyses[u.id].name) for u in units)
    names: dict[str, str] = {}
    if model is not None:
        names.update({org.id: org.name for org in model.organisations})
        names.update({body.id: body.name for body in model.bodies})

    goal_ids = [goal.id for goal in model.goals] if model else []
    serving: dict[str, list[ServingBenefit]] = {goal_id: [] for goal_id in goal_ids}
    unserved: list[ServingBenefit] = []
    for unit in units:
        analysis = analyses[unit.id]
        for row in analysis.benefits:
            entity = unit.benefits.get(row.id)
            if entity is None:
                continue
            item = ServingBenefit(unit.id, analysis.name, row)
            goals = [g for g in dict.fromkeys(entity.model.serves) if g in serving]
            for goal_id in goals:
                serving[goal_id].append(item)
            if goal_ids and not goals and row.level is BenefitLevel.END:
                unserved.append(item)
    decisions = {d.id: d for d in model.decisions if d.id} if model else {}
    goals_out = []
    for goal in model.goals if model else []:
        decision = decisions.get(goal.decided_by) if goal.decided_by else None
        goals_out.append(
            GoalCoverage(
                id=goal.id,
                name=goal.name,
                description=goal.description,
                decided_by=goal.decided_by,
                decision=DecisionRef(
                    decision.id or "", decision.date, decision.body, decision.reference, decision.kind.value
                )
                if decision
                else None,
                benefits=tuple(serving[goal.id]),
            )
        )

    comparisons = []
    for shared in model.indicators if model else []:
        reports: list[SharedReport] = []
        for unit in units:
            analysis = analyses[unit.id]
            for row in analysis.benefits:
                entity = unit.benefits.get(row.id)
                if entity is None:
                    continue
                for indicator, progress in zip(entity.model.indicators, row.indicators, strict=False):
                    if indicator.shared == shared.id:
                        reports.append(SharedReport(unit.id, analysis.name, row.id, row.name, progress))
        reporting_ids = {r.programme for r in reports}
        comparisons.append(
            SharedComparison(
                id=shared.id,
                name=shared.name,
                unit=shared.unit,
                direction=shared.direction,
                source=shared.source,
                by_sex=shared.by_sex,
                reports=tuple(reports),
                missing=tuple(u.id for u in units if u.id not in reporting_ids),
            )
        )

    resource_rows = [
        (unit.id, analyses[unit.id].name, resource)
        for unit in units
        if unit.programme is not None
        for resource in unit.programme.model.resources
    ]
    payer_names = dict(names)
    for unit in units:
        if unit.programme is not None:
            payer_names.update({org.id: org.name for org in unit.programme.model.organisations})
    governance = analyse_governance(
        model.bodies if model else [],
        model.reporting if model else [],
        model.evaluations if model else [],
        names,
        model.period if model else None,
        as_of,
    )
    return PortfolioCoverage(
        id=portfolio_unit.id,
        name=model.name if model else portfolio_unit.id,
        description=model.description if model else None,
        owner=model.owner if model else None,
        owner_name=names.get(model.owner, model.owner) if model else None,
        start=model.period.start if model and model.period else None,
        end=model.period.end if model and model.period else None,
        currency=model.currency if model else "SEK",
        programmes=programmes,
        goals=tuple(goals_out),
        unserved=tuple(unserved),
        shared_indicators=tuple(comparisons),
        resources=analyse_resources(resource_rows, payer_names),
        governance=governance,
        glossary=tuple(GlossaryRow(g.term, g.definition, g.source) for g in model.glossary) if model else (),
        organisations={org.id: org.name for org in model.organisations} if model else {},
    )


def portfolio_units_of(analyses: Iterable[ProgrammeCoverage]) -> list[PortfolioUnit]:
    """The portfolios the analysed programmes belong to (through `source`), each once, in
    the order of their first programme."""
    found: dict[int, PortfolioUnit] = {}
    for analysis in analyses:
        unit = analysis.source
        if unit is not None and unit.portfolio is not None:
            found.setdefault(id(unit.portfolio), unit.portfolio)
    return list(found.values())


def portfolios_of(
    analyses: Sequence[ProgrammeCoverage],
    as_of: dt.date,
    portfolios: Iterable[PortfolioUnit] | None = None,
) -> list[PortfolioCoverage]:
    """`analyse_portfolio` for each of `portfolios` (None: those the analysed programmes
    belong to), reusing the programmes' analyses."""
    chosen = portfolio_units_of(analyses) if portfolios is None else list(portfolios)
    result = []
    for portfolio in chosen:
        members = {id(unit) for unit in portfolio.programmes}
        by_id = {a.id: a for a in analyses if a.source is not None and id(a.source) in members}
        result.append(analyse_portfolio(portfolio, by_id, as_of))
    return result
