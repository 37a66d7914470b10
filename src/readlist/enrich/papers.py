"""Papers on paper hosts, from each host's own metadata (issue #14).

- ACL Anthology: the paper's BibTeX (`https://aclanthology.org/P19-1066.bib`).
- OpenReview: its API (`/notes?id=…`; API 2 first, then API 1 for older venues).
- Every other paper host (NeurIPS, PMLR, CVF, JMLR, AAAI, IJCAI, IEEE Xplore, Papers with
  Code): the abstract page's citation meta tags (`citation_title`, `citation_author`,
  `citation_publication_date`, `citation_doi`, `citation_arxiv_id`, …), the Highwire
  Press tags that Google Scholar indexes, with the page's own title as a last resort.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from selectolax.lexbor import LexborHTMLParser

from readlist.enrich.pages import decode_html, html_title
from readlist.ids import normalise_arxiv_id, normalise_doi
from readlist.net import Fetcher, FetchResult

PAGE_BYTES = 1024 * 1024
_ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")


@dataclass(frozen=True)
class PaperInfo:
    """What a paper host says of one paper; `error` when it said nothing usable."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    abstract: str | None = None
    pdf_url: str | None = None
    source: str = "landing page"
    status: int | None = None
    error: str | None = None


def fetch_paper(
    fetcher: Fetcher, key: str, url: str, openreview_apis: tuple[str, ...]
) -> PaperInfo:
    """The metadata of the paper `key` (whose abstract page is `url`) from its host."""
    prefix, _, value = key.partition(":")
    if prefix == "acl":
        result = fetcher.fetch(url.rstrip("/") + ".bib", max_bytes=256 * 1024)
        failure = _failure(result)
        if failure:
            return failure
        return parse_bibtex(result.body.decode("utf-8", errors="replace"), status=result.status)
    if prefix == "openreview":
        for api in openreview_apis:
            result = fetcher.fetch(f"{api}/notes?{urlencode({'id': value})}", max_bytes=512 * 1024)
            failure = _failure(result)
            if failure and failure.error != "gone":
                return failure
            if failure is None:
                info = parse_openreview(result.body)
                if info.error != "not found":
                    return info
        return PaperInfo(error="not found", source="OpenReview API")
    result = fetcher.fetch(url, headers={"Accept": "text/html"}, max_bytes=PAGE_BYTES)
    failure = _failure(result)
    if failure:
        return failure
    return parse_citation_meta(
        decode_html(result.body, result.headers.get("content-type")), status=result.status
    )


def _failure(result: FetchResult) -> PaperInfo | None:
    if result.error or result.cut_by:
        return PaperInfo(error=result.error or result.cut_by, status=result.status)
    if result.status in (404, 410):
        return PaperInfo(error="gone", status=result.status)
    if result.status is None or not 200 <= result.status < 300:
        return PaperInfo(error=f"http {result.status}", status=result.status)
    return None


# -- the abstract page's citation meta tags ------------------------------------------------


def parse_citation_meta(html: str, status: int | None = None) -> PaperInfo:
    """Highwire Press `citation_*` meta tags; the page title when there are none."""
    tree = LexborHTMLParser(html)
    tags: dict[str, list[str]] = {}
    for node in tree.css("meta[name]"):
        name = (node.attributes.get("name") or "").strip().lower()
        content = node.attributes.get("content")
        if name.startswith(("citation_", "dc.")) and content and content.strip():
            tags.setdefault(name, []).append(" ".join(content.split()))
    title = _first(tags, "citation_title", "dc.title")
    if title is None:
        page_title, description = html_title(html)
        if page_title is None:
            return PaperInfo(error="no title on the page", status=status)
        arxiv_link = _arxiv_link(html)
        return PaperInfo(
            title=page_title,
            abstract=description,
            arxiv_id=normalise_arxiv_id(arxiv_link) if arxiv_link else None,
            status=status,
        )
    authors = tags.get("citation_author") or tags.get("dc.creator") or []
    if len(authors) == 1 and ";" in authors[0]:
        authors = [a.strip() for a in authors[0].split(";") if a.strip()]
    date = _first(tags, "citation_publication_date", "citation_date", "citation_year", "dc.date")
    arxiv = _first(tags, "citation_arxiv_id") or _arxiv_link(html)
    doi = _first(tags, "citation_doi", "dc.identifier")
    return PaperInfo(
        title=title,
        authors=tuple(_author_name(a) for a in authors),
        year=_year(date),
        venue=_first(
            tags, "citation_conference_title", "citation_journal_title", "citation_publisher"
        ),
        doi=normalise_doi(doi) if doi else None,
        arxiv_id=normalise_arxiv_id(arxiv) if arxiv else None,
        abstract=_first(tags, "citation_abstract", "dc.description"),
        pdf_url=_first(tags, "citation_pdf_url"),
        status=status,
    )


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if tags.get(name):
            return tags[name][0]
    return None


