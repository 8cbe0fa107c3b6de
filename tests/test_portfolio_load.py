"""Portfolios (SPEC §10): a folder with portfolio.yaml, its programmes in sub-folders.

tests/cases/portfolio: two programmes whose owner `ks` is declared only in the portfolio.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from conftest import CASES, diagnostics, edit, run
from progstyr import fmt
from progstyr.load import load

AS_OF = "2024-06-01"
ROOT = Path(__file__).resolve().parents[1]


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "portfolio"
    shutil.copytree(CASES / "portfolio", target)
    return target


def test_programmes_refer_to_the_portfolios_organisations(tmp_path):
    root = copy(tmp_path)
    assert run("validate", str(root), "--as-of", AS_OF) == (0, "No problems found in 15 files.\n")
    portfolio, _ = load([str(root)])
    (unit,) = portfolio.portfolios
    assert unit.id == "portfolio" and unit.entity is not None
    assert [p.id for p in unit.programmes] == ["stadsdel-a", "stadsdel-b"]
    assert all(p.portfolio is unit for p in portfolio.programmes)


def test_an_organisation_declared_nowhere_is_still_unknown(tmp_path):
    root = copy(tmp_path)
    edit(root / "stadsdel-a" / "programme.yaml", "owner: ks", "owner: kf")
    code, out = run("validate", str(root), "--as-of", AS_OF)
    found = diagnostics(out)
    assert code == 1
    assert [(d["path"].split("portfolio/", 1)[1], d["line"], d["code"]) for d in found] == [
        ("stadsdel-a/programme.yaml", "3", "PS201")
    ]


def test_one_programme_is_checked_against_its_portfolio_whose_own_findings_stay_out(tmp_path):
    root = copy(tmp_path)
    # The programme alone: `ks` is known from ../portfolio.yaml, which is read but not reported.
    assert run("validate", str(root / "stadsdel-a"), "--as-of", AS_OF) == (
        0,
        "No problems found in 7 files.\n",
    )
    edit(root / "portfolio.yaml", "name: Testportfölj\n", "name: Testportfölj\nnamn: x\n")
    code, out = run("validate", str(root / "stadsdel-a"), "--as-of", AS_OF)
    assert (code, diagnostics(out)) == (0, [])
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1 and [d["code"] for d in diagnostics(out)] == ["PS105"]
    code, out = run("validate", str(root / "portfolio.yaml"), "--as-of", AS_OF)
    assert code == 1 and [(d["line"], d["code"]) for d in diagnostics(out)] == [("3", "PS105")]
    assert out.endswith("in 1 of 1 files.\n")


def test_a_broken_portfolio_file_does_not_cascade_into_unknown_organisations(tmp_path):
    root = copy(tmp_path)
    (root / "portfolio.yaml").write_text("name: [\n", encoding="utf-8")
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1
    assert [d["code"] for d in diagnostics(out)] == ["PS100"]


def test_fmt_knows_the_portfolio_key_order(tmp_path):
    text = "goals:\n  - name: En trygg stad\n    id: trygg\nowner: ks\nname: P  # kept\norganisations: []\n"
    assert fmt.format_text(text, "portfolio") == (
        "name: P  # kept\nowner: ks\norganisations: []\ngoals:\n  - id: trygg\n    name: En trygg stad\n"
    )
    root = copy(tmp_path)
    code, out = run("fmt", "--check", str(root))
    assert code == 0 and "0 of 15 files would be reformatted" in out


def test_one_programme_of_a_portfolio_reports_no_portfolio_section(tmp_path):
    # The portfolio is read for the references; the report and the JSON are about the programme.
    root = copy(tmp_path)
    code, out = run("coverage", str(root / "stadsdel-a"), "--as-of", AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [p["id"] for p in data["programmes"]] == ["stadsdel-a"] and data["portfolios"] == []
    code, out = run("coverage", str(root), "--as-of", AS_OF, "--format", "json")
    assert [p["id"] for p in json.loads(out)["portfolios"]] == ["portfolio"]


def test_a_proposal_in_the_decision_log_reads_as_one(no_language_chosen):
    # Lindängen's 2020-06-08 item is the working committee's proposal (seed 001).
    code, out = run("report", str(ROOT / "programmes" / "lindangen"), "--as-of", "2026-11-30")
    assert code == 0
    assert (
        "| 2020-06-08 | Kommunstyrelsens arbetsutskott | STK-2019-1248 | Förslag: § 396 Program Lindängen"
        in out
    )
    assert "kommunstyrelsens beslut 2020-06-08" not in out.lower()


SHARED = """indicators:
  - id: otrygghet
    name: Andel som känner sig otrygga
    unit: "%"
    direction: decrease
