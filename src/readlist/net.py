"""The one place readlist talks HTTP: the client factory and a careful `fetch`.

SPEC "Network": httpx with its defaults for the environment (HTTP(S)_PROXY, NO_PROXY,
SSL_CERT_FILE honoured, so no custom transport here); timeouts; retries with
exponential backoff and jitter on 429/5xx and connection errors, honouring
Retry-After; at most 5 redirects, each hop checked; a cap on bytes read and on
time spent per page; private, loopback and link-local targets refused unless
allowed. Failures come back as short reasons (`timeout`, `http 404`,
`too many redirects`, `private address`), never as exceptions.
"""

from __future__ import annotations

import email.utils
import ipaddress
import random
import socket
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from readlist.config import user_agent
from readlist.ids import ip_literal, is_private_address

Resolver = Callable[[str], Iterable[str]]
Sleep = Callable[[float], None]

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_DEADLINE = 30.0  # seconds for one fetch: connect, headers and body; a drip ends here
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is a "come back later", not a wait
TIMEOUT_ERRORS = frozenset({"timeout", "deadline"})
# Worth another try: the network hiccuped, not the server said no.
TRANSIENT_ERRORS = TIMEOUT_ERRORS | {"connection failed", "connection reset"}
UNRESPONSIVE_AFTER = 2  # timeouts of one host in one run before it is skipped
PACING_MARGIN = 0.25  # seconds added to an API's interval, for latency jitter


def make_client(timeout: float = 20.0, connect_timeout: float = 10.0) -> httpx.Client:
    """The readlist HTTP client: versioned User-Agent, timeouts, environment proxies.

    Redirects are followed by `fetch`, one checked hop at a time.
    """
    return httpx.Client(
        headers={"User-Agent": user_agent()},
        timeout=httpx.Timeout(timeout, connect=connect_timeout),
        follow_redirects=False,
        http2=False,
    )


