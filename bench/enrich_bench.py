"""enrich against local servers that add latency: how close to the ideal time it gets.

    python bench/enrich_bench.py [--pages 1000] [--hosts 50] [--ids 500] [--latency 0.1]

Starts one small HTTP server per host on 127.0.0.1 … 127.0.0.N (loopback only), each
answering after `latency` seconds, plus a fake arXiv API; fills a database with the
pages and arXiv ids, runs enrich with its real limits (8 pages at once, 2 per host,
one arXiv request every 3 s), and prints wall time, requests made, and the ratio to
the ideal time those limits allow.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from readlist.db import open_db
from readlist.enrich import EnrichOptions, enrich, make_services
from readlist.net import Guard, make_client


class _Handler(BaseHTTPRequestHandler):
    latency = 0.1
    counter: ClassVar[dict[str, int]] = {"pages": 0, "arxiv": 0}
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.latency)
        parts = urlsplit(self.path)
        if parts.path == "/api/query":
            ids = parse_qs(parts.query)["id_list"][0].split(",")
            entries = "".join(
                f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>Paper {i}</title>"
                "<published>2021-01-01T00:00:00Z</published><summary>s</summary>"
                "<author><name>A. Author</name></author></entry>"
                for i in ids
            )
            body = f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()
            kind = "arxiv"
        else:
            body = f"<html><head><title>Page {parts.path}</title></head></html>".encode()
            kind = "pages"
        with self.lock:
            self.counter[kind] += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _start(host: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--ids", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    _Handler.latency = args.latency
    servers = [_start(f"127.0.0.{n + 1}") for n in range(args.hosts)]
    api = _start("127.0.0.1")
    os.environ["READLIST_ARXIV_API"] = f"http://127.0.0.1:{api.server_address[1]}/api/query"
    with tempfile.TemporaryDirectory() as folder:
        database = open_db(Path(folder) / "readlist.db")
        rows = []
        for n in range(args.pages):
            host, port = servers[n % args.hosts].server_address[:2]
            url = f"http://{host}:{port}/p/{n}"
            rows.append({"id": f"url:{url}", "kind": "page", "name": url, "url": url})
        for n in range(args.ids):
            arxiv_id = f"2101.{n + 1:05d}"
            rows.append(
                {"id": f"arxiv:{arxiv_id}", "kind": "paper", "name": arxiv_id, "arxiv_id": arxiv_id}
            )
        database.table("resources").insert_all(rows)
        database.conn.commit()
        with make_client() as client:
            services = make_services(client, Guard(allow_private=True), min_arxiv_interval=3.0)
            options = EnrichOptions(
                only=frozenset({"arxiv", "pages"}), concurrency=args.concurrency
            )
            started = time.perf_counter()
            summary = enrich(database, services, options)
            wall = time.perf_counter() - started
    arxiv_requests = math.ceil(args.ids / 100)
    ideal_arxiv = (arxiv_requests - 1) * 3.0 + args.latency
    parallel = min(args.concurrency, 2 * args.hosts)
    ideal_pages = math.ceil(args.pages / parallel) * args.latency
    ideal = ideal_arxiv + ideal_pages
    print(
        f"pages {args.pages} over {args.hosts} hosts, {args.ids} arXiv ids, "
        f"{args.latency * 1000:.0f} ms latency"
    )
    print(f"filled {summary.filled}, failed {summary.failed}")
    print(
        f"requests: arXiv {_Handler.counter['arxiv']} (ideal {arxiv_requests}), "
        f"pages {_Handler.counter['pages']}"
    )
    print(
        f"wall {wall:.1f} s, ideal {ideal:.1f} s (arXiv {ideal_arxiv:.1f} s + pages "
        f"{ideal_pages:.1f} s), ratio {wall / ideal:.2f}"
    )
    for server in [*servers, api]:
        server.shutdown()


if __name__ == "__main__":
    main()
