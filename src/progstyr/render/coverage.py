"""Coverage results as JSON, CSV, Markdown (tables, traceability matrix, Mermaid map)
and a rich terminal table. The Markdown pieces are reused by the report templates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from progstyr import i18n, textfmt
from progstyr.coverage import (
    STATUSES,
    BenefitCoverage,
    Governance,
    IndicatorProgress,
    Point,
    PortfolioCoverage,
    ProgrammeCoverage,
    Resources,
    Share,
    portfolios_of,
)
from progstyr.model import BenefitLevel
from progstyr.render.markdown import escape, mermaid_id, mermaid_label, table

# ---------------------------------------------------------------- JSON and CSV


def _round(value: float | None, digits: int = 4) -> float | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return 0.0 if rounded == 0 else rounded


def _point(point: Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    return {"date": point.date.isoformat(), "value": _amount(point.value)}


def _amount(value: float, digits: int = 4) -> float | int:
    """Whole numbers without a decimal point; others rounded to `digits`."""
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def indicator_json(progress: IndicatorProgress) -> dict[str, Any]:
    return {
        "id": progress.id,
        "name": progress.name,
        "unit": progress.unit,
        "direction": progress.direction.value if progress.direction else None,
        "baseline": _point(progress.baseline),
        "latest": _point(progress.latest),
        "target": _point(progress.target),
        "progress": _round(progress.progress),
        "expected": _round(progress.expected),
        "status": progress.status,
        # women and men beside the total (SPEC §12), only for indicators reported by sex
        **(
            {
                "by_sex": {
                    sex: {
                        part: None if (value := values.get(sex)) is None else _amount(value)
                        for part, values in progress.sexes.items()
                    }
                    for sex in ("women", "men")
                }
            }
            if progress.by_sex
            else {}
        ),
    }


def programme_json(analysis: ProgrammeCoverage, ids: Callable[[Sequence[str]], Any] = list) -> dict[str, Any]:
    """`ids`: what stands for a benefit's gaps, covered gaps and projects in the result
    (`write_json` writes them itself)."""
    summary = analysis.summary
    unit = analysis.source
    return {
        "id": analysis.id,
        "name": analysis.name,
        # which folder, and which portfolio: ids are unique only within a portfolio
        "path": unit.display if unit is not None else None,
        "portfolio": unit.portfolio.id if unit is not None and unit.portfolio is not None else None,
        "phase": analysis.phase,
        "benefits": [
            {
                "id": b.id,
                "name": b.name,
                "level": b.level.value,
                "gaps": ids(b.gaps),
                "covered_gaps": ids(b.covered_gaps),
                "coverage": _round(b.coverage),
                "projects": ids(b.projects),
                "budget": _amount(b.budget, 2),
                "indicators": [indicator_json(i) for i in b.indicators],
            }
            for b in analysis.benefits
        ],
        "gaps": [
            {
                "id": g.id,
                "priority": g.priority.value,
                "status": g.status,
                "level": g.level.label,
                "covered": g.covered,
                "benefits": list(g.benefits),
                "projects": list(g.projects),
            }
            for g in analysis.gaps
        ],
        "summary": {
            "benefits": summary.benefits,
            "benefits_covered": summary.benefits_covered,
            "gaps": summary.gaps,
            "gaps_covered": summary.gaps_covered,
            "high_priority_gaps_not_covered": list(summary.high_gaps_uncovered),
            "projects_closing_no_gap": list(summary.projects_without_gap),
            "budget_total": _amount(summary.budget_total, 2),
            "budget_contributing": _amount(summary.budget_contributing, 2),
            "budget_attributed": _amount(summary.budget_attributed, 2),
            "budget_unattributed": _amount(summary.budget_unattributed, 2),
            "spent_total": _amount(summary.spent_total, 2),
            "indicators": dict(summary.indicators),
            "projects_by_phase": dict(summary.projects_by_phase),
            "projects_by_rating": dict(summary.projects_by_rating),
        },
    }


def _share_json(share: Share) -> dict[str, Any]:
    return {"amount": _amount(share.amount, 2), "share": _round(share.share)}


def resources_json(resources: Resources) -> dict[str, Any]:
    """Resources by year and category with shares, FTEs, payers, cash and in kind
    (docs/coverage-json.md)."""
    return {
        "total": _amount(resources.total, 2),
        "cash": _amount(resources.cash, 2),
        "in_kind": _amount(resources.in_kind, 2),
        "by_year": [
            {
                "year": year.year,
                "total": _amount(year.total, 2),
                "fte": _amount(year.fte, 2),
                "categories": {name: _share_json(share) for name, share in year.categories.items()},
            }
            for year in resources.years
        ],
        "by_category": {name: _share_json(share) for name, share in resources.by_category.items()},
        "fte": {
            "programmes": {row.programme: _amount(row.total, 2) for row in resources.fte},
            "total": _amount(resources.fte_total, 2),
        },
        "payers": [
            {
                "id": payer.id,
                "amount": _amount(payer.amount, 2),
                "cash": _amount(payer.cash, 2),
                "in_kind": _amount(payer.in_kind, 2),
                "share": _round(payer.share),
                "fte": _amount(payer.fte, 2),
            }
            for payer in resources.payers
        ],
    }


def governance_json(governance: Governance) -> dict[str, Any]:
    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "bodies": [
            {
                "id": b.id,
                "name": b.name,
                "role": b.role,
                "meets_every_weeks": None if b.meets_every_weeks is None else _amount(b.meets_every_weeks),
                "reports_to": b.reports_to,
            }
            for b in sorted(governance.bodies, key=lambda b: b.id)
        ],
        "reporting": [
            {
                "id": r.id,
                "name": r.name,
                "to": r.to,
                "every_months": r.every_months,
                "delivered": [d.isoformat() for d in r.delivered],
                "last": day(r.last),
                "due": day(r.due),
                "overdue": r.overdue,
            }
            for r in sorted(governance.reporting, key=lambda r: r.id)
        ],
        "evaluations": [
            {
                "id": e.id,
                "by": e.by,
                "kind": e.kind,
                "period": {"start": e.start.isoformat(), "end": e.end.isoformat()},
                "findings": list(e.findings),
                "recommendations": [
                    {
                        "id": r.id,
                        "text": r.text,
                        "response": r.response,
                        "status": r.status,
                        "due": day(r.due),
                        "overdue": r.overdue,
                    }
                    for r in sorted(e.recommendations, key=lambda r: r.id)
                ],
            }
            for e in sorted(governance.evaluations, key=lambda e: e.id)
        ],
    }


def _shared_report_json(progress: IndicatorProgress) -> dict[str, Any]:
    row: dict[str, Any] = {
        "status": progress.status,
        "baseline": _point(progress.baseline),
        "latest": _point(progress.latest),
        "target": _point(progress.target),
        "progress": _round(progress.progress),
    }
    if progress.by_sex:
        for sex in ("women", "men"):
            row[sex] = {
                part: None if (value := values.get(sex)) is None else _amount(value)
                for part, values in progress.sexes.items()
            }
    return row


def portfolio_json(portfolio: PortfolioCoverage) -> dict[str, Any]:
    """The level above the programmes (docs/coverage-json.md); ids sorted."""
    return {
        "id": portfolio.id,
        "name": portfolio.name,
        "owner": portfolio.owner,
        "programmes": sorted(p.id for p in portfolio.programmes),
        "goals": [
            {
                "id": goal.id,
                "name": goal.name,
                "decided_by": goal.decided_by,
                "benefits": [
                    {
                        "programme": item.programme,
                        "benefit": item.benefit.id,
                        "coverage": _round(item.benefit.coverage),
                    }
                    for item in sorted(goal.benefits, key=lambda i: (i.programme, i.benefit.id))
                ],
            }
            for goal in sorted(portfolio.goals, key=lambda g: g.id)
        ],
        "benefits_serving_no_goal": [
            {
                "programme": item.programme,
                "benefit": item.benefit.id,
                "coverage": _round(item.benefit.coverage),
            }
            for item in sorted(portfolio.unserved, key=lambda i: (i.programme, i.benefit.id))
        ],
        "shared_indicators": [
            {
                "id": shared.id,
                "name": shared.name,
                "unit": shared.unit,
                "direction": shared.direction.value,
                "by_sex": shared.by_sex,
                "programmes": [
                    {
                        "programme": report.programme,
                        "benefit": report.benefit,
                        "indicator": report.progress.id,
                        **_shared_report_json(report.progress),
                    }
                    for report in sorted(
                        shared.reports, key=lambda r: (r.programme, r.benefit, r.progress.id)
                    )
                ],
                "not_reported_by": sorted(shared.missing),
            }
            for shared in sorted(portfolio.shared_indicators, key=lambda s: s.id)
        ],
        "resources": resources_json(portfolio.resources),
        "governance": governance_json(portfolio.governance),
        "glossary": [
            {"term": g.term, "definition": g.definition, "source": g.source} for g in portfolio.glossary
        ],
    }


def to_json(
    analyses: Sequence[ProgrammeCoverage],
    as_of: dt.date,
    portfolios: Sequence[PortfolioCoverage] | None = None,
) -> str:
    """`programmes` as always; `portfolios`: those given, else the portfolios the analysed
    programmes belong to (an empty list when there are none)."""
    out = io.StringIO()
    write_json(out, analyses, as_of, portfolios)
    return out.getvalue()


class _Encoded(dict[str, str]):
    """Id → its JSON string, each made once."""

    def __missing__(self, key: str) -> str:
        value = self[key] = json.dumps(key, ensure_ascii=False)
        return value


def write_json(
    out: TextIO,
    analyses: Sequence[ProgrammeCoverage],
    as_of: dt.date,
    portfolios: Sequence[PortfolioCoverage] | None = None,
) -> None:
    """`to_json` written to `out`, the same text. A benefit's gaps, covered gaps and projects
    are written from their `IdSet`s, one list at a time, never as Python lists in one
    json.dumps: in a deep map each benefit lists everything below it (50 million ids for a
    10,000-deep chain with a gap on every benefit, over 1 GB of JSON), which json.dumps
    made into 8 GB of pieces. Writing to a file or stdout, little more than the longest
    list is held."""
    found = portfolios_of(analyses, as_of) if portfolios is None else portfolios
    token = secrets.token_hex(8)  # a stand-in no text in the files can be
    lists: list[Sequence[str]] = []

    def later(ids: Sequence[str]) -> str:
        lists.append(ids)
        return f"\x00{token}:{len(lists) - 1}\x00"

    payload = {
        "version": 1,
        "as_of": as_of.isoformat(),
        "programmes": [programme_json(a, later) for a in analyses],
        "portfolios": [portfolio_json(p) for p in sorted(found, key=lambda p: p.id)],
    }
    parts = re.split(rf'"\\u0000{token}:(\d+)\\u0000"', json.dumps(payload, ensure_ascii=False, indent=2))
    encoded = _Encoded()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.write(part)
            continue
        ids = lists[int(part)]
        if not ids:
            out.write("[]")
            continue
        line = parts[i - 1][parts[i - 1].rfind("\n") + 1 :]  # `    "gaps": `, as json.dumps indents
        indent = "\n" + " " * (len(line) - len(line.lstrip(" ")))
        out.write(f"[{indent}  " + f",{indent}  ".join(map(encoded.__getitem__, ids)) + f"{indent}]")
    out.write("\n")


CSV_COLUMNS = (
    "programme",
    "programme_name",
    "benefit",
    "benefit_name",
    "level",
    "gaps",
    "covered_gaps",
    "coverage",
    "budget",
)


def to_csv(analyses: Sequence[ProgrammeCoverage], lang: str = "en") -> str:
    """One row per benefit, for the spreadsheet: ids and names. In Swedish as Swedish Excel
    opens it directly: Swedish headers and levels, `;` between columns, decimal comma."""
    buffer = io.StringIO()
    swedish = lang == "sv"
    writer = csv.writer(buffer, lineterminator="\n", delimiter=";" if swedish else ",")
    writer.writerow([_t(f"csv.{name}", lang) for name in CSV_COLUMNS])

    def number(value: float, decimals: int) -> str:
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if swedish else text

    for analysis in analyses:
        for b in analysis.benefits:
            level = _t(f"benefit_level.{b.level.value}", lang) if swedish else b.level.value
            writer.writerow(
                [
                    analysis.id,
                    analysis.name,
                    b.id,
                    b.name,
                    level,
                    len(b.gaps),
                    len(b.covered_gaps),
                    "" if b.coverage is None else number(b.coverage, 4),
                    number(b.budget, 2),
                ]
            )
    return buffer.getvalue()


# ---------------------------------------------------------------- Markdown


def _t(key: str, lang: str, **args: object) -> str:
    return i18n.text(key, lang, **args)


def indicator_summary(benefit: BenefitCoverage, lang: str) -> str:
    """`2 on track, 1 behind` for a benefit's indicators."""
    counts = {status: 0 for status in STATUSES}
    for progress in benefit.indicators:
        counts[progress.status] += 1
    parts = [i18n.count(f"n.status.{status}", n, lang) for status, n in counts.items() if n]
    return ", ".join(parts) if parts else "–"


