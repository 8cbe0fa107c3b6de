"""Every check of SPEC §4, told as a coordinator's story.

Each code is triggered by one small mistake in a copy of tests/cases/minimal (clean at
AS_OF) and must come back at the exact file, line and column, with its code, severity and
the exit code CI sees. Each code also has a near miss: an input that looks like the mistake
but is fine, and must stay quiet.

Positions are counted by hand in the edited files (1-based): a value's column is where the
value starts (`  start: 2022-01-01` → 10; `  - trygghet` → 5), a missing field is reported
on its parent mapping (its key when nested), an unknown field on its key.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import AS_OF, diagnostics, edit, run

PROGRAMME = "minimal/programme.yaml"
TRYGGHET = "minimal/benefits/trygghet.yaml"
DELAKTIGHET = "minimal/benefits/delaktighet.yaml"
BELYSNING = "minimal/gaps/belysning.yaml"
MOTESPLATS = "minimal/gaps/motesplats.yaml"
LAMPOR = "minimal/projects/lampor.yaml"
MOTE = "minimal/projects/mote.yaml"
CONFIG = "minimal/progstyr.toml"

Finding = tuple[str, int, int, str, str]
"""(path, line, column, code, severity) of one diagnostic line."""
Edit = tuple[str, str, str]
"""(file, old text, new text): one textual change to the minimal programme."""


class Outcome(NamedTuple):
    exit_code: int
    found: list[Finding]
    messages: list[str]

    def message(self, code: str) -> str:
        """The message of the (first) diagnostic with this code."""
        return next(m for f, m in zip(self.found, self.messages, strict=True) if f[3] == code)


@pytest.fixture
def repo(case, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder, holding a fresh copy of the minimal programme in `minimal/`.

    Diagnostics then print as `minimal/gaps/belysning.yaml:6:11: ...`, the way a CI job
    run at a repository's root shows them.
    """
    root = case("minimal")
    monkeypatch.chdir(root.parent)
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)
    return root.parent


def validate(*extra: str) -> Outcome:
    """`progstyr validate minimal --as-of AS_OF --lang en`, parsed."""
    code, out = run("validate", "minimal", "--as-of", AS_OF, "--lang", "en", *extra)
    parsed = diagnostics(out)
    found = [(d["path"], int(d["line"]), int(d["col"]), d["code"], d["severity"]) for d in parsed]
    return Outcome(code, found, [d["msg"] for d in parsed])


def apply(root: Path, edits: list[Edit]) -> None:
    for name, old, new in edits:
        edit(root / name, old, new)


def exit_for(expected: list[Finding]) -> int:
    """1 when any expected diagnostic is an error, 0 for warnings alone."""
    return 1 if any(f[4] == "error" for f in expected) else 0


def test_the_starting_point_is_clean(repo):
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# (a) One mistake, one diagnostic at the exact place.

