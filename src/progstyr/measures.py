"""Putting measurements into benefit files: what `pull` and `import` share (SPEC §12).

A benefit file is edited as text, not re-emitted: each new measurement is inserted as
lines of its own in the indicator's `measurements` list (in date order, in the style of
the items around it: block or one-line `{date: …, value: …}`), and an updated value
replaces only the characters of that value. Every other byte of the file stays as it
was: comments, blank lines, quoting, number spellings, line ends, a BOM.

Nothing is written unless the edit is proved right: the new text must read back (with
the same safe reader as `validate`) to exactly the old data with the planned changes,
and still validate as a benefit file.

Who owns a measurement: with `Owner.KOLADA` (pull), a measurement whose source starts
with `Kolada` belongs to pull, which may update its numbers; any other measurement on
the same date is hand-entered and left alone (a `Conflict`, reported). With
`Owner.NOBODY` (import), an existing measurement on the same date with the same numbers
means nothing to do; with other numbers it is a `Conflict`, and import refuses.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from progstyr import yamlread
from progstyr.model import Benefit

FIELDS = ("date", "value", "women", "men", "note", "source")
"""A measurement's keys in the order of the model (and so of `fmt`)."""
NUMBERS = ("value", "women", "men")
KOLADA_PREFIX = "Kolada"


class Owner(Enum):
    KOLADA = "kolada"
    """pull: measurements whose source starts with `Kolada` are its own."""
    NOBODY = "nobody"
    """import: nothing is updated; an existing different value is a conflict."""


@dataclass(frozen=True, slots=True)
class Wanted:
    """One measurement that should be in an indicator's list."""

    indicator: str
    date: dt.date
    value: float
    women: float | None = None
    men: float | None = None
    note: str | None = None
    source: str | None = None
    origin: Any = None
    """Where it came from, for messages (a KPI, a spreadsheet row)."""

    def fields(self) -> dict[str, Any]:
        """The measurement as it will stand in the file, in the model's key order."""
        result: dict[str, Any] = {"date": self.date, "value": self.value}
        for name in ("women", "men", "note", "source"):
            if getattr(self, name) is not None:
                result[name] = getattr(self, name)
        return result


@dataclass(frozen=True, slots=True)
class Conflict:
    """A measurement already in the file on the same date with other numbers."""

    wanted: Wanted
    line: int
    col: int
    existing: dict[str, Any]


@dataclass(slots=True)
class Edit:
    """What one benefit file becomes."""

    before: str
    after: str
    added: list[Wanted] = field(default_factory=list)
    updated: list[Wanted] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.after != self.before


class EditError(Exception):
    """The file cannot be edited safely (its shape is not the one the model describes, or
    the edit did not read back as planned); `key` names the message."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def same_numbers(existing: dict[str, Any], wanted: Wanted) -> bool:
    """True when the measurement in the file already says what `wanted` says."""
    for name in NUMBERS:
        new = getattr(wanted, name)
        if new is None:
            continue
        old = existing.get(name)
        if not isinstance(old, (int, float)) or isinstance(old, bool) or float(old) != float(new):
            return False
    return True


def owned(existing: dict[str, Any], owner: Owner) -> bool:
    source = existing.get("source")
    return owner is Owner.KOLADA and isinstance(source, str) and source.startswith(KOLADA_PREFIX)


# ---------------------------------------------------------------- scalars as text


_PLAIN_RE = re.compile(r"^[A-Za-zÅÄÖåäöÉéÜü][\w ,./()%+&'-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def number_text(value: float) -> str:
    """A number as YAML reads it back exactly: 1700, 4.7, 1.0e-05."""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = repr(float(value))
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def text_scalar(value: str) -> str:
    """A text value, plain when it reads back as the same text, else double-quoted."""
    if (
        _PLAIN_RE.match(value)
        and value == value.strip()
        and value.lower() not in _RESERVED
        and ": " not in value
        and " #" not in value
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return text_scalar(str(value))


# ---------------------------------------------------------------- the edit


_COMPOSER = YAML(typ="safe", pure=True)


def _compose(text: str) -> MappingNode:
    node = _COMPOSER.compose(text)
    if not isinstance(node, MappingNode):
        raise EditError("measures.shape", where="top")
    return node


def _get(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _end(node: Node) -> int:
    """Index just past the last character that belongs to `node` (block collections'
    own end marks point at the next token, past comments: look at the children)."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return max(_end(child) for pair in node.value for child in pair)
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return max(_end(child) for child in node.value)
    return int(node.end_mark.index)


