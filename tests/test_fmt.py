"""`fmt`: canonical formatting that keeps every comment and never loses or risks data.

The story: a coordinator runs `progstyr fmt` over a repository. Files come out in
the order of SPEC §3 with their comments where they were; nothing else changes,
files that cannot be read safely are left alone, and a crash mid-write leaves the
old file whole.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import examples
from progstyr import fmt, yamlread
from progstyr.cli import app
from progstyr.fmt import Status, format_file, format_text, kind_of
from progstyr.model import KIND_MODELS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "programmes").glob("**/*.yaml"))
AS_OF = "2024-06-01"

PROPERTY = settings(
    max_examples=examples(300, 120),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def data_of(text: str) -> object:
    """What the safe reader makes of a text, dates normalised."""
    doc, problems = yamlread.parse(text)
    assert doc is not None and not problems, problems
    return fmt.normalise(doc.data)


def comments_of(text: str) -> Counter[str]:
    """The comment texts of a YAML text, found by a plain reading of its lines.

    Independent of fmt's own comment finder: only used on texts whose `#` are
    all comments (the examples and the hand-written cases here).
    """
    found: Counter[str] = Counter()
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            found[line.strip()] += 1
        elif " #" in line:
            found[line[line.index(" #") + 1 :].strip()] += 1
    return found


def validate(path: Path) -> str:
    result = CliRunner().invoke(app, ["validate", "--as-of", AS_OF, "--lang", "en", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return f"{result.exit_code}\n{result.stdout}"


# ---------------------------------------------------------------- the example programmes


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "programmes")))
def test_example_survives_fmt(example: Path) -> None:
    kind = kind_of(example)
    assert kind is not None
    original = example.read_text(encoding="utf-8")
    formatted = format_text(original, kind)
    assert format_text(formatted, kind) == formatted, "a second fmt changes nothing"
    assert data_of(formatted) == data_of(original)
    assert fmt.same_data(data_of(formatted), data_of(original))
    assert comments_of(formatted) == comments_of(original)
    assert set(comments_of(original)) <= {line.strip() for line in formatted.splitlines()}


def scrambled(text: str) -> str:
    """The same file with its top-level keys in reverse order, each with the comments above it.

    A blank line ends the file header, so that the comments above the first key
    are told apart from the header.
    """
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line[:1].isalpha())
    header, blocks, current = lines[:first], [], []  # type: ignore[var-annotated]
    for line in lines[first:]:
        starts_block = line[:1].isalpha() and not (current and current[-1].startswith("#"))
        if (starts_block or line.startswith("#")) and current and not current[-1].startswith("#"):
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    return "".join([*header, "\n"] + [line for block in reversed(blocks) for line in block])


def with_blank_after_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line[:1].isalpha())
    return "".join([*lines[:first], "\n", *lines[first:]])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "programmes")))
def test_scrambled_example_comes_back(example: Path) -> None:
    original = example.read_text(encoding="utf-8")
    mixed = scrambled(original)
    assert mixed != with_blank_after_header(original)
    assert sorted(mixed.splitlines()) == sorted(with_blank_after_header(original).splitlines())
    assert format_text(mixed, kind_of(example)) == with_blank_after_header(original)


@pytest.mark.parametrize("scramble", [False, True], ids=["as-is", "scrambled"])
def test_fmt_then_validate_gives_the_same_diagnostics(tmp_path: Path, scramble: bool) -> None:
    found: list[str] = []
    for programme in sorted((ROOT / "programmes").iterdir()):
        if not programme.is_dir():
            continue
        copy = tmp_path / programme.name
        shutil.copytree(programme, copy)
        files = sorted(copy.glob("**/*.yaml"))
        if scramble:  # the canonical form of a scrambled file has a blank line after its header
            for path in files:
                path.write_text(with_blank_after_header(path.read_text(encoding="utf-8")), encoding="utf-8")
        before = validate(copy).replace(str(copy), "<root>")
        found.append(before)
        if scramble:
            for path in files:
                text = path.read_text(encoding="utf-8")
                path.write_text(scrambled(text.replace("\n\n", "\n", 1)), encoding="utf-8")
        outcomes = [format_file(path, kind_of(path), check=False) for path in files]
        assert all(o.status is (Status.CHANGED if scramble else Status.UNCHANGED) for o in outcomes), outcomes
        assert validate(copy).replace(str(copy), "<root>") == before
    assert any(": PS" in output for output in found), "some example has diagnostics at this as-of date"


def test_the_examples_are_already_canonical(tmp_path: Path) -> None:
    copy = tmp_path / "programmes"
    shutil.copytree(ROOT / "programmes", copy)
    for path in sorted(copy.glob("**/*.yaml")):
        before = path.read_bytes()
        assert format_file(path, kind_of(path), check=True).status is Status.UNCHANGED, path
        assert format_file(path, kind_of(path), check=False).status is Status.UNCHANGED, path
        assert path.read_bytes() == before


# ---------------------------------------------------------------- key order and comments

SCRAMBLED = """\
# yaml-language-server: $schema=../../schemas/project.json
# Header: stays at the top.
risks:
  # the one risk
  - mitigation: Early meetings
    description: Partners do not join
    impact: high
