"""The portfolio checks of SPEC §10-§13 (PS801-PS809, and PS202/PS201 on the new fields),
told as a coordinator's story.

tests/cases/portfolio-checks is tests/cases/portfolio with goals, a shared indicator,
bodies, reporting upward, an evaluation and resources: clean at AS_OF. Each code is
triggered by one small mistake in a copy and must come back at the exact file, line and
column; each has a near miss that looks like the mistake but is fine, and stays quiet.

Positions are counted by hand in the edited files (1-based), as in tests/test_checks.py:
a value's column is where the value starts (`    reports_to: samordning` → 17), a
finding about a whole file is on line 1, column 1.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import AS_OF, diagnostics, edit, run
from progstyr.checks.portfolio import add_months

ROOT = "portfolio-checks"
PORTFOLIO = f"{ROOT}/portfolio.yaml"
PROGRAMME_A = f"{ROOT}/stadsdel-a/programme.yaml"
PROGRAMME_B = f"{ROOT}/stadsdel-b/programme.yaml"
TRYGGHET_A = f"{ROOT}/stadsdel-a/benefits/trygghet.yaml"
TRYGGHET_B = f"{ROOT}/stadsdel-b/benefits/trygghet.yaml"
DELAKTIGHET_B = f"{ROOT}/stadsdel-b/benefits/delaktighet.yaml"
LAMPOR_A = f"{ROOT}/stadsdel-a/projects/lampor.yaml"
LAMPOR_B = f"{ROOT}/stadsdel-b/projects/lampor.yaml"
CONFIG = f"{ROOT}/progstyr.toml"

Finding = tuple[str, int, int, str, str]
"""(path, line, column, code, severity) of one diagnostic line."""
Edit = tuple[str, str, str]
"""(file, old text, new text): one textual change to the case."""


class Outcome(NamedTuple):
    exit_code: int
    found: list[Finding]
    messages: list[str]

    def message(self, code: str) -> str:
        """The message of the (first) diagnostic with this code."""
        return next(m for f, m in zip(self.found, self.messages, strict=True) if f[3] == code)


@pytest.fixture
def repo(case, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder, holding fresh copies of the portfolio case (and of the minimal
    programme, for a programme in no portfolio)."""
    root = case(ROOT)
    case("minimal")
    monkeypatch.chdir(root.parent)
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)
    return root.parent


def validate(path: str = ROOT, *extra: str, as_of: str = AS_OF) -> Outcome:
    """`progstyr validate PATH --as-of AS_OF --lang en`, parsed."""
    code, out = run("validate", path, "--as-of", as_of, "--lang", "en", *extra)
    parsed = diagnostics(out)
    found = [(d["path"], int(d["line"]), int(d["col"]), d["code"], d["severity"]) for d in parsed]
    return Outcome(code, found, [d["msg"] for d in parsed])


def apply(root: Path, edits: list[Edit]) -> None:
    for name, old, new in edits:
        edit(root / name, old, new)


def exit_for(expected: list[Finding]) -> int:
    return 1 if any(f[4] == "error" for f in expected) else 0


def cut_evaluations(root: Path) -> None:
    """portfolio.yaml without its `evaluations:` (the last block of the file)."""
    path = root / PORTFOLIO
    path.write_text(path.read_text("utf-8").split("evaluations:\n")[0], encoding="utf-8")


def test_the_starting_point_is_clean(repo):
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# (a) Each mistake, at its place.

ANOTHER_EVALUATION = (
    "  - id: egen-uppfoljning\n"
    "    by: Stadskontoret\n"
    "    kind: internal\n"
    "    period:\n"
    "      start: 2023-01-01\n"
    "      end: 2023-06-30\n"
    "    recommendations:\n"
    "      - id: fler-motesplatser\n"
    "        text: Öppna fler mötesplatser.\n"
)

