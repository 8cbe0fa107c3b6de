"""Reliability guarantees: isolation, nothing lost, nothing written by read-only commands,
links that leave the root, folders that cannot be read. docs/reliability.md names these tests."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import AS_OF, CASES, diagnostics, run

ROOT = Path(__file__).resolve().parent.parent


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_ten_programmes_one_broken_the_nine_others_fully_checked(tmp_path):
    root = tmp_path / "portfolio"
    for n in range(10):
        shutil.copytree(CASES / "minimal", root / f"program-{n:02d}")
    broken = root / "program-04"
    (broken / "projects" / "lampor.yaml").write_bytes(b"name: [trasig\n\x00")
    (broken / "gaps" / "belysning.yaml").write_text("name: x\npriority: urgent\n", "utf-8")
    (broken / "benefits" / "trygghet.yaml").write_text("- a list\n", "utf-8")
    # A real finding in every programme, so we can see each one was checked.
    for n in range(10):
        mote = root / f"program-{n:02d}" / "projects" / "mote.yaml"
        mote.write_text(
            mote.read_text("utf-8").replace("  recipient: fritid\n", "  recipient: fritidd\n"), "utf-8"
        )
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1
    found = diagnostics(out)
    for n in range(10):
        assert any(
            d["path"].endswith(f"program-{n:02d}/projects/mote.yaml") and d["code"] == "PS201" for d in found
        ), n
    broken_codes = {(Path(d["path"]).name, d["code"]) for d in found if "program-04" in d["path"]}
    assert {("lampor.yaml", "PS107"), ("belysning.yaml", "PS103"), ("trygghet.yaml", "PS102")} <= broken_codes
    code, out = run("coverage", str(root), "--as-of", AS_OF, "--format", "json")
    assert code == 1  # a file could not be read
    programmes = json.loads(out)["programmes"]
    assert len(programmes) == 10
    healthy = [p for p in programmes if p["id"] != "program-04"]
    assert all(p["summary"]["gaps_covered"] == 2 for p in healthy)
    code, out = run("report", str(root), "--as-of", AS_OF, "--lang", "en")
    assert code == 1
    assert out.count(": status report") == 10


def _make_read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)


def _make_writable(folder: Path) -> None:
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_only_commands_never_write(tmp_path):
    """On a read-only copy of the examples (permissions 444/555; the comparison of every
    byte and modification time also holds where the tests run as root, who may write
    anyway), the read-only commands succeed and change nothing."""
    copy = tmp_path / "programmes"
    shutil.copytree(ROOT / "programmes", copy)
    _make_read_only(copy)
    before = _snapshot(tmp_path)
    try:
        for args in (
            ["validate", str(copy), "--as-of", "2026-11-23"],
            ["validate", str(copy), "--format", "sarif", "--as-of", "2026-11-23"],
            ["coverage", str(copy), "--format", "json", "--as-of", "2026-11-23"],
            ["coverage", str(copy), "--format", "markdown", "--as-of", "2026-11-23"],
            ["report", str(copy), "--as-of", "2026-11-23"],
            ["fmt", "--check", str(copy)],
        ):
            code, _ = run(*args)
            assert code == 0, args
        assert _snapshot(tmp_path) == before
        assert all(not os.access(p, os.W_OK) or os.geteuid() == 0 for p in copy.rglob("*"))
    finally:
        _make_writable(copy)


def test_report_output_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "rapport.md"
    target.write_text("förra veckans rapport\n", "utf-8")

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    code, _ = run("report", str(CASES / "minimal"), "--as-of", AS_OF, "-o", str(target))
    assert code == 2  # an internal error, with a short message
    assert target.read_text("utf-8") == "förra veckans rapport\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.md"]  # no temporary file left


def test_new_is_atomic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("new", "programme", "p", "--as-of", AS_OF)

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    assert run("new", "gap", "g", "--programme", "p", "--as-of", AS_OF)[0] == 2
    assert sorted(p.name for p in (tmp_path / "p" / "gaps").iterdir()) == [".gitkeep"]


def test_links_leaving_the_root_are_not_followed(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("secret: true\n", "utf-8")
    root = tmp_path / "root"
    shutil.copytree(CASES / "minimal", root / "minimal")
    (root / "minimal" / "gaps" / "lank.yaml").symlink_to(outside)
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1
    assert (
        f"{root}/minimal/gaps/lank.yaml:1:1: PS106 error: this is a link to a place outside the checked folder"
        in out
    )
    assert "secret" not in out


def test_unreadable_folder_is_a_diagnostic(tmp_path, monkeypatch):
    root = tmp_path / "minimal"
    shutil.copytree(CASES / "minimal", root)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == root / "gaps":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1
    assert f"{root}/gaps:1:1: PS107 error: this folder cannot be read (Permission denied)" in out


@pytest.mark.parametrize("word", ["eval(", "exec(", "unsafe", "UnsafeLoader", "import pickle", "os.system"])
def test_no_code_execution_or_unsafe_yaml_in_the_source(word):
    for path in (ROOT / "src").rglob("*.py"):
        assert word not in path.read_text("utf-8"), f"{word} in {path}"


def test_every_yaml_loader_is_safe_or_round_trip():
    import re

    for path in (ROOT / "src").rglob("*.py"):
        for call in re.findall(r"YAML\(([^)]*)\)", path.read_text("utf-8")):
            assert re.search(r"typ=\"(safe|rt)\"", call), f"YAML({call}) in {path}"


def test_folder_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    from progstyr import load

    root = tmp_path / "minimal"
    shutil.copytree(CASES / "minimal", root)
    for n in range(3):
        shutil.copy(root / "gaps" / "belysning.yaml", root / "gaps" / f"extra-{n}.yaml")
    monkeypatch.setattr(load, "MAX_FILES_PER_FOLDER", 4)  # gaps/ now holds 5, the others 2
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1
    found = diagnostics(out)
    assert f"{root}/gaps:1:1: PS107 error: this folder holds more than 4 entries; it was not read" in out
    assert not any("/gaps/" in d["path"] for d in found)
    # the other folders were read: their files are checked against the missing gaps
    assert any(d["path"].endswith("projects/lampor.yaml") and d["code"] == "PS201" for d in found), out


def test_repeated_runs_in_one_process_keep_nothing():
    """Found by `make fuzz`: each load() froze (gc.freeze) what the previous runs had left,
    so a long-running process (the fuzz harness, a service using progstyr) grew for ever
    and its collections took seconds. Now only the one-shot command line freezes."""
    import gc

    from typer.testing import CliRunner

    from progstyr.cli import app

    runner = CliRunner()  # one runner for every run, as a harness keeps one
    counts = []
    for _ in range(40):
        result = runner.invoke(app, ["validate", str(ROOT / "programmes" / "lindangen"), "--no-cache"])
        assert result.exit_code == 0, result.output
        counts.append(gc.get_freeze_count())
    # bounded: what is kept is collected once it has grown by half (before: +1,400 a run)
    assert max(counts[2:]) <= 1.7 * counts[2], counts