"""


def test_an_indicator_reporting_a_shared_one_takes_its_name_unit_and_direction(tmp_path):
    # SPEC §10: `shared: <id>` lets the benefit indicator leave out name, unit and direction.
    root = copy(tmp_path)
    edit(root / "portfolio.yaml", "goals:\n", SHARED + "goals:\n")
    for programme in ("stadsdel-a", "stadsdel-b"):
        edit(
            root / programme / "benefits" / "trygghet.yaml",
            '    name: Andel som känner sig otrygga\n    unit: "%"\n    direction: decrease\n',
            "    shared: otrygghet\n",
        )
    assert run("validate", str(root), "--as-of", AS_OF) == (0, "No problems found in 15 files.\n")
    code, out = run("coverage", str(root), "--as-of", AS_OF, "--format", "json")
    indicator = json.loads(out)["programmes"][0]["benefits"][1]["indicators"][0]
    assert (indicator["name"], indicator["unit"], indicator["direction"]) == (
        "Andel som känner sig otrygga",
        "%",
        "decrease",
    )
    # (30 − 40) / (20 − 40) = 0.5, computed with the direction the portfolio gives
    assert indicator["progress"] == 0.5
    # by_sex is inherited too: now women and men are owed on every value (PS406)
    edit(root / "portfolio.yaml", "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n")
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1 and {d["code"] for d in diagnostics(out)} == {"PS406"}


def test_an_indicator_neither_named_nor_shared_misses_its_name(tmp_path):
    root = copy(tmp_path)
    trygghet = root / "stadsdel-a" / "benefits" / "trygghet.yaml"
    edit(trygghet, "    name: Andel som känner sig otrygga\n", "")
    code, out = run("validate", str(root), "--as-of", AS_OF, "--lang", "en")
    found = diagnostics(out)
    assert code == 1 and [(d["line"], d["col"], d["code"]) for d in found] == [("6", "5", "PS103")]
    assert found[0]["msg"].startswith("the required field 'name' is missing (an indicator may leave it out")


def test_an_unknown_shared_indicator_is_reported_and_nothing_breaks(tmp_path):
    root = copy(tmp_path)
    trygghet = root / "stadsdel-a" / "benefits" / "trygghet.yaml"
    edit(
        trygghet,
        '    name: Andel som känner sig otrygga\n    unit: "%"\n    direction: decrease\n',
        "    shared: otrygheten\n",
    )
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 1 and [d["code"] for d in diagnostics(out)] == ["PS802"]
    for command in (("coverage", "--format", "json"), ("report",), ("report", "--format", "html")):
        code, _ = run(command[0], str(root), "--as-of", AS_OF, *command[1:])
        assert code == 0


def test_the_portfolios_language_and_currency_are_its_programmes_defaults(tmp_path, no_language_chosen):
    root = copy(tmp_path)
    edit(root / "portfolio.yaml", "owner: ks\n", "owner: ks\nlanguage: en\ncurrency: EUR\n")
    code, out = run("report", str(root / "stadsdel-a"), "--as-of", AS_OF)
    assert code == 0 and "# Testprogram A: status report" in out and "EUR\u00a0" in out
    # a programme that says its own language keeps it
    edit(
        root / "stadsdel-a" / "programme.yaml",
        "phase: implementation\n",
        "phase: implementation\nlanguage: sv\n",
    )
    code, out = run("report", str(root / "stadsdel-a"), "--as-of", AS_OF)
    assert "# Testprogram A: lägesrapport" in out


def test_programmes_in_json_say_where_they_are(tmp_path):
    root = copy(tmp_path)
    _code, out = run("coverage", str(root), "--as-of", AS_OF, "--format", "json")
    entries = [
        (p["id"], p["path"].rsplit("/", 2)[-2:], p["portfolio"]) for p in json.loads(out)["programmes"]
    ]
    assert entries == [
        ("stadsdel-a", ["portfolio", "stadsdel-a"], "portfolio"),
        ("stadsdel-b", ["portfolio", "stadsdel-b"], "portfolio"),
    ]


def test_a_repeated_shared_indicator_id_is_one_finding_not_many(tmp_path):
    root = copy(tmp_path)
    edit(
        root / "portfolio.yaml",
        "goals:\n",
        SHARED + SHARED.replace("indicators:\n", "").replace("decrease", "increase") + "goals:\n",
    )
    for programme in ("stadsdel-a", "stadsdel-b"):
        edit(
            root / programme / "benefits" / "trygghet.yaml",
            "  - id: otrygghet\n",
            "  - id: otrygghet\n    shared: otrygghet\n",
        )
    _code, out = run("validate", str(root), "--as-of", AS_OF)
    assert [d["code"] for d in diagnostics(out)] == [
        "PS202"
    ]  # the first one counts: no PS804, no double PS803


def test_since_compares_each_programme_with_its_own_past_when_ids_repeat(tmp_path, monkeypatch):
    # Programme ids are unique only within a portfolio: a/stadsdel-a and b/stadsdel-a are two.
    import subprocess

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = tmp_path / "repo"
    for name in ("a", "b"):
        shutil.copytree(CASES / "portfolio", repo / name)
    # the two differ from the start, so that mixing them up shows
    edit(repo / "b" / "stadsdel-a" / "benefits" / "trygghet.yaml", "      value: 20\n", "      value: 18\n")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ["PATH"]}  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "v1"], ["tag", "v1"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    edit(repo / "b" / "stadsdel-a" / "benefits" / "trygghet.yaml", "      value: 18\n", "      value: 15\n")
    code, out = run("report", str(repo), "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert code == 0
    drifts = [
        line for line in out.splitlines() if line.startswith("- Target of Andel som känner sig otrygga")
    ]
    assert len(drifts) == 1, drifts  # only b/stadsdel-a changed
