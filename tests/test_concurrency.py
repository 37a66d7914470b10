"""readlist serve keeps answering while extract, enrich and mark write; no write is lost."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .http_server import LocalServer

READLIST = [sys.executable, "-m", "readlist"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _notes(folder: Path, count: int, generation: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        links = "\n".join(f"- https://site{j}.org/p/{i} ({generation})" for j in range(15))
        (folder / f"n{i:04d}.md").write_text(f"# {i}\n{links}\n", encoding="utf-8")


def test_serve_while_extract_enrich_and_mark_write(tmp_path: Path, server: LocalServer) -> None:
    notes, db_path = tmp_path / "notes", tmp_path / "readlist.db"
    _notes(notes, 400, 0)
    subprocess.run([*READLIST, "extract", str(notes), "--db", str(db_path), "-q"], check=True)
    pages = [server.page(f"slow?delay=0.05&chunks=2&key={i}") for i in range(40)]
    with sqlite3.connect(db_path) as conn:  # links that enrich can fetch, on the local server
        conn.executemany(
            "insert into resources (id, kind, name, url, mention_count) "
            "values (?, 'page', ?, ?, 1000)",
            [(f"url:{u}", u, u) for u in pages],
        )
    port = _free_port()
    server = subprocess.Popen(
        [*READLIST, "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/readlist/resources.json?_size=5&_facet=kind"
    statuses: list[int] = []
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(timeout=10) as client:
            while not stop.is_set():
                try:
                    statuses.append(client.get(url).status_code)
                except httpx.HTTPError:
                    statuses.append(0)
                time.sleep(0.02)

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "readlist serve did not start"
            time.sleep(0.2)
        poller = threading.Thread(target=poll)
        poller.start()
        _notes(notes, 400, 1)  # every note changed
        extract = subprocess.Popen(
            [*READLIST, "extract", str(notes), "--db", str(db_path), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        enrich = subprocess.Popen(
            # --limit: the 40 local pages come first (most mentioned); the notes' own links
            # point at hosts that do not exist here
            [
                *READLIST,
                "enrich",
                "--only",
                "pages",
                "--limit",
                "40",
                "--allow-private",
                "-q",
                "--db",
                str(db_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        marked = []
        for i in range(0, 40, 2):
            what = f"https://site{i % 15}.org/p/{i}"
            result = subprocess.run(
                [*READLIST, "mark", what, "done", "--note", f"n{i}", "--db", str(db_path)],
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stderr
            marked.append(what)
        _, extract_errors = extract.communicate(timeout=120)
        assert extract.returncode == 0, extract_errors
        _, enrich_errors = enrich.communicate(timeout=120)
        stop.set()
        poller.join(timeout=30)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=10)
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    with sqlite3.connect(db_path) as conn:
        done = conn.execute(
            "select count(*) from resources where status = 'done' and user_note like 'n%'"
        ).fetchone()[0]
        notes_done = conn.execute("select count(*) from notes").fetchone()[0]
        mentions = conn.execute("select count(*) from mentions").fetchone()[0]
        fetched = conn.execute(
            "select count(*) from resources where id like 'url:http://127.0.0.1%' "
            "and enrich_status = 'ok' and title is not null"
        ).fetchone()[0]
    assert done == len(marked) == 20
    assert (notes_done, mentions) == (400, 400 * 15)
    assert enrich.returncode == 0, enrich_errors
    assert fetched == len(pages)
