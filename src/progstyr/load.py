"""From PATHs on disk to a Portfolio: discovery, safe reading, validation, positions.

Every problem with a file becomes a Diagnostic on that file; nothing here raises
for bad input. Discovery decides each file's kind from its folder, loading reads and
validates one file at a time (a pure function of the file, so it can run in worker
processes and be cached), and assembly groups the results into programme units.
"""

from __future__ import annotations

import copy
import difflib
import gc
import json
import os
import re
import stat
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from progstyr import cache, quickstart, yamlread
from progstyr.diagnostics import Diagnostic, Severity, make_args, printable
from progstyr.i18n import Term
from progstyr.model import (
    FOLDER_KINDS,
    ID_RE,
    KIND_MODELS,
    Benefit,
    Gap,
    PortfolioFile,
    Programme,
    Project,
    SharedIndicator,
)
from progstyr.placeholders import placeholders as scaffold_placeholders
from progstyr.portfolio import Entity, Portfolio, PortfolioUnit, ProgrammeUnit, SourceFile
from progstyr.yamlread import Document, Path

YAML_SUFFIXES = (".yaml", ".yml")
PROGRAMME_FILES = ("programme.yaml", "programme.yml")
PORTFOLIO_FILES = ("portfolio.yaml", "portfolio.yml")
MAX_FILES_PER_FOLDER = 50_000
"""A folder with more entries than this is refused (PS107) rather than read."""
MAX_FOLDER_DEPTH = 32
"""Folders nested deeper than this below a PATH are not read (PS107 on the first one)."""
MAX_NUMBER = 10**15
"""A number in a programme file beyond ±this (a thousand million million) is refused (PS104):
sums, differences and chart scales of such numbers overflow or lose all precision."""
SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"})


# ---------------------------------------------------------------- discovery


@dataclass(slots=True)
class FileRef:
    """A file to load: its real path, the path shown to the user, its kind."""

    path: FsPath
    display: str
    kind: str | None
    problem: str | None = None
    """A discovery problem (a message key) reported instead of loading the file."""
    code: str = "PS106"
    args: tuple[tuple[str, object], ...] = ()


@dataclass(slots=True)
class ProgrammeDir:
    path: FsPath
    display: str
    files: list[FileRef] = field(default_factory=list)
    has_programme_file: bool = False
    portfolio: FsPath | None = None
    """The real path of the portfolio folder this programme sits in, if any."""


@dataclass(slots=True)
class Plan:
    programmes: dict[FsPath, ProgrammeDir] = field(default_factory=dict)
    loose: list[FileRef] = field(default_factory=list)
    wanted: set[str] | None = None
    missing: list[str] = field(default_factory=list)
    portfolios: dict[FsPath, FileRef] = field(default_factory=dict)
    """Portfolio folder (real path) → its portfolio.yaml."""
    implicit: set[str] = field(default_factory=set)
    """Files loaded only so that references can be checked (a programme's portfolio.yaml
    when PATH is the programme): their own findings are not reported."""
    base_depth: int = 0
    """The number of parts of the PATH being searched: folder depth counts from it."""


def _display(base_display: str, base: FsPath, path: FsPath) -> str:
    """How `path` is shown: `base` shown as `base_display`, then the rest of the path with
    control characters and bytes that are not UTF-8 escaped (diagnostics.printable)."""
    base_text, path_text = str(base), str(path)
    if path_text.startswith(base_text + os.sep) and os.sep == "/":  # the common case, without relpath
        rel = printable(path_text[len(base_text) + 1 :])
        if base_display in ("", "."):
            return os.path.normpath(rel)
        return os.path.normpath(base_display + "/" + rel)
    rel = printable(os.path.relpath(path, base))
    joined = rel if base_display in ("", ".") else os.path.join(base_display, rel)
    return os.path.normpath(joined).replace(os.sep, "/")


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def _is_programme_dir(path: FsPath) -> bool:
    """A folder with a programme.yaml: a file, or something in its place (a pipe, a link
    to nothing) that reading then reports."""
    return any(_is_file_like(path / name) for name in PROGRAMME_FILES)


def _is_file_like(path: FsPath) -> bool:
    """There is an entry at `path` and it is not a folder (nor a link to one)."""
    return os.path.lexists(path) and not path.is_dir()


