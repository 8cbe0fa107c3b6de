"""The report's pictures as plain SVG text: benefits map, project timeline, indicator charts.

One SVG serves both reports: the HTML report inlines it, the Word report rasterises the
same text. So the pictures use only what every SVG renderer draws alike (no CSS, no
web fonts, no `dominant-baseline`), carry their own text alternative, and never rely
on colour alone: every colour difference is repeated by a line style, pattern or
symbol, so a black-and-white print reads the same.

Text widths cannot be measured without the font, so they are estimated on the wide
side (DejaVu Sans, the widest of the fonts named) and every label is wrapped, shrunk
or cut to fit its box by that estimate. Output depends only on the input: identical
input gives identical bytes, and every id starts with the caller's `id_prefix`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from progstyr import i18n, textfmt
from progstyr.benefitmap import Level
from progstyr.coverage import (
    GapCoverage,
    IndicatorProgress,
    Point,
    ProgrammeCoverage,
    ProjectSummary,
    SharedComparison,
)
from progstyr.model import BenefitLevel

_FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
_INK = "#1a1a1a"
_MUTED = "#555555"
_GRID = "#d9d9d9"
_MIN_FONT = 10.0
"""The smallest text in the map and the timeline, at native size."""
_HALO = 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
"""A white outline behind text that sits on lines, so that it stays readable."""


@dataclass(frozen=True, slots=True)
class Picture:
    """One finished picture: the SVG and, as plain text, what it shows in words."""

    svg: str
    title: str
    alt: str
    width: float
    height: float


# ---------------------------------------------------------------- text and numbers


def _esc(text: str) -> str:
    """Text as XML character data or attribute value; characters XML forbids are dropped."""
    cleaned = "".join(
        ch
        for ch in text
        if ch in "\t\n\r" or (" " <= ch < "\ud800") or ("\ue000" <= ch <= "\ufffd") or ch >= "\U00010000"
    )
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no `-0`; never NaN or infinite."""
    if not math.isfinite(value):
        raise ValueError(f"coordinate is not a finite number: {value!r}")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_WIDE = {
    "m": 0.98, "w": 0.82, "M": 0.87, "W": 1.0, "%": 0.96, "@": 1.0, "—": 1.0, "…": 1.0,
    "æ": 0.98, "œ": 1.0, "Æ": 0.98, "Œ": 1.07, "&": 0.78, "#": 0.84,
}  # fmt: skip


def _char_width(ch: str) -> float:
    """One character's advance in em, never below 0.6: on the wide side for DejaVu Sans."""
    if ch in _WIDE:
        return _WIDE[ch]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper() and ch not in "IJ":
        return 0.8
    return 0.64 if ch.isdigit() else 0.6


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width of `text` in px at font size `size` (at least 0.6 em a character)."""
    width = size * sum(_char_width(ch) for ch in text)
    return width * 1.12 if bold else width


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words and hyphen-ended word parts, each with whether a space precedes it."""
    tokens: list[tuple[str, bool]] = []
    for word in text.split():
        parts = word.split("-")
        for index, part in enumerate(parts):
            piece = part + ("-" if index < len(parts) - 1 else "")
            if piece:
                tokens.append((piece, index == 0))
    return tokens


