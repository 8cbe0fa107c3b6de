"""PS801-PS809: a portfolio's programmes against what its owner decided (SPEC §10-§13).

The evaluations of Malmö's area programmes and Stockholm's programme found the faults
these rules look for: goals widened beyond the owner's decision, no shared definitions,
reporting upward scattered, follow-up research not attached from the start, more than
half the money going to staff. A rule about portfolio.yaml has a second function,
registered with `@portfolio_rule`, that runs once per portfolio.

Rules that look across files stay silent while a file they depend on could not be read
(portfolio.yaml, or any file of the programme): that file's own error already fails the
run, and one typo must not cascade into findings that are not true.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from progstyr.benefitmap import add_months, report_due
from progstyr.checks.references import unknown_id
from progstyr.checks.registry import Context, PortfolioContext, portfolio_rule, rule
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.i18n import Num, Term
from progstyr.model import (
    BenefitLevel,
    Evaluation,
    EvaluationKind,
    Period,
    PortfolioFile,
    ProgrammePhase,
    RecommendationStatus,
    Reporting,
    ResourceCategory,
    SharedIndicator,
)
from progstyr.portfolio import Entity, PortfolioUnit, ProgrammeUnit
from progstyr.yamlread import Path

AnyContext = Context | PortfolioContext

RESPONSE_MONTHS = 6
"""PS806: months after an evaluation's end within which its recommendations get a response."""
EVALUATION_MONTHS = 12
"""PS807: an evaluation attached from the start begins within this many months of the start."""
OVERHEAD = (ResourceCategory.STAFF, ResourceCategory.PREMISES)
"""PS808: the categories that are running costs rather than work done."""


def _portfolio_file(unit: ProgrammeUnit) -> Entity[PortfolioFile] | None:
    """The readable portfolio.yaml a programme belongs to, if any."""
    return unit.portfolio.entity if unit.portfolio is not None else None


def _unknown(
    ctx: AnyContext, entity: Entity[Any], path: Path, ref: str, kind: str, known: Iterable[str]
) -> Diagnostic:
    """PS802 with a did-you-mean, worded like PS201."""
    return unknown_id(ctx, "PS802", entity, path, ref, Term(f"pf.none.{kind}"), known)


def _recipients(ctx: AnyContext, entity: Entity[Any], known: set[str]) -> Iterator[Diagnostic]:
    """PS802 for `reports_to` of bodies and `to` of reporting: a body or an organisation id."""
    model = entity.model
    for index, body in enumerate(model.bodies):
        if body.reports_to is not None and body.reports_to not in known:
            yield _unknown(ctx, entity, ("bodies", index, "reports_to"), body.reports_to, "body", known)
    for index, report in enumerate(model.reporting):
        if report.to not in known:
            yield _unknown(ctx, entity, ("reporting", index, "to"), report.to, "body", known)


def _governed(model: Any) -> set[str]:
    """The ids a body's `reports_to` or a report's `to` may name in this file."""
    return {body.id for body in model.bodies} | {org.id for org in model.organisations}


# ---------------------------------------------------------------- PS801


@rule("PS801", Severity.WARNING, programme_folder=True)
def end_benefit_serves_no_goal(ctx: Context) -> Iterator[Diagnostic]:
    """Goal drift (målglidning): an end benefit tied to none of the goals the portfolio's owner
    decided widens the programme beyond its mandate, the evaluations' hardest finding."""
    portfolio = _portfolio_file(ctx.unit)
    if portfolio is None or not portfolio.model.goals:
        return
    goals = ", ".join(sorted(goal.id for goal in portfolio.model.goals))
    for benefit in ctx.unit.benefits.values():
        model = benefit.model
        if model.level is BenefitLevel.END and not model.serves:
            pos = benefit.at(("serves",), key=True) if "serves" in model.model_fields_set else (1, 1)
            yield ctx.emit(benefit, "PS801", "pf.serves_nothing", pos, goals=goals)


# ---------------------------------------------------------------- PS802


