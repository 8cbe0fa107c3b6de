"""Fuzzing: no input makes progstyr crash, hang, lose data or run code.

Each generated case takes one example file from programmes/ (any of the 35),
mutates it (tests/fuzzlib.py: deleted, duplicated, reordered, renamed and retyped
keys, values at their edges, truncation, stray bytes, long strings, deep nesting,
anchors and aliases, tags, odd encodings and line ends, several documents, an
invalid file name or a wrong folder) and swaps it into a temporary copy of
programmes/storstadsintegration (a file from lindangen is added under its own
name). `validate` runs on every case; `coverage --format json` and `report` run
on the cases drawn with `full=True` (about one in four whose data was changed but
whose bytes were not, one in twelve of the others), and then `fmt` rewrites the
mutated file in place: whatever it writes must read back to the data it read, and
it must touch no other file. All run in-process, `--as-of 2026-11-23`.

Every command must exit 0 or 1 (2 is progstyr's internal-error exit), raise
nothing, print something on stdout (coverage: valid JSON), leave every file in
the programme folder as it was, run no code from the file (no sentinel file
appears), and the commands of one case must take at most TIME_LIMIT CPU seconds
together (the CPU time of the process that runs them, so the bound holds in `make
test`'s parallel run beside other tests; a case that waits without computing is
stopped by HARD_LIMIT, wall time). Hypothesis is derandomized and keeps no database:
every run of the same pytest command checks the same cases (see
`_every_progstyr_module_imported` for what else Hypothesis draws from). PROGSTYR_FUZZ_EXAMPLES raises the number of
generated cases (DEFAULT_EXAMPLES in `make test`, never fewer; `make fuzz` 20,000).

To keep 20,000 cases within a few minutes, the generated cases (not the
regression inputs) build the click command once; progstyr itself compiles the report
template once per process (report._KeptTemplates). Files
with hundreds of thousands of nodes are not generated here (each costs seconds):
test_large_files_scale_linearly checks that big files cost time in proportion to
their size.

tests/fuzz_regressions/ holds every input that once crashed or hung a command,
plus a few hand-made nasty ones. Each runs through all three commands in a forked
child (a segfault fails the test instead of killing pytest) as
`projects/<name>.yaml`, or as `programme.yaml`, `benefits/<name>.yaml`,
`gaps/<name>.yaml` when its name starts with `programme-`, `benefit-` or `gap-`.
A text input starts with a one-line `#` comment saying what it triggered.

Counts, exceptions, time-outs and the slowest case are printed at the end of the
pytest run ("fuzz summary"; tests/fuzzstats.py, summed over xdist workers by conftest.py).
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import os
import pickle
import shutil
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, note, settings
from typer.testing import CliRunner

import fuzzlib
import fuzzstats
from fuzzstats import HARD_LIMIT, TIME_LIMIT
from progstyr import fmt, i18n, yamlread
from progstyr.cli import app

AS_OF = "2026-11-23"
DEFAULT_EXAMPLES = 500
"""Cases in every `make test` (about 8 s of commands on the 2-core machine, within its 2 minutes);
`make fuzz` runs 20,000."""
EXAMPLES = max(int(os.environ.get("PROGSTYR_FUZZ_EXAMPLES") or 0), DEFAULT_EXAMPLES)

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
CLEAN_ENV = {"PROGSTYR_LANG": None, "PROGSTYR_FORMAT": None, "GITHUB_STEP_SUMMARY": None}

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{path}", "--as-of", AS_OF],
    "coverage": ["coverage", "{path}", "--format", "json", "--as-of", AS_OF],
    "report": ["report", "{path}", "--as-of", AS_OF],
    "fmt": ["fmt", "{path}"],
}
"""`fmt` runs last, in place, on the mutated file (see `check_fmt`)."""


# ---------------------------------------------------------------- statistics

STATS = fuzzstats.Stats()


@pytest.fixture(scope="module", autouse=True)
def _every_progstyr_module_imported() -> Iterator[None]:
    """Hypothesis draws some values from the constants of the local modules imported so far
    (its "local constants"), so which tests ran earlier in the same process would change the
    cases; with pytest-xdist that differs from run to run. Importing all of progstyr first
    makes the cases the same on every run of the same pytest command. Afterwards, what the
    cases froze (`execute`) is handed back to the collector, for the tests that run after
    this module in the same worker."""
    import importlib
    import pkgutil

    import progstyr

    for module in pkgutil.walk_packages(progstyr.__path__, "progstyr."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _fuzz_stats(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test counts afresh and leaves its counts in its report (fuzzstats), for the
    summary that conftest.py prints, from xdist workers too."""
    global STATS
    STATS = fuzzstats.Stats()
    yield
    request.node.user_properties.append((fuzzstats.KEY, STATS.as_record()))


