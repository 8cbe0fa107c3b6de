"""Writing files (issue 14, items 3-5): nothing lost, nothing replaced by mistake, fmt fast on big files.

* `report -o` writes through links, writes directly into FIFOs and devices, and
  says plainly when the disk is full, the folder is missing or the target is a folder;
* `fmt` (and every command that rewrites a file through `fileio`) never undoes an
  edit made while it ran, keeps links, mode and owner, and leaves read-only files alone;
* `fmt` on a large file takes time linear in its size.

Concurrent writers are played deterministically: a hook runs between the read and
the write, never a sleep.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import AS_OF
from progstyr import fileio, fmt
from progstyr.cli import app

SCRAMBLED = """# Belysningsprojektet
closes:
- belysning   # det mörka stråket
phase: execution
name: Ny belysning
owner: ks
period: {end: "2024-12-31", start: 2023-01-01}
"""

EDITED = """# Belysningsprojektet, sparad i redigeraren
name: Ny belysning
owner: ks
phase: closing
closes:
  - belysning
"""

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def report(root: Path, *args: str) -> tuple[int, str, str]:
    return invoke("report", str(root), "--as-of", AS_OF, "--lang", "en", *args)


def leftovers(folder: Path) -> list[str]:
    """Temporary files left behind in `folder`."""
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# ---------------------------------------------------------------- item 3: report -o


def test_report_into_a_fifo_writes_into_it_and_keeps_it(case, tmp_path: Path):
    root = case()
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that the writer's open does not wait
    try:
        code, _, err = report(root, "-o", str(fifo))
        received = b""
        while True:
            try:
                chunk = os.read(reader, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(reader)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert received.startswith(b"#")
    assert leftovers(tmp_path) == []


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A character device that says 'no space left' on every write: a private copy of
    /dev/full when we may make one (so that a regression can never replace the system's
    node), else /dev/full itself (which a user other than root cannot replace)."""
    if IS_ROOT:
        device = tmp_path / "full"
        try:
            os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
            return device
        except OSError:
            pass
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    return Path("/dev/full")


def test_report_to_a_full_disk_is_a_plain_error_and_the_device_stays(case, full_device: Path):
    root = case()
    code, _, err = report(root, "-o", str(full_device), "--format", "md")
    assert code == 2
    assert "internal error" not in err
    assert f"Could not write {full_device}: the disk is full" in err
    assert stat.S_ISCHR(os.lstat(full_device).st_mode), "the device node was replaced"


def test_report_to_dev_stdout_writes_to_standard_output(case, capfd: pytest.CaptureFixture[str]):
    root = case()
    code, _, err = report(root, "-o", "/dev/stdout", "--format", "md")
    assert code == 0, err
    assert os.path.islink("/dev/stdout") or stat.S_ISCHR(os.lstat("/dev/stdout").st_mode)
    assert capfd.readouterr().out.startswith("#")


