"""`progstyr fmt`: canonical formatting of programme files that keeps every comment.

The canonical style:

* keys in the order of the model's fields (SPEC §3) at every level, lists of
  mappings included; unknown keys keep their relative order after the known
  ones, so nothing is ever dropped;
* two-space indentation, list dashes indented under their key
  (ruamel.yaml `mapping=2, sequence=4, offset=2`);
* a flow collection (`[a, b]`, `{a: 1}`) the author wrote on one line stays on one
  line (its keys still in the model's order, its values normalised like the rest)
  when that line fits in `LINE_LENGTH` (120) characters, not counting a comment at
  its end; one written over several lines (so also one holding a comment), one
  that would not fit, and one that is the whole file become block style; empty
  ones stay `[]` and `{}`. Block collections are never made flow: the author's
  choice is kept both ways, as Prettier and ruff-format keep a one-line object or
  the magic trailing comma. 120 rather than 100: a measurement `progstyr pull`
  writes as a one-line row among one-line rows (date, value, women, men and a
  Kolada source, at the depth of `indicators[].measurements[]`) already comes to
  98 characters with five-digit figures, and fmt must accept what pull writes;
* dates unquoted: a quoted `"2020-01-01"` in a date field becomes a date;
* quoting, block scalars (`|`, `>`) and number spellings are kept as written;
* a line width of 4096, so no text is rewrapped;
* UTF-8 without a BOM, `\\n` line endings, a final newline; no run of blank lines,
  no blank line at the start or the end.

The data are re-emitted by ruamel.yaml's round-trip dumper, without comments.
Comments are then put back by this module rather than by ruamel, because ruamel
attaches a comment to the end of whatever came *before* it, so reordering keys
would carry comments away from the key they describe. Here each comment line is
anchored in the source and placed at its anchor in the output:

* comments above the first key are the file's header and stay at the top, up to
  the last blank line there: comments between that blank line and the first key
  belong to that key (without a blank line, the whole block is the header);
* a comment on its own line belongs to the next key or list item when it is not
  indented deeper than that key or item, else it trails the previous key or item
  at its own indentation or less (a commented-out field after `total:` stays
  after `total:`); comments after the last key stay at the end; a flow collection
  on one line counts as one value: no comment belongs to a key inside it;
* a comment at the end of a line stays at the end of the line of the same key
  or value (two spaces before the `#`); where that line cannot take one (two
  comments meeting on one line, a value now spanning lines), it goes on its own
  line above the key;
* blank lines travel with the comment or key that follows them.

Nothing is written unless the result is proved lossless: the formatted text must
read back (with the same safe reader as `validate`) to the same data, dates
normalised, and hold exactly the same comments. Files the safe reader refuses
(aliases, tags, syntax errors, binary, not UTF-8, too large) are never touched.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import io
import math
import re
import types
import typing
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter, ScalarAnalysis
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.serializer import Serializer
from ruamel.yaml.tag import Tag

from progstyr import fileio, yamlread
from progstyr.i18n import Term
from progstyr.model import FOLDER_KINDS, KIND_MODELS

WIDTH = 4096
"""Line width given to ruamel.yaml: wide enough that no text is ever rewrapped."""
LINE_LENGTH = 120
"""The longest line (without its end-of-line comment) on which a flow collection stays."""
EOL_GAP = "  "
"""Spaces between a value and the comment at the end of its line."""

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROGRAMME_FILES = ("programme.yaml", "programme.yml")
_PORTFOLIO_FILES = ("portfolio.yaml", "portfolio.yml")
_YAML_SUFFIXES = (".yaml", ".yml")

Key = tuple[str | int, ...]
"""Where a node sits: mapping keys (as written) and list indexes from the top."""


class Status(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What `format_file` did with one file.

    `changed` means the file is not in canonical form: it was rewritten unless
    `check` was asked. `skipped` comes with a message key (`read.*` from the safe
    reader, or `fmt.*`), its arguments and the line and column concerned.
    """

    status: Status
    reason: str | None = None
    args: tuple[tuple[str, object], ...] = ()
    line: int = 1
    col: int = 1
    written: bool = False


