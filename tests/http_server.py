"""A real, deterministic HTTP server on 127.0.0.1 for the `readlist enrich` integration tests.

Standard library only: `http.server.ThreadingHTTPServer` on port 0, served from a daemon
thread, one daemon thread per connection. It speaks HTTP/1.1 with keep-alive, so tests can
check connection reuse (`RecordedRequest.client`).

Three services share the server:

- a fake arXiv API at `/api/query` (real Atom format, `id_list`, and `search_query` with
  AND/OR/ANDNOT, parentheses and `submittedDate:[… TO …]`, sorted by relevance or by
  `sortBy=submittedDate|lastUpdatedDate` and `sortOrder`, paged by `start`/`max_results`);
- web pages under `/pages/...` (titles, charsets, slow, stalling, huge, endless, gzip bomb,
  throttling, redirects, conditional requests, a small PDF with Range support) and a
  YouTube-like oEmbed endpoint at `/oembed`;
- a Semantic Scholar-like Graph API under `/s2/graph/v1/...`.

Every request is recorded (`LocalServer.requests`). Misbehaviour is programmed per test with
`arxiv_fail_next`, `arxiv_rate_exceeded_next`, `arxiv_xml_bomb_next`, `arxiv_drop_next` and
`s2_fail_next`; `reset()` forgets it all. No handler can hang the run: every slow route stops
after at most ~10 s, when the client disconnects, or when the server shuts down, and
`shutdown()` returns within 2 s whatever is in flight.

Use it through the pytest fixtures `http_server` (one server per session) and `server` (the
same server, reset before each test), or `serve_in_thread()` for a private server.

Page routes and their query parameters (times in seconds, all capped at 10):

    /pages/ok, /pages/title-only, /pages/euc-kr, /pages/script-title, /pages/404, /pages/410
    /pages/slow?delay=1&chunks=4&head_delay=0   pause before headers, then between chunks
    /pages/stall?seconds=10        Content-Length 10000, 100 bytes, then nothing, then close
    /pages/huge                    200 MiB declared and streamed, title first
    /pages/chunked-forever?seconds=10&interval=0.05
    /pages/gzip-bomb               ~1 MB gzip → 1 GiB of zeros after a short HTML prefix
    /pages/429?key=K               429 + Retry-After: 1 once per key, then 200
    /pages/503-twice?key=K         503 twice per key, then 200
    /pages/redirect-loop, /pages/redirect-chain?n=7, /pages/redirect-to?url=U&status=302
    /pages/etag                    ETag + Last-Modified; 304 on If-None-Match/If-Modified-Since
    /pages/paper.pdf, /pages/untitled.pdf    Range requests answered with 206/416
    /oembed?url=U&format=json
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import re
import select
import socket
import socketserver
import struct
import sys
import textwrap
import threading
import time
import traceback
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

__all__ = [
    "ARXIV_CATALOGUE",
    "EUC_KR_TITLE",
    "HUGE_SIZE",
    "OEMBED_VIDEOS",
    "OK_PAGE",
    "PAGE_ETAG",
    "PAGE_LAST_MODIFIED",
    "PDF_TITLE",
    "S2_CATALOGUE",
    "ArxivRecord",
    "LocalServer",
    "RecordedRequest",
    "S2Record",
    "build_pdf",
    "gzip_bomb",
    "http_server",
    "pytest_fixtures",
    "serve_in_thread",
    "server",
]

MAX_STREAM_SECONDS = 10.0  # no response takes longer than this, whatever the query says
SOCKET_TIMEOUT = 10.0  # an idle keep-alive connection or a blocked write gives up after this
_SLICE = 0.05  # how often a pausing handler looks at the client and at shutdown


# --------------------------------------------------------------------------------------------
# arXiv catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArxivRecord:
    """One paper as the fake arXiv API knows it (latest version = `versions`)."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    published: str  # v1, "YYYY-MM-DDTHH:MM:SSZ"
    primary_category: str
    categories: tuple[str, ...]
    summary: str
    versions: int = 1
    updated: str | None = None  # date of the latest version; None = published
    comment: str | None = None
    doi: str | None = None
    journal_ref: str | None = None

    def version_dates(self) -> list[str]:
        """Dates of v1..vN. v1 and vN are the catalogue's; those in between are synthetic,
        spread evenly (tests should not rely on them)."""
        first = _parse_iso(self.published)
        last = _parse_iso(self.updated or self.published)
        if self.versions == 1:
            return [self.published]
        step = (last - first) / (self.versions - 1)
        return [(first + step * i).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(self.versions)]