def _arxiv_link(html: str) -> str | None:
    """The arXiv id a page links to, when it links to exactly one (Papers with Code)."""
    found = set(_ARXIV_LINK.findall(html))
    return found.pop() if len(found) == 1 else None


def _author_name(name: str) -> str:
    """ "He, Kaiming" → "Kaiming He"; names already in order stay."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if comma and given.strip() else name.strip()


def _year(date: str | None) -> int | None:
    match = re.search(r"\b(19|20)\d{2}\b", date or "")
    return int(match.group()) if match else None


# -- ACL Anthology's BibTeX ----------------------------------------------------------------

_BIB_FIELD = re.compile(r"(?P<name>[A-Za-z_-]+)\s*=\s*", re.ASCII)


def parse_bibtex(text: str, status: int | None = None) -> PaperInfo:
    """The first entry of a BibTeX file: `title = {…}`, `author = "…"`, `year = 2019`."""
    fields = bibtex_fields(text)
    title = fields.get("title")
    if not title:
        return PaperInfo(error="no BibTeX entry", source="ACL Anthology BibTeX", status=status)
    authors = [a.strip() for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip()]
    year = fields.get("year", "")
    return PaperInfo(
        title=title,
        authors=tuple(_author_name(a) for a in authors),
        year=int(year) if year.isdigit() else None,
        venue=fields.get("booktitle") or fields.get("journal"),
        doi=normalise_doi(fields["doi"]) if fields.get("doi") else None,
        abstract=fields.get("abstract"),
        source="ACL Anthology BibTeX",
        status=status,
    )


def bibtex_fields(text: str) -> dict[str, str]:
    """The fields of the first BibTeX entry, braces and TeX accents of the values removed."""
    start = text.find("@")
    body_start = text.find("{", start) if start >= 0 else -1
    if body_start < 0:
        return {}
    fields: dict[str, str] = {}
    position = text.find(",", body_start)  # after the citation key
    while 0 <= position < len(text):
        match = _BIB_FIELD.search(text, position)
        if match is None:
            break
        value, position = _bib_value(text, match.end())
        fields.setdefault(match.group("name").lower(), _bib_text(value))
        comma = text.find(",", position)
        if comma < 0:
            break
        position = comma + 1
    return fields


def _bib_value(text: str, start: int) -> tuple[str, int]:
    """A value in braces (nested), in quotes, or bare; and where it ends."""
    if start >= len(text):
        return "", start
    opener = text[start]
    if opener in '{"':
        depth, index = 0, start
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if opener == "{":
                depth += char == "{"
                depth -= char == "}"
                if depth == 0:
                    return text[start + 1 : index], index + 1
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and index > start and depth == 0:
                return text[start + 1 : index], index + 1
            index += 1
        return text[start + 1 :], len(text)
    match = re.match(r"[^,}\s]*", text[start:])
    bare = match.group() if match else ""
    return bare, start + len(bare)


_TEX_ACCENT = re.compile(r"\\[`'^\"~=.uvHckbdrt]\s*\{?([A-Za-z])\}?")
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303"}


def _bib_text(value: str) -> str:
    def accent(match: re.Match[str]) -> str:
        mark = _ACCENTS.get(match.group(0)[1], "")
        return unicodedata.normalize("NFC", match.group(1) + mark)

    text = _TEX_ACCENT.sub(accent, value)
    text = text.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "–")
    return " ".join(text.split())


# -- OpenReview's API ------------------------------------------------------------------------


def parse_openreview(body: bytes) -> PaperInfo:
    """A note from `/notes?id=`: API 2 writes `{"title": {"value": …}}`, API 1 the value."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return PaperInfo(error="not JSON", source="OpenReview API")
    notes = data.get("notes") if isinstance(data, dict) else None
    if not notes or not isinstance(notes[0], dict):
        return PaperInfo(error="not found", source="OpenReview API")
    note = notes[0]
    content = note.get("content") or {}

    def value(name: str) -> Any:
        field = content.get(name)
        return field.get("value") if isinstance(field, dict) else field

    title = value("title")
    if not isinstance(title, str) or not title.strip():
        return PaperInfo(error="not found", source="OpenReview API")
    authors = value("authors") or []
    stamp = note.get("pdate") or note.get("odate") or note.get("cdate")
    year = None
    if isinstance(stamp, int) and stamp > 0:
        year = datetime.fromtimestamp(stamp / 1000, tz=UTC).year
    venue, abstract, pdf = value("venue"), value("abstract"), value("pdf")
    return PaperInfo(
        title=" ".join(title.split()),
        authors=tuple(str(a) for a in authors if isinstance(a, str)),
        year=year,
        venue=venue if isinstance(venue, str) else None,
        abstract=" ".join(abstract.split()) if isinstance(abstract, str) else None,
        pdf_url=f"https://openreview.net{pdf}"
        if isinstance(pdf, str) and pdf.startswith("/")
        else None,
        source="OpenReview API",
    )
