"""The fuzz's counts (tests/test_fuzz.py): kept per test, summed in pytest's summary.

Each fuzz test starts a fresh `Stats` and leaves it in its report's `user_properties`
(`KEY`), so the counts reach the process that prints the summary also when the tests
run in pytest-xdist workers (`make test`); conftest.py's `pytest_terminal_summary` sums
them (`merged`) and prints `lines()` under "fuzz summary".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

KEY = "fuzz-stats"
COMMANDS = ("validate", "coverage", "report", "fmt")

TIME_LIMIT = 2.0
"""CPU seconds all commands of one case may take together: what progstyr itself spent
(time.process_time of the process running them), so a busy neighbour (another test
worker, a LibreOffice on the other core) cannot make a case slow."""
HARD_LIMIT = 30.0
"""Wall seconds after which a case still running is stopped and reported as a hang (one
that waits without computing is caught here, not by TIME_LIMIT)."""


@dataclass
class Stats:
    cases: int = 0
    regression_cases: int = 0
    runs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMMANDS, 0))
    exceptions: int = 0
    timeouts: int = 0
    slow: int = 0
    other_failures: int = 0
    slowest: float = 0.0
    slowest_case: str = ""
    total_time: float = 0.0
    fmt_rewrites: int = 0

    def as_record(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        runs = ", ".join(f"{name} {count}" for name, count in self.runs.items())
        slowest = self.slowest_case if len(self.slowest_case) < 600 else self.slowest_case[:600] + "…"
        return [
            f"cases: {self.cases} generated, {self.regression_cases} from tests/fuzz_regressions/",
            f"command runs: {runs}",
            f"files fmt rewrote (each read back to the same data): {self.fmt_rewrites}",
            f"exceptions, internal errors (exit 2) or crashed processes: {self.exceptions}",
            f"time-outs (stopped after {HARD_LIMIT:.0f} s): {self.timeouts}",
            f"slow cases (over {TIME_LIMIT:.1f} CPU seconds): {self.slow}",
            f"other failures (exit code, output, files changed, code ran, state leaked): {self.other_failures}",
            f"CPU time in commands: {self.total_time:.1f} s",
            f"slowest case: {self.slowest:.3f} CPU seconds  {slowest}",
        ]


def merged(records: Iterable[dict[str, Any]]) -> Stats:
    """The sum of the tests' records: counts added, the slowest case kept."""
    total = Stats()
    for record in records:
        for name in ("cases", "regression_cases", "exceptions", "timeouts", "slow", "other_failures"):
            setattr(total, name, getattr(total, name) + int(record[name]))
        total.fmt_rewrites += int(record["fmt_rewrites"])
        total.total_time += float(record["total_time"])
        for command, count in record["runs"].items():
            total.runs[command] = total.runs.get(command, 0) + int(count)
        if float(record["slowest"]) > total.slowest:
            total.slowest, total.slowest_case = float(record["slowest"]), str(record["slowest_case"])
    return total