def _parse_iso(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# Ids, titles, authors, primary categories and publication dates are the real, public ones.
# Abstracts are SYNTHETIC one-liners, times of day are illustrative, version counts and the
# dates of the latest versions are as recalled (not authoritative), and secondary categories,
# comments, DOIs and journal refs are test data: assert on them only as what this server sends.
ARXIV_CATALOGUE: tuple[ArxivRecord, ...] = (
    ArxivRecord(
        arxiv_id="1512.03385",
        title="Deep Residual Learning for Image Recognition",
        authors=("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),
        published="2015-12-10T19:51:55Z",
        primary_category="cs.CV",
        categories=("cs.CV",),
        summary="Synthetic abstract: residual connections make very deep networks trainable.",
        comment="Tech report",
    ),
    ArxivRecord(
        arxiv_id="1706.03762",
        title="Attention Is All You Need",
        authors=(
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Lukasz Kaiser",
            "Illia Polosukhin",
        ),
        published="2017-06-12T17:57:34Z",
        primary_category="cs.CL",
        categories=("cs.CL", "cs.LG"),
        summary="Synthetic abstract: a sequence model built on attention alone.",
        versions=7,
        updated="2023-08-02T00:41:18Z",
        comment="15 pages, 5 figures",
    ),
    ArxivRecord(
        arxiv_id="1810.04805",
        title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        authors=("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        published="2018-10-11T00:50:01Z",
        primary_category="cs.CL",
        categories=("cs.CL",),
        summary="Synthetic abstract: a bidirectional encoder pre-trained on unlabelled text.",
        versions=2,
        updated="2019-05-24T20:37:26Z",
    ),
    ArxivRecord(
        arxiv_id="2105.08050",
        title="Pay Attention to MLPs",
        authors=("Hanxiao Liu", "Zihang Dai", "David R. So", "Quoc V. Le"),
        published="2021-05-17T17:55:04Z",
        primary_category="cs.LG",
        categories=("cs.LG", "cs.CL", "cs.CV"),
        summary="Synthetic abstract: gated MLPs as an alternative to self-attention.",
        versions=2,
        updated="2021-06-01T17:51:19Z",
    ),
    ArxivRecord(
        arxiv_id="2105.01601",
        title="MLP-Mixer: An all-MLP Architecture for Vision",
        authors=(
            "Ilya Tolstikhin",
            "Neil Houlsby",
            "Alexander Kolesnikov",
            "Lucas Beyer",
            "Xiaohua Zhai",
            "Thomas Unterthiner",
            "Jessica Yung",
            "Andreas Steiner",
            "Daniel Keysers",
            "Jakob Uszkoreit",
            "Mario Lucic",
            "Alexey Dosovitskiy",
        ),
        published="2021-05-04T17:17:58Z",
        primary_category="cs.CV",
        categories=("cs.CV", "cs.AI", "cs.LG"),
        summary="Synthetic abstract: an image model made only of multi-layer perceptrons.",
        versions=4,
        updated="2021-06-11T17:02:04Z",
    ),
    ArxivRecord(
        arxiv_id="1409.1556",
        title="Very Deep Convolutional Networks for Large-Scale Image Recognition",
        authors=("Karen Simonyan", "Andrew Zisserman"),
        published="2014-09-04T19:48:04Z",
        primary_category="cs.CV",
        categories=("cs.CV",),
        summary="Synthetic abstract: depth with small convolution filters improves accuracy.",
        versions=6,
        updated="2015-04-10T16:25:04Z",
    ),
    ArxivRecord(
        arxiv_id="1412.6980",
        title="Adam: A Method for Stochastic Optimization",
        authors=("Diederik P. Kingma", "Jimmy Ba"),
        published="2014-12-22T13:54:29Z",
        primary_category="cs.LG",
        categories=("cs.LG",),
        summary="Synthetic abstract: adaptive estimates of lower-order moments for SGD.",
        versions=9,
        updated="2017-01-30T01:27:54Z",
        comment="Published as a conference paper at ICLR 2015",
    ),
    ArxivRecord(
        arxiv_id="1505.07818",
        title="Domain-Adversarial Training of Neural Networks",
        authors=(
            "Yaroslav Ganin",
            "Evgeniya Ustinova",
            "Hana Ajakan",
            "Pascal Germain",
            "Hugo Larochelle",
            "François Laviolette",
            "Mario Marchand",
            "Victor Lempitsky",
        ),
        published="2015-05-28T21:13:16Z",
        primary_category="stat.ML",
        categories=("stat.ML", "cs.LG", "cs.NE"),
        summary="Synthetic abstract: features that cannot tell the source domain from the target.",
        versions=4,
        updated="2016-05-26T19:38:41Z",
        journal_ref="Journal of Machine Learning Research 2016, vol. 17, p. 1-35",
    ),
    ArxivRecord(
        arxiv_id="1608.06993",
        title="Densely Connected Convolutional Networks",
        authors=("Gao Huang", "Zhuang Liu", "Laurens van der Maaten", "Kilian Q. Weinberger"),
        published="2016-08-25T00:44:55Z",
        primary_category="cs.CV",
        categories=("cs.CV", "cs.LG"),
        summary="Synthetic abstract: each layer receives the feature maps of all earlier layers.",
        versions=5,
        updated="2018-01-28T18:49:44Z",
        comment="CVPR 2017",
    ),
    ArxivRecord(
        arxiv_id="1709.01507",
        title="Squeeze-and-Excitation Networks",
        authors=("Jie Hu", "Li Shen", "Samuel Albanie", "Gang Sun", "Enhua Wu"),
        published="2017-09-05T17:51:41Z",
        primary_category="cs.CV",
        categories=("cs.CV",),
        summary="Synthetic abstract: channel-wise feature recalibration in convolutional networks.",
        versions=4,
        updated="2019-05-16T09:41:54Z",
        comment="journal version of the CVPR 2018 paper",
        doi="10.1109/TPAMI.2019.2913372",
    ),
    ArxivRecord(
        arxiv_id="1704.04861",
        title=(
            "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications"
        ),
        authors=(
            "Andrew G. Howard",
            "Menglong Zhu",
            "Bo Chen",
            "Dmitry Kalenichenko",
            "Weijun Wang",
            "Tobias Weyand",
            "Marco Andreetto",
            "Hartwig Adam",
        ),
        published="2017-04-17T03:34:13Z",
        primary_category="cs.CV",
        categories=("cs.CV",),
        summary="Synthetic abstract: depthwise separable convolutions for small, fast models.",
    ),
    ArxivRecord(
        arxiv_id="1905.11946",
        title="EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
        authors=("Mingxing Tan", "Quoc V. Le"),
        published="2019-05-28T17:05:40Z",
        primary_category="cs.LG",
        categories=("cs.LG", "cs.CV", "stat.ML"),
        summary="Synthetic abstract: compound scaling of depth, width and resolution.",
        versions=5,
        updated="2020-09-11T17:36:47Z",
        comment="ICML 2019",
    ),
    # SYNTHETIC: an old-style identifier with made-up metadata (title, author, DOI under the
    # DOI handbook's example prefix 10.1000, journal ref), for old-style id handling only.
    ArxivRecord(
        arxiv_id="cs/0112017",
        title="A Test Paper with an Old-Style Identifier",
        authors=("A. Tester", "B. Checker"),
        published="2001-12-14T00:00:00Z",
        primary_category="cs.CL",
        categories=("cs.CL", "cs.LG"),
        summary="Synthetic abstract for tests of old-style arXiv identifiers.",
        doi="10.1000/EXAMPLE.1",
        journal_ref="Journal of Tests 1 (2001) 1-2",
    ),
)

ATOM_NS = "http://www.w3.org/2005/Atom"
ARXIV_NS = "http://arxiv.org/schemas/atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV_MAX_IDS = 100
ARXIV_MAX_URL = 8000
FEED_UPDATED = "2024-01-01T00:00:00-05:00"  # real feeds carry today's date; fixed here

_NEW_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")
_OLD_ID = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")
_VERSION = re.compile(r"^(?P<base>.+?)(?:v(?P<version>\d+))?$")

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (level, (b"&lol%d;" % (level - 1)) * 10)
        for level in range(1, 10)
    ).replace(b"&lol0;", b"&lol;")
    + b"]>\n"
    + b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
    + b"<id>http://arxiv.org/abs/1512.03385v1</id><title>&lol9;</title>"
    + b"</entry></feed>\n"
)


def _xml_text(value: str) -> str:
    return html.escape(value, quote=False)


def _xml_attr(value: str) -> str:
    return html.escape(value, quote=True)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _arxiv_title(title: str) -> str:
    """Long titles come wrapped, with a line break and two spaces, as the real API sends them."""
    return "\n  ".join(textwrap.wrap(title, width=40)) or title


def _arxiv_summary(summary: str) -> str:
    return "  " + "\n".join(textwrap.wrap(summary, width=76)) + "\n"


def _render_entry(record: ArxivRecord, version: int) -> str:
    dates = record.version_dates()
    vid = f"{record.arxiv_id}v{version}"
    ns = f'xmlns:arxiv="{ARXIV_NS}"'
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{vid}</id>",
        f"    <updated>{dates[version - 1]}</updated>",
        f"    <published>{record.published}</published>",
        f"    <title>{_xml_text(_arxiv_title(record.title))}</title>",
        f"    <summary>{_xml_text(_arxiv_summary(record.summary))}</summary>",
    ]
    for author in record.authors:
        lines += ["    <author>", f"      <name>{_xml_text(author)}</name>", "    </author>"]
    if record.doi:
        lines.append(f"    <arxiv:doi {ns}>{_xml_text(record.doi)}</arxiv:doi>")
        lines.append(
            f'    <link title="doi" href="http://dx.doi.org/{_xml_attr(record.doi)}" rel="related"/>'
        )
    if record.comment:
        lines.append(f"    <arxiv:comment {ns}>{_xml_text(record.comment)}</arxiv:comment>")
    if record.journal_ref:
        ref = _xml_text(record.journal_ref)
        lines.append(f"    <arxiv:journal_ref {ns}>{ref}</arxiv:journal_ref>")
    lines += [
        f'    <link href="http://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        f'    <link title="pdf" href="http://arxiv.org/pdf/{vid}" rel="related"'
        ' type="application/pdf"/>',
        f'    <arxiv:primary_category {ns} term="{_xml_attr(record.primary_category)}"'
        f' scheme="{ARXIV_NS}"/>',
    ]
    lines += [
        f'    <category term="{_xml_attr(term)}" scheme="{ARXIV_NS}"/>'
        for term in record.categories
    ]
    lines.append("  </entry>")
    return "\n".join(lines)


