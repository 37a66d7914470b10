"""Defaults and environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path

from readlist import __version__

DEFAULT_DB = Path("data") / "readlist.db"

# Notes larger than this are recorded with an error instead of being read:
# a 50 MB "note" is an export or a log, not something a person wrote.
DEFAULT_MAX_NOTE_BYTES = 10 * 1024 * 1024

NOTE_SUFFIXES = (".md", ".markdown")

USER_AGENT = f"readlist/{__version__} (+https://github.com/readlist/readlist)"

# The repository's data/ folder (gazetteer); READLIST_DATA points elsewhere.
PACKAGE_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def db_path_from_env() -> Path:
    """The database path: READLIST_DB, else data/readlist.db."""
    return Path(os.environ.get("READLIST_DB") or DEFAULT_DB)


def data_dir() -> Path:
    """Where the shipped gazetteer lives."""
    return Path(os.environ.get("READLIST_DATA") or PACKAGE_DATA_DIR)
