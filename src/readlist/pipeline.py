"""The extract run: walk → read → find mentions → resolve → save, 500 notes per transaction."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import multiprocessing as mp
import os
import signal
import sqlite3
import sys
from collections import Counter, deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice
from pathlib import Path

from sqlite_utils import Database

from readlist import __version__, db
from readlist.config import DEFAULT_MAX_NOTE_BYTES
from readlist.errors import NotesPathError
from readlist.extract import VaultAliases, find_mentions, find_note_links, find_note_tags
from readlist.formats import NoteFilter
from readlist.names import Gazetteer
from readlist.notes import (
    Note,
    NotePath,
    is_only_a_warning,
    iter_note_paths,
    read_note,
    stat_note,
)
from readlist.resolve import Resource, resolve
from readlist.walk import display_path

log = logging.getLogger(__name__)

_NOTES_PER_TRANSACTION = 500


@dataclass
class ExtractSummary:
    """What one extract run did, for the summary line and the exit code.

    Each note found is counted once: new, edited, re-read (same bytes, read again for
    --force or new extraction rules), unchanged, moved (its folder moved or was
    renamed), taken over (recorded from another folder, e.g. `notes/` then
    `notes/_posts/`), or failed.
    """

    seen: int = 0
    read: int = 0
    new: int = 0
    edited: int = 0
    reread: int = 0
    unchanged: int = 0
    deleted: int = 0  # notes gone from the folder (not those taken over by this one)
    moved: Counter[str] = field(default_factory=Counter)  # old folder -> notes
    taken_over: Counter[str] = field(default_factory=Counter)  # other folder -> notes
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # Notes read with a few bytes replaced: reported, not failed (SPEC, "Bad input").
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, what was replaced)
    resources: int = 0
    mentions: int = 0

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def changed(self) -> int:
        """Notes whose mentions were written this run."""
        return self.new + self.edited + self.reread + self.moved.total() + self.taken_over.total()


@dataclass(frozen=True)
class ExtractOptions:
    gazetteer: Gazetteer | None = None
    site_url: str | None = None
    max_bytes: int = DEFAULT_MAX_NOTE_BYTES
    follow_symlinks: bool = False
    force: bool = False
    note_filter: NoteFilter = field(default_factory=NoteFilter)  # --include / --exclude
    # The aliases of the vault's notes, for wikilinks (set by extract_paths, per run).
    vault: VaultAliases | None = None


# Called once with the number of notes found, then once per note processed.
Progress = Callable[[str, int], None]


def extract_paths(
    database: Database,
    paths: list[Path],
    options: ExtractOptions = ExtractOptions(),
    progress: Progress | None = None,
    on_failure: Callable[[str, str], None] | None = None,
) -> ExtractSummary:
    """Extract every note under `paths` into `database`; unchanged notes are not read."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise NotesPathError(f"{path}: no such file or folder")
    summary = ExtractSummary()
    fingerprint = _fingerprint(options)
    force = options.force or db.get_state(database, "extract_fingerprint") != fingerprint
    aliases_before = db.vault_aliases(database)
    options = replace(options, vault=aliases_before)
    wrote = False

    # (root, notes found, whether the walk covered the whole root so absences mean deletions)
    walks: list[tuple[Path, list[NotePath], bool]] = []
    for path in paths:
        whole_folder = path.is_dir()
        root = path.absolute() if whole_folder else path.absolute().parent
        found_paths = list(iter_note_paths(path, options.follow_symlinks, options.note_filter))
        walks.append((root, found_paths, whole_folder))
    total = sum(len(found) for _, found, _ in walks)
    if progress:
        progress("total", total)
    # What the database knows of each root, read once: the bulk decision and the walk
    # both use it (a root named twice is read again, after the first walk wrote it).
    prefetched = {str(root): _recorded(database, str(root)) for root, _, _ in walks}
    already_known = sum(
        1
        for root, found, _ in walks
        for note in found
        if any(note.rel_path in paths for paths in prefetched[str(root)])
    )
    # Before the first write, the mentions' search index is handed to the writer
    # (its triggers suspended); a bulk run (many notes to read: the new ones, or all
    # if forced; a cheap count) also leaves the resources' to one rebuild at the end.
    # A run with nothing to write changes no schema.
    bulk = (total if force else total - already_known) > _BULK_NOTES
    # Many notes, all new (a first extract, a new vault): nothing is looked up by
    # note, so the secondary indexes are made once at the end, not kept row by row.
    load_new = bulk and already_known == 0
    suspended = False
    indexes_suspended = False
    # Resources whose topics may have changed: refreshed once at the end, when the
    # indexes are back (a look-up per resource without them scans every mention). A run
    # killed before that leaves the mark, and the next run refreshes them all.
    topics_touched: set[str] = set()
    if db.get_state(database, "resource_topics_stale"):
        topics_touched.add("*")

    def before_writing() -> None:
        nonlocal suspended, indexes_suspended, wrote
        wrote = True
        if not suspended:
            db.set_state(database, "resource_topics_stale", "1")
            db.suspend_search_index(database, ["resources", "lines"] if bulk else ["lines"])
            suspended = True
            if load_new:
                db.suspend_indexes(database, ["resources", "mention_rows", "lines"])
                indexes_suspended = True

    def before_deleting() -> None:
        nonlocal indexes_suspended
        before_writing()
        if indexes_suspended:  # notes are deleted by path: the index is needed now
            db.resume_suspended(database, rebuild=[], indexes_only=True)
            indexes_suspended = False

    def after_writing() -> None:
        if topics_touched:
            # Before the triggers are back: rewriting every resource's topics with them
            # would re-index each row's search text. Without the indexes (a bulk load of
            # new notes) only the one pass over all mentions is quick.
            with db.write_transaction(database):
                whole = "*" in topics_touched or indexes_suspended
                db.refresh_topics(database, None if whole else topics_touched)
                db.set_state(database, "resource_topics_stale", "")
            topics_touched.clear()
        if suspended:
            db.resume_suspended(database, rebuild=["resources"] if bulk else [])

    claimed: dict[str, str] = {}  # path -> the folder of this run that wrote it
    # Notes recorded from another folder: path -> ("moved" or "taken over", that folder).
    origins: dict[str, tuple[str, str]] = {}
    try:
        for root, found, whole_folder in walks:
            if str(root) in prefetched:
                known, other_roots = prefetched.pop(str(root))
            else:  # the same root named twice: read again, after its first walk wrote
                known, other_roots = _recorded(database, str(root))
            # ... and the paths an earlier folder of this run has just written.
            other_roots.update(
                (path, other) for path, other in claimed.items() if other != str(root)
            )
            origins.clear()
            seen = {note_path.rel_path for note_path in found}
            summary.seen += len(found)
            to_read: list[tuple[NotePath, db.NoteState | None]] = []
            collided: set[str] = set()
            moved_from: set[str] = set()  # folders whose notes this one took over
            # The files another folder recorded under other paths (`notes/` recorded
            # `_posts/a.md`; this walk of `notes/_posts/` finds `a.md`): file -> folder.
            elsewhere = (
                {os.path.join(other, path): other for path, other in other_roots.items()}
                if other_roots
                else {}
            )
            for note_path in found:
                previous = known.get(note_path.rel_path)
                if previous is None and elsewhere:
                    other = elsewhere.get(os.path.join(str(root), note_path.rel_path))
                    if other is not None:
                        origins[note_path.rel_path] = ("taken over", other)
                if previous is None and note_path.rel_path in other_roots:
                    other_root = other_roots[note_path.rel_path]
                    clash = _clash(note_path, other_root)
                    if clash is not None:
                        _fail(summary, on_failure, note_path, clash)
                        collided.add(note_path.rel_path)
                        if progress:
                            progress("advance", 1)
                        continue
                    previous = _MOVED  # read again, and its old mentions replaced
                    moved_from.add(other_root)
                    origins[note_path.rel_path] = ("moved", other_root)
                if _unchanged(note_path, previous, force):
                    summary.unchanged += 1
                    if progress:
                        progress("advance", 1)
                else:
                    to_read.append((note_path, previous))
            if to_read:
                before_writing()
            # Closed when the last batch is in: the workers exit before the indexes are
            # made (they held ~150 MB at 50,000 notes while idle).
            with contextlib.closing(_extract_all(to_read, options, force)) as results:
                for batch_start in range(0, len(to_read), _NOTES_PER_TRANSACTION):
                    # One transaction per batch: a killed run leaves whole batches, without
                    # paying for a commit per note. The batch is extracted before the write
                    # lock is taken, so `mark` or `enrich` never wait on the extraction.
                    batch = to_read[batch_start : batch_start + _NOTES_PER_TRANSACTION]
                    extracted = []
                    for _ in batch:  # the bar moves as notes are read, not per batch
                        extracted.append(next(results))
                        if progress:
                            progress("advance", 1)
                    with db.write_transaction(database):
                        writes = [
                            write
                            for (note_path, previous), result in zip(batch, extracted, strict=True)
                            if (
                                write := _note_write(
                                    database,
                                    note_path,
                                    previous,
                                    result,
                                    summary,
                                    on_failure,
                                    origins.pop(note_path.rel_path, None),
                                )
                            )
                        ]
                        db.save_notes(database, writes, topics_touched)
            claimed.update((path, str(root)) for path in seen if path not in collided)
            # The same files recorded from another folder under other paths (`_posts/` then
            # the whole blog, or the other way round) are this walk's notes now: the old
            # rows go, so no file is counted twice.
            gone: list[str] = []
            if other_roots:  # (one folder, the usual case: nothing to compare)
                found_files = {os.path.join(str(root), path) for path in seen - collided}
                gone = [
                    path
                    for path, other in other_roots.items()
                    if other != str(root) and os.path.join(other, path) in found_files
                ]
            taken_over = len(gone)  # rows replaced by this walk's own: not deletions
            if whole_folder:
                # Only notes this walk looks for: `--include '*.ipynb'` forgets no Markdown.
                wants = options.note_filter.wants
                gone += [path for path in known if path not in seen and wants(path)]
                # A folder that moved here and is no more: its notes not found here were
                # deleted on the way.
                for old_root in moved_from:
                    if not os.path.isdir(old_root):
                        gone += db.note_states(database, old_root)
            if gone:
                before_deleting()
                summary.deleted += max(0, db.delete_notes(database, gone) - taken_over)
        if wrote:
            _relink(database, aliases_before, options, before_deleting)
    except BaseException:
        # An error or Ctrl-C: the batches written so far are whole and indexed; give the
        # triggers back now rather than leave the repair to the next open_db. (After a
        # kill -9, open_db does it.)
        with contextlib.suppress(sqlite3.Error):
            after_writing()
        raise
    after_writing()
    db.set_state(database, "extract_fingerprint", fingerprint)
    # The resource and note pages link a note to where it is published (issue #17).
    db.set_state(database, "site_url", options.site_url or "")
    summary.resources = db.count_rows(database, "resources")
    summary.mentions = db.count_rows(database, "mentions")
    return summary


