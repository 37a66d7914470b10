"""Curated Markdown lists ("awesome" lists, paper lists): one record per list item, paragraph
or table row that names a paper (or, with `item_names`, a model, dataset or tool).

A record's title is, in order: a quoted title ("…"), a bold title (**…**), the text of the
link to the paper, or what the source's `title_pattern` captures. Its name is the short name
the list gives (`**DeiT**: "Training data-efficient …"`, a table's `name_column`), else the
coined name the title opens with ("DreamBooth: …"), else the title itself.

Options (sources.yaml `options:`): kind, tags, require_id, name_column, title_column,
title_pattern (a regex on the raw item or row, with groups `title` and/or `name`),
item_names (a list item names a thing by its leading text), skip_sections (heading regex),
kinds (heading regex → kind), years (false: take no year).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .records import (
    Headings,
    Record,
    arxiv_url,
    clean_name,
    find_arxiv,
    find_doi,
    find_year,
    is_junk,
    iter_links,
    merge_tags,
    name_from_title,
    strip_markdown,
    tags_for,
)

_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")  # any list item, nested or not, is a record
_QUOTED = re.compile(r"^(?:\*\*(?P<name>[^*]{1,60})\*\*\s*:\s*)?[\"“](?P<title>[^\"”]{8,300})[\"”]")
_BOLD = re.compile(r"^(?:\*\*|__)(?P<title>[^*_]{4,300}?)\.?(?:\*\*|__)(?!\s*:\s*[\"“])")
_NAME_COLON = re.compile(r"^\*\*(?P<name>[^*]{1,60})\*\*\s*:\s*(?P<rest>.+)")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
_LEAD_NAME = re.compile(r"^(?P<name>[^\[(（:–—|]{2,80}?)\s*(?:[\[(（:–—|]|$)")
_NON_PAPER_HOSTS = re.compile(r"github\.com|github\.io|youtube|twitter\.com|x\.com/|medium\.com")


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The records of one Markdown file."""
    headings = Headings()
    skip = _regex(options.get("skip_sections"))
    in_code = False
    header: list[str] = []
    block: list[str] = []

    def flush() -> Iterator[Record]:
        if block:
            section = headings.text
            if not (skip and skip.search(section)):
                yield from _records(path, "\n".join(block), section, options)
            block.clear()

    for line in text.splitlines():
        if _CODE_FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.lstrip().startswith("|"):
            yield from flush()
            cells = _cells(line)
            if _TABLE_RULE.match(line.strip()):
                continue
            if not header:
                header = [clean_name(c).casefold() for c in cells]
                continue
            section = headings.text
            if not (skip and skip.search(section)):
                yield from _row_records(path, header, cells, section, options)
            continue
        header = []
        if line.startswith("#"):
            yield from flush()  # the block belongs to the section above this heading
            if headings.see(line):
                continue
        if not line.strip():
            yield from flush()
        elif _ITEM.match(line):
            yield from flush()
            block.append(_ITEM.sub("", line, count=1))
        else:
            block.append(line.strip())
    yield from flush()


def _regex(pattern: object) -> re.Pattern[str] | None:
    return re.compile(str(pattern), re.IGNORECASE) if pattern else None


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def line_text(cells: list[str]) -> str:
    """A table row as written, for a source's title_pattern."""
    return "| " + " | ".join(cells) + " |"


def _kind(section: str, options: Mapping[str, Any]) -> str:
    for pattern, kind in (options.get("kinds") or {}).items():
        if re.search(pattern, section, re.IGNORECASE):
            return str(kind)
    return str(options.get("kind", "paper"))


def _paper_link(block: str) -> tuple[str, str] | None:
    """(text, url) of the first link that is not code, a video or a post."""
    for text, url in iter_links(block):
        if url.startswith("http") and not _NON_PAPER_HOSTS.search(url):
            return text, url
    return None


def _first_link(block: str) -> tuple[str, str] | None:
    return next(((t, u) for t, u in iter_links(block) if u.startswith("http")), None)