def _pieces(token: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for a line, broken into hyphen-ended pieces of about equal length."""
    start = max(2, math.ceil(_text_width(token, size, bold=bold) / width))
    for count in range(start, len(token) + 1):
        length = math.ceil(len(token) / count)
        pieces = [token[i : i + length] for i in range(0, len(token), length)]
        shown = [piece + "-" for piece in pieces[:-1]] + pieces[-1:]
        if all(_text_width(piece, size, bold=bold) <= width for piece in shown):
            return shown
    return list(token)


def _fill(tokens: list[tuple[str, bool]], width: float, size: float, bold: bool) -> list[str]:
    """Greedy line filling; a token wider than `width` is broken with hyphens."""
    lines: list[str] = []
    line = ""
    for token, spaced in tokens:
        candidate = (line + (" " if spaced else "") + token) if line else token
        if _text_width(candidate, size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        if _text_width(token, size, bold=bold) > width:
            *whole, token = _pieces(token, width, size, bold)
            lines.extend(whole)
        line = token
    if line:
        lines.append(line)
    return lines


def _cut(line: str, width: float, size: float, bold: bool) -> str:
    """`line` with an ellipsis, shortened until it fits `width`."""
    text = line.rstrip()
    while text and _text_width(text + "…", size, bold=bold) > width:
        text = text[:-1].rstrip()
    return text + "…"


def _wrap(
    text: str,
    width: float,
    size: float,
    *,
    min_size: float | None = None,
    max_lines: int | None = None,
    bold: bool = False,
) -> tuple[float, list[str]]:
    """The font size and lines that fit `text` into `width` px.

    A word too long for the line at `size` gets the whole label a smaller font when that
    (down to `min_size`) lets it fit; else, as the last resort, it is broken with hyphens
    at the full size. A label longer than `max_lines` also gets a smaller font, down to
    `min_size`; what still does not fit is dropped and the last line ends with an ellipsis.
    """
    tokens = _tokens(" ".join(text.split()))
    if not tokens:
        return size, [""]
    smallest = size if min_size is None else min(size, min_size)
    longest = max(_text_width(token, 1.0, bold=bold) for token, _ in tokens)
    fitted = size
    if smallest * longest <= width:  # a smaller font saves the word from being broken
        while longest * fitted > width:
            fitted = max(smallest, fitted - 0.5)
    lines = _fill(tokens, width, fitted, bold)
    while max_lines is not None and len(lines) > max_lines and fitted > smallest:  # shrink before cutting
        fitted = max(smallest, fitted - 0.5)
        lines = _fill(tokens, width, fitted, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _cut(lines[-1], width, fitted, bold)
    return fitted, lines


def _text(
    x: float,
    y: float,
    lines: Sequence[str],
    size: float,
    *,
    anchor: str = "start",
    bold: bool = False,
    fill: str = _INK,
    line_height: float | None = None,
    extra: str = "",
) -> str:
    """A <text>: one line directly, several as <tspan>s; `y` is the first baseline."""
    step = line_height if line_height is not None else size * 1.25
    attrs = f'font-size="{_n(size)}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if extra:
        attrs += " " + extra
    if len(lines) == 1:
        return f'<text x="{_n(x)}" y="{_n(y)}" {attrs}>{_esc(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(y + i * step)}">{_esc(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f"<text {attrs}>{spans}</text>"


def _first_baseline(center: float, count: int, size: float, line_height: float) -> float:
    """The first baseline that centres `count` lines on `center`."""
    return center - count * line_height / 2 + line_height / 2 + 0.36 * size


def _svg(
    width: float, height: float, prefix: str, name: str, title: str, alt: str, body: Sequence[str]
) -> Picture:
    """Wrap the drawing into a complete, self-describing <svg> element, sized in whole px."""
    width, height = float(math.ceil(width)), float(math.ceil(height))
    title_id = _esc(f"{prefix}{name}-title")
    desc_id = _esc(f"{prefix}{name}-desc")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{_FONT}">'
        f'<title id="{title_id}">{_esc(title)}</title>'
        f'<desc id="{desc_id}">{_esc(alt)}</desc>'
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>'
    )
    return Picture(svg=head + "".join(body) + "</svg>", title=title, alt=alt, width=width, height=height)


def _plain(text: str) -> str:
    """A name on one line: runs of white space (line breaks too) as one space."""
    return " ".join(str(text).split())


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held within the calendar Python knows (years 1-9999)."""
    ordinal = min(max(day.toordinal() + days, 1), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal)


def _jan1(year: int) -> dt.date:
    """1 January of `year`; after year 9999, the last day there is."""
    return dt.date(year, 1, 1) if year <= dt.date.max.year else dt.date.max


def _listing(names: Iterable[str], empty: str) -> str:
    items = list(names)
    return ", ".join(items) if items else empty


def _flow(items: Sequence[float], width: float, spacing: float) -> list[list[int]]:
    """Indices of `items` (widths) laid out in rows no wider than `width`."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, item in enumerate(items):
        if rows[-1] and used + spacing + item > width:
            rows.append([])
            used = 0.0
        used += (spacing if rows[-1] else 0.0) + item
        rows[-1].append(index)
    return rows


def _legend(
    items: Sequence[tuple[str, str]],
    left: float,
    top: float,
    width: float,
    size: float,
    swatch: tuple[float, float],
    row: float,
    spacing: float,
) -> tuple[list[str], float]:
    """Legend entries in rows: each a swatch (drawn at the origin in a box of the size
    `swatch`) with its label; returns the parts and the bottom edge."""
    box_width, box_height = swatch
    labels = [_wrap(label, width - box_width - 8, size, max_lines=1)[1][0] for label, _ in items]
    widths = [box_width + 8 + _text_width(label, size) for label in labels]
    parts = ['<g class="legend">']
    y = top
    for indices in _flow(widths, width, spacing):
        x = left
        for index in indices:
            parts.append(
                f'<g class="legend-item"><g transform="translate({_n(x)} {_n(y)})">{items[index][1]}</g>'
                + _text(x + box_width + 8, y + box_height / 2 + 0.36 * size, [labels[index]], size)
                + "</g>"
            )
            x += widths[index] + spacing
        y += row
    parts.append("</g>")
    return parts, y


# ---------------------------------------------------------------- layered layout


_Layers = list[list[str]]
_Edge = tuple[str, str]


def _crossings(layers: _Layers, edges: Sequence[_Edge]) -> int:
    """Edge crossings between neighbouring layers (edges join neighbouring layers only).

    Per pair of layers: edges sorted by their upper end, then the inversions among their
    lower ends, counted with a Fenwick tree (n log n, so large maps stay quick).
    """
    where = {key: (depth, index) for depth, layer in enumerate(layers) for index, key in enumerate(layer)}
    by_depth: dict[int, list[tuple[int, int]]] = {}
    for source, target in edges:
        depth, upper = where[source]
        by_depth.setdefault(depth, []).append((upper, where[target][1]))
    total = 0
    for depth, pairs in sorted(by_depth.items()):
        size = len(layers[depth + 1])
        tree = [0] * (size + 1)
        for seen, (_, lower) in enumerate(sorted(pairs)):
            at_most = 0  # edges seen so far whose lower end is at or before this one
            index = lower + 1
            while index > 0:
                at_most += tree[index]
                index -= index & -index
            total += seen - at_most
            index = lower + 1
            while index <= size:
                tree[index] += 1
                index += index & -index
    return total


def _neighbours(edges: Sequence[_Edge]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Predecessors and successors of each node."""
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for source, target in edges:
        after.setdefault(source, []).append(target)
        before.setdefault(target, []).append(source)
    return before, after


def _barycenter(positions: list[int]) -> float:
    return sum(positions) / len(positions)


def _median(positions: list[int]) -> float:
    middle = len(positions) // 2
    if len(positions) % 2:
        return float(positions[middle])
    return (positions[middle - 1] + positions[middle]) / 2


def _sweep(
    layers: _Layers,
    link: dict[str, list[str]],
    downward: bool,
    measure: Callable[[list[int]], float],
) -> _Layers:
    """One pass ordering each layer by its neighbours in the layer just placed."""
    result = [list(layer) for layer in layers]
    depths = range(1, len(result)) if downward else range(len(result) - 2, -1, -1)
    for depth in depths:
        fixed = result[depth - 1] if downward else result[depth + 1]
        place = {key: index for index, key in enumerate(fixed)}
        current = {key: index for index, key in enumerate(result[depth])}

        def value(key: str, place: dict[str, int] = place, current: dict[str, int] = current) -> float:
            found = sorted(place[other] for other in link.get(key, ()) if other in place)
            return measure(found) if found else float(current[key])

        result[depth].sort(key=lambda key: (value(key), key))
    return result


def _pair_crossings(ours: list[int], theirs: list[int]) -> tuple[int, int]:
    """Crossings between two nodes' edges to one layer: with the first node left of the
    second, and the other way round (positions of the edges' other ends, sorted)."""
    left = right = 0
    for a in ours:
        left += bisect.bisect_left(theirs, a)
        right += len(theirs) - bisect.bisect_right(theirs, a)
    return left, right


def _transpose(layers: _Layers, before: dict[str, list[str]], after: dict[str, list[str]]) -> _Layers:
    """Swap neighbours within a layer while that removes crossings (local refinement)."""
    result = [list(layer) for layer in layers]
    for _ in range(len(result) * 4):
        improved = False
        for depth, layer in enumerate(result):
            ends: dict[str, tuple[list[int], list[int]]] = {}
            for link, other in ((before, depth - 1), (after, depth + 1)):
                place = {key: i for i, key in enumerate(result[other])} if 0 <= other < len(result) else {}
                for key in layer:
                    found = sorted(place[o] for o in link.get(key, ()) if o in place)
                    ends[key] = (ends[key][0], found) if key in ends else (found, [])
            for index in range(len(layer) - 1):
                a, b = layer[index], layer[index + 1]
                up_now, up_swapped = _pair_crossings(ends[a][0], ends[b][0])
                down_now, down_swapped = _pair_crossings(ends[a][1], ends[b][1])
                if up_swapped + down_swapped < up_now + down_now:
                    layer[index], layer[index + 1] = b, a
                    improved = True
        if not improved:
            break
    return result


def _shuffled(layers: _Layers, seed: int) -> _Layers:
    """The layers in a pseudo-random order fixed by `seed` (own generator: stable everywhere)."""
    state = (seed * 2654435761) % 2**31 or 1
    result = []
    for layer in layers:
        items = list(layer)
        for index in range(len(items) - 1, 0, -1):
            state = (state * 1103515245 + 12345) % 2**31
            other = (state >> 8) % (index + 1)
            items[index], items[other] = items[other], items[index]
        result.append(items)
    return result


def _order_layers(layers: _Layers, edges: Sequence[_Edge], rounds: int = 6) -> _Layers:
    """Reorder each layer to reduce crossings (Sugiyama: barycenter and median sweeps).

    From the given order, and from a few fixed pseudo-random ones (sweeps get stuck in
    local optima), both heuristics sweep down and up `rounds` times, each sweep refined
    by transposing neighbours. The ordering with the fewest counted crossings wins, the
    given one included, the earliest among equals. The number of restarts shrinks as the
    graph grows, so that a large programme still takes well under a second.
    """
    before, after = _neighbours(edges)
    best = [list(layer) for layer in layers]
    best_count = _crossings(best, edges)
    restarts = max(1, min(24, 60_000 // (len(edges) ** 2 + 1)))
    for start in range(restarts):
        if best_count == 0:
            break
        initial = [list(layer) for layer in layers] if start == 0 else _shuffled(layers, start)
        for measure in (_barycenter, _median):
            current = initial
            for _ in range(rounds):
                for downward in (True, False):
                    current = _sweep(current, before if downward else after, downward, measure)
                    current = _transpose(current, before, after)
                    count = _crossings(current, edges)
                    if count < best_count:
                        best, best_count = [list(layer) for layer in current], count
    return best


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """The nondecreasing sequence nearest to `targets` (weighted least squares, pool adjacent)."""
    blocks: list[list[float]] = []  # [value, weight, count]
    for value, weight in zip(targets, weights, strict=True):
        blocks.append([value, weight, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    result: list[float] = []
    for value, _, count in blocks:
        result.extend([value] * int(count))
    return result


def _pack(desired: list[float], weights: list[float], separations: list[float]) -> list[float]:
    """Centres as near to `desired` as possible, in order, at least `separations` apart."""
    offsets = [0.0]
    for separation in separations:
        offsets.append(offsets[-1] + separation)
    shifted = _isotonic([d - o for d, o in zip(desired, offsets, strict=True)], weights)
    return [s + o for s, o in zip(shifted, offsets, strict=True)]


# ---------------------------------------------------------------- benefits map

_MAP_WIDTH = 880.0
_MAP_MARGIN = 16.0
_MAP_COLUMN_GAP = 56.0
_MAP_FONT = 12.0
_MAP_PAD_Y = 7.0
_MAP_NODE_GAP = 14.0
_MAP_DUMMY_GAP = 9.0
_MAP_TOP = 44.0
_MAP_PORT_GAP = 8.0
"""Least distance between two links meeting one side of a box."""
_MAP_MAX_LINES = 8
"""Longer labels end in an ellipsis; the text alternative has them in full."""
_SYMBOL = 14.0
"""Width of the level symbol at the left of a gap box."""


@dataclass(frozen=True, slots=True)
class _GapStyle:
    fill: str
    stroke: str
    width: float
    dash: str | None
    legend: str


_GAP_STYLES = {
    "covered": _GapStyle("#d8f0dc", "#2e7d32", 2.5, None, "pic.map.legend.covered"),
    "planned": _GapStyle("#fff4d6", "#a86a12", 1.6, "6 3", "pic.map.legend.planned"),
    "none": _GapStyle("#fbe0e0", "#b42318", 1.6, "1.5 3", "pic.map.legend.none"),
}


def _gap_state(level: Level) -> str:
    if level >= Level.ACTIVE:
        return "covered"
    return "planned" if level is Level.PLANNED else "none"


@dataclass(slots=True)
class _Node:
    key: str
    kind: str
    """project, gap, benefit, end, or dummy (an edge passing through a column)."""
    name: str = ""
    lines: list[str] = field(default_factory=list)
    size: float = _MAP_FONT
    height: float = 0.0
    state: str = ""
    center: float = 0.0
    x: float = 0.0
    width: float = 0.0


@dataclass(slots=True)
class _MapGraph:
    """The map as a layered graph: node keys per column (in order) and the edges.

    `links` are the drawn edges (source, target, dashed); `edges` join neighbouring
    columns only, with dummy nodes where a link passes a column, as the ordering needs.
    """

    layers: _Layers
    headings: list[str]
    nodes: dict[str, _Node]
    links: list[tuple[str, str, bool]]
    chains: dict[tuple[str, str], list[str]]
    """Per link between columns: its nodes, dummies included; links within a column have none."""
    edges: list[_Edge]


def _map_graph(analysis: ProgrammeCoverage) -> _MapGraph:
    """Projects, gaps, intermediate and end benefits as columns; initial order by id."""
    nodes: dict[str, _Node] = {}
    columns: list[tuple[str, list[str]]] = []
    projects = sorted((p for p in analysis.projects if p.level is not None), key=lambda p: p.id)
    gaps = sorted(analysis.gaps, key=lambda g: g.id)
    benefits = sorted(analysis.benefits, key=lambda b: b.id)
    groups: list[tuple[str, list[tuple[str, str, str, str]]]] = [
        ("pic.map.projects", [("p:" + p.id, "project", p.name, "") for p in projects]),
        ("pic.map.gaps", [("g:" + g.id, "gap", g.name, _gap_state(g.level)) for g in gaps]),
        (
            "pic.map.benefits",
            [("b:" + b.id, "benefit", b.name, "") for b in benefits if b.level is BenefitLevel.INTERMEDIATE],
        ),
        (
            "pic.map.end_benefits",
            [("b:" + b.id, "end", b.name, "") for b in benefits if b.level is not BenefitLevel.INTERMEDIATE],
        ),
    ]
    for heading, members in groups:
        if members:
            columns.append((heading, [key for key, _, _, _ in members]))
            for key, kind, name, state in members:
                nodes[key] = _Node(key=key, kind=kind, name=name, state=state)
    depth_of = {key: depth for depth, (_, keys) in enumerate(columns) for key in keys}

    links: list[tuple[str, str, bool]] = []
    for project in projects:
        for gap_id in dict.fromkeys(project.closes):
            if "g:" + gap_id in nodes:
                links.append(("p:" + project.id, "g:" + gap_id, False))
    for gap in gaps:
        for benefit_id in dict.fromkeys(gap.benefits):
            if "b:" + benefit_id in nodes:
                links.append(("g:" + gap.id, "b:" + benefit_id, False))
    for benefit in benefits:
        if benefit.level is BenefitLevel.INTERMEDIATE:
            for target in dict.fromkeys(benefit.contributes_to):
                if "b:" + target in nodes and target != benefit.id:
                    links.append(("b:" + benefit.id, "b:" + target, True))

    layers: _Layers = [list(keys) for _, keys in columns]
    chains: dict[tuple[str, str], list[str]] = {}
    edges: list[_Edge] = []
    for source, target, _ in links:
        start, end = depth_of[source], depth_of[target]
        if end <= start:  # within one column: one intermediate benefit feeding another
            continue
        chain = [source]
        for depth in range(start + 1, end):
            dummy = f"~{source}>{target}@{depth}"
            nodes[dummy] = _Node(key=dummy, kind="dummy")
            layers[depth].append(dummy)
            chain.append(dummy)
        chain.append(target)
        chains[(source, target)] = chain
        edges.extend(itertools.pairwise(chain))
    return _MapGraph(
        layers=[sorted(layer) for layer in layers],
        headings=[heading for heading, _ in columns],
        nodes=nodes,
        links=links,
        chains=chains,
        edges=edges,
    )


def _map_columns(count: int) -> tuple[float, float]:
    """Box width and left edge of the first column."""
    if count <= 0:
        return 0.0, _MAP_MARGIN
    usable = _MAP_WIDTH - 2 * _MAP_MARGIN - (count - 1) * _MAP_COLUMN_GAP
    width = min(240.0, usable / count)
    used = count * width + (count - 1) * _MAP_COLUMN_GAP
    return width, (_MAP_WIDTH - used) / 2


def _text_area(node: _Node) -> tuple[float, float]:
    """Left edge and width of the label area inside a box (relative to the box)."""
    pad = 10.0 if node.kind in ("benefit", "end") else 8.0
    if node.kind == "gap":
        return pad + _SYMBOL + 4, node.width - 2 * pad - _SYMBOL - 4
    return pad, node.width - 2 * pad


def _size_nodes(graph: _MapGraph, box_width: float) -> None:
    """Wrap each label into its box; a box with many links grows so their arrows stay apart."""
    ends: dict[tuple[str, str], int] = {}
    for source, target, _ in graph.links:
        flat = (source, target) not in graph.chains
        ends[(source, "right")] = ends.get((source, "right"), 0) + 1
        ends[(target, "right" if flat else "left")] = ends.get((target, "right" if flat else "left"), 0) + 1
    for key, node in graph.nodes.items():
        if node.kind == "dummy":
            continue
        node.width = box_width
        _, inner = _text_area(node)
        node.size, node.lines = _wrap(
            node.name, inner, _MAP_FONT, min_size=_MIN_FONT, max_lines=_MAP_MAX_LINES
        )
        ports = max(ends.get((key, "left"), 0), ends.get((key, "right"), 0))
        node.height = max(
            len(node.lines) * node.size * 1.25 + 2 * _MAP_PAD_Y,
            _MAP_PORT_GAP * (ports + 1) + 2 * _MAP_PAD_Y if ports > 1 else 0.0,
        )


def _separation(a: _Node, b: _Node) -> float:
    gap = _MAP_DUMMY_GAP if "dummy" in (a.kind, b.kind) else _MAP_NODE_GAP
    return a.height / 2 + gap + b.height / 2


def _place_vertically(graph: _MapGraph) -> None:
    """Centres that keep edges nearly straight, boxes in order and never overlapping."""
    before, after = _neighbours(graph.edges)
    nodes = graph.nodes
    for layer in graph.layers:
        top = 0.0
        for key in layer:
            nodes[key].center = top + nodes[key].height / 2
            top += nodes[key].height + _MAP_NODE_GAP

    def settle(layer: list[str], link: dict[str, list[str]]) -> None:
        desired: list[float] = []
        weights: list[float] = []
        for key in layer:
            others = link.get(key, [])
            if others:
                desired.append(sum(nodes[o].center for o in others) / len(others))
                weights.append(float(len(others)))
            else:
                desired.append(nodes[key].center)
                weights.append(0.5)
        seps = [_separation(nodes[a], nodes[b]) for a, b in itertools.pairwise(layer)]
        for key, center in zip(layer, _pack(desired, weights, seps), strict=True):
            nodes[key].center = center

    both = {key: before.get(key, []) + after.get(key, []) for key in nodes}
    for _ in range(6):
        for layer in graph.layers[1:]:
            settle(layer, before)
        for layer in reversed(graph.layers[:-1]):
            settle(layer, after)
    for layer in graph.layers:
        settle(layer, both)
    tops = [nodes[key].center - nodes[key].height / 2 for layer in graph.layers for key in layer]
    shift = _MAP_TOP - min(tops, default=_MAP_TOP)
    for node in nodes.values():
        node.center += shift


def _gap_symbol(state: str, x: float, y: float) -> str:
    """The level as a shape (tick, clock, cross): readable without colour."""
    stroke = _GAP_STYLES[state].stroke
    if state == "covered":
        return (
            f'<path d="M{_n(x + 1)} {_n(y + 6)} L{_n(x + 5)} {_n(y + 10)} L{_n(x + 12)} {_n(y + 2)}" '
            f'fill="none" stroke="{stroke}" stroke-width="2.4" stroke-linecap="round" '
            'stroke-linejoin="round"/>'
        )
    if state == "planned":
        return (
            f'<circle cx="{_n(x + 6.5)}" cy="{_n(y + 6)}" r="5.5" fill="#ffffff" stroke="{stroke}" '
            'stroke-width="1.5"/>'
            f'<path d="M{_n(x + 6.5)} {_n(y + 2.5)} L{_n(x + 6.5)} {_n(y + 6)} L{_n(x + 9.5)} {_n(y + 7.5)}" '
            f'fill="none" stroke="{stroke}" stroke-width="1.5" stroke-linecap="round"/>'
        )
    return (
        f'<path d="M{_n(x + 2)} {_n(y + 1.5)} L{_n(x + 11)} {_n(y + 10.5)} M{_n(x + 11)} {_n(y + 1.5)} '
        f'L{_n(x + 2)} {_n(y + 10.5)}" fill="none" stroke="{stroke}" stroke-width="2.4" '
        'stroke-linecap="round"/>'
    )


def _gap_box(x: float, y: float, width: float, height: float, state: str) -> str:
    style = _GAP_STYLES[state]
    dash = f' stroke-dasharray="{style.dash}" stroke-linecap="round"' if style.dash else ""
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{style.fill}" '
        f'stroke="{style.stroke}" stroke-width="{_n(style.width)}"{dash}/>'
    )


def _draw_node(node: _Node) -> str:
    top = node.center - node.height / 2
    x, w, h = node.x, node.width, node.height
    parts = [f'<g class="node {node.kind}">']
    if node.kind == "gap":
        parts.append(_gap_box(x, top, w, h, node.state))
        parts.append(_gap_symbol(node.state, x + 8, node.center - 6))
    elif node.kind == "project":
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(w)}" height="{_n(h)}" fill="#f1f3f5" '
            'stroke="#495057" stroke-width="1.2"/>'
        )
    else:
        end = node.kind == "end"
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(w)}" height="{_n(h)}" rx="10" ry="10" '
            f'fill="#e3ecfb" stroke="#1f4e9c" stroke-width="{"2.2" if end else "1.3"}"/>'
        )
        if end:
            parts.append(
                f'<rect x="{_n(x + 3.5)}" y="{_n(top + 3.5)}" width="{_n(w - 7)}" height="{_n(h - 7)}" '
                'rx="7" ry="7" fill="none" stroke="#1f4e9c" stroke-width="1"/>'
            )
    left, inner = _text_area(node)
    line = node.size * 1.25
    parts.append(
        _text(
            x + left + inner / 2,
            _first_baseline(node.center, len(node.lines), node.size, line),
            node.lines,
            node.size,
            anchor="middle",
            line_height=line,
        )
    )
    parts.append("</g>")
    return "".join(parts)