class FormatError(Exception):
    """The text cannot be formatted safely; `reason` is a message key."""

    def __init__(
        self, reason: str, args: tuple[tuple[str, str], ...] = (), line: int = 1, col: int = 1
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = args
        self.line = line
        self.col = col


# ---------------------------------------------------------------- public API


def kind_of(path: Path) -> str | None:
    """The file kind from where the file sits: benefits/, gaps/, projects/, programme.yaml or
    portfolio.yaml."""
    if not path.name.lower().endswith(_YAML_SUFFIXES):
        return None
    folder_kind = FOLDER_KINDS.get(path.parent.name)
    if folder_kind is not None:
        return folder_kind
    if path.name in _PROGRAMME_FILES:
        return "programme"
    if path.name in _PORTFOLIO_FILES:
        return "portfolio"
    return None


def format_text(text: str, kind: str | None) -> str:
    """The canonical form of `text`, a file of `kind` (None: no key order is known).

    Raises FormatError when the text is refused by the safe reader, cannot be
    handled by ruamel.yaml, or would not survive formatting unchanged.
    """
    model = _model_for(kind)
    if text.startswith("\ufeff"):
        text = text[1:]
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > yamlread.MAX_FILE_BYTES:
        raise FormatError("read.too_large", (("limit", str(yamlread.MAX_FILE_BYTES)), ("size", str(size))))
    # The data of the text as given (not as normalised below) is what must come back.
    doc, problems = yamlread.parse(text)
    if problems or doc is None:
        problem = problems[0] if problems else yamlread.Problem("PS102", 1, 1, "read.empty")
        raise FormatError(problem.key, problem.args, problem.line, problem.col)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The cyclic garbage collector would walk the ever larger heap of nodes and tokens
    # again and again (a third of the time on a 1 MiB file); nothing here makes cycles
    # that must be freed before the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            result, comments = _format(text, model)
        except Exception as exc:  # any ruamel failure means: leave the file alone
            raise FormatError("fmt.failed", (("detail", f"{type(exc).__name__}: {exc}"[:200]),)) from None
        _verify(doc.data, comments, result)
    finally:
        if collecting:
            gc.enable()
    return result


def format_file(path: Path, kind: str | None, *, check: bool) -> Outcome:
    """Format one file in place (unless `check`); never raises for bad content.

    The file is replaced only if it is still the one that was read (see
    `fileio.replace_if_unchanged`): otherwise, or when it is read-only, it is
    skipped with the reason `write.changed` or `write.read_only`.
    """
    try:
        snapshot = fileio.Snapshot.take(path, limit=yamlread.MAX_FILE_BYTES)
    except fileio.WriteError as exc:  # not a regular file
        return Outcome(Status.SKIPPED, exc.reason, tuple(exc.message_args.items()))
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        return Outcome(Status.SKIPPED, "read.unreadable", (("detail", detail),))
    raw = snapshot.data
    if not snapshot.complete:
        args = (("limit", str(yamlread.MAX_FILE_BYTES)), ("size", str(max(snapshot.size, len(raw)))))
        return Outcome(Status.SKIPPED, "read.too_large", args)
    text, problem = yamlread.decode(raw)
    if problem is not None or text is None:
        assert problem is not None
        return Outcome(Status.SKIPPED, problem.key, problem.args, problem.line, problem.col)
    try:
        formatted = format_text(text, kind)
    except FormatError as exc:
        details: tuple[tuple[str, object], ...] = exc.details
        if exc.reason == "read.empty":  # the message names what the file should hold
            details += (("kind", Term(f"kind.{kind or 'programme'}")),)
        return Outcome(Status.SKIPPED, exc.reason, details, exc.line, exc.col)
    if formatted.encode("utf-8") == raw:
        return Outcome(Status.UNCHANGED)
    if check:
        return Outcome(Status.CHANGED)
    try:
        # Only if it is still the file that was read: an edit saved meanwhile is never undone.
        fileio.replace_if_unchanged(snapshot, formatted.encode("utf-8"))
    except fileio.WriteError as exc:  # changed meanwhile, read-only, disk full …
        return Outcome(Status.SKIPPED, exc.reason, tuple(exc.message_args.items()))
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        return Outcome(Status.SKIPPED, "fmt.write_failed", (("detail", detail),))
    return Outcome(Status.CHANGED, written=True)


# ---------------------------------------------------------------- the data: order, dates, block style


def _model_for(kind: str | None) -> type[BaseModel] | None:
    if kind is None:
        return None
    if kind not in KIND_MODELS:
        raise ValueError(f"unknown file kind: {kind!r}")
    return KIND_MODELS[kind]


def _unwrap(annotation: Any) -> Any:
    """Optional[X], list[X], Annotated[X, ...] → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return annotation


def _field_shape(model: type[BaseModel] | None, key: Any) -> tuple[type[BaseModel] | None, bool]:
    """For a key of `model`: the model of its value (or of its list items), and whether it is a date."""
    if model is None or not isinstance(key, str):
        return None, False
    info = model.model_fields.get(key)
    if info is None:
        return None, False
    inner = _unwrap(info.annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner, False
    return None, inner is dt.date


def _as_date(value: Any) -> Any:
    """A quoted ISO date becomes a date, so that it is written unquoted."""
    if isinstance(value, str) and not isinstance(value, dt.date) and _ISO_DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return value
    return value


def _is_flow(value: Any) -> bool:
    """Whether a loaded or canonical collection is (still) meant to be written in flow style."""
    attributes = getattr(value, "fa", None)
    return attributes is not None and bool(attributes.flow_style())


def _one_line(node: Node) -> bool:
    return int(node.start_mark.line) == int(node.end_mark.line)


def _block_unless_one_line(data: Any, node: Node) -> None:
    """Block style for every flow collection of the loaded `data` that spans lines in the
    source (`node`, the nodes it was constructed from, walked alongside)."""
    stack: list[tuple[Any, Node]] = [(data, node)]
    while stack:
        value, at = stack.pop()
        if isinstance(value, CommentedMap) and isinstance(at, MappingNode):
            if _is_flow(value) and not _one_line(at):
                value.fa.set_block_style()
            if len(value) == len(at.value):  # else (a merge?) what is left stays as loaded
                stack.extend(
                    (child, pair[1])
                    for child, pair in zip(value.values(), at.value, strict=True)
                    if isinstance(child, (dict, list))
                )
        elif isinstance(value, CommentedSeq) and isinstance(at, SequenceNode):
            if _is_flow(value) and not _one_line(at):
                value.fa.set_block_style()
            if len(value) == len(at.value):
                stack.extend(
                    pair for pair in zip(value, at.value, strict=True) if isinstance(pair[0], (dict, list))
                )


def _canonical(value: Any, model: type[BaseModel] | None) -> Any:
    """A copy of the loaded data with keys in model order; the flow collections left in
    `value` stay flow, every other collection is block style."""
    if isinstance(value, dict):
        rank = {name: index for index, name in enumerate(model.model_fields)} if model else {}

        def order(item: tuple[int, Any]) -> tuple[int, int]:
            position, key = item
            if isinstance(key, str) and key in rank:
                return (0, rank[key])
            return (1, position)

        mapping = CommentedMap()
        for _, key in sorted(enumerate(value), key=order):
            sub, is_date = _field_shape(model, key)
            child = value[key]
            mapping[key] = _canonical(_as_date(child) if is_date else child, sub)
        if _is_flow(value):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq()
        for item in value:
            sequence.append(_canonical(item, model))
        if _is_flow(value):
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, (LiteralScalarString, FoldedScalarString)):
        # The comment after `|` or `>` is put back with the others.
        setattr(value, "comment", None)  # noqa: B010 - not in the type stubs
    return value


class _MemoResolver(VersionedResolver):
    """ruamel.yaml's YAML 1.2 resolver with its answer for each plain scalar remembered.

    The stock resolver looks the YAML version up (through several attributes) and
    builds a new Tag, whose text is decoded character by character, for every scalar:
    most of the resolver's time on a large file. The answer depends only on the value
    and the version, which is the default (1.2) here: texts with a `%YAML` directive
    keep the stock resolver (see `_resolver_for`). Equal answers share one Tag, as
    the stock resolver already shares its default tags.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            memo: dict[str, Any] | None = self.__dict__.get("_progstyr_memo")
            if memo is None:
                memo = self.__dict__["_progstyr_memo"] = {}
            tag = memo.get(value)
            if tag is None:
                tag = memo[value] = _shared_tag(super().resolve(kind, value, implicit))
            return tag
        return super().resolve(kind, value, implicit)


_SHARED_TAGS: dict[str, Tag] = {}


def _shared_tag(tag: Any) -> Any:
    """One Tag object per plain tag text (no handle), so that its decoded text is worked
    out once; anything else is returned as it is."""
    if not isinstance(tag, Tag) or tag.handle is not None or not isinstance(tag.suffix, str):
        return tag
    shared = _SHARED_TAGS.get(tag.suffix)
    if shared is None:
        shared = _SHARED_TAGS[tag.suffix] = Tag(suffix=tag.suffix)
    return shared


class _SharedTagSerializer(Serializer):
    """ruamel.yaml's serializer (the same events for the emitter) with its per-node
    overhead taken out: the representer makes a new Tag for every node, decoded again
    on every comparison, so nodes get the shared Tag objects instead; a plain scalar's
    implicit flags are worked out once per tag and value; the resolver and emitter are
    looked up once. Aliases and path resolvers (neither used by fmt) take the stock path.
    """

    def serialize_node(self, node: Any, parent: Any, index: Any) -> None:
        parts: tuple[Any, Any, dict[tuple[str, str], Any]] | None = self.__dict__.get("_progstyr_parts")
        if parts is None:
            parts = self.__dict__["_progstyr_parts"] = (self.resolver, self.emitter, {})
        resolver, emitter, implicit_memo = parts
        if node in self.serialized_nodes or resolver.yaml_path_resolvers:
            super().serialize_node(node, parent, index)
            return
        alias = self.anchors[node]
        self.serialized_nodes[node] = True
        ctag = node.ctag
        if type(ctag) is Tag and ctag.handle is None and ctag._transform_type is None:
            ctag = node.ctag = _shared_tag(ctag)
        if isinstance(node, ScalarNode):
            value = node.value
            shared = (
                isinstance(ctag, Tag) and _SHARED_TAGS.get(ctag.suffix) is ctag and isinstance(value, str)
            )
            implicit = implicit_memo.get((ctag.suffix, value)) if shared else None
            if implicit is None:
                detected_tag = resolver.resolve(ScalarNode, value, (True, False))
                default_tag = resolver.resolve(ScalarNode, value, (False, True))
                implicit = (
                    (ctag == detected_tag),
                    (ctag == default_tag),
                    typing.cast(str, node.tag).startswith("tag:yaml.org,2002:"),
                )
                if shared:
                    implicit_memo[(ctag.suffix, value)] = implicit
            emitter.emit(ScalarEvent(alias, ctag, implicit, value, style=node.style, comment=node.comment))
        elif isinstance(node, SequenceNode):
            implicit = ctag == resolver.resolve(SequenceNode, node.value, True)
            comment = node.comment
            seq_comment = comment[0] if node.flow_style is True and comment else None
            end_comment = comment[2] if comment and len(comment) > 2 else None
            emitter.emit(
                SequenceStartEvent(alias, ctag, implicit, flow_style=node.flow_style, comment=node.comment)
            )
            for position, item in enumerate(node.value):
                self.serialize_node(item, node, position)
            emitter.emit(SequenceEndEvent(comment=[seq_comment, end_comment]))
        elif isinstance(node, MappingNode):
            implicit = ctag == resolver.resolve(MappingNode, node.value, True)
            comment = node.comment
            map_comment = comment[0] if node.flow_style is True and comment else None
            end_comment = comment[2] if comment and len(comment) > 2 else None
            emitter.emit(
                MappingStartEvent(
                    alias,
                    ctag,
                    implicit,
                    flow_style=node.flow_style,
                    comment=node.comment,
                    nr_items=len(node.value),
                )
            )
            for key, item in node.value:
                self.serialize_node(key, node, None)
                self.serialize_node(item, node, key)
            emitter.emit(MappingEndEvent(comment=[map_comment, end_comment]))


class _MemoEmitter(RoundTripEmitter):
    """ruamel.yaml's round-trip emitter with the analysis of each scalar text (which
    styles it allows) remembered: it depends only on the text and on settings fixed for
    the whole dump, and the same keys and values come back again and again. The
    emitter changes the analysis it is given, so each use gets a fresh copy."""

    def analyze_scalar(self, scalar: Any) -> Any:
        if not isinstance(scalar, str):
            return super().analyze_scalar(scalar)
        memo: dict[str, dict[str, Any]] | None = self.__dict__.get("_progstyr_analyses")
        if memo is None:
            memo = self.__dict__["_progstyr_analyses"] = {}
        found = memo.get(scalar)
        if found is None:
            analysis = super().analyze_scalar(scalar)
            memo[scalar] = dict(vars(analysis))
            return analysis
        return ScalarAnalysis(**found)


def _resolver_for(text: str) -> type[VersionedResolver]:
    """The memoising resolver, unless a `%YAML` directive may choose another version."""
    return VersionedResolver if "%YAML" in text else _MemoResolver


def _dump(data: Any) -> str:
    yaml = YAML(typ="rt")
    yaml.Resolver = _MemoResolver
    yaml.Serializer = _SharedTagSerializer
    yaml.Emitter = _MemoEmitter
    yaml.preserve_quotes = True
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # `[{a: 1}]`, not `[a: 1]`
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _load(text: str) -> tuple[Any, Node]:
    """Round-trip data (keeps quotes and block scalars) and the composed nodes.

    The nodes come from the C parser, about five times faster than ruamel's pure
    round-trip parser that `YAML(typ="rt")` would use; they are then constructed by
    the round-trip constructor, which keeps quotes, number spellings and block
    scalars alike from either. The one thing only the pure parser records is where
    a folded scalar (`>`) had its line breaks: those scalars alone are read again by
    it. Whatever the C parser refuses, or a folded scalar that does not read back the
    same, goes through the pure parser as a whole.
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    try:
        node: Node = _c_composer(text).compose(text)
        if node is None or not _round_trip_scalars(node, text):
            raise YAMLError("use the pure parser")
    except YAMLError:
        node = yaml.compose(text)
    data = yaml.constructor.construct_document(node)
    return data, node


def _round_trip_scalars(root: Node, text: str) -> bool:
    """Make C-parsed scalar nodes what the round-trip parser would give: no style is None
    rather than "", a folded scalar's value marks its line breaks with BEL characters (so
    that it is written folded at the same places). False when a folded scalar cannot be redone."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if not node.style:
                node.style = None
            elif node.style == ">" and not _refold(node, text):
                return False
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return True


