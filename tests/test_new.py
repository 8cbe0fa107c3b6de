"""`progstyr new`: a valid start, with the schema modeline and TODO marks, never overwriting."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from conftest import diagnostics, run
from progstyr.cli import app

ROOT = Path(__file__).resolve().parent.parent

AS_OF = "2026-11-23"


def _git_repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def _fill_in(path: Path) -> None:
    """What a coordinator does with a scaffold: fill in, delete the TODO comments."""
    text = path.read_text("utf-8")
    text = text.replace('description: ""', "description: Ett program.")
    text = text.replace('current_state: ""', "current_state: Mörkt.").replace(
        'desired_state: ""', "desired_state: Ljust."
    )
    text = re.sub(r"benefits: \[\]", "benefits: [trygghet]", text)
    text = re.sub(r"closes: \[\]", "closes: [morka-strak]", text)
    path.write_text(re.sub(r"  # TODO: .*", "", text), "utf-8")


def test_a_scaffold_is_an_error_until_filled_in_then_clean(tmp_path, monkeypatch):
    root = _git_repo(tmp_path)
    monkeypatch.chdir(root)
    assert run("new", "programme", "Trygg Hållbar Stad", "--as-of", AS_OF)[0] == 0
    folder = root / "trygg-hallbar-stad"
    assert sorted(p.name for p in folder.iterdir()) == ["benefits", "gaps", "programme.yaml", "projects"]
    code, out = run("validate", ".", "--as-of", AS_OF)
    found = diagnostics(out)
    assert code == 1 and found and {d["code"] for d in found} == {"PS109"}
    assert all("still to fill in (from `progstyr new`)" in d["msg"] for d in found)
    for kind, ident in (("benefit", "Trygghet"), ("gap", "Mörka stråk"), ("project", "Ny belysning")):
        assert run("new", kind, ident, "--programme", str(folder), "--as-of", AS_OF)[0] == 0
    for path in folder.rglob("*.yaml"):
        _fill_in(path)
    code, out = run("validate", ".", "--as-of", AS_OF)
    # A new benefit has no indicator yet: a warning while the programme is in definition.
    assert [(Path(d["path"]).name, d["code"], d["severity"]) for d in diagnostics(out)] == [
        ("trygghet.yaml", "PS401", "warning")
    ]
    assert code == 0


def test_a_new_gap_adds_nothing_to_coverage_until_filled_in(tmp_path):
    """Issue: a scaffold pre-filled `benefits: [attraktiv-bebyggd-miljo]` and validate said
    "No problems found" while that benefit's coverage dropped from 33 % to 25 %."""
    programme = tmp_path / "lindangen"
    shutil.copytree(ROOT / "programmes" / "lindangen", programme)

    def coverage_of(benefit: str) -> float:
        _code, out = run("coverage", str(programme), "--format", "json", "--as-of", AS_OF)
        (found,) = [b for b in json.loads(out)["programmes"][0]["benefits"] if b["id"] == benefit]
        return float(found["coverage"])

    before = coverage_of("attraktiv-bebyggd-miljo")
    assert run("new", "gap", "x", "--programme", str(programme), "--as-of", AS_OF)[0] == 0
    text = (programme / "gaps" / "x.yaml").read_text("utf-8")
    assert "benefits: []  # TODO: nyttorna som gapet tjänar (att välja bland: attraktiv-bebyggd-miljo" in text
    code, out = run("validate", str(programme), "--as-of", AS_OF)
    assert code == 1 and {d["code"] for d in diagnostics(out) if d["path"].endswith("x.yaml")} == {"PS109"}
    assert coverage_of("attraktiv-bebyggd-miljo") == before


