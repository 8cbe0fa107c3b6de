"""The documentation says what the code does: every code documented, the format page current."""

from __future__ import annotations

import re
from pathlib import Path

from progstyr import formatdoc
from progstyr.checks import RULES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_code_is_documented_with_its_severity():
    page = (DOCS / "checks.md").read_text("utf-8")
    documented = dict(re.findall(r"^\| (PS\d{3}) \| (\w+)", page, re.MULTILINE))
    assert set(documented) == set(RULES)
    for code, rule in RULES.items():
        assert documented[code] == rule.severity.value, code


def test_format_page_is_generated_from_the_models():
    committed = (DOCS / "format.md").read_text("utf-8")
    assert committed == formatdoc.render(), "run: python -m progstyr.formatdoc > docs/format.md"
