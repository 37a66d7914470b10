"""Enrich: pick the rows still missing metadata, fetch it, write each result as it arrives.

Four stages, each optional (`only`): `arxiv` (batched id look-ups), `names`
(papers named without an id: arXiv title search, then Semantic Scholar or
OpenAlex; DOIs and Semantic Scholar ids through Semantic Scholar's batch look-up),
`papers` (papers on paper hosts, from the host's own metadata: enrich/papers.py) and
`pages` (titles of everything else). Which stage fills which key is schemes.py's table;
a resource no stage can fill is marked `no_source`, never silently left.
A failure is stored on its row (enrich_status, enrich_error) and tried again next
run; metadata fetched earlier is never overwritten by a failure.

Every fetch ends within its deadline (net.Fetcher). A run stops taking new work when
`max_time` has passed, or at Ctrl-C / SIGTERM (KeyboardInterrupt): what was fetched is
kept, each row is written whole or not at all, and what is left stays pending for the
next run.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
from sqlite_utils import Database

from readlist import config, db
from readlist.citations import parse_citation_name
from readlist.enrich import citations
from readlist.enrich.arxiv import ArxivClient, ArxivPaper
from readlist.enrich.pages import PageInfo, fetch_page, oembed_url
from readlist.enrich.papers import PaperInfo, fetch_paper
from readlist.enrich.scholar import OpenAlex, PacedJson, ScholarPaper, SemanticScholar
from readlist.net import DEFAULT_DEADLINE, Fetcher, Guard, HostHealth
from readlist.pool import fetch_in_pool
from readlist.schemes import landing_url

STAGES = ("arxiv", "names", "papers", "pages")

Progress = Callable[[str, int], None]
T = TypeVar("T")


@dataclass
class Services:
    """The clients enrich talks to; tests hand in ones pointed at a local server."""

    arxiv: ArxivClient
    pages: Fetcher
    scholar: SemanticScholar | None = None
    openalex: OpenAlex | None = None
    oembed_api: str = "https://www.youtube.com/oembed"
    openreview_apis: tuple[str, ...] = config.DEFAULT_OPENREVIEW_APIS

    def abort(self) -> None:
        """End every fetch in flight, on every client (an interrupted run)."""
        self.pages.abort()
        self.arxiv.fetcher.abort()
        for api in (self.scholar, self.openalex):
            if api is not None:
                api.http.fetcher.abort()


@dataclass(frozen=True)
class EnrichOptions:
    only: frozenset[str] = frozenset(STAGES)
    limit: int | None = None
    refresh: bool = False
    offline: bool = False
    concurrency: int = 8
    per_host: int = 2
    max_time: float | None = None  # seconds; then no new work is started


@dataclass
class EnrichSummary:
    filled: int = 0
    unchanged: int = 0
    not_found: int = 0
    unresolved: int = 0
    pending: int = 0
    # (what failed: its URL, arXiv id or name; why), in the order they failed
    failed_rows: list[tuple[str, str]] = field(default_factory=list)
    no_source: int = 0  # resources no stage can fill (a dataset named without a link)
    out_of_time: bool = False  # max_time passed before every row was tried
    interrupted: bool = False  # Ctrl-C or SIGTERM

    @property
    def left(self) -> int:
        """Rows not tried this run: they stay pending for the next one."""
        done = self.filled + self.unchanged + self.not_found + self.unresolved + self.failed
        return max(0, self.pending - done)

    @property
    def failures(self) -> Counter[str]:
        """How many resources failed for each reason."""
        return Counter(reason for _, reason in self.failed_rows)

    @property
    def failed(self) -> int:
        return len(self.failed_rows)

    def fail(self, row: db.PendingRow, reason: str) -> None:
        what = row.url or (f"arXiv:{row.arxiv_id}" if row.arxiv_id else row.name)
        self.failed_rows.append((what, reason))


def enrich(
    database: Database,
    services: Services | None,
    options: EnrichOptions = EnrichOptions(),
    progress: Progress | None = None,
) -> EnrichSummary:
    """Fill what is missing; with `offline`, only count what would be fetched."""
    summary = EnrichSummary()
    work = {
        stage: db.pending(database, stage, options.refresh)
        for stage in STAGES
        if stage in options.only
    }
    if options.limit is not None:
        remaining = options.limit
        for stage in STAGES:
            if stage in work:
                work[stage] = work[stage][: max(0, remaining)]
                remaining -= len(work[stage])
    summary.pending = sum(len(rows) for rows in work.values())
    if progress:
        progress("total", summary.pending)
    if options.offline or services is None:
        return summary
    budget = _Budget(options.max_time, summary)
    try:
        if "arxiv" in work:
            _arxiv_stage(database, services, work["arxiv"], summary, budget, progress)
        if "names" in work:
            _names_stage(database, services, work["names"], summary, budget, progress)
        if "papers" in work:
            _papers_stage(database, services, work["papers"], options, summary, budget, progress)
        if "pages" in work:
            _pages_stage(database, services, work["pages"], options, summary, budget, progress)
        if options.only == frozenset(STAGES) and options.limit is None and not budget.spent():
            summary.no_source = db.mark_without_source(database, options.refresh)
    except KeyboardInterrupt:
        # Rows are written one transaction each: the one in hand rolled back whole.
        summary.interrupted = True
        services.abort()
    return summary


@dataclass
class _Budget:
    """The run's wall-clock budget (`--max-time`): no new work once it is spent."""

    max_time: float | None
    summary: EnrichSummary
    clock: Callable[[], float] = time.monotonic
    started: float = field(default_factory=time.monotonic)

    def spent(self) -> bool:
        if self.max_time is not None and self.clock() - self.started >= self.max_time:
            self.summary.out_of_time = True
        return self.summary.out_of_time