def _refold(node: ScalarNode, text: str) -> bool:
    """Read the folded scalar `node` again with the pure round-trip parser, as the value of a
    top-level key (its lines keep their indentation, so it reads the same unless its header
    gives an indentation, which is relative to the parent)."""
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    header_end = text.find("\n", start, end)
    header = text[start:end] if header_end < 0 else text[start:header_end]
    if any(char.isdigit() for char in header.split("#", 1)[0]):
        return False
    yaml = YAML(typ="rt")
    try:
        mini = yaml.compose("x: " + text[start:end])
    except YAMLError:
        return False
    if not isinstance(mini, MappingNode) or len(mini.value) != 1:
        return False
    value = mini.value[0][1]
    if not isinstance(value, ScalarNode) or value.style != ">" or value.value.replace("\a", "") != node.value:
        return False
    node.value = value.value
    return True


def _c_composer(text: str) -> YAML:
    """ruamel.yaml with the C parser, resolving plain scalars through the memo."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _resolver_for(text)
    return yaml


def _compose(text: str) -> Node:
    """Nodes with positions only, for texts fmt wrote itself: the C parser, else the pure one.

    Both give the same character positions; the C parser is about ten times faster.
    """
    try:
        node: Node = _c_composer(text).compose(text)
    except YAMLError:
        node = YAML(typ="safe", pure=True).compose(text)
    return node


# ---------------------------------------------------------------- the layout of a text


@dataclass(frozen=True, slots=True)
class _Entry:
    """A mapping key or a list item: where it starts (a list item: at its dash)."""

    key: Key
    start: int
    col: int


@dataclass(slots=True)
class _Layout:
    """Where things are in a YAML text: entries, scalar spans, where nodes end."""

    text: str
    line_starts: list[int]
    entries: list[_Entry] = field(default_factory=list)
    """Every key and list item, in document order."""
    by_key: dict[Key, int] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    """[start, end) of the text of every scalar: a `#` in there is no comment."""
    span_starts: list[int] = field(default_factory=list)
    ends: dict[tuple[Key, str], int] = field(default_factory=dict)
    """(key, "key" | "value") → index of the last character of that key or value."""
    eol_candidates: dict[int, list[tuple[int, int, Key, str]]] = field(default_factory=dict)
    """line → (end, depth, key, role) of the keys and values ending on it (no block scalars)."""
    no_comment_lines: set[int] = field(default_factory=set)
    """Lines whose end is inside a scalar: no comment may be added there."""
    keep_end_gaps: set[int] = field(default_factory=set)
    """Gaps right after a `|+` scalar: a blank line there would become part of its text."""

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, index) - 1

    def col_of(self, index: int) -> int:
        return index - self.line_starts[self.line_of(index)]

    def in_scalar(self, index: int) -> bool:
        position = bisect.bisect_right(self.span_starts, index) - 1
        return position >= 0 and self.spans[position][0] <= index < self.spans[position][1]

    def candidate(self, end: int, depth: int, key: Key, role: str) -> None:
        self.eol_candidates.setdefault(self.line_of(end - 1), []).append((end, depth, key, role))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _layout(text: str, root: Node) -> _Layout:
    layout = _Layout(text, _line_starts(text))
    _walk(layout, root, (), 0)
    layout.entries.sort(key=lambda entry: entry.start)
    layout.by_key = {entry.key: index for index, entry in enumerate(layout.entries)}
    layout.spans.sort()
    layout.span_starts = [start for start, _ in layout.spans]
    return layout


def _entry_start(text: str, index: int) -> int:
    """A list item starts at its dash when the dash is on the item's line."""
    position = index - 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    if position >= 0 and text[position] == "-" and (position == 0 or text[position - 1] in " \t\n"):
        return position
    return index


