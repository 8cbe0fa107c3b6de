"""Safe YAML reading: bytes in, plain data with positions (or read problems) out.

One pass with ruamel.yaml's C parser: compose the document into nodes (which carry
their start marks), then construct plain Python values ourselves, recording the line
and column of every key and value. Nothing here can expand an alias, run a tag's code
or recurse without bound:

* files with a NUL byte, invalid UTF-8 or over the size limit never reach the parser;
* when a file could hold an anchor or alias, or could nest deeper than allowed, the
  C parser's event stream (iterative, no recursion) is scanned first and the file is
  refused at the first anchor, alias or too-deep collection;
* only the core tags are constructed; any other tag is refused.

The C parser rejects some valid YAML (`{source: Anslag 1:1}`); a C parse error is
retried with the pure-Python parser before it is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused unread (PS107)."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted (the format itself needs four)."""
MAX_STRING_CHARS = 100_000
"""Longest single text value accepted."""
MAX_INT_BITS = 4_000
"""Integers longer than this (about 1 200 digits) stay text: no amount is that large."""

Path = tuple[str | int, ...]
Pos = tuple[int, int]
Asked = tuple[int, Path]
"""A question about a position: (0 value, 1 key, 2 holder; the path), as Document keeps them."""

_FAST = YAML(typ="safe", pure=False)
_CONSTRUCTOR = YAML(typ="safe", pure=True).constructor

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_INT = _CORE + "int"
_FLOAT = _CORE + "float"
_BOOL = _CORE + "bool"
_NULL = _CORE + "null"
_TIMESTAMP = _CORE + "timestamp"
_MAP = _CORE + "map"
_SEQ = _CORE + "seq"

_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# Every character a YAML parser takes as a line break (YAML 1.1 adds NEL, LS and PS).
_BREAK = "\r\n\x85\u2028\u2029"
_INDENT_RE = re.compile(rf"[{_BREAK}]( +)")
_INDICATORS_RE = re.compile(rf"[{_BREAK}] *((?:[-?:] +)+)")


@dataclass(frozen=True, slots=True)
class Problem:
    """A reason a file cannot be read, found before any model validation."""

    code: str
    line: int
    col: int
    key: str
    args: tuple[tuple[str, str], ...] = ()


class Document:
    """A parsed YAML document: plain data and where each part of it stands (1-based).

    Positions are found when first asked for: a document read by the fast path keeps
    its text and composes it again (C parser, node marks) only if a diagnostic needs a
    line and column, which few files do.

    Every answer `position` and `holder` give is kept (`answered`), and answers known
    from an earlier reading of the same content can be given (`answers`): the read
    cache keeps them, so a warm run answers the checks' questions without parsing.
    """

    __slots__ = ("_answers", "_data", "_keys", "_path", "_text", "_values")

    def __init__(
        self,
        data: Any,
        values: dict[Path, Pos] | None = None,
        keys: dict[Path, Pos] | None = None,
        *,
        text: str | None = None,
        path: Any = None,
        answers: dict[Asked, Pos] | None = None,
    ) -> None:
        """`text` alone: data and positions are read from it when first asked for;
        `path` alone: from that file (known unchanged since it was read).
        Otherwise everything is given. `answers`: what `position` and `holder` answered
        on this content before (`answered`), given again without reading."""
        self._answers: dict[Asked, Pos] = dict(answers) if answers else {}
        self._path = path
        if text is None and path is not None:
            text, values, keys = None, None, None
        self._data = data
        self._values = values if values is not None or text is None else None
        self._keys = keys if keys is not None or text is None else None
        if self._values is None and text is None and path is None:
            self._values = {}
        if self._keys is None and text is None and path is None:
            self._keys = {}
        self._text = text

    def __getstate__(self) -> tuple[Any, ...]:
        return (self._data, self._values, self._keys, self._text, self._path, self._answers)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._data, self._values, self._keys, self._text, self._path, self._answers = state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.data, self.values, self.keys) == (other.data, other.values, other.keys)

    def __repr__(self) -> str:
        return f"Document(data={self.data!r}, values={self.values!r}, keys={self.keys!r})"

    def _locate(self) -> None:
        """Read the text again on the full path, which records every position (and
        reads as the fast path does: tests/test_speed.py)."""
        data: Any = None
        values: dict[Path, Pos] = {}
        keys: dict[Path, Pos] = {}
        if self._text is None and self._path is not None:
            try:
                with open(self._path, "rb") as handle:
                    self._text, _ = decode(handle.read(MAX_FILE_BYTES + 1))
            except OSError:
                pass
        if self._text is not None:
            located, _ = parse(self._text, fast=False)
            if located is not None:
                data, values, keys = located.data, located.values, located.keys
        if self._data is None:
            self._data = data
        self._values, self._keys = values, keys

    @property
    def data(self) -> Any:
        if self._data is None and (self._text is not None or self._path is not None):
            self._locate()
        return self._data

    @property
    def values(self) -> dict[Path, Pos]:
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Path, Pos]:
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    def position(self, path: Path, *, key: bool = False) -> Pos:
        """Line and column of the value (or key) at `path`, else of its nearest ancestor."""
        asked = (1 if key else 0, path)
        found = self._answers.get(asked)
        if found is not None:
            return found
        keys, values = self.keys, self.values
        if key and path in keys:
            found = keys[path]
        else:
            while path not in values and path:
                path = path[:-1]
            found = values.get(path, (1, 1))
        self._answers[asked] = found
        return found

    def holder(self, path: Path) -> Pos:
        """Where the mapping at `path` is named: its key when it has one, else its start."""
        found = self._answers.get((2, path))
        if found is None:
            found = self._answers[(2, path)] = self.keys.get(path) or self.position(path)
        return found

    def answered(self) -> dict[Asked, Pos]:
        """Every answer `position` and `holder` gave (or were given), by question."""
        return self._answers


