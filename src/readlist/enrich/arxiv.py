"""The arXiv API: batched `id_list` look-ups and title search, at arXiv's pace.

arXiv's terms: no more than one request every three seconds, one connection
(https://info.arxiv.org/help/api/tou.html). It throttles with 429, or with a 200
whose body is the plain text `Rate exceeded.`; errors come as a feed with one
entry titled `Error` whose id is under `/api/errors`. The Atom feed is parsed with
defusedxml, which refuses entity expansion (a "billion laughs" document).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from rapidfuzz import fuzz

from readlist.ids import normalise_arxiv_id
from readlist.net import Fetcher, FetchResult, Pacer, fetch_paced

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
BATCH_SIZE = 100  # the API's id_list limit per request, and what keeps URLs under 414
# The API user manual: results come "in slices of at most 2000 at a time" (max_results).
MAX_PAGE_SIZE = 2000
MIN_INTERVAL = 3.0
TITLE_MATCH_THRESHOLD = 90.0  # rapidfuzz token_set_ratio, 0-100
_THROTTLE_BACKOFF = (10.0, 30.0, 60.0)

T = TypeVar("T")


@dataclass(frozen=True)
class ArxivPaper:
    """One entry of an arXiv Atom feed."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: str | None
    updated: str | None
    year: int | None
    primary_category: str | None
    categories: tuple[str, ...]
    doi: str | None
    journal_ref: str | None
    comment: str | None
    pdf_url: str | None
    version: str | None = None


class FeedError(Exception):
    """The body is not a usable arXiv feed."""


@dataclass
class ArxivClient:
    """Paced access to the arXiv API. Sleep and clock are injectable for tests."""

    fetcher: Fetcher
    api_url: str
    min_interval: float = MIN_INTERVAL
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_made: int = 0

    def __post_init__(self) -> None:
        self._pacer = Pacer(self.min_interval, sleep=self.sleep, clock=self.clock)

    def _get(self, params: dict[str, str]) -> FetchResult:
        """One API request at arXiv's pace; throttling (429 or a 200 saying `Rate
        exceeded.`), 5xx and dropped connections retried, each retry paced too."""
        url = f"{self.api_url}?{urlencode(params)}"
        result, made = fetch_paced(
            self.fetcher,
            self._pacer,
            url,
            "arXiv",
            backoff=_THROTTLE_BACKOFF,
            throttled=_rate_exceeded,
            max_bytes=20 * 1024 * 1024,
        )
        self.requests_made += made
        return result

    def fetch_ids(self, ids: Iterable[str]) -> tuple[dict[str, ArxivPaper], dict[str, str]]:
        """Look up ids in batches. Returns (papers by id, failure reason by id).

        An id absent from a successful answer is "not found".
        """
        wanted = list(dict.fromkeys(ids))
        papers: dict[str, ArxivPaper] = {}
        failures: dict[str, str] = {}
        for start in range(0, len(wanted), BATCH_SIZE):
            batch = wanted[start : start + BATCH_SIZE]
            result = self._get(
                {"id_list": ",".join(batch), "max_results": str(len(batch)), "start": "0"}
            )
            reason = _failure(result)
            if reason is None:
                try:
                    found = {p.arxiv_id: p for p in parse_feed(result.body)}
                except FeedError as exc:
                    reason = str(exc)
            if reason is not None:
                # The API failed, not the paper: say which endpoint (a mirror, a typo).
                where = urlsplit(self.api_url).hostname or self.api_url
                failures.update(dict.fromkeys(batch, f"arXiv API at {where}: {reason}"))
                continue
            for arxiv_id in batch:
                if arxiv_id in found:
                    papers[arxiv_id] = found[arxiv_id]
                else:
                    failures[arxiv_id] = "not found"
        return papers, failures

    def search_page(
        self, query: str, start: int, page_size: int, sort_by: str = "submittedDate"
    ) -> tuple[list[ArxivPaper], int | None, str | None]:
        """One page of a `search_query`, newest first by `sort_by`. Returns (papers,
        totalResults, failure reason); the reason names the endpoint as fetch_ids does."""
        if not 0 < page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page size {page_size} outside 1..{MAX_PAGE_SIZE}")
        result = self._get(
            {
                "search_query": query,
                "sortBy": sort_by,
                "sortOrder": "descending",
                "start": str(start),
                "max_results": str(page_size),
            }
        )
        reason = _failure(result)
        if reason is None:
            try:
                return parse_feed(result.body), parse_total(result.body), None
            except FeedError as exc:
                reason = str(exc)
        where = urlsplit(self.api_url).hostname or self.api_url
        return [], None, f"arXiv API at {where}: {reason}"

    def search_title(self, title: str) -> tuple[ArxivPaper | None, float, str | None]:
        """The best title match and its score (0-100), or None below the threshold.

        Returns (paper, score, failure reason).
        """
        words = re.findall(r"[\w-]+", title)
        if not words:
            return None, 0.0, "no title to search"
        query = 'ti:"' + " ".join(words) + '"'
        result = self._get({"search_query": query, "max_results": "5", "start": "0"})
        reason = _failure(result)
        if reason is not None:
            return None, 0.0, reason
        try:
            candidates = parse_feed(result.body)
        except FeedError as exc:
            return None, 0.0, str(exc)
        match = best_title_match(title, candidates, _title_of)
        return match[0], match[1], None