def _walk(layout: _Layout, node: Node, key: Key, depth: int, entries: bool = True) -> int:
    """Record `node` and everything in it; return the index of its last character (-1: empty).

    A flow collection on one line (below the top level) is one unit: what is in it records
    no entries, so a comment is anchored to the collection, never to a key inside it.
    """
    if isinstance(node, ScalarNode):
        return _scalar(layout, node, key, "value", depth)
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    if getattr(node, "flow_style", False) and depth > 0 and _one_line(node):
        entries = False
    last = -1
    if isinstance(node, SequenceNode):
        for position, item in enumerate(node.value):
            child = (*key, position)
            item_start = int(item.start_mark.index)
            entry_start = item_start if node.flow_style else _entry_start(layout.text, item_start)
            if entries:
                layout.entries.append(_Entry(child, entry_start, layout.col_of(entry_start)))
            item_last = _walk(layout, item, child, depth + 1, entries)
            last = item_last if item_last >= 0 else entry_start
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            child = (*key, str(key_node.value))
            key_start = int(key_node.start_mark.index)
            if entries:
                layout.entries.append(_Entry(child, key_start, layout.col_of(key_start)))
            if isinstance(key_node, ScalarNode):
                last = max(key_start, _scalar(layout, key_node, child, "key", depth + 1))
            else:  # pragma: no cover - the safe reader refuses complex keys first
                last = max(key_start, _walk(layout, key_node, (*child, "?"), depth + 1, entries))
            last = max(last, _walk(layout, value_node, child, depth + 1, entries))
    if getattr(node, "flow_style", False) or not node.value:
        last = max(start, end - 1)
        layout.candidate(end, depth, key, "value")
    layout.ends[(key, "value")] = last
    return last