class _Refused(Exception):
    """Raised inside construction when the document must be refused."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def _mark(node_or_event: Any) -> Pos:
    mark = node_or_event.start_mark
    return (mark.line + 1, mark.column + 1)


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Bytes → text, refusing binary content and anything that is not UTF-8."""
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line, col = _offset_position(raw, offset)
        return None, Problem("PS107", line, col, "read.binary")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, col = _offset_position(raw, exc.start)
        return None, Problem("PS107", line, col, "read.not_utf8")


def _offset_position(raw: bytes, offset: int) -> Pos:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, col


def parse(text: str, *, fast: bool = True) -> tuple[Document | None, list[Problem]]:
    """Text → Document, or the problems that stop it being read.

    Problems found while constructing (duplicate keys) come back with the Document.
    Whatever goes wrong inside the YAML library becomes a diagnostic, never an exception.
    """
    if fast and _CParser is not None:
        try:
            return _parse_fast(text), []
        except Exception:  # anything unusual: the full path below decides, and says why
            pass
    try:
        return _parse_with(_FAST, text)
    except ReaderError as exc:
        return None, [_reader_problem(exc, text)]
    except Exception as first:
        # A fresh loader each time: the pure parser keeps state such as a %YAML
        # directive's version, which must not leak into the next file.
        try:
            return _parse_with(YAML(typ="safe", pure=True), text)
        except ReaderError as exc:
            return None, [_reader_problem(exc, text)]
        except MarkedYAMLError as exc:
            return None, [_syntax_problem(exc)]
        except RecursionError:
            return None, [Problem("PS107", 1, 1, "read.too_deep", (("limit", str(MAX_DEPTH)),))]
        except Exception:
            if isinstance(first, YAMLError):
                return None, [_syntax_problem(first)]
            return None, [Problem("PS100", 1, 1, "read.syntax", (("detail", type(first).__name__),))]


def _reader_problem(exc: ReaderError, text: str) -> Problem:
    """A character YAML does not allow (a control character): point at it."""
    position = getattr(exc, "position", None)
    line, col = 1, 1
    if isinstance(position, int) and 0 <= position <= len(text):
        before = text[:position]
        line = before.count("\n") + 1
        col = position - (before.rfind("\n") + 1) + 1
    char = getattr(exc, "character", None)
    if isinstance(char, str) and len(char) == 1:
        char = ord(char)
    shown = f"U+{char:04X}" if isinstance(char, int) else "?"
    return Problem("PS107", line, col, "read.bad_character", (("char", shown),))


