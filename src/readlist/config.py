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


def user_agent() -> str:
    """readlist and its version, and the contact address when READLIST_MAILTO is set."""
    contact = os.environ.get("READLIST_MAILTO")
    suffix = f"; mailto:{contact}" if contact else ""
    return f"readlist/{__version__} (+https://github.com/readlist/readlist{suffix})"


USER_AGENT = user_agent()

# The repository's data/ folder (gazetteer); READLIST_DATA points elsewhere.
PACKAGE_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def db_path_from_env() -> Path:
    """The database path: READLIST_DB, else data/readlist.db."""
    return Path(os.environ.get("READLIST_DB") or DEFAULT_DB)


def data_dir() -> Path:
    """Where the shipped gazetteer lives."""
    return Path(os.environ.get("READLIST_DATA") or PACKAGE_DATA_DIR)


def cache_dir() -> Path | None:
    """What readlist can rebuild but keeps to start faster (the prepared gazetteer):
    READLIST_CACHE_DIR, else $XDG_CACHE_HOME/readlist, else ~/.cache/readlist; None (keep
    nothing) when there is no home folder to put it in."""
    if os.environ.get("READLIST_CACHE_DIR"):
        return Path(os.environ["READLIST_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "readlist"
    try:
        return Path.home() / ".cache" / "readlist"
    except RuntimeError:  # no $HOME and no passwd entry (some containers)
        return None


# Endpoints (SPEC "Network"); each can be pointed elsewhere, for example at a mirror.
DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_S2_API = "https://api.semanticscholar.org/graph/v1"
DEFAULT_OPENREVIEW_APIS = ("https://api2.openreview.net", "https://api.openreview.net")
DEFAULT_OPENALEX_API = "https://api.openalex.org"
DEFAULT_OEMBED_API = "https://www.youtube.com/oembed"
DEFAULT_WAYBACK_API = "https://archive.org/wayback/available"


def arxiv_api() -> str:
    return os.environ.get("READLIST_ARXIV_API") or DEFAULT_ARXIV_API


def arxiv_interval() -> float:
    """Seconds between arXiv requests: 3 (arXiv's terms). READLIST_ARXIV_DELAY changes it
    only for an endpoint that is not arxiv.org's own (a mirror, a test server)."""
    api = arxiv_api()
    delay = os.environ.get("READLIST_ARXIV_DELAY")
    if delay and "arxiv.org" not in api:
        try:
            return max(0.0, float(delay))
        except ValueError:
            pass
    return 3.0


def s2_api() -> str:
    return (os.environ.get("READLIST_S2_API") or DEFAULT_S2_API).rstrip("/")


def openalex_api() -> str:
    return (os.environ.get("READLIST_OPENALEX_API") or DEFAULT_OPENALEX_API).rstrip("/")


def openreview_apis() -> tuple[str, ...]:
    """OpenReview's APIs, tried in turn: API 2, then API 1 for venues before 2023
    (READLIST_OPENREVIEW_API: one endpoint or several, comma-separated)."""
    value = os.environ.get("READLIST_OPENREVIEW_API")
    if not value:
        return DEFAULT_OPENREVIEW_APIS
    return tuple(api.strip().rstrip("/") for api in value.split(",") if api.strip())


def oembed_api() -> str:
    return os.environ.get("READLIST_OEMBED_API") or DEFAULT_OEMBED_API


def wayback_api() -> str:
    """The Wayback Machine's availability API (READLIST_WAYBACK_API), for `readlist check`."""
    return os.environ.get("READLIST_WAYBACK_API") or DEFAULT_WAYBACK_API


def mailto() -> str | None:
    """Contact address for polite pools (READLIST_MAILTO)."""
    return os.environ.get("READLIST_MAILTO") or None


def s2_api_key() -> str | None:
    return os.environ.get("SEMANTIC_SCHOLAR_API_KEY") or None


def openalex_api_key() -> str | None:
    return os.environ.get("OPENALEX_API_KEY") or None
