"""Misbehaving servers on loopback for the enrich deadline tests (issue #19).

Each `FaultyServer` listens on 127.0.0.1 (or another 127.0.0.x, so that several count as
different hosts), port 0, and treats every request the same wrong way:

- `trickle-body`: a 200 with Content-Length 100000, then one byte every `interval` s;
- `trickle-headers`: a status line, then one byte of a header every `interval` s;
- `silent`: reads the request and never answers;
- `late`: answers after `delay` s (default 600: "after minutes");
- `garbage`: answers bytes that are not HTTP, then closes;
- `reset`: reads the request, then resets the connection.

`ArxivGapServer` plays arXiv's API the way arXiv counts: it takes the time each request
arrives and refuses (HTTP 429, `Rate exceeded.`) one that comes less than `min_gap`
seconds after the previous one. `read_delays` hold back the reading of the first
requests, as network latency would, so a client pacing from its own clock alone is caught.

Standard library only; every loop waits on the stop event, so `shutdown()` returns at once
whatever is in flight.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

_EMPTY_FEED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<feed xmlns="http://www.w3.org/2005/Atom" '
    b'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    b"<title>arXiv Query: test</title><id>http://arxiv.org/api/test</id>"
    b"<updated>2026-12-04T00:00:00-05:00</updated>"
    b"<opensearch:totalResults>0</opensearch:totalResults>"
    b"<opensearch:startIndex>0</opensearch:startIndex>"
    b"<opensearch:itemsPerPage>0</opensearch:itemsPerPage></feed>\n"
)


@dataclass
class FaultyServer:
    behaviour: str
    host: str = "127.0.0.1"
    interval: float = 1.0
    delay: float = 600.0
    connections: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _clients: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._listener = socket.create_server((self.host, 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultyServer:
        self._thread.start()
        return self

    def shutdown(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
            client.close()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._clients.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            if _read_head(client, self._stop) is not None:
                self.respond(client)
        except OSError:
            pass  # the client left: what these servers are for
        finally:
            with self._lock:
                self._clients.discard(client)
            client.close()

    def respond(self, client: socket.socket) -> None:
        stop = self._stop
        if self.behaviour == "trickle-body":
            client.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
            )
            while not stop.wait(self.interval):
                client.sendall(b" ")
        elif self.behaviour == "trickle-headers":
            client.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not stop.wait(self.interval):
                client.sendall(b"a")
        elif self.behaviour == "silent":
            stop.wait()
        elif self.behaviour == "late":
            if not stop.wait(self.delay):
                body = b"<title>Late</title>"
                client.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
                )
        elif self.behaviour == "garbage":
            client.sendall(b"\x00\x01this is not HTTP at all\r\n\r\n")
        elif self.behaviour == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            raise ValueError(self.behaviour)


def _read_head(client: socket.socket, stop: threading.Event) -> bytes | None:
    """The request line and headers, or None when the client left or the server stops."""
    client.settimeout(0.1)
    head = b""
    while b"\r\n\r\n" not in head:
        if stop.is_set():
            return None
        try:
            chunk = client.recv(4096)
        except TimeoutError:
            continue
        if not chunk:
            return None
        head += chunk
    return head


@dataclass
class ArxivGapServer(FaultyServer):
    """arXiv's API as a strict rate limiter: request arrival gaps under `min_gap` refused."""

    behaviour: str = "arxiv"
    min_gap: float = 3.0
    read_delays: list[float] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)
    refused: int = 0

    @property
    def api(self) -> str:
        return f"{self.url}/api/query"

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            pause = self.read_delays.pop(0) if self.read_delays else 0.0
        if pause and self._stop.wait(pause):
            client.close()
            return
        super()._serve(client)

    def respond(self, client: socket.socket) -> None:
        now = time.monotonic()
        with self._lock:
            too_soon = bool(self.arrivals) and now - self.arrivals[-1] < self.min_gap
            self.arrivals.append(now)
            self.refused += too_soon
        if too_soon:  # Retry-After: 1 keeps the test short; arXiv sends none
            body, status, kind = b"Rate exceeded.\n", b"429 Too Many Requests", b"text/plain"
        else:
            body, status, kind = _EMPTY_FEED, b"200 OK", b"application/atom+xml; charset=utf-8"
        client.sendall(
            b"HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%sConnection: close"
            b"\r\n\r\n%s" % (status, kind, len(body), b"Retry-After: 1\r\n" * too_soon, body)
        )

    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.arrivals, self.arrivals[1:], strict=False)]


@contextlib.contextmanager
def faulty(*servers: FaultyServer) -> Iterator[tuple[FaultyServer, ...]]:
    """Start the servers; shut them all down afterwards."""
    for server in servers:
        server.start()
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
