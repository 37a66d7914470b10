"""The local HTTP test server itself: every route, the recorded requests, and that nothing
it does can hang the run."""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from collections.abc import Iterator
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
from defusedxml import EntitiesForbidden
from defusedxml.ElementTree import fromstring as safe_fromstring

from readlist.enrich.arxiv import FeedError, parse_feed

from . import http_server as local_http
from .http_server import (
    ARXIV_CATALOGUE,
    EUC_KR_TITLE,
    HUGE_SIZE,
    OK_PAGE,
    PAGE_ETAG,
    PAGE_LAST_MODIFIED,
    PDF_TITLE,
    ArxivRecord,
    LocalServer,
    gzip_bomb,
    serve_in_thread,
)

# The fixtures, until conftest.py registers them for every test module.
http_server = local_http.http_server
server = local_http.server

A = "{http://www.w3.org/2005/Atom}"
AX = "{http://arxiv.org/schemas/atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"
UA = "readlist-tests/1.0 (+mailto:tests@example.org)"


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0, trust_env=False, headers={"User-Agent": UA}) as http:
        yield http


def _feed(body: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(body)


def _entry_ids(body: bytes) -> list[str]:
    return [e.findtext(f"{A}id") or "" for e in _feed(body).findall(f"{A}entry")]


def _arxiv(http: httpx.Client, srv: LocalServer, **params: str) -> httpx.Response:
    return http.get(srv.arxiv_api, params=params)


# ---------------------------------------------------------------------------------- basics


def test_url_recording_and_reset(server: LocalServer, client: httpx.Client) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
    before = time.monotonic()
    assert client.get(server.url + "/health").text == "ok\n"
    client.get(server.page("ok"), params={"a": "1", "b": ["2", "3"]})
    first, second = server.requests
    assert (first.method, first.path) == ("GET", "/health")
    assert second.path == "/pages/ok"
    assert second.query == {"a": "1", "b": "2"}
    assert second.query_lists == {"a": ["1"], "b": ["2", "3"]}
    assert second.user_agent == UA and second.header("USER-AGENT") == UA
    assert before <= first.time <= second.time <= time.monotonic()
    assert first.client == second.client  # keep-alive: one connection
    server.reset()
    assert server.requests == []


def test_unknown_path_is_404(server: LocalServer, client: httpx.Client) -> None:
    assert client.get(server.url + "/nothing/here").status_code == 404


def test_head_and_add_page(server: LocalServer, client: httpx.Client) -> None:
    url = server.add_page("/custom/x", "<title>Custom</title>", headers={"X-Test": "1"})
    response = client.get(url)
    assert (response.status_code, response.text, response.headers["x-test"]) == (
        200,
        "<title>Custom</title>",
        "1",
    )
    head = client.head(server.page("ok"))
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 100
    server.reset()
    assert client.get(url).status_code == 404


# ----------------------------------------------------------------------------------- arXiv


def test_arxiv_id_list_in_requested_order(server: LocalServer, client: httpx.Client) -> None:
    ids = "1810.04805,1512.03385,9999.99999,cs/0112017,1709.01507"
    response = _arxiv(client, server, id_list=ids, max_results="5", start="0")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = _feed(response.content)
    assert _entry_ids(response.content) == [
        "http://arxiv.org/abs/1810.04805v2",
        "http://arxiv.org/abs/1512.03385v1",
        "http://arxiv.org/abs/cs/0112017v1",  # the unknown 9999.99999 is simply absent
        "http://arxiv.org/abs/1709.01507v4",
    ]
    assert feed.findtext(f"{OS}totalResults") == "4"
    assert feed.findtext(f"{OS}startIndex") == "0"
    assert feed.findtext(f"{OS}itemsPerPage") == "5"
    bert, resnet, old, senet = feed.findall(f"{A}entry")
    assert bert.findtext(f"{A}title") == (
        "BERT: Pre-training of Deep Bidirectional\n  Transformers for Language Understanding"
    )
    assert resnet.findtext(f"{A}title") == "Deep Residual Learning for Image\n  Recognition"
    assert resnet.findtext(f"{A}published") == "2015-12-10T19:51:55Z"
    assert [n.text for n in resnet.findall(f"{A}author/{A}name")] == [
        "Kaiming He",
        "Xiangyu Zhang",
        "Shaoqing Ren",
        "Jian Sun",
    ]
    primary = resnet.find(f"{AX}primary_category")
    assert primary is not None and primary.get("term") == "cs.CV"
    assert [c.get("term") for c in resnet.findall(f"{A}category")] == ["cs.CV"]
    links = {(link.get("rel"), link.get("type")): link for link in resnet.findall(f"{A}link")}
    assert links["alternate", "text/html"].get("href") == "http://arxiv.org/abs/1512.03385v1"
    pdf = links["related", "application/pdf"]
    assert (pdf.get("title"), pdf.get("href")) == ("pdf", "http://arxiv.org/pdf/1512.03385v1")
    assert resnet.findtext(f"{AX}comment") == "Tech report"
    assert resnet.find(f"{AX}doi") is None
    summary = resnet.findtext(f"{A}summary") or ""
    assert summary.startswith("  ") and summary.endswith("\n")
    assert old.findtext(f"{AX}doi") == "10.1000/EXAMPLE.1"
    assert old.findtext(f"{AX}journal_ref") == "Journal of Tests 1 (2001) 1-2"
    assert senet.findtext(f"{AX}doi") == "10.1109/TPAMI.2019.2913372"


def test_arxiv_versions(server: LocalServer, client: httpx.Client) -> None:
    response = _arxiv(client, server, id_list="1706.03762v5,1706.03762,1706.03762v99,cs/0112017v1")
    assert _entry_ids(response.content) == [
        "http://arxiv.org/abs/1706.03762v5",
        "http://arxiv.org/abs/1706.03762v7",
        "http://arxiv.org/abs/cs/0112017v1",
    ]
    v5, v7, _ = _feed(response.content).findall(f"{A}entry")
    assert v5.findtext(f"{A}published") == v7.findtext(f"{A}published") == "2017-06-12T17:57:34Z"
    assert (v5.findtext(f"{A}updated") or "") < (v7.findtext(f"{A}updated") or "")


def test_arxiv_catalogue_facts(server: LocalServer, client: httpx.Client) -> None:
    assert len(ARXIV_CATALOGUE) >= 13
    ids = ",".join(r.arxiv_id for r in ARXIV_CATALOGUE)
    response = _arxiv(client, server, id_list=ids, max_results="100")
    papers = {p.arxiv_id: p for p in parse_feed(response.content)}  # the project's own parser
    assert list(papers) == [r.arxiv_id for r in ARXIV_CATALOGUE]
    expected = {
        "1512.03385": ("Deep Residual Learning for Image Recognition", "cs.CV", "2015-12-10"),
        "1706.03762": ("Attention Is All You Need", "cs.CL", "2017-06-12"),
        "1810.04805": (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "cs.CL",
            "2018-10-11",
        ),
        "2105.08050": ("Pay Attention to MLPs", "cs.LG", "2021-05-17"),
        "2105.01601": ("MLP-Mixer: An all-MLP Architecture for Vision", "cs.CV", "2021-05-04"),
        "1409.1556": (
            "Very Deep Convolutional Networks for Large-Scale Image Recognition",
            "cs.CV",
            "2014-09-04",
        ),
        "1412.6980": ("Adam: A Method for Stochastic Optimization", "cs.LG", "2014-12-22"),
        "1505.07818": ("Domain-Adversarial Training of Neural Networks", "stat.ML", "2015-05-28"),
        "1608.06993": ("Densely Connected Convolutional Networks", "cs.CV", "2016-08-25"),
        "1709.01507": ("Squeeze-and-Excitation Networks", "cs.CV", "2017-09-05"),
        "1704.04861": (
            "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
            "cs.CV",
            "2017-04-17",
        ),
        "1905.11946": (
            "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
            "cs.LG",
            "2019-05-28",
        ),
    }
    for arxiv_id, (title, category, published) in expected.items():
        paper = papers[arxiv_id]
        assert (paper.title, paper.primary_category) == (title, category)
        assert (paper.published or "").startswith(published)
    assert papers["1706.03762"].authors[-1] == "Illia Polosukhin"
    assert papers["2105.08050"].authors == (
        "Hanxiao Liu",
        "Zihang Dai",
        "David R. So",
        "Quoc V. Le",
    )
    assert papers["1905.11946"].authors == ("Mingxing Tan", "Quoc V. Le")
    assert papers["2105.01601"].authors[0] == "Ilya Tolstikhin"
    assert papers["1505.07818"].authors[0] == "Yaroslav Ganin"
    assert papers["1704.04861"].authors[0] == "Andrew G. Howard"
    assert papers["cs/0112017"].title == "A Test Paper with an Old-Style Identifier"


def test_arxiv_default_max_results_and_paging(server: LocalServer, client: httpx.Client) -> None:
    ids = ",".join(r.arxiv_id for r in ARXIV_CATALOGUE)
    assert len(_entry_ids(_arxiv(client, server, id_list=ids).content)) == 10
    page = _arxiv(client, server, id_list=ids, start="12", max_results="5").content
    assert _entry_ids(page) == ["http://arxiv.org/abs/cs/0112017v1"]


def test_arxiv_malformed_id_is_the_error_feed(server: LocalServer, client: httpx.Client) -> None:
    response = _arxiv(client, server, id_list="1512.03385,not-an-id")
    assert response.status_code == 400  # what export.arxiv.org answers with its error feed
    (entry,) = _feed(response.content).findall(f"{A}entry")
    assert entry.findtext(f"{A}id") == (
        "http://arxiv.org/api/errors#incorrect_id_format_for_not-an-id"
    )
    assert entry.findtext(f"{A}title") == "Error"
    assert entry.findtext(f"{A}summary") == "incorrect id format for not-an-id"
    with pytest.raises(FeedError, match="incorrect id format for not-an-id"):
        parse_feed(response.content)
    bad_start = _arxiv(client, server, id_list="1512.03385", start="x")
    assert bad_start.status_code == 400 and b"start must be an integer" in bad_start.content


def test_arxiv_title_search(server: LocalServer, client: httpx.Client) -> None:
    def titles(query: str, **extra: str) -> list[str]:
        # built by hand: quotes, colons and spaces percent-encoded, as arXiv's examples show
        target = server.arxiv_api + "?search_query=" + quote(query, safe="")
        target += "".join(f"&{k}={v}" for k, v in extra.items())
        entries = _feed(client.get(target).content).iter(f"{A}entry")
        return [" ".join((e.findtext(f"{A}title") or "").split()) for e in entries]

    resnet = "Deep Residual Learning for Image Recognition"
    vgg = "Very Deep Convolutional Networks for Large-Scale Image Recognition"
    assert titles('ti:"Deep Residual Learning for Image Recognition"') == [resnet]
    assert titles('ti:"deep residual LEARNING"') == [resnet]
    assert titles("ti:deep AND ti:recognition") == [resnet, vgg]  # closest title first
    assert titles('ti:"image recognition" AND au:zisserman') == [vgg]
    assert titles("ti:attention") == ["Pay Attention to MLPs", "Attention Is All You Need"]
    assert titles("ti:attention", max_results="1") == ["Pay Attention to MLPs"]
    assert titles("ti:attention", start="1", max_results="1") == ["Attention Is All You Need"]
    assert titles('ti:"no such paper anywhere"') == []
    # the client's own form: urlencode({"search_query": 'ti:"…"'})
    body = client.get(server.arxiv_api, params={"search_query": 'ti:"Pay Attention to MLPs"'})
    feed = _feed(body.content)
    assert feed.findtext(f"{OS}totalResults") == "1"
    assert server.requests[-1].query["search_query"] == 'ti:"Pay Attention to MLPs"'


def test_arxiv_post_and_added_papers(server: LocalServer, client: httpx.Client) -> None:
    server.arxiv_add(
        ArxivRecord(
            arxiv_id="2401.00001",
            title="An Added Paper",
            authors=("Added Author",),
            published="2024-01-01T00:00:00Z",
            primary_category="cs.LG",
            categories=("cs.LG",),
            summary="Synthetic.",
        )
    )
    response = client.post(server.arxiv_api, data={"id_list": "2401.00001"})
    assert _entry_ids(response.content) == ["http://arxiv.org/abs/2401.00001v1"]
    assert server.requests[-1].body == b"id_list=2401.00001"
    server.reset()
    assert _entry_ids(_arxiv(client, server, id_list="2401.00001").content) == []


def test_arxiv_414(server: LocalServer, client: httpx.Client) -> None:
    ids = ",".join(f"2101.{n:05d}" for n in range(101))
    assert _arxiv(client, server, id_list=ids).status_code == 414
    hundred = ",".join(f"2101.{n:05d}" for n in range(100))
    assert _arxiv(client, server, id_list=hundred, max_results="100").status_code == 200
    assert _arxiv(client, server, search_query="ti:" + "x" * 8000).status_code == 414


def test_arxiv_programmed_failures(server: LocalServer, client: httpx.Client) -> None:
    server.arxiv_fail_next(2, status=503, retry_after=7)
    server.arxiv_rate_exceeded_next(1)
    server.arxiv_fail_next(1, status=429)
    server.arxiv_xml_bomb_next()
    server.arxiv_drop_next()
    first, second = (_arxiv(client, server, id_list="1512.03385") for _ in range(2))
    assert (first.status_code, first.headers["retry-after"]) == (503, "7")
    assert second.status_code == 503
    rate = _arxiv(client, server, id_list="1512.03385")
    assert (rate.status_code, rate.content) == (200, b"Rate exceeded.")
    assert "retry-after" not in rate.headers
    throttled = _arxiv(client, server, id_list="1512.03385")
    assert throttled.status_code == 429 and "retry-after" not in throttled.headers
    bomb = _arxiv(client, server, id_list="1512.03385")
    assert bomb.headers["content-type"].startswith("application/atom+xml")
    assert b"<!ENTITY lol9" in bomb.content and len(bomb.content) < 2000
    with pytest.raises(EntitiesForbidden):
        safe_fromstring(bomb.content)
    with pytest.raises(FeedError, match="entities"):
        parse_feed(bomb.content)
    with pytest.raises(httpx.RemoteProtocolError):
        _arxiv(client, server, id_list="1512.03385")
    assert _arxiv(client, server, id_list="1512.03385").status_code == 200
    assert len(server.requests_to("/api/query")) == 7
    server.arxiv_fail_next(3)
    server.reset()
    assert _arxiv(client, server, id_list="1512.03385").status_code == 200


# ----------------------------------------------------------------------------------- pages


def test_page_titles(server: LocalServer, client: httpx.Client) -> None:
    ok = client.get(server.page("ok"))
    assert ok.headers["content-type"] == "text/html; charset=utf-8"
    for expected in (
        f"<title>{OK_PAGE.title}</title>",
        f'<meta property="og:title" content="{OK_PAGE.og_title}">',
        f'<meta name="twitter:title" content="{OK_PAGE.twitter_title}">',
        f'<meta name="description" content="{OK_PAGE.description}">',
    ):
        assert expected in ok.text
    only = client.get(server.page("title-only")).text
    assert "<title>  Spaced &amp; Entities &#8212; here  </title>" in only
    assert "og:title" not in only
    script = client.get(server.page("script-title")).text
    assert "<title><script>alert(1)</script>Safe title</title>" in script
    assert server.requests[-1].user_agent == UA


def test_euc_kr_page(server: LocalServer, client: httpx.Client) -> None:
    response = client.get(server.page("euc-kr"))
    assert response.headers["content-type"] == "text/html"  # no charset in the header
    assert EUC_KR_TITLE.encode("utf-8") not in response.content
    text = response.content.decode("euc-kr")
    assert '<meta charset="euc-kr">' in text
    assert f"<title>{EUC_KR_TITLE}</title>" in text


def test_slow_page(server: LocalServer, client: httpx.Client) -> None:
    started = time.monotonic()
    response = client.get(server.page("slow"), params={"delay": "0.2", "chunks": "3"})
    assert time.monotonic() - started >= 0.39
    assert response.text.startswith("<!DOCTYPE html>") and response.text.endswith("</html>\n")
    assert "<title>Slow page</title>" in response.text
    with pytest.raises(httpx.ReadTimeout):
        client.get(server.page("slow?delay=2&chunks=2"), timeout=0.3)
    with pytest.raises(httpx.ReadTimeout):
        client.get(server.page("slow?head_delay=2"), timeout=0.3)


def test_stall_page(server: LocalServer, client: httpx.Client) -> None:
    with client.stream("GET", server.page("stall"), timeout=0.5) as response:
        assert response.headers["content-length"] == "10000"
        chunks = response.iter_raw()
        head = next(chunks)
        assert len(head) == 100 and b"<title>Stalled page</title>" in head
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            next(chunks)
        assert time.monotonic() - started < 2
    client.close()
    assert server.wait_until_idle(3.0)  # the handler noticed the hang-up


def test_huge_page_is_read_in_part(server: LocalServer, client: httpx.Client) -> None:
    started = time.monotonic()
    read = bytearray()
    with client.stream("GET", server.page("huge")) as response:
        assert int(response.headers["content-length"]) == HUGE_SIZE == 209715200
        for chunk in response.iter_raw():
            read += chunk
            if len(read) >= 1024 * 1024:
                break
    assert read.startswith(b"<!DOCTYPE html>\n<html><head><title>Huge</title>")
    client.close()
    assert server.wait_until_idle(3.0)
    assert time.monotonic() - started < 5
    head = httpx.head(server.page("huge"), trust_env=False)
    assert head.headers["content-length"] == str(HUGE_SIZE)


def test_chunked_forever(server: LocalServer, client: httpx.Client) -> None:
    read = bytearray()
    with client.stream("GET", server.page("chunked-forever")) as response:
        assert response.headers["transfer-encoding"] == "chunked"
        assert "content-length" not in response.headers
        for chunk in response.iter_bytes():
            read += chunk
            if len(read) >= 5_000:
                break
    assert b"<title>Forever</title>" in read
    client.close()
    assert server.wait_until_idle(3.0)
    with httpx.Client(timeout=5.0, trust_env=False) as other:
        started = time.monotonic()
        short = other.get(server.page("chunked-forever"), params={"seconds": "0.3"})
        assert 0.29 <= time.monotonic() - started < 3
        assert short.status_code == 200 and short.content.count(b"<p>chunk") >= 3


def test_gzip_bomb_served(server: LocalServer, client: httpx.Client) -> None:
    compressed = bytearray()
    with client.stream("GET", server.page("gzip-bomb")) as response:
        assert response.headers["content-encoding"] == "gzip"
        size = int(response.headers["content-length"])
        assert 500_000 < size < 2_000_000
        for chunk in response.iter_raw():
            compressed += chunk
    assert bytes(compressed) == gzip_bomb()
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    first = inflate.decompress(bytes(compressed[:100_000]), 1 << 20)
    assert first.startswith(b"<!DOCTYPE html><html><head><title>Gzip bomb</title>")
    assert len(first) == 1 << 20 and first.endswith(b"\0" * 1000)
    inflated_size = int.from_bytes(compressed[-4:], "little")  # gzip's ISIZE trailer
    assert inflated_size > 1_000_000_000


def test_gzip_bomb_construction_is_valid_gzip() -> None:
    small = gzip_bomb(8)  # built exactly like the 1 GiB one, inflated whole here
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    total, data = 0, small
    while not inflate.eof:
        out = inflate.decompress(data, 4 << 20)
        total += len(out)
        data = inflate.unconsumed_tail
        assert out or data
    assert total == len(b"<!DOCTYPE html><html><head><title>Gzip bomb</title></head><body>") + (
        8 << 20
    )
    assert inflate.unused_data == b""  # trailer (CRC-32, size) checked by zlib
    assert len(gzip_bomb()) < 1100 * 1024


def test_throttled_pages(server: LocalServer, client: httpx.Client) -> None:
    first = client.get(server.page("429"), params={"key": "a"})
    assert (first.status_code, first.headers["retry-after"]) == (429, "1")
    again = client.get(server.page("429"), params={"key": "a"})
    assert again.status_code == 200 and "<title>Recovered after 429</title>" in again.text
    assert client.get(server.page("429"), params={"key": "b"}).status_code == 429
    statuses = [client.get(server.page("503-twice?key=k")).status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 200]
    assert client.get(server.page("503-twice?key=other")).status_code == 503
    server.reset()
    assert client.get(server.page("429"), params={"key": "a"}).status_code == 429


def test_gone_pages(server: LocalServer, client: httpx.Client) -> None:
    assert client.get(server.page("404")).status_code == 404
    assert client.get(server.page("410")).status_code == 410


def test_redirects(server: LocalServer, client: httpx.Client) -> None:
    loop = client.get(server.page("redirect-loop"))
    assert (loop.status_code, loop.headers["location"]) == (302, server.page("redirect-loop"))
    with pytest.raises(httpx.TooManyRedirects):
        client.get(server.page("redirect-loop"), follow_redirects=True)
    chain = client.get(server.page("redirect-chain?n=7"), follow_redirects=True)
    assert chain.status_code == 200 and len(chain.history) == 7
    assert "<title>End of a redirect chain of 7 hops</title>" in chain.text
    with (
        httpx.Client(trust_env=False, max_redirects=5, follow_redirects=True) as strict,
        pytest.raises(httpx.TooManyRedirects),
    ):
        strict.get(server.page("redirect-chain?n=7"))
    for target in (
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:9/private",
        server.page("ok"),
    ):
        hop = client.get(server.page("redirect-to"), params={"url": target})
        assert (hop.status_code, hop.headers["location"]) == (302, target)
    moved = client.get(server.page("redirect-to"), params={"url": "/pages/ok", "status": "301"})
    assert (moved.status_code, moved.headers["location"]) == (301, "/pages/ok")


def test_etag_page(server: LocalServer, client: httpx.Client) -> None:
    fresh = client.get(server.page("etag"))
    assert fresh.status_code == 200
    assert (fresh.headers["etag"], fresh.headers["last-modified"]) == (
        PAGE_ETAG,
        PAGE_LAST_MODIFIED,
    )

    def status(**headers: str) -> int:
        return client.get(server.page("etag"), headers=headers).status_code

    assert status(**{"If-None-Match": PAGE_ETAG}) == 304
    assert status(**{"If-None-Match": f'"other", W/{PAGE_ETAG}'}) == 304
    assert status(**{"If-None-Match": '"other"'}) == 200
    assert status(**{"If-Modified-Since": PAGE_LAST_MODIFIED}) == 304
    assert status(**{"If-Modified-Since": "Thu, 22 Oct 2015 07:28:00 GMT"}) == 304
    assert status(**{"If-Modified-Since": "Tue, 20 Oct 2015 07:28:00 GMT"}) == 200
    # If-None-Match wins over If-Modified-Since
    both = {"If-None-Match": '"other"', "If-Modified-Since": PAGE_LAST_MODIFIED}
    assert status(**both) == 200
    not_modified = client.get(server.page("etag"), headers={"If-None-Match": PAGE_ETAG})
    assert not_modified.content == b"" and not_modified.headers["etag"] == PAGE_ETAG


def test_pdf_and_ranges(server: LocalServer, client: httpx.Client) -> None:
    whole = client.get(server.page("paper.pdf"))
    pdf = whole.content
    assert whole.headers["content-type"] == "application/pdf"
    assert whole.headers["accept-ranges"] == "bytes"
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) <= 2048
    assert f"/Title ({PDF_TITLE})".encode() in pdf
    # the cross-reference table points at every object, and startxref at the table
    startxref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[startxref:].startswith(b"xref\n0 7\n")
    offsets = re.findall(rb"(\d{10}) 00000 n \n", pdf[startxref:])
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)
    assert b"/Info 1 0 R" in pdf and b"/Root 2 0 R" in pdf

    def ranged(value: str) -> httpx.Response:
        return client.get(server.page("paper.pdf"), headers={"Range": value})

    first = ranged("bytes=0-99")
    assert first.status_code == 206 and first.content == pdf[:100]
    assert first.headers["content-range"] == f"bytes 0-99/{len(pdf)}"
    tail = ranged("bytes=-50")
    assert tail.status_code == 206 and tail.content == pdf[-50:]
    rest = ranged("bytes=100-")
    assert rest.status_code == 206 and rest.content == pdf[100:]
    beyond = ranged(f"bytes={len(pdf)}-")
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(pdf)}"
    assert ranged("bytes=0-99,200-299").status_code == 200  # a server may ignore multi-range
    untitled = client.get(server.page("untitled.pdf")).content
    assert untitled.startswith(b"%PDF-") and b"/Title" not in untitled


