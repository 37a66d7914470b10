"""The parts of `readlist check` and `fix` one at a time (issue #20): what a fetch says of a
link, the migrations table, the Wayback availability API, and editing a note's bytes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx
import pytest

from readlist.links.fix import Edit, edit_note, replace_links, unified_diff
from readlist.links.moves import DEAD_LINK, HTTP_LINK, MOVES, github_rename, propose_moves
from readlist.links.status import (
    PageText,
    classify,
    permanent_target,
    read_page_text,
    same_page,
)
from readlist.links.wayback import Wayback, availability_url, parse_availability
from readlist.net import Fetcher, FetchResult, Guard, Pacer

URL = "https://blog.example.com/2019/post"


def _page(title: str | None, text: str = "", heading: str | None = None) -> PageText:
    return PageText(title, heading, text)


def _ok(final: str = URL, redirects: tuple[tuple[int, str], ...] = ()) -> FetchResult:
    return FetchResult(url=URL, final_url=final, status=200, redirects=redirects)


@pytest.mark.parametrize(
    ("result", "page", "status", "reason"),
    [
        (_ok(), _page("A post", "text " * 500), "ok", "http 200"),
        (FetchResult(url=URL, final_url=URL, status=404), None, "gone", "http 404"),
        (FetchResult(url=URL, final_url=URL, status=410), None, "gone", "http 410"),
        (_ok(), _page("Page Not Found | Blog"), "soft-404", "title says 'Page Not Found | Blog'"),
        (_ok(), _page("404"), "soft-404", "title says '404'"),
        (
            _ok(),
            _page("페이지를 찾을 수 없습니다"),
            "soft-404",
            "title says '페이지를 찾을 수 없습니다'",
        ),
        (
            _ok(),
            _page("네이버 블로그", heading="요청하신 페이지를 찾을 수 없습니다."),
            "soft-404",
            "heading says '요청하신 페이지를 찾을 수 없습니다.'",
        ),
        (_ok(), _page("티스토리", heading="존재하지 않는 게시물입니다"), "soft-404", None),
        (_ok(), _page("example.com is parked free"), "parked", None),
        (_ok(), _page("blog.example.com", "This domain may be for sale!"), "parked", None),
        (
            _ok("https://www.hugedomains.com/domain_profile.cfm?d=example.com", ((302, "x"),)),
            None,
            "parked",
            "redirected to a parking service (www.hugedomains.com)",
        ),
        (FetchResult(url=URL, final_url=URL, status=403), None, "blocked", "http 403"),
        (FetchResult(url=URL, final_url=URL, status=429), None, "blocked", "http 429"),
        (
            FetchResult(url=URL, final_url=URL, status=503, headers={"cf-mitigated": "challenge"}),
            None,
            "blocked",
            "http 503",
        ),
        (
            FetchResult(url=URL, final_url=URL, status=500, error="http 500 after 2 tries"),
            None,
            "error",
            "http 500 after 2 tries",
        ),
        (FetchResult(url=URL, error="name does not resolve"), None, "unreachable", None),
        (FetchResult(url=URL, error="deadline"), None, "unreachable", "deadline"),
        (FetchResult(url=URL, error="too many redirects"), None, "error", None),
        (FetchResult(url=URL, error="private address"), None, "error", None),
        (
            _ok("https://blog.example.com/", ((301, "https://blog.example.com/"),)),
            _page("Blog"),
            "soft-404",
            "redirected to the home page https://blog.example.com/",
        ),
        (  # a trailing slash or www. added: no move worth rewriting a note for
            _ok("https://www.blog.example.com/2019/post/", ((301, "…"),)),
            _page("A post"),
            "ok",
            "http 200",
        ),
    ],
)
def test_classify(
    result: FetchResult, page: PageText | None, status: str, reason: str | None
) -> None:
    state = classify(URL, result, page)
    assert state.status == status
    if reason is not None:
        assert state.reason == reason


def test_an_article_about_domains_for_sale_is_not_parked() -> None:
    article = "This domain may be for sale, the registrar said. " + "More text. " * 400
    assert classify(URL, _ok(), _page("How domain auctions work", article)).status == "ok"


def test_redirects_permanent_and_temporary() -> None:
    chain = (
        (301, "https://blog.example.net/2019/post"),
        (308, "https://www.blog.example.net/2019/post/"),
    )
    state = classify(URL, _ok("https://www.blog.example.net/2019/post/", chain), _page("A"))
    assert (state.status, state.moved_to) == (
        "redirected",
        "https://www.blog.example.net/2019/post/",
    )
    assert state.reason == "redirected (301, 308) to https://www.blog.example.net/2019/post/"
    # A 302 first: where it leads today is no move.
    temporary = ((302, "https://cdn.example.net/p"), (301, "https://cdn2.example.net/p"))
    assert permanent_target(URL, temporary) is None
    # A 301 then a 302: the permanent address is the 301's.
    mixed = ((301, "https://blog.example.net/p"), (302, "https://login.example.net/?next=p"))
    assert permanent_target(URL, mixed) == "https://blog.example.net/p"
    assert same_page("https://Example.com/a/", "https://www.example.com/a")
    assert not same_page("http://example.com/a", "https://example.com/a")


def test_read_page_text_decodes_korean_pages() -> None:
    body = "<title>페이지를 찾을 수 없습니다</title><h1>오류</h1><p>죄송합니다</p>".encode("cp949")
    text = read_page_text(body, "text/html; charset=euc-kr")
    assert (text.title, text.heading, text.text) == (
        "페이지를 찾을 수 없습니다",
        "오류",
        "오류 죄송합니다",
    )


# --- the migrations table -------------------------------------------------------------------


@pytest.mark.parametrize("move", MOVES, ids=[m.name for m in MOVES])
def test_every_move_proposes_its_example(move: object) -> None:
    from readlist.links.moves import Move

    assert isinstance(move, Move)
    old, new = move.example
    proposals = propose_moves(old, move.when, "1512.03385" if move.needs_arxiv_id else None)
    assert [p.url for p in proposals][:1] == [new]


def test_moves_need_what_they_say() -> None:
    pwc = "https://paperswithcode.com/paper/deep-residual-learning-for-image"
    assert propose_moves(pwc, DEAD_LINK) == []  # no arXiv id known: nothing to propose
    assert (
        propose_moves("https://paperswithcode.com/sota/image-classification", DEAD_LINK, "1") == []
    )
    assert propose_moves("https://distill.pub/x", HTTP_LINK) == []  # already https
    old_acl = "http://aclweb.org/anthology/N/N19/N19-1423.pdf"
    assert [p.url for p in propose_moves(old_acl, DEAD_LINK)] == [
        "https://aclanthology.org/N19-1423.pdf"
    ]
    assert propose_moves("https://example.com/anthology/x", DEAD_LINK) == []


def test_github_rename() -> None:
    assert github_rename("https://github.com/a/b", "https://github.com/c/d") == "a/b → c/d"
    assert github_rename("https://github.com/a/b", "https://github.com/A/B") is None
    assert github_rename("https://github.com/a/b", "https://gitlab.com/c/d") is None


def test_the_readme_lists_every_move() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for move in MOVES:
        old, new = move.example
        assert f"| {move.name} | `{old}` | `{new}` |" in readme, move.name


# --- the Wayback Machine ---------------------------------------------------------------------

AVAILABLE = {
    "url": "example.com/blog",
    "archived_snapshots": {
        "closest": {
            "status": "200",
            "available": True,
            "url": "http://web.archive.org/web/20210301094512/https://example.com/blog",
            "timestamp": "20210301094512",
        }
    },
    "timestamp": "20210304",
}


def test_parse_availability() -> None:
    snapshot = parse_availability(json.dumps(AVAILABLE).encode())
    assert snapshot is not None
    assert snapshot.url == "https://web.archive.org/web/20210301094512/https://example.com/blog"
    assert snapshot.date == "2021-03-01"
    assert parse_availability(b'{"url": "example.com/blog", "archived_snapshots": {}}') is None
    archived_404 = json.loads(json.dumps(AVAILABLE))
    archived_404["archived_snapshots"]["closest"]["status"] = "404"
    assert parse_availability(json.dumps(archived_404).encode()) is None
    assert parse_availability(b"<html>busy</html>") is None
    assert (
        availability_url(
            "https://archive.org/wayback/available", "https://x.org/a?b=1", "2021-03-04"
        )
        == "https://archive.org/wayback/available?url=https%3A%2F%2Fx.org%2Fa%3Fb%3D1&timestamp=20210304"
    )
    assert "timestamp" not in availability_url("https://a/w", "https://x.org/", None)


def test_wayback_is_paced_and_retried_on_429() -> None:
    answers = [
        httpx.Response(429),
        httpx.Response(200, json=AVAILABLE),
        httpx.Response(200, json=AVAILABLE),
    ]
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return answers.pop(0)

    sleeps: list[float] = []
    clock = [0.0]
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        fetcher = Fetcher(client, guard=Guard(resolver=lambda host: ["93.184.216.34"]), retries=0)
        pacer = Pacer(1.0, sleep=sleeps.append, clock=lambda: clock[0])
        wayback = Wayback(fetcher, "https://archive.org/wayback/available", pacer)
        first, why = wayback.closest("https://example.com/blog", "2021-03-04")
        assert first is not None and why is None
        second, _ = wayback.closest("https://example.com/other", None)
    assert second is not None
    assert len(seen) == 3 and "timestamp=20210304" in seen[0]
    # the 429 waited its backoff (2 s), and each request kept the 1 s pace (+ margin)
    assert sleeps == [2.0, 1.25, 1.25]


# --- editing notes -----------------------------------------------------------------------------


def test_replace_links_touches_only_the_exact_link() -> None:
    line = "see https://x.com/a and https://x.com/ab, [a](https://x.com/a) https://x.com/a에서"
    new, found = replace_links(line, {"https://x.com/a": "https://y.org/a"})
    assert new == (
        "see https://y.org/a and https://x.com/ab, [a](https://y.org/a) https://y.org/a에서"
    )
    assert found == {"https://x.com/a"}


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", "# 제목\r\nhttps://old.example.com/a 참고\r\n끝".encode()),
        ("utf-8-sig", b"\xef\xbb\xbf" + "https://old.example.com/a 참고\n".encode()),
        ("cp949", "# 제목\nhttps://old.example.com/a 참고\n끝\n".encode("cp949")),
    ],
)
def test_edit_note_keeps_every_other_byte(encoding: str, data: bytes, tmp_path: Path) -> None:
    line = 2 if data.startswith(b"#") else 1
    edit = Edit(line, "https://old.example.com/a", "https://new.example.org/a")
    edited = edit_note(data, encoding, (edit,))
    assert isinstance(edited, bytes)
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    assert edited == data.replace(
        "https://old.example.com/a".encode(codec), "https://new.example.org/a".encode(codec)
    )
    # the diff applies with git apply, endings, BOM and encoding included
    note = tmp_path / "노트 1.md"
    note.write_bytes(data)
    (tmp_path / "fix.patch").write_bytes(unified_diff(note.name, data, edited))
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
    assert note.read_bytes() == edited


def test_edit_note_refuses_what_it_cannot_do_safely() -> None:
    edit = Edit(1, "https://old.example.com/a", "https://new.example.org/a")
    assert edit_note("https://old.example.com/a".encode("utf-16"), "utf-16", (edit,)) == (
        "utf-16 note: edit it by hand"
    )
    assert edit_note(b"https://old.example.com/a\rnext\r", "utf-8", (edit,)) == (
        "lines end in a bare CR: edit it by hand"
    )
    assert edit_note(b"nothing here\n", "utf-8", (edit,)) == (
        "line 1 no longer holds https://old.example.com/a"
    )
    assert edit_note(b"one line\n", "utf-8", (Edit(5, "a", "b"),)) == "line 5 is not in the note"
