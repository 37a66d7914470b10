"""URLs to the letter of the URL and Markdown grammars (issue #16): the CommonMark and
GFM spec's own examples for links, autolinks and code spans, and the classes of input
a linkifier's fixtures hold (international hosts, brackets, host syntax, adjacency,
links around an image). Each case is written out, not generated."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from readlist.extract import find_mentions
from readlist.notes import Note
from readlist.urls import find_urls

# tests/fixtures/spec/links-and-autolinks.json: the examples of the CommonMark spec
# 0.31.2 (Links, Autolinks, Code spans; github.com/commonmark/commonmark-spec at
# 31c0ca2d294ea60ab4438004da410e2e590a46f2) and the GFM spec 0.29 (Autolinks
# (extension); github.com/github/cmark-gfm test/spec.txt at
# 85d895289c5ab67f988ca659493a64abb5fec7b4). Copyright John MacFarlane, CC-BY-SA 4.0.
SPEC = json.loads(
    (Path(__file__).parent / "fixtures" / "spec" / "links-and-autolinks.json").read_text("utf-8")
)
# Where readlist reads an example otherwise than the spec's HTML, on purpose.
READLIST_READS = {
    # A scheme URL written in code is still a link to read (tests/test_urls.py).
    ("commonmark", 347): ["foo.bar"],
    # `..` is two empty labels: no host, no link.
    ("commonmark", 602): [],
    # Bare URLs are links, as GFM's extended autolinks make them (CommonMark has none).
    ("commonmark", 604): ["foo.bar/baz"],
    ("commonmark", 610): ["foo.bar"],
    ("commonmark", 613): ["example.com"],
}
_HREF = re.compile(r'<a href="([^"]*)"')


def _comparable(url: str) -> str:
    """A URL as the spec's HTML writes it and as readlist does: no scheme, no escapes."""
    return re.sub(r"^https?://", "", unquote(html.unescape(url)), flags=re.IGNORECASE)


SPEC_EXAMPLES = [(group, example) for group in ("commonmark", "gfm") for example in SPEC[group]]


@pytest.mark.parametrize(
    ("group", "example"),
    SPEC_EXAMPLES,
    ids=[f"{group}-{example['example']}" for group, example in SPEC_EXAMPLES],
)
def test_spec_examples(group: str, example: dict[str, str | int]) -> None:
    markdown, output = str(example["markdown"]), str(example["html"])
    # The http(s) and www links the spec's HTML has (mailto:, irc: and relative links
    # are not things readlist reads; images are assets).
    expected = READLIST_READS.get(
        (group, int(example["example"])),
        [_comparable(h) for h in _HREF.findall(output) if re.match(r"(?i)https?://|www\.", h)],
    )
    found = [_comparable(hit.url) for hit in find_urls(markdown) if not hit.is_asset]
    assert found == expected


def test_the_spec_examples_are_all_there() -> None:
    assert (len(SPEC["commonmark"]), len(SPEC["gfm"])) == (131, 11)
    assert {source["licence"] for source in SPEC["sources"]} == {"CC-BY-SA-4.0"}


def _found(text: str) -> list[tuple[str, str]]:
    note = Note(path="n.md", root="/", text=text)
    return [(m.surface, m.target.key) for m in find_mentions(note)]


