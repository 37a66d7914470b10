"""`readlist check` and `readlist fix` end to end (issue #20, "What it must show").

A folder of notes with 20 links of every kind, checked against real local servers
(tests/link_sites.py) and a fake Wayback availability API in its real JSON shape: every
dead link found, every migration of the table proposed with the right target, a Wayback
snapshot for the rest; the patch applies with `git apply` to a copy of the notes, and
applying it and extracting again leaves no dead link that had a replacement.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database
from typer.testing import CliRunner

from readlist.cli import app
from readlist.db import open_db
from readlist.links.check import CheckOptions, CheckServices, check_links
from readlist.links.wayback import Pacer, Wayback
from readlist.net import Fetcher, Guard

from .conftest import extract, write_note
from .http_server import LocalServer
from .link_sites import Reply, Sites, page, redirect, serve_sites

runner = CliRunner()

NEURIPS = "paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html"

NOTE_2021 = f"""---
title: 딥러닝 논문 모음
date: 2021-03-04
---
# 읽을 거리

- [ResNet](https://arxiv.org/abs/1512.03385) [code](https://paperswithcode.com/paper/deep-residual-learning-for-image)
- 논문 찾기: http://www.arxiv-sanity.com/top 그리고 http://www.arxiv-sanity.com/abs/1706.03762
- BERT: https://www.aclweb.org/anthology/N19-1423/
- Transformer: <https://papers.nips.cc/{NEURIPS}>
- [Attention and Augmented RNNs](http://distill.pub/2016/augmented-rnns/)
- 코드는 https://github.com/old-owner/old-repo 에
- 블로그: https://blog.example.org/2019/post
- 정리 글: https://dead.example.com/notes/attention
- See also www.deeplearning-notes.com/page for more.
"""

NOTE_2019 = """---
title: Korean blogs
date: 2019-11-20
---
- [네이버 블로그](https://blog.naver-mirror.kr/post/123)
- [티스토리](https://ml-study.tistory-mirror.com/45)
- [Old tutorial](https://oldsite.example.io/tutorial)
- [ML blog](https://mlblog.example.xyz/)
- [PDF](https://another.example.net/paper.pdf)
- [Guide](https://ok.example.com/guide)
- [Members only](https://forbidden.example.com/x)
- [Flaky](https://flaky.example.com/y)
- [Slides](https://slides.example.com/deck)
"""

MIGRATIONS = {
    "https://paperswithcode.com/paper/deep-residual-learning-for-image": (
        "https://huggingface.co/papers/1512.03385"
    ),
    "http://www.arxiv-sanity.com/top": "https://arxiv-sanity-lite.com/",
    "http://www.arxiv-sanity.com/abs/1706.03762": (
        "https://arxiv-sanity-lite.com/?rank=pid&pid=1706.03762"
    ),
    "https://www.aclweb.org/anthology/N19-1423/": "https://aclanthology.org/N19-1423/",
    f"https://papers.nips.cc/{NEURIPS}": f"https://proceedings.neurips.cc/{NEURIPS}",
}
# Dead links with no migration: the snapshot closest to the citing note's date.
SNAPSHOTS = {
    "https://dead.example.com/notes/attention": ("20210302101010", "2021-03-04"),
    "www.deeplearning-notes.com/page": ("20210227000000", "2021-03-04"),
    "https://blog.naver-mirror.kr/post/123": ("20191118000000", "2019-11-20"),
    "https://ml-study.tistory-mirror.com/45": ("20191201000000", "2019-11-20"),
    "https://oldsite.example.io/tutorial": ("20191015000000", "2019-11-20"),
    "https://mlblog.example.xyz/": ("20190901000000", "2019-11-20"),
}


def _sites() -> Sites:
    sites = Sites()
    add = sites.add
    add("https://arxiv.org/abs/1512.03385", page("[1512.03385] Deep Residual Learning"))
    # Papers with Code now sends its pages to Hugging Face's trending list (a 302).
    add(
        "https://paperswithcode.com/paper/deep-residual-learning-for-image",
        redirect("https://huggingface.co/papers/trending", 302),
    )
    add("https://huggingface.co/papers/trending", page("Trending Papers - Hugging Face"))
    add("https://huggingface.co/papers/1512.03385", page("Paper page - Deep Residual Learning"))
    # arxiv-sanity.com: the name does not resolve any more (no route for its host).
    add("https://arxiv-sanity-lite.com/", page("arxiv-sanity"))
    add("https://arxiv-sanity-lite.com/?rank=pid&pid=1706.03762", page("arxiv-sanity"))
    add("https://www.aclweb.org/anthology/N19-1423/", Reply(404, b"<title>Not Found</title>"))
    add("https://aclanthology.org/N19-1423/", page("BERT: Pre-training - ACL Anthology"))
    add(f"https://papers.nips.cc/{NEURIPS}", Reply(410, b"gone"))
    add(f"https://proceedings.neurips.cc/{NEURIPS}", page("Attention is All you Need"))
    add("http://distill.pub/2016/augmented-rnns/", page("Attention and Augmented RNNs"))
    add("https://distill.pub/2016/augmented-rnns/", page("Attention and Augmented RNNs"))
    add(
        "https://github.com/old-owner/old-repo",
        redirect("https://github.com/new-owner/new-repo"),
    )
    add("https://github.com/new-owner/new-repo", page("new-owner/new-repo: a model"))
    # A 301 chain to a new host, then to its www. name.
    add("https://blog.example.org/2019/post", redirect("https://blog.example.net/2019/post"))
    add(
        "https://blog.example.net/2019/post",
        redirect("https://www.blog.example.net/2019/post/", 308),
    )
    add("https://www.blog.example.net/2019/post/", page("A post"))
    add("https://dead.example.com/notes/attention", Reply(404, b"<title>404</title>"))
    add("https://blog.naver-mirror.kr/post/123", page("페이지를 찾을 수 없습니다"))
    add(
        "https://ml-study.tistory-mirror.com/45",
        page("ML 공부방", heading="존재하지 않는 게시물입니다"),
    )
    add("https://oldsite.example.io/tutorial", page("Page Not Found | Oldsite"))
    add("https://mlblog.example.xyz/", page("mlblog.example.xyz", "This domain may be for sale!"))
    pdf = Reply(body=b"%PDF-1.4 ...", content_type="application/pdf")
    add("https://another.example.net/paper.pdf", pdf)
    add("https://ok.example.com/guide", page("A guide", "Plenty to read. " * 50))
    add("https://slides.example.com/deck", Reply(body=page("Slides").body, head_status=405))
    add("https://forbidden.example.com/x", Reply(403, b"<title>Forbidden</title>"))
    add("https://flaky.example.com/y", Reply(500, b"<title>oops</title>"))
    for surface, (stamp, _) in SNAPSHOTS.items():
        url = surface if "://" in surface else "https://" + surface
        sites.archive(url, "20100101000000", stamp, "20240101000000")
    return sites


@pytest.fixture
def sites() -> Iterator[Sites]:
    with serve_sites(_sites()) as running:
        yield running


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    write_note(folder, "2021-03-04-papers.md", NOTE_2021)
    write_note(folder, "blogs/2019-11-20-korean.md", NOTE_2019)
    return folder


def _services(sites: Sites, client: object) -> CheckServices:
    guard = Guard(resolver=sites.resolver, allow=("127.0.0.0/8",))
    fetcher = Fetcher(client, guard=guard, deadline=5.0, retries=1, backoff=0.01)  # type: ignore[arg-type]
    api = Fetcher(client, guard=guard, deadline=5.0, retries=0)  # type: ignore[arg-type]
    waits: list[float] = []
    wayback = Wayback(api, "https://archive.org/wayback/available", Pacer(1.0, sleep=waits.append))
    return CheckServices(fetcher, wayback)


def _check(db_path: Path, sites: Sites) -> None:
    database = open_db(db_path)
    try:
        with sites.client() as client:
            check_links(database, _services(sites, client), CheckOptions(since_days=0))
    finally:
        database.close()


def _links(db_path: Path) -> dict[str, dict[str, object]]:
    database = Database(db_path)
    try:
        return {row["surface"]: row for row in database.table("links").rows}
    finally:
        database.close()


def test_twenty_links_checked_fixed_and_extracted_again(
    tmp_path: Path, notes: Path, sites: Sites
) -> None:
    db_path = tmp_path / "r.db"
    extract(notes, db_path, "-q")
    _check(db_path, sites)
    links = _links(db_path)
    assert len(links) == 20
    status = {surface: row["link_status"] for surface, row in links.items()}
    assert status == {
        "https://arxiv.org/abs/1512.03385": "ok",
        "https://paperswithcode.com/paper/deep-residual-learning-for-image": "redirected",
        "http://www.arxiv-sanity.com/top": "unreachable",
        "http://www.arxiv-sanity.com/abs/1706.03762": "unreachable",
        "https://www.aclweb.org/anthology/N19-1423/": "gone",
        f"https://papers.nips.cc/{NEURIPS}": "gone",
        "http://distill.pub/2016/augmented-rnns/": "ok",
        "https://github.com/old-owner/old-repo": "redirected",
        "https://blog.example.org/2019/post": "redirected",
        "https://dead.example.com/notes/attention": "gone",
        "www.deeplearning-notes.com/page": "unreachable",
        "https://blog.naver-mirror.kr/post/123": "soft-404",
        "https://ml-study.tistory-mirror.com/45": "soft-404",
        "https://oldsite.example.io/tutorial": "soft-404",
        "https://mlblog.example.xyz/": "parked",
        "https://another.example.net/paper.pdf": "ok",
        "https://ok.example.com/guide": "ok",
        "https://forbidden.example.com/x": "blocked",
        "https://flaky.example.com/y": "error",
        "https://slides.example.com/deck": "ok",
    }
    suggested = {s: (row["suggestion"], row["suggestion_source"]) for s, row in links.items()}
    for old, new in MIGRATIONS.items():
        assert suggested[old] == (new, "migration"), old
    for old, (stamp, _) in SNAPSHOTS.items():
        url = old if "://" in old else "https://" + old
        assert suggested[old] == (f"https://web.archive.org/web/{stamp}/{url}", "wayback")
    assert suggested["https://github.com/old-owner/old-repo"] == (
        "https://github.com/new-owner/new-repo",
        "redirect",
    )
    assert "GitHub repository renamed" in str(
        links["https://github.com/old-owner/old-repo"]["evidence"]
    )
    assert suggested["https://blog.example.org/2019/post"] == (
        "https://www.blog.example.net/2019/post/",
        "redirect",
    )
    assert suggested["http://distill.pub/2016/augmented-rnns/"] == (
        "https://distill.pub/2016/augmented-rnns/",
        "https",
    )
    for untouched in (
        "https://arxiv.org/abs/1512.03385",
        "https://another.example.net/paper.pdf",
        "https://ok.example.com/guide",
        "https://forbidden.example.com/x",
        "https://flaky.example.com/y",
        "https://slides.example.com/deck",
    ):
        assert suggested[untouched] == (None, None), untouched
    # Each snapshot was asked for at the date of the note that cites the link.
    asked = [u for u in sites.asked("GET") if "/wayback/available" in u]
    assert len(asked) == len(SNAPSHOTS)
    for old, (_, date) in SNAPSHOTS.items():
        assert any(date.replace("-", "") in u and old.split("//")[-1].split("/")[0] in u
                   for u in asked), old  # fmt: skip
    # A document that answers HEAD is not downloaded.
    assert "https://another.example.net/paper.pdf" not in sites.asked("GET")

    # The patch applies with git apply to a copy of the notes.
    patch = tmp_path / "fixes.patch"
    result = runner.invoke(app, ["fix", "--diff", str(patch), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "14 links in 2 notes in the patch" in result.output
    copy = tmp_path / "copy"
    shutil.copytree(notes, copy)
    subprocess.run(["git", "apply", "--check", str(patch)], cwd=copy, check=True)
    subprocess.run(["git", "apply", str(patch)], cwd=copy, check=True)
    text = (copy / "2021-03-04-papers.md").read_text(encoding="utf-8")
    assert (
        "- [ResNet](https://arxiv.org/abs/1512.03385) "
        "[code](https://huggingface.co/papers/1512.03385)\n" in text
    )
    assert "<https://proceedings.neurips.cc/" in text and "papers.nips.cc" not in text
    assert (
        "See also https://web.archive.org/web/20210227000000/https://www.deeplearning-notes.com/page for more."
        in text
    )

    # --apply edits the notes the same way, keeps a backup, and extracts them again.
    before = {p.name: p.read_bytes() for p in notes.rglob("*.md")}
    result = runner.invoke(app, ["fix", "--apply", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    for path in notes.rglob("*.md"):
        assert path.read_bytes() == (copy / path.relative_to(notes)).read_bytes()
    backups = list((tmp_path / "r.backups").iterdir())
    assert len(backups) == 1
    assert {p.name: p.read_bytes() for p in backups[0].rglob("*.md")} == before
    database = Database(db_path)
    try:
        from readlist.links.store import sync_links

        sync_links(database)
        dead_with_fix = database.execute(
            "select count(*) from links where suggestion is not null"
        ).fetchone()[0]
        mentioned = {s for (s,) in database.execute("select surface from mentions")}
    finally:
        database.close()
    assert dead_with_fix == 0
    assert "https://huggingface.co/papers/1512.03385" in mentioned
    assert not set(MIGRATIONS) & mentioned

    # Checked again: only the links no replacement was proposed for are still not ok.
    _check(db_path, sites)
    left = {
        s: row["link_status"] for s, row in _links(db_path).items() if row["link_status"] != "ok"
    }
    assert left == {
        "https://forbidden.example.com/x": "blocked",
        "https://flaky.example.com/y": "error",
    }


def test_a_note_edited_after_check_is_left_alone_and_reported(
    tmp_path: Path, notes: Path, sites: Sites
) -> None:
    db_path = tmp_path / "r.db"
    extract(notes, db_path, "-q")
    _check(db_path, sites)
    edited = notes / "blogs" / "2019-11-20-korean.md"
    edited.write_text(NOTE_2019 + "- one more line\n", encoding="utf-8")
    mine = edited.read_bytes()
    result = runner.invoke(app, ["fix", "--apply", "--db", str(db_path)])
    assert result.exit_code == 1
    assert (
        "blogs/2019-11-20-korean.md: not edited: changed since extract; run `readlist "
        "extract` and `check` again" in result.output
    )
    assert edited.read_bytes() == mine
    other = (notes / "2021-03-04-papers.md").read_text(encoding="utf-8")
    assert "huggingface.co/papers/1512.03385" in other


def _link_db(db_path: Path, links: dict[str, dict[str, object]]) -> None:
    """A database holding one note that links each URL (as extract would record it), with
    the resource columns given (what enrich stored)."""
    database = open_db(db_path)
    database.table("notes").insert(
        {"path": "a.md", "root": str(db_path.parent), "date": "2021-03-04"}
    )
    (note_id,) = database.execute("select id from notes where path = 'a.md'").fetchone()
    for line, (url, resource) in enumerate(links.items(), start=1):
        database.table("resources").insert(
            {"id": f"url:{url}", "kind": "page", "name": url, "url": url, **resource}
        )
        line_id = (
            database.table("lines").insert({"note_id": note_id, "line": line, "text": url}).last_pk
        )
        database.table("mention_rows").insert(
            {"resource_id": f"url:{url}", "line_id": line_id, "surface": url, "source": "url"}
        )
    database.conn.commit()
    database.close()


def test_what_enrich_fetched_recently_is_not_asked_again(tmp_path: Path, sites: Sites) -> None:
    import datetime as dt

    today = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).isoformat(timespec="seconds")
    page_facts = {"enrich_source": "page", "enrich_status": "ok", "http_status": 200,
                  "content_type": "text/html; charset=utf-8"}  # fmt: skip
    db_path = tmp_path / "r.db"
    _link_db(
        db_path,
        {
            "https://shared.example.com/missing": {
                **page_facts,
                "enriched_at": today,
                "title": "페이지를 찾을 수 없습니다",
            },
            "https://shared.example.com/gone": {
                "enrich_source": "page",
                "enrich_status": "gone",
                "http_status": 404,
                "enriched_at": today,
            },
            "https://shared.example.com/fine": {
                **page_facts,
                "enriched_at": today,
                "title": "Fine",
            },
            # fetched a month ago, or redirected: asked again
            "https://ok.example.com/guide": {**page_facts, "enriched_at": long_ago, "title": "x"},
            "https://github.com/old-owner/old-repo": {
                **page_facts,
                "enriched_at": today,
                "title": "new-repo",
                "final_url": "https://github.com/new-owner/new-repo",
            },
        },
    )
    database = open_db(db_path)
    with sites.client() as client:
        summary = check_links(database, _services(sites, client), CheckOptions(since_days=7))
    links = {row["surface"]: row for row in database.table("links").rows}
    database.close()
    # the pages themselves were not asked (the Wayback Machine was, for the dead ones)
    assert not [url for url in sites.asked() if url.startswith("https://shared.example.com")]
    assert (summary.checked, summary.shared) == (5, 3)
    assert links["https://shared.example.com/missing"]["link_status"] == "soft-404"
    assert links["https://shared.example.com/missing"]["reason"] == (
        f"title says '페이지를 찾을 수 없습니다' (enrich, {today[:10]})"
    )
    assert links["https://shared.example.com/gone"]["link_status"] == "gone"
    assert links["https://shared.example.com/fine"]["link_status"] == "ok"
    assert links["https://ok.example.com/guide"]["link_status"] == "ok"
    assert links["https://github.com/old-owner/old-repo"]["link_status"] == "redirected"
    assert "https://ok.example.com/guide" in sites.asked()


def test_cli_check_against_a_local_server(tmp_path: Path, server: LocalServer) -> None:
    moved = server.page("redirect-to?url=" + server.page("ok").replace(":", "%3A") + "&status=301")
    db_path = tmp_path / "r.db"
    _link_db(db_path, {server.page("ok"): {}, server.page("404"): {}, moved: {}})
    refused = runner.invoke(app, ["check", "--db", str(db_path), "--no-wayback", "-q"])
    assert refused.exit_code == 1
    assert refused.output.count("(private address)") == 3  # loopback, without --allow-private
    result = runner.invoke(
        app, ["check", "--db", str(db_path), "--no-wayback", "--allow-private", "--since", "0"]
    )
    assert result.exit_code == 1, result.output  # a broken link
    assert f"gone        {server.page('404')}  (http 404)" in result.output
    assert f"redirected  {moved}" in result.output
    assert f"  → {server.page('ok')}  [redirect: permanent redirect to {server.page('ok')}" in (
        result.output
    )
    assert (
        "3 links: 3 checked (1 ok, 1 gone, 1 redirected); 1 replacements proposed (1 redirect)"
        in (result.output)
    )
    # checked again within --since: nothing is asked
    server.reset()
    again = runner.invoke(app, ["check", "--db", str(db_path), "--allow-private", "-q"])
    assert again.exit_code == 1 and server.requests == []
    database = Database(db_path)
    statuses = dict(database.execute("select id, link_status from resources").fetchall())
    database.close()
    assert statuses[f"url:{server.page('404')}"] == "gone"
    assert statuses[f"url:{moved}"] == "redirected"
