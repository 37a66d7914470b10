"""Semantic Scholar (and OpenAlex, when a key is set): papers that are not on arXiv.

Semantic Scholar allows about one request a second without a key, and its 429s
carry no Retry-After, so this client paces itself and backs off on its own.
OpenAlex now wants an API key; it is used only when OPENALEX_API_KEY is set.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from readlist.enrich.arxiv import best_title_match
from readlist.ids import normalise_arxiv_id, normalise_doi
from readlist.net import Fetcher, Pacer, fetch_paced

S2_FIELDS = "title,year,authors,externalIds,citationCount,venue,abstract,url"


@dataclass(frozen=True)
class ScholarPaper:
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    doi: str | None
    arxiv_id: str | None
    citation_count: int | None
    abstract: str | None
    url: str | None
    source: str  # "semantic scholar" | "openalex"


@dataclass
class PacedJson:
    """JSON requests at most one per `min_interval`, retried as every paced API is."""

    fetcher: Fetcher
    min_interval: float = 1.0
    headers: dict[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_made: int = 0
    service: str = "Semantic Scholar"

    def __post_init__(self) -> None:
        self._pacer = Pacer(self.min_interval, sleep=self.sleep, clock=self.clock)

    def request(self, url: str, body: Any = None) -> tuple[Any, str | None]:
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        result, made = fetch_paced(
            self.fetcher,
            self._pacer,
            url,
            self.service,
            method="POST" if data is not None else "GET",
            headers=headers,
            data=data,
        )
        self.requests_made += made
        if result.error or result.cut_by:
            return None, result.error or result.cut_by
        if result.status == 404:
            return None, "not found"
        if result.status != 200:
            return None, f"http {result.status}"
        try:
            return json.loads(result.body), None
        except (ValueError, UnicodeDecodeError):
            return None, "not JSON"


@dataclass
class SemanticScholar:
    http: PacedJson
    api_url: str

    def search_title(self, title: str) -> tuple[ScholarPaper | None, float, str | None]:
        url = f"{self.api_url}/paper/search?" + urlencode(
            {"query": title, "fields": S2_FIELDS, "limit": "5"}
        )
        data, error = self.http.request(url)
        if error:
            return None, 0.0, error
        candidates = [_s2_paper(p) for p in (data or {}).get("data") or [] if isinstance(p, dict)]
        return _best(title, [c for c in candidates if c is not None])

    def search_year(self, words: str, year: int) -> tuple[list[ScholarPaper], str | None]:
        """Papers matching `words` from `year` or the year before (a citation's paper)."""
        url = f"{self.api_url}/paper/search?" + urlencode(
            {"query": words, "year": f"{year - 1}-{year}", "fields": S2_FIELDS, "limit": "20"}
        )
        data, error = self.http.request(url)
        if error:
            return [], error
        found = [_s2_paper(p) for p in (data or {}).get("data") or [] if isinstance(p, dict)]
        return [p for p in found if p is not None], None

    def batch(self, ids: list[str]) -> tuple[dict[str, ScholarPaper], str | None]:
        """Look up `ARXIV:…` / `DOI:…` ids, 500 at a time (the batch endpoint's limit)."""
        found: dict[str, ScholarPaper] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            url = f"{self.api_url}/paper/batch?" + urlencode({"fields": S2_FIELDS})
            data, error = self.http.request(url, body={"ids": chunk})
            if error:
                return found, error
            for wanted, paper in zip(chunk, data or [], strict=False):
                parsed = _s2_paper(paper) if isinstance(paper, dict) else None
                if parsed is not None:
                    found[wanted] = parsed
        return found, None


def _s2_paper(data: dict[str, Any]) -> ScholarPaper | None:
    title = str(data.get("title") or "").strip()
    if not title:
        return None
    external = data.get("externalIds") or {}
    doi = normalise_doi(str(external["DOI"])) if external.get("DOI") else None
    arxiv_id = normalise_arxiv_id(str(external["ArXiv"])) if external.get("ArXiv") else None
    year = data.get("year")
    return ScholarPaper(
        title=" ".join(title.split()),
        authors=tuple(
            str(a.get("name"))
            for a in data.get("authors") or []
            if isinstance(a, dict) and a.get("name")
        ),
        year=year if isinstance(year, int) else None,
        venue=str(data.get("venue") or "") or None,
        doi=doi,
        arxiv_id=arxiv_id,
        citation_count=data.get("citationCount")
        if isinstance(data.get("citationCount"), int)
        else None,
        abstract=str(data.get("abstract") or "") or None,
        url=str(data.get("url") or "") or None,
        source="semantic scholar",
    )


@dataclass
class OpenAlex:
    http: PacedJson
    api_url: str
    api_key: str
    mailto: str | None = None

    def search_title(self, title: str) -> tuple[ScholarPaper | None, float, str | None]:
        params = {"search": title, "per-page": "5", "api_key": self.api_key}
        if self.mailto:
            params["mailto"] = self.mailto
        data, error = self.http.request(f"{self.api_url}/works?" + urlencode(params))
        if error:
            return None, 0.0, error
        candidates = [_openalex_work(w) for w in (data or {}).get("results") or []]
        return _best(title, [c for c in candidates if c is not None])

    def search_year(self, words: str, year: int) -> tuple[list[ScholarPaper], str | None]:
        """Works matching `words` from `year` or the year before (a citation's paper)."""
        params = {
            "search": words,
            "filter": f"publication_year:{year - 1}|{year}",
            "per-page": "20",
            "api_key": self.api_key,
        }
        if self.mailto:
            params["mailto"] = self.mailto
        data, error = self.http.request(f"{self.api_url}/works?" + urlencode(params))
        if error:
            return [], error
        found = [_openalex_work(w) for w in (data or {}).get("results") or []]
        return [w for w in found if w is not None], None


def _openalex_work(work: Any) -> ScholarPaper | None:
    if not isinstance(work, dict) or not work.get("title"):
        return None
    doi = normalise_doi(str(work["doi"])) if work.get("doi") else None
    venue = ((work.get("primary_location") or {}).get("source") or {}).get("display_name")
    return ScholarPaper(
        title=" ".join(str(work["title"]).split()),
        authors=tuple(
            str((a.get("author") or {}).get("display_name"))
            for a in work.get("authorships") or []
            if isinstance(a, dict) and (a.get("author") or {}).get("display_name")
        ),
        year=work.get("publication_year")
        if isinstance(work.get("publication_year"), int)
        else None,
        venue=str(venue) if venue else None,
        doi=doi,
        arxiv_id=None,
        citation_count=work.get("cited_by_count")
        if isinstance(work.get("cited_by_count"), int)
        else None,
        abstract=None,
        url=str(work.get("id") or "") or None,
        source="openalex",
    )


def _best(
    wanted: str, candidates: list[ScholarPaper]
) -> tuple[ScholarPaper | None, float, str | None]:
    match = best_title_match(wanted, candidates, _title_of)
    return match[0], match[1], None


def _title_of(paper: ScholarPaper) -> str:
    return paper.title
