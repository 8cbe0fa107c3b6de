"""Mutation helpers for tests/test_fuzz.py: hostile variants of the shipped example files.

A fuzz case is a `Case`: one source file from programmes/, a few tree mutations
(applied to the parsed data, which is then written out again as YAML), a few byte
mutations (applied to the file's bytes) and a placement (keep the file where it is,
rename it to an invalid id, or move it to a wrong folder). Everything here is a
pure function of the case, so a case read back from a Hypothesis report rebuilds
the same bytes. The Hypothesis strategies at the end draw cases.

Parameters are kept small (indices, lengths, names of snippets) so that a failing
case prints short; `Case.build` turns it into the file's bytes and path.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
PROGRAMMES = ROOT / "programmes"
PROGRAMME_NAMES = ("storstadsintegration", "lindangen")
HOME = "storstadsintegration"
"""The programme every mutated file is put into (the smaller one: each case is quicker)."""
KIND_FOLDERS = {"benefits": "benefit", "gaps": "gap", "projects": "project"}

SENTINEL_NAME = "CODE-RAN"
"""A file the code-running payloads below would create; `{sentinel}` in a snippet is its path."""


# ---------------------------------------------------------------- the example files


@dataclass(frozen=True)
class Source:
    programme: str
    rel: str
    """Path inside the programme folder, e.g. `projects/x.yaml` or `programme.yaml`."""
    raw: bytes
    data: Any

    @property
    def kind(self) -> str:
        folder = self.rel.split("/")[0]
        return KIND_FOLDERS.get(folder, "programme")


def _load_sources() -> tuple[Source, ...]:
    reader = YAML(typ="safe")
    found = []
    for name in PROGRAMME_NAMES:
        folder = PROGRAMMES / name
        for path in sorted(folder.rglob("*.yaml")):
            raw = path.read_bytes()
            found.append(Source(name, path.relative_to(folder).as_posix(), raw, reader.load(raw)))
    return tuple(found)


SOURCES = _load_sources()
SOURCE_IDS = tuple(f"{s.programme}/{s.rel}" for s in SOURCES)
SOURCE_BY_ID = dict(zip(SOURCE_IDS, SOURCES, strict=True))


# ---------------------------------------------------------------- writing data back as YAML


@dataclass(frozen=True)
class Raw:
    """One of SCALAR_SNIPPETS, put verbatim where a value goes (a single line)."""

    index: int

    @property
    def text(self) -> str:
        return SCALAR_SNIPPETS[self.index % len(SCALAR_SNIPPETS)]


@dataclass(frozen=True)
class LongText:
    """A string of `n` characters, written in one of several styles."""

    n: int
    char: str = "x"
    style: str = "plain"  # plain, double, single, folded, literal, words

    def text(self) -> str:
        if self.style == "words":
            return ("ord " * (self.n // 4 + 1))[: self.n].strip() or "x"
        return self.char * self.n


_PLAIN_RE = re.compile(r"^[a-zåäö][a-zåäö0-9-]*(?: [A-Za-zÅÄÖåäö0-9-]+)*$")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def scalar(value: Any) -> str:
    """One YAML scalar for a plain Python value (single line)."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, LongText):
        text = value.text()
        if value.style == "single":
            return "'" + text.replace("'", "''") + "'"
        if value.style == "double":
            return json.dumps(text, ensure_ascii=False)
        return text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if _PLAIN_RE.match(value) and value.lower() not in _RESERVED:
            return value
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


def _block_scalar(value: LongText, indent: int) -> list[str]:
    header = ">" if value.style == "folded" else "|"
    pad = " " * (indent + 2)
    text = value.text()
    return [header, *(pad + text[i : i + 20_000] for i in range(0, len(text), 20_000))]


def to_block(data: Any, indent: int = 0) -> list[str]:
    """Block-style YAML lines for a mapping or a list (keys in their order)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            head = f"{pad}{scalar(key)}:"
            if isinstance(value, dict | list) and value:
                lines.append(head)
                lines.extend(to_block(value, indent + 2))
            elif isinstance(value, LongText) and value.style in ("folded", "literal"):
                first, *rest = _block_scalar(value, indent)
                lines.append(f"{head} {first}")
                lines.extend(rest)
            else:
                lines.append(f"{head} {to_flow(value)}")
        return lines
    for item in data:
        if isinstance(item, dict) and item:
            inner = to_block(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        elif isinstance(item, list) and item:
            lines.append(f"{pad}-")
            lines.extend(to_block(item, indent + 2))
        else:
            lines.append(f"{pad}- {to_flow(item)}")
    return lines


def to_flow(data: Any) -> str:
    """The whole value in flow style, on one line."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{scalar(k)}: {to_flow(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(to_flow(item) for item in data) + "]"
    if isinstance(data, LongText) and data.style in ("folded", "literal", "plain", "words"):
        return json.dumps(data.text(), ensure_ascii=False) if data.style != "plain" else data.text()
    return scalar(data)


