"""The steering-group status report (SPEC §8): a context of plain data, rendered by Jinja2.

`build_context` gathers everything once (the coverage analysis, the diagnostics,
git facts, what changed since a ref); `render` hands it to a template from
`templates/` (or a user's own, in the same sandbox). Every `{{ … }}` in a template
is escaped for Markdown unless a helper marked it as ready-made Markdown, so text
from the YAML cannot break a table or inject HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from jinja2.bccache import BytecodeCache
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from progstyr import gitinfo, i18n, textfmt
from progstyr.coverage import (
    STATUSES,
    IndicatorProgress,
    Point,
    PortfolioCoverage,
    ProgrammeCoverage,
    ProgrammeGovernance,
    Resources,
    Share,
    analyse_programme_governance,
    analyse_unit,
    portfolio_units_of,
    portfolios_of,
)
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.gitinfo import Commit
from progstyr.load import Snapshot, load_snapshot
from progstyr.model import Benefit, Decision, Programme, Project
from progstyr.portfolio import PortfolioUnit, ProgrammeUnit
from progstyr.render import coverage as render_coverage
from progstyr.render.markdown import code_span, escape, mermaid_label, table

ENDING_SOON_DAYS = 90
"""Projects ending within this many days of the as-of date are called out."""


# ---------------------------------------------------------------- changes and goal drift


@dataclass(frozen=True, slots=True)
class Change:
    """One change since the ref, as a translatable sentence."""

    key: str
    args: tuple[tuple[str, object], ...]


@dataclass(slots=True)
class Changes:
    ref: str
    commit: Commit
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    phases: list[Change] = field(default_factory=list)
    ratings: list[Change] = field(default_factory=list)
    measurements: list[Change] = field(default_factory=list)
    decisions: list[Change] = field(default_factory=list)
    drift: list[Change] = field(default_factory=list)
    decision_logged: bool = False

    @property
    def label(self) -> str:
        """The ref as the user gave it; a commit hash shortened to the commit's short form."""
        if len(self.ref) > len(self.commit.short) and self.commit.sha.startswith(self.ref.lower()):
            return self.commit.short
        return self.ref

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.phases or self.ratings or self.measurements or self.decisions
        )


@dataclass(frozen=True, slots=True)
class ValueArg:
    """A number (with an optional date and unit) shown in the report's language style."""

    value: float
    date: dt.date | None = None
    unit: str | None = None

    def show(self, lang: str) -> str:
        text = textfmt.quantity(self.value, self.unit, lang)
        return f"{text} ({textfmt.date(self.date, lang)})" if self.date else text


def _shown(value: object, lang: str) -> object:
    """A change's argument as the report's language writes it (numbers, dates)."""
    if isinstance(value, ValueArg):
        return value.show(lang)
    if isinstance(value, dt.date):
        return textfmt.date(value, lang)
    return value


def _c(key: str, **args: object) -> Change:
    return Change(key, tuple(sorted(args.items())))


def _latest_rating(project: Project) -> str | None:
    if not project.status:
        return None
    return max(project.status, key=lambda s: s.date).overall.value


def _indicator_drift(benefit_id: str, name: str, old: Benefit, new: Benefit) -> list[Change]:
    found: list[Change] = []
    old_ind = {i.id: i for i in old.indicators}
    new_ind = {i.id: i for i in new.indicators}
    for ident in sorted(old_ind.keys() - new_ind.keys()):
        gone = old_ind[ident]
        found.append(
            _c("chg.drift.indicator_removed", benefit=name, indicator=gone.name or gone.shared or ident)
        )
    for ident in sorted(new_ind.keys() - old_ind.keys()):
        added = new_ind[ident]
        found.append(
            _c("chg.drift.indicator_added", benefit=name, indicator=added.name or added.shared or ident)
        )
    for ident in sorted(old_ind.keys() & new_ind.keys()):
        before, after = old_ind[ident], new_ind[ident]
        label = after.name or after.shared or after.id
        for part in ("target", "baseline"):
            was, now = getattr(before, part), getattr(after, part)
            if (was and (was.date, was.value)) != (now and (now.date, now.value)):
                found.append(
                    _c(
                        f"chg.drift.{part}",
                        indicator=label,
                        was=ValueArg(was.value, was.date, after.unit) if was else "–",
                        now=ValueArg(now.value, now.date, after.unit) if now else "–",
                    )
                )
        if before.direction != after.direction and before.direction and after.direction:
            found.append(
                _c(
                    "chg.drift.direction",
                    indicator=label,
                    was=i18n.Term(f"direction.{before.direction.value}.verb"),
                    now=i18n.Term(f"direction.{after.direction.value}.verb"),
                )
            )
    return found


