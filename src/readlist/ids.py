"""Every way of pointing at one thing, reduced to one key.

arXiv (abs/pdf/export/versioned/old-style/`arXiv:ID` in text), DOIs (links and
bare), GitHub repositories, YouTube videos, and plain URLs (host lowercased,
tracking parameters dropped). Pure functions: strings in, records out.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from readlist.hosts import split_host, unicode_host
from readlist.schemes import HOST_RULES, SCHEMES, landing_url, paper_key
from readlist.spans import SpanSet, matches_on_lines_with

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|"
    "comp-gas|cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|"
    "mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|"
    "supr-con|stat|q-fin|econ|eess"
)
_ARXIV_OLD = rf"(?:{_ARXIV_ARCHIVES})(?:\.[A-Z]{{2}})?/\d{{7}}"
_ARXIV_ID = re.compile(rf"^(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)

ARXIV_HOSTS = frozenset(
    {
        "arxiv.org",
        "www.arxiv.org",
        "export.arxiv.org",
        "lanl.arxiv.org",
        "xxx.lanl.gov",
        "ar5iv.org",
        "ar5iv.labs.arxiv.org",
        "alphaxiv.org",
        "www.alphaxiv.org",
    }
)
_ARXIV_PATH = re.compile(
    rf"^/(?:abs|pdf|ps|format|html|papers|overview)/(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})"
    r"(?:v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)

# arXiv ids written in prose. A cue ("arXiv:") makes any form safe; a bare
# new-style id needs the 5-digit form (2015 on) to be told from a number.
_TEXT_ARXIV_CUED = re.compile(
    rf"(?<![\w/.])arxiv(?:[ \t]*:[ \t]*|[ \t]+)(?:abs/)?"
    rf"(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?![\w.]*\d)",
    re.IGNORECASE,
)
_TEXT_ARXIV_BARE = re.compile(
    rf"(?<![\w/.:-])(?P<id>\d{{4}}\.\d{{5}}|{_ARXIV_OLD})(?:v\d+)?(?![\w/-]|\.\d)"
)

# What the patterns above cannot match without: they run only on lines that hold it.
# Each starts with one character, not a set, a look-behind or \d: the engine then
# skips ahead to it instead of trying every position (spans.Cue).
_ARXIV_WORD = (  # arxiv, any case
    re.compile(r"x(?<=[aA][rR]x)[iI][vV]"),
    re.compile(r"X(?<=[aA][rR]X)[iI][vV]"),
)
_BARE_ID_SHAPE = (re.compile(r"\.(?<=\d{4}\.)\d{5}"), re.compile(r"/\d{7}"))
_DOI_SHAPE = re.compile(r"10\.\d{4}")

_DOI = r"10\.\d{4,9}/[^\s\"<>`{}|\\^]+"
# [ \t], not \s: a cue and its id are on one line (found by fuzz/fuzz_extract.py).
_TEXT_DOI = re.compile(rf"(?<![\w/.])(?:doi[ \t]*:?[ \t]*)?(?P<doi>{_DOI})", re.IGNORECASE)
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_DOI_IN_PATH = re.compile(
    r"/(?:doi|article|chapter)/(?:abs/|full/|pdf/|epdf/|book/)?(10\.\d{4,9}/.+)$"
)

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "spm",
        "share_source",
        "si",
    }
)

_GITHUB_RESERVED = frozenset(
    [
        "about",
        "apps",
        "blog",
        "collections",
        "contact",
        "customer-stories",
        "enterprise",
        "events",
        "explore",
        "features",
        "issues",
        "join",
        "login",
        "marketplace",
        "new",
        "notifications",
        "orgs",
        "organizations",
        "pricing",
        "pulls",
        "readme",
        "search",
        "security",
        "settings",
        "site",
        "sponsors",
        "team",
        "topics",
        "trending",
        "codespaces",
        "resources",
        "solutions",
        "users",
    ]
)
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"})
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_HF_RESERVED = frozenset(
    [
        "docs",
        "blog",
        "spaces",
        "learn",
        "models",
        "datasets",
        "papers",
        "tasks",
        "pricing",
        "login",
        "join",
        "settings",
        "organizations",
        "posts",
        "collections",
        "chat",
    ]
)
# A page on a paper host that is not one paper (a volume, an event) is still about papers.
_PAPER_HOSTS = tuple(sorted({h for rule in HOST_RULES for h in rule.hosts} | {"dl.acm.org"}))


@dataclass(frozen=True)
class Target:
    """What a link or id points at, reduced to a stable key."""

    key: str  # arxiv:1512.03385 | doi:10.1109/… | github:owner/repo | youtube:ID | url:https://…
    kind: str
    name: str
    url: str | None
    domain: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    # Known facts (gazetteer) and how far to trust the name: 0 made from a URL,
    # 1 detected from a cue, 2 gazetteer, 3 the user's own.
    title: str | None = None
    year: int | None = None
    tags: tuple[str, ...] = ()
    confidence: float = 1.0
    rank: int = 0


@dataclass(frozen=True)
class IdHit:
    """An arXiv id or DOI written in prose (not inside a URL)."""

    start: int
    end: int
    surface: str
    scheme: str  # "arxiv" | "doi"
    value: str


def normalise_arxiv_id(raw: str) -> str | None:
    """`1512.03385v2`, `arXiv:1512.03385`, `cs/0112017v1.pdf` → the id without version."""
    raw = raw.strip()
    raw = re.sub(r"^arxiv\s*:\s*", "", raw, flags=re.IGNORECASE)
    match = _ARXIV_ID.match(raw)
    if not match:
        return None
    arxiv_id = match.group("id")
    if "/" in arxiv_id:
        archive, number = arxiv_id.split("/", 1)
        head, dot, sub = archive.partition(".")
        return f"{head.lower()}{dot}{sub.upper()}/{number}"
    return arxiv_id if _valid_new_style(arxiv_id) else None


def _valid_new_style(arxiv_id: str) -> bool:
    yymm, number = arxiv_id.split(".")
    month = int(yymm[2:])
    if not 1 <= month <= 12 or int(yymm[:2]) < 7:
        return False
    # Five-digit numbers started in January 2015; four-digit ones ended in December 2014.
    return (len(number) == 5) == (yymm >= "1501")


def arxiv_target(arxiv_id: str) -> Target:
    return Target(
        key=f"arxiv:{arxiv_id}",
        kind="paper",
        name=f"arXiv:{arxiv_id}",
        url=f"https://arxiv.org/abs/{arxiv_id}",
        domain="arxiv.org",
        arxiv_id=arxiv_id,
    )


def normalise_doi(raw: str) -> str | None:
    """A DOI in canonical form (lower case: DOIs are case-insensitive), or None."""
    doi = unquote(raw.strip())
    doi = re.sub(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)", "", doi, flags=re.IGNORECASE)
    doi = _trim_doi(doi)
    if not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
        return None
    return doi.lower()


def _trim_doi(doi: str) -> str:
    while doi and doi[-1] in ".,;:'\"*_!?":
        doi = doi[:-1]
    while doi.endswith(")") and doi.count("(") < doi.count(")"):
        doi = doi[:-1]
    while doi.endswith("]") and doi.count("[") < doi.count("]"):
        doi = doi[:-1]
    return doi


# arXiv's own DOIs (DataCite, since 2022): 10.48550/arXiv.1706.03762 is that arXiv paper.
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)


def doi_target(doi: str) -> Target:
    """The resource a DOI names: the arXiv paper itself for arXiv's DOIs."""
    arxiv_doi = _ARXIV_DOI.fullmatch(doi)
    if arxiv_doi and (arxiv_id := normalise_arxiv_id(arxiv_doi.group(1))):
        return arxiv_target(arxiv_id)
    return Target(
        key=f"doi:{doi}",
        kind="paper",
        name=f"doi:{doi}",
        url=f"https://doi.org/{doi}",
        domain="doi.org",
        doi=doi,
    )


