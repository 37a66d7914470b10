"""What a fetch says about a link: ok, redirected, gone, soft-404, parked, blocked,
unreachable or error (issue #20). Pure: a `FetchResult` in, a `LinkState` out.

A dead page does not always answer 404. Sites answer 200 with a page titled "Page not
found" or "페이지를 찾을 수 없습니다" (a soft 404), send every old address to their home
page, or lapse to a domain parking service that shows "This domain is for sale". Each of
those counts as gone, with the reason said, so a reviewer can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from readlist.enrich.pages import decode_html
from readlist.net import TIMEOUT_ERRORS, FetchResult

OK = "ok"
REDIRECTED = "redirected"
GONE = "gone"
SOFT_404 = "soft-404"
PARKED = "parked"
BLOCKED = "blocked"
UNREACHABLE = "unreachable"
ERROR = "error"

# Worst first: a resource's status is the worst of its links'.
STATUSES = (GONE, SOFT_404, PARKED, UNREACHABLE, ERROR, BLOCKED, REDIRECTED, OK)
# Dead: what a replacement is looked for. `error` (a 500, a redirect loop) and `blocked`
# (a 403, a bot challenge) say nothing about the page being gone.
DEAD = frozenset({GONE, SOFT_404, PARKED, UNREACHABLE})
BROKEN = DEAD | {ERROR}

PERMANENT_REDIRECTS = frozenset({301, 308})
# The server refused us, not the page: a login wall, a bot check, a rate limit, a legal block.
_BLOCKED_STATUSES = frozenset({401, 403, 407, 429, 451, 999})
# The network failed us: nothing answered at that address.
_UNREACHABLE_ERRORS = TIMEOUT_ERRORS | {
    "name does not resolve",
    "connection failed",
    "connection reset",
    "host unresponsive",
    "TLS error",
}

# Titles (and first headings) of "not found" pages that answer 200, English and Korean.
_NOT_FOUND = re.compile(
    r"\b(?:404|page not found|not found|page (?:does not|doesn't) exist|"
    r"(?:page|content|post) (?:could not|cannot|can't|couldn't) be found|"
    r"no longer (?:available|exists))\b|"
    r"페이지를\s*찾을\s*수\s*없|찾을\s*수\s*없는\s*페이지|존재하지\s*않는\s*(?:페이지|게시물|글)|"
    r"삭제된\s*(?:페이지|게시물|글)",
    re.IGNORECASE,
)
# Domain parking: what its pages say, in titles or in a short page's text...
_FOR_SALE = re.compile(
    r"domain (?:name )?(?:is |may be )?for sale|buy this domain|this domain (?:is|has been) parked|"
    r"parked (?:free|domain)|domain parking|도메인을?\s*(?:구매|판매)|판매\s*중인\s*도메인",
    re.IGNORECASE,
)
# ...and the parking services themselves (their scripts, or where they redirect to).
PARKING_HOSTS = (
    "sedoparking.com",
    "sedo.com",
    "parkingcrew.net",
    "bodis.com",
    "dan.com",
    "afternic.com",
    "hugedomains.com",
    "above.com",
    "parklogic.com",
    "undeveloped.com",
)
_PARKING_MARK = re.compile("|".join(re.escape(host) for host in PARKING_HOSTS), re.IGNORECASE)
_SHORT_PAGE = 2000  # characters of text: a parking page has little; an article has more
PAGE_BYTES = 256 * 1024  # enough for a title, a heading and a parking page


@dataclass(frozen=True)
class LinkState:
    """A link's health at one check."""

    status: str
    reason: str
    http_status: int | None = None
    final_url: str | None = None
    moved_to: str | None = None  # where permanent redirects led, when the page answers there
    title: str | None = None

    @property
    def dead(self) -> bool:
        return self.status in DEAD


@dataclass(frozen=True)
class PageText:
    """What a page says about itself: its title, first heading and how much text it has."""

    title: str | None
    heading: str | None
    text: str


