"""The read cache: what reading one file gave, keyed on the file's content.

Reading a file (decode, parse, validate against its model) is a pure function of
its bytes and its kind, so the result can be kept between runs: on the next run
an unchanged file costs a hash and a lookup instead of a parse. What is kept per
file is the validated model as JSON (pydantic writes and reads it in compiled
code) and the file's own diagnostics; cross-file checks always run afresh.

The cache lives in the user's cache directory, never inside the programme tree:
`$PROGSTYR_CACHE_DIR`, else `$XDG_CACHE_HOME/progstyr`, else `~/.cache/progstyr`;
one file per set of PATH arguments, named by a hash of them, the configuration
file's content, the progstyr version and the cache format. It is written with
`marshal` (plain values only, so reading
it cannot run code) through a temporary file and a rename. A cache that is
missing, unreadable, corrupt, from another version or unwritable only means a
cold run; it never changes a result (tests/test_speed.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from progstyr import __version__
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.i18n import Term

FORMAT = 2
"""Bumped whenever what is cached, or how, changes."""

Entry = tuple[bytes | None, tuple[Any, ...]]
"""(the model as JSON, or None; the file's diagnostics, encoded)."""

_TERM = "\x00term"


def directory() -> Path:
    """Where caches are kept."""
    chosen = os.environ.get("PROGSTYR_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "progstyr"


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
    """Entries for one set of PATHs: loaded once, saved once with only what was used."""

    def __init__(self, paths: Iterable[str], config: Path | None = None, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else directory()
        scope = "\x00".join(sorted(os.path.realpath(p) for p in paths))
        if config is not None:  # reading does not depend on it; a changed one still starts afresh
            try:
                scope += "\x00" + hashlib.blake2b(config.read_bytes(), digest_size=12).hexdigest()
            except OSError:
                scope += "\x00?"
        name = hashlib.blake2b(f"{FORMAT}\x00{__version__}\x00{scope}".encode(), digest_size=12).hexdigest()
        self.path = self.folder / f"reads-{name}.marshal"
        self.entries: dict[bytes, Entry] = {}
        self.used: dict[bytes, Entry] = {}
        self.stats: dict[str, tuple[int, int, int, bytes]] = {}
        self.seen: dict[str, tuple[int, int, int, bytes]] = {}
        self.saved_ns = 0
        self.hits = 0
        self.changed = False

    def load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                stored = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            return
        if (
            isinstance(stored, tuple)
            and len(stored) == 5
            and stored[:2] == (FORMAT, __version__)
            and isinstance(stored[2], dict)
            and isinstance(stored[3], dict)
            and isinstance(stored[4], int)
        ):
            self.entries, self.stats, self.saved_ns = stored[2], stored[3], stored[4]

    def known(self, path: Path, now: tuple[int, int, int] | None) -> bytes | None:
        """The content key of `path` when its signature `now` (size, modification time,
        inode) is as when it was last read, and it had not been modified for two seconds
        before the cache was written (so an edit in the same clock tick is never missed);
        else None (the file is read and hashed)."""
        stat = self.stats.get(str(path))
        if stat is None or not isinstance(stat, tuple) or len(stat) != 4:
            return None
        if now is None or now != stat[:3] or now[1] > self.saved_ns - 2_000_000_000:
            return None
        self.seen[str(path)] = stat
        return stat[3] if isinstance(stat[3], bytes) else None

    def remember(self, path: Path, stat: tuple[int, int, int] | None, cache_key: bytes) -> None:
        """`path` had `stat` (taken before it was read) and content `cache_key`."""
        if stat is not None:
            self.seen[str(path)] = (*stat, cache_key)
            self.changed = True

    def get(self, cache_key: bytes) -> Entry | None:
        entry = self.entries.get(cache_key)
        if not _well_formed(entry):
            return None
        assert entry is not None
        self.used[cache_key] = entry
        self.hits += 1
        return entry

    def put(self, cache_key: bytes, entry: Entry) -> None:
        self.used[cache_key] = entry
        self.changed = True

    def save(self) -> None:
        """Keep what this run used; any failure leaves the old cache (or none)."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with open(temporary, "wb") as handle:
                marshal.dump((FORMAT, __version__, self.used, self.seen, time.time_ns()), handle)
            os.replace(temporary, self.path)
            temporary = None
        except (OSError, ValueError):
            pass
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def signature(path: Path) -> tuple[int, int, int] | None:
    """Size, modification time (ns) and inode of a file, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _well_formed(entry: Any) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 2
        and (entry[0] is None or isinstance(entry[0], bytes))
        and isinstance(entry[1], tuple)
    )