TRIGGERS = [
    # PS801: an end benefit that serves no goal (no `serves`): the top of the benefit file.
    pytest.param(
        "PS801",
        [(TRYGGHET_A, "serves:\n  - trygg-stad\n", "")],
        [(TRYGGHET_A, 1, 1, "PS801", "warning")],
        "this end benefit serves none of the goals the portfolio's owner decided; "
        "name the goals it serves under 'serves' (the goals: trygg-stad)",
        id="PS801-no-serves",
    ),
    # PS801: an empty `serves:` is reported on that key.
    pytest.param(
        "PS801",
        [(TRYGGHET_A, "serves:\n  - trygg-stad\n", "serves: []\n")],
        [(TRYGGHET_A, 3, 1, "PS801", "warning")],
        "serves none of the goals",
        id="PS801-empty-serves",
    ),
    # PS802: a goal id with a typo, on the value, with a did-you-mean.
    pytest.param(
        "PS802",
        [(TRYGGHET_A, "  - trygg-stad", "  - trygg-stat")],
        [(TRYGGHET_A, 4, 5, "PS802", "error")],
        "there is no portfolio goal with the id 'trygg-stat'; did you mean 'trygg-stad'?",
        id="PS802-unknown-goal",
    ),
    # PS802: a shared indicator with a typo; the programme then reports it nowhere (PS803).
    pytest.param(
        "PS802",
        [(TRYGGHET_A, "    shared: otrygghet", "    shared: otrygget")],
        [(TRYGGHET_A, 7, 13, "PS802", "error"), (PROGRAMME_A, 1, 1, "PS803", "warning")],
        "there is no shared indicator with the id 'otrygget'; did you mean 'otrygghet'?",
        id="PS802-unknown-shared-indicator",
    ),
    # PS802: a programme's body reports to a body that does not exist.
    pytest.param(
        "PS802",
        [(PROGRAMME_A, "    reports_to: samordning", "    reports_to: samordnig")],
        [(PROGRAMME_A, 21, 17, "PS802", "error")],
        "there is no body or organisation with the id 'samordnig'; did you mean 'samordning'?",
        id="PS802-unknown-body-in-programme",
    ),
    # PS802: a programme's report goes to no known body or organisation.
    pytest.param(
        "PS802",
        [(PROGRAMME_A, "    to: samordning", "    to: styrgrup")],
        [(PROGRAMME_A, 25, 9, "PS802", "error")],
        "there is no body or organisation with the id 'styrgrup'; did you mean 'styrgrupp'?",
        id="PS802-unknown-recipient-in-programme",
    ),
    # PS802: in portfolio.yaml, a goal names a decision that is not in the log.
    pytest.param(
        "PS802",
        [(PORTFOLIO, "    decided_by: start", "    decided_by: starten")],
        [(PORTFOLIO, 24, 17, "PS802", "error")],
        "there is no decision with the id 'starten'; did you mean 'start'?",
        id="PS802-unknown-decision",
    ),
    # PS802: in portfolio.yaml, a body reports to an unknown body.
    pytest.param(
        "PS802",
        [(PORTFOLIO, "    reports_to: styrgrupp", "    reports_to: styrgruppen")],
        [(PORTFOLIO, 39, 17, "PS802", "error")],
        "did you mean 'styrgrupp'?",
        id="PS802-unknown-body-in-portfolio",
    ),
    # PS802: in portfolio.yaml, a report to an organisation nobody declared (nothing close).
    pytest.param(
        "PS802",
        [(PORTFOLIO, "    to: ks", "    to: kf")],
        [(PORTFOLIO, 43, 9, "PS802", "error")],
        "there is no body or organisation with the id 'kf'",
        id="PS802-unknown-recipient-in-portfolio",
    ),
    # PS803: programme B's benefit no longer reports the shared indicator.
    pytest.param(
        "PS803",
        [(TRYGGHET_B, "    shared: otrygghet\n", "")],
        [(PROGRAMME_B, 1, 1, "PS803", "warning")],
        "this programme does not report the portfolio's shared indicator 'otrygghet' (Andel som "
        "känner sig otrygga); add an indicator with 'shared: otrygghet' to one of its benefits",
        id="PS803-shared-indicator-not-reported",
    ),
    # PS804: a unit other than the portfolio's, on the unit.
    pytest.param(
        "PS804",
        [(TRYGGHET_A, '    unit: "%"', "    unit: procent")],
        [(TRYGGHET_A, 9, 11, "PS804", "error")],
        "the shared indicator 'otrygghet' is measured in '%', not 'procent'",
        id="PS804-unit",
    ),
    # PS804: the opposite direction, on the direction (and the target now reads backwards).
    pytest.param(
        "PS804",
        [(TRYGGHET_A, "    direction: decrease", "    direction: increase")],
        [(TRYGGHET_A, 10, 16, "PS804", "error"), (TRYGGHET_A, 16, 14, "PS403", "error")],
        "the shared indicator 'otrygghet' has the direction 'decrease', not 'increase'",
        id="PS804-direction",
    ),
    # PS804: the portfolio reports it by sex, the programme writes that it does not.
    pytest.param(
        "PS804",
        [
            (PORTFOLIO, "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n"),
            (TRYGGHET_A, "    direction: decrease\n", "    direction: decrease\n    by_sex: false\n"),
        ],
        # programme B leaves by_sex out, so it takes the portfolio's and owes women and men (PS406)
        [(TRYGGHET_A, 11, 13, "PS804", "error")]
        + [(TRYGGHET_B, line, col, "PS406", "error") for line, col in ((11, 5), (14, 5), (18, 9), (20, 9))],
        "the shared indicator 'otrygghet' is reported for women and men (by_sex: true)",
        id="PS804-by-sex",
    ),
    # PS805: the yearly analysis was last delivered 2022-12-15: due 2023-12-15.
    pytest.param(
        "PS805",
        [(PORTFOLIO, "      - 2023-12-14\n", "")],
        [(PORTFOLIO, 41, 9, "PS805", "warning")],
        "the report 'Årsanalys' to 'ks' was due by 2023-12-15 and has not been delivered since 2022-12-15",
        id="PS805-overdue-since-last-delivery",
    ),
    # PS805: never delivered: due 12 months after the portfolio's start.
    pytest.param(
        "PS805",
        [(PORTFOLIO, "    delivered:\n      - 2022-12-15\n      - 2023-12-14\n", "")],
        [(PORTFOLIO, 41, 9, "PS805", "warning")],
        "the report 'Årsanalys' to 'ks' was due by 2023-01-01 and has never been delivered",
        id="PS805-never-delivered",
    ),
    # PS805: a delivery dated after the as-of date does not count.
    pytest.param(
        "PS805",
        [(PORTFOLIO, "      - 2023-12-14", "      - 2024-07-01")],
        [(PORTFOLIO, 41, 9, "PS805", "warning")],
        "was due by 2023-12-15 and has not been delivered since 2022-12-15",
        id="PS805-future-delivery",
    ),
    # PS805: a programme's own report every 6 months: last 2023-11-30, due 2024-05-30.
    pytest.param(
        "PS805",
        [(PROGRAMME_A, "      - 2023-12-01\n      - 2024-05-15\n", "      - 2023-11-30\n")],
        [(PROGRAMME_A, 23, 9, "PS805", "warning")],
        "the report 'Lägesrapport' to 'samordning' was due by 2024-05-30",
        id="PS805-programme-report",
    ),
    # PS806: an open recommendation past its due date, on the date.
    pytest.param(
        "PS806",
        [(PORTFOLIO, "        due: 2024-12-31", "        due: 2024-05-31")],
        [(PORTFOLIO, 65, 14, "PS806", "warning")],
        "the recommendation 'rapportering' is still open, but it was to be dealt with by 2024-05-31",
        id="PS806-past-due",
    ),
    # PS806: no response 6 months after the evaluation ended (2023-11-30 + 6 months < as-of).
    pytest.param(
        "PS806",
        [
            (PORTFOLIO, "        response: Ett gemensamt årshjul tas fram.\n", ""),
            (PORTFOLIO, "      end: 2023-12-31", "      end: 2023-11-30"),
        ],
        [(PORTFOLIO, 62, 13, "PS806", "warning")],
        "the recommendation 'rapportering' has had no response for more than six months since the "
        "evaluation ended (2023-11-30)",
        id="PS806-no-response",
    ),
    # PS806: the same in a programme's own evaluation, on the recommendation's id.
    pytest.param(
        "PS806",
        [(PROGRAMME_A, "    fte: 1.5\n", "    fte: 1.5\nevaluations:\n" + ANOTHER_EVALUATION)],
        [(PROGRAMME_A, 55, 13, "PS806", "warning")],
        "the recommendation 'fler-motesplatser' has had no response",
        id="PS806-programme-evaluation",
    ),
    # PS807: the portfolio started 2022-01-01, its first year is over, and its only
    # evaluation is internal.
    pytest.param(
        "PS807",
        [(PORTFOLIO, "    kind: research", "    kind: internal")],
        [(PORTFOLIO, 48, 1, "PS807", "warning")],
        "no external evaluation or follow-up research started within 12 months of the "
        "portfolio's start (2022-01-01), that is by 2023-01-01",
        id="PS807-only-internal",
    ),
    # PS807: the research starts 13 months after the start.
    pytest.param(
        "PS807",
        [(PORTFOLIO, "      start: 2022-09-01", "      start: 2023-02-01")],
        [(PORTFOLIO, 48, 1, "PS807", "warning")],
        "that is by 2023-01-01",
        id="PS807-starts-too-late",
    ),
    # PS808: premises up by 50 000: 650 000 of 1 050 000 is 61.9 %, on the year's first entry.
    pytest.param(
        "PS808",
        [(PROGRAMME_A, "    amount: 100000", "    amount: 150000")],
        [(PROGRAMME_A, 31, 11, "PS808", "warning")],
        "in 2023, staff and premises take 61.9% of the programme's resources (650,000 of 1,050,000), "
        "more than the limit of 60%",
        id="PS808-over-the-default-limit",
    ),
    # PS809: an organisation of the programme that no file names.
    pytest.param(
        "PS809",
        [
            (
                PROGRAMME_A,
                "    type: municipal\ndecisions:",
                "    type: municipal\n  - id: polisen\n    name: Polisen\n    type: authority\ndecisions:",
            )
        ],
        [(PROGRAMME_A, 12, 9, "PS809", "warning")],
        "the organisation 'polisen' (Polisen) is listed but nothing refers to it",
        id="PS809-programme-organisation",
    ),
    # PS809: a shared organisation that neither the portfolio nor any programme names.
    pytest.param(
        "PS809",
        [(PROGRAMME_A, "    payer: stadsfastigheter", "    payer: ks")],
        [(PORTFOLIO, 12, 9, "PS809", "warning")],
        "the shared organisation 'stadsfastigheter' (Stadsfastigheter) is used neither in the "
        "portfolio nor in any of its programmes",
        id="PS809-shared-organisation",
    ),
    # PS202: a programme declares the portfolio's organisation again, on its id.
    pytest.param(
        "PS202",
        [
            (
                PROGRAMME_A,
                "    type: municipal\ndecisions:",
                "    type: municipal\n  - id: ks\n    name: Kommunstyrelsen\ndecisions:",
            )
        ],
        [(PROGRAMME_A, 12, 9, "PS202", "error")],
        f"the organisation 'ks' is already declared in the portfolio ({PORTFOLIO})",
        id="PS202-organisation-in-portfolio-and-programme",
    ),
    pytest.param(
        "PS202",
        [(PORTFOLIO, "decisions:\n", "  - id: ks\n    name: Kommunstyrelsen igen\ndecisions:\n")],
        [(PORTFOLIO, 15, 9, "PS202", "error")],
        "the organisation id 'ks' is declared twice",
        id="PS202-portfolio-organisation",
    ),
    pytest.param(
        "PS202",
        [
            (
                PORTFOLIO,
                "goals:\n",
                "  - id: start\n    date: 2022-01-01\n    body: KS\n    summary: Igen.\ngoals:\n",
            )
        ],
        [(PORTFOLIO, 21, 9, "PS202", "error")],
        "the id 'start' is given to two decisions in this file",
        id="PS202-decision",
    ),
    pytest.param(
        "PS202",
        [
            (
                PORTFOLIO,
                "    decided_by: start\n",
                "    decided_by: start\n  - id: trygg-stad\n    name: Igen\n",
            )
        ],
        [(PORTFOLIO, 25, 9, "PS202", "error")],
        "the id 'trygg-stad' is given to two goals in this file",
        id="PS202-goal",
    ),
    pytest.param(
        "PS202",
        [
            (
                PORTFOLIO,
                "    direction: decrease\nbodies:",
                "    direction: decrease\n  - id: otrygghet\n    name: Igen\n    direction: decrease\nbodies:",
            )
        ],
        [(PORTFOLIO, 30, 9, "PS202", "error")],
        "the id 'otrygghet' is given to two shared indicators in this file",
        id="PS202-shared-indicator",
    ),
    pytest.param(
        "PS202",
        [
            (
                PROGRAMME_A,
                "reporting:\n",
                "  - id: programgrupp\n    name: Igen\n    role: other\nreporting:\n",
            )
        ],
        [(PROGRAMME_A, 22, 9, "PS202", "error")],
        "the id 'programgrupp' is given to two bodies in this file",
        id="PS202-programme-body",
    ),
    pytest.param(
        "PS202",
        [
            (
                PROGRAMME_A,
                "resources:\n",
                "  - id: lagesrapport\n    name: Igen\n    to: ks\n    every_months: 12\n    delivered: [2024-01-15]\nresources:\n",
            )
        ],
        [(PROGRAMME_A, 30, 9, "PS202", "error")],
        "the id 'lagesrapport' is given to two reports in this file",
        id="PS202-programme-reporting",
    ),
    pytest.param(
        "PS202",
        [
            (
                PORTFOLIO,
                "        due: 2024-12-31\n",
                "        due: 2024-12-31\n  - id: foljeforskning\n    by: Igen\n    period:\n"
                "      start: 2024-01-01\n      end: 2024-12-31\n",
            )
        ],
        [(PORTFOLIO, 66, 9, "PS202", "error")],
        "the id 'foljeforskning' is given to two evaluations in this file",
        id="PS202-evaluation",
    ),
    pytest.param(
        "PS202",
        [
            (
                PORTFOLIO,
                "        due: 2024-12-31\n",
                "        due: 2024-12-31\n      - id: rapportering\n        text: Igen.\n        status: done\n",
            )
        ],
        [(PORTFOLIO, 66, 13, "PS202", "error")],
        "the id 'rapportering' is given to two recommendations of this evaluation",
        id="PS202-recommendation",
    ),
    # PS201: a resource paid by an organisation nobody declared.
    pytest.param(
        "PS201",
        [(PROGRAMME_A, "    payer: ks", "    payer: kss")],
        [(PROGRAMME_A, 35, 12, "PS201", "error")],
        "there is no organisation with the id 'kss'; did you mean 'ks'?",
        id="PS201-unknown-payer",
    ),
]


