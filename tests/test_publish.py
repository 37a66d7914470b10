"""The reading list's own pages (issue #17): landing, resource, note, and ticking off."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from datasette.app import Datasette
from typer.testing import CliRunner

from readlist import serve
from readlist.cli import app
from readlist.db import open_db
from readlist.links.status import LinkState
from readlist.links.store import Suggestion, save_link, save_resource_statuses, sync_links
from readlist.publish.pages import blog_url, mark_command, resource_path

from .conftest import REPO, write_note

runner = CliRunner()
METADATA = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
KOREAN_NOTE = (
    "---\ntitle: 어텐션 정리\ncategories: [자연어 처리]\ntags: [attention]\n---\n"
    "- 어텐션을 처음 제안한 논문은 https://arxiv.org/abs/1409.0473 이다\n"
    "- 레즈넷 말고 Res-Net 은 https://arxiv.org/abs/1512.03385 참고\n"
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    write_note(notes, "_posts/2021-09-01-attention.md", KOREAN_NOTE)
    write_note(notes, "cnn.md", "---\ntitle: CNN\n---\n# CNN\n- VGG 다음 ResNet 을 읽자\n")
    path = tmp_path / "readlist.db"
    result = runner.invoke(
        app, ["extract", str(notes), "--db", str(path), "-q", "--site-url", "https://me.github.io"]
    )
    assert result.exit_code == 0, result.output
    return path


def _datasette(db_path: Path, write: bool) -> Datasette:
    metadata = serve.set_write_access(
        serve.metadata_for(db_path, REPO / "metadata.yml"), "127.0.0.1", read_only=not write
    )
    return Datasette([str(db_path)], metadata=metadata)


def _request(ds: Datasette, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async def call() -> httpx.Response:
        response: httpx.Response = await getattr(ds.client, method)(path, **kwargs)
        return response

    return asyncio.run(call())


def _status(db_path: Path, resource_id: str) -> tuple[str, int | None]:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "select status, priority from resources where id = ?", [resource_id]
        ).fetchone()
    return row[0], row[1]


def test_the_first_page_is_the_reading_list(db_path: Path) -> None:
    ds = _datasette(db_path, write=False)
    landing = _request(ds, "get", "/")
    assert (landing.status_code, landing.headers["location"]) == (302, "/readlist/resources")
    html = _request(ds, "get", "/readlist/resources").text
    assert '<table class="rows-and-columns rl-list">' in html
    # the reader's columns, not the bookkeeping ones; descriptions folded away
    headers = re.findall(r'<th class="col-([a-z_]+)"', html)
    assert headers == ["name", "kind", "year", "status", "notes", "read"]
    assert "col-etag" not in html and "col-match_score" not in html
    assert '<details class="rl-column-descriptions">' in html
    # facets in the order a reader looks, topic being the notes' topics (issue #14)
    facets = re.findall(r'class="facet-info [^"]*" id="facet-[^"]*" data-column="([^"]+)"', html)
    assert facets == ["kind", "status", "topics", "domain", "year"]
    # the best name (the title once known) links to the resource page; notes are counted
    assert '<a class="rl-name" href="/resource/arxiv:1512.03385">' in html
    resnet_row = html[html.index('data-id="arxiv:1512.03385"') :]
    assert re.search(r'<td class="col-notes">2</td>', resnet_row[: resnet_row.index("</tr>")])
    # read-only: no form, the command instead
    assert 'action="/-/readlist/mark"' not in html
    assert "readlist mark arxiv:1512.03385 done" in html
    # every column is still one click away
    table = _request(ds, "get", "/readlist/resources?_view=table").text
    assert 'class="col-etag' in table and 'class="rows-and-columns rl-list"' not in table


def test_a_page_per_resource(db_path: Path) -> None:
    ds = _datasette(db_path, write=False)
    response = _request(ds, "get", resource_path("arxiv:1512.03385"))
    assert response.status_code == 200
    html = response.text
    assert '<h1 class="rl-title">Deep Residual Learning for Image Recognition</h1>' in html
    assert "known in your notes as <strong>ResNet</strong>" in html
    # every line that mentions it, with its context, the spelling marked, and the note
    assert (
        "<mark>레즈넷</mark> 말고 <mark>Res-Net</mark> 은 "
        "<mark>https://arxiv.org/abs/1512.03385</mark> 참고" in html
    )
    assert '<a href="/note/_posts/2021-09-01-attention.md">어텐션 정리</a>' in html
    # on the blog: Jekyll's default permalink, from --site-url given to extract
    assert f"https://me.github.io/{quote('자연어 처리')}/2021/09/01/attention.html" in html
    assert "VGG 다음 <mark>ResNet</mark> 을 읽자" in html
    spellings = html[html.index('id="rl-spellings"') :]
    assert "“Res-Net”" in spellings
    assert 'href="https://arxiv.org/abs/1512.03385"' in html  # abstract page
    assert 'href="https://arxiv.org/pdf/1512.03385"' in html  # PDF
    assert "readlist mark arxiv:1512.03385 done" in html
    assert _request(ds, "get", "/resource/arxiv:0000.00000").status_code == 404


def test_the_resource_page_shows_the_link_status(db_path: Path) -> None:
    """What `readlist check` found of a resource's links, with the replacement (#20)."""
    database = open_db(db_path)
    sync_links(database)
    save_link(
        database,
        "https://arxiv.org/abs/1409.0473",
        LinkState("gone", "http 404", 404, "https://arxiv.org/abs/1409.0473"),
        Suggestion(
            "https://web.archive.org/web/20210830000000/https://arxiv.org/abs/1409.0473",
            "wayback",
            "Wayback Machine snapshot of 2021-08-30, the closest to the note's date, 2021-09-01",
        ),
    )
    save_resource_statuses(database)
    database.close()
    ds = _datasette(db_path, write=False)
    html = _request(ds, "get", resource_path("arxiv:1409.0473")).text
    health = html[html.index('id="rl-link-health"') :]
    assert '<strong class="rl-link-status">gone</strong>' in health
    assert "<code>https://arxiv.org/abs/1409.0473</code>" in health
    assert (
        '→ <a href="https://web.archive.org/web/20210830000000/https://arxiv.org/abs/1409.0473"'
        in health
    )
    assert "wayback: Wayback Machine snapshot of 2021-08-30" in health
    assert _status_of_link(db_path, "arxiv:1409.0473") == "gone"
    # never checked: no section
    other = _request(ds, "get", resource_path("arxiv:1512.03385")).text
    assert 'id="rl-link-health"' not in other