def _arxiv_stage(
    database: Database,
    services: Services,
    rows: list[db.PendingRow],
    summary: EnrichSummary,
    budget: _Budget,
    progress: Progress | None,
) -> None:
    by_id = {row.arxiv_id: row for row in rows if row.arxiv_id}
    for start in range(0, len(by_id), 100):
        if budget.spent():
            return
        chunk = list(by_id)[start : start + 100]
        papers, failures = services.arxiv.fetch_ids(chunk)
        for arxiv_id in chunk:
            row = by_id[arxiv_id]
            if arxiv_id in papers:
                _save_paper(database, row, papers[arxiv_id], summary)
            elif failures.get(arxiv_id) == "not found":
                db.record_failure(database, row.id, "not_found", f"arXiv has no {arxiv_id}")
                summary.not_found += 1
            else:
                reason = failures.get(arxiv_id, "no answer")
                db.record_failure(database, row.id, "failed", reason)
                summary.fail(row, reason)
            if progress:
                progress("advance", 1)


def _save_paper(
    database: Database,
    row: db.PendingRow,
    paper: ArxivPaper,
    summary: EnrichSummary,
    score: float | None = None,
) -> None:
    fields: dict[str, object] = {
        "title": paper.title,
        "authors": json.dumps(list(paper.authors), ensure_ascii=False),
        "year": paper.year,
        "abstract": paper.abstract,
        "categories": json.dumps(list(paper.categories)),
        "primary_category": paper.primary_category,
        "journal_ref": paper.journal_ref,
        "comment": paper.comment,
        "pdf_url": paper.pdf_url,
        "published": paper.published,
        "updated": paper.updated,
        "arxiv_id": paper.arxiv_id,
        "match_score": score,
    }
    if paper.doi and not row.doi:
        fields["doi"] = paper.doi.lower()
    if not row.url:
        fields["url"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
    _record(database, row, fields, "arxiv", paper.title, summary)


def _record(
    database: Database,
    row: db.PendingRow,
    fields: dict[str, object],
    source: str,
    title: str | None,
    summary: EnrichSummary,
) -> None:
    """Store what was fetched and count it as filled, or unchanged on a refresh."""
    changed = db.record_enrichment(database, row, fields, source=source, title=title)
    summary.filled += changed
    summary.unchanged += not changed


def _names_stage(
    database: Database,
    services: Services,
    rows: list[db.PendingRow],
    summary: EnrichSummary,
    budget: _Budget,
    progress: Progress | None,
) -> None:
    batch_ids = [i for row in rows if (i := _batch_id(row))]
    by_id: dict[str, ScholarPaper] = {}
    batch_error: str | None = None
    if batch_ids and services.scholar is not None:
        by_id, batch_error = services.scholar.batch(batch_ids)
    for row in rows:
        if budget.spent():
            return
        wanted = _batch_id(row)
        found = by_id.get(wanted) if wanted else None
        if found is not None:
            _save_scholar(database, row, found, 100.0, summary)
        elif wanted and batch_error:
            db.record_failure(database, row.id, "failed", batch_error)
            summary.fail(row, batch_error)
        elif row.id.startswith("s2:"):
            missing = "no Semantic Scholar client" if services.scholar is None else None
            if missing:
                db.record_failure(database, row.id, "failed", missing)
                summary.fail(row, missing)
            else:
                db.record_failure(
                    database, row.id, "not_found", "Semantic Scholar has no such paper"
                )
                summary.not_found += 1
        else:
            _resolve_by_title(database, services, row, summary)
        if progress:
            progress("advance", 1)


def _batch_id(row: db.PendingRow) -> str | None:
    """How Semantic Scholar's batch look-up names the row's paper: `DOI:…` or its own id."""
    if row.id.startswith("s2:"):
        return row.id.removeprefix("s2:")
    return f"DOI:{row.doi}" if row.doi and not row.arxiv_id else None


def _resolve_by_title(
    database: Database, services: Services, row: db.PendingRow, summary: EnrichSummary
) -> None:
    cited = parse_citation_name(row.name) if row.id.startswith("name:") else None
    if cited is not None and not row.title:
        _resolve_citation(database, services, row, cited, summary)
        return
    query = row.title or row.name
    paper, score, error = services.arxiv.search_title(query)
    if paper is not None:
        _save_paper(database, row, paper, summary, score=score)
        return
    best_score = score
    for source in (services.scholar, services.openalex):
        if source is None:
            continue
        found, source_score, source_error = source.search_title(query)
        if found is not None:
            _save_scholar(database, row, found, source_score, summary)
            return
        best_score = max(best_score, source_score)
        error = error or source_error
    _no_match(
        database,
        row,
        summary,
        error,
        f"no title match above the threshold for {query!r}",
        match_score=best_score,
    )


def _resolve_citation(
    database: Database,
    services: Services,
    row: db.PendingRow,
    cited: tuple[str, int],
    summary: EnrichSummary,
) -> None:
    """A standalone "He et al. (2016)": the paper of that first author and year whose
    title shares the words of the lines that cite it (enrich/citations.py), or unresolved."""
    surname, year = cited
    lines = database.execute(
        "select l.text, m.surface from mentions m join lines l on l.id = m.line_id "
        "where m.resource_id = ? limit 5",
        [row.id],
    ).fetchall()
    words = citations.context_words([c or "" for c, _ in lines], [s for _, s in lines])
    if not words:
        db.record_failure(
            database, row.id, "unresolved", f"no words beside {row.name!r} to search by"
        )
        summary.unresolved += 1
        return
    sources = [s for s in (services.scholar, services.openalex) if s is not None]
    error = None if sources else "no Semantic Scholar client"
    for source in sources:
        found, source_error = source.search_year(" ".join(words), year)
        paper, score = citations.pick_cited(surname, year, words, found)
        if paper is not None:
            _save_scholar(database, row, paper, score, summary)
            return
        error = error or source_error
    _no_match(
        database,
        row,
        summary,
        error,
        f"no paper by {surname} from {year} matches the notes' words ({', '.join(words[:4])})",
    )


def _no_match(
    database: Database,
    row: db.PendingRow,
    summary: EnrichSummary,
    error: str | None,
    reason: str,
    match_score: float | None = None,
) -> None:
    """A search found nothing: `failed` when a source could not be asked (tried again on a
    later run), else `unresolved` with why."""
    if error:
        db.record_failure(database, row.id, "failed", error)
        summary.fail(row, error)
        return
    db.record_failure(database, row.id, "unresolved", reason, match_score=match_score)
    summary.unresolved += 1


def _save_scholar(
    database: Database,
    row: db.PendingRow,
    paper: ScholarPaper,
    score: float,
    summary: EnrichSummary,
) -> None:
    fields: dict[str, object] = {
        "title": paper.title,
        "authors": json.dumps(list(paper.authors), ensure_ascii=False),
        "year": paper.year,
        "venue": paper.venue,
        "citation_count": paper.citation_count,
        "abstract": paper.abstract,
        "match_score": score,
    }
    if paper.doi and not row.doi:
        fields["doi"] = paper.doi
    if paper.arxiv_id and not row.arxiv_id:
        fields["arxiv_id"] = paper.arxiv_id
    if not row.url and paper.url:
        fields["url"] = paper.url
    _record(database, row, fields, paper.source, paper.title, summary)


def _pages_stage(
    database: Database,
    services: Services,
    rows: list[db.PendingRow],
    options: EnrichOptions,
    summary: EnrichSummary,
    budget: _Budget,
    progress: Progress | None,
) -> None:
    def fetch(row: db.PendingRow) -> PageInfo:
        assert row.url is not None
        if row.kind == "video" and row.id.startswith("youtube:"):
            return _oembed(services.pages, oembed_url(services.oembed_api, row.url), row.url)
        return fetch_page(services.pages, row.url, row.etag, row.last_modified)

    def target(row: db.PendingRow) -> str:
        assert row.url is not None
        if row.kind == "video" and row.id.startswith("youtube:"):
            return services.oembed_api  # the per-host limit applies to the API's host
        return row.url

    def save(row: db.PendingRow, page: PageInfo) -> None:
        _save_page(database, row, page, summary)

    _in_pool(services, rows, options, budget, progress, fetch, target, save)


def _papers_stage(
    database: Database,
    services: Services,
    rows: list[db.PendingRow],
    options: EnrichOptions,
    summary: EnrichSummary,
    budget: _Budget,
    progress: Progress | None,
) -> None:
    def fetch(row: db.PendingRow) -> PaperInfo:
        url = row.url or landing_url(row.id) or ""
        return fetch_paper(services.pages, row.id, url, services.openreview_apis)

    def save(row: db.PendingRow, paper: PaperInfo) -> None:
        if paper.error:
            status = "gone" if paper.error == "gone" else "failed"
            if paper.error == "not found":
                status = "not_found"
                summary.not_found += 1
            else:
                summary.fail(row, paper.error)
            db.record_failure(database, row.id, status, paper.error, http_status=paper.status)
            return
        fields: dict[str, object] = {
            "title": paper.title,
            "authors": json.dumps(list(paper.authors), ensure_ascii=False)
            if paper.authors
            else None,
            "year": paper.year,
            "venue": paper.venue,
            "abstract": paper.abstract,
            "pdf_url": paper.pdf_url,
            "http_status": paper.status,
        }
        if paper.doi and not row.doi:
            fields["doi"] = paper.doi
        if paper.arxiv_id and not row.arxiv_id:
            fields["arxiv_id"] = paper.arxiv_id
        _record(database, row, fields, paper.source, paper.title, summary)

    _in_pool(services, rows, options, budget, progress, fetch, lambda r: r.url or r.id, save)


def _in_pool(
    services: Services,
    rows: list[db.PendingRow],
    options: EnrichOptions,
    budget: _Budget,
    progress: Progress | None,
    fetch: Callable[[db.PendingRow], T],
    target: Callable[[db.PendingRow], str],
    save: Callable[[db.PendingRow, T], None],
) -> None:
    """Fetch rows `options.concurrency` at a time and at most `options.per_host` per host
    (pool.fetch_in_pool), saving each result here, in the calling thread. Once the budget
    is spent, rows not yet started are left for the next run."""

    def fetch_row(row: db.PendingRow) -> tuple[T | None]:
        if budget.spent():
            return (None,)
        result = fetch(row)
        return (None if getattr(result, "error", None) == "interrupted" else result,)

    def save_row(row: db.PendingRow, fetched: tuple[T | None]) -> None:
        if fetched[0] is not None:
            save(row, fetched[0])
        if progress:
            progress("advance", 1)

    fetch_in_pool(
        rows, fetch_row, target, save_row, services.abort, options.concurrency, options.per_host
    )


def _oembed(fetcher: Fetcher, api: str, video_url: str) -> PageInfo:
    result = fetcher.fetch(api, max_bytes=64 * 1024)
    title = None
    if result.ok:
        try:
            data = json.loads(result.body)
            title = " ".join(str(data.get("title") or "").split()) or None
        except (ValueError, AttributeError):
            title = None
    error = result.error or (
        None
        if result.ok
        else ("gone" if result.status in (401, 403, 404, 410) else f"http {result.status}")
    )
    return PageInfo(
        url=video_url,
        final_url=video_url,
        status=result.status,
        content_type=result.headers.get("content-type"),
        title=title,
        description=None,
        etag=None,
        last_modified=None,
        error=error if title is None else None,
    )


def _save_page(
    database: Database, row: db.PendingRow, page: PageInfo, summary: EnrichSummary
) -> None:
    if page.not_modified:
        db.record_enrichment(database, row, {"http_status": 304}, source="page", title=None)
        summary.unchanged += 1
        return
    if page.error:
        status = (
            "gone"
            if page.error == "gone"
            else (
                "refused"
                if page.error in ("private address",) or "refused" in page.error
                else "failed"
            )
        )
        db.record_failure(database, row.id, status, page.error, http_status=page.status)
        summary.fail(row, page.error)
        return
    fields: dict[str, object] = {
        "title": page.title,
        "description": page.description,
        "final_url": page.final_url,
        "http_status": page.status,
        "content_type": page.content_type,
        "etag": page.etag,
        "last_modified": page.last_modified,
    }
    _record(database, row, fields, "page", page.title, summary)


def make_arxiv(
    client: httpx.Client, guard: Guard, deadline: float = DEFAULT_DEADLINE
) -> ArxivClient:
    """The arXiv API client alone (`readlist watch`), from the environment as in
    make_services: endpoint, pace, the guard, one fetch's deadline."""
    api_fetcher = Fetcher(client, guard=guard, retries=0, deadline=deadline)
    return ArxivClient(api_fetcher, config.arxiv_api(), min_interval=config.arxiv_interval())


def make_services(
    client: httpx.Client,
    guard: Guard,
    min_arxiv_interval: float | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> Services:
    """The real services, from the environment (endpoints, keys, contact address).

    `deadline`: seconds one fetch may take, retries included. The fetchers share one
    record of unresponsive hosts, so a host that timed out twice is skipped by all.
    """
    hosts = HostHealth()
    pages = Fetcher(client, guard=guard, deadline=deadline, hosts=hosts)
    # The API endpoints pass the same guard: one pointed at 127.0.0.1 (a test server,
    # a local mirror) needs --allow-private like any other local address.
    # The API clients pace themselves and retry on their own schedule (net.fetch_paced).
    api_fetcher = Fetcher(client, guard=guard, retries=0, deadline=deadline, hosts=hosts)
    interval = config.arxiv_interval() if min_arxiv_interval is None else min_arxiv_interval
    arxiv = ArxivClient(api_fetcher, config.arxiv_api(), min_interval=interval)
    s2_headers = {"x-api-key": key} if (key := config.s2_api_key()) else {}
    scholar = SemanticScholar(PacedJson(api_fetcher, headers=s2_headers), config.s2_api())
    openalex = None
    if openalex_key := config.openalex_api_key():
        openalex = OpenAlex(
            PacedJson(api_fetcher, min_interval=0.2, service="OpenAlex"),
            config.openalex_api(),
            openalex_key,
            config.mailto(),
        )
    return Services(
        arxiv=arxiv,
        pages=pages,
        scholar=scholar,
        openalex=openalex,
        oembed_api=config.oembed_api(),
        openreview_apis=config.openreview_apis(),
    )