def benefits_table(analysis: ProgrammeCoverage, lang: str) -> str:
    if not analysis.benefits:
        return _t("cov.no_benefits", lang)
    rows = [
        [
            escape(b.name),
            _t(f"benefit_level.{b.level.value}", lang),
            f"{len(b.covered_gaps)}/{len(b.gaps)}",
            textfmt.percent(b.coverage, lang),
            textfmt.money(b.budget, lang, analysis.currency),
            indicator_summary(b, lang),
        ]
        for b in analysis.benefits
    ]
    headers = [
        _t(k, lang)
        for k in ("col.benefit", "col.level", "col.gaps", "col.coverage", "col.budget", "col.indicators")
    ]
    return table(headers, rows, "llrrrl")


def gaps_table(analysis: ProgrammeCoverage, lang: str) -> str:
    projects = {p.id: p.name for p in analysis.projects}
    rows = [
        [
            escape(g.name),
            _t(f"priority.{g.priority.value}", lang),
            _t(f"level.{g.level.label}", lang),
            ", ".join(escape(projects.get(p, p)) for p in g.projects) or "–",
        ]
        for g in analysis.gaps
    ]
    headers = [_t(k, lang) for k in ("col.gap", "col.priority", "col.work", "col.projects")]
    return table(headers, rows)