def normalise_url(url: str) -> str:
    """Lowercase scheme and host, drop default ports, fragments and tracking parameters."""
    return urlunsplit(_normalised_parts(url))


# A URL as most are written: http(s), a lower-case ASCII host, a path and nothing else
# (no user, port, query, fragment or space). Its normal form is its own parts, read
# without urlsplit's general parse (a property test holds the two to the same result).
_PLAIN_URL = re.compile(r"(https?)://((?:[a-z0-9-]+\.)*[a-z0-9-]+)(/[^?#\s\x00-\x1f\x7f]*)?")


def _normalised_parts(url: str) -> SplitResult:
    """normalise_url's result, still split (classify_url needs both)."""
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None and "xn--" not in plain.group(2):
        return SplitResult(plain.group(1), plain.group(2), plain.group(3) or "/", "", "")
    return _split_and_normalise(url)


def _split_and_normalise(url: str) -> SplitResult:
    parts = urlsplit(url)
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower().rstrip(".")
    if "xn--" in host or not host.isascii():
        # One site in Unicode and in punycode is one resource: `한국.kr` (issue #16).
        host = unicode_host(host) or host
    netloc = host
    if parts.username:
        netloc = f"{parts.username}@{host}"
    port = parts.port if _port_ok(parts) else None
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    query_pairs = (
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
        ]
        if parts.query
        else []
    )
    query = urlencode(query_pairs, doseq=True, safe=":/@!$'()*+,;") if query_pairs else ""
    if query_pairs and _same_query(parts.query, query_pairs):
        query = parts.query  # nothing dropped: keep the query exactly as written
    return SplitResult(scheme, netloc, parts.path or "/", query, "")