def _not_regular(path: FsPath) -> tuple[str, tuple[tuple[str, object], ...]] | None:
    """Why `path` is not a regular file that can be read without waiting (a PS107 message
    key and its arguments), or None. Checked before any file is opened: opening a named
    pipe waits for a writer, a device may never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ("read.dangling_link", ()) if os.path.islink(path) else None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "read.not_regular", (("what", Term(_file_type(mode))),)


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "filetype.fifo"
    if stat.S_ISSOCK(mode):
        return "filetype.socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "filetype.device"
    return "filetype.other"


def _file_ref(
    path: FsPath, display: str, kind: str | None, problem: str | None = None, *, regular: bool = False
) -> FileRef:
    """A FileRef, with PS107 instead when `path` is not a regular file (not looked at
    again when the folder listing already said it is one: `regular`)."""
    special = None if regular else _not_regular(path)
    if special is not None:
        return FileRef(path, display, kind, special[0], "PS107", special[1])
    return FileRef(path, display, kind, problem)


def _too_deep(plan: Plan, folder: FsPath, display: str) -> bool:
    """True, with a PS107 on `folder`, when it is nested deeper than MAX_FOLDER_DEPTH below
    the PATH being searched (a chain of 1,000 folders must not exhaust the stack)."""
    if len(folder.parts) - plan.base_depth <= MAX_FOLDER_DEPTH:
        return False
    ref = FileRef(folder, display, None, "read.too_deep_folders", "PS107", (("limit", MAX_FOLDER_DEPTH),))
    if all(known.display != display for known in plan.loose):
        plan.loose.append(ref)
    return True


def _walk(top: FsPath, plan: Plan, display: str) -> Iterator[tuple[FsPath, list[str], list[str]]]:
    """Like os.walk(top, followlinks=False), top-down with sorted names, but without
    recursion and no deeper than MAX_FOLDER_DEPTH below the PATH (PS107 where it stops).
    The caller may prune the folder list it is given, as with os.walk. Folders that
    cannot be read are passed over, as os.walk does."""
    stack = [top]
    while stack:
        current = stack.pop()
        dirs: list[str] = []
        files: list[str] = []
        links: set[str] = set()
        try:
            with os.scandir(current) as scan:
                for entry in scan:
                    try:
                        is_dir = entry.is_dir()
                        if is_dir and entry.is_symlink():
                            links.add(entry.name)
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else files).append(entry.name)
        except OSError:
            continue
        dirs.sort()
        files.sort()
        yield current, dirs, files
        for name in reversed(dirs):
            if name in links:
                continue
            below = current / name
            if not _too_deep(plan, below, _display(display, top, below)):
                stack.append(below)


def _looks_like_programme(path: FsPath) -> bool:
    """A folder with benefits/, gaps/ or projects/ holding YAML, even without programme.yaml."""
    for folder in FOLDER_KINDS:
        sub = path / folder
        if sub.is_dir() and not sub.is_symlink():
            try:
                if any(_is_yaml(entry.name) for entry in os.scandir(sub)):
                    return True
            except OSError:
                continue
    return False


def _inside(path: FsPath, root: FsPath) -> bool:
    try:
        real = FsPath(os.path.realpath(path))
    except OSError:
        return False
    return real == root or root in real.parents


def _scan_programme(pdir: ProgrammeDir, root: FsPath, plan: Plan) -> None:
    """List a programme folder's files; YAML in unknown places is flagged, not ignored."""
    found_programme = False
    entries = _list(pdir, pdir.path)
    for entry in entries:
        entry_path = FsPath(entry.path)
        display = _display(pdir.display, pdir.path, entry_path)
        if entry.is_symlink() and not _inside(entry_path, root):
            if _is_yaml(entry.name) or entry.name in FOLDER_KINDS:
                pdir.files.append(FileRef(entry_path, display, None, "file.symlink_outside"))
            continue
        is_dir = entry.is_dir()
        if not is_dir and _is_yaml(entry.name):  # a file, or a pipe, device, link to nothing
            if entry.name in PROGRAMME_FILES:
                problem = "file.second_programme" if found_programme else None
                found_programme = True
                pdir.files.append(
                    _file_ref(entry_path, display, "programme", problem, regular=entry.is_file())
                )
            else:
                pdir.files.append(
                    _file_ref(entry_path, display, None, "file.outside", regular=entry.is_file())
                )
        elif is_dir and not entry.name.startswith(".") and entry.name not in SKIP_DIRS:
            if _too_deep(plan, entry_path, display):
                continue
            if entry.name in FOLDER_KINDS:
                _scan_kind_folder(pdir, entry_path, FOLDER_KINDS[entry.name], root, plan)
            elif _is_programme_dir(entry_path):
                _add_programme(plan, entry_path, display, root)
            else:
                _flag_stray(pdir, entry_path, display, root, plan)
    pdir.has_programme_file = found_programme


def _list(pdir: ProgrammeDir, folder: FsPath) -> list[os.DirEntry[str]]:
    """A folder's entries, sorted; a folder that cannot be read, or holds more files than
    MAX_FILES_PER_FOLDER, becomes a PS107 diagnostic instead of a crash or a hang."""
    display = _display(pdir.display, pdir.path, folder)
    try:
        with os.scandir(folder) as scan:
            entries = []
            for entry in scan:
                entries.append(entry)
                if len(entries) > MAX_FILES_PER_FOLDER:
                    pdir.files.append(
                        FileRef(
                            folder,
                            display,
                            None,
                            "read.too_many_files",
                            "PS107",
                            (("limit", MAX_FILES_PER_FOLDER),),
                        )
                    )
                    return []
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        pdir.files.append(
            FileRef(folder, display, None, "read.unreadable_folder", "PS107", (("detail", detail),))
        )
        return []
    return sorted(entries, key=lambda e: e.name)


def _scan_kind_folder(pdir: ProgrammeDir, folder: FsPath, kind: str, root: FsPath, plan: Plan) -> None:
    entries = _list(pdir, folder)
    for entry in entries:
        entry_path = FsPath(entry.path)
        display = _display(pdir.display, pdir.path, entry_path)
        if entry.is_symlink() and not _inside(entry_path, root):
            if _is_yaml(entry.name):
                pdir.files.append(FileRef(entry_path, display, None, "file.symlink_outside"))
            continue
        is_dir = entry.is_dir()
        if not is_dir and _is_yaml(entry.name):  # a file, or a pipe, device, link to nothing
            pdir.files.append(_file_ref(entry_path, display, kind, regular=entry.is_file()))
        elif is_dir and not entry.name.startswith(".") and not _too_deep(plan, entry_path, display):
            for sub_path, sub_display in _yaml_below(entry_path, display, root, plan, nested=False):
                pdir.files.append(FileRef(sub_path, sub_display, None, "file.outside"))