# ---------------------------------------------------------------- running the commands


class Hang(BaseException):
    """Raised by the alarm when a case runs past HARD_LIMIT (a BaseException, so that
    progstyr's own `except Exception` cannot turn it into exit 2)."""


@contextlib.contextmanager
def hard_limit(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def alarm(_signum: int, _frame: Any) -> None:
        raise Hang(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_CLICK_COMMAND = typer.main.get_command(app)


@contextlib.contextmanager
def runner(fast: bool) -> Iterator[CliRunner]:
    """A CliRunner on progstyr.cli.app. `fast`: build the click command once, not on every
    call (that alone costs about as much as validating the programme). The report
    template is compiled once per process by progstyr itself (report._KeptTemplates)."""
    with contextlib.ExitStack() as stack:
        if fast and hasattr(typer.testing, "_get_command"):
            stack.enter_context(mock.patch.object(typer.testing, "_get_command", lambda _app: _CLICK_COMMAND))
        yield CliRunner()


@dataclass
class Run:
    command: str
    exit_code: int | None
    stdout: str
    stderr: str
    exception: BaseException | None
    seconds: float


def invoke(cli: CliRunner, command: str, path: Path) -> Run:
    args = [part.format(path=path) for part in COMMANDS[command]]
    # CPU seconds of this process: a busy neighbour does not count (TIME_LIMIT). A child
    # process's would not count either; the fuzz programme is far too small for worker
    # processes (load.PARALLEL_MIN_FILES), and git (the report's header) is not progstyr.
    started = time.process_time()
    result = cli.invoke(app, args, env=CLEAN_ENV)
    seconds = time.process_time() - started
    return Run(command, result.exit_code, result.stdout, result.stderr, result.exception, seconds)


def internal_traceback(command: str, path: Path) -> str:
    """Run a command again and catch the traceback progstyr turns into a one-line `exit 2`."""
    caught: list[str] = []
    original = i18n.text

    def spy(key: str, *args: Any, **kwargs: Any) -> str:
        if key == "cli.internal":
            caught.append(traceback.format_exc())
        return original(key, *args, **kwargs)

    with mock.patch.object(i18n, "text", spy), runner(fast=True) as cli:
        try:
            with hard_limit(HARD_LIMIT):
                run = invoke(cli, command, path)
        except BaseException:
            return traceback.format_exc()
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        return "".join(traceback.format_exception(run.exception))
    return caught[-1] if caught else "(no traceback caught)"


def problems_with(run: Run) -> list[str]:
    """What is wrong with one command's result (empty when all is well)."""
    found = []
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        found.append(f"raised {type(run.exception).__name__}: {str(run.exception)[:300]}")
    elif run.exit_code not in (0, 1):
        found.append(f"exit {run.exit_code}: {run.stderr.strip()[:300]}")
    if not run.stdout.strip() and run.command != "fmt":
        found.append("printed nothing on stdout")
    elif run.command == "coverage" and run.exit_code in (0, 1):
        try:
            json.loads(run.stdout)
        except ValueError as exc:
            found.append(f"--format json printed no valid JSON: {exc}")
    return found


# ---------------------------------------------------------------- no state left behind

READER_CANARY = "x: {source: Anslag 1:1}\ny: yes\n"
"""A file only the pure-Python fallback parser reads (`1:1` in a flow mapping) whose
value YAML 1.1 reads differently (`yes` is true)."""
READER_RESET = "%YAML 1.2\n---\nx: {source: Anslag 1:1}\n"


def _read_canary() -> Any:
    doc, _problems = yamlread.parse(READER_CANARY)
    return doc.data if doc is not None else None


CANARY_DATA = _read_canary()


def reader_state_leaked() -> str | None:
    """How the canary reads now, when reading a file changed how the next file is read.

    Such a change is put back (through progstyr's own reader: a file that states
    %YAML 1.2), so that one leak does not spill into the following cases.
    """
    now = _read_canary()
    if now == CANARY_DATA:
        return None
    yamlread.parse(READER_RESET)
    return f"{READER_CANARY!r} read as {now!r} afterwards, {CANARY_DATA!r} before"


# ---------------------------------------------------------------- the workspace

Signature = dict[str, tuple[int, int, int] | None]


def signature(folder: Path) -> Signature:
    """Every file (size, mtime, inode) and folder (None) below `folder`: a write, a
    removal or a new file changes it."""
    found: Signature = {}
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        for name in dirs:
            found[(here / name).relative_to(folder).as_posix() + "/"] = None
        for name in files:
            info = (here / name).stat()
            found[(here / name).relative_to(folder).as_posix()] = (
                info.st_size,
                info.st_mtime_ns,
                info.st_ino,
            )
    return found


class Workspace:
    """A pristine copy of one example programme; each case swaps one file in and out."""

    def __init__(self, root: Path, programme: str = fuzzlib.HOME) -> None:
        (root / ".git").mkdir()  # the configuration lookup stops here
        self.sentinel = root / fuzzlib.SENTINEL_NAME
        self.name = programme
        self.folder = root / programme
        shutil.copytree(fuzzlib.PROGRAMMES / programme, self.folder)
        self.content = {
            path.relative_to(self.folder).as_posix(): path.read_bytes()
            for path in self.folder.rglob("*")
            if path.is_file()
        }
        self.pristine = signature(self.folder)

    def put(self, target: str, raw: bytes, remove: str | None) -> None:
        if remove is not None:
            (self.folder / remove).unlink()
        path = self.folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)

    def restore(self) -> None:
        """Back to the pristine copy: new files and folders go, changed or removed files come back."""
        now = signature(self.folder)
        if now == self.pristine:
            return
        for rel in sorted(set(now) - set(self.pristine), reverse=True):
            path = self.folder / rel
            if rel.endswith("/"):
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists():
                path.unlink()
        for rel, content in self.content.items():
            if now.get(rel) != self.pristine[rel]:
                (self.folder / rel).write_bytes(content)
        self.pristine = signature(self.folder)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz"))


# ---------------------------------------------------------------- one case


@dataclass
class Outcome:
    seconds: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    crashed: bool = False
    hung: bool = False
    slow: bool = False
    fmt_rewrote: bool = False


def execute(
    workspace: Workspace, target: str, raw: bytes, remove: str | None, *, full: bool, fast: bool
) -> Outcome:
    """Swap the file in, run the commands and check what they did (the caller restores)."""
    outcome = Outcome()
    folder = workspace.folder
    workspace.put(target, raw, remove)
    before = signature(folder)
    # The time bound is for progstyr's work: objects the harness has piled up over
    # thousands of cases are frozen, so a garbage collection does not scan them.
    gc.collect()
    gc.freeze()
    runs: list[Run] = []
    try:
        with hard_limit(HARD_LIMIT), runner(fast) as cli:
            for command in ("validate", "coverage", "report") if full else ("validate",):
                _progress(command)
                runs.append(invoke(cli, command, folder))
    except Hang as exc:
        outcome.hung = True
        done = ", ".join(run.command for run in runs)
        outcome.failures.append(f"hang: {exc} (finished before it: {done or 'nothing'})")
    for run in runs:
        outcome.seconds[run.command] = run.seconds
        for problem in problems_with(run):
            outcome.failures.append(f"{run.command}: {problem}")
            outcome.crashed = outcome.crashed or problem.startswith(("raised", "exit 2"))
        if run.exit_code == 2 or (run.exception and not isinstance(run.exception, SystemExit)):
            outcome.failures.append(f"traceback of {run.command}:\n{internal_traceback(run.command, folder)}")
    if signature(folder) != before:
        outcome.failures.append("the commands changed, added or removed files in the programme folder")
    if full and not outcome.hung:
        check_fmt(workspace, target, outcome)
    total = sum(outcome.seconds.values())
    if total > TIME_LIMIT:
        outcome.slow = True
        timing = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in outcome.seconds.items())
        outcome.failures.append(f"too slow: {total:.2f} CPU seconds > {TIME_LIMIT} ({timing})")
    if workspace.sentinel.exists():
        workspace.sentinel.unlink()
        outcome.failures.append("the file's content ran code (the sentinel file was created)")
    leak = reader_state_leaked()
    if leak:
        outcome.failures.append(f"reading the file changed how later files are read: {leak}")
    return outcome