def _block_scalar_parts(text: str, start: int, end: int) -> tuple[int, bool, int]:
    """For a `|` or `>` scalar at [start, end): where its header line ends, whether it
    keeps its final line breaks (`+`), and where its content ends."""
    # The header line (`|+2  # comment`) may hold a comment; the text starts below it.
    header_end = text.find("\n", start)
    header_end = len(text) if header_end < 0 else header_end
    keep = "+" in text[start:header_end].split("#", 1)[0]
    content_end = end if keep else start + len(text[start:end].rstrip(" \t\n"))
    return header_end, keep, content_end


def _scalar_spans(text: str, root: Node) -> _Layout:
    """A layout holding only the scalar spans (all that finding comments needs): the
    same spans `_layout` records, without the entries, ends and lines it also works out."""
    layout = _Layout(text, _line_starts(text))
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            start, end = int(node.start_mark.index), int(node.end_mark.index)
            if node.style in ("|", ">"):
                header_end, _, content_end = _block_scalar_parts(text, start, end)
                if content_end > header_end:
                    layout.spans.append((header_end + 1, content_end))
            elif end > start:
                layout.spans.append((start, end))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.append(key_node)
                stack.append(value_node)
    layout.spans.sort()
    layout.span_starts = [start for start, _ in layout.spans]
    return layout


