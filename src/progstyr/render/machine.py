"""Diagnostics for machines: GitHub Actions workflow commands and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from progstyr import i18n
from progstyr.diagnostics import Diagnostic, Severity, counts, printable

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _escape_data(text: str) -> str:
    """As the Actions toolkit's escapeData: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As the Actions toolkit's escapeProperty: also : and , which separate properties."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic], lang: str) -> str:
    """`::error file=…,line=…,col=…,title=PSnnn::message` lines, one per finding."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", printable(d.path)),
                ("line", d.line),
                ("col", d.col),
                ("title", d.code),
            )
        )
        message = printable(_escape_data(d.message(lang, escape=False)))  # a line end as %0A
        lines.append(f"::{command} {props}::{message}")
    return "".join(line + "\n" for line in lines)


def github_summary(diagnostics: Sequence[Diagnostic], files: int, lang: str) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the counts and a table of findings."""
    from progstyr.diagnostics import summary
    from progstyr.render.markdown import escape, table

    text = f"## progstyr\n\n{escape(summary(diagnostics, files, lang))}\n"
    if diagnostics:
        rows = [
            [
                escape(f"{printable(d.path)}:{d.line}:{d.col}"),
                d.code,
                i18n.text("severity." + d.severity.value, lang),
                escape(d.message(lang)),
            ]
            for d in diagnostics
        ]
        headers = [i18n.text(key, lang) for key in ("col.file", "col.code", "col.severity", "col.message")]
        text += "\n" + table(headers, rows) + "\n"
    return text


def sarif(
    diagnostics: Sequence[Diagnostic],
    rules: Mapping[str, Any],
    version: str,
    lang: str,
) -> str:
    """A SARIF 2.1.0 log: the driver lists every rule, each result points at its region."""
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": "progstyr",
        "version": version,
        "informationUri": "https://pypi.org/project/progstyr/",
        "rules": [
            {
                "id": code,
                "name": code,
                "shortDescription": {"text": rules[code].title(lang)},
                "defaultConfiguration": {"level": rules[code].severity.value},
            }
            for code in codes
        ],
    }
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": d.severity.value,
            "message": {"text": d.message(lang)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": printable(d.path)},
                        "region": {"startLine": d.line, "startColumn": d.col},
                    }
                }
            ],
        }
        for d in diagnostics
    ]
    errors, warnings = counts(diagnostics)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": results,
                "properties": {"errors": errors, "warnings": warnings},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