TRIGGERS = [
    # PS100: a second colon on a line makes the YAML unreadable, at that colon.
    pytest.param(
        "PS100",
        [(BELYSNING, "current_state: Mörka gångstråk.", "current_state: Mörka: gångstråk.")],
        [(BELYSNING, 2, 21, "PS100", "error")],
        "put the whole text in quotes",
        id="PS100-colon-in-plain-text",
    ),
    # PS101: the priority written twice; the second one is reported.
    pytest.param(
        "PS101",
        [(BELYSNING, "priority: high\n", "priority: high\npriority: low\n")],
        [(BELYSNING, 7, 1, "PS101", "error")],
        "the field 'priority' appears twice",
        id="PS101-duplicate-top-level-key",
    ),
    pytest.param(
        "PS101",
        [(TRYGGHET, "        value: 30\n", "        value: 30\n        value: 31\n")],
        [(TRYGGHET, 19, 9, "PS101", "error")],
        "the field 'value' appears twice",
        id="PS101-duplicate-key-in-list-item",
    ),
    # PS103: a missing field is reported on its parent mapping.
    pytest.param(
        "PS103",
        [(BELYSNING, "priority: high\n", "")],
        [(BELYSNING, 1, 1, "PS103", "error")],
        "the required field 'priority' is missing",
        id="PS103-top-level",
    ),
    pytest.param(
        "PS103",
        [(PROGRAMME, "owner: ks\n", "")],
        [(PROGRAMME, 2, 1, "PS103", "error")],
        "the required field 'owner' is missing",
        id="PS103-top-level-after-comment",
    ),
    pytest.param(
        "PS103",
        [(PROGRAMME, "  start: 2022-01-01\n", "")],
        [(PROGRAMME, 5, 1, "PS103", "error")],
        "the required field 'start' is missing",
        id="PS103-nested-on-parent-key",
    ),
    pytest.param(
        "PS103",
        [(TRYGGHET, "      value: 40\n", "")],
        [(TRYGGHET, 8, 5, "PS103", "error")],
        "the required field 'value' is missing",
        id="PS103-nested-in-list-item-on-parent-key",
    ),
    pytest.param(
        "PS103",
        [(TRYGGHET, "        value: 35\n", "")],
        [(TRYGGHET, 15, 9, "PS103", "error")],
        "the required field 'value' is missing",
        id="PS103-list-item-on-its-first-line",
    ),
    # PS104: wrong type or value, on the value itself.
    pytest.param(
        "PS104",
        [(BELYSNING, "priority: high", "priority: urgent")],
        [(BELYSNING, 6, 11, "PS104", "error")],
        "'urgent' is not allowed for 'priority'; choose one of: high, medium, low",
        id="PS104-bad-enum",
    ),
    pytest.param(
        "PS104",
        [(PROGRAMME, "    type: municipal", "    type: kommunal")],
        [(PROGRAMME, 11, 11, "PS104", "error")],
        "'kommunal' is not allowed for 'type'; choose one of: municipal, authority, civil-society,",
        id="PS104-bad-enum-in-list-item",
    ),
    pytest.param(
        "PS104",
        [(DELAKTIGHET, "  - id: deltagare", "  - id: Deltagare")],
        [(DELAKTIGHET, 7, 9, "PS104", "error")],
        "'Deltagare' is not a valid id",
        id="PS104-bad-id-of-an-indicator",
    ),
    pytest.param(
        "PS104",
        [(PROGRAMME, "  - date: 2022-01-10", "  - date: 2022-01-10 09:30:00")],
        [(PROGRAMME, 16, 11, "PS104", "error")],
        "'2022-01-10T09:30:00' has a time of day",
        id="PS104-date-with-time",
    ),
    pytest.param(
        "PS104",
        [(BELYSNING, "benefits:\n  - trygghet\n", "benefits: []\n")],
        [(BELYSNING, 4, 11, "PS104", "error")],
        "'benefits' must list at least one item",
        id="PS104-gap-serving-no-benefit",
    ),
    # PS105: an unknown field is reported on its key, with the nearest known one.
    pytest.param(
        "PS105",
        [(TRYGGHET, '    unit: "%"', '    units: "%"')],
        [(TRYGGHET, 6, 5, "PS105", "error")],
        "unknown field 'units'; did you mean 'unit'?",
        id="PS105-nested-in-list-item",
    ),
    pytest.param(
        "PS105",
        [(BELYSNING, "identified: 2022-02-01", "identifed: 2022-02-01")],
        [(BELYSNING, 7, 1, "PS105", "error")],
        "unknown field 'identifed'; did you mean 'identified'?",
        id="PS105-top-level",
    ),
    # PS201: references to ids that do not exist, on the id itself.
    pytest.param(
        "PS201",
        [(LAMPOR, "owner: ks", "owner: kss")],
        [(LAMPOR, 2, 8, "PS201", "error")],
        "there is no organisation with the id 'kss'; did you mean 'ks'?",
        id="PS201-unknown-owner",
    ),
    pytest.param(
        "PS201",
        [(LAMPOR, "closes:\n  - belysning\n", "closes: [belysning, parkering]\n")],
        [(LAMPOR, 7, 21, "PS201", "error")],
        "there is no gap with the id 'parkering'",
        id="PS201-second-gap-in-flow-list",
    ),
    pytest.param(
        "PS201",
        [(LAMPOR, "  - fritid", "  - fritid\n  - polisen")],
        [(LAMPOR, 11, 5, "PS201", "error")],
        "there is no organisation with the id 'polisen'",
        id="PS201-unknown-second-partner",
    ),
    pytest.param(
        "PS201",
        [(MOTE, "  recipient: fritid", "  recipient: fritids")],
        [(MOTE, 15, 14, "PS201", "error")],
        "did you mean 'fritid'?",
        id="PS201-unknown-handover-recipient",
    ),
    pytest.param(
        "PS201",
        [(BELYSNING, "  - trygghet", "  - tryghet")],
        [(BELYSNING, 5, 5, "PS201", "error")],
        "there is no benefit with the id 'tryghet'; did you mean 'trygghet'?",
        id="PS201-unknown-benefit-in-gap",
    ),
    pytest.param(
        "PS201",
        [(DELAKTIGHET, "  - trygghet", "  - halsa")],
        [(DELAKTIGHET, 5, 5, "PS201", "error")],
        "there is no benefit with the id 'halsa'",
        id="PS201-unknown-benefit-in-contributes-to",
    ),
    pytest.param(
        "PS201",
        [(PROGRAMME, "owner: ks", "owner: stadsledningskontoret")],
        [(PROGRAMME, 3, 8, "PS201", "error")],
        "there is no organisation with the id 'stadsledningskontoret'",
        id="PS201-unknown-programme-owner",
    ),
    # PS202: duplicate ids, on the second one.
    pytest.param(
        "PS202",
        [
            (
                PROGRAMME,
                "    type: municipal\ndecisions:",
                "    type: municipal\n  - id: ks\n    name: KS igen\ndecisions:",
            )
        ],
        [(PROGRAMME, 15, 9, "PS202", "error")],
        "the organisation id 'ks' is declared twice",
        id="PS202-organisation",
    ),
    pytest.param(
        "PS202",
        [
            (
                TRYGGHET,
                "        value: 30\n",
                "        value: 30\n"
                "  - id: otrygghet\n"
                "    name: Otrygghet kvällstid\n"
                "    direction: decrease\n"
                "    baseline:\n"
                "      date: 2022-01-01\n"
                "      value: 50\n"
                "    target:\n"
                "      date: 2025-12-31\n"
                "      value: 25\n"
                "    measurements:\n"
                "      - date: 2024-01-01\n"
                "        value: 45\n",
            )
        ],
        [(TRYGGHET, 19, 9, "PS202", "error")],
        "the indicator id 'otrygghet' is used twice in this benefit",
        id="PS202-indicator",
    ),
    # PS203: the benefits map loops; reported on every member's link into the loop.
    pytest.param(
        "PS203",
        [(TRYGGHET, "owner: ks\n", "owner: ks\nlevel: intermediate\ncontributes_to:\n  - delaktighet\n")],
        [(DELAKTIGHET, 5, 5, "PS203", "error"), (TRYGGHET, 5, 5, "PS203", "error")],
        "the benefits map goes round in a circle: delaktighet → trygghet → delaktighet",
        id="PS203-two-benefit-loop",
    ),
    pytest.param(
        "PS203",
        [(DELAKTIGHET, "  - trygghet", "  - trygghet\n  - delaktighet")],
        [(DELAKTIGHET, 6, 5, "PS203", "error")],
        "delaktighet → delaktighet",
        id="PS203-contributes-to-itself",
    ),
    # PS204: a benefit on the wrong level of the map (a warning: exit 0).
    pytest.param(
        "PS204",
        [(DELAKTIGHET, "level: intermediate\n", "")],
        [(DELAKTIGHET, 3, 1, "PS204", "warning")],
        "an end benefit does not contribute to other benefits",
        id="PS204-end-benefit-contributes",
    ),
    pytest.param(
        "PS204",
        [(DELAKTIGHET, "contributes_to:\n  - trygghet\n", "")],
        [(DELAKTIGHET, 3, 8, "PS204", "warning")],
        "an intermediate benefit must contribute to another benefit",
        id="PS204-intermediate-contributes-to-nothing",
    ),
    # PS301: periods that end before they start, on the end; baseline → target on the target date.
    pytest.param(
        "PS301",
        [(LAMPOR, "  start: 2023-01-01", "  start: 2025-01-01")],
        [(LAMPOR, 6, 8, "PS301", "error")],
        "the period ends (2024-12-31) before it starts (2025-01-01)",
        id="PS301-project-period",
    ),
    pytest.param(
        "PS301",
        [(TRYGGHET, "      date: 2025-12-31", "      date: 2021-12-31")],
        [(TRYGGHET, 12, 13, "PS301", "error")],
        "the target date (2021-12-31) is before the baseline date (2022-01-01)",
        id="PS301-target-before-baseline",
    ),
    # PS302: project period outside the programme's, on the project's `period:` key.
    pytest.param(
        "PS302",
        [(LAMPOR, "  start: 2023-01-01", "  start: 2021-06-01")],
        [(LAMPOR, 4, 1, "PS302", "warning")],
        "the project period 2021-06-01 to 2024-12-31 lies outside the programme period "
        "2022-01-01 to 2025-12-31",
        id="PS302-starts-before-programme",
    ),
    pytest.param(
        "PS302",
        [(LAMPOR, "  end: 2024-12-31", "  end: 2026-01-01")],
        [(LAMPOR, 4, 1, "PS302", "warning")],
        "lies outside the programme period",
        id="PS302-ends-after-programme",
    ),
    # PS303: dated after the as-of date (a typo in the year), on that date.
    pytest.param(
        "PS303",
        [
            (
                TRYGGHET,
                "        value: 30\n",
                "        value: 30\n      - date: 2024-06-02\n        value: 28\n",
            )
        ],
        [(TRYGGHET, 19, 15, "PS303", "error")],
        "this measurement is dated 2024-06-02, after today (2024-06-01)",
        id="PS303-measurement",
    ),
    pytest.param(
        "PS303",
        [(LAMPOR, "  - date: 2024-05-01", "  - date: 2042-05-01")],
        [(LAMPOR, 22, 11, "PS303", "error")],
        "this status update is dated 2042-05-01, after today (2024-06-01)",
        id="PS303-status",
    ),
    # PS304: series out of order, on the entry that breaks the order.
    pytest.param(
        "PS304",
        [(TRYGGHET, "      - date: 2023-01-01", "      - date: 2024-02-01")],
        [(TRYGGHET, 17, 15, "PS304", "error")],
        "measurements are out of date order: 2024-01-01 comes after 2024-02-01",
        id="PS304-measurements-out-of-order",
    ),
    pytest.param(
        "PS304",
        [(TRYGGHET, "      - date: 2023-01-01", "      - date: 2024-01-01")],
        [(TRYGGHET, 17, 15, "PS304", "error")],
        "two measurements on the same date (2024-01-01)",
        id="PS304-measurements-same-date",
    ),
    pytest.param(
        "PS304",
        [(LAMPOR, "  - date: 2024-01-15", "  - date: 2024-05-15")],
        [(LAMPOR, 22, 11, "PS304", "error")],
        "status updates are out of date order: 2024-05-01 comes after 2024-05-15",
        id="PS304-status-out-of-order",
    ),
    pytest.param(
        "PS304",
        [(LAMPOR, "  - date: 2024-01-15", "  - date: 2024-05-01")],
        [(LAMPOR, 22, 11, "PS304", "error")],
        "two status updates on the same date (2024-05-01)",
        id="PS304-status-same-date",
    ),
    # PS402: an indicator without baseline or target, on the indicator's id.
    pytest.param(
        "PS402",
        [(TRYGGHET, "    target:\n      date: 2025-12-31\n      value: 20\n", "")],
        [(TRYGGHET, 4, 9, "PS402", "error")],
        "the indicator 'otrygghet' has no target",
        id="PS402-no-target",
    ),
    pytest.param(
        "PS402",
        [(TRYGGHET, "    baseline:\n      date: 2022-01-01\n      value: 40\n", "")],
        [(TRYGGHET, 4, 9, "PS402", "error")],
        "the indicator 'otrygghet' has no baseline",
        id="PS402-no-baseline",
    ),
    pytest.param(
        "PS402",
        [
            (
                TRYGGHET,
                "    baseline:\n      date: 2022-01-01\n      value: 40\n"
                "    target:\n      date: 2025-12-31\n      value: 20\n",
                "",
            )
        ],
        [(TRYGGHET, 4, 9, "PS402", "error")],
        "the indicator 'otrygghet' has neither baseline nor target",
        id="PS402-neither",
    ),
    # PS403: a target on the wrong side of the baseline, on the target value.
    pytest.param(
        "PS403",
        [(TRYGGHET, "      value: 20", "      value: 50")],
        [(TRYGGHET, 13, 14, "PS403", "error")],
        "the target 50 does not decrease from the baseline 40",
        id="PS403-decrease-target-above-baseline",
    ),
    pytest.param(
        "PS403",
        [(DELAKTIGHET, "      value: 100", "      value: 10")],
        [(DELAKTIGHET, 15, 14, "PS403", "error")],
        "the target 10 does not increase from the baseline 10",
        id="PS403-increase-target-equals-baseline",
    ),
    # PS404: not measured in the last 12 months while in implementation, on the indicator id.
    pytest.param(
        "PS404",
        [(DELAKTIGHET, "      - date: 2023-09-01", "      - date: 2023-05-31")],
        [(DELAKTIGHET, 7, 9, "PS404", "warning")],
        "the indicator 'deltagare' has not been measured in the last 12 months (latest 2023-05-31)",
        id="PS404-stale",
    ),
    pytest.param(
        "PS404",
        [
            (DELAKTIGHET, "      date: 2022-01-01", "      date: 2024-07-01"),
            (DELAKTIGHET, "    measurements:\n      - date: 2023-09-01\n        value: 50\n", ""),
        ],
        [(DELAKTIGHET, 7, 9, "PS404", "warning")],
        "the indicator 'deltagare' has never been measured",
        id="PS404-never-measured",
    ),
    # PS406: an indicator reported by sex lacks women or men: on the baseline/target key, or on
    # the measurement's first line (where its mapping starts).
    pytest.param(
        "PS406",
        [(TRYGGHET, "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n")],
        [
            (TRYGGHET, 9, 5, "PS406", "error"),
            (TRYGGHET, 12, 5, "PS406", "error"),
            (TRYGGHET, 16, 9, "PS406", "error"),
            (TRYGGHET, 18, 9, "PS406", "error"),
        ],
        "the indicator 'otrygghet' is reported by sex (by_sex: true), but its baseline of 2022-01-01 gives neither 'women' nor 'men'",
        id="PS406-by-sex-without-women-and-men",
    ),
    pytest.param(
        "PS406",
        [
            (TRYGGHET, "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n"),
            (
                TRYGGHET,
                "      date: 2022-01-01\n      value: 40\n",
                "      date: 2022-01-01\n      value: 40\n      women: 44\n      men: 36\n",
            ),
            (
                TRYGGHET,
                "      date: 2025-12-31\n      value: 20\n",
                "      date: 2025-12-31\n      value: 20\n      women: 22\n      men: 18\n",
            ),
            (
                TRYGGHET,
                "      - date: 2023-01-01\n        value: 35\n",
                "      - date: 2023-01-01\n        value: 35\n        women: 38\n        men: 32\n",
            ),
            (
                TRYGGHET,
                "      - date: 2024-01-01\n        value: 30\n",
                "      - date: 2024-01-01\n        value: 30\n        women: 33\n",
            ),
        ],
        [(TRYGGHET, 24, 9, "PS406", "error")],
        "the indicator 'otrygghet' is reported by sex (by_sex: true), but its measurement of 2024-01-01 has no 'men'",
        id="PS406-one-measurement-without-men",
    ),
    # PS501: a project that closes no gap, on its `closes` key (its gap loses its only project).
    pytest.param(
        "PS501",
        [(LAMPOR, "closes:\n  - belysning\n", "closes: []\n")],
        [(BELYSNING, 6, 11, "PS502", "warning"), (LAMPOR, 7, 1, "PS501", "error")],
        "this project closes no gap",
        id="PS501-empty-closes",
    ),
    # PS502: the high-priority gap's only project is still being planned, on its priority.
    pytest.param(
        "PS502",
        [(LAMPOR, "phase: execution", "phase: planning")],
        [(BELYSNING, 6, 11, "PS502", "warning")],
        "high-priority gap with no project in execution or delivered",
        id="PS502-only-planned",
    ),
    # PS503: no gap serves a benefit (reported at the top of the benefit file).
    pytest.param(
        "PS503",
        [(MOTESPLATS, "  - delaktighet", "  - trygghet")],
        [(DELAKTIGHET, 1, 1, "PS503", "warning")],
        "no gap serves this benefit",
        id="PS503-benefit-without-gap",
    ),
    # PS504: gap marked closed, but its project was cancelled; on the status value.
    pytest.param(
        "PS504",
        [(MOTE, "phase: completed", "phase: cancelled")],
        [(MOTESPLATS, 8, 9, "PS504", "error")],
        "the gap is marked closed, but no completed or handed-over project closes it",
        id="PS504-closed-gap-cancelled-project",
    ),
    # PS601-PS603: handover and closing, on the project's phase.
    pytest.param(
        "PS601",
        [(MOTE, "handover:\n  recipient: fritid\n  date: 2023-12-31\n", "")],
        [(MOTE, 3, 8, "PS601", "error")],
        "the project is completed but names no handover recipient",
        id="PS601-completed-without-recipient",
    ),
    pytest.param(
        "PS602",
        [(PROGRAMME, "phase: implementation", "phase: closing")],
        [(LAMPOR, 3, 8, "PS602", "error")],
        "the programme is closing: this project (in execution) needs a handover recipient",
        id="PS602-closing-programme-executing-project",
    ),
    pytest.param(
        "PS603",
        [(PROGRAMME, "phase: implementation", "phase: closed")],
        [(LAMPOR, 3, 8, "PS603", "error")],
        "the programme is closed, but this project is still in execution",
        id="PS603-closed-programme-executing-project",
    ),
    pytest.param(
        "PS603",
        [
            (PROGRAMME, "phase: implementation", "phase: closed"),
            (LAMPOR, "phase: execution", "phase: planning"),
        ],
        [(BELYSNING, 6, 11, "PS502", "warning"), (LAMPOR, 3, 8, "PS603", "error")],
        "the programme is closed, but this project is still in planning",
        id="PS603-closed-programme-planning-project",
    ),
    # PS604: the latest status of a project in execution is 91 days old (limit 90).
    pytest.param(
        "PS604",
        [(LAMPOR, "  - date: 2024-05-01", "  - date: 2024-03-02")],
        [(LAMPOR, 22, 11, "PS604", "warning")],
        "the latest status update is 91 days old (2024-03-02); the limit is 90 days",
        id="PS604-stale-status",
    ),
    pytest.param(
        "PS604",
        [
            (
                LAMPOR,
                "status:\n  - date: 2024-01-15\n    overall: green\n  - date: 2024-05-01\n"
                "    overall: amber\n    comment: Leveransen är försenad.\n",
                "",
            )
        ],
        [(LAMPOR, 3, 8, "PS604", "warning")],
        "the project is in execution but has no status update",
        id="PS604-no-status",
    ),
    # PS605: past its end date but still in execution, on the end date.
    pytest.param(
        "PS605",
        [(LAMPOR, "  end: 2024-12-31", "  end: 2024-05-31")],
        [(LAMPOR, 6, 8, "PS605", "warning")],
        "the project ended 2024-05-31 but is still in execution",
        id="PS605-past-end",
    ),
    # PS606: a milestone past its date and not done, on its date.
    pytest.param(
        "PS606",
        [(LAMPOR, "    date: 2024-10-01", "    date: 2024-05-31")],
        [(LAMPOR, 30, 11, "PS606", "warning")],
        "the milestone 'Belysning på plats' was due 2024-05-31 and is not done",
        id="PS606-late-milestone",
    ),
    pytest.param(
        "PS606",
        [(LAMPOR, "    done: true", "    done: false")],
        [(LAMPOR, 27, 11, "PS606", "warning")],
        "the milestone 'Upphandling klar' was due 2023-06-01 and is not done",
        id="PS606-explicitly-not-done",
    ),
    # PS701: funding does not add up, on the `funding` key.
    pytest.param(
        "PS701",
        [(LAMPOR, "amount: 600000", "amount: 600001")],
        [(LAMPOR, 14, 3, "PS701", "error")],
        "the funding adds up to 1000001, but the budget total is 1000000",
        id="PS701-one-krona-too-much",
    ),
    pytest.param(
        "PS701",
        [(LAMPOR, "      amount: 400000", "      amount: 399999.5")],
        [(LAMPOR, 14, 3, "PS701", "error")],
        "the funding adds up to 999999.5, but the budget total is 1000000",
        id="PS701-half-a-krona-short",
    ),
    # PS702: spent exceeds the total, on the spent value.
    pytest.param(
        "PS702",
        [(LAMPOR, "  spent: 400000", "  spent: 1000001")],
        [(LAMPOR, 13, 10, "PS702", "warning")],
        "spent (1000001) exceeds the budget total (1000000)",
        id="PS702-overspent",
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

NEAR_MISSES = [
    pytest.param(
        # women and men everywhere an indicator is reported by sex: no PS406
        [
            (TRYGGHET, "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n"),
            (TRYGGHET, "      value: 40\n", "      value: 40\n      women: 44\n      men: 36\n"),
            (TRYGGHET, "      value: 20\n", "      value: 20\n      women: 22\n      men: 18\n"),
            (TRYGGHET, "        value: 35\n", "        value: 35\n        women: 38\n        men: 32\n"),
            (TRYGGHET, "        value: 30\n", "        value: 30\n        women: 33\n        men: 27\n"),
        ],
        id="PS406-complete",
    ),
    pytest.param(
        [(BELYSNING, "current_state: Mörka gångstråk.", 'current_state: "Mörka: gångstråk."')],
        id="PS100-quoted-colon",
    ),
    pytest.param(
        [
            (
                LAMPOR,
                "    - source: Kommunstyrelsen\n      amount: 600000",
                "    - {source: Anslag 1:1, amount: 600000}",
            )
        ],
        id="PS100-flow-mapping-the-C-parser-rejects",
    ),
    pytest.param(
        [(LAMPOR, "owner: ks\n", "owner: ks\ncontact:\n  name: Anna Svensson\n")],
        id="PS101-same-key-in-a-nested-mapping",
    ),
    pytest.param(
        [(BELYSNING, "name: Otrygga stråk", "---\n# Gapet från trygghetsvandringen\nname: Otrygga stråk")],
        id="PS102-document-marker-and-comment-first",
    ),
    pytest.param([(BELYSNING, "identified: 2022-02-01\n", "")], id="PS103-optional-field-left-out"),
    pytest.param(
        [(TRYGGHET, "      - date: 2024-01-01", '      - date: "2024-01-01"')],
        id="PS104-quoted-iso-date",
    ),
    pytest.param(
        [(LAMPOR, "  spent: 400000", "  spent: 0")],
        id="PS104-zero-amount",
    ),
    pytest.param(
        [
            (
                BELYSNING,
                "name: Otrygga stråk\n",
                "name: Otrygga stråk\ndescription: Gångstråk utan belysning.\n",
            )
        ],
        id="PS105-known-optional-field",
    ),
    pytest.param(
        [(BELYSNING, "name: Otrygga stråk", 'name: "Otrygga stråk & mörka gränder"')],
        id="PS107-ampersand-in-quoted-text",
    ),
    pytest.param(
        [(LAMPOR, "  - belysning\n", "  - belysning\n  - motesplats\n")],
        id="PS201-closes-two-known-gaps",
    ),
    pytest.param(
        [(DELAKTIGHET, "  - id: deltagare", "  - id: otrygghet")],
        id="PS202-same-indicator-id-in-two-benefits",
    ),
    pytest.param(
        [(TRYGGHET, "owner: ks\n", "owner: ks\nlevel: end\n")],
        id="PS204-explicit-end-benefit-contributing-to-nothing",
    ),
    pytest.param(
        [(LAMPOR, "  start: 2023-01-01\n  end: 2024-12-31", "  start: 2024-12-31\n  end: 2024-12-31")],
        id="PS301-one-day-period",
    ),
    pytest.param(
        [(TRYGGHET, "      date: 2025-12-31", "      date: 2022-01-01")],
        id="PS301-target-on-baseline-date",
    ),
    pytest.param(
        [(LAMPOR, "  start: 2023-01-01\n  end: 2024-12-31", "  start: 2022-01-01\n  end: 2025-12-31")],
        id="PS302-project-spans-exactly-the-programme",
    ),
    pytest.param(
        [(TRYGGHET, "      - date: 2024-01-01", f"      - date: {AS_OF}")],
        id="PS303-measurement-dated-on-as-of",
    ),
    pytest.param(
        [(LAMPOR, "  - date: 2024-05-01", f"  - date: {AS_OF}")],
        id="PS303-status-dated-on-as-of",
    ),
    pytest.param(
        [(TRYGGHET, "      - date: 2023-01-01", "      - date: 2023-12-31")],
        id="PS304-measurements-on-consecutive-days",
    ),
    pytest.param(
        [(TRYGGHET, "      value: 20", "      value: 39.5")],
        id="PS403-target-just-below-baseline-for-decrease",
    ),
    pytest.param(
        [(DELAKTIGHET, "      - date: 2023-09-01", "      - date: 2023-06-01")],
        id="PS404-measured-exactly-twelve-months-ago",
    ),
    pytest.param(
        [
            (PROGRAMME, "phase: implementation", "phase: definition"),
            (DELAKTIGHET, "      - date: 2023-09-01", "      - date: 2020-01-01"),
            (DELAKTIGHET, "      date: 2022-01-01", "      date: 2019-01-01"),
        ],
        id="PS404-programme-in-definition-phase",
    ),
    pytest.param(
        [(BELYSNING, "benefits:\n  - trygghet", "benefits:\n  - delaktighet")],
        id="PS503-end-benefit-served-through-intermediate",
    ),
    pytest.param(
        [(MOTE, "phase: completed", "phase: handed-over")],
        id="PS504-closed-gap-with-handed-over-project",
    ),
    pytest.param(
        [
            (PROGRAMME, "phase: implementation", "phase: closing"),
            (LAMPOR, "milestones:", "handover:\n  recipient: ks\nmilestones:"),
        ],
        id="PS602-closing-programme-project-has-recipient",
    ),
    pytest.param(
        [
            (PROGRAMME, "phase: implementation", "phase: closed"),
            (LAMPOR, "phase: execution", "phase: completed"),
            (LAMPOR, "milestones:", "handover:\n  recipient: ks\nmilestones:"),
        ],
        id="PS603-closed-programme-projects-delivered",
    ),
    pytest.param(
        [(LAMPOR, "  - date: 2024-05-01", "  - date: 2024-03-03")],
        id="PS604-status-exactly-90-days-old",
    ),
    pytest.param(
        [(MOTE, "  - date: 2023-12-15", "  - date: 2020-01-01")],
        id="PS604-old-status-of-a-completed-project",
    ),
    pytest.param(
        [(LAMPOR, "  end: 2024-12-31", f"  end: {AS_OF}")],
        id="PS605-project-ends-on-as-of",
    ),
    pytest.param(
        [(LAMPOR, "    date: 2024-10-01", f"    date: {AS_OF}")],
        id="PS606-milestone-due-on-as-of",
    ),
    pytest.param(
        [
            (LAMPOR, "  total: 1000000", "  total: 1000000.3"),
            (LAMPOR, "amount: 600000", "amount: 600000.1"),
            (LAMPOR, "amount: 400000", "amount: 400000.2"),
        ],
        id="PS701-decimals-that-sum-exactly",
    ),
    pytest.param(
        [(LAMPOR, "  spent: 400000", "  spent: 1000000")],
        id="PS702-spent-equals-total",
    ),
]


@pytest.mark.parametrize("edits", NEAR_MISSES)
def test_near_miss_stays_quiet(repo, edits):
    apply(repo, edits)
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# The nested values: reported on the value's own line and column.


def test_unknown_second_gap_in_closes_is_reported_on_its_own_line(repo):
    edit(repo / LAMPOR, "  - belysning\n", "  - belysning\n  - parkering\n")
    outcome = validate()
    assert outcome.found == [(LAMPOR, 9, 5, "PS201", "error")]
    assert "there is no gap with the id 'parkering'" in outcome.message("PS201")
    assert outcome.exit_code == 1


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("2015-13-45", "'2015-13-45' is not a real date"),
        ("2023-02-30", "'2023-02-30' is not a real date"),
        ("last spring", "'last spring' is not a date; write it as YYYY-MM-DD"),
        ("2024", "'2024' is not a date"),
    ],
)
def test_bad_measurement_date_is_reported_on_that_date(repo, written, fragment):
    # The second measurement of trygghet, line 17: `      - date: 2024-01-01` → the value at column 15.
    edit(repo / TRYGGHET, "      - date: 2024-01-01", f"      - date: {written}")
    outcome = validate()
    assert outcome.found == [(TRYGGHET, 17, 15, "PS104", "error")]
    assert fragment in outcome.message("PS104")
    assert outcome.exit_code == 1


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("-5", "'amount' must be 0 or more, not -5"),
        ("1 000", "'1 000' is not a number"),
        ("400 000 kr", "'400 000 kr' is not a number"),
        (".nan", "is not a number"),
    ],
)
def test_bad_funding_amount_is_reported_on_that_amount(repo, written, fragment):
    # The second funding of lampor, line 18: `      amount: 400000` → the value at column 15.
    edit(repo / LAMPOR, "      amount: 400000", f"      amount: {written}")
    outcome = validate()
    assert [f for f in outcome.found if f[0] == LAMPOR] == [(LAMPOR, 18, 15, "PS104", "error")]
    assert fragment in outcome.message("PS104")
    # ... and nothing else: lampor is still in execution, its gap is still covered.
    assert outcome.found == [(LAMPOR, 18, 15, "PS104", "error")]
    assert outcome.exit_code == 1


