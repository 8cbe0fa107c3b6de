"""The speed work changes no result: the fast reading path, the cache and the worker
processes give the same documents and the same diagnostics, line and column included,
as the plain serial path. (How fast it is: benchmarks/, not here.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import fuzzlib
from progstyr import fmt, yamlread

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(
    [*(ROOT / "programmes").rglob("*.yaml"), *(ROOT / "tests" / "cases").rglob("*.yaml")]
    + [p for p in (ROOT / "tests" / "fuzz_regressions").iterdir() if p.is_file()]
)


def _read(raw: bytes, *, fast: bool) -> tuple[Any, ...]:
    """Everything the reader tells about the bytes: problems, data, every position."""
    text, problem = yamlread.decode(raw)
    if problem is not None or text is None:
        return ("undecodable", problem)
    doc, problems = yamlread.parse(text, fast=fast)
    if doc is None:
        return ("refused", problems)
    return ("read", problems, fmt.normalise(doc.data), doc.values, doc.keys)


def _assert_same(raw: bytes) -> None:
    fast, full = _read(raw, fast=True), _read(raw, fast=False)
    assert fast[:2] == full[:2]
    if fast[0] == "read":
        assert fmt.same_data(fast[2], full[2]), (fast[2], full[2])  # types too: 1 is not 1.0
        assert fast[3:] == full[3:]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_path_reads_every_corpus_file_as_the_full_path(path: Path) -> None:
    _assert_same(path.read_bytes())


def test_fast_path_is_taken_for_the_shipped_examples() -> None:
    """The examples are ordinary files: none needs the slow path (else speed is lost silently)."""
    for path in sorted((ROOT / "programmes").rglob("*.yaml")):
        text, _ = yamlread.decode(path.read_bytes())
        assert text is not None
        yamlread._parse_fast(text)  # raises when it would fall back


SCALARS = [
    "1", "0", "007", "1_000", "0x1F", "0o17", "+5", "-3", "1.5", "-0.25", "1e3", "1.0e+3", ".inf", "-.Inf",
    ".nan", "true", "False", "TRUE", "yes", "no", "on", "null", "~", "Null", "", "2024-02-29", "2023-02-29",
    "2024-1-5", "2024-01-01T10:00:00", "2024-01-01 10:00:00+01:00", "1:20", "<<", "=", "!", "&", "*",
    "'quoted'", '"dq \\u00e5"', '"\\ud800"', "0b101", "12345678901234567890123", "9" * 1300, "1.", ".5",
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS)
def test_fast_path_resolves_scalars_as_the_full_path(scalar: str) -> None:
    for template in ("value: {s}\n", "list: [{s}]\n", "{s}: key\n", "list:\n  - {s}\n"):
        _assert_same(template.format(s=scalar).encode())


@settings(
    max_examples=1500,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(case=fuzzlib.cases())
def test_fast_path_reads_mutated_files_as_the_full_path(case: fuzzlib.Case) -> None:
    _source, _target, raw, _moves = case.build("/nonexistent/sentinel")
    _assert_same(raw)
