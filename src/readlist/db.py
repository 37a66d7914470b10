"""The only module that writes SQLite: open and migrate, save notes and their mentions."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

from sqlite_utils import Database

from readlist import identity, schemes
from readlist.errors import DatabaseError
from readlist.mentions import Mention
from readlist.migrations import migrations
from readlist.notes import Note
from readlist.obsidian import link_key, note_name
from readlist.ranks import NameRank
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


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails at once with "database is
    locked" when another process committed in between; an immediate one waits its turn
    (busy_timeout). Nested, it is a savepoint like sqlite-utils' atomic().
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    else:
        db.conn.commit()


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
        # 16 MB of page cache instead of 2: a bulk extract's batches touch index pages
        # all over the resources and mentions tables.
        db.execute("PRAGMA cache_size = -16384")
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
        resume_suspended(db)  # repair a bulk extract that was killed half-way
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


def note_roots_elsewhere(db: Database, root: str) -> dict[str, str]:
    """Notes recorded from another folder than `root`: path → that folder."""
    rows = db.execute("select path, root from notes where root != ?", [root]).fetchall()
    return {path: other for path, other in rows}


def touch_note(db: Database, note: Note) -> None:
    """The file was rewritten with the same content: remember its new size and mtime only."""
    db.execute(
        "update notes set size = ?, mtime_ns = ? where path = ?",
        [note.size, note.mtime_ns, note.path],
    )


# A mention as extract sends it: (resource_id, note_path, line, surface, line text,
# source, place). The note, line number and text go to the `lines` table (one row per
# distinct line of a note) and the mention, in `mention_rows`, points at it by `line_id`
# (the `mentions` view joins them back). Extract's worker processes send
# rows, not Mention objects: tuples cross the process boundary several times cheaper.
MentionRow = tuple[str, str, int, str, str, str, str | None]
# A note_links row: (line, target, heading, alias, embed) of the note it is saved with.
LinkRow = tuple[int, str, str | None, str | None, bool]


def mention_rows(mentions: Iterable[Mention]) -> list[MentionRow]:
    """Rows for `mentions`; a topic's row carries the topic's name where a resource's
    carries its key (save_notes sends those to the topics table)."""
    return [
        (
            m.target.name if m.source == "topic" else m.target.key,
            m.note_path,
            m.line,
            m.surface,
            m.line_text,
            m.source,
            m.place,
        )
        for m in mentions
    ]


def _split_topics(write: NoteWrite) -> list[tuple[str, str, int, int]]:
    """Take a note's topic rows out of its mentions: (note, topic, first line, count)."""
    topics: dict[str, list[int]] = {}
    mentions = []
    for row in write.mentions:
        if row[5] == "topic":
            seen = topics.setdefault(row[0], [row[2], 0])
            seen[1] += 1
        else:
            mentions.append(row)
    write.mentions = mentions
    return [(write.note.path, topic, line, count) for topic, (line, count) in topics.items()]


@dataclass
class NoteWrite:
    """One note to save: its row, and its mentions and resources (from resolve)."""

    note: Note
    mentions: list[MentionRow]
    resources: dict[str, Resource]
    is_new: bool = False  # never saved before: no earlier mentions to look for
    keep_mentions: bool = False  # unreadable this time: keep what it had
    links: list[LinkRow] = field(default_factory=list)  # its [[wikilinks]] (note_links)


