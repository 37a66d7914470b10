"""Find the URLs in a note's text, in every form people write them.

Forms: inline and reference-style Markdown links, `<autolinks>`, bare
`http(s)://` URLs, `www.` URLs, bare domains with a real public suffix
(`arxiv-sanity.com`), and Jekyll `{{ site.url }}` links when a site URL is known.
Images and assets are found too, and flagged, so callers can drop them.

Pure: text in, hits out. Offsets are into the text given.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from readlist.hosts import (
    BADGE_IMAGE_HOSTS,
    BADGE_TARGET_HOSTS,
    IMAGE_HOSTS,
    HostParts,
    glued_prose_at,
    split_host,
    unicode_host,
)
from readlist.spans import SpanSet, cue_matches, matches_on_lines_with

__all__ = ["HostParts", "UrlHit", "code_spans", "find_urls", "split_host"]

# Characters that never belong to a bare URL written in prose or Markdown: space, `<`
# and `>` (a tag, an autolink's end), a backtick (a code span), `|` (a table's cell).
# Brackets, braces and quotes do (`…/blah_[other]`, `…/{I'm_king}`): `_trim` keeps
# them when they pair up (issue #16).
# A backslash is let in here, and kept only as a Markdown escape of a punctuation mark
# (`…/x\_y`, written so to keep an underscore from starting emphasis; `_escaped_end`):
# the URL is then the unescaped one.
_URL_BODY = r"[^\s<>`|^\x00-\x1f\x7f\u3000]"

# These start with their first letter and look behind it after (two characters
# back): a pattern that starts with a literal is scanned for at C speed, one that
# starts with a look-behind or a set is tried at every position (2.5-5x slower). So
# each is two patterns, one per case of its first letter, the rest ignoring case
# (spans.Cue; no other character folds to h or w). A URL glued to a word (`xhttp://`)
# is none; after `_`, `*` or `~` it is one (GFM's extended autolinks: `_https://…_`).
_SCHEME_REST = r"(?<![A-Za-z0-9+.-].)ttps?://"
_SCHEME_STARTS = (re.compile(f"h(?i:{_SCHEME_REST})"), re.compile(f"H(?i:{_SCHEME_REST})"))
_SCHEME_BODY = re.compile(_URL_BODY + "*")
_WWW_REST = (
    r"(?<![\w.@/:-].)ww\d{0,3}\.(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,24}|xn--[\w-]+)"
    r"(?![\w-])(?:[:/?#]" + _URL_BODY + "*)?"
)
_WWW_URLS = (re.compile(f"w(?i:{_WWW_REST})"), re.compile(f"W(?i:{_WWW_REST})"))
# A host's character: not a space, a control, ASCII punctuation but `-`, `_` and `.`,
# nor CJK or full-width punctuation (`」`, `。`, `）`). A label's: not `.` either.
_NOT_HOST = (
    r"\s\x00-\x2c/:-@\[-^`{-\x7f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
    r"\uff5b-\uff65"
)
_HOST_CHAR = f"[^{_NOT_HOST}]"
_LABEL_CHAR = f"[^{_NOT_HOST}.]"
# A host made of labels, not glued to a word, a path, an e-mail or a call. Its last
# label is ASCII (`한국.kr`, `bürger.de`, `xn--p1ai`); `_IDN_DOMAIN` takes the rest.
_BARE_DOMAIN = re.compile(
    r"(?<![\w.@/:\\$%#+~=-])"
    r"(?P<host>(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59}))"
    # ASCII: Korean glued after the suffix (`nlpprogress.com에서`) does not extend it
    r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9]|@|\(|=)"
    r"(?P<rest>(?::\d{2,5})?(?:[/?#]" + _URL_BODY + "*)?)"
)
# Without a letter or digit, a dot and two ASCII letters on a line there is no bare
# domain on it: the pattern above runs only on lines that have one.
_DOMAIN_SHAPE = re.compile(r"\.(?<=\w\.)[A-Za-z]{2}")  # the dot first: 5x faster
# A host with a label of Unicode letters beside a dot (`президент.рф`, `➡.ws`): rare,
# so found on the lines that hold such a dot, and kept only for a known suffix.
_IDN_SHAPE = re.compile(r"\.(?:(?<=[^\x00-\x7f]\.)\w|(?=[^\x00-\x7f]))")
_IDN_DOMAIN = re.compile(
    r"(?<![\w.@/:\\$%#+~=-])"
    rf"(?P<host>(?:{_LABEL_CHAR}+\.)+{_LABEL_CHAR}+)"
    r"(?P<rest>(?::\d{2,5})?(?:[/?#]" + _URL_BODY + "*)?)"
)
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


def find_urls(text: str, site_url: str | None = None) -> list[UrlHit]:
    """Every URL in `text`, in order of position, images and assets flagged."""
    code = _code_ranges(text)
    hits: list[UrlHit] = []
    taken = SpanSet()

    position = 0
    for match in cue_matches(_SCHEME_STARTS, text):
        start = match.start()
        if start < position:
            continue  # inside the URL before
        found = _scheme_url(text, start, match.end())
        if found is None:
            continue
        end, url = found
        previous = hits[-1] if hits else None
        if (
            previous is not None
            and previous.link_text is not None
            and previous.end == start - 2
            and text.startswith("](", previous.end)
            and previous.url == url
        ):
            position = end
            continue  # the second copy of a link pasted into its own destination
        hits.append(_hit(text, start, text[start:end], url, "bare"))
        taken.add(start, end)
        position = end  # the next URL may be glued to this one: `[a](u1)[b](u2)`

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

    for match in cue_matches(_WWW_URLS, text):
        if taken.overlaps(match.start(), match.end()) or _in_ranges(match.start(), code):
            continue
        if _in_inline_code(text, match.start()):
            continue
        www = _host_first(_escapes_kept(match.group()))
        if www is None:
            continue
        hits.append(_hit(text, match.start(), www, "https://" + _unescaped(www), "www"))
        taken.add(match.start(), match.start() + len(www))

    # A bare domain ends in `x.ab`, a cue; an IDN host need not hold its cue (the
    # non-ASCII label may be another host's on the line), so its lines are all searched.
    for shape, pattern, cued in (
        (_DOMAIN_SHAPE, _BARE_DOMAIN, taken),
        (_IDN_SHAPE, _IDN_DOMAIN, None),
    ):
        for match in matches_on_lines_with(shape, pattern, text, cued):
            start = match.start() + _glued_before(match.group("host"))
            while start and text[start - 1] > "\x7f" and _is_symbol(text[start - 1]):
                start -= 1  # `✪df.ws`: a label may start with a symbol, as IDNA allows
            if taken.overlaps(start, match.end()) or _in_ranges(start, code):
                continue
            domain = _host_first(_escapes_kept(text[start : match.end()]))
            if domain is None:
                continue
            host = domain[: _match_end(_HOST_PART, domain, 0)]
            if not _is_prose_domain(host, has_path=domain[len(host) :] not in ("", "/")):
                continue
            if _in_inline_code(text, start):
                continue
            hits.append(_hit(text, start, domain, "https://" + _unescaped(domain), "domain"))
            taken.add(start, start + len(domain))

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
    link_text = None
    if form == "inline":
        close = text.rfind("](", 0, start)
        opening = _matching_open_bracket(text, close)
        if opening >= 0:
            link_text = (opening + 1, close)
        is_image = opening > 0 and text[opening - 1] == "!"  # the target of `![alt](…)`
    else:
        is_image = _in_image_tag(text, start)
        if text[max(0, start - 6) : start].lower() in ('href="', "href='"):
            link_text = _anchor_text(text, start, end)
    is_asset = is_image or _is_asset_url(url)
    if not is_asset:
        host = _HOST_OF.match(url)
        kind = _host_kind(host.group(1)) if host else ""
        if kind == "image":
            is_asset = True  # an image's page (imgur, gyazo, flickr): an image all the same
        elif kind == "badge target" or _CI_PAGE.search(url):
            image = _only_image(text, end, link_text)
            is_asset = image is not None and _is_badge(image)
    return UrlHit(start, end, surface, url, form, is_asset, link_text)


# After an `<a>` tag's URL: the rest of the tag, then its text (plain text only) and `</a>`.
_ANCHOR_TEXT = re.compile(r"[^>\n]*>(?P<text>[^<>\n]{1,300})</a\s*>", re.IGNORECASE)


def _anchor_text(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The text of `<a href="url">text</a>`, as offsets, when the URL at `start` is the
    href of an `<a>` tag: that is the link's text, as `[text](url)`'s is."""
    tag = text.rfind("<", 0, start)
    if tag < 0 or text[tag : tag + 3].lower() not in ("<a ", "<a\t", "<a\n"):
        return None
    match = _ANCHOR_TEXT.match(text, end)
    return match.span("text") if match else None


