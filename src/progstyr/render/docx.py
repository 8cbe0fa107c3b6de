"""The HTML report as a Word document, for a steering group that reads it printed or as PDF.

The report is rendered once as HTML; this module converts the small, known subset of HTML
that the report template writes (headings, paragraphs, lists, tables, figures with inline
SVG, definition lists) into a .docx with python-docx. It is not a general HTML converter.

Two things matter more than anything else here:

* Tables never break a word across lines. Word (and LibreOffice) only split a word when it
  is wider than its cell, so every column is made at least as wide as its longest
  unbreakable word, measured with Arial/Liberation Sans metrics at the table's font size;
  if that cannot fit the text width, the table's font shrinks step by step.
* The same HTML and `created` date give byte-identical output, so a report in git or in a
  CI artefact only changes when its content does.

python-docx and resvg-py are optional ("progstyr[word]") and imported only inside
`to_docx`, so importing this module costs nothing.
"""

from __future__ import annotations

import datetime as dt
import html.entities
import io
import math
import pathlib
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

__all__ = ["WordUnavailable", "to_docx"]

INSTALL_HINT = "pip install 'progstyr[word]'"


class WordUnavailable(Exception):
    """python-docx or resvg-py is not installed; the message says: pip install 'progstyr[word]'."""


# ---------------------------------------------------------------- HTML → small tree