def _status_of_link(db_path: Path, resource_id: str) -> str | None:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "select link_status from resources where id = ?", [resource_id]
        ).fetchone()
    return str(row[0]) if row[0] else None


def test_a_page_per_note_lists_resources_in_the_order_written(db_path: Path) -> None:
    ds = _datasette(db_path, write=False)
    html = _request(ds, "get", "/note/_posts/2021-09-01-attention.md").text
    assert '<h1 class="rl-title">어텐션 정리</h1>' in html
    assert "자연어 처리" in html and "#attention" in html
    lines = [int(n) for n in re.findall(r'<td class="col-line">(\d+)</td>', html)]
    assert lines == sorted(lines) and len(lines) >= 3
    names = re.findall(r'class="rl-name" href="/resource/([^"]+)"', html)
    assert names.index("arxiv:1409.0473") < names.index("arxiv:1512.03385")


def _token(ds: Datasette, path: str = "/resource/arxiv:1512.03385") -> tuple[str, str]:
    page = _request(ds, "get", path)
    form_token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    assert form_token is not None, "no form on a writable server"
    return form_token.group(1), page.cookies["ds_csrftoken"]


def _mark(ds: Datasette, data: dict[str, str], cookie: str | None, origin: str | None) -> Any:
    headers = {"origin": origin} if origin else {}
    cookies = {"ds_csrftoken": cookie} if cookie else {}
    return _request(ds, "post", "/-/readlist/mark", data=data, headers=headers, cookies=cookies)