def dump(data: Any, style: str) -> bytes:
    """Write data as YAML: `block` (the usual), `flow` (one line) or `json`."""
    if style == "flow":
        return (to_flow(data) + "\n").encode("utf-8", "surrogatepass")
    if style == "json":
        return (json.dumps(_jsonable(data), ensure_ascii=False, indent=1) + "\n").encode(
            "utf-8", "surrogatepass"
        )
    if not isinstance(data, dict | list) or not data:
        return (to_flow(data) + "\n").encode("utf-8", "surrogatepass")
    return ("\n".join(to_block(data)) + "\n").encode("utf-8", "surrogatepass")


def _jsonable(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    if isinstance(data, Raw):
        return data.text
    if isinstance(data, LongText):
        return data.text()
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float) and not math.isfinite(data):
        return str(data)
    return data


# ---------------------------------------------------------------- hostile snippets


SCALAR_SNIPPETS: tuple[str, ...] = (
    # numbers Python or YAML may choke on
    "1" * 4300,
    "1" * 4301,
    "1" * 5000,
    "-" + "9" * 6000,
    "1" * 4000 + ".5",
    "0." + "1" * 5000,
    "1e" + "9" * 5000,
    "0x" + "f" * 5000,
    "0o" + "7" * 5000,
    "0b" + "1" * 5000,
    "1e400",
    "-1e400",
    "1e-400",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "+.inf",
    "1_000_000",
    "0o777",
    "0x1F",
    "0b101",
    "+12",
    "-0",
    "-0.0",
    "1.7976931348623157e308",
    "-1",
    "9223372036854775808",
    "12:30:45",
    # dates and timestamps
    "2019-02-30",
    "2019-13-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2019-1-1",
    "2019-01-01T25:00:00",
    "2019-01-01 10:00:00+01:00",
    "2001-12-14t21:59:43.10-05:00",
    "2019-01-01T00:00:00Z",
    "2019-01-01 00:00:00.1234567890123",
    "'2019-01-01'",
    '"2019-02-29"',
    "20190101",
    "2019-W01",
    # YAML 1.1 booleans and nulls, empty and odd strings
    "yes",
    "No",
    "on",
    "OFF",
    "True",
    "NULL",
    "~",
    "''",
    '""',
    "' '",
    '"\\t"',
    # escapes that build characters no file could hold raw
    '"\\x00"',
    '"a\\0b"',
    '"\\ud800"',
    '"\\udfff"',
    '"\\ud83d\\ude00"',
    '"\\U0010FFFF"',
    '"\\U00110000"',
    '"\\uFFFE"',
    '"\\e[31mred"',
    '"\\x85"',
    '"\\u2028"',
    '"\\u202e"',
    '"\\N\\_\\L\\P"',
    '"\\/"',
    '"\\q"',
    '"unterminated',
    "'unterminated",
    # text that looks like markup or code in the report and other outputs
    "'<script>alert(1)</script>'",
    "'{{ 7*7 }}'",
    "'{% for x in range(10**9) %}x{% endfor %}'",
    "'${HOME} $(id) `id`'",
    "'| a | b |'",
    "'[link](javascript:alert(1))'",
    "'<!-- -->'",
    "'\\\\'",
    "'=cmd|'' /C calc''!A0'",
    "'%s%s%n'",
    "'../../etc/passwd'",
    # collections and indicators
    "[]",
    "{}",
    "[[[]]]",
    "{a: {b: c}}",
    "[a, b",
    "{a",
    "]",
    "}",
    "- x",
    ": x",
    "? x",
    "|",
    ">",
    "|-",
    "@foo",
    "`x`",
    "%x",
    "!",
    "&",
    "*",
    "a: b: c",
    "- - -",
    "x\ty",
    "#just a comment",
    "a #b",
    "…",
    "'" + "å" * 50 + "'",
)

TAGS: tuple[str, ...] = (
    '!!python/object/apply:os.system ["touch {sentinel}"]',
    '!!python/object/apply:subprocess.check_output [["touch", "{sentinel}"]]',
    '!!python/object/apply:builtins.open ["{sentinel}", "w"]',
    '!!python/object/new:builtins.open ["{sentinel}", "w"]',
    "!!python/object:builtins.object {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!python/str x",
    "!!python/unicode x",
    "!!python/bytes aGVsbG8=",
    "!!python/none ''",
    "!!binary aGVsbG8=",
    "!!binary |\n  R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5",
    "!!binary '!!!not base64'",
    "!custom x",
    "!custom {{a: 1}}",
    "!org ks",
    "!!str 12",
    "!!str",
    "!!int 12",
    "!!int 'twelve'",
    "!!int ''",
    "!!int -",
    "!!int 0x",
    "!!float ''",
    "!!float -",
    "!!bool ''",
    "!!timestamp ''",
    "!!int " + "1" * 5000,
    "!!float 'x'",
    "!!float 1e999",
    "!!bool maybe",
    "!!null x",
    "!!timestamp 2019-13-45",
    "!!timestamp not-a-date",
    "!!set {{a, b}}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1, a: 2]",
    "!!map [a, b]",
    "!!seq {{a: 1}}",
    "!!merge x",
    "!!value x",
    "!!yaml x",
    "!<tag:yaml.org,2002:str> x",
    "!<tag:example.com,2000:app/foo> x",
    "!<!> x",
    "! x",
    "!! x",
    "!e!foo x",
    "!<> x",
)

