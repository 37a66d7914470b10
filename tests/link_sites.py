"""Many web sites on one real HTTP server on 127.0.0.1, for the `readlist check` tests.

Notes cite paperswithcode.com, aclweb.org or a blog that died; the check must fetch those
very addresses. `Sites` serves every site from one `ThreadingHTTPServer` (port 0), routing
each request on its scheme, Host header and path, and `Sites.client()` is an httpx client
whose transport sends every request there with its Host header unchanged (what curl's
`--resolve` does; only tests pass `transport=`, SPEC "Network"). `Sites.resolver` plays
DNS for the address guard: a host with a route resolves to 127.0.0.1 (allowed with
`Guard(allow=("127.0.0.0/8",))`, the tests' loopback allowance), any other does not
resolve at all.

`archive.org/wayback/available` answers as the Wayback Machine's availability API does
(`{"url", "archived_snapshots": {"closest": {"status", "available", "url",
"timestamp"}}, "timestamp"}`), from the snapshots given to `Sites.archive`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    head_status: int | None = None  # what HEAD gets instead (405: HEAD not allowed)


def page(title: str, text: str = "", heading: str | None = None) -> Reply:
    body = f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
    body += f"<body>{f'<h1>{heading}</h1>' if heading else ''}<p>{text}</p></body></html>"
    return Reply(body=body.encode("utf-8"))


def redirect(to: str, status: int = 301) -> Reply:
    return Reply(status, b"", headers=(("Location", to),))


@dataclass(frozen=True)
class Request:
    method: str
    url: str


@dataclass
class Sites:
    routes: dict[str, Reply] = field(default_factory=dict)
    snapshots: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, url: str, reply: Reply) -> None:
        self.routes[url] = reply

    def archive(self, url: str, *timestamps: str) -> None:
        """The Wayback Machine holds 200 snapshots of `url` taken at these times."""
        self.snapshots[url] = [
            (stamp, f"http://web.archive.org/web/{stamp}/{url}") for stamp in timestamps
        ]
        for stamp in timestamps:  # the archived pages themselves
            self.add(f"https://web.archive.org/web/{stamp}/{url}", page(f"{url} at {stamp}"))

    def resolver(self, host: str) -> list[str]:
        hosts = {urlsplit(url).hostname for url in self.routes} | {"archive.org"}
        return ["127.0.0.1"] if host in hosts else []

    def client(self) -> httpx.Client:
        return httpx.Client(
            transport=_ToServer(self.port),
            follow_redirects=False,
            timeout=httpx.Timeout(2.0, connect=2.0),
        )

    def asked(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [r.url for r in self.requests if method is None or r.method == method]

    def answer(self, method: str, url: str) -> Reply:
        with self._lock:
            self.requests.append(Request(method, url))
        parts = urlsplit(url)
        if parts.hostname == "archive.org" and parts.path == "/wayback/available":
            return self._availability(parse_qs(parts.query))
        reply = self.routes.get(url)
        if reply is None:
            return Reply(404, b"<title>404 Not Found</title>")
        if method == "HEAD" and reply.head_status is not None:
            return Reply(reply.head_status, b"", reply.content_type)
        return reply

    def _availability(self, query: dict[str, list[str]]) -> Reply:
        wanted = query.get("url", [""])[0]
        stamp = query.get("timestamp", ["99999999"])[0]
        answer: dict[str, object] = {"url": wanted, "archived_snapshots": {}}
        if "timestamp" in query:
            answer["timestamp"] = stamp
        taken = self.snapshots.get(wanted)
        if taken:
            closest = min(taken, key=lambda s: abs(int(s[0][:8]) - int(stamp[:8])))
            answer["archived_snapshots"] = {
                "closest": {
                    "status": "200",
                    "available": True,
                    "url": closest[1],
                    "timestamp": closest[0],
                }
            }
        return Reply(body=json.dumps(answer).encode(), content_type="application/json")


class _ToServer(httpx.HTTPTransport):
    """Every request goes to the test server, its Host header and scheme carried along."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-Original-Scheme"] = request.url.scheme
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return super().handle_request(request)


def _handler(sites: Sites) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._reply(with_body=True)

        def do_HEAD(self) -> None:
            self._reply(with_body=False)

        def _reply(self, with_body: bool) -> None:
            scheme = self.headers.get("X-Original-Scheme", "http")
            url = f"{scheme}://{self.headers.get('Host')}{self.path}"
            reply = sites.answer(self.command, url)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            if with_body:
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_sites(sites: Sites) -> Iterator[Sites]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(sites))
    server.daemon_threads = True
    sites.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sites
    finally:
        server.shutdown()
        server.server_close()
