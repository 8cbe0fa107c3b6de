"""PS701-PS702: the money adds up."""

from __future__ import annotations

import math
from collections.abc import Iterator

from progstyr.checks.registry import Context, number, rule
from progstyr.diagnostics import Diagnostic, Severity

TOLERANCE = 0.005
"""Half an öre: sums of amounts with decimals are compared to this precision."""


@rule("PS701", Severity.ERROR)
def funding_mismatch(ctx: Context) -> Iterator[Diagnostic]:
    """Funding that does not add up to the total means one of them is wrong."""
    for project in ctx.unit.projects.values():
        budget = project.model.budget
        if budget is None or not budget.funding:
            continue
        funded = math.fsum(f.amount for f in budget.funding)
        if abs(funded - budget.total) > TOLERANCE:
            yield ctx.emit(
                project,
                "PS701",
                "budget.funding_mismatch",
                project.at(("budget", "funding"), key=True),
                funding=number(funded),
                total=number(budget.total),
            )


@rule("PS702", Severity.WARNING)
def overspent(ctx: Context) -> Iterator[Diagnostic]:
    """Spending past the total needs a decision."""
    for project in ctx.unit.projects.values():
        budget = project.model.budget
        if budget is not None and budget.spent is not None and budget.spent > budget.total + TOLERANCE:
            yield ctx.emit(
                project,
                "PS702",
                "budget.overspent",
                project.at(("budget", "spent")),
                spent=number(budget.spent),
                total=number(budget.total),
            )
