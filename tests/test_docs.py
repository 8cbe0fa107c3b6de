"""The documentation says what the code does: every code documented, the format page current."""

from __future__ import annotations

import re
from pathlib import Path

from progstyr import formatdoc, importer
from progstyr.checks import RULES

IMPORT_CODES = {value for name, value in vars(importer).items() if name.startswith("CODE_")}

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_code_is_documented_with_its_severity():
    page = (DOCS / "checks.md").read_text("utf-8")
    documented = dict(re.findall(r"^\| (PS\d{3}) \| (\w+)", page, re.MULTILINE))
    assert set(documented) == set(RULES) | IMPORT_CODES
    for code, rule in RULES.items():
        assert documented[code] == rule.severity.value, code
    assert {documented[code] for code in IMPORT_CODES} == {"error"}


def test_format_page_is_generated_from_the_models():
    committed = (DOCS / "format.md").read_text("utf-8")
    assert committed == formatdoc.render(), "run: python -m progstyr.formatdoc > docs/format.md"


def test_reliability_page_names_tests_that_exist():
    """Every `tests/file.py::name` (and a following `::name`, same file) in
    docs/reliability.md is a test function in that file, and every guarantee names one."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "reliability.md").read_text("utf-8")
    named = 0
    current = None
    for match in re.finditer(r"(tests/[\w/]+\.py)?::(\w+)", text):
        current = match.group(1) or current
        assert current is not None, match.group(0)
        source = (root / current).read_text("utf-8")
        assert re.search(rf"^def {match.group(2)}\(", source, re.M), f"{current}::{match.group(2)}"
        named += 1
    assert named >= 25
    guarantees = text.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    for item in re.split(r"\n- ", guarantees)[1:]:
        assert "tests/" in item or "::" in item, item[:80]