def _syntax_problem(exc: YAMLError) -> Problem:
    """A syntax error in plain words (what to do), the parser's own text as a detail."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    since = context_mark.line + 1 if context_mark is not None else line
    detail = f"{problem} ({context})" if context else problem
    key = _SYNTAX_KEYS.get(next((k for k in _SYNTAX_KINDS if k in problem), ""), "read.syntax")
    if key == "read.syntax_indent" and since == line:
        since = max(line - 1, 1)
    args = (("detail", detail), ("line", str(line)), ("since", str(since)))
    return Problem("PS100", line, col, key, args)


_SYNTAX_KINDS = (
    "'\\t'",
    "expected <block end>",
    "mapping values are not allowed",
    "could not find expected ':'",
    "expected ',' or ']'",
    "expected ',' or '}'",
    "found unexpected end of stream",
)
_SYNTAX_KEYS = dict(
    zip(
        _SYNTAX_KINDS,
        (
            "read.syntax_tab",
            "read.syntax_indent",
            "read.syntax_colon",
            "read.syntax_no_colon",
            "read.syntax_flow",
            "read.syntax_flow",
            "read.syntax_end",
        ),
        strict=True,
    )
)


def _parse_with(loader: YAML, text: str) -> tuple[Document | None, list[Problem]]:
    if _needs_event_scan(text):
        try:
            refused = _scan_events(loader, text)
        finally:
            loader.doc_infos.clear()
        if refused is not None:
            return None, [refused]
    try:
        node = loader.compose(text)
    finally:
        loader.doc_infos.clear()  # ruamel.yaml keeps one per document read, for ever
        loader.tags = {}
    if node is None:
        return None, [Problem("PS102", 1, 1, "read.empty")]
    if not isinstance(node, MappingNode):
        line, col = _mark(node)
        return None, [Problem("PS102", line, col, "read.not_mapping")]
    builder = _Builder()
    try:
        data = builder.build(node, ())
    except _Refused as refused:
        return None, [refused.problem]
    return Document(data, builder.values, builder.keys), builder.problems


def _needs_event_scan(text: str) -> bool:
    """True when the text could hold an anchor, an alias or nesting beyond MAX_DEPTH."""
    if "&" in text or "*" in text:
        return True
    flow = text.count("[") + text.count("{")
    if flow >= MAX_DEPTH:
        return True
    padded = "\n" + text
    indent = max((len(m) for m in _INDENT_RE.findall(padded)), default=0)
    indicators = max((len(m) for m in _INDICATORS_RE.findall(padded)), default=0)
    # Each block level needs more indentation or another `- `/`? ` on the line.
    return flow + 2 * (indent + indicators) + 4 > MAX_DEPTH


def _scan_events(loader: YAML, text: str) -> Problem | None:
    """Walk the event stream (no recursion) for anchors, aliases and depth."""
    depth = 0
    events: Iterator[Any] = loader.parse(text)
    for event in events:
        if isinstance(event, AliasEvent):
            line, col = _mark(event)
            return Problem("PS107", line, col, "read.alias")
        if getattr(event, "anchor", None):
            line, col = _mark(event)
            return Problem("PS107", line, col, "read.anchor")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _mark(event)
                return Problem("PS107", line, col, "read.too_deep", (("limit", str(MAX_DEPTH)),))
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


class _Builder:
    """Composed nodes → plain Python values, recording positions on the way."""

    __slots__ = ("keys", "problems", "values")

    def __init__(self) -> None:
        self.values: dict[Path, Pos] = {}
        self.keys: dict[Path, Pos] = {}
        self.problems: list[Problem] = []

    def build(self, node: Node, path: Path) -> Any:
        mark = node.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise _Refused(self._tag_problem(node))
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise _Refused(self._tag_problem(node))
            return self._mapping(node, path)
        raise _Refused(self._tag_problem(node))  # pragma: no cover - no other node kinds

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_pos = _mark(key_node)
            if not isinstance(key_node, ScalarNode):
                self.problems.append(Problem("PS104", *key_pos, "read.complex_key"))
                continue
            if key_node.tag not in _KEY_TAGS:
                raise _Refused(self._tag_problem(key_node))
            if key_node.style == '"':
                _refuse_surrogates(key_node)
            key = key_node.value
            if key in result:
                self.problems.append(Problem("PS101", *key_pos, "read.duplicate_key", (("key", key),)))
                continue
            child = (*path, key)
            self.keys[child] = key_pos
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        return _construct_scalar(node)

    @staticmethod
    def _tag_problem(node: Node) -> Problem:
        return _tag_problem(node)


def _tag_problem(node: Node) -> Problem:
    tag = str(node.tag)
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return Problem("PS107", *_mark(node), "read.tag", (("tag", shown),))


def _construct_scalar(node: ScalarNode) -> Any:
    tag = node.tag
    value = node.value
    if tag == _STR:
        if node.style == '"':
            _refuse_surrogates(node)
        if len(value) > MAX_STRING_CHARS:
            raise _Refused(
                Problem("PS107", *_mark(node), "read.too_long", (("limit", str(MAX_STRING_CHARS)),))
            )
        return value
    if tag == _NULL:
        return None
    if tag in (_INT, _FLOAT, _BOOL):
        try:
            constructed = _CONSTRUCTORS[tag](node)
            if isinstance(constructed, int) and constructed.bit_length() > MAX_INT_BITS:
                return value  # Python refuses to print such a number; keep it as written
            return constructed
        except Exception:
            # `!!bool hello`, `!!int abc`, `!!int ''`, an integer too long: keep the
            # text, and let validation say what is wrong with it where it matters.
            return value
    if tag == _TIMESTAMP:
        return _timestamp(value, node)
    raise _Refused(_tag_problem(node))


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(node: ScalarNode) -> None:
    """A double-quoted `"\\ud800"` escape gives a character no text file can hold."""
    found = _SURROGATE_RE.search(node.value)
    if found is not None:
        shown = f"U+{ord(found.group()):04X}"
        raise _Refused(Problem("PS107", *_mark(node), "read.bad_character", (("char", shown),)))


_CONSTRUCTORS = {
    _INT: _CONSTRUCTOR.construct_yaml_int,
    _FLOAT: _CONSTRUCTOR.construct_yaml_float,
    _BOOL: _CONSTRUCTOR.construct_yaml_bool,
}

_KEY_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP})


def _timestamp(value: str, node: ScalarNode) -> Any:
    """A date stays a date; an impossible one stays text so validation can name it."""
    if _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    try:
        return _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, YAMLError):
        return value


# ---------------------------------------------------------------- the fast path

try:
    from _ruamel_yaml import CParser as _CParser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency
    _CParser = None

_RESOLVER_TABLE: dict[str, list[tuple[str, Any]]] = VersionedResolver(version=(1, 2)).versioned_resolver
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {}


def _resolve(value: str) -> str:
    """The tag of a plain scalar, exactly as ruamel.yaml's YAML 1.2 resolver gives it
    to the C composer (the first matching implicit resolver for the first character)."""
    first = value[:1]
    resolvers = _RESOLVERS.get(first)
    if resolvers is None:
        table = _RESOLVER_TABLE.get(first, []) + _RESOLVER_TABLE.get(None, [])  # type: ignore[call-overload]
        # ruamel.yaml wraps each pattern in a lazy proxy; keep the compiled pattern itself
        resolvers = _RESOLVERS[first] = [(str(tag), _compiled(regexp)) for tag, regexp in table]
    for tag, regexp in resolvers:
        if regexp.match(value):
            return tag
    return _STR


def _compiled(regexp: Any) -> Any:
    lazy = getattr(regexp, "lazy_self", None)
    return lazy() if callable(lazy) else regexp


class _Unusual(Exception):
    """The fast path met something it leaves to the full path (which reports it)."""


def _parse_fast(text: str) -> Document:
    """The common case in one pass over the C parser's events, building plain data
    without nodes, resolver objects or positions (found later, only if needed).

    Anything out of the ordinary raises: an error from the parser, an anchor, an
    alias, an explicit tag, a directive, a second document, a root that is not a
    mapping, a duplicate or non-text key, nesting deeper than MAX_DEPTH, a value the
    full path would refuse. The full path then reads the file and gives its verdict,
    so both paths agree on every file (tests/test_speed.py compares them).
    """
    parser = _CParser(text)
    try:
        get = parser.get_event
        get()  # StreamStartEvent
        event = get()
        if type(event) is not DocumentStartEvent or event.version is not None or event.tags:
            raise _Unusual
        event = get()
        if type(event) is not MappingStartEvent or event.anchor is not None or event.tag is not None:
            raise _Unusual
        root: dict[str, Any] = {}
        stack: list[Any] = [root]  # the open containers; the innermost is `container`
        container: Any = root
        key: Any = None  # in a mapping: the key waiting for its value
        while stack:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = event.value
                if key is None and type(container) is dict:  # a key
                    if event.implicit[0] and _resolve(value) not in _KEY_TAGS:
                        raise _Unusual
                    if value in container or (event.style == '"' and _SURROGATE_RE.search(value)):
                        raise _Unusual
                    key = value
                    continue
                built = _fast_scalar(_resolve(value) if event.implicit[0] else _STR, value, event.style)
                if key is None:
                    container.append(built)
                else:
                    container[key] = built
                    key = None
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Unusual
                built = {} if kind is MappingStartEvent else []
                if key is not None:
                    container[key] = built
                elif type(container) is dict:
                    raise _Unusual  # a mapping or list as a key
                else:
                    container.append(built)
                stack.append(built)
                container, key = built, None
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                container = stack[-1] if stack else None
            else:  # an alias, or anything else
                raise _Unusual
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Unusual  # a second document
    finally:
        parser.dispose()
    return Document(root, text=text)


_PLAIN_DECIMAL_RE = re.compile(r"[-+]?[0-9]+\.[0-9]+\Z")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _fast_scalar(tag: str, value: str, style: Any) -> Any:
    """A scalar's value; raises _Unusual wherever the full path might refuse or differ."""
    if tag == _STR:
        if len(value) > MAX_STRING_CHARS or (style == '"' and _SURROGATE_RE.search(value)):
            raise _Unusual
        return value
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if tag == _INT and value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):
        if len(value) > 1000:
            raise _Unusual
        return int(value)
    if tag == _FLOAT and _PLAIN_DECIMAL_RE.match(value):
        return float(value)
    if tag == _BOOL and value in _BOOLS:
        return _BOOLS[value]
    if tag in (_INT, _FLOAT, _BOOL, _TIMESTAMP):
        node = ScalarNode(tag, value, None, None, style=style)
        return _construct_scalar(node)
    raise _Unusual
