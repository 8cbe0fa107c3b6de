"""Safe Markdown building blocks: escaping text from YAML, tables, Mermaid labels.

Text from programme files goes through `escape` before it reaches a Markdown
table or paragraph, so that a `|`, a newline, `<` or Markdown syntax in a name can
neither break a table nor inject HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BREAKABLE = re.compile(r"[^\S\u00a0\u202f]+")
"""Runs of whitespace that may break a line: all but the no-break spaces textfmt puts in
numbers (`1 137 500 kr`), which must survive into the document."""


def one_line(text: object) -> str:
    """Text on one line: every run of breakable whitespace becomes one space."""
    return _BREAKABLE.sub(" ", str(text)).strip(" ")


_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~>])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")


def escape(text: object) -> str:
    """Plain text → Markdown that shows the same characters, on one line."""
    value = one_line(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = _SPECIAL.sub(r"\\\1", value)
    return _LINE_START.sub(_escape_line_start, value)


def _escape_line_start(match: re.Match[str]) -> str:
    mark = match.group(2)
    if mark[0].isdigit():  # `1.` would start a numbered list
        return match.group(1) + mark[:-1] + "\\" + mark[-1]
    return match.group(1) + "\\" + mark


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A GitHub-flavoured Markdown table; cells must already be escaped.

    `align` holds one letter per column: `l`, `r` or `c` (default `l`).
    """
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    spec = [marks.get(align[i] if i < len(align) else "l", "---") for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(spec) + "|"]
    for row in rows:
        cells = [cell if cell else " " for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def mermaid_label(text: object) -> str:
    """Text for a Mermaid node label inside double quotes."""
    value = one_line(text)
    for char, entity in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        value = value.replace(char, entity)
    return value


def mermaid_id(prefix: str, ident: str) -> str:
    """A Mermaid node id from an entity id (letters, digits and underscores only)."""
    return prefix + "_" + re.sub(r"[^a-zA-Z0-9]", "_", ident)


def code_span(text: object) -> str:
    """Text shown verbatim in a code span (no escaping applies inside one)."""
    value = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"
