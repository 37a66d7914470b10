"""The extract run: worker processes give the same database as one process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

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
                "select resource_id, note_path, line, surface, context, source from mentions "
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
