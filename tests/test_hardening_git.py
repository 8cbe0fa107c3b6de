"""`report --since REF` against a hostile or unusual repository (issue 14, items 10 and 11).

10. The ref comes from the command line and is never taken for one of git's options.
11. Each programme is compared with its own past, found by its path from the repository
    root: programmes with the same folder name stay apart, a single file given as PATH
    finds its programme, and a programme in a git submodule is read from the submodule.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import AS_OF, CASES, edit
from progstyr import gitinfo
from progstyr.cli import app

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def commit(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(autouse=True)
def _contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git never looks above tmp_path; the report language is the files' own."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)
    monkeypatch.chdir(tmp_path)


def changes_section(text: str) -> list[list[str]]:
    """The lines of every `## Changes since` section, one list per programme."""
    sections: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = [] if line.startswith("## Changes since ") else None
            if current is not None:
                sections.append(current)
        elif current is not None and line.strip():
            current.append(line)
    return sections


# ---------------------------------------------------------------- 10. a ref is never an option


@pytest.mark.parametrize("ref", ["--output=OUT", "-oOUT", "--output", "-", ""])
def test_a_ref_that_looks_like_an_option_is_refused_and_writes_nothing(tmp_path: Path, ref: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "minimal", repo / "minimal")
    git(repo, "init", "-q")
    commit(repo, "v1", tag="v1")
    target = tmp_path / "x"
    result = invoke(
        "report", str(repo / "minimal"), f"--since={ref.replace('OUT', str(target))}", "--as-of", AS_OF
    )
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "bug" not in result.stderr.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"], "git wrote a file"


def test_resolve_ends_gits_options_before_the_ref(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    real = gitinfo._git

    def spy(args: list[str], cwd: Path, data: bytes | None = None) -> bytes:
        seen.append(args)
        return real(args, cwd, data)

    repo = tmp_path / "repo"
    shutil.copytree(CASES / "minimal", repo / "minimal")
    git(repo, "init", "-q")
    commit(repo, "v1", tag="v1")
    monkeypatch.setattr(gitinfo, "_git", spy)
    assert gitinfo.resolve(str(repo), "v1").sha == git(repo, "rev-parse", "v1").strip()
    (log,) = [args for args in seen if args[0] == "log"]
    assert log.index("--end-of-options") == log.index("v1^{commit}") - 1
    with pytest.raises(gitinfo.GitError):
        gitinfo.resolve(str(repo), "--output=/dev/null")


# ---------------------------------------------------------------- 11. each programme with its own past


@pytest.fixture
def twins(tmp_path: Path) -> Path:
    """north/lindangen and south/lindangen, the same at v1; then north drops a benefit."""
    repo = tmp_path / "repo"
    for side in ("north", "south"):
        shutil.copytree(CASES / "minimal", repo / side / "lindangen")
    git(repo, "init", "-q")
    commit(repo, "v1", tag="v1")
    (repo / "north" / "lindangen" / "benefits" / "delaktighet.yaml").unlink()
    edit(repo / "north" / "lindangen" / "gaps" / "motesplats.yaml", "  - delaktighet\n", "  - trygghet\n")
    commit(repo, "north drops a benefit")
    return repo


UNCHANGED = "No benefit, gap or indicator target has changed."


@pytest.mark.parametrize(
    ("where", "sides"),
    [("repo", ["north", "south"]), ("repo/north", ["north"]), ("repo/south", ["south"]),
     ("repo/south/lindangen", ["south"])],
)  # fmt: skip
def test_programmes_with_the_same_folder_name_keep_their_own_past(
    twins: Path, where: str, sides: list[str]
) -> None:
    result = invoke("report", where, "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    sections = changes_section(result.stdout)
    assert len(sections) == len(sides)
    for side, section in zip(sides, sections, strict=True):
        if side == "north":
            assert "- Benefit removed: Delaktighet" in section, section
            assert any("No decision was logged" in line for line in section), section
        else:  # south is as it was: no removed benefit, no "no decision" warning
            assert section[1:] == ["### Goal drift", UNCHANGED, "No changes."], section


def test_a_single_file_path_is_compared_with_its_programmes_past(twins: Path) -> None:
    path = "repo/south/lindangen/benefits/trygghet.yaml"
    result = invoke("report", path, "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    (section,) = changes_section(result.stdout)
    assert section[1:] == ["### Goal drift", UNCHANGED, "No changes."], section  # not "everything is new"


def test_a_programme_in_a_submodule_is_read_from_the_submodule(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    shutil.copytree(CASES / "minimal", origin)
    git(origin, "init", "-q")
    commit(origin, "programme")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "submodule", "add", "-q", str(origin), "minimal")
    commit(repo, "with the programme as a submodule", tag="v1")
    edit(repo / "minimal" / "programme.yaml", "phase: implementation", "phase: closing")
    commit(repo / "minimal", "closing")
    commit(repo, "submodule moved on")
    result = invoke("report", str(repo), "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    (section,) = changes_section(result.stdout)
    assert not any(line.startswith(("### Added", "- Benefit added")) for line in section), section
    assert "- Programme phase: implementation → closing" in section, section