def _flag_stray(pdir: ProgrammeDir, folder: FsPath, display: str, root: FsPath, plan: Plan) -> None:
    for sub_path, sub_display in _yaml_below(folder, display, root, plan):
        pdir.files.append(FileRef(sub_path, sub_display, None, "file.outside"))


def _yaml_below(
    folder: FsPath, display: str, root: FsPath, plan: Plan, *, nested: bool = True
) -> Iterable[tuple[FsPath, str]]:
    """YAML files below `folder`, not following links out of the root; nested programmes
    (when `nested`) apart."""
    for current_path, dirs, files in _walk(folder, plan, display):
        if nested and current_path != folder and _is_programme_dir(current_path):
            _add_programme(plan, current_path, _display(display, folder, current_path), root)
            dirs.clear()
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        for name in files:
            if _is_yaml(name):
                path = current_path / name
                if _inside(path, root):
                    yield path, _display(display, folder, path)


def _portfolio_file(folder: FsPath) -> FsPath | None:
    for name in PORTFOLIO_FILES:
        candidate = folder / name
        if _is_file_like(candidate):
            return candidate
    return None


def _add_portfolio(plan: Plan, folder: FsPath, display: str, *, implicit: bool) -> FsPath | None:
    """Register the portfolio.yaml of `folder` (if it has one); returns the folder's real path."""
    found = _portfolio_file(folder)
    if found is None:
        return None
    key = FsPath(os.path.realpath(folder))
    shown = _norm(os.path.join(display, found.name)) if display not in ("", ".") else found.name
    if key not in plan.portfolios:
        plan.portfolios[key] = _file_ref(found, shown, "portfolio")
        if implicit:
            plan.implicit.add(shown)
    elif not implicit:
        plan.implicit.discard(plan.portfolios[key].display)
    return key


def _add_programme(plan: Plan, path: FsPath, display: str, root: FsPath) -> None:
    key = FsPath(os.path.realpath(path))
    if key in plan.programmes or _too_deep(plan, path, display):
        return
    pdir = ProgrammeDir(path, display)
    plan.programmes[key] = pdir
    # A programme in a portfolio checks its references against the portfolio too.
    parent_display = _norm(os.path.join(display, "..")) if display not in ("", ".") else ".."
    pdir.portfolio = _add_portfolio(plan, key.parent, parent_display, implicit=True)
    _scan_programme(pdir, root, plan)


def _find_programmes(root: FsPath, display: str, plan: Plan) -> None:
    real_root = FsPath(os.path.realpath(root))
    if _is_programme_dir(root) or _looks_like_programme(root):
        _add_programme(plan, root, display, real_root)
        return
    for current_path, dirs, _files in _walk(root, plan, display):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        shown = display if current_path == root else _display(display, root, current_path)
        _add_portfolio(plan, current_path, shown, implicit=False)
        if current_path == root:
            continue
        if _is_programme_dir(current_path) or _looks_like_programme(current_path):
            _add_programme(plan, current_path, shown, real_root)
            dirs.clear()


def _programme_of(path: FsPath) -> FsPath | None:
    parent = path.parent
    if path.name in PROGRAMME_FILES:
        return parent
    if parent.name in FOLDER_KINDS and _is_programme_dir(parent.parent):
        return parent.parent
    return None