def test_typo_in_a_project_file_is_reported_once(repo):
    # One typo, one line: the project is still in execution, so its high-priority gap must
    # not be reported as uncovered because the file around the typo failed validation.
    edit(repo / LAMPOR, "  spent: 400000", "  spend: 400000")
    outcome = validate()
    assert [f for f in outcome.found if f[0] == LAMPOR] == [(LAMPOR, 13, 3, "PS105", "error")]
    assert "unknown field 'spend'; did you mean 'spent'?" in outcome.message("PS105")
    assert outcome.found == [(LAMPOR, 13, 3, "PS105", "error")]
    assert outcome.exit_code == 1


def test_typo_in_a_delivered_project_does_not_reopen_its_gap(repo):
    edit(repo / MOTE, "  date: 2023-12-31\n", "  date: 2023-12-31 12:00:00\n")
    outcome = validate()
    assert [f for f in outcome.found if f[0] == MOTE] == [(MOTE, 16, 9, "PS104", "error")]
    assert "'2023-12-31T12:00:00' has a time of day" in outcome.message("PS104")
    assert outcome.found == [(MOTE, 16, 9, "PS104", "error")]
    assert outcome.exit_code == 1


@pytest.mark.parametrize("args", [("validate", "."), ("validate",)], ids=["dot", "default-path"])
def test_checking_from_inside_the_programme_folder(repo, monkeypatch, args):
    # A coordinator in the programme folder runs `progstyr validate` (PATH defaults to .).
    monkeypatch.chdir(repo / "minimal")
    code, out = run(*args, "--as-of", AS_OF, "--lang", "en")
    assert diagnostics(out) == []
    assert code == 0