@rule("PS802", Severity.ERROR, programme_folder=True)
def unknown_portfolio_reference(ctx: Context) -> Iterator[Diagnostic]:
    """A goal, shared indicator or body that does not exist makes the link mean nothing: the
    benefit counts for no goal, the indicator is compared with nothing, the report goes nowhere."""
    unit = ctx.unit
    if unit.portfolio is not None and unit.portfolio.entity is None:
        return  # portfolio.yaml unreadable: its ids are unknown, not wrong
    portfolio = _portfolio_file(unit)
    goals = {goal.id for goal in portfolio.model.goals} if portfolio else set()
    shared = {ind.id for ind in portfolio.model.indicators} if portfolio else set()
    for benefit in unit.benefits.values():
        model = benefit.model
        if model.serves and portfolio is None:
            yield ctx.emit(benefit, "PS802", "pf.no_portfolio.serves", benefit.at(("serves",), key=True))
        elif portfolio is not None:
            for index, goal in enumerate(model.serves):
                if goal not in goals:
                    yield _unknown(ctx, benefit, ("serves", index), goal, "goal", goals)
        for index, indicator in enumerate(model.indicators):
            if indicator.shared is None:
                continue
            path: Path = ("indicators", index, "shared")
            if portfolio is None:
                yield ctx.emit(benefit, "PS802", "pf.no_portfolio.shared", benefit.at(path))
            elif indicator.shared not in shared:
                yield _unknown(ctx, benefit, path, indicator.shared, "shared", shared)
    if unit.programme is not None:
        known = _governed(unit.programme.model)
        if portfolio is not None:
            known |= _governed(portfolio.model)
        yield from _recipients(ctx, unit.programme, known)


@portfolio_rule("PS802")
def unknown_reference_in_portfolio(ctx: PortfolioContext) -> Iterator[Diagnostic]:
    """portfolio.yaml: bodies and reports name bodies or organisations, goals name decisions."""
    entity = ctx.portfolio.entity
    if entity is None:
        return
    yield from _recipients(ctx, entity, _governed(entity.model))
    decisions = {decision.id for decision in entity.model.decisions if decision.id is not None}
    for index, goal in enumerate(entity.model.goals):
        if goal.decided_by is not None and goal.decided_by not in decisions:
            path = ("goals", index, "decided_by")
            yield _unknown(ctx, entity, path, goal.decided_by, "decision", decisions)


# ---------------------------------------------------------------- PS803


@rule("PS803", Severity.WARNING, programme_folder=True)
def shared_indicator_not_reported(ctx: Context) -> Iterator[Diagnostic]:
    """Shared indicators are how the owner compares the programmes ("22 different
    interpretations" otherwise): each programme must report every one of them."""
    unit = ctx.unit
    portfolio = _portfolio_file(unit)
    if portfolio is None or unit.programme is None or not unit.complete:
        return
    reported = {ind.shared for b in unit.benefits.values() for ind in b.model.indicators if ind.shared}
    seen: set[str] = set()
    for shared in portfolio.model.indicators:
        if shared.id in seen:  # a repeated id is PS202
            continue
        seen.add(shared.id)
        if shared.id not in reported:
            yield ctx.emit(unit.programme, "PS803", "pf.not_reported", (1, 1), id=shared.id, name=shared.name)


# ---------------------------------------------------------------- PS804


@rule("PS804", Severity.ERROR, programme_folder=True)
def contradicts_shared_indicator(ctx: Context) -> Iterator[Diagnostic]:
    """A programme's figure for a shared indicator is only comparable with the others' when it
    is measured the same way: same unit, same direction, by sex when the portfolio's is."""
    portfolio = _portfolio_file(ctx.unit)
    if portfolio is None:
        return
    shared: dict[str, SharedIndicator] = {}
    for first in portfolio.model.indicators:
        shared.setdefault(first.id, first)  # a repeated id is PS202; the first one counts
    for benefit in ctx.unit.benefits.values():
        for index, indicator in enumerate(benefit.model.indicators):
            common = shared.get(indicator.shared or "")
            if common is None:
                continue
            written = indicator.model_fields_set  # what is left out is taken from the portfolio
            base: Path = ("indicators", index)
            if (
                "unit" in written
                and indicator.unit is not None
                and common.unit is not None
                and indicator.unit.strip() != common.unit.strip()
            ):
                yield ctx.emit(
                    benefit,
                    "PS804",
                    "pf.contradicts.unit",
                    benefit.at((*base, "unit")),
                    shared=common.id,
                    expected=common.unit,
                    found=indicator.unit,
                )
            if (
                "direction" in written
                and indicator.direction is not None
                and indicator.direction is not common.direction
            ):
                yield ctx.emit(
                    benefit,
                    "PS804",
                    "pf.contradicts.direction",
                    benefit.at((*base, "direction")),
                    shared=common.id,
                    expected=common.direction.value,
                    found=indicator.direction.value,
                )
            if "by_sex" in written and indicator.by_sex is not common.by_sex:
                key = "pf.contradicts.by_sex_true" if common.by_sex else "pf.contradicts.by_sex_false"
                yield ctx.emit(benefit, "PS804", key, benefit.at((*base, "by_sex")), shared=common.id)


# ---------------------------------------------------------------- PS805