def save_notes(
    db: Database, writes: list[NoteWrite], topics_touched: set[str] | None = None
) -> None:
    """Write notes, replace their mentions and update the resources they touch, atomically.

    A note with `keep_mentions` (the file could not be read this time) keeps its earlier
    mentions: a file that is briefly unreadable loses nothing. The batch is written with
    one statement per kind of row: mention counts move by the batch's difference, and
    an upsert that would change nothing does not rewrite the row or its indexes.
    While extract has the search triggers suspended, the mentions' search index is
    kept in step here.
    """
    if not writes:
        return
    # A batch holds each note once (a walk yields each path once); were one there
    # twice, its last write would be what one-at-a-time saving leaves.
    writes = list({write.note.path: write for write in writes}.values())
    topics = {w.note.path: _split_topics(w) for w in writes if not w.keep_mentions}
    timestamp = now()
    with write_transaction(db):
        _follow_aliases(writes, identity.alias_map(db))
        index_search = _mention_triggers_suspended(db)
        kept = [w.note for w in writes if w.keep_mentions]
        db.conn.executemany(
            "update notes set size = ?, mtime_ns = ?, extracted_at = ?, error = ? where path = ?",
            [(n.size, n.mtime_ns, timestamp, n.problem, n.path) for n in kept],
        )
        saved = [w for w in writes if not w.keep_mentions]
        db.conn.executemany(
            _UPSERT_NOTE,
            [_note_values(w.note, len(w.mentions), timestamp, topics[w.note.path]) for w in saved],
        )
        # Notes whose topics change: every resource they mention has other topics now.
        retopiced = {w.note.path for w in saved if w.is_new}
        for write in saved:
            if not write.is_new:
                path = write.note.path
                old = db.execute(
                    "select topic from topics where note_path = ? order by topic", [path]
                ).fetchall()
                if [t for (t,) in old] != sorted(row[1] for row in topics[path]):
                    retopiced.add(path)
        db.conn.executemany(
            "delete from topics where note_path = ?",
            [(w.note.path,) for w in saved if not w.is_new],
        )
        db.conn.executemany(
            "insert into topics (note_path, topic, line, count) values (?, ?, ?, ?)",
            [row for w in saved for row in topics[w.note.path]],
        )
        _save_links(db, saved)
        delta: dict[str, int] = {}  # resource id -> change in its mention count
        before: dict[str, list[tuple[int, str, str]]] = {}  # note -> (line, surface, id)
        gone: list[int] = []  # mention rows to delete
        fresh: list[MentionRow] = []  # mention rows to insert
        old_lines: dict[str, dict[tuple[int, str], int]] = {}  # note -> (line, text) -> id
        kept_lines: set[int] = set()  # lines a mention that stays points at
        for write in saved:
            if write.is_new:
                fresh += write.mentions
                continue
            # An edited note keeps the rows that stay as they were (a line appended at
            # the end touches none of them): only the others are deleted, and only
            # what is new is inserted and indexed.
            rows = db.execute(
                "select m.id, m.resource_id, n.path, l.line, m.surface, l.text, m.source, "
                "m.place, m.line_id from notes n join lines l on l.note_id = n.id "
                "join mention_rows m on m.line_id = l.id where n.path = ?",
                [write.note.path],
            ).fetchall()
            before[write.note.path] = [(row[3], row[4], row[1]) for row in rows]
            wanted = Counter(write.mentions)
            existing: Counter[MentionRow] = Counter()
            note_lines = old_lines.setdefault(write.note.path, {})
            for mention_id, *values, line_id in rows:
                row = cast(MentionRow, tuple(values))
                note_lines[row[2], row[4]] = line_id
                if wanted[row] > 0:
                    wanted[row] -= 1
                    existing[row] += 1
                    kept_lines.add(line_id)
                else:
                    gone.append(mention_id)
                    delta[row[0]] = delta.get(row[0], 0) - 1
            for row in write.mentions:
                if existing[row] > 0:
                    existing[row] -= 1
                else:
                    fresh.append(row)
        if gone:
            db.conn.executemany(
                "delete from mention_rows where id = ?", [(mention_id,) for mention_id in gone]
            )
        new_lines, mention_values = _line_rows(db, fresh, old_lines, kept_lines)
        # Lines that no mention points at any more go, with their index entries.
        dropped = [
            (line_id,)
            for lines in old_lines.values()
            for line_id in lines.values()
            if line_id not in kept_lines
        ]
        if dropped:
            if index_search:
                db.conn.executemany(
                    "insert into lines_fts (lines_fts, rowid, text) "
                    "select 'delete', id, text from lines where id = ?",
                    dropped,
                )
            db.conn.executemany("delete from lines where id = ?", dropped)
        db.conn.executemany(
            "insert into lines (id, note_id, line, text) values (?, ?, ?, ?)", new_lines
        )
        if index_search and new_lines:
            db.execute(
                "insert into lines_fts (rowid, text) select id, text from lines where id >= ?",
                [new_lines[0][0]],
            )
        for row in fresh:
            delta[row[0]] = delta.get(row[0], 0) + 1
        # Each note's resources in note order, as saving one note at a time would
        # (a worse source fills only what is empty at that moment, so merging the
        # batch first would differ). The first row of a resource carries the batch's
        # change to its count. An upsert is idempotent, so one that repeats the last
        # upsert of its id (a paper most notes link the same way) is not sent at all;
        # the database skips the rest that would change nothing.
        ordered: list[tuple[Resource, int]] = []
        last: dict[str, Resource] = {}
        for write in saved:
            for resource in write.resources.values():
                if resource.id in last:
                    if last[resource.id] == resource:
                        continue
                    change = 0
                else:
                    change = delta.get(resource.id, 0)
                last[resource.id] = resource
                ordered.append((resource, change))
        upsert_resources(db, ordered, timestamp)
        db.conn.executemany(
            "insert into mention_rows (resource_id, line_id, surface, source, place) "
            "values (?, ?, ?, ?, ?)",
            mention_values,
        )
        for write in saved:
            earlier = before.get(write.note.path)
            if not earlier:
                continue
            after = {(line, surface): key for key, _, line, surface, *_ in write.mentions}
            moves = {
                (old_id, after[(line, surface)])
                for line, surface, old_id in earlier
                if after.get((line, surface), old_id) != old_id
            }
            for old_id, new_id in moves:
                identity.carry_user_data(db, old_id, new_id)
        # A resource that lost mentions is recounted exactly (and dropped when nobody
        # mentions it and the user has nothing on it); the upsert added the rest.
        refresh_counts(db, [rid for rid, change in delta.items() if change < 0])
        # ... and a resource that gained or lost mentions may have gained or lost topics.
        touched = {rid for w in saved if w.note.path in retopiced for rid in w.resources}
        touched |= set(delta)
        if topics_touched is None:
            refresh_topics(db, touched)
        else:  # the caller refreshes them once, when the run's indexes are back
            topics_touched |= touched