# ---------------------------------------------------------------------------------------
# PS102, PS106, PS107: whole files that cannot be read as a programme file.


def test_empty_file(repo):
    (repo / BELYSNING).write_text("", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(BELYSNING, 1, 1, "PS102", "error")]
    assert "the file is empty; it must hold the fields of the gap" in outcome.message("PS102")
    assert outcome.exit_code == 1


def test_comments_only_is_an_empty_file(repo):
    (repo / BELYSNING).write_text("# Skrivs efter trygghetsvandringen.\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(BELYSNING, 1, 1, "PS102", "error")]
    assert outcome.exit_code == 1


def test_file_that_is_a_list_not_a_mapping(repo):
    (repo / BELYSNING).write_text(
        "# Gapet, skrivet som lista av misstag\n- name: Otrygga stråk\n", encoding="utf-8"
    )
    outcome = validate()
    assert outcome.found == [(BELYSNING, 2, 1, "PS102", "error")]
    assert "not a list or a single value" in outcome.message("PS102")
    assert outcome.exit_code == 1


def test_yaml_file_outside_the_known_folders(repo):
    (repo / "minimal" / "anteckningar.yaml").write_text("name: Minnesanteckningar\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [("minimal/anteckningar.yaml", 1, 1, "PS106", "error")]
    assert "outside the known folders" in outcome.message("PS106")
    assert outcome.exit_code == 1


def test_file_name_that_is_not_a_valid_id(repo):
    text = (repo / BELYSNING).read_text(encoding="utf-8").replace("priority: high", "priority: low")
    (repo / "minimal" / "gaps" / "Ny_gata.yaml").write_text(text, encoding="utf-8")
    outcome = validate()
    assert outcome.found == [("minimal/gaps/Ny_gata.yaml", 1, 1, "PS106", "error")]
    assert "the file name 'Ny_gata.yaml' is not a valid id" in outcome.message("PS106")
    assert outcome.exit_code == 1


def test_two_files_with_the_same_id(repo):
    text = (repo / BELYSNING).read_text(encoding="utf-8").replace("priority: high", "priority: low")
    (repo / "minimal" / "gaps" / "belysning.yml").write_text(text, encoding="utf-8")
    outcome = validate()
    assert outcome.found == [("minimal/gaps/belysning.yml", 1, 1, "PS106", "error")]
    assert "another file has the same id ('belysning')" in outcome.message("PS106")
    assert outcome.exit_code == 1


def test_valid_file_name_with_yml_suffix_is_fine(repo):
    text = (repo / BELYSNING).read_text(encoding="utf-8").replace("priority: high", "priority: low")
    (repo / "minimal" / "gaps" / "ny-gata-2.yml").write_text(text, encoding="utf-8")
    assert validate() == Outcome(0, [], [])


def test_file_saved_as_latin_1(repo):
    # `name: Otrygga stråk`: the å (one byte in Latin-1) is the 18th character of line 1.
    text = (repo / BELYSNING).read_text(encoding="utf-8")
    (repo / BELYSNING).write_bytes(text.encode("latin-1"))
    outcome = validate()
    assert outcome.found == [(BELYSNING, 1, 18, "PS107", "error")]
    assert "not UTF-8" in outcome.message("PS107")
    assert outcome.exit_code == 1


def test_binary_file(repo):
    (repo / BELYSNING).write_bytes(b"name: Otrygga\n\x00\x01\x02")
    outcome = validate()
    assert outcome.found == [(BELYSNING, 2, 1, "PS107", "error")]
    assert "binary data" in outcome.message("PS107")
    assert outcome.exit_code == 1


def test_anchor_is_refused(repo):
    edit(repo / BELYSNING, "priority: high", "priority: &prio high")
    outcome = validate()
    assert outcome.found == [(BELYSNING, 6, 11, "PS107", "error")]
    assert "anchors (&name) are not allowed" in outcome.message("PS107")
    assert outcome.exit_code == 1


def test_utf8_file_with_byte_order_mark_is_fine(repo):
    text = (repo / BELYSNING).read_text(encoding="utf-8")
    (repo / BELYSNING).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# PS203 near miss: a diamond in the benefits map is not a circle.

SAMVERKAN = """\
name: Samverkan
owner: fritid
level: intermediate
contributes_to:
  - delaktighet
  - trygghet
indicators:
  - id: aktorer
    name: Aktörer i samverkan
    direction: increase
    baseline:
      date: 2022-01-01
      value: 3
    target:
      date: 2025-12-31
      value: 12
    measurements:
      - date: 2024-03-01
        value: 7
"""


def test_benefit_feeding_two_benefits_is_no_cycle(repo):
    # samverkan → delaktighet → trygghet and samverkan → trygghet: two paths, no loop;
    # an intermediate benefit with contributes_to is also exactly right (PS204 quiet).
    (repo / "minimal" / "benefits" / "samverkan.yaml").write_text(SAMVERKAN, encoding="utf-8")
    edit(repo / MOTESPLATS, "  - delaktighet\n", "  - delaktighet\n  - samverkan\n")
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# PS401 and PS402 depend on the programme's phase.


def test_benefit_without_indicator_is_an_error_during_implementation(repo):
    (repo / TRYGGHET).write_text("name: Trygghet\nowner: ks\nindicators: []\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(TRYGGHET, 3, 1, "PS401", "error")]
    assert "this benefit has no indicator" in outcome.message("PS401")
    assert outcome.exit_code == 1


def test_benefit_without_indicators_key_is_reported_at_the_top(repo):
    (repo / TRYGGHET).write_text("name: Trygghet\nowner: ks\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(TRYGGHET, 1, 1, "PS401", "error")]
    assert outcome.exit_code == 1


def test_benefit_without_indicator_is_a_warning_in_definition_phase(repo):
    edit(repo / PROGRAMME, "phase: implementation", "phase: definition")
    (repo / TRYGGHET).write_text("name: Trygghet\nowner: ks\nindicators: []\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(TRYGGHET, 3, 1, "PS401", "warning")]
    assert outcome.exit_code == 0


@pytest.mark.parametrize(("phase", "severity"), [("definition", "warning"), ("closing", "error")])
def test_indicator_without_target_depends_on_phase(repo, phase, severity):
    edit(repo / PROGRAMME, "phase: implementation", f"phase: {phase}")
    edit(repo / TRYGGHET, "    target:\n      date: 2025-12-31\n      value: 20\n", "")
    if phase == "closing":  # the running project has its recipient, so only PS402 speaks
        edit(repo / LAMPOR, "milestones:", "handover:\n  recipient: ks\nmilestones:")
    outcome = validate()
    assert outcome.found == [(TRYGGHET, 4, 9, "PS402", severity)]
    assert outcome.exit_code == (1 if severity == "error" else 0)


# ---------------------------------------------------------------------------------------
# PS502: which project phases cover a high-priority gap.


@pytest.mark.parametrize(
    ("phase", "covered"),
    [
        ("proposed", False),
        ("pre-study", False),
        ("planning", False),
        ("cancelled", False),
        ("execution", True),
        ("completed", True),
        ("handed-over", True),
    ],
)
def test_high_priority_gap_needs_active_or_delivered_project(repo, phase, covered):
    edit(repo / LAMPOR, "phase: execution", f"phase: {phase}")
    if phase in ("completed", "handed-over"):  # delivered work names its recipient (PS601)
        edit(repo / LAMPOR, "milestones:", "handover:\n  recipient: ks\nmilestones:")
    outcome = validate()
    expected = [] if covered else [(BELYSNING, 6, 11, "PS502", "warning")]
    assert outcome.found == expected
    assert outcome.exit_code == 0


def test_cancelled_project_may_close_no_gap(repo):
    # No PS501 for a cancelled project; its gap, now without work, gets PS502.
    edit(repo / LAMPOR, "phase: execution", "phase: cancelled")
    edit(repo / LAMPOR, "closes:\n  - belysning\n", "closes: []\n")
    outcome = validate()
    assert outcome.found == [(BELYSNING, 6, 11, "PS502", "warning")]
    assert outcome.exit_code == 0


def test_handed_over_project_with_recipient_is_fine(repo):
    edit(repo / MOTE, "phase: completed", "phase: handed-over")
    assert validate() == Outcome(0, [], [])


# ---------------------------------------------------------------------------------------
# Configuration: progstyr.toml or [tool.progstyr] in pyproject.toml.


def end_lampor_early(root: Path) -> None:
    """lampor ended 2024-05-31 but is still in execution: PS605, a warning, at line 6 column 8."""
    edit(root / LAMPOR, "  end: 2024-12-31", "  end: 2024-05-31")


def test_past_end_is_a_warning_by_default(repo):
    end_lampor_early(repo)
    assert validate().found == [(LAMPOR, 6, 8, "PS605", "warning")]
    assert validate().exit_code == 0
    assert validate("--strict").exit_code == 1


def test_ignore_removes_a_warning(repo):
    end_lampor_early(repo)
    (repo / CONFIG).write_text('ignore = ["PS605"]\n', encoding="utf-8")
    assert validate() == Outcome(0, [], [])


def test_severity_turns_a_warning_into_an_error(repo):
    end_lampor_early(repo)
    (repo / CONFIG).write_text('severity = {PS605 = "error"}\n', encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(LAMPOR, 6, 8, "PS605", "error")]
    assert outcome.exit_code == 1


def test_severity_can_turn_an_error_into_a_warning(repo):
    edit(repo / LAMPOR, "amount: 600000", "amount: 600001")
    (repo / CONFIG).write_text('[severity]\nPS701 = "warning"\n', encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(LAMPOR, 14, 3, "PS701", "warning")]
    assert outcome.exit_code == 0


def test_pyproject_tool_section_is_read(repo):
    end_lampor_early(repo)
    (repo / "pyproject.toml").write_text('[tool.progstyr]\nignore = ["PS605"]\n', encoding="utf-8")
    assert validate() == Outcome(0, [], [])


@pytest.mark.parametrize(("days", "expected"), [(30, [(LAMPOR, 22, 11, "PS604", "warning")]), (31, [])])
def test_stale_status_days_changes_the_limit(repo, days, expected):
    # lampor's latest status is 2024-05-01: 31 days before the as-of date.
    (repo / CONFIG).write_text(f"stale_status_days = {days}\n", encoding="utf-8")
    outcome = validate()
    assert outcome.found == expected
    if expected:
        assert (
            "the latest status update is 31 days old (2024-05-01); the limit is 30 days"
            in outcome.message("PS604")
        )
    assert outcome.exit_code == 0


@pytest.mark.parametrize(
    ("toml", "line", "col"),
    [
        # the value after `stale_status_days = ` is missing: where it should start
        ('# progstyr settings\nignore = ["PS605"]\nstale_status_days = \n', 3, 21),
        # a code without quotes: on the code
        ("ignore = [PS605]\n", 1, 11),
    ],
)
def test_broken_configuration_is_reported_on_its_line(repo, toml, line, col):
    (repo / CONFIG).write_text(toml, encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(CONFIG, line, col, "PS108", "error")]
    assert "the configuration is not valid TOML: Invalid value" in outcome.message("PS108")
    assert outcome.exit_code == 1


@pytest.mark.parametrize(
    ("toml", "line", "col", "fragment"),
    [
        ("ignore = []\nstale_days = 30\n", 2, 1, "unknown setting 'stale_days'"),
        ("# comment\nstale_status_days = 0\n", 2, 1, "'stale_status_days' must be a whole number of days"),
        ('ignore = ["PS999"]\n', 1, 1, "unknown code 'PS999' in 'ignore'"),
        (
            '# comment\nseverity = {PS605 = "fatal"}\n',
            2,
            1,
            'the severity of PS605 must be "error" or "warning"',
        ),
        # a blank line before the setting must not move the position
        ('\n\nseverity = {PS605 = "fatal"}\n', 3, 1, 'the severity of PS605 must be "error" or "warning"'),
        ("ignore = []\n\nstale_days = 30\n", 3, 1, "unknown setting 'stale_days'"),
    ],
)
def test_bad_setting_is_reported_on_its_line(repo, toml, line, col, fragment):
    (repo / CONFIG).write_text(toml, encoding="utf-8")
    outcome = validate()
    assert outcome.found == [(CONFIG, line, col, "PS108", "error")]
    assert fragment in outcome.message("PS108")
    assert outcome.exit_code == 1


def test_valid_configuration_is_quiet(repo):
    (repo / CONFIG).write_text(
        '# progstyr settings\nignore = []\nstale_status_days = 90\nlanguage = "en"\n', encoding="utf-8"
    )
    assert validate() == Outcome(0, [], [])


def test_a_cycle_is_seen_from_every_member_and_from_the_file_that_closed_it(repo):
    """Issue: validating only the file that closed a loop said "No problems found"."""
    edit(repo / TRYGGHET, "owner: ks\n", "owner: ks\nlevel: intermediate\ncontributes_to:\n  - delaktighet\n")
    code, out = run("validate", str(repo / TRYGGHET), "--as-of", AS_OF)
    assert code == 1
    found = [d for d in diagnostics(out) if d["code"] == "PS203"]
    assert [(d["path"].rsplit("/", 2)[-2:], d["line"]) for d in found] == [
        (["benefits", "trygghet.yaml"], "5")
    ]
    assert "trygghet → delaktighet → trygghet" in found[0]["msg"]


def test_a_long_cycle_is_told_briefly_to_each_member():
    from progstyr.checks.references import _shown_cycle

    ring = [f"b{i}" for i in range(12)] + ["b0"]
    assert _shown_cycle(ring) == "b0 → b1 → b2 → b3 → … (12) → b10 → b11 → b0"
    assert _shown_cycle(["a", "b", "a"]) == "a → b → a"