def _overdue(
    ctx: AnyContext, entity: Entity[Any], reporting: Sequence[Reporting], period: Period | None
) -> Iterator[Diagnostic]:
    """Each report owed upward whose next delivery is past (`coverage.report_due`, the rule
    the report's "försenad" uses too)."""
    for index, report in enumerate(reporting):
        last, due, overdue = report_due(report, period, ctx.as_of)
        if not overdue or due is None:
            continue
        pos = entity.at(("reporting", index, "id"))
        name, to, when = report.name, report.to, due.isoformat()
        if last is None:
            yield ctx.emit(entity, "PS805", "pf.overdue_never", pos, name=name, to=to, due=when)
        else:
            yield ctx.emit(
                entity, "PS805", "pf.overdue_since", pos, name=name, to=to, due=when, last=last.isoformat()
            )


@rule("PS805", Severity.WARNING)
def reporting_overdue(ctx: Context) -> Iterator[Diagnostic]:
    """Reporting upward was "scattered and unstructured": a report agreed at a fixed interval
    (DR1, DR2, Årsanalys) that has not been delivered in time is visible before the owner asks."""
    programme = ctx.unit.programme
    if programme is not None:
        yield from _overdue(ctx, programme, programme.model.reporting, programme.model.period)


@portfolio_rule("PS805")
def reporting_overdue_in_portfolio(ctx: PortfolioContext) -> Iterator[Diagnostic]:
    """portfolio.yaml: its reports, within its period (or, without one, after a delivery)."""
    entity = ctx.portfolio.entity
    if entity is not None:
        yield from _overdue(ctx, entity, entity.model.reporting, entity.model.period)


# ---------------------------------------------------------------- PS806


def _recommendations(
    ctx: AnyContext, entity: Entity[Any], evaluations: Sequence[Evaluation]
) -> Iterator[Diagnostic]:
    for e_index, evaluation in enumerate(evaluations):
        answer_by = add_months(evaluation.period.end, RESPONSE_MONTHS)
        for r_index, recommendation in enumerate(evaluation.recommendations):
            if recommendation.status is not RecommendationStatus.OPEN:
                continue
            path: Path = ("evaluations", e_index, "recommendations", r_index)
            if recommendation.due is not None and recommendation.due < ctx.as_of:
                yield ctx.emit(
                    entity,
                    "PS806",
                    "pf.recommendation_due",
                    entity.at((*path, "due")),
                    id=recommendation.id,
                    due=recommendation.due.isoformat(),
                )
            elif not (recommendation.response or "").strip() and answer_by < ctx.as_of:
                yield ctx.emit(
                    entity,
                    "PS806",
                    "pf.recommendation_unanswered",
                    entity.at((*path, "id")),
                    id=recommendation.id,
                    end=evaluation.period.end.isoformat(),
                )


@rule("PS806", Severity.WARNING)
def recommendation_left_open(ctx: Context) -> Iterator[Diagnostic]:
    """An evaluation is only worth what is done with it: an open recommendation past its due
    date, or one left without a response half a year after the evaluation ended, is forgotten."""
    programme = ctx.unit.programme
    if programme is not None:
        yield from _recommendations(ctx, programme, programme.model.evaluations)


@portfolio_rule("PS806")
def recommendation_left_open_in_portfolio(ctx: PortfolioContext) -> Iterator[Diagnostic]:
    """portfolio.yaml: the recommendations of its evaluations."""
    entity = ctx.portfolio.entity
    if entity is not None:
        yield from _recommendations(ctx, entity, entity.model.evaluations)


# ---------------------------------------------------------------- PS807


def _no_evaluation(
    ctx: AnyContext, entity: Entity[Any], evaluations: Sequence[Evaluation], start: dt.date, whose: str
) -> Iterator[Diagnostic]:
    """PS807 once the first year is over without an independent evaluation having started in
    it: during that year there is still time, afterwards it is the finding the steering group
    must see (follow-up research "never attached from the start"). A planned evaluation whose
    period starts within the year also counts."""
    limit = add_months(start, EVALUATION_MONTHS)
    if ctx.as_of <= limit:
        return
    independent = (EvaluationKind.RESEARCH, EvaluationKind.EXTERNAL)
    if any(e.kind in independent and e.period.start <= limit for e in evaluations):
        return
    written = "evaluations" in entity.model.model_fields_set
    pos = entity.at(("evaluations",), key=True) if written else (1, 1)
    yield ctx.emit(
        entity,
        "PS807",
        "pf.no_evaluation",
        pos,
        whose=Term(f"pf.whose.{whose}"),
        start=start.isoformat(),
        limit=limit.isoformat(),
    )


@rule("PS807", Severity.WARNING, programme_folder=True)
def no_evaluation_from_the_start(ctx: Context) -> Iterator[Diagnostic]:
    """Follow-up research "never attached from the start" left the evaluators of Malmö's area
    programmes without a baseline: while there is still time, an external evaluation or
    follow-up research should be planned to begin within a year of the start. A programme in
    a portfolio is covered by the portfolio's evaluation."""
    unit = ctx.unit
    programme = unit.programme
    if unit.portfolio is not None or programme is None:
        return
    model = programme.model
    if model.phase is ProgrammePhase.CLOSED:
        return
    yield from _no_evaluation(ctx, programme, model.evaluations, model.period.start, "programme")


