"""The `readlist` process as a user starts it: exit codes, complete output, a closed database.

`cli.run` ends the process without the interpreter's slow teardown, so these run the
real command in a subprocess rather than through Typer's test runner.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

READLIST = [sys.executable, "-m", "readlist"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*READLIST, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def _notes(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        links = "\n".join(f"- https://site{j}.org/post/{i}" for j in range(5))
        (folder / f"note{i:03d}.md").write_text(f"# Note {i}\n\n{links}\n", encoding="utf-8")


def test_extract_closes_the_database_before_exiting(tmp_path: Path) -> None:
    notes, db_path = tmp_path / "notes", tmp_path / "readlist.db"
    _notes(notes, 80)  # enough for the worker processes
    done = _run("extract", str(notes), "--db", str(db_path), "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # Closed: the WAL was checkpointed into the file and removed, so the .db file
    # alone (copied, attached to a mail) holds every mention.
    assert not Path(f"{db_path}-wal").exists()
    copy = tmp_path / "copy.db"
    copy.write_bytes(db_path.read_bytes())
    with sqlite3.connect(copy) as conn:
        assert conn.execute("select count(*) from mentions").fetchone()[0] == 80 * 5


def test_exit_codes_and_messages_survive_the_quick_exit(tmp_path: Path) -> None:
    notes, db_path = tmp_path / "notes", tmp_path / "readlist.db"
    _notes(notes, 3)
    (notes / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nhttps://example.org/x\n")
    failed = _run("extract", str(notes), "--db", str(db_path), cwd=tmp_path)
    assert failed.returncode == 1
    assert "broken.md" in failed.stderr
    assert "4 notes: 3 new, 1 failed; " in failed.stderr  # the summary line is printed, not lost
    missing = _run("extract", str(tmp_path / "nowhere"), "--db", str(db_path), cwd=tmp_path)
    assert missing.returncode == 2
    assert "nowhere: no such file or folder" in missing.stderr
    usage = _run("mark", "--db", str(db_path), cwd=tmp_path)
    assert usage.returncode == 2


def test_large_output_is_written_whole(tmp_path: Path) -> None:
    notes, db_path = tmp_path / "notes", tmp_path / "readlist.db"
    _notes(notes, 400)  # 2,000 resources: more than one pipe buffer of CSV
    assert _run("extract", str(notes), "--db", str(db_path), "-q", cwd=tmp_path).returncode == 0
    exported = _run("export", "--db", str(db_path), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert len(rows) == 2000
    assert rows[-1]["url"].startswith("https://site")


def test_serve_stopped_by_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    import os
    import signal
    import socket
    import time

    import httpx

    notes, db_path = tmp_path / "notes", tmp_path / "readlist.db"
    _notes(notes, 3)
    assert _run("extract", str(notes), "--db", str(db_path), "-q", cwd=tmp_path).returncode == 0
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [*READLIST, "serve", "--db", str(db_path), "--port", str(port)],
        cwd=Path(__file__).resolve().parents[1],  # the repository's metadata.yml
        env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/-/versions.json").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.2)
        assert [p.name.startswith("readlist-metadata-") for p in temporary.iterdir()] == [True]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    assert server.returncode == 128 + signal.SIGTERM  # as a shell reports a terminated job
    assert list(temporary.iterdir()) == []
