"""timm's model docs (hfdocs/source/models/*.mdx): the page heading names the model family;
the model-index comment at the end gives the collection name and paper title; the BibTeX
citation gives the arXiv id (eprint, url or volume abs/…) and year."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .records import Record, arxiv_url, clean_name, find_arxiv, find_doi, is_junk

_H1 = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_BIB_FIELD = r"^\s*{field}\s*=\s*[{{\"](.+?)[}}\"],?\s*$"


def _bib(text: str, field: str) -> str | None:
    match = re.search(_BIB_FIELD.format(field=field), text, re.MULTILINE | re.IGNORECASE)
    return match.group(1) if match else None


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    heading = _H1.search(text)
    if not heading:
        return
    name = clean_name(re.sub(r"^\(Legacy\)\s*|^\(Tensorflow\)\s*", "", heading.group(1)))
    if is_junk(name):
        return
    bibtex = text.split("```BibTeX", 1)[1].split("```", 1)[0] if "```BibTeX" in text else ""
    arxiv = find_arxiv(bibtex)
    if arxiv is None and (volume := _bib(bibtex, "volume")):
        match = re.fullmatch(r"abs/(\d{4}\.\d{4,5})", volume.strip())
        arxiv = match.group(1) if match else None
    doi = None if arxiv else find_doi(bibtex)
    title = _bib(bibtex, "title")
    index = re.search(r"Paper:\s*\n\s*Title:\s*(.+)", text)
    if index:
        title = index.group(1)
    title = clean_name(re.sub(r"[{}]", "", title)) if title else None
    year = _bib(bibtex, "year")
    aliases = tuple(
        alias
        for alias in dict.fromkeys(re.findall(r"^Collections:\s*\n- Name:\s*(.+)$", text, re.M))
        if clean_name(alias) and clean_name(alias).casefold() != name.casefold()
    )
    yield Record(
        name=name,
        kind=str(options.get("kind", "model")),
        path=path,
        title=title if title and title.casefold() != name.casefold() else None,
        arxiv=arxiv,
        doi=doi,
        year=int(year) if year and year.strip().isdigit() else None,
        url=arxiv_url(arxiv) if arxiv else (f"https://doi.org/{doi}" if doi else None),
        tags=("vision",),
        aliases=tuple(clean_name(a) for a in aliases),
    )
