"""`progstyr coverage --format table` fits the terminal it is printed in (issue: an 80-column
terminal wrapped every row because the table was forced to 100 columns)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from progstyr.cli import app

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


def table(path: Path, width: int, lang: str = "sv") -> str:
    result = CliRunner().invoke(
        app,
        ["coverage", str(path), "--format", "table", "--lang", lang, "--as-of", "2026-11-30"],
        env={"COLUMNS": str(width)},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("width", [80, 64, 50])
@pytest.mark.parametrize("programme", [ROOT / "programmes" / "lindangen", CASES / "storprogram"])
def test_no_line_is_wider_than_the_terminal_and_no_word_is_cut(programme, width):
    out = table(programme, width)
    assert max(len(line) for line in out.splitlines()) <= width
    words = set(re.findall(r"[\wåäöÅÄÖ-]+", out))
    for status in ("uppnått", "efter", "plan", "fas"):
        if status in out:
            assert status in words
    from progstyr.load import load

    portfolio, _missing = load([str(programme)])
    for unit in portfolio.programmes:
        for benefit in unit.benefits.values():
            for word in re.findall(r"[\wåäöÅÄÖ-]+", benefit.model.name):
                assert word in words, (word, width)


def test_a_wide_terminal_gets_the_bars_and_every_column():
    out = table(ROOT / "programmes" / "lindangen", 140)
    assert "█" in out and "Fördelad budget" in out and "Nivå" in out
    assert max(len(line) for line in out.splitlines()) <= 140


def test_a_narrow_terminal_leaves_out_level_and_budget():
    out = table(ROOT / "programmes" / "lindangen", 50)
    header = next(line for line in out.splitlines() if "Nytta" in line)
    assert "Täckning" in header and "Indikatorer" in header
    assert "Nivå" not in out and " kr" not in out and "Täckta gap " not in header
