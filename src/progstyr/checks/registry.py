"""The rule registry: every diagnostic code, its default severity and one-line doc.

Each rule is a small function over one programme unit, registered with `@rule`.
A rule about portfolio.yaml (SPEC §10) may add a second function over one portfolio
unit with `@portfolio_rule`: it runs once per portfolio, however many programmes it
has, and reports on portfolio.yaml. Codes that the loader emits while reading files
(PS100-PS108) are registered too, without a function, so that `rules`, `ignore` and
severity overrides treat every code alike. One-line docs live in the i18n table
under `rule.<CODE>`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from progstyr import i18n
from progstyr.config import Config
from progstyr.diagnostics import Diagnostic, Severity, make_args
from progstyr.portfolio import Entity, PortfolioUnit, ProgrammeUnit
from progstyr.yamlread import Pos

CheckFn = Callable[["Context"], Iterable[Diagnostic]]
PortfolioCheckFn = Callable[["PortfolioContext"], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    family: str
    check: CheckFn | None
    needs_programme_folder: bool
    portfolio_check: PortfolioCheckFn | None = None
    """The part of the rule that looks at a portfolio.yaml, run once per portfolio."""

    def title(self, lang: str) -> str:
        return i18n.text(f"rule.{self.code}", lang)


RULES: dict[str, Rule] = {}


def _register(code: str, severity: Severity, family: str, check: CheckFn | None, needs: bool) -> None:
    if code in RULES:
        raise ValueError(f"rule {code} registered twice")
    if not i18n.has(f"rule.{code}"):
        raise ValueError(f"rule {code} has no one-line doc in the i18n table")
    RULES[code] = Rule(code, severity, family, check, needs)


def rule(code: str, severity: Severity, *, programme_folder: bool = False) -> Callable[[CheckFn], CheckFn]:
    """Register a check. `programme_folder`: it needs the whole programme (not loose files)."""

    def decorator(fn: CheckFn) -> CheckFn:
        family = fn.__module__.rsplit(".", 1)[-1]
        _register(code, severity, family, fn, programme_folder)
        return fn

    return decorator


def portfolio_rule(code: str) -> Callable[[PortfolioCheckFn], PortfolioCheckFn]:
    """Add the portfolio.yaml part of an already registered rule (same code and severity).

    The programme part stays the rule's `check`, whose docstring says why the rule exists.
    """

    def decorator(fn: PortfolioCheckFn) -> PortfolioCheckFn:
        known = RULES.get(code)
        if known is None or known.portfolio_check is not None:
            raise ValueError(f"rule {code}: register it with @rule first, and its portfolio part once")
        RULES[code] = replace(known, portfolio_check=fn)
        return fn

    return decorator


def static_rule(code: str, severity: Severity, family: str) -> None:
    """Register a code the loader emits itself."""
    _register(code, severity, family, None, False)


class _Emits:
    """`emit`: a finding on an entity, at the rule's severity unless one is given."""

    __slots__ = ()

    def emit(
        self,
        entity: Entity[Any],
        code: str,
        key: str,
        pos: Pos,
        *,
        severity: Severity | None = None,
        **args: object,
    ) -> Diagnostic:
        level = severity if severity is not None else RULES[code].severity
        return entity.diagnostic(code, level, key, pos, make_args(**args))


@dataclass(slots=True)
class Context(_Emits):
    """What a check sees: one programme unit, the as-of date and the configuration."""

    unit: ProgrammeUnit
    as_of: dt.date
    config: Config


@dataclass(slots=True)
class PortfolioContext(_Emits):
    """What the portfolio part of a check sees: one portfolio unit (its portfolio.yaml,
    absent when unreadable, and its programmes), the as-of date and the configuration."""

    portfolio: PortfolioUnit
    as_of: dt.date
    config: Config


def number(value: float) -> str:
    """An amount or value as written in a file: 1137500, 12.5."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")
