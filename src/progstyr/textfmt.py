"""Numbers, money, percentages and dates in the style of the report's language.

Swedish: `1 137 500 kr`, `12,5`, `50 %`, `8 juni 2020`. English: `SEK 1,137,500`,
`12.5`, `50%`, `8 June 2020`. Deterministic: no locale settings of the machine
are consulted.
"""

from __future__ import annotations

import datetime as dt
import math

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


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """1137500 → `1 137 500` (sv) or `1,137,500` (en); up to `decimals` decimals."""
    if decimals is None:
        decimals = 0 if value == int(value) else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0"):
        text = "0"
    if lang == "sv":
        text = text.replace(",", " ").replace(".", ",")
    return text


def money(value: float, lang: str, currency: str = "SEK") -> str:
    amount = number(_half_up(value), lang, 0)
    if lang == "sv":
        return f"{amount} kr" if currency == "SEK" else f"{amount} {currency}"
    return f"{currency} {amount}"


def percent(share: float | None, lang: str) -> str:
    """0.5 → `50 %` (sv) or `50%` (en); None → `–`."""
    if share is None or not math.isfinite(share):
        return "–"
    value = number(_half_up(share * 100), lang, 0)
    return f"{value} %" if lang == "sv" else f"{value}%"


def _half_up(value: float) -> int:
    """Round halves away from zero (62.5 → 63), as people do, not to even."""
    if not math.isfinite(value):
        return 0
    if abs(value) >= 1e15:  # beyond any half: already a whole number in floating point
        return int(value)
    from decimal import ROUND_HALF_UP, Decimal

    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def long_date(day: dt.date, lang: str) -> str:
    month = _MONTHS["sv" if lang == "sv" else "en"][day.month - 1]
    return f"{day.day} {month} {day.year}"


def month_year(day: dt.date, lang: str) -> str:
    month = _MONTHS["sv" if lang == "sv" else "en"][day.month - 1]
    return f"{month} {day.year}"