def _curve(points: list[tuple[float, float]]) -> str:
    """A smooth path through `points`: horizontal tangents at each; pairs inside a column straight."""
    x0, y0 = points[0]
    path = f"M{_n(x0)} {_n(y0)}"
    for index, (x1, y1) in enumerate(points[1:], start=1):
        px, py = points[index - 1]
        if index % 2 == 0:  # through a column at a dummy: straight across
            path += f" L{_n(x1)} {_n(y1)}"
        else:
            bend = (x1 - px) / 2
            path += f" C{_n(px + bend)} {_n(py)} {_n(x1 - bend)} {_n(y1)} {_n(x1)} {_n(y1)}"
    return path


def _arrow_marker(marker_id: str, colour: str) -> str:
    return (
        f'<marker id="{_esc(marker_id)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{colour}"/></marker>'
    )


_EDGE = "#6b6b6b"
_FEEDS = "#1f4e9c"
_FEEDS_DASH = "7 4"


def _ports(graph: _MapGraph) -> dict[tuple[str, str, str], float]:
    """Where each link leaves and enters its boxes: spread over the box side, in order.

    Keys are (node, link source, link target); links sorted by the height of their
    other end so that the links leaving a box do not cross each other there.
    """
    nodes = graph.nodes
    sides: dict[tuple[str, str], list[tuple[float, str, str, str]]] = {}
    for source, target, _ in graph.links:
        chain = graph.chains.get((source, target))
        if chain is None:  # flat: both ends on the right side
            sides.setdefault((source, "right"), []).append((nodes[target].center, target, source, target))
            sides.setdefault((target, "right"), []).append((nodes[source].center, source, source, target))
            continue
        sides.setdefault((source, "right"), []).append((nodes[chain[1]].center, chain[1], source, target))
        sides.setdefault((target, "left"), []).append((nodes[chain[-2]].center, chain[-2], source, target))
    ports: dict[tuple[str, str, str], float] = {}
    for (key, _), entries in sorted(sides.items()):
        node = nodes[key]
        entries.sort()
        span = max(0.0, node.height - 2 * _MAP_PAD_Y)
        top = node.center - span / 2
        for index, (_, _, source, target) in enumerate(entries):
            ports[(key, source, target)] = top + span * (index + 1) / (len(entries) + 1)
    return ports


