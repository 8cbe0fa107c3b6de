"""PS501-PS504: is every benefit and high-priority gap served by real work?

The levels come from the coverage analysis module, so checks and the coverage
command can never disagree. PS502-PS504 look across files and stay silent while
any benefit, gap or project file of the programme cannot be read: the unreadable
file may be the very one that closes the gap, and its own error already fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator

from progstyr import benefitmap as coverage
from progstyr.checks.registry import Context, rule
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.model import GapStatus, Priority, ProjectPhase


@rule("PS501", Severity.ERROR)
def project_closes_no_gap(ctx: Context) -> Iterator[Diagnostic]:
    """A gap-closing project that closes no gap cannot be traced to any benefit."""
    for project in ctx.unit.projects.values():
        model = project.model
        if model.phase is not ProjectPhase.CANCELLED and not model.closes:
            yield ctx.emit(project, "PS501", "cover.no_gap", project.at(("closes",), key=True))


def _models(ctx: Context) -> tuple[dict, dict, dict]:  # type: ignore[type-arg]
    unit = ctx.unit
    return (
        {k: e.model for k, e in unit.benefits.items()},
        {k: e.model for k, e in unit.gaps.items()},
        {k: e.model for k, e in unit.projects.items()},
    )


@rule("PS502", Severity.WARNING, programme_folder=True)
def high_gap_uncovered(ctx: Context) -> Iterator[Diagnostic]:
    """The joint prioritisation means little if the top gaps have no work under way."""
    if not ctx.unit.complete:
        return
    _, gaps, projects = _models(ctx)
    levels = coverage.gap_levels(gaps, projects)
    for gap_id, entity in ctx.unit.gaps.items():
        if entity.model.priority is Priority.HIGH and not coverage.is_covered(levels[gap_id]):
            yield ctx.emit(entity, "PS502", "cover.high_gap_uncovered", entity.at(("priority",)))


@rule("PS503", Severity.WARNING, programme_folder=True)
def benefit_without_gap(ctx: Context) -> Iterator[Diagnostic]:
    """A benefit no gap leads to will not come about by itself."""
    if not ctx.unit.complete:
        return
    benefits, gaps, _ = _models(ctx)
    served = coverage.benefits_with_gaps(benefits, gaps)
    for benefit_id, entity in ctx.unit.benefits.items():
        if benefit_id not in served:
            yield ctx.emit(entity, "PS503", "cover.benefit_no_gap", (1, 1))


@rule("PS504", Severity.ERROR, programme_folder=True)
def closed_gap_undelivered(ctx: Context) -> Iterator[Diagnostic]:
    """A gap is closed by delivered work, not by changing its status."""
    if not ctx.unit.complete:
        return
    _, gaps, projects = _models(ctx)
    levels = coverage.gap_levels(gaps, projects)
    for gap_id, entity in ctx.unit.gaps.items():
        if entity.model.status is GapStatus.CLOSED and levels[gap_id] is not coverage.Level.DELIVERED:
            yield ctx.emit(entity, "PS504", "cover.closed_undelivered", entity.at(("status",)))