def compare(unit: ProgrammeUnit, old: Snapshot | None, ref: str, commit: Commit, as_of: dt.date) -> Changes:
    """What changed in one programme between the snapshot at `ref` and now."""
    changes = Changes(ref, commit)
    old = old or Snapshot()
    now_benefits = {k: e.model for k, e in unit.benefits.items()}
    now_gaps = {k: e.model for k, e in unit.gaps.items()}
    now_projects = {k: e.model for k, e in unit.projects.items()}
    for kind, before, after in (
        ("benefit", old.benefits, now_benefits),
        ("gap", old.gaps, now_gaps),
        ("project", old.projects, now_projects),
    ):
        for ident in sorted(after.keys() - before.keys()):
            changes.added.append(_c(f"chg.added.{kind}", name=after[ident].name))
            if kind in ("benefit", "gap"):
                changes.drift.append(_c(f"chg.drift.{kind}_added", name=after[ident].name))
        for ident in sorted(before.keys() - after.keys()):
            changes.removed.append(_c(f"chg.removed.{kind}", name=before[ident].name))
            if kind in ("benefit", "gap"):
                changes.drift.append(_c(f"chg.drift.{kind}_removed", name=before[ident].name))
    programme = unit.programme.model if unit.programme else None
    if old.programme is not None and programme is not None and old.programme.phase != programme.phase:
        changes.phases.append(
            _c(
                "chg.programme_phase",
                was=i18n.Term(f"phase.{old.programme.phase.value}"),
                now=i18n.Term(f"phase.{programme.phase.value}"),
            )
        )
    for ident in sorted(now_projects.keys() & old.projects.keys()):
        before_p, after_p = old.projects[ident], now_projects[ident]
        if before_p.phase != after_p.phase:
            changes.phases.append(
                _c(
                    "chg.project_phase",
                    name=after_p.name,
                    was=i18n.Term(f"project_phase.{before_p.phase.value}"),
                    now=i18n.Term(f"project_phase.{after_p.phase.value}"),
                )
            )
        was_rating, now_rating = _latest_rating(before_p), _latest_rating(after_p)
        if was_rating != now_rating:
            changes.ratings.append(
                _c(
                    "chg.rating",
                    name=after_p.name,
                    was=i18n.Term(f"rating.{was_rating or 'none'}"),
                    now=i18n.Term(f"rating.{now_rating or 'none'}"),
                )
            )
    for ident in sorted(now_benefits.keys() & old.benefits.keys()):
        before_b, after_b = old.benefits[ident], now_benefits[ident]
        old_points = {(i.id, m.date) for i in before_b.indicators for m in i.measurements}
        for indicator in after_b.indicators:
            for m in indicator.measurements:
                if (indicator.id, m.date) not in old_points and m.date <= as_of:
                    changes.measurements.append(
                        _c(
                            "chg.measurement",
                            indicator=indicator.name or indicator.shared or indicator.id,
                            value=ValueArg(m.value, m.date, indicator.unit),
                        )
                    )
        changes.drift.extend(_indicator_drift(ident, after_b.name, before_b, after_b))
    old_decisions = {(d.date, d.summary) for d in (old.programme.decisions if old.programme else [])}
    for decision in programme.decisions if programme else []:
        if (decision.date, decision.summary) not in old_decisions:
            changes.decisions.append(
                _c(
                    "chg.decision",
                    date=decision.date,
                    body=decision.body,
                    summary=decision.summary,
                )
            )
    changes.decision_logged = bool(changes.decisions)
    return changes


def since_snapshots(
    path: str, ref: str, units: Sequence[ProgrammeUnit]
) -> tuple[str, Commit, dict[str, Snapshot]]:
    """`units` as they were at `ref` (a ref of the repository holding `path`): the ref, its
    commit, and unit (by its shown folder) → Snapshot. Raises `gitinfo.GitError`.

    Each programme is matched with its past by its path from the repository root, so two
    programmes with the same folder name stay apart, a single file given as PATH finds its
    programme, and a programme in a submodule is read from the submodule.
    """
    commit = gitinfo.resolve(path, ref)
    root = gitinfo.repository_root(path)
    if root is None:  # pragma: no cover - resolve has said so already
        raise gitinfo.GitError("not inside a git repository")
    folders = {unit.display: gitinfo.tree_path(root, unit.display or ".") for unit in units if not unit.loose}
    wanted = sorted({folder for folder in folders.values() if folder is not None})
    snapshots = load_snapshot(gitinfo.files_at(path, commit, wanted)) if wanted else {}
    shown = {
        display: snapshots[folder]
        for display, folder in folders.items()
        if folder is not None and folder in snapshots
    }
    return ref, commit, shown


# ---------------------------------------------------------------- the context


@dataclass(slots=True)
class Attention:
    """One thing the steering group should look at, in plain language.

    `subject` names the benefit, gap, project or programme it is about; `where` is the
    file and line, for the coordinator (shown in small print, if at all).
    """

    kind: str  # drift | missed | worsening | uncovered | ending | error | warning
    text: str
    subject: str = ""
    where: str = ""


ATTENTION_ORDER = ("drift", "missed", "worsening", "uncovered", "ending", "error", "warning")
"""Decisions and targets first, then the state of the files."""


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """A project as the report shows it: the coverage summary plus comment and receiver."""

    summary: Any
    comment: str | None
    recipient: str | None