def _relink(
    database: Database,
    aliases_before: VaultAliases,
    options: ExtractOptions,
    before_updating: Callable[[], None],
) -> None:
    """After the notes are written: point wikilinks at their notes, and read again the
    notes that link to a note whose `aliases:` changed this run (a new note, an edited
    or deleted one), so a link to a note about a resource counts (issue #21). Those
    notes are unchanged and already counted: only their mentions are rewritten."""
    aliases_after = db.vault_aliases(database)
    changed = {
        name
        for name in aliases_before.keys() | aliases_after.keys()
        if aliases_before.get(name) != aliases_after.get(name)
    }
    dependents = db.notes_linking_to(database, changed)
    if dependents:
        before_updating()  # (with the indexes back: each note's mentions are looked up)
        states = {
            path: (root, db.NoteState(size, mtime, hash_, error))
            for path, root, size, mtime, hash_, error in database.execute(
                "select path, root, size, mtime_ns, hash, error from notes"
            )
            if path in dependents
        }
        to_read: list[tuple[NotePath, db.NoteState | None]] = [
            (NotePath(os.path.join(root, path), path, Path(root)), state)
            for path, (root, state) in sorted(states.items())
        ]
        options = replace(options, vault=aliases_after)
        ignored = ExtractSummary()
        with contextlib.closing(_extract_all(to_read, options, force=True)) as results:
            writes = [
                write
                for (note_path, previous), result in zip(to_read, results, strict=True)
                if (write := _note_write(database, note_path, previous, result, ignored, None))
            ]
        with db.write_transaction(database):
            db.save_notes(database, writes)
    with db.write_transaction(database):
        db.resolve_note_links(database)