def summary_lines(analysis: ProgrammeCoverage, lang: str) -> list[str]:
    s = analysis.summary
    gap_names = {g.id: g.name for g in analysis.gaps}
    project_names = {p.id: p.name for p in analysis.projects}
    none = _t("cov.none", lang)
    return [
        _t("cov.benefits_covered", lang, covered=s.benefits_covered, total=s.benefits),
        _t("cov.gaps_covered", lang, covered=s.gaps_covered, total=s.gaps),
        _t(
            "cov.high_uncovered",
            lang,
            items=", ".join(escape(gap_names[g]) for g in s.high_gaps_uncovered) or none,
        ),
        _t(
            "cov.no_gap_projects",
            lang,
            items=", ".join(escape(project_names[p]) for p in s.projects_without_gap) or none,
        ),
        _t(
            "cov.budget_line",
            lang,
            contributing=textfmt.money(s.budget_contributing, lang, analysis.currency),
            attributed=textfmt.money(s.budget_attributed, lang, analysis.currency),
        ),
    ]


def traceability_matrix(analysis: ProgrammeCoverage, lang: str) -> str:
    """Projects × benefits: ● direct, ○ through an intermediate benefit."""
    projects = [p for p in analysis.projects if p.level is not None]
    if not projects or not analysis.benefits:
        return _t("cov.no_projects", lang)
    rows = []
    for project in projects:
        cells = [escape(project.name)]
        for benefit in analysis.benefits:
            if benefit.id in project.benefits:
                cells.append("●")
            elif project.id in benefit.projects:  # an IdSet: a bit looked up, no set made
                cells.append("○")
            else:
                cells.append("")
        rows.append(cells)
    headers = [_t("col.project", lang)] + [escape(b.name) for b in analysis.benefits]
    return table(headers, rows, "l" + "c" * len(analysis.benefits)) + "\n\n" + _t("cov.matrix_legend", lang)


