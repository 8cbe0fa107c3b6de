"""The check catalogue (SPEC §4): every rule registered, and running them over a portfolio."""

from __future__ import annotations

import dataclasses
import datetime as dt

from progstyr.checks import budget, coverage, dates, files, lifecycle, measurability, references  # noqa: F401
from progstyr.checks import portfolio as portfolio_checks  # noqa: F401
from progstyr.checks.registry import RULES, Context, PortfolioContext, Rule
from progstyr.config import Config
from progstyr.diagnostics import Diagnostic
from progstyr.portfolio import Portfolio, ProgrammeUnit

__all__ = ["RULES", "Rule", "run"]


def run(portfolio: Portfolio, as_of: dt.date, config: Config) -> list[Diagnostic]:
    """Every diagnostic for the portfolio: load problems and rule findings, configured."""
    found: list[Diagnostic] = list(portfolio.extra)
    for source in portfolio.files:
        found.extend(source.diagnostics)
    for unit in portfolio.units:
        ctx = Context(unit, as_of, config)
        for code in sorted(RULES):
            rule = RULES[code]
            if rule.check is None or (rule.needs_programme_folder and unit.loose):
                continue
            found.extend(rule.check(ctx))
    for unit in portfolio.units:
        found.extend(_partial_findings(unit, as_of, config))
    for folder in portfolio.portfolios:  # the portfolio.yaml parts, once per portfolio
        pctx = PortfolioContext(folder, as_of, config)
        for code in sorted(RULES):
            part = RULES[code].portfolio_check
            if part is not None:
                found.extend(part(pctx))
    if portfolio.wanted is not None:
        found = [d for d in found if d.path in portfolio.wanted or d.code == "PS108"]
    return config.apply(found)


PARTIAL_RULES: dict[str, frozenset[str]] = {
    "PS401": frozenset({"indicators", "level"}),
    "PS402": frozenset({"indicators", "level"}),
    "PS403": frozenset({"indicators"}),
    "PS404": frozenset({"indicators"}),
    "PS406": frozenset({"indicators"}),
    "PS601": frozenset({"phase", "handover"}),
    "PS602": frozenset({"phase", "handover"}),
    "PS603": frozenset({"phase"}),
    "PS604": frozenset({"phase", "status"}),
    "PS605": frozenset({"phase", "period"}),
    "PS606": frozenset({"phase", "milestones"}),
    "PS701": frozenset({"budget"}),
    "PS702": frozenset({"budget"}),
}
"""Rules also run on a benefit or project file that has errors in some fields, and the
top-level fields each reads: a finding is reported only when none of those fields lost
anything, so an error in `budget` does not hide that the project is past its end (PS605),
and a dropped `status` never reads as "no status"."""


def _partial_findings(unit: ProgrammeUnit, as_of: dt.date, config: Config) -> list[Diagnostic]:
    """The findings of PARTIAL_RULES on the unit's partly readable benefit and project
    files (their entities without the fields in error), on those files only."""
    found: list[Diagnostic] = []
    for entity, dropped in unit.partial:
        if entity.kind not in ("benefit", "project"):
            continue
        group = "benefits" if entity.kind == "benefit" else "projects"
        shadow = dataclasses.replace(
            unit,
            **{group: {**getattr(unit, group), entity.id: entity}},  # type: ignore[arg-type]
        )
        ctx = Context(shadow, as_of, config)
        for code, reads in sorted(PARTIAL_RULES.items()):
            check = RULES[code].check
            if check is None or reads & dropped:
                continue
            found.extend(d for d in check(ctx) if d.path == entity.display)
    return found
