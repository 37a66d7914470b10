"""Regenerate the README's screenshots of `readlist serve` (make screenshots).

    python docs/screenshots.py [--out docs/screenshots]

Extracts the bundled notes (content/) and a Korean lecture note into a temporary
database, marks a few items as a reader would, starts `readlist serve` on a free port and
photographs the landing, resource, note and charts pages in Debian's chromium at
1400×1000 (the first screen only). PNGs are shrunk with pngquant when it is installed
(apt-get install pngquant), so the four stay at a few hundred KB.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
KOREAN_NOTE = REPO / "tests" / "fixtures" / "samples" / "boostcamp-day34-masterclass.md"
MARKS = (
    ("Transformer", "reading", "1"),
    ("Res-Net", "done", None),
    ("BERT", "done", None),
    ("VGG", "todo", "2"),
    ("url:https://nlpprogress.com/", "skip", None),
)
PAGES = {
    "landing": "/",
    "resource": "/resource/arxiv:1512.03385",
    "note": "/note/boostcamp-day34-masterclass.md",
    "charts": "/charts",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _readlist(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "readlist", *args], check=True, cwd=REPO)


def build(folder: Path) -> Path:
    notes = folder / "notes"
    shutil.copytree(REPO / "content", notes)
    shutil.copy(KOREAN_NOTE, notes / KOREAN_NOTE.name)
    db_path = folder / "readlist.db"
    _readlist(
        "extract", str(notes), "--db", str(db_path), "-q", "--site-url", "https://me.github.io"
    )
    for what, status, priority in MARKS:
        extra = ["--priority", priority] if priority else []
        _readlist("mark", what, status, *extra, "--db", str(db_path))
    return db_path


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, path in PAGES.items():
            page.goto(url + path)
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            written.append(target)
        browser.close()
    return written


def shrink(paths: list[Path]) -> None:
    pngquant = shutil.which("pngquant")
    if pngquant is None:
        print("pngquant not installed: screenshots left at full size", file=sys.stderr)
        return
    for path in paths:
        subprocess.run(
            [
                pngquant,
                "--force",
                "--skip-if-larger",
                "--quality",
                "60-85",
                "--output",
                str(path),
                "48",
                str(path),
            ],
            check=False,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = build(Path(folder))
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "readlist", "serve", "--db", str(db_path), "--port", str(port)],
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
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("readlist serve did not start")
                time.sleep(0.2)
            written = shoot(url, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    shrink(written)
    for path in written:
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