@dataclass(slots=True)
class ProgrammeReport:
    id: str
    programme: Programme | None
    coverage: ProgrammeCoverage
    organisations: Mapping[str, str]
    diagnostics: list[Diagnostic]
    attention: list[Attention]
    ending_soon: list[Any]
    changes: Changes | None
    decisions: list[Any]
    projects: list[ProjectRow]
    governance: ProgrammeGovernance | None = None
    """The programme's own resources, bodies, reporting and evaluations (None: none declared)."""


@dataclass(slots=True)
class PortfolioReport:
    """The level above the programmes (SPEC §10-§11), shown before the programmes' reports."""

    id: str
    coverage: PortfolioCoverage
    attention: list[Attention]
    """Findings on portfolio.yaml itself."""
    decisions: list[Decision]


@dataclass(slots=True)
class ReportContext:
    lang: str
    as_of: dt.date
    version: str
    commit: Commit | None
    since: str | None
    programmes: list[ProgrammeReport]
    uncommitted: bool = False
    """The files differ from `commit` (edited, added or not yet committed)."""
    portfolios: list[PortfolioReport] = field(default_factory=list)
    """The portfolios the PATH holds, each with its goals, shared indicators, resources and
    governance; empty for programmes outside any portfolio."""


def _subjects(unit: ProgrammeUnit, lang: str) -> dict[str, str]:
    """File path → what a reader calls its content: `projekt Upprustning av stråk och belysning`;
    the programme by its name alone (the report is about it), nothing for a file unread."""
    found: dict[str, str] = {}
    for source in unit.files:
        name = getattr(source.model, "name", None) if source.model is not None else None
        if source.kind is None:
            continue
        if source.kind == "programme":
            found[source.display] = name or ""
        else:
            found[source.display] = f"{i18n.text(f'kind.{source.kind}', lang)} {name or source.id}"
    return found


def _attention(
    report_lang: str,
    unit: ProgrammeUnit,
    analysis: ProgrammeCoverage,
    diagnostics: Sequence[Diagnostic],
    ending: Sequence[Any],
    changes: Changes | None,
) -> list[Attention]:
    items: list[Attention] = []
    if changes is not None and changes.drift:
        key = "n.drift" if changes.decision_logged else "n.drift_no_decision"
        items.append(Attention("drift", i18n.count(key, len(changes.drift), report_lang, ref=changes.label)))
    for benefit in analysis.benefits:
        for progress in benefit.indicators:
            if progress.status == "missed" and progress.target is not None:
                latest = progress.latest
                items.append(
                    Attention(
                        "missed",
                        i18n.text(
                            "att.missed",
                            report_lang,
                            target=textfmt.quantity(progress.target.value, progress.unit, report_lang),
                            date=textfmt.date(progress.target.date, report_lang),
                            latest=textfmt.quantity(latest.value, progress.unit, report_lang)
                            if latest
                            else "–",
                        ),
                        subject=f"{progress.name} ({benefit.name})",
                    )
                )
            elif progress.status == "worsening":
                items.append(
                    Attention(
                        "worsening",
                        i18n.text("att.worsening", report_lang),
                        subject=f"{progress.name} ({benefit.name})",
                    )
                )
    gap_names = {g.id: g.name for g in analysis.gaps}
    for gap_id in analysis.summary.high_gaps_uncovered:
        items.append(Attention("uncovered", "", subject=gap_names[gap_id]))
    for project in ending:
        items.append(
            Attention(
                "ending",
                i18n.text("att.ending", report_lang, date=textfmt.date(project.end, report_lang)),
                subject=project.name,
            )
        )
    subjects = _subjects(unit, report_lang)
    for diag in sorted(diagnostics, key=lambda d: (d.severity is not Severity.ERROR, d.path, d.line)):
        items.append(
            Attention(
                diag.severity.value,
                diag.message(report_lang, dates=lambda day: textfmt.date(day, report_lang)),
                subject=subjects.get(diag.path, ""),
                where=f"{diag.path}:{diag.line}",
            )
        )
    order = {kind: i for i, kind in enumerate(ATTENTION_ORDER)}
    return sorted(items, key=lambda item: order[item.kind])


def _file_attention(diagnostics: Sequence[Diagnostic], path: str, subject: str, lang: str) -> list[Attention]:
    """Findings on one file (portfolio.yaml), errors first, in the report's words."""
    return [
        Attention(
            diag.severity.value,
            diag.message(lang, dates=lambda day: textfmt.date(day, lang)),
            subject=subject,
            where=f"{path}:{diag.line}",
        )
        for diag in sorted(diagnostics, key=lambda d: (d.severity is not Severity.ERROR, d.line, d.col))
    ]