def test_report_to_dash_is_standard_output(case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = case()
    monkeypatch.chdir(tmp_path)
    code, out, err = report(root, "-o", "-")
    assert code == 0, err
    assert out.startswith("#")
    assert not (tmp_path / "-").exists()


def test_report_through_a_link_writes_its_target_and_keeps_the_link(case, tmp_path: Path):
    root = case()
    target = tmp_path / "reports" / "status.md"
    target.parent.mkdir()
    target.write_text("old\n", "utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    code, _, err = report(root, "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text("utf-8").startswith("#")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == [] and leftovers(target.parent) == []


@pytest.mark.parametrize(
    ("where", "reason"),
    [("missing/report.md", "its folder does not exist"), ("folder", "it is a folder, not a file")],
)
def test_report_to_a_missing_folder_or_a_folder_is_a_plain_error(case, tmp_path: Path, where, reason):
    root = case()
    (tmp_path / "folder").mkdir()
    code, _, err = report(root, "-o", str(tmp_path / where), "--format", "md")
    assert code == 2
    assert "internal error" not in err
    assert f"Could not write {tmp_path / where}: {reason}" in err
    assert (tmp_path / "folder").is_dir()


def test_write_output_reasons(tmp_path: Path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(fileio.WriteError) as caught:
        fileio.write_output(str(tmp_path / "folder"), "x")
    assert caught.value.reason == "write.is_folder"
    with pytest.raises(fileio.WriteError) as caught:
        fileio.write_output(str(tmp_path / "no" / "x.md"), "x")
    assert caught.value.reason == "write.no_folder"
    locked = tmp_path / "locked.md"
    locked.write_text("keep\n", "utf-8")
    locked.chmod(0o444)
    with pytest.raises(fileio.ReadOnly):
        fileio.write_output(str(locked), "x")
    assert locked.read_text("utf-8") == "keep\n"


# ---------------------------------------------------------------- item 4: fmt never loses an edit


@pytest.fixture
def project(case) -> Iterator[Path]:
    root = case()
    path = root / "projects" / "lampor.yaml"
    path.write_text(SCRAMBLED, "utf-8")
    yield path


def during_format(monkeypatch: pytest.MonkeyPatch, read: str, action: Callable[[], None]) -> None:
    """Run `action` once, after fmt has read the text `read` and formatted it, before it writes."""
    original = fmt.format_text
    done: list[bool] = []

    def format_then_act(text: str, kind: str | None) -> str:
        result = original(text, kind)
        if text == read and not done:
            done.append(True)
            action()
        return result

    monkeypatch.setattr(fmt, "format_text", format_then_act)


def test_fmt_keeps_an_editors_save_made_while_it_ran(project: Path, monkeypatch: pytest.MonkeyPatch):
    def editor_saves() -> None:  # write a copy, move it over the file
        copy = project.with_name(".lampor.yaml.swp")
        copy.write_text(EDITED, "utf-8")
        os.replace(copy, project)

    during_format(monkeypatch, SCRAMBLED, editor_saves)
    code, out, err = invoke("fmt", "--lang", "en", str(project.parent.parent))
    assert project.read_text("utf-8") == EDITED
    assert code == 1
    assert f"{project}:1:1: left as it is: it changed after progstyr read it" in err
    assert out.splitlines()[-1] == "0 of 7 files reformatted, 1 left as they are."
    assert leftovers(project.parent) == []


def test_fmt_keeps_the_rest_of_a_file_written_in_two_halves(project: Path, monkeypatch: pytest.MonkeyPatch):
    whole = SCRAMBLED + "".join(f"# rad {n}\n" for n in range(50))
    half = whole[: len(SCRAMBLED)]
    project.write_text(half, "utf-8")

    def writer_finishes() -> None:  # same file, same inode: the rest is appended
        with open(project, "a", encoding="utf-8") as stream:
            stream.write(whole[len(half) :])

    during_format(monkeypatch, half, writer_finishes)
    code, _, err = invoke("fmt", "--lang", "en", str(project))
    assert project.read_text("utf-8") == whole
    assert code == 1
    assert "it changed after progstyr read it" in err


def test_a_change_of_the_same_size_and_time_is_seen_by_its_content(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"name: A\n")
    snapshot = fileio.Snapshot.take(path)
    mtime = path.stat().st_mtime_ns
    with open(path, "r+b") as stream:  # in place: same inode, size and (restored) mtime
        stream.write(b"name: B\n")
    os.utime(path, ns=(mtime, mtime))
    with pytest.raises(fileio.Changed):
        fileio.replace_if_unchanged(snapshot, b"name: C\n")
    assert path.read_bytes() == b"name: B\n"


def test_a_change_between_the_check_and_the_rename_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"name: A\n")
    snapshot = fileio.Snapshot.take(path)
    monkeypatch.setattr(fileio, "_before_replace", lambda target: target.write_bytes(b"name: Edited\n"))
    with pytest.raises(fileio.Changed):
        fileio.replace_if_unchanged(snapshot, b"name: C\n")
    assert path.read_bytes() == b"name: Edited\n"
    assert leftovers(tmp_path) == []


def test_fmt_formats_the_target_of_a_link_and_keeps_the_link(case):
    root = case()
    drafts = root / "drafts"
    drafts.mkdir()
    target = drafts / "lampor.yaml"
    target.write_text(SCRAMBLED, "utf-8")
    link = root / "projects" / "lampor.yaml"
    link.unlink()
    link.symlink_to(Path("..") / "drafts" / "lampor.yaml")
    code, _, err = invoke("fmt", "--lang", "en", str(root))
    assert code == 0, err
    assert link.is_symlink()
    assert target.read_text("utf-8").startswith("# Belysningsprojektet\nname: Ny belysning\n")


def test_fmt_keeps_the_mode(project: Path):
    project.chmod(0o640)
    code, _, err = invoke("fmt", str(project))
    assert code == 0, err
    assert stat.S_IMODE(project.stat().st_mode) == 0o640
    assert project.read_text("utf-8").startswith("# Belysningsprojektet\nname: Ny belysning\n")


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_fmt_keeps_the_owner(project: Path):
    os.chown(project, 65534, 65534)
    code, _, err = invoke("fmt", str(project))
    assert code == 0, err
    assert (project.stat().st_uid, project.stat().st_gid) == (65534, 65534)
    assert project.read_text("utf-8").startswith("# Belysningsprojektet\nname: Ny belysning\n")


def test_fmt_leaves_a_read_only_file_alone_and_says_so(project: Path):
    project.chmod(0o444)
    code, _, err = invoke("fmt", "--lang", "en", str(project))
    assert project.read_text("utf-8") == SCRAMBLED
    assert code == 1
    assert f"{project}:1:1: left as it is: it is read-only, so it was not changed" in err
    assert stat.S_IMODE(project.stat().st_mode) == 0o444


def test_fmt_check_fails_when_a_folder_cannot_be_read(case, monkeypatch: pytest.MonkeyPatch):
    root = case()
    unreadable = str(root / "gaps")
    original = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if os.fspath(path) == unreadable:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = invoke("fmt", "--check", "--lang", "en", str(root))
    assert code == 1
    assert "this folder cannot be read (Permission denied)" in err


def test_replace_keeps_a_link_and_refuses_a_read_only_file(tmp_path: Path):
    target = tmp_path / "real.yaml"
    target.write_bytes(b"a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to("real.yaml")
    snapshot = fileio.Snapshot.take(link)
    assert snapshot.real == target and snapshot.data == b"a: 1\n"
    fileio.replace_if_unchanged(snapshot, b"a: 2\n")
    assert link.is_symlink() and target.read_bytes() == b"a: 2\n"
    target.chmod(0o444)
    with pytest.raises(fileio.ReadOnly):
        fileio.replace_if_unchanged(fileio.Snapshot.take(link), b"a: 3\n")
    assert target.read_bytes() == b"a: 2\n"
    assert leftovers(tmp_path) == []


def test_snapshot_does_not_read_a_fifo(tmp_path: Path):
    fifo = tmp_path / "a.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(fileio.WriteError) as caught:
        fileio.Snapshot.take(fifo)
    assert caught.value.reason == "write.not_regular"
    assert time.monotonic() - started < 5


# ---------------------------------------------------------------- item 5: fmt on large files

ROOT = Path(__file__).resolve().parent.parent


def big_benefit(indicators: int, folded: bool = False) -> str:
    """A valid benefit, its keys out of order, with comments, quoted dates and flow mappings."""
    note = "    note: >\n      folded\n      text\n\n      kept\n" if folded else ""
    return "name: Trygghet\nowner: ks\nindicators:\n" + "".join(
        f"  # indikator {n}\n"
        f"  - name: Andel {n}  # enkät\n"
        f"    id: i-{n}\n"
        "    direction: increase\n"
        f'    target: {{value: {n}.5, date: "2026-12-31"}}\n'
        f"{note}"
        "    measurements:\n"
        f"      - {{date: 2021-03-31, value: {n}}}\n"
        for n in range(indicators)
    )


def pure_load(text: str) -> tuple[object, object]:
    """What fmt did before: compose and construct with ruamel's pure round-trip parser."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    node = yaml.compose(text)
    return yaml.constructor.construct_document(node), node


@pytest.fixture
def pure_tokens(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the tokens ruamel's pure-Python scanner makes (the slow part of fmt on big files)."""
    from ruamel.yaml.scanner import Scanner

    counted = [0]
    original = Scanner.fetch_more_tokens

    def fetch(self: Scanner) -> None:
        counted[0] += 1
        original(self)

    monkeypatch.setattr(Scanner, "fetch_more_tokens", fetch)
    return counted


def test_fmt_reads_a_large_file_with_the_c_parser_only(pure_tokens: list[int]):
    text = big_benefit(2000)  # about 250 KB
    assert len(text) > 200_000
    formatted = fmt.format_text(text, "benefit")
    assert pure_tokens[0] == 0
    assert formatted.startswith("name: Trygghet\nowner: ks\nindicators:\n  # indikator 0\n  - id: i-0\n")


def test_fmt_reads_again_only_the_folded_scalars(pure_tokens: list[int]):
    text = big_benefit(500, folded=True)
    formatted = fmt.format_text(text, "benefit")
    assert 0 < pure_tokens[0] <= 500 * 10  # a few tokens for each folded note, not the whole file
    assert "    note: >\n      folded\n      text\n\n      kept\n" in formatted


FOLDED = [
    "name: N\nowner: ks\ndescription: >\n  one\n  two\n\n  three\n    more indented\n  four\n",
    "name: N\nowner: ks\ndescription: >-  # comment\n  one\n  two\n",
    "name: N\nowner: ks\ndescription: >+\n  one\n  two\n\n\nlevel: end\n",
    "name: N\nowner: ks\ndescription: >2\n   one\n  two\n",
    "name: N\nowner: ks\nindicators:\n  - id: a\n    name: >\n      A\n      b\n    direction: increase\n",
    "name: >\n  folded\n  name\nowner: ks\n",
    "name: N\nowner: ks\ncontributes_to:\n- >\n  x\n  y\n- z\n",
]


@pytest.mark.parametrize("text", FOLDED)
def test_the_c_parser_path_formats_as_the_pure_parser_did(text: str, monkeypatch: pytest.MonkeyPatch):
    fast = fmt.format_text(text, "benefit")
    monkeypatch.setattr(fmt, "_load", pure_load)
    assert fast == fmt.format_text(text, "benefit")


def test_the_c_parser_path_formats_the_examples_as_the_pure_parser_did(monkeypatch: pytest.MonkeyPatch):
    paths = sorted((ROOT / "programmes").rglob("*.yaml"))
    texts = [(path, path.read_text("utf-8")) for path in paths]
    fast = [fmt.format_text(text, fmt.kind_of(path)) for path, text in texts]
    monkeypatch.setattr(fmt, "_load", pure_load)
    assert fast == [fmt.format_text(text, fmt.kind_of(path)) for path, text in texts]


def test_the_collector_is_on_again_after_formatting():
    import gc

    with pytest.raises(fmt.FormatError):
        fmt.format_text("name: [\n", "benefit")
    fmt.format_text(big_benefit(3), "benefit")
    assert gc.isenabled()
