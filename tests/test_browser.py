"""Datasette in a real headless Chromium: facets, search, a canned query, charts, CSV.

Runs `readlist serve` on a free port over the sample notes and drives Debian's
chromium through Playwright (executable_path: Playwright never downloads a browser).
Screenshots go to test-artifacts/. Without a chromium the test is skipped, unless
READLIST_REQUIRE_BROWSER is set (CI sets it, so there it fails instead).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import REPO, SAMPLE_NOTE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"

if CHROMIUM is None and os.environ.get("READLIST_REQUIRE_BROWSER"):
    pytest.fail("chromium is not installed (make test installs it when run as root)", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


READLIST = [sys.executable, "-m", "readlist"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled notes and a Korean lecture note (issue #17: Korean throughout)."""
    folder = tmp_path_factory.mktemp("browser")
    notes = folder / "notes"
    shutil.copytree(REPO / "content", notes)
    shutil.copy(SAMPLE_NOTE, notes / SAMPLE_NOTE.name)
    path = folder / "readlist.db"
    subprocess.run(
        [*READLIST, "extract", str(notes), "--db", str(path), "-q"], check=True, cwd=REPO
    )
    return path


@pytest.fixture(scope="module")
def server(db_path: Path) -> Iterator[str]:
    yield from _serve(db_path)


@pytest.fixture(scope="module")
def read_only_server(db_path: Path) -> Iterator[str]:
    yield from _serve(db_path, "--read-only")


def _serve(db_path: Path, *options: str) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [*READLIST, "serve", "--db", str(db_path), "--port", str(port), *options],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/-/versions.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("readlist serve did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
            viewport={"width": 1400, "height": 1000},  # the first screen of issue #17
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_browse_search_query_charts_and_csv(server: str, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/readlist/resources")
    expect(page.locator("h1")).to_contain_text("resources")
    page.screenshot(path=str(ARTIFACTS / "1-resources.png"), full_page=False)

    # facet kind = paper
    page.locator(".facet-info[data-column=kind] a", has_text="paper").first.click()
    page.wait_for_url("**kind=paper**")
    kinds = page.locator("td.col-kind").all_inner_texts()
    assert kinds and set(kinds) == {"paper"}
    page.screenshot(path=str(ARTIFACTS / "2-facet-paper.png"))

    # full-text search
    page.goto(f"{server}/readlist/resources")
    page.fill("input[name=_search]", "ResNet")
    page.locator("input[name=_search]").press("Enter")
    page.wait_for_url("**_search=ResNet**")
    expect(page.locator("td.col-name").first).to_be_visible()
    assert "ResNet" in page.locator("table.rows-and-columns").inner_text()
    page.screenshot(path=str(ARTIFACTS / "3-search-resnet.png"))

    # a canned query with a parameter
    page.goto(f"{server}/readlist/where_mentioned")
    page.fill("input[name=name]", "Transformer")
    page.locator("form.sql input[type=submit]").click()
    page.wait_for_url("**name=Transformer**")
    contexts = page.locator("td.col-context").all_inner_texts()
    assert len(contexts) >= 5
    page.screenshot(path=str(ARTIFACTS / "4-where-mentioned.png"))

    # the charts page
    page.goto(f"{server}/charts")
    bars = page.locator("#chart-kinds svg rect")
    expect(bars.first).to_be_visible()
    assert bars.count() >= 5
    box = bars.first.bounding_box()
    assert box is not None and box["width"] > 10
    page.screenshot(path=str(ARTIFACTS / "5-charts.png"), full_page=True)

    # follow the CSV link of a filtered table and check its rows
    page.goto(f"{server}/readlist/resources?kind=repo")
    href = page.locator("a", has_text="CSV").first.get_attribute("href")
    assert href is not None
    response = page.request.get(href if href.startswith("http") else server + href)
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert rows and {row["kind"] for row in rows} == {"repo"}
    assert "github:pytorch/vision" in {row["id"] for row in rows}


def _status(db_path: Path, resource_id: str) -> tuple[str, int | None]:
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        row = conn.execute(
            "select status, priority from resources where id = ?", [resource_id]
        ).fetchone()
    return row[0], row[1]


def _inside_first_screen(locator: object) -> bool:
    from playwright.sync_api import Locator

    assert isinstance(locator, Locator)
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 1000


def test_the_first_screen_is_the_reading_list(server: str, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server)  # readlist serve opens on the list
    page.wait_for_url("**/resources")
    rows = page.locator("table.rl-list tr.rl-row")
    expect(rows.first).to_be_visible()
    # resource rows and the kind facet, with search on top, without scrolling (1400x1000)
    assert _inside_first_screen(rows.nth(4))
    kind = page.locator(".facet-info[data-column=kind]")
    assert _inside_first_screen(kind)
    assert _inside_first_screen(page.locator("input[name=_search]"))
    assert _inside_first_screen(page.locator(".facet-info[data-column=status]"))
    headers = page.locator("table.rl-list thead th").all_inner_texts()
    assert [h.strip().split()[0] for h in headers] == [
        "name",
        "kind",
        "year",
        "status",
        "notes",
        "read",
    ]
    # the column descriptions are folded away, one click from view
    descriptions = page.locator("details.rl-column-descriptions dl")
    expect(descriptions).to_be_hidden()
    page.locator("details.rl-column-descriptions summary").click()
    expect(descriptions).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "6-reading-list.png"))