def build_context(
    units: Sequence[ProgrammeUnit],
    diagnostics: Sequence[Diagnostic],
    as_of: dt.date,
    lang: str,
    version: str,
    commit: Commit | None = None,
    since: tuple[str, Commit, Mapping[str, Snapshot]] | None = None,
    uncommitted: bool = False,
    portfolios: Sequence[PortfolioUnit] | None = None,
) -> ReportContext:
    """Everything the templates show, computed once, as plain data.

    `portfolios`: the portfolios to show above the programmes; None means every portfolio
    that one of `units` belongs to.
    """
    programmes: list[ProgrammeReport] = []
    analyses: list[ProgrammeCoverage] = []
    for unit in units:
        analysis = analyse_unit(unit, as_of)
        analyses.append(analysis)
        paths = {f.display for f in unit.files}
        own = [d for d in diagnostics if d.path in paths]
        ending = [
            p
            for p in analysis.projects
            if p.level is not None
            and p.level.label != "delivered"
            and as_of <= p.end <= as_of + dt.timedelta(days=ENDING_SOON_DAYS)
        ]
        programme = unit.programme.model if unit.programme else None
        changes = None
        if since is not None:
            ref, ref_commit, snapshots = since
            changes = compare(unit, snapshots.get(unit.display), ref, ref_commit, as_of)
        decisions = sorted(programme.decisions, key=lambda d: d.date, reverse=True) if programme else []
        orgs = dict(analysis.organisations)
        if unit.portfolio is not None and unit.portfolio.entity is not None:  # shared actors too
            orgs = {o.id: o.name for o in unit.portfolio.entity.model.organisations} | orgs
        governance = analyse_programme_governance(unit, as_of)
        rows = []
        for summary in analysis.projects:
            model = unit.projects[summary.id].model
            latest = max(model.status, key=lambda s: s.date) if model.status else None
            recipient = model.handover.recipient if model.handover else None
            rows.append(
                ProjectRow(
                    summary,
                    latest.comment if latest else None,
                    orgs.get(recipient, recipient) if recipient else None,
                )
            )
        programmes.append(
            ProgrammeReport(
                id=unit.id,
                programme=programme,
                coverage=analysis,
                organisations=orgs,
                diagnostics=own,
                attention=_attention(lang, unit, analysis, own, ending, changes),
                ending_soon=ending,
                changes=changes,
                decisions=decisions,
                projects=rows,
                governance=None if governance.empty else governance,
            )
        )
    chosen = portfolio_units_of(analyses) if portfolios is None else list(portfolios)
    portfolio_reports = []
    for portfolio_unit, coverage in zip(chosen, portfolios_of(analyses, as_of, chosen), strict=True):
        declared = portfolio_unit.entity.model if portfolio_unit.entity else None
        own = [d for d in diagnostics if d.path == portfolio_unit.display]
        portfolio_reports.append(
            PortfolioReport(
                id=portfolio_unit.id,
                coverage=coverage,
                attention=_file_attention(own, portfolio_unit.display, coverage.name, lang),
                decisions=sorted(declared.decisions, key=lambda d: d.date, reverse=True) if declared else [],
            )
        )
    return ReportContext(
        lang,
        as_of,
        version,
        commit,
        since[0] if since else None,
        programmes,
        uncommitted=uncommitted,
        portfolios=portfolio_reports,
    )


# ---------------------------------------------------------------- rendering helpers


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(points: Sequence[Point], as_of: dt.date) -> str:
    """A compact trend of the measurements up to the as-of date."""
    values = [p.value for p in points if p.date <= as_of]
    if len(values) < 2:
        return "–"
    low, high = min(values), max(values)
    if high == low:
        return SPARK[3] * len(values)
    return "".join(SPARK[round((v - low) / (high - low) * (len(SPARK) - 1))] for v in values)


def gantt(report: ProgrammeReport, lang: str) -> str:
    """A Mermaid gantt chart of the projects, grouped by how far their work has come."""
    lines = [
        "```mermaid",
        "gantt",
        "  dateFormat YYYY-MM-DD",
        "  axisFormat %Y-%m",
    ]
    groups: dict[str, list[Any]] = {"delivered": [], "active": [], "planned": [], "cancelled": []}
    for project in report.coverage.projects:
        groups[project.level.label if project.level else "cancelled"].append(project)
    for group, projects in groups.items():
        if not projects:
            continue
        lines.append(f"  section {_gantt_text(i18n.text('gantt.' + group, lang))}")
        for project in sorted(projects, key=lambda p: (p.start, p.id)):
            tags = {"delivered": "done, ", "active": "active, ", "planned": "", "cancelled": "crit, "}[group]
            if project.rating == "red" and group == "active":
                tags = "crit, active, "
            lines.append(
                f"  {_gantt_text(project.name)} :{tags}{project.id.replace('-', '_')}, "
                f"{project.start.isoformat()}, {project.end.isoformat()}"
            )
    lines.append("```")
    return "\n".join(lines)


def _gantt_text(text: str) -> str:
    """Task text for a Mermaid gantt: no `:`, `;` or `#` (syntax there), markup as entities."""
    cleaned = " ".join(str(text).split())
    for char in ":;#":
        cleaned = cleaned.replace(char, " ")
    return mermaid_label(" ".join(cleaned.split())) or "–"


