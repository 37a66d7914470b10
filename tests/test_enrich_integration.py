"""enrich against a real HTTP server on 127.0.0.1: arXiv, Semantic Scholar, misbehaving pages.

Every case ends with the right enrich_status and loses nothing fetched before.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database
from typer.testing import CliRunner

from readlist.cli import app
from readlist.db import open_db
from readlist.enrich import EnrichOptions, Services, enrich
from readlist.enrich.arxiv import ArxivClient
from readlist.enrich.scholar import PacedJson, SemanticScholar
from readlist.net import Fetcher, Guard, make_client

from .http_server import EUC_KR_TITLE, OK_PAGE, PDF_TITLE, LocalServer

runner = CliRunner()
LOOPBACK = Guard(allow=("127.0.0.1/32",))


def _insert(database: Database, rows: list[dict[str, object]]) -> None:
    for row in rows:
        database.table("resources").insert({"kind": "page", "mention_count": 1, **row})
    database.conn.commit()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "readlist.db")
    yield database
    database.close()


@pytest.fixture
def services(server: LocalServer) -> Iterator[Services]:
    with make_client(timeout=2.0, connect_timeout=2.0) as client:
        fetcher = Fetcher(client, guard=LOOPBACK, deadline=4.0, backoff=0.05)
        api = Fetcher(client, guard=LOOPBACK, retries=0)
        yield Services(
            arxiv=ArxivClient(api, server.arxiv_api, min_interval=0.0),
            pages=fetcher,
            scholar=SemanticScholar(
                PacedJson(api, min_interval=0.0, sleep=lambda s: None), server.s2_api
            ),
            oembed_api=server.oembed_endpoint,
        )


def _row(database: Database, resource_id: str) -> dict[str, object]:
    return dict(database.table("resources").get(resource_id))


def test_arxiv_batch_fills_papers_and_marks_unknown(
    database: Database, services: Services, server: LocalServer
) -> None:
    _insert(
        database,
        [
            {
                "id": "arxiv:1512.03385",
                "kind": "paper",
                "name": "arXiv:1512.03385",
                "arxiv_id": "1512.03385",
                "url": "https://arxiv.org/abs/1512.03385",
            },
            {
                "id": "arxiv:1706.03762",
                "kind": "model",
                "name": "Transformer",
                "name_rank": 2,
                "arxiv_id": "1706.03762",
            },
            {"id": "arxiv:cs/0112017", "kind": "paper", "name": "old", "arxiv_id": "cs/0112017"},
            {
                "id": "arxiv:2301.99999",
                "kind": "paper",
                "name": "unknown",
                "arxiv_id": "2301.99999",
            },
        ],
    )
    summary = enrich(database, services, EnrichOptions(only=frozenset({"arxiv"})))
    assert (summary.filled, summary.not_found, summary.failed) == (3, 1, 0)
    assert len(server.requests_to("/api/query")) == 1  # one batch for all four ids
    resnet = _row(database, "arxiv:1512.03385")
    assert resnet["title"] == "Deep Residual Learning for Image Recognition"
    assert resnet["name"] == resnet["title"]  # a name made from the URL gives way
    assert resnet["authors"] == '["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]'
    assert (resnet["year"], resnet["primary_category"], resnet["enrich_status"]) == (
        2015,
        "cs.CV",
        "ok",
    )
    transformer = _row(database, "arxiv:1706.03762")
    assert transformer["name"] == "Transformer"  # the gazetteer's name stays
    assert _row(database, "arxiv:2301.99999")["enrich_status"] == "not_found"
    # nothing left to do: the next run makes no request
    server.reset()
    again = enrich(database, services, EnrichOptions(only=frozenset({"arxiv"})))
    assert again.pending == 0 and server.requests == []


def test_many_ids_go_in_few_requests(
    database: Database, services: Services, server: LocalServer
) -> None:
    ids = [f"2301.{n:05d}" for n in range(1, 131)]
    _insert(
        database, [{"id": f"arxiv:{i}", "kind": "paper", "name": i, "arxiv_id": i} for i in ids]
    )
    summary = enrich(database, services, EnrichOptions(only=frozenset({"arxiv"})))
    requests = server.requests_to("/api/query")
    sizes = [len(r.query["id_list"].split(",")) for r in requests]
    assert sizes == [100, 30] and all(size >= 30 for size in sizes)
    assert summary.not_found == 130
    # arXiv's terms: "a single connection at a time". Each request closes its own, so
    # that the fetch deadline can always reach the socket (issue #19).
    assert [r.header("connection") for r in requests] == ["close", "close"]


def test_xml_bomb_and_throttling_from_arxiv(
    database: Database, services: Services, server: LocalServer
) -> None:
    _insert(
        database,
        [
            {
                "id": "arxiv:1810.04805",
                "kind": "paper",
                "name": "x",
                "arxiv_id": "1810.04805",
                "title": "kept from before",
            }
        ],
    )
    server.arxiv_xml_bomb_next()
    summary = enrich(database, services, EnrichOptions(only=frozenset({"arxiv"})))
    row = _row(database, "arxiv:1810.04805")
    assert (row["enrich_status"], row["title"]) == ("failed", "kept from before")
    reason = "arXiv API at 127.0.0.1: refused an XML document with entities or a DTD"
    assert row["enrich_error"] == reason
    assert summary.failures == {reason: 1}
    assert summary.failed_rows == [("arXiv:1810.04805", reason)]
    # a failure is retried next run; arXiv's "Rate exceeded." is waited out
    services.arxiv.sleep = lambda seconds: None
    server.arxiv_rate_exceeded_next(1)
    enrich(database, services, EnrichOptions(only=frozenset({"arxiv"})))
    row = _row(database, "arxiv:1810.04805")
    assert row["enrich_status"] == "ok"
    assert str(row["title"]).startswith("BERT: Pre-training")


def test_names_by_title_search_and_semantic_scholar(
    database: Database, services: Services, server: LocalServer
) -> None:
    _insert(
        database,
        [
            {
                "id": "name:pay-attention-to-mlps",
                "kind": "paper",
                "name": "Pay Attention to MLPs",
                "confidence": 0.6,
            },
            {
                "id": "doi:10.1109/tvcg.2013.212",
                "kind": "paper",
                "name": "UTOPIAN",
                "doi": "10.1109/tvcg.2013.212",
            },
            {"id": "name:quokkanet", "kind": "model", "name": "QuokkaNet", "confidence": 0.7},
        ],
    )
    summary = enrich(database, services, EnrichOptions(only=frozenset({"names"})))
    gmlp = _row(database, "name:pay-attention-to-mlps")
    assert (gmlp["arxiv_id"], gmlp["enrich_status"], gmlp["match_score"]) == (
        "2105.08050",
        "ok",
        100.0,
    )
    utopian = _row(database, "doi:10.1109/tvcg.2013.212")
    assert utopian["year"] == 2013 and utopian["enrich_source"] == "semantic scholar"
    assert "Topic Modeling" in str(utopian["title"])
    quokka = _row(database, "name:quokkanet")
    assert quokka["enrich_status"] == "unresolved" and quokka["arxiv_id"] is None
    assert summary.unresolved == 1


PAGES = {
    # path: (expected status, expected title or error)
    "ok": ("ok", OK_PAGE.og_title),
    "title-only": ("ok", "Spaced & Entities — here"),
    "euc-kr": ("ok", EUC_KR_TITLE),
    "script-title": ("ok", "<script>alert(1)</script>Safe title"),
    "429?key=a": ("ok", None),
    "503-twice?key=b": ("ok", None),
    "404": ("gone", "gone"),
    "410": ("gone", "gone"),
    "redirect-loop": ("failed", "too many redirects"),
    "redirect-chain?n=3": ("ok", None),
    "paper.pdf": ("ok", PDF_TITLE),
    "huge": ("ok", "Huge"),
    "chunked-forever?seconds=8": ("ok", None),
    "gzip-bomb": ("ok", None),
}


def test_pages(database: Database, services: Services, server: LocalServer) -> None:
    urls = {name: server.page(name) for name in PAGES}
    _insert(database, [{"id": f"url:{url}", "name": url, "url": url} for url in urls.values()])
    started = time.monotonic()
    enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    assert time.monotonic() - started < 30  # slow bodies and 200 MB are cut short
    for name, (status, expected) in PAGES.items():
        row = _row(database, f"url:{urls[name]}")
        assert row["enrich_status"] == status, (name, row["enrich_error"])
        if status == "ok" and expected is not None:
            assert row["title"] == expected, name
        if status != "ok":
            assert row["enrich_error"] == expected, name
    ua = {r.user_agent for r in server.requests_to("/pages/")}
    assert len(ua) == 1 and next(iter(ua)).startswith("readlist/")


def test_slow_and_stalled_pages_end_in_time(
    database: Database, services: Services, server: LocalServer
) -> None:
    stall, slow = server.page("stall?seconds=10"), server.page("slow?delay=3&chunks=4")
    _insert(database, [{"id": f"url:{u}", "name": u, "url": u} for u in (stall, slow)])
    started = time.monotonic()
    enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    assert time.monotonic() - started < 12
    assert _row(database, f"url:{slow}")["enrich_status"] in ("ok", "failed")
    stalled = _row(database, f"url:{stall}")
    assert stalled["enrich_status"] in ("ok", "failed")  # the title came in the first bytes


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:9/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/x",
        "file:///etc/passwd",
    ],
)
def test_redirects_to_private_targets_are_refused(
    database: Database, services: Services, server: LocalServer, target: str
) -> None:
    url = server.page("redirect-to?" + httpx.QueryParams({"url": target}).__str__())
    _insert(database, [{"id": "url:x", "name": "x", "url": url, "title": "earlier title"}])
    enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    row = _row(database, "url:x")
    assert row["enrich_status"] == "refused", row["enrich_error"]
    assert row["title"] == "earlier title"


def test_direct_private_target_refused_without_allow(
    database: Database, services: Services, server: LocalServer
) -> None:
    services.pages.guard = Guard()  # no --allow-private
    url = server.page("ok")
    _insert(database, [{"id": "url:x", "name": "x", "url": url}])
    enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    assert _row(database, "url:x")["enrich_error"] == "private address"
    assert server.requests == []


def test_refresh_uses_etag(database: Database, services: Services, server: LocalServer) -> None:
    url = server.page("etag")
    _insert(database, [{"id": "url:e", "name": "e", "url": url}])
    enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    first = _row(database, "url:e")
    assert first["etag"] and first["enrich_status"] == "ok"
    server.reset()
    summary = enrich(database, services, EnrichOptions(only=frozenset({"pages"}), refresh=True))
    (request,) = server.requests
    assert request.header("if-none-match") == first["etag"]
    assert summary.unchanged == 1
    assert _row(database, "url:e")["title"] == first["title"]


def test_youtube_title_by_oembed(database: Database, services: Services) -> None:
    _insert(
        database,
        [
            {
                "id": "youtube:RLtest00001",
                "kind": "video",
                "name": "YouTube",
                "url": "https://www.youtube.com/watch?v=RLtest00001",
            }
        ],
    )
    enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    assert _row(database, "youtube:RLtest00001")["title"] == (
        "Deep Residual Learning explained (test video)"
    )


def test_limit_and_offline(database: Database, services: Services, server: LocalServer) -> None:
    urls = [server.page(p) for p in ("ok", "title-only", "euc-kr")]
    _insert(database, [{"id": f"url:{u}", "name": u, "url": u} for u in urls])
    offline = enrich(database, services, EnrichOptions(offline=True))
    assert offline.pending == 3 and server.requests == []
    limited = enrich(database, services, EnrichOptions(limit=2))
    assert limited.pending == 2 and limited.filled == 2
    assert enrich(database, services, EnrichOptions()).pending == 1


def test_cli_enrich_end_to_end(
    tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("- 원문 https://arxiv.org/abs/1512.03385\n", encoding="utf-8")
    db_path = tmp_path / "r.db"
    monkeypatch.setenv("READLIST_ARXIV_API", server.arxiv_api)
    monkeypatch.setenv("READLIST_S2_API", server.s2_api)
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "0")
    monkeypatch.setenv("READLIST_DATA", str(tmp_path / "no-data"))
    assert runner.invoke(app, ["extract", str(notes), "--db", str(db_path), "-q"]).exit_code == 0
    # extract leaves loopback links out of the reading list; the page stands for any site
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "insert into resources (id, kind, name, url) values (?, 'page', 'ok', ?)",
            [f"url:{server.page('ok')}", server.page("ok")],
        )
    refused = runner.invoke(app, ["enrich", "--db", str(db_path)])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [  # each failure named, then the counts
        "https://arxiv.org/abs/1512.03385: arXiv API at 127.0.0.1: private address",
        f"{server.page('ok')}: private address",
        "2 to fetch: 0 filled, 0 unchanged, 0 not found, 0 unresolved, 2 failed "
        "(1 arXiv API at 127.0.0.1: private address, 1 private address)",
    ]
    result = runner.invoke(app, ["enrich", "--db", str(db_path), "--allow-private"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "2 to fetch: 2 filled, 0 unchanged, 0 not found, 0 unresolved, 0 failed"
    )
    with sqlite3.connect(db_path) as conn:
        titles = dict(conn.execute("select id, title from resources"))
    assert titles["arxiv:1512.03385"] == "Deep Residual Learning for Image Recognition"
    again = runner.invoke(app, ["enrich", "--db", str(db_path), "--allow-private"])
    assert again.stderr.strip().startswith("0 to fetch")


def test_proxy_environment_is_used(
    database: Database, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server plays the proxy: a proxied request arrives in absolute form.
    monkeypatch.setenv("HTTP_PROXY", server.url)
    with make_client(timeout=2.0) as client:
        guard = Guard(resolver=lambda host: pytest.fail("resolved " + host))
        result = Fetcher(client, guard=guard).fetch("http://example.org/pages/ok")
    targets = [r.target for r in server.requests]
    assert targets == ["http://example.org/pages/ok"]
    assert result.status is not None


def test_redirect_to_loopback_refused_when_only_the_first_host_is_allowed(
    database: Database, server: LocalServer
) -> None:
    """A page on 127.0.0.2 (allowed) redirects to the server on 127.0.0.1 (not allowed)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    target = server.page("ok")

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    front = ThreadingHTTPServer(("127.0.0.2", 0), Redirect)
    Thread(target=front.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.2:{front.server_address[1]}/start"
        _insert(database, [{"id": "url:r", "name": "r", "url": url}])
        with make_client(timeout=2.0) as client:
            fetcher = Fetcher(client, guard=Guard(allow=("127.0.0.2/32",)))
            services = Services(
                arxiv=ArxivClient(fetcher, server.arxiv_api, min_interval=0.0), pages=fetcher
            )
            enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
    finally:
        front.shutdown()
        front.server_close()
    row = _row(database, "url:r")
    assert (row["enrich_status"], row["enrich_error"]) == ("refused", "private address")
    assert server.requests == []  # the hop to 127.0.0.1 was never made


def test_cli_enrich_groups_failures_of_one_cause(tmp_path: Path, server: LocalServer) -> None:
    db_path = tmp_path / "r.db"
    open_db(db_path).close()
    pages = [server.page(f"404?key={n}") for n in range(25)]
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "insert into resources (id, kind, name, url) values (?, 'page', ?, ?)",
            [(f"url:{page}", f"p{n}", page) for n, page in enumerate(pages)],
        )
    result = runner.invoke(app, ["enrich", "--db", str(db_path), "--allow-private", "-q"])
    assert result.exit_code == 1
    # One cause, one line (issue #23; it was 20 lines and "… and 5 more"); -q: no summary.
    [line] = result.stderr.splitlines()
    head, example = line.split(", e.g. ")
    assert head == "gone: 25 URLs on 1 host"
    assert example.split("; ")[0] in pages
    assert example.endswith("; the server answered 404 or 410")
    with sqlite3.connect(db_path) as conn:
        statuses = dict(conn.execute("select enrich_status, count(*) from resources group by 1"))
    assert statuses == {"gone": 25}  # all 25 recorded on their rows
