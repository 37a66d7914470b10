"""Read one pinned commit of a bare git repository: its file list and file contents.

Sources live in a folder of bare repositories named owner+name (READLIST_SOURCES); a folder
that holds its git directory in repo/ (as the fetch tool lays snapshots out) works too."""

from __future__ import annotations

import fnmatch
import subprocess
from collections.abc import Iterable
from pathlib import Path


class BuildError(Exception):
    """A source that cannot be read: the message names it and the reason."""


def locate(sources_dir: Path, repo: str) -> Path | None:
    """The git directory of owner/name under sources_dir, if it is there."""
    folder = sources_dir / repo.replace("/", "+")
    for candidate in (folder / "repo", folder, folder.with_name(folder.name + ".git")):
        if (candidate / "objects").is_dir() and (candidate / "HEAD").is_file():
            return candidate
    return None


def clone(sources_dir: Path, repo: str, commit: str) -> Path:
    """Clone owner/name (bare) into sources_dir, and fetch the pinned commit if it is missing."""
    target = sources_dir / repo.replace("/", "+")
    sources_dir.mkdir(parents=True, exist_ok=True)
    if locate(sources_dir, repo) is None:
        _git(None, "clone", "--bare", "--quiet", f"https://github.com/{repo}", str(target))
    git_dir = locate(sources_dir, repo)
    if git_dir is None:
        raise BuildError(f"{repo}: clone into {target} left no git directory")
    if not _has_commit(git_dir, commit):
        _git(git_dir, "fetch", "--quiet", "origin", commit)
    return git_dir


def _git(git_dir: Path | None, *args: str, stdin: bytes | None = None) -> bytes:
    command = ["git", *(["--git-dir", str(git_dir)] if git_dir else []), *args]
    result = subprocess.run(command, input=stdin, capture_output=True, check=False)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BuildError(f"{git_dir or ''}: git {args[0]} failed: {reason[-1] if reason else ''}")
    return result.stdout


def _has_commit(git_dir: Path, commit: str) -> bool:
    command = ["git", "--git-dir", str(git_dir), "cat-file", "-e", f"{commit}^{{commit}}"]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


class Snapshot:
    """The tree of one commit; never reads any other commit."""

    def __init__(self, git_dir: Path, commit: str) -> None:
        if not _has_commit(git_dir, commit):
            raise BuildError(f"{git_dir}: pinned commit {commit} is not in this repository")
        self.git_dir = git_dir
        self.commit = commit
        listing = _git(git_dir, "ls-tree", "-r", "-z", "--name-only", commit)
        self.paths = [p for p in listing.decode("utf-8", "replace").split("\0") if p]

    def files(self, patterns: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
        """Paths matching any glob (fnmatch: * also crosses /), in tree order."""
        include, leave = list(patterns), list(exclude)
        return [
            p
            for p in self.paths
            if any(fnmatch.fnmatchcase(p, g) for g in include)
            and not any(fnmatch.fnmatchcase(p, g) for g in leave)
        ]

    def read_many(self, paths: list[str]) -> dict[str, str]:
        """Contents of many files in one git call (cat-file --batch)."""
        if not paths:
            return {}
        request = "".join(f"{self.commit}:{p}\n" for p in paths).encode("utf-8")
        out = _git(self.git_dir, "cat-file", "--batch", stdin=request)
        contents: dict[str, str] = {}
        position = 0
        for path in paths:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            contents[path] = out[position : position + size].decode("utf-8", "replace")
            position += size + 1
        return contents

    def read(self, path: str) -> str | None:
        return self.read_many([path]).get(path)
