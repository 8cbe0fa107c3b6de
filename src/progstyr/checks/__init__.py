"""The check catalogue (SPEC §4): every rule registered, and running them over a portfolio."""

from __future__ import annotations

import datetime as dt

from progstyr.checks import budget, coverage, dates, files, lifecycle, measurability, references  # noqa: F401
from progstyr.checks import portfolio as portfolio_checks  # noqa: F401
from progstyr.checks.registry import RULES, Context, PortfolioContext, Rule
from progstyr.config import Config
from progstyr.diagnostics import Diagnostic
from progstyr.portfolio import Portfolio

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
    for folder in portfolio.portfolios:  # the portfolio.yaml parts, once per portfolio
        pctx = PortfolioContext(folder, as_of, config)
        for code in sorted(RULES):
            part = RULES[code].portfolio_check
            if part is not None:
                found.extend(part(pctx))
    if portfolio.wanted is not None:
        found = [d for d in found if d.path in portfolio.wanted or d.code == "PS108"]
    return config.apply(found)
