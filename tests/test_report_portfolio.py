"""The level above the programmes (SPEC §10-§11): coverage JSON and the report for a portfolio.

tests/cases/portfolio-report is tests/cases/portfolio enriched, and worked out by hand here
(as of 2024-06-01 unless a test says otherwise):

  goals           trygg-stad    ← A trygghet (coverage 2/2), B trygghet (1/2: gap trafik has no project)
                  delaktig-stad ← B delaktighet (end benefit, 1/1)
                  jamlik-halsa  ← nothing
  serving none    A miljo (an end benefit whose `serves` is empty: goal drift candidate)
  shared          otrygghet (%, lower is better, by sex): A 40 → 30 → 20 = progress 0.5, behind
                  (expected 882/1460 = 0.604); B 42 → 30 → 22 = 0.6, on track
                  deltagare: A 10 → 50 → 100 = 0.4444 behind; B 12 → 80 → 100 = 68/88 = 0.7727
  resources       2023: staff 1 100 000, activities 620 000, communication 160 000, premises
                  120 000 = 2 000 000 (55/31/8/6 %); 2024: 1 300 000, 500 000, 150 000, 50 000
                  = 2 000 000 (65/25/7.5/2.5 %); all years 4 000 000 (60/28/7.75/4.25 %)
                  FTE: A 1.0 + 1.2 = 2.2, B 2.0 + 1.5 + 0.5 (in kind, Malmö universitet) = 4.0;
                  6.2 in all. In kind: premises 60 000 + 60 000 + 50 000 = 170 000.
  reporting       dr1 every 12 months, last 2023-04-28 → due 2024-04-28: overdue
                  arsanalys every 12, last 2024-02-20 → due 2025-02-20: on time
                  lagesrapport every 6, never delivered → due 2022-07-01 (period start + 6): overdue
  evaluation      recommendation fran-start open, due 2024-03-31: overdue
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CASES, run
from progstyr import report as reporting
from progstyr.cli import app
from progstyr.coverage import Share, add_months, analyse_unit, portfolios_of, reporting_row
from progstyr.load import load
from progstyr.model import Period, Reporting
from progstyr.render import charts

CASE = CASES / "portfolio-report"
AS_OF = "2024-06-01"
NB = "\u00a0"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)


def coverage_json(path: Path, as_of: str = AS_OF) -> dict:
    code, out = run("coverage", str(path), "--as-of", as_of, "--format", "json")
    assert code == 0, out
    return json.loads(out)


def report(path: Path, *extra: str, as_of: str = AS_OF) -> str:
    result = CliRunner().invoke(app, ["report", str(path), "--as-of", as_of, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def portfolio() -> dict:
    (found,) = coverage_json(CASE)["portfolios"]
    return found


@pytest.fixture(scope="module")
def markdown() -> str:
    with pytest.MonkeyPatch.context() as patch:  # nobody chose a language: the portfolio's
        patch.delenv("PROGSTYR_LANG", raising=False)
        return report(CASE)


def section(text: str, heading: str) -> str:
    """The Markdown from `heading` (a whole line) to the next heading of the same level."""
    level = heading.split(" ", 1)[0]
    body = text.split("\n" + heading + "\n", 1)[1]
    return re.split(rf"\n{re.escape(level)} ", body, maxsplit=1)[0]


# ---------------------------------------------------------------- the case is valid


def test_the_case_validates_without_errors():
    code, out = run("validate", str(CASE), "--as-of", AS_OF)
    assert code == 0, out


# ---------------------------------------------------------------- coverage JSON


def test_json_keeps_programmes_and_adds_the_portfolio(portfolio):
    payload = coverage_json(CASE)
    assert [p["id"] for p in payload["programmes"]] == ["stadsdel-a", "stadsdel-b"]
    assert portfolio["id"] == "portfolio-report"
    assert portfolio["name"] == "Testportfölj"
    assert portfolio["owner"] == "ks"
    assert portfolio["programmes"] == ["stadsdel-a", "stadsdel-b"]
    assert list(portfolio) == [
        "id", "name", "owner", "programmes", "goals", "benefits_serving_no_goal",
        "shared_indicators", "resources", "governance", "glossary",
    ]  # fmt: skip


def test_json_goals_with_the_benefits_that_serve_them(portfolio):
    goals = {g["id"]: g["benefits"] for g in portfolio["goals"]}
    assert list(goals) == ["delaktig-stad", "jamlik-halsa", "trygg-stad"]  # ids sorted
    assert goals["trygg-stad"] == [
        {"programme": "stadsdel-a", "benefit": "trygghet", "coverage": 1.0},
        {"programme": "stadsdel-b", "benefit": "trygghet", "coverage": 0.5},
    ]
    assert goals["delaktig-stad"] == [{"programme": "stadsdel-b", "benefit": "delaktighet", "coverage": 1.0}]
    assert goals["jamlik-halsa"] == []
    # A's delaktighet is an intermediate benefit: it feeds trygghet and serves no goal itself.
    assert portfolio["benefits_serving_no_goal"] == [
        {"programme": "stadsdel-a", "benefit": "miljo", "coverage": 1.0}
    ]


def test_json_shared_indicators_compared_with_women_and_men(portfolio):
    shared = {s["id"]: s for s in portfolio["shared_indicators"]}
    assert list(shared) == ["deltagare", "otrygghet"]
    unsafe = shared["otrygghet"]
    assert (unsafe["name"], unsafe["unit"], unsafe["direction"], unsafe["by_sex"]) == (
        "Andel som känner sig otrygga", "%", "decrease", True,
    )  # fmt: skip
    a, b = unsafe["programmes"]
    assert a == {
        "programme": "stadsdel-a",
        "benefit": "trygghet",
        "indicator": "otrygghet",
        "status": "behind",
        "baseline": {"date": "2022-01-01", "value": 40},
        "latest": {"date": "2024-01-01", "value": 30},
        "target": {"date": "2025-12-31", "value": 20},
        "progress": 0.5,
        "women": {"baseline": 46, "latest": 34, "target": 22},
        "men": {"baseline": 34, "latest": 26, "target": 18},
    }
    assert (b["programme"], b["status"], b["progress"]) == ("stadsdel-b", "on-track", 0.6)
    assert b["women"] == {"baseline": 48, "latest": 33, "target": 24}
    assert b["men"] == {"baseline": 36, "latest": 27, "target": 20}
    assert unsafe["not_reported_by"] == []
    dialogue = shared["deltagare"]["programmes"]
    assert [(r["programme"], r["status"], r["progress"]) for r in dialogue] == [
        ("stadsdel-a", "behind", 0.4444),
        ("stadsdel-b", "on-track", 0.7727),
    ]
    assert all("women" not in r and "men" not in r for r in dialogue)  # not reported by sex


def test_json_resources_shares_add_up_and_ftes_sum(portfolio):
    resources = portfolio["resources"]
    assert (resources["total"], resources["cash"], resources["in_kind"]) == (4_000_000, 3_830_000, 170_000)
    y2023, y2024 = resources["by_year"]
    assert y2023 == {
        "year": 2023,
        "total": 2_000_000,
        "fte": 3,
        "categories": {
            "staff": {"amount": 1_100_000, "share": 0.55},
            "activities": {"amount": 620_000, "share": 0.31},
            "communication": {"amount": 160_000, "share": 0.08},
            "premises": {"amount": 120_000, "share": 0.06},
        },
    }
    assert {k: v["share"] for k, v in y2024["categories"].items()} == {
        "staff": 0.65, "activities": 0.25, "communication": 0.075, "premises": 0.025,
    }  # fmt: skip
    assert y2024["fte"] == 3.2
    for year in (y2023, y2024):
        assert sum(c["share"] for c in year["categories"].values()) == pytest.approx(1)
        assert sum(c["amount"] for c in year["categories"].values()) == year["total"]
    assert resources["by_category"] == {
        "staff": {"amount": 2_400_000, "share": 0.6},
        "activities": {"amount": 1_120_000, "share": 0.28},
        "communication": {"amount": 310_000, "share": 0.0775},
        "premises": {"amount": 170_000, "share": 0.0425},
    }
    assert sum(c["share"] for c in resources["by_category"].values()) == pytest.approx(1)
    assert resources["fte"] == {"programmes": {"stadsdel-a": 2.2, "stadsdel-b": 4}, "total": 6.2}
    assert sum(resources["fte"]["programmes"].values()) == pytest.approx(resources["fte"]["total"])
    assert sum(y["fte"] for y in resources["by_year"]) == pytest.approx(resources["fte"]["total"])
    assert resources["payers"] == [
        {"id": "ks", "amount": 3_690_000, "cash": 3_520_000, "in_kind": 170_000, "share": 0.9225, "fte": 5.7},
        {"id": "mau", "amount": 0, "cash": 0, "in_kind": 0, "share": 0.0, "fte": 0.5},
        {"id": "stadskontoret", "amount": 310_000, "cash": 310_000, "in_kind": 0, "share": 0.0775, "fte": 0},
    ]
    assert sum(p["amount"] for p in resources["payers"]) == resources["total"]


def test_json_governance_and_glossary(portfolio):
    governance = portfolio["governance"]
    assert [(b["id"], b["role"], b["meets_every_weeks"], b["reports_to"]) for b in governance["bodies"]] == [
        ("samordning", "coordination", 2, "styrgrupp"),
        ("styrgrupp", "steering-group", 6, "ks"),
    ]
    lines = {r["id"]: (r["last"], r["due"], r["overdue"]) for r in governance["reporting"]}
    assert lines == {
        "arsanalys": ("2024-02-20", "2025-02-20", False),
        "dr1": ("2023-04-28", "2024-04-28", True),
        "lagesrapport": (None, "2022-07-01", True),
    }
    (evaluation,) = governance["evaluations"]
    assert (evaluation["kind"], evaluation["period"]) == (
        "research", {"start": "2022-03-01", "end": "2023-12-31"},
    )  # fmt: skip
    assert [(r["id"], r["status"], r["overdue"]) for r in evaluation["recommendations"]] == [
        ("begrepp", "done", False),
        ("fran-start", "open", True),
        ("rapportering", "accepted", False),
    ]
    assert [g["term"] for g in portfolio["glossary"]] == ["Trygghet", "Invånardialog"]


@pytest.mark.parametrize(
    ("as_of", "dr1", "lagesrapport", "recommendation"),
    [
        ("2022-07-01", False, False, False),  # the first half-year report is due today
        ("2022-07-02", False, True, False),
        ("2024-03-31", False, True, False),  # the recommendation is due today
        ("2024-04-01", False, True, True),
        ("2024-04-28", False, True, True),  # twelve months after the last delivery
        ("2024-04-29", True, True, True),
    ],
)
def test_overdue_reporting_at_the_as_of_date(as_of, dr1, lagesrapport, recommendation):
    (found,) = coverage_json(CASE, as_of)["portfolios"]
    lines = {r["id"]: r["overdue"] for r in found["governance"]["reporting"]}
    assert (lines["dr1"], lines["lagesrapport"]) == (dr1, lagesrapport)
    recommendations = {
        r["id"]: r["overdue"] for r in found["governance"]["evaluations"][0]["recommendations"]
    }
    assert recommendations["fran-start"] is recommendation


def test_a_delivery_after_the_as_of_date_is_not_known_yet():
    line = Reporting(id="dr1", name="DR1", to="ks", every_months=12, delivered=["2022-04-30", "2023-04-28"])
    period = Period(start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31))
    before = reporting_row(line, {}, period, dt.date(2023, 4, 1))
    assert (before.delivered, before.due, before.overdue) == (
        (dt.date(2022, 4, 30),),
        dt.date(2023, 4, 30),
        False,
    )
    never = reporting_row(Reporting(id="x", name="X", to="ks", every_months=3), {}, None, dt.date(2024, 1, 1))
    # neither a delivery nor a period to count from: nothing says when the first was due (as PS805)
    assert (never.due, never.overdue) == (None, False)
    # after the period nothing is owed any more (as PS805)
    after = reporting_row(line, {}, period, dt.date(2027, 1, 1))
    assert after.overdue is False


def test_add_months_keeps_to_the_calendar():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 4, 28), 12) == dt.date(2024, 4, 28)


def test_json_of_a_programme_outside_any_portfolio_has_an_empty_portfolio_list():
    payload = coverage_json(CASES / "minimal")
    assert payload["portfolios"] == []
    assert [p["id"] for p in payload["programmes"]] == ["minimal"]


# ---------------------------------------------------------------- the report in Markdown


def test_report_puts_the_portfolio_between_the_overview_and_the_programmes(markdown):
    top = [line for line in markdown.splitlines() if line.startswith("# ")]
    assert top == [
        "# Portföljöversikt",
        "# Testportfölj: gemensamma mål, resurser och styrning",
        "# Testprogram A: lägesrapport",
        "# Testprogram B: lägesrapport",
    ]
    part = markdown.split("# Testportfölj:", 1)[1].split("\n# ", 1)[0]
    assert [line for line in part.splitlines() if line.startswith("## ")] == [
        "## Sammanfattning",
        "## Att besluta och uppmärksamma",
        "## Mål som ägaren beslutat",
        "## Gemensamma indikatorer",
        "## Resurser",
        "## Styrning och återrapportering",
        "## Utvärderingar och rekommendationer",
        "## Gemensamma begrepp",
        "## Senaste beslut",
    ]


def test_report_summary_of_the_portfolio(markdown):
    summary = section(markdown.split("# Testportfölj:", 1)[1], "## Sammanfattning")
    assert summary.strip().splitlines() == [
        "- Mål: 2 av 3 har nyttor i programmen som bidrar till dem.",
        "- Mål som ingen nytta bidrar till: Jämlik hälsa",
        "- 1 huvudnytta bidrar inte till något mål: Attraktiv utemiljö (Testprogram A)",
        "- Gemensamma indikatorer: 2 i fas, 2 efter plan",
        f"- Resurser 2023–2024: 4{NB}000{NB}000{NB}kr, varav personal 60{NB}%; 6,20 årsarbetare.",
        "- 2 av 3 återrapporteringar är försenade: Delårsrapport 1, Lägesrapport till kommunstyrelsen",
        "- 1 rekommendation är fortfarande öppen efter sista datum.",
    ]


def test_report_goals_and_goal_drift(markdown):
    goals = section(markdown, "## Mål som ägaren beslutat")
    assert "### En trygg stad\n\nFler känner sig trygga i sitt område.\n\n" in goals
    assert "Beslutat av Kommunstyrelsen 2021-12-01 (KS-2021-9)." in goals
    assert f"| Testprogram A | Trygghet | 2/2 | 100{NB}% | 1 efter plan |" in goals
    assert f"| Testprogram B | Trygghet | 1/2 | 50{NB}% | 1 i fas |" in goals
    assert (
        "### Jämlik hälsa\n\nBeslutat av Kommunstyrelsen 2021-12-01 (KS-2021-9).\n\nIngen nytta i programmen bidrar till målet."
        in goals
    )
    drift = section(goals, "### Huvudnyttor som inte bidrar till något mål")
    assert "Möjlig målglidning:" in drift
    assert f"| Testprogram A | Attraktiv utemiljö | 1/1 | 100{NB}% | 1 efter plan |" in drift


def test_report_shared_indicators_side_by_side_with_women_and_men(markdown):
    shared = section(markdown, "## Gemensamma indikatorer")
    unsafe = section(shared, "### Andel som känner sig otrygga")
    assert "Lägre är bättre. Enhet: %. Källa: Trygghetsmätningen." in unsafe
    assert (
        f"| Testprogram A | 40{NB}% · K 46{NB}% · M 34{NB}% (2022-01-01) | 30{NB}% · K 34{NB}% · M 26{NB}% (2024-01-01) "
        f"| 20{NB}% · K 22{NB}% · M 18{NB}% (2025-12-31) | 50{NB}% | efter plan |"
    ) in unsafe
    assert f"| Testprogram B | 42{NB}% · K 48{NB}% · M 36{NB}% (2022-01-01) |" in unsafe
    assert "K = kvinnor, M = män" in unsafe
    dialogue = section(shared, "### Deltagare i invånardialoger")
    assert (
        "| Testprogram B | 12 (2022-01-01) | 80 (2024-03-01) | 100 (2025-12-31) | 77\u00a0% | i fas |"
        in dialogue
    )
    assert "K = kvinnor" not in dialogue


def test_report_resources_with_shares_that_add_to_100_and_ftes(markdown):
    resources = section(markdown.split("# Testportfölj:", 1)[1], "## Resurser")
    rows = [line for line in resources.splitlines() if line.startswith("| 20") or line.startswith("| Alla")]
    assert rows == [
        f"| 2023 | 1{NB}100{NB}000{NB}kr (55{NB}%) | 620{NB}000{NB}kr (31{NB}%) | 160{NB}000{NB}kr (8{NB}%) "
        f"| 120{NB}000{NB}kr (6{NB}%) | 2{NB}000{NB}000{NB}kr |",
        # 65 + 25 + 7.5 + 2.5: rounded one by one that would show 101 %; the largest
        # remainder method shows 65 + 25 + 8 + 2 = 100 %.
        f"| 2024 | 1{NB}300{NB}000{NB}kr (65{NB}%) | 500{NB}000{NB}kr (25{NB}%) | 150{NB}000{NB}kr (8{NB}%) "
        f"| 50{NB}000{NB}kr (2{NB}%) | 2{NB}000{NB}000{NB}kr |",
        f"| Alla år | 2{NB}400{NB}000{NB}kr (60{NB}%) | 1{NB}120{NB}000{NB}kr (28{NB}%) | 310{NB}000{NB}kr (8{NB}%) "
        f"| 170{NB}000{NB}kr (4{NB}%) | 4{NB}000{NB}000{NB}kr |",
    ]
    for row in rows:
        assert sum(int(n) for n in re.findall(rf"\((\d+){NB}%\)", row)) == 100
    fte = section(resources, "### Årsarbetare")
    assert "| Testprogram A | 1,00 | 1,20 | 2,20 |" in fte
    assert "| Testprogram B | 2,00 | 2,00 | 4,00 |" in fte
    assert "| Summa | 3,00 | 3,20 | 6,20 |" in fte
    assert "Totalt 6,20 årsarbetare." in fte
    payers = section(resources, "### Betalare")
    assert f"| Kommunstyrelsen | 3{NB}690{NB}000{NB}kr | 92{NB}% | 170{NB}000{NB}kr | 5,70 |" in payers
    assert "| Malmö universitet | – | – | – | 0,50 |" in payers  # staff time only, no money
    assert (
        f"Kontanta medel 3{NB}830{NB}000{NB}kr; insatser i natura (arbetstid, lokaler) 170{NB}000{NB}kr."
        in payers
    )


def test_report_governance_evaluations_and_glossary(markdown):
    part = markdown.split("# Testportfölj:", 1)[1].split("\n# ", 1)[0]
    governance = section(part, "## Styrning och återrapportering")
    assert "| Styrgruppen för portföljen | styrgrupp | var 6:e vecka | Kommunstyrelsen |" in governance
    assert "| Samordningsgruppen | samordning | varannan vecka | Styrgruppen för portföljen |" in governance
    assert (
        "2 av 3 återrapporteringar är försenade: Delårsrapport 1, Lägesrapport till kommunstyrelsen"
        in governance
    )
    assert (
        "| Delårsrapport 1 | Kommunstyrelsen | varje år | 2023-04-28 | 2024-04-28 | försenad |" in governance
    )
    assert (
        "| Årsanalys | Styrgruppen för portföljen | varje år | 2024-02-20 | 2025-02-20 | i tid |"
        in governance
    )
    assert (
        "| Lägesrapport till kommunstyrelsen | Kommunstyrelsen | var 6:e månad | – | 2022-07-01 | försenad |"
        in governance
    )
    evaluations = section(part, "## Utvärderingar och rekommendationer")
    assert "### Följeforskning: Malmö universitet\n\nPeriod: 2022-03-01 – 2023-12-31" in evaluations
    assert "- Programmen tolkar målen på olika sätt.\n- Återrapporteringen uppåt är splittrad." in evaluations
    assert (
        "| Knyt följeforskningen till programmen från start. | inget svar ännu | öppen, försenad | 2024-03-31 |"
        in evaluations
    )
    assert (
        "| Inför gemensamma definitioner av de centrala begreppen. | Ett gemensamt begreppsregister har tagits fram. | genomförd | 2023-06-30 |"
        in evaluations
    )
    glossary = section(part, "## Gemensamma begrepp")
    assert (
        "| Trygghet | Upplevelsen av att kunna röra sig i området utan oro. | Trygghetsmätningen |"
        in glossary
    )


def test_report_a_programme_shows_its_own_resources_and_bodies(markdown):
    own = markdown.split("# Testprogram A: lägesrapport", 1)[1].split("\n# ", 1)[0]
    # the portfolio's shared organisations name the owner (not the id `ks`)
    assert "- **Programägare:** Kommunstyrelsen" in own
    resources = section(own, "## Resurser")
    assert resources.startswith("\nProgrammets egna kostnader och personal")
    assert f"| Alla år | 1{NB}150{NB}000{NB}kr (58{NB}%) | 610{NB}000{NB}kr (30{NB}%) |" in resources
    governance = section(own, "## Styrning och återrapportering")
    assert "| Områdesgruppen i stadsdel A | arbetsgrupp | var 4:e vecka | Samordningsgruppen |" in governance
    assert (
        "| Månadsrapport | Samordningsgruppen | varje månad | 2024-05-03 | 2024-06-03 | i tid |" in governance
    )
    # the order of a programme's report: the decisions stay last
    headings = [line for line in own.splitlines() if line.startswith("## ")]
    assert headings[-3:] == ["## Resurser", "## Styrning och återrapportering", "## Senaste beslut"]


def test_report_in_english(tmp_path):
    text = report(CASE, "--lang", "en")
    part = text.split("# Testportfölj: shared goals, resources and governance", 1)[1].split("\n# ", 1)[0]
    assert "- Resources 2023–2024: SEK\u00a04,000,000, of which staff 60%; 6.20 FTE." in part
    assert (
        "- 2 of 3 reports owed upward are overdue: Delårsrapport 1, Lägesrapport till kommunstyrelsen" in part
    )
    assert "| Styrgruppen för portföljen | steering group | every 6 weeks | Kommunstyrelsen |" in part
    assert "| Testprogram A | 1.00 | 1.20 | 2.20 |" in part
    assert "### Follow-up research by Malmö universitet" in part
    assert "open, past due" in part


def test_report_markdown_tables_keep_their_columns(markdown):
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|:"):
            width = lines[index - 1].count(" | ")
            row = index + 1
            while row < len(lines) and lines[row].startswith("|"):
                assert lines[row].replace("\\|", "").count(" | ") == width, lines[row]
                row += 1
        if line.startswith("#") and index:
            assert lines[index - 1] == "", f"no blank line before {line!r}"


def test_a_stand_alone_programme_shows_its_resources_and_governance(tmp_path):
    target = tmp_path / "minimal"
    shutil.copytree(CASES / "minimal", target)
    programme = target / "programme.yaml"
    # tests/cases/minimal ends with its own evaluation; this test gives it a fuller one
    own = programme.read_text("utf-8").split("# Followed from the start", 1)[0]
    programme.write_text(
        own
        + """bodies:
  - id: styrgrupp
    name: Styrgruppen
    role: steering-group
    meets_every_weeks: 3
    reports_to: ks
