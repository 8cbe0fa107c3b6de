"""What git knows: the current commit, and programme files as they were at a ref.

Files at a ref are read straight from the object store (`git ls-tree`, `git
cat-file --batch`): no checkout, the work tree is never touched. A programme inside a
git submodule is read from the submodule's own repository, at the commit the
superproject recorded for it at the ref. Every failure is a `GitError` with a message
for the user; the CLI turns it into exit 2.

A ref comes from the command line: it is never taken for one of git's options (a ref
that starts with `-` is refused, and `--end-of-options` ends git's options before it).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


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


def check_ref(ref: str) -> None:
    """GitError unless `ref` can only be read as a revision: not empty, no leading `-`
    (git would take it for an option), no control characters."""
    if not ref or ref.startswith("-") or any(ord(char) < 32 or ord(char) == 127 for char in ref):
        raise GitError(f"'{ref!s}' is not a git reference" if ref else "the git reference is empty")


def resolve(path: str, ref: str) -> Commit:
    """The commit `ref` names, or GitError."""
    check_ref(ref)
    root = repository_root(path)
    if root is None:
        raise GitError("not inside a git repository")
    try:
        out = _git(["log", "-1", "--format=%H %h %cs", "--end-of-options", f"{ref}^{{commit}}", "--"], root)
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


def tree_path(root: Path, folder: str) -> str | None:
    """`folder` (as the user's file system has it) as a path from the repository root
    `root`, `""` for the root itself; None when it is not inside the repository."""
    real = Path(os.path.realpath(folder))
    try:
        relative = real.relative_to(root)
    except ValueError:
        return None
    return relative.as_posix() if relative.parts else ""


def _under(name: str, folder: str) -> bool:
    return not folder or name == folder or name.startswith(folder + "/")


_SUBMODULE_DEPTH = 8
"""Submodules inside submodules are followed this deep, no further."""


def _listing(repo: Path, sha: str, folders: list[str], depth: int) -> list[tuple[str, Path, str]]:
    """(path from `repo`'s root, the repository holding the blob, blob id) of every YAML
    file at commit `sha` that lies inside one of `folders` or could be the portfolio.yaml
    above one; submodules inside or above a folder are listed from their own repository."""
    parents = {str(PurePosixPath(folder).parent) if folder else "" for folder in folders}
    parents = {"" if parent == "." else parent for parent in parents}
    out = _git(["ls-tree", "-r", "-z", "--full-tree", sha], repo)
    found: list[tuple[str, Path, str]] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, raw_name = record.split(b"\t", 1)
        mode, kind, blob = meta.split()
        name = raw_name.decode("utf-8", "surrogateescape")
        if kind == b"commit":  # a submodule: read it from its own repository
            inner = [f[len(name) + 1 :] if f != name else "" for f in folders if _under(f, name)]
            inner += ["" for f in folders if _under(name, f) and f != name]
            if inner and depth < _SUBMODULE_DEPTH and (repo / name / ".git").exists():
                try:
                    below = _listing(repo / name, blob.decode(), inner, depth + 1)
                except GitError:
                    raise GitError(
                        f"the submodule '{name}' does not have commit {blob.decode()[:12]}; "
                        "run 'git submodule update'"
                    ) from None
                found += [(f"{name}/{inner_name}", where, sha_) for inner_name, where, sha_ in below]
            continue
        if kind != b"blob" or mode == b"120000" or not name.lower().endswith((".yaml", ".yml")):
            continue
        folder = str(PurePosixPath(name).parent)
        folder = "" if folder == "." else folder
        if any(_under(name, f) for f in folders) or folder in parents:
            found.append((name, repo, blob.decode()))
    return found


def files_at(path: str, commit: Commit, folders: Iterable[str] | None = None) -> dict[str, bytes]:
    """The YAML files inside `folders` at `commit`, and the portfolio.yaml above each:
    path from the repository root → bytes. The repository is the one holding `path`, and
    `folders` are paths from its root (`tree_path`; default: `path` itself). A folder in a
    submodule is read from the submodule, at the commit the superproject recorded for it."""
    root = repository_root(path)
    if root is None:
        raise GitError("not inside a git repository")
    wanted = list(folders) if folders is not None else [tree_path(root, path)]
    chosen = sorted({folder for folder in wanted if folder is not None})
    if not chosen:
        return {}
    entries = _listing(root, commit.sha, chosen, 0)
    by_repo: dict[Path, list[tuple[str, str]]] = {}
    for name, repo, blob in entries:
        by_repo.setdefault(repo, []).append((name, blob))
    result: dict[str, bytes] = {}
    for repo, items in by_repo.items():
        batch = _git(["cat-file", "--batch"], repo, "".join(f"{blob}\n" for _, blob in items).encode())
        offset = 0
        for name, _blob in items:
            header_end = batch.index(b"\n", offset)
            size = int(batch[offset:header_end].split()[2])
            result[name] = batch[header_end + 1 : header_end + 1 + size]
            offset = header_end + 1 + size + 1
    return result
