"""PS301-PS304: periods, dates against the as-of date, and date order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from progstyr.checks.registry import Context, rule
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.portfolio import Entity
from progstyr.yamlread import Path


@rule("PS301", Severity.ERROR)
def reversed_period(ctx: Context) -> Iterator[Diagnostic]:
    """A period that ends before it starts is a typo that breaks every timeline."""
    unit = ctx.unit
    periods: list[tuple[Entity[Any], Any]] = []
    if unit.programme is not None:
        periods.append((unit.programme, unit.programme.model.period))
    periods += [(p, p.model.period) for p in unit.projects.values()]
    for entity, period in periods:
        if period.end < period.start:
            yield ctx.emit(
                entity,
                "PS301",
                "date.period_reversed",
                entity.at(("period", "end")),
                start=period.start.isoformat(),
                end=period.end.isoformat(),
            )
    for benefit in unit.benefits.values():
        for index, indicator in enumerate(benefit.model.indicators):
            if indicator.baseline and indicator.target and indicator.target.date < indicator.baseline.date:
                yield ctx.emit(
                    benefit,
                    "PS301",
                    "date.target_before_baseline",
                    benefit.at(("indicators", index, "target", "date")),
                    target=indicator.target.date.isoformat(),
                    baseline=indicator.baseline.date.isoformat(),
                )


@rule("PS302", Severity.WARNING)
def project_outside_programme(ctx: Context) -> Iterator[Diagnostic]:
    """Work planned outside the programme's period has no programme to report to."""
    if ctx.unit.programme is None:
        return
    outer = ctx.unit.programme.model.period
    for project in ctx.unit.projects.values():
        period = project.model.period
        if period.start < outer.start or period.end > outer.end:
            yield ctx.emit(
                project,
                "PS302",
                "date.outside_programme",
                project.at(("period",), key=True),
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                pstart=outer.start.isoformat(),
                pend=outer.end.isoformat(),
            )


@rule("PS303", Severity.ERROR)
def dated_in_future(ctx: Context) -> Iterator[Diagnostic]:
    """A measurement or status from the future is a typo in the year."""
    as_of = ctx.as_of.isoformat()
    for benefit in ctx.unit.benefits.values():
        for i, indicator in enumerate(benefit.model.indicators):
            for j, measurement in enumerate(indicator.measurements):
                if measurement.date > ctx.as_of:
                    pos = benefit.at(("indicators", i, "measurements", j, "date"))
                    yield ctx.emit(
                        benefit,
                        "PS303",
                        "date.future_measurement",
                        pos,
                        date=measurement.date.isoformat(),
                        as_of=as_of,
                    )
    for project in ctx.unit.projects.values():
        for j, update in enumerate(project.model.status):
            if update.date > ctx.as_of:
                pos = project.at(("status", j, "date"))
                yield ctx.emit(
                    project, "PS303", "date.future_status", pos, date=update.date.isoformat(), as_of=as_of
                )


def _order(
    ctx: Context, entity: Entity[Any], base: Path, dates: Sequence[dt.date], later: str, same: str
) -> Iterator[Diagnostic]:
    for index in range(1, len(dates)):
        previous, current = dates[index - 1], dates[index]
        if current < previous:
            pos = entity.at((*base, index, "date"))
            yield ctx.emit(
                entity, "PS304", later, pos, date=current.isoformat(), previous=previous.isoformat()
            )
        elif current == previous:
            yield ctx.emit(entity, "PS304", same, entity.at((*base, index, "date")), date=current.isoformat())


@rule("PS304", Severity.ERROR)
def out_of_order(ctx: Context) -> Iterator[Diagnostic]:
    """Series are read in file order: the last entry is taken as the latest."""
    for benefit in ctx.unit.benefits.values():
        for i, indicator in enumerate(benefit.model.indicators):
            dates = [m.date for m in indicator.measurements]
            yield from _order(
                ctx,
                benefit,
                ("indicators", i, "measurements"),
                dates,
                "date.measurement_order",
                "date.measurement_same",
            )
    for project in ctx.unit.projects.values():
        dates = [s.date for s in project.model.status]
        yield from _order(ctx, project, ("status",), dates, "date.status_order", "date.status_same")