def _records(path: str, block: str, section: str, options: Mapping[str, Any]) -> Iterator[Record]:
    block = block.strip()
    arxiv = find_arxiv(block)
    doi = None if arxiv else find_doi(block)
    name: str | None = None
    title: str | None = None
    pattern = _regex(options.get("title_pattern"))
    plain = strip_markdown(block)
    if pattern and (match := pattern.search(block)):
        groups = match.groupdict()
        title = groups.get("title")
        name = groups.get("name")
    elif match := _QUOTED.match(block):
        title, name = match.group("title"), match.group("name")
    elif (match := _NAME_COLON.match(block)) and (arxiv or doi):
        name = match.group("name")
        link = _paper_link(match.group("rest"))
        title = link[0] if link else None
    elif match := _BOLD.match(block):
        title = match.group("title")
    elif options.get("item_names"):
        first = re.match(r"^\[(?P<text>[^\]]+)\]\(", block)
        lead = first.group("text") if first else None
        if lead is None and (m := _LEAD_NAME.match(plain)):
            lead = m.group("name")
        name = lead
    elif link := _paper_link(block):
        title = link[0]
    yield from _record(path, name, title, arxiv, doi, block, section, options)


def _row_records(
    path: str, header: list[str], cells: list[str], section: str, options: Mapping[str, Any]
) -> Iterator[Record]:
    row = dict(zip(header, cells, strict=False))
    joined = " | ".join(cells)
    name_col = options.get("name_column")
    title_col = options.get("title_column")
    name = row.get(str(name_col).casefold()) if name_col else None
    title = None
    if title_col and (cell := row.get(str(title_col).casefold())):
        link = _paper_link(cell)
        title = link[0] if link else cell
    pattern = _regex(options.get("title_pattern"))
    if pattern and (match := pattern.search(line_text(cells))):
        title = match.groupdict().get("title") or title
        name = match.groupdict().get("name") or name
    if name is None and title is None:
        return
    arxiv = find_arxiv(joined)
    doi = None if arxiv else find_doi(joined)
    if name and not (arxiv or doi) and (first := re.match(r"^\s*\[([^\]]+)\]\(([^)]+)\)", name)):
        # a name cell that links the thing's home ([KLUE](https://klue-benchmark.com/))
        yield from _record(
            path, first.group(1), title, None, None, first.group(0), section, options
        )
        return
    yield from _record(path, name, title, arxiv, doi, joined, section, options)


def _record(
    path: str,
    name: str | None,
    title: str | None,
    arxiv: str | None,
    doi: str | None,
    block: str,
    section: str,
    options: Mapping[str, Any],
) -> Iterator[Record]:
    if options.get("require_id") and not (arxiv or doi):
        return
    title = clean_name(title) if title else None
    if title and is_junk(title, is_title=True):
        title = None
    name = clean_name(name) if name else None
    if name and is_junk(name):
        name = None
    if name is None and title:
        name = name_from_title(title)
    named = name is not None
    if name is None:
        if title is None or not (arxiv or doi):
            return  # a bare title is worth an entry only with the paper's id
        name = title
    if named and title and title.casefold() == name.casefold():
        title = None
    # A thing named by a list item is at its first link (a GitHub repo, a home page); a paper
    # at the first link that is not code or a post.
    link = _first_link(block) if options.get("item_names") else _paper_link(block)
    url = arxiv_url(arxiv) if arxiv else f"https://doi.org/{doi}" if doi else None
    if url is None and link:
        url = link[1]
    plain = re.sub(r"\([^)]*\)|https?://\S+|\d{4}\.\d{4,5}", " ", block)
    yield Record(
        name=name,
        kind=_kind(section, options),
        path=path,
        title=title,
        arxiv=arxiv,
        doi=doi,
        year=find_year(strip_markdown(plain)) if options.get("years", True) else None,
        url=url,
        tags=merge_tags(options.get("tags") or (), tags_for(section)),
        named=named,
    )
