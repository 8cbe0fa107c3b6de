"""Diagnostics: what a check found, where, and how it is printed.

A diagnostic stores a message key and its arguments rather than a sentence, so the
same result can be shown in Swedish or English and cached without re-running checks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from progstyr import i18n

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r"}


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe to print on one line of any output, in the spirit of git's quotePath:
    control characters (a newline, ESC, C1 controls), bidirectional overrides and line
    separators become C-style escapes (`\\n`, `\\x1b`, `\\u202e`), and a byte of a file
    name that is not UTF-8 becomes `\\xff`. Everything else, å, ä and ö included, stays.
    Escaping is per character, so it can be applied to parts of a path and joined."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape_one, text)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


Args = tuple[tuple[str, object], ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: file, 1-based line and column, stable code, severity and message."""

    path: str
    line: int
    col: int
    code: str
    severity: Severity
    key: str
    args: Args = ()

    def message(
        self, lang: str, dates: Callable[[dt.date], str] | None = None, *, escape: bool = True
    ) -> str:
        """The sentence in `lang`; `dates` rewrites the ISO dates among its arguments (the
        report writes dates in its language's one style). Control characters from a name
        or value are escaped (`printable`) unless the caller escapes them itself."""
        args = dict(self.args)
        if dates is not None:
            for name, value in args.items():
                if isinstance(value, str) and _ISO_DATE.fullmatch(value):
                    with contextlib.suppress(ValueError):
                        args[name] = dates(dt.date.fromisoformat(value))
        text = i18n.message(self.key, lang, args)
        return printable(text) if escape else text

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.path, self.line, self.col, self.code, self.key, repr(self.args))


def make_args(**args: object) -> Args:
    """Keyword arguments → the sorted tuple a Diagnostic stores (hashable, deterministic)."""
    return tuple(sorted(args.items()))


def sort(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by path, line, column and code, without duplicates."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def counts(diagnostics: Sequence[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    return errors, len(diagnostics) - errors


def summary(diagnostics: Sequence[Diagnostic], files: int, lang: str) -> str:
    errors, warnings = counts(diagnostics)
    if not diagnostics:
        return i18n.text("summary.clean", lang, files=files)
    return i18n.text(
        "summary.found",
        lang,
        errors=errors,
        errors_word=i18n.text("word.error.one" if errors == 1 else "word.error.many", lang),
        warnings=warnings,
        warnings_word=i18n.text("word.warning.one" if warnings == 1 else "word.warning.many", lang),
        with_problems=len({d.path for d in diagnostics}),
        files=files,
    )


def render_text(diagnostics: Sequence[Diagnostic], files: int, lang: str) -> str:
    """`path:line:col: CODE severity: message` lines, then a one-line summary."""
    lines = [
        f"{printable(d.path)}:{d.line}:{d.col}: {d.code} {i18n.text('severity.' + d.severity.value, lang)}: "
        f"{d.message(lang)}"
        for d in diagnostics
    ]
    lines.append(summary(diagnostics, files, lang))
    return "\n".join(lines) + "\n"


JSON_FORMAT_VERSION = 1


def render_json(diagnostics: Sequence[Diagnostic], files: int, lang: str, as_of: str) -> str:
    """A versioned JSON envelope for machines."""
    errors, warnings = counts(diagnostics)
    payload = {
        "version": JSON_FORMAT_VERSION,
        "tool": "progstyr",
        "as_of": as_of,
        "files": files,
        "summary": {"errors": errors, "warnings": warnings},
        "diagnostics": [
            {
                "path": printable(d.path),
                "line": d.line,
                "column": d.col,
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message(lang),
            }
            for d in diagnostics
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