def _recorded(database: Database, root: str) -> tuple[dict[str, db.NoteState], dict[str, str]]:
    """The notes recorded from `root` (path → state), and those recorded from other
    folders (path → folder): a path is one note whatever folder it was read from, so a
    vault that moved is taken over by its new folder, never doubled."""
    return db.note_states(database, root), db.note_roots_elsewhere(database, root)


def _clash(note_path: NotePath, other_root: str) -> str | None:
    """Why a note cannot be read when a note of another folder holds its path, or None
    when that one is gone (this is the same note, its folder moved or renamed)."""
    other = os.path.join(other_root, note_path.rel_path)
    if not os.path.lexists(other):
        return None
    # Two folders, one relative path: one database row cannot hold both.
    return (
        f"same path as {display_path(Path(other))}, already extracted from another folder; "
        "extract each folder into its own database, or their common parent folder"
    )


# A note recorded from a folder that no longer has it: known (its mentions are replaced,
# not doubled) but with nothing to compare, so it is read again.
_MOVED = db.NoteState(size=None, mtime_ns=None, hash=None, error=None)


def _fail(
    summary: ExtractSummary,
    on_failure: Callable[[str, str], None] | None,
    note_path: NotePath,
    reason: str,
) -> None:
    summary.failures.append((note_path.rel_path, reason))
    if on_failure:
        on_failure(display_path(Path(note_path.abs_path)), reason)