def _same_query(original: str, pairs: list[tuple[str, str]]) -> bool:
    return len(parse_qsl(original, keep_blank_values=True)) == len(pairs)


def _port_ok(parts: SplitResult) -> bool:
    """`urlsplit(...).port` raises on a bad port; treat that as no port."""
    try:
        return parts.port is not None
    except ValueError:
        return False


def url_key(url: str | SplitResult) -> str:
    """The dedup key of a plain URL: http and https, and a trailing slash, are the same page."""
    parts = urlsplit(url) if isinstance(url, str) else url
    path = parts.path
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return "url:" + _unsplit("https", parts.netloc, path, parts.query, "")


def _unsplit(scheme: str, netloc: str, path: str, query: str, fragment: str) -> str:
    """urlunsplit's result, joined directly for a URL with a scheme and a host (every URL
    classify_url keeps): urlunsplit's own checks cost more than the join."""
    if not (scheme and netloc):
        return urlunsplit((scheme, netloc, path, query, fragment))
    if path and path[0] != "/":
        path = "/" + path
    url = f"{scheme}://{netloc}{path}"
    if query:
        url += "?" + query
    return url + "#" + fragment if fragment else url


def _hostname(parts: SplitResult) -> str:
    """`parts.hostname or ""`, read directly when the netloc is a bare host."""
    netloc = parts.netloc
    if "@" in netloc or ":" in netloc or "[" in netloc or "%" in netloc:
        return parts.hostname or ""
    return netloc.lower()


def _local_address(host: str) -> bool:
    """An IP address on this machine or a private network (192.168.0.10, 10.0.0.1, [::1],
    fe80::1): a link to one is nobody else's to read, like localhost."""
    if not (host[0].isdigit() or ":" in host):
        return False  # a name: no need to try parsing it
    ip = ip_literal(host)
    return ip is not None and is_private_address(ip)