ANCHOR_SNIPPETS: tuple[str, ...] = (
    "&a x",
    "*a",
    "*undefined",
    "&a [*a]",
    "&a {{b: *a}}",
    "&a &b x",
    "&" + "a" * 10_000 + " x",
)

ALIAS_BOMB = (
    'lol0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "lol1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "lol2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "lol3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "lol4: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "lol5: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "lol6: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "lol7: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "lol8: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)

APPENDIX_SNIPPETS: tuple[str, ...] = (
    ALIAS_BOMB,
    "base: &base {owner: x}\nderived:\n  <<: *base\n",
    "<<: {name: merged}\n",
    "<<: [*undefined]\n",
    "self: &s [*s]\n",
    "a: &a x\nb: *a\n",
    "? [complex, key]\n: value\n",
    "? {a: 1}\n: value\n",
    "[a, b]: value\n",
    "? |\n  block key\n: value\n",
    "null: x\n",
    "~: x\n",
    "1: x\n",
    "1.5: x\n",
    "true: x\n",
    "2019-01-01: x\n",
    '"": x\n',
    ": x\n",
    "x" * 1200 + ": long key\n",
    "# " + "c" * 200_000 + "\n",
    "%TAG ! tag:example.com,2000:\n",
    "%YAML 1.1\n",
    "--- !!map\n",
    "--- |\n  text\n",
    "...\n",
    "---\n",
    "...\n---\nname: second\n",
    "\n\n\n\n\n" * 10_000,
    "#" + "\n#" * 50_000 + "\n",
    "name: x\n" * 2,
    " bad-indent: x\n",
    "\tname: x\n",
    "deep: " + "- " * 33 + "x\n",
)

NASTY_BYTES: tuple[bytes, ...] = (
    b"\x00",
    b"\x00" * 4,
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xc3\x28",
    b"\xe5",  # Latin-1 å
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xc0\xaf",  # overlong
    b"\x07",
    b"\x08",
    b"\x1b[31m",
    b"\x7f",
    b"\x85",
    b"\xc2\x85",  # NEL
    b"\xc2\x9b",  # C1 CSI
    b"\xe2\x80\xa8",  # LINE SEPARATOR
    b"\xe2\x80\xae",  # RIGHT-TO-LEFT OVERRIDE
    b"\xef\xbb\xbf",  # a BOM in the middle
    b"\xef\xbf\xbe",  # U+FFFE
    b"\xf0\x9f\x98\x80",  # emoji
    b"\t",
    b"\r",
    b"\x0c",
    b"\x0b",
    b"\n",
    b"\n---\n",
    b"\n...\n",
    b": ",
    b"- ",
    b"? ",
    b"{",
    b"[",
    b"}",
    b"]",
    b",",
    b"&a ",
    b"*a",
    b"!",
    b"!!python/object/apply:os.system ",
    b"|",
    b">",
    b"'",
    b'"',
    b"#",
    b"%",
    b"@",
    b"`",
    b"\\",
    b"  ",
)

WHOLE_FILES: tuple[bytes, ...] = (
    b"",
    b"# only a comment\n",
    b"# only a comment",
    b"#",
    b"   \n\n\t\n",
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf# comment\n",
    b"~\n",
    b"null\n",
    b"[]\n",
    b"{}\n",
    b"- a\n- b\n",
    b"just text\n",
    b"42\n",
    b"---\n",
    b"...\n",
    b"--- \n...\n",
    b"---\n---\n---\n",
    b"!!binary aGVsbG8=\n",
    b"!custom {}\n",
    b"!!python/object/apply:os.system [true]\n",
    b"*a\n",
    b"&a\n",
    b"%YAML 1.2\n",
    b"%YAML 2.0\n---\nname: x\n",
    b"\x00",
    b"\xff\xfe\x00\x00",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"PK\x03\x04\x14\x00\x00\x00",
    b"\x1f\x8b\x08\x00",
    b"{" * 100_000,
    b"[" * 500_000 + b"]" * 500_000,
    b"- " * 100_000 + b"x\n",
    b"a" * (1024 * 1024),
    b"a" * (1024 * 1024 + 1),
    b"x" * (1024 * 1024 - 7) + b": y\n",
    b"- " * 600_000,
    b"&a " * 300_000,
)


@dataclass(frozen=True)
class Snippet:
    """A value put after `key: `: a hostile scalar, a tag, an anchor, deep nesting, a long text."""

    family: str
    index: int = 0
    n: int = 0

    def render(self, indent: int, sentinel: str) -> str:
        family, n = self.family, self.n
        if family == "scalar":
            return SCALAR_SNIPPETS[self.index % len(SCALAR_SNIPPETS)]
        if family == "tag":
            tag = TAGS[self.index % len(TAGS)]
            return tag.replace("{sentinel}", sentinel).replace("{{", "{").replace("}}", "}")
        if family == "anchor":
            return ANCHOR_SNIPPETS[self.index % len(ANCHOR_SNIPPETS)].replace("{{", "{").replace("}}", "}")
        if family == "flow_list":
            return "[" * n + "]" * n
        if family == "flow_map":
            return "{a: " * n + "x" + "}" * n
        if family == "flow_mixed":
            return "[{a: " * (n // 2) + "x" + "}]" * (n // 2)
        if family == "flow_open":
            return "[" * n
        if family == "flow_close":
            return "]" * n
        if family == "block_seq":
            return "- " * n + "x"
        if family == "block_map":
            pad = " " * indent
            return "\n" + "\n".join(f"{pad}{' ' * (i + 1)}k:" for i in range(n)) + " x"
        if family == "block_map_cr":
            pad = " " * indent
            return "\r" + "\r".join(f"{pad}{' ' * (i + 1)}k:" for i in range(n)) + " x"
        if family == "block_seq_lines":
            pad = " " * indent
            return "\n" + "\n".join(f"{pad}{' ' * (i + 1)}-" for i in range(n)) + " x"
        if family == "explicit_keys":
            return "\n" + " " * (indent + 1) + "? " * n + "x"
        long_styles = {
            "long": "plain",
            "long_double": "double",
            "long_single": "single",
            "long_words": "words",
        }
        if family in long_styles:
            return scalar(LongText(n, "x", long_styles[family]))
        if family == "long_unicode":
            return scalar(LongText(n, "å", "double"))
        if family in ("long_folded", "long_literal"):
            header = ">" if family == "long_folded" else "|"
            pad = " " * (indent + 2)
            return header + "\n" + pad + ("lång rad " * (n // 9 + 1))[:n]
        raise ValueError(family)


SNIPPET_FAMILIES_DEEP = (
    "flow_list",
    "flow_map",
    "flow_mixed",
    "flow_open",
    "flow_close",
    "block_seq",
    "block_map",
    "block_map_cr",
    "block_seq_lines",
    "explicit_keys",
)
SNIPPET_FAMILIES_LONG = (
    "long",
    "long_double",
    "long_single",
    "long_words",
    "long_unicode",
    "long_folded",
    "long_literal",
)


# ---------------------------------------------------------------- tree mutations

GROW_NODES = 3000

ALL_IDS: tuple[str, ...] = tuple(
    sorted(
        {s.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0] for s in SOURCES if s.kind != "programme"}
        | {
            org["id"]
            for s in SOURCES
            if s.kind == "programme"
            for org in s.data.get("organisations", [])
            if isinstance(org, dict) and "id" in org
        }
    )
)

EXTREME_DATES = (
    dt.date.min,
    dt.date.max,
    dt.date(1, 1, 2),
    dt.date(9999, 12, 30),
    dt.date(1970, 1, 1),
    dt.date(2000, 2, 29),
    dt.date(2026, 11, 22),
    dt.date(2026, 11, 23),
    dt.date(2026, 11, 24),
    dt.date(2026, 12, 31),
)
EXTREME_NUMBERS: tuple[Any, ...] = (
    0,
    -0.0,
    -1,
    1,
    0.5,
    1e-300,
    5e-324,
    1e15,
    1e300,
    1.7976931348623157e308,
    2**53 + 1,
    2**63,
    10**300,
    -(10**300),
    Raw(0),  # 4300 digits
    Raw(1),  # 4301 digits
    Raw(7),  # 0xfff…, 5000 hex digits
)
EXTREME_TEXTS: tuple[Any, ...] = (
    "",
    " ",
    "\t",
    "\n",
    "x",
    "X" * 64,
    "a" * 65,
    "<script>alert(1)</script>",
    "{{ ctx }}",
    "{% raw %}",
    "| cell | cell |",
    "[x](javascript:alert(1))",
    "`code`",
    "**bold** _it_ ~~s~~",
    "# heading",
    "---",
    "\u202eRTL",
    "😀" * 10,
    "\x00",
    "a\x1b[31mred",
    "é" * 1000,
    LongText(99_999, "x", "double"),
    LongText(99_999, "|", "double"),
    LongText(99_999, "å", "words"),
)


def extreme_like(value: Any, seed: int) -> Any:
    """A value of the same kind as `value`, but at an edge: a first or last date, a huge or
    tiny number, an empty, long or markup-laden text, an id of another file, an empty or
    repeated list, a flipped flag."""
    pick = random.Random(seed)
    if isinstance(value, bool):
        return not value
    if isinstance(value, dt.date):
        return pick.choice(EXTREME_DATES)
    if isinstance(value, int | float):
        return pick.choice(EXTREME_NUMBERS)
    if isinstance(value, str):
        if pick.random() < 0.4:
            return pick.choice(ALL_IDS)
        return pick.choice(EXTREME_TEXTS)
    if isinstance(value, list):
        return pick.choice(
            [[], value * 2, value[:1], list(reversed(value)), [*value, value[0]] if value else []]
        )
    if isinstance(value, dict):
        return pick.choice([{}, {k: None for k in value}, dict(reversed(list(value.items())))])
    return pick.choice([None, "", 0, [], {}])


def paths(data: Any) -> list[tuple[Any, ...]]:
    """Every path below the root, depth first, in document order."""
    found: list[tuple[Any, ...]] = []

    def walk(node: Any, here: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found.append((*here, key))
                walk(value, (*here, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                found.append((*here, index))
                walk(value, (*here, index))

    walk(data, ())
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _pick(candidates: list[tuple[Any, ...]], index: int) -> tuple[Any, ...] | None:
    return candidates[index % len(candidates)] if candidates else None


def _replace_key(mapping: dict[Any, Any], old: Any, new: Any, value: Any) -> None:
    items = [(new if k == old else k, value if k == old else v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


@dataclass(frozen=True)
class TreeOp:
    """A change to the parsed data: delete, reorder, retype, rename, grow, add."""

    op: str
    index: int = 0
    value: Any = None
    seed: int = 0

    def apply(self, data: Any) -> Any:
        if not isinstance(data, dict | list):
            return data
        every = paths(data)
        if self.op == "delete":
            path = _pick(every, self.index)
            if path is not None:
                parent = _get(data, path[:-1])
                del parent[path[-1]]
        elif self.op == "reorder":
            holders = [(), *(p for p in every if isinstance(_get(data, p), dict | list))]
            path = holders[self.index % len(holders)]
            node = _get(data, path)
            if isinstance(node, dict):
                items = list(node.items())
                random.Random(self.seed).shuffle(items)
                node.clear()
                node.update(items)
            else:
                random.Random(self.seed).shuffle(node)
        elif self.op == "retype":
            path = _pick(every, self.index)
            if path is not None:
                _get(data, path[:-1])[path[-1]] = copy.deepcopy(self.value)
        elif self.op == "rename":
            keyed = [p for p in every if isinstance(p[-1], str)]
            path = _pick(keyed, self.index)
            if path is not None:
                parent = _get(data, path[:-1])
                if self.value not in parent:
                    _replace_key(parent, path[-1], self.value, parent[path[-1]])
        elif self.op == "grow":
            lists = [p for p in every if isinstance(_get(data, p), list) and _get(data, p)]
            path = _pick(lists, self.index)
            node = _get(data, path) if path is not None else data
            if isinstance(node, list) and node:
                # At most GROW_NODES values in the grown list: the fuzz cases stay quick;
                # tests/test_fuzz.py times really large files on their own.
                weight = max(len(paths(item)) + 1 for item in node)
                count = min(self.seed, max(GROW_NODES // weight, len(node)))
                node[:] = [copy.deepcopy(node[i % len(node)]) for i in range(count)]
        elif self.op == "extreme":
            path = _pick(every, self.index)
            if path is not None:
                parent = _get(data, path[:-1])
                parent[path[-1]] = extreme_like(parent[path[-1]], self.seed)
        elif self.op == "add":
            holders = [(), *(p for p in every if isinstance(_get(data, p), dict))]
            node = _get(data, holders[self.index % len(holders)])
            if isinstance(node, dict):
                node[f"extra{self.seed}" if self.seed else "extra"] = copy.deepcopy(self.value)
        elif self.op == "root":
            return copy.deepcopy(self.value)
        else:
            raise ValueError(self.op)
        return data


# ---------------------------------------------------------------- byte mutations

_KEY_LINE_RE = re.compile(rb"^([ ]*(?:- )*)([A-Za-z_][A-Za-z0-9_-]*):(?=[ \r\n]|$)([^\n]*)$", re.M)


def key_lines(raw: bytes) -> list[re.Match[bytes]]:
    """`key: value` lines (also `- key: value`), in order."""
    return list(_KEY_LINE_RE.finditer(raw))


def _block_end(raw: bytes, match: re.Match[bytes]) -> int:
    """End of the block under a key line: the following lines indented deeper than the key."""
    indent = len(match.group(1))
    pos = match.end()
    while pos < len(raw):
        nxt = raw.find(b"\n", pos + 1)
        line = raw[pos + 1 : nxt if nxt != -1 else len(raw)]
        stripped = line.lstrip(b" ")
        if stripped and not stripped.startswith(b"#") and len(line) - len(stripped) <= indent:
            break
        pos = nxt if nxt != -1 else len(raw)
    return pos


def _transcode(raw: bytes, encoding: str) -> bytes:
    text = raw.decode("utf-8", "replace")
    return text.encode(encoding, "replace")


LINE_ENDINGS = ("crlf", "cr", "mixed", "nel", "ls", "ps", "crlf-lone-cr", "none")
ENCODINGS = ("bom", "bom2", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "mac-roman")
DOCUMENTS = (
    "prefix",
    "second",
    "end",
    "end-then-doc",
    "empty-second",
    "yaml11",
    "yaml12",
    "yaml99",
    "yaml10",
    "yaml13",
    "yaml11-broken",
    "directive-in-document",
    "tag-directive",
    "bad-directive",
    "three",
    "literal-doc",
)
INVALID_STEMS = (
    "Mitt projekt",
    "UPPERCASE",
    "CamelCase",
    "åäö-projekt",
    "-leading-dash",
    "trailing-",
    "under_score",
    "dot.name",
    "tab\tname",
    "new\nline",
    "😀",
    "a" * 65,
    "x" * 240,
    "",
    " ",
    "--",
    "ﬁ-ligature",
    "İstanbul",
    "back\\slash",
    "semi;colon",
    "$(touch pwned)",
    "%s%n",
)
SUFFIXES = (".yaml", ".yml", ".YAML", ".Yml", ".yaml.orig", "", ".json")
MOVES = (
    "benefits",
    "gaps",
    "projects",
    "root",
    "misc",
    "sub",
    "hidden",
    "second-programme",
    "programme-folder",
    "nested-programme",
)


@dataclass(frozen=True)
class ByteOp:
    """A change to the file's bytes."""

    op: str
    pos: int = 0
    arg: Any = None
    n: int = 0

    def apply(self, raw: bytes, sentinel: str) -> bytes:
        op, pos, arg = self.op, self.pos, self.arg
        size = len(raw)
        if op == "truncate":
            return raw[: pos % (size + 1)]
        if op == "insert":
            at = pos % (size + 1)
            chunk = arg.replace(b"{sentinel}", sentinel.encode()) if isinstance(arg, bytes) else b""
            return raw[:at] + chunk * max(self.n, 1) + raw[at:]
        if op == "overwrite":
            if not size:
                return bytes([arg & 0xFF])
            at = pos % size
            return raw[:at] + bytes([arg & 0xFF]) + raw[at + 1 :]
        if op == "delete":
            at = pos % (size + 1)
            return raw[:at] + raw[at + self.n :]
        if op == "dup-key":
            lines = key_lines(raw)
            if not lines:
                return raw
            match = lines[pos % len(lines)]
            end = _block_end(raw, match) if arg else match.end()
            block = raw[match.start() : end]
            return raw[:end] + b"\n" + block + raw[end:]
        if op == "swap-lines":
            lines = raw.split(b"\n")
            i, j = pos % len(lines), self.n % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            return b"\n".join(lines)
        if op == "drop-line":
            lines = raw.split(b"\n")
            del lines[pos % len(lines)]
            return b"\n".join(lines)
        if op == "set-value":
            lines = key_lines(raw)
            if not lines:
                return raw
            match = lines[pos % len(lines)]
            snippet: Snippet = arg
            indent = len(match.group(1))
            text = snippet.render(indent, sentinel).encode("utf-8", "surrogatepass")
            end = _block_end(raw, match) if self.n else match.end()
            return raw[: match.end(2) + 1] + b" " + text + raw[end:]
        if op == "tag-value":
            lines = key_lines(raw)
            if not lines:
                return raw
            match = lines[pos % len(lines)]
            tag = TAGS[arg % len(TAGS)].split(" ", 1)[0]
            return raw[: match.end(2) + 1] + b" " + tag.encode() + match.group(3) + raw[match.end() :]
        if op == "anchor-alias":
            lines = key_lines(raw)
            if len(lines) < 2:
                return raw
            first = lines[pos % len(lines)]
            second = lines[self.n % len(lines)]
            if first.start() == second.start():
                return raw
            a, b = sorted((first, second), key=lambda m: m.start())
            return (
                raw[: a.end(2) + 1]
                + b" &a"
                + a.group(3)
                + raw[a.end() : b.end(2) + 1]
                + b" *a"
                + raw[_block_end(raw, b) :]
            )
        if op == "append":
            text = APPENDIX_SNIPPETS[pos % len(APPENDIX_SNIPPETS)].encode()
            sep = b"" if raw.endswith(b"\n") or not raw else b"\n"
            return raw + sep + text
        if op == "prepend":
            return APPENDIX_SNIPPETS[pos % len(APPENDIX_SNIPPETS)].encode() + raw
        if op == "line-endings":
            return _line_endings(raw, arg)
        if op == "encoding":
            return _encoding(raw, arg)
        if op == "documents":
            return _documents(raw, arg)
        if op == "whole":
            return WHOLE_FILES[pos % len(WHOLE_FILES)]
        if op == "repeat":
            return raw * max(self.n, 1)
        raise ValueError(op)


def _line_endings(raw: bytes, kind: str) -> bytes:
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if kind == "cr":
        return raw.replace(b"\n", b"\r")
    if kind == "mixed":
        parts = raw.split(b"\n")
        return b"".join(p + (b"\r\n" if i % 2 else b"\n") for i, p in enumerate(parts[:-1])) + parts[-1]
    if kind == "nel":
        return raw.replace(b"\n", b"\xc2\x85")
    if kind == "ls":
        return raw.replace(b"\n", b"\xe2\x80\xa8")
    if kind == "ps":
        return raw.replace(b"\n", b"\xe2\x80\xa9")
    if kind == "crlf-lone-cr":
        return raw.replace(b"\n", b"\r\n").replace(b"\r\n  ", b"\r  ", 1)
    if kind == "none":
        return raw.replace(b"\n", b" ")
    raise ValueError(kind)


def _encoding(raw: bytes, kind: str) -> bytes:
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "bom2":
        return b"\xef\xbb\xbf\xef\xbb\xbf" + raw
    if kind in ("utf-16", "utf-32"):
        return _transcode(raw, kind)
    return _transcode(raw, kind)


def _documents(raw: bytes, kind: str) -> bytes:
    body = raw if raw.endswith(b"\n") or not raw else raw + b"\n"
    return {
        "prefix": b"---\n" + body,
        "second": body + b"---\n" + body,
        "end": body + b"...\n",
        "end-then-doc": body + b"...\nname: after the end\n",
        "empty-second": body + b"---\n",
        "yaml11": b"%YAML 1.1\n---\n" + body,
        "yaml12": b"%YAML 1.2\n---\n" + body,
        "yaml99": b"%YAML 9.9\n---\n" + body,
        "yaml10": b"%YAML 1.0\n---\n" + body,
        "yaml13": b"%YAML 1.3\n---\n" + body,
        "yaml11-broken": b"%YAML 1.1\n---\n" + body + b"broken: [\n",
        "directive-in-document": b"---\n%YAML 9.9\n" + body,
        "tag-directive": b"%TAG !e! tag:example.com,2000:app/\n---\n" + body,
        "bad-directive": b"%FOO bar\n" + body,
        "three": body + b"---\n" + body + b"---\n" + body,
        "literal-doc": b"--- |\n" + b"".join(b"  " + line + b"\n" for line in body.splitlines()),
    }[kind]


# ---------------------------------------------------------------- a case


@dataclass(frozen=True)
class Placement:
    """Where the mutated file goes: where it was, renamed, or moved."""

    how: str = "same"  # same, rename, move
    index: int = 0
    suffix: int = 0

    def target(self, source: Source) -> tuple[str, bool]:
        """The path inside the programme folder, and whether the original is moved away."""
        folder, _, name = source.rel.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        if self.how == "same":
            return source.rel, False
        if self.how == "rename":
            new = INVALID_STEMS[self.index % len(INVALID_STEMS)] + SUFFIXES[self.suffix % len(SUFFIXES)]
            new = new or "no-suffix-no-name"
            if source.kind == "programme":
                return f"projects/{new}", False
            return f"{folder}/{new}", True
        where = MOVES[self.index % len(MOVES)]
        own = source.kind != "programme"
        if where in ("benefits", "gaps", "projects"):
            return f"{where}/{stem}.yaml", own
        if where == "root":
            return f"{stem}.yaml" if own else "programme.yml", own
        if where == "misc":
            return f"misc/{stem}.yaml", own
        if where == "sub":
            return f"{folder or 'projects'}/sub/{stem}.yaml", own
        if where == "hidden":
            return f".hidden/{stem}.yaml", own
        if where == "second-programme":
            return "programme.yml", source.kind == "programme"
        if where == "programme-folder":
            return "benefits/programme.yaml", own
        return "nested/programme.yaml", source.kind == "programme"


@dataclass(frozen=True)
class Case:
    source: str
    tree: tuple[TreeOp, ...] = ()
    style: str = "block"
    bytes_: tuple[ByteOp, ...] = ()
    placement: Placement = field(default_factory=Placement)
    full: bool = False
    """Run coverage and report too, not only validate."""

    def build(self, sentinel: str, home: str = HOME) -> tuple[Source, str, bytes, bool]:
        """The source, its path in programme `home`, its bytes, and whether the original goes.

        A file from another programme is added to `home` under its own name (a
        programme.yaml replaces home's).
        """
        source = SOURCE_BY_ID[self.source]
        if self.tree:
            data = copy.deepcopy(source.data)
            for op in self.tree:
                data = op.apply(data)
            raw = dump(data, self.style)
        else:
            raw = source.raw
        for byte_op in self.bytes_:
            raw = byte_op.apply(raw, sentinel)
        target, moves = self.placement.target(source)
        return source, target, raw, moves and source.programme == home


# ---------------------------------------------------------------- strategies

_scalars = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.builds(Raw, st.integers(0, len(SCALAR_SNIPPETS) - 1)),
)

values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=4),
    st.dictionaries(st.text(max_size=10), _scalars, max_size=3),
    st.builds(
        LongText,
        n=st.sampled_from([99_999, 100_000, 100_001, 200_000]),
        char=st.sampled_from(["x", "å", "😀", "<", "|", "\\"]),
        style=st.sampled_from(["plain", "double", "single", "folded", "literal", "words"]),
    ),
)

_positions = st.integers(min_value=0, max_value=10**6)

tree_ops = st.one_of(
    st.builds(TreeOp, op=st.just("delete"), index=_positions),
    st.builds(TreeOp, op=st.just("reorder"), index=_positions, seed=st.integers(0, 2**16)),
    st.builds(TreeOp, op=st.just("retype"), index=_positions, value=values),
    st.builds(
        TreeOp,
        op=st.just("rename"),
        index=_positions,
        value=st.sampled_from(["nmae", "Name", "name ", "", "ägare", "1", "true", "null", "<<", "x" * 300]),
    ),
    st.builds(TreeOp, op=st.just("grow"), index=_positions, seed=st.sampled_from([0, 1, 2, 3, 50, 400])),
    st.builds(TreeOp, op=st.just("extreme"), index=_positions, seed=st.integers(0, 2**16)),
    st.builds(TreeOp, op=st.just("add"), index=_positions, value=values, seed=st.integers(0, 3)),
    st.builds(TreeOp, op=st.just("root"), value=values),
)

_depths = st.one_of(
    st.sampled_from([1, 31, 32, 33, 34, 64, 100, 999, 1000, 1001, 3000, 5000]),
    st.integers(min_value=1, max_value=5000),
)

snippets = st.one_of(
    st.builds(Snippet, family=st.just("scalar"), index=st.integers(0, len(SCALAR_SNIPPETS) - 1)),
    st.builds(Snippet, family=st.just("tag"), index=st.integers(0, len(TAGS) - 1)),
    st.builds(Snippet, family=st.just("anchor"), index=st.integers(0, len(ANCHOR_SNIPPETS) - 1)),
    st.builds(Snippet, family=st.sampled_from(SNIPPET_FAMILIES_DEEP), n=_depths),
    st.builds(
        Snippet,
        family=st.sampled_from(SNIPPET_FAMILIES_LONG),
        n=st.one_of(st.sampled_from([99_999, 100_000, 100_001, 200_000, 900_000]), st.integers(1, 300_000)),
    ),
)

byte_ops = st.one_of(
    st.builds(ByteOp, op=st.just("truncate"), pos=_positions),
    st.builds(
        ByteOp,
        op=st.just("insert"),
        pos=_positions,
        arg=st.one_of(st.sampled_from(NASTY_BYTES), st.binary(min_size=1, max_size=6)),
        n=st.sampled_from([1, 1, 1, 2, 100]),
    ),
    st.builds(ByteOp, op=st.just("overwrite"), pos=_positions, arg=st.integers(0, 255)),
    st.builds(ByteOp, op=st.just("delete"), pos=_positions, n=st.integers(1, 200)),
    st.builds(ByteOp, op=st.just("dup-key"), pos=_positions, arg=st.booleans()),
    st.builds(ByteOp, op=st.just("swap-lines"), pos=_positions, n=_positions),
    st.builds(ByteOp, op=st.just("drop-line"), pos=_positions),
    st.builds(ByteOp, op=st.just("set-value"), pos=_positions, arg=snippets, n=st.integers(0, 1)),
    st.builds(ByteOp, op=st.just("tag-value"), pos=_positions, arg=st.integers(0, len(TAGS) - 1)),
    st.builds(ByteOp, op=st.just("anchor-alias"), pos=_positions, n=_positions),
    st.builds(ByteOp, op=st.just("append"), pos=st.integers(0, len(APPENDIX_SNIPPETS) - 1)),
    st.builds(ByteOp, op=st.just("prepend"), pos=st.integers(0, len(APPENDIX_SNIPPETS) - 1)),
    st.builds(ByteOp, op=st.just("line-endings"), arg=st.sampled_from(LINE_ENDINGS)),
    st.builds(ByteOp, op=st.just("encoding"), arg=st.sampled_from(ENCODINGS)),
    st.builds(ByteOp, op=st.just("documents"), arg=st.sampled_from(DOCUMENTS)),
    st.builds(ByteOp, op=st.just("whole"), pos=st.integers(0, len(WHOLE_FILES) - 1)),
    st.builds(ByteOp, op=st.just("repeat"), n=st.sampled_from([2, 3])),
)

placements = st.one_of(
    st.just(Placement()),
    st.builds(
        Placement,
        how=st.just("rename"),
        index=st.integers(0, len(INVALID_STEMS) - 1),
        suffix=st.integers(0, len(SUFFIXES) - 1),
    ),
    st.builds(Placement, how=st.just("move"), index=st.integers(0, len(MOVES) - 1)),
)


@st.composite
def cases(draw: Callable[..., Any], full_share: tuple[int, int] = (4, 12)) -> Case:
    """A source file, 0-2 tree mutations, 0-3 byte mutations, mostly in its own place.

    `full` (run coverage and report too) is drawn with a chance of about 1 in
    full_share[0] when only the data was changed (the file most likely still loads,
    so coverage and report see the odd values) and 1 in full_share[1] otherwise.
    """
    source = draw(st.sampled_from(SOURCE_IDS))
    tree = tuple(draw(st.lists(tree_ops, max_size=2)))
    style = draw(st.sampled_from(["block", "block", "block", "flow", "json"])) if tree else "block"
    raw_ops = tuple(draw(st.lists(byte_ops, min_size=0 if tree else 1, max_size=3)))
    placement = draw(st.one_of(st.just(Placement()), st.just(Placement()), st.just(Placement()), placements))
    share = full_share[1] if raw_ops else full_share[0]
    full = draw(st.integers(min_value=1, max_value=share)) == share
    return Case(source, tree, style, raw_ops, placement, full)