def best_title_match(
    wanted: str, candidates: Iterable[T], title_of: Callable[[T], str]
) -> tuple[T | None, float]:
    """The candidate whose title is closest to `wanted`, and its score; None below the
    threshold (a near miss is left unresolved rather than guessed)."""
    best, best_score = None, 0.0
    for candidate in candidates:
        score = title_score(wanted, title_of(candidate))
        if score > best_score:
            best, best_score = candidate, score
    if best_score < TITLE_MATCH_THRESHOLD:
        return None, best_score
    return best, best_score


def _title_of(paper: ArxivPaper) -> str:
    return paper.title


def title_score(wanted: str, found: str) -> float:
    """How well a found title matches the name or title in the notes (0-100)."""
    a, b = _title_key(wanted), _title_key(found)
    if not a or not b:
        return 0.0
    # "Pay Attention to MLPs" vs "Pay Attention to MLPs": ratio; a name that is the
    # title's prefix ("MLP-Mixer" vs "MLP-Mixer: An all-MLP Architecture") also counts.
    prefix = b.split(":")[0].strip()
    return max(fuzz.ratio(a, b), fuzz.ratio(a, prefix) if prefix != b else 0.0)


def _title_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w:\s]", " ", text.lower())).strip()


def _rate_exceeded(result: FetchResult) -> bool:
    return result.status == 200 and result.body.strip()[:20].lower() == b"rate exceeded."


def _failure(result: FetchResult) -> str | None:
    if result.error:
        return result.error
    if result.cut_by:
        return result.cut_by
    if result.status != 200:
        return f"http {result.status}"
    return None


def parse_feed(body: bytes) -> list[ArxivPaper]:
    """Atom → papers. Raises FeedError for an error feed, entities, or broken XML."""
    try:
        root = fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FeedError("refused an XML document with entities or a DTD") from exc
    except ParseError as exc:
        raise FeedError(f"not an Atom feed ({exc})") from exc
    if root.tag != f"{ATOM}feed":
        raise FeedError("not an Atom feed")
    papers: list[ArxivPaper] = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id") or ""
        if "/api/errors" in entry_id or _text(entry, f"{ATOM}title") == "Error":
            summary = _text(entry, f"{ATOM}summary") or "error"
            raise FeedError(f"arXiv API error: {summary}")
        paper = _paper(entry, entry_id)
        if paper is not None:
            papers.append(paper)
    return papers


def parse_total(body: bytes) -> int | None:
    """The feed's `opensearch:totalResults`: how many papers the query matches."""
    try:
        root = fromstring(body, forbid_dtd=True)
    except (DefusedXmlException, ParseError):
        return None
    text = _text(root, f"{OPENSEARCH}totalResults")
    return int(text) if text and text.isdigit() else None


def _paper(entry: Element, entry_id: str) -> ArxivPaper | None:
    match = re.search(r"arxiv\.org/abs/(.+?)(v\d+)?$", entry_id)
    if not match:
        return None
    arxiv_id = normalise_arxiv_id(match.group(1))
    if arxiv_id is None:
        return None
    published = _text(entry, f"{ATOM}published")
    primary = entry.find(f"{ARXIV}primary_category")
    pdf = next(
        (
            link.get("href")
            for link in entry.findall(f"{ATOM}link")
            if link.get("title") == "pdf" or link.get("type") == "application/pdf"
        ),
        None,
    )
    return ArxivPaper(
        arxiv_id=arxiv_id,
        title=_collapse(_text(entry, f"{ATOM}title") or ""),
        authors=tuple(
            _collapse(name.text or "")
            for name in entry.findall(f"{ATOM}author/{ATOM}name")
            if name.text
        ),
        abstract=_collapse(_text(entry, f"{ATOM}summary") or ""),
        published=published,
        updated=_text(entry, f"{ATOM}updated"),
        year=int(published[:4]) if published and published[:4].isdigit() else None,
        primary_category=primary.get("term") if primary is not None else None,
        categories=tuple(
            c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")
        ),
        doi=_text(entry, f"{ARXIV}doi"),
        journal_ref=_collapse(_text(entry, f"{ARXIV}journal_ref") or "") or None,
        comment=_collapse(_text(entry, f"{ARXIV}comment") or "") or None,
        pdf_url=pdf,
        version=match.group(2)[1:] if match.group(2) else None,
    )


def _text(element: Element, path: str) -> str | None:
    found = element.find(path)
    return found.text.strip() if found is not None and found.text else None


def _collapse(text: str) -> str:
    return " ".join(text.split())