def _data_of(raw: bytes) -> tuple[bool, Any]:
    """(readable, data) as progstyr's safe reader sees the bytes."""
    text, problem = yamlread.decode(raw)
    if problem is not None or text is None:
        return False, None
    doc, problems = yamlread.parse(text.removeprefix("\ufeff"))
    if problems or doc is None:
        return False, None
    return True, fmt.normalise(doc.data)


def check_fmt(workspace: Workspace, target: str, outcome: Outcome) -> None:
    """`fmt` in place on the mutated file (on the programme folder when the file is not
    where a programme file goes, as fmt formats only those): it answers 0 or 1 without
    raising, touches no file but the mutated one (the others are canonical already),
    and whatever it writes reads back to the same data it read."""
    path = workspace.folder / target
    before_raw = path.read_bytes()
    others = {rel: info for rel, info in signature(workspace.folder).items() if rel != target}
    try:
        with hard_limit(HARD_LIMIT), runner(fast=True) as cli:
            _progress("fmt")
            run = invoke(cli, "fmt", path if fmt.kind_of(path) else workspace.folder)
    except Hang as exc:
        outcome.hung = True
        outcome.failures.append(f"hang: fmt {exc}")
        return
    outcome.seconds["fmt"] = run.seconds
    for problem in problems_with(run):
        outcome.failures.append(f"fmt: {problem}")
        outcome.crashed = outcome.crashed or problem.startswith(("raised", "exit 2"))
    after = {rel: info for rel, info in signature(workspace.folder).items() if rel != target}
    if after != others:
        outcome.failures.append("fmt changed, added or removed files other than the one it was given")
    after_raw = path.read_bytes() if path.exists() else None
    if after_raw is None:
        outcome.failures.append("fmt removed the file")
    elif after_raw != before_raw:
        outcome.fmt_rewrote = True
        readable, data = _data_of(before_raw)
        readable_after, data_after = _data_of(after_raw)
        if not readable:
            outcome.failures.append("fmt rewrote a file the safe reader refuses")
        elif not readable_after or not fmt.same_data(data, data_after):
            outcome.failures.append(f"fmt changed the data: {after_raw[:300]!r}")


