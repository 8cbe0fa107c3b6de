"""Numbers, money, percentages, units and dates in the style of the report's language.

Swedish: `1 137 500 kr`, `12,5`, `50 %`, `−39 %`, `2020-06-08`. English:
`SEK 1,137,500`, `12.5`, `50%`, `−39%`, `8 Jun 2020`. The space inside a Swedish
number and between a number and its unit is a no-break space (U+00A0), so an
amount never wraps inside itself; a negative number has a real minus sign (U+2212).
Deterministic: no locale settings of the machine are consulted.
"""

from __future__ import annotations

import datetime as dt
import math

NBSP = "\u00a0"
"""No-break space: inside numbers, and between a number and its unit."""
MINUS = "\u2212"
"""The minus sign; a hyphen is not one."""

_MONTHS = {
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

_PERCENT_UNITS = frozenset({"%", "percent", "per cent", "procent", "percentage", "andel (%)", "andel %"})
_COUNT_UNITS = frozenset({"count", "antal", "number", "st", "st.", "pcs", "pieces", "stycken"})
_COUNT_PREFIXES = ("antal ", "number of ", "count of ")


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """1137500 → `1 137 500` (sv, no-break spaces) or `1,137,500` (en); up to `decimals` decimals."""
    if decimals is None:
        decimals = 0 if value == int(value) else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0"):
        text = "0"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", MINUS)


def money(value: float, lang: str, currency: str = "SEK") -> str:
    amount = number(_half_up(value), lang, 0)
    if lang == "sv":
        return f"{amount}{NBSP}kr" if currency == "SEK" else f"{amount}{NBSP}{currency}"
    return f"{currency}{NBSP}{amount}"


def percent(share: float | None, lang: str) -> str:
    """0.5 → `50 %` (sv) or `50%` (en); None → `–`."""
    if share is None or not math.isfinite(share):
        return "–"
    value = number(_half_up(share * 100), lang, 0)
    return f"{value}{NBSP}%" if lang == "sv" else f"{value}%"


def _half_up(value: float) -> int:
    """Round halves away from zero (62.5 → 63), as people do, not to even."""
    if not math.isfinite(value):
        return 0
    if abs(value) >= 1e15:  # beyond any half: already a whole number in floating point
        return int(value)
    from decimal import ROUND_HALF_UP, Decimal

    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def is_percent(unit: str | None) -> bool:
    return bool(unit) and " ".join(str(unit).lower().split()) in _PERCENT_UNITS


def unit_label(unit: str | None) -> str | None:
    """The unit as a reader sees it after a number, or None when the number says it all.

    `percent`, `%` → None here (`quantity` writes `%`); `count`, `antal` → None;
    `antal deltagare` → `deltagare`; any other text as given.
    """
    if not unit or not str(unit).strip():
        return None
    text = " ".join(str(unit).split())
    lowered = text.lower()
    if lowered in _PERCENT_UNITS or lowered in _COUNT_UNITS:
        return None
    for prefix in _COUNT_PREFIXES:
        if lowered.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


def quantity(value: float, unit: str | None, lang: str) -> str:
    """A measured value with its unit: `55 %`, `48` (a count), `350 deltagare`, `48 index 0-100`."""
    shown = number(value, lang)
    if is_percent(unit):
        return f"{shown}{NBSP}%" if lang == "sv" else f"{shown}%"
    label = unit_label(unit)
    return shown if label is None else f"{shown}{NBSP}{label}"


def date(day: dt.date | None, lang: str) -> str:
    """The one date style of each language: `2020-06-08` (sv, as Swedish documents write
    dates), `8 Jun 2020` (en). None → `–`."""
    if day is None:
        return "–"
    if lang == "sv":
        return day.isoformat()
    return f"{day.day}{NBSP}{_MONTHS['en'][day.month - 1][:3]}{NBSP}{day.year}"


def long_date(day: dt.date, lang: str) -> str:
    month = _MONTHS["sv" if lang == "sv" else "en"][day.month - 1]
    return f"{day.day} {month} {day.year}"


def month_year(day: dt.date, lang: str) -> str:
    month = _MONTHS["sv" if lang == "sv" else "en"][day.month - 1]
    return f"{month} {day.year}"