# (text as written, [(surface, resource key)]): every class of issue #16, written here.
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # GFM's extended autolinks start after a space, `*`, `_`, `~` or `(`: `_url_` is an
    # italic link (a host ending in `_` is none: `http://example.com_` below)
    ("_http://example.com/x_", [("http://example.com/x", "url:https://example.com/x")]),
    # a Markdown escape in a bare URL (`\_` keeps an underscore from starting emphasis):
    # written as it is, the resource is the address it stands for
    (
        "see https://example.com/a\\_b\\_c for it",
        [("https://example.com/a\\_b\\_c", "url:https://example.com/a_b_c")],
    ),
    # a link pasted into its own destination is one link to the address
    (
        "[https://example.com/x](https://example.com/x](https://example.com/x))",
        [("https://example.com/x", "url:https://example.com/x")],
    ),
    (
        "[Title](https://example.com/x](https://example.org/y))",
        [
            ("https://example.com/x", "url:https://example.com/x"),
            ("https://example.org/y", "url:https://example.org/y"),
        ],
    ),
    # a link inside a link's text: CommonMark makes the inner one the link, and GitHub
    # links the outer address as a bare URL; a badge's image is no link of its own
    (
        "[[paper](https://example.com/x)](https://example.org/y)",
        [
            ("https://example.com/x", "url:https://example.com/x"),
            ("https://example.org/y", "url:https://example.org/y"),
        ],
    ),
    (
        "[![build](https://img.example.com/badge/x)](https://example.org/ci)",
        [("https://example.org/ci", "url:https://example.org/ci")],
    ),
    # International host names: Unicode labels as IDNA allows them
    (
        "http://www.bürgerentscheid-krankenhäuser.de",
        [
            (
                "http://www.bürgerentscheid-krankenhäuser.de",
                "url:https://www.bürgerentscheid-krankenhäuser.de/",
            )
        ],
    ),
    (
        "공지: http://한국.kr/게시판/공지사항 참고",
        [("http://한국.kr/게시판/공지사항", "url:https://한국.kr/게시판/공지사항")],
    ),
    ("https://한국.kr에서 확인", [("https://한국.kr", "url:https://한국.kr/")]),
    ("https://예시.한국에서 확인", [("https://예시.한국", "url:https://예시.한국/")]),
    ("http://президент.рф/news", [("http://президент.рф/news", "url:https://президент.рф/news")]),
    ("Сайт президент.рф.", [("президент.рф", "url:https://президент.рф/")]),
    ("http://مثال.موقع/صفحة", [("http://مثال.موقع/صفحة", "url:https://مثال.موقع/صفحة")]),
    ("http://➡.ws/䨹", [("http://➡.ws/䨹", "url:https://➡.ws/䨹")]),
    ("see ➡.ws/䨹 too", [("➡.ws/䨹", "url:https://➡.ws/䨹")]),
    ("✪df.ws/123", [("✪df.ws/123", "url:https://✪df.ws/123")]),
    ("see ✪df.ws.", [("✪df.ws", "url:https://✪df.ws/")]),
    ("→ruder.io", [("ruder.io", "url:https://ruder.io/")]),
    ("www.bürger.de에서", [("www.bürger.de", "url:https://www.bürger.de/")]),
    ("HTTP://WWW.BÜRGER.DE/A", [("HTTP://WWW.BÜRGER.DE/A", "url:https://www.bürger.de/A")]),
    # punycode: the same site, one resource
    (
        "http://xn--d1abbgf6aiiy.xn--p1ai/news and http://президент.рф/news",
        [
            ("http://xn--d1abbgf6aiiy.xn--p1ai/news", "url:https://президент.рф/news"),
            ("http://президент.рф/news", "url:https://президент.рф/news"),
        ],
    ),
    ("xn--3e0b707e.kr/x", [("xn--3e0b707e.kr/x", "url:https://한국.kr/x")]),
    ("예시.xn--3e0b707e", [("예시.xn--3e0b707e", "url:https://예시.한국/")]),
    # Korean glued to the end (or start) of an ASCII host or path is prose
    (
        "https://arxiv.org/abs/1512.03385에서",
        [("https://arxiv.org/abs/1512.03385", "arxiv:1512.03385")],
    ),
    ("블로그는ruder.io 참고", [("ruder.io", "url:https://ruder.io/")]),
    # Paths holding brackets, braces and quotes
    (
        "http://example.com/blah_[other]",
        [("http://example.com/blah_[other]", "url:https://example.com/blah_[other]")],
    ),
    (
        "http://example.com/blah_{I'm_king}",
        [("http://example.com/blah_{I'm_king}", "url:https://example.com/blah_{I'm_king}")],
    ),
    (
        'http://example.com/blah_"doublequoted"',
        [('http://example.com/blah_"doublequoted"', 'url:https://example.com/blah_"doublequoted"')],
    ),
    (
        "http://example.com/blah_'singlequoted'",
        [("http://example.com/blah_'singlequoted'", "url:https://example.com/blah_'singlequoted'")],
    ),
    ("(http://example.com/a_[b])", [("http://example.com/a_[b]", "url:https://example.com/a_[b]")]),
    ("[http://example.com/a]", [("http://example.com/a", "url:https://example.com/a")]),
    ("{http://example.com/a}", [("http://example.com/a", "url:https://example.com/a")]),
    ('"http://example.com/a"', [("http://example.com/a", "url:https://example.com/a")]),
    ("see http://example.com/a](b)", [("http://example.com/a", "url:https://example.com/a")]),
    # Host syntax: user, port
    (
        "http://user:pass@example.com:8080/x",
        [("http://user:pass@example.com:8080/x", "url:https://user@example.com:8080/x")],
    ),
    (
        "http://example.com:65535/",
        [("http://example.com:65535/", "url:https://example.com:65535/")],
    ),
    # Markdown adjacency
    (
        "[ResNet](https://arxiv.org/pdf/1512.03385v1.pdf)(2015)",
        [("https://arxiv.org/pdf/1512.03385v1.pdf", "arxiv:1512.03385")],
    ),
    (
        "(https://a.org/),(https://b.org/x)",
        [("https://a.org/", "url:https://a.org/"), ("https://b.org/x", "url:https://b.org/x")],
    ),
    (
        "[a](https://a.org/1)[b](https://b.org/2)",
        [("https://a.org/1", "url:https://a.org/1"), ("https://b.org/2", "url:https://b.org/2")],
    ),
    (
        "<https://a.org/1>,<https://b.org/2>",
        [("https://a.org/1", "url:https://a.org/1"), ("https://b.org/2", "url:https://b.org/2")],
    ),
    ("[a](https://a.org/1)), b", [("https://a.org/1", "url:https://a.org/1")]),
    ("[a](https://a.org/1),", [("https://a.org/1", "url:https://a.org/1")]),
    ("[a](https://a.org/1).", [("https://a.org/1", "url:https://a.org/1")]),
    ("「https://a.org/1」", [("https://a.org/1", "url:https://a.org/1")]),
    ("（https://a.org/1）", [("https://a.org/1", "url:https://a.org/1")]),
    ("[a](<https://a.org/x y>)", [("https://a.org/x y", "url:https://a.org/x y")]),
    ("[a](https://a.org/x_(y))", [("https://a.org/x_(y)", "url:https://a.org/x_(y)")]),
    (
        "[a](https://a.org/?q=1&amp;r=2)",
        [("https://a.org/?q=1&amp;r=2", "url:https://a.org/?q=1&r=2")],
    ),
    ("<https://a.org/a.>.", [("https://a.org/a.", "url:https://a.org/a.")]),
    ('<a href="https://a.org/x">x</a>', [("https://a.org/x", "url:https://a.org/x")]),
    ("`https://a.org/x`", [("https://a.org/x", "url:https://a.org/x")]),
    ("``code `www.a.org` code`` www.b.org", [("www.b.org", "url:https://www.b.org/")]),
    # A link whose only content is an image: a paper, a repository or an article stays
    (
        '<a href="https://arxiv.org/abs/1512.03385"><img src="https://a.org/fig.png"></a>',
        [("https://arxiv.org/abs/1512.03385", "arxiv:1512.03385")],
    ),
    (
        "[![CI](https://github.com/o/r/actions/workflows/ci.yml/badge.svg)](https://github.com/o/r)",
        [("https://github.com/o/r", "github:o/r")],
    ),
    (
        "[![Medium](https://img.shields.io/badge/Medium-post-black)](https://ruder.io/a/)",
        [("https://ruder.io/a/", "url:https://ruder.io/a")],
    ),
]