@lru_cache(maxsize=65536)
def _host_kind(host: str) -> str:
    """What a host is to a link around an image: "image" (its page), "badge target" or ""."""
    domain = split_host(host).registered_domain
    if domain in IMAGE_HOSTS:
        return "image"
    return "badge target" if domain in BADGE_TARGET_HOSTS else ""


_HOST_OF = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@\s]*@)?([^/?#:\s]+)")
# A CI run's page on a code host, where a build badge links.
_CI_PAGE = re.compile(r"//(?:www\.)?git(?:hub|lab)\.com/[^/]+/[^/]+/(?:-/)?(?:actions|pipelines)")
# A link's whole content is one image: Markdown `![alt](src)` or HTML `<img src=…>`.
_IMAGE = (
    r"(?:!\[[^\]]*\]\(\s*<?(?P<md>[^\s)>]+)[^)]*\)"
    r"|<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<html>[^\"'\s>]+)[^>]*>)"
)
_ONLY_IMAGE = re.compile(rf"\s*{_IMAGE}\s*")
# The rest of an `<a href="…">` tag, then one image and `</a>`.
_ANCHOR_IMAGE = re.compile(rf"[\"']?[^>]*>\s*{_IMAGE}\s*</a>", re.IGNORECASE)


def _only_image(text: str, end: int, link_text: tuple[int, int] | None) -> str | None:
    """The image a link holds when it holds nothing else: `[![alt](src)](url)` or
    `<a href="url"><img src="src"></a>`."""
    if link_text is not None:
        image = _ONLY_IMAGE.fullmatch(text, *link_text)
    else:
        image = _ANCHOR_IMAGE.match(text, end)
    return (image.group("md") or image.group("html")) if image else None


def _is_badge(image: str) -> bool:
    """Is an image a status badge (shields.io, a CI's `…/badge.svg`)?"""
    host = _HOST_OF.match(image)
    domain = split_host(host.group(1).lower()).registered_domain if host else ""
    return domain in BADGE_IMAGE_HOSTS or "badge" in image.lower()


# A second URL glued to a first after a comma, semicolon, bracket or quote starts
# there: `https://a.org/x,https://b.org/y`, `(https://a.org/),(https://b.org/x)`.
# Not after `/` or `=`: `web.archive.org/web/2020/https://…`, `?url=https://…`.
_NEXT_URL = re.compile(r"[,;(\[{\"'](?=https?://)", re.IGNORECASE)
# After `//`: user information, the host (a bracketed IP literal, or labels), a port.
_AUTHORITY = re.compile(
    r"(?:[^\s/?#@\[\]<>\"'`]*@)?(?P<host>\[[0-9A-Fa-f:.]*\]|" + _HOST_CHAR + "*)"
    r"(?::(?P<port>\d+))?"
)
# A host and what follows it, in a URL written without a scheme.
_HOST_PART = re.compile(_HOST_CHAR + "+")
# A CommonMark link destination not in <>: no space or control, parentheses balanced
# (two deep here), backslash escapes. Possessive: a `(` never closed cannot backtrack.
_DEST_ATOM = r"(?:[^\s()\\\x00-\x1f\x7f]++|\\[!-/:-@\[-`{-~]?)"
_DESTINATION = re.compile(rf"(?:{_DEST_ATOM}|\((?:{_DEST_ATOM}|\((?:{_DEST_ATOM})*+\))*+\))*+")
# An autolink's rest (CommonMark): anything but space, control, `<` and `>`, up to `>`.
_AUTOLINK_REST = re.compile(r"[^\s<>\x00-\x1f\x7f]*>")
_POINTED_DESTINATION = re.compile(r"(?:[^<>\n\\]|\\.)*>")
_REFERENCE_LABEL = re.compile(r"[ \t]{0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# GFM: `&hl;` at the end of an autolink is an entity after it, not part of it.
_TRAILING_ENTITY = re.compile(r"&[A-Za-z0-9]+;$")


def _escapes_kept(surface: str) -> str:
    """A URL written without a scheme, cut at a backslash that escapes nothing."""
    return surface[: _escaped_end(surface, 0, len(surface))] if "\\" in surface else surface


def _unescaped(surface: str) -> str:
    return _ESCAPE.sub(r"\1", surface) if "\\" in surface else surface


def _escaped_end(text: str, start: int, end: int) -> int:
    """Where a bare URL stops at a backslash that escapes no punctuation mark."""
    index = text.find("\\", start, end)
    while index >= 0:
        if _ESCAPE.match(text, index) is None:
            return index
        index = text.find("\\", index + 2, end)
    return end


_SCHEME_AFTER_LINK = re.compile(r"<?(?:https?|ftp)://", re.IGNORECASE)


def _scheme_url(text: str, start: int, after: int) -> tuple[int, str] | None:
    """The end of the http(s) URL at `start` and the URL it stands for, or None.

    Where Markdown or HTML delimit the URL (an autolink `<…>`, a link destination, an
    attribute value), it ends where they say; written bare, where GFM's extended
    autolinks end, less glued prose. Then its host must be a host (issue #16).
    """
    end, written = _delimited_end(text, start)
    if end >= 0 and written == "destination":
        pasted = text.find("](", start, end)
        if pasted >= 0 and _SCHEME_AFTER_LINK.match(text, pasted + 2):
            # `[https://a.org/x](https://a.org/x](https://a.org/x))`, a link pasted into
            # its own destination: the address ends where the second link starts
            end = pasted
    if end >= 0:
        surface = text[start:end]
        url = surface  # an autolink is as written: no escapes, no entities (CommonMark)
        if written == "destination" and ("\\" in surface or "&" in surface):
            url = _ENTITY.sub(_entity, _ESCAPE.sub(r"\1", surface))
        elif written == "attribute" and "&" in surface:
            url = _ENTITY.sub(_entity, surface)
        authority = _AUTHORITY.match(url, after - start)
        if authority is None or not _valid_authority(authority):
            return None
        return end, url
    end = _match_end(_SCHEME_BODY, text, after)
    if "\\" in text[after:end]:
        end = _escaped_end(text, after, end)
    glued = _NEXT_URL.search(text, after, end)
    if glued is not None:
        end = glued.start()
    authority = _AUTHORITY.match(text, after, end)
    if authority is None:
        return None
    host = authority.group("host")
    host_end = authority.start("host") + glued_prose_at(host)
    if host_end < authority.end("host"):
        end = host_end  # `https://ruder.io는`: the host ends where the prose starts
    elif authority.end() < end and text[authority.end()] not in "/?#":
        end = authority.end()  # `https://ruder.io)`, `**https://ruder.io**`
    while end > authority.start("host") and text[end - 1] == "." and end <= authority.end():
        end -= 1  # `see https://ruder.io.`: the sentence's full stop
    if unicode_host(text[authority.start("host") : min(end, authority.end("host"))]) is None:
        return None  # `http://.example.com`, `http://example.com_`: no host, no URL
    surface = _trim(text[start:end], host_from=authority.end() - start)
    if start + len(surface) < authority.end():  # trimmed into the host or port: check again
        authority = _AUTHORITY.match(surface, after - start)
        if authority is None or not _valid_authority(authority):
            return None
    elif authority.group("port") and int(authority.group("port")) > 65535:
        return None
    return start + len(surface), _unescaped(surface)


def _match_end(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where a pattern that may match nothing (`x*`) ends its match at `position`."""
    match = pattern.match(text, position)
    return match.end() if match else position


def _delimited_end(text: str, start: int) -> tuple[int, str]:
    """Where a URL written inside Markdown or HTML delimiters ends, and how it is written:
    `autolink`, `destination` or `attribute`; (-1, "") when it is bare."""
    before = text[max(0, start - 3) : start]
    if before.endswith("](<"):  # a destination in <…>: spaces too, not a line's end
        rest = _POINTED_DESTINATION.match(text, start)
        return (rest.end() - 1, "destination") if rest else (-1, "")
    if before.endswith("<"):  # an autolink
        rest = _AUTOLINK_REST.match(text, start)
        if rest is None or ("`" in rest.group() and _in_inline_code(text, start)):
            return -1, ""  # `<http://a.b.`c>`: the code span comes first (CommonMark)
        return rest.end() - 1, "autolink"
    if before.endswith(("](", "]( ")) or (
        before.endswith((":", ": ", ":\t")) and _is_reference_label(text, start)
    ):
        end = _match_end(_DESTINATION, text, start)
        if end == len(text) or text[end] in ") \t\n":
            return end, "destination"
        return -1, ""  # `[a](http://b.org(c)`: no link; GFM may still see a bare URL
    if before.endswith(('="', "='")):  # an HTML attribute's value
        end = text.find(before[-1], start)
        newline = text.find("\n", start)
        if end >= 0 and (newline < 0 or end < newline):
            return end, "attribute"
    return -1, ""


def _is_reference_label(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return _REFERENCE_LABEL.match(text, line_start, start) is not None


def _entity(reference: re.Match[str]) -> str:
    """`&amp;` → `&`: an entity in a destination or an attribute, resolved as HTML does."""
    return html.unescape(reference.group())


def _valid_authority(authority: re.Match[str]) -> bool:
    """A host that is one (no empty label, no `-` at a label's end...) and a real port."""
    port = authority.group("port")
    if port is not None and int(port) > 65535:
        return False
    return unicode_host(authority.group("host")) is not None


def _host_first(surface: str) -> str | None:
    """A URL without a scheme, cut where glued prose starts, or None if its host is none."""
    host = _HOST_PART.match(surface)
    if host is None:
        return None
    cut = glued_prose_at(host.group())
    if cut < host.end():
        surface = surface[:cut]
    surface = _trim(surface, host_from=min(cut, host.end()))
    host = _HOST_PART.match(surface)
    if host is None or unicode_host(host.group().rstrip(".")) is None:
        return None
    return surface


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) == "So"  # ✪, ➡; not an arrow of prose (→, Sm)


def _glued_before(host: str) -> int:
    """How many characters of Korean or CJK text are glued before a bare host's ASCII
    (`블로그는ruder.io` → 4): prose, as `glued_prose_at` finds after one."""
    if host.isascii():
        return 0
    first = host.split(".", 1)[0]
    for index in range(len(first) - 1, 0, -1):
        if first[index].isascii() and not first[index - 1].isascii():
            return index if glued_prose_at("a" + first[index - 1]) == 1 else 0
    return 0


def _trim(candidate: str, host_from: int) -> str:
    """Cut a URL candidate where prose takes over: glued Hangul, trailing punctuation,
    a closing bracket or quote that closes nothing in the URL (GFM's rule for `)`)."""
    candidate = _cut_non_ascii(candidate, host_from)
    if "]" in candidate or "}" in candidate:
        candidate = _cut_unopened(candidate, host_from)
    while candidate:
        last = candidate[-1]
        if last == ";" and (entity := _TRAILING_ENTITY.search(candidate)):
            candidate = candidate[: entity.start()]
        elif last in "'\"":
            if candidate.count(last) % 2 == 0:
                break  # it closes a pair: `…/blah_'singlequoted'`
            candidate = candidate[:-1]
        elif (
            last in _TRAILING_PUNCT
            or (last == ")" and candidate.count("(") < candidate.count(")"))
            or (last == "]" and candidate.count("[") < candidate.count("]"))
            or (last == "}" and candidate.count("{") < candidate.count("}"))
        ):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def _cut_unopened(candidate: str, start: int) -> str:
    """A `]` or `}` that closes nothing ends the URL: `see https://x.org/a](y)` is the
    text of a link, and no path has one."""
    depth = {"]": 0, "}": 0}
    openers = {"[": "]", "{": "}"}
    for index in range(start, len(candidate)):
        char = candidate[index]
        if char in openers:
            depth[openers[char]] += 1
        elif char in depth:
            if depth[char] == 0:
                return candidate[:index]
            depth[char] -= 1
    return candidate


def _cut_non_ascii(candidate: str, host_from: int) -> str:
    """Keep non-ASCII letters only in path segments that start with them (`/wiki/딥러닝`).

    Text glued to an ASCII segment (`/abs/1512.03385에서`) is prose.
    """
    if candidate.isascii():
        return candidate
    segment_ascii = True  # does the current segment hold ASCII characters?
    segment_start = True
    for index in range(host_from, len(candidate)):
        char = candidate[index]
        if char in _PATH_DELIMS:
            segment_ascii = False
            segment_start = True
            continue
        if char.isascii():
            if segment_start:
                segment_ascii = True
            segment_start = False
            continue
        if (segment_ascii and not segment_start) or not _is_word_char(char):
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
    # A host or suffix in another script (рф, 한국, ✪df.ws) or in punycode is no file
    # name nor module.
    idn = not host.isascii() or "xn--" in host
    return "." in suffix or last in _STRONG_SUFFIXES or idn or has_path


def _markdown_form(text: str, start: int, end: int) -> str | None:
    """How a URL is written in Markdown, from the characters around it."""
    before = text[max(0, start - 2) : start]
    if before.endswith("](") or text[max(0, start - 3) : start] in ("](<", "]( "):
        return "inline"
    if before.endswith("<") and text[end : end + 1] == ">":
        return "autolink"
    line_start = text.rfind("\n", 0, start) + 1
    if _DEFINITION_BEFORE.match(text[line_start:start]):
        return "reference"
    return None


# What a line holds before the URL of a link reference definition: `[label]: `.
_DEFINITION_BEFORE = re.compile(r"[ \t]{0,3}\[[^\]]+\]:[ \t]*<?$")


def _in_image_tag(text: str, start: int) -> bool:
    """Is the URL at `start` the src of an `<img>`? (An inline link's target is an image
    when its text opens with `![`: _hit finds that bracket once for both questions.)"""
    window = text[max(0, start - 300) : start]
    tag = window.rfind("<img")
    return tag != -1 and ">" not in window[tag:]


def _matching_open_bracket(text: str, close: int) -> int:
    """Index of the `[` that the `]` at `close` closes, or -1 (on its line; from one
    bracket back to the next, not character by character)."""
    depth = 0
    line_start = text.rfind("\n", 0, close) + 1
    index = close + 1
    while True:
        opening = text.rfind("[", line_start, index)
        closing = text.rfind("]", line_start, index)
        if closing > opening:
            depth += 1
            index = closing
        elif opening < 0:
            return -1
        else:
            depth -= 1
            if depth == 0:
                return opening
            index = opening


def _drop_link_text_duplicates(text: str, hits: list[UrlHit]) -> list[UrlHit]:
    """`[https://x.org](https://x.org)` is one link: drop the URLs written in a link's
    text. A link inside a link's text is kept (`[[paper](a)](b)`: CommonMark makes the
    inner one the link, and GitHub links the outer address as a bare URL), unless it goes
    where the outer one does."""
    inside = [hit.link_text for hit in hits if hit.link_text is not None]
    if not inside:
        return hits
    texts = SpanSet(inside)  # (a bisection per URL, not a pass over every link text)
    kept = []
    for hit in hits:
        if texts.overlaps(hit.start, hit.start + 1) and (
            hit.link_text is None
            or text[hit.link_text[0] - 2 : hit.link_text[0] - 1] == "!"  # a badge's image
            or _same_as_outer(hit, hits)
        ):
            continue
        kept.append(hit)
    return kept


def _same_as_outer(inner: UrlHit, hits: list[UrlHit]) -> bool:
    """Does a link written inside another link's text go where that link goes?"""
    return any(
        outer.link_text is not None
        and outer.link_text[0] <= inner.start < outer.link_text[1]
        and outer.url.rstrip("/") == inner.url.rstrip("/")
        for outer in hits
    )


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


# A run of backticks not preceded by one: written as a backtick first and the look-behind
# after it, so the engine jumps from backtick to backtick instead of trying every
# position (26 times faster on the bench notes; the same matches, checked on random text).
_INLINE_CODE = re.compile(r"(`(?<!``)`*)(?!`)(.+?)(?<!`)\1(?!`)")


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


# Where a Markdown link goes, when that is no URL: an in-page anchor "(#4-mamba-architecture)"
# or a relative path "(../notes/bert.md)". An address, not prose: no name is read in it.
_LINK_DESTINATION = re.compile(r"\]\((?P<destination>[^()\s]+)")


# An image's alt text, `![Longformer PreTrain BPC](…)`: a caption for the picture, not a
# place the note names what it points at.
_IMAGE_ALT = re.compile(r"!\[(?P<alt>[^\]\n]*)\]")


# An HTML or JSX tag, `<img src=… alt="Example of masked language modeling">`, `</div>`,
# `<Youtube id="…"/>`: markup, not prose (the text between tags is prose). The tag's name
# must touch the `<`, so "x <y" and `<https://…>` are not tags.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")


# An HTML comment: what the note hides from its readers.
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the destinations of Markdown inline links (`[text](here)`), of the alt
    texts of images (`![alt](…)`), of HTML tags and of HTML comments, in order: text that
    holds no name of a resource."""
    spans = []
    if "](" in text:
        spans = [match.span("destination") for match in _LINK_DESTINATION.finditer(text)]
        if "![" in text:
            spans += (match.span("alt") for match in _IMAGE_ALT.finditer(text))
    if "<" in text:
        spans += (match.span() for match in _HTML_TAG.finditer(text))
        if "<!--" in text:
            spans += (match.span() for match in _HTML_COMMENT.finditer(text))
    spans.sort()
    return spans


def _in_ranges(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _in_inline_code(text: str, offset: int) -> bool:
    """Inside a `code span` on its line: after a run of backticks that a run of the same
    length closes after `offset` (CommonMark's code spans; a lone run is literal)."""
    line_start = text.rfind("\n", 0, offset) + 1
    if "`" not in text[line_start:offset]:
        return False
    line_end = text.find("\n", offset)
    opened = 0  # the length of the open run, 0 when none is open
    for run in _BACKTICKS.finditer(text, line_start, len(text) if line_end < 0 else line_end):
        length = run.end() - run.start()
        if run.start() >= offset and not opened:
            return False
        if not opened:
            opened = length
        elif length == opened:
            if run.start() >= offset:
                return True
            opened = 0
    return False


_BACKTICKS = re.compile(r"`+")