def _render_feed(
    query: Mapping[str, str], entries: list[str], total: int, start: int, per_page: int
) -> bytes:
    shown = "&".join(f"{k}={v}" for k, v in query.items())
    feed_id = hashlib.sha1(shown.encode()).hexdigest()[:27]
    os_ns = f'xmlns:opensearch="{OPENSEARCH_NS}"'
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="{ATOM_NS}">',
        f'  <link href="http://arxiv.org/api/query?{_xml_attr(quote(shown, safe=""))}"'
        ' rel="self" type="application/atom+xml"/>',
        f'  <title type="html">ArXiv Query: {_xml_text(shown)}</title>',
        f"  <id>http://arxiv.org/api/{feed_id}</id>",
        f"  <updated>{FEED_UPDATED}</updated>",
        f"  <opensearch:totalResults {os_ns}>{total}</opensearch:totalResults>",
        f"  <opensearch:startIndex {os_ns}>{start}</opensearch:startIndex>",
        f"  <opensearch:itemsPerPage {os_ns}>{per_page}</opensearch:itemsPerPage>",
    ]
    return ("\n".join([*head, *entries, "</feed>"]) + "\n").encode()


def _error_feed(query: Mapping[str, str], message: str) -> bytes:
    anchor = message.replace(" ", "_")
    entry = "\n".join(
        [
            "  <entry>",
            f"    <id>http://arxiv.org/api/errors#{_xml_text(anchor)}</id>",
            "    <title>Error</title>",
            f"    <summary>{_xml_text(message)}</summary>",
            f"    <updated>{FEED_UPDATED}</updated>",
            f'    <link href="http://arxiv.org/api/errors#{_xml_attr(anchor)}" rel="alternate"'
            ' type="text/html"/>',
            "    <author>",
            "      <name>arXiv api core</name>",
            "    </author>",
            "  </entry>",
        ]
    )
    return _render_feed(query, [entry], 1, 0, 1)


@dataclass(frozen=True)
class _Clause:
    field: str
    words: tuple[str, ...]
    negate: bool


_CLAUSE = re.compile(
    r'(?:(?P<field>[a-z_]+):)?(?:"(?P<phrase>[^"]*)"|\((?P<group>[^)]*)\)|(?P<word>[^\s()"]+))'
)


def _parse_search(query: str) -> list[_Clause]:
    """`ti:"a b" AND au:c ANDNOT cat:cs.CV` → clauses (OR is read as AND)."""
    clauses: list[_Clause] = []
    negate = False
    for match in _CLAUSE.finditer(query):
        text = match.group("phrase") or match.group("group") or match.group("word") or ""
        fld = match.group("field")
        if fld is None and text in ("AND", "OR", "ANDNOT"):
            negate = text == "ANDNOT"
            continue
        if fld == "cat" or fld == "id":
            words: tuple[str, ...] = (text.casefold(),)
        else:
            words = tuple(_words(text))
        if words:
            clauses.append(_Clause(fld or "all", words, negate))
        negate = False
    return clauses


def _clause_matches(record: ArxivRecord, clause: _Clause) -> bool:
    if clause.field == "cat":
        found = clause.words[0] in {c.casefold() for c in record.categories}
    elif clause.field == "id":
        found = clause.words[0] == record.arxiv_id.casefold()
    else:
        texts = {
            "ti": record.title,
            "au": " ".join(record.authors),
            "abs": record.summary,
            "co": record.comment or "",
            "jr": record.journal_ref or "",
        }
        if clause.field in texts:
            text = texts[clause.field]
        else:
            text = " ".join([record.title, *record.authors, record.summary, record.comment or ""])
        found = set(clause.words) <= set(_words(text))
    return found != clause.negate


_QUERY_TOKEN = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<op>ANDNOT|AND|OR)(?=[\s(]|$)"
    r'|(?:(?P<field>[a-zA-Z_]+):)?(?:"(?P<phrase>[^"]*)"|\[(?P<range>[^\]]*)\]|(?P<word>[^\s()"]+)))'
)


def _query_matches(record: ArxivRecord, query: str) -> bool:
    """The search_query as arXiv's boolean grammar reads it: AND, OR, ANDNOT left to right,
    parentheses, `field:"a phrase"`, and `submittedDate:[YYYYMMDDTTTT TO YYYYMMDDTTTT]`
    (inclusive, GMT). A blank query matches everything."""
    tokens = [m for m in _QUERY_TOKEN.finditer(query) if m.group(0).strip()]
    position = 0

    def term() -> bool:
        nonlocal position
        if position >= len(tokens):
            return True
        token = tokens[position]
        position += 1
        if token.group("open"):
            value = expression()
            if position < len(tokens) and tokens[position].group("close"):
                position += 1
            return value
        field_name = token.group("field") or "all"
        if token.group("range") is not None:
            low, _, high = token.group("range").partition(" TO ")
            stamp = record.published[:16].replace("-", "").replace("T", "").replace(":", "")
            return low.strip() <= stamp <= high.strip()
        text = token.group("phrase") if token.group("phrase") is not None else token.group("word")
        words = (text.casefold(),) if field_name in ("cat", "id") else tuple(_words(text or ""))
        return _clause_matches(record, _Clause(field_name, words, False))

    def expression() -> bool:
        nonlocal position
        value = term()
        while position < len(tokens) and not tokens[position].group("close"):
            op = tokens[position].group("op") or "AND"
            if tokens[position].group("op"):
                position += 1
            right = term()
            value = {"AND": value and right, "OR": value or right, "ANDNOT": value and not right}[
                op
            ]
        return value

    return expression()


def _sort_key(record: ArxivRecord, sort_by: str) -> str:
    return (
        (record.updated or record.published) if sort_by == "lastUpdatedDate" else record.published
    )


def _search_rank(record: ArxivRecord, clauses: list[_Clause]) -> float:
    """Share of the title's words that the query asked for: an exact title ranks first."""
    asked = {w for c in clauses if not c.negate and c.field in ("ti", "all") for w in c.words}
    title = _words(record.title)
    return sum(1 for w in title if w in asked) / max(len(title), 1)


# --------------------------------------------------------------------------------------------
# Semantic Scholar catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class S2Record:
    title: str
    year: int
    authors: tuple[str, ...]
    venue: str
    doi: str | None = None
    arxiv: str | None = None
    citation_count: int = 0
    abstract: str | None = None

    @property
    def paper_id(self) -> str:
        """SYNTHETIC 40-hex id (the shape of Semantic Scholar's ids, not the real value)."""
        return hashlib.sha1(f"readlist-test:{self.title}".encode()).hexdigest()

    @property
    def corpus_id(self) -> int:
        return int(self.paper_id[:7], 16)

    def as_json(self, fields: Iterable[str]) -> dict[str, Any]:
        external: dict[str, Any] = {}
        if self.doi:
            external["DOI"] = self.doi
        if self.arxiv:
            external["ArXiv"] = self.arxiv
        external["CorpusId"] = self.corpus_id
        values: dict[str, Any] = {
            "title": self.title,
            "year": self.year,
            "authors": [
                {
                    "authorId": str(int(hashlib.sha1(name.encode()).hexdigest()[:8], 16)),
                    "name": name,
                }
                for name in self.authors
            ],
            "externalIds": external,
            "citationCount": self.citation_count,
            "venue": self.venue,
            "abstract": self.abstract,
            "url": f"https://www.semanticscholar.org/paper/{self.paper_id}",
        }
        out: dict[str, Any] = {"paperId": self.paper_id}
        for name in fields:
            if name in values:
                out[name] = values[name]
        return out


