"""Coverage and indicator progress (SPEC §5, §6), worked out by hand.

tests/cases/coverage is a small programme built to hold every tricky case at once,
as of 2022-01-01:

  projects            gaps (priority)        benefits
  p1 execution  ───▶  g1 (high)      ───▶    e1 Trygghet (end)
  p2 execution  ───▶  g2 (medium)    ───▶    e1, e2 Hälsa (end)      a gap listing two benefits
  p2            ───▶  g5 (medium)    ───▶    i1 Delaktighet          p2 closes two gaps serving
  p3 cancelled  ───▶  g2                                             different benefits
  p4 planning   ───▶  g3 (low)       ───▶    i1
  p5 completed  ───▶  g5
  (none)              g4 (high)      ───▶    e2                      a gap with no project
  i1 (intermediate) contributes to e1 and e2.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import CASES, run

ROOT = Path(__file__).resolve().parent.parent


def _coverage_json(path: Path | str, as_of: str) -> dict:
    code, out = run("coverage", str(path), "--as-of", as_of, "--format", "json")
    assert code == 0, out
    return json.loads(out)


@pytest.fixture(scope="module")
def worked() -> dict:
    payload = _coverage_json(CASES / "coverage", "2022-01-01")
    (programme,) = payload["programmes"]
    return programme


def _benefit(programme: dict, benefit_id: str) -> dict:
    return next(b for b in programme["benefits"] if b["id"] == benefit_id)


def _indicator(programme: dict, benefit_id: str, indicator_id: str) -> dict:
    return next(i for i in _benefit(programme, benefit_id)["indicators"] if i["id"] == indicator_id)


def test_gap_levels(worked):
    levels = {g["id"]: (g["level"], g["covered"], g["projects"]) for g in worked["gaps"]}
    assert levels == {
        "g1": ("active", True, ["p1"]),  # p1 is in execution
        "g2": ("active", True, ["p2"]),  # p3 is cancelled: it contributes nothing
        "g3": ("planned", False, ["p4"]),  # planning is not yet covered
        "g4": ("none", False, []),  # no project at all
        "g5": ("delivered", True, ["p2", "p5"]),  # best of active (p2) and delivered (p5)
    }


def test_benefit_coverage_goes_through_intermediate_benefits(worked):
    # i1: its own gaps g3, g5; covered g5 → 1/2
    # e1: its own g1, g2, plus i1's g3, g5 → covered g1, g2, g5 → 3/4
    # e2: its own g2, g4, plus i1's g3, g5 → covered g2, g5 → 2/4
    got = {b["id"]: (b["gaps"], b["covered_gaps"], b["coverage"]) for b in worked["benefits"]}
    assert got == {
        "e1": (["g1", "g2", "g3", "g5"], ["g1", "g2", "g5"], 0.75),
        "e2": (["g2", "g3", "g4", "g5"], ["g2", "g5"], 0.5),
        "i1": (["g3", "g5"], ["g5"], 0.5),
    }


def test_budget_attribution(worked):
    # p1 100 000 → g1 → e1                                   e1 += 100 000
    # p2 300 000 → g2, g5: 150 000 each
    #    g2 lists e1 and e2: 75 000 each                      e1 += 75 000, e2 += 75 000
    #    g5 lists i1 (not again up the map to e1, e2)         i1 += 150 000
    # p3 is cancelled                                         nothing
    # p4 40 000 → g3 → i1                                     i1 += 40 000
    # p5 60 000 → g5 → i1                                     i1 += 60 000
    budgets = {b["id"]: b["budget"] for b in worked["benefits"]}
    assert budgets == {"e1": 175_000, "e2": 75_000, "i1": 250_000}
    summary = worked["summary"]
    # Invariant: attributed = budget of contributing projects = 100+300+40+60 thousand.
    assert summary["budget_contributing"] == 500_000
    assert summary["budget_attributed"] == 500_000
    assert summary["budget_total"] == 550_000  # p3's 50 000 included here
    assert summary["spent_total"] == 58_000


def test_projects_per_benefit(worked):
    got = {b["id"]: b["projects"] for b in worked["benefits"]}
    assert got == {"e1": ["p1", "p2", "p4", "p5"], "e2": ["p2", "p4", "p5"], "i1": ["p2", "p4", "p5"]}


def test_summary(worked):
    summary = worked["summary"]
    assert (summary["benefits"], summary["benefits_covered"]) == (3, 3)
    assert (summary["gaps"], summary["gaps_covered"]) == (5, 3)
    assert summary["high_priority_gaps_not_covered"] == ["g4"]
    assert summary["projects_closing_no_gap"] == []
    assert summary["indicators"] == {
        "achieved": 1,
        "on-track": 1,
        "behind": 0,
        "worsening": 1,
        "missed": 0,
        "no-data": 1,
        "unknown": 0,
    }


def test_indicator_exactly_on_its_trajectory(worked):
    # 2021-01-01 → 2023-01-01 is 730 days; 2022-01-01 is 365 days in: expected 0.5.
    # Lower is better: (30 − 40) / (20 − 40) = 0.5 of the way. 0.5 ≥ 0.5 − 0.1: on track.
    indicator = _indicator(worked, "e1", "otrygghet")
    assert indicator["latest"] == {"date": "2022-01-01", "value": 30}
    assert (indicator["progress"], indicator["expected"], indicator["status"]) == (0.5, 0.5, "on-track")


def test_decreasing_indicator_going_the_wrong_way(worked):
    # Latest on or before 2022-01-01 is 55 (the 2022-06-01 value is after the as-of date).
    # (55 − 50) / (30 − 50) = −0.25: moving away from the target.
    indicator = _indicator(worked, "e1", "brander")
    assert indicator["latest"] == {"date": "2021-12-01", "value": 55}
    assert (indicator["progress"], indicator["status"]) == (-0.25, "worsening")


def test_indicator_without_measurement_and_achieved_indicator(worked):
    # No measurement: latest falls back to the baseline, status no-data.
    # 2021-01-01 → 2025-01-01 is 1461 days; 365 in: expected 365/1461 = 0.2498.
    rorelse = _indicator(worked, "e2", "rorelse")
    assert rorelse["latest"] == {"date": "2021-01-01", "value": 50}
    assert (rorelse["expected"], rorelse["status"]) == (0.2498, "no-data")
    # (12 − 0) / (10 − 0) = 1.2 ≥ 1: achieved; the target date has passed, expected 1.
    dialoger = _indicator(worked, "i1", "dialoger")
    assert (dialoger["progress"], dialoger["expected"], dialoger["status"]) == (1.2, 1.0, "achieved")


def test_as_of_moves_latest_and_status():
    # By 2022-07-01 the 2022-06-01 value 10 counts: (10 − 50) / (30 − 50) = 2 → achieved.
    payload = _coverage_json(CASES / "coverage", "2022-07-01")
    (programme,) = payload["programmes"]
    assert _indicator(programme, "e1", "brander")["status"] == "achieved"


def test_csv_one_row_per_benefit():
    code, out = run("coverage", str(CASES / "coverage"), "--as-of", "2022-01-01", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert [row[:3] + row[4:] for row in rows] == [
        ["programme", "programme_name", "benefit", "level", "gaps", "covered_gaps", "coverage", "budget"],
        ["coverage", "Täckningsexempel", "e1", "end", "4", "3", "0.7500", "175000.00"],
        ["coverage", "Täckningsexempel", "e2", "end", "4", "2", "0.5000", "75000.00"],
        ["coverage", "Täckningsexempel", "i1", "intermediate", "2", "1", "0.5000", "250000.00"],
    ]
    assert [row[3] for row in rows[1:]] == ["Trygghet", "Hälsa", "Delaktighet"]


def test_csv_in_swedish_opens_in_swedish_excel(no_language_chosen):
    code, out = run("coverage", str(CASES / "coverage"), "--as-of", "2022-01-01", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert rows[0] == [
        "program",
        "programnamn",
        "nytta",
        "nyttans namn",
        "nivå",
        "gap",
        "täckta gap",
        "täckningsgrad",
        "fördelad budget",
    ]
    assert rows[1][4:] == ["huvudnytta", "4", "3", "0,7500", "175000,00"]
    assert "0.75" not in out


def test_markdown_has_tables_matrix_and_map():
    code, out = run(
        "coverage", str(CASES / "coverage"), "--as-of", "2022-01-01", "--format", "markdown", "--lang", "en"
    )
    assert code == 0
    assert "| Trygghet | end benefit | 3/4 | 75% | SEK\u00a0175,000 | 1 on track, 1 worsening |" in out
    assert "High-priority gaps not covered: Gap g4" in out
    # Projects × benefits: p2 closes g2 (lists e1, e2) directly; p4 reaches e1, e2 only via i1.
    assert "| Projekt 2 | ● | ● | ● |" in out
    assert "| Projekt 4 | ○ | ○ | ● |" in out
    assert "| Projekt 3 |" not in out  # cancelled projects serve nothing
    assert "```mermaid\nflowchart LR" in out
    assert "  P_p2 --> G_g5" in out
    assert "  G_g2 --> B_e2" in out
    assert "  B_i1 -.-> B_e1" in out
    assert "  class G_g4 uncovered" in out


def test_table_on_the_terminal_shows_bars_and_call_outs(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # a wide terminal: bars (an 80-column one gets none)
    code, out = run(
        "coverage", str(CASES / "coverage"), "--as-of", "2022-01-01", "--format", "table", "--lang", "en"
    )
    assert code == 0
    assert "███████▌" not in out  # whole blocks only
    assert "████████░░ 75%" in out
    assert "High-priority gaps not covered: Gap g4" in out


def test_swedish_labels_by_default_from_the_programme_language(no_language_chosen):
    code, out = run("coverage", str(CASES / "coverage"), "--as-of", "2022-01-01", "--format", "markdown")
    assert code == 0
    # No-break spaces inside the amount and before the unit; the count agrees (1 som försämras).
    assert (
        "| Trygghet | huvudnytta | 3/4 | 75\u00a0% | 175\u00a0000\u00a0kr | 1 i fas, 1 som försämras |" in out
    )


def test_unreadable_file_is_left_out_and_exit_1(case):
    root = case("coverage")
    (root / "projects" / "p1.yaml").write_text("name: [trasig\n", "utf-8")
    code, out = run("coverage", str(root), "--as-of", "2022-01-01", "--format", "json")
    assert code == 1
    programme = json.loads(out)["programmes"][0]
    assert _benefit(programme, "e1")["covered_gaps"] == ["g2", "g5"]  # g1 lost its only project


# ---------------------------------------------------------------- the shipped examples


def test_shipped_examples_match_figures_worked_out_by_hand():
    payload = _coverage_json(ROOT / "programmes", "2026-11-23")
    by_id = {p["id"]: p for p in payload["programmes"]}
    lindangen = by_id["lindangen"]
    # Gaps: every gap has a delivered project except lokal-service-och-handel (none) and
    # varierat-bostadsbestand (its only project, planprogram-lindangens-centrum, is cancelled).
    assert (lindangen["summary"]["gaps"], lindangen["summary"]["gaps_covered"]) == (9, 7)
    # Benefit gaps (own + via intermediate benefits) and budgets:
    #   trygghet: anlagda, otrygga, samordnat + motesplatser (via invanardelaktighet) → 4/4
    #     650 000 (brand) + 1 450 000 (lagesbild: 725 000 on each of its two trygghet gaps)
    #     + 3 400 000 (half of upprustning's 6 800 000; otrygga lists two benefits) = 5 500 000
    #   attraktiv: lokal-service, otrygga, varierat → 1/3; 3 400 000 (the other half)
    #   framtidstro: elevers + motesplatser + vagar, lokal-service (via egen-forsorjning) → 3/4;
    #     3 200 000 (sprak)
    #   halsa: halsoframjande + vagar, lokal-service → 2/3; 1 200 000 (aktiv fritid)
    #   egen-forsorjning: lokal-service, vagar → 1/2; 2 400 000 (arbetsmarknadsnod)
    #   invanardelaktighet: motesplatser → 1/1; 1 850 000 (motesplats)
    got = {b["id"]: (len(b["gaps"]), len(b["covered_gaps"]), b["budget"]) for b in lindangen["benefits"]}
    assert got == {
        "attraktiv-bebyggd-miljo": (3, 1, 3_400_000),
        "egen-forsorjning": (2, 1, 2_400_000),
        "framtidstro": (4, 3, 3_200_000),
        "halsa": (3, 2, 1_200_000),
        "invanardelaktighet": (1, 1, 1_850_000),
        "trygghet": (4, 4, 5_500_000),
    }
    # 1.2 + 0.65 + 1.45 + 2.4 + 1.85 + 3.2 + 6.8 million; the cancelled 0.9 million is out.
    assert lindangen["summary"]["budget_contributing"] == 17_550_000
    assert lindangen["summary"]["budget_attributed"] == 17_550_000
    trygghet = _benefit(lindangen, "trygghet")
    otrygghet = next(i for i in trygghet["indicators"] if i["id"] == "otrygghet-sen-kvall")
    # Lower is better: (31 − 42) / (30 − 42) = 0.9167. 2018-03-31 → 2026-11-23 is 3159 days of
    # 3197 to 2026-12-31: expected 0.9881; 0.9167 ≥ 0.8881 → on track.
    assert (otrygghet["progress"], otrygghet["expected"], otrygghet["status"]) == (0.9167, 0.9881, "on-track")
    brander = next(i for i in trygghet["indicators"] if i["id"] == "anlagda-brander-utomhus")
    # (55 − 48) / (30 − 48) = −0.3889: more fires than at the baseline, and the target date
    # 2022-12-31 has passed without reaching 30 → missed (SPEC §14), not merely worsening.
    assert (brander["progress"], brander["expected"], brander["status"]) == (-0.3889, 1.0, "missed")

    esf = by_id["storstadsintegration"]
    # One project of 1 137 500 closes four gaps: 284 375 each. diskriminerande-hinder lists two
    # benefits (142 187.50 each); boendes-delaktighet also gets boendes-medverkan's 284 375.
    got = {b["id"]: (len(b["gaps"]), len(b["covered_gaps"]), b["budget"]) for b in esf["benefits"]}
    assert got == {
        "boendes-delaktighet": (3, 3, 426_562.5),
        "gemensam-problembild": (1, 1, 284_375),
        "kannedom-om-diskriminering": (2, 1, 142_187.5),
        "samverkan-over-granser": (3, 2, 284_375),
    }
    assert esf["summary"]["budget_attributed"] == 1_137_500


def test_indicator_reported_by_sex_gives_women_and_men_beside_the_total(no_language_chosen):
    # tests/cases/storprogram: otrygghet-sen-kvall has women and men on every value
    # (SPEC §12); progress and status stay on the total. Other indicators carry no by_sex.
    code, out = run("coverage", str(CASES / "storprogram"), "--as-of", "2026-11-30", "--format", "json")
    assert code == 0
    indicators = {i["id"]: i for b in json.loads(out)["programmes"][0]["benefits"] for i in b["indicators"]}
    otrygghet = indicators["otrygghet-sen-kvall"]
    assert otrygghet["by_sex"] == {
        "women": {"baseline": 52, "latest": 39, "target": 32},
        "men": {"baseline": 30, "latest": 25, "target": 26},
    }
    # (32 − 41) / (29 − 41) = 0.75 on the total, whatever the women's and men's figures
    assert (otrygghet["progress"], otrygghet["status"]) == (0.75, "on-track")
    assert [i for i, v in indicators.items() if "by_sex" in v] == ["otrygghet-sen-kvall"]
    code, markdown = run("report", str(CASES / "storprogram"), "--as-of", "2026-11-30")
    assert "| 32\u00a0% · K 39\u00a0% · M 25\u00a0% (2026-09-30) |" in markdown
    assert "K = kvinnor, M = män" in markdown