def benefits_map(analysis: ProgrammeCoverage, lang: str) -> str:
    """A Mermaid flowchart: projects → gaps → benefits → end benefits."""
    lines = ["```mermaid", "flowchart LR"]
    projects = [p for p in analysis.projects if p.level is not None]
    gap_ids = {g.id for g in analysis.gaps}
    benefit_ids = {b.id for b in analysis.benefits}
    for p in projects:
        lines.append(f'  {mermaid_id("P", p.id)}["{mermaid_label(p.name)}"]')
    for g in analysis.gaps:
        lines.append(f'  {mermaid_id("G", g.id)}{{"{mermaid_label(g.name)}"}}')
    for b in analysis.benefits:
        shape = ('(["', '"])') if b.level is BenefitLevel.END else ('("', '")')
        lines.append(f"  {mermaid_id('B', b.id)}{shape[0]}{mermaid_label(b.name)}{shape[1]}")
    edges: list[str] = []
    for p in projects:
        for gap_id in dict.fromkeys(p.closes):
            if gap_id in gap_ids:
                edges.append(f"  {mermaid_id('P', p.id)} --> {mermaid_id('G', gap_id)}")
    for g in analysis.gaps:
        for benefit_id in g.benefits:
            if benefit_id in benefit_ids:
                edges.append(f"  {mermaid_id('G', g.id)} --> {mermaid_id('B', benefit_id)}")
    for b in analysis.benefits:
        if b.level is BenefitLevel.INTERMEDIATE:
            for target in dict.fromkeys(b.contributes_to):
                if target in benefit_ids:
                    edges.append(f"  {mermaid_id('B', b.id)} -.-> {mermaid_id('B', target)}")
    lines += edges
    lines += [
        "  classDef covered fill:#d8f0dc,stroke:#2e7d32",
        "  classDef planned fill:#fff4d6,stroke:#b7791f",
        "  classDef uncovered fill:#fbe0e0,stroke:#c62828",
        "  classDef benefit fill:#e3ecfb,stroke:#1f4e9c",
    ]
    groups: dict[str, list[str]] = {"covered": [], "planned": [], "uncovered": []}
    for g in analysis.gaps:
        name = "covered" if g.covered else ("planned" if g.level.label == "planned" else "uncovered")
        groups[name].append(mermaid_id("G", g.id))
    for name, members in groups.items():
        if members:
            lines.append(f"  class {','.join(members)} {name}")
    if analysis.benefits:
        lines.append(f"  class {','.join(mermaid_id('B', b.id) for b in analysis.benefits)} benefit")
    lines.append("```")
    return "\n".join(lines)