def test_oembed(server: LocalServer, client: httpx.Client) -> None:
    def oembed(url: str, fmt: str = "json") -> httpx.Response:
        return client.get(server.oembed_endpoint, params={"url": url, "format": fmt})

    found = oembed("https://www.youtube.com/watch?v=RLtest00001&t=42")
    assert found.status_code == 200 and found.headers["content-type"] == "application/json"
    data = found.json()
    assert data["title"] == "Deep Residual Learning explained (test video)"
    assert (data["type"], data["provider_name"], data["version"]) == ("video", "YouTube", "1.0")
    korean = oembed("https://youtu.be/RLtest00002").json()
    assert korean["title"] == "트랜스포머 강의 1강 (test video)"
    assert oembed("https://www.youtube.com/shorts/RLtest00002").status_code == 200
    assert oembed("https://www.youtube.com/watch?v=RLnotthere1").status_code == 404
    assert oembed("https://example.org/video").status_code == 404
    assert oembed("https://www.youtube.com/watch?v=RLprivate01").status_code == 401
    assert oembed("https://youtu.be/RLtest00001", fmt="xml").status_code == 501
    assert client.get(server.oembed_endpoint).status_code == 400


# -------------------------------------------------------------------------- Semantic Scholar


FIELDS = "title,year,authors,externalIds,citationCount,venue,abstract,url"


