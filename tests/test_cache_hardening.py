"""The read cache is private and untrusted (issue 14, items 1 and 2).

Private: on a folder other users can write (a shared `PROGSTYR_CACHE_DIR`, mode 1777)
progstyr keeps its cache in a `progstyr-<uid>` folder of its own (0700), or keeps none;
files are 0600, written through fresh temporary files, and a link is never followed.
Untrusted: whatever lies at the cache path (a FIFO, a few hostile bytes, code, a
message key progstyr does not know) only means a cold run, quickly.

Tests that need a second user fork a child that becomes `nobody` (when run as root);
they are skipped otherwise.
"""

from __future__ import annotations

import marshal
import os
import pwd
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from progstyr import cache, load
from progstyr.cli import app
from progstyr.config import find_config

AS_OF = "2024-06-01"


def _invoke(args: list[str], cache_dir: Path | None) -> tuple[int, str, str]:
    env = {"PROGSTYR_CACHE_DIR": str(cache_dir) if cache_dir else None, "PROGSTYR_LANG": "en"}
    result = CliRunner().invoke(app, args, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _validate(root: Path, cache_dir: Path | None, *extra: str) -> tuple[int, str, str]:
    return _invoke(["validate", str(root), "--format", "json", "--as-of", AS_OF, *extra], cache_dir)


def _cache_path(root: Path, folder: Path) -> Path:
    """Where a run on `root` keeps its cache when `folder` is its cache folder."""
    return cache.ReadCache([str(root)], find_config(str(root)), folder=folder).path


def _nobody() -> tuple[int, int]:
    if os.geteuid() != 0:
        pytest.skip("needs a second user: run as root to act as `nobody` in a forked child")
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("needs a second user: there is no `nobody` account")
    return entry.pw_uid, entry.pw_gid


def _as_nobody(action: Callable[[], None]) -> None:
    """Run `action` in a forked child that has become `nobody`; fail if it fails."""
    uid, gid = _nobody()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            action()
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the second user's part failed"


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every user may write, like /tmp (mode 1777), outside pytest's private tree."""
    folder = Path(tempfile.mkdtemp(prefix="progstyr-shared-", dir="/tmp"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def umask() -> Iterator[None]:
    """The common umask 022, under which a plain open() makes files others can read."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _poisoned_tree(case: Any, tmp_path: Path) -> tuple[Path, bytes]:
    """A programme whose project says `phase: handed-ovr`, and a cache file (as bytes)
    that holds the reading of a *valid* project under that file's content."""
    root = case()
    project = root / "projects" / "lampor.yaml"
    good = project.read_bytes()
    bad = good.replace(b"phase: execution", b"phase: handed-ovr")
    assert bad != good
    project.write_bytes(bad)
    forge = tmp_path / "forge"
    forge.mkdir(mode=0o700)
    planted = cache.ReadCache([str(root)], find_config(str(root)), folder=forge)
    planted.put(cache.key("project", bad), load.read_entry("project", good))
    planted.save()
    [made] = [p for p in forge.iterdir() if p.is_file()]
    return root, made.read_bytes()


def _modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): stat.S_IMODE(p.lstat().st_mode) for p in folder.rglob("*")}


# ---------------------------------------------------------------- 1. private


def test_a_shared_cache_folder_gets_a_private_subfolder(case: Any, shared: Path, umask: None) -> None:
    root = case()
    cold = _validate(root, None, "--no-cache")
    assert _validate(root, shared) == cold  # filling
    assert _validate(root, shared) == cold  # warm
    mine = shared / f"progstyr-{os.getuid()}"
    assert [p.name for p in shared.iterdir()] == [mine.name], "nothing directly in the shared folder"
    info = mine.lstat()
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700
    files = _modes(mine)
    assert files and set(files.values()) == {0o600}, files


def test_cache_files_are_readable_by_their_owner_only(case: Any, tmp_path: Path, umask: None) -> None:
    root = case()
    folder = tmp_path / "cache"
    assert _validate(root, folder)[0] == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = _modes(folder)
    assert files and set(files.values()) == {0o600}, files


def test_another_user_cannot_poison_a_shared_cache(case: Any, tmp_path: Path, shared: Path) -> None:
    """`nobody` plants a forged entry both at the cache path in the shared folder and in
    a `progstyr-<uid>` folder it made there first: neither is used."""
    root, forged = _poisoned_tree(case, tmp_path)
    cold = _validate(root, None, "--no-cache")
    assert cold[0] == 1 and "handed-ovr" in cold[1]
    name = _cache_path(root, shared).name
    squatted = shared / f"progstyr-{os.getuid()}"

    def plant() -> None:
        (shared / name).write_bytes(forged)
        squatted.mkdir()
        squatted.chmod(0o777)
        (squatted / name).write_bytes(forged)

    _as_nobody(plant)
    code, out, err = _validate(root, shared)
    assert (code, out) == cold[:2]
    assert len(err.splitlines()) == 1 and str(shared) in err  # one line: no cache, and why
    assert (shared / name).read_bytes() == forged and (squatted / name).read_bytes() == forged


def test_links_planted_by_another_user_are_not_followed(case: Any, tmp_path: Path, shared: Path) -> None:
    """`nobody` links the cache path and the temporary names a run would use (this
    process's id) to a file of the runner's: it is neither read nor overwritten."""
    root = case()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"the runner's own file\n")
    cold = _validate(root, None, "--no-cache")
    names = []
    for folder in (shared, shared / f"progstyr-{os.getuid()}"):
        path = _cache_path(root, folder)
        names += [path, path.with_name(f".{path.name}.{os.getpid()}.tmp")]

    def plant() -> None:
        for path in names:
            path.parent.mkdir(exist_ok=True)
            path.symlink_to(victim)

    _as_nobody(plant)
    assert _validate(root, shared)[:2] == cold[:2]
    assert victim.read_bytes() == b"the runner's own file\n"
    assert all(path.is_symlink() for path in names)


