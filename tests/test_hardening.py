"""Hardening II (issue 14, items 6-9): a killed worker, pipes and devices where files
should be, extreme numbers, deep folders, file names that are not UTF-8 or hold control
characters, dates at the ends of the calendar. Never a hang, never exit 2 on content,
nothing forged or hijacked in the output. docs/reliability.md names these tests.

Commands that could hang run in a child process with a time-out."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import AS_OF, CASES, diagnostics, run

TIMEOUT = 20


def _cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`progstyr ARGS` in a child process; a hang fails the test instead of stopping it."""
    return subprocess.run(
        [sys.executable, "-m", "progstyr", *args],
        capture_output=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env={**os.environ, "PROGSTYR_LANG": "en", **(env or {})},
        check=False,
    )


def _minimal(tmp_path: Path, name: str = "m") -> Path:
    target = tmp_path / name
    shutil.copytree(CASES / "minimal", target)
    return target


# ---------------------------------------------------------------- 6. a worker killed


_KILLING_RUN = """
import os, signal, sys
from progstyr import load
from progstyr.cli import app

PARENT = os.getpid()
read_entries = load._read_entries

def dies_on_marked_batch(items):
    # what the out-of-memory killer does to a worker reading the batch with the marked file
    if os.getpid() != PARENT and any(b"kill-this-worker" in raw for _, raw in items):
        os.kill(os.getpid(), signal.SIGKILL)
    return read_entries(items)

load._read_entries = dies_on_marked_batch
app(sys.argv[1:], prog_name="progstyr")
"""


def test_a_killed_worker_is_noticed_and_the_rest_read_here(tmp_path):
    """Item 6: `kill -9` of a worker used to leave the parent waiting forever (the pool
    replaced the worker and lost its task). Now the run ends within seconds, says so on
    stderr, and prints what a serial run prints."""
    root = _minimal(tmp_path)
    text = (root / "benefits" / "trygghet.yaml").read_text("utf-8")
    for n in range(200):  # enough for three batches of 64 and two workers
        marker = "# kill-this-worker\n" if n == 70 else f"# {n}\n"  # each one read (not the same content)
        (root / "benefits" / f"b-{n:03d}.yaml").write_text(marker + text, "utf-8")
    script = tmp_path / "killing_run.py"
    script.write_text(textwrap.dedent(_KILLING_RUN), "utf-8")
    args = ["validate", str(root), "--as-of", AS_OF, "--no-cache"]
    env = {**os.environ, "PROGSTYR_LANG": "en"}
    started = time.monotonic()
    killed = subprocess.run(
        [sys.executable, str(script), *args, "--jobs", "2"], capture_output=True, timeout=TIMEOUT, env=env
    )
    elapsed = time.monotonic() - started
    serial = subprocess.run([sys.executable, str(script), *args, "--jobs", "1"], capture_output=True, env=env)
    assert elapsed < 10, elapsed
    assert b"stopped unexpectedly" in killed.stderr, killed.stderr
    assert b"internal error" not in killed.stderr
    assert (killed.returncode, killed.stdout) == (serial.returncode, serial.stdout)
    assert b" of 207 files" in killed.stdout or b"in 207 files" in killed.stdout


# ---------------------------------------------------------------- 7. pipes, sockets, devices, links to nothing


@pytest.mark.parametrize("command", ["validate", "coverage", "report", "fmt"])
def test_a_named_pipe_given_as_path_does_not_hang(tmp_path, command):
    """Item 7: a FIFO given as PATH used to wait forever for a writer."""
    pipe = tmp_path / "lone" / "benefits" / "pipe.yaml"
    pipe.parent.mkdir(parents=True)
    os.mkfifo(pipe)
    done = _cli(command, str(pipe), "--as-of", AS_OF) if command != "fmt" else _cli(command, str(pipe))
    assert b"internal error" not in done.stderr
    if command == "validate":
        assert done.returncode == 1
        assert b"PS107 error: this is not a regular file but a named pipe (FIFO)" in done.stdout


def test_a_named_pipe_in_a_programme_given_as_path_does_not_hang(tmp_path):
    root = _minimal(tmp_path)
    os.mkfifo(root / "benefits" / "pipe.yaml")
    os.remove(root / "programme.yaml")
    os.mkfifo(root / "programme.yaml")
    for target in ("benefits/pipe.yaml", "programme.yaml"):
        done = _cli("validate", str(root / target), "--as-of", AS_OF)
        assert done.returncode == 1, done.stderr
        assert b"PS107 error: this is not a regular file" in done.stdout
        assert done.stdout.count(b" PS") == 1  # that file only


