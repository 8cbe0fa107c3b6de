"""The benefits map at scale (issue 14, item 13): work linear in benefits, gaps and links.

A 10,000-deep `contributes_to` chain once took 48 s to validate and minutes to cover and
report, because each benefit walked everything below it. Now each benefit's gaps are
made once, in topological order, and shared where nothing is added.
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings

from conftest import AS_OF, CASES, run
from progstyr import coverage
from progstyr.checks.references import _cycles
from progstyr.model import Benefit, Gap
from test_coverage_properties import portfolios, reference_benefit_gaps

DEPTH = 10_000


def chain(depth: int, *, loop: bool = False) -> tuple[dict[str, Benefit], dict[str, Gap]]:
    """b00000 → b00001 → … → top (an end benefit); one gap on the deepest benefit."""
    benefits = {
        f"b{i:05d}": Benefit.model_validate(
            {"name": f"B{i}", "owner": "ks", "level": "intermediate",
             "contributes_to": [f"b{i + 1:05d}" if i + 1 < depth else ("b00000" if loop else "top")]}
        )
        for i in range(depth)
    }  # fmt: skip
    benefits["top"] = Benefit.model_validate({"name": "Top", "owner": "ks"})
    gap = Gap.model_validate(
        {"name": "G", "current_state": "a", "desired_state": "b", "benefits": ["b00000"],
         "priority": "low", "identified": "2022-02-01"}
    )  # fmt: skip
    return benefits, {"g": gap}


def test_a_10000_deep_chain_is_mapped_in_linear_time() -> None:
    benefits, gaps = chain(DEPTH)
    start = time.monotonic()
    served = coverage.benefit_gaps(benefits, gaps)
    with_gaps = coverage.benefits_with_gaps(benefits, gaps)
    graph = {b: sorted(set(m.contributes_to) & benefits.keys()) for b, m in benefits.items()}
    assert _cycles(graph) == []
    elapsed = time.monotonic() - start
    assert all(served[b] == {"g"} for b in benefits)  # the deepest gap reaches the top
    assert with_gaps == set(benefits)
    assert elapsed < 2.0, f"{elapsed:.1f} s: the map is walked more than once per benefit"


def test_a_10000_long_loop_is_one_cycle_and_shares_its_gaps() -> None:
    benefits, gaps = chain(DEPTH, loop=True)
    start = time.monotonic()
    served = coverage.benefit_gaps(benefits, gaps)
    graph = {b: sorted(set(m.contributes_to) & benefits.keys()) for b, m in benefits.items()}
    (cycle,) = _cycles(graph)
    assert time.monotonic() - start < 2.0
    assert len(cycle) == DEPTH and served["b09999"] == {"g"} and served["top"] == frozenset()


def test_validate_coverage_and_report_on_a_10000_deep_chain(tmp_path: Path) -> None:
    root = tmp_path / "chain"
    root.mkdir()
    for part in ("programme.yaml", "benefits", "gaps", "projects"):
        source = CASES / "minimal" / part
        if source.is_dir():
            (root / part).mkdir()
            for file in source.iterdir():
                (root / part / file.name).write_bytes(file.read_bytes())
        else:
            (root / part).write_bytes(source.read_bytes())
    for i in range(DEPTH):
        target = f"c{i + 1:05d}" if i + 1 < DEPTH else "trygghet"
        (root / "benefits" / f"c{i:05d}.yaml").write_text(
            f"name: Kedja {i}\nowner: ks\nlevel: intermediate\ncontributes_to:\n  - {target}\n",
            encoding="utf-8",
        )
    for command in ("validate", "coverage", "report"):
        start = time.monotonic()
        code, out = run(command, str(root), "--as-of", AS_OF, "--jobs", "1")
        elapsed = time.monotonic() - start
        assert code in (0, 1), out[-500:]
        assert elapsed < 10.0, f"{command}: {elapsed:.1f} s"


@settings(max_examples=200, deadline=None)
@given(portfolios())
def test_memoised_gaps_match_the_fixpoint_loops_included(portfolio) -> None:  # type: ignore[no-untyped-def]
    benefits, gaps, _, _ = portfolio
    served = coverage.benefit_gaps(benefits, gaps)
    expected = reference_benefit_gaps(benefits, gaps)
    assert served == expected
    assert coverage.benefits_with_gaps(benefits, gaps) == {b for b, found in expected.items() if found}