@portfolio_rule("PS807")
def no_evaluation_from_the_start_in_portfolio(ctx: PortfolioContext) -> Iterator[Diagnostic]:
    """portfolio.yaml: from its period's start, or, without a period, the earliest programme's."""
    entity = ctx.portfolio.entity
    if entity is None:
        return
    if entity.model.period is not None:
        start = entity.model.period.start
    else:
        programmes = ctx.portfolio.programmes
        if not programmes or any(p.programme is None for p in programmes):
            return  # a programme.yaml could not be read: its start may be the earliest
        start = min(p.programme.model.period.start for p in programmes if p.programme is not None)
    yield from _no_evaluation(ctx, entity, entity.model.evaluations, start, "portfolio")


# ---------------------------------------------------------------- PS808

EPSILON = 1e-9


@rule("PS808", Severity.WARNING)
def overhead_share_too_large(ctx: Context) -> Iterator[Diagnostic]:
    """More than half the money went to staff in Malmö's area programmes: a year in which staff
    and premises take more than `overhead_share_max` of the resources leaves little for work."""
    programme = ctx.unit.programme
    if programme is None:
        return
    limit = ctx.config.overhead_share_max
    years: dict[int, list[int]] = defaultdict(list)
    for index, resource in enumerate(programme.model.resources):
        years[resource.year].append(index)
    resources = programme.model.resources
    for year in sorted(years):
        entries = [resources[i] for i in years[year]]
        total = math.fsum(r.amount for r in entries)
        overhead = math.fsum(r.amount for r in entries if r.category in OVERHEAD)
        if not math.isfinite(total) or total <= 0 or overhead / total <= limit + EPSILON:
            continue
        first = next(i for i in years[year] if resources[i].category in OVERHEAD)
        yield ctx.emit(
            programme,
            "PS808",
            "pf.overhead",
            programme.at(("resources", first, "year")),
            year=year,
            share=Num(round(overhead / total * 100, 1)),
            overhead=Num(overhead, 0),
            total=Num(total, 0),
            limit=Num(round(limit * 100, 1)),
        )


# ---------------------------------------------------------------- PS809


def _programme_references(unit: ProgrammeUnit) -> set[str]:
    """Every organisation id the programme's files name (and body ids, which do no harm)."""
    used: set[str] = set()
    if unit.programme is not None:
        model = unit.programme.model
        used.add(model.owner)
        used |= {r.payer for r in model.resources if r.payer is not None}
        used |= {b.reports_to for b in model.bodies if b.reports_to is not None}
        used |= {r.to for r in model.reporting}
    for benefit in unit.benefits.values():
        used.add(benefit.model.owner)
    for project in unit.projects.values():
        p = project.model
        used.add(p.owner)
        used.update(p.partners)
        if p.handover is not None:
            used.add(p.handover.recipient)
    return used


def _portfolio_references(model: PortfolioFile) -> set[str]:
    used = {model.owner}
    used |= {b.reports_to for b in model.bodies if b.reports_to is not None}
    used |= {r.to for r in model.reporting}
    return used


def _unused(ctx: AnyContext, entity: Entity[Any], used: set[str], key: str) -> Iterator[Diagnostic]:
    for index, org in enumerate(entity.model.organisations):
        if org.id not in used:
            pos = entity.at(("organisations", index, "id"))
            yield ctx.emit(entity, "PS809", key, pos, id=org.id, name=org.name)


def _readable(unit: ProgrammeUnit) -> bool:
    return unit.programme is not None and unit.complete


@rule("PS809", Severity.WARNING, programme_folder=True)
def organisation_unused(ctx: Context) -> Iterator[Diagnostic]:
    """An actor listed but given no role (owner, partner, recipient, payer, a report's
    receiver) is either a role forgotten in the files or a name that should go."""
    unit = ctx.unit
    if unit.programme is None or not _readable(unit):
        return
    yield from _unused(ctx, unit.programme, _programme_references(unit), "pf.unused_organisation")


@portfolio_rule("PS809")
def shared_organisation_unused(ctx: PortfolioContext) -> Iterator[Diagnostic]:
    """portfolio.yaml: a shared organisation counts as used when any of its programmes uses it."""
    folder: PortfolioUnit = ctx.portfolio
    entity = folder.entity
    if entity is None or not all(_readable(unit) for unit in folder.programmes):
        return
    used = _portfolio_references(entity.model)
    for unit in folder.programmes:
        used |= _programme_references(unit)
    yield from _unused(ctx, entity, used, "pf.unused_shared_organisation")