def to_markdown(analyses: Sequence[ProgrammeCoverage], as_of: dt.date, lang: str) -> str:
    parts: list[str] = []
    for analysis in analyses:
        parts.append(
            f"# {escape(analysis.name)}: {_t('cov.heading', lang).lower()} "
            f"{_t('cov.as_of', lang, date=as_of.isoformat())}"
        )
        parts.append(f"## {_t('cov.summary', lang)}")
        parts.append("\n".join(f"- {line}" for line in summary_lines(analysis, lang)))
        parts.append(f"## {_t('cov.benefits', lang)}")
        parts.append(benefits_table(analysis, lang))
        parts.append(f"## {_t('cov.gaps', lang)}")
        parts.append(gaps_table(analysis, lang))
        parts.append(f"## {_t('cov.matrix', lang)}")
        parts.append(traceability_matrix(analysis, lang))
        parts.append(f"## {_t('cov.map', lang)}")
        parts.append(benefits_map(analysis, lang))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- terminal


def bar(share: float | None, width: int = 10) -> str:
    if share is None:
        return "–".ljust(width)
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


_STATUS_STYLE = {
    "achieved": "green",
    "on-track": "green",
    "behind": "yellow",
    "worsening": "red",
    "missed": "red",
    "no-data": "dim",
    "unknown": "dim",
}


