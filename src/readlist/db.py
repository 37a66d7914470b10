"""The only module that writes SQLite: open and migrate, save notes and their mentions."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from readlist.errors import DatabaseError
from readlist.extract import Mention
from readlist.migrations import migrations
from readlist.notes import Note
from readlist.resolve import Resource

# Upserts write only machine columns (_RESOURCE_MACHINE_COLUMNS), so status,
# priority and user_note, the user's, are never touched by extract (STYLE, "Upserts").


@dataclass(frozen=True)
class NoteState:
    """What the database remembers of a note, to decide whether to read it again."""

    size: int | None
    mtime_ns: int | None
    hash: str | None
    error: str | None


def open_db(path: Path | str) -> Database:
    """Open (creating if needed) and migrate the database; WAL so Datasette can read alongside."""
    path = Path(path)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        db.enable_wal()
        # WAL + NORMAL: a commit per note without an fsync per note; still crash-safe.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise DatabaseError(f"{path}: cannot open the database: {exc}") from exc
    return db


def prepare_db(db: Database) -> Database:
    """Migrate a database opened by the caller (tests use `Database(memory=True)`)."""
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    return db


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def get_state(db: Database, key: str) -> str | None:
    row = db.execute("select value from readlist_state where key = ?", [key]).fetchone()
    return row[0] if row else None


def set_state(db: Database, key: str, value: str) -> None:
    db.table("readlist_state").upsert({"key": key, "value": value}, pk="key")


def note_states(db: Database, root: str) -> dict[str, NoteState]:
    """Every known note under `root`, by path."""
    rows = db.execute(
        "select path, size, mtime_ns, hash, error from notes where root = ?", [root]
    ).fetchall()
    return {path: NoteState(size, mtime, hash_, error) for path, size, mtime, hash_, error in rows}


def note_root(db: Database, path: str) -> str | None:
    row = db.execute("select root from notes where path = ?", [path]).fetchone()
    return row[0] if row else None


def touch_note(db: Database, note: Note) -> None:
    """The file was rewritten with the same content: remember its new size and mtime only."""
    db.execute(
        "update notes set size = ?, mtime_ns = ? where path = ?",
        [note.size, note.mtime_ns, note.path],
    )


def save_note(
    db: Database,
    note: Note,
    mentions: list[Mention],
    resources: dict[str, Resource],
    keep_mentions: bool = False,
) -> None:
    """Write one note, replace its mentions and update the resources they touch, atomically.

    With `keep_mentions` (the file could not be read this time) the note's earlier
    mentions stay: a file that is briefly unreadable loses nothing.
    """
    timestamp = now()
    with db.atomic():
        if keep_mentions:
            db.execute(
                "update notes set size = ?, mtime_ns = ?, extracted_at = ?, error = ? "
                "where path = ?",
                [note.size, note.mtime_ns, timestamp, note.error, note.path],
            )
            return
        db.execute(_UPSERT_NOTE, _note_values(note, len(mentions), timestamp))
        before = db.execute(
            "select line, surface, resource_id from mentions where note_path = ?", [note.path]
        ).fetchall()
        touched = {rid for _, _, rid in before}
        db.execute("delete from mentions where note_path = ?", [note.path])
        upsert_resources(db, resources.values(), timestamp)
        db.conn.executemany(
            "insert into mentions (resource_id, note_path, line, surface, context, source) "
            "values (?, ?, ?, ?, ?, ?)",
            [(m.target.key, m.note_path, m.line, m.surface, m.context, m.source) for m in mentions],
        )
        touched.update(resources)
        after = {(m.line, m.surface): m.target.key for m in mentions}
        moves = {
            (old_id, after[(line, surface)])
            for line, surface, old_id in before
            if after.get((line, surface), old_id) != old_id
        }
        for old_id, new_id in moves:
            carry_user_data(db, old_id, new_id)
        refresh_counts(db, touched)


def carry_user_data(db: Database, old_id: str, new_id: str) -> None:
    """A mention now resolves to another resource (a guessed name gained an arXiv id):
    move the user's status, priority and note along, unless the new row has its own."""
    old = db.execute(
        "select status, priority, user_note from resources where id = ?", [old_id]
    ).fetchone()
    if old is None or (old[0] in (None, "todo") and old[1] is None and old[2] is None):
        return
    new = db.execute(
        "select status, priority, user_note from resources where id = ?", [new_id]
    ).fetchone()
    if new is None or not (new[0] in (None, "todo") and new[1] is None and new[2] is None):
        return
    db.execute(
        "update resources set status = ?, priority = ?, user_note = ? where id = ?",
        [old[0], old[1], old[2], new_id],
    )
    # The old row keeps nothing the user needs once no note mentions it.
    db.execute(
        "update resources set status = 'todo', priority = null, user_note = null "
        "where id = ? and not exists (select 1 from mentions where resource_id = ?)",
        [old_id, old_id],
    )


