"""The prepared gazetteer kept between runs, so that a small extract starts at once.

Parsing 200 KB of gazetteer YAML and building the Aho-Corasick automaton take ~0.11 s
in every run that reads a note (a 1 % edit of 10,000 notes is ~0.6 s in all); loading
them back from a pickle takes ~0.02 s. The file's name is a digest of everything the
result depends on: the gazetteer files, the user's names file, the common-words list,
readlist's own source, Python, and the automaton and suffix-list libraries. Anything
different is another file, so a stale state is never read; the newest few are kept.

It lives in the user's cache folder (READLIST_CACHE_DIR, else $XDG_CACHE_HOME/readlist,
else ~/.cache/readlist), made readable by the user only: a pickle is code, and only a
file readlist itself wrote there is loaded. Any failure (a read-only home, a full disk, a
file cut short) costs a rebuild and nothing else.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_PREFIX = "gazetteer-"
_SUFFIX = ".pickle"
_KEEP = 4  # several databases, each with its own names file, share the folder


def cache_file(folder: Path, inputs: list[bytes]) -> Path:
    """Where the state built from `inputs` (what it is made from, or a digest of it) is kept."""
    digest = hashlib.blake2b(digest_size=12)
    for part in (*inputs, *_code_identity()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return folder / f"{_PREFIX}{digest.hexdigest()}{_SUFFIX}"


def load_state(path: Path) -> tuple[Any, ...] | None:
    """The state stored at `path`, or None when there is none that can be used."""
    # Unpickling makes some 100,000 objects, none of them garbage: a collection
    # started by their count would only cost time (a third of the load).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # cut short, or written by something else: build it again
        log.debug("%s: unusable gazetteer cache (%s); rebuilding", path, exc)
        return None
    finally:
        if collecting:
            gc.enable()
    return state if isinstance(state, tuple) else None


def store_state(path: Path, state: tuple[Any, ...]) -> None:
    """Write the state whole (a temporary file renamed over), then drop the oldest."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".tmp-", suffix=_SUFFIX, delete=False
        ) as handle:
            temporary = Path(handle.name)
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent)
    except OSError as exc:
        log.debug("%s: cannot keep the gazetteer cache (%s)", path, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    kept = sorted(
        folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    for old in kept[_KEEP:]:
        old.unlink(missing_ok=True)


def _code_identity() -> list[bytes]:
    """What else decides the state: readlist's source, Python, and the two libraries
    whose data ends up in it (the automaton's format, the suffix list's rules)."""
    import ahocorasick
    import publicsuffixlist

    package = Path(__file__).parent
    parts = [sys.version.encode()]
    parts += [source.read_bytes() for source in sorted(package.glob("*.py"))]
    for library in (Path(ahocorasick.__file__), Path(publicsuffixlist.__file__).parent):
        for file in sorted(library.iterdir()) if library.is_dir() else [library]:
            if file.is_file():
                stat = file.stat()
                parts.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return parts