def share_texts(shares: Mapping[str, Share], lang: str) -> dict[str, str]:
    """Each share as a whole percent, rounded so that the shown ones add up to 100 %
    (largest remainder): 65 / 25 / 7,5 / 2,5 % shows as 65, 25, 8 and 2 %, not 101 %."""
    known = {key: share.share for key, share in shares.items() if share.share is not None}
    hundredths = {key: value * 100 for key, value in known.items()}
    floors = {key: math.floor(value + 1e-9) for key, value in hundredths.items()}
    if known and abs(sum(known.values()) - 1) < 1e-6:
        left = 100 - sum(floors.values())
        keys = list(shares)
        order = sorted(known, key=lambda key: (-round(hundredths[key] - floors[key], 9), keys.index(key)))
        for key in order[: max(0, left)]:
            floors[key] += 1
        shown = {key: float(floors[key]) / 100 for key in known}
    else:
        shown = dict(known)
    return {key: textfmt.percent(shown.get(key), lang) for key in shares}


def fixed(value: float, lang: str, decimals: int = 2) -> str:
    """A number with exactly `decimals` decimals: `6,20` (sv), `6.20` (en); FTEs read so."""
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", textfmt.NBSP).replace(".", ",")
    return text.replace("-", textfmt.MINUS)


def _ordinal_sv(n: int) -> str:
    """`2:a`, `3:e`, `21:a`, `11:e`: the Swedish ordinal of a number written in digits."""
    return f"{n}:a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else f"{n}:e"


def every(value: float, unit: str, lang: str) -> str:
    """How often, in words: `var 6:e vecka`, `varannan månad`, `varje år` (unit `week`/`month`)."""
    whole = int(value) if float(value).is_integer() else None
    if unit == "month" and whole in (12, 24):
        return i18n.text("rep.pf.every.year" if whole == 12 else "rep.pf.every.other_year", lang)
    if whole == 1:
        return i18n.text(f"rep.pf.every.{unit}", lang)
    if whole == 2:
        return i18n.text(f"rep.pf.every.other_{unit}", lang)
    if whole is None:
        return i18n.text("rep.pf.every.weeks_interval", lang, n=textfmt.number(value, lang))
    return i18n.text(f"rep.pf.every.{unit}s", lang, n=whole, ordinal=_ordinal_sv(whole))


def _years(resources: Resources) -> str:
    years = [year.year for year in resources.years]
    if not years:
        return "–"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"


def resource_summary(resources: Resources, currency: str, lang: str) -> str:
    """`Resurser 2023–2024: 4 000 000 kr, varav personal 60 %; 6,20 årsarbetare.`"""
    text = i18n.text(
        "rep.pf.sum.resources",
        lang,
        years=_years(resources),
        total=textfmt.money(resources.total, lang, currency),
    )
    staff = resources.by_category.get("staff")
    if staff is not None and staff.share is not None:
        text += ", " + i18n.text(
            "rep.pf.sum.staff", lang, share=share_texts(resources.by_category, lang)["staff"]
        )
    if resources.fte:
        text += "; " + i18n.text("rep.pf.fte_value", lang, n=fixed(resources.fte_total, lang))
    return text + "."


def _filters(lang: str, currency_of: Callable[[], str]) -> dict[str, Callable[..., Any]]:
    def money(value: float, currency: str | None = None) -> str:
        return textfmt.money(value, lang, currency or currency_of())

    return {
        "md": lambda value: Markup(escape(value)),
        "money": money,
        "number": lambda value, decimals=None: textfmt.number(value, lang, decimals),
        "percent": lambda share: textfmt.percent(share, lang),
        "longdate": lambda day: textfmt.long_date(day, lang),
        "isodate": lambda day: day.isoformat() if day else "–",
        "date": lambda day: textfmt.date(day, lang),
        "quantity": lambda value, unit=None: textfmt.quantity(value, unit, lang),
    }


def _names(mapping: Callable[[ProgrammeReport], Mapping[str, str]]) -> Callable[..., str]:
    """A template helper: ids → their names, joined with commas."""

    def join(report: ProgrammeReport, ids: Sequence[str]) -> str:
        known = mapping(report)
        return ", ".join(known.get(ident, ident) for ident in ids)

    return join


