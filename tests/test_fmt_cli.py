"""`progstyr fmt` on the command line: rewrites, --check for CI, never touches unreadable files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from conftest import AS_OF, diagnostics, run
from progstyr import measures
from progstyr.cli import app

SCRAMBLED = """# Belysningsprojektet
closes:
- belysning   # det mörka stråket
phase: execution
name: Ny belysning
owner: ks
period: {end: "2024-12-31", start: 2023-01-01}
"""


def test_check_lists_files_that_would_change_and_exits_1(case):
    root = case()
    path = root / "projects" / "lampor.yaml"
    path.write_text(SCRAMBLED, "utf-8")
    before = path.read_bytes()
    code, out = run("fmt", "--check", str(root))
    assert code == 1
    assert out.splitlines() == [
        f"would reformat {path}",
        "1 of 7 files would be reformatted, 0 cannot be formatted.",
    ]
    assert path.read_bytes() == before


def test_fmt_rewrites_in_canonical_order_and_then_check_passes(case):
    root = case()
    path = root / "projects" / "lampor.yaml"
    path.write_text(SCRAMBLED, "utf-8")
    code, out = run("fmt", str(root))
    assert code == 0
    assert out.splitlines()[-1] == "1 of 7 files reformatted, 0 left as they are."
    assert path.read_text("utf-8") == (
        "# Belysningsprojektet\n"
        "name: Ny belysning\n"
        "owner: ks\n"
        "phase: execution\n"
        "period: {start: 2023-01-01, end: 2024-12-31}\n"
        "closes:\n"
        "  - belysning  # det mörka stråket\n"
    )
    assert run("fmt", "--check", str(root))[0] == 0
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert code == 0, out


def test_unreadable_file_is_left_alone_and_reported(case):
    root = case()
    path = root / "gaps" / "trasig.yaml"
    path.write_bytes(b"name: &a x\nother: *a\n")
    code, _ = run("fmt", str(root))
    assert code == 1
    assert path.read_bytes() == b"name: &a x\nother: *a\n"


def test_shipped_examples_are_already_canonical():
    root = Path(__file__).resolve().parent.parent / "programmes"
    code, out = run("fmt", "--check", str(root))
    assert code == 0, out
    assert diagnostics(out) == []


def test_empty_file_is_left_alone_with_a_plain_message(case):
    root = case()
    path = root / "gaps" / "tom.yaml"
    path.write_bytes(b"")
    result = CliRunner().invoke(app, ["fmt", str(root)])
    assert result.exit_code == 1
    assert (
        f"{path}:1:1: left as it is: the file is empty; it must hold the fields of the gap" in result.stderr
    )
    assert result.stdout == "0 of 8 files reformatted, 1 left as they are.\n"
    assert path.read_bytes() == b""


ONE_LINE_MEASUREMENTS = """name: Trygghet
owner: ks
indicators:
  - id: otrygghet
    name: Andel som känner sig otrygga
    unit: "%"
    direction: decrease
    kolada: {kpi: N31807, municipality: "1280"}
    baseline: {date: 2022-01-01, value: 40}
    target: {date: 2025-12-31, value: 20}
    measurements:
      # from Kolada
      - {date: 2022-12-31, value: 38.5, source: Kolada N31807}
      - {date: 2024-12-31, value: 30, women: 33.25, men: 26.75, source: Kolada N31807}  # by sex
"""


def test_one_line_measurements_as_pull_writes_them_pass_check(case):
    """`pull` adds a one-line row among one-line rows: fmt --check must accept the file."""
    root = case()
    path = root / "benefits" / "trygghet.yaml"
    path.write_text(ONE_LINE_MEASUREMENTS, "utf-8")
    assert run("fmt", "--check", str(root))[0] == 0
    wanted = [
        measures.Wanted("otrygghet", dt.date(2023, 12, 31), 1700.0, source="Kolada N31807"),
        measures.Wanted(
            "otrygghet", dt.date(2032, 12, 31), 12345.678, 12000.5, 12690.25, source="Kolada N31807"
        ),
    ]
    edit = measures.plan(path.read_bytes(), wanted, measures.Owner.KOLADA)
    assert len(edit.added) == 2
    path.write_text(edit.after, "utf-8")
    added = [line for line in edit.after.splitlines() if line not in ONE_LINE_MEASUREMENTS.splitlines()]
    assert added == [
        "      - {date: 2023-12-31, value: 1700, source: Kolada N31807}",
        "      - {date: 2032-12-31, value: 12345.678, women: 12000.5, men: 12690.25, source: Kolada N31807}",
    ]
    code, out = run("fmt", "--check", str(root))
    assert code == 0, out