def _draw_links(graph: _MapGraph, arrow: str, feeds_arrow: str) -> list[str]:
    nodes = graph.nodes
    ports = _ports(graph)
    parts: list[str] = []
    for source, target, dashed in graph.links:
        colour, marker = (_FEEDS, feeds_arrow) if dashed else (_EDGE, arrow)
        style = (
            f'fill="none" stroke="{colour}" stroke-width="{"1.6" if dashed else "1.3"}"'
            + (f' stroke-dasharray="{_FEEDS_DASH}"' if dashed else "")
            + f' marker-end="url(#{_esc(marker)})"'
        )
        chain = graph.chains.get((source, target))
        if chain is None:
            right = nodes[source].x + nodes[source].width
            y1, y2 = ports[(source, source, target)], ports[(target, source, target)]
            reach = right + min(_MAP_COLUMN_GAP * 0.7, 18 + abs(y2 - y1) * 0.15)
            path = f"M{_n(right)} {_n(y1)} C{_n(reach)} {_n(y1)} {_n(reach)} {_n(y2)} {_n(right)} {_n(y2)}"
        else:
            points = [(nodes[source].x + nodes[source].width, ports[(source, source, target)])]
            for dummy in chain[1:-1]:
                node = nodes[dummy]
                points += [(node.x, node.center), (node.x + node.width, node.center)]
            points.append((nodes[target].x, ports[(target, source, target)]))
            path = _curve(points)
        parts.append(f'<path class="link" d="{path}" {style}/>')
    return parts


def _map_legend(lang: str, top: float, feeds: bool, arrow: str) -> tuple[list[str], float]:
    """The legend below the map: the three gap levels, and the dashed feeding link if drawn."""
    items = [
        (i18n.text(style.legend, lang), _gap_box(0, 0, 34, 18, state) + _gap_symbol(state, 10.5, 3))
        for state, style in _GAP_STYLES.items()
    ]
    if feeds:
        items.append(
            (
                i18n.text("pic.map.legend.feeds", lang),
                f'<path d="M0 9 L34 9" fill="none" stroke="{_FEEDS}" stroke-width="1.6" '
                f'stroke-dasharray="{_FEEDS_DASH}" marker-end="url(#{_esc(arrow)})"/>',
            )
        )
    return _legend(items, _MAP_MARGIN, top, _MAP_WIDTH - 2 * _MAP_MARGIN, 11.0, (34, 18), 26, 22)


def benefits_map(analysis: ProgrammeCoverage, lang: str, id_prefix: str = "") -> Picture:
    """Projects → gaps → benefits → end benefits, laid out left to right with few crossings."""
    graph = _map_graph(analysis)
    graph.layers = _order_layers(graph.layers, graph.edges)
    box_width, left = _map_columns(len(graph.layers))
    _size_nodes(graph, box_width)
    for depth, layer in enumerate(graph.layers):
        for key in layer:
            graph.nodes[key].x = left + depth * (box_width + _MAP_COLUMN_GAP)
            graph.nodes[key].width = box_width
    _place_vertically(graph)

    arrow, feeds_arrow = f"{id_prefix}map-arrow", f"{id_prefix}map-arrow-feeds"
    body = [f"<defs>{_arrow_marker(arrow, _EDGE)}{_arrow_marker(feeds_arrow, _FEEDS)}</defs>"]
    for depth, heading in enumerate(graph.headings):
        x = left + depth * (box_width + _MAP_COLUMN_GAP)
        label = i18n.text(heading, lang)
        size, lines = _wrap(label, box_width, 13.0, min_size=_MIN_FONT, max_lines=1, bold=True)
        body.append(_text(x + box_width / 2, 24, lines, size, anchor="middle", bold=True))
        body.append(
            f'<line x1="{_n(x)}" y1="32" x2="{_n(x + box_width)}" y2="32" stroke="{_GRID}" stroke-width="1"/>'
        )
    body += _draw_links(graph, arrow, feeds_arrow)
    bottom = _MAP_TOP
    for layer in graph.layers:
        for key in layer:
            node = graph.nodes[key]
            if node.kind != "dummy":
                body.append(_draw_node(node))
                bottom = max(bottom, node.center + node.height / 2)
    legend, end = _map_legend(lang, bottom + 22, any(dashed for _, _, dashed in graph.links), feeds_arrow)
    body += legend

    title = i18n.text("pic.map.title", lang, programme=_plain(analysis.name))
    return _svg(_MAP_WIDTH, end + 6, id_prefix, "map", title, _map_alt(analysis, graph, lang), body)


def _map_alt(analysis: ProgrammeCoverage, graph: _MapGraph, lang: str) -> str:
    """The map in words: one sentence per gap (top to bottom), one per feeding benefit."""
    project_names = {p.id: _plain(p.name) for p in analysis.projects}
    benefit_names = {b.id: _plain(b.name) for b in analysis.benefits}
    gap_by_key = {"g:" + g.id: g for g in analysis.gaps}
    ordered: list[GapCoverage] = [
        gap_by_key[key] for layer in graph.layers for key in layer if key in gap_by_key
    ]
    lines = []
    for gap in ordered:
        lines.append(
            i18n.text(
                "pic.map.alt_gap" if gap.projects else "pic.map.alt_gap_none",
                lang,
                gap=_plain(gap.name),
                level=i18n.text("pic.work." + gap.level.label, lang),
                projects=_listing((project_names.get(p, p) for p in gap.projects), ""),
                benefits=_listing((benefit_names[b] for b in gap.benefits if b in benefit_names), "–"),
            )
        )
    for benefit in sorted(analysis.benefits, key=lambda b: b.id):
        targets = [benefit_names[t] for t in dict.fromkeys(benefit.contributes_to) if t in benefit_names]
        if benefit.level is BenefitLevel.INTERMEDIATE and targets:
            lines.append(
                i18n.text("pic.map.alt_feeds", lang, benefit=_plain(benefit.name), targets=", ".join(targets))
            )
    projects = sum(1 for p in analysis.projects if p.level is not None)
    return i18n.text(
        "pic.map.alt",
        lang,
        projects=projects,
        gaps=len(analysis.gaps),
        benefits=len(analysis.benefits),
        lines=" ".join(lines),
    ).strip()


