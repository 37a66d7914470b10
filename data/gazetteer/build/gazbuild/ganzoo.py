"""The GAN Zoo (hindupuravinash/the-gan-zoo, gans.tsv): one GAN variant per row, with its
abbreviation, paper title, arXiv link and year."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from .records import Record, arxiv_url, clean_name, find_arxiv, is_junk, name_from_title


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        name = clean_name(row.get("Abbr.") or "")
        title = clean_name(row.get("Title") or "")
        arxiv = find_arxiv(row.get("Arxiv") or "")
        if not title or is_junk(title, is_title=True):
            continue
        if not name or name == "-" or is_junk(name):
            name = name_from_title(title) or ""
        named = bool(name)
        year = (row.get("Year") or "").strip()
        yield Record(
            name=name if named else title,
            kind=str(options.get("kind", "model")),
            path=path,
            title=title,
            arxiv=arxiv,
            year=int(year) if year.isdigit() else None,
            url=arxiv_url(arxiv) if arxiv else None,
            tags=("gan", "generative"),
            named=named,
        )
