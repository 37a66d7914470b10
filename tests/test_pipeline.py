"""The extract run: worker processes give the same database as one process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from readlist import db, pipeline
from readlist.curation import build_gazetteer

from .conftest import REPO


def _extract(path: Path, notes: Path) -> list[object]:
    database = db.open_db(path)
    gazetteer = build_gazetteer(REPO / "data" / "gazetteer", path.with_suffix(".names.yaml"))
    summary = pipeline.extract_paths(database, [notes], pipeline.ExtractOptions(gazetteer))
    database.close()
    with sqlite3.connect(path) as conn:
        return [
            summary.changed,
            conn.execute(
                "select id, kind, name, mention_count from resources order by id"
            ).fetchall(),
            conn.execute(
                "select resource_id, note_path, line, surface, context, source from mention_details "
                "order by note_path, line, surface, resource_id"
            ).fetchall(),
        ]


def test_parallel_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = REPO / "content"
    monkeypatch.setattr(pipeline, "_PARALLEL_NOTES", 10**9)
    sequential = _extract(tmp_path / "seq.db", notes)
    monkeypatch.setattr(pipeline, "_PARALLEL_NOTES", 2)
    parallel = _extract(tmp_path / "par.db", notes)
    assert parallel == sequential
    assert sequential[0] == 13


def _search_index_problems(path: Path) -> list[str]:
    """FTS5's own check of each index against its content table (rank 1: compare
    with the content), plus triggers restored and nothing left suspended."""
    problems = []
    with sqlite3.connect(path) as conn:
        for table in ("resources", "lines"):
            try:
                conn.execute(
                    f"insert into {table}_fts ({table}_fts, rank) values ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}_fts: {exc}")
        triggers = {row[0] for row in conn.execute("select name from sqlite_master")}
        problems += [f"no trigger {t}" for t in ("lines_ai", "resources_ai") if t not in triggers]
        if conn.execute("select 1 from readlist_state where key = 'search_triggers'").fetchone():
            problems.append("triggers still recorded as suspended")
        for table in ("resources", "lines"):
            merging = _automerge(conn, table)
            if merging not in (None, 4):
                problems.append(f"{table}_fts automerge left at {merging}")
    fresh = path.with_name("fresh-schema.db")
    db.open_db(fresh).close()
    missing = _schema(fresh) - _schema(path)
    problems += [f"no {kind} {name}" for kind, name, _ in sorted(missing)]
    return problems


def _automerge(conn: sqlite3.Connection, table: str) -> int | None:
    row = conn.execute(f"select v from {table}_fts_config where k = 'automerge'").fetchone()
    return None if row is None else int(row[0])


def _schema(path: Path) -> set[tuple[str, str, str]]:
    """The indexes and triggers of a database, with their definitions."""
    with sqlite3.connect(path) as conn:
        return set(
            conn.execute(
                "select type, name, sql from sqlite_master "
                "where type in ('index', 'trigger') and sql is not null"
            ).fetchall()
        )


@pytest.mark.parametrize("bulk_above", [10**9, 1], ids=["incremental", "bulk"])
def test_search_index_matches_mentions_after_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_above: int
) -> None:
    monkeypatch.setattr(pipeline, "_BULK_NOTES", bulk_above)
    notes = tmp_path / "notes"
    notes.mkdir()
    for index in range(6):
        (notes / f"{index}.md").write_text(
            f"# Note {index}\n\nResNet 논문 https://arxiv.org/abs/1512.03385 정리 {index}\n"
            f"See https://ruder.io/post-{index} and BERT.\n",
            encoding="utf-8",
        )
    path = tmp_path / "db.db"
    _extract(path, notes)
    assert _search_index_problems(path) == []
    # edit two notes, delete one, add one, then extract again
    (notes / "0.md").write_text("Only Transformer 어텐션을 here.\n", encoding="utf-8")
    (notes / "1.md").write_text("", encoding="utf-8")
    (notes / "2.md").unlink()
    (notes / "new.md").write_text("GPT-3 어텐션을 again https://distill.pub/x\n", encoding="utf-8")
    _extract(path, notes)
    assert _search_index_problems(path) == []
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "select distinct n.path from lines l join lines_fts f on f.rowid = l.id "
            "join notes n on n.id = l.note_id "
            "where lines_fts match '어텐션을' order by 1"
        ).fetchall()
        gone = conn.execute(
            "select count(*) from lines_fts where lines_fts match '\"정리 2\"'"
        ).fetchone()
    assert found == [("0.md",), ("new.md",)]
    assert gone == (0,)


def _notes_in_small_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_above: int, count: int
) -> Path:
    """`count` notes ("BERT 논문 정리 {index}"), written two per transaction, in bulk mode
    or not."""
    monkeypatch.setattr(pipeline, "_BULK_NOTES", bulk_above)
    monkeypatch.setattr(pipeline, "_NOTES_PER_TRANSACTION", 2)
    notes = tmp_path / "notes"
    notes.mkdir()
    for index in range(count):
        (notes / f"{index}.md").write_text(f"BERT 논문 정리 {index}\n", encoding="utf-8")
    return notes


@pytest.mark.parametrize("bulk_above", [10**9, 1], ids=["incremental", "bulk"])
def test_an_error_mid_run_gives_the_search_triggers_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_above: int
) -> None:
    notes = _notes_in_small_batches(tmp_path, monkeypatch, bulk_above, count=6)
    save_notes = db.save_notes
    calls = []

    def failing_second_batch(
        database: object, writes: list[db.NoteWrite], topics: set[str] | None = None
    ) -> None:
        calls.append(len(writes))
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second batch is written
        save_notes(database, writes, topics)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "save_notes", failing_second_batch)
    path = tmp_path / "db.db"
    with pytest.raises(KeyboardInterrupt):
        _extract(path, notes)
    assert _search_index_problems(path) == []  # without any open_db repair
    with sqlite3.connect(path) as conn:
        assert conn.execute("select path from notes order by 1").fetchall() == [
            ("0.md",),
            ("1.md",),
        ]
        hits = conn.execute(
            "select count(*) from lines_fts where lines_fts match '\"논문 정리\"'"
        ).fetchone()
    assert hits == (2,)


def test_a_bulk_load_of_new_notes_makes_its_indexes_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for index in range(8):
        (notes / f"{index}.md").write_text(
            f"ResNet 논문 https://arxiv.org/abs/1512.03385 정리 {index}\nBERT and GPT-3.\n",
            encoding="utf-8",
        )
    monkeypatch.setattr(pipeline, "_BULK_NOTES", 10**9)
    expected = _extract(tmp_path / "one-by-one.db", notes)
    suspended: list[list[str]] = []
    suspend_indexes = db.suspend_indexes

    def recording(database: object, tables: list[str]) -> None:
        suspended.append(tables)
        suspend_indexes(database, tables)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "suspend_indexes", recording)
    monkeypatch.setattr(pipeline, "_BULK_NOTES", 1)
    path = tmp_path / "bulk.db"
    assert _extract(path, notes) == expected
    assert suspended == [["resources", "mention_rows", "lines"]]
    assert _search_index_problems(path) == []
    # Renamed notes are new notes, and the old paths are deleted (by path, so the
    # indexes are back before that); edited notes are not a load of new notes.
    for index in range(8):
        (notes / f"{index}.md").rename(notes / f"renamed-{index}.md")
    (notes / "renamed-0.md").write_text("Only Transformer here.\n", encoding="utf-8")
    delete_notes = db.delete_notes
    indexed_when_deleting: list[bool] = []

    def checking(database: Database, paths: list[str]) -> int:
        names = {row[0] for row in database.execute("select name from sqlite_master")}
        indexed_when_deleting.append("idx_lines_note_id" in names)
        return delete_notes(database, paths)

    monkeypatch.setattr(db, "delete_notes", checking)
    result = _extract(path, notes)
    assert len(suspended) == 2
    assert indexed_when_deleting == [True]
    assert _search_index_problems(path) == []
    monkeypatch.setattr(pipeline, "_BULK_NOTES", 10**9)
    assert result[1:] == _extract(tmp_path / "again.db", notes)[1:]
    monkeypatch.setattr(pipeline, "_BULK_NOTES", 1)
    (notes / "renamed-1.md").write_text("Only BERT here.\n", encoding="utf-8")
    (notes / "renamed-2.md").write_text("Only T5 here.\n", encoding="utf-8")
    _extract(path, notes)
    assert len(suspended) == 2
    assert _search_index_problems(path) == []


def test_a_bulk_load_killed_half_way_gets_its_indexes_back(tmp_path: Path) -> None:
    path = tmp_path / "db.db"
    database = db.open_db(path)
    db.suspend_search_index(database)
    db.suspend_indexes(database, ["resources", "mention_rows", "lines"])  # then the process dies
    assert database.execute("select count(*) from sqlite_master where type = 'index' "
                            "and tbl_name = 'mention_rows' and sql is not null").fetchone() == (0,)  # fmt: skip
    database.close()
    db.open_db(path).close()
    assert _search_index_problems(path) == []


@pytest.mark.parametrize("bulk_above", [10**9, 1], ids=["incremental", "bulk"])
def test_segments_are_merged_only_when_a_level_fills_while_extract_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_above: int
) -> None:
    notes = _notes_in_small_batches(tmp_path, monkeypatch, bulk_above, count=5)
    save_notes = db.save_notes
    while_writing: list[int | None] = []

    def recording(
        database: Database, writes: list[db.NoteWrite], topics: set[str] | None = None
    ) -> None:
        while_writing.append(_automerge(database.conn, "lines"))
        save_notes(database, writes, topics)

    monkeypatch.setattr(db, "save_notes", recording)
    path = tmp_path / "db.db"
    _extract(path, notes)
    assert while_writing == [0, 0, 0]
    assert _search_index_problems(path) == []  # automerge back to FTS5's default


def test_progress_moves_note_by_note(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(120):  # enough for the worker processes
        (notes / f"n{i:03d}.md").write_text(f"https://site.org/{i}\n", encoding="utf-8")
    events: list[tuple[str, int]] = []
    database = db.open_db(tmp_path / "r.db")
    try:
        pipeline.extract_paths(
            database, [notes], progress=lambda event, amount: events.append((event, amount))
        )
        (notes / "n000.md").write_text("https://site.org/edited\n", encoding="utf-8")
        pipeline.extract_paths(
            database, [notes], progress=lambda event, amount: events.append((event, amount))
        )
    finally:
        database.close()
    first, second = (
        events[: events.index(("total", 120), 1)],
        events[events.index(("total", 120), 1) :],
    )
    for run in (first, second):
        assert run[0] == ("total", 120)
        assert run[1:] == [("advance", 1)] * 120  # every note, read or unchanged, one step
