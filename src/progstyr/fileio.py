"""Writing files so that nothing is half-written, no edit is lost and nothing is replaced by mistake.

Three ways to write, one set of rules:

* `Snapshot.take(path)` reads a file and records what identifies it; later
  `replace_if_unchanged(snapshot, data)` replaces it only if it is still the file
  that was read (same real path, device, inode, size, mtime and content), so an
  editor's save, or a writer that paused half-way, is never undone. This is how
  `fmt` (and `pull` and `import`) rewrite a file in place.
* `write_output(path, data)` writes a command's output (`report -o`): `-` is
  standard output; FIFOs and character devices (`/dev/stdout`, `/dev/null`) are
  written directly, never renamed over; a link to a regular file is written
  through to its target; a regular file is replaced atomically.
* `write_atomic(path, text)` writes a new or regular file (`schema`, `new`).

Replacing a regular file always goes through a temporary file made by `mkstemp`
in the target's own folder, written, fsynced and renamed over the target; a
symbolic link is kept and its target replaced; the target's mode and owner are
kept; a read-only file (no write bit) is left alone. Every problem is an
`OSError`; the ones a user can act on are `WriteError`s with a message key
(`write.*` in i18n) rather than an errno.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 16


class WriteError(OSError):
    """A file could not be written, for a reason the user can act on.

    `reason` is a message key of i18n (`write.full`, `write.no_folder`,
    `write.is_folder`, `write.not_regular`, `write.denied`, `write.changed`,
    `write.read_only`, `write.failed`); `detail` is the system's words, if any.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.path = os.fspath(path)
        self.reason = reason
        self.detail = detail

    @property
    def message_args(self) -> dict[str, object]:
        """The arguments of the message `reason` (every key takes `path` and `detail`)."""
        return {"path": self.path, "detail": self.detail}


class Changed(WriteError):
    """The file is no longer the one that was read: someone else wrote it meanwhile."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path, "write.changed")


class ReadOnly(WriteError):
    """The file is read-only (no write permission bit, or not writable by this user)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path, "write.read_only")


_REASONS = {
    errno.ENOSPC: "write.full",
    errno.EDQUOT: "write.full",
    errno.EFBIG: "write.full",
    errno.ENOENT: "write.no_folder",
    errno.ENOTDIR: "write.no_folder",
    errno.EISDIR: "write.is_folder",
    errno.EACCES: "write.denied",
    errno.EPERM: "write.denied",
    errno.EROFS: "write.denied",
}


def _plain(path: str | os.PathLike[str], exc: OSError) -> WriteError:
    """An OSError met while writing `path`, as a WriteError with a message key."""
    if isinstance(exc, WriteError):
        return exc
    return WriteError(path, _REASONS.get(exc.errno or 0, "write.failed"), exc.strerror or type(exc).__name__)


