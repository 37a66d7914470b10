"""Web pages: a title and description for every link that is not a paper id.

Title from `og:title`, `twitter:title` or `<title>` (entities decoded, whitespace
collapsed, length capped); the charset from the header or `<meta>` (EUC-KR pages
exist); PDFs read in part for their document title, else named after the file;
YouTube through oEmbed. selectolax (the Lexbor engine) parses HTML: fast, and
forgiving of the broken markup real pages have.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlencode, urlsplit

from selectolax.lexbor import LexborHTMLParser

from readlist.net import Fetcher, FetchResult

MAX_TITLE = 300
MAX_DESCRIPTION = 1000
PAGE_BYTES = 1024 * 1024  # a title lives in the first part of a page
PDF_BYTES = 256 * 1024

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_PDF_TITLE = re.compile(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)")


@dataclass(frozen=True)
class PageInfo:
    """What a page fetch found; `status` is set whenever the server answered."""

    url: str
    final_url: str | None
    status: int | None
    content_type: str | None
    title: str | None
    description: str | None
    etag: str | None
    last_modified: str | None
    error: str | None  # failure reason; "gone" for 404/410
    not_modified: bool = False


def fetch_page(
    fetcher: Fetcher, url: str, etag: str | None = None, last_modified: str | None = None
) -> PageInfo:
    """Fetch `url` and read its title. Conditional when an ETag/Last-Modified is known."""
    headers: dict[str, str] = {
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5"
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    is_pdf = urlsplit(url).path.lower().endswith(".pdf")
    if is_pdf:
        headers["Range"] = f"bytes=0-{PDF_BYTES - 1}"
    result = fetcher.fetch(url, headers=headers, max_bytes=PDF_BYTES if is_pdf else PAGE_BYTES)
    return read_page(result)


def read_page(result: FetchResult) -> PageInfo:
    """Turn a fetch result into page facts (pure)."""
    content_type = result.headers.get("content-type")
    base = PageInfo(
        url=result.url,
        final_url=result.final_url,
        status=result.status,
        content_type=content_type,
        title=None,
        description=None,
        etag=result.headers.get("etag"),
        last_modified=result.headers.get("last-modified"),
        error=result.error,
    )
    if result.error:
        return base
    if result.status == 304:
        return replace(base, not_modified=True)
    if result.status in (404, 410):
        return replace(base, error="gone")
    if result.status is None or not (200 <= result.status < 300):
        return replace(base, error=f"http {result.status}")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "application/pdf" or result.body.startswith(b"%PDF-"):
        title = pdf_title(result.body)
        if title is None and result.cut_by:
            return replace(base, error=result.cut_by)  # cut before the title came
        return replace(base, title=title or _file_name(result.final_url))
    if mime and "html" not in mime and "xml" not in mime and not mime.startswith("text/"):
        return replace(base, title=_file_name(result.final_url))
    text = decode_html(result.body, content_type)
    title, description = html_title(text)
    if title is None and result.cut_by:
        return replace(base, error=result.cut_by)  # cut before the title came
    return replace(base, title=title, description=description)


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode with the charset from the header, else `<meta>`, else UTF-8, else CP949."""
    declared = None
    if content_type and "charset=" in content_type.lower():
        declared = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    if not declared:
        match = _META_CHARSET.search(body[:8192])
        if match:
            declared = match.group(1).decode("ascii", "ignore").lower()
    for encoding in (declared, "utf-8", "cp949"):
        if not encoding:
            continue
        try:
            codecs.lookup(encoding)
            if encoding in ("euc-kr", "euckr", "ks_c_5601-1987"):
                encoding = "cp949"  # the superset that real "EUC-KR" pages are written in
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def html_title(text: str) -> tuple[str | None, str | None]:
    """(title, description) of an HTML document: Open Graph, Twitter card, then <title>."""
    tree = LexborHTMLParser(text)
    title = None
    for selector in ('meta[property="og:title"]', 'meta[name="twitter:title"]'):
        node = tree.css_first(selector)
        if node is not None and node.attributes.get("content"):
            title = node.attributes.get("content")
            break
    if not title:
        node = tree.css_first("title")
        if node is not None:
            title = node.text(deep=True)
    description = None
    for selector in (
        'meta[property="og:description"]',
        'meta[name="description"]',
        'meta[name="twitter:description"]',
    ):
        node = tree.css_first(selector)
        if node is not None and node.attributes.get("content"):
            description = node.attributes.get("content")
            break
    return _clean(title, MAX_TITLE), _clean(description, MAX_DESCRIPTION)


def pdf_title(head: bytes) -> str | None:
    """The /Title of a PDF's Info dictionary, when it is in the bytes we read."""
    match = _PDF_TITLE.search(head)
    if not match:
        return None
    raw = match.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(re.sub(rb"\s", b"", raw[1:-1]).decode("ascii"))
    else:
        data = re.sub(rb"\\([()\\])", rb"\1", raw[1:-1])
    if data.startswith(codecs.BOM_UTF16_BE):
        text = data[2:].decode("utf-16-be", errors="replace")
    else:
        text = data.decode("latin-1")
    return _clean(text, MAX_TITLE)


def _file_name(url: str | None) -> str | None:
    if not url:
        return None
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return name or None


def _clean(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def oembed_url(api_url: str, video_url: str) -> str:
    return f"{api_url}?{urlencode({'url': video_url, 'format': 'json'})}"
