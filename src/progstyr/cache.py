"""The read cache: what reading one file gave, keyed on the file's content.

Reading a file (decode, parse, validate against its model) is a pure function of
its bytes and its kind, so the result can be kept between runs: on the next run
an unchanged file costs a hash and a lookup instead of a parse. What is kept per
file is the validated model as JSON (pydantic writes and reads it in compiled
code) and the file's own diagnostics; cross-file checks always run afresh. For a file
whose positions a check asked for, the answers are kept too (`Places`), so a warm
run reports what checks find without parsing the file again for a line and column.

The cache is private and untrusted (docs/speed.md, section 4):

- **Private.** It lives in the user's cache folder, never inside the programme tree:
  `$PROGSTYR_CACHE_DIR`, else `$XDG_CACHE_HOME/progstyr`, else `~/.cache/progstyr`,
  used only when it is the user's own and no one else can write it; otherwise in a
  `progstyr-<uid>` folder made inside it (0700), or not at all (`private_directory`).
  Files are written 0600 through a fresh temporary file (O_EXCL, O_NOFOLLOW) and a
  rename (`write_private`); a link at a cache path is never followed.
- **Untrusted.** It is read from a regular file only, with a size cap, without
  following links (`read_private`), in a plain length-prefixed format that holds
  only bytes, text and numbers (not `marshal`, which can carry code objects and
  allocate without bound); every part is checked before use. A cache that is
  missing, damaged, from another version, of the wrong shape, too large, not a
  regular file or unwritable only means a cold run; it never changes a result
  (tests/test_speed.py, tests/test_cache_hardening.py).

One file per set of PATH arguments, named by a hash of them, the configuration
file's content, the progstyr version and the cache format.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import secrets
import stat
import struct
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from progstyr import __version__, i18n
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.i18n import Term

FORMAT = 6
"""Bumped whenever what is cached, or how, changes."""

LIMIT = 256 * 1024 * 1024
"""The largest read cache file read or written (about 180,000 files' entries)."""

Entry = tuple[bytes | None, tuple[Any, ...]]
"""(the model as JSON, or None; the file's diagnostics, encoded)."""

Places = dict[tuple[int, tuple[str | int, ...]], tuple[int, int]]
"""Positions asked of a file's Document and their answers (yamlread.Document.answered):
(0 value, 1 key, 2 holder; the path) → (line, column)."""

MAX_PLACES = 4096
"""The most answers kept for one file (a check asks a few per finding)."""

_TERM = "\x00term"


def directory() -> Path:
    """The configured cache folder (not necessarily private: see `private_directory`)."""
    chosen = os.environ.get("PROGSTYR_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "progstyr"


# ---------------------------------------------------------------- private files


_told: set[str] = set()


def private_directory(*parts: str, lang: str | None = None) -> Path | None:
    """The user's private cache folder (or its subfolder `parts`, e.g. "kolada"), made
    0700 when missing; None when no safe folder can be had.

    The configured folder (`directory()`, with links resolved) is used as it is when
    it belongs to the user and neither group nor others can write it; otherwise a
    folder `progstyr-<uid>` inside it is used, made 0700, and only if it is then a
    real folder (not a link) of the user's that no one else can write. Subfolders
    are held to the same rule.

    The notice is this function's: when the configured folder exists but no safe
    folder can be had in it, one line saying so goes to stderr (once per folder and
    process, in `lang`, else $PROGSTYR_LANG). A folder that cannot be made at all (a
    read-only home) is silent, as a cache that cannot be written always was."""
    uid = os.getuid()
    base = Path(os.path.realpath(directory()))
    try:
        base.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        info = os.stat(base)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    folder, todo = base, [*([] if _private(info, uid) else [f"progstyr-{uid}"]), *parts]
    for part in todo:
        folder = folder / part
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            _tell(base, lang)
            return None
        try:
            info = os.lstat(folder)
        except OSError:
            _tell(base, lang)
            return None
        if not (stat.S_ISDIR(info.st_mode) and _private(info, uid)):
            _tell(base, lang)
            return None
    return folder


def _private(info: os.stat_result, uid: int) -> bool:
    """A folder of the user's that neither group nor others can write."""
    return info.st_uid == uid and not info.st_mode & 0o022


def _tell(folder: Path, lang: str | None) -> None:
    if str(folder) in _told:
        return
    _told.add(str(folder))
    language = lang or i18n.normalise_language(os.environ.get("PROGSTYR_LANG"))
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(i18n.text("cache.not_private", language, folder=str(folder)) + "\n")


def _open_folder(folder: Path) -> int:
    """A descriptor of `folder` (not followed if it is a link), when it is private."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    info = os.fstat(handle)
    if not (stat.S_ISDIR(info.st_mode) and _private(info, os.getuid())):
        os.close(handle)
        raise PermissionError(f"not a private folder: {folder}")
    return handle


def read_private(path: Path, limit: int) -> bytes | None:
    """The content of `path`, or None unless it is a regular file (not a link) of the
    user's, of at most `limit` bytes, in a private folder. Never blocks on a FIFO or
    device and never reads more than `limit` + 1 bytes."""
    try:
        folder = _open_folder(path.parent)
    except OSError:
        return None
    try:
        info = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        handle = os.open(path.name, flags, dir_fd=folder)
        try:
            opened = os.fstat(handle)
            if (
                not stat.S_ISREG(opened.st_mode)
                or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino)
                or opened.st_uid != os.getuid()
            ):
                return None
            chunks, total = [], 0
            while total <= limit:
                chunk = os.read(handle, min(limit + 1 - total, max(opened.st_size + 1, 1 << 16)))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            return None if total > limit else b"".join(chunks)
        finally:
            os.close(handle)
    except OSError:
        return None
    finally:
        os.close(folder)


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` by a file holding `data`, atomically: a fresh temporary file in the
    same private folder (O_EXCL, O_NOFOLLOW, 0600) renamed over it. A link at `path`
    is replaced, never followed. Raises OSError (PermissionError when the folder is
    not private); the old file, if any, is then left as it was."""
    folder = _open_folder(path.parent)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        for _ in range(100):
            temporary = f".{path.name}.{secrets.token_hex(8)}.tmp"
            try:
                handle = os.open(temporary, flags, 0o600, dir_fd=folder)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(f"no free temporary name beside {path}")
        try:
            try:
                os.fchmod(handle, 0o600)
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
            finally:
                os.close(handle)
            os.replace(temporary, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
    finally:
        os.close(folder)


# ---------------------------------------------------------------- entries


def key(kind: str | None, raw: bytes) -> bytes:
    """The cache key of a file's content read as `kind`."""
    digest = hashlib.blake2b(raw, digest_size=20)
    digest.update(b"\x00" + (kind or "").encode())
    return digest.digest()


def encode(diagnostics: Iterable[Diagnostic]) -> tuple[Any, ...] | None:
    """Diagnostics without their path, as plain values; None when one cannot be kept."""
    rows = []
    for diag in diagnostics:
        args: list[tuple[str, object]] = []
        for name, value in diag.args:
            if isinstance(value, Term):
                args.append((name, (_TERM, value.key)))
            elif value is None or type(value) in (str, int, float, bool):
                args.append((name, value))
            else:
                return None
        rows.append((diag.line, diag.col, diag.code, diag.severity.value, diag.key, tuple(args)))
    return tuple(rows)


def decode(path: str, rows: tuple[Any, ...]) -> list[Diagnostic]:
    """Encoded diagnostics back, on `path`."""
    result = []
    for line, col, code, severity, message_key, args in rows:
        values = tuple(
            (name, Term(value[1]) if isinstance(value, tuple) and value[:1] == (_TERM,) else value)
            for name, value in args
        )
        result.append(Diagnostic(path, line, col, code, Severity(severity), message_key, values))
    return result


class ReadCache:
    """Entries for one set of PATHs: loaded once, saved once with only what was used.

    `folder` is the private folder to keep it in (default: `private_directory()`;
    None there means no cache: nothing is read or written)."""

    def __init__(
        self,
        paths: Iterable[str],
        config: Path | None = None,
        folder: Path | None = None,
        lang: str | None = None,
    ) -> None:
        self.folder = folder if folder is not None else private_directory(lang=lang)
        scope = "\x00".join(sorted(os.path.realpath(p) for p in paths))
        if config is not None:  # reading does not depend on it; a changed one still starts afresh
            try:
                scope += "\x00" + hashlib.blake2b(config.read_bytes(), digest_size=12).hexdigest()
            except OSError:
                scope += "\x00?"
        name = hashlib.blake2b(f"{FORMAT}\x00{__version__}\x00{scope}".encode(), digest_size=12).hexdigest()
        self.path = self.folder / f"reads-{name}.cache" if self.folder is not None else None
        self.entries: dict[bytes, Entry] = {}
        self.used: dict[bytes, Entry] = {}
        self.places: dict[bytes, Places] = {}
        self.watched: list[tuple[bytes, Any]] = []
        self.stats: dict[str, tuple[int, int, int, bytes]] = {}
        self.seen: dict[str, tuple[int, int, int, bytes]] = {}
        self.saved_ns = 0
        self.hits = 0
        self.changed = False

    def load(self) -> None:
        """Read the cache file; anything amiss with it leaves this cache empty."""
        raw = read_private(self.path, LIMIT) if self.path is not None else None
        if raw is None:
            return
        try:
            self.entries, self.places, self.stats, self.saved_ns = _unpack(raw)
        except (ValueError, struct.error, UnicodeError):
            self.entries, self.places, self.stats, self.saved_ns = {}, {}, {}, 0

    def known(self, path: Path, now: tuple[int, int, int] | None) -> bytes | None:
        """The content key of `path` when its signature `now` (size, modification time,
        inode) is as when it was last read, and it had not been modified for two seconds
        before the cache was written (so an edit in the same clock tick is never missed);
        else None (the file is read and hashed)."""
        stat = self.stats.get(str(path))
        if stat is None:
            return None
        if now is None or now != stat[:3] or now[1] > self.saved_ns - 2_000_000_000:
            return None
        self.seen[str(path)] = stat
        return stat[3]

    def remember(self, path: Path, stat: tuple[int, int, int] | None, cache_key: bytes) -> None:
        """`path` had `stat` (taken before it was read) and content `cache_key`."""
        if stat is not None:
            self.seen[str(path)] = (*stat, cache_key)
            self.changed = True

    def get(self, cache_key: bytes) -> Entry | None:
        entry = self.entries.get(cache_key)
        if entry is None:
            return None
        self.used[cache_key] = entry
        self.hits += 1
        return entry

    def put(self, cache_key: bytes, entry: Entry) -> None:
        self.used[cache_key] = entry
        self.changed = True

    def known_places(self, cache_key: bytes) -> Places | None:
        """The positions asked of this content before, with their answers."""
        return self.places.get(cache_key)

    def watch(self, cache_key: bytes, document: Any) -> None:
        """`document` (a yamlread.Document) was read from content `cache_key`: what its
        positions are asked on this run is kept (`save`)."""
        self.watched.append((cache_key, document))

    def save(self) -> None:
        """Keep what this run used, with every position asked of it (call it after the
        checks have run); any failure leaves the old cache (or none)."""
        if self.path is None:
            return
        places = {cache_key: known for cache_key, known in self.places.items() if cache_key in self.used}
        for cache_key, document in self.watched:
            answers = document.answered()
            if not answers or cache_key not in self.used:
                continue
            known = places.get(cache_key, {})
            if len(known) < MAX_PLACES and any(asked not in known for asked in answers):
                places[cache_key] = dict(itertools.islice({**known, **answers}.items(), MAX_PLACES))
                self.changed = True
        if not self.changed and len(self.used) == len(self.entries):
            return
        data = _pack(self.used, self.seen, time.time_ns(), places)
        if len(data) > LIMIT:
            return
        with contextlib.suppress(OSError):
            write_private(self.path, data)


# ---------------------------------------------------------------- the file format
#
# MAGIC, then (little-endian) the format (u32), the length of the progstyr version
# (u16) and the version, the time the file was written (ns, i64), the number of
# entries and of file signatures (u32 each); then each entry: its key (20 bytes),
# the length of the model JSON (i32, -1 for none), of the diagnostics JSON and of
# the places JSON (u32 each, 0 for none), the model JSON, the diagnostics JSON, the
# places JSON ([[question, [path…], line, column], …]); then each signature: the length
# of the path (u16), the path (file system encoding), size (u64), modification time
# (ns, i64), inode (u64) and content key (20 bytes). Every length is checked against
# what is left, nothing is allocated ahead of the bytes that fill it, and the file
# must end where the last signature does.

MAGIC = b"progstyr read cache\n"
KEY_BYTES = 20
_HEAD = struct.Struct("<IH")
_COUNTS = struct.Struct("<qII")
_ENTRY = struct.Struct(f"<{KEY_BYTES}siII")
_PATH = struct.Struct("<H")
_SIGNATURE = struct.Struct(f"<QqQ{KEY_BYTES}s")
_CODE = re.compile(r"PS[0-9]{3}")
_SEVERITIES = frozenset(level.value for level in Severity)


def _pack(
    entries: dict[bytes, Entry],
    stats: dict[str, tuple[int, int, int, bytes]],
    now: int,
    places: dict[bytes, Places] | None = None,
) -> bytes:
    version = __version__.encode()
    body: list[bytes] = []
    kept = 0
    for cache_key, (model, rows) in entries.items():
        diagnostics = json.dumps(rows).encode() if rows else b""
        if len(cache_key) != KEY_BYTES or (model is not None and len(model) >= 2**31):
            continue
        answers = _encode_places(places.get(cache_key)) if places else b""
        lengths = (-1 if model is None else len(model), len(diagnostics), len(answers))
        body += [_ENTRY.pack(cache_key, *lengths), model or b"", diagnostics, answers]
        kept += 1
    signatures = 0
    for name, (size, mtime, inode, cache_key) in stats.items():
        path = os.fsencode(name)
        if len(path) >= 2**16 or len(cache_key) != KEY_BYTES:
            continue
        try:
            body += [_PATH.pack(len(path)), path, _SIGNATURE.pack(size, mtime, inode, cache_key)]
        except struct.error:
            continue
        signatures += 1
    head = MAGIC + _HEAD.pack(FORMAT, len(version)) + version + _COUNTS.pack(now, kept, signatures)
    return head + b"".join(body)


def _unpack(
    raw: bytes,
) -> tuple[dict[bytes, Entry], dict[bytes, Places], dict[str, tuple[int, int, int, bytes]], int]:
    """The entries, their places, the signatures and the time of writing in a cache file;
    ValueError (or struct.error) when it is not a whole, well-formed one of this format
    and version."""
    if not raw.startswith(MAGIC):
        raise ValueError("not a read cache")
    offset = len(MAGIC)
    form, length = _HEAD.unpack_from(raw, offset)
    offset += _HEAD.size
    if form != FORMAT or raw[offset : offset + length] != __version__.encode():
        raise ValueError("another format or version")
    offset += length
    saved_ns, count, signatures = _COUNTS.unpack_from(raw, offset)
    offset += _COUNTS.size
    entries: dict[bytes, Entry] = {}
    places: dict[bytes, Places] = {}
    for _ in range(count):
        cache_key, model_length, rows_length, places_length = _ENTRY.unpack_from(raw, offset)
        offset += _ENTRY.size
        model = None
        if model_length >= 0:
            model, offset = _take(raw, offset, model_length)
        elif model_length != -1:
            raise ValueError("bad length")
        rows: tuple[Any, ...] | None = ()
        if rows_length:
            text, offset = _take(raw, offset, rows_length)
            rows = _rows(text)
        answers: Places | None = {}
        if places_length:
            text, offset = _take(raw, offset, places_length)
            answers = _places(text)
        if rows is not None and answers is not None:  # an entry that cannot be used whole is left out
            entries[cache_key] = (model, rows)
            if answers:
                places[cache_key] = answers
    stats: dict[str, tuple[int, int, int, bytes]] = {}
    for _ in range(signatures):
        (length,) = _PATH.unpack_from(raw, offset)
        path, offset = _take(raw, offset + _PATH.size, length)
        size, mtime, inode, cache_key = _SIGNATURE.unpack_from(raw, offset)
        offset += _SIGNATURE.size
        stats[os.fsdecode(path)] = (size, mtime, inode, cache_key)
    if offset != len(raw):
        raise ValueError("trailing bytes")
    return entries, places, stats, saved_ns


def _take(raw: bytes, offset: int, length: int) -> tuple[bytes, int]:
    end = offset + length
    if end > len(raw):
        raise ValueError("truncated")
    return raw[offset:end], end


def _rows(text: bytes) -> tuple[Any, ...] | None:
    """Stored diagnostics (JSON) back as `encode` made them, or None unless every one
    is whole and can be written in every language."""
    try:
        stored = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(stored, list):
        return None
    rows = []
    for row in stored:
        if not (isinstance(row, list) and len(row) == 6):
            return None
        line, col, code, severity, message_key, args = row
        if not (
            type(line) is int
            and type(col) is int
            and line >= 0
            and col >= 0
            and isinstance(code, str)
            and _CODE.fullmatch(code)
            and i18n.has(f"rule.{code}")
            and severity in _SEVERITIES
            and isinstance(message_key, str)
            and i18n.has(message_key)
            and isinstance(args, list)
        ):
            return None
        values: list[tuple[str, object]] = []
        for pair in args:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                return None
            name, value = pair
            if isinstance(value, list):
                if not (
                    len(value) == 2 and value[0] == _TERM and isinstance(value[1], str) and i18n.has(value[1])
                ):
                    return None
                value = (_TERM, value[1])
            elif not (value is None or type(value) in (str, int, float, bool)):
                return None
            values.append((name, value))
        rows.append((line, col, code, severity, message_key, tuple(values)))
    try:  # every placeholder of both languages filled ("\x00" makes even a bare template be formatted)
        for diag in decode("", tuple(rows)):
            for language in i18n.LANGUAGES:
                i18n.message(diag.key, language, {**dict(diag.args), "\x00": None})
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None
    return tuple(rows)


def _encode_places(places: Places | None) -> bytes:
    """Places as JSON, leaving out any question or answer `_places` would not take back."""
    if not places:
        return b""
    rows = [
        [asked, list(path), line, col]
        for (asked, path), (line, col) in places.items()
        if _place(asked, path, line, col)
    ]
    return json.dumps(rows[:MAX_PLACES], separators=(",", ":")).encode() if rows else b""


def _place(asked: object, path: object, line: object, col: object) -> bool:
    """A question (0 value, 1 key, 2 holder) about a path of text keys and list indexes,
    answered with a line and column (1-based)."""
    return (
        type(asked) is int
        and 0 <= asked <= 2
        and isinstance(path, (list, tuple))
        and len(path) <= 64
        and all(type(part) is str or (type(part) is int and part >= 0) for part in path)
        and type(line) is int
        and type(col) is int
        and line >= 1
        and col >= 1
    )


def _places(text: bytes) -> Places | None:
    """Stored places (JSON) back as `_encode_places` wrote them, or None unless every
    one is whole."""
    try:
        stored = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(stored, list) or len(stored) > MAX_PLACES:
        return None
    places: Places = {}
    for row in stored:
        if not (type(row) is list and len(row) == 4 and _place(*row)):
            return None
        asked, path, line, col = row
        places[(asked, tuple(path))] = (line, col)
    return places


def signature(path: Path) -> tuple[int, int, int] | None:
    """Size, modification time (ns) and inode of a file, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)