# UTOPIAN's title, year, venue, DOI and authors are the real ones; the other entries' titles,
# years, venues, authors, DOIs and arXiv ids are real as far as recalled. Paper ids, corpus ids,
# author ids and citation counts are SYNTHETIC, and so are the abstracts.
S2_CATALOGUE: tuple[S2Record, ...] = (
    S2Record(
        title=(
            "UTOPIAN: User-Driven Topic Modeling Based on Interactive Nonnegative Matrix "
            "Factorization"
        ),
        year=2013,
        authors=("Jaegul Choo", "Changhyun Lee", "Chandan K. Reddy", "Haesun Park"),
        venue="IEEE Transactions on Visualization and Computer Graphics",
        doi="10.1109/TVCG.2013.212",
        citation_count=321,
        abstract="Synthetic abstract: interactive topic modeling with user feedback.",
    ),
    S2Record(
        title="Interactive Topic Modeling",
        year=2011,
        authors=("Yuening Hu", "Jordan L. Boyd-Graber", "Brianna Satinoff"),
        venue="Annual Meeting of the Association for Computational Linguistics",
        citation_count=123,
        abstract="Synthetic abstract: a near miss for user-driven topic modeling searches.",
    ),
    S2Record(
        title="Deep Residual Learning for Image Recognition",
        year=2016,
        authors=("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),
        venue="Computer Vision and Pattern Recognition",
        doi="10.1109/CVPR.2016.90",
        arxiv="1512.03385",
        citation_count=100000,
        abstract="Synthetic abstract: residual learning.",
    ),
    S2Record(
        title="Identity Mappings in Deep Residual Networks",
        year=2016,
        authors=("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),
        venue="European Conference on Computer Vision",
        arxiv="1603.05027",
        citation_count=9000,
        abstract="Synthetic abstract: pre-activation residual units and identity shortcuts.",
    ),
    S2Record(
        title="Attention Is All You Need",
        year=2017,
        authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"),
        venue="Neural Information Processing Systems",
        arxiv="1706.03762",
        citation_count=90000,
        abstract="Synthetic abstract: attention only.",
    ),
    S2Record(
        title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        year=2019,
        authors=("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        venue="North American Chapter of the Association for Computational Linguistics",
        doi="10.18653/v1/N19-1423",
        arxiv="1810.04805",
        citation_count=80000,
        abstract=None,
    ),
    S2Record(
        title="Long Short-Term Memory",
        year=1997,
        authors=("Sepp Hochreiter", "Jürgen Schmidhuber"),
        venue="Neural Computation",
        doi="10.1162/neco.1997.9.8.1735",
        citation_count=70000,
        abstract="Synthetic abstract: gated recurrent memory cells.",
    ),
    S2Record(
        title="Latent Dirichlet Allocation",
        year=2003,
        authors=("David M. Blei", "Andrew Y. Ng", "Michael I. Jordan"),
        venue="Journal of machine learning research",
        citation_count=40000,
        abstract="Synthetic abstract: a generative model of documents as topic mixtures.",
    ),
)

S2_FIELDS = frozenset(
    {"paperId", "title", "year", "authors", "externalIds", "citationCount", "venue"}
    | {"abstract", "url"}
)
S2_RATE_LIMIT_BODY = {
    "message": "Too Many Requests. Please wait and try again or apply for a key for higher "
    "rate limits. https://www.semanticscholar.org/product/api#api-key-form",
    "code": "429",
}


def _s2_years(value: str | None) -> tuple[int, int] | None:
    """The search's `year` filter as the API takes it: 2019, 2016-2020, 2010-, -2015."""
    if not value:
        return (0, 9999)
    match = re.fullmatch(r"(\d{4})?(-)?(\d{4})?", value)
    if match is None or not (match.group(1) or match.group(3)):
        return None
    low, dash, high = match.groups()
    if not dash:
        return (int(low), int(low))
    return (int(low) if low else 0, int(high) if high else 9999)


def _s2_lookup(wanted: str) -> S2Record | None:
    prefix, _, rest = wanted.partition(":")
    kind = prefix.casefold() if rest else ""
    for record in S2_CATALOGUE:
        if not rest and wanted.casefold() == record.paper_id:
            return record
        if kind == "doi" and record.doi and record.doi.casefold() == rest.casefold():
            return record
        if kind == "arxiv" and record.arxiv and _VERSION.sub(r"\g<base>", rest) == record.arxiv:
            return record
        if kind == "corpusid" and rest == str(record.corpus_id):
            return record
    return None


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _OkPage:
    title: str = "Readlist OK page"
    og_title: str = "Open Graph title of the OK page"
    twitter_title: str = "Twitter card title of the OK page"
    description: str = "A deterministic page for readlist tests."


OK_PAGE = _OkPage()
TITLE_ONLY_EXPECTED = "Spaced & Entities — here"  # what the title-only page's title means
EUC_KR_TITLE = "한국어 제목 테스트"
SCRIPT_TITLE_EXPECTED = "Safe title"
PAGE_ETAG = '"readlist-etag-1"'
PAGE_LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"
PDF_TITLE = "A Tiny Test PDF"
HUGE_SIZE = 200 * 1024 * 1024  # 209715200
GZIP_BOMB_ZEROS = 1024 * 1024 * 1024  # decompressed size, not counting the HTML prefix
GZIP_BOMB_PREFIX = b"<!DOCTYPE html><html><head><title>Gzip bomb</title></head><body>"

_OK_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{OK_PAGE.title}</title>
<meta property="og:title" content="{OK_PAGE.og_title}">
<meta name="twitter:title" content="{OK_PAGE.twitter_title}">
<meta name="description" content="{OK_PAGE.description}">
</head>
<body><h1>OK</h1><p>Nothing to see.</p></body>
</html>
""".encode()

_TITLE_ONLY_HTML = (
    b"<!DOCTYPE html>\n<html><head><title>  Spaced &amp; Entities &#8212; here  </title></head>"
    b"<body><p>Only a title.</p></body></html>\n"
)

_EUC_KR_HTML = (
    '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="euc-kr">'
    f"<title>{EUC_KR_TITLE}</title></head>"
    "<body><p>이 문서는 EUC-KR로 인코딩되어 있습니다.</p></body></html>\n"
).encode("euc-kr")

_SCRIPT_TITLE_HTML = (
    b"<!DOCTYPE html>\n<html><head><title><script>alert(1)</script>Safe title</title></head>"
    b"<body></body></html>\n"
)


def _simple_page(title: str, text: str = "") -> bytes:
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head><body><p>{html.escape(text or title)}</p></body></html>\n"
    ).encode()


def build_pdf(title: str | None = PDF_TITLE) -> bytes:
    """A small, valid one-page PDF; `title` goes in the Info dictionary (None: no Title)."""

    def pdf_string(text: str) -> bytes:
        raw = text.encode("latin-1")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    label = pdf_string(title or "untitled")
    content = b"BT /F1 18 Tf 20 40 Td " + label + b" Tj ET"
    info = b"<< /Producer (readlist tests)"
    if title is not None:
        info += b" /Title " + pdf_string(title)
    info += b" >>"
    objects = [
        info,
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 300 100] "
        b"/Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 2 0 R /Info 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


_GZIP_LOCK = threading.Lock()
_GZIP_BOMBS: dict[int, bytes] = {}


def gzip_bomb(mebibytes: int = GZIP_BOMB_ZEROS >> 20) -> bytes:
    """Gzip that inflates to a short HTML prefix and `mebibytes` MiB of zero bytes.

    The default (1 GiB inflated, ~1 MB compressed) is what /pages/gzip-bomb serves; it is
    built in ~0.3 s, once per process. After a full flush deflate forgets its history, so every
    further MiB of zeros compresses to the same bytes, which are repeated; the trailer (CRC-32
    and size) is computed for the whole stream, so the result is a valid gzip file. Smaller
    sizes exist so tests can check the construction by inflating it whole, quickly.
    """
    with _GZIP_LOCK:
        if mebibytes not in _GZIP_BOMBS:
            mib = bytes(1 << 20)
            deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
            first = deflate.compress(GZIP_BOMB_PREFIX) + deflate.flush(zlib.Z_FULL_FLUSH)
            block = deflate.compress(mib) + deflate.flush(zlib.Z_FULL_FLUSH)
            if block != deflate.compress(mib) + deflate.flush(zlib.Z_FULL_FLUSH):
                raise RuntimeError("this zlib does not repeat flushed blocks")
            crc = zlib.crc32(GZIP_BOMB_PREFIX)
            for _ in range(mebibytes):
                crc = zlib.crc32(mib, crc)
            size = len(GZIP_BOMB_PREFIX) + mebibytes * len(mib)
            header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"
            final_block = b"\x03\x00"  # an empty final fixed-Huffman block
            trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
            _GZIP_BOMBS[mebibytes] = header + first + block * mebibytes + final_block + trailer
        return _GZIP_BOMBS[mebibytes]


_FILLER = (b"<p>" + b"filler " * 20 + b"</p>\n") * 512  # ~74 KB, sliced into chunks


# YouTube-like oEmbed: SYNTHETIC video ids and titles.
OEMBED_VIDEOS: dict[str, tuple[str, str]] = {
    "RLtest00001": ("Deep Residual Learning explained (test video)", "Readlist Test Channel"),
    "RLtest00002": ("트랜스포머 강의 1강 (test video)", "Readlist 테스트 채널"),
}
OEMBED_PRIVATE = "RLprivate01"  # answers 401, as YouTube does for a non-embeddable video
_YOUTUBE_ID = re.compile(
    r"^https?://(?:(?:www|m)\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)"
    r"|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?:[?&#/].*)?$"
)


# --------------------------------------------------------------------------------------------
# Recording and state
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str  # without the query string, percent-decoding left as sent
    query: dict[str, str]  # first value of each parameter, decoded
    query_lists: dict[str, list[str]]  # every value of each parameter
    target: str  # the request target exactly as sent (path?query)
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    time: float  # time.monotonic() when the request line and headers had arrived
    client: tuple[str, int]  # peer address: the same port means the same connection

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("user-agent")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class _Reply:
    status: int
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Fault:
    kind: Literal["fail", "rate", "bomb", "drop"]
    status: int = 503
    retry_after: str | None = None


@dataclass
class _State:
    requests: list[RecordedRequest] = field(default_factory=list)
    arxiv_faults: deque[_Fault] = field(default_factory=deque)
    s2_faults: deque[_Fault] = field(default_factory=deque)
    counters: dict[tuple[str, str], int] = field(default_factory=dict)
    extra_papers: dict[str, ArxivRecord] = field(default_factory=dict)
    custom_pages: dict[str, _Reply] = field(default_factory=dict)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, owner: LocalServer, address: tuple[str, int]) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self.active: set[socket.socket] = set()
        self.active_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a DNS look-up: not needed here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or self.stopping.is_set():
            return
        self.owner._note_error(traceback.format_exc())


# --------------------------------------------------------------------------------------------
# The request handler
# --------------------------------------------------------------------------------------------


class _Disconnected(Exception):
    """The client went away, the deadline passed or the server is stopping."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "readlist-test-server/1.0"
    sys_version = ""
    timeout = SOCKET_TIMEOUT
    query: dict[str, str]  # set per request by _dispatch
    body: bytes
    deadline: float

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def srv(self) -> _HTTPServer:
        assert isinstance(self.server, _HTTPServer)
        return self.server

    @property
    def owner(self) -> LocalServer:
        return self.srv.owner

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every keep-alive response
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.srv.active_lock:
            self.srv.active.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.srv.active_lock:
            self.srv.active.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024).strip():
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline(16)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 16 * 1024 * 1024)) if length > 0 else b""

    def _dispatch(self) -> None:
        arrived = time.monotonic()
        split = urlsplit(self.path)
        lists = parse_qs(split.query, keep_blank_values=True)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        body = self._read_body()
        self.owner._record(
            RecordedRequest(
                method=self.command,
                path=split.path,
                query={k: v[0] for k, v in lists.items()},
                query_lists=lists,
                target=self.path,
                headers=headers,
                body=body,
                time=arrived,
                client=(str(self.client_address[0]), int(self.client_address[1])),
            )
        )
        self.query = {k: v[0] for k, v in lists.items()}
        self.body = body
        self.deadline = arrived + MAX_STREAM_SECONDS
        try:
            reply = self._route(split.path)
        except _Disconnected:
            self.close_connection = True
            return
        except Exception:
            self.owner._note_error(traceback.format_exc())
            reply = _Reply(500, b"internal error in the test server\n", "text/plain")
        if reply is not None:
            self._send(reply)

    def _send(self, reply: _Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        no_body = reply.status in (204, 304) or 100 <= reply.status < 200
        if not no_body:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and not no_body:
            self.wfile.write(reply.body)

    def _start(self, status: int, headers: Iterable[tuple[str, str]]) -> bool:
        """Send a status line and headers for a streamed body; False for HEAD."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        return self.command != "HEAD"

    def _write(self, data: bytes) -> None:
        """Write before the deadline, or raise _Disconnected."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or self.srv.stopping.is_set():
            raise _Disconnected
        try:
            self.connection.settimeout(min(remaining, SOCKET_TIMEOUT))
            self.wfile.write(data)
        except (OSError, ValueError) as exc:  # broken pipe, reset, timeout, closed
            raise _Disconnected from exc
        finally:
            with contextlib.suppress(OSError):
                self.connection.settimeout(SOCKET_TIMEOUT)

    def _pause(self, seconds: float) -> None:
        """Sleep, watching for a client hang-up, the deadline and shutdown."""
        until = min(time.monotonic() + max(seconds, 0.0), self.deadline)
        while True:
            if self.srv.stopping.is_set():
                raise _Disconnected
            left = until - time.monotonic()
            if left <= 0:
                if until >= self.deadline:
                    raise _Disconnected
                return
            try:
                readable, _, _ = select.select([self.connection], [], [], min(left, _SLICE))
                if readable and not self.connection.recv(1, socket.MSG_PEEK):
                    raise _Disconnected  # the client closed its end
            except (OSError, ValueError) as exc:
                raise _Disconnected from exc
            if readable:
                time.sleep(min(left, _SLICE))  # data waiting (pipelining): just sleep

    def _int(self, name: str, default: int, low: int, high: int) -> int:
        try:
            value = int(self.query.get(name, default))
        except ValueError:
            value = default
        return max(low, min(high, value))

    def _float(self, name: str, default: float, low: float, high: float) -> float:
        try:
            value = float(self.query.get(name, default))
        except ValueError:
            value = default
        return max(low, min(high, value)) if value == value else default

    # -- routing ----------------------------------------------------------------------------

    def _route(self, path: str) -> _Reply | None:
        custom = self.owner._custom_page(path)
        if custom is not None and self.command in ("GET", "HEAD"):
            return custom
        if path == "/api/query":
            return self._arxiv()
        if path.startswith("/pages/"):
            return self._page(path.removeprefix("/pages/"))
        if path == "/oembed":
            return self._oembed()
        if path.startswith("/s2/graph/v1/"):
            return self._s2(path.removeprefix("/s2/graph/v1/"))
        if path in ("/", "/health"):
            return _Reply(200, b"ok\n", "text/plain; charset=utf-8")
        return _Reply(404, _simple_page("404 Not Found"))

    # -- arXiv ------------------------------------------------------------------------------

    def _arxiv(self) -> _Reply | None:
        fault = self.owner._next_fault("arxiv")
        if fault is not None:
            return self._fault_reply(fault, json_body=False)
        params = dict(self.query)
        if self.command == "POST" and self.body:
            form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            params.update({k: v[0] for k, v in form.items()})
        raw_ids = params.get("id_list", "")
        ids = [part.strip() for part in raw_ids.split(",") if part.strip()]
        too_long = len(self.owner.url) + len(self.path) > ARXIV_MAX_URL
        if len(ids) > ARXIV_MAX_IDS or too_long:
            return _Reply(414, _simple_page("414 Request-URI Too Long"))
        shown = {
            "search_query": params.get("search_query", ""),
            "id_list": raw_ids,
            "start": params.get("start", "0"),
            "max_results": params.get("max_results", "10"),
        }
        try:
            start = int(shown["start"])
        except ValueError:
            return _Reply(400, _error_feed(shown, "start must be an integer"), _ATOM)
        try:
            max_results = int(shown["max_results"])
        except ValueError:
            return _Reply(400, _error_feed(shown, "max_results must be an integer"), _ATOM)
        if start < 0:
            return _Reply(400, _error_feed(shown, "start must be non-negative"), _ATOM)
        if max_results < 0:
            return _Reply(400, _error_feed(shown, "max_results must be non-negative"), _ATOM)
        max_results = min(max_results, 2000)
        for wanted in ids:
            if not (_NEW_ID.fullmatch(wanted) or _OLD_ID.fullmatch(wanted)):
                message = f"incorrect id format for {wanted}"
                return _Reply(400, _error_feed(shown, message), _ATOM)
        clauses = _parse_search(shown["search_query"])
        found: list[tuple[ArxivRecord, int]] = []
        if ids:
            for wanted in ids:
                match = _VERSION.match(wanted)
                assert match is not None
                record = self.owner._arxiv_record(match.group("base"))
                if record is None:
                    continue  # a well-formed id arXiv does not know is simply absent
                version = int(match.group("version") or record.versions)
                if version > record.versions:
                    continue
                if all(_clause_matches(record, c) for c in clauses):
                    found.append((record, version))
        elif clauses:
            records = [
                (i, r)
                for i, r in enumerate(self.owner._arxiv_records())
                if _query_matches(r, shown["search_query"])
            ]
            sort_by = params.get("sortBy", "relevance")
            if sort_by in ("submittedDate", "lastUpdatedDate"):
                descending = params.get("sortOrder", "descending") != "ascending"
                records.sort(key=lambda pair: _sort_key(pair[1], sort_by), reverse=descending)
            else:
                records.sort(key=lambda pair: (-_search_rank(pair[1], clauses), pair[0]))
            found = [(r, r.versions) for _, r in records]
        page = found[start : start + max_results]
        entries = [_render_entry(record, version) for record, version in page]
        return _Reply(200, _render_feed(shown, entries, len(found), start, max_results), _ATOM)

    def _fault_reply(self, fault: _Fault, *, json_body: bool) -> _Reply | None:
        if fault.kind == "drop":
            self.close_connection = True
            return None  # close without a response
        if fault.kind == "rate":
            return _Reply(200, b"Rate exceeded.", "text/plain")
        if fault.kind == "bomb":
            return _Reply(200, BILLION_LAUGHS, _ATOM)
        headers = [("Retry-After", fault.retry_after)] if fault.retry_after is not None else []
        if json_body:
            payload: dict[str, str] = (
                S2_RATE_LIMIT_BODY if fault.status == 429 else {"message": "Internal Server Error"}
            )
            return _Reply(fault.status, json.dumps(payload).encode(), _JSON, headers)
        return _Reply(fault.status, _simple_page(f"{fault.status} Error"), headers=headers)

    # -- pages ------------------------------------------------------------------------------

    def _page(self, name: str) -> _Reply | None:
        key = self.query.get("key", "")
        url = self.owner.url
        match name:
            case "ok":
                return _Reply(200, _OK_HTML)
            case "title-only":
                return _Reply(200, _TITLE_ONLY_HTML)
            case "euc-kr":
                return _Reply(200, _EUC_KR_HTML, "text/html")
            case "script-title":
                return _Reply(200, _SCRIPT_TITLE_HTML)
            case "slow":
                return self._slow()
            case "stall":
                return self._stall()
            case "huge":
                return self._huge()
            case "chunked-forever":
                return self._chunked_forever()
            case "gzip-bomb":
                return self._gzip_bomb()
            case "429":
                if self.owner._count("429", key) == 1:
                    return _Reply(429, _simple_page("429 Too Many Requests"), headers=[_RA1])
                return _Reply(200, _simple_page("Recovered after 429"))
            case "503-twice":
                if self.owner._count("503", key) <= 2:
                    return _Reply(503, _simple_page("503 Service Unavailable"))
                return _Reply(200, _simple_page("Recovered after 503"))
            case "404":
                return _Reply(404, _simple_page("404 Not Found"))
            case "410":
                return _Reply(410, _simple_page("410 Gone"))
            case "redirect-loop":
                return _redirect(302, f"{url}/pages/redirect-loop")
            case "redirect-chain":
                hops = self._int("n", 1, 0, 100)
                hop = self._int("hop", 0, 0, 100)
                if hop < hops:
                    target = f"{url}/pages/redirect-chain?{urlencode({'n': hops, 'hop': hop + 1})}"
                    return _redirect(302, target)
                return _Reply(200, _simple_page(f"End of a redirect chain of {hops} hops"))
            case "redirect-to":
                status = self._int("status", 302, 300, 399)
                if status not in (301, 302, 303, 307, 308):
                    status = 302
                return _redirect(status, self.query.get("url", "/"))
            case "etag":
                return self._etag()
            case "paper.pdf":
                return self._pdf(_PDF)
            case "untitled.pdf":
                return self._pdf(_PDF_UNTITLED)
        return _Reply(404, _simple_page("404 Not Found"))

    def _slow(self) -> _Reply | None:
        delay = self._float("delay", 1.0, 0.0, MAX_STREAM_SECONDS)
        chunks = self._int("chunks", 4, 1, 100)
        head_delay = self._float("head_delay", 0.0, 0.0, MAX_STREAM_SECONDS)
        parts = [b"<!DOCTYPE html>\n<html><head><title>Slow page</title></head><body>\n"]
        parts += [b"<p>chunk %d</p>\n" % i for i in range(1, chunks - 1)]
        if chunks > 1:
            parts.append(b"<p>the end</p></body></html>\n")
        self._pause(head_delay)
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if not self._start(200, [*headers, ("Content-Length", str(sum(map(len, parts))))]):
            return None
        for index, part in enumerate(parts):
            if index:
                self._pause(delay)
            self._write(part)
        return None

    def _stall(self) -> _Reply | None:
        seconds = self._float("seconds", MAX_STREAM_SECONDS, 0.0, MAX_STREAM_SECONDS)
        head = b"<!DOCTYPE html>\n<html><head><title>Stalled page</title></head><body>"
        head = head.ljust(100, b" ")
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "10000")]
        if self._start(200, headers):
            self._write(head)
            self._pause(seconds)
        self.close_connection = True  # the promised body never comes
        return None

    def _huge(self) -> _Reply | None:
        head = b"<!DOCTYPE html>\n<html><head><title>Huge</title></head><body>\n"
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(HUGE_SIZE))]
        if not self._start(200, headers):
            return None
        self._write(head)
        sent = len(head)
        chunk = 64 * 1024
        while sent < HUGE_SIZE:
            size = min(chunk, HUGE_SIZE - sent)
            offset = sent % 4096
            self._write(_FILLER[offset : offset + size])
            sent += size
        return None

    def _chunked_forever(self) -> _Reply | None:
        seconds = self._float("seconds", MAX_STREAM_SECONDS, 0.0, MAX_STREAM_SECONDS)
        interval = self._float("interval", 0.05, 0.0, 1.0)
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]
        if not self._start(200, headers):
            return None
        self.deadline = min(self.deadline, time.monotonic() + seconds + 1.0)
        end = time.monotonic() + seconds
        piece = b"<!DOCTYPE html>\n<html><head><title>Forever</title></head><body>\n"
        number = 0
        while True:
            self._write(b"%X\r\n%s\r\n" % (len(piece), piece))
            if time.monotonic() >= end:
                break
            self._pause(min(interval, max(end - time.monotonic(), 0.0)))
            number += 1
            piece = b"<p>chunk %d</p>\n" % number + _FILLER[:1000]
        self._write(b"0\r\n\r\n")
        return None

    def _gzip_bomb(self) -> _Reply | None:
        body = gzip_bomb()
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(body))),
        ]
        if self._start(200, headers):
            view = memoryview(body)
            for offset in range(0, len(body), 64 * 1024):
                self._write(bytes(view[offset : offset + 64 * 1024]))
        return None

    def _etag(self) -> _Reply:
        validators = [
            ("ETag", PAGE_ETAG),
            ("Last-Modified", PAGE_LAST_MODIFIED),
            ("Cache-Control", "no-cache"),
        ]
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            if "*" in tags or PAGE_ETAG in tags:
                return _Reply(304, content_type=None, headers=validators)
        elif if_modified_since is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                since = None
            if since is not None and since >= parsedate_to_datetime(PAGE_LAST_MODIFIED):
                return _Reply(304, content_type=None, headers=validators)
        return _Reply(200, _simple_page("Conditional page"), headers=validators)

    def _pdf(self, body: bytes) -> _Reply:
        size = len(body)
        base = [("Accept-Ranges", "bytes")]
        wanted = self.headers.get("Range")
        match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", wanted or "")
        if match is None or match.group(0).strip() == "bytes=-":
            return _Reply(200, body, "application/pdf", base)
        first, last = match.group(1), match.group(2)
        if not first:
            suffix = int(last)
            if suffix == 0:
                return _unsatisfiable(size)
            start, end = max(0, size - suffix), size - 1
        else:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
            if start >= size:
                return _unsatisfiable(size)
            if end < start:
                return _Reply(200, body, "application/pdf", base)
        content_range = ("Content-Range", f"bytes {start}-{end}/{size}")
        return _Reply(206, body[start : end + 1], "application/pdf", [*base, content_range])

    def _oembed(self) -> _Reply:
        target = self.query.get("url")
        if not target:
            return _Reply(400, b"Bad Request", "text/html; charset=utf-8")
        if self.query.get("format", "json") != "json":
            return _Reply(501, b"Not Implemented", "text/html; charset=utf-8")
        match = _YOUTUBE_ID.match(target)
        video = match.group("id") if match else None
        if video == OEMBED_PRIVATE:
            return _Reply(401, b"Unauthorized", "text/html; charset=utf-8")
        if video is None or video not in OEMBED_VIDEOS:
            return _Reply(404, b"Not Found", "text/html; charset=utf-8")
        title, author = OEMBED_VIDEOS[video]
        payload = {
            "title": title,
            "author_name": author,
            "author_url": "https://www.youtube.com/@readlist-tests",
            "type": "video",
            "height": 113,
            "width": 200,
            "version": "1.0",
            "provider_name": "YouTube",
            "provider_url": "https://www.youtube.com/",
            "thumbnail_height": 360,
            "thumbnail_width": 480,
            "thumbnail_url": f"https://i.ytimg.com/vi/{video}/hqdefault.jpg",
            "html": f'<iframe width="200" height="113" src="https://www.youtube.com/embed/{video}'
            f'?feature=oembed" frameborder="0" allowfullscreen title="{html.escape(title)}">'
            "</iframe>",
        }
        return _Reply(200, json.dumps(payload, ensure_ascii=False).encode(), _JSON)

    # -- Semantic Scholar -------------------------------------------------------------------

    def _s2(self, rest: str) -> _Reply | None:
        fault = self.owner._next_fault("s2")
        if fault is not None:
            return self._fault_reply(fault, json_body=True)
        fields = [f.strip() for f in self.query.get("fields", "title").split(",") if f.strip()]
        unknown = [f for f in fields if f not in S2_FIELDS]
        if unknown:
            return _s2_error(400, f"Unrecognized or unsupported fields: [{', '.join(unknown)}]")
        if rest == "paper/search" and self.command in ("GET", "HEAD"):
            query = self.query.get("query", "")
            if not query.strip():
                return _s2_error(400, "Missing required parameter: 'query'")
            offset = self._int("offset", 0, 0, 10_000)
            limit = self._int("limit", 100, 1, 100)
            years = _s2_years(self.query.get("year"))
            if years is None:
                return _s2_error(400, "Invalid year range")
            wanted = set(_words(query))
            scored = []
            for index, record in enumerate(S2_CATALOGUE):
                if not years[0] <= record.year <= years[1]:
                    continue
                title = set(_words(record.title))
                # Relevance search reads the abstract too; the title weighs more.
                text = title | set(_words(record.abstract or ""))
                share = len(wanted & text) / max(len(wanted), 1)  # of the query found
                cover = len(wanted & title) / max(len(title), 1)  # of the title asked for
                if share >= 0.5:
                    scored.append((-share, -cover, -record.citation_count, index, record))
            scored.sort(key=lambda item: item[:4])
            page = [item[4].as_json(fields) for item in scored[offset : offset + limit]]
            result: dict[str, Any] = {"total": len(scored), "offset": offset}
            if offset + limit < len(scored):
                result["next"] = offset + limit
            result["data"] = page
            return _Reply(200, json.dumps(result).encode(), _JSON)
        if rest == "paper/batch":
            if self.command != "POST":
                return _s2_error(405, "Method Not Allowed")
            try:
                ids = json.loads(self.body or b"null")["ids"]
            except (ValueError, KeyError, TypeError):
                return _s2_error(400, "Body must be a JSON object with a list of ids")
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                return _s2_error(400, "Body must be a JSON object with a list of ids")
            if len(ids) > 500:
                return _s2_error(400, "Cannot process more than 500 ids")
            papers = [_s2_lookup(i) for i in ids]
            data = [p.as_json(fields) if p is not None else None for p in papers]
            return _Reply(200, json.dumps(data).encode(), _JSON)
        if rest.startswith("paper/") and self.command in ("GET", "HEAD"):
            wanted_id = rest.removeprefix("paper/")
            single = _s2_lookup(wanted_id)
            if single is None:
                return _s2_error(404, f"Paper with id {wanted_id} not found")
            return _Reply(200, json.dumps(single.as_json(fields)).encode(), _JSON)
        return _s2_error(404, "Not found")