class _Text:
    """The file's text with line arithmetic and a list of edits applied at the end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[tuple[int, int, str]] = []

    def line_start(self, index: int) -> int:
        return max(self.text.rfind("\n", 0, index), -1) + 1

    def next_line(self, index: int) -> int:
        """Start of the line after the one holding `index`."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def after_item(self, end: int, column: int) -> int:
        """Where text can go after an item ending at `end`: past the rest of its line and
        any comment lines below it indented deeper than `column` (they belong to it)."""
        position = self.next_line(max(end - 1, 0)) if end > 0 else 0
        if end > 0 and self.text[end - 1] in "\r\n":
            position = end if self.text[end - 1] == "\n" else self.next_line(end - 1)
        while position < len(self.text):
            line_end = self.text.find("\n", position)
            line = self.text[position : len(self.text) if line_end < 0 else line_end]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= column:
                break
            position = len(self.text) if line_end < 0 else line_end + 1
        return position

    def before_item(self, start: int) -> int:
        """Start of the line of an item beginning at `start`, moved up over the comment
        lines directly above it (they belong to it)."""
        position = self.line_start(start)
        while position > 0:
            previous = self.line_start(position - 1)
            if not self.text[previous:position].strip(" \r\n").startswith("#"):
                break
            position = previous
        return position

    def insert(self, index: int, lines: Sequence[str]) -> None:
        block = "".join(line + self.newline for line in lines)
        if index == len(self.text) and self.text and not self.text.endswith("\n"):
            block = self.newline + block
        self.edits.append((index, index, block))

    def replace(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, new))

    def result(self) -> str:
        text = self.text
        # Later edits first; at the same point, in the order they were planned.
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _dash_column(text: _Text, item: Node) -> int:
    """Column of the `-` that opens a list item (its content starts at item.start_mark)."""
    start = int(item.start_mark.index)
    line = text.line_start(start)
    dash = text.text.rfind("-", line, start)
    if dash < 0 or text.text[line:dash].strip(" "):
        raise EditError("measures.shape", where="measurements")
    return dash - line


def _item_lines(wanted: Wanted, dash: int, content: int, flow: bool) -> list[str]:
    fields = wanted.fields()
    if flow:
        inner = ", ".join(f"{name}: {scalar(value)}" for name, value in fields.items())
        return [" " * dash + "- {" + inner + "}"]
    names = list(fields)
    first = " " * dash + "-" + " " * (content - dash - 1) + f"{names[0]}: {scalar(fields[names[0]])}"
    return [first] + [" " * content + f"{name}: {scalar(fields[name])}" for name in names[1:]]


def _existing(items: list[Any]) -> dict[dt.date, int]:
    """Index of the first measurement on each date."""
    result: dict[dt.date, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("date"), dt.date):
            result.setdefault(item["date"], index)
    return result


