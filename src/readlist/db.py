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

# Upserts write only machine columns (see _resource_values), so status, priority
# and user_note, the user's, are never touched by extract (STYLE, "Upserts").
# These are the facts a lower-ranked source may still fill in when they are empty.
_FILL_ONLY_COLUMNS = frozenset({"url", "domain", "arxiv_id", "doi", "title", "year", "tags"})


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
        row = {
            "path": note.path,
            "root": note.root,
            "hash": note.hash,
            "size": note.size,
            "mtime_ns": note.mtime_ns,
            "encoding": note.encoding,
            "extracted_at": timestamp,
            "error": note.error,
        }
        if not keep_mentions:
            row.update(
                title=note.title,
                date=note.date,
                categories=json.dumps(list(note.categories), ensure_ascii=False),
                tags=json.dumps(list(note.tags), ensure_ascii=False),
                mention_count=len(mentions),
            )
        db.table("notes").upsert(row, pk="path")
        if keep_mentions:
            return
        touched = set(_resource_ids_of_note(db, note.path))
        db.execute("delete from mentions where note_path = ?", [note.path])
        upsert_resources(db, resources.values(), timestamp)
        db.table("mentions").insert_all(
            (
                {
                    "resource_id": m.target.key,
                    "note_path": m.note_path,
                    "line": m.line,
                    "surface": m.surface,
                    "context": m.context,
                    "source": m.source,
                }
                for m in mentions
            ),
            batch_size=500,
        )
        touched.update(resources)
        refresh_counts(db, touched)


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
    for resource in resources:
        values = _resource_values(resource)
        existing = db.execute(
            "select name_rank from resources where id = ?", [resource.id]
        ).fetchone()
        if existing is None:
            db.table("resources").insert({"id": resource.id, "first_seen": timestamp, **values})
            continue
        if resource.name_rank >= (existing[0] or 0):
            updates = {k: v for k, v in values.items() if v is not None}
            db.table("resources").update(resource.id, updates)
            continue
        fill = {k: v for k, v in values.items() if v is not None and k in _FILL_ONLY_COLUMNS}
        if fill:
            assignments = ", ".join(f"[{k}] = coalesce([{k}], ?)" for k in fill)
            db.execute(
                f"update resources set {assignments} where id = ?", [*fill.values(), resource.id]
            )


def _resource_values(resource: Resource) -> dict[str, object]:
    return {
        "kind": resource.kind,
        "name": resource.name,
        "url": resource.url,
        "domain": resource.domain,
        "arxiv_id": resource.arxiv_id,
        "doi": resource.doi,
        "title": resource.title,
        "year": resource.year,
        "tags": json.dumps(list(resource.tags), ensure_ascii=False) if resource.tags else None,
        "confidence": resource.confidence,
        "name_rank": resource.name_rank,
    }


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