def test_a_link_at_the_cache_path_is_never_followed(case: Any, tmp_path: Path) -> None:
    """Not even in the runner's own folder: a link there to a cache file (here a forged
    one) is not read, and writing replaces the link, not its target."""
    root, forged = _poisoned_tree(case, tmp_path)
    cold = _validate(root, None, "--no-cache")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.bin"
    elsewhere.write_bytes(forged)
    path = _cache_path(root, folder)
    path.symlink_to(elsewhere)
    assert _validate(root, folder)[:2] == cold[:2]
    assert elsewhere.read_bytes() == forged
    assert _validate(root, folder)[:2] == cold[:2]


# ---------------------------------------------------------------- 2. untrusted


def _subprocess_validate(root: Path, folder: Path, limit_memory: bool = False) -> tuple[int, str, float]:
    """validate in a fresh process with a time limit (and, if asked, 1.5 GB of address space)."""
    code = (
        "import resource, sys\n"
        + ("resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n" if limit_memory else "")
        + "from progstyr.cli import run\nsys.argv = ['progstyr', *sys.argv[1:]]\nrun()\n"
    )
    env = {**os.environ, "PROGSTYR_CACHE_DIR": str(folder), "PROGSTYR_LANG": "en"}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, "validate", str(root), "--format", "json", "--as-of", AS_OF],
            capture_output=True,
            text=True,
            env=env,
            timeout=6,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("validate hung on the cache (killed after 6 s)")
    return done.returncode, done.stdout, time.perf_counter() - started


def test_a_fifo_at_the_cache_path_does_not_hang(case: Any, tmp_path: Path) -> None:
    root = case()
    cold = _validate(root, None, "--no-cache")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.mkfifo(_cache_path(root, folder))
    code, out, _ = _subprocess_validate(root, folder)
    assert (code, out) == cold[:2]


def test_a_few_hostile_bytes_cost_nothing(case: Any, tmp_path: Path) -> None:
    """b'(' and a count of 2**31 - 1: marshal allocated 16 GB for it before reading on."""
    root = case()
    cold = _validate(root, None, "--no-cache")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    _cache_path(root, folder).write_bytes(b"(" + struct.pack("<i", 0x7FFFFFFF))
    code, out, seconds = _subprocess_validate(root, folder, limit_memory=True)
    assert (code, out) == cold[:2]
    assert seconds < 5


def _mutated_code() -> bytes:
    """A marshalled code object that marshal refuses with SystemError (the first such
    one-byte change)."""
    raw = marshal.dumps(compile("def f(a, b=2):\n    return a + b\n", "x", "exec"))
    for index in range(len(raw)):
        for value in (0, 1, 0x7F, 0xFF):
            changed = bytearray(raw)
            changed[index] = value
            try:
                marshal.loads(bytes(changed))
            except SystemError:
                return bytes(changed)
            except Exception:
                continue
    pytest.skip("this Python refuses no one-byte change of a code object with SystemError")


def test_a_marshalled_code_object_only_means_a_cold_run(case: Any, tmp_path: Path) -> None:
    root = case()
    cold = _validate(root, None, "--no-cache")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    payload = _mutated_code()
    with pytest.raises(SystemError):
        marshal.loads(payload)
    _cache_path(root, folder).write_bytes(payload)
    assert _validate(root, folder)[:2] == cold[:2]