@pytest.mark.parametrize(("code", "edits", "expected", "fragment"), TRIGGERS)
def test_mistake_is_reported_at_its_place(repo, code, edits, expected, fragment):
    apply(repo, edits)
    outcome = validate()
    assert outcome.found == expected
    assert fragment in outcome.message(code)
    assert outcome.exit_code == exit_for(expected)


# ---------------------------------------------------------------------------------------
# (b) Near misses: it looks like the mistake, but it is fine.

SECOND_INDICATOR = (
    "  - id: otrygghet\n"
    "    shared: otrygghet\n"
    "    name: Andel som känner sig otrygga\n"
    "    direction: decrease\n"
    "    baseline: {date: 2022-01-01, value: 40}\n"
    "    target: {date: 2025-12-31, value: 20}\n"
    "    measurements:\n"
    "      - {date: 2024-01-01, value: 30}\n"
)

NEAR_MISSES = [
    # PS801: a portfolio without goals asks no benefit to serve one.
    pytest.param(
        [
            (PORTFOLIO, "goals:\n  - id: trygg-stad\n    name: En trygg stad\n    decided_by: start\n", ""),
            (TRYGGHET_A, "serves:\n  - trygg-stad\n", ""),
            (TRYGGHET_B, "serves:\n  - trygg-stad\n", ""),
        ],
        id="PS801-portfolio-without-goals",
    ),
    # (PS801: the intermediate benefit delaktighet serves no goal in the starting point.)
    # PS802: a programme's body may report to its own organisation, a report to the portfolio's.
    pytest.param(
        [
            (PROGRAMME_A, "    reports_to: samordning", "    reports_to: fritid"),
            (PROGRAMME_A, "    to: samordning", "    to: ks"),
        ],
        id="PS802-own-organisation-and-portfolio-organisation",
    ),
    # PS802: a goal without `decided_by`.
    pytest.param([(PORTFOLIO, "    decided_by: start\n", "")], id="PS802-goal-without-decision"),
    # PS803: programme B reports the shared indicator from another of its benefits.
    pytest.param(
        [
            (TRYGGHET_B, "    shared: otrygghet\n", ""),
            (DELAKTIGHET_B, "        value: 50\n", "        value: 50\n" + SECOND_INDICATOR),
        ],
        id="PS803-reported-by-another-benefit",
    ),
    # PS804: leaving the unit out takes the portfolio's; it does not contradict it.
    pytest.param([(TRYGGHET_A, '    unit: "%"\n', "")], id="PS804-unit-left-out"),
    # PS805: every 6 months from 2023-12-01 is due on the as-of date itself.
    pytest.param([(PROGRAMME_A, "      - 2024-05-15\n", "")], id="PS805-due-on-as-of"),
    # PS805: after the portfolio's period nothing is owed any more.
    pytest.param(
        [(PORTFOLIO, "      - 2023-12-14\n", ""), (PORTFOLIO, "  end: 2025-12-31", "  end: 2024-05-31")],
        id="PS805-period-over",
    ),
    # PS805: a portfolio without a period and without deliveries: nothing tells when one was due.
    pytest.param(
        [
            (PORTFOLIO, "period:\n  start: 2022-01-01\n  end: 2025-12-31\n", ""),
            (PORTFOLIO, "    delivered:\n      - 2022-12-15\n      - 2023-12-14\n", ""),
        ],
        id="PS805-no-period-no-delivery",
    ),
    # PS806: due on the as-of date is not yet past it.
    pytest.param([(PORTFOLIO, "        due: 2024-12-31", "        due: 2024-06-01")], id="PS806-due-today"),
    # PS806: exactly six months after the evaluation ended, still without a response.
    pytest.param(
        [
            (PORTFOLIO, "        response: Ett gemensamt årshjul tas fram.\n", ""),
            (PORTFOLIO, "      end: 2023-12-31", "      end: 2023-12-01"),
        ],
        id="PS806-six-months-to-the-day",
    ),
    # PS806: an accepted recommendation needs no written response.
    pytest.param(
        [(PORTFOLIO, "        response: Varje mål har fått en gemensam indikator.\n", "")],
        id="PS806-accepted-without-response",
    ),
    # PS807: external evaluation starting exactly 12 months after the start.
    pytest.param(
        [
            (PORTFOLIO, "    kind: research", "    kind: external"),
            (PORTFOLIO, "      start: 2022-09-01", "      start: 2023-01-01"),
        ],
        id="PS807-external-on-the-last-day",
    ),
    # PS807: still within the first 12 months: there is time to start one.
    pytest.param(
        [
            (PORTFOLIO, "  start: 2022-01-01", "  start: 2023-07-01"),
            (PORTFOLIO, "    kind: research", "    kind: internal"),
        ],
        id="PS807-first-year-not-over",
    ),
    # PS808: a year whose resources are given in FTEs only is skipped; exactly 60 % is allowed
    # (both in the starting point); staff paid in kind still count as amounts.
    pytest.param(
        [(PROGRAMME_A, "    payer: ks\n", "    payer: ks\n    kind: in-kind\n")],
        id="PS808-exactly-the-limit-in-kind",
    ),
    # PS809: the new organisation takes part in a project.
    pytest.param(
        [
            (
                PROGRAMME_A,
                "    type: municipal\ndecisions:",
                "    type: municipal\n  - id: polisen\n    name: Polisen\n    type: authority\ndecisions:",
            ),
            (LAMPOR_A, "partners:\n  - fritid\n", "partners:\n  - fritid\n  - polisen\n"),
        ],
        id="PS809-organisation-as-partner",
    ),
    # PS809: a shared organisation used by the other programme only.
    pytest.param(
        [
            (PROGRAMME_A, "    payer: stadsfastigheter", "    payer: ks"),
            (LAMPOR_B, "partners:\n  - fritid\n", "partners:\n  - fritid\n  - stadsfastigheter\n"),
        ],
        id="PS809-shared-organisation-used-by-another-programme",
    ),
    # PS202: the same recommendation id in two evaluations; two decisions without an id.
    pytest.param(
        [
            (
                PORTFOLIO,
                "        due: 2024-12-31\n",
                "        due: 2024-12-31\n  - id: uppfoljning-2024\n    by: Stadskontoret\n    kind: internal\n"
                "    period:\n      start: 2024-01-01\n      end: 2024-12-31\n    recommendations:\n"
                "      - id: rapportering\n        text: Samma id i en annan utvärdering.\n        status: done\n",
            ),
            (
                PROGRAMME_A,
                "    summary: Programmet startas.\n",
                "    summary: Programmet startas.\n  - date: 2022-02-01\n    body: KS\n    summary: Budget.\n",
            ),
        ],
        id="PS202-same-id-in-two-evaluations",
    ),
]


