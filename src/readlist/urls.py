"""Find the URLs in a note's text, in every form people write them.

Forms: inline and reference-style Markdown links, `<autolinks>`, bare
`http(s)://` URLs, `www.` URLs, bare domains with a real public suffix
(`arxiv-sanity.com`), and Jekyll `{{ site.url }}` links when a site URL is known.
Images and assets are found too, and flagged, so callers can drop them.

Pure: text in, hits out. Offsets are into the text given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from readlist.spans import SpanSet, matches_on_lines_with

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# Characters that never belong to a URL written in prose or Markdown.
_URL_BODY = r"[^\s<>\"`{}|\\^\[\]\x00-\x1f\x7f\u3000]"

# These two start with their first letter and look behind it after (two characters
# back): a pattern that starts with a literal is scanned for at C speed, one that
# starts with a look-behind is tried at every position (2.5x slower).
_SCHEME_URL = re.compile(r"h(?<![A-Za-z0-9+.-].)ttps?://" + _URL_BODY + "+", re.IGNORECASE)
_WWW_URL = re.compile(
    r"w(?<![A-Za-z0-9_.@/:-].)ww\d{0,3}\.(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9_-])(?:[:/?#]" + _URL_BODY + "*)?",
    re.IGNORECASE,
)
# A host made of ASCII labels, not glued to a word, a path, an e-mail or a call.
_BARE_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9_.@/:\\$%#+~=-])"
    r"(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9]|@|\(|=)"
    r"(?P<rest>(?::\d{2,5})?(?:[/?#]" + _URL_BODY + "*)?)"
)
# Without a letter or digit, a dot and two letters on a line there is no bare domain
# on it: the pattern above runs only on lines that have one.
_DOMAIN_SHAPE = re.compile(r"\.(?<=[A-Za-z0-9]\.)[A-Za-z]{2}")  # the dot first: 5x faster
_SITE_URL = re.compile(
    # [ \t], not \s: a Liquid tag and its path are on one line (found by the fuzzer)
    r"\{\{-?[ \t]*site\.(?:url|baseurl)[ \t]*-?\}\}(?:\{\{-?[ \t]*site\.baseurl[ \t]*-?\}\})?"
    r"(?P<path>[^\s<>\"'`{}|\\^()\[\]]*)"
)
# A fence line: up to three spaces, then ``` or ~~~. Searched for after a newline
# (in "\n" + text), not as `^` in MULTILINE mode, which is tried at every position
# (4x slower).
_FENCE = re.compile(r"\n[ \t]{0,3}(`{3,}|~{3,})")

_TRAILING_PUNCT = ".,;:!?'\"*_~"
_PATH_DELIMS = "/?&=#"

ASSET_EXTENSIONS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "ico",
        "tif",
        "tiff",
        "avif",
        "heic",
        "apng",
        "css",
        "js",
        "mjs",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        "map",
        "mp4",
        "webm",
        "mov",
        "m4v",
        "mp3",
        "wav",
        "ogg",
    ]
)

# Suffixes people write bare in prose. Others (`.show`, `.info`, `.py`...) are
# too often code (`plt.show`, `df.info`, `model.py`) to take without a path.
_STRONG_SUFFIXES = frozenset(
    [
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "mil",
        "int",
        "io",
        "ai",
        "dev",
        "pub",
        "co",
        "me",
        "kr",
        "jp",
        "cn",
        "uk",
        "de",
        "fr",
        "ca",
        "eu",
        "us",
        "ch",
        "nl",
        "se",
        "ru",
        "au",
        "tv",
        "fm",
        "ly",
        "gg",
        "blog",
        "tech",
        "xyz",
        "news",
        "science",
        "academy",
        "ac",
    ]
)
# Suffixes that are also file extensions (`model.pt`, `run.sh`): never bare.
_CODE_LIKE_SUFFIXES = frozenset(
    [
        "py",
        "md",
        "sh",
        "rs",
        "pl",
        "cc",
        "so",
        "ps",
        "mk",
        "pt",
        "bz",
        "zip",
        "mov",
        "ml",
        "pm",
        "sc",
        "np",
        "st",
        "tf",
        "im",
        "ms",
        "lu",
        "cs",
        "rb",
        "ts",
        "js",
    ]
)


@dataclass(frozen=True)
class UrlHit:
    """One URL as written in the text."""

    start: int
    end: int
    surface: str  # exactly as written
    url: str  # absolute: a scheme added to `www.` and bare domains, site.url resolved
    form: str  # inline | reference | autolink | bare | www | domain | site | embed
    is_asset: bool  # an image or other asset: not a resource
    link_text: tuple[int, int] | None = None  # the [text] of an inline link, as offsets


class HostParts(NamedTuple):
    """A host name split at its public suffix: `ruder.github.io` → ruder + github.io."""

    domain: str  # the label before the suffix ("ruder"); "" when the host is a suffix
    suffix: str  # the longest public suffix, private rules included ("github.io"); "" if none
    registry_suffix: str  # the suffix by ICANN rules only ("io")

    @property
    def registered_domain(self) -> str:
        """`ruder.github.io`, `wikipedia.org` for `en.wikipedia.org`; "" when there is none."""
        return f"{self.domain}.{self.suffix}" if self.domain and self.suffix else ""


@lru_cache(maxsize=1)
def _suffix_lists() -> tuple[PublicSuffixList, PublicSuffixList]:
    """The Public Suffix List bundled with publicsuffixlist (no download at run time):
    all rules, and the ICANN section alone. An unknown last label is no suffix.

    The rules are kept as written (Unicode): adding the punycode form of each of them
    would triple the 20 ms load, and `split_host` decodes the rare punycode host instead.
    """
    from publicsuffixlist import PublicSuffixList

    return (
        PublicSuffixList(accept_unknown=False, accept_encoded_idn=False),
        PublicSuffixList(accept_unknown=False, accept_encoded_idn=False, only_icann=True),
    )


@lru_cache(maxsize=65536)
def split_host(host: str) -> HostParts:
    """A host name's public suffix and the label before it, by the Public Suffix List.

    Cached: notes name the same few hundred hosts again and again.
    """
    if "!" in host or "*" in host:
        return HostParts("", "", "")  # the list's rule syntax, never a host name
    every, icann = _suffix_lists()
    labels = host.lower().rstrip(".").split(".")
    lookup = ".".join(_unicode_label(label) for label in labels)
    suffix_labels = _label_count(every.publicsuffix(lookup))
    if not suffix_labels:
        return HostParts("", "", "")
    registry_labels = _label_count(icann.publicsuffix(lookup))
    return HostParts(
        labels[-suffix_labels - 1] if len(labels) > suffix_labels else "",
        ".".join(labels[-suffix_labels:]),
        ".".join(labels[-registry_labels:]) if registry_labels else "",
    )


def _unicode_label(label: str) -> str:
    """`xn--3e0b707e` → `한국`: a punycode label as the list writes it."""
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


def _label_count(suffix: str | None) -> int:
    return suffix.count(".") + 1 if suffix else 0


def find_urls(text: str, site_url: str | None = None) -> list[UrlHit]:
    """Every URL in `text`, in order of position, images and assets flagged."""
    code = _code_ranges(text)
    hits: list[UrlHit] = []
    taken = SpanSet()

    for match in _SCHEME_URL.finditer(text):
        for start, candidate in _unjoined(match):
            url = _trim(candidate, host_from=candidate.index("//") + 2)
            if not _has_host(url):
                continue
            hits.append(_hit(text, start, url, url, "bare"))
            taken.add(start, start + len(url))

    for match in _SITE_URL.finditer(text):
        if text.startswith(("{%", "{{"), match.end()):
            continue  # {{ site.baseurl }}{% post_url … %}: a post whose URL only Jekyll knows
        path = _trim(match.group("path"), host_from=0) if match.group("path") else ""
        surface = text[match.start() : match.start("path") + len(path)]
        is_asset = _is_asset_path(path) or path.startswith(("/assets/", "assets/"))
        if site_url is None and not is_asset:
            continue  # cannot be resolved without --site-url
        base = (site_url or "").rstrip("/")
        url = base + ("/" + path.lstrip("/") if path else "/")
        hit = _hit(text, match.start(), surface, url, "site")
        hits.append(UrlHit(hit.start, hit.end, surface, url, "site", hit.is_asset or is_asset))
        taken.add(hit.start, hit.end)

    for match in _WWW_URL.finditer(text):
        if taken.overlaps(match.start(), match.end()) or _in_ranges(match.start(), code):
            continue
        if _in_inline_code(text, match.start()):
            continue
        surface = _trim(match.group(), host_from=0)
        host = urlsplit("http://" + surface).hostname or ""
        if not split_host(host).suffix:
            continue
        hits.append(_hit(text, match.start(), surface, "https://" + surface, "www"))
        taken.add(match.start(), match.start() + len(surface))

    for match in matches_on_lines_with(_DOMAIN_SHAPE, _BARE_DOMAIN, text):
        if taken.overlaps(match.start(), match.end()) or _in_ranges(match.start(), code):
            continue
        host = match.group("host")
        rest = match.group("rest")
        if not _is_prose_domain(host, has_path=bool(rest) and rest != "/"):
            continue
        if _in_inline_code(text, match.start()):
            continue
        surface = _trim(match.group(), host_from=0)
        hits.append(_hit(text, match.start(), surface, "https://" + surface, "domain"))
        taken.add(match.start(), match.start() + len(surface))

    if "youtube" in text or "vimeo" in text or "video" in text:
        for start, surface, url in _embedded_videos(text):
            end = start + len(surface)
            if taken.overlaps(start, end) or _in_ranges(start, code):
                continue
            if not _in_inline_code(text, start):
                hits.append(UrlHit(start, end, surface, url, "embed", False))
                taken.add(start, end)

    hits.sort(key=lambda h: h.start)
    return _drop_link_text_duplicates(text, hits)


# Videos embedded by a blog's template tag rather than linked:
#   Hugo      {{< youtube w7Ft2ymGmfc >}}  {{< youtube id="w7Ft2ymGmfc" >}}  {{< vimeo 146022717 >}}
#   Jekyll    {% include video id="XsxDH4HcOWA" provider="youtube" %} (Minimal Mistakes)
#             {% include youtube.html id="XsxDH4HcOWA" %}  {% youtube XsxDH4HcOWA %}
_HUGO_VIDEO = re.compile(
    r"\{\{[<%]\s*(?P<site>youtube|vimeo)\s+(?:id\s*=\s*)?[\"']?(?P<id>[A-Za-z0-9_-]+)"
    r"[^}\n]*?[>%]\}\}",
    re.IGNORECASE,
)
_JEKYLL_VIDEO = re.compile(
    r"\{%-?\s*(?:include\s+(?P<include>video|youtube|vimeo)[\w-]*(?:\.html)?|(?P<tag>youtube|vimeo))"
    r"\b(?P<args>[^%\n]*)-?%\}",
    re.IGNORECASE,
)
# The video's id: `id="…"`, else the tag's first argument.
_TAG_ID = re.compile(r"\bid\s*=\s*[\"']?([A-Za-z0-9_-]+)|^\s*[\"']?([A-Za-z0-9_-]{6,})\b")
_TAG_PROVIDER = re.compile(r"\bprovider\s*=\s*[\"']?(youtube|vimeo)", re.IGNORECASE)
_VIDEO_URLS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
}


def _embedded_videos(text: str) -> list[tuple[int, str, str]]:
    """(offset, the tag as written, the video's URL) for each embedding template tag."""
    found = []
    for match in _HUGO_VIDEO.finditer(text):
        url = _VIDEO_URLS[match.group("site").lower()].format(match.group("id"))
        found.append((match.start(), match.group(), url))
    for match in _JEKYLL_VIDEO.finditer(text):
        args = match.group("args")
        site = (match.group("include") or match.group("tag")).lower()
        if site == "video":  # Minimal Mistakes names the provider
            provider = _TAG_PROVIDER.search(args)
            if provider is None:
                continue
            site = provider.group(1).lower()
        named = _TAG_ID.search(args)
        if named is not None:
            video_id = named.group(1) or named.group(2)
            found.append((match.start(), match.group(), _VIDEO_URLS[site].format(video_id)))
    return found


def _hit(text: str, start: int, surface: str, url: str, form: str) -> UrlHit:
    end = start + len(surface)
    form = _markdown_form(text, start, end) or form
    is_asset = _is_image_link(text, start) or _is_asset_url(url)
    link_text = None
    if form == "inline":
        close = text.rfind("](", 0, start)
        opening = _matching_open_bracket(text, close)
        if opening >= 0:
            link_text = (opening + 1, close)
    return UrlHit(start, end, surface, url, form, is_asset, link_text)


# `https://a.org/x,https://b.org/y`: a comma or semicolon right before a scheme ends a URL.
_NEXT_URL = re.compile(r"[,;](?=https?://)", re.IGNORECASE)


def _unjoined(match: re.Match[str]) -> list[tuple[int, str]]:
    """The URLs in one scheme match, with their offsets: one, unless several are joined."""
    whole = match.group()
    if whole.find("://", 8) < 0:
        return [(match.start(), whole)]
    pieces, start = [], 0
    for separator in _NEXT_URL.finditer(whole):
        pieces.append((match.start() + start, whole[start : separator.start()]))
        start = separator.end()
    pieces.append((match.start() + start, whole[start:]))
    return pieces


def _trim(candidate: str, host_from: int) -> str:
    """Cut a URL candidate where prose takes over: glued Hangul, trailing punctuation."""
    candidate = _cut_non_ascii(candidate, host_from)
    while candidate:
        last = candidate[-1]
        if (
            last in _TRAILING_PUNCT
            or (last == ")" and candidate.count("(") < candidate.count(")"))
            or (last == "]" and candidate.count("[") < candidate.count("]"))
        ):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def _cut_non_ascii(candidate: str, host_from: int) -> str:
    """Keep non-ASCII letters only in path segments that start with them (`/wiki/딥러닝`).

    Text glued to an ASCII segment (`/abs/1512.03385에서`) or to the host is prose.
    """
    if candidate.isascii():
        return candidate
    segment_ascii = True  # does the current segment hold ASCII characters?
    segment_start = True
    in_host = True
    for index, char in enumerate(candidate):
        if index < host_from:
            continue
        if char in _PATH_DELIMS:
            if char in "/?#":
                in_host = False
            segment_ascii = False
            segment_start = True
            continue
        if char.isascii():
            if segment_start:
                segment_ascii = True
            segment_start = False
            continue
        if in_host or (segment_ascii and not segment_start) or not _is_word_char(char):
            return candidate[:index]
        if segment_start:
            segment_ascii = False
        segment_start = False
    return candidate


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Mn"


# A scheme and `//`, then a host name's first character: no user, port or IPv6
# bracket to look past, so there is a host without splitting the URL (most links).
_PLAIN_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9][^/?#@\[\]]*(?:[/?#]|$)")


def _has_host(url: str) -> bool:
    if url.isascii() and _PLAIN_HOST.match(url):
        return True
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False


@lru_cache(maxsize=65536)
def _is_prose_domain(host: str, has_path: bool) -> bool:
    """Is a bare `name.suffix` a web address, rather than a file name or code?"""
    parts = split_host(host.lower())
    suffix = parts.registry_suffix or parts.suffix
    if not suffix or not parts.domain or parts.domain.isdigit():
        return False
    last = suffix.rsplit(".", 1)[-1]
    if last in _CODE_LIKE_SUFFIXES and "." not in suffix:
        return False
    return "." in suffix or last in _STRONG_SUFFIXES or has_path


def _markdown_form(text: str, start: int, end: int) -> str | None:
    """How a URL is written in Markdown, from the characters around it."""
    before = text[max(0, start - 2) : start]
    if before.endswith("](") or text[max(0, start - 3) : start] in ("](<", "]( "):
        return "inline"
    if before.endswith("<") and text[end : end + 1] == ">":
        return "autolink"
    line_start = text.rfind("\n", 0, start) + 1
    if re.match(r"[ \t]{0,3}\[[^\]]+\]:[ \t]*<?$", text[line_start:start]):
        return "reference"
    return None


def _is_image_link(text: str, start: int) -> bool:
    """Is the URL at `start` the target of `![alt](…)` or the src of an `<img>`?"""
    prefix = text[max(0, start - 3) : start]
    if prefix.endswith("](") or prefix.endswith("](<") or prefix.endswith("]( "):
        close = text.rfind("](", 0, start)
        opening = _matching_open_bracket(text, close)
        return opening > 0 and text[opening - 1] == "!"
    window = text[max(0, start - 300) : start]
    tag = window.rfind("<img")
    return tag != -1 and ">" not in window[tag:]


def _matching_open_bracket(text: str, close: int) -> int:
    """Index of the `[` that the `]` at `close` closes, or -1."""
    depth = 0
    line_start = text.rfind("\n", 0, close) + 1
    for index in range(close, line_start - 1, -1):
        char = text[index]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _drop_link_text_duplicates(text: str, hits: list[UrlHit]) -> list[UrlHit]:
    """`[https://x.org](https://x.org)` is one link: drop URLs inside a link's text."""
    inside = [hit.link_text for hit in hits if hit.link_text is not None]
    if not inside:
        return hits
    return [h for h in hits if not any(a <= h.start < b for a, b in inside)]


# The path of a plain ASCII URL, as urlsplit finds it (RFC 3986, appendix B),
# without the rest of urlsplit's work: asked for every link. Anything urlsplit would
# strip or refuse (spaces, control characters, brackets in the host) is left to it.
_URL_PATH = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:(?://[^/?#\[\]\s\x00-\x1f]*(?=[/?#]|$)|(?!//))"
    r"([^?#\s\x00-\x1f]*)(?:[?#][^\s\x00-\x1f]*)?"
)


def _is_asset_url(url: str) -> bool:
    match = _URL_PATH.fullmatch(url) if url.isascii() else None
    if match is not None:
        return _is_asset_path(match.group(1))
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return _is_asset_path(path)


def _is_asset_path(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[-1].lower() in ASSET_EXTENSIONS


@lru_cache(maxsize=1)
def _code_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of fenced code blocks.

    Cached for the last text: find_urls and code_spans both ask, one after the other,
    for the same note (a str caches its hash; the same object compares equal at once).
    """
    if "```" not in text and "~~~" not in text:
        return ()
    ranges: list[tuple[int, int]] = []
    # Offsets in "\n" + text are one more than in text: a match's start, at the
    # newline, is its line's start in text.
    fences = iter(_FENCE.finditer("\n" + text))
    for opening in fences:
        marker = opening.group(1)
        for closing in fences:
            if closing.group(1)[0] == marker[0] and len(closing.group(1)) >= len(marker):
                ranges.append((opening.start(), closing.end() - 1))
                break
        else:
            ranges.append((opening.start(), len(text)))
    return tuple(ranges)


_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and inline `code` spans, in order."""
    fenced = _code_ranges(text)
    spans = list(fenced)
    if "`" in text:
        for match in _INLINE_CODE.finditer(text):
            if not _in_ranges(match.start(), fenced) and "\n" not in match.group(2):
                spans.append((match.start(), match.end()))
    spans.sort()
    return spans


def _in_ranges(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _in_inline_code(text: str, offset: int) -> bool:
    """Inside a `code span` on its line (an odd number of backticks before it)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("`", line_start, offset) % 2 == 1
