"""The private-address guard, with an injected resolver: no DNS is asked."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readlist.net import Guard, parse_retry_after


def _resolver(table: dict[str, list[str]]) -> Callable[[str], list[str]]:
    def resolve(host: str) -> list[str]:
        if host not in table:
            raise OSError("no such name")
        return table[host]

    return resolve


DNS = {
    "public.example": ["93.184.216.34"],
    "internal.example": ["10.0.0.5"],
    "mixed.example": ["93.184.216.34", "192.168.1.10"],
    "metadata.example": ["169.254.169.254"],
    "v6loop.example": ["::1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "ula.example": ["fd00::1"],
}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://public.example/a", None),
        ("https://internal.example/a", "private address"),
        ("https://mixed.example/a", "private address"),
        ("http://metadata.example/latest", "private address"),
        ("http://v6loop.example/", "private address"),
        ("http://mapped.example/", "private address"),
        ("http://ula.example/", "private address"),
        ("http://127.0.0.1:8000/", "private address"),
        ("http://[::1]/", "private address"),
        ("http://169.254.169.254/latest/meta-data/", "private address"),
        ("http://0.0.0.0/", "private address"),
        ("http://localhost/", "private address"),
        ("http://printer.local/", "private address"),
        ("http://8.8.8.8/", None),
        ("https://nowhere.example/", "name does not resolve"),
        ("ftp://public.example/f", "scheme ftp refused"),
        ("file:///etc/passwd", "scheme file refused"),
        ("javascript:alert(1)", "scheme javascript refused"),
    ],
)
def test_guard(url: str, reason: str | None) -> None:
    assert Guard(resolver=_resolver(DNS)).refuse(url) == reason


def test_allow_private_and_allowed_networks() -> None:
    assert Guard(allow_private=True, resolver=_resolver(DNS)).refuse("http://10.0.0.5/") is None
    mirror = Guard(resolver=_resolver(DNS), allow=("10.0.0.0/24",))
    assert mirror.refuse("https://internal.example/") is None
    assert mirror.refuse("http://169.254.169.254/") == "private address"


def test_behind_a_proxy_names_are_not_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")

    def no_dns(host: str) -> list[str]:
        raise AssertionError(f"resolved {host}")

    guard = Guard(resolver=no_dns)
    assert guard.refuse("https://only-the-proxy-knows.example/") is None
    assert guard.refuse("https://127.0.0.1/") == "private address"  # literals still checked
    assert guard.refuse("https://localhost/") == "private address"
    monkeypatch.setenv("NO_PROXY", "direct.example")
    with pytest.raises(AssertionError, match=r"resolved direct\.example"):
        guard.refuse("https://direct.example/")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("0", 0.0),
        (None, None),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value) == seconds