# ---------------------------------------------------------------- project timeline

_TL_WIDTH = 860.0
_TL_MARGIN = 16.0
_TL_NAME_WIDTH = 276.0
_TL_CHART_LEFT = 304.0
_TL_CHART_RIGHT = _TL_WIDTH - 24.0
_TL_ROW = 36.0
_TL_GROUP_ROW = 26.0
_TL_BAR = 16.0
_TL_FONT = 12.0
_TL_NEAR = 730
"""How far outside the projects' span today may lie and still get its line (the axis grows)."""
_GROUPS = ("delivered", "active", "planned", "cancelled")
_TL_TODAY = 'stroke="#111111" stroke-width="1.6" stroke-dasharray="6 3"'


def _timeline_rows(analysis: ProgrammeCoverage) -> list[tuple[str, list[ProjectSummary]]]:
    """Projects grouped as in the Mermaid gantt: delivered, active, planned, cancelled."""
    groups: dict[str, list[ProjectSummary]] = {group: [] for group in _GROUPS}
    for project in analysis.projects:
        groups[project.level.label if project.level else "cancelled"].append(project)
    return [
        (group, sorted(members, key=lambda p: (p.start, p.id)))
        for group, members in groups.items()
        if members
    ]


def _bar_style(group: str, hatch: str, cross: str) -> str:
    """Fill and outline per group; each group differs by pattern or line style, not only colour."""
    return {
        "delivered": 'fill="#2f5573" stroke="#1b3347" stroke-width="1.2"',
        "active": f'fill="url(#{_esc(hatch)})" stroke="#2f6fad" stroke-width="1.6"',
        "planned": 'fill="#ffffff" stroke="#a86a12" stroke-width="1.6" stroke-dasharray="5 3"',
        "cancelled": (
            f'fill="url(#{_esc(cross)})" stroke="#777777" stroke-width="1.4" stroke-dasharray="1.5 2.5"'
        ),
    }[group]


def _red_marker(x: float, cy: float) -> str:
    """The red rating as a symbol: a dark red disc with an exclamation mark."""
    return (
        f'<g class="red"><circle cx="{_n(x)}" cy="{_n(cy)}" r="7" fill="#b42318" stroke="#5c0d08" '
        'stroke-width="1"/>'
        f'<rect x="{_n(x - 1.1)}" y="{_n(cy - 4.5)}" width="2.2" height="5.5" fill="#ffffff"/>'
        f'<rect x="{_n(x - 1.1)}" y="{_n(cy + 2.2)}" width="2.2" height="2.2" fill="#ffffff"/></g>'
    )


def _year_step(space: float, label_width: float) -> int:
    """Label every n-th year so that year labels never touch (`space`: px per year)."""
    steps = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
    return next((step for step in steps if space * step >= label_width + 8), steps[-1])


def timeline(analysis: ProgrammeCoverage, as_of: dt.date, lang: str, id_prefix: str = "") -> Picture:
    """Projects as bars on a year axis, grouped by how far their work has come, with today."""
    rows = _timeline_rows(analysis)
    projects = [p for _, members in rows for p in members]
    first = min((min(p.start, p.end) for p in projects), default=as_of)
    last = max((max(p.start, p.end) for p in projects), default=as_of)
    start_year, end_year = first.year, last.year + 1
    today_mode = "line"
    if as_of >= _jan1(end_year):
        if as_of <= _shift(last, _TL_NEAR):
            end_year = as_of.year + 1
        else:
            today_mode = "right"
    elif as_of < _jan1(start_year):
        if as_of >= _shift(first, -_TL_NEAR):
            start_year = as_of.year
        else:
            today_mode = "left"
    axis_start, axis_end = _jan1(start_year), _jan1(end_year)
    span_days = (axis_end - axis_start).days
    chart_width = _TL_CHART_RIGHT - _TL_CHART_LEFT

    def xpos(day: dt.date) -> float:
        return _TL_CHART_LEFT + chart_width * (day - axis_start).days / span_days

    hatch, cross = f"{id_prefix}tl-hatch", f"{id_prefix}tl-cross"
    body = [
        "<defs>"
        f'<pattern id="{_esc(hatch)}" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect x="0" y="0" width="6" height="6" fill="#d5e4f5"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#2f6fad" stroke-width="2.6"/></pattern>'
        f'<pattern id="{_esc(cross)}" patternUnits="userSpaceOnUse" width="7" height="7">'
        '<rect x="0" y="0" width="7" height="7" fill="#ffffff"/>'
        '<path d="M0 0 L7 7 M7 0 L0 7" stroke="#9a9a9a" stroke-width="1"/></pattern>'
        "</defs>"
    ]
    today_label = i18n.text("pic.timeline.today", lang)
    axis_size = 11.0
    rows_top = 52.0
    years = end_year - start_year
    per_year = chart_width / years
    step = _year_step(per_year, _text_width("0000", axis_size))

    # one size for all names: the largest at which each fits in two lines (else cut)
    name_size = min(
        (_wrap(p.name, _TL_NAME_WIDTH, _TL_FONT, min_size=_MIN_FONT, max_lines=2)[0] for p in projects),
        default=_TL_FONT,
    )

    # rows first, so that the grid and today's line can span them
    row_parts: list[str] = []
    y = rows_top
    red_seen = False
    for group, members in rows:
        label = i18n.text("gantt." + group, lang)
        size, lines = _wrap(label, _TL_WIDTH - 2 * _TL_MARGIN, _TL_FONT, max_lines=1, bold=True)
        row_parts.append(_text(_TL_MARGIN, y + 18, lines, size, bold=True))
        row_parts.append(
            f'<line x1="{_n(_TL_MARGIN)}" y1="{_n(y + _TL_GROUP_ROW - 1)}" x2="{_n(_TL_CHART_RIGHT)}" '
            f'y2="{_n(y + _TL_GROUP_ROW - 1)}" stroke="#9a9a9a" stroke-width="1"/>'
        )
        y += _TL_GROUP_ROW
        for index, project in enumerate(members):
            if index % 2:
                row_parts.append(
                    f'<rect x="{_n(_TL_MARGIN)}" y="{_n(y)}" width="{_n(_TL_CHART_RIGHT - _TL_MARGIN)}" '
                    f'height="{_n(_TL_ROW)}" fill="#f4f5f7"/>'
                )
            center = y + _TL_ROW / 2
            size, lines = _wrap(project.name, _TL_NAME_WIDTH, name_size, max_lines=2)
            line = size * 1.2
            row_parts.append(
                _text(
                    _TL_MARGIN,
                    _first_baseline(center, len(lines), size, line),
                    lines,
                    size,
                    line_height=line,
                    extra='class="name"',
                )
            )
            begin, finish = sorted((project.start, project.end))
            x1, x2 = xpos(begin), max(xpos(finish), xpos(begin) + 3)
            row_parts.append(
                f'<rect class="bar {group}" x="{_n(x1)}" y="{_n(center - _TL_BAR / 2)}" '
                f'width="{_n(x2 - x1)}" height="{_n(_TL_BAR)}" {_bar_style(group, hatch, cross)}/>'
            )
            if project.rating == "red" and project.level is not None:
                red_seen = True
                row_parts.append(_red_marker(x2 + 11, center))  # the right margin has room for it
            y += _TL_ROW
    rows_bottom = y

    # year grid and labels (the labels go on top of today's line, with a halo)
    year_labels: list[str] = []
    for year in range(start_year, end_year + 1):
        x = xpos(_jan1(year))
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(rows_top - 6)}" x2="{_n(x)}" y2="{_n(rows_bottom)}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        if (step == 1 and year < end_year) or (step > 1 and year % step == 0):
            # each year named in the middle of its span, or every few years at its 1 January
            at = x + per_year / 2 if step == 1 else x
            year_labels.append(
                _text(at, rows_top - 10, [str(year)], axis_size, anchor="middle", fill=_MUTED, extra=_HALO)
            )
    body += row_parts
    body.append(
        f'<line x1="{_n(_TL_CHART_LEFT)}" y1="{_n(rows_bottom)}" x2="{_n(_TL_CHART_RIGHT)}" '
        f'y2="{_n(rows_bottom)}" stroke="#9a9a9a" stroke-width="1"/>'
    )

    # today
    size = 11.0
    if today_mode == "line":
        x = xpos(as_of)
        body.append(
            f'<line class="today" x1="{_n(x)}" y1="16" x2="{_n(x)}" y2="{_n(rows_bottom + 4)}" {_TL_TODAY}/>'
        )
        half = _text_width(today_label, size, bold=True) / 2
        label_x = min(max(x, _TL_MARGIN + half), _TL_WIDTH - _TL_MARGIN - half)
        body.append(_text(label_x, 13, [today_label], size, anchor="middle", bold=True))
    else:
        # far outside the projects' span: named with its date at the edge it lies beyond
        when = i18n.text("pic.timeline.today_at", lang, date=textfmt.date(as_of, lang))
        label, anchor, x = (
            (f"{when} →", "end", _TL_CHART_RIGHT)
            if today_mode == "right"
            else (f"← {when}", "start", _TL_CHART_LEFT)
        )
        body.append(_text(x, 13, [label], size, anchor=anchor, bold=True, extra='class="today"'))

    body += year_labels

    # legend
    items = [
        (
            i18n.text("gantt." + group, lang),
            f'<rect x="0" y="2" width="30" height="14" {_bar_style(group, hatch, cross)}/>',
        )
        for group, _ in rows
    ]
    if red_seen:
        items.append((i18n.text("pic.timeline.red", lang), _red_marker(15, 9)))
    if today_mode == "line":
        items.append((today_label, f'<line x1="15" y1="0" x2="15" y2="18" {_TL_TODAY}/>'))
    legend, legend_top = _legend(items, _TL_MARGIN, rows_bottom + 18, _TL_WIDTH - 2 * _TL_MARGIN, 11.0,
                                 (30, 18), 24, 24)  # fmt: skip
    body += legend
    if not projects:
        body.append(
            _text(_TL_WIDTH / 2, rows_top + 20, [i18n.text("pic.none", lang)], _TL_FONT, anchor="middle")
        )
        legend_top = max(legend_top, rows_top + 30)

    title = i18n.text("pic.timeline.title", lang, programme=_plain(analysis.name))
    return _svg(_TL_WIDTH, legend_top + 4, id_prefix, "timeline", title, _timeline_alt(rows, lang), body)