phase: execution  # since spring
# Which gaps it closes
closes: [trygghet-gap]
period:
  end: 2021-12-31
  # planned start
  start: 2020-01-01
owner: malmo-stad
budget:
  funding:
    - amount: 100
      source: ESF
  total: 100
  # spent: 40 (not yet reported)
status:
  - scope: green
    comment: On plan
    overall: green
    date: 2020-05-01
  # second report
  - overall: amber
    date: 2020-09-01
# The project's name
name: Trygg park
"""

SCRAMBLED_EXPECTED = """\
# yaml-language-server: $schema=../../schemas/project.json
# Header: stays at the top.
# The project's name
name: Trygg park
owner: malmo-stad
phase: execution  # since spring
period:
  # planned start
  start: 2020-01-01
  end: 2021-12-31
# Which gaps it closes
closes: [trygghet-gap]
budget:
  total: 100
  # spent: 40 (not yet reported)
  funding:
    - source: ESF
      amount: 100
status:
  - date: 2020-05-01
    overall: green
    scope: green
    comment: On plan
  # second report
  - date: 2020-09-01
    overall: amber
risks:
  # the one risk
  - description: Partners do not join
    impact: high
    mitigation: Early meetings
"""


def test_scrambled_project_comes_out_in_spec_order_with_its_comments() -> None:
    formatted = format_text(SCRAMBLED, "project")
    assert formatted == SCRAMBLED_EXPECTED
    assert comments_of(formatted) == comments_of(SCRAMBLED)
    assert data_of(formatted) == data_of(SCRAMBLED)
    assert format_text(formatted, "project") == formatted


def test_a_blank_line_ends_the_header_and_the_rest_follows_the_first_key() -> None:
    text = "# File header.\n\n# About the phase.\nphase: execution\nname: P\n"
    assert format_text(text, "project") == "# File header.\n\nname: P\n# About the phase.\nphase: execution\n"


def test_without_a_blank_line_the_comments_above_the_first_key_stay_on_top() -> None:
    text = "# yaml-language-server: $schema=project.json\nphase: execution\nname: P\n"
    assert format_text(text, "project") == (
        "# yaml-language-server: $schema=project.json\nname: P\nphase: execution\n"
    )


def test_nested_keys_follow_the_model_order() -> None:
    text = (
        "indicators:\n"
        "  - measurements:\n"
        "      - note: first\n"
        "        value: 1\n"
        "        date: 2020-01-01\n"
        "    target: {value: 5, date: 2025-01-01}\n"
        "    direction: increase\n"
        "    baseline:\n"
        "      value: 0\n"
        "      date: 2019-01-01\n"
        "    name: Index\n"
        "    id: index\n"
        "    source: SCB\n"
        "    unit: '%'\n"
        "owner: org\n"
        "name: Benefit\n"
    )
    formatted = format_text(text, "benefit")
    assert formatted == (
        "name: Benefit\n"
        "owner: org\n"
        "indicators:\n"
        "  - id: index\n"
        "    name: Index\n"
        "    unit: '%'\n"
        "    direction: increase\n"
        "    source: SCB\n"
        "    baseline:\n"
        "      date: 2019-01-01\n"
        "      value: 0\n"
        "    target: {date: 2025-01-01, value: 5}\n"
        "    measurements:\n"
        "      - date: 2020-01-01\n"
        "        value: 1\n"
        "        note: first\n"
    )


def test_programme_organisations_and_decisions_are_ordered() -> None:
    text = (
        "organisations:\n"
        "- type: municipal\n"
        "  name: Kommunstyrelsen\n"
        "  id: ks\n"
        "decisions:\n"
        "- summary: Closed early\n"
        "  reference: STK-2019-1248\n"
        "  body: Kommunstyrelsen\n"
        "  date: '2020-06-08'\n"
        "period: {end: 2020-12-31, start: 2018-01-01}\n"
        "phase: closing\n"
        "owner: ks\n"
        "name: P\n"
    )
    assert format_text(text, "programme") == (
        "name: P\n"
        "owner: ks\n"
        "phase: closing\n"
        "period: {start: 2018-01-01, end: 2020-12-31}\n"
        "organisations:\n"
        "  - id: ks\n"
        "    name: Kommunstyrelsen\n"
        "    type: municipal\n"
        "decisions:\n"
        "  - date: 2020-06-08\n"
        "    body: Kommunstyrelsen\n"
        "    reference: STK-2019-1248\n"
        "    summary: Closed early\n"
    )


def test_quoted_date_becomes_a_date() -> None:
    text = 'name: G\nidentified: "2021-03-04"\nstatus: open\n'
    formatted = format_text(text, "gap")
    assert "identified: 2021-03-04\n" in formatted
    doc, _ = yamlread.parse(formatted)
    assert doc is not None and doc.data["identified"] == dt.date(2021, 3, 4)


def test_quoted_date_in_a_text_field_stays_text() -> None:
    """Only date fields get dates: a name that looks like a date must stay a name."""
    formatted = format_text("name: '2021-03-04'\nowner: o\n", "benefit")
    assert formatted == "name: '2021-03-04'\nowner: o\n"


def test_crlf_becomes_lf(tmp_path: Path) -> None:
    path = tmp_path / "gaps" / "g.yaml"
    path.parent.mkdir()
    path.write_bytes(b"# note\r\nname: G\r\npriority: high\r\n")
    outcome = format_file(path, kind_of(path), check=False)
    assert outcome.status is Status.CHANGED and outcome.written
    assert path.read_bytes() == b"# note\nname: G\npriority: high\n"
    assert format_file(path, kind_of(path), check=False).status is Status.UNCHANGED


def test_bom_is_dropped_and_final_newline_added(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: G")
    assert format_file(path, "gap", check=False).status is Status.CHANGED
    assert path.read_bytes() == b"name: G\n"


def test_unknown_key_is_kept_after_the_known_ones() -> None:
    text = "notes: keep me  # mine\nowner: o\nzzz: 1\nname: B\n"
    assert format_text(text, "benefit") == "name: B\nowner: o\nnotes: keep me  # mine\nzzz: 1\n"


def test_block_scalars_and_quotes_are_kept() -> None:
    text = (
        "name: 'Park # 1'\n"
        "description: |\n"
        "  Line one\n"
        "    # indented, part of the text\n"
        "\n"
        "  Line three\n"
        "owner: o\n"
        "indicators:\n"
        "  - id: i\n"
        '    name: "Index"\n'
        "    direction: increase\n"
        "    source: >-\n"
        "      folded text that is\n"
        "      long\n"
    )
    formatted = format_text(text, "benefit")
    assert formatted == text
    assert fmt.comment_texts(formatted) == Counter(), "a `#` inside text is not a comment"


def test_check_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("priority: high\nname: G\n", encoding="utf-8")
    outcome = format_file(path, "gap", check=True)
    assert outcome.status is Status.CHANGED and not outcome.written
    assert path.read_text(encoding="utf-8") == "priority: high\nname: G\n"


def test_blank_lines_are_kept_but_never_doubled() -> None:
    text = "\n\n# head\n\n\nname: G\n\n\n# about priority\npriority: high\n\n\n"
    assert format_text(text, "gap") == "# head\n\nname: G\n\n# about priority\npriority: high\n"


def test_one_line_flow_collections_stay_and_so_do_empty_ones() -> None:
    text = "name: P\ncloses: [a, b]  # both\npartners: []\nbudget: {total: 1, funding: [{amount: 1, source: X}]}\n"
    assert format_text(text, "project") == (
        "name: P\n"
        "closes: [a, b]  # both\n"
        "partners: []\n"
        "budget: {total: 1, funding: [{source: X, amount: 1}]}\n"
    )


# ---------------------------------------------------------------- one-line rows stay one-line


def benefit_with(rows: list[str]) -> str:
    """A benefit whose one indicator has `rows` as its measurements (each after `- `)."""
    return (
        "name: Trygghet\n"
        "owner: ks\n"
        "indicators:\n"
        "  - id: otrygghet\n"
        "    name: Andel som känner sig otrygga\n"
        "    direction: decrease\n"
        "    measurements:\n" + "".join(f"      - {row}\n" for row in rows)
    )


def test_one_line_measurements_stay_on_one_line() -> None:
    """The issue's example: `- {date: 2017-12-31, value: 1700}` was written as three lines."""
    text = benefit_with(
        [
            "{date: 2017-12-31, value: 1700}",
            "{date: 2018-12-31, value: 1650, source: Kolada N31807}",
            "{date: 2019-03-31, value: 56.0, women: 50.5, men: 61.25, note: enkät, source: SCB}",
        ]
    )
    assert format_text(text, "benefit") == text


