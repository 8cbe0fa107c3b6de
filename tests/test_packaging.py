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
    code, out = run("validate", str(ROOT / "programmes"))
    assert diagnostics(out) == [], out
    assert code == 0


def test_examples_hold_both_programmes():
    names = sorted(p.name for p in (ROOT / "programmes").iterdir() if (p / "programme.yaml").is_file())
    assert names == ["lindangen", "storstadsintegration"]