def read_page_text(body: bytes, content_type: str | None) -> PageText:
    tree = LexborHTMLParser(decode_html(body, content_type))
    title = tree.css_first("title")
    heading = tree.css_first("h1")
    text = tree.body.text(separator=" ") if tree.body is not None else ""
    return PageText(
        _squash(title.text() if title is not None else None),
        _squash(heading.text() if heading is not None else None),
        " ".join(text.split()),
    )


def is_html(content_type: str | None) -> bool:
    mime = (content_type or "").split(";")[0].strip().lower()
    return not mime or "html" in mime or mime.startswith("text/")


def classify(url: str, result: FetchResult, page: PageText | None = None) -> LinkState:
    """The link's state from the fetch of `url` (and, for a 200 HTML page, what it says)."""
    final = result.final_url or url
    if result.error is not None and result.status is None:
        status = UNREACHABLE if result.error in _UNREACHABLE_ERRORS else ERROR
        return LinkState(status, result.error, None, final)
    code = result.status or 0
    if code in (404, 410):
        return LinkState(GONE, f"http {code}", code, final)
    if code in _BLOCKED_STATUSES or _is_challenge(result):
        return LinkState(BLOCKED, f"http {code}", code, final)
    if not 200 <= code < 300:
        return LinkState(ERROR, result.error or f"http {code}", code, final)
    title = page.title if page else None
    if _PARKING_MARK.search(urlsplit(final).hostname or ""):
        return LinkState(PARKED, f"redirected to a parking service ({_host(final)})", code, final)
    if page is not None:
        parked = _parked(page, result.body)
        if parked:
            return LinkState(PARKED, parked, code, final, title=title)
        for what, text in (("title", page.title), ("heading", page.heading)):
            if text and _NOT_FOUND.search(text):
                return LinkState(SOFT_404, f"{what} says {text!r}", code, final, title=title)
    if result.redirects and _home_page(final) and not _home_page(url):
        reason = f"redirected to the home page {final}"
        return LinkState(SOFT_404, reason, code, final, title=title)
    if result.redirects and not same_page(url, final):
        moved = permanent_target(url, result.redirects)
        kinds = ", ".join(str(status) for status, _ in result.redirects)
        return LinkState(REDIRECTED, f"redirected ({kinds}) to {final}", code, final, moved, title)
    return LinkState(OK, f"http {code}", code, final, title=title)


def permanent_target(url: str, redirects: tuple[tuple[int, str], ...]) -> str | None:
    """Where the unbroken run of permanent redirects from `url` leads, if anywhere: a 302
    on the way is the site's choice of the day, not a move."""
    target = None
    for status, location in redirects:
        if status not in PERMANENT_REDIRECTS:
            break
        target = location
    return target if target is not None and not same_page(url, target) else None


def same_page(a: str, b: str) -> bool:
    """The same address but for case of the host, `www.`, a trailing slash or a fragment:
    a redirect between those moves nothing worth rewriting a note for."""
    return _comparable(a) == _comparable(b)


def _comparable(url: str) -> tuple[str, str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return parts.scheme.lower(), host, parts.path.rstrip("/"), parts.query


def _home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _parked(page: PageText, body: bytes) -> str | None:
    if page.title and _FOR_SALE.search(page.title):
        return f"title says {page.title!r}"
    mark = _PARKING_MARK.search(body.decode("latin-1"))
    if mark:
        return f"a parking service's page ({mark.group().lower()})"
    if len(page.text) < _SHORT_PAGE:
        sale = _FOR_SALE.search(page.text)
        if sale:
            return f"page says {sale.group()!r}"
    return None


def _is_challenge(result: FetchResult) -> bool:
    """A bot check in front of the page (Cloudflare's "Just a moment..."), not the page."""
    headers = {k.lower(): v for k, v in result.headers.items()}
    return headers.get("cf-mitigated") == "challenge"


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _squash(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split())[:300] or None