def _unchanged(note_path: NotePath, previous: db.NoteState | None, force: bool) -> bool:
    """Same size and modification time as last run: not read at all."""
    if previous is None or force or _failed(previous) or note_path.error is not None:
        return False
    return stat_note(note_path) == (previous.size, previous.mtime_ns)


def _failed(previous: db.NoteState) -> bool:
    """Did the note fail last run (tried again), rather than read with a warning?"""
    return previous.error is not None and not is_only_a_warning(previous.error)


# One note's extraction: the note, its mentions and resources (None when there is
# nothing to extract: unreadable, or the same bytes as last run), and its wikilinks.
Extracted = tuple[Note, list[db.MentionRow] | None, dict[str, Resource] | None, list[db.LinkRow]]

# From this many notes to read, two processes extract while this one writes.
_PARALLEL_NOTES = 64  # forking two workers costs ~30 ms: a 1 % edit of 10k notes saves 60 ms
_NOTES_PER_TASK = 32  # a task per note would cost the writer a future and two pickles each
_TASKS_IN_FLIGHT = 32  # ~1,000 notes ahead of the writer: the workers never wait for it
_WORKER_OPTIONS: ExtractOptions | None = None  # inherited by forked workers


def _extract_all(
    to_read: list[tuple[NotePath, db.NoteState | None]], options: ExtractOptions, force: bool
) -> Generator[Extracted, None, None]:
    """Read and extract notes, in order; in worker processes when there are many."""
    items = [(note_path, _comparable_hash(previous, force)) for note_path, previous in to_read]
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    workers = min(2, os.cpu_count() or 1)
    if len(items) < _PARALLEL_NOTES or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(_extract_note, items)
        return
    if options.gazetteer is not None:
        options.gazetteer.prepare()  # built once here, not once in each worker
    # fork: the workers inherit the gazetteer's automaton instead of pickling it. A
    # bounded number of tasks is in flight: memory stays flat however many notes
    # there are.
    tasks = (
        items[start : start + _NOTES_PER_TASK] for start in range(0, len(items), _NOTES_PER_TASK)
    )
    with ProcessPoolExecutor(
        workers,
        mp_context=mp.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        in_flight: deque[Future[list[Extracted]]] = deque(
            pool.submit(_extract_notes, task) for task in islice(tasks, _TASKS_IN_FLIGHT)
        )
        while in_flight:
            done = in_flight.popleft().result()
            for task in islice(tasks, 1):
                in_flight.append(pool.submit(_extract_notes, task))
            yield from done


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive its extract: after a kill -9 nothing else would stop it.

    Linux delivers SIGKILL to the worker when the parent dies (PR_SET_PDEATHSIG); the
    check after it covers a parent that died before the request was made.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(0)


def _comparable_hash(previous: db.NoteState | None, force: bool) -> str | None:
    if previous is None or force or _failed(previous):
        return None
    return previous.hash


def _extract_notes(items: list[tuple[NotePath, str | None]]) -> list[Extracted]:
    return [_extract_note(item) for item in items]


def _extract_note(item: tuple[NotePath, str | None]) -> Extracted:
    """Read one note and find what it mentions (runs in a worker process for big runs)."""
    note_path, previous_hash = item
    options = _WORKER_OPTIONS or ExtractOptions()
    note = read_note(note_path, max_bytes=options.max_bytes)
    if note.error is None and previous_hash is not None and note.hash == previous_hash:
        return note, None, None, []
    if note.error is not None and not note.text:
        return note, None, None, []
    mentions = find_mentions(
        note, site_url=options.site_url, gazetteer=options.gazetteer, vault=options.vault
    )
    links = find_note_links(note)
    # The writer needs neither the text nor the parsed front matter: not sent back.
    note = replace(note, tags=find_note_tags(note), text="", meta={}, line_map=None, places=None)
    return note, db.mention_rows(mentions), resolve(mentions), links


def _note_write(
    database: Database,
    note_path: NotePath,
    previous: db.NoteState | None,
    extracted: Extracted,
    summary: ExtractSummary,
    on_failure: Callable[[str, str], None] | None,
    origin: tuple[str, str] | None = None,
) -> db.NoteWrite | None:
    """What to save of one extracted note (None when only its mtime needs touching).
    `origin`: ("moved" or "taken over", folder) for a note recorded from another folder."""
    note, mentions, resources, links = extracted
    summary.read += 1
    if note.error is None and mentions is None:
        db.touch_note(database, note)  # same bytes, new mtime
        summary.unchanged += 1
        return None
    if note.error is not None:
        _fail(summary, on_failure, note_path, note.problem or note.error)
    elif note.warning is not None:
        summary.warnings.append((note_path.rel_path, note.warning))
        if on_failure:  # the same one line on stderr, without failing the run
            on_failure(display_path(Path(note_path.abs_path)), note.warning)
    if mentions is None or resources is None:
        # Nothing could be read: record why, keep whatever the note had before.
        if previous is None:
            return db.NoteWrite(note, [], {}, is_new=True)
        return db.NoteWrite(note, [], {}, keep_mentions=True)
    if note.error is not None:
        pass  # read in part (broken front matter): counted as failed, once
    elif origin is not None:
        how, folder = origin
        (summary.moved if how == "moved" else summary.taken_over)[folder] += 1
    elif previous is None:
        summary.new += 1
    elif previous.hash == note.hash:
        summary.reread += 1
    else:
        summary.edited += 1
    return db.NoteWrite(note, mentions, resources, is_new=previous is None, links=links)


# Above this many notes to read, the resources' search index is rebuilt once at the
# end instead of row by row (see db.suspend_search_index).
_BULK_NOTES = 300


def _fingerprint(options: ExtractOptions) -> str:
    """Anything that changes what a note yields: a change re-reads every note."""
    gazetteer = options.gazetteer.fingerprint if options.gazetteer else ""
    parts = [__version__, options.site_url or "", gazetteer, _rules_digest()]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).hexdigest()


# The modules whose rules decide what a note yields. When one changes (a new paper host,
# a better title rule), every note is read again once, and mentions that now point at
# another resource carry the user's status along (identity.carry_user_data).
_RULE_MODULES = (
    "notes", "extract", "urls", "hosts", "ids", "schemes", "titles", "names",
    "candidates", "spans", "ranks", "resolve", "compounds", "hangul", "formats", "notebooks",
    "htmlnotes", "markup", "obsidian", "tables",
)  # fmt: skip


@cache
def _rules_digest() -> str:
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for module in _RULE_MODULES:
        digest.update((package / f"{module}.py").read_bytes())
    return digest.hexdigest()