def _norm(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def discover(paths: Sequence[str]) -> Plan:
    """Decide which files to load for the given PATH arguments.

    A folder is searched for programme folders (or is one); a single file brings its
    programme along for reference checks, but only that file's diagnostics are kept.
    """
    plan = Plan()
    single: set[FsPath] = set()
    folders: list[FsPath] = []
    for arg in paths:
        path = FsPath(arg)
        display = printable(_norm(arg))
        plan.base_depth = len(path.parts)
        if not path.exists():
            plan.missing.append(printable(arg))
        elif path.is_dir():
            folders.append(FsPath(os.path.realpath(path)))
            _find_programmes(path, display, plan)
        else:
            single.add(FsPath(os.path.realpath(path)))
            if path.name in PORTFOLIO_FILES:  # with its programmes, for the checks across them
                folder = path.parent
                _find_programmes(folder, _norm(os.path.dirname(display) or "."), plan)
                continue
            programme = _programme_of(path)
            if programme is None:
                kind = FOLDER_KINDS.get(path.parent.name)
                problem = None if kind is not None and _is_yaml(path.name) else "file.outside"
                plan.loose.append(_file_ref(path, display, kind, problem))
                continue
            up = "." if path.name in PROGRAMME_FILES else ".."
            pdisplay = _norm(os.path.join(os.path.dirname(display) or ".", up))
            _add_programme(plan, programme, pdisplay, FsPath(os.path.realpath(programme)))
    if single:
        wanted: set[str] = {ref.display for ref in plan.loose}
        for key, pdir in plan.programmes.items():
            whole = any(key == folder or folder in key.parents for folder in folders)
            for ref in pdir.files:
                if whole or FsPath(os.path.realpath(ref.path)) in single:
                    wanted.add(ref.display)
        for key, ref in plan.portfolios.items():
            whole = any(key == folder or folder in key.parents for folder in folders)
            if (whole and ref.display not in plan.implicit) or FsPath(os.path.realpath(ref.path)) in single:
                wanted.add(ref.display)
        plan.wanted = wanted
    elif plan.implicit:
        plan.wanted = {ref.display for pdir in plan.programmes.values() for ref in pdir.files} | {
            ref.display for ref in plan.portfolios.values() if ref.display not in plan.implicit
        }
    return plan


# ---------------------------------------------------------------- loading one file


def _named(ref: FileRef) -> SourceFile:
    """The file's SourceFile with what discovery and its name tell."""
    stem = ref.path.name.rsplit(".", 1)[0]
    source = SourceFile(ref.display, ref.kind, stem)
    if ref.problem is not None:
        source.diagnostics.append(_file_diag(ref.display, ref.code, ref.problem, **dict(ref.args)))
    elif ref.kind not in ("programme", "portfolio") and not ID_RE.match(stem):
        source.diagnostics.append(
            _file_diag(ref.display, "PS106", "file.bad_id", name=printable(ref.path.name))
        )
    return source


def read_entry(kind: str | None, raw: bytes) -> cache.Entry:
    """Reading one file's content, as the cache keeps it: the validated model as JSON
    (None when the file is not valid) and the file's own diagnostics (encoded, without
    a path). A pure function of its arguments: worker processes run it, the cache
    stores it."""
    source = SourceFile("", kind, "")
    _load_content(kind, raw, source)
    rows = cache.encode(source.diagnostics)
    assert rows is not None, source.diagnostics  # every argument is plain text, a number or a Term
    model_json = source.model.model_dump_json(exclude_unset=True).encode() if source.model else None
    if model_json is None and source.partial is not None:
        left_out = json.dumps(sorted(source.dropped)).encode()
        model_json = PARTIAL + left_out + b"\n" + source.partial.model_dump_json(exclude_unset=True).encode()
    return model_json, rows


PARTIAL = b"\x00partial\x00"
"""Marks a cached model that is partial: the top-level fields left out (JSON), a line end,
the model's JSON."""


def _read_entries(items: list[tuple[str | None, bytes]]) -> list[cache.Entry]:
    """read_entry over a batch (one task of a worker process)."""
    return [read_entry(kind, raw) for kind, raw in items]


def _finish(
    source: SourceFile,
    kind: str | None,
    raw: bytes | None,
    entry: cache.Entry,
    path: FsPath | None = None,
    places: cache.Places | None = None,
) -> None:
    """Fill `source` from a read entry: its diagnostics, and its model with a document
    that finds data and positions in the text (or, not read yet, the file at `path`)
    only when asked, and answers the positions in `places` (asked of the same content
    on an earlier run) without reading at all."""
    model_json, rows = entry
    source.diagnostics.extend(cache.decode(source.display, rows))
    if model_json is None or kind is None:
        return
    if model_json.startswith(PARTIAL):
        left_out, _, body = model_json[len(PARTIAL) :].partition(b"\n")
        source.partial = KIND_MODELS[kind].model_validate_json(body)
        source.dropped = frozenset(str(name) for name in json.loads(left_out))
    else:
        source.model = KIND_MODELS[kind].model_validate_json(model_json)
    if raw is not None:
        source.doc = Document(None, text=yamlread.decode(raw)[0], answers=places)
    else:
        source.doc = Document(None, path=path, answers=places)


def _load_content(kind: str | None, raw: bytes, source: SourceFile) -> SourceFile:
    """Decode, parse and validate file content into `source`."""
    display = source.display
    if len(raw) > yamlread.MAX_FILE_BYTES:
        size = str(len(raw))
        limit = str(yamlread.MAX_FILE_BYTES)
        too_large = yamlread.Problem("PS107", 1, 1, "read.too_large", (("limit", limit), ("size", size)))
        source.diagnostics.append(_problem_diag(display, too_large))
        return source
    text, problem = yamlread.decode(raw)
    if problem is not None:
        source.diagnostics.append(_problem_diag(display, problem))
        return source
    assert text is not None
    doc, problems = yamlread.parse(text)
    for problem in problems:
        source.diagnostics.append(_problem_diag(display, problem, kind))
    if doc is None:
        return source
    source.doc = doc
    if kind is None:
        return source
    model_cls = KIND_MODELS[kind]
    refused = [_refused_diag(doc, display, loc, value) for loc, value in _refused_values(doc.data, ())]
    # A scaffold's TODO left in place: the file is not data yet (PS109), so no model; what
    # the model says about a line still holding its placeholder is that placeholder.
    unfilled = [
        Diagnostic(display, line, col, "PS109", Severity.ERROR, "read.placeholder", make_args(todo=todo))
        for line, col, todo in scaffold_placeholders(text)
    ]
    placeholder_lines = {d.line for d in unfilled}
    try:
        model = model_cls.model_validate(doc.data)
    except ValidationError as exc:
        found = [d for d in map_errors(exc, model_cls, doc, display) if d.line not in placeholder_lines]
        at = {(d.line, d.col) for d in found}
        source.diagnostics.extend(found + [d for d in refused if (d.line, d.col) not in at] + unfilled)
        if not problems and not refused and not unfilled:
            partial = _partial(model_cls, doc.data, exc)
            if partial is not None:
                source.partial, source.dropped = partial
        return source
    source.diagnostics.extend(refused)
    source.diagnostics.extend(unfilled)
    if not problems and not refused and not unfilled:
        source.model = model
    return source


def _partial(
    model_cls: type[BaseModel], data: Any, exc: ValidationError
) -> tuple[BaseModel, frozenset[str]] | None:
    """The model of `data` without the values its errors are about (the deepest list item
    or field holding each), and the top-level fields that lost something; None when a
    required field would be missing (then nothing sensible is left to check)."""
    if not isinstance(data, dict):
        return None
    data = copy.deepcopy(data)
    dropped: set[str] = set()
    for _ in range(3):
        locations = set()
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            # a missing field: what lacks it goes (a top-level one cannot: nothing is left)
            locations.add(loc[:-1] if error["type"] == "missing" else loc)
        # later list items first, so that removing one leaves the others' indexes right
        order = sorted(
            locations, key=lambda loc: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in loc]
        )
        for loc in reversed(order):
            if not loc or not _drop(data, loc):
                return None
            dropped.add(str(loc[0]))
        try:
            return model_cls.model_validate(data), frozenset(dropped)
        except ValidationError as again:
            exc = again
    return None


