"""EleutherAI lm-evaluation-harness task READMEs (lm_eval/tasks/<task>/README.md): the
heading names the benchmark, "Title:" its paper, the abstract link its arXiv id, "Homepage:"
its site, the BibTeX its year."""

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
    find_year,
    fold,
    is_junk,
)

_H1 = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_TITLE = re.compile(r"^Title:\s*`?(.+?)`?\s*$", re.MULTILINE)
_HOMEPAGE = re.compile(r"^Homepage:\s*`?<?(https?://[^\s`>]+)", re.MULTILINE)
_BIB_YEAR = re.compile(r"year\s*=\s*[{\"]?(\d{4})")


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    heading = _H1.search(text)
    if not heading:
        return
    name = clean_name(heading.group(1))
    # the task template's placeholders ("# Task-name") name nothing
    if is_junk(name) or fold(name) in {"taskname", "title", "paper", "benchmark"}:
        return
    paper = text.split("### Citation", 1)[0]
    arxiv = find_arxiv(paper)
    doi = None if arxiv else find_doi(paper)
    title_match = _TITLE.search(text)
    title = clean_name(title_match.group(1)) if title_match else None
    if title and (is_junk(title, is_title=True) or title.casefold() == name.casefold()):
        title = None
    homepage = _HOMEPAGE.search(text)
    year_match = _BIB_YEAR.search(text)
    yield Record(
        name=name,
        kind=str(options.get("kind", "dataset")),
        path=path,
        title=title,
        arxiv=arxiv,
        doi=doi,
        year=int(year_match.group(1)) if year_match else find_year(title or ""),
        url=arxiv_url(arxiv) if arxiv else (homepage.group(1) if homepage else None),
        tags=("benchmark",),
    )
