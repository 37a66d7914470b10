"""OpenMMLab model zoos (mmpretrain, mmaction2, mmocr, mmdetection3d, mmagic, mmrotate,
mmyolo …): each configs/<algorithm>/metafile.yml lists Collections with a Name and the
Paper's Title and URL; the README.md beside it links the paper (often its arXiv page) above
its first section."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml

from .records import Record, arxiv_url, clean_name, find_arxiv, find_doi, find_year, is_junk

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_file(
    path: str,
    text: str,
    options: Mapping[str, Any],
    read: Callable[[str], str | None] = lambda _path: None,
) -> Iterator[Record]:
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError:
        return
    collections = data.get("Collections") if isinstance(data, dict) else None
    if not isinstance(collections, list):
        return
    readme = read(posixpath.join(posixpath.dirname(path), "README.md")) or ""
    head = re.split(r"^##\s", readme, maxsplit=1, flags=re.MULTILINE)[0]
    for collection in collections:
        if not isinstance(collection, dict):
            continue
        name = clean_name(str(collection.get("Name") or ""))
        paper = collection.get("Paper")
        paper = paper if isinstance(paper, dict) else {}
        title = clean_name(str(paper.get("Title") or "")) or None
        link = str(paper.get("URL") or "")
        if not name or is_junk(name):
            continue
        arxiv = find_arxiv(link)
        # The README's paper link is this collection's only when the README names one paper.
        readme_ids = set(re.findall(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", head))
        if arxiv is None and len(readme_ids) == 1:
            arxiv = readme_ids.pop()
        doi = None if arxiv else find_doi(link)
        yield Record(
            name=name,
            kind=str(options.get("kind", "model")),
            path=path,
            title=title if title and title.casefold() != name.casefold() else None,
            arxiv=arxiv,
            doi=doi,
            year=find_year(str(paper.get("Year") or "")) if paper.get("Year") else None,
            url=arxiv_url(arxiv) if arxiv else (link if link.startswith("http") else None),
            tags=tuple(options.get("tags") or ()),
        )