def _line_rows(
    db: Database,
    fresh: list[MentionRow],
    old_lines: dict[str, dict[tuple[int, str], int]],
    kept_lines: set[int],
) -> tuple[list[tuple[int, int, int, str]], list[tuple[object, ...]]]:
    """The `lines` rows the new mentions need that the notes do not have yet, with ids
    above the largest (the write lock is held), and the mentions' rows with their
    `line_id`. A line the note already has keeps its row (and its id)."""
    next_id = db.execute("select coalesce(max(id), 0) + 1 from lines").fetchone()[0]
    note_ids = _note_ids(db, {row[1] for row in fresh})
    new_lines: list[tuple[int, int, int, str]] = []
    values: list[tuple[object, ...]] = []
    for resource_id, note_path, line, surface, text, source, place in fresh:
        lines = old_lines.setdefault(note_path, {})
        line_id = lines.get((line, text))
        if line_id is None:
            line_id = lines[line, text] = next_id
            next_id += 1
            new_lines.append((line_id, note_ids[note_path], line, text))
        kept_lines.add(line_id)
        values.append((resource_id, line_id, surface, source, place))
    return new_lines, values


def _note_ids(db: Database, paths: set[str]) -> dict[str, int]:
    """`notes.id` of each of these notes (saved already: a trigger numbers new rows)."""
    return dict(
        db.execute(
            "select path, id from notes where path in (select value from json_each(?))",
            [json.dumps(sorted(paths), ensure_ascii=False)],
        ).fetchall()
    )