# ---------------------------------------------------------------- read, then replace if unchanged


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as it was read: its bytes and what identifies it.

    `path` is the path given; `real` the file it resolved to (through links) when
    it was read. `complete` is False when the file held more than the `limit`
    given to `take` (then `data` is only its first `limit + 1` bytes and it cannot
    be replaced).
    """

    path: Path
    real: Path
    data: bytes
    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: bytes
    mode: int
    uid: int
    gid: int
    complete: bool = True

    @classmethod
    def take(cls, path: str | os.PathLike[str], *, limit: int | None = None) -> Snapshot:
        """Read `path` (at most `limit` + 1 bytes when a limit is given).

        Raises OSError as reading does, and WriteError(`write.not_regular`) for
        anything but a regular file (a FIFO is opened without blocking, never read).
        """
        given = Path(path)
        real = Path(os.path.realpath(given))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(real, flags | getattr(os, "O_NOFOLLOW", 0))
        try:
            # The identity is taken before reading: a write during the read then shows as a change.
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise WriteError(given, "write.not_regular")
            wanted = -1 if limit is None else limit + 1
            chunks: list[bytes] = []
            got = 0
            while wanted < 0 or got < wanted:
                chunk = os.read(fd, _CHUNK if wanted < 0 else min(_CHUNK, wanted - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        finally:
            os.close(fd)
        data = b"".join(chunks)
        return cls(
            path=given,
            real=real,
            data=data,
            device=before.st_dev,
            inode=before.st_ino,
            size=before.st_size,
            mtime_ns=before.st_mtime_ns,
            sha256=hashlib.sha256(data).digest(),
            mode=stat.S_IMODE(before.st_mode),
            uid=before.st_uid,
            gid=before.st_gid,
            complete=limit is None or len(data) <= limit,
        )

    def is_current(self) -> bool:
        """Whether the path still leads to this very file with these very bytes."""
        try:
            if Path(os.path.realpath(self.path)) != self.real:
                return False  # a link now points elsewhere, or the path is a link now
            now = os.lstat(self.real)
            identity = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns)
            if not stat.S_ISREG(now.st_mode) or identity != (
                self.device,
                self.inode,
                self.size,
                self.mtime_ns,
            ):
                return False
            with open(self.real, "rb") as handle:
                digest = hashlib.sha256()
                for chunk in iter(lambda: handle.read(_CHUNK), b""):
                    digest.update(chunk)
            return digest.digest() == self.sha256
        except OSError:
            return False


_before_replace: Callable[[Path], None] | None = None
"""Called with the target right before the final check and rename (tests use it to play
a concurrent writer); None in normal use."""


def replace_if_unchanged(snapshot: Snapshot, data: bytes) -> None:
    """Replace the file `snapshot` was taken of by `data`, unless it changed since.

    Writes through a symbolic link to its target; keeps the file's mode and owner.
    Raises `Changed` when the file is no longer what was read (checked before the
    temporary file is written and again right before the rename), `ReadOnly` for a
    file without write permission, ValueError for an incomplete snapshot, and
    OSError (a `WriteError` where the reason is plain) when writing fails.
    """
    if not snapshot.complete:
        raise ValueError(f"{snapshot.path}: only part of the file was read; it cannot be replaced")
    if not snapshot.is_current():
        raise Changed(snapshot.path)
    if not snapshot.mode & 0o222 or not os.access(snapshot.real, os.W_OK):
        raise ReadOnly(snapshot.path)
    _replace(snapshot.real, data, snapshot.mode, (snapshot.uid, snapshot.gid), snapshot)


def _replace(
    target: Path,
    data: bytes,
    mode: int,
    owner: tuple[int, int] | None,
    snapshot: Snapshot | None = None,
) -> None:
    """Write `data` to a mkstemp file beside `target`, fsync, rename it over `target`."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if owner is not None and owner != (os.geteuid(), os.getegid()):
                _keep_owner(stream.fileno(), owner)
            os.fchmod(stream.fileno(), mode)  # after fchown, which may clear set-id bits
            os.fsync(stream.fileno())
        if _before_replace is not None:
            _before_replace(target)
        if snapshot is not None and not snapshot.is_current():
            raise Changed(snapshot.path)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _keep_owner(fd: int, owner: tuple[int, int]) -> None:
    """Give the temporary file the target's owner and group; refuse when it cannot be done
    (replacing another user's file by one of ours would hand it over)."""
    uid, gid = owner
    try:
        os.fchown(fd, uid, gid)
    except PermissionError:
        if uid != os.geteuid():
            raise
        with contextlib.suppress(PermissionError):  # a group we are not in: keep ours
            os.fchown(fd, -1, gid)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (where folders can be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------- new files and command output


def _umask() -> int:
    """The process umask, read without changing it where the system tells it (Linux)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (or bytes) to `path`, a new or a regular file, atomically.

    A link is written through to its target (and stays a link); an existing file
    keeps its mode and owner; a new one gets 0666 less the umask, as open() would
    give it. Raises WriteError(`write.not_regular` / `write.is_folder`) for anything
    else at `path`, OSError when writing fails.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    target = Path(os.path.realpath(path))
    try:
        now = os.stat(target)
    except FileNotFoundError:
        _replace(target, data, 0o666 & ~_umask(), None)
        return
    if stat.S_ISDIR(now.st_mode):
        raise WriteError(path, "write.is_folder")
    if not stat.S_ISREG(now.st_mode):
        raise WriteError(path, "write.not_regular")
    _replace(target, data, stat.S_IMODE(now.st_mode), (now.st_uid, now.st_gid))


_DIRECT_PREFIXES = ("/dev/", "/proc/")
"""Paths never renamed over: device nodes and the process's own descriptors
(`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`) are written where they lead."""


def write_output(path: str, data: str | bytes) -> None:
    """Write a command's output to `path` (`report -o`); `-` is standard output.

    FIFOs, character devices and paths under /dev and /proc are opened and written
    directly; anything else must be a regular file (through links) or a new file
    in an existing folder, and is replaced atomically. Raises WriteError with the
    reason `write.full`, `write.no_folder`, `write.is_folder`, `write.not_regular`,
    `write.denied`, `write.read_only` or `write.failed`.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path == "-":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _plain(path, exc) from None
        return
    try:
        try:
            now = os.stat(path)
        except FileNotFoundError:
            now = None
        absolute = os.path.abspath(path)
        if now is not None and (
            stat.S_ISFIFO(now.st_mode) or stat.S_ISCHR(now.st_mode) or absolute.startswith(_DIRECT_PREFIXES)
        ):
            _write_direct(path, payload)
            return
        if now is None:
            if not os.path.isdir(os.path.dirname(os.path.realpath(path)) or "."):
                raise WriteError(path, "write.no_folder")
            write_atomic(Path(path), payload)
            return
        if stat.S_ISREG(now.st_mode) and not now.st_mode & 0o222:
            raise ReadOnly(path)
        write_atomic(Path(path), payload)
    except OSError as exc:
        raise _plain(path, exc) from None


def _write_direct(path: str, payload: bytes) -> None:
    """Open and write, as a shell's `>` would: for FIFOs and devices, which must not be replaced."""
    with open(path, "wb", buffering=0) as stream:
        view = memoryview(payload)
        while view:
            written = stream.write(view)
            if not written:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            view = view[written:]