NOT_URLS = [
    # host syntax
    "http://.example.com",
    "http://example..com/",
    "http://-example.com",
    "http://example-.com/",
    "http://a.-b.com",
    "http://example.com:65536/",
    "http://example.com:99999",
    "xhttp://example.com",
    "http://example.com_",
    "http://example.com_/x",
    "http://xn--.com",
    "http://xn--zz-zzz.com",
    # images and their pages, badges
    '<a href="https://imgur.com/gallery/aBc1"><img src="https://i.imgur.com/aBc1.png"></a>',
    "[![shot](https://i.gyazo.com/abc.png)](https://gyazo.com/abc)",
    "https://www.flickr.com/photos/someone/123",
    "[![Build Status](https://travis-ci.org/o/r.svg?branch=main)](https://travis-ci.org/o/r)",
    "[![CI](https://github.com/o/r/actions/workflows/ci.yml/badge.svg)](https://github.com/o/r/actions)",
    "[![PyPI](https://img.shields.io/pypi/v/x.svg)](https://pypi.org/project/x/)",
    "[![codecov](https://codecov.io/gh/o/r/branch/main/graph/badge.svg)](https://codecov.io/gh/o/r)",
    '<a href="https://pypi.org/project/x"><img src="https://img.shields.io/pypi/v/x"></a>',
    # prose with a dot, not a known suffix
    "하나.둘",
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_url_case(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", NOT_URLS)
def test_not_a_url(text: str) -> None:
    assert _found(text) == []