COMPACT_WIDTH = 100
"""Below this many columns the table drops its coverage bars and vertical lines."""
NARROW_WIDTH = 64
"""Below this many columns it also leaves out the level, the gaps and the budget."""


def to_rich(analyses: Sequence[ProgrammeCoverage], as_of: dt.date, lang: str, width: int = 120) -> list[Any]:
    """Rich renderables for the terminal: a table per programme and its call-outs, fitted
    to `width` columns (names wrap; below COMPACT_WIDTH and NARROW_WIDTH less is shown)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    compact, narrow = width < COMPACT_WIDTH, width < NARROW_WIDTH
    out: list[Any] = []
    for analysis in analyses:
        heading = _t("cov.heading", lang).lower()
        grid = Table(
            title=f"{analysis.name} · {heading} {_t('cov.as_of', lang, date=as_of.isoformat())}",
            title_justify="left",
            expand=False,
            box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
            pad_edge=not compact,
        )
        rows: list[dict[str, Any]] = []
        for b in analysis.benefits:
            statuses = Text()
            for i, progress in enumerate(b.indicators):
                if i:
                    statuses.append(", ")
                statuses.append(_t(f"status.{progress.status}", lang), style=_STATUS_STYLE[progress.status])
            share = textfmt.percent(b.coverage, lang)
            rows.append(
                {
                    "col.benefit": b.name,
                    "col.level": _t(f"benefit_level.{b.level.value}", lang),
                    "col.coverage": share if compact else f"{bar(b.coverage)} {share}",
                    "col.gaps": f"{len(b.covered_gaps)}/{len(b.gaps)}",
                    "col.budget": textfmt.money(b.budget, lang, analysis.currency),
                    "col.indicators": statuses if b.indicators else Text("–"),
                }
            )
        # Each column is at least as wide as what must not be broken: a whole number or
        # level, the longest status ("efter plan"), the longest word of a header; names wrap.
        keys = ["col.benefit", "col.level", "col.coverage", "col.gaps", "col.budget", "col.indicators"]
        if narrow:
            keys = [k for k in keys if k not in ("col.level", "col.budget", "col.gaps")]
        statuses_longest = [
            len(_t(f"status.{p.status}", lang)) + 1 for b in analysis.benefits for p in b.indicators
        ]
        for key in keys:
            header = _t(key, lang)
            least = max(len(word) for word in header.split())
            if key == "col.benefit":  # its longest word, within reason; the rest wraps
                name_words = [len(w) for b in analysis.benefits for w in b.name.split()]
                least = max([least, 10, *(min(n, 24) for n in name_words)])
            elif key == "col.indicators":
                least = max([least, *statuses_longest])
            else:
                least = max([least, *(len(str(row[key])) for row in rows)])
            text_column = key in ("col.benefit", "col.indicators")
            grid.add_column(
                header,
                justify="left" if key in ("col.benefit", "col.level", "col.indicators") else "right",
                min_width=least,
                # in a narrow terminal a figure's column is no wider than its figures (its
                # header wraps), and the names get the room
                max_width=None if text_column or not compact else least,
            )
        for row in rows:
            grid.add_row(*(row[key] for key in keys))
        out.append(grid)
        s = analysis.summary
        gap_names = {g.id: g.name for g in analysis.gaps}
        project_names = {p.id: p.name for p in analysis.projects}
        none = _t("cov.none", lang)
        out.append(Text(_t("cov.gaps_covered", lang, covered=s.gaps_covered, total=s.gaps)))
        high = ", ".join(gap_names[g] for g in s.high_gaps_uncovered) or none
        out.append(
            Text(
                _t("cov.high_uncovered", lang, items=high), style="bold red" if s.high_gaps_uncovered else ""
            )
        )
        idle = ", ".join(project_names[p] for p in s.projects_without_gap) or none
        out.append(
            Text(
                _t("cov.no_gap_projects", lang, items=idle), style="yellow" if s.projects_without_gap else ""
            )
        )
        out.append(Text(""))
    return out