def test_s2_search(server: LocalServer, client: httpx.Client) -> None:
    search = server.s2_api + "/paper/search"
    title = (
        "UTOPIAN: User-Driven Topic Modeling Based on Interactive Nonnegative Matrix Factorization"
    )
    body = client.get(search, params={"query": title, "fields": FIELDS, "limit": "5"}).json()
    assert body["total"] >= 1 and body["offset"] == 0
    best = body["data"][0]
    assert best["title"] == title
    assert (best["year"], best["venue"]) == (
        2013,
        "IEEE Transactions on Visualization and Computer Graphics",
    )
    assert [a["name"] for a in best["authors"]] == [
        "Jaegul Choo",
        "Changhyun Lee",
        "Chandan K. Reddy",
        "Haesun Park",
    ]
    assert best["externalIds"]["DOI"] == "10.1109/TVCG.2013.212"
    assert re.fullmatch(r"[0-9a-f]{40}", best["paperId"])
    assert isinstance(best["citationCount"], int)
    near = client.get(search, params={"query": "interactive topic modeling"}).json()
    assert set(near["data"][0]) == {"paperId", "title"}  # default fields
    assert near["data"][0]["title"] == "Interactive Topic Modeling"
    resnet = client.get(
        search, params={"query": "deep residual learning", "fields": "externalIds"}
    ).json()
    assert resnet["data"][0]["externalIds"]["ArXiv"] == "1512.03385"
    empty = client.get(search, params={"query": "zzzz qqqq"}).json()
    assert empty == {"total": 0, "offset": 0, "data": []}
    assert client.get(search).status_code == 400
    bad = client.get(search, params={"query": "x", "fields": "title,nonsense"})
    assert bad.status_code == 400 and "nonsense" in bad.json()["error"]


