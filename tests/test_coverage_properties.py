"""Property tests of the coverage analysis (SPEC §5) and indicator progress (SPEC §6).

Portfolios are generated from plain dicts and validated into the pydantic models, the
way the loader builds them from YAML. Every property runs on 250 derandomised examples
(fixed seed, no example database), so each `make test` checks the same portfolios.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from progstyr.coverage import ON_TRACK_MARGIN, analyse, attribute_budget, indicator_progress
from progstyr.model import Benefit, Gap, Indicator, Project, ProjectPhase

PROPERTY = settings(
    max_examples=examples(250, 120),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SPEC_STATUSES = {"achieved", "on-track", "behind", "worsening", "missed", "no-data"}
"""The indicator statuses of SPEC §6 and §14 (`unknown` only arises without baseline or target)."""

UNKNOWN_BENEFIT = "b-unknown"
UNKNOWN_GAP = "g-unknown"
PHASES = [phase.value for phase in ProjectPhase]
START = dt.date(2020, 1, 1)

Portfolio = tuple[dict[str, Benefit], dict[str, Gap], dict[str, Project], dt.date]


# ---------------------------------------------------------------- strategies


def _dates(lo: dt.date = START, hi: dt.date = dt.date(2032, 12, 31)) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=lo, max_value=hi)


def _mostly_known(ids: list[str], unknown: str) -> st.SearchStrategy[str]:
    """A known id about three times in four, else an id nothing defines."""
    return st.sampled_from([*ids, *ids, *ids, unknown]) if ids else st.just(unknown)


_values = st.one_of(
    st.integers(-1000, 1000).map(float),
    st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)

_amounts = st.one_of(
    st.integers(0, 10_000_000),
    st.decimals(min_value=0, max_value=1_000_000, places=2).map(float),
    st.floats(0, 1e7, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)


_baseline_days = st.integers(0, (dt.date(2028, 12, 31) - START).days)
_spans = st.integers(1, 3650)
_offsets = st.lists(st.integers(-400, 3650 + 400), max_size=5, unique=True)


@st.composite
def indicator_dicts(draw: st.DrawFn, indicator_id: str = "i1") -> dict[str, Any]:
    """An indicator with baseline and target (different values, target date later).

    The direction matches the target: `increase` when the target is above the baseline.
    Measurements fall from 400 days before the baseline to 400 days after the target,
    on distinct dates, so "the last measurement" is never ambiguous.
    """
    baseline_date = START + dt.timedelta(days=draw(_baseline_days))
    span = draw(_spans)
    target_date = baseline_date + dt.timedelta(days=span)
    baseline = draw(_values)
    target = draw(_values)
    if target == baseline:
        target = baseline + 1.0
    measured_on = [baseline_date + dt.timedelta(days=d) for d in draw(_offsets) if d <= span + 400]
    measurements = [{"date": day, "value": draw(_values)} for day in measured_on]
    return {
        "id": indicator_id,
        "name": f"Indicator {indicator_id}",
        "direction": "increase" if target > baseline else "decrease",
        "baseline": {"date": baseline_date, "value": baseline},
        "target": {"date": target_date, "value": target},
        "measurements": measurements,
    }


_phases = st.sampled_from(PHASES)
_priorities = st.sampled_from(["high", "medium", "low"])
_gap_statuses = st.sampled_from(["open", "closed"])
_as_of = _dates()


@st.composite
def portfolios(draw: st.DrawFn, indicators: bool = False) -> Portfolio:
    """1-8 benefits, 0-10 gaps, 0-10 projects; indicators (0-1 a benefit) only when asked."""
    benefit_ids = [f"b{i}" for i in range(1, draw(st.integers(1, 8)) + 1)]
    gap_ids = [f"g{i}" for i in range(1, draw(st.integers(0, 10)) + 1)]
    project_ids = [f"p{i}" for i in range(1, draw(st.integers(0, 10)) + 1)]

    some_benefit = _mostly_known(benefit_ids, UNKNOWN_BENEFIT)
    some_gap = _mostly_known(gap_ids, UNKNOWN_GAP)
    contributes = st.lists(some_benefit, min_size=0, max_size=3)
    listed = st.lists(some_benefit, min_size=1, max_size=3)
    closing = st.lists(some_gap, min_size=0, max_size=4)

    benefits: dict[str, Benefit] = {}
    for benefit_id in benefit_ids:
        intermediate = draw(st.booleans())
        raw: dict[str, Any] = {
            "name": f"Benefit {benefit_id}",
            "owner": "kommunen",
            "level": "intermediate" if intermediate else "end",
        }
        if intermediate:
            # Any benefit, itself included, so loops and self-loops occur.
            raw["contributes_to"] = draw(contributes)
        if indicators and draw(st.booleans()):
            raw["indicators"] = [draw(indicator_dicts())]
        benefits[benefit_id] = Benefit.model_validate(raw)

    gaps: dict[str, Gap] = {}
    for gap_id in gap_ids:
        gaps[gap_id] = Gap.model_validate(
            {
                "name": f"Gap {gap_id}",
                "current_state": "Today.",
                "desired_state": "Tomorrow.",
                "benefits": draw(listed),
                "priority": draw(_priorities),
                "status": draw(_gap_statuses),
            }
        )

    projects: dict[str, Project] = {}
    for project_id in project_ids:
        closes = draw(closing)
        if closes and draw(st.integers(0, 4)) == 0:
            closes.append(closes[0])  # a duplicated gap id
        raw = {
            "name": f"Project {project_id}",
            "owner": "kommunen",
            "phase": draw(_phases),
            "period": {"start": "2023-01-01", "end": "2025-12-31"},
            "closes": closes,
        }
        if draw(st.booleans()):
            raw["budget"] = {"total": draw(_amounts)}
        projects[project_id] = Project.model_validate(raw)

    as_of = draw(_as_of)
    return benefits, gaps, projects, as_of


def run_analysis(portfolio: Portfolio) -> Any:
    benefits, gaps, projects, as_of = portfolio
    return analyse("prog", None, benefits, gaps, projects, as_of)


def coverage_by_benefit(result: Any) -> dict[str, float | None]:
    return {row.id: row.coverage for row in result.benefits}


def with_phase(project: Project, phase: ProjectPhase) -> Project:
    raw = project.model_dump()
    raw["phase"] = phase.value
    return Project.model_validate(raw)


# ---------------------------------------------------------------- independent reference


def reference_benefit_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> dict[str, set[str]]:
    """SPEC §5, computed as a fixpoint: gaps listing b, plus the gaps of intermediate feeders."""
    result = {b: {g for g, gap in gaps.items() if b in gap.benefits} for b in benefits}
    changed = True
    while changed:
        changed = False
        for feeder_id, feeder in benefits.items():
            if feeder.level.value != "intermediate":
                continue
            for target in feeder.contributes_to:
                if target in result and not result[feeder_id] <= result[target]:
                    result[target] |= result[feeder_id]
                    changed = True
    return result


def reference_covered_gaps(gaps: Mapping[str, Gap], projects: Mapping[str, Project]) -> set[str]:
    covering = {"execution", "completed", "handed-over"}
    return {g for g in gaps if any(p.phase.value in covering and g in p.closes for p in projects.values())}


def reference_contributing_budget(gaps: Mapping[str, Gap], projects: Mapping[str, Project]) -> float:
    return math.fsum(
        p.budget.total
        for p in projects.values()
        if p.budget is not None and p.phase.value != "cancelled" and any(g in gaps for g in p.closes)
    )


# ---------------------------------------------------------------- 1. budget conservation


@PROPERTY
@given(portfolios())
def test_budget_is_conserved(portfolio: Portfolio) -> None:
    benefits, gaps, projects, _ = portfolio
    result = run_analysis(portfolio)
    summary = result.summary
    attributed = [row.budget for row in result.benefits]
    expected = reference_contributing_budget(gaps, projects)

    assert all(amount >= 0 for amount in attributed)
    assert summary.budget_unattributed >= 0
    assert math.isclose(summary.budget_contributing, expected, rel_tol=1e-9)
    assert math.isclose(math.fsum(attributed) + summary.budget_unattributed, expected, rel_tol=1e-9)
    assert math.isclose(
        math.fsum(attributed) + summary.budget_unattributed, summary.budget_contributing, rel_tol=1e-9
    )
    assert math.isclose(summary.budget_attributed, math.fsum(attributed), rel_tol=1e-9)

    by_benefit, unattributed = attribute_budget(benefits, gaps, projects)
    assert set(by_benefit) == set(benefits)
    assert math.isclose(math.fsum(by_benefit.values()) + unattributed, expected, rel_tol=1e-9)


# ---------------------------------------------------------------- 2. coverage is a share


@PROPERTY
@given(portfolios())
def test_coverage_is_none_exactly_without_gaps_else_a_share(portfolio: Portfolio) -> None:
    result = run_analysis(portfolio)
    assert [row.id for row in result.benefits] == sorted(portfolio[0])
    for row in result.benefits:
        assert set(row.covered_gaps) <= set(row.gaps)
        if not row.gaps:
            assert row.coverage is None
        else:
            assert isinstance(row.coverage, float)
            assert 0.0 <= row.coverage <= 1.0


@PROPERTY
@given(portfolios())
def test_gaps_and_coverage_match_an_independent_computation(portfolio: Portfolio) -> None:
    """Transitive gaps through intermediate benefits, loops included (SPEC §5)."""
    benefits, gaps, projects, _ = portfolio
    result = run_analysis(portfolio)
    served = reference_benefit_gaps(benefits, gaps)
    covered = reference_covered_gaps(gaps, projects)
    for row in result.benefits:
        assert set(row.gaps) == served[row.id]
        assert set(row.covered_gaps) == served[row.id] & covered
        if served[row.id]:
            assert row.coverage == len(served[row.id] & covered) / len(served[row.id])
    assert {g.id for g in result.gaps if g.covered} == covered


# ---------------------------------------------------------------- 3. and 4. monotonicity


@PROPERTY
@given(portfolios(), st.data())
def test_adding_an_executing_project_never_lowers_coverage(portfolio: Portfolio, data: st.DataObject) -> None:
    benefits, gaps, projects, as_of = portfolio
    closes = data.draw(st.lists(st.sampled_from(sorted(gaps)), unique=True) if gaps else st.just([]))
    new = Project.model_validate(
        {
            "name": "New project",
            "owner": "kommunen",
            "phase": "execution",
            "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "closes": closes,
        }
    )
    before = coverage_by_benefit(run_analysis(portfolio))
    after = coverage_by_benefit(run_analysis((benefits, gaps, {**projects, "p-new": new}, as_of)))
    assert before.keys() == after.keys()
    for benefit_id, old in before.items():
        if old is None:
            assert after[benefit_id] is None  # a project adds no gaps
        else:
            assert after[benefit_id] is not None and after[benefit_id] >= old


@PROPERTY
@given(portfolios(), st.data())
def test_cancelling_a_project_never_raises_coverage(portfolio: Portfolio, data: st.DataObject) -> None:
    benefits, gaps, projects, as_of = portfolio
    if not projects:
        return
    victim = data.draw(st.sampled_from(sorted(projects)))
    changed = {**projects, victim: with_phase(projects[victim], ProjectPhase.CANCELLED)}
    before = coverage_by_benefit(run_analysis(portfolio))
    after = coverage_by_benefit(run_analysis((benefits, gaps, changed, as_of)))
    assert before.keys() == after.keys()
    for benefit_id, old in before.items():
        if old is None:
            assert after[benefit_id] is None
        else:
            assert after[benefit_id] is not None and after[benefit_id] <= old


# ---------------------------------------------------------------- 5. indicator progress


def mirrored(raw: dict[str, Any]) -> dict[str, Any]:
    """The same indicator read the other way: every value negated, the direction flipped."""
    return {
        **raw,
        "direction": "decrease" if raw["direction"] == "increase" else "increase",
        "baseline": {**raw["baseline"], "value": -raw["baseline"]["value"]},
        "target": {**raw["target"], "value": -raw["target"]["value"]},
        "measurements": [{**m, "value": -m["value"]} for m in raw["measurements"]],
    }


@PROPERTY
@given(indicator_dicts(), _dates(dt.date(2018, 1, 1), dt.date(2040, 12, 31)))
def test_indicator_status_follows_progress_and_expected(raw: dict[str, Any], as_of: dt.date) -> None:
    result = indicator_progress(Indicator.model_validate(raw), as_of)
    base, target = raw["baseline"], raw["target"]

    # Independent figures (SPEC §6).
    seen = sorted((m for m in raw["measurements"] if m["date"] <= as_of), key=lambda m: m["date"])
    latest = seen[-1]["value"] if seen else base["value"]
    span = (target["date"] - base["date"]).days
    expected = min(1.0, max(0.0, (as_of - base["date"]).days / span))
    progress = (latest - base["value"]) / (target["value"] - base["value"])

    assert result.status in SPEC_STATUSES
    assert result.expected is not None and 0.0 <= result.expected <= 1.0
    assert math.isclose(result.expected, expected, rel_tol=1e-12, abs_tol=1e-12)
    assert result.latest is not None and result.latest.value == latest
    assert result.progress is not None
    assert math.isclose(result.progress, progress, rel_tol=1e-12, abs_tol=1e-12)

    p, e = result.progress, result.expected
    overdue = as_of > target["date"]
    if not seen:
        assert result.status == "no-data"
    else:
        assert (result.status == "achieved") == (p >= 1)
        assert (result.status == "missed") == (p < 1 and overdue)
        assert (result.status == "worsening") == (p < 0 and not overdue)
        assert (result.status == "on-track") == (0 <= p < 1 and p >= e - ON_TRACK_MARGIN and not overdue)
        assert (result.status == "behind") == (0 <= p < e - ON_TRACK_MARGIN and not overdue)

    # Lower-is-better reads right: moving the way the direction asks is positive progress.
    if latest != base["value"]:
        better = latest > base["value"] if raw["direction"] == "increase" else latest < base["value"]
        assert (p > 0) == better


@PROPERTY
@given(indicator_dicts(), _dates(dt.date(2018, 1, 1), dt.date(2040, 12, 31)))
def test_mirrored_indicator_reads_the_same(raw: dict[str, Any], as_of: dt.date) -> None:
    original = indicator_progress(Indicator.model_validate(raw), as_of)
    mirror = indicator_progress(Indicator.model_validate(mirrored(raw)), as_of)
    assert mirror.status == original.status
    assert mirror.expected == original.expected
    assert original.progress is not None and mirror.progress is not None
    assert math.isclose(mirror.progress, original.progress, rel_tol=1e-12, abs_tol=1e-12)


# ---------------------------------------------------------------- 6. determinism


@PROPERTY
@given(portfolios(indicators=True))
def test_analysis_is_deterministic(portfolio: Portfolio) -> None:
    assert run_analysis(portfolio) == run_analysis(portfolio)


@PROPERTY
@given(portfolios(indicators=True), st.randoms(use_true_random=False))
def test_analysis_does_not_depend_on_input_order(portfolio: Portfolio, rnd: Any) -> None:
    benefits, gaps, projects, as_of = portfolio

    def shuffled(items: dict[str, Any]) -> dict[str, Any]:
        keys = list(items)
        rnd.shuffle(keys)
        return {key: items[key] for key in keys}

    reordered = (shuffled(benefits), shuffled(gaps), shuffled(projects), as_of)
    assert run_analysis(reordered) == run_analysis(portfolio)
