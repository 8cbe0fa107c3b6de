"""PS601-PS606: handover, closing and keeping project status current."""

from __future__ import annotations

from collections.abc import Iterator

from progstyr.checks.registry import Context, rule
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.i18n import Term
from progstyr.model import ProgrammePhase, ProjectPhase

_DELIVERED = (ProjectPhase.COMPLETED, ProjectPhase.HANDED_OVER)
_RUNNING = (ProjectPhase.PLANNING, ProjectPhase.EXECUTION)
_FINISHED = (ProjectPhase.COMPLETED, ProjectPhase.HANDED_OVER, ProjectPhase.CANCELLED)


def _phase(phase: ProjectPhase) -> Term:
    return Term(f"project_phase.{phase.value}")


@rule("PS601", Severity.ERROR)
def delivered_without_recipient(ctx: Context) -> Iterator[Diagnostic]:
    """Delivered work with no receiver is the fault the evaluations found at closing."""
    for project in ctx.unit.projects.values():
        model = project.model
        if model.phase in _DELIVERED and model.handover is None:
            yield ctx.emit(
                project, "PS601", "life.no_recipient", project.at(("phase",)), phase=_phase(model.phase)
            )


@rule("PS602", Severity.ERROR)
def closing_without_recipient(ctx: Context) -> Iterator[Diagnostic]:
    """When the programme closes, ongoing work needs someone to carry it on."""
    programme = ctx.unit.programme
    if programme is None or programme.model.phase is not ProgrammePhase.CLOSING:
        return
    for project in ctx.unit.projects.values():
        model = project.model
        if model.phase in _RUNNING and model.handover is None:
            yield ctx.emit(
                project,
                "PS602",
                "life.closing_no_recipient",
                project.at(("phase",)),
                phase=_phase(model.phase),
            )


@rule("PS603", Severity.ERROR)
def closed_with_running_projects(ctx: Context) -> Iterator[Diagnostic]:
    """A closed programme cannot still be running projects."""
    programme = ctx.unit.programme
    if programme is None or programme.model.phase is not ProgrammePhase.CLOSED:
        return
    for project in ctx.unit.projects.values():
        model = project.model
        if model.phase in _RUNNING:
            yield ctx.emit(
                project,
                "PS603",
                "life.closed_still_running",
                project.at(("phase",)),
                phase=_phase(model.phase),
            )


@rule("PS604", Severity.WARNING)
def stale_status(ctx: Context) -> Iterator[Diagnostic]:
    """The steering group sees the latest status; an old one hides today's problems."""
    limit = ctx.config.stale_status_days
    for project in ctx.unit.projects.values():
        model = project.model
        if model.phase is not ProjectPhase.EXECUTION:
            continue
        if not model.status:
            yield ctx.emit(project, "PS604", "life.no_status", project.at(("phase",)))
            continue
        latest = model.status[-1].date
        age = (ctx.as_of - latest).days
        if age > limit:
            pos = project.at(("status", len(model.status) - 1, "date"))
            yield ctx.emit(
                project, "PS604", "life.stale_status", pos, days=age, date=latest.isoformat(), limit=limit
            )


@rule("PS605", Severity.WARNING)
def past_end(ctx: Context) -> Iterator[Diagnostic]:
    """A project past its end date should be completed, handed over or cancelled."""
    for project in ctx.unit.projects.values():
        model = project.model
        if model.period.end < ctx.as_of and model.phase not in _FINISHED:
            yield ctx.emit(
                project,
                "PS605",
                "life.past_end",
                project.at(("period", "end")),
                end=model.period.end.isoformat(),
                phase=_phase(model.phase),
            )


@rule("PS606", Severity.WARNING)
def milestone_late(ctx: Context) -> Iterator[Diagnostic]:
    """A milestone past its date and not done needs a decision or a new date."""
    for project in ctx.unit.projects.values():
        model = project.model
        if model.phase is ProjectPhase.CANCELLED:
            continue
        for index, milestone in enumerate(model.milestones):
            if milestone.date < ctx.as_of and not milestone.done:
                yield ctx.emit(
                    project,
                    "PS606",
                    "life.milestone_late",
                    project.at(("milestones", index, "date")),
                    name=milestone.name,
                    date=milestone.date.isoformat(),
                )