def test_one_line_organisations_stay_on_one_line() -> None:
    """The issue's other example: every `{id: …, name: …, type: …}` became four lines."""
    text = (
        "name: Trygg i Lindängen\n"
        "owner: ks\n"
        "organisations:\n"
        "  - {id: ks, name: Kommunstyrelsen, type: municipal}\n"
        "  - {id: polisen, name: Polisen i Malmö, type: authority}  # samverkansavtal\n"
        "  - {id: mkb, name: MKB Fastighets AB, type: housing}\n"
    )
    assert format_text(text, "programme") == text


def test_a_series_followed_for_fifteen_years_keeps_its_length() -> None:
    rows = [f"{{date: {year}-12-31, value: {1000 + 10 * year % 7}}}" for year in range(2018, 2033)]
    text = benefit_with(rows)
    formatted = format_text(text, "benefit")
    assert formatted == text
    assert len(formatted.splitlines()) == 7 + 15


def test_keys_are_put_in_order_inside_a_one_line_flow_mapping() -> None:
    text = benefit_with(['{source: SCB, zzz: 1, value: 56.0, note: enkät, date: "2019-03-31"}'])
    assert format_text(text, "benefit") == benefit_with(
        ["{date: 2019-03-31, value: 56.0, note: enkät, source: SCB, zzz: 1}"]
    )