def test_s2_batch_and_single(server: LocalServer, client: httpx.Client) -> None:
    batch = server.s2_api + "/paper/batch"
    ids = [
        "DOI:10.1109/tvcg.2013.212",
        "ARXIV:1706.03762",
        "DOI:10.9999/none",
        "arXiv:1512.03385v2",
    ]
    response = client.post(batch, params={"fields": FIELDS}, json={"ids": ids})
    assert response.status_code == 200
    utopian, attention, missing, resnet = response.json()
    assert utopian["year"] == 2013 and attention["title"] == "Attention Is All You Need"
    assert missing is None and resnet["externalIds"]["DOI"] == "10.1109/CVPR.2016.90"
    assert json.loads(server.requests[-1].body) == {"ids": ids}
    assert client.post(batch, json={"nope": []}).status_code == 400
    assert client.post(batch, json={"ids": ["x"] * 501}).status_code == 400
    single = client.get(server.s2_api + "/paper/" + utopian["paperId"], params={"fields": "year"})
    assert single.json() == {"paperId": utopian["paperId"], "year": 2013}
    by_doi = client.get(server.s2_api + "/paper/DOI:10.1162/neco.1997.9.8.1735")
    assert by_doi.json()["title"] == "Long Short-Term Memory"
    assert client.get(server.s2_api + "/paper/DOI:10.9999/none").status_code == 404


