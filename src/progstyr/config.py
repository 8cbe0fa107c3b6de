"""Configuration from `progstyr.toml` or `[tool.progstyr]` in `pyproject.toml`.

Looked up from the first PATH upwards to the repository root (the folder holding
`.git`). A broken configuration is reported as PS108 on its file and line; the
defaults are used meanwhile, so the programme files are still checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from progstyr.diagnostics import Diagnostic, Severity, make_args

CONFIG_FILE = "progstyr.toml"
KNOWN_KEYS = ("ignore", "severity", "stale_status_days", "language", "overhead_share_max", "kolada_url")


@dataclass(frozen=True)
class Config:
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    stale_status_days: int = 90
    language: str | None = None
    source: str | None = None
    overhead_share_max: float = 0.6
    """PS808: the largest share of a year's programme resources staff and premises may take."""
    kolada_url: str | None = None
    """`progstyr pull`: where Kolada's API is (a mirror or a test server); default the public API."""

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Drop ignored codes and apply severity overrides."""
        result = []
        for diag in diagnostics:
            if diag.code in self.ignore:
                continue
            override = self.severity.get(diag.code)
            if override is not None and override is not diag.severity:
                diag = Diagnostic(diag.path, diag.line, diag.col, diag.code, override, diag.key, diag.args)
            result.append(diag)
        return result


def find_config(start: str) -> Path | None:
    """The nearest progstyr.toml, or pyproject.toml with [tool.progstyr], from `start` up."""
    here = Path(os.path.realpath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "[tool.progstyr" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


_LINE_RE = re.compile(r"at line (\d+), column (\d+)")


def load_config(
    path: Path | None, display: str | None = None, codes: Iterable[str] = ()
) -> tuple[Config, list[Diagnostic]]:
    """Read the configuration; problems become PS108 diagnostics and defaults stand in."""
    if path is None:
        return Config(), []
    import tomllib  # here: most runs of a programme repository read no configuration

    shown = display or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Config(), [_problem(shown, 1, 1, "config.unreadable", detail=str(exc))]
    except tomllib.TOMLDecodeError as exc:
        match = _LINE_RE.search(str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        return Config(), [_problem(shown, line, col, "config.syntax", detail=str(exc).split(" (at line")[0])]
    section: Any = data
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("progstyr", {})
    return _parse(section, shown, path, set(codes))


def _parse(section: Any, shown: str, path: Path, codes: set[str]) -> tuple[Config, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    text = _safe_text(path)

    def where(key: str) -> tuple[int, int]:
        """Line and column of `key = …` in the file (1, 1 when it cannot be found)."""
        match = re.search(rf"^[ \t]*({re.escape(key)})[ \t]*=", text, re.MULTILINE)
        if match is None:
            return 1, 1
        start = match.start(1)
        return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1

    if not isinstance(section, dict):
        return Config(), [_problem(shown, 1, 1, "config.not_table")]
    for key in sorted(section):
        if key not in KNOWN_KEYS:
            problems.append(
                _problem(shown, *where(key), "config.unknown_key", key=key, known=", ".join(KNOWN_KEYS))
            )
    ignore: set[str] = set()
    raw_ignore = section.get("ignore", [])
    if not isinstance(raw_ignore, list) or not all(isinstance(c, str) for c in raw_ignore):
        problems.append(_problem(shown, *where("ignore"), "config.ignore_list"))
    else:
        for code in raw_ignore:
            if codes and code.upper() not in codes:
                problems.append(
                    _problem(shown, *where("ignore"), "config.unknown_code", code=code, key="ignore")
                )
            ignore.add(code.upper())
    severity: dict[str, Severity] = {}
    raw_severity = section.get("severity", {})
    if not isinstance(raw_severity, dict):
        problems.append(_problem(shown, *where("severity"), "config.severity_table"))
    else:
        for code, level in sorted(raw_severity.items()):
            if codes and code.upper() not in codes:
                problems.append(
                    _problem(shown, *where("severity"), "config.unknown_code", code=code, key="severity")
                )
            elif level not in ("error", "warning"):
                problems.append(_problem(shown, *where("severity"), "config.severity_value", code=code))
            else:
                severity[code.upper()] = Severity(level)
    days = section.get("stale_status_days", 90)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        problems.append(_problem(shown, *where("stale_status_days"), "config.days"))
        days = 90
    language = section.get("language")
    if language is not None and language not in ("sv", "en"):
        problems.append(_problem(shown, *where("language"), "config.language"))
        language = None
    share = section.get("overhead_share_max", 0.6)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        problems.append(_problem(shown, *where("overhead_share_max"), "pf.config_overhead_share"))
        share = 0.6
    kolada_url = section.get("kolada_url")
    if kolada_url is not None and (
        not isinstance(kolada_url, str) or not re.match(r"^https?://[^\s/]+", kolada_url)
    ):
        problems.append(_problem(shown, *where("kolada_url"), "config.kolada_url"))
        kolada_url = None
    return (
        Config(frozenset(ignore), severity, days, language, shown, float(share), kolada_url),
        problems,
    )


def _safe_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _problem(shown: str, line: int, col: int, msg: str, **args: object) -> Diagnostic:
    return Diagnostic(shown, line, col, "PS108", Severity.ERROR, msg, make_args(**args))