def _follow_aliases(writes: list[NoteWrite], aliases: dict[str, str]) -> None:
    """Mentions of a key that enrich merged into another row (identity.py) go to that row.
    What the note says of it adds a name or fills gaps; its address stays the survivor's."""
    if not aliases:
        return
    for write in writes:
        if not any(key in aliases for key in write.resources):
            continue
        write.mentions = [(aliases.get(row[0], row[0]), *row[1:]) for row in write.mentions]
        resources: dict[str, Resource] = {}
        for key, resource in write.resources.items():
            if key in aliases:
                key = aliases[key]
                resource = resource._replace(id=key, url=None, domain=None)
            if key not in resources or resource.name_rank > resources[key].name_rank:
                resources[key] = resource
        write.resources = resources


def _save_links(db: Database, saved: list[NoteWrite]) -> None:
    """Replace the `note_links` of the notes saved (a note without wikilinks, the usual
    Markdown note, costs a delete that finds nothing, and only when it was saved before)."""
    db.conn.executemany(
        "delete from note_links where note_path = ?",
        [(w.note.path,) for w in saved if not w.is_new],
    )
    db.conn.executemany(
        "insert into note_links (note_path, line, target, heading, alias, embed) "
        "values (?, ?, ?, ?, ?, ?)",
        [
            (w.note.path, line, target, heading, alias, int(embed))
            for w in saved
            for line, target, heading, alias, embed in w.links
        ],
    )


def resolve_note_links(db: Database) -> int:
    """Point each wikilink at the note it names (`note_links.target_path`): the note of
    that name (file name without extension, any case, as Obsidian matches), nearest to
    the linking note's folder when several share it; else a note with that alias. Run at
    the end of an extract that wrote anything; returns the rows changed."""
    links = db.execute("select id, note_path, target, target_path from note_links").fetchall()
    if not links:
        return 0
    by_name: dict[str, list[str]] = {}
    for path, aliases in db.execute(
        "select path, aliases from notes where error is null or error like '%read anyway'"
    ):
        by_name.setdefault(note_name(path), []).append(path)
        for alias in json.loads(aliases) if aliases else ():
            by_name.setdefault("alias:" + str(alias).lower(), []).append(path)
    changes = []
    for link_id, note_path, target, old in links:
        name = link_key(target)
        candidates = by_name.get(name) or by_name.get("alias:" + target.strip().lower()) or []
        folder = target.strip().rsplit("/", 1)[0].lower() if "/" in target else None
        if folder is not None:  # `[[folder/Note]]`: that folder's note
            candidates = [
                p
                for p in candidates
                if p.lower().startswith(folder + "/") or ("/" + folder + "/") in "/" + p.lower()
            ] or candidates
        new = min(candidates, key=lambda p: (-_shared_folders(p, note_path), p), default=None)
        if new != old:
            changes.append((new, link_id))
    db.conn.executemany("update note_links set target_path = ? where id = ?", changes)
    return len(changes)


def _shared_folders(a: str, b: str) -> int:
    count = 0
    for left, right in zip(a.split("/")[:-1], b.split("/")[:-1], strict=False):
        if left != right:
            break
        count += 1
    return count


def vault_aliases(db: Database) -> dict[str, tuple[str, ...]]:
    """Note name -> the `aliases:` of that note, for every recorded note that has some."""
    found: dict[str, tuple[str, ...]] = {}
    for path, aliases in db.execute("select path, aliases from notes where aliases is not null"):
        names = tuple(str(a) for a in json.loads(aliases))
        if names:
            found[note_name(path)] = found.get(note_name(path), ()) + names
    return found


