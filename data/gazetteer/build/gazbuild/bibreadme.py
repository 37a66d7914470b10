"""One README per paper (naganandy/graph-based-deep-learning-literature:
conference-publications/folders/years/<year>/<venue>/<slug>/README.md): a heading with the
title, a BibTeX block (year, doi) and a list of links (arXiv, ACM, doi.org …)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .records import (
    Record,
    arxiv_url,
    clean_name,
    find_arxiv,
    find_doi,
    is_junk,
    name_from_title,
    tags_for,
)

_H1 = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_BIB_YEAR = re.compile(r"\byear\s*=\s*[{\"]?(\d{4})")


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    heading = _H1.search(text)
    if not heading:
        return
    title = clean_name(re.sub(r"[{}]", "", heading.group(1)))
    arxiv = find_arxiv(text)
    doi = None if arxiv else find_doi(text)
    if not (arxiv or doi) or is_junk(title, is_title=True):
        return  # a bare title is worth an entry only with the paper's id
    year = _BIB_YEAR.search(text)
    name = name_from_title(title)
    yield Record(
        name=name or title,
        kind=str(options.get("kind", "paper")),
        path=path,
        title=title,
        arxiv=arxiv,
        doi=doi,
        year=int(year.group(1)) if year else None,
        url=arxiv_url(arxiv) if arxiv else f"https://doi.org/{doi}",
        tags=tuple(options.get("tags") or ()) or tags_for(title),
        named=name is not None,
    )