BAD_ROWS: dict[str, tuple[Any, ...]] = {
    "unknown message key": ((1, 1, "PS104", "error", "no.such.message", ()),),
    "argument missing": ((1, 1, "PS104", "error", "cli.path_missing", ()),),
    "unknown term": ((1, 1, "PS104", "error", "cli.path_missing", (("path", ("\x00term", "no.such")),)),),
    "unknown severity": ((1, 1, "PS104", "fatal", "cli.path_missing", (("path", "x"),)),),
    "line not a number": (("1", 1, "PS104", "error", "cli.path_missing", (("path", "x"),)),),
    "short row": ((1, 1, "PS104"),),
}


@pytest.mark.parametrize("damage", sorted(BAD_ROWS))
def test_entries_of_the_wrong_shape_only_mean_a_cold_run(case: Any, tmp_path: Path, damage: str) -> None:
    """Each file's entry is replaced by one whose diagnostics progstyr cannot show."""
    root = case()
    cold = _validate(root, None, "--no-cache")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    planted = cache.ReadCache([str(root)], find_config(str(root)), folder=folder)
    for path in sorted(root.rglob("*.yaml")):
        kind = "programme" if path.name == "programme.yaml" else path.parent.name[:-1]
        raw = path.read_bytes()
        planted.put(cache.key(kind, raw), (load.read_entry(kind, raw)[0], BAD_ROWS[damage]))
    planted.save()
    assert _validate(root, folder)[:2] == cold[:2]
    assert _validate(root, folder)[:2] == cold[:2]


# ---------------------------------------------------------------- the helpers for every cache


def test_private_directory_uses_a_private_folder_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a" / "cache"
    monkeypatch.setenv("PROGSTYR_CACHE_DIR", str(folder))
    assert cache.private_directory() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o755)  # others may read, not write: still the user's own
    assert cache.private_directory() == folder
    assert cache.private_directory("kolada") == folder / "kolada"  # a subfolder for another cache
    assert stat.S_IMODE((folder / "kolada").stat().st_mode) == 0o700
    (folder / "kolada").chmod(0o775)
    assert cache.private_directory("kolada") is None


def test_private_directory_in_a_shared_folder(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROGSTYR_CACHE_DIR", str(shared))
    mine = shared / f"progstyr-{os.getuid()}"
    assert cache.private_directory() == mine
    assert stat.S_IMODE(mine.lstat().st_mode) == 0o700
    mine.chmod(0o777)  # loosened afterwards: no longer private
    assert cache.private_directory() is None
    mine.rmdir()
    mine.symlink_to(shared)
    assert cache.private_directory() is None


def test_private_directory_refuses_a_folder_of_another_user(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of another user's is never used as it is; a `progstyr-<uid>` folder made
    there by someone else is never used at all."""
    theirs, squatted = shared / "theirs", shared / "squatted"
    mine = f"progstyr-{os.getuid()}"

    def make() -> None:
        theirs.mkdir()
        theirs.chmod(0o777)
        (squatted / mine).mkdir(parents=True, mode=0o700)

    _as_nobody(make)
    monkeypatch.setenv("PROGSTYR_CACHE_DIR", str(theirs))
    found = cache.private_directory()
    assert found == theirs / mine and found.lstat().st_uid == os.getuid()
    monkeypatch.setenv("PROGSTYR_CACHE_DIR", str(squatted))
    assert cache.private_directory() is None


def test_private_directory_none_when_it_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PROGSTYR_CACHE_DIR", str(blocker / "cache"))
    assert cache.private_directory() is None


def test_read_private_reads_regular_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    (folder / "plain").write_bytes(b"12345")
    assert cache.read_private(folder / "plain", 5) == b"12345"
    assert cache.read_private(folder / "plain", 4) is None  # over the cap
    assert cache.read_private(folder / "missing", 5) is None
    (folder / "link").symlink_to(folder / "plain")
    assert cache.read_private(folder / "link", 5) is None
    os.mkfifo(folder / "fifo")
    started = time.perf_counter()
    assert cache.read_private(folder / "fifo", 5) is None
    assert time.perf_counter() - started < 1
    (folder / "dir").mkdir()
    assert cache.read_private(folder / "dir", 5) is None
    folder.chmod(0o777)  # a folder others can write is not private
    assert cache.read_private(folder / "plain", 5) is None


def test_write_private_replaces_atomically_with_a_private_file(tmp_path: Path, umask: None) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    target = folder / "entry"
    target.symlink_to(victim)
    cache.write_private(target, b"data")
    assert victim.read_bytes() == b"keep"
    assert not target.is_symlink() and target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    cache.write_private(target, b"again")
    assert target.read_bytes() == b"again"
    assert [p.name for p in folder.iterdir()] == ["entry"]  # no temporary file left
    folder.chmod(0o777)
    with pytest.raises(OSError):
        cache.write_private(target, b"not here")
    assert target.read_bytes() == b"again"