def ip_literal(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host is written as (`[::1]`, `fe80::1%eth0` too), or None."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def is_private_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Not on the public internet: private, loopback, link-local, multicast, reserved or
    unspecified, IPv4-mapped IPv6 included. Extract drops links to these; enrich refuses
    to fetch them."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str | None:
    """`en.wikipedia.org` → `wikipedia.org`; `ruder.github.io` stays whole (a private suffix)."""
    if not host:
        return None
    return split_host(host).registered_domain or host


@lru_cache(maxsize=8192)
def classify_url(raw_url: str) -> Target | None:
    """Reduce a URL to its `Target`; None for URLs that are not worth reading (localhost).

    Cached: notes link to the same pages again and again, and a Target is immutable.
    (8,192 entries: at 65,536 the cache of unique URLs alone held 40 MB per process.)
    """
    try:
        parts = _normalised_parts(raw_url)
    except ValueError:
        return None
    host = _hostname(parts)
    if not host or host == "localhost" or host.endswith(".localhost") or _local_address(host):
        return None
    url = _unsplit(*parts)
    path = unquote(parts.path)
    domain = registered_domain(host)

    if host in ARXIV_HOSTS:
        match = _ARXIV_PATH.match(path)
        if match and (arxiv_id := normalise_arxiv_id(match.group("id"))):
            return arxiv_target(arxiv_id)
    if host in ("huggingface.co", "www.huggingface.co"):
        match = re.match(rf"^/papers/(?P<id>{_ARXIV_NEW})/?$", path)
        if match and (arxiv_id := normalise_arxiv_id(match.group("id"))):
            return arxiv_target(arxiv_id)
    if host in _DOI_HOSTS and (doi := normalise_doi(path.lstrip("/"))):
        return doi_target(doi)
    doi_in_path = _DOI_IN_PATH.search(path)
    if doi_in_path and (doi := normalise_doi(doi_in_path.group(1))):
        return doi_target(doi)
    if host in ("nature.com", "www.nature.com"):
        match = re.match(r"^/articles/([A-Za-z0-9.-]+?)(?:\.pdf)?/?$", path)
        if match:
            return doi_target(f"10.1038/{match.group(1).lower()}")

    if key := paper_key(host, path, parts.query):
        return paper_target(key)

    if host in ("github.com", "www.github.com"):
        target = _github_target(url, path)
        if target:
            return target
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        target = _youtube_target(host, path, parts.query)
        if target:
            return target

    kind = _kind_of_page(host, path)
    return Target(
        key=url_key(parts),
        kind=kind,
        name=_display_name(host, parts.path, parts.query),
        url=url,
        domain=domain,
    )


def paper_target(key: str) -> Target:
    """A paper on a paper host (`acl:P19-1066`), at its abstract page: the PDF and the
    abstract page of one paper are one resource (schemes.py)."""
    prefix, _, value = key.partition(":")
    url = landing_url(key) or ""
    return Target(
        key=key,
        kind=SCHEMES[prefix].kind,
        name=f"{SCHEMES[prefix].label} {value}",
        url=url,
        domain=registered_domain(urlsplit(url).hostname or ""),
    )


def _github_target(url: str, path: str) -> Target | None:
    segments = [s for s in path.split("/") if s]
    if not segments or segments[0].lower() in _GITHUB_RESERVED:
        return None
    owner = segments[0]
    if len(segments) == 1:
        return Target(
            key=url_key(url), kind="page", name=f"github.com/{owner}", url=url, domain="github.com"
        )
    repo = segments[1].removesuffix(".git")
    if not repo:
        return None
    return Target(
        key=f"github:{owner.lower()}/{repo.lower()}",
        kind="repo",
        name=f"{owner}/{repo}",
        url=f"https://github.com/{owner}/{repo}",
        domain="github.com",
    )


def _youtube_target(host: str, path: str, query: str) -> Target | None:
    video_id: str | None = None
    if host == "youtu.be":
        video_id = path.strip("/").split("/")[0]
    elif path == "/watch":
        video_id = dict(parse_qsl(query)).get("v")
    else:
        match = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", path)
        video_id = match.group(1) if match else None
    if not video_id or not _YOUTUBE_ID.match(video_id):
        return None
    return Target(
        key=f"youtube:{video_id}",
        kind="video",
        name=f"YouTube {video_id}",
        url=f"https://www.youtube.com/watch?v={video_id}",
        domain="youtube.com",
    )


def _kind_of_page(host: str, path: str) -> str:
    """A best guess at what a plain URL is, from its host and path."""
    lower = path.lower()
    if host in ("huggingface.co", "www.huggingface.co"):
        segments = [s for s in path.split("/") if s]
        if segments and segments[0] == "datasets" and len(segments) >= 2:
            return "dataset"
        if len(segments) == 2 and segments[0] not in _HF_RESERVED:
            return "model"
    if host.endswith("kaggle.com") and lower.startswith("/datasets/"):
        return "dataset"
    if host.endswith("paperswithcode.com") and lower.startswith("/dataset/"):
        return "dataset"
    if host in ("vimeo.com", "www.vimeo.com") and re.match(r"^/\d+", path):
        return "video"
    if lower.endswith(".pdf") or _is_paper_host(host):
        return "paper"
    if lower in ("", "/"):
        return "site"
    return "page"


@lru_cache(maxsize=4096)
def _is_paper_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in _PAPER_HOSTS)


def _display_name(host: str, path: str, query: str) -> str:
    """A readable name until a title is fetched: host and path, without `www.`."""
    name = host.removeprefix("www.") + (unquote(path).rstrip("/") if path != "/" else "")
    if query:
        name += "?" + unquote(query)
    return name if len(name) <= 120 else name[:119] + "…"


def find_text_ids(text: str, skip: list[tuple[int, int]]) -> list[IdHit]:
    """arXiv ids and DOIs written in prose, outside the spans in `skip` (URLs)."""
    hits: list[IdHit] = []
    taken = SpanSet(skip)
    for word, pattern in ((_ARXIV_WORD, _TEXT_ARXIV_CUED), (_BARE_ID_SHAPE, _TEXT_ARXIV_BARE)):
        for match in matches_on_lines_with(word, pattern, text, taken):
            start, end = match.start(), match.end()
            if taken.overlaps(start, end):
                continue
            arxiv_id = normalise_arxiv_id(match.group("id"))
            if arxiv_id is None:
                continue
            hits.append(IdHit(start, end, match.group(), "arxiv", arxiv_id))
            taken.add(start, end)
    for match in matches_on_lines_with(_DOI_SHAPE, _TEXT_DOI, text, taken):
        doi_raw = _trim_doi(match.group("doi"))
        start = match.start()
        end = match.start("doi") + len(doi_raw)
        if taken.overlaps(start, end):
            continue
        doi = normalise_doi(doi_raw)
        if doi:
            hits.append(IdHit(start, end, text[start:end], "doi", doi))
            taken.add(start, end)
    hits.sort(key=lambda h: h.start)
    return hits