def test_pipes_sockets_devices_and_links_to_nothing_in_a_tree_are_reported(tmp_path):
    """Item 7: inside a tree these used to be skipped without a word."""
    root = _minimal(tmp_path)
    os.mkfifo(root / "benefits" / "pipe.yaml")
    (root / "gaps" / "nowhere.yaml").symlink_to(root / "gaps" / "gone.yaml")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "projects" / "sock.yaml"))
        done = _cli("validate", str(root), "--as-of", AS_OF)
    assert done.returncode == 1
    found = {(Path(d["path"]).name, d["code"], d["msg"]) for d in diagnostics(done.stdout.decode())}
    assert found == {
        ("pipe.yaml", "PS107", "this is not a regular file but a named pipe (FIFO); it was not read"),
        ("nowhere.yaml", "PS107", "this is a link to nothing: what it points to does not exist"),
        ("sock.yaml", "PS107", "this is not a regular file but a socket; it was not read"),
    }
    fmt = _cli("fmt", "--check", str(root))
    assert b"internal error" not in fmt.stderr


def test_reading_never_waits_on_a_pipe_that_took_a_files_place(tmp_path):
    """Item 7, the race: a file replaced by a FIFO between discovery and reading."""
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    probe = (
        "import sys; from pathlib import Path; from progstyr.load import _read_bytes; "
        "raw, problem = _read_bytes(Path(sys.argv[1])); print(raw, problem.code, problem.key)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(pipe)], capture_output=True, timeout=TIMEOUT)
    assert done.stdout == b"None PS107 read.not_regular\n", done.stderr


# ---------------------------------------------------------------- 8. content that gave exit 2


def test_amounts_beyond_the_limit_are_ps104_not_an_overflow(case):
    """Item 8: two amounts of 1.7e308 overflowed math.fsum (exit 2 in all three commands)."""
    root = case("minimal")
    lampor = root / "projects" / "lampor.yaml"
    lampor.write_text(
        lampor.read_text("utf-8")
        .replace("amount: 600000", "amount: 1.7e308")
        .replace("amount: 400000", "amount: 1.7e308"),
        "utf-8",
    )
    code, out = run("validate", str(root), "--as-of", AS_OF, "--lang", "en")
    assert code == 1
    found = [(d["line"], d["code"]) for d in diagnostics(out)]
    assert found == [("16", "PS104"), ("18", "PS104")]
    assert "1.7e+308 is beyond the limit of ±1e15" in out
    for command in ("coverage", "report"):
        code, _ = run(command, str(root), "--as-of", AS_OF)
        assert code == 1, command


def test_indicator_values_at_the_ends_of_float_are_refused_not_nan(case):
    """Item 8: measurements of +1.7e308 and -1.7e308 made NaN in the sparkline (exit 2)."""
    root = case("minimal")
    trygghet = root / "benefits" / "trygghet.yaml"
    trygghet.write_text(
        trygghet.read_text("utf-8")
        .replace("value: 35", "value: 1.7e308")
        .replace("value: 30\n", "value: -1.7e308\n"),
        "utf-8",
    )
    for args in (
        ("validate",),
        ("coverage", "--format", "json"),
        ("report",),
        ("report", "--format", "html"),
    ):
        code, out = run(*args, str(root), "--as-of", AS_OF, "--lang", "en")
        assert code == 1, args
    code, out = run("validate", str(root), "--as-of", AS_OF, "--lang", "en")
    assert {d["code"] for d in diagnostics(out)} == {"PS104"}


def test_control_characters_in_text_values_are_refused(case):
    """Item 8/9: a double-quoted escape such as "\\e[2J" in a name or comment must not reach
    a terminal through coverage or the report."""
    root = case("minimal")
    trygghet = root / "benefits" / "trygghet.yaml"
    trygghet.write_text(
        trygghet.read_text("utf-8").replace("name: Trygghet", 'name: "Tr\\e[31mygghet"'), "utf-8"
    )
    code, out = run("validate", str(root), "--as-of", AS_OF, "--lang", "en")
    assert code == 1
    assert [(d["line"], d["col"], d["code"]) for d in diagnostics(out)] == [("1", "7", "PS107")]
    assert "U+001B" in out
    for command in ("coverage", "report"):
        code, out = run(command, str(root), "--as-of", AS_OF)
        assert code == 1 and "\x1b" not in out, command


def test_a_chain_of_a_thousand_folders_is_bounded(tmp_path):
    """Item 8: 1,000 nested folders overflowed the stack in os.walk (RecursionError, exit 2)."""
    root = tmp_path / "tree"
    shutil.copytree(CASES / "minimal", root / "m")
    chains = []
    for base in (root, root / "m" / "benefits"):
        folder = str(base)
        for _ in range(1000):  # os.makedirs and Path.mkdir(parents=True) recurse themselves
            folder += "/d"
            os.mkdir(folder)
        Path(folder, "x.yaml").write_text("name: x\n", "utf-8")
        chains.append(folder)
    try:
        for command in ("validate", "coverage", "report"):
            code, out = run(command, str(root), "--as-of", AS_OF, "--lang", "en")
            assert code == 1, command
        code, out = run("validate", str(root), "--as-of", AS_OF, "--lang", "en")
        found = diagnostics(out)
        assert [d["code"] for d in found] == ["PS107", "PS107"]
        assert all("nested more than 32 levels" in d["msg"] for d in found)
    finally:
        for folder in chains:  # shutil.rmtree would recurse 1,000 levels deep too
            os.remove(os.path.join(folder, "x.yaml"))
            while folder not in (str(root), str(root / "m" / "benefits")):
                os.rmdir(folder)
                folder = os.path.dirname(folder)


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    """Item 8: a name with the bytes \\xff\\xfe made `report -o` fail (UnicodeEncodeError)
    and json and sarif output invalid UTF-8."""
    root = _minimal(tmp_path)
    name = os.fsdecode(b"a\xff\xfe.yaml")
    shutil.copy(root / "benefits" / "trygghet.yaml", root / "benefits" / name)
    for fmt in ("text", "json", "sarif", "github"):
        done = _cli("validate", str(root), "--as-of", AS_OF, "--format", fmt)
        assert done.returncode == 1, (fmt, done.stderr)
        out = done.stdout.decode("utf-8")  # valid UTF-8
        shown = json.dumps(json.loads(out), ensure_ascii=False) if fmt in ("json", "sarif") else out
        assert "a\\xff\\xfe.yaml" in shown.replace("\\\\", "\\"), fmt
    done = _cli("report", str(root), "--as-of", AS_OF, "-o", str(tmp_path / "r.md"))
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr
    assert "a\\xff\\xfe.yaml" in (tmp_path / "r.md").read_text("utf-8")


@pytest.mark.parametrize("day", ["0001-06-01", "9999-10-15", "1899-12-31", "2201-01-01"])
@pytest.mark.parametrize("command", ["validate", "coverage", "report"])
def test_as_of_far_from_now_is_a_usage_error_not_a_crash(case, day, command):
    """Item 8: --as-of 0001-06-01 gave ValueError, 9999-10-15 OverflowError (exit 2 as an
    internal error); now a plain usage error naming the dates progstyr works with."""
    result = _cli(command, str(case("minimal")), "--as-of", day)
    assert result.returncode == 2
    assert b"internal error" not in result.stderr
    assert b"is outside the dates progstyr works with: 1900-01-01 to 2200-12-31" in result.stderr


def test_as_of_at_the_edges_of_the_range_works(case):
    root = case("minimal")
    for day in ("1900-01-01", "2200-12-31"):
        for command in ("validate", "coverage", "report"):
            code, _ = run(command, str(root), "--as-of", day)
            assert code in (0, 1), (day, command)


# ---------------------------------------------------------------- 9. control characters in names


HOSTILE = "a\n::error file=README.md,line=1::X.yaml"


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_a_file_name_cannot_forge_a_workflow_command_or_reach_the_terminal(tmp_path, fmt):
    """Item 9: a file named `a\\n::error file=README.md,line=1::X.yaml` put a forged
    `::error` line into the default text output; ESC sequences reached the terminal."""
    root = _minimal(tmp_path)
    shutil.copy(root / "benefits" / "trygghet.yaml", root / "benefits" / HOSTILE)
    shutil.copy(root / "benefits" / "trygghet.yaml", root / "benefits" / "b\x1b[2J\x9bred.yaml")
    done = _cli("validate", str(root), "--as-of", AS_OF, "--format", fmt)
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")
    forged = [line for line in out.splitlines() if line.startswith("::error file=README.md")]
    assert forged == []
    assert "\x1b" not in out and "\x9b" not in out
    if fmt == "text":
        assert "benefits/a\\n::error file=README.md,line=1::X.yaml:1:1: PS106" in out
        assert "benefits/b\\x1b[2J\\x9bred.yaml:1:1: PS106" in out
        assert all(line.startswith(str(root)) or line.startswith("Found") for line in out.splitlines())


def test_every_text_output_escapes_names(tmp_path):
    """Item 9: the programme's folder name reaches coverage and the report too."""
    base = tmp_path / "p\x1b]0;owned\x07"
    base.mkdir()
    root = _minimal(base, "m\x1b[31m")
    for args in (("coverage", "--format", "markdown"), ("coverage", "--format", "json"), ("report",)):
        done = _cli(*args, str(root), "--as-of", AS_OF)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout, args


def test_printable_escapes_like_quotepath():
    from progstyr.diagnostics import printable

    assert (
        printable("programmes/lindängen/benefits/trygghet.yaml")
        == "programmes/lindängen/benefits/trygghet.yaml"
    )
    assert printable("a\nb\tc\rd\x1be\x7ff\x9bg") == "a\\nb\\tc\\rd\\x1be\\x7ff\\x9bg"
    assert printable(os.fsdecode(b"x\xff\xfe")) == "x\\xff\\xfe"
    assert printable("evil\u202egnp.yaml") == "evil\\u202egnp.yaml"
    assert printable(printable("a\nb")) == "a\\nb"