def _scalar(layout: _Layout, node: ScalarNode, key: Key, role: str, depth: int) -> int:
    text = layout.text
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    if node.style in ("|", ">"):
        header_end, keep, content_end = _block_scalar_parts(text, start, end)
        if content_end > header_end:
            layout.spans.append((header_end + 1, content_end))
        last = max(start, content_end - 1)
        last_line = layout.line_of(max(start, end - 1))
        layout.no_comment_lines.update(range(layout.line_of(start) + 1, last_line + 1))
        if keep:
            at_line_start = end < len(text) and layout.col_of(end) == 0
            layout.keep_end_gaps.add(layout.line_of(end) if at_line_start else last_line + 1)
        layout.ends[(key, role)] = last
        return last
    if end <= start:
        return -1  # an empty value: it ends where its key does
    layout.spans.append((start, end))
    layout.no_comment_lines.update(range(layout.line_of(start), layout.line_of(end - 1)))
    layout.candidate(end, depth, key, role)
    layout.ends[(key, role)] = end - 1
    return end - 1


# ---------------------------------------------------------------- comments: where they are, where they go


@dataclass(frozen=True, slots=True)
class _Comment:
    index: int
    text: str
    full_line: bool


@dataclass(frozen=True, slots=True)
class _Item:
    """One comment (or "" for a blank line) of the source, and where it goes."""

    anchor: tuple[Any, ...]
    """("header",) | ("end",) | ("before", key) | ("after", key) | ("eol", key, role)"""
    index: int
    """Source position: lines that land in one place keep their source order."""
    text: str


def _comments(layout: _Layout) -> tuple[list[_Comment], list[int]]:
    """Every comment (its `#` position and text) and every blank line outside scalars."""
    text = layout.text
    found: list[_Comment] = []
    blanks: list[int] = []
    starts = layout.line_starts
    for number, line_start in enumerate(starts):
        line_end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        line = text[line_start:line_end]
        if not line.strip(" \t"):
            if (line_end < len(text) or line) and not layout.in_scalar(line_start):
                blanks.append(line_start)
            continue
        position = line.find("#")
        while position >= 0:
            absolute = line_start + position
            if (position == 0 or line[position - 1] in " \t") and not layout.in_scalar(absolute):
                full = not line[:position].strip(" \t")
                found.append(_Comment(absolute, line[position:].rstrip(" \t"), full))
                break
            position = line.find("#", position + 1)
    return found, blanks