def test_a_one_line_flow_sequence_value_stays_and_is_normalised_inside() -> None:
    text = (
        "benefits: [trygghet, halsa]  # båda\n"
        "name: Mörka stråk\n"
        "current_state: Få lampor\n"
        "desired_state: Upplysta stråk\n"
        "priority: high\n"
        "identified: '2021-03-04'\n"
    )
    assert format_text(text, "gap") == (
        "name: Mörka stråk\n"
        "current_state: Få lampor\n"
        "desired_state: Upplysta stråk\n"
        "benefits: [trygghet, halsa]  # båda\n"
        "priority: high\n"
        "identified: 2021-03-04\n"
    )
    period = format_text('name: P\nperiod: {end: "2024-12-31", start: 2023-01-01}\n', "project")
    assert period == "name: P\nperiod: {start: 2023-01-01, end: 2024-12-31}\n"


def test_a_flow_mapping_longer_than_the_line_length_becomes_block() -> None:
    head = "      - {date: 2019-03-31, value: 1, note: "
    fits = "x" * (fmt.LINE_LENGTH - len(head) - 1)
    text = benefit_with([f"{{date: 2019-03-31, value: 1, note: {fits}}}"])
    assert max(len(line) for line in text.splitlines()) == fmt.LINE_LENGTH
    assert format_text(text, "benefit") == text, "a line of exactly LINE_LENGTH stays"
    commented = text.replace("}\n", "}  # a comment at the end is not counted\n")
    assert format_text(commented, "benefit") == commented
    text = benefit_with([f"{{note: {fits}y, value: 1, date: 2019-03-31}}  # one more"])
    assert format_text(text, "benefit") == benefit_with([]) + (
        f"      - date: 2019-03-31\n        value: 1\n        note: {fits}y  # one more\n"
    )


def test_a_long_flow_collection_becomes_block_and_what_is_in_it_is_tried_again() -> None:
    funding = "[{amount: 600000, source: Europeiska socialfonden}, {amount: 400000, source: Malmö stad}]"
    text = f"name: P\nbudget: {{funding: {funding}, total: 1000000}}\n"
    assert len(text.splitlines()[1]) > fmt.LINE_LENGTH
    assert format_text(text, "project") == (
        "name: P\n"
        "budget:\n"
        "  total: 1000000\n"
        "  funding: [{source: Europeiska socialfonden, amount: 600000}, {source: Malmö stad, amount: 400000}]\n"
    )


def test_a_flow_mapping_written_over_several_lines_becomes_block() -> None:
    text = benefit_with(
        [
            "{date: 2019-03-31,\n         value: 1}",
            "{value: 2,  # first half only\n         date: 2020-03-31}",
            "{date: 2021-03-31, value: 3}",
        ]
    )
    assert format_text(text, "benefit") == benefit_with([]) + (
        "      - date: 2019-03-31\n"
        "        value: 1\n"
        "      - date: 2020-03-31\n"
        "        value: 2  # first half only\n"
        "      - {date: 2021-03-31, value: 3}\n"
    )