_PROGRESS: list[Callable[[str], None]] = []


def _progress(command: str) -> None:
    for tell in _PROGRESS:
        tell(command)


def in_child(work: Callable[[], Outcome]) -> Outcome:
    """Run `work` in a forked child, so that a crash of the interpreter (a segfault, an
    abort) fails this case instead of killing pytest."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return work()
    read, write = os.pipe()
    # What this process holds is frozen across the fork, so that the child's collection
    # (execute) does not walk it: walking touches every object, and each touched page is
    # copied into the child (a third of a regression input's time in a busy test worker).
    gc.freeze()
    try:
        pid = os.fork()
    except BaseException:
        gc.unfreeze()
        raise
    if pid != 0:
        gc.unfreeze()
    if pid == 0:  # the child: report progress and the outcome through the pipe, then leave
        status = 0
        try:
            os.close(read)
            pipe = os.fdopen(write, "wb", buffering=0)
            _PROGRESS.append(lambda command: pipe.write(f"start {command}\n".encode()))
            outcome = work()
            pipe.write(b"outcome " + base64.b64encode(pickle.dumps(outcome)) + b"\n")
        except BaseException:
            with contextlib.suppress(BaseException):
                failure = Outcome(failures=[f"the test harness failed:\n{traceback.format_exc()}"])
                pipe.write(b"outcome " + base64.b64encode(pickle.dumps(failure)) + b"\n")
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        lines = pipe.read().splitlines()
    _, status = os.waitpid(pid, 0)
    for line in lines:
        if line.startswith(b"outcome "):
            outcome: Outcome = pickle.loads(base64.b64decode(line[len(b"outcome ") :]))
            return outcome
    started = [line.split()[1].decode() for line in lines if line.startswith(b"start ")]
    during = started[-1] if started else "before the first command"
    if os.WIFSIGNALED(status):
        how = f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    else:
        how = f"ended with status {os.WEXITSTATUS(status)}"
    return Outcome(failures=[f"{during}: the process was {how}"], crashed=True)


def check_case(
    workspace: Workspace,
    target: str,
    raw: bytes,
    remove: str | None,
    *,
    label: str,
    full: bool,
    regression: bool = False,
) -> None:
    """Run one case (a regression input in a forked child, unpatched), count it, assert."""
    try:
        if regression:
            outcome = in_child(lambda: execute(workspace, target, raw, remove, full=full, fast=False))
        else:
            outcome = execute(workspace, target, raw, remove, full=full, fast=True)
    finally:
        workspace.restore()
    if regression:
        STATS.regression_cases += 1
    else:
        STATS.cases += 1
    for command in outcome.seconds:
        STATS.runs[command] += 1
    total = sum(outcome.seconds.values())
    STATS.total_time += total
    if total > STATS.slowest:
        STATS.slowest, STATS.slowest_case = total, label
    STATS.exceptions += outcome.crashed
    STATS.fmt_rewrites += outcome.fmt_rewrote
    STATS.timeouts += outcome.hung
    STATS.slow += outcome.slow
    STATS.other_failures += bool(outcome.failures) and not (outcome.crashed or outcome.hung or outcome.slow)
    if outcome.failures:
        where = f"{workspace.name}/{target}, {len(raw)} bytes"
        raise AssertionError(f"{label} ({where}):\n" + "\n".join(outcome.failures))


# ---------------------------------------------------------------- the fuzz test


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(case=fuzzlib.cases())
def test_mutated_example_files(workspace: Workspace, case: fuzzlib.Case) -> None:
    source, target, raw, moves = case.build(str(workspace.sentinel), workspace.name)
    note(f"file: {workspace.name}/{target} ({len(raw)} bytes), starting {raw[:200]!r}")
    check_case(workspace, target, raw, source.rel if moves else None, label=repr(case), full=case.full)


# ---------------------------------------------------------------- large files


def _measurements(count: int) -> bytes:
    lines = [
        "name: Många mätningar",
        "owner: esf-radet",
        "indicators:",
        "  - id: matt",
        "    name: Mätt",
        "    direction: increase",
        "    baseline: {date: 2009-01-01, value: 0}",
        "    target: {date: 2030-01-01, value: 100}",
        "    measurements:",
    ]
    for i in range(count):
        lines.append(f"      - {{date: {2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}, value: {i % 101}}}")
    return ("\n".join(lines) + "\n").encode()


LARGE_SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "duplicate-keys": ("projects/many.yaml", lambda n: b"name: x\n" * n),
    "unknown-keys": ("projects/many.yaml", lambda n: b"".join(b"key%d: x\n" % i for i in range(n))),
    "flow-list": ("projects/many.yaml", lambda n: b"closes: [" + b"a," * n + b"a]\n"),
    "measurements": ("benefits/many.yaml", _measurements),
}


@pytest.mark.parametrize("shape", sorted(LARGE_SHAPES))
def test_large_files_scale_linearly(workspace: Workspace, shape: str) -> None:
    """Four times the nodes may cost at most about four times the time (no quadratic
    blow-up that a 1 MiB file would turn into a hang); every command still answers."""
    target, make = LARGE_SHAPES[shape]
    timings = []
    for count in (1000, 4000):
        raw = make(count)
        try:
            outcome = execute(workspace, target, raw, None, full=True, fast=True)
        finally:
            workspace.restore()
        STATS.regression_cases += 1
        for command in outcome.seconds:
            STATS.runs[command] += 1
        STATS.total_time += sum(outcome.seconds.values())
        failures = [f for f in outcome.failures if not f.startswith("too slow")]
        if failures:
            raise AssertionError(f"{shape} × {count} ({len(raw)} bytes):\n" + "\n".join(failures))
        timings.append(sum(outcome.seconds.values()))
    small, large = timings
    assert large < 8 * small + 0.5, f"{shape}: {small:.2f} s for 1,000, {large:.2f} s for 4,000"


# ---------------------------------------------------------------- one file, then another

LATER_FILE = (
    "name: Samverkan\nowner: inar-malmo-stad\nphase: execution\n"
    "period: {start: 2009-09-14, end: 2010-05-14}\ncloses: [diskriminerande-hinder]\n"
    "risks: [{description: Risk 1:1, owner: no}]\n"
)
"""A project only the pure-Python fallback reads (`Risk 1:1`); YAML 1.1 would make
`owner: no` false."""

EARLIER_FILES = {
    "yaml-1-1-then-syntax-error": b"%YAML 1.1\n---\nname: [\n",
    "yaml-1-1-then-flow-colon": b"%YAML 1.1\n---\nname: {a: b 1:1}\n",
    "yaml-1-1-valid": b"%YAML 1.1\n---\nname: x\n",
}


@pytest.mark.parametrize("earlier", sorted(EARLIER_FILES))
def test_one_file_does_not_change_how_the_next_is_read(workspace: Workspace, earlier: str) -> None:
    """validate gives a file the same diagnostics whatever file was read before it
    (benefits/ is read before projects/)."""
    folder = workspace.folder
    try:
        workspace.put("projects/later.yaml", LATER_FILE.encode(), None)
        with runner(fast=False) as cli:
            alone = invoke(cli, "validate", folder)
            workspace.put("benefits/earlier.yaml", EARLIER_FILES[earlier], None)
            after = invoke(cli, "validate", folder)
    finally:
        workspace.restore()
        yamlread.parse(READER_RESET)  # do not let a leak reach the other tests

    def about_later(run: Run) -> list[str]:
        return [line for line in run.stdout.splitlines() if "projects/later.yaml" in line]

    assert about_later(after) == about_later(alone), (
        f"with benefits/earlier.yaml = {EARLIER_FILES[earlier]!r}"
    )


# ---------------------------------------------------------------- regression inputs


def _regression_files() -> list[Path]:
    return sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _regression_target(path: Path) -> str:
    name = path.name
    if name.startswith("programme-"):
        return "programme.yaml"
    for prefix, folder in (("benefit-", "benefits"), ("gap-", "gaps")):
        if name.startswith(prefix):
            return f"{folder}/{name}"
    return f"projects/{name}"


@pytest.mark.parametrize("path", _regression_files(), ids=lambda p: p.stem)
def test_regression_input(workspace: Workspace, path: Path) -> None:
    check_case(
        workspace,
        _regression_target(path),
        path.read_bytes(),
        None,
        label=f"tests/fuzz_regressions/{path.name}",
        full=True,
        regression=True,
    )


def test_regression_inputs_say_what_they_triggered() -> None:
    files = _regression_files()
    assert len(files) >= 7
    for path in files:
        raw = path.read_bytes()
        if b"\x00" in raw or not raw.startswith(b"#"):
            continue  # binary content, or an input whose first byte is the point
        assert raw.startswith(b"# "), path.name