def notes_linking_to(db: Database, names: Iterable[str]) -> set[str]:
    """The notes with a wikilink to a note of one of these names."""
    wanted = set(names)
    if not wanted:
        return set()
    return {
        path
        for path, target in db.execute("select note_path, target from note_links")
        if link_key(target) in wanted
    }


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
    "topics",
    "format",
    "aliases",
)
_UPSERT_NOTE = (
    f"insert into notes ({', '.join(_NOTE_COLUMNS)}) "
    f"values ({', '.join('?' * len(_NOTE_COLUMNS))}) on conflict(path) do update set "
    + ", ".join(f"{c} = excluded.{c}" for c in _NOTE_COLUMNS[1:])
)


def _note_values(
    note: Note, mention_count: int, timestamp: str, topics: list[tuple[str, str, int, int]]
) -> list[object]:
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
        note.problem,
        json.dumps(sorted(t[1] for t in topics), ensure_ascii=False) if topics else None,
        note.format,
        json.dumps(list(note.aliases), ensure_ascii=False) if note.aliases else None,
    ]


def delete_notes(db: Database, paths: Iterable[str]) -> int:
    """Forget notes that are gone from disk, and their mentions."""
    count = 0
    with write_transaction(db):
        index_search = _mention_triggers_suspended(db)
        for path in paths:
            touched = _resource_ids_of_note(db, path)
            line_ids = [
                row[0]
                for row in db.execute(
                    "select l.id from notes n join lines l on l.note_id = n.id where n.path = ?",
                    [path],
                )
            ]
            db.conn.executemany(
                "delete from mention_rows where line_id = ?", [(i,) for i in line_ids]
            )
            _delete_lines(db, line_ids, index_search)
            db.execute("delete from topics where note_path = ?", [path])
            db.execute("delete from note_links where note_path = ?", [path])
            db.execute("delete from notes where path = ?", [path])
            refresh_counts(db, touched)
            refresh_topics(db, touched)
            count += 1
    return count


def upsert_resources(
    db: Database, resources: Iterable[tuple[Resource, int]], timestamp: str
) -> None:
    """Insert new resources; on existing ones change only machine columns, and move
    each mention count by the number given with the resource.

    A name, kind and confidence from a better source (gazetteer over URL) replace
    a worse one; facts from a worse source only fill columns that are empty.
    """
    db.conn.executemany(
        _UPSERT_RESOURCE,
        [(*_resource_row(r, timestamp), change) for r, change in resources],
    )


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
_FILLED_COLUMNS = ("url", "domain", "arxiv_id", "doi", "title", "year", "tags")
_BETTER = "excluded.name_rank >= coalesce(resources.name_rank, 0)"
_UPSERT_RESOURCE = (
    f"insert into resources (id, {', '.join(_RESOURCE_MACHINE_COLUMNS)}, first_seen, "
    "mention_count) "
    f"values ({', '.join('?' * (len(_RESOURCE_MACHINE_COLUMNS) + 3))}) "
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
                for c in _FILLED_COLUMNS
            ),
            "name_rank = max(coalesce(resources.name_rank, 0), excluded.name_rank)",
            "mention_count = coalesce(resources.mention_count, 0) + excluded.mention_count",
        ]
    )
    # Only when that changes something: most upserts repeat what the row holds, and
    # skipping them saves rewriting the row and its indexes.
    + " where excluded.mention_count != 0 or ("
    + _BETTER
    + " and (excluded.name_rank > coalesce(resources.name_rank, 0) or "
    + " or ".join(
        [
            *(f"excluded.{c} is not resources.{c}" for c in ("kind", "name", "confidence")),
            *(
                f"(excluded.{c} is not null and excluded.{c} is not resources.{c})"
                for c in _FILLED_COLUMNS
            ),
        ]
    )
    + ")) or (not "
    + _BETTER
    + " and ("
    + " or ".join(f"(resources.{c} is null and excluded.{c} is not null)" for c in _FILLED_COLUMNS)
    + "))"
)