@pytest.mark.parametrize("edits", NEAR_MISSES)
def test_near_miss_stays_quiet(repo, edits):
    apply(repo, edits)
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# Whole-file cases, configuration, a programme in no portfolio, and no cascades.


def test_portfolio_without_evaluations_is_told_at_its_top(repo):
    cut_evaluations(repo)
    outcome = validate()
    assert outcome.found == [(PORTFOLIO, 1, 1, "PS807", "warning")]
    assert "'kind: research' or 'kind: external'" in outcome.message("PS807")


def test_portfolio_without_period_counts_from_its_earliest_programme(repo):
    cut_evaluations(repo)
    edit(repo / PORTFOLIO, "period:\n  start: 2022-01-01\n  end: 2025-12-31\n", "")
    # The programmes start 2022-01-01: the first year was over long before the as-of date ...
    assert [f for f in validate().found if f[3] == "PS807"] == [(PORTFOLIO, 1, 1, "PS807", "warning")]
    # ... and not yet in the middle of 2022, when there was still time.
    assert [f for f in validate(as_of="2022-06-01").found if f[3] == "PS807"] == []


def test_programme_in_no_portfolio_needs_its_own_evaluation(repo):
    def ps8(outcome: Outcome) -> list[Finding]:
        return [f for f in outcome.found if f[3].startswith("PS8")]

    programme = "minimal/programme.yaml"
    # tests/cases/minimal has an external evaluation from 2022-09-01; one 13 months late is not
    # in time.
    edit(repo / programme, "      start: 2022-09-01", "      start: 2023-02-01")
    outcome = validate("minimal")
    evaluations = next(
        i
        for i, line in enumerate((repo / programme).read_text("utf-8").splitlines(), 1)
        if line == "evaluations:"
    )
    assert ps8(outcome) == [(programme, evaluations, 1, "PS807", "warning")]
    assert "the programme's start (2022-01-01), that is by 2023-01-01" in outcome.message("PS807")
    # On the last day of the first year it is in time.
    edit(repo / programme, "      start: 2023-02-01", "      start: 2023-01-01")
    assert ps8(validate("minimal")) == []


