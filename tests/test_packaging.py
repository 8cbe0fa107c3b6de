"""The fast loader is really there, and the shipped examples are valid."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from conftest import diagnostics, run
from progstyr import yamlread

ROOT = Path(__file__).resolve().parent.parent


def test_ruamel_c_extension_is_installed():
    """ruamel.yaml 0.19 silently falls back to pure Python without ruamel.yaml.clib."""
    assert YAML(typ="safe", pure=False).Parser.__name__ == "CParser"
    assert yamlread._FAST.Parser.__name__ == "CParser"


def test_shipped_examples_validate_with_exit_0():
    # Lindängen and the ESF project are clean; the Malmö portfolio replays its 2013
    # evaluation, so it has warnings (its faults), but no errors.
    code, out = run("validate", str(ROOT / "programmes"))
    assert code == 0
    found = diagnostics(out)
    assert [d for d in found if d["severity"] == "error"] == [], out
    assert all("/malmo-omradesprogram/" in d["path"] for d in found), out
    code, out = run(
        "validate", str(ROOT / "programmes" / "lindangen"), str(ROOT / "programmes" / "storstadsintegration")
    )
    assert (code, diagnostics(out)) == (0, []), out


def test_examples_hold_both_programmes():
    names = sorted(p.name for p in (ROOT / "programmes").iterdir() if (p / "programme.yaml").is_file())
    assert names == ["lindangen", "storstadsintegration"]
