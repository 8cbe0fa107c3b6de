"""`progstyr new`: a valid start, with the schema modeline and TODO marks, never overwriting."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import diagnostics, run

AS_OF = "2026-11-23"


def _git_repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def test_fresh_programme_validates_with_only_the_expected_warning(tmp_path, monkeypatch):
    root = _git_repo(tmp_path)
    monkeypatch.chdir(root)
    assert run("new", "programme", "Trygg Hållbar Stad", "--as-of", AS_OF)[0] == 0
    folder = root / "trygg-hallbar-stad"
    assert sorted(p.name for p in folder.iterdir()) == ["benefits", "gaps", "programme.yaml", "projects"]
    code, out = run("validate", ".", "--as-of", AS_OF)
    assert (code, diagnostics(out)) == (0, [])
    for kind, ident in (("benefit", "Trygghet"), ("gap", "Mörka stråk"), ("project", "Ny belysning")):
        assert run("new", kind, ident, "--programme", str(folder), "--as-of", AS_OF)[0] == 0
    code, out = run("validate", ".", "--as-of", AS_OF)
    # A new benefit has no indicator yet: a warning while the programme is in definition.
    assert [(Path(d["path"]).name, d["code"], d["severity"]) for d in diagnostics(out)] == [
        ("trygghet.yaml", "PS401", "warning")
    ]
    assert code == 0


def test_file_starts_with_the_schema_modeline_and_marks_todos(tmp_path, monkeypatch):
    root = _git_repo(tmp_path)
    monkeypatch.chdir(root)
    run("new", "programme", "stad", "--as-of", AS_OF)
    run("new", "gap", "Mörka stråk", "--programme", "stad", "--as-of", AS_OF)
    text = (root / "stad" / "gaps" / "morka-strak.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/gap.schema.json\n")
    assert (root / "schemas" / "gap.schema.json").is_file()
    assert "# TODO: " in text
    assert 'name: "Mörka stråk"' in text


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
    assert run("validate", str(tmp_path), "--as-of", "2024-06-01") == (0, "No problems found in 2 files.\n")