reporting:
  - id: arsrapport
    name: Årsrapport
    to: ks
    every_months: 12
    delivered:
      - 2023-03-01
evaluations:
  - id: extern
    by: Utvärderarna AB
    kind: external
    period:
      start: 2022-06-01
      end: 2023-05-31
    findings:
      - Målen är svåra att mäta.
    recommendations:
      - id: matbara-mal
        text: Formulera mätbara mål.
        response: Indikatorerna har setts över.
        status: accepted
        due: 2024-12-31
resources:
  - year: 2023
    category: staff
    amount: 300000
    fte: 0.5
    payer: ks
  - year: 2023
    category: activities
    amount: 100000
    payer: fritid
""",
        encoding="utf-8",
    )
    text = report(target)
    assert "gemensamma mål, resurser och styrning" not in text  # no portfolio here
    resources = section(text, "## Resurser")
    assert (
        f"| 2023 | 300{NB}000{NB}kr (75{NB}%) | 100{NB}000{NB}kr (25{NB}%) | 400{NB}000{NB}kr |" in resources
    )
    assert "| Testprogram | 0,50 | 0,50 |" in resources
    governance = section(text, "## Styrning och återrapportering")
    assert "| Styrgruppen | styrgrupp | var 3:e vecka | Kommunstyrelsen |" in governance
    assert "| Årsrapport | Kommunstyrelsen | varje år | 2023-03-01 | 2024-03-01 | försenad |" in governance
    assert "1 av 1 återrapporteringar är försenad: Årsrapport" in governance
    evaluations = section(text, "## Utvärderingar och rekommendationer")
    assert "### Extern utvärdering: Utvärderarna AB" in evaluations
    assert (
        "| Formulera mätbara mål. | Indikatorerna har setts över. | accepterad | 2024-12-31 |" in evaluations
    )
    assert coverage_json(target)["portfolios"] == []


def test_a_programme_without_them_gets_no_new_sections(tmp_path):
    target = tmp_path / "minimal"
    shutil.copytree(CASES / "minimal", target)
    programme = target / "programme.yaml"
    programme.write_text(programme.read_text("utf-8").split("# Followed from the start", 1)[0], "utf-8")
    text = report(target)
    for heading in (
        "## Resurser",
        "## Styrning och återrapportering",
        "## Utvärderingar och rekommendationer",
    ):
        assert heading not in text


def test_the_portfolios_to_show_can_be_chosen():
    portfolio, _ = load([str(CASE)])
    day = dt.date(2024, 6, 1)
    default = reporting.build_context(portfolio.programmes, [], day, "sv", "0")
    assert [p.coverage.name for p in default.portfolios] == ["Testportfölj"]
    none = reporting.build_context(portfolio.programmes, [], day, "sv", "0", portfolios=[])
    assert none.portfolios == []
    assert "gemensamma mål" not in reporting.render(none)
    chosen = reporting.build_context(
        portfolio.programmes, [], day, "sv", "0", portfolios=portfolio.portfolios
    )
    assert [len(p.coverage.programmes) for p in chosen.portfolios] == [2]


def test_share_texts_round_to_a_whole_hundred():
    shares = {k: Share(v * 100, v) for k, v in {"a": 0.65, "b": 0.25, "c": 0.075, "d": 0.025}.items()}
    assert reporting.share_texts(shares, "en") == {"a": "65%", "b": "25%", "c": "8%", "d": "2%"}
    thirds = {k: Share(1, 1 / 3) for k in "xyz"}
    assert reporting.share_texts(thirds, "en") == {"x": "34%", "y": "33%", "z": "33%"}
    assert reporting.share_texts({"x": Share(0, None)}, "sv") == {"x": "–"}


def test_how_often_in_words():
    assert [reporting.every(n, "week", "sv") for n in (1, 2, 3, 6, 21, 1.5)] == [
        "varje vecka", "varannan vecka", "var 3:e vecka", "var 6:e vecka", "var 21:a vecka",
        "med 1,5 veckors mellanrum",
    ]  # fmt: skip
    assert [reporting.every(n, "month", "sv") for n in (1, 2, 6, 12, 24)] == [
        "varje månad", "varannan månad", "var 6:e månad", "varje år", "vartannat år",
    ]  # fmt: skip
    assert reporting.every(6, "month", "en") == "every 6 months"


# ---------------------------------------------------------------- determinism


def test_same_files_same_bytes_in_any_process(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        made = []
        for args in (["report", str(CASE)], ["coverage", str(CASE), "--format", "json"]):
            done = subprocess.run(
                [sys.executable, "-m", "progstyr", *args, "--as-of", AS_OF, "--no-cache"],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                check=False,
                timeout=120,
            )
            made.append(done.stdout)
        outputs.append(made)
    assert outputs[0] == outputs[1]
    assert b"Testport" in outputs[0][0] and b'"portfolios"' in outputs[0][1]


# ---------------------------------------------------------------- the chart of a shared indicator


@pytest.fixture(scope="module")
def comparisons():
    portfolio, _ = load([str(CASE)])
    day = dt.date(2024, 6, 1)
    (found,) = portfolios_of([analyse_unit(u, day) for u in portfolio.programmes], day)
    return {s.id: s for s in found.shared_indicators}


def test_shared_chart_one_series_per_programme_readable_in_black_and_white(comparisons):
    picture = charts.shared_indicator_chart(
        comparisons["otrygghet"], dt.date(2024, 6, 1), "sv", id_prefix="x-"
    )
    root = ET.fromstring(picture.svg)
    assert root.find(f"{SVG}title").text == "Andel som känner sig otrygga"
    assert root.find(f"{SVG}title").get("id") == "x-shared-title"
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("Andel som känner sig otrygga, jämfört mellan programmen.")
    assert f"Testprogram A: utgångsvärde 40{NB}%, senaste 30{NB}%, målvärde 20{NB}%; efter plan." in desc
    assert f"Testprogram B: utgångsvärde 42{NB}%, senaste 30{NB}%, målvärde 22{NB}%; i fas." in desc
    series = root.findall(f".//{SVG}polyline")
    assert len(series) == 2
    # colour alone never tells them apart: each has its own line pattern
    assert len({line.get("stroke-dasharray") for line in series}) == 2
    points = [line.get("points").split() for line in series]
    assert sorted(len(p) for p in points) == [3, 3]  # baseline + two measurements each
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert {"Testprogram A", "Testprogram B", "målvärde (ihålig symbol)", "i dag"} <= set(legend)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert ids and all(i.startswith("x-") for i in ids)


def test_shared_chart_is_deterministic_and_drawn_by_resvg(comparisons):
    resvg_py = pytest.importorskip("resvg_py")
    day = dt.date(2024, 6, 1)
    first = charts.shared_indicator_chart(comparisons["deltagare"], day, "en")
    again = charts.shared_indicator_chart(comparisons["deltagare"], day, "en")
    assert first.svg == again.svg
    assert "compared across the programmes" in first.alt
    png = resvg_py.svg_to_bytes(svg_string=first.svg)
    assert bytes(png)[:8] == b"\x89PNG\r\n\x1a\n"


def test_shared_chart_without_measurements_says_so(comparisons):
    early = charts.shared_indicator_chart(comparisons["deltagare"], dt.date(2021, 6, 1), "sv")
    assert "Inga mätningar ännu." in early.svg  # the baseline is later than the as-of date


# ---------------------------------------------------------------- html and Word


@pytest.fixture(scope="module")
def html_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("portfolio-html") / "portfolio.html"
    with pytest.MonkeyPatch.context() as patch:  # nobody chose a language: the portfolio's
        patch.delenv("PROGSTYR_LANG", raising=False)
        result = CliRunner().invoke(app, ["report", str(CASE), "--as-of", AS_OF, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


def test_html_has_the_portfolio_and_a_titled_chart_per_shared_indicator(html_file):
    text = html_file.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    assert "<h1>Testportfölj: gemensamma mål, resurser och styrning</h1>" in text
    assert (
        text.index("<h1>Portföljöversikt</h1>")
        < text.index("<h1>Testportfölj")
        < text.index("<h1>Testprogram A: lägesrapport</h1>")
    )
    shared = re.findall(r'<title id="f0-s(\d)-shared-title">([^<]+)</title>', text)
    assert shared == [("0", "Andel som känner sig otrygga"), ("1", "Deltagare i invånardialoger")]
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    # women and men beside the total, the overdue report marked in words
    assert f'<small class="sexes">K 46{NB}% · M 34{NB}%</small>' in text
    assert '<span class="status status-missed">försenad</span>' in text
    assert "<script" not in text and "<link" not in text
    # every table of the portfolio section has labelled cells for the phone layout
    part = text.split('<article class="portfolio', 1)[1].split("</article>", 1)[0]
    assert part.count('<table class="data') == part.count("<colgroup>") >= 10
    assert all('data-label="' in cell for cell in re.findall(r"<td[^>]*>", part))


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)")
@pytest.mark.parametrize("width", [794, 375])
def test_html_fits_a4_and_a_phone(html_file, width, tmp_path):
    from test_report_html import measure

    seen = measure(html_file, width, tmp_path)
    assert seen["inner"] == width
    assert seen["scroll"] <= width, seen
    assert not seen["wide"], seen["wide"]
    assert not seen["cells"], f"text wider than its cell: {seen['cells']}"
    assert seen["svgs"] and seen["svgs"] == seen["titled"]


def test_word_report_has_the_portfolio_headings_tables_and_charts(tmp_path):
    docx = pytest.importorskip("docx")
    target = tmp_path / "rapport.docx"
    result = CliRunner().invoke(app, ["report", str(CASE), "--as-of", AS_OF, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))
    ]
    titles = [text for style, text in headings if style == "Title"]
    assert titles[:3] == [
        "Portföljöversikt",
        "Testportfölj: gemensamma mål, resurser och styrning",
        "Testprogram A: lägesrapport",
    ]
    start = headings.index(("Title", "Testportfölj: gemensamma mål, resurser och styrning"))
    end = headings.index(("Title", "Testprogram A: lägesrapport"))
    parts = [text for style, text in headings[start:end] if style == "Heading 1"]
    assert parts == [
        "Sammanfattning",
        "Att besluta och uppmärksamma",
        "Mål som ägaren beslutat",
        "Gemensamma indikatorer",
        "Resurser",
        "Styrning och återrapportering",
        "Utvärderingar och rekommendationer",
        "Gemensamma begrepp",
        "Senaste beslut",
    ]
    goals = [text for style, text in headings[start:end] if style == "Heading 2"]
    assert goals[:3] == ["En trygg stad", "Invånarna är delaktiga", "Jämlik hälsa"]
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["År", "Personal", "Aktiviteter", "Kommunikation", "Lokaler", "Summa"] in headers
    assert ["Rapport", "Till", "Hur ofta", "Senast lämnad", "Nästa senast", "Läge"] in headers
    resources = next(t for t in document.tables if t.rows[0].cells[0].text == "År")
    assert resources.rows[1].cells[1].text == f"1{NB}100{NB}000{NB}kr\n55{NB}%"
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert sum("jämfört mellan programmen" in (d or "") for d in described) == 2