def comment_texts(text: str) -> Counter[str]:
    """The comments of a YAML text (each from its `#`, trailing spaces removed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _comment_counter(_scalar_spans(text, _compose(text)))


def _comment_counter(layout: _Layout) -> Counter[str]:
    found, _ = _comments(layout)
    return Counter(comment.text for comment in found)


def _anchored(layout: _Layout) -> list[_Item]:
    """Anchor each comment and blank line of the source (the rules: see the module docstring)."""
    comments, blanks = _comments(layout)
    entries = layout.entries
    entry_starts = [entry.start for entry in entries]
    top_col = entries[0].col if entries else 0
    first_entry = entries[0].start if entries else len(layout.text) + 1
    # The file header: the comments above the first key, up to the last blank line
    # there; what follows that blank line belongs to the first key.
    header_blanks = [blank for blank in blanks if blank < first_entry]
    header_end = header_blanks[-1] + 1 if header_blanks else first_entry

    def own_line_anchor(position: int, col: int) -> tuple[Any, ...]:
        if position < header_end:
            return ("header",)
        if position < first_entry:
            return ("before", entries[0].key)
        following = bisect.bisect_right(entry_starts, position)
        after_it = entries[following] if following < len(entries) else None
        if after_it is None and col <= top_col:
            return ("end",)
        if after_it is not None and col <= after_it.col:
            return ("before", after_it.key)
        for earlier in range(following - 1, -1, -1):
            before_it = entries[earlier]
            if before_it.col <= col:
                if after_it is not None and after_it.key[: len(before_it.key)] == before_it.key:
                    # Between a key and the first entry of its value: it belongs to that entry.
                    return ("before", after_it.key)
                return ("after", before_it.key)
        return ("before", after_it.key) if after_it is not None else ("end",)

    def end_of_line_anchor(comment: _Comment) -> tuple[Any, ...] | None:
        """The key or value that ends last before the `#` on its line (the innermost on a tie)."""
        candidates = layout.eol_candidates.get(layout.line_of(comment.index), [])
        before_hash = [c for c in candidates if c[0] <= comment.index]
        if not before_hash:
            return None
        _, _, key, role = max(before_hash, key=lambda c: (c[0], c[1]))
        return ("eol", key, role)

    # Walk entries, blank lines and comments in source order; a blank line goes with
    # whatever follows it: the next comment on its own line, or the next key or item.
    items: list[_Item] = []
    events = sorted(
        [(entry.start, "entry") for entry in entries]
        + [(blank, "blank") for blank in blanks]
        + [(comment.index, "comment") for comment in comments]
    )
    by_index = {comment.index: comment for comment in comments}
    by_start = {entry.start: entry for entry in entries}
    pending_blank: int | None = None
    for position, what in events:
        if what == "blank":
            pending_blank = position if pending_blank is None else pending_blank
            continue
        if what == "entry":
            if pending_blank is not None:
                anchor: tuple[Any, ...] = (
                    ("header",) if pending_blank < header_end else ("before", by_start[position].key)
                )
                items.append(_Item(anchor, pending_blank, ""))
            pending_blank = None
            continue
        comment = by_index[position]
        found = None
        if not comment.full_line and comment.index >= first_entry:
            found = end_of_line_anchor(comment)
        anchor = found or own_line_anchor(comment.index, layout.col_of(comment.index))
        if pending_blank is not None and anchor[0] != "eol":
            blank_anchor = ("header",) if pending_blank < header_end else anchor
            items.append(_Item(blank_anchor, pending_blank, ""))
            pending_blank = None
        items.append(_Item(anchor, comment.index, comment.text))
    return items


# ---------------------------------------------------------------- putting the comments back


def _subtree_ends(entries: list[_Entry], end_gap: int, layout: _Layout) -> list[int]:
    """For each entry, the gap right after everything inside it (before the next non-descendant)."""
    result = [end_gap] * len(entries)
    open_entries: list[int] = []
    for index, entry in enumerate(entries):
        while (
            open_entries and entry.key[: len(entries[open_entries[-1]].key)] != entries[open_entries[-1]].key
        ):
            result[open_entries.pop()] = layout.line_of(entry.start)
        open_entries.append(index)
    return result


def _place(body: str, items: list[_Item], root: Node | None = None) -> str:
    """Insert the anchored lines into the comment-free canonical `body` (`root`: its nodes).

    Lines that land in one place keep their source order, and each lands where a
    second run would anchor it again: that is what makes fmt idempotent.
    """
    if not items:
        return body
    layout = _layout(body, _compose(body) if root is None else root)
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    entries = layout.entries
    end_gap = len(lines)
    after_gaps = _subtree_ends(entries, end_gap, layout)
    inserts: dict[int, list[tuple[int, int, str]]] = {}
    """gap (insert before this body line) → [(source index, indent, text)]"""
    eol: dict[int, str] = {}

    def insert(gap: int, item: _Item, indent: int) -> None:
        inserts.setdefault(gap, []).append((item.index, indent, item.text))

    def before(key: Key, item: _Item) -> None:
        while key and key not in layout.by_key:
            key = key[:-1]
        if not key:
            insert(0, item, 0)
            return
        gap = layout.line_of(entries[layout.by_key[key]].start)
        insert(gap, item, len(lines[gap]) - len(lines[gap].lstrip(" ")))

    for item in items:
        kind = item.anchor[0]
        if kind == "header":
            insert(0, item, 0)
        elif kind == "end":
            insert(end_gap, item, 0)
        elif kind == "before":
            before(item.anchor[1], item)
        elif kind == "after":
            key = item.anchor[1]
            while key and key not in layout.by_key:  # pragma: no cover - the same data has the same keys
                key = key[:-1]
            if not key:  # pragma: no cover
                insert(end_gap, item, 0)
            else:
                index = layout.by_key[key]
                insert(after_gaps[index], item, entries[index].col)
        else:  # at the end of the line where the same key or value ends
            key, role = item.anchor[1], item.anchor[2]
            last = layout.ends.get((key, role), -1)
            if last < 0:
                last = layout.ends.get((key, "key"), -1)
            line = layout.line_of(last) if last >= 0 else None
            if line is not None and line not in layout.no_comment_lines and line not in eol:
                eol[line] = item.text
            else:
                before(key, item)

    output: list[str] = []
    last_blank = True  # no blank line at the start

    def emit_inserted(gap: int) -> None:
        nonlocal last_blank
        for _, indent, text in sorted(inserts.get(gap, [])):
            if text:
                output.append(" " * indent + text)
                last_blank = False
            elif not last_blank and gap not in layout.keep_end_gaps:
                output.append("")
                last_blank = True

    for number, body_line in enumerate(lines):
        emit_inserted(number)
        output.append(body_line + EOL_GAP + eol[number] if number in eol else body_line)
        last_blank = False
    emit_inserted(end_gap)
    while output and output[-1] == "" and last_blank:
        output.pop()
    return "\n".join(output) + "\n"


def _too_long(data: Any, root: Node, body: str) -> list[Any]:
    """The outermost flow collections of `data` (dumped as `body`, composed as `root`) that do
    not stand on one line of at most LINE_LENGTH characters."""
    line_starts: list[int] | None = None
    found: list[Any] = []
    stack: list[tuple[Any, Node]] = [(data, root)]
    while stack:
        value, at = stack.pop()
        if _is_flow(value) and isinstance(at, (MappingNode, SequenceNode)) and at.value:
            if not _one_line(at):
                found.append(value)
                continue
            if line_starts is None:
                line_starts = _line_starts(body)
            line = int(at.start_mark.line)
            end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(body)
            if end - line_starts[line] > LINE_LENGTH:
                found.append(value)
            continue
        if isinstance(value, dict) and isinstance(at, MappingNode) and len(value) == len(at.value):
            stack.extend(
                (child, pair[1])
                for child, pair in zip(value.values(), at.value, strict=True)
                if isinstance(child, (dict, list))
            )
        elif isinstance(value, list) and isinstance(at, SequenceNode) and len(value) == len(at.value):
            stack.extend(
                pair for pair in zip(value, at.value, strict=True) if isinstance(pair[0], (dict, list))
            )
    return found


def _dump_fitting(data: Any) -> tuple[str, Node]:
    """The dump of `data`, and its nodes, once every flow collection that does not fit on its
    line is made block (those inside it are then tried on their own lines)."""
    if isinstance(data, (CommentedMap, CommentedSeq)):
        data.fa.set_block_style()  # the top level is the file
    while True:
        body = _dump(data)
        root = _compose(body)
        too_long = _too_long(data, root, body)
        if not too_long:
            return body, root
        for value in too_long:
            value.fa.set_block_style()


def _format(text: str, model: type[BaseModel] | None) -> tuple[str, Counter[str]]:
    """The formatted text, and the comments of the source (for the check)."""
    data, root = _load(text)
    _block_unless_one_line(data, root)
    body, body_root = _dump_fitting(_canonical(data, model))
    layout = _layout(text, root)
    return _place(body, _anchored(layout), body_root), _comment_counter(layout)


# ---------------------------------------------------------------- proving it lossless


def normalise(value: Any) -> Any:
    """Loaded data with ISO date strings as dates, so a quoted date equals a date."""
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    return _as_date(value)


def same_data(left: Any, right: Any) -> bool:
    """Equal, and of the same types (True is not 1, 1 is not 1.0), NaN equal to NaN."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same_data(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same_data(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


def _verify(data: Any, comments: Counter[str], formatted: str) -> None:
    """Raise unless `formatted` reads back to the same data and holds the same comments."""
    doc, problems = yamlread.parse(formatted)
    if problems or doc is None or not same_data(normalise(data), normalise(doc.data)):
        raise FormatError("fmt.not_lossless")
    try:
        kept = comment_texts(formatted) == comments
    except Exception:  # unreadable by ruamel means: not verified
        kept = False
    if not kept:
        raise FormatError("fmt.not_lossless")