def _loc_order(loc: tuple[Any, ...]) -> list[tuple[int, int, str]]:
    """Locations in document order, list indexes as numbers (10 after 9)."""
    return [(0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in loc]


def _drop(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at `loc` (a list item by index, a field by name), if it is there."""
    holder = data
    for part in loc[:-1]:
        try:
            holder = holder[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(holder, list) and isinstance(last, int) and 0 <= last < len(holder):
        del holder[last]
        return True
    if isinstance(holder, dict) and last in holder:
        del holder[last]
        return True
    return False


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters a text value may not hold (a tab and line ends are fine): a
double-quoted escape such as "\\e[2J" must not reach a terminal through a report."""


def _refused_values(data: Any, loc: Path) -> Iterator[tuple[Path, object]]:
    """Every value the models would take but progstyr refuses, with where it is: a number
    beyond ±MAX_NUMBER (its sums and chart scales would overflow), a text with a control
    character."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _refused_values(value, (*loc, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _refused_values(value, (*loc, index))
    elif isinstance(data, str):
        if _CONTROL_RE.search(data) is not None:
            yield loc, data
    elif (
        isinstance(data, (int, float))
        and not isinstance(data, bool)
        and not -MAX_NUMBER <= data <= MAX_NUMBER
    ):
        yield loc, data  # NaN compares false: refused as well


def _refused_diag(doc: Document, display: str, loc: Path, value: object) -> Diagnostic:
    line, col = doc.position(loc)
    if isinstance(value, str):
        found = _CONTROL_RE.search(value)
        char = f"U+{ord(found.group()):04X}" if found is not None else "?"
        return Diagnostic(
            display, line, col, "PS107", Severity.ERROR, "read.bad_character", make_args(char=char)
        )
    limit = f"{MAX_NUMBER:.0e}".replace("+", "")
    return Diagnostic(
        display,
        line,
        col,
        "PS104",
        Severity.ERROR,
        "value.too_big",
        make_args(value=_shown(value), limit=limit),
    )


def _read_bytes(path: FsPath) -> tuple[bytes | None, yamlread.Problem | None]:
    try:
        # Without waiting, even if a pipe or device took the file's place since discovery.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        with open(os.open(path, flags), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                what = (("what", _file_type(mode)),)  # a Term once it is a Diagnostic
                return None, yamlread.Problem("PS107", 1, 1, "read.not_regular", what)
            raw = handle.read(yamlread.MAX_FILE_BYTES + 1)
            if len(raw) > yamlread.MAX_FILE_BYTES:
                size = os.fstat(handle.fileno()).st_size
                return None, yamlread.Problem(
                    "PS107",
                    1,
                    1,
                    "read.too_large",
                    (("limit", str(yamlread.MAX_FILE_BYTES)), ("size", str(max(size, len(raw))))),
                )
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        return None, yamlread.Problem("PS107", 1, 1, "read.unreadable", (("detail", detail),))
    return raw, None


def _file_diag(display: str, code: str, key: str, **args: object) -> Diagnostic:
    return Diagnostic(display, 1, 1, code, Severity.ERROR, key, make_args(**args))


def _problem_diag(display: str, problem: yamlread.Problem, kind: str | None = None) -> Diagnostic:
    args: dict[str, object] = dict(problem.args)
    if problem.key == "read.empty":
        args["kind"] = Term(f"kind.{kind}" if kind else "kind.programme")
    elif problem.key == "read.not_regular":
        args["what"] = Term(str(args["what"]))
    return Diagnostic(
        display, problem.line, problem.col, problem.code, Severity.ERROR, problem.key, make_args(**args)
    )


# ---------------------------------------------------------------- pydantic errors → diagnostics


def map_errors(
    exc: ValidationError, model_cls: type[BaseModel], doc: Document, display: str
) -> list[Diagnostic]:
    """Each pydantic error, at the line and column of the value (or key) it concerns."""
    result: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        loc: Path = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
        kind = error["type"]
        field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        value = error.get("input")
        if kind == "missing":
            line, col = doc.holder(loc[:-1])
            result.append(
                Diagnostic(
                    display, line, col, "PS103", Severity.ERROR, "field.missing", make_args(field=field_name)
                )
            )
            continue
        if kind == "missing_unless_shared":  # an indicator without name or direction and not shared
            line, col = doc.holder(loc)
            missing = str((error.get("ctx") or {}).get("field", ""))
            result.append(
                Diagnostic(
                    display,
                    line,
                    col,
                    "PS103",
                    Severity.ERROR,
                    "field.missing_unless_shared",
                    make_args(field=missing),
                )
            )
            continue
        if kind == "extra_forbidden":
            line, col = doc.position(loc, key=True)
            allowed = sorted(_fields_at(model_cls, loc[:-1]))
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if close:
                key, args = "field.unknown", make_args(field=loc[-1], suggestion=close[0])
            else:
                key, args = "field.unknown_list", make_args(field=loc[-1], allowed=", ".join(allowed))
            result.append(Diagnostic(display, line, col, "PS105", Severity.ERROR, key, args))
            continue
        line, col = doc.position(loc)
        key, args = _value_message(kind, field_name, value, model_cls, loc, error)
        result.append(Diagnostic(display, line, col, "PS104", Severity.ERROR, key, args))
    return result


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "…"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "(a very long number)"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _value_message(
    kind: str,
    field_name: str,
    value: Any,
    model_cls: type[BaseModel],
    loc: Path,
    error: Any,
) -> tuple[str, tuple[tuple[str, object], ...]]:
    shown = _shown(value)
    if value is None and kind not in ("greater_than_equal",):
        return "value.empty", make_args(field=field_name)
    if kind == "date_invalid":
        return "value.no_such_date", make_args(value=shown)
    if kind == "date_with_time":
        return "value.date_with_time", make_args(value=shown)
    if kind == "date_format":
        return "value.not_date", make_args(value=shown)
    if kind in ("enum", "literal_error"):
        choices = _choices_at(model_cls, loc)
        return "value.enum", make_args(value=shown, field=field_name, choices=", ".join(choices))
    if kind in ("float_parsing", "float_type", "finite_number", "int_parsing", "int_type"):
        decimal = re.fullmatch(r"\s*(-?\d+),(\d+)\s*", value) if isinstance(value, str) else None
        if decimal is not None:  # 29,5 as Swedish writes it
            return "value.decimal_comma", make_args(value=shown, suggestion=f"{decimal[1]}.{decimal[2]}")
        return "value.not_number", make_args(value=shown)
    if kind == "greater_than_equal":
        return "value.negative", make_args(field=field_name, value=shown)
    if kind in ("string_type",):
        return "value.not_text", make_args(field=field_name)
    if kind == "list_type":
        return "value.not_list", make_args(field=field_name)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "value.not_mapping", make_args(field=field_name)
    if kind in ("bool_parsing", "bool_type"):
        return "value.not_bool", make_args(value=shown)
    if kind == "string_pattern_mismatch" and field_name in ("kpi", "municipality", "ou"):
        return f"value.kolada_{field_name}", make_args(value=shown)
    if kind == "string_pattern_mismatch":
        return "value.bad_id", make_args(value=shown)
    if kind == "kolada_place":
        return "value.kolada_place", make_args()
    if kind == "too_short":
        return "value.too_short", make_args(field=field_name)
    return "value.invalid", make_args(field=field_name, detail=str(error.get("msg", kind)))


def _unwrap(annotation: Any) -> Any:
    """Optional[X], list[X], Annotated[X, ...] → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
            if origin is not list and len(args) != 1:
                return annotation
        else:
            return annotation


def _type_at(model_cls: type[BaseModel], loc: Path) -> Any:
    current: Any = model_cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current


def _fields_at(model_cls: type[BaseModel], loc: Path) -> list[str]:
    found = _type_at(model_cls, loc)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return list(found.model_fields)
    return []


def _choices_at(model_cls: type[BaseModel], loc: Path) -> list[str]:
    found = _type_at(model_cls, loc)
    if isinstance(found, type) and issubclass(found, Enum):
        return [str(member.value) for member in found]
    return []


# ---------------------------------------------------------------- assembly


def assemble(plan: Plan, sources: dict[str, SourceFile]) -> Portfolio:
    """Group loaded files into programme units (sorted, deterministic)."""
    portfolios: dict[FsPath, PortfolioUnit] = {}
    for key in sorted(plan.portfolios, key=lambda k: plan.portfolios[k].display):
        ref = plan.portfolios[key]
        source = sources[ref.display]
        portfolio = PortfolioUnit(id=printable(key.name), display=ref.display, source=source)
        if isinstance(source.model, PortfolioFile) and source.doc is not None:
            portfolio.entity = Entity("portfolio", portfolio.id, source.display, source.doc, source.model)
        portfolios[key] = portfolio
    units: list[ProgrammeUnit] = []
    for pdir in sorted(plan.programmes.values(), key=lambda p: p.display):
        unit = ProgrammeUnit(id=printable(FsPath(os.path.realpath(pdir.path)).name), display=pdir.display)
        if pdir.portfolio is not None and pdir.portfolio in portfolios:
            unit.portfolio = portfolios[pdir.portfolio]
            unit.portfolio.programmes.append(unit)
        for ref in sorted(pdir.files, key=lambda r: r.display):
            _add_source(unit, sources[ref.display])
        inherit_shared(unit)
        if not pdir.has_programme_file and unit.files:
            first = unit.files[0]
            first.diagnostics.append(_file_diag(first.display, "PS106", "file.no_programme"))
        elif unit.programme is not None and not ID_RE.match(unit.id):
            unit.files[0].diagnostics.append(
                _file_diag(unit.programme.display, "PS106", "file.bad_programme_id", name=unit.id)
            )
        units.append(unit)
    if plan.loose:
        unit = ProgrammeUnit(id="", display="", loose=True)
        for ref in sorted(plan.loose, key=lambda r: r.display):
            _add_source(unit, sources[ref.display])
        units.append(unit)
    return Portfolio(units, plan.wanted, list(portfolios.values()))


def inherit_shared(unit: ProgrammeUnit) -> None:
    """SPEC §10: a benefit indicator that reports a shared indicator (`shared: <id>`) may
    leave out name, unit, direction and by_sex; they are taken from the portfolio. What the
    file says itself stays (PS804 reports a contradiction). Runs after assembly, so the
    cached reading of each file stays a function of its content alone."""
    entity = unit.portfolio.entity if unit.portfolio is not None else None
    if entity is None:
        return
    _inherit(entity.model, [b.model for b in unit.benefits.values()])
    # SPEC §10: the portfolio's language and currency are its programmes' defaults
    programme = unit.programme.model if unit.programme is not None else None
    if programme is not None:
        written = set(programme.model_fields_set)
        for name in ("language", "currency"):
            if name not in written and name in entity.model.model_fields_set:
                setattr(programme, name, getattr(entity.model, name))
        programme.__pydantic_fields_set__.intersection_update(written)


def _inherit(portfolio: PortfolioFile, benefits: Iterable[Benefit]) -> None:
    shared: dict[str, SharedIndicator] = {}
    for first in portfolio.indicators:
        shared.setdefault(first.id, first)  # a repeated id is PS202; the first one counts
    for benefit in benefits:
        for indicator in benefit.indicators:
            common = shared.get(indicator.shared) if indicator.shared else None
            if common is None:
                continue
            written = set(indicator.model_fields_set)
            if indicator.name is None:
                indicator.name = common.name
            if indicator.direction is None:
                indicator.direction = common.direction
            if "unit" not in written and indicator.unit is None:
                indicator.unit = common.unit
            if "by_sex" not in written:
                indicator.by_sex = common.by_sex
            # what the portfolio filled in is not what the file wrote (PS804 compares only that)
            indicator.__pydantic_fields_set__.intersection_update(written)


def _add_source(unit: ProgrammeUnit, source: SourceFile) -> None:
    unit.files.append(source)
    kind = source.kind
    if kind is None:
        return
    if kind != "programme":
        if source.id in unit.present[kind] and not unit.loose:
            source.diagnostics.append(_file_diag(source.display, "PS106", "file.same_id", id=source.id))
            return
        unit.present[kind].add(source.id)
    if source.model is None and source.partial is not None and source.doc is not None:
        unit.partial.append(
            (Entity(kind, source.id, source.display, source.doc, source.partial), source.dropped)
        )
    if source.model is None or source.doc is None:
        return
    if kind == "programme":
        if unit.programme is None:
            assert isinstance(source.model, Programme)
            unit.programme = Entity("programme", unit.id, source.display, source.doc, source.model)
    elif kind == "benefit":
        assert isinstance(source.model, Benefit)
        unit.benefits[source.id] = Entity(kind, source.id, source.display, source.doc, source.model)
    elif kind == "gap":
        assert isinstance(source.model, Gap)
        unit.gaps[source.id] = Entity(kind, source.id, source.display, source.doc, source.model)
    elif kind == "project":
        assert isinstance(source.model, Project)
        unit.projects[source.id] = Entity(kind, source.id, source.display, source.doc, source.model)


PARALLEL_MIN_FILES = 400
"""Fewer files than this are read in this process: starting workers would cost more."""
BATCH_FILES = 64


Progress = Callable[[int, int], None]
"""Called with (files read so far, files to read)."""


def load(
    paths: Sequence[str],
    *,
    read_cache: cache.ReadCache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[Portfolio, list[str]]:
    """Discover, load and assemble; returns the portfolio and the PATHs that do not exist.

    Files whose content `read_cache` holds are not parsed again; the others are read
    in `jobs` worker processes (default: one per core) when there are enough of them.
    The result is the same whichever way each file was read. `notify` is told (a message
    key) when a worker process died and the rest was read in this process.
    """
    plan = discover(paths)
    refs: dict[str, FileRef] = {}
    for ref in [
        *plan.portfolios.values(),
        *(ref for pdir in plan.programmes.values() for ref in pdir.files),
        *plan.loose,
    ]:
        refs.setdefault(ref.display, ref)
    sources: dict[str, SourceFile] = {}
    todo: list[tuple[FileRef, SourceFile, bytes | None, bytes]] = []
    entries: dict[bytes, cache.Entry] = {}
    for ref in refs.values():
        source = _named(ref)
        sources[ref.display] = source
        if ref.problem is not None:
            continue
        raw: bytes | None = None
        signature = cache.signature(ref.path) if read_cache is not None else None
        cache_key = read_cache.known(ref.path, signature) if read_cache is not None else None
        if cache_key is None:  # not known unchanged: read it and hash its content
            raw, problem = _read_bytes(ref.path)
            if problem is not None:
                source.diagnostics.append(_problem_diag(ref.display, problem))
                continue
            assert raw is not None
            cache_key = cache.key(ref.kind, raw)
            if read_cache is not None:
                read_cache.remember(ref.path, signature, cache_key)
        todo.append((ref, source, raw, cache_key))
        if read_cache is not None and cache_key not in entries:
            found = read_cache.get(cache_key)
            if found is not None:
                entries[cache_key] = found
    missing: dict[bytes, tuple[str | None, bytes]] = {}
    for index, (ref, source, raw, cache_key) in enumerate(todo):
        if cache_key not in entries:
            if raw is None:  # known unchanged, but its entry is gone: read it after all
                raw, _ = _read_bytes(ref.path)
                raw = raw or b""
                todo[index] = (ref, source, raw, cache_key)
            missing.setdefault(cache_key, (ref.kind, raw))
    done = len(todo) - len(missing)
    if progress is not None:
        progress(done, len(todo))
    for cache_key, entry in _read_all(missing, jobs, done, len(todo), progress, notify):
        entries[cache_key] = entry
        if read_cache is not None:
            read_cache.put(cache_key, entry)
    # Tens of thousands of models are made here and kept to the end: the collector would
    # walk them again and again (a third of a warm run). It waits until they are made,
    # and in a one-shot command leaves them alone for good (quickstart.ONE_SHOT).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for ref, source, raw, cache_key in todo:
            kept = list(source.diagnostics)
            places = read_cache.known_places(cache_key) if read_cache is not None else None
            try:
                _finish(source, ref.kind, raw, entries[cache_key], ref.path, places)
            except (ValueError, TypeError):  # a damaged cache entry: read the content here
                source.diagnostics[:] = kept
                source.model = source.doc = None
                if raw is None:
                    raw = _read_bytes(ref.path)[0] or b""
                _finish(source, ref.kind, raw, read_entry(ref.kind, raw))
            if read_cache is not None and source.doc is not None:
                read_cache.watch(cache_key, source.doc)  # positions asked are kept
        portfolio = assemble(plan, sources)
    finally:
        if collecting:
            if quickstart.ONE_SHOT:
                gc.freeze()
            gc.enable()
    return portfolio, plan.missing


def _read_all(
    missing: dict[bytes, tuple[str | None, bytes]],
    jobs: int | None,
    done: int,
    total: int,
    progress: Progress | None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[tuple[bytes, cache.Entry]]:
    """Read entries for the files no cache held: in worker processes when it pays.

    A worker that dies (killed by the out-of-memory killer, say) breaks the pool at once
    (concurrent.futures watches every worker); the batches not read yet are then read
    here, so the run finishes with the same result instead of waiting forever."""
    keys = list(missing)
    items = [missing[k] for k in keys]
    workers = _worker_count(jobs, len(items))
    if workers <= 1:
        for index, (kind, raw) in enumerate(items):
            yield keys[index], read_entry(kind, raw)
            if progress is not None and index % BATCH_FILES == BATCH_FILES - 1:
                progress(done + index + 1, total)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # The validators are built when first used (model.py): build them here, once, so that
    # each worker inherits them instead of building its own.
    for model_class in {KIND_MODELS[kind] for kind, _ in items if kind in KIND_MODELS}:
        model_class.model_rebuild()
    batches = [items[i : i + BATCH_FILES] for i in range(0, len(items), BATCH_FILES)]
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = [executor.submit(_read_entries, batch) for batch in batches]
        start = 0
        for index, future in enumerate(futures):
            try:
                batch_entries = future.result()
            except BrokenProcessPool:
                if notify is not None:
                    notify("cli.worker_died")
                for offset, (kind, raw) in enumerate(item for batch in batches[index:] for item in batch):
                    yield keys[start + offset], read_entry(kind, raw)
                return
            for offset, entry in enumerate(batch_entries):
                yield keys[start + offset], entry
            start += len(batch_entries)
            if progress is not None:
                progress(done + start, total)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _worker_count(jobs: int | None, files: int) -> int:
    """How many processes read `files` files: 1 (this one) unless there are enough
    files, fork is available, and more than one core may be used."""
    if jobs is None:
        if files < PARALLEL_MIN_FILES:
            return 1
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs <= 1 or files == 0:
        return 1
    import multiprocessing  # only here: importing it costs a small run 5-10 ms

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(jobs, max(1, files // BATCH_FILES))


# ---------------------------------------------------------------- snapshots (files at a git ref)


@dataclass(slots=True)
class Snapshot:
    """A programme's valid entities as they were at some earlier point."""

    programme: Programme | None = None
    benefits: dict[str, Benefit] = field(default_factory=dict)
    gaps: dict[str, Gap] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)


def load_snapshot(files: dict[str, bytes]) -> dict[str, Snapshot]:
    """Programme folder → Snapshot, from a {path from the repository root: content}
    listing; the folder is named the same way (`""` for the root). Keyed by the whole
    path, not by id or folder name: `north/lindangen` and `south/lindangen` are two.

    Only files that read and validate cleanly take part; shared indicators are filled in
    from the portfolio.yaml above a programme, as when loading from disk.
    """
    result: dict[str, Snapshot] = {}
    portfolios: dict[str, PortfolioFile] = {}
    for name in sorted(files):
        parts = name.split("/")
        if parts[-1] in PORTFOLIO_FILES:
            source = _load_content("portfolio", files[name], SourceFile(name, "portfolio", "portfolio"))
            if isinstance(source.model, PortfolioFile):
                portfolios["/".join(parts[:-1])] = source.model
            continue
        if parts[-1] in PROGRAMME_FILES:
            folder, kind = parts[:-1], "programme"
        elif len(parts) >= 2 and parts[-2] in FOLDER_KINDS:
            folder, kind = parts[:-2], FOLDER_KINDS[parts[-2]]
        else:
            continue
        key = "/".join(folder)
        stem = parts[-1].rsplit(".", 1)[0]
        source = _load_content(kind, files[name], SourceFile(name, kind, stem))
        if source.model is None:
            continue
        snapshot = result.setdefault(key, Snapshot())
        if isinstance(source.model, Programme):
            snapshot.programme = source.model
        elif isinstance(source.model, Benefit):
            snapshot.benefits[stem] = source.model
        elif isinstance(source.model, Gap):
            snapshot.gaps[stem] = source.model
        elif isinstance(source.model, Project):
            snapshot.projects[stem] = source.model
    for key, snapshot in result.items():
        above = portfolios.get(key.rpartition("/")[0]) if key else None
        if above is not None:
            _inherit(above, snapshot.benefits.values())
    return result