_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr",
    }
)  # fmt: skip
_DROP = frozenset({"script", "style", "template", "head", "title", "meta", "link", "noscript", "img"})
_CONTAINERS = frozenset(
    {
        "div", "section", "header", "footer", "main", "nav", "article", "aside", "body", "html",
        "address", "details",
    }
)  # fmt: skip
_BLOCKS = _CONTAINERS | frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "figure", "hr", "dl", "dt",
        "dd", "blockquote", "pre", "figcaption", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
        "summary", "svg", "colgroup", "col",
    }
)  # fmt: skip
# An opening block tag ends an open <p>, as in HTML.
_CLOSES_P = _BLOCKS - {"td", "th", "tr", "caption", "figcaption", "dt", "dd", "li", "col", "colgroup", "svg"}
# Which open element an opening tag implicitly closes, and where the search stops.
_IMPLICIT_CLOSE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "tr": (frozenset({"tr"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "thead": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tbody": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tfoot": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
}


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    svg: str | None = None
    """For <svg>: the element's source text, exactly as written (tag and attribute case kept)."""

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def elements(self) -> Iterator[_Node]:
        return (c for c in self.children if isinstance(c, _Node))

    def find(self, tag: str) -> _Node | None:
        """The first descendant with this tag, depth first."""
        for child in self.elements():
            if child.tag == tag:
                return child
            found = child.find(tag)
            if found is not None:
                return found
        return None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: implicit closes for p/li/tr/td, and raw SVG source kept.

    The SVG is cut from the source rather than rebuilt, because HTMLParser lower-cases
    names (viewBox, linearGradient) that SVG needs in their original case.
    """

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.root = _Node("#root")
        self.stack: list[_Node] = [self.root]
        self.line_starts = [0]
        for match in re.finditer("\n", source):
            self.line_starts.append(match.end())
        self.svg_depth = 0
        self.svg_start = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], push: bool) -> _Node:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if push:
            self.stack.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.svg_depth:
            self.svg_depth += tag == "svg"
            self._open(tag, attrs, push=True)
            return
        if tag in _CLOSES_P and self.stack[-1].tag == "p":
            self.stack.pop()
        if tag in _IMPLICIT_CLOSE:
            targets, stops = _IMPLICIT_CLOSE[tag]
            for i in range(len(self.stack) - 1, 0, -1):
                if self.stack[i].tag in stops:
                    break
                if self.stack[i].tag in targets:
                    del self.stack[i:]
                    break
        if tag == "svg":
            self.svg_depth = 1
            self.svg_start = self._offset()
        self._open(tag, attrs, push=tag not in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.svg_depth:
            self._open(tag, attrs, push=False)
            return
        if tag == "svg":  # an empty <svg/>: nothing to draw
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.svg_depth and tag == "svg":
            self.svg_depth -= 1
            if self.svg_depth == 0:
                start = self._offset()
                end = self.source.find(">", start)
                end = len(self.source) if end < 0 else end + 1
                while len(self.stack) > 1 and self.stack[-1].tag != "svg":
                    self.stack.pop()
                if len(self.stack) > 1:
                    self.stack.pop().svg = self.source[self.svg_start : end]
                return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
            if self.svg_depth and self.stack[i].tag == "svg":
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _parse(source: str) -> _Node:
    builder = _TreeBuilder(source)
    builder.feed(source)
    builder.close()
    return builder.root


# ---------------------------------------------------------------- inline content


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    small: bool = False
    code: bool = False
    sup: bool = False
    sub: bool = False
    color: str | None = None
    href: str | None = None
    nowrap: bool = False  # CSS white-space: nowrap: measured as one word, so its column fits it


@dataclass(frozen=True)
class _Text:
    text: str
    fmt: _Fmt


class _Break:
    """A <br>: a line break inside the paragraph."""


_BREAK = _Break()
_Item = _Text | _Break

# The report's colours (templates/report.css), so that Word looks like the html.
_INK = "1B1F24"
_MUTED = "5A6270"
_LINE = "C9CED6"
_BAND = "F2F4F7"
_GREEN, _AMBER, _RED = "1E6B34", "8A5A00", "A4161A"
# Ratings repeat their colour in a shape (the html draws it with ::before), statuses are
# coloured words; the word itself always stays.
_RATINGS = {
    "green": (_GREEN, "\u25cf"),
    "amber": (_AMBER, "\u25b2"),
    "red": (_RED, "\u25a0"),
    "none": (_MUTED, ""),
}
_STATUSES = {
    "achieved": _GREEN,
    "on-track": _GREEN,
    "behind": _AMBER,
    "worsening": _RED,
    "missed": _RED,
    "no-data": _MUTED,
    "unknown": _MUTED,
}
_LINK_SCHEMES = ("http://", "https://", "mailto:")


def _signal(node: _Node, fmt: _Fmt, out: list[_Item]) -> _Fmt:
    """The formatting of a rating or status <span> (and its mark, added to `out`)."""
    for name in sorted(node.classes):
        if name.startswith("rating-"):
            colour, mark = _RATINGS.get(name[7:], _RATINGS["none"])
            fmt = replace(fmt, color=colour, bold=colour != _MUTED, nowrap=True)
            if mark and node.text().lstrip(" \t\r\n\f")[:1].isalnum():  # else the template drew one
                out.append(_Text(mark + "\u00a0", replace(fmt, href=None)))
            return fmt
        if name.startswith("status-"):
            colour = _STATUSES.get(name[7:], _MUTED)
            return replace(fmt, color=colour, bold=colour != _MUTED)
    return fmt


def _inline(node: _Node, fmt: _Fmt, out: list[_Item], flat: bool = False) -> None:
    """Collect the text of `node` with its formatting. `flat` turns blocks into line breaks
    (for measuring a table cell's words)."""
    tag = node.tag
    if tag in _DROP or tag == "svg":  # a picture has no text of its own here
        return
    if tag == "br":
        out.append(_BREAK)
        return
    if tag in ("strong", "b", "th"):
        fmt = replace(fmt, bold=True)
    elif tag in ("em", "i", "cite", "dfn", "var"):
        fmt = replace(fmt, italic=True)
    elif tag == "small":
        fmt = replace(fmt, small=True)
    elif tag in ("code", "kbd", "samp", "tt"):
        fmt = replace(fmt, code=True)
    elif tag == "sup":
        fmt = replace(fmt, sup=True, sub=False)
    elif tag == "sub":
        fmt = replace(fmt, sub=True, sup=False)
    elif tag == "a":
        href = node.attrs.get("href", "")
        if href.startswith(_LINK_SCHEMES):
            fmt = replace(fmt, href=href)
    elif tag == "span":
        fmt = _signal(node, fmt, out)
        if "nowrap" in node.classes:
            fmt = replace(fmt, nowrap=True)
    block = flat and tag in _BLOCKS
    if block:
        out.append(_BREAK)
    for child in node.children:
        if isinstance(child, str):
            out.append(_Text(child, fmt))
        else:
            _inline(child, fmt, out, flat)
    if block:
        out.append(_BREAK)


_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; U+00A0 is not in it


def _collapse(items: Iterable[_Item], pre: bool = False) -> list[_Item]:
    """Whitespace as a browser shows it: runs become one space, none at line starts or ends."""
    out: list[_Item] = []
    at_line_start = True
    for item in items:
        if isinstance(item, _Break):
            out.append(item)
            at_line_start = True
            continue
        if pre:
            for i, line in enumerate(item.text.split("\n")):
                if i:
                    out.append(_BREAK)
                if line:
                    out.append(_Text(line, item.fmt))
            continue
        text = _SPACE.sub(" ", item.text)
        if at_line_start:
            text = text.lstrip(" ")
        if text:
            out.append(_Text(text, item.fmt))
            at_line_start = text.endswith(" ")
    # no space before a line break or at the end
    result: list[_Item] = []
    strip = True
    for item in reversed(out):
        if isinstance(item, _Break):
            strip = True
        elif strip:
            text = item.text.rstrip(" ")
            if not text:
                continue
            item = _Text(text, item.fmt)
            strip = False
        result.append(item)
    result.reverse()
    # drop leading and trailing breaks
    while result and isinstance(result[0], _Break):
        result.pop(0)
    while result and isinstance(result[-1], _Break):
        result.pop()
    return result


# ---------------------------------------------------------------- text measurement

# Advance widths (1/1000 em) of ASCII 32..126 in Arial / Liberation Sans, regular and bold.
# Word and LibreOffice lay tables out with the real font, so these are what decide
# whether a word fits its column.
_ARIAL = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_ARIAL_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
_OTHER_WIDTHS = {
    "\u00a0": 278, "–": 556, "—": 1000, "−": 584, "•": 350, "…": 1000, "’": 278, "\u25cf": 604,
    "\u25b2": 990, "\u25a0": 604,
}  # fmt: skip
# How much wider than Arial a reference document's body font sets text (a rough average).
# Narrower fonts (Calibri, Cambria, Times) count as Arial: where the document is printed a
# missing font is replaced by one often wider than itself (DejaVu), rarely by a narrower one.
_FONT_FACTORS = {
    "arial": 1.0, "liberation sans": 1.0, "helvetica": 1.0, "calibri": 1.0, "carlito": 1.0,
    "cambria": 1.0, "caladea": 1.0, "times new roman": 1.0, "liberation serif": 1.0, "aptos": 1.0,
    "roboto": 1.0, "source sans pro": 1.0, "garamond": 1.0, "georgia": 1.08, "verdana": 1.2,
    "tahoma": 1.03, "segoe ui": 1.03, "trebuchet ms": 1.03, "dejavu sans": 1.13, "dejavu serif": 1.16,
    "open sans": 1.08,
}  # fmt: skip
_UNKNOWN_FONT = 1.1
_SAFETY = 1.03  # hinting and rounding in the layout engines


def _char_width(ch: str, bold: bool) -> int:
    code = ord(ch)
    if 32 <= code <= 126:
        return (_ARIAL_BOLD if bold else _ARIAL)[code - 32]
    if ch in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and 32 <= ord(base) <= 126:
        return _char_width(base, bold)
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return 650 if bold else 600


def _run_size(size: float, fmt: _Fmt, table: bool) -> float:
    """A run's font size in points, in half points as Word stores it. Table text is small
    already, so <small> there is only a point smaller."""
    if fmt.small:
        size = max(_MIN_TABLE_PT - 0.5, size - 1) if table else size * 0.85
    if fmt.code:
        size *= 0.92
    return round(size * 2) / 2


def _measure(
    items: Iterable[_Item], size: float, factor: float, bold: bool = False, table: bool = True
) -> tuple[float, float]:
    """(widest unbreakable word, widest line without wrapping) in points.

    Only ordinary spaces and line breaks are break opportunities here; U+00A0 joins
    "1 164 000 kr" into one word, so does white-space: nowrap, and a hyphenated word
    counts whole (conservative).
    """
    word = line = widest_word = widest_line = 0.0
    for item in items:
        if isinstance(item, _Break):
            widest_word, widest_line = max(widest_word, word), max(widest_line, line)
            word = line = 0.0
            continue
        fmt = item.fmt
        per_em = _run_size(size, fmt, table) * (0.67 if fmt.sup or fmt.sub else 1.0) / 1000 * factor
        for ch in item.text:
            width = (600 if fmt.code else _char_width(ch, bold or fmt.bold)) * per_em
            line += width
            if ch == " " and not fmt.nowrap:
                widest_word = max(widest_word, word)
                word = 0.0
            else:
                word += width
    return max(widest_word, word) * _SAFETY, max(widest_line, line) * _SAFETY


def _fit_columns(
    mins: list[float], maxs: list[float], prefs: list[float | None], total: float
) -> list[float]:
    """Column widths summing to `total`: the preferred share (percent) where given, the CSS
    auto-layout share (between a column's minimum and its unwrapped width) elsewhere, and
    never below a column's minimum while the minimums fit."""
    n = len(mins)
    if sum(mins) >= total:
        # Some word must break. Columns with short words keep them whole; the columns
        # with the longest words share what is left, equally, up to their minimum.
        order = sorted(range(n), key=lambda i: mins[i])
        widths = list(mins)
        left = total
        for rank, i in enumerate(order):
            cap = left / (n - rank)
            if mins[i] > cap:
                for j in order[rank:]:
                    widths[j] = cap
                break
            left -= mins[i]
        return widths
    widths = [0.0] * n
    fixed = [i for i in range(n) if prefs[i] is not None]
    free = [i for i in range(n) if prefs[i] is None]
    pref_total = sum(prefs[i] or 0.0 for i in fixed)
    if fixed:
        # the percentages take their share of the width; if they do not add up to 100
        # while there are no other columns, they are scaled to fill the table
        share = total * min(pref_total, 100.0) / 100.0 if free else total
        for i in fixed:
            widths[i] = share * (prefs[i] or 0.0) / (pref_total or 1.0)
    rest = total - sum(widths)
    if free:
        lo = sum(mins[i] for i in free)
        hi = sum(maxs[i] for i in free)
        if rest <= lo:
            for i in free:
                widths[i] = mins[i]
        elif rest >= hi:
            for i in free:
                widths[i] = maxs[i] * rest / hi if hi else rest / len(free)
        else:
            for i in free:
                widths[i] = mins[i] + (maxs[i] - mins[i]) * (rest - lo) / (hi - lo)
    # Scale the preferred widths by the one factor that fills the table once every column
    # is held at its minimum at least: the preferences keep their proportions otherwise.
    if not any(widths):
        widths = list(mins)
    lo_k, hi_k = 0.0, 1.0
    while sum(max(m, w * hi_k) for m, w in zip(mins, widths, strict=True)) < total:
        hi_k *= 2
    for _ in range(60):
        k = (lo_k + hi_k) / 2
        if sum(max(m, w * k) for m, w in zip(mins, widths, strict=True)) < total:
            lo_k = k
        else:
            hi_k = k
    widths = [max(m, w * hi_k) for m, w in zip(mins, widths, strict=True)]
    excess = total - sum(widths)  # what bisection leaves: the widest column absorbs it
    widths[max(range(n), key=lambda i: widths[i])] += excess
    return widths


# ---------------------------------------------------------------- the Word document


@dataclass(frozen=True)
class _Ctx:
    fmt: _Fmt = _Fmt()
    size: float | None = None  # points; tables set it for every run
    color: str | None = None
    align: str | None = None  # "right" or "center"
    quote: bool = False
    pre: bool = False
    banner: bool = False  # p.banner: a tinted box with a rule on its left


_TWIPS_PER_PT = 20
_EMU_PER_PT = 12700
_DPI = 250  # pictures print sharply at this resolution
_CELL_PAD = 85  # twips left and right in table cells (0.15 cm)
_GRID_GUTTER = 113  # twips either side of a chart in the two-per-row grid (0.2 cm)
_BASE_FONT = "Arial"
_MONO_FONT = "Courier New"
_BODY_PT = 10.5
_TABLE_PT = 9.5
_MIN_TABLE_PT = 8.0
_LANGS = {"sv": "sv-SE", "en": "en-GB"}
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip
_TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
    "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _child(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """The child `tag` of `parent`, created in schema order if missing (Word is strict)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    existing = parent.find(qn(tag))
    if existing is not None:
        return existing
    element = OxmlElement(tag)
    later = {qn(t) for t in order[order.index(tag) + 1 :]} if tag in order else set()
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _set(element: Any, **attrs: str) -> Any:
    from docx.oxml.ns import qn

    for name, value in attrs.items():
        element.set(qn("w:" + name), value)
    return element


def _borders(
    parent: Any, tag: str, sides: Iterable[str], val: str, colour: str = _LINE, size: int = 4
) -> None:
    from docx.oxml import OxmlElement

    box = _child(parent, tag, _TBLPR_ORDER if tag == "w:tblBorders" else _TCPR_ORDER)
    for side in sides:
        el = box.find(_qn("w:" + side))
        if el is None:
            el = OxmlElement("w:" + side)
            # keep top, left/start, bottom, right/end, insideH, insideV order
            rank = _SIDES.index(side)
            after = [c for c in box if c.tag.split("}")[1] in _SIDES[rank + 1 :]]
            if after:
                after[0].addprevious(el)
            else:
                box.append(el)
        if val in ("nil", "none"):
            for key in list(el.attrib):
                del el.attrib[key]
            _set(el, val=val)
        else:
            _set(el, val=val, sz=str(size), space="0", color=colour)


def _paragraph_border(p_pr: Any, side: str, colour: str, size: int, space: int = 1) -> None:
    """A rule along one side of a paragraph (w:pBdr)."""
    box = _child(p_pr, "w:pBdr", _PPR_ORDER)
    order = ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar")
    _set(_child(box, "w:" + side, order), val="single", sz=str(size), space=str(space), color=colour)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _shade(parent: Any, order: tuple[str, ...], fill: str) -> None:
    _set(_child(parent, "w:shd", order), val="clear", color="auto", fill=fill)


class _Sink:
    """Where blocks go: the document body or a table cell."""

    def __init__(self, writer: _Writer, cell: _Cell | None = None, width: int | None = None) -> None:
        self.writer = writer
        self.cell = cell
        self.width = writer.width if width is None else width  # twips a picture may take
        self.fresh = cell is not None  # a new cell has one empty paragraph to fill first

    def paragraph(self, style: str | None = None) -> Paragraph:
        style = self.writer.style(style)
        if self.cell is not None:
            if self.fresh:
                self.fresh = False
                paragraph: Paragraph = self.cell.paragraphs[0]
                if style:
                    paragraph.style = style
            else:
                paragraph = self.cell.add_paragraph(style=style)
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = 0
            fmt.line_spacing = 1.0
            _child(paragraph._p.get_or_add_pPr(), "w:suppressAutoHyphens", _PPR_ORDER)
            return paragraph
        paragraph = self.writer.doc.add_paragraph(style=style)
        self.writer.started(paragraph)
        return paragraph


class _Writer:
    """Walks the parsed HTML and writes the document."""

    def __init__(self, doc: Document, reference: bool, css: str = "") -> None:
        from docx.shared import Emu

        self.doc = doc
        self.reference = reference
        self.css = css  # the page's style sheet, for SVG that is styled by class
        self._styles: dict[str, str | None] = {}
        self.has_content = False
        self.break_pending = False
        self.hyphenate = False  # some table column is too narrow for its longest word
        self.rule_above = False  # the next body paragraph gets a rule above it (a <footer>)
        section = doc.sections[-1]
        page_width = section.page_width or Emu(7560310)
        page_height = section.page_height or Emu(10692130)
        left, right = section.left_margin or 0, section.right_margin or 0
        top, bottom = section.top_margin or 0, section.bottom_margin or 0
        self.width = (page_width - left - right) // 635  # twips
        self.height = (page_height - top - bottom) // 635
        self.body_pt = self._body_size()
        self.factor = _FONT_FACTORS.get(self._body_font().lower(), _UNKNOWN_FONT) if reference else 1.0
        self.modern_tables = self._compat_mode() >= 15
        # a reference document's own table style decides the rules; else the html's look
        self.house_borders = not (reference and self.style("Table Grid"))

    # -- document facts

    def style(self, name: str | None) -> str | None:
        """`name` when the document has that style, else None (python-docx raises KeyError)."""
        if name is None:
            return None
        if name not in self._styles:
            self._styles[name] = name if name in self.doc.styles else None
        return self._styles[name]

    def _body_size(self) -> float:
        try:
            normal: Any = self.doc.styles["Normal"]
            size = normal.font.size
        except KeyError:
            size = None
        if size is None:
            node = self.doc.styles.element.find(_qn("w:docDefaults") + "//" + _qn("w:sz"))
            return int(node.get(_qn("w:val"))) / 2 if node is not None else 10.0
        return float(size.pt)

    def _body_font(self) -> str:
        """The body font's family name, following a theme font reference to the theme."""
        styles = self.doc.styles.element
        for path in (
            "w:style[@w:styleId='Normal']/w:rPr/w:rFonts",
            "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts",
        ):
            fonts = styles.xpath(path)
            if not fonts:
                continue
            name = fonts[0].get(_qn("w:ascii"))
            if name:
                return str(name)
            theme = fonts[0].get(_qn("w:asciiTheme"))
            if theme:
                return self._theme_font("major" if theme.startswith("major") else "minor")
        return ""

    def _theme_font(self, which: str) -> str:
        from xml.etree import ElementTree

        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        for rel in self.doc.part.rels.values():
            if rel.reltype == RT.THEME and not rel.is_external:
                root = ElementTree.fromstring(rel.target_part.blob)
                ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
                latin = root.find(f".//a:{which}Font/a:latin", ns)
                return latin.get("typeface", "") if latin is not None else ""
        return ""

    def _compat_mode(self) -> int:
        settings = self.doc.settings.element
        for setting in settings.iter(_qn("w:compatSetting")):
            if setting.get(_qn("w:name")) == "compatibilityMode":
                value = setting.get(_qn("w:val"), "")
                return int(value) if value.isdigit() else 12
        return 12

    def started(self, paragraph: Paragraph) -> None:
        """A body paragraph was added: it takes a pending page break (or rule above)."""
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        if self.rule_above:
            _paragraph_border(paragraph._p.get_or_add_pPr(), "top", _LINE, 4, space=4)
            paragraph.paragraph_format.space_before = 18 * _EMU_PER_PT
            self.rule_above = False
        self.has_content = True

    # -- blocks

    def blocks(self, node: _Node, sink: _Sink, ctx: _Ctx) -> None:
        pending: list[_Item] = []
        children = list(node.children)
        i = 0
        while i < len(children):
            child = children[i]
            i += 1
            if isinstance(child, str):
                pending.append(_Text(child, ctx.fmt))
                continue
            if child.tag in _DROP:
                continue
            if child.tag not in _BLOCKS:
                _inline(child, ctx.fmt, pending)
                continue
            self.flush(pending, sink, ctx)
            pending = []
            figure = _as_figure(child) if "charts" in node.classes and sink.cell is None else None
            if figure is not None:
                group = [figure]
                while i < len(children):
                    nxt = children[i]
                    if isinstance(nxt, str) and not nxt.strip(" \t\r\n\f"):
                        i += 1
                    elif isinstance(nxt, _Node) and (figure := _as_figure(nxt)) is not None:
                        group.append(figure)
                        i += 1
                    else:
                        break
                if len(group) > 1:
                    self.chart_grid(group)
                    continue
            self.block(child, sink, ctx)
        self.flush(pending, sink, ctx)

    def flush(self, pending: list[_Item], sink: _Sink, ctx: _Ctx, style: str | None = None) -> None:
        items = _collapse(pending, ctx.pre)
        if not any(isinstance(item, _Text) for item in items):
            return
        if style is None and ctx.quote:
            style = "Quote" if self.style("Quote") else None
        paragraph = sink.paragraph(style)
        if ctx.quote and not self.style("Quote"):
            paragraph.paragraph_format.left_indent = 567 * 635  # 1 cm
            ctx = replace(ctx, fmt=replace(ctx.fmt, italic=True))
        if ctx.banner:
            p_pr = paragraph._p.get_or_add_pPr()
            _paragraph_border(p_pr, "left", _AMBER, 24, space=6)
            _shade(p_pr, _PPR_ORDER, "FFF8E6")
            paragraph.paragraph_format.left_indent = 170 * 635
        self.align(paragraph, ctx)
        self.write(paragraph, items, ctx)

    def block(self, node: _Node, sink: _Sink, ctx: _Ctx) -> None:
        tag = node.tag
        if "page-break" in node.classes and sink.cell is None and self.has_content:
            self.break_pending = True
        if node.classes & {"meta", "note"}:
            ctx = replace(ctx, color=_MUTED)
        if "banner" in node.classes:
            ctx = replace(ctx, banner=True)
        if tag == "footer" and sink.cell is None:  # the report's closing line, as in the html
            self.rule_above = True
            self.blocks(node, sink, replace(ctx, color=_MUTED, size=round(self.body_pt * 0.82 * 2) / 2))
            self.rule_above = False
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(node, sink, ctx)
        elif tag in ("p", "summary", "dt", "dd", "caption", "figcaption", "td", "th", "li"):
            self.flush(self.items(node, ctx.fmt), sink, ctx)
        elif tag == "pre":
            self.flush(self.items(node, replace(ctx.fmt, code=True)), sink, replace(ctx, pre=True))
        elif tag in ("ul", "ol"):
            self.listing(node, sink, ctx, 0)
        elif tag == "table":
            if sink.cell is None:
                self.table(node)
            else:  # a table in a table cell: its rows as lines
                for row in _rows(node):
                    line: list[_Item] = []
                    for cell in row.cells:
                        if line:
                            line.append(_Text(" \u2013 ", ctx.fmt))
                        line.extend(self.items(cell.node, ctx.fmt))
                    self.flush(line, sink, ctx)
        elif tag == "figure" or tag == "svg":
            self.figure(node, sink)
        elif tag == "dl":
            self.definitions(node, sink, ctx)
        elif tag == "hr":
            if sink.cell is None:
                paragraph = sink.paragraph()
                paragraph.paragraph_format.space_after = 6 * _EMU_PER_PT
                paragraph.paragraph_format.keep_with_next = True
                _paragraph_border(paragraph._p.get_or_add_pPr(), "bottom", _LINE, 4)
        elif tag == "blockquote":
            self.blocks(node, sink, replace(ctx, quote=True))
        elif tag in ("colgroup", "col"):
            return
        else:  # containers and stray table parts
            self.blocks(node, sink, ctx)

    def items(self, node: _Node, fmt: _Fmt) -> list[_Item]:
        out: list[_Item] = []
        for child in node.children:
            if isinstance(child, str):
                out.append(_Text(child, fmt))
            else:
                _inline(child, fmt, out, flat=True)
        return out

    def heading(self, node: _Node, sink: _Sink, ctx: _Ctx) -> None:
        level = int(node.tag[1])
        name = "Title" if level == 1 else f"Heading {min(level - 1, 4)}"
        style = self.style(name) or self.style(f"Heading {min(level, 4)}")
        items = _collapse(self.items(node, ctx.fmt))
        if not items:
            return
        paragraph = sink.paragraph(style)
        paragraph.paragraph_format.keep_with_next = True
        if style is None:  # a reference document without heading styles
            size = max(self.body_pt, (20, 15, 12.5, 11, 10.5, 10)[level - 1])
            ctx = replace(ctx, fmt=replace(ctx.fmt, bold=True), size=size)
        self.write(paragraph, items, ctx)

    def listing(self, node: _Node, sink: _Sink, ctx: _Ctx, level: int) -> None:
        ordered = node.tag == "ol"
        base = "List Number" if ordered else "List Bullet"
        name = base if level == 0 else f"{base} {min(level + 1, 3)}"
        style = self.style(name) or self.style(base)
        num_id = self.restart(style) if ordered and style else None
        counter = 0
        for li in node.elements():
            if li.tag != "li":
                if li.tag in ("ul", "ol"):
                    self.listing(li, sink, ctx, level + 1)
                continue
            counter += 1
            pending: list[_Item] = []
            first = True

            def emit(items: list[_Item], first_line: bool, number: int = counter) -> None:
                collapsed = _collapse(items)
                if not any(isinstance(it, _Text) for it in collapsed):
                    return
                if style is None and first_line:  # no list styles: draw the marker
                    marker = f"{number}.\u00a0" if ordered else "\u2022\u00a0"
                    collapsed.insert(0, _Text(marker, ctx.fmt))
                para_style = style if first_line else self.style("List Continue")
                paragraph = sink.paragraph(para_style)
                if style is None or not first_line:
                    paragraph.paragraph_format.left_indent = 360 * 635 * (level + 1)
                if first_line and num_id is not None:
                    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = num_id
                self.write(paragraph, collapsed, ctx)

            for child in li.children:
                if isinstance(child, _Node) and child.tag in ("ul", "ol"):
                    emit(pending, first)
                    first = first and not _collapse(pending)
                    pending = []
                    self.listing(child, sink, ctx, level + 1)
                elif isinstance(child, _Node) and child.tag in _BLOCKS:
                    emit(pending, first)
                    first = first and not _collapse(pending)
                    emit(self.items(child, ctx.fmt), first)
                    first = first and not _collapse(self.items(child, ctx.fmt))
                    pending = []
                elif isinstance(child, str):
                    pending.append(_Text(child, ctx.fmt))
                elif child.tag not in _DROP:
                    _inline(child, ctx.fmt, pending)
            emit(pending, first)

    def restart(self, style: str) -> int | None:
        """A new w:num for this <ol>, so that its numbering starts at 1 again."""
        try:
            p_pr = self.doc.styles[style].element.pPr
            num_pr = p_pr.numPr if p_pr is not None else None
            if num_pr is None or num_pr.numId is None:
                return None
            numbering = self.doc.part.numbering_part.element
            num = numbering.num_having_numId(num_pr.numId.val)
            new = numbering.add_num(num.abstractNumId.val)
            new.add_lvlOverride(ilvl=0).add_startOverride(1)
            return int(new.numId)
        except (KeyError, NotImplementedError, AttributeError):
            return None

    def definitions(self, node: _Node, sink: _Sink, ctx: _Ctx) -> None:
        """A <dl> as a borderless two-column table: labels left, values right."""
        pairs: list[tuple[list[_Item], list[list[_Item]]]] = []
        # HTML allows <div> around each dt/dd group
        entries = [g for c in node.elements() for g in (c.elements() if c.tag == "div" else [c])]
        for child in entries:
            if child.tag == "dt":
                pairs.append((self.items(child, replace(ctx.fmt, bold=True)), []))
            elif child.tag == "dd":
                if not pairs:
                    pairs.append(([], []))
                pairs[-1][1].append(self.items(child, ctx.fmt))
        if not pairs:
            return
        if sink.cell is not None:
            for label, values in pairs:
                line = [*label, _Text(": ", replace(ctx.fmt, bold=True))] if label else []
                for n, value in enumerate(values):
                    line.extend(([_Text("; ", ctx.fmt)] if n else []) + value)
                self.flush(line, sink, ctx)
            return
        size = self.body_pt
        label_width = max(_measure(_collapse(label), size, self.factor, table=False)[1] for label, _ in pairs)
        label_twips = round(label_width * 1.2 * _TWIPS_PER_PT) + 2 * _CELL_PAD  # room to spare
        label_twips = max(self.width // 6, min(label_twips, self.width * 2 // 5))
        table = self.new_table(len(pairs), [label_twips, self.width - label_twips], borders=False)
        for row, (label, values) in zip(table.rows, pairs, strict=True):
            _child(row._tr.get_or_add_trPr(), "w:cantSplit", ())
            left, right = row.cells
            self.flush(label, _Sink(self, left), ctx)
            value_sink = _Sink(self, right)
            for value in values:
                self.flush(value, value_sink, ctx)
            for cell in (left, right):
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = 2 * _EMU_PER_PT
        spacer = sink.paragraph()
        spacer.paragraph_format.space_after = 0
        _set(_child(_child(spacer._p.get_or_add_pPr(), "w:rPr", _PPR_ORDER), "w:sz", _RPR_ORDER), val="8")

    # -- runs

    def align(self, paragraph: Paragraph, ctx: _Ctx) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if ctx.align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif ctx.align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def write(self, paragraph: Paragraph, items: list[_Item], ctx: _Ctx) -> None:
        """Runs for `items`; consecutive items with one link target share a w:hyperlink."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement

        link: Any = None
        href: str | None = None
        run: Run | None = None
        for item in items:
            if isinstance(item, _Break):
                if run is None:
                    run = paragraph.add_run()
                run.add_break()
                continue
            fmt = replace(
                item.fmt, bold=item.fmt.bold or ctx.fmt.bold, italic=item.fmt.italic or ctx.fmt.italic
            )
            run = paragraph.add_run()
            self.format(run, fmt, ctx)
            _set_text(run, item.text)
            if fmt.href is None:
                link = href = None
                continue
            if fmt.href != href:
                href = fmt.href
                link = OxmlElement("w:hyperlink")
                r_id = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
                link.set(_qn("r:id"), r_id)
                run._r.addprevious(link)
            link.append(run._r)

    def format(self, run: Run, fmt: _Fmt, ctx: _Ctx) -> None:
        from docx.shared import Pt, RGBColor

        font = run.font
        if fmt.bold:
            font.bold = True
        if fmt.italic:
            font.italic = True
        size = ctx.size
        if fmt.small or fmt.code:
            size = _run_size(size or self.body_pt, fmt, table=ctx.size is not None)
        if size is not None:
            font.size = Pt(round(size * 2) / 2)
        if fmt.code:
            font.name = _MONO_FONT
        if fmt.sup:
            font.superscript = True
        elif fmt.sub:
            font.subscript = True
        colour = fmt.color or ctx.color or (_MUTED if fmt.small else None)
        if fmt.href and not fmt.color:
            colour = "1F4E79"
            font.underline = True
        if colour:
            font.color.rgb = RGBColor.from_string(colour)

    # -- tables

    def new_table(self, rows: int, widths: list[int], borders: bool) -> Table:
        """A fixed-layout table spanning the text width, widths in twips in grid and cells."""
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu
        from docx.table import Table

        if self.break_pending:  # a page break cannot sit on a table: a tiny paragraph takes it
            spacer = self.doc.add_paragraph()
            self.started(spacer)
            spacer.paragraph_format.space_after = 0
            _set(_child(_child(spacer._p.get_or_add_pPr(), "w:rPr", _PPR_ORDER), "w:sz", _RPR_ORDER), val="2")
        self.has_content = True
        tbl = CT_Tbl.new_tbl(rows, len(widths), Emu(635 * sum(widths)))
        self.doc.element.body._insert_tbl(tbl)
        table = Table(tbl, self.doc)
        tbl_pr = tbl.tblPr
        style = self.style("Table Grid") if borders else None
        if style:
            table.style = style
        else:
            for old in tbl_pr.findall(_qn("w:tblStyle")):
                tbl_pr.remove(old)
        _set(_child(tbl_pr, "w:tblW", _TBLPR_ORDER), w=str(sum(widths)), type="dxa")
        indent = 0 if self.modern_tables or not borders else _CELL_PAD
        _set(_child(tbl_pr, "w:tblInd", _TBLPR_ORDER), w=str(indent), type="dxa")
        if borders and self.house_borders:  # as the html: horizontal rules only
            _borders(tbl_pr, "w:tblBorders", ("top", "left", "right", "insideV"), "nil")
            _borders(tbl_pr, "w:tblBorders", ("bottom", "insideH"), "single")
        elif not borders:
            _borders(tbl_pr, "w:tblBorders", _SIDES, "nil")
        _set(_child(tbl_pr, "w:tblLayout", _TBLPR_ORDER), type="fixed")
        margins = _child(tbl_pr, "w:tblCellMar", _TBLPR_ORDER)
        pad = str(_CELL_PAD) if borders else "0"
        for side, value in (("top", "28"), ("left", pad), ("bottom", "28"), ("right", pad)):
            _set(
                _child(margins, "w:" + side, ("w:top", "w:left", "w:bottom", "w:right")), w=value, type="dxa"
            )
        look = _child(tbl_pr, "w:tblLook", _TBLPR_ORDER)
        for key in list(look.attrib):
            del look.attrib[key]
        look_flags = {"firstRow": "1", "lastRow": "0", "firstColumn": "0", "lastColumn": "0"}
        _set(look, val="04A0", noHBand="1", noVBand="1", **look_flags)
        for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = Emu(width * 635)
        for tr in tbl.tr_lst:
            for tc, width in zip(tr.tc_lst, widths, strict=True):
                _set(_child(tc.get_or_add_tcPr(), "w:tcW", _TCPR_ORDER), w=str(width), type="dxa")
        return table

    def table(self, node: _Node) -> None:
        from docx.table import _Cell

        rows = _rows(node)
        if not rows:
            return
        # a column exists where some cell starts (or the colgroup says so): a colspan
        # running past the last one is cut, as a browser shows it
        starts = max(sum(c.span for c in row.cells[:-1]) + 1 for row in rows)
        ncols = max(starts, len(_col_percentages(node, 0)))
        caption = node.find("caption")
        if caption is not None:
            paragraph = self.doc.add_paragraph(style=self.style("Caption"))
            self.started(paragraph)
            paragraph.paragraph_format.keep_with_next = True
            self.write(paragraph, _collapse(self.items(caption, _Fmt())), _Ctx())
        size, widths, squeezed = self.columns(node, rows, ncols)
        table = self.new_table(len(rows), widths, borders=True)
        for row, tr in zip(rows, table._tbl.tr_lst, strict=True):
            tr_pr = tr.get_or_add_trPr()
            _child(tr_pr, "w:cantSplit", ())
            if row.header:
                _child(tr_pr, "w:tblHeader", ())
            tcs = list(tr.tc_lst)
            col = 0
            for cell in row.cells:
                if col >= ncols:
                    break
                span = min(cell.span, ncols - col)
                tc = tcs[col]
                for extra in tcs[col + 1 : col + span]:
                    tr.remove(extra)
                tc_pr = tc.get_or_add_tcPr()
                _set(_child(tc_pr, "w:tcW", _TCPR_ORDER), w=str(sum(widths[col : col + span])), type="dxa")
                if span > 1:
                    _set(_child(tc_pr, "w:gridSpan", _TCPR_ORDER), val=str(span))
                if row.header:
                    _shade(tc_pr, _TCPR_ORDER, _BAND)
                    if self.house_borders:  # as the html: a strong rule under the header
                        _borders(tc_pr, "w:tcBorders", ("bottom",), "single", _INK, 12)
                if row.detail:
                    _borders(tc_pr, "w:tcBorders", ("top",), "nil")
                ctx = _Ctx(
                    fmt=_cell_fmt(cell),
                    size=_detail_size(size) if row.detail else size,
                    color=_MUTED if row.detail else None,
                    align="right" if cell.num else None,
                )
                room = sum(widths[col : col + span]) - 2 * _CELL_PAD
                self.blocks(cell.node, _Sink(self, _Cell(tc, table), room), ctx)
                col += span
        # a detail row stays with its row: no rule between them, and kept together
        trs = table._tbl.tr_lst
        for i, row in enumerate(rows):
            if row.detail and i > 0:
                for tc in trs[i - 1].tc_lst:
                    _borders(tc.get_or_add_tcPr(), "w:tcBorders", ("bottom",), "nil")
                    for p in tc.p_lst:
                        p.get_or_add_pPr()
                        _child(p.pPr, "w:keepNext", _PPR_ORDER)
        # Where a word cannot fit whatever we do, Word's hyphenation for the document's
        # language breaks it at a proper place ("Arbetsmarknads-förvaltningen"); every
        # other cell keeps hyphenation off.
        for tr in trs:
            col = 0
            for tc in tr.tc_lst:
                hyphenate = tc.grid_span == 1 and col in squeezed
                for p in tc.p_lst:
                    flag = _child(p.get_or_add_pPr(), "w:suppressAutoHyphens", _PPR_ORDER)
                    if hyphenate:
                        _set(flag, val="0")
                        self.hyphenate = True
                col += tc.grid_span

    def columns(self, node: _Node, rows: list[_Row], ncols: int) -> tuple[float, list[int], set[int]]:
        """The font size and column widths (twips) that keep every word whole, if possible,
        and the columns where that is impossible."""
        prefs = _col_percentages(node, ncols)
        total = self.width / _TWIPS_PER_PT
        pad = 2 * _CELL_PAD / _TWIPS_PER_PT + 1.5
        cells = []
        for row in rows:
            col = 0
            for cell in row.cells:
                items = _collapse(self.items(cell.node, _cell_fmt(cell)))
                cells.append((col, min(cell.span, ncols - col), items, cell.header, row.detail))
                col += cell.span
        size = _TABLE_PT
        while True:
            mins = [pad + 6.0] * ncols
            maxs = [pad + 6.0] * ncols
            spanning = []
            for col, span, items, header, detail in cells:
                if span <= 0:
                    continue
                cell_size = _detail_size(size) if detail else size
                word, line = _measure(items, cell_size, self.factor, header)
                if span == 1:
                    mins[col] = max(mins[col], word + pad)
                    maxs[col] = max(maxs[col], line + pad)
                else:
                    spanning.append((col, span, word + pad))
            for col, span, need in spanning:  # a spanning cell's word needs its columns together
                have = sum(mins[col : col + span])
                if have < need:
                    for c in range(col, col + span):
                        mins[c] += (need - have) / span
            if sum(mins) <= total or size <= _MIN_TABLE_PT:
                break
            size -= 0.5
        widths_pt = _fit_columns(mins, [max(a, b) for a, b in zip(mins, maxs, strict=True)], prefs, total)
        twips = [max(1, math.floor(w * _TWIPS_PER_PT)) for w in widths_pt]
        twips[max(range(ncols), key=lambda i: twips[i])] += self.width - sum(twips)
        return size, twips, {i for i in range(ncols) if widths_pt[i] < mins[i] - 0.01}

    # -- figures

    def chart_grid(self, figures: list[_Node]) -> None:
        """Figures two per row, in a borderless table of two equal columns."""
        from docx.table import _Cell

        half = self.width // 2
        table = self.new_table((len(figures) + 1) // 2, [half, self.width - half], borders=False)
        margins = table._tbl.tblPr.find(_qn("w:tblCellMar"))
        for side in ("left", "right"):
            _set(margins.find(_qn("w:" + side)), w=str(_GRID_GUTTER))
        for n, figure in enumerate(figures):
            tr = table._tbl.tr_lst[n // 2]
            _child(tr.get_or_add_trPr(), "w:cantSplit", ())
            cell = _Cell(tr.tc_lst[n % 2], table)
            self.figure(figure, _Sink(self, cell, half - 2 * _GRID_GUTTER))

    def figure(self, node: _Node, sink: _Sink) -> None:
        """The SVG as a PNG picture (with its title and description as alt text), then the
        caption; `data-width` is the share of the text width it takes, as in the html."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Emu

        svg = node if node.tag == "svg" else node.find("svg")
        caption = node.find("figcaption")
        title = desc = ""
        if svg is not None:
            for child in svg.elements():
                if child.tag == "title" and not title:
                    title = _SPACE.sub(" ", child.text()).strip(" ")
                elif child.tag == "desc" and not desc:
                    desc = _SPACE.sub(" ", child.text()).strip(" ")
        percent = _number(node.attrs.get("data-width", "")) or 100.0
        width = min(sink.width, self.width * min(percent, 100.0) / 100.0)  # twips
        picture = None
        if svg is not None and svg.svg:
            ratio = _aspect(svg)
            height = width * ratio
            if height > self.height * 0.8:
                height = self.height * 0.8
                width = height / ratio
            picture = _png(svg.svg, math.ceil(width / 1440 * _DPI), self.css)
        if picture is not None:
            paragraph = sink.paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt = paragraph.paragraph_format
            fmt.keep_with_next = caption is not None
            if sink.cell is None:
                fmt.space_before = 6 * _EMU_PER_PT
            run = paragraph.add_run()
            run.add_picture(
                io.BytesIO(picture), width=Emu(round(width) * 635), height=Emu(round(height) * 635)
            )
            for doc_pr in run._r.iter(
                "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
            ):
                doc_pr.set("descr", desc or title)
                if title:
                    doc_pr.set("title", title)
        elif title or desc:  # the picture could not be drawn: say what it showed
            self.flush([_Text(": ".join(x for x in (title, desc) if x), _Fmt(italic=True))], sink, _Ctx())
        if caption is not None:
            ctx = _Ctx(align="center")
            self.flush(
                self.items(caption, _Fmt()), sink, ctx, style="Caption" if self.style("Caption") else None
            )


def _cell_fmt(cell: _CellSpec) -> _Fmt:
    """Header cells are bold; amounts (td.num) do not wrap, as in the html."""
    return _Fmt(bold=cell.header, nowrap=cell.num and not cell.header)


def _detail_size(size: float) -> float:
    """A detail row's font: a little smaller than its table's."""
    return max(_MIN_TABLE_PT - 0.5, size - 1)


@dataclass
class _CellSpec:
    node: _Node
    span: int
    header: bool
    num: bool


@dataclass
class _Row:
    cells: list[_CellSpec]
    header: bool
    detail: bool


def _rows(table: _Node) -> list[_Row]:
    rows: list[_Row] = []

    def walk(node: _Node, header: bool) -> None:
        for child in node.elements():
            if child.tag in ("thead", "tbody", "tfoot"):
                walk(child, child.tag == "thead")
            elif child.tag == "tr":
                cells = [
                    _CellSpec(
                        c,
                        max(1, min(int(_number(c.attrs.get("colspan", "")) or 1), 1000)),
                        c.tag == "th",
                        "num" in c.classes,
                    )
                    for c in child.elements()
                    if c.tag in ("td", "th")
                ]
                if cells:
                    rows.append(_Row(cells, header, "detail" in child.classes))

    walk(table, False)
    if rows and not any(r.header for r in rows) and all(c.header for c in rows[0].cells):
        rows[0].header = True
    return rows


_PERCENT = re.compile(r"(?:^|;)\s*width\s*:\s*([\d.]+)\s*%")


def _col_percentages(table: _Node, ncols: int) -> list[float | None]:
    prefs: list[float | None] = []
    for group in table.elements():
        if group.tag != "colgroup":
            continue
        cols = [c for c in group.elements() if c.tag == "col"] or [group]
        for col in cols:
            match = _PERCENT.search(col.attrs.get("style", ""))
            width = col.attrs.get("width", "")
            value = float(match.group(1)) if match else _number(width[:-1]) if width.endswith("%") else None
            span = max(1, min(int(_number(col.attrs.get("span", "")) or 1), 1000))
            prefs.extend([value / span if value else None] * span)
    if ncols:
        prefs = prefs[:ncols] + [None] * (ncols - len(prefs))
    return prefs


def _as_figure(node: _Node) -> _Node | None:
    """The figure that `node` is, or wraps alone (<div class="chart"><figure>…)."""
    while node.tag != "figure":
        if node.tag not in _CONTAINERS or any(
            isinstance(c, str) and c.strip(" \t\r\n\f") for c in node.children
        ):
            return None
        inner = list(node.elements())
        if len(inner) != 1:
            return None
        node = inner[0]
    return node


def _all(node: _Node, tag: str) -> Iterator[_Node]:
    for child in node.elements():
        if child.tag == tag:
            yield child
        yield from _all(child, tag)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _aspect(svg: _Node) -> float:
    """Height / width from the viewBox, else from width and height."""
    box = svg.attrs.get("viewbox", "").replace(",", " ").split()
    if len(box) == 4:
        w, h = _number(box[2]), _number(box[3])
        if w and h:
            return h / w
    w = _number(re.sub(r"px$", "", svg.attrs.get("width", "")))
    h = _number(re.sub(r"px$", "", svg.attrs.get("height", "")))
    return h / w if w and h else 0.5


_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


def _svg_xml(raw: str) -> str:
    """Inline SVG as standalone XML: HTML's named entities become numeric, namespaces added."""

    def entity(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        text = html.entities.html5.get(name + ";")
        return "".join(f"&#{ord(c)};" for c in text) if text else match.group(0)

    text = _ENTITY.sub(entity, raw)
    head = text[: text.find(">") + 1]
    additions = ""
    if "xmlns=" not in head:
        additions += ' xmlns="http://www.w3.org/2000/svg"'
    if "xlink:" in text and "xmlns:xlink" not in head:
        additions += ' xmlns:xlink="http://www.w3.org/1999/xlink"'
    return text[:4] + additions + text[4:] if additions else text


_CSS_VARIABLE = re.compile(r"(--[\w-]+)\s*:\s*([^;{}]+)")
_CSS_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*))?\)")


def _resolve_vars(text: str, variables: dict[str, str]) -> str:
    """CSS var() replaced by its value (resvg knows no custom properties)."""

    def value(match: re.Match[str]) -> str:
        found = variables.get(match.group(1))
        return found if found is not None else (match.group(2) or "").strip()

    for _ in range(4):  # a value may itself use var()
        text, count = _CSS_VAR.subn(value, text)
        if not count:
            break
    return text


def _png(raw_svg: str, pixels: int, css: str = "") -> bytes | None:
    """The SVG drawn on white, `pixels` wide. As in the browser, the page's style sheet
    applies (first definitions of its custom properties, so light-mode colours), and text
    without a font family is sans-serif. Without the style sheet if resvg rejects it."""
    import resvg_py

    variables: dict[str, str] = {}
    for name, value in _CSS_VARIABLE.findall(css):
        variables.setdefault(name, value.strip())
    svg = _resolve_vars(_svg_xml(raw_svg), variables)
    sheet = _resolve_vars(css, variables)
    head = svg[: svg.find(">") + 1]
    if "font-family" not in head:
        sheet = "svg { font-family: sans-serif; }\n" + sheet
    for style_sheet in (sheet, None):
        try:
            return bytes(
                resvg_py.svg_to_bytes(
                    svg_string=svg, width=max(pixels, 16), background="#ffffff", style_sheet=style_sheet
                )
            )
        except (ValueError, RuntimeError, OSError):
            continue
    return None


def _set_text(run: Run, text: str) -> None:
    """The text of a run; a hyphen between digits (dates, ids) becomes a non-breaking one,
    so "2024-06-01" never wraps at its hyphens."""
    from docx.oxml import OxmlElement

    for n, part in enumerate(re.split(r"(?<=\d)-(?=\d)", text)):
        if n:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if part:
            t = OxmlElement("w:t")
            t.text = part
            if part != part.strip(" "):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run._r.append(t)


# ---------------------------------------------------------------- document setup


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class ReferenceDocProblem(ValueError):
    """The reference document cannot be used: `reason` is `missing` or `unreadable`."""

    def __init__(self, path: pathlib.Path, reason: str, detail: str = "") -> None:
        super().__init__(f"reference document {path}: {reason}{f' ({detail})' if detail else ''}")
        self.path = path
        self.reason = reason


def _open(reference_doc: pathlib.Path | None) -> Document:
    """A new document, or the reference document (.docx or .dotx) emptied of its body."""
    import docx

    if reference_doc is None:
        return docx.Document()
    path = pathlib.Path(reference_doc)
    if not path.is_file():
        raise ReferenceDocProblem(path, "missing")
    try:
        data = path.read_bytes()
        # a Word template (.dotx) is a document with another content type
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            types = source.read("[Content_Types].xml")
            if _TEMPLATE_TYPE in types:
                patched = io.BytesIO()
                with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
                    for info in source.infolist():
                        content = source.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                        target.writestr(info, content)
                data = patched.getvalue()
        doc = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises assorted errors for non-Word files
        raise ReferenceDocProblem(path, "unreadable", str(error)) from error
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)
    return doc


def _house_style(doc: Document) -> None:
    """Without a reference document: A4, Arial, and headings that look like a report."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    section = doc.sections[-1]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = section.right_margin = section.left_margin = Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(key), None)
        _set(fonts, ascii=_BASE_FONT, hAnsi=_BASE_FONT, cs=_BASE_FONT, eastAsia=_BASE_FONT)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            _set(_child(r_pr, "w:rFonts", _RPR_ORDER), ascii=_BASE_FONT, hAnsi=_BASE_FONT, cs=_BASE_FONT)
            for tag in ("w:sz", "w:szCs"):
                _set(_child(r_pr, tag, _RPR_ORDER), val=str(round(_BODY_PT * 2)))
        p_pr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
        if p_pr is not None:
            _set(_child(p_pr, "w:spacing", _PPR_ORDER), after="120", line="264", lineRule="auto")
    looks = {
        "Title": (20.0, True, _INK, 0, 10),
        "Heading 1": (15.0, True, _INK, 18, 8),
        "Heading 2": (12.5, True, _INK, 14, 4),
        "Heading 3": (11.0, True, _INK, 10, 3),
        "Heading 4": (10.5, True, _INK, 8, 2),
        "Caption": (8.5, False, _MUTED, 2, 8),
        "Quote": (_BODY_PT, False, _MUTED, 4, 8),
    }
    for name, (size, bold, colour, before, after) in looks.items():
        if name not in doc.styles:
            continue
        style: Any = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = name == "Quote"
        style.font.color.rgb = RGBColor.from_string(colour)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        p_pr = style.element.get_or_add_pPr()
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)
        if name == "Heading 1":  # as the html's h2: a rule under it
            _paragraph_border(p_pr, "bottom", _INK, 12, space=2)
        r_pr = style.element.rPr
        if r_pr is not None:
            for tag in ("w:spacing", "w:kern"):
                for old in r_pr.findall(qn(tag)):
                    r_pr.remove(old)
    # Word 2013+ table layout: a table's border, not its text, lines up with the margin
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is not None:
        for setting in compat.findall(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")


def _footer(doc: Document, title: str) -> None:
    """Without a reference document: the report's title left, the page number right."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Emu, Pt, RGBColor

    section = doc.sections[-1]
    width = Emu((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
    for name in ("Header", "Footer"):  # the template's tab stops are for US Letter
        if name in doc.styles:
            style: Any = doc.styles[name]
            p_pr = style.element.get_or_add_pPr()
            for tabs in p_pr.findall(_qn("w:tabs")):
                p_pr.remove(tabs)
            style.paragraph_format.tab_stops.add_tab_stop(Emu(width // 2), WD_TAB_ALIGNMENT.CENTER)
            style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Emu(width // 2), WD_TAB_ALIGNMENT.CLEAR)
    for text in (title, "\t"):
        run = paragraph.add_run(text)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor.from_string(_MUTED)
    field_ = OxmlElement("w:fldSimple")
    field_.set(_qn("w:instr"), " PAGE ")
    run = paragraph.add_run("1")
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor.from_string(_MUTED)
    run._r.addprevious(field_)
    field_.append(run._r)


def _language(doc: Document, lang: str) -> None:
    """Spelling and hyphenation language: document defaults, every style, theme fonts."""
    styles = doc.styles.element
    defaults = styles.find(_qn("w:docDefaults"))
    if defaults is not None:
        r_pr_default = _child(defaults, "w:rPrDefault", ("w:rPrDefault", "w:pPrDefault"))
        r_pr = _child(r_pr_default, "w:rPr", ())
        _set(_child(r_pr, "w:lang", _RPR_ORDER), val=lang)
    for element in styles.iter(_qn("w:lang")):
        _set(element, val=lang)
    settings = doc.settings.element
    theme_lang = settings.find(_qn("w:themeFontLang"))
    if theme_lang is not None:
        _set(theme_lang, val=lang)


def _allow_hyphenation(doc: Document) -> None:
    """Automatic hyphenation on for the paragraphs that ask for it (w:suppressAutoHyphens
    w:val="0"); when the document had it off, every other paragraph stays unhyphenated."""
    settings = doc.settings.element
    current = settings.find(_qn("w:autoHyphenation"))
    if current is not None:
        if current.get(_qn("w:val"), "true") in ("true", "1", "on"):
            return
        current.set(_qn("w:val"), "true")
    else:
        tab_stop = settings.find(_qn("w:defaultTabStop"))
        if tab_stop is None:  # nowhere we know to put it in schema order
            return
        tab_stop.addnext(_set(_new("w:autoHyphenation"), val="true"))
    defaults = _child(doc.styles.element, "w:docDefaults", ("w:docDefaults", "w:latentStyles", "w:style"))
    p_pr_default = _child(defaults, "w:pPrDefault", ("w:rPrDefault", "w:pPrDefault"))
    _child(_child(p_pr_default, "w:pPr", ()), "w:suppressAutoHyphens", _PPR_ORDER)


def _new(tag: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(tag)


def _drop_thumbnail(doc: Document) -> None:
    """A template's preview picture would show the template, not this report."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = doc.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[r_id]


def _repack(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _require() -> None:
    try:
        import docx  # noqa: F401
        import resvg_py  # noqa: F401
    except ImportError as error:
        raise WordUnavailable(
            f"Word output needs python-docx and resvg-py ({error.name or 'missing'} is not installed): "
            f"{INSTALL_HINT}"
        ) from error


def to_docx(html: str, *, reference_doc: pathlib.Path | None = None, created: dt.date | None = None) -> bytes:
    """The report's HTML as .docx bytes; `reference_doc` lends page setup, styles, header
    and footer; `created` is the date in the document properties (and makes it reproducible)."""
    _require()
    doc = _open(reference_doc)
    tree = _parse(html)
    root = tree.find("html") or tree
    head = tree.find("head")
    title_node = head.find("title") if head is not None else None  # not an <svg>'s title
    title = _SPACE.sub(" ", title_node.text()).strip(" ") if title_node is not None else ""
    lang_attr = root.attrs.get("lang", "").strip()
    lang = _LANGS.get(lang_attr.lower(), lang_attr) if lang_attr else ""
    if reference_doc is None:
        _house_style(doc)
        _footer(doc, title)
    if lang:
        _language(doc, lang)
    css = "\n".join(node.text() for node in _all(tree, "style"))
    writer = _Writer(doc, reference=reference_doc is not None, css=css)
    body = tree.find("body") or root
    writer.blocks(body, _Sink(writer), _Ctx())
    if not writer.has_content:
        doc.add_paragraph()
    if writer.hyphenate:
        _allow_hyphenation(doc)
    props = doc.core_properties
    moment = (
        dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
        if created is not None
        else _FIXED_TIME
    )
    props.title = title
    props.language = lang
    props.author = "progstyr"
    props.last_modified_by = "progstyr"
    props.created = moment
    props.modified = moment
    props.revision = 1
    _drop_thumbnail(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _repack(buffer.getvalue())