def _globals(lang: str, context: ReportContext) -> dict[str, Any]:
    def t(key: str, **args: Any) -> str:
        return i18n.text(key, lang, **args)

    def change(item: Change) -> str:
        args = {k: _shown(v, lang) for k, v in item.args}
        return i18n.message(item.key, lang, args)

    def by_sex(progress: IndicatorProgress, part: str, unit: str | None = None, short: bool = False) -> str:
        """`K 44 % · M 36 %` beside a total, for indicators reported by sex; else empty.
        `short`: the unit only when it is `%` (a table cell names other units once)."""
        values = progress.sexes.get(part) if progress.by_sex else None
        if not values:
            return ""
        if short and not textfmt.is_percent(unit):
            unit = None
        shown = {
            sex: "–" if (value := values.get(sex)) is None else textfmt.quantity(value, unit, lang)
            for sex in ("women", "men")
        }
        return i18n.text("rep.by_sex", lang, **shown)

    def point(p: Point | None, unit: str | None = None, sexes: str = "") -> str:
        if p is None:
            return "–"
        beside = f" · {sexes}" if sexes else ""
        return f"{textfmt.quantity(p.value, unit, lang)}{beside} ({textfmt.date(p.date, lang)})"

    def counts(prefix: str, numbers: Mapping[str, int]) -> str:
        """`3 avslutade, 1 avbrutet` from {phase: count}; `–` when all are zero."""
        parts = [i18n.count(f"n.{prefix}.{key}", n, lang) for key, n in numbers.items() if n]
        return ", ".join(parts) or "–"

    def ratings(report: ProgrammeReport) -> str:
        """Current ratings, saying how many cancelled projects are left out."""
        summary = report.coverage.summary
        shown = counts("rating", summary.projects_by_rating)
        cancelled = summary.projects_by_phase.get("cancelled", 0)
        if not cancelled:
            return shown
        excluded = i18n.count("n.cancelled_not_rated", cancelled, lang)
        return i18n.text("rep.rating_excluded", lang, ratings=shown, excluded=excluded)

    def status(progress: IndicatorProgress) -> str:
        return i18n.text(f"status.{progress.status}", lang)

    def shared_statuses(portfolio: PortfolioCoverage) -> str:
        """The shared indicators' reports counted by status: `2 i fas, 2 efter plan`."""
        found = {status: 0 for status in STATUSES}
        for shared in portfolio.shared_indicators:
            for report in shared.reports:
                found[report.progress.status] += 1
        return counts("status", found)

    return {
        "t": t,
        "count": lambda key, n, **args: i18n.count(key, n, lang, **args),
        "shares": lambda mapping: share_texts(mapping, lang),
        "fte": lambda value: fixed(value, lang),
        "every": lambda value, unit: every(value, unit, lang),
        "resource_summary": lambda resources, currency: resource_summary(resources, currency, lang),
        "years_of": _years,
        "shared_statuses": shared_statuses,
        "counts": counts,
        "decision_text": lambda d: (
            d.summary
            if d.kind.value == "decision"
            else i18n.text(f"decision_kind.{d.kind.value}", lang, summary=d.summary)
        ),
        "by_sex": by_sex,
        "ratings": ratings,
        "unit_label": textfmt.unit_label,
        "unit_caption": lambda unit: "%" if textfmt.is_percent(unit) else textfmt.unit_label(unit),
        "change": change,
        "point": point,
        "status": status,
        "table": lambda headers, rows, align="": Markup(
            table([escape(h) for h in headers], [[escape(c) for c in row] for row in rows], align)
        ),
        "sparkline": lambda points: sparkline(points, context.as_of),
        "code": lambda text: Markup(code_span(text)),
        "benefits_map": lambda report: Markup(render_coverage.benefits_map(report.coverage, lang)),
        "gantt": lambda report: Markup(gantt(report, lang)),
        "indicator_summary": lambda benefit: render_coverage.indicator_summary(benefit, lang),
        "org": lambda report, ident: report.organisations.get(ident, ident),
        "gap_names": _names(lambda report: {g.id: g.name for g in report.coverage.gaps}),
        "project_names": _names(lambda report: {x.id: x.name for x in report.coverage.projects}),
        "benefit_names": _names(lambda report: {b.id: b.name for b in report.coverage.benefits}),
    }


# ---------------------------------------------------------------- the sandbox's bounds
#
# Jinja's sandbox stops a template from reaching Python's internals, not from using up
# the machine: `{{ 'a' * 10**10 }}` or `"x"|center(10**10)` would take gigabytes, two
# nested loops over `range(99999)` hours. Every string, list or number a template makes
# is bounded before it is made (repetition, powers, padding and the filters and methods
# that grow text), the output is counted as it is produced, and the whole rendering has
# a deadline. Crossing a bound is a template problem with the template's line.

MAX_TEXT = 16_000_000
"""Characters of one string, or items of one list, that a template may make."""
MAX_ARGUMENT = 100_000
"""The largest number a filter or string method takes as a width, count or size."""
MAX_DIGITS = 10_000
"""Digits of an integer a template may make with `**`."""
MAX_OUTPUT = 64_000_000
"""Characters of the rendered report."""
MAX_SECONDS = 60.0
"""Wall time for rendering the report."""