def test_a_resource_page_shows_its_mentions_with_context(server: str, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/readlist/resources?_search=Residual")
    page.locator("table.rl-list a.rl-name").first.click()
    page.wait_for_url("**/resource/arxiv:1512.03385")
    expect(page.locator("h1")).to_contain_text("Deep Residual Learning")
    contexts = page.locator(".rl-mention .rl-context")
    assert contexts.count() >= 3
    texts = contexts.all_inner_texts()
    assert any("Res-Net" in text for text in texts)
    assert any(
        "레즈넷" in text or "계열" in text or "논문" in text for text in texts
    )  # Korean lines
    expect(page.locator(".rl-mention mark").first).to_be_visible()
    assert "Res-Net" in page.locator("#rl-spellings").inner_text()
    page.screenshot(path=str(ARTIFACTS / "7-resource.png"))
    # and the note it came from
    page.locator(".rl-note-head a").first.click()
    page.wait_for_url("**/note/**")
    expect(page.locator("table.rl-note-items a.rl-name").first).to_be_visible()


def test_marking_done_in_the_page_is_written_to_sqlite(
    server: str, page: object, db_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/resource/arxiv:1512.03385")
    page.fill("form.rl-mark input[name=priority]", "2")
    page.locator("form.rl-mark button[value=done]").click()
    page.wait_for_load_state()
    expect(page.locator("form.rl-mark button.rl-current")).to_have_text("done")
    assert _status(db_path, "arxiv:1512.03385") == ("done", 2)
    # from the list: the row's own buttons, back on the same filtered list
    page.goto(f"{server}/readlist/resources?kind=model")
    row = page.locator("tr.rl-row[data-id='arxiv:1706.03762']")
    row.locator("button[value=reading]").click()
    page.wait_for_url("**/resources?kind=model")
    expect(page.locator("tr.rl-row[data-id='arxiv:1706.03762'] button.rl-current")).to_have_text(
        "reading"
    )
    assert _status(db_path, "arxiv:1706.03762") == ("reading", None)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        history = conn.execute("select resource_id, status from status_changes order by id")
        assert history.fetchall() == [("arxiv:1512.03385", "done"), ("arxiv:1706.03762", "reading")]
    # the progress chart now has a bar
    page.goto(f"{server}/charts")
    expect(page.locator("#chart-done-over-time svg rect").first).to_be_visible()


def test_writes_without_a_token_or_write_access_are_refused(
    server: str, read_only_server: str, page: object, db_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{server}/resource/arxiv:1810.04805")  # sets the CSRF cookie
    form = {"id": "arxiv:1810.04805", "status": "done"}
    refused = page.request.post(
        f"{server}/-/readlist/mark", form=form, headers={"Origin": server}, max_redirects=0
    )
    assert refused.status == 403
    # a server started without write access shows the command, and refuses the write
    # (cookies are per host, not port: drop the other server's, which asgi-csrf would check)
    page.context.clear_cookies()
    page.goto(f"{read_only_server}/resource/arxiv:1810.04805")
    expect(page.locator("form.rl-mark")).to_have_count(0)
    expect(page.locator(".rl-readonly code").first).to_have_text(
        "readlist mark arxiv:1810.04805 done"
    )
    refused = page.request.post(
        f"{read_only_server}/-/readlist/mark",
        form=form,
        headers={"Origin": read_only_server},
        max_redirects=0,
    )
    assert refused.status == 403
    assert "read-only" in refused.text()
    assert _status(db_path, "arxiv:1810.04805") == ("todo", None)