def test_block_collections_never_become_flow_and_the_top_level_is_block() -> None:
    text = benefit_with(["date: 2019-03-31\n        value: 1", "{date: 2020-03-31, value: 2}"])
    assert format_text(text, "benefit") == text
    assert format_text("{priority: high, name: G}\n", "gap") == "name: G\npriority: high\n"


ONE_LINE_ROWS = """\
# Trygghet i Lindängen.
indicators:
  # the survey
  - measurements:
      # yearly, from Kolada
      - {value: 35, date: "2023-01-01", source: Kolada N31807}  # first
          # indented deeper than the rows
      - {date: 2024-01-01, value: 30}

      # and the long one
      - {note: a note long enough that this row does not fit on one line of the chosen length, value: 28, date: 2025-01-01}
      - {date: 2026-01-01,
         value: 27}  # several lines
    target: {value: 20, date: 2025-12-31}  # goal
    direction: decrease
    name: Andel som känner sig otrygga
    id: otrygghet
contributes_to: [trygghet-alla,
  halsa]
owner: ks
name: Trygghet
"""


def test_one_line_rows_are_formatted_once_and_for_all() -> None:
    formatted = format_text(ONE_LINE_ROWS, "benefit")
    assert formatted == (
        "# Trygghet i Lindängen.\n"
        "name: Trygghet\n"
        "owner: ks\n"
        "contributes_to:\n"
        "  - trygghet-alla\n"
        "  - halsa\n"
        "indicators:\n"
        "  # the survey\n"
        "  - id: otrygghet\n"
        "    name: Andel som känner sig otrygga\n"
        "    direction: decrease\n"
        "    target: {date: 2025-12-31, value: 20}  # goal\n"
        "    measurements:\n"
        "      # yearly, from Kolada\n"
        "      - {date: 2023-01-01, value: 35, source: Kolada N31807}  # first\n"
        "      # indented deeper than the rows\n"
        "      - {date: 2024-01-01, value: 30}\n"
        "\n"
        "      # and the long one\n"
        "      - date: 2025-01-01\n"
        "        value: 28\n"
        "        note: a note long enough that this row does not fit on one line of the chosen length\n"
        "      - date: 2026-01-01\n"
        "        value: 27  # several lines\n"
    )
    assert format_text(formatted, "benefit") == formatted
    assert fmt.same_data(data_of(formatted), data_of(ONE_LINE_ROWS))
    assert comments_of(formatted) == comments_of(ONE_LINE_ROWS)


def test_kind_of() -> None:
    assert kind_of(Path("p/benefits/b.yaml")) == "benefit"
    assert kind_of(Path("p/gaps/g.yml")) == "gap"
    assert kind_of(Path("p/projects/x.YAML")) == "project"
    assert kind_of(Path("p/programme.yaml")) == "programme"
    assert kind_of(Path("p/programme.yml")) == "programme"
    assert kind_of(Path("p/benefits/programme.yaml")) == "benefit"
    assert kind_of(Path("p/other/x.yaml")) is None
    assert kind_of(Path("p/benefits/readme.md")) is None


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        format_text("name: x\n", "roadmap")


# ---------------------------------------------------------------- files that must not be touched

UNTOUCHABLE = {
    "alias": (b"name: &n Park\ndescription: *n\nowner: o\n", "read.anchor"),
    "alias only": (b"name: P\nowner: o\ndescription: *n\n", "read.alias"),
    "python tag": (b"name: !!python/object:os.system [echo hi]\nowner: o\n", "read.tag"),
    "syntax error": (b"name: [unclosed\nowner: o\n", "read.syntax_flow"),
    "latin-1": ("name: Lindängen\nowner: o\n".encode("latin-1"), "read.not_utf8"),
    "binary": (b"name: P\x00\nowner: o\n", "read.binary"),
    "duplicate key": (b"owner: a\nname: P\nowner: b\n", "read.duplicate_key"),
    "not a mapping": (b"- a\n- b\n", "read.not_mapping"),
    "empty": (b"# only a comment\n", "read.empty"),
    "too large": (
        b"name: P\nowner: o\ndescription: " + b"x" * yamlread.MAX_FILE_BYTES + b"\n",
        "read.too_large",
    ),
}


@pytest.mark.parametrize("name", sorted(UNTOUCHABLE))
@pytest.mark.parametrize("check", [False, True])
def test_unreadable_files_are_skipped_and_untouched(tmp_path: Path, name: str, check: bool) -> None:
    content, reason = UNTOUCHABLE[name]
    path = tmp_path / "benefits" / "b.yaml"
    path.parent.mkdir()
    path.write_bytes(content)
    before = path.stat()
    outcome = format_file(path, "benefit", check=check)
    assert outcome.status is Status.SKIPPED
    assert outcome.reason == reason
    assert not outcome.written
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert os.listdir(path.parent) == ["b.yaml"]


