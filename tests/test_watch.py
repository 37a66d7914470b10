"""`readlist watch` against the local arXiv API (tests/http_server.py, real Atom format):
what a run asks for, what a daily run asks for, pacing, failures, the table and the feed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from readlist.db import open_db
from readlist.enrich.arxiv import ArxivClient
from readlist.errors import ReadlistError
from readlist.net import Fetcher, Guard, make_client
from readlist.watch import WatchOptions, store, watch
from readlist.watch.listing import build_query, default_categories

from .http_server import LocalServer
from .watch_papers import SUBFIELD, TOPIC_CATEGORY, add_library, as_records, of_role, topic_of

LOOPBACK = Guard(allow=("127.0.0.0/8",))
DAY1 = dt.datetime(2024, 12, 3, 22, 0, tzinfo=dt.UTC)  # newest submission of the first listing
RUN1 = dt.datetime(2024, 12, 4, 6, 0, tzinfo=dt.UTC)
RUN2 = dt.datetime(2024, 12, 5, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "readlist.db")
    add_library(database, of_role("library"), statuses=("done", "todo", "reading"))
    yield database
    database.close()


@pytest.fixture
def arxiv(server: LocalServer) -> Iterator[ArxivClient]:
    with make_client() as client:
        yield ArxivClient(Fetcher(client, guard=LOOPBACK, retries=0), server.arxiv_api, 0.0)


def _listing() -> list[dict[str, object]]:
    return of_role("listing")


def _searches(server: LocalServer) -> list[dict[str, str]]:
    return [r.query for r in server.requests_to("/api/query")]


def test_first_run_reads_the_window_and_suggests_the_subfield(
    database: Database, server: LocalServer, arxiv: ArxivClient
) -> None:
    rows = _listing()
    server.arxiv_add(*as_records(rows, DAY1))
    summary = watch(database, arxiv, WatchOptions(), clock=lambda: RUN1)
    # the reading list is all cs.CV (object tracking): that is what is watched
    assert (summary.categories, summary.category_source) == (["cs.CV"], "your reading list")
    in_cv = [
        r
        for r in rows
        if r["topic"]
        in (
            "Object_Tracking",
            "Semantic_Segmentation",
            "Domain_Adaptation",
            "Zero-Shot_Learning",
            "Mamba",
        )
    ]
    assert summary.read == summary.new == len(in_cv) == 130
    searches = _searches(server)
    assert [(q["start"], q["max_results"]) for q in searches] == [("0", "200")]
    assert searches[0]["search_query"] == (
        "(cat:cs.CV) AND submittedDate:[202412010600 TO 202412050600]"
    )
    assert (searches[0]["sortBy"], searches[0]["sortOrder"]) == ("submittedDate", "descending")
    top = summary.suggestions[:10]
    assert sum(topic_of(s.paper.arxiv_id) == SUBFIELD for s in top) >= 8
    assert len(summary.suggestions) == 20 and summary.method == "svm"
    saved = database.execute(
        "select arxiv_id, why, dismissed, suggested_day from suggestions order by score desc"
    ).fetchall()
    assert [r[0] for r in saved] == [s.paper.arxiv_id for s in summary.suggestions]
    assert all(r[1].startswith("like ") for r in saved)
    assert {(r[2], r[3]) for r in saved} == {(0, "2024-12-04")}
    assert database.execute("select count(*) from watch_seen").fetchone()[0] == 130


def test_a_daily_run_asks_only_for_what_is_new(
    database: Database, server: LocalServer, arxiv: ArxivClient
) -> None:
    rows = _listing()
    later = rows[::9]  # 48 papers of every topic arrive the next day
    first = [r for r in rows if r not in later]
    server.arxiv_add(*as_records(first, DAY1))
    watch(database, arxiv, WatchOptions(), clock=lambda: RUN1)
    newest = database.execute("select max(published) from watch_seen").fetchone()[0]
    before = {r[0] for r in database.execute("select arxiv_id from suggestions")}
    seen_before = database.execute("select count(*) from watch_seen").fetchone()[0]
    server.reset()
    server.arxiv_add(*as_records(first, DAY1), *as_records(later, DAY1 + dt.timedelta(days=1)))
    summary = watch(database, arxiv, WatchOptions(), clock=lambda: RUN2)
    # one request, for submissions from the newest one already read onwards
    (search,) = _searches(server)
    stamp = newest[:16].replace("-", "").replace("T", "").replace(":", "")
    assert search["search_query"] == f"(cat:cs.CV) AND submittedDate:[{stamp} TO 202412060600]"
    new_cv = [r for r in later if TOPIC_CATEGORY[str(r["topic"])] == "cs.CV"]
    # the boundary paper (submitted at the mark) comes back once more and is not new
    assert summary.read == len(new_cv) + 1
    assert summary.new == len(new_cv)
    seen_after = database.execute("select count(*) from watch_seen").fetchone()[0]
    assert seen_after == seen_before + len(new_cv)
    added = {r[0] for r in database.execute("select arxiv_id from suggestions")} - before
    assert added and added <= {str(r["arxiv_id"]) for r in new_cv}
    # a third run the same day: one request, nothing new, nothing suggested
    server.reset()
    server.arxiv_add(*as_records(first, DAY1), *as_records(later, DAY1 + dt.timedelta(days=1)))
    again = watch(database, arxiv, WatchOptions(), clock=lambda: RUN2)
    assert (again.requests, again.new, again.suggestions) == (1, 0, [])


def test_pages_are_paced_like_enrich(database: Database, server: LocalServer) -> None:
    """Pages of at most 200 (the API allows 2000), and 3 s between requests as the server
    counts them (plus enrich's 0.25 s margin), asserted on the injected sleep."""
    server.arxiv_add(*as_records(_listing(), DAY1))
    sleeps: list[float] = []
    with make_client() as client:
        # time stands still but for the sleeps: every wait is the whole interval
        fetcher = Fetcher(client, guard=LOOPBACK, retries=0, clock=lambda: 1000.0)
        arxiv = ArxivClient(
            fetcher, server.arxiv_api, 3.0, sleep=sleeps.append, clock=lambda: 1000.0
        )
        summary = watch(
            database,
            arxiv,
            WatchOptions(categories=("cs.CV", "cs.LG", "eess.AS"), page_size=100),
            clock=lambda: RUN1,
        )
    starts = [(q["start"], q["max_results"]) for q in _searches(server)]
    assert starts == [("0", "100"), ("100", "100"), ("200", "100"), ("300", "100")]
    assert summary.read == 305  # 130 cs.CV, 125 cs.LG, 50 eess.AS
    assert sleeps == [3.25, 3.25, 3.25]
    assert arxiv.requests_made == 4


def test_the_cap_stops_a_run_and_moves_the_mark(
    database: Database, server: LocalServer, arxiv: ArxivClient
) -> None:
    server.arxiv_add(*as_records(_listing(), DAY1))
    summary = watch(
        database, arxiv, WatchOptions(max_papers=120, page_size=100), clock=lambda: RUN1
    )
    assert [(q["start"], q["max_results"]) for q in _searches(server)] == [
        ("0", "100"),
        ("100", "20"),
    ]
    assert (summary.read, summary.capped) == (120, True)
    assert store.newest_seen(database, "cat:cs.CV") == DAY1.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_failed_page_keeps_the_papers_but_not_the_mark(
    database: Database, server: LocalServer, arxiv: ArxivClient
) -> None:
    server.arxiv_add(*as_records(_listing(), DAY1))
    arxiv._pacer.sleep = lambda seconds: None  # the retries' backoff (10, 30, 60 s)
    fetch_page = arxiv.search_page
    calls = []

    def second_page_fails(query: str, start: int, size: int, sort_by: str = "submittedDate"):  # type: ignore[no-untyped-def]
        calls.append(start)
        if start:
            server.arxiv_fail_next(4, status=503)
        return fetch_page(query, start, size, sort_by)

    arxiv.search_page = second_page_fails  # type: ignore[method-assign]
    summary = watch(database, arxiv, WatchOptions(page_size=100), clock=lambda: RUN1)
    assert summary.failure is not None and "http 503" in summary.failure
    assert (summary.read, summary.new) == (100, 100)
    assert store.newest_seen(database, "cat:cs.CV") is None  # the next run reads it all again
    arxiv.search_page = fetch_page  # type: ignore[method-assign]
    again = watch(database, arxiv, WatchOptions(page_size=100), clock=lambda: RUN1)
    assert (again.failure, again.read, again.new) == (None, 130, 30)


def test_keywords_widen_the_query_and_boost(
    database: Database, server: LocalServer, arxiv: ArxivClient
) -> None:
    server.arxiv_add(*as_records(_listing(), DAY1))
    assert store.add_terms(
        database, store.KEYWORD, ["speech recognition", "Speech Recognition"]
    ) == ["speech recognition"]
    summary = watch(database, arxiv, WatchOptions(), clock=lambda: RUN1)
    query = _searches(server)[0]["search_query"]
    assert query.startswith(
        '(cat:cs.CV OR ti:"speech recognition" OR abs:"speech recognition") AND submittedDate:'
    )
    boosted = [s for s in summary.suggestions if s.keywords]
    assert boosted and all(s.why.endswith("keyword: speech recognition") for s in boosted)
    assert summary.read > 130  # speech papers of eess.AS came in through the keyword


def test_nothing_to_watch_is_an_error(tmp_path: Path, arxiv: ArxivClient) -> None:
    empty = open_db(tmp_path / "empty.db")
    with pytest.raises(ReadlistError, match="nothing to watch"):
        watch(empty, arxiv, WatchOptions(), clock=lambda: RUN1)
    empty.close()


def test_default_categories_follow_the_library() -> None:
    from collections import Counter

    assert default_categories(Counter({"cs.CV": 18, "cs.LG": 7, "cs.CL": 1})) == ["cs.CV", "cs.LG"]
    assert default_categories(Counter({"cs.CV": 9, "cs.CL": 1})) == ["cs.CV"]
    assert default_categories(Counter({"cs.CL": 1})) == ["cs.CL"]
    assert default_categories(Counter()) == []
    five = Counter({"a.A": 5, "b.B": 5, "c.C": 5, "d.D": 5, "e.E": 5})
    assert len(default_categories(five)) == 4


def test_the_query_is_the_same_whatever_the_order() -> None:
    assert build_query(["cs.LG", "cs.CV"], ["b", "A c"]) == build_query(
        ["cs.CV", "cs.LG"], ["A c", "b"]
    )
    assert (
        build_query(["cs.CV"], ['"quoted" (x)']) == 'cat:cs.CV OR ti:"quoted x" OR abs:"quoted x"'
    )
    assert re.fullmatch(r"cat:cs\.CV", build_query(["cs.CV"], ["  "]))


def test_requests_reach_the_server_3_s_apart(database: Database, server: LocalServer) -> None:
    """The real pace, on the real clock: two pages, the second at least 3 s after the
    first as the server counts arrivals (the Pacer's margin makes it ~3.25 s)."""
    server.arxiv_add(*as_records(_listing(), DAY1))
    with make_client() as client:
        arxiv = ArxivClient(Fetcher(client, guard=LOOPBACK, retries=0), server.arxiv_api, 3.0)
        watch(database, arxiv, WatchOptions(page_size=100), clock=lambda: RUN1)
    arrivals = [r.time for r in server.requests_to("/api/query")]
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 3.0
