"""kill -9 during extract and enrich, 20 times each: the database stays whole, the user's
data stays, and a rerun finishes the work."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readlist.db import open_db

from .http_server import ARXIV_CATALOGUE, LocalServer

TRIALS = 20


def _write_notes(folder: Path, count: int, generation: int) -> None:
    for i in range(count):
        lines = [f"---\ntitle: note {i}\n---", f"# Note {i} (edit {generation})"]
        lines += [f"- https://site{(i + j) % 40}.org/p/{i}-{j} 참고" for j in range(20)]
        lines += ["- Res-Net 과 BERT는 https://arxiv.org/abs/1512.03385"]
        (folder / f"n{i:04d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _extract(notes: Path, db_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "readlist", "extract", str(notes), "--db", str(db_path), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _processes_using(db_path: Path) -> list[int]:
    """Processes whose command line names the database: orphaned workers would show here."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(db_path).encode() in command:
            found.append(int(proc.name))
    return found


def _state(db_path: Path) -> tuple[object, ...]:
    with sqlite3.connect(db_path) as conn:
        return (
            sorted(conn.execute("select id, kind, name, mention_count from resources")),
            sorted(conn.execute("select note_path, line, surface, resource_id from mentions")),
        )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_nine_during_extract(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    db_path = tmp_path / "readlist.db"
    _write_notes(notes, 400, 0)
    assert _extract(notes, db_path).wait(timeout=120) == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "update resources set status = 'done', user_note = 'keep me' "
            "where id = 'arxiv:1512.03385'"
        )
        conn.execute(
            "update resources set status = 'reading', priority = 1 "
            "where id like 'url:https://site7.org/%'"
        )
    marked = _user_data(db_path)
    # How long a run takes here (every note changed, as in each trial below): the kills
    # land across it, on a fast machine as on a slow one.
    _write_notes(notes, 400, TRIALS + 1)
    started = time.monotonic()
    assert _extract(notes, db_path).wait(timeout=120) == 0
    run_time = time.monotonic() - started
    rng = random.Random(20261126)
    killed_mid_run = 0
    for trial in range(TRIALS):
        _write_notes(notes, 400, trial + 1)  # every note changed: a bulk run each time
        process = _extract(notes, db_path)
        time.sleep(rng.uniform(0.1, 0.9) * run_time)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed_mid_run += 1
        process.wait(timeout=60)
        if Path("/proc").is_dir():  # the worker processes die with their extract
            deadline = time.monotonic() + 10
            while _processes_using(db_path) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _processes_using(db_path) == []
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            # whole notes only: each note's stored count matches its stored mentions
            assert conn.execute(
                "select count(*) from notes n where n.mention_count != "
                "(select count(*) from mentions m where m.note_path = n.path)"
            ).fetchone() == (0,)
            assert conn.execute(
                "select count(*) from (select note_path, line, surface, resource_id, count(*) c "
                "from mentions group by 1, 2, 3, 4 having c > 1)"
            ).fetchone() == (0,)
        assert _user_data(db_path) == marked
    assert killed_mid_run >= TRIALS // 2  # most land mid-run; a run may end a little early
    # a rerun finishes the work: the same database as one clean run
    assert _extract(notes, db_path).wait(timeout=120) == 0
    fresh = tmp_path / "fresh.db"
    assert _extract(notes, fresh).wait(timeout=120) == 0
    assert _state(db_path) == _state(fresh)
    with sqlite3.connect(db_path) as conn:  # search works again after a killed bulk run
        hits = conn.execute("select count(*) from lines_fts where lines_fts match 'site'")
        assert hits.fetchone()[0] == 400 * 20
    assert _user_data(db_path) == marked


def _user_data(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return sorted(
            conn.execute(
                "select id, status, priority, user_note from resources "
                "where status != 'todo' or priority is not null or user_note is not null"
            )
        )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_nine_during_enrich(tmp_path: Path, server: LocalServer) -> None:
    db_path = tmp_path / "readlist.db"
    database = open_db(db_path)
    pages = [server.page(f"slow?delay=0.05&chunks=2&key={i}") for i in range(120)]
    rows = [{"id": f"url:{u}", "kind": "page", "name": u, "url": u} for u in pages]
    rows += [
        {"id": f"arxiv:{r.arxiv_id}", "kind": "paper", "name": r.arxiv_id, "arxiv_id": r.arxiv_id}
        for r in ARXIV_CATALOGUE
    ]
    database.table("resources").insert_all(rows)
    database.execute(
        "update resources set status = 'reading', user_note = 'mine' where rowid % 10 = 0"
    )
    database.conn.commit()
    database.close()
    marked = _user_data(db_path)
    env = {
        **os.environ,
        "READLIST_ARXIV_API": server.arxiv_api,
        "READLIST_S2_API": server.s2_api,
        "READLIST_ARXIV_DELAY": "0.3",
    }
    command = [
        sys.executable,
        "-m",
        "readlist",
        "enrich",
        "--db",
        str(db_path),
        "--allow-private",
        "-q",
        "--concurrency",
        "4",
    ]
    rng = random.Random(7)
    killed = 0
    for trial in range(TRIALS):
        if trial % 5 == 0:  # every few trials start over, so kills land mid-run again
            with sqlite3.connect(db_path) as conn:
                conn.execute("update resources set enrich_status = null")
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.2, 1.2))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            # a row is marked ok only together with what was fetched for it
            assert conn.execute(
                "select count(*) from resources where enrich_status = 'ok' and title is null"
            ).fetchone() == (0,)
        assert _user_data(db_path) == marked
    assert killed >= TRIALS // 4
    finished = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    with sqlite3.connect(db_path) as conn:
        left = conn.execute(
            "select count(*) from resources where enrich_status is not 'ok'"
        ).fetchone()[0]
    assert left == 0
    assert _user_data(db_path) == marked