def plan(raw: bytes, wanted: Iterable[Wanted], owner: Owner) -> Edit:
    """The edit that puts `wanted` into the benefit file `raw` (UTF-8, BOM allowed)."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    source = raw[3:] if bom else raw
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("measures.not_utf8") from None
    doc, problems = yamlread.parse(text, fast=False)
    if doc is None or problems or not isinstance(doc.data, dict):
        raise EditError("measures.unreadable")
    data = doc.data
    expected = copy.deepcopy(data)
    root = _compose(text)
    edit = _Text(text)
    result = Edit(before=text, after=text)

    by_indicator: dict[str, list[Wanted]] = {}
    for item in wanted:
        by_indicator.setdefault(item.indicator, []).append(item)
    indicators_pair = _get(root, "indicators")
    if indicators_pair is None or not isinstance(indicators_pair[1], SequenceNode):
        raise EditError("measures.shape", where="indicators")
    indicator_nodes = indicators_pair[1].value
    indicator_data = data.get("indicators") or []
    expected_indicators = expected.get("indicators") or []
    for indicator_id, wants in by_indicator.items():
        index = next(
            (
                i
                for i, ind in enumerate(indicator_data)
                if isinstance(ind, dict) and ind.get("id") == indicator_id
            ),
            None,
        )
        if index is None or not isinstance(indicator_nodes[index], MappingNode):
            raise EditError("measures.no_indicator", indicator=indicator_id)
        _plan_indicator(
            edit,
            indicator_nodes[index],
            indicator_data[index],
            expected_indicators[index],
            sorted(wants, key=lambda w: w.date),
            owner,
            doc,
            ("indicators", index),
            result,
        )
    after = edit.result()
    if after != text:
        _prove(after, expected)
    result.after = after
    if bom:
        result.before = "\ufeff" + result.before
        result.after = "\ufeff" + result.after
    return result


def _plan_indicator(
    edit: _Text,
    node: MappingNode,
    data: dict[str, Any],
    expected: dict[str, Any],
    wants: list[Wanted],
    owner: Owner,
    doc: yamlread.Document,
    path: tuple[str | int, ...],
    result: Edit,
) -> None:
    items = data.get("measurements") or []
    if not isinstance(items, list):
        raise EditError("measures.shape", where="measurements")
    on_date = _existing(items)
    pair = _get(node, "measurements")
    seq = pair[1] if pair is not None and isinstance(pair[1], SequenceNode) and pair[1].value else None
    new: list[Wanted] = []
    for want in wants:
        at = on_date.get(want.date)
        if at is None:
            new.append(want)
            continue
        existing = items[at]
        if same_numbers(existing, want):
            continue
        if not owned(existing, owner):
            line, col = doc.position((*path, "measurements", at))
            result.conflicts.append(Conflict(want, line, col, dict(existing)))
            continue
        if seq is None:
            raise EditError("measures.shape", where="measurements")
        _update(edit, seq.value[at], existing, want)
        expected["measurements"][at].update({k: v for k, v in want.fields().items() if k in NUMBERS})
        if want.source is not None:
            expected["measurements"][at]["source"] = want.source
        result.updated.append(want)
    if not new:
        return
    result.added.extend(new)
    if seq is not None:
        _insert_into(edit, seq, items, new)
    else:
        edit.insert(_start_list(edit, node, pair), _block(new, node, pair))
    planned = expected.get("measurements") or []
    expected["measurements"] = [
        planned[ref] if isinstance(ref, int) else ref.fields() for ref in _merged_order(items, new)
    ]


def _merged_order(items: list[Any], new: list[Wanted]) -> list[int | Wanted]:
    """The order the list will have: each new item before the first existing item dated
    after it, else at the end (the same rule `_insert_into` applies to the text)."""
    result: list[int | Wanted] = list(range(len(items)))
    for want in new:
        anchor = _anchor(items, want.date)
        position = len(result) if anchor is None else result.index(anchor)
        # after new items already placed before the same anchor
        result.insert(position, want)
    return result


def _anchor(items: list[Any], date: dt.date) -> int | None:
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("date"), dt.date) and item["date"] > date:
            return index
    return None


def _insert_into(edit: _Text, seq: SequenceNode, items: list[Any], new: list[Wanted]) -> None:
    groups: dict[int | None, list[Wanted]] = {}
    for want in new:
        groups.setdefault(_anchor(items, want.date), []).append(want)
    for anchor, wants in groups.items():
        neighbour = seq.value[anchor if anchor is not None else -1]
        dash = _dash_column(edit, neighbour)
        flow = isinstance(neighbour, MappingNode) and bool(neighbour.flow_style)
        content = int(neighbour.start_mark.column) if not flow else dash + 2
        lines = [line for want in wants for line in _item_lines(want, dash, content, flow)]
        if anchor is None:
            edit.insert(edit.after_item(_end(neighbour), dash), lines)
        else:
            edit.insert(edit.before_item(int(neighbour.start_mark.index)), lines)


def _start_list(edit: _Text, node: MappingNode, pair: tuple[ScalarNode, Node] | None) -> int:
    """Where the first items of an absent or empty `measurements` go; an empty `[]` or
    `null` written after the key is removed (a comment after it stays)."""
    if pair is None:
        return edit.after_item(_end(node), int(node.start_mark.column) - 1)
    key, value = pair
    colon = edit.text.find(":", int(key.end_mark.index))
    if int(value.end_mark.index) > colon + 1:
        edit.replace(colon + 1, int(value.end_mark.index), "")
    return edit.next_line(colon)


def _block(new: list[Wanted], node: MappingNode, pair: tuple[ScalarNode, Node] | None) -> list[str]:
    key_column = int(node.start_mark.column)
    lines = [] if pair is not None else [" " * key_column + "measurements:"]
    for want in new:
        lines.extend(_item_lines(want, key_column + 2, key_column + 4, flow=False))
    return lines


def _update(edit: _Text, item: Node, existing: dict[str, Any], want: Wanted) -> None:
    if not isinstance(item, MappingNode):
        raise EditError("measures.shape", where="measurements")
    if item.flow_style:
        fields = {name: existing[name] for name in FIELDS if name in existing}
        fields.update({k: v for k, v in want.fields().items() if k in (*NUMBERS, "source")})
        inner = ", ".join(f"{name}: {scalar(fields[name])}" for name in FIELDS if name in fields)
        edit.replace(int(item.start_mark.index), int(item.end_mark.index), "{" + inner + "}")
        return
    content = int(item.start_mark.column)
    last_line_end = edit.after_item(_end(item), content - 1)
    for name in (*NUMBERS, "source"):
        new = getattr(want, name)
        if new is None:
            continue
        pair = _get(item, name)
        if pair is not None:
            if existing.get(name) != new:
                value = pair[1]
                edit.replace(int(value.start_mark.index), int(value.end_mark.index), scalar(new))
        else:
            edit.insert(last_line_end, [" " * content + f"{name}: {scalar(new)}"])


def _prove(after: str, expected: dict[str, Any]) -> None:
    """The edited text must read back to exactly the planned data and be a valid benefit."""
    doc, problems = yamlread.parse(after, fast=False)
    if doc is None or problems or not _equal(doc.data, expected):
        raise EditError("measures.not_proved")
    try:
        Benefit.model_validate(doc.data)
    except ValueError:
        raise EditError("measures.not_proved") from None


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, dict) and isinstance(right, dict):
        return set(left) == set(right) and all(_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return float(left) == float(right)
    return bool(left == right)
