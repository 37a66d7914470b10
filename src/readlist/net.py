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
import time
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from readlist.config import user_agent
from readlist.ids import ip_literal, is_private_address

Resolver = Callable[[str], Iterable[str]]
Sleep = Callable[[float], None]

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_DEADLINE = 30.0  # seconds for one page, body included: a slow drip ends here
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is a "come back later", not a wait


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

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass
class Fetcher:
    """`fetch` with its policy: guard, retries, caps. Sleep and clock are injectable."""

    client: httpx.Client
    guard: Guard = field(default_factory=Guard)
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = DEFAULT_DEADLINE
    retries: int = 3
    backoff: float = 1.0
    sleep: Sleep = time.sleep
    clock: Callable[[], float] = time.monotonic
    on_request: Callable[[str], None] | None = None

    def fetch(
        self,
        url: str,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        data: bytes | None = None,
    ) -> FetchResult:
        """GET (or POST) `url`, retrying what is worth retrying; never raises for the network."""
        result = FetchResult(url=url)
        for attempt in range(self.retries + 1):
            result = self._fetch_once(url, method, headers, max_bytes, data)
            result.attempts = attempt + 1
            wait = self._retry_wait(result, attempt)
            if wait is None:
                return result
            self.sleep(wait)
        if result.error is None and result.status in RETRY_STATUSES:
            result.error = f"http {result.status} after {result.attempts} tries"
        return result

    def _retry_wait(self, result: FetchResult, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None to stop."""
        if attempt >= self.retries:
            return None
        retryable = result.status in RETRY_STATUSES or result.error in (
            "timeout",
            "connection failed",
            "connection reset",
        )
        if not retryable:
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
    ) -> FetchResult:
        cap = max_bytes if max_bytes is not None else self.max_bytes
        started = self.clock()
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            reason = self.guard.refuse(current)
            if reason:
                return FetchResult(url=url, final_url=current, error=reason)
            if self.on_request:
                self.on_request(current)
            try:
                request = self.client.build_request(method, current, headers=headers, content=data)
                response = self.client.send(request, stream=True)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                return FetchResult(url=url, final_url=current, error=describe_error(exc))
            try:
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    if method == "POST" and response.status_code in (301, 302, 303):
                        method, data = "GET", None
                    continue
                return self._read(url, current, response, cap, started)
            finally:
                response.close()
        return FetchResult(url=url, final_url=current, error="too many redirects")

    def _read(
        self, url: str, final_url: str, response: httpx.Response, cap: int, started: float
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
            # iter_bytes decompresses: counting what it yields caps a gzip bomb too.
            for chunk in response.iter_bytes(chunk_size=65536):
                chunks.append(chunk)
                size += len(chunk)
                if size >= cap:
                    result.truncated = True
                    break
                if self.clock() - started > self.deadline:
                    result.truncated = True
                    if not chunks:
                        result.error = "timeout"
                    break
        except httpx.HTTPError as exc:
            if not chunks:
                result.error = describe_error(exc)
            result.truncated = True
        result.body = b"".join(chunks)[:cap]
        return result


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
