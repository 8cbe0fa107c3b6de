"""Shared helpers: copy an example repository from tests/cases and run the CLI on it."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from progstyr.cli import app

CASES = Path(__file__).parent / "cases"
AS_OF = "2024-06-01"
"""The date tests/cases/minimal is clean at."""

DIAG_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>PS\d{3}) (?P<severity>\w+): (?P<msg>.*)$"
)


LONG = bool(os.environ.get("PROGSTYR_FUZZ_EXAMPLES"))
"""`make fuzz`: property tests run their long counts; `make test` the quick ones."""


def examples(long: int, quick: int) -> int:
    """How many examples a property test draws: `long` in `make fuzz`, `quick` in `make test`."""
    return long if LONG else quick


LONGEST_FIRST = (
    "tests/test_fuzz.py::test_mutated_example_files",
    "tests/test_benefit_map_scale.py::test_validate_coverage_and_report_on_a_10000_deep_chain",
    "tests/test_speed.py::test_same_diagnostics_cold_warm_and_full_path_on_mutated_files",
)
"""The longest tests (`--durations`), started first: pytest-xdist hands out tests in
collection order, so a ten-second test collected late can leave one worker busy while
the other has finished. Order changes nothing else; every test stays independent."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {nodeid: index for index, nodeid in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("[")[0], len(rank)))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The fuzz summary (tests/fuzzstats.py): the counts each fuzz test left in its
    report, summed, here in the process that prints (with pytest-xdist, the controller)."""
    records = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        for name, value in getattr(report, "user_properties", ())
        if name == "fuzz-stats"
    ]
    if records:
        import fuzzstats

        terminalreporter.write_sep("-", "fuzz summary")
        for line in fuzzstats.merged(records).lines():
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True, scope="session")
def _private_read_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The commands' read cache goes to a folder of the test session, never the user's."""
    folder = tmp_path_factory.mktemp("read-cache")
    previous = os.environ.get("PROGSTYR_CACHE_DIR")
    os.environ["PROGSTYR_CACHE_DIR"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("PROGSTYR_CACHE_DIR", None)
    else:
        os.environ["PROGSTYR_CACHE_DIR"] = previous


@pytest.fixture(autouse=True, scope="session")
def _english_unless_chosen() -> Iterator[None]:
    """Messages in English unless a test chooses (--lang, or by clearing PROGSTYR_LANG to
    test the language rule itself: tests/test_language.py). Without this, every command on
    a Swedish example programme speaks Swedish, as it should for its users."""
    previous = os.environ.get("PROGSTYR_LANG")
    os.environ["PROGSTYR_LANG"] = "en"
    yield
    if previous is None:
        os.environ.pop("PROGSTYR_LANG", None)
    else:
        os.environ["PROGSTYR_LANG"] = previous


NO_LANGUAGE_CHOSEN = {"PROGSTYR_LANG": None}
"""CliRunner(env=…) for a command run as if nobody chose a language (module fixtures)."""


@pytest.fixture
def no_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither --lang nor PROGSTYR_LANG: the language rule decides."""
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)


@pytest.fixture
def case(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/cases/<name> into a temporary folder and return the copy."""

    def copy(name: str = "minimal") -> Path:
        target = tmp_path / name
        shutil.copytree(CASES / name, target)
        return target

    return copy


def run(*args: str) -> tuple[int, str]:
    """Run `progstyr ARGS` in-process; return the exit code and standard output."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def diagnostics(output: str) -> list[dict[str, str]]:
    """The `path:line:col: CODE severity: message` lines of a text output, parsed."""
    found = []
    for line in output.splitlines():
        match = DIAG_RE.match(line)
        if match:
            found.append(match.groupdict())
    return found


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in a file, failing loudly when `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
