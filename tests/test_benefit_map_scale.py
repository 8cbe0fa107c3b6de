"""The benefits map at scale (issue 14, item 13): work linear in benefits, gaps and links.

A 10,000-deep `contributes_to` chain once took 48 s to validate and minutes to cover and
report, because each benefit walked everything below it. Now each benefit's gaps are
made once, in topological order, as the bits of an int.

With a gap on every benefit of the chain each benefit reaches every gap below it: 50
million benefit-gap pairs. As tuples of ids that was 3 GB and 20-30 s for coverage and
report; as bits it is about 12 MB, and the outputs that print counts never make the ids.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings

from conftest import AS_OF, CASES, examples, run
from progstyr import coverage
from progstyr.checks.references import _cycles
from progstyr.model import Benefit, Gap, Project
from progstyr.render import coverage as render
from test_coverage_properties import portfolios, reference_benefit_gaps

DEPTH = 10_000
MB = 2**20


def _gap(benefit_id: str) -> Gap:
    return Gap.model_validate(
        {"name": f"Gap för {benefit_id}", "current_state": "a", "desired_state": "b",
         "benefits": [benefit_id], "priority": "low", "identified": "2022-02-01"}
    )  # fmt: skip


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
    return benefits, {"g": _gap("b00000")}


def gap_chain(depth: int, every: int = 100) -> tuple[dict[str, Benefit], dict[str, Gap], dict[str, Project]]:
    """The chain with a gap g<i> on every benefit b<i>, and a project in execution closing
    every `every`-th gap: b<i> reaches g00000 … g<i>, i // every + 1 of them covered."""
    benefits, _ = chain(depth)
    gaps = {f"g{i:05d}": _gap(f"b{i:05d}") for i in range(depth)}
    projects = {
        f"p{i:05d}": Project.model_validate(
            {"name": f"P{i}", "owner": "ks", "phase": "execution",
             "period": {"start": "2023-01-01", "end": "2025-12-31"}, "closes": [f"g{i:05d}"]}
        )
        for i in range(0, depth, every)
    }  # fmt: skip
    return benefits, gaps, projects


@contextmanager
def allocated() -> Iterator[Callable[[], int]]:
    """The peak of memory allocated by Python within the block, in bytes (after it)."""
    tracemalloc.start()
    peak = [0]
    try:
        yield lambda: peak[0]
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


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


@settings(max_examples=examples(200, 80), deadline=None)
@given(portfolios())
def test_memoised_gaps_match_the_fixpoint_loops_included(portfolio) -> None:  # type: ignore[no-untyped-def]
    benefits, gaps, _, _ = portfolio
    served = coverage.benefit_gaps(benefits, gaps)
    expected = reference_benefit_gaps(benefits, gaps)
    assert served == expected
    assert coverage.benefits_with_gaps(benefits, gaps) == {b for b, found in expected.items() if found}