_GROWING_METHODS = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "format", "format_map",
     "extend", "append", "insert", "__mul__", "__rmul__", "__imul__", "__add__", "__iadd__"}
)  # fmt: skip
_PERCENT_FIELD = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_WIDE_FIELD = re.compile(r"\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
"""A `str.format` field with a width or precision of seven digits or more."""
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")
"""A `str.format` field whose width comes from the arguments: `{:{}}`."""


class TemplateLimit(Exception):
    """A template went beyond one of the sandbox's bounds."""


def _size(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set | frozenset) else 0


def _bounded(value: Any) -> Any:
    if _size(value) > MAX_TEXT:
        raise TemplateLimit(f"the template makes a value of more than {MAX_TEXT:,} characters or items")
    return value


def _check_arguments(name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise TemplateLimit(f"{name}: {value} is more than the sandbox allows ({MAX_ARGUMENT:,})")


def _power_digits(base: int, exponent: int) -> bool:
    """Whether base ** exponent has more than MAX_DIGITS digits."""
    return abs(base) > 1 and exponent > 0 and exponent * math.log10(abs(base)) > MAX_DIGITS


def _repeat_size(left: Any, right: Any) -> int:
    for sequence, times in ((left, right), (right, left)):
        if _size(sequence) and isinstance(times, int):
            return _size(sequence) * max(times, 0)
    return 0


def _replace_size(text: Any, old: Any, new: Any) -> int:
    if not isinstance(text, str) or not isinstance(old, str) or not isinstance(new, str):
        return 0
    found = text.count(old) if old else len(text) + 1
    return len(text) + found * max(len(new) - len(old), 0)


def _check_percent(text: str) -> None:
    """`'%*d' % (10**9, 1)`: printf-style fields must not be wider than MAX_ARGUMENT."""
    for width, precision in _PERCENT_FIELD.findall(text):
        for part in (width, precision):
            if part == "*" or (part and int(part) > MAX_ARGUMENT):
                raise TemplateLimit(f"'%': a field wider than the sandbox allows ({MAX_ARGUMENT:,})")


def _join_size(separator: Any, items: Any) -> int:
    if not isinstance(items, list | tuple):
        return 0
    return sum(_size(item) for item in items) + _size(separator) * max(len(items) - 1, 0)


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with what `~` joins checked for size."""

    def visit_Concat(self, node: Any, frame: Any) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


class _KeptTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, so that a process that
    renders many reports (a service, a harness, the tests) compiles each template once; the
    command line renders one and gains nothing. Kept by the template's name and the checksum
    of its source, so an edited template is compiled afresh. One instance per set of compile
    settings (`render`: html or Markdown). The code objects themselves, in memory only:
    nothing compiled is ever read from disk (docs/speed.md, the cache)."""

    LIMIT = 16

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], Any] = {}
        self.lock = threading.Lock()

    def load_bytecode(self, bucket: Any) -> None:
        with self.lock:
            code = self.kept.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Any) -> None:
        with self.lock:
            self.kept[(bucket.key, bucket.checksum)] = bucket.code
            while len(self.kept) > self.LIMIT:  # the oldest first: a bound for many user templates
                del self.kept[next(iter(self.kept))]


_KEPT = {True: _KeptTemplates(), False: _KeptTemplates()}
"""By `html`: the two sets of compile settings `render` uses."""


