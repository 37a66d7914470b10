"""Hugging Face transformers model docs (docs/source/en/model_doc/*.md): the heading names the
model ("Vision Transformer (ViT)"), the first paper link after it gives the arXiv id (as
huggingface.co/papers/<id> or arxiv.org) and, as "proposed in [Title](…)", the title; the
"released on YYYY-MM-DD" line gives the year."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .records import Record, arxiv_url, clean_name, find_arxiv, is_junk, iter_links

_H1 = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_RELEASED = re.compile(r"released on (\d{4})-\d\d-\d\d")
_ACRONYM = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()\s]{2,20})\)$")
_PAPER_LINK = re.compile(r"arxiv\.org/|huggingface\.co/papers/")


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    heading = _H1.search(text)
    if not heading:
        return
    name = heading_text = clean_name(heading.group(1))
    aliases: tuple[str, ...] = ()
    if match := _ACRONYM.match(name):  # "Vision Transformer (ViT)" is ViT
        name, aliases = match.group("short"), (match.group("long"),)
    if is_junk(name):
        return
    intro = text[heading.end() : heading.end() + 2500]
    arxiv = title = None
    for link_text, url in iter_links(intro):
        if _PAPER_LINK.search(url) and (found := find_arxiv(url)):
            arxiv = found
            candidate = clean_name(link_text)
            spellings = {heading_text.casefold(), name.casefold(), *(a.casefold() for a in aliases)}
            if candidate.casefold() not in spellings and len(candidate.split()) > 2:
                title = candidate  # "proposed in [Deep Residual Learning for …](…)"
            break
    released = _RELEASED.search(text)
    yield Record(
        name=name,
        kind=str(options.get("kind", "model")),
        path=path,
        title=title,
        arxiv=arxiv,
        year=int(released.group(1)) if released else None,
        url=arxiv_url(arxiv) if arxiv else None,
        tags=tuple(options.get("tags") or ()),
        aliases=aliases,
    )
