"""PS100-PS108: problems found while discovering and reading files.

The loader emits these itself (a file that cannot be read has no model for a rule
to look at); they are registered here so every code is documented and configurable.
"""

from __future__ import annotations

from progstyr.checks.registry import static_rule
from progstyr.diagnostics import Severity

static_rule("PS100", Severity.ERROR, "files")
static_rule("PS101", Severity.ERROR, "files")
static_rule("PS102", Severity.ERROR, "files")
static_rule("PS103", Severity.ERROR, "files")
static_rule("PS104", Severity.ERROR, "files")
static_rule("PS105", Severity.ERROR, "files")
static_rule("PS106", Severity.ERROR, "files")
static_rule("PS107", Severity.ERROR, "files")
static_rule("PS108", Severity.ERROR, "files")
static_rule("PS109", Severity.ERROR, "files")
