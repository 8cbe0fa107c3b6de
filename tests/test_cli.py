"""The command-line contract (SPEC §7): exit codes, formats, sorting, summary, language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, diagnostics, edit, run
from progstyr import __version__


def _break_two_files(root: Path) -> None:
    edit(root / "projects" / "lampor.yaml", "  - belysning", "  - belysnig")  # PS201 on line 9
    edit(root / "gaps" / "belysning.yaml", "priority: high", "priority: urgent")  # PS104


def test_exit_0_when_clean(case):
    assert run("validate", str(case()), "--as-of", AS_OF)[0] == 0


def test_exit_1_on_errors_with_sorted_lines_and_summary(case):
    root = case()
    _break_two_files(root)
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f"{root}/gaps/belysning.yaml:6:11: PS104 error: 'urgent' is not allowed for 'priority'; "
        "choose one of: high, medium, low",
        f"{root}/projects/lampor.yaml:8:5: PS201 error: there is no gap with the id 'belysnig'; "
        "did you mean 'belysning'?",
        "Found 2 errors and 0 warnings in 2 of 7 files.",
    ]


def test_warnings_alone_exit_0_but_1_with_strict(case):
    root = case()
    # By November the milestone is late, the status old and one indicator unmeasured for a year.
    code, out = run("validate", str(root), "--as-of", "2024-11-01")
    assert code == 0
    assert [d["code"] for d in diagnostics(out)] == ["PS404", "PS604", "PS606"]
    assert out.splitlines()[-1] == "Found 0 errors and 3 warnings in 2 of 7 files."
    assert run("validate", str(root), "--as-of", "2024-11-01", "--strict")[0] == 1


def test_json_format(case):
    root = case()
    _break_two_files(root)
    code, out = run("validate", str(root), "--as-of", AS_OF, "--format", "json")
    assert code == 1
    payload = json.loads(out)
    assert payload["version"] == 1
    assert payload["as_of"] == AS_OF
    assert payload["summary"] == {"errors": 2, "warnings": 0}
    assert payload["files"] == 7
    first = payload["diagnostics"][0]
    assert first == {
        "path": f"{root}/gaps/belysning.yaml",
        "line": 6,
        "column": 11,
        "code": "PS104",
        "severity": "error",
        "message": "'urgent' is not allowed for 'priority'; choose one of: high, medium, low",
    }


def test_swedish_messages(case):
    root = case()
    _break_two_files(root)
    code, out = run("validate", str(root), "--as-of", AS_OF, "--lang", "sv")
    assert code == 1
    assert "PS201 fel: det finns inget gap med id 'belysnig'; menade du 'belysning'?" in out
    assert out.splitlines()[-1] == "Hittade 2 fel och 0 varningar i 2 av 7 filer."


def test_language_from_configuration(case, no_language_chosen):
    root = case()
    _break_two_files(root)
    (root / "progstyr.toml").write_text('language = "sv"\n', "utf-8")
    out = run("validate", str(root), "--as-of", AS_OF)[1]
    assert out.splitlines()[-1] == "Hittade 2 fel och 0 varningar i 2 av 7 filer."


def test_same_files_same_bytes(case):
    root = case()
    _break_two_files(root)
    first = run("validate", str(root), "--as-of", AS_OF)[1]
    second = run("validate", str(root), "--as-of", AS_OF)[1]
    assert first == second


def test_single_file_reports_only_that_file_but_checks_its_references(case):
    root = case()
    _break_two_files(root)
    code, out = run("validate", str(root / "projects" / "lampor.yaml"), "--as-of", AS_OF)
    assert code == 1
    assert [(Path(d["path"]).name, d["code"]) for d in diagnostics(out)] == [("lampor.yaml", "PS201")]
    assert out.splitlines()[-1] == "Found 1 error and 0 warnings in 1 of 1 files."


def test_several_paths(case, tmp_path):
    root = case()
    other = tmp_path / "portfolio" / "andra"
    other.parent.mkdir()
    import shutil

    shutil.copytree(root, other)
    edit(other / "gaps" / "belysning.yaml", "priority: high", "priority: urgent")
    code, out = run("validate", str(root), str(other.parent), "--as-of", AS_OF)
    assert code == 1
    assert [d["path"] for d in diagnostics(out)] == [f"{other}/gaps/belysning.yaml"]
    assert "of 14 files" in out


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "does/not/exist"],
        ["validate", ".", "--as-of", "2024-13-01"],
        ["validate", ".", "--format", "xml"],
        ["validate", ".", "--lang", "de"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(*args)[0] == 2


def test_folder_without_programmes_is_a_usage_error(tmp_path):
    code, _ = run("validate", str(tmp_path))
    assert code == 2


def test_internal_error_is_a_short_message_and_exit_2(case, monkeypatch):
    import progstyr.checks

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(progstyr.checks, "run", explode)
    from typer.testing import CliRunner

    from progstyr.cli import app

    result = CliRunner().invoke(app, ["validate", str(case()), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "internal error (RuntimeError)" in result.output
    assert "Traceback" not in result.output


def test_version_and_module_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "progstyr", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out == f"progstyr {__version__}\n"


def test_help_lists_validate():
    code, out = run("--help")
    assert code == 0
    assert "validate" in out
