"""`readlist watch`: new arXiv papers like the ones in your notes (issue #18).

watch → `listing.fetch_listing` (the new papers in the watched categories and for the
registered keywords) → `rank.rank` (against the reading list) → `store.save_run` (every
paper read is remembered; the best ones become `suggestions`, with why). A run that
failed half-way keeps what it read but not its high-water mark, so the next run reads
the rest of the window again (ids already read are skipped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from readlist.enrich.arxiv import ArxivClient
from readlist.errors import ReadlistError
from readlist.watch import store
from readlist.watch.listing import (
    DEFAULT_DAYS,
    MAX_PAPERS,
    PAGE_SIZE,
    build_query,
    default_categories,
    fetch_listing,
    parse_published,
)
from readlist.watch.rank import rank
from readlist.watch.store import CATEGORY, KEYWORD, Suggestion

TOP = 20  # suggestions kept from a run


@dataclass(frozen=True)
class WatchOptions:
    categories: tuple[str, ...] = ()  # this run's categories (else saved, else default)
    top: int = TOP
    max_papers: int = MAX_PAPERS
    days: int | None = None  # read this many days back, whatever the high-water mark
    page_size: int = PAGE_SIZE


@dataclass
class WatchSummary:
    categories: list[str]
    category_source: str  # "given", "saved" or "your reading list"
    category_counts: dict[str, int]  # papers of the reading list per category
    keywords: list[str]
    since: str  # the start of the window read, UTC
    requests: int = 0
    read: int = 0
    new: int = 0
    capped: bool = False
    failure: str | None = None
    method: str = ""
    trained_on: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)


def choose_categories(
    db: Database, given: tuple[str, ...], library: list[store.LibraryPaper]
) -> tuple[list[str], str, dict[str, int]]:
    """This run's categories and where they came from: --category, the saved list, or
    the primary categories of the reading list's papers."""
    counts = store.library_categories(library)
    if given:
        return list(dict.fromkeys(given)), "given", dict(counts)
    saved = store.list_terms(db, CATEGORY)
    if saved:
        return saved, "saved", dict(counts)
    return default_categories(counts), "your reading list", dict(counts)


def watch(
    db: Database,
    client: ArxivClient,
    options: WatchOptions,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> WatchSummary:
    """Read the new papers, rank them against the reading list, keep the best."""
    library = store.library(db)
    categories, source, counts = choose_categories(db, options.categories, library)
    keywords = store.list_terms(db, KEYWORD)
    if not categories and not keywords:
        raise ReadlistError(
            "nothing to watch: no paper of your reading list has an arXiv category yet "
            "(run `readlist enrich`), no --category and no keyword (--add-keyword)"
        )
    query = build_query(categories, keywords)
    now = clock()
    mark = store.newest_seen(db, query)
    since = now - dt.timedelta(days=options.days or DEFAULT_DAYS)
    if options.days is None and (last := parse_published(mark)) is not None:
        since = last
    summary = WatchSummary(categories, source, counts, keywords, f"{since:%Y-%m-%d %H:%M}")
    listing = fetch_listing(
        client,
        query,
        since,
        now + dt.timedelta(days=1),  # a submission stamped ahead of our clock still counts
        lambda ids: store.seen_ids(db, ids),
        cap=options.max_papers,
        page_size=options.page_size,
    )
    ranking = rank(listing.papers, library, keywords, categories)
    chosen = ranking.suggestions[: options.top]
    newest = listing.newest if listing.complete else None
    if newest is not None and mark is not None and mark > newest:
        newest = mark  # a --days look-back never moves the mark backwards
    store.save_run(db, listing.papers, chosen, query, newest, now.isoformat(timespec="seconds"))
    summary.requests = listing.requests
    summary.read = listing.read
    summary.new = len(listing.papers)
    summary.capped = listing.capped
    summary.failure = listing.failure
    summary.method = ranking.method
    summary.trained_on = ranking.trained_on
    summary.suggestions = chosen
    return summary
