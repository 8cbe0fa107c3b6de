"""PS401-PS404, PS406: can anyone tell whether a benefit is achieved, and for whom?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from progstyr.checks.registry import Context, number, rule
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.i18n import Term
from progstyr.model import DatedValue, Direction, Measurement, ProgrammePhase


def _phase_severity(ctx: Context) -> Severity:
    """Error once the programme is under way; a warning while it is still being defined."""
    programme = ctx.unit.programme
    if programme is not None and programme.model.phase is ProgrammePhase.DEFINITION:
        return Severity.WARNING
    return Severity.ERROR


@rule("PS401", Severity.ERROR)
def benefit_without_indicator(ctx: Context) -> Iterator[Diagnostic]:
    """A benefit nobody measures is the evaluations' most common finding."""
    severity = _phase_severity(ctx)
    for benefit in ctx.unit.benefits.values():
        if not benefit.model.indicators:
            pos = (
                benefit.at(("indicators",), key=True)
                if "indicators" in benefit.model.model_fields_set
                else (1, 1)
            )
            yield ctx.emit(benefit, "PS401", "measure.no_indicator", pos, severity=severity)


@rule("PS402", Severity.ERROR)
def indicator_without_baseline_or_target(ctx: Context) -> Iterator[Diagnostic]:
    """Without a baseline and a target, progress cannot be computed."""
    severity = _phase_severity(ctx)
    for benefit in ctx.unit.benefits.values():
        for index, indicator in enumerate(benefit.model.indicators):
            if indicator.baseline is None and indicator.target is None:
                key = "measure.no_baseline_target"
            elif indicator.baseline is None:
                key = "measure.no_baseline"
            elif indicator.target is None:
                key = "measure.no_target"
            else:
                continue
            pos = benefit.at(("indicators", index, "id"))
            yield ctx.emit(benefit, "PS402", key, pos, severity=severity, id=indicator.id)


@rule("PS403", Severity.ERROR)
def target_wrong_direction(ctx: Context) -> Iterator[Diagnostic]:
    """A target on the wrong side of the baseline makes every status read backwards."""
    for benefit in ctx.unit.benefits.values():
        for index, indicator in enumerate(benefit.model.indicators):
            if indicator.baseline is None or indicator.target is None:
                continue
            if indicator.direction is None:  # shared, and the portfolio could not say (PS802 tells)
                continue
            base, target = indicator.baseline.value, indicator.target.value
            ok = target > base if indicator.direction is Direction.INCREASE else target < base
            if not ok:
                pos = benefit.at(("indicators", index, "target", "value"))
                yield ctx.emit(
                    benefit,
                    "PS403",
                    "measure.wrong_direction",
                    pos,
                    target=number(target),
                    baseline=number(base),
                    direction=Term(f"direction.{indicator.direction.value}.verb"),
                )


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@rule("PS404", Severity.WARNING)
def indicator_not_measured(ctx: Context) -> Iterator[Diagnostic]:
    """During implementation every indicator should be measured at least yearly."""
    programme = ctx.unit.programme
    if programme is None or programme.model.phase is not ProgrammePhase.IMPLEMENTATION:
        return
    limit = _year_before(ctx.as_of)
    for benefit in ctx.unit.benefits.values():
        for index, indicator in enumerate(benefit.model.indicators):
            dates = [m.date for m in indicator.measurements if m.date <= ctx.as_of]
            if indicator.baseline is not None and indicator.baseline.date <= ctx.as_of:
                dates.append(indicator.baseline.date)
            latest = max(dates, default=None)
            if latest is None or latest < limit:
                pos = benefit.at(("indicators", index, "id"))
                if latest is None:
                    yield ctx.emit(benefit, "PS404", "measure.never", pos, id=indicator.id)
                else:
                    yield ctx.emit(
                        benefit, "PS404", "measure.stale", pos, id=indicator.id, date=latest.isoformat()
                    )


@rule("PS406", Severity.ERROR)
def by_sex_values_missing(ctx: Context) -> Iterator[Diagnostic]:
    """Sex-disaggregated follow-up (könsuppdelad statistik) needs women and men on every value:
    a gap in one series makes the comparison between them meaningless."""
    for benefit in ctx.unit.benefits.values():
        for index, indicator in enumerate(benefit.model.indicators):
            if not indicator.by_sex:
                continue
            entries: list[tuple[tuple[str | int, ...], DatedValue | Measurement]] = []
            if indicator.baseline is not None:
                entries.append((("indicators", index, "baseline"), indicator.baseline))
            if indicator.target is not None:
                entries.append((("indicators", index, "target"), indicator.target))
            for m_index, measurement in enumerate(indicator.measurements):
                entries.append((("indicators", index, "measurements", m_index), measurement))
            for path, entry in entries:
                missing = [name for name in ("women", "men") if getattr(entry, name) is None]
                if not missing:
                    continue
                key = "measure.by_sex_both" if len(missing) == 2 else f"measure.by_sex_{missing[0]}"
                what = (
                    "baseline"
                    if path[2] == "baseline"
                    else "target"
                    if path[2] == "target"
                    else "measurement"
                )
                yield ctx.emit(
                    benefit,
                    "PS406",
                    key,
                    benefit.holder(path),
                    id=indicator.id,
                    what=Term(f"value_kind.{what}"),
                    date=entry.date.isoformat(),
                )