def test_missing_file_is_skipped(tmp_path: Path) -> None:
    outcome = format_file(tmp_path / "nope.yaml", "gap", check=False)
    assert outcome.status is Status.SKIPPED and outcome.reason == "read.unreadable"


def test_format_text_refuses_instead_of_raising_ruamel_errors() -> None:
    for content, reason in UNTOUCHABLE.values():
        if reason in ("read.not_utf8", "read.binary"):
            continue
        with pytest.raises(fmt.FormatError) as caught:
            format_text(content.decode("utf-8"), "benefit")
        assert caught.value.reason == reason


def test_a_ruamel_failure_becomes_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: object) -> str:
        raise RuntimeError("emitter exploded")

    monkeypatch.setattr(fmt, "_dump", broken)
    path = tmp_path / "g.yaml"
    path.write_text("priority: high\nname: G\n", encoding="utf-8")
    outcome = format_file(path, "gap", check=False)
    assert outcome.status is Status.SKIPPED and outcome.reason == "fmt.failed"
    assert path.read_text(encoding="utf-8") == "priority: high\nname: G\n"


def test_a_lossy_result_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fmt._canonical

    def lossy(value: object, model: object) -> object:
        result = real(value, model)  # type: ignore[arg-type]
        if isinstance(result, dict) and "priority" in result:
            result["priority"] = "low"
        return result

    monkeypatch.setattr(fmt, "_canonical", lossy)
    path = tmp_path / "g.yaml"
    path.write_text("priority: high\nname: G\n", encoding="utf-8")
    outcome = format_file(path, "gap", check=False)
    assert outcome.status is Status.SKIPPED and outcome.reason == "fmt.not_lossless"
    assert path.read_text(encoding="utf-8") == "priority: high\nname: G\n"


def test_a_lost_comment_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "_anchored", lambda layout: [])
    path = tmp_path / "g.yaml"
    path.write_text("priority: high  # agreed\nname: G\n", encoding="utf-8")
    outcome = format_file(path, "gap", check=False)
    assert outcome.status is Status.SKIPPED and outcome.reason == "fmt.not_lossless"
    assert path.read_text(encoding="utf-8") == "priority: high  # agreed\nname: G\n"


# ---------------------------------------------------------------- atomic writes


def test_a_failed_rename_leaves_the_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gaps" / "g.yaml"
    path.parent.mkdir()
    original = b"# keep\npriority: high\nname: G\n"
    path.write_bytes(original)

    def failing_replace(src: object, dst: object) -> None:
        assert Path(str(src)).read_text(encoding="utf-8").startswith("# keep\nname: G\n"), "mid-write"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    outcome = format_file(path, "gap", check=False)
    assert outcome.status is Status.SKIPPED and outcome.reason == "fmt.write_failed"
    assert not outcome.written
    assert path.read_bytes() == original
    assert os.listdir(path.parent) == ["g.yaml"]


def test_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("priority: high\nname: G\n", encoding="utf-8")
    path.chmod(0o640)
    assert format_file(path, "gap", check=False).written
    assert path.stat().st_mode & 0o777 == 0o640


# ---------------------------------------------------------------- property: any small commented file

WORDS = ["park", "trygg", "Lindängen", "år", "ESF", "plan", "mål", "12", "x-1", "Malmö", "område"]
IDS = ["a", "gap-1", "org-b", "malmo-stad", "k2"]


@dataclass
class Node:
    """A YAML value to write by hand: scalar text, block scalar, mapping or list."""

    kind: str  # "scalar" | "block" | "map" | "seq"
    scalar: str = ""
    lines: tuple[str, ...] = ()
    pairs: tuple[tuple[str, Node], ...] = ()
    items: tuple[Node, ...] = ()
    flow: bool = False
    indented: bool = True


@dataclass
class Line:
    text: str
    eol_ok: bool
    block_indent: int = -1
    """Content indentation when the line is block scalar content (or its header: 10_000)."""


def scalar(text: str) -> Node:
    return Node("scalar", scalar=text)