def test_s2_failures(server: LocalServer, client: httpx.Client) -> None:
    server.s2_fail_next(2)
    server.s2_fail_next(1, status=500)
    search = server.s2_api + "/paper/search"
    for _ in range(2):
        throttled = client.get(search, params={"query": "attention"})
        assert throttled.status_code == 429 and "retry-after" not in throttled.headers
        assert "Too Many Requests" in throttled.json()["message"]
    assert client.post(server.s2_api + "/paper/batch", json={"ids": []}).status_code == 500
    assert client.get(search, params={"query": "attention"}).status_code == 200


# ------------------------------------------------------------------------------ robustness


def test_concurrent_requests(server: LocalServer) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def fetch() -> None:
        with httpx.Client(timeout=5.0, trust_env=False) as http:
            code = http.get(server.page("slow?delay=0.3&chunks=2")).status_code
        with lock:
            statuses.append(code)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert statuses == [200] * 8
    assert time.monotonic() - started < 2  # served in parallel, not one after another
    assert len(server.requests) == 8
    assert len({r.client for r in server.requests}) == 8


def test_shutdown_is_prompt_with_responses_in_flight() -> None:
    outcomes: dict[str, str] = {}
    ready = threading.Event()

    def stalled_reader(url: str) -> None:
        try:
            with (
                httpx.Client(timeout=30.0, trust_env=False) as http,
                http.stream("GET", url) as response,
            ):
                chunks = response.iter_raw()
                next(chunks)
                ready.set()
                for _ in chunks:
                    pass
            outcomes[url] = "completed"
        except httpx.HTTPError as exc:
            outcomes[url] = type(exc).__name__
        finally:
            ready.set()

    with serve_in_thread() as private:
        readers = [
            threading.Thread(target=stalled_reader, args=(private.page(name),))
            for name in ("stall", "huge?x", "chunked-forever")
        ]
        readers[0].start()
        assert ready.wait(5)
        for thread in readers[1:]:
            thread.start()
        time.sleep(0.2)
        started = time.monotonic()
        private.shutdown()
        assert time.monotonic() - started < 2
        private.shutdown()  # idempotent
    for thread in readers:
        thread.join(5)
        assert not thread.is_alive()
    assert len(outcomes) == 3
    assert outcomes[private.page("stall")] != "completed"  # cut off, not left hanging
    assert outcomes[private.page("chunked-forever")] != "completed"
    assert private.errors == []