def test_ticking_off_writes_through_mark_and_records_the_change(db_path: Path) -> None:
    ds = _datasette(db_path, write=True)
    token, cookie = _token(ds)
    data = {"id": "arxiv:1512.03385", "status": "done", "priority": "2", "csrftoken": token,
            "return_to": "/readlist/resources?kind=model"}  # fmt: skip
    response = _mark(ds, data, cookie, "http://localhost")
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/readlist/resources?kind=model"
    assert _status(db_path, "arxiv:1512.03385") == ("done", 2)
    with sqlite3.connect(db_path) as conn:
        changes = conn.execute("select resource_id, old_status, status from status_changes")
        assert changes.fetchall() == [("arxiv:1512.03385", "todo", "done")]
    # never an open redirect
    data = {**data, "status": "reading", "return_to": "//evil.example/"}
    response = _mark(ds, data, cookie, "http://localhost")
    assert response.headers["location"] == "/resource/arxiv:1512.03385"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no token", "form-urlencoded POST field did not match cookie"),  # asgi-csrf
        ("no cookie", "missing CSRF token"),
        ("other origin", "writes from origin 'https://evil.example' are refused"),
        ("no origin", "writes from origin None are refused"),
    ],
)
def test_writes_are_refused_without_token_or_from_another_origin(
    db_path: Path, case: str, expected: str
) -> None:
    ds = _datasette(db_path, write=True)
    token, cookie = _token(ds)
    data = {"id": "arxiv:1512.03385", "status": "done", "csrftoken": token}
    origin: str | None = "http://localhost"
    if case == "no token":
        del data["csrftoken"]
    if case == "no cookie":
        cookie = ""
    if case == "other origin":
        origin = "https://evil.example"
    if case == "no origin":
        origin = None
    response = _mark(ds, data, cookie, origin)
    assert response.status_code == 403
    assert expected in response.text
    assert _status(db_path, "arxiv:1512.03385") == ("todo", None)


def test_a_copy_without_write_access_shows_the_command_and_refuses(db_path: Path) -> None:
    ds = Datasette([str(db_path)], metadata=METADATA)  # as plain `datasette` serves it
    html = _request(ds, "get", "/resource/arxiv:1512.03385").text
    assert 'action="/-/readlist/mark"' not in html
    assert "<code>readlist mark arxiv:1512.03385 done</code>" in html
    response = _mark(ds, {"id": "arxiv:1512.03385", "status": "done"}, None, "http://localhost")
    assert response.status_code == 403
    assert "read-only" in response.text
    assert "readlist mark arxiv:1512.03385 done" in response.text
    assert _status(db_path, "arxiv:1512.03385") == ("todo", None)


@pytest.mark.parametrize(
    ("host", "read_only", "write"),
    [("127.0.0.1", False, True), ("::1", False, True), ("localhost", False, True),
     ("127.0.0.1", True, False), ("0.0.0.0", False, False), ("192.168.0.5", False, False)],
)  # fmt: skip
def test_only_readlist_serve_on_loopback_takes_writes(
    host: str, read_only: bool, write: bool
) -> None:
    metadata = serve.set_write_access({"plugins": {"readlist": {"write": True}}}, host, read_only)
    assert metadata["plugins"]["readlist"]["write"] is write


def test_blog_urls_and_commands() -> None:
    site = "https://me.github.io"
    assert blog_url(site, "_posts/2021-08-10-day07-optimization.md", ["DL Basic"]) == (
        "https://me.github.io/dl%20basic/2021/08/10/day07-optimization.html"
    )
    assert (
        blog_url(site, "content/posts/attention.md", []) == "https://me.github.io/posts/attention/"
    )
    assert blog_url(site, "vault/Attention.md", []) == "https://me.github.io/vault/Attention"
    assert mark_command("url:https://a.org/x?y=1") == "readlist mark 'url:https://a.org/x?y=1' done"


def test_a_missing_page_is_an_answer_not_a_traceback(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import datasette.handle_exception

    monkeypatch.setattr(datasette.handle_exception, "rich", datasette.handle_exception.rich)
    serve.quiet_client_errors()  # as `readlist serve` does before Datasette starts
    ds = _datasette(db_path, write=False)
    # a database named otherwise, a table that is not there, their JSON: 404 and no traceback
    for path in ("/other/resources", "/readlist/no_such_table", "/other/resources.json"):
        response = _request(ds, "get", path)
        assert response.status_code == 404, path
    assert response.json() == {
        "ok": False,
        "error": "Database not found",
        "status": 404,
        "title": None,
    }
    assert "Database not found" in _request(ds, "get", "/other/resources").text
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
