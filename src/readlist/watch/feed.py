"""The suggestions as an Atom feed (RFC 4287) that any feed reader can subscribe to.

One entry per suggestion not dismissed, newest day first: the paper's abstract page as
its id and link, its authors, why it was suggested and the abstract. The file is
written beside the target and renamed over it, so a reader never sees half a feed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from readlist.db import now
from readlist.errors import ReadlistError

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:readlist:watch:suggestions"


def render_feed(rows: Sequence[Mapping[str, object]], updated: str | None = None) -> bytes:
    """Atom XML for suggestion rows (as `store.suggestions_for_feed` gives them)."""
    feed = Element("feed", xmlns=ATOM_NS)
    SubElement(feed, "title").text = "readlist: new papers for you"
    SubElement(feed, "id").text = FEED_ID
    SubElement(feed, "updated").text = _atom_time(
        updated or max((str(r["first_suggested"]) for r in rows), default=now())
    )
    SubElement(feed, "generator", uri="https://github.com/readlist/readlist").text = "readlist"
    for row in rows:
        entry = SubElement(feed, "entry")
        url = str(row["url"])
        SubElement(entry, "id").text = url
        SubElement(entry, "title").text = str(row["title"])
        SubElement(entry, "link", href=url, rel="alternate", type="text/html")
        SubElement(entry, "updated").text = _atom_time(str(row["first_suggested"]))
        if row.get("published"):
            SubElement(entry, "published").text = _atom_time(str(row["published"]))
        for name in json.loads(str(row.get("authors") or "[]")):
            SubElement(SubElement(entry, "author"), "name").text = str(name)
        for term in json.loads(str(row.get("categories") or "[]")):
            SubElement(entry, "category", term=str(term))
        why = str(row.get("why") or "")
        SubElement(entry, "summary").text = why or "new in your categories"
        content = SubElement(entry, "content", type="text")
        content.text = (f"Why: {why}\n\n" if why else "") + str(row.get("abstract") or "")
    indent(feed, space="  ")
    body: bytes = tostring(feed, encoding="utf-8")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def write_feed(path: Path, rows: Sequence[Mapping[str, object]]) -> None:
    """Write the feed to `path` whole or not at all."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(render_feed(rows))
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ReadlistError(f"{path}: cannot write the feed: {exc.strerror or exc}") from exc


def _atom_time(text: str) -> str:
    """RFC 3339 as Atom wants it: `2024-12-04T06:00:00+00:00` → `…Z` is fine either way."""
    return text.replace("+00:00", "Z")
