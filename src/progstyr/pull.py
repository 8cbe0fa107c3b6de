"""`progstyr pull` and what it shares with `progstyr import`: from values to file edits.

Both commands end the same way: a list of `measures.Wanted` per benefit file, planned
into edits (`measures.plan`), shown as a diff (`--dry-run`) or written. Writing is
all-or-nothing in the sense that matters: every edit is planned and proved before the
first file is touched, and a file that changed on disk since it was read is skipped.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from progstyr import fileio, kolada, measures, yamlread
from progstyr.model import Benefit, Indicator
from progstyr.portfolio import Entity, Portfolio


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator with a `kolada:` reference, and where it is written."""

    display: str
    path: str
    benefit: Entity[Benefit]
    index: int
    indicator: Indicator
    ref: kolada.Ref


@dataclass(slots=True)
class FilePlan:
    display: str
    snapshot: fileio.Snapshot
    """The file as read: it is replaced only if it is still exactly this."""
    edit: measures.Edit


@dataclass(slots=True)
class Outcome:
    plans: list[FilePlan] = field(default_factory=list)
    failed: list[tuple[str, str, dict[str, object]]] = field(default_factory=list)
    """(display, message key, args) for files that could not be edited."""

    @property
    def changed(self) -> list[FilePlan]:
        return [p for p in self.plans if p.edit.changed]

    @property
    def conflicts(self) -> list[tuple[str, measures.Conflict]]:
        return [(p.display, c) for p in self.plans for c in p.edit.conflicts]


def targets(portfolio: Portfolio, paths: dict[str, str], as_of: dt.date) -> list[Target]:
    """Every indicator with a Kolada reference in the programmes PATH names."""
    result: list[Target] = []
    for unit in portfolio.programmes:
        for benefit in unit.benefits.values():
            if portfolio.wanted is not None and benefit.display not in portfolio.wanted:
                continue
            for index, indicator in enumerate(benefit.model.indicators):
                ref = indicator.kolada
                if ref is None:
                    continue
                kind = "municipality" if ref.municipality is not None else "ou"
                place = ref.municipality if ref.municipality is not None else ref.ou
                assert place is not None
                first = indicator.baseline.date.year if indicator.baseline is not None else None
                result.append(
                    Target(
                        benefit.display,
                        paths.get(benefit.display, benefit.display),
                        benefit,
                        index,
                        indicator,
                        kolada.Ref(ref.kpi, kind, place, first, as_of.year),
                    )
                )
    return result


def wanted_from(
    target: Target, values: dict[tuple[str, str, int, str], float], as_of: dt.date
) -> tuple[list[measures.Wanted], list[int]]:
    """The measurements Kolada gives an indicator, and the years left out because a
    by-sex indicator lacked the women's or men's value."""
    ref, indicator = target.ref, target.indicator
    assert indicator.kolada is not None
    gender = indicator.kolada.gender.value
    years = sorted({year for (kpi, place, year, _g) in values if kpi == ref.kpi and place == ref.place})
    result: list[measures.Wanted] = []
    incomplete: list[int] = []
    for year in years:
        day = dt.date(year, 12, 31)
        if (ref.first_year is not None and year < ref.first_year) or day > as_of:
            continue
        series = {g: values.get((ref.kpi, ref.place, year, g)) for g in kolada.GENDERS}
        source = f"{measures.KOLADA_PREFIX} {ref.kpi}"
        if indicator.by_sex:
            total, women, men = series["T"], series["K"], series["M"]
            if total is None:
                continue
            if women is None or men is None:
                incomplete.append(year)
                continue
            result.append(
                measures.Wanted(indicator.id, day, total, women, men, source=source, origin=ref.kpi)
            )
        else:
            value = series[gender]
            if value is not None:
                result.append(measures.Wanted(indicator.id, day, value, source=source, origin=ref.kpi))
    return result, incomplete


def plan_files(wanted: dict[str, tuple[str, list[measures.Wanted]]], owner: measures.Owner) -> Outcome:
    """Plan the edit of every file: display → (path, wanted measurements)."""
    outcome = Outcome()
    for display in sorted(wanted):
        path, wants = wanted[display]
        try:
            snapshot = fileio.Snapshot.take(path, limit=yamlread.MAX_FILE_BYTES)
        except fileio.WriteError as exc:
            outcome.failed.append((display, exc.reason, exc.message_args))
            continue
        except OSError as exc:
            outcome.failed.append((display, "measures.unreadable_file", {"detail": exc.strerror or str(exc)}))
            continue
        try:
            if not snapshot.complete:
                raise measures.EditError("measures.unreadable")
            edit = measures.plan(snapshot.data, wants, owner)
        except measures.EditError as exc:
            outcome.failed.append((display, exc.key, dict(exc.args_)))
            continue
        outcome.plans.append(FilePlan(display, snapshot, edit))
    return outcome


def diff(plan: FilePlan) -> str:
    """The change to one file as a unified diff, paths as the user sees them."""
    lines = difflib.unified_diff(
        plan.edit.before.splitlines(keepends=True),
        plan.edit.after.splitlines(keepends=True),
        fromfile=plan.display,
        tofile=plan.display,
        n=2,
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return text.replace("\r\n", "\n")


def write(plans: Sequence[FilePlan]) -> list[tuple[str, str, dict[str, object]]]:
    """Write every changed file; a file that changed on disk since it was read, or is
    read-only, is left alone. Returns (display, message key, args) per file not written."""
    problems: list[tuple[str, str, dict[str, object]]] = []
    for plan in plans:
        if not plan.edit.changed:
            continue
        try:
            fileio.replace_if_unchanged(plan.snapshot, plan.edit.after.encode("utf-8"))
        except fileio.WriteError as exc:
            problems.append((plan.display, exc.reason, exc.message_args))
        except OSError as exc:
            problems.append((plan.display, "measures.write_failed", {"detail": exc.strerror or str(exc)}))
    return problems


def paths_by_display(targets_: Iterable[str]) -> dict[str, str]:
    """display → file system path for every file PATH names (the loader's discovery)."""
    from progstyr.load import discover

    plan = discover(list(targets_))
    refs = [*plan.portfolios.values(), *(r for p in plan.programmes.values() for r in p.files), *plan.loose]
    return {ref.display: str(ref.path) for ref in refs}
