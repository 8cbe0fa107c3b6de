"""The pre-commit hooks work from another repository: fail on a broken file, pass on a good one.

Runs the real `pre-commit try-repo` against a temporary git repository; pre-commit
installs progstyr into its own environment from this checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _git(args: list[str], cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.long
def test_validate_hook_fails_on_a_broken_file_and_passes_on_a_good_one(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(["init", "-q"], repo)
    shutil.copytree(CASES / "minimal", repo / "minimal")
    # The minimal case is clean at 2024-06-01; later dates add only warnings, which do not fail.
    _git(["add", "-A"], repo)
    _git(["commit", "-qm", "good"], repo)
    home = tmp_path / "pre-commit-home"
    good = _try_repo(repo, "progstyr-validate", home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    lampor = repo / "minimal" / "projects" / "lampor.yaml"
    lampor.write_text(lampor.read_text("utf-8").replace("  - belysning", "  - belysnig"), "utf-8")
    _git(["add", "-A"], repo)
    bad = _try_repo(repo, "progstyr-validate", home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "minimal/projects/lampor.yaml:8:5: PS201 error" in bad.stdout