def _timeline_alt(rows: list[tuple[str, list[ProjectSummary]]], lang: str) -> str:
    sentences = []
    for _, members in rows:
        for project in members:
            phase = i18n.text("project_phase." + project.phase.value, lang)
            if project.rating == "red" and project.level is not None:
                phase = f"{phase}, {i18n.text('rating.red', lang)}"
            sentences.append(
                i18n.text(
                    "pic.timeline.alt_row",
                    lang,
                    project=_plain(project.name),
                    start=textfmt.date(project.start, lang),
                    end=textfmt.date(project.end, lang),
                    phase=phase,
                )
            )
    return " ".join(sentences) if sentences else i18n.text("pic.none", lang)


# ---------------------------------------------------------------- indicator chart

_CH_WIDTH = 360.0
_CH_MARGIN = 10.0
_CH_PLOT_HEIGHT = 108.0
_CH_AXIS = 9.0
_TODAY_BAND = "#e6e6e6"
_TODAY_LINE = "#6b6b6b"
_PATH = "#7a7a7a"
_PATH_DASH = "4 3"
_BASELINE = "#4a4a4a"
_CH_LIMIT = 1e250
"""Values beyond this cannot be drawn on a finite axis; they are left out of the chart."""


@dataclass(frozen=True, slots=True)
class _Series:
    key: str
    colour: str
    dash: str | None
    marker: str
    points: tuple[Point, ...]


def _usable(point: Point | None) -> Point | None:
    if point is None or not math.isfinite(point.value) or abs(point.value) > _CH_LIMIT:
        return None
    return point


def _drawn(points: Iterable[Point], as_of: dt.date) -> tuple[Point, ...]:
    """The points up to and including the as-of date, by date (later ones are not yet known)."""
    kept = [p for p in points if _usable(p) is not None and p.date <= as_of]
    return tuple(sorted(kept, key=lambda p: p.date))


def _nice_ticks(low: float, high: float) -> list[float]:
    """3 to 5 round values spanning low..high (a flat range gets some height)."""
    low, high = min(low, high), max(low, high)
    if high - low <= max(abs(low), abs(high)) * 1e-9:  # flat, or flatter than labels can show
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0):
        step = factor * magnitude
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first <= 4:
            break
    return [_clean(index * step, step) for index in range(first, last + 1)]


def _clean(value: float, step: float) -> float:
    """A tick value without floating point dust (0.30000000000000004 → 0.3)."""
    return float(round(value, 2 - math.floor(math.log10(step)))) + 0.0


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _tick_labels(ticks: Sequence[float], lang: str, size: float) -> list[str]:
    """Tick values in the language's style; when that is too long, has many zeros after
    the decimal comma or cannot tell them apart (huge or tiny values), as a × 10ⁿ."""
    step = abs(ticks[1] - ticks[0])
    decimals = 0
    while decimals < 15 and abs(round(step, decimals) - step) > step * 1e-6:
        decimals += 1
    labels = [textfmt.number(t, lang, decimals) for t in ticks]
    readable = decimals <= 5 and max(_text_width(label, size) for label in labels) <= 80
    if readable and len(set(labels)) == len(labels):
        return labels
    exponent = math.floor(math.log10(max(abs(t) for t in ticks)))
    scale = 10.0**exponent
    if not 0 < scale < math.inf:  # beyond floating point: nothing better to show
        return labels
    digits = min(12, max(0, 1 - math.floor(math.log10(step / scale))))
    power = "×10" + str(exponent).translate(_SUPERSCRIPT)
    return [
        textfmt.number(_clean(t / scale, step / scale), lang, digits) + power if t else "0" for t in ticks
    ]


