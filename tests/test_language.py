"""One language rule for every command (issue: `make demo` mixed "No problems found" with
"Rapporten skriven till"): --lang, else PROGSTYR_LANG, else the configuration's `language`,
else the language of the programmes the command is about, else English."""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import AS_OF, CASES
from progstyr import i18n
from progstyr.checks import RULES
from progstyr.cli import app

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def swedish(tmp_path: Path) -> Path:
    """tests/cases/minimal: a programme with no `language`, so Swedish."""
    target = tmp_path / "minimal"
    shutil.copytree(CASES / "minimal", target)
    return target


@pytest.fixture
def english(swedish: Path) -> Path:
    text = (swedish / "programme.yaml").read_text()
    (swedish / "programme.yaml").write_text(text.replace("owner: ks\n", "owner: ks\nlanguage: en\n", 1))
    return swedish


def test_validate_speaks_the_programmes_language(no_language_chosen, swedish):
    code, out, _err = invoke("validate", str(swedish), "--as-of", AS_OF)
    assert code == 0
    assert out.strip().endswith("Inga problem i 7 filer.")


def test_validate_and_report_of_one_programme_speak_one_language(no_language_chosen, swedish, tmp_path):
    target = tmp_path / "r.md"
    _code, validated, _ = invoke("validate", str(swedish), "--as-of", AS_OF)
    _code, _out, written = invoke("report", str(swedish), "--as-of", AS_OF, "-o", str(target))
    assert "Inga problem" in validated
    assert "Rapporten skriven till" in written


def test_an_english_programme_gets_english(no_language_chosen, english):
    code, out, _err = invoke("validate", str(english), "--as-of", AS_OF)
    assert code == 0 and "No problems found" in out


def test_lang_beats_everything(no_language_chosen, swedish):
    (swedish / "progstyr.toml").write_text('language = "sv"\n')
    assert "No problems found" in invoke("validate", str(swedish), "--as-of", AS_OF, "--lang", "en")[1]


def test_environment_beats_configuration_which_beats_the_programme(no_language_chosen, english, monkeypatch):
    (english / "progstyr.toml").write_text('language = "sv"\n')
    assert "Inga problem" in invoke("validate", str(english), "--as-of", AS_OF)[1]
    monkeypatch.setenv("PROGSTYR_LANG", "en")
    assert "No problems found" in invoke("validate", str(english), "--as-of", AS_OF)[1]


def test_fmt_and_new_speak_the_programmes_language(no_language_chosen, swedish):
    assert "filer formaterades om" in invoke("fmt", str(swedish))[1]
    code, out, _err = invoke("new", "gap", "ny-lucka", "--programme", str(swedish), "--as-of", AS_OF)
    assert code == 0 and out.startswith("Skapade ")


def test_rules_in_swedish_is_all_swedish(no_language_chosen):
    code, out, _err = invoke("rules", "--lang", "sv")
    assert code == 0
    assert not re.search(r"\b(error|warning)\b", out)
    assert re.search(r"^PS602  fel      ", out, re.MULTILINE)
    code, out, _err = invoke("rules", "PS602", "--lang", "sv")
    assert "Familj: livscykel" in out and "lifecycle" not in out
    assert "Varför: När programmet stängs" in out


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if r.check is not None))
def test_the_rationale_in_the_table_is_the_checks_docstring(code):
    """why.<code> in English is the check's docstring: they cannot drift apart."""
    doc = " ".join((inspect.getdoc(RULES[code].check) or "").split())
    assert i18n.text(f"why.{code}", "en") == doc
    assert i18n.text(f"why.{code}", "sv") not in ("", doc)