def test_a_gap_on_every_benefit_of_a_10000_deep_chain_is_kept_as_bits() -> None:
    """Each benefit reaches every gap below it (50 million pairs): the analysis counts them
    as bits instead of making a tuple of ids per benefit (400 MB of references alone)."""
    benefits, gaps, projects = gap_chain(DEPTH)
    with allocated() as peak:
        result = coverage.analyse("kedja", None, benefits, gaps, projects, dt.date(2024, 6, 1))
    assert peak() < 64 * MB, f"{peak() / MB:.0f} MB allocated: each benefit's gaps were listed"
    rows = {row.id: row for row in result.benefits}
    assert sum(len(row.gaps) for row in result.benefits) == DEPTH * (DEPTH + 1) // 2 + DEPTH
    for i in (0, 99, 100, 150, 5_000, DEPTH - 1):
        row = rows[f"b{i:05d}"]
        assert len(row.gaps) == i + 1
        assert len(row.covered_gaps) == len(row.projects) == i // 100 + 1
        assert row.coverage == (i // 100 + 1) / (i + 1)
    assert rows["b00002"].gaps == ("g00000", "g00001", "g00002") and "g00003" not in rows["b00002"].gaps
    assert rows["b00150"].covered_gaps == ("g00000", "g00100") and rows["b00150"].projects == (
        "p00000",
        "p00100",
    )
    assert list(rows["top"].gaps) == sorted(gaps) and rows["top"].gaps[-1] == "g09999"
    assert result.summary.benefits_covered == DEPTH + 1 and result.summary.gaps_covered == DEPTH // 100


def test_the_chains_table_csv_and_markdown_print_counts_without_making_the_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """They print each benefit's number of gaps and of covered gaps: lengths of bits, no
    benefit's ids are gone through (the matrix asks `project in benefit.projects`)."""
    depth = 3_000
    analysis = coverage.analyse("kedja", None, *gap_chain(depth), dt.date(2024, 6, 1))

    def listed(self: coverage.IdSet) -> Iterator[str]:
        raise AssertionError(f"a benefit's {len(self)} ids were gone through")

    monkeypatch.setattr(coverage.IdSet, "__iter__", listed)
    with allocated() as peak:
        text = render.to_csv([analysis], "en")
        render.to_rich([analysis], dt.date(2024, 6, 1), "en")
        markdown = render.to_markdown([analysis], dt.date(2024, 6, 1), "en")
    assert peak() < 32 * MB, f"{peak() / MB:.0f} MB"
    by_id = {row["benefit"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (by_id["b00150"]["gaps"], by_id["b00150"]["covered_gaps"]) == ("151", "2")
    assert (by_id["top"]["gaps"], by_id["top"]["covered_gaps"]) == (str(depth), str(depth // 100))
    (row,) = [line for line in markdown.splitlines() if line.startswith("| B150 |")]
    assert "| 2/151 |" in row


class _Counted:
    """A stream that counts what is written to it and keeps nothing."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def test_the_chains_json_lists_every_id_and_is_written_one_list_at_a_time() -> None:
    """JSON lists each benefit's gaps: quadratic in the depth by nature (a 10,000-deep chain
    makes 1.1 GB), so it is written list by list, never made as Python lists first."""
    depth = 3_000
    analysis = coverage.analyse("kedja", None, *gap_chain(depth), dt.date(2024, 6, 1))
    out = _Counted()
    with allocated() as peak:
        render.write_json(out, [analysis], dt.date(2024, 6, 1))  # type: ignore[arg-type]
    assert out.chars > 90 * MB
    assert peak() < 32 * MB, f"{peak() / MB:.0f} MB allocated to write {out.chars / MB:.0f} MB"


def test_the_json_of_a_deep_map_is_what_json_dumps_makes_of_the_lists() -> None:
    benefits, gaps, projects = gap_chain(300, every=7)
    benefits["b00010"] = benefits["b00010"].model_copy(update={"name": 'Namn med "citat" och \\ och ö'})
    gaps["g00005"] = gaps["g00005"].model_copy(update={"benefits": ["b00005", "top", "saknas"]})
    analysis = coverage.analyse("kedja", None, benefits, gaps, projects, dt.date(2024, 6, 1))
    expected = {
        "version": 1,
        "as_of": "2024-06-01",
        "programmes": [render.programme_json(analysis)],
        "portfolios": [],
    }
    assert (
        render.to_json([analysis], dt.date(2024, 6, 1))
        == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    )
    assert json.loads(render.to_json([analysis], dt.date(2024, 6, 1)))["programmes"][0]["benefits"][0][
        "gaps"
    ] == ["g00000"]


def test_coverage_and_report_of_a_chain_with_a_gap_on_every_benefit(tmp_path: Path) -> None:
    depth = 2_000
    root = tmp_path / "kedja"
    for part in ("benefits", "gaps", "projects"):
        (root / part).mkdir(parents=True)
    (root / "programme.yaml").write_bytes((CASES / "minimal" / "programme.yaml").read_bytes())
    (root / "benefits" / "top.yaml").write_text("name: Top\nowner: ks\n", encoding="utf-8")
    for i in range(depth):
        target = f"b{i + 1:05d}" if i + 1 < depth else "top"
        (root / "benefits" / f"b{i:05d}.yaml").write_text(
            f"name: Kedja {i}\nowner: ks\nlevel: intermediate\ncontributes_to:\n  - {target}\n",
            encoding="utf-8",
        )
        (root / "gaps" / f"g{i:05d}.yaml").write_text(
            f"name: Gap {i}\ncurrent_state: a\ndesired_state: b\nbenefits:\n  - b{i:05d}\n"
            "priority: low\nidentified: 2022-02-01\n",
            encoding="utf-8",
        )
    (root / "projects" / "p.yaml").write_text(
        "name: P\nowner: ks\nphase: execution\nperiod:\n  start: 2023-01-01\n  end: 2025-12-31\n"
        "closes:\n  - g00000\n",
        encoding="utf-8",
    )
    code, out = run("coverage", str(root), "--as-of", AS_OF, "--format", "csv", "--lang", "en")
    assert code in (0, 1), out[-500:]
    by_id = {row["benefit"]: row for row in csv.DictReader(io.StringIO(out))}
    assert (by_id["b01999"]["gaps"], by_id["b01999"]["covered_gaps"]) == ("2000", "1")
    assert (by_id["top"]["gaps"], by_id["top"]["coverage"]) == ("2000", "0.0005")
    code, out = run("report", str(root), "--as-of", AS_OF, "--lang", "en")
    assert code in (0, 1) and "Kedja 1999" in out, out[-500:]