words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
plain_text = words
quoted_text = st.tuples(words, st.sampled_from(["#", ": ", "' ", " #1"])).map(
    lambda t: '"' + t[0] + t[1] + '"'
)
text_value = st.one_of(plain_text.map(scalar), quoted_text.map(scalar))
id_value = st.sampled_from(IDS).map(scalar)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
date_value = st.tuples(dates, st.sampled_from(["", '"', "'"])).map(
    lambda t: scalar(f"{t[1]}{t[0].isoformat()}{t[1]}")
)
number_value = st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["1.5", "0.0", "100.25"])).map(
    scalar
)
rating = st.sampled_from(["green", "amber", "red"]).map(scalar)
level3 = st.sampled_from(["low", "medium", "high"]).map(scalar)
block_value = st.builds(
    lambda style, lines: Node("block", scalar=style, lines=tuple(lines)),
    st.sampled_from(["|", ">", "|-", ">-", "|+", ">+"]),
    st.lists(
        st.one_of(words, st.just(""), words.map(lambda w: "# " + w), words.map(lambda w: "  " + w)),
        min_size=1,
        max_size=3,
    ).filter(lambda ls: ls[0].strip() != "" and not ls[0].startswith(" ") and ls[-1] != ""),
)
long_text = st.one_of(text_value, block_value)


def seq_of(item: st.SearchStrategy[Node], flowable: bool) -> st.SearchStrategy[Node]:
    return st.builds(
        lambda items, flow, indented: Node(
            "seq", items=tuple(items), flow=flow and flowable, indented=indented
        ),
        st.lists(item, min_size=0, max_size=3),
        st.booleans(),
        st.booleans(),
    )


def mapping(
    fields: dict[str, st.SearchStrategy[Node]], required: tuple[str, ...] = ()
) -> st.SearchStrategy[Node]:
    """A mapping with a random subset of `fields` (plus the required ones), in random order."""
    names = sorted(fields)

    @st.composite
    def build(draw: st.DrawFn) -> Node:
        chosen = [n for n in names if n in required or draw(st.booleans())]
        if not chosen:
            chosen = [names[0]]
        order = draw(st.permutations(chosen))
        pairs = tuple((name, draw(fields[name])) for name in order)
        return Node("map", pairs=pairs, flow=draw(st.integers(0, 9)) == 0)

    return build()


unknown = {"x_extra": text_value}
period = mapping({"start": date_value, "end": date_value}, ("start", "end"))
status_entry = mapping(
    {
        "date": date_value,
        "overall": rating,
        "schedule": rating,
        "budget": rating,
        "scope": rating,
        "comment": long_text,
    },
    ("date", "overall"),
)
funding = mapping({"source": text_value, "amount": number_value}, ("source", "amount"))
budget = mapping(
    {"total": number_value, "spent": number_value, "funding": seq_of(funding, False)}, ("total",)
)
risk = mapping(
    {
        "description": long_text,
        "likelihood": level3,
        "impact": level3,
        "owner": id_value,
        "mitigation": long_text,
    },
    ("description",),
)
project = mapping(
    {
        "name": text_value,
        "description": long_text,
        "owner": id_value,
        "contact": mapping({"name": text_value, "email": text_value, "phone": number_value}),
        "phase": st.sampled_from(["execution", "planning", "completed"]).map(scalar),
        "period": period,
        "closes": seq_of(id_value, True),
        "partners": seq_of(id_value, True),
        "budget": budget,
        "status": seq_of(status_entry, False),
        "milestones": seq_of(
            mapping(
                {
                    "name": text_value,
                    "date": date_value,
                    "done": st.sampled_from(["true", "false"]).map(scalar),
                },
                ("name", "date"),
            ),
            False,
        ),
        "handover": mapping({"recipient": id_value, "date": date_value}, ("recipient",)),
        "risks": seq_of(risk, False),
        **unknown,
    },
    ("name",),
)
dated = mapping({"date": date_value, "value": number_value}, ("date", "value"))
indicator = mapping(
    {
        "id": id_value,
        "name": text_value,
        "unit": st.sampled_from(['"%"', "kr", "'%'", "st"]).map(scalar),
        "direction": st.sampled_from(["increase", "decrease"]).map(scalar),
        "source": long_text,
        "baseline": dated,
        "target": dated,
        "measurements": seq_of(
            mapping({"date": date_value, "value": number_value, "note": long_text}, ("date", "value")), False
        ),
    },
    ("id",),
)
benefit = mapping(
    {
        "name": text_value,
        "description": long_text,
        "owner": id_value,
        "level": st.sampled_from(["end", "intermediate"]).map(scalar),
        "contributes_to": seq_of(id_value, True),
        "indicators": seq_of(indicator, False),
        **unknown,
    },
    ("name",),
)


def flow_text(node: Node) -> str:
    assert node.kind != "block", "a block scalar cannot stand in a flow collection"
    if node.kind == "scalar":
        return node.scalar
    if node.kind == "seq":
        return "[" + ", ".join(flow_text(item) for item in node.items) + "]"
    return "{" + ", ".join(f"{key}: {flow_text(value)}" for key, value in node.pairs) + "}"


