"""The arXiv client: Atom parsing, batching, pacing and throttling, without a network."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from readlist.enrich.arxiv import ArxivClient, FeedError, parse_feed, title_score
from readlist.net import PACING_MARGIN, Fetcher, Guard

from .conftest import FIXTURES

ATOM = FIXTURES / "atom"


def test_parse_feed() -> None:
    resnet, old = parse_feed((ATOM / "feed-two.xml").read_bytes())
    assert resnet.arxiv_id == "1512.03385"
    assert resnet.version == "1"
    assert resnet.title == "Deep Residual Learning for Image Recognition"
    assert resnet.authors == ("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun")
    assert resnet.abstract == (
        "Deeper neural networks are more difficult to train. We present a residual "
        "learning framework."
    )
    assert (resnet.year, resnet.primary_category, resnet.categories) == (2015, "cs.CV", ("cs.CV",))
    assert resnet.pdf_url == "http://arxiv.org/pdf/1512.03385v1"
    assert (resnet.comment, resnet.doi, resnet.journal_ref) == ("Tech report", None, None)
    assert old.arxiv_id == "cs/0112017"
    assert (old.doi, old.journal_ref) == ("10.1000/EXAMPLE.1", "Journal of Tests 1 (2001) 1-2")
    assert old.categories == ("cs.CL", "cs.LG")


def test_error_feed_is_never_a_paper() -> None:
    with pytest.raises(FeedError, match="arXiv API error: incorrect id format for not-an-id"):
        parse_feed((ATOM / "error.xml").read_bytes())


def test_entity_expansion_is_refused() -> None:
    with pytest.raises(FeedError, match="refused an XML document with entities or a DTD"):
        parse_feed((ATOM / "bomb.xml").read_bytes())


def test_not_xml() -> None:
    with pytest.raises(FeedError, match="not an Atom feed"):
        parse_feed(b"Rate exceeded.")


class FakeClock:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _feed(ids: list[str]) -> bytes:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>Paper {i}</title>"
        f"<published>2020-01-01T00:00:00Z</published><summary>s</summary>"
        f"<author><name>A</name></author></entry>"
        for i in ids
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


def _client(handler: httpx.MockTransport, clock: FakeClock) -> ArxivClient:
    fetcher = Fetcher(
        httpx.Client(transport=handler),
        guard=Guard(allow_private=True),
        retries=0,
        sleep=clock.sleep,
        clock=clock.time,
    )
    return ArxivClient(
        fetcher, "https://export.arxiv.org/api/query", sleep=clock.sleep, clock=clock.time
    )


def test_batches_of_ids_and_three_seconds_apart() -> None:
    seen: list[dict[str, list[str]]] = []
    known = {f"2101.{n:05d}" for n in range(1, 250)}

    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(urlsplit(str(request.url)).query)
        seen.append(query)
        ids = query["id_list"][0].split(",")
        return httpx.Response(200, content=_feed([i for i in ids if i in known]))

    clock = FakeClock()
    client = _client(httpx.MockTransport(handler), clock)
    wanted = [f"2101.{n:05d}" for n in range(1, 251)]  # 2101.00250 is unknown
    papers, failures = client.fetch_ids(wanted)
    assert len(seen) == 3 == client.requests_made
    assert [len(q["id_list"][0].split(",")) for q in seen] == [100, 100, 50]
    assert all(int(q["max_results"][0]) >= len(q["id_list"][0].split(",")) for q in seen)
    # 3 s apart as arXiv measures it: the margin absorbs latency jitter (issue #19)
    assert clock.sleeps == [3.0 + PACING_MARGIN] * 2
    assert len(papers) == 249
    assert failures == {"2101.00250": "not found"}


def test_rate_exceeded_body_and_429_back_off() -> None:
    answers = [
        httpx.Response(200, text="Rate exceeded."),
        httpx.Response(429),
        httpx.Response(200, content=_feed(["1512.03385"])),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    clock = FakeClock()
    client = _client(httpx.MockTransport(handler), clock)
    papers, failures = client.fetch_ids(["1512.03385"])
    assert list(papers) == ["1512.03385"] and failures == {}
    assert clock.sleeps == [10.0, 30.0]  # backed off; each wait also covers the 3 s pace


def test_server_errors_are_retried_at_the_same_pace() -> None:
    answers = [
        httpx.Response(503, headers={"Retry-After": "5"}),
        httpx.Response(502),
        httpx.Response(200, content=_feed(["1512.03385"])),
    ]
    clock = FakeClock()
    client = _client(httpx.MockTransport(lambda r: answers.pop(0)), clock)
    papers, _ = client.fetch_ids(["1512.03385"])
    assert list(papers) == ["1512.03385"]
    assert clock.sleeps == [5.0, 30.0]  # Retry-After honoured, then the backoff


def test_throttled_for_good_is_a_failure() -> None:
    clock = FakeClock()
    client = _client(
        httpx.MockTransport(lambda r: httpx.Response(200, text="Rate exceeded.")), clock
    )
    papers, failures = client.fetch_ids(["1512.03385"])
    assert papers == {}
    assert failures == {
        "1512.03385": "arXiv API at export.arxiv.org: rate limited by arXiv; will retry next run"
    }


def test_title_search_threshold() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(urlsplit(str(request.url)).query)["search_query"][0]
        assert query == 'ti:"Pay Attention to MLPs"'
        body = (
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            "<id>http://arxiv.org/abs/2105.08050v2</id><title>Pay Attention to MLPs</title>"
            "<published>2021-05-17T00:00:00Z</published></entry></feed>"
        )
        return httpx.Response(200, text=body)

    client = _client(httpx.MockTransport(handler), FakeClock())
    paper, score, error = client.search_title("Pay Attention to MLPs")
    assert paper is not None and paper.arxiv_id == "2105.08050"
    assert (score, error) == (100.0, None)


@pytest.mark.parametrize(
    ("wanted", "found", "accepted"),
    [
        ("Pay Attention to MLPs", "Pay Attention to MLPs", True),
        ("MLP-Mixer", "MLP-Mixer: An all-MLP Architecture for Vision", True),
        ("Attention Is All You Need", "Attention is all you need", True),
        ("ResNet", "Deep Residual Learning for Image Recognition", False),
        ("Attention", "Attention Is All You Need", False),
        ("FooNet", "BarNet: Something Else", False),
    ],
)
def test_title_score(wanted: str, found: str, accepted: bool) -> None:
    assert (title_score(wanted, found) >= 90) is accepted


def test_pages_are_interleaved_by_host() -> None:
    from readlist.db import PendingRow
    from readlist.pool import interleave_hosts

    rows = [
        PendingRow(f"url:{u}", "page", u, u, None, None, None, 0, None, None)
        for u in (
            "http://a.org/1",
            "http://a.org/2",
            "http://a.org/3",
            "http://b.org/1",
            "http://c.org/1",
            "http://c.org/2",
        )
    ]
    assert [r.url for r in interleave_hosts(rows, lambda row: row.url or "")] == [
        "http://a.org/1",
        "http://b.org/1",
        "http://c.org/1",
        "http://a.org/2",
        "http://c.org/2",
        "http://a.org/3",
    ]
