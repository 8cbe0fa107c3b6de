"""A plain (not editable) install renders reports: the templates ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_templates_and_renders_a_report(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("progstyr-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "progstyr/templates/report.md.j2" in archive.namelist()
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # no language chosen: the report speaks the programme's (Swedish)
    env = {**{k: v for k, v in os.environ.items() if k != "PROGSTYR_LANG"}, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import progstyr; print(progstyr.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(target)), where  # the installed copy, not the source tree
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "progstyr",
            "report",
            str(ROOT / "programmes" / "lindangen"),
            "--as-of",
            "2026-11-23",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Program Lindängen: lägesrapport")