def has_block(node: Node) -> bool:
    if node.kind == "block":
        return True
    return any(has_block(v) for _, v in node.pairs) or any(has_block(i) for i in node.items)


def render_pairs(
    pairs: tuple[tuple[str, Node], ...], indent: int, out: list[Line], step: int, first: str | None = None
) -> None:
    for index, (key, value) in enumerate(pairs):
        head = (first if index == 0 and first is not None else " " * indent) + f"{key}:"
        render_value(head, value, indent, out, step)


def render_value(head: str, value: Node, indent: int, out: list[Line], step: int) -> None:
    if value.kind == "scalar":
        out.append(Line(f"{head} {value.scalar}", True))
    elif value.kind == "block":
        out.append(Line(f"{head} {value.scalar}", True, 10_000))
        for text in value.lines:
            out.append(Line(" " * (indent + step) + text if text else "", False, indent + step))
    elif (value.flow and not has_block(value)) or not (value.pairs or value.items):
        out.append(Line(f"{head} {flow_text(value)}", True))
    elif value.kind == "map":
        out.append(Line(head, True))
        render_pairs(value.pairs, indent + step, out, step)
    else:
        out.append(Line(head, True))
        dash = indent + (step if value.indented else 0)
        for item in value.items:
            if item.kind == "map" and item.pairs and not (item.flow and not has_block(item)):
                render_pairs(item.pairs, dash + 2, out, step, first=" " * dash + "- ")
            else:
                out.append(Line(" " * dash + "- " + flow_text(item), True))


comment_text = st.tuples(
    st.sampled_from(["# ", "#", "#  "]), words, st.sampled_from(["", " #x", ": y", " 'q"])
).map(lambda t: t[0] + t[1] + t[2])


@st.composite
def commented_file(draw: st.DrawFn) -> tuple[str, str, Counter[str]]:
    kind = draw(st.sampled_from(["project", "benefit"]))
    root = draw(project if kind == "project" else benefit)
    lines: list[Line] = []
    render_pairs(root.pairs, 0, lines, draw(st.sampled_from([2, 4])))
    if draw(st.integers(0, 5)) == 0:
        lines.insert(0, Line("---", True))
    out: list[str] = []
    inserted: Counter[str] = Counter()
    for number in range(len(lines) + 1):
        before = lines[number - 1] if number > 0 else None
        after = lines[number] if number < len(lines) else None
        # No own-line comment inside a block scalar, or right after its header.
        inside = after is not None and after.block_indent >= 0 and after.block_indent != 10_000
        if not inside:
            limit = before.block_indent if before is not None and 0 <= before.block_indent < 10_000 else 12
            for _ in range(draw(st.integers(0, 2))):
                if draw(st.integers(0, 3)) == 0:
                    out.append("")
                else:
                    col = draw(st.integers(0, min(limit - 1, 8)))
                    comment = draw(comment_text)
                    inserted[comment] += 1
                    out.append(" " * col + comment)
        if after is not None:
            text = after.text
            if after.eol_ok and draw(st.integers(0, 3)) == 0:
                comment = draw(comment_text)
                inserted[comment] += 1
                text += " " * draw(st.integers(1, 3)) + comment
            out.append(text)
    return kind, "\n".join(out) + "\n", inserted


@PROPERTY
@given(commented_file())
def test_fmt_is_idempotent_lossless_and_keeps_every_comment(case: tuple[str, str, Counter[str]]) -> None:
    kind, text, inserted = case
    doc, problems = yamlread.parse(text)
    assert doc is not None and not problems, (problems, text)
    formatted = format_text(text, kind)
    assert format_text(formatted, kind) == formatted
    assert fmt.same_data(data_of(formatted), data_of(text))
    assert fmt.comment_texts(text) == inserted, "the comment finder finds exactly the comments written"
    assert fmt.comment_texts(formatted) == inserted
    # Known keys come first, in the model's order, at the top level.
    model = KIND_MODELS[kind]
    keys = [key for key in doc.data if key in model.model_fields]
    top = [line.split(":", 1)[0] for line in formatted.splitlines() if line[:1].isalpha()]
    assert [key for key in top if key in model.model_fields] == [k for k in model.model_fields if k in keys]
    assert formatted.endswith("\n") and "\r" not in formatted
    if "+ " not in text and "+\n" not in text:  # `|+` keeps its blank lines: they are text
        assert "\n\n\n" not in formatted and not formatted.startswith("\n")