class _BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with every way of making something large bounded."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*" and _repeat_size(left, right) > MAX_TEXT:
            raise TemplateLimit(f"'*' would make more than {MAX_TEXT:,} characters or items")
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and _power_digits(left, right)
        ):
            raise TemplateLimit(f"'**' would make a number of more than {MAX_DIGITS:,} digits")
        if operator == "%" and isinstance(left, str):
            _check_percent(left)
        return _bounded(super().call_binop(context, operator, left, right))

    def bounded(self, value: Any) -> Any:
        """What `~` made, checked (the compiled template calls this)."""
        return _bounded(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # str.format comes wrapped by the sandbox: the string is the wrapped method's owner
        wrapped = getattr(__obj, "__wrapped__", None)
        owner = getattr(__obj, "__self__", None) or getattr(wrapped, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in ("format", "format_map"):
            if _WIDE_FIELD.search(owner):
                raise TemplateLimit(f"{name}: a field wider than the sandbox allows ({MAX_ARGUMENT:,})")
            if _NESTED_FIELD.search(owner):
                _check_arguments(name, args, kwargs)
        if isinstance(owner, str | list | bytes) and name in _GROWING_METHODS:
            _check_arguments(name, args, kwargs)
            grows = {
                "join": lambda: _join_size(owner, args[0] if args else ()),
                "replace": lambda: _replace_size(owner, *args[:2]) if len(args) >= 2 else 0,
                "extend": lambda: _size(owner) + _size(args[0]) if args else 0,
                "append": lambda: _size(owner) + 1,
                "insert": lambda: _size(owner) + 1,
                "expandtabs": lambda: _size(owner) * (1 + (args[0] if args else 8)),
            }.get(name)
            if grows is not None and grows() > MAX_TEXT:
                raise TemplateLimit(f"{name}: would make more than {MAX_TEXT:,} characters or items")
        return _bounded(super().call(__context, __obj, *args, **kwargs))


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A Jinja filter or global whose numbers are bounded and whose result is checked."""
    passes = getattr(function, "jinja_pass_arg", None)
    skip = 2 if passes is not None else 1  # the context (if passed) and the value

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(name, args[skip:], kwargs)
        value = args[skip - 1] if len(args) >= skip else None
        rest = list(args[skip:])
        if name == "format" and isinstance(value, str):
            _check_percent(value)
        grows = {
            "join": lambda: _join_size(rest[0] if rest else kwargs.get("d", ""), value),
            "replace": lambda: _replace_size(value, *rest[:2]) if len(rest) >= 2 else 0,
            "indent": lambda: _size(value) * (1 + (rest[0] if rest and isinstance(rest[0], int) else 4)),
            "wordwrap": lambda: (
                _size(value) * (1 + _size(kwargs.get("wrapstring", rest[2] if len(rest) > 2 else "")))
            ),
        }.get(name)
        if grows is not None and grows() > MAX_TEXT:
            raise TemplateLimit(f"{name}: would make more than {MAX_TEXT:,} characters or items")
        return _bounded(function(*args, **kwargs))

    return guarded


class _Deadline:
    """Raise TemplateLimit in the rendering thread once `seconds` have passed (and again
    every 50 ms, should a template's own code swallow it). Only the main thread can be
    interrupted so; elsewhere the other bounds still hold."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False
        self.previous: Any = None

    def _expired(self, signum: int, frame: Any) -> None:
        raise TemplateLimit(f"the template took longer than {self.seconds:g} seconds")

    def __enter__(self) -> _Deadline:
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.05)
            self.armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        while self.armed:  # a last alarm may still arrive while disarming: disarm again
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.previous)
                self.armed = False
            except TemplateLimit:
                continue


def _template_line(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line a runtime error happened at (innermost template frame)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        template = frame_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif "__jinja_exception__" in frame_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


class TemplateProblem(Exception):
    """The template is missing or broken; the message says where."""


def template_folder() -> Path:
    """The shipped templates: inside the installed package, else the repository's `templates/`."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


DEFAULT_TEMPLATES = {"md": "report.md.j2", "html": "report.html.j2", "docx": "report.html.j2"}
"""The shipped template of each format; Word is made from the html."""
DEFAULT_TEMPLATE = DEFAULT_TEMPLATES["md"]
STYLESHEET = "report.css"


def _html_globals(lang: str, context: ReportContext) -> dict[str, Any]:
    """Helpers the html template adds: the stylesheet and the pictures as inline svg."""
    from progstyr.render import charts

    def amount(value: float, unit: str | None) -> str:
        return textfmt.quantity(value, unit if textfmt.is_percent(unit) else None, lang)

    return {
        "stylesheet": lambda: Markup((template_folder() / STYLESHEET).read_text(encoding="utf-8")),
        "chart": lambda progress, prefix="": Markup(
            charts.indicator_chart(
                progress, context.as_of, lang, women=progress.women, men=progress.men, id_prefix=prefix
            ).svg
        ),
        "benefits_map_svg": lambda report, prefix="": Markup(
            charts.benefits_map(report.coverage, lang, id_prefix=prefix).svg
        ),
        "timeline_svg": lambda report, prefix="": Markup(
            charts.timeline(report.coverage, context.as_of, lang, id_prefix=prefix).svg
        ),
        "shared_chart": lambda comparison, prefix="": Markup(
            charts.shared_indicator_chart(comparison, context.as_of, lang, id_prefix=prefix).svg
        ),
        "amount": amount,
    }


def render(context: ReportContext, template: Path | None = None, fmt: str = "md") -> str:
    """The report as Markdown or html, from the shipped template or a user's own (sandboxed
    either way). Word is the html handed to `render.docx`."""
    from jinja2 import FileSystemLoader, StrictUndefined, TemplateError

    html = fmt in ("html", "docx")
    default = DEFAULT_TEMPLATES.get(fmt, DEFAULT_TEMPLATE)
    folder, name = (template.parent, template.name) if template else (template_folder(), default)
    currency = context.programmes[0].coverage.currency if context.programmes else "SEK"
    # html: Jinja's own escaping; Markdown: every {{ }} through `escape` unless ready-made.
    env = _BoundedSandbox(
        loader=FileSystemLoader(str(folder)),
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=None
        if html
        else lambda value: value if isinstance(value, Markup) else escape(value) if value is not None else "",
        bytecode_cache=_KEPT[html],
    )
    env.filters.update(_filters(context.lang, lambda: currency))
    env.filters.update({key: _guarded(key, function) for key, function in env.filters.items()})
    env.globals["lipsum"] = _guarded("lipsum", cast(Callable[..., Any], env.globals["lipsum"]))
    env.globals.update(_globals(context.lang, context))
    if html:
        env.globals.update(_html_globals(context.lang, context))
    env.globals["output_format"] = fmt

    def problem(exc: BaseException, message: str) -> TemplateProblem:
        found = _template_line(exc)
        line = getattr(exc, "lineno", None) or (found[1] if found else None)
        where = f"{folder / name}:{line}" if line else str(folder / name)
        return TemplateProblem(f"{where}: {message}")

    parts: list[str] = []
    try:
        loaded = env.get_template(name)
        with _Deadline(MAX_SECONDS):
            produced = 0
            for part in loaded.generate(ctx=context):
                produced += len(part)
                if produced > MAX_OUTPUT:
                    raise TemplateLimit(f"the report would be longer than {MAX_OUTPUT:,} characters")
                parts.append(part)
    except TemplateError as exc:
        raise problem(exc, exc.message or type(exc).__name__) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(f"{folder / name}: {exc}") from None
    except TemplateLimit as exc:
        raise problem(exc, str(exc)) from None
    except (Exception, RecursionError, MemoryError) as exc:
        if template is None:  # the shipped templates do not fail: that is a bug here
            raise
        raise problem(exc, f"{type(exc).__name__}: {exc}") from None
    text = "".join(parts)
    lines = [line.rstrip() for line in text.splitlines()]
    collapsed: list[str] = []
    for line in lines:
        if line == "" and collapsed and collapsed[-1] == "":
            continue
        collapsed.append(line)
    return "\n".join(collapsed).strip("\n") + "\n"
