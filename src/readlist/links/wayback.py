"""The Wayback Machine's availability API: the snapshot of a page closest to a date.

`GET https://archive.org/wayback/available?url=…&timestamp=YYYYMMDD` answers
`{"url": …, "archived_snapshots": {"closest": {"status": "200", "available": true,
"url": "http://web.archive.org/web/20210301000000/https://…", "timestamp":
"20210301000000"}}}`, or `"archived_snapshots": {}` when it has none. A note from 2021
should get the page as it was in 2021, so the timestamp is the date of the note that
cites the link. Requests are paced (one a second, `WAYBACK_INTERVAL`) and retried with
net.fetch_paced, the one retry policy of readlist's API clients.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from readlist.net import Fetcher, Pacer, fetch_paced

# archive.org throttles busy clients (429, then refused connections for a while); one
# request a second keeps a check of a few hundred dead links well inside that.
WAYBACK_INTERVAL = 1.0
_TIMESTAMP = re.compile(r"^\d{14}$")


@dataclass(frozen=True)
class Snapshot:
    url: str  # https://web.archive.org/web/<timestamp>/<original>
    timestamp: str  # YYYYMMDDhhmmss

    @property
    def date(self) -> str:
        return f"{self.timestamp[:4]}-{self.timestamp[4:6]}-{self.timestamp[6:8]}"


def availability_url(api: str, url: str, date: str | None) -> str:
    """The API request for `url` near `date` (an ISO date; none: the latest snapshot)."""
    params = {"url": url}
    digits = re.sub(r"\D", "", date or "")[:8]
    if len(digits) == 8:
        params["timestamp"] = digits
    return f"{api}?{urlencode(params)}"


def parse_availability(body: bytes) -> Snapshot | None:
    """The closest snapshot the API reported, if it is an archived 200 page. Pure."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    snapshots = data.get("archived_snapshots")
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return None
    if str(closest.get("status")) != "200":
        return None  # an archived 404 or redirect is no replacement
    url, timestamp = closest.get("url"), str(closest.get("timestamp") or "")
    if not isinstance(url, str) or not _TIMESTAMP.match(timestamp):
        return None
    if not url.startswith(("https://", "http://")):
        return None
    if url.startswith("http://web.archive.org/"):
        url = "https://" + url.removeprefix("http://")  # the archive answers both; keep TLS
    return Snapshot(url, timestamp)


@dataclass
class Wayback:
    """The availability API, paced; shared by the check's worker threads."""

    fetcher: Fetcher
    api: str
    pacer: Pacer = field(default_factory=lambda: Pacer(WAYBACK_INTERVAL))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def closest(self, url: str, date: str | None) -> tuple[Snapshot | None, str | None]:
        """(the snapshot closest to `date`, None) or (None, why there is none)."""
        with self._lock:  # one request at a time, at the pace
            result, _ = fetch_paced(
                self.fetcher,
                self.pacer,
                availability_url(self.api, url, date),
                "the Wayback Machine",
                max_bytes=64 * 1024,
            )
        if result.error is not None or not result.ok:
            return None, result.error or f"http {result.status}"
        snapshot = parse_availability(result.body)
        return snapshot, None if snapshot else "no snapshot"