@lru_cache(maxsize=1024)
def _tags_json(tags: tuple[str, ...]) -> str:
    # A bulk extract upserts ~30 resources a note with a handful of distinct tag sets.
    return json.dumps(list(tags), ensure_ascii=False)


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
        _tags_json(resource.tags) if resource.tags else None,
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
            f"update resources set mention_count = (select count(*) from mention_rows m "
            f"where m.resource_id = resources.id) where id in ({marks})",
            chunk,
        )
        db.execute(
            f"delete from resources where id in ({marks}) and mention_count = 0 "
            "and coalesce(status, 'todo') = 'todo' and priority is null and user_note is null",
            chunk,
        )


# Above this many resources, one grouped pass over all mentions beats a look-up per row.
_TOPICS_IN_ONE_PASS = 2000


def refresh_topics(db: Database, resource_ids: Iterable[str] | None = None) -> None:
    """`resources.topics`: the topics of the notes that mention each resource (all
    resources when `resource_ids` is None, or many: one pass; a few: by the mentions'
    index on resource_id). Only rows whose topics change are written: each write also
    re-indexes the row's search text while the resources' triggers are on."""
    ids = None if resource_ids is None else list(resource_ids)
    if ids is None or len(ids) > _TOPICS_IN_ONE_PASS:
        db.execute(
            "create temp table if not exists topics_of (resource_id text primary key, topics text)"
        )
        db.execute("delete from temp.topics_of")
        db.execute(
            "insert into temp.topics_of select resource_id, json_group_array(topic) from "
            # one pass over the mentions, each looked up in the topics' primary key: no
            # index of mentions needed (a bulk load makes those at the very end)
            "(select distinct m.resource_id, t.topic from mentions m cross join topics t "
            "on t.note_path = m.note_path order by 1, 2) group by resource_id"
        )
        db.execute(
            "update resources set topics = null where topics is not null "
            "and id not in (select resource_id from temp.topics_of)"
        )
        db.execute(
            "update resources set topics = t.topics from temp.topics_of t "
            "where resources.id = t.resource_id and resources.topics is not t.topics"
        )
        db.execute("delete from temp.topics_of")
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute(
            "update resources set topics = c.topics from (select r.id, (select "
            "nullif(json_group_array(topic), '[]') from (select distinct t.topic from mentions m "
            "join topics t on t.note_path = m.note_path where m.resource_id = r.id "
            "order by t.topic)) as topics from resources r "
            f"where r.id in ({','.join('?' * len(chunk))})) as c "
            "where resources.id = c.id and resources.topics is not c.topics",
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


# Enrichment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingRow:
    """What enrich needs to know of a resource to fetch its metadata."""

    id: str
    kind: str
    name: str
    url: str | None
    arxiv_id: str | None
    doi: str | None
    title: str | None
    name_rank: int
    etag: str | None
    last_modified: str | None


def _keys_of(stage: str) -> str:
    return "(" + " or ".join(f"id like '{p}:%'" for p in schemes.prefixes_for(stage)) + ")"


# Which rows each enrich stage fills, from the key schemes' table (schemes.py).
_PENDING_WHERE = {
    schemes.ARXIV: "arxiv_id is not null",
    schemes.NAMES: f"arxiv_id is null and kind in ('paper', 'model') and {_keys_of(schemes.NAMES)}",
    schemes.PAPERS: f"arxiv_id is null and {_keys_of(schemes.PAPERS)}",
    schemes.PAGES: f"url is not null and {_keys_of(schemes.PAGES)}",
}
# Final answers (ok, gone, not_found, unresolved, no_source) are not asked again unless
# --refresh; a failure is, and so is a refusal (the next run may --allow-private).
_NOT_DONE = "(enrich_status is null or enrich_status in ('failed', 'refused'))"


def pending(db: Database, stage: str, refresh: bool = False) -> list[PendingRow]:
    """Resources the stage still has to fill, most mentioned first."""
    where = _PENDING_WHERE[stage] + ("" if refresh else f" and {_NOT_DONE}")
    rows = db.execute(
        "select id, kind, name, url, arxiv_id, doi, title, coalesce(name_rank, 0), etag, "
        f"last_modified from resources where {where} order by mention_count desc, id"
    ).fetchall()
    return [PendingRow(*row) for row in rows]


def mark_without_source(db: Database, refresh: bool = False) -> int:
    """Mark the resources no enrich stage can fill (`no_source`, and why), so that none is
    silently never enriched; returns how many. A name without a link, of a dataset or a
    site, is one: there is nothing to fetch until a note links it."""
    unfilled = " and ".join(f"not ({where})" for where in _PENDING_WHERE.values())
    rows = db.execute(
        f"select id, kind from resources where {unfilled}"
        + ("" if refresh else " and enrich_status is null")
    ).fetchall()
    with write_transaction(db):
        for resource_id, kind in rows:
            scheme = schemes.scheme_of(resource_id)
            what = (
                f"a {kind} named without a link"
                if resource_id.startswith("name:")
                else (scheme.label if scheme else "this key")
            )
            db.table("resources").update(
                resource_id,
                {"enrich_status": "no_source", "enrich_error": f"no source for {what}"},
            )
    return len(rows)


def record_enrichment(
    db: Database, row: PendingRow, fields: dict[str, object], source: str, title: str | None
) -> bool:
    """Write fetched metadata (only the values present) and mark the row ok.

    A name made from a URL gives way to the fetched title. Returns whether any
    metadata changed.
    """
    values = {k: v for k, v in fields.items() if v is not None}
    if title and row.name_rank < NameRank.DETECTED:
        values["name"] = title  # a fetched title outranks an address and a note's title
        values["name_rank"] = int(NameRank.DETECTED)
    current = db.execute(
        f"select {', '.join(values) or 'id'} from resources where id = ?", [row.id]
    ).fetchone()
    changed = current is not None and any(
        current[i] != value for i, value in enumerate(values.values())
    )
    with write_transaction(db):
        db.table("resources").update(
            row.id,
            {
                **values,
                "enriched_at": now(),
                "enrich_status": "ok",
                "enrich_error": None,
                "enrich_source": source,
            },
        )
        # A paper host's row that learned its arXiv id or DOI is one row with those keys.
        arxiv_id = values.get("arxiv_id") or row.arxiv_id
        doi = values.get("doi") or row.doi
        identity.adopt_keys(
            db, row.id, str(arxiv_id) if arxiv_id else None, str(doi) if doi else None
        )
    return changed


def record_failure(
    db: Database,
    resource_id: str,
    status: str,
    error: str,
    match_score: float | None = None,
    http_status: int | None = None,
) -> None:
    """Store why a fetch failed; metadata fetched earlier stays as it was."""
    updates: dict[str, object] = {"enrich_status": status, "enrich_error": error}
    if match_score is not None:
        updates["match_score"] = match_score
    if http_status is not None:
        updates["http_status"] = http_status
    with write_transaction(db):
        db.table("resources").update(resource_id, updates)


# Search index ----------------------------------------------------------------------------

_SEARCH_TABLES = ("resources", "lines")


def suspend_search_index(db: Database, tables: Iterable[str] = _SEARCH_TABLES) -> None:
    """Stop the triggers that keep the FTS tables of `tables` in step, row by row.

    Extract suspends them: an FTS5 insert made by a trigger cost ~100 µs a row, ten
    times an explicit insert of a batch's rows (which save_notes makes while the
    triggers are suspended), and for a bulk run a rebuild at the end is cheaper
    still. The trigger definitions are saved first, so a run killed in between is
    repaired (rebuilt) by the next open_db.

    Meanwhile FTS5 merges index segments only when a level fills up (crisismerge),
    not after every batch: a third less indexing time for a bulk extract, and no
    slower to query.
    """
    tables = list(tables)
    with write_transaction(db):
        _suspend(db, "trigger", tables)
        for table in tables:
            if db.table(f"{table}_fts").exists():
                db.execute(
                    f"insert into [{table}_fts]([{table}_fts], rank) values ('automerge', 0)"
                )


def suspend_indexes(db: Database, tables: Iterable[str]) -> None:
    """Drop the secondary indexes of `tables` while a bulk extract loads new notes.

    Ten indexes kept in step row by row cost a bulk load of new notes more than its
    rows did; made once at the end they are a sort. Only for new notes: an edited or
    deleted note is looked up by `lines.note_id`. Saved like the triggers, so
    `resume_suspended` (or the next open_db, after a kill) makes them again.
    """
    _suspend(db, "index", tables)


def _suspend(db: Database, kind: str, tables: Iterable[str]) -> None:
    tables = list(tables)
    # sql is null for the indexes behind primary keys and unique constraints: kept.
    found = db.execute(
        "select name, sql from sqlite_master where type = ? and sql is not null and "
        f"tbl_name in ({', '.join('?' * len(tables))})",
        [kind, *tables],
    ).fetchall()
    if not found:
        return
    with write_transaction(db):
        # Indexes are saved under the triggers' key too: named before indexes were
        # suspended, and kept so that a database an older run left is still repaired.
        saved = json.loads(get_state(db, "search_triggers") or "[]")
        set_state(db, "search_triggers", json.dumps([*saved, *map(list, found)]))
        for name, _ in found:
            db.execute(f"drop {kind} [{name}]")


def resume_suspended(
    db: Database, rebuild: Iterable[str] = _SEARCH_TABLES, indexes_only: bool = False
) -> None:
    """Make the suspended triggers and indexes again, rebuilding the FTS tables of
    `rebuild` first; `indexes_only` leaves the triggers suspended."""
    saved = get_state(db, "search_triggers")
    if not saved:
        return
    with write_transaction(db):
        for table in rebuild:
            if db.table(f"{table}_fts").exists():
                db.execute(f"insert into [{table}_fts]([{table}_fts]) values ('rebuild')")
        if not indexes_only:
            for table in _SEARCH_TABLES:
                if db.table(f"{table}_fts").exists():  # FTS5's default merging again
                    db.execute(
                        f"insert into [{table}_fts]([{table}_fts], rank) values ('automerge', 4)"
                    )
        existing = {row[0] for row in db.execute("select name from sqlite_master")}
        left = []
        for name, sql in json.loads(saved):
            if indexes_only and not _is_index_sql(sql):
                left.append([name, sql])
            elif name not in existing:
                db.execute(sql)
                existing.add(name)
        if left:
            set_state(db, "search_triggers", json.dumps(left))
        else:
            db.execute("delete from readlist_state where key = 'search_triggers'")


def _is_index_sql(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("CREATE INDEX", "CREATE UNIQUE INDEX"))


def _mention_triggers_suspended(db: Database) -> bool:
    """Must the writer index the lines itself? Asked inside the write transaction, so
    another extract restoring the triggers meanwhile cannot make a row indexed twice."""
    return (
        db.execute(
            "select 1 from sqlite_master where type = 'trigger' and name = 'lines_ai'"
        ).fetchone()
        is None
    )


def _delete_lines(db: Database, line_ids: list[int], index_search: bool) -> None:
    """Delete these `lines` rows (their mentions are gone), taking them out of lines_fts
    first while its triggers are suspended."""
    rows = [(line_id,) for line_id in line_ids]
    if index_search:
        db.conn.executemany(
            "insert into lines_fts (lines_fts, rowid, text) "
            "select 'delete', id, text from lines where id = ?",
            rows,
        )
    db.conn.executemany("delete from lines where id = ?", rows)
