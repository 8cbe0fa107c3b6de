"""What git knows: the current commit, and programme files as they were at a ref.

Files at a ref are read straight from the object store (`git ls-tree`, `git
cat-file --batch`): no checkout, the work tree is never touched. Every failure is a
`GitError` with a message for the user; the CLI turns it into exit 2.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """Git is missing, PATH is not in a repository, or the ref is unknown."""


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    short: str
    date: dt.date


def _git(args: list[str], cwd: Path, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except OSError as exc:
        raise GitError(f"git cannot be run: {exc.strerror}") from None
    if done.returncode != 0:
        raise GitError(
            done.stderr.decode("utf-8", "replace").strip().splitlines()[0] if done.stderr else "git failed"
        )
    return done.stdout


def _folder(path: str) -> Path:
    here = Path(path).resolve()
    return here if here.is_dir() else here.parent


def repository_root(path: str) -> Path | None:
    """The work tree root holding `path`, or None outside a repository."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], _folder(path))
    except GitError:
        return None
    return Path(out.decode().strip())


def resolve(path: str, ref: str) -> Commit:
    """The commit `ref` names, or GitError."""
    root = repository_root(path)
    if root is None:
        raise GitError("not inside a git repository")
    try:
        out = _git(["log", "-1", "--format=%H %h %cs", f"{ref}^{{commit}}", "--"], root)
    except GitError:
        raise GitError(f"unknown git reference '{ref}'") from None
    sha, short, day = out.decode().split()
    return Commit(sha, short, dt.date.fromisoformat(day))


def head(path: str) -> Commit | None:
    """The checked-out commit, or None outside a repository (or before the first commit)."""
    try:
        return resolve(path, "HEAD")
    except GitError:
        return None


_READ = ("*.yaml", "*.yml", "progstyr.toml", "pyproject.toml")


def has_changes(path: str) -> bool:
    """Whether the files progstyr reads under `path` differ from the checked-out commit
    (edited, added, removed or not yet tracked); False outside a repository."""
    root = repository_root(path)
    if root is None:
        return False
    target = Path(path).resolve()
    try:
        # only what the report is made from: programme files and the configuration, not a
        # report written next to them
        specs = [f":(glob){(target / '**' / pattern).relative_to(root).as_posix()}" for pattern in _READ]
        out = _git(["status", "--porcelain", "--untracked-files=normal", "--", *specs], root)
    except GitError:
        return False
    return bool(out.strip())


def files_at(path: str, commit: Commit) -> dict[str, bytes]:
    """The YAML files under `path` at `commit`: path relative to `path` → bytes."""
    root = repository_root(path)
    if root is None:
        raise GitError("not inside a git repository")
    target = Path(path).resolve()
    prefix = target.relative_to(root).as_posix() if target != root else ""
    spec = [prefix] if prefix else []
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit.sha, "--", *spec], root)
    entries: list[tuple[str, str]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, name = record.split(b"\t", 1)
        mode, kind, sha = meta.split()
        text = name.decode("utf-8", "replace")
        if kind == b"blob" and mode != b"120000" and text.lower().endswith((".yaml", ".yml")):
            entries.append((text, sha.decode()))
    if not entries:
        return {}
    batch = _git(["cat-file", "--batch"], root, "".join(f"{sha}\n" for _, sha in entries).encode())
    result: dict[str, bytes] = {}
    offset = 0
    for entry_name, _sha in entries:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        body = batch[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        relative = entry_name[len(prefix) + 1 :] if prefix else entry_name
        result[relative] = body
    return result