def test_new_outside_a_programme_refuses_and_writes_nothing(tmp_path, monkeypatch):
    root = _git_repo(tmp_path)
    shutil.copytree(ROOT / "programmes" / "lindangen", root / "programmes" / "lindangen")
    monkeypatch.chdir(root)
    before = sorted(str(p) for p in root.rglob("*"))
    result = CliRunner().invoke(app, ["new", "project", "Ny belysning", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "is not a programme folder" in result.stderr
    assert "--programme programmes/lindangen" in result.stderr
    assert sorted(str(p) for p in root.rglob("*")) == before  # no ./projects, no ./schemas


def test_new_inside_a_programme_folder_finds_the_programme(tmp_path, monkeypatch):
    programme = tmp_path / "lindangen"
    shutil.copytree(ROOT / "programmes" / "lindangen", programme)
    monkeypatch.chdir(programme / "gaps")
    assert run("new", "gap", "Ny lucka", "--as-of", AS_OF)[0] == 0
    assert (programme / "gaps" / "ny-lucka.yaml").is_file()


def test_new_says_every_file_it_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run("new", "programme", "p", "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines() == [
        "Created p/programme.yaml",
        "Created p/benefits/.gitkeep",
        "Created p/gaps/.gitkeep",
        "Created p/projects/.gitkeep",
    ]


def test_the_schema_modeline_only_when_the_schemas_are_there(tmp_path, monkeypatch):
    root = _git_repo(tmp_path)
    monkeypatch.chdir(root)
    run("new", "programme", "stad", "--as-of", AS_OF)
    run("new", "gap", "Mörka stråk", "--programme", "stad", "--as-of", AS_OF)
    text = (root / "stad" / "gaps" / "morka-strak.yaml").read_text("utf-8")
    assert not (root / "schemas").exists()  # new writes no schema unasked
    assert not text.startswith("# yaml-language-server")
    assert "# TODO: " in text and 'name: "Mörka stråk"' in text
    assert run("schema", "--out", "schemas")[0] == 0
    run("new", "gap", "Trånga gångar", "--programme", "stad", "--as-of", AS_OF)
    text = (root / "stad" / "gaps" / "tranga-gangar.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/gap.schema.json\n")


def test_ids_are_transliterated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("new", "programme", "p", "--as-of", AS_OF)
    assert run("new", "benefit", "Hälsa och Framtidstro é", "--programme", "p", "--as-of", AS_OF)[0] == 0
    assert (tmp_path / "p" / "benefits" / "halsa-och-framtidstro-e.yaml").is_file()


def test_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("new", "programme", "p", "--as-of", AS_OF)
    path = tmp_path / "p" / "programme.yaml"
    path.write_text("name: mine\n", "utf-8")
    code, _ = run("new", "programme", "p", "--as-of", AS_OF)
    assert code == 2
    assert path.read_text("utf-8") == "name: mine\n"


def test_an_id_that_cannot_be_made_valid_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "programme", "!!!", "--as-of", AS_OF)[0] == 2
    assert list(tmp_path.iterdir()) == []


def test_a_portfolio_and_a_programme_in_it_validate_and_share_the_owner(tmp_path):
    # `new portfolio` writes portfolio.yaml with the owner declared as a shared organisation;
    # a programme created in its folder declares none of its own and refers to that owner.
    assert (
        run("new", "portfolio", "områdesprogram", "--programme", str(tmp_path), "--as-of", "2024-02-29")[0]
        == 0
    )
    folder = tmp_path / "omradesprogram"
    code, _out = run("new", "programme", "herrgården", "--programme", str(folder), "--as-of", "2024-02-29")
    assert code == 0
    portfolio = (folder / "portfolio.yaml").read_text(encoding="utf-8")
    assert portfolio.startswith("# yaml-language-server: $schema=")
    assert "  end: 2029-02-28" in portfolio and "goals: []  # TODO" in portfolio
    programme = (folder / "herrgarden" / "programme.yaml").read_text(encoding="utf-8")
    assert "organisations: []  # TODO" in programme and "owner: kommunstyrelsen" in programme
    for path in tmp_path.rglob("*.yaml"):
        _fill_in(path)
    assert run("validate", str(tmp_path), "--as-of", "2024-06-01") == (0, "No problems found in 2 files.\n")


def test_a_programme_in_a_portfolio_takes_its_owner_and_language(tmp_path):
    folder = tmp_path / "omradesprogram"
    folder.mkdir()
    (folder / "portfolio.yaml").write_text(
        "name: Områdesprogram\nowner: ks\nlanguage: en\norganisations:\n  - id: ks\n    name: KS\n", "utf-8"
    )
    assert run("new", "programme", "seved", "--programme", str(folder), "--as-of", "2024-06-01")[0] == 0
    text = (folder / "seved" / "programme.yaml").read_text("utf-8")
    assert "owner: ks  # TODO" in text and "language:" not in text
    _fill_in(folder / "seved" / "programme.yaml")
    assert run("validate", str(tmp_path), "--as-of", "2024-06-01") == (0, "No problems found in 2 files.\n")