_NOTE_COLUMNS = (
    "path",
    "root",
    "title",
    "date",
    "categories",
    "tags",
    "hash",
    "size",
    "mtime_ns",
    "encoding",
    "mention_count",
    "extracted_at",
    "error",
)
_UPSERT_NOTE = (
    f"insert into notes ({', '.join(_NOTE_COLUMNS)}) "
    f"values ({', '.join('?' * len(_NOTE_COLUMNS))}) on conflict(path) do update set "
    + ", ".join(f"{c} = excluded.{c}" for c in _NOTE_COLUMNS[1:])
)


def _note_values(note: Note, mention_count: int, timestamp: str) -> list[object]:
    return [
        note.path,
        note.root,
        note.title,
        note.date,
        json.dumps(list(note.categories), ensure_ascii=False),
        json.dumps(list(note.tags), ensure_ascii=False),
        note.hash,
        note.size,
        note.mtime_ns,
        note.encoding,
        mention_count,
        timestamp,
        note.error,
    ]


def delete_notes(db: Database, paths: Iterable[str]) -> int:
    """Forget notes that are gone from disk, and their mentions."""
    count = 0
    with db.atomic():
        for path in paths:
            touched = _resource_ids_of_note(db, path)
            db.execute("delete from mentions where note_path = ?", [path])
            db.execute("delete from notes where path = ?", [path])
            refresh_counts(db, touched)
            count += 1
    return count


def upsert_resources(db: Database, resources: Iterable[Resource], timestamp: str) -> None:
    """Insert new resources; on existing ones change only machine columns.

    A name, kind and confidence from a better source (gazetteer over URL) replace
    a worse one; facts from a worse source only fill columns that are empty.
    """
    db.conn.executemany(_UPSERT_RESOURCE, [_resource_row(r, timestamp) for r in resources])


_RESOURCE_MACHINE_COLUMNS = (
    "kind",
    "name",
    "url",
    "domain",
    "arxiv_id",
    "doi",
    "title",
    "year",
    "tags",
    "confidence",
    "name_rank",
)
_BETTER = "excluded.name_rank >= coalesce(resources.name_rank, 0)"
_UPSERT_RESOURCE = (
    f"insert into resources (id, {', '.join(_RESOURCE_MACHINE_COLUMNS)}, first_seen) "
    f"values ({', '.join('?' * (len(_RESOURCE_MACHINE_COLUMNS) + 2))}) "
    "on conflict(id) do update set "
    + ", ".join(
        [
            *(
                f"{c} = case when {_BETTER} then excluded.{c} else resources.{c} end"
                for c in ("kind", "name", "confidence")
            ),
            *(
                f"{c} = case when {_BETTER} then coalesce(excluded.{c}, resources.{c}) "
                f"else coalesce(resources.{c}, excluded.{c}) end"
                for c in ("url", "domain", "arxiv_id", "doi", "title", "year", "tags")
            ),
            "name_rank = max(coalesce(resources.name_rank, 0), excluded.name_rank)",
        ]
    )
)


def _resource_row(resource: Resource, timestamp: str) -> tuple[object, ...]:
    return (
        resource.id,
        resource.kind,
        resource.name,
        resource.url,
        resource.domain,
        resource.arxiv_id,
        resource.doi,
        resource.title,
        resource.year,
        json.dumps(list(resource.tags), ensure_ascii=False) if resource.tags else None,
        resource.confidence,
        resource.name_rank,
        timestamp,
    )


def refresh_counts(db: Database, resource_ids: Iterable[str]) -> None:
    """Recount mentions; drop resources nobody mentions unless the user has data on them."""
    ids = list(resource_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(
            f"update resources set mention_count = (select count(*) from mentions "
            f"where mentions.resource_id = resources.id) where id in ({marks})",
            chunk,
        )
        db.execute(
            f"delete from resources where id in ({marks}) and mention_count = 0 "
            "and coalesce(status, 'todo') = 'todo' and priority is null and user_note is null",
            chunk,
        )


def _resource_ids_of_note(db: Database, path: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "select distinct resource_id from mentions where note_path = ?", [path]
        ).fetchall()
    ]


def count_rows(db: Database, table: str) -> int:
    return int(db.execute(f"select count(*) from [{table}]").fetchone()[0])
