"""enrich never hangs (issue #19): deadlines, unresponsive hosts, pacing as arXiv counts it,
interrupted and time-boxed runs. Against real misbehaving servers on loopback."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database
from typer.testing import CliRunner

from readlist.cli import app
from readlist.db import open_db
from readlist.enrich import EnrichOptions, Services, enrich
from readlist.enrich.arxiv import ArxivClient
from readlist.enrich.pages import read_page
from readlist.net import TIMEOUT_ERRORS, Fetcher, Guard, HostHealth, make_client

from .conftest import SAMPLE_NOTE, rows
from .faulty_servers import ArxivGapServer, FaultyServer, faulty
from .http_server import ArxivRecord, LocalServer

LOOPBACK = Guard(allow=("127.0.0.0/8",))
DEADLINE = 2.0
SLACK = 1.0  # thread start-up, the socket shut-down, a loaded CI machine


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "readlist.db")
    yield database
    database.close()


def _insert_pages(database: Database, urls: list[str]) -> None:
    for url in urls:
        database.table("resources").insert(
            {"id": f"url:{url}", "kind": "page", "name": url, "url": url, "mention_count": 1}
        )
    database.conn.commit()


def _row(database: Database, url: str) -> tuple[object, object]:
    row = database.table("resources").get(f"url:{url}")
    return row["enrich_status"], row["enrich_error"]


@pytest.mark.parametrize(
    ("behaviour", "reasons"),
    [
        ("trickle-body", {"deadline"}),
        ("trickle-headers", {"deadline"}),
        ("silent", TIMEOUT_ERRORS),
        ("late", TIMEOUT_ERRORS),
    ],
)
def test_a_fetch_ends_at_its_deadline_however_bytes_arrive(
    behaviour: str, reasons: frozenset[str]
) -> None:
    with faulty(FaultyServer(behaviour, interval=0.3)) as (server,), make_client() as client:
        fetcher = Fetcher(client, guard=LOOPBACK, deadline=DEADLINE, backoff=0.01)
        started = time.monotonic()
        page = read_page(fetcher.fetch(server.url + "/page"))
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + SLACK
    assert page.error in reasons


def test_every_faulty_host_ends_with_its_status_within_the_stated_bound(
    database: Database, server: LocalServer
) -> None:
    servers = [
        FaultyServer(name, host=f"127.0.0.{n}", interval=0.3)
        for n, name in enumerate(
            ("trickle-body", "trickle-headers", "silent", "late", "garbage", "reset"), start=2
        )
    ]
    with faulty(*servers), make_client(timeout=1.0, connect_timeout=1.0) as client:
        urls = [s.url + "/x" for s in servers] + [server.page("ok")]
        _insert_pages(database, urls)
        fetcher = Fetcher(client, guard=LOOPBACK, deadline=DEADLINE, backoff=0.05)
        services = Services(
            arxiv=ArxivClient(fetcher, server.arxiv_api, min_interval=0), pages=fetcher
        )
        started = time.monotonic()
        summary = enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
        elapsed = time.monotonic() - started
    # README: pages take at most ceil(rows / concurrency) x --timeout; 7 rows, 8 at once.
    assert elapsed < DEADLINE + SLACK
    statuses = {s.behaviour: _row(database, s.url + "/x") for s in servers}
    assert statuses["trickle-body"] == ("failed", "deadline")
    assert statuses["trickle-headers"] == ("failed", "deadline")
    for name in ("silent", "late"):
        assert statuses[name][0] == "failed" and statuses[name][1] in TIMEOUT_ERRORS
    for name in ("garbage", "reset"):
        assert statuses[name][0] == "failed" and statuses[name][1]
    assert _row(database, server.page("ok")) == ("ok", None)
    assert summary.failed == 6 and summary.filled == 1 and summary.left == 0


def test_a_host_that_timed_out_twice_is_skipped_for_the_rest_of_the_run(
    database: Database, server: LocalServer
) -> None:
    with faulty(FaultyServer("silent")) as (silent,), make_client(timeout=0.5) as client:
        urls = [f"{silent.url}/{n}" for n in range(4)]
        _insert_pages(database, urls)

        def run() -> None:
            fetcher = Fetcher(client, guard=LOOPBACK, deadline=5.0, backoff=0.01)
            services = Services(
                arxiv=ArxivClient(fetcher, server.arxiv_api, min_interval=0), pages=fetcher
            )
            options = EnrichOptions(only=frozenset({"pages"}), concurrency=1, per_host=1)
            enrich(database, services, options)

        started = time.monotonic()
        run()
        assert time.monotonic() - started < 2 * 0.5 + SLACK  # two timeouts, not eight
        assert silent.connections == 2  # the first URL and its one retry
        reasons = sorted(str(_row(database, url)[1]) for url in urls)
        assert reasons[:3] == ["host unresponsive"] * 3 and reasons[3] in TIMEOUT_ERRORS
        assert {_row(database, url)[0] for url in urls} == {"failed"}
        run()  # a new run tries the host again
        assert silent.connections == 4


def test_hosts_are_counted_by_host_and_port() -> None:
    hosts = HostHealth()
    fetcher_hosts = [hosts.timed_out("127.0.0.1:8001") for _ in range(2)]
    assert fetcher_hosts and hosts.unresponsive("127.0.0.1:8001")
    assert not hosts.unresponsive("127.0.0.1:8002")


@pytest.mark.parametrize(("margin", "refused"), [(None, 0), (0.0, 1)])
def test_arxiv_requests_arrive_three_seconds_apart_as_the_server_counts(
    margin: float | None, refused: int
) -> None:
    """The first request reaches the server 0.2 s late (latency). Paced from its own
    clock with no margin, the client's second request arrives 2.8 s after it: refused
    (and a later one, exactly 3 s after its own send, may arrive a hair early too: at least
    one refusal). The default margin keeps every gap at the server at 3 s or more."""
    arxiv = ArxivGapServer(read_delays=[0.2])
    with faulty(arxiv), make_client() as client:
        api = Fetcher(client, guard=LOOPBACK, retries=0)
        paced = ArxivClient(api, arxiv.api, min_interval=3.0)
        if margin is not None:
            paced._pacer.margin = margin
        for title in ("Deep Residual Learning", "Attention Is All You Need"):
            paced.search_title(title)
    assert arxiv.refused >= refused if refused else arxiv.refused == 0
    if not refused:
        assert min(arxiv.gaps()) >= 3.0


def _cli_env(server: LocalServer, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper() and k != "READLIST_DB"}
    env |= {
        "READLIST_ARXIV_API": server.arxiv_api,
        "READLIST_S2_API": server.s2_api,
        "READLIST_ARXIV_DELAY": "0",
        "READLIST_DATA": str(tmp_path / "no-data"),
    }
    return env


def test_sigterm_keeps_what_was_fetched_and_the_next_run_goes_on(
    tmp_path: Path, server: LocalServer
) -> None:
    db_path = tmp_path / "r.db"
    database = open_db(db_path)
    done = [server.page(f"ok?key={n}") for n in range(3)]
    with faulty(FaultyServer("trickle-body", host="127.0.0.2", interval=0.2)) as (trickle,):
        slow = [f"{trickle.url}/{n}" for n in range(2)]
        _insert_pages(database, done + slow)
        database.close()
        command = [sys.executable, "-m", "readlist", "enrich", "--db", str(db_path)]
        process = subprocess.Popen(
            [*command, "--allow-private", "--timeout", "60", "-q"],
            env=_cli_env(server, tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        until = time.monotonic() + 20
        sql = "select count(*) from resources where enrich_status = 'ok'"
        while rows(db_path, sql)[0][0] < 3 and time.monotonic() < until:
            time.sleep(0.05)
        time.sleep(0.3)  # the trickling fetches are in flight, 60 s from their deadline
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
        assert time.monotonic() - signalled < 3
        assert process.returncode == 128 + signal.SIGTERM, stderr
        assert stderr.strip().endswith("interrupted, 2 left for the next run"), stderr
        statuses = dict(rows(db_path, "select url, enrich_status from resources"))
        assert [statuses[u] for u in done] == ["ok"] * 3
        assert [statuses[u] for u in slow] == [None, None]  # untouched, not half-written

        before = len(server.requests)
        again = subprocess.run(
            [*command, "--allow-private", "--timeout", "1", "-q"],
            env=_cli_env(server, tmp_path),
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert again.returncode == 1, again.stderr
    statuses = dict(rows(db_path, "select url, enrich_error from resources"))
    assert [statuses[u] for u in slow] == ["deadline"] * 2
    assert len(server.requests) == before  # what succeeded is not fetched again


def test_max_time_stops_taking_new_work(tmp_path: Path, server: LocalServer) -> None:
    db_path = tmp_path / "r.db"
    database = open_db(db_path)
    pages = [server.page(f"slow?head_delay=0.6&delay=0&chunks=1&key={n}") for n in range(6)]
    _insert_pages(database, pages)
    database.close()
    started = time.monotonic()
    options = ["--allow-private", "--concurrency", "1", "--max-time", "1", "-q"]
    result = CliRunner().invoke(app, ["enrich", "--db", str(db_path), *options])
    assert time.monotonic() - started < 1 + 0.6 + SLACK  # the budget, plus the fetch in hand
    assert result.exit_code == 1, result.output
    statuses = [status for (status,) in rows(db_path, "select enrich_status from resources")]
    fetched = statuses.count("ok")
    assert 1 <= fetched < 6 and statuses.count(None) == 6 - fetched
    assert result.stderr.strip().endswith(
        f"--max-time reached, {6 - fetched} left for the next run"
    )


def test_the_issue_scenario_accounts_for_every_row_and_a_second_run_asks_arxiv_nothing(
    tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample note, 110 arXiv ids (40 unknown) and faulty hosts, with a 3 s deadline."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sample.md").write_bytes(SAMPLE_NOTE.read_bytes())
    known = [f"2401.{n:05d}" for n in range(1, 71)]
    unknown = [f"2402.{n:05d}" for n in range(1, 41)]
    server.arxiv_add(
        *(
            ArxivRecord(
                arxiv_id=i,
                title=f"Test paper {i}",
                authors=("A. Author",),
                published="2024-01-02T00:00:00Z",
                primary_category="cs.LG",
                categories=("cs.LG",),
                summary="A synthetic abstract.",
            )
            for i in known
        )
    )
    (notes / "ids.md").write_text(
        "".join(f"- https://arxiv.org/abs/{i}\n" for i in known + unknown), encoding="utf-8"
    )
    db_path = tmp_path / "r.db"
    env = _cli_env(server, tmp_path)
    env["READLIST_ARXIV_DELAY"] = "3"  # arXiv's own pace
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(notes), "--db", str(db_path), "-q"]).exit_code == 0
    servers = [
        FaultyServer(name, host=f"127.0.0.{n}", interval=0.5)
        for n, name in enumerate(
            ("trickle-body", "trickle-headers", "silent", "late", "garbage", "reset"), start=2
        )
    ]
    with faulty(*servers):
        with sqlite3.connect(db_path) as conn:
            conn.executemany(
                "insert into resources (id, kind, name, url) values (?, 'page', ?, ?)",
                [(f"url:{s.url}/p", s.behaviour, f"{s.url}/p") for s in servers]
                + [(f"url:{server.page('ok')}", "ok", server.page("ok"))],
            )
        pending = rows(db_path, "select count(*) from resources where enrich_status is null")
        started = time.monotonic()
        first = runner.invoke(
            app, ["enrich", "--db", str(db_path), "--allow-private", "--timeout", "3"]
        )
        elapsed = time.monotonic() - started
        # 2 arXiv requests and 1 title search, 3.25 s apart; pages: ceil(rows / 8) x 3 s
        assert elapsed < 3 * 3.25 + 3 * 3 + 5, first.output
        assert first.exit_code == 1
        unaccounted = rows(
            db_path, "select id from resources where enrich_status is null and id not like 'name:%'"
        )
        assert pending[0][0] > 120 and unaccounted == []
        statuses = dict(rows(db_path, "select id, enrich_status from resources"))
        assert [statuses[f"arxiv:{i}"] for i in known] == ["ok"] * 70
        assert [statuses[f"arxiv:{i}"] for i in unknown] == ["not_found"] * 40

        server.reset()
        second = runner.invoke(
            app, ["enrich", "--db", str(db_path), "--allow-private", "--timeout", "3"]
        )
    assert second.exit_code == 1
    asked = [r.path for r in server.requests]
    assert "/api/query" not in asked and "/pages/ok" not in asked
