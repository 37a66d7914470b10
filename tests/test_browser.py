"""Datasette in a real headless Chromium: facets, search, a canned query, charts, CSV.

Runs `readlist serve` on a free port over the sample notes and drives Debian's
chromium through Playwright (executable_path: Playwright never downloads a browser).
Screenshots go to test-artifacts/. Without a chromium the test is skipped, unless
READLIST_REQUIRE_BROWSER is set (CI sets it, so there it fails instead).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from .conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"

if CHROMIUM is None and os.environ.get("READLIST_REQUIRE_BROWSER"):
    pytest.fail("chromium is not installed (make test installs it when run as root)", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    db_path = folder / "readlist.db"
    readlist = [sys.executable, "-m", "readlist"]
    subprocess.run(
        [*readlist, "extract", str(REPO / "content"), "--db", str(db_path), "-q"],
        check=True,
        cwd=REPO,
    )
    port = _free_port()
    process = subprocess.Popen(
        [*readlist, "serve", "--db", str(db_path), "--port", str(port)],
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
            viewport={"width": 1280, "height": 900},
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