_ATOM = "application/atom+xml; charset=utf-8"
_JSON = "application/json"
_RA1 = ("Retry-After", "1")
_PDF = build_pdf(PDF_TITLE)
_PDF_UNTITLED = build_pdf(None)


def _redirect(status: int, location: str) -> _Reply:
    return _Reply(status, _simple_page("Redirecting"), headers=[("Location", location)])


def _unsatisfiable(size: int) -> _Reply:
    return _Reply(416, b"", None, [("Content-Range", f"bytes */{size}")])


def _s2_error(status: int, message: str) -> _Reply:
    return _Reply(status, json.dumps({"error": message}).encode(), _JSON)


# --------------------------------------------------------------------------------------------
# The public object
# --------------------------------------------------------------------------------------------


class LocalServer:
    """A started-on-demand HTTP server on 127.0.0.1 (see the module docstring)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._state = _State()
        self.errors: list[str] = []  # tracebacks of unexpected handler failures
        gzip_bomb()  # built once per process, ~0.2 s
        self._httpd = _HTTPServer(self, (host, port))
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.url = f"http://{self.host}:{self.port}"
        self._thread: threading.Thread | None = None
        self._closed = False

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> LocalServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": _SLICE},
                name=f"readlist-test-http-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def shutdown(self) -> None:
        """Stop serving and abort every connection in flight; returns within ~1 s."""
        if self._closed:
            return
        self._closed = True
        self._httpd.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()  # serve_forever notices within _SLICE seconds
        self._httpd.server_close()
        with self._httpd.active_lock:
            active = list(self._httpd.active)
        for sock in active:  # wake up handlers blocked in a read or a write
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    def reset(self) -> None:
        """Forget recorded requests, programmed faults, counters, added papers and pages."""
        with self._lock:
            self._state = _State()
            self.errors.clear()

    # -- URLs -------------------------------------------------------------------------------

    @property
    def arxiv_api(self) -> str:
        """Value for READLIST_ARXIV_API."""
        return f"{self.url}/api/query"

    @property
    def s2_api(self) -> str:
        """Value for READLIST_S2_API (the Graph API root, without a trailing slash)."""
        return f"{self.url}/s2/graph/v1"

    @property
    def oembed_endpoint(self) -> str:
        return f"{self.url}/oembed"

    def page(self, name: str) -> str:
        """URL of /pages/<name>, e.g. page("ok") or page("slow?delay=0.2")."""
        return f"{self.url}/pages/{name}"

    # -- recorded requests ------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot (a copy) of every request since the last reset, in arrival order."""
        with self._lock:
            return list(self._state.requests)

    def requests_to(self, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    @property
    def active_connections(self) -> int:
        """Connections a handler thread is still serving (idle keep-alive ones included)."""
        with self._httpd.active_lock:
            return len(self._httpd.active)

    def wait_until_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no connection is open; True if that happened within `timeout`."""
        until = time.monotonic() + timeout
        while self.active_connections:
            if time.monotonic() >= until:
                return False
            time.sleep(0.02)
        return True

    # -- programmable behaviour -------------------------------------------------------------

    def arxiv_fail_next(
        self, n: int = 1, status: int = 503, retry_after: int | float | str | None = None
    ) -> None:
        """The next n arXiv requests answer `status` (with Retry-After when given)."""
        ra = None if retry_after is None else str(retry_after)
        self._add_faults("arxiv", [_Fault("fail", status, ra) for _ in range(n)])

    def arxiv_rate_exceeded_next(self, n: int = 1) -> None:
        """The next n arXiv requests answer 200 text/plain `Rate exceeded.`, no Retry-After."""
        self._add_faults("arxiv", [_Fault("rate") for _ in range(n)])

    def arxiv_xml_bomb_next(self) -> None:
        """The next arXiv request gets a billion-laughs document as application/atom+xml."""
        self._add_faults("arxiv", [_Fault("bomb")])

    def arxiv_drop_next(self, n: int = 1) -> None:
        """The next n arXiv requests are read, then the connection is closed unanswered."""
        self._add_faults("arxiv", [_Fault("drop") for _ in range(n)])

    def arxiv_add(self, *records: ArxivRecord) -> None:
        """Make extra papers known to the fake arXiv API until the next reset."""
        with self._lock:
            for record in records:
                self._state.extra_papers[record.arxiv_id] = record

    def s2_fail_next(
        self, n: int = 1, status: int = 429, retry_after: int | float | str | None = None
    ) -> None:
        """The next n Semantic Scholar requests answer `status` (429: no Retry-After, as S2)."""
        ra = None if retry_after is None else str(retry_after)
        self._add_faults("s2", [_Fault("fail", status, ra) for _ in range(n)])

    def add_page(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """Serve `body` at `path` (GET/HEAD, any path, until reset); returns its URL."""
        if not path.startswith("/"):
            path = "/" + path
        data = body.encode() if isinstance(body, str) else body
        reply = _Reply(status, data, content_type, list((headers or {}).items()))
        with self._lock:
            self._state.custom_pages[path] = reply
        return self.url + path

    # -- used by the handler ----------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._state.requests.append(request)

    def _note_error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)

    def _add_faults(self, service: str, faults: list[_Fault]) -> None:
        with self._lock:
            queue = self._state.arxiv_faults if service == "arxiv" else self._state.s2_faults
            queue.extend(faults)

    def _next_fault(self, service: str) -> _Fault | None:
        with self._lock:
            queue = self._state.arxiv_faults if service == "arxiv" else self._state.s2_faults
            return queue.popleft() if queue else None

    def _count(self, route: str, key: str) -> int:
        with self._lock:
            value = self._state.counters.get((route, key), 0) + 1
            self._state.counters[(route, key)] = value
            return value

    def _arxiv_records(self) -> list[ArxivRecord]:
        with self._lock:
            extra = list(self._state.extra_papers.values())
        known = {r.arxiv_id for r in extra}
        return [r for r in ARXIV_CATALOGUE if r.arxiv_id not in known] + extra

    def _arxiv_record(self, arxiv_id: str) -> ArxivRecord | None:
        with self._lock:
            if arxiv_id in self._state.extra_papers:
                return self._state.extra_papers[arxiv_id]
        return _ARXIV_BY_ID.get(arxiv_id)

    def _custom_page(self, path: str) -> _Reply | None:
        with self._lock:
            return self._state.custom_pages.get(path)


_ARXIV_BY_ID = {record.arxiv_id: record for record in ARXIV_CATALOGUE}


@contextlib.contextmanager
def serve_in_thread() -> Iterator[LocalServer]:
    """A private server for one block: started on entry, shut down on exit."""
    local = LocalServer().start()
    try:
        yield local
    finally:
        local.shutdown()


@pytest.fixture(scope="session")
def http_server() -> Iterator[LocalServer]:
    """One server for the whole session (not reset between tests: prefer `server`)."""
    with serve_in_thread() as local:
        yield local


@pytest.fixture
def server(http_server: LocalServer) -> Iterator[LocalServer]:
    """The session's server, reset before the test; fails the test if a handler crashed."""
    http_server.reset()
    yield http_server
    if http_server.errors:
        pytest.fail("the test HTTP server failed:\n" + "\n".join(http_server.errors))


pytest_fixtures = [http_server, server]