def _year_ticks(first: dt.date, last: dt.date, width: float, size: float) -> list[tuple[dt.date, bool]]:
    """1 January of years inside first..last, with whether it gets its label.

    Every year gets a tick while labels come every year or every other; beyond that only
    the labelled years get one, so a long span does not turn into a comb.
    """
    days = (last - first).days
    step = _year_step(width * 365.25 / days, _text_width("0000", size))
    inside = [dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
    return [(day, day.year % step == 0) for day in inside if step <= 2 or day.year % step == 0]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """Series markers whose shapes tell the series apart in black and white."""
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="{colour}"/>'
    if shape == "open-circle":
        return (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="#ffffff" stroke="{colour}" stroke-width="1.5"/>'
        )
    if shape == "triangle":
        return (
            f'<path d="M{_n(x)} {_n(y - 4.2)} L{_n(x + 4)} {_n(y + 2.8)} L{_n(x - 4)} {_n(y + 2.8)} z" '
            f'fill="{colour}"/>'
        )
    if shape == "square":
        return f'<rect x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
    # the target: a hollow diamond
    return (
        f'<path d="M{_n(x)} {_n(y - 5.5)} L{_n(x + 5.5)} {_n(y)} L{_n(x)} {_n(y + 5.5)} '
        f'L{_n(x - 5.5)} {_n(y)} z" '
        f'fill="#ffffff" stroke="{colour}" stroke-width="1.6"/>'
    )


def _chart_alt(
    progress: IndicatorProgress, lang: str, women: Sequence[Point] = (), men: Sequence[Point] = ()
) -> str:
    def shown(point: Point | None) -> str:
        if point is None or not math.isfinite(point.value):
            return "–"
        return textfmt.quantity(point.value, progress.unit, lang)

    status_key = "status." + progress.status
    by_sex = ""
    if women or men:
        by_sex = " " + i18n.text(
            "pic.chart.alt_series",
            lang,
            women=shown(women[-1] if women else None),
            men=shown(men[-1] if men else None),
        )
    return (
        i18n.text(
            "pic.chart.alt",
            lang,
            indicator=_plain(progress.name) or progress.id,
            baseline=shown(progress.baseline),
            latest=shown(progress.latest),
            target=shown(progress.target),
            status=i18n.text(status_key, lang) if i18n.has(status_key) else progress.status,
        )
        + by_sex
    )


def _unit_caption(unit: str | None) -> str | None:
    if textfmt.is_percent(unit):
        return "%"
    return textfmt.unit_label(unit)


def indicator_chart(
    progress: IndicatorProgress,
    as_of: dt.date,
    lang: str,
    *,
    women: Sequence[Point] = (),
    men: Sequence[Point] = (),
    id_prefix: str = "",
) -> Picture:
    """One indicator over time: measured values, baseline, target, the path between, today."""
    baseline, target = _usable(progress.baseline), _usable(progress.target)
    series = [
        _Series("pic.chart.measured", "#1f4e9c", None, "circle", _drawn(progress.measurements, as_of)),
        _Series("pic.chart.women", "#a23b72", "5 3", "triangle", _drawn(women, as_of)),
        _Series("pic.chart.men", "#2a7f62", "1.5 2.5", "open-circle", _drawn(men, as_of)),
    ]
    series = [s for s in series if s.points]
    points = [p for s in series for p in s.points] + [p for p in (baseline, target) if p is not None]

    # the axes: time with some room either side, values from round number to round number
    first = min([p.date for p in points] + [as_of])
    last = max([p.date for p in points] + [as_of])
    pad = max(45, round((last - first).days * 0.05))
    first, last = _shift(first, -pad), _shift(last, pad)
    values = [p.value for p in points]
    ticks = _nice_ticks(min(values), max(values)) if values else [0.0, 0.5, 1.0]
    labels = _tick_labels(ticks, lang, _CH_AXIS)
    plot_left = _CH_MARGIN + max(_text_width(label, _CH_AXIS) for label in labels) + 6
    plot_right = _CH_WIDTH - _CH_MARGIN - 4
    span_days = (last - first).days

    def xpos(day: dt.date) -> float:
        return plot_left + (plot_right - plot_left) * (day - first).days / span_days

    # title, unit and the today label above the plot (inside it they would hide lines)
    title_size = 11.0
    title_lines = _wrap(_plain(progress.name) or progress.id, _CH_WIDTH - 2 * _CH_MARGIN, title_size,
                        max_lines=2, bold=True)[1]  # fmt: skip
    y = 6 + title_size
    body = [_text(_CH_MARGIN, y, title_lines, title_size, bold=True, line_height=13.5, extra='class="title"')]
    y += (len(title_lines) - 1) * 13.5 + 14
    today_x = xpos(as_of)
    today_label = i18n.text("pic.chart.today", lang)
    half = _text_width(today_label, _CH_AXIS) / 2
    today_at = min(max(today_x, plot_left + half), _CH_WIDTH - _CH_MARGIN - half)
    caption = _unit_caption(progress.unit)
    if caption:
        room = today_at - half - 8 - _CH_MARGIN
        size, lines = _wrap(caption, room, _CH_AXIS, max_lines=1)
        if room < _text_width("…", _CH_AXIS) * 4 or lines[0].endswith("…"):
            size, lines = _wrap(caption, _CH_WIDTH - 2 * _CH_MARGIN, _CH_AXIS, max_lines=1)
            body.append(_text(_CH_MARGIN, y, lines, size, fill=_MUTED, extra='class="unit"'))
            y += 12
        else:
            body.append(_text(_CH_MARGIN, y, lines, size, fill=_MUTED, extra='class="unit"'))
    body.append(
        _text(today_at, y, [today_label], _CH_AXIS, anchor="middle", fill="#333333", extra='class="today"')
    )
    plot_top = y + 9  # the top value label must clear the unit above it
    plot_bottom = plot_top + _CH_PLOT_HEIGHT
    ypos = _axes(body, ticks, labels, first, last, xpos, (plot_left, plot_right, plot_top, plot_bottom))

    # today as a shaded band with a line, then the path to the target, the series, and
    # baseline and target on top
    body.append(
        f'<rect x="{_n(today_x - 3)}" y="{_n(plot_top)}" width="6" height="{_n(_CH_PLOT_HEIGHT)}" '
        f'fill="{_TODAY_BAND}"/>'
        f'<line x1="{_n(today_x)}" y1="{_n(plot_top - 2)}" x2="{_n(today_x)}" y2="{_n(plot_bottom)}" '
        f'stroke="{_TODAY_LINE}" stroke-width="1"/>'
    )
    if baseline is not None and target is not None:
        body.append(
            f'<line class="path" x1="{_n(xpos(baseline.date))}" y1="{_n(ypos(baseline.value))}" '
            f'x2="{_n(xpos(target.date))}" y2="{_n(ypos(target.value))}" stroke="{_PATH}" '
            f'stroke-width="1.3" stroke-dasharray="{_PATH_DASH}"/>'
        )
    for item in reversed(series):
        if len(item.points) > 1:
            coords = " ".join(f"{_n(xpos(p.date))},{_n(ypos(p.value))}" for p in item.points)
            dash = f' stroke-dasharray="{item.dash}"' if item.dash else ""
            body.append(
                f'<polyline class="series" points="{coords}" fill="none" stroke="{item.colour}" '
                f'stroke-width="1.8" stroke-linejoin="round"{dash}/>'
            )
        body.extend(_marker(item.marker, xpos(p.date), ypos(p.value), item.colour) for p in item.points)
    if baseline is not None:
        body.append(_marker("square", xpos(baseline.date), ypos(baseline.value), _BASELINE))
    if target is not None:
        body.append(_marker("diamond", xpos(target.date), ypos(target.value), _INK))
    if not series:
        note = _wrap(i18n.text("pic.chart.no_data", lang), plot_right - plot_left - 16, 10.0, max_lines=2)[1]
        body.append(
            _text(
                (plot_left + plot_right) / 2,
                _first_baseline((plot_top + plot_bottom) / 2, len(note), 10.0, 12.5),
                note,
                10.0,
                anchor="middle",
                fill=_MUTED,
                line_height=12.5,
                extra=f'class="note" {_HALO}',
            )
        )

    legend_y = _chart_legend(body, series, baseline, target, today_label, plot_bottom + 24, lang)
    title = _plain(progress.name) or progress.id
    return _svg(
        _CH_WIDTH,
        legend_y + 2,
        id_prefix,
        "chart",
        title,
        _chart_alt(progress, lang, _drawn(women, as_of), _drawn(men, as_of)),
        body,
    )


def _axes(
    body: list[str],
    ticks: Sequence[float],
    labels: Sequence[str],
    first: dt.date,
    last: dt.date,
    xpos: Callable[[dt.date], float],
    box: tuple[float, float, float, float],
) -> Callable[[float], float]:
    """A chart's grid, value labels, time axis and year ticks (both kinds of chart draw them
    alike); returns the value → y mapping."""
    plot_left, plot_right, plot_top, plot_bottom = box
    low, high = ticks[0], ticks[-1]

    def ypos(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * ((value - low) / (high - low))

    for tick, label in zip(ticks, labels, strict=True):
        ty = ypos(tick)
        body.append(
            f'<line x1="{_n(plot_left)}" y1="{_n(ty)}" x2="{_n(plot_right)}" y2="{_n(ty)}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        body.append(_text(plot_left - 5, ty + 3.2, [label], _CH_AXIS, anchor="end", fill=_MUTED))
    body.append(
        f'<line x1="{_n(plot_left)}" y1="{_n(plot_bottom)}" x2="{_n(plot_right)}" y2="{_n(plot_bottom)}" '
        'stroke="#8a8a8a" stroke-width="1"/>'
    )
    year_ticks = _year_ticks(first, last, plot_right - plot_left, _CH_AXIS)
    for day, labelled in year_ticks:
        tx = xpos(day)
        body.append(
            f'<line x1="{_n(tx)}" y1="{_n(plot_bottom)}" x2="{_n(tx)}" y2="{_n(plot_bottom + 4)}" '
            'stroke="#8a8a8a" stroke-width="1"/>'
        )
        if labelled:
            body.append(_text(tx, plot_bottom + 14, [str(day.year)], _CH_AXIS, anchor="middle", fill=_MUTED))
    if not any(labelled for _, labelled in year_ticks):  # a short span: name its year in the middle
        middle = first + (last - first) / 2
        centre = (plot_left + plot_right) / 2
        body.append(
            _text(centre, plot_bottom + 14, [str(middle.year)], _CH_AXIS, anchor="middle", fill=_MUTED)
        )
    return ypos


def _chart_legend(
    body: list[str],
    series: Sequence[_Series],
    baseline: Point | None,
    target: Point | None,
    today_label: str,
    top: float,
    lang: str,
) -> float:
    """Legend rows for what the chart shows, each with its marker and dash; returns the bottom."""
    items: list[tuple[str, str]] = []  # (label, swatch drawn in a 22×10 box at the origin)
    for item in series:
        dash = f' stroke-dasharray="{item.dash}"' if item.dash else ""
        items.append(
            (
                i18n.text(item.key, lang),
                f'<line x1="0" y1="5" x2="22" y2="5" stroke="{item.colour}" stroke-width="1.8"{dash}/>'
                + _marker(item.marker, 11, 5, item.colour),
            )
        )
    if baseline is not None:
        items.append((i18n.text("pic.chart.baseline", lang), _marker("square", 11, 5, _BASELINE)))
    if target is not None:
        items.append((i18n.text("pic.chart.target", lang), _marker("diamond", 11, 5, _INK)))
    if baseline is not None and target is not None:
        items.append(
            (
                i18n.text("pic.chart.path", lang),
                f'<line x1="0" y1="5" x2="22" y2="5" stroke="{_PATH}" stroke-width="1.3" '
                f'stroke-dasharray="{_PATH_DASH}"/>',
            )
        )
    items.append(
        (
            today_label,
            f'<rect x="8" y="-1" width="6" height="12" fill="{_TODAY_BAND}"/>'
            f'<line x1="11" y1="-1" x2="11" y2="11" stroke="{_TODAY_LINE}" stroke-width="1"/>',
        )
    )
    parts, bottom = _legend(items, _CH_MARGIN, top, _CH_WIDTH - 2 * _CH_MARGIN, _CH_AXIS, (22, 10), 15, 10)
    body += parts
    return bottom


# ---------------------------------------------------------------- shared indicator across programmes

_PF_STYLES: tuple[tuple[str, str | None, str], ...] = (
    ("#1f4e9c", None, "circle"),
    ("#a23b72", "6 3", "triangle"),
    ("#2a7f62", "1.5 2.5", "square"),
    ("#8a5a00", "8 3 2 3", "diamond"),
    ("#4a4a4a", "3 3", "down"),
    ("#6a3d9a", "10 4", "cross"),
)
"""Colour, dash pattern and marker shape of the n-th programme: colour, line and shape each
tell the series apart, so a black-and-white print reads the same (beyond six they repeat)."""


def _pf_marker(shape: str, x: float, y: float, colour: str, *, hollow: bool = False) -> str:
    """A programme's marker; hollow (white inside) for its target."""
    paint = f'fill="#ffffff" stroke="{colour}" stroke-width="1.5"' if hollow else f'fill="{colour}"'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.4" {paint}/>'
    if shape == "square":
        return f'<rect x="{_n(x - 3.3)}" y="{_n(y - 3.3)}" width="6.6" height="6.6" {paint}/>'
    if shape in ("triangle", "down"):
        tip, foot = (-4.4, 3.0) if shape == "triangle" else (4.4, -3.0)
        return (
            f'<path d="M{_n(x)} {_n(y + tip)} L{_n(x + 4.2)} {_n(y + foot)} '
            f'L{_n(x - 4.2)} {_n(y + foot)} z" {paint}/>'
        )
    if shape == "diamond":
        return (
            f'<path d="M{_n(x)} {_n(y - 4.8)} L{_n(x + 4.8)} {_n(y)} L{_n(x)} {_n(y + 4.8)} '
            f'L{_n(x - 4.8)} {_n(y)} z" {paint}/>'
        )
    # a cross: a plus sign of two bars (hollow: outlined)
    return (
        f'<path d="M{_n(x - 1.4)} {_n(y - 4.2)} h2.8 v2.8 h2.8 v2.8 h-2.8 v2.8 h-2.8 v-2.8 '
        f'h-2.8 v-2.8 h2.8 z" {paint}/>'
    )


def shared_indicator_chart(
    comparison: SharedComparison, as_of: dt.date, lang: str, *, id_prefix: str = ""
) -> Picture:
    """A shared indicator of a portfolio with one series per programme: the baseline and the
    measurements up to the as-of date joined by a line, the target as the hollow marker."""
    multiple = len({r.programme for r in comparison.reports}) < len(comparison.reports)
    rows = []
    for index, report in enumerate(comparison.reports):
        colour, dash, shape = _PF_STYLES[index % len(_PF_STYLES)]
        label = _plain(report.programme_name) or report.programme
        if multiple:  # one programme reports it from two benefits: name the benefit too
            label = f"{label} ({_plain(report.benefit_name) or report.benefit})"
        progress = report.progress
        baseline = _usable(progress.baseline)
        points = _drawn(progress.measurements, as_of)
        if baseline is not None and baseline.date <= as_of and all(p.date > baseline.date for p in points):
            points = (baseline, *points)
        rows.append((label, colour, dash, shape, points, _usable(progress.target), progress))

    everything = [p for row in rows for p in row[4]] + [row[5] for row in rows if row[5] is not None]
    first = min([p.date for p in everything] + [as_of])
    last = max([p.date for p in everything] + [as_of])
    pad = max(45, round((last - first).days * 0.05))
    first, last = _shift(first, -pad), _shift(last, pad)
    values = [p.value for p in everything]
    ticks = _nice_ticks(min(values), max(values)) if values else [0.0, 0.5, 1.0]
    labels = _tick_labels(ticks, lang, _CH_AXIS)
    plot_left = _CH_MARGIN + max(_text_width(label, _CH_AXIS) for label in labels) + 6
    plot_right = _CH_WIDTH - _CH_MARGIN - 4
    span_days = (last - first).days

    def xpos(day: dt.date) -> float:
        return plot_left + (plot_right - plot_left) * (day - first).days / span_days

    title = _plain(comparison.name) or comparison.id
    title_size = 11.0
    title_lines = _wrap(title, _CH_WIDTH - 2 * _CH_MARGIN, title_size, max_lines=2, bold=True)[1]
    y = 6 + title_size
    body = [_text(_CH_MARGIN, y, title_lines, title_size, bold=True, line_height=13.5, extra='class="title"')]
    y += (len(title_lines) - 1) * 13.5 + 14
    today_x = xpos(as_of)
    today_label = i18n.text("pic.chart.today", lang)
    half = _text_width(today_label, _CH_AXIS) / 2
    today_at = min(max(today_x, plot_left + half), _CH_WIDTH - _CH_MARGIN - half)
    caption = _unit_caption(comparison.unit)
    if caption:
        room = today_at - half - 8 - _CH_MARGIN
        size, lines = _wrap(caption, room, _CH_AXIS, max_lines=1)
        if room < _text_width("…", _CH_AXIS) * 4 or lines[0].endswith("…"):
            size, lines = _wrap(caption, _CH_WIDTH - 2 * _CH_MARGIN, _CH_AXIS, max_lines=1)
            body.append(_text(_CH_MARGIN, y, lines, size, fill=_MUTED, extra='class="unit"'))
            y += 12
        else:
            body.append(_text(_CH_MARGIN, y, lines, size, fill=_MUTED, extra='class="unit"'))
    body.append(
        _text(today_at, y, [today_label], _CH_AXIS, anchor="middle", fill="#333333", extra='class="today"')
    )
    plot_top = y + 9
    plot_bottom = plot_top + _CH_PLOT_HEIGHT
    ypos = _axes(body, ticks, labels, first, last, xpos, (plot_left, plot_right, plot_top, plot_bottom))
    body.append(
        f'<rect x="{_n(today_x - 3)}" y="{_n(plot_top)}" width="6" height="{_n(_CH_PLOT_HEIGHT)}" '
        f'fill="{_TODAY_BAND}"/>'
        f'<line x1="{_n(today_x)}" y1="{_n(plot_top - 2)}" x2="{_n(today_x)}" y2="{_n(plot_bottom)}" '
        f'stroke="{_TODAY_LINE}" stroke-width="1"/>'
    )
    for _label, colour, dash, shape, points, target, _progress in reversed(rows):
        if len(points) > 1:
            coords = " ".join(f"{_n(xpos(p.date))},{_n(ypos(p.value))}" for p in points)
            pattern = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(
                f'<polyline class="series" points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="1.8" stroke-linejoin="round"{pattern}/>'
            )
        body.extend(_pf_marker(shape, xpos(p.date), ypos(p.value), colour) for p in points)
        if target is not None:
            body.append(_pf_marker(shape, xpos(target.date), ypos(target.value), colour, hollow=True))
    if not any(row[4] for row in rows):
        note = _wrap(i18n.text("pic.chart.no_data", lang), plot_right - plot_left - 16, 10.0, max_lines=2)[1]
        body.append(
            _text(
                (plot_left + plot_right) / 2,
                _first_baseline((plot_top + plot_bottom) / 2, len(note), 10.0, 12.5),
                note,
                10.0,
                anchor="middle",
                fill=_MUTED,
                line_height=12.5,
                extra=f'class="note" {_HALO}',
            )
        )

    items: list[tuple[str, str]] = []
    for label, colour, dash, shape, _points, _target, _progress in rows:
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            (
                label,
                f'<line x1="0" y1="5" x2="22" y2="5" stroke="{colour}" stroke-width="1.8"{pattern}/>'
                + _pf_marker(shape, 11, 5, colour),
            )
        )
    if any(row[5] is not None for row in rows):
        items.append((i18n.text("rep.pf.chart.target", lang), _pf_marker("circle", 11, 5, _INK, hollow=True)))
    items.append(
        (
            today_label,
            f'<rect x="8" y="-1" width="6" height="12" fill="{_TODAY_BAND}"/>'
            f'<line x1="11" y1="-1" x2="11" y2="11" stroke="{_TODAY_LINE}" stroke-width="1"/>',
        )
    )
    parts, bottom = _legend(items, _CH_MARGIN, plot_bottom + 24, _CH_WIDTH - 2 * _CH_MARGIN, _CH_AXIS,
                            (22, 10), 15, 10)  # fmt: skip
    body += parts

    def shown(point: Point | None) -> str:
        if point is None or not math.isfinite(point.value):
            return "–"
        return textfmt.quantity(point.value, comparison.unit, lang)

    lines = [
        i18n.text(
            "rep.pf.chart.alt_row",
            lang,
            programme=label,
            baseline=shown(progress.baseline),
            latest=shown(progress.latest),
            target=shown(progress.target),
            status=i18n.text(f"status.{progress.status}", lang)
            if i18n.has(f"status.{progress.status}")
            else progress.status,
        )
        for label, _colour, _dash, _shape, _points, _target, progress in rows
    ]
    alt = i18n.text(
        "rep.pf.chart.alt",
        lang,
        indicator=title,
        rows=" ".join(lines) if lines else i18n.text("pic.chart.no_data", lang),
    )
    return _svg(_CH_WIDTH, bottom + 2, id_prefix, "shared", title, alt, body)