def test_closed_programme_in_no_portfolio_is_not_asked_for_an_evaluation(repo):
    programme = "minimal/programme.yaml"
    edit(repo / programme, "    kind: external\n", "    kind: internal\n")
    edit(repo / programme, "phase: implementation", "phase: closed")
    assert [f for f in validate("minimal").found if f[3].startswith("PS8")] == []


def test_goals_and_shared_indicators_in_a_programme_in_no_portfolio(repo):
    trygghet = "minimal/benefits/trygghet.yaml"
    edit(repo / trygghet, "owner: ks\n", "owner: ks\nserves: [trygg-stad]\n")
    edit(repo / trygghet, "  - id: otrygghet\n", "  - id: otrygghet\n    shared: otrygghet\n")
    outcome = validate("minimal")
    assert outcome.found == [(trygghet, 3, 1, "PS802", "error"), (trygghet, 6, 13, "PS802", "error")]
    assert outcome.messages[0].startswith(
        "'serves' names portfolio goals, but this programme is in no portfolio"
    )
    assert outcome.messages[1].startswith("'shared' names a shared indicator of a portfolio")


@pytest.mark.parametrize(
    ("share", "expected"),
    [("0.5", [(PROGRAMME_A, 31, 11, "PS808", "warning")]), ("0.6", []), ("1", [])],
)
def test_overhead_share_max_changes_the_limit(repo, share, expected):
    (repo / CONFIG).write_text(f"overhead_share_max = {share}\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == expected
    if expected:
        assert "take 60% of the programme's resources (600,000 of 1,000,000), more than the limit of 50%" in (
            outcome.message("PS808")
        )


@pytest.mark.parametrize("value", ["0", "1.5", "true", '"60 %"', "-0.1"])
def test_bad_overhead_share_max_is_reported_on_its_line(repo, value):
    (repo / CONFIG).write_text(f"# settings\noverhead_share_max = {value}\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(CONFIG, 2, 1, "PS108", "error")]
    assert "'overhead_share_max' must be a share above 0 and at most 1" in outcome.message("PS108")


def test_a_broken_portfolio_file_does_not_cascade(repo):
    # Unreadable portfolio.yaml: its goals, shared indicators, bodies and organisations are
    # unknown, not wrong; only the syntax error is reported.
    edit(repo / PORTFOLIO, "name: Testportfölj\n", "name: [Testportfölj\n")
    outcome = validate()
    assert [f[3] for f in outcome.found] == ["PS100"]
    assert outcome.found[0][0] == PORTFOLIO


def test_an_unreadable_benefit_does_not_make_its_programme_miss_a_shared_indicator(repo):
    # The file that reports the shared indicator has a typo: only the typo is reported.
    edit(repo / TRYGGHET_B, "    shared: otrygghet", "    sharde: otrygghet")
    assert validate().found == [(TRYGGHET_B, 7, 5, "PS105", "error")]


def test_an_unreadable_project_does_not_make_a_shared_organisation_unused(repo):
    edit(repo / PROGRAMME_A, "    payer: stadsfastigheter", "    payer: ks")
    edit(repo / LAMPOR_B, "partners:\n  - fritid\n", "partners:\n  - fritid\n  - stadsfastigheter\n")
    edit(repo / LAMPOR_B, "budget:", "budjet:")
    assert validate().found == [(LAMPOR_B, 12, 1, "PS105", "error")]


def test_one_programme_of_a_portfolio_gets_its_own_findings_only(repo):
    # portfolio.yaml is read for the checks, but its own findings belong to a run on the portfolio.
    edit(repo / TRYGGHET_A, "serves:\n  - trygg-stad\n", "")
    edit(repo / PORTFOLIO, "    decided_by: start", "    decided_by: starten")
    edit(repo / PROGRAMME_A, "    payer: stadsfastigheter", "    payer: ks")
    assert validate(f"{ROOT}/stadsdel-a").found == [(TRYGGHET_A, 1, 1, "PS801", "warning")]
    assert validate().found == [
        (PORTFOLIO, 12, 9, "PS809", "warning"),
        (PORTFOLIO, 24, 17, "PS802", "error"),
        (TRYGGHET_A, 1, 1, "PS801", "warning"),
    ]


def test_messages_read_in_swedish(repo):
    edit(repo / PORTFOLIO, "      - 2023-12-14\n", "")
    edit(repo / TRYGGHET_B, "    shared: otrygghet\n", "")
    code, out = run("validate", ROOT, "--as-of", AS_OF, "--lang", "sv")
    assert code == 0
    messages = [d["msg"] for d in diagnostics(out)]
    assert messages == [
        "återrapporteringen 'Årsanalys' till 'ks' skulle ha lämnats senast 2023-12-15 men har inte "
        "lämnats sedan 2022-12-15; lägg till datumet under 'delivered' när den lämnas",
        "programmet rapporterar inte portföljens gemensamma indikator 'otrygghet' (Andel som känner "
        "sig otrygga); lägg till en indikator med 'shared: otrygghet' i någon av programmets nyttor",
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2023-12-15", 12, "2024-12-15"),
        ("2024-01-31", 1, "2024-02-29"),  # to the last day of a shorter month
        ("2023-08-31", 6, "2024-02-29"),
        ("2023-11-30", 3, "2024-02-29"),
        ("9999-06-01", 12, "9999-12-31"),  # past the calendar: never due
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_a_report_due_beyond_the_calendar_is_never_overdue(repo):
    edit(repo / PORTFOLIO, "    every_months: 12", "    every_months: 1000000000")
    assert validate() == Outcome(0, [], [])


def test_by_sex_left_out_is_taken_from_the_shared_indicator(repo):
    # Not a contradiction (no PS804): the programmes' indicators take by_sex: true from the
    # portfolio, and then owe women and men on every value (PS406).
    edit(repo / PORTFOLIO, "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n")
    outcome = validate()
    assert {f[3] for f in outcome.found} == {"PS406"}
    assert {f[0] for f in outcome.found} == {TRYGGHET_A, TRYGGHET_B}