def system_resolver(host: str) -> list[str]:
    """The addresses a host name resolves to on this machine."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class Guard:
    """Which targets may be fetched. The resolver is injectable for tests."""

    allow_private: bool = False
    resolver: Resolver = system_resolver
    # Networks allowed even though private (a local mirror at 10.0.0.5/32, a test server).
    allow: tuple[str, ...] = ()
    _cache: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def refuse(self, url: str) -> str | None:
        """Why `url` must not be fetched, or None."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return "invalid URL"
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme or 'missing'} refused"
        if not host:
            return "invalid URL"
        if self.allow_private:
            return None
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            return "private address"
        literal = ip_literal(host)
        if literal is not None:
            return "private address" if self._refused(literal) else None
        if _proxied(parts.scheme, host):
            return None  # the proxy resolves names; it must not be done here (SPEC "Network")
        addresses = self._resolve(host)
        if not addresses:
            return "name does not resolve"
        for address in addresses:
            ip = ip_literal(address)
            if ip is None or self._refused(ip):
                return "private address"
        return None

    def _resolve(self, host: str) -> list[str]:
        """Addresses of `host` (none when it does not resolve), asked once per run: one
        answer for every page of a site, and one wait for a name that does not resolve."""
        cache = self._cache
        if host not in cache:
            try:
                cache[host] = list(self.resolver(host))
            except (OSError, UnicodeError):
                cache[host] = []
        return cache[host]

    def _refused(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if not is_private_address(ip):
            return False
        return not any(ip in ipaddress.ip_network(net, strict=False) for net in self.allow)


def _proxied(scheme: str, host: str) -> bool:
    proxies = urllib.request.getproxies()
    if not (proxies.get(scheme) or proxies.get("all")):
        return False
    # public since Python 2, but missing from typeshed
    bypass: Callable[[str, dict[str, str]], bool] = getattr(  # noqa: B009
        urllib.request, "proxy_bypass_environment"
    )
    return not bypass(host, proxies)


@dataclass
class FetchResult:
    """What a fetch gave: the final response's facts and body, or a failure reason."""

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    error: str | None = None  # set when nothing usable came back
    attempts: int = 0
    retry_after: float | None = None  # set when the server asked us to come back later
    sent_at: float | None = None  # clock() when the last request's headers were written
    cut_by: str | None = None  # "deadline" or "interrupted" when the body was cut short
    # Each redirect followed on the way: (its status, the URL it led to). A link checker
    # tells a permanent move (301, 308) from a temporary one by these (issue #20).
    redirects: tuple[tuple[int, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


class HostHealth:
    """Timeouts per host in one run. A host that timed out `limit` times is skipped for the
    rest of the run (issue #19: a host answering after 120 s, tried four times at ~20 s
    each, held the whole run). Shared by every fetcher of a run; thread-safe."""

    def __init__(self, limit: int = UNRESPONSIVE_AFTER) -> None:
        self.limit = limit
        self._timeouts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def timed_out(self, host: str) -> None:
        with self._lock:
            self._timeouts[host] += 1

    def unresponsive(self, host: str) -> bool:
        with self._lock:
            return self._timeouts[host] >= self.limit


class _Watchdog:
    """Ends one request at its wall-clock deadline, however its bytes arrive.

    httpx's timeouts are per read: a server that sends a byte every few seconds never
    trips them (a slow-body attack). The watchdog learns the request's socket from
    httpcore's `trace` extension (the connection's TCP stream, then its TLS stream) and
    shuts it down when the time is up, which wakes the blocked read at once.
    """

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._streams: list[Any] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self.fire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            self.watch(info.get("return_value"))

    def watch(self, stream: Any) -> None:
        if stream is None:
            return
        with self._lock:
            self._streams.append(stream)
            fired = self.fired
        if fired:  # the deadline passed while this connection was being made
            _shut(stream)

    def fire(self) -> None:
        with self._lock:
            self.fired = True
            streams = list(self._streams)
        for stream in streams:
            _shut(stream)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(stream: Any) -> None:
    try:
        sock = stream.get_extra_info("socket")
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, AttributeError):
        pass  # already closed, or detached when TLS wrapped it (the TLS stream is watched)


@dataclass
class Fetcher:
    """`fetch` with its policy: guard, retries, caps, deadlines. Sleep and clock are
    injectable. One fetcher serves many threads; `abort()` ends every fetch in flight."""

    client: httpx.Client
    guard: Guard = field(default_factory=Guard)
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = DEFAULT_DEADLINE
    retries: int = 3
    backoff: float = 1.0
    sleep: Sleep = time.sleep
    clock: Callable[[], float] = time.monotonic
    on_request: Callable[[str], None] | None = None
    hosts: HostHealth = field(default_factory=HostHealth)
    _aborted: threading.Event = field(default_factory=threading.Event, repr=False)
    _active: set[_Watchdog] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def abort(self) -> None:
        """End every fetch in flight ("interrupted") and refuse new ones: Ctrl-C, SIGTERM."""
        self._aborted.set()
        with self._lock:
            active = list(self._active)
        for watchdog in active:
            watchdog.fire()

    def fetch(
        self,
        url: str,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        data: bytes | None = None,
    ) -> FetchResult:
        """GET (or POST) `url`, retrying what is worth retrying; never raises for the network.

        The deadline covers the whole fetch: every attempt, redirect and wait between.
        """
        started = self.clock()
        result = FetchResult(url=url)
        for attempt in range(self.retries + 1):
            result = self._fetch_once(url, method, headers, max_bytes, data, started)
            result.attempts = attempt + 1
            wait = self._retry_wait(result, attempt)
            if wait is None:
                return result
            if self.clock() + wait - started >= self.deadline:
                break  # no time for another try: what we have is the answer
            self.sleep(wait)
        if result.error is None and result.status in RETRY_STATUSES:
            result.error = f"http {result.status} after {result.attempts} tries"
        return result

    def _retry_wait(self, result: FetchResult, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None to stop."""
        if attempt >= self.retries or self._aborted.is_set():
            return None
        if result.error in TIMEOUT_ERRORS:
            # Retried once at most, and not at all once the host is known to be
            # unresponsive: timeouts must not multiply the wait (issue #19).
            host = _host(result.final_url or result.url)
            if attempt >= 1 or self.hosts.unresponsive(host):
                return None
        elif not (result.status in RETRY_STATUSES or result.error in TRANSIENT_ERRORS):
            return None
        if result.retry_after is not None:
            if result.retry_after > MAX_RETRY_AFTER:
                return None
            return result.retry_after
        # Exponential backoff with full jitter (AWS architecture blog), never below 0.1 s.
        return max(0.1, random.uniform(0, self.backoff * 2**attempt))

    def _fetch_once(
        self,
        url: str,
        method: str,
        headers: Mapping[str, str] | None,
        max_bytes: int | None,
        data: bytes | None,
        started: float,
    ) -> FetchResult:
        cap = max_bytes if max_bytes is not None else self.max_bytes
        current = url
        hops: list[tuple[int, str]] = []
        for _hop in range(MAX_REDIRECTS + 1):
            if self._aborted.is_set():
                return FetchResult(url=url, final_url=current, error="interrupted")
            host = _host(current)
            if self.hosts.unresponsive(host):
                return FetchResult(url=url, final_url=current, error="host unresponsive")
            reason = self.guard.refuse(current)
            if reason:
                return FetchResult(url=url, final_url=current, error=reason)
            left = self.deadline - (self.clock() - started)
            if left <= 0:
                return self._timed_out(FetchResult(url=url, final_url=current), "deadline")
            if self.on_request:
                self.on_request(current)
            watchdog = _Watchdog(left)
            with self._lock:
                self._active.add(watchdog)
            watchdog.start()
            try:
                outcome = self._exchange(url, current, method, headers, data, cap, left, watchdog)
            finally:
                watchdog.cancel()
                with self._lock:
                    self._active.discard(watchdog)
            if isinstance(outcome, FetchResult):
                outcome.redirects = tuple(hops)
                return outcome
            current, status = outcome
            hops.append((status, current))
            if method == "POST" and status in (301, 302, 303):
                method, data = "GET", None
        return FetchResult(
            url=url, final_url=current, error="too many redirects", redirects=tuple(hops)
        )

    def _exchange(
        self,
        url: str,
        current: str,
        method: str,
        headers: Mapping[str, str] | None,
        data: bytes | None,
        cap: int,
        left: float,
        watchdog: _Watchdog,
    ) -> FetchResult | tuple[str, int]:
        """One request under its watchdog: the result, or the next hop's URL and status."""
        sent: list[float] = []

        def trace(event: str, info: Mapping[str, Any]) -> None:
            watchdog.trace(event, info)
            if event.endswith(".send_request_headers.complete"):
                sent.append(self.clock())

        # Connection: close, so that every request opens its own connection, whose socket
        # the watchdog learns as it is made (a reused one would be invisible to it).
        request_headers = {**(headers or {}), "Connection": "close"}
        timeout = self.client.timeout
        try:
            request = self.client.build_request(
                method,
                current,
                headers=request_headers,
                content=data,
                extensions={"trace": trace},
                # no single wait may outlast the deadline
                timeout=httpx.Timeout(
                    min(timeout.read or left, left),
                    connect=min(timeout.connect or left, left),
                    write=min(timeout.write or left, left),
                    pool=min(timeout.pool or left, left),
                ),
            )
            response = self.client.send(request, stream=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            failed = FetchResult(url=url, final_url=current, sent_at=_last(sent))
            return self._timed_out(failed, self._reason(exc, watchdog))
        try:
            watchdog.watch(response.extensions.get("network_stream"))
            if response.is_redirect and "location" in response.headers:
                return urljoin(current, response.headers["location"]), response.status_code
            result = self._read(url, current, response, cap, watchdog)
            result.sent_at = _last(sent)
            return result
        finally:
            response.close()

    def _reason(self, exc: httpx.HTTPError | httpx.InvalidURL, watchdog: _Watchdog) -> str:
        if watchdog.fired:
            return "interrupted" if self._aborted.is_set() else "deadline"
        return describe_error(exc)

    def _timed_out(self, result: FetchResult, reason: str) -> FetchResult:
        """Set the failure reason; count a timeout against the host."""
        result.error = reason
        if reason in TIMEOUT_ERRORS:
            self.hosts.timed_out(_host(result.final_url or result.url))
        return result

    def _read(
        self, url: str, final_url: str, response: httpx.Response, cap: int, watchdog: _Watchdog
    ) -> FetchResult:
        result = FetchResult(
            url=url,
            final_url=final_url,
            status=response.status_code,
            headers=dict(response.headers),
            retry_after=parse_retry_after(response.headers.get("retry-after")),
        )
        chunks: list[bytes] = []
        size = 0
        try:
            # iter_bytes decompresses: counting what it yields caps a gzip bomb too. No
            # chunk_size: each piece is kept as it arrives, so a deadline keeps the head.
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= cap:
                    result.truncated = True
                    break
        except httpx.HTTPError as exc:
            result.truncated = True
            reason = self._reason(exc, watchdog)
            if not chunks:
                result.status = None
                self._timed_out(result, reason)
            elif reason in ("deadline", "interrupted"):
                result.cut_by = reason  # the head may still hold what we came for
                self._timed_out(FetchResult(url=url, final_url=final_url), reason)
        result.body = b"".join(chunks)[:cap]
        return result


def _host(url: str) -> str:
    """host:port, the unit a timeout is counted against."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return ""
    return f"{parts.hostname or ''}:{port}"


def _last(times: list[float]) -> float | None:
    return times[-1] if times else None


@dataclass
class Pacer:
    """At most one request per `interval`, as the server counts it.

    A server measures the gaps between arrivals, not between our clock readings: a
    client pacing 3 s from its own request starts reached arXiv 2.9 s apart (issue #19).
    So the next request may start `interval + margin` after the previous one was sent
    (its headers written, which a trace reports; its start when unknown), and the margin
    absorbs the jitter in latency.
    """

    interval: float
    margin: float = PACING_MARGIN
    sleep: Sleep = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = field(default=None, repr=False)

    def wait(self) -> None:
        """Sleep until the next request may start, and count it as started."""
        if self._last is not None and self.interval > 0:
            remaining = self.interval + self.margin - (self.clock() - self._last)
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()

    def sent(self, at: float | None) -> None:
        """The request started at the last `wait` was sent at `at` (None: not known)."""
        if at is not None and (self._last is None or at > self._last):
            self._last = at


# API backoff: seconds before each retry of a throttled or transient failure.
API_BACKOFF = (2.0, 5.0, 15.0)


def fetch_paced(
    fetcher: Fetcher,
    pacer: Pacer,
    url: str,
    service: str,
    backoff: tuple[float, ...] = API_BACKOFF,
    throttled: Callable[[FetchResult], bool] | None = None,
    **kwargs: Any,
) -> tuple[FetchResult, int]:
    """One request to a paced API, retried with `backoff` when throttled (429, or what
    `throttled` recognises) or on a transient failure; every retry keeps the pace.

    The one retry policy of readlist's API clients (arXiv, Semantic Scholar, OpenAlex).
    Returns the last result, its `error` set when it gave up, and the requests made.
    """
    result = FetchResult(url=url)
    made = 0
    for attempt in range(len(backoff) + 1):
        pacer.wait()
        result = fetcher.fetch(url, **kwargs)
        made += 1
        pacer.sent(result.sent_at)
        is_throttled = result.status == 429 or (throttled is not None and throttled(result))
        retry = is_throttled or result.status in RETRY_STATUSES
        if result.error in TIMEOUT_ERRORS:
            retry = attempt == 0  # a timeout is retried once at most (issue #19)
        elif result.error in TRANSIENT_ERRORS:
            retry = True
        if not retry:
            return result, made
        wait = result.retry_after if result.retry_after is not None else None
        if attempt == len(backoff) or (wait is not None and wait > MAX_RETRY_AFTER):
            break
        pacer.sleep(wait if wait is not None else backoff[attempt])
    if result.error is None:
        if is_throttled:
            result.error = f"rate limited by {service}; will retry next run"
        else:
            result.error = f"http {result.status} after {made} tries"
    return result, made


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def describe_error(exc: httpx.HTTPError | httpx.InvalidURL) -> str:
    """A short, stored reason for an httpx exception, most specific class first."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ProxyError):
        return "proxy error"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if "certificate" in text or "ssl" in text:
            return "TLS error"
        return "connection failed"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection reset"
    if isinstance(exc, httpx.DecodingError):
        return "undecodable response"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported protocol"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid URL"
    return type(exc).__name__
