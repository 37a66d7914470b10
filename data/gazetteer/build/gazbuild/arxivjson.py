"""Per-paper arXiv metadata files (doosik71/arxivjsdata: <Topic>/<slug>.json with url, title,
year). Only the facts are taken (id, title, year); the folder names the topic."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from .records import Record, arxiv_url, clean_name, find_arxiv, is_junk, name_from_title, tags_for


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    try:
        data = json.loads(text)
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    arxiv = find_arxiv(str(data.get("url", "")))
    title = clean_name(str(data.get("title", "")))
    if not arxiv or not title or is_junk(title, is_title=True):
        return
    year = data.get("year")
    topic = path.split("/")[0].replace("_", " ")
    name = name_from_title(title)
    yield Record(
        name=name or title,
        kind=str(options.get("kind", "paper")),
        path=path,
        title=title,
        arxiv=arxiv,
        year=year if isinstance(year, int) else None,
        url=arxiv_url(arxiv),
        tags=tags_for(topic),
        named=name is not None,
    )
