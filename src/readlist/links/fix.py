"""`readlist fix`: the replacements `check` proposed, written into the notes.

As a unified diff (`git apply` or `patch -p1` in the notes folder takes it), or in place.
Either way only notes whose bytes are still those extract recorded (`notes.hash`) are
touched, and in them only the link text recorded at its line: the line is read for its
links again (urls.find_urls) and a link is replaced only where its text is exactly the
checked one. A note edited since is reported and left alone; its line numbers may have
moved. Lines keep their endings and encoding (UTF-8, with or without a BOM, or CP949).
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from readlist.notes import content_hash
from readlist.urls import find_urls

# The encodings extract records that edit line by line (newline bytes are newlines).
_CODECS = {None: "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8", "cp949": "cp949"}
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Edit:
    line: int
    old: str  # the link text as written
    new: str  # the replacement


@dataclass(frozen=True)
class NoteEdits:
    path: str  # relative to root, as notes.path
    root: str
    hash: str | None
    encoding: str | None
    edits: tuple[Edit, ...]

    @property
    def file(self) -> Path:
        return Path(self.root) / self.path


@dataclass
class FixSummary:
    edited: list[str] = field(default_factory=list)  # notes changed (or in the patch)
    links: int = 0  # link texts replaced
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (note, why not)
    roots: set[str] = field(default_factory=set)  # folders of the notes edited
    base: str | None = None  # where the patch applies: the folder its paths start from
    backup: Path | None = None  # where the notes were copied before editing


def planned_edits(db: Database) -> list[NoteEdits]:
    """Every note holding a link with a proposed replacement, with its edits."""
    rows = db.execute(
        """
        select m.note_path, n.root, n.hash, n.encoding, m.line, l.surface, l.suggestion
        from links l
        join mentions m on m.resource_id = l.resource_id and m.surface = l.surface
          and m.source = 'url'
        join notes n on n.path = m.note_path
        where l.suggestion is not null and l.suggestion != l.surface
        order by m.note_path, m.line
        """
    ).fetchall()
    notes: dict[str, NoteEdits] = {}
    for path, root, hash_, encoding, line, old, new in rows:
        note = notes.get(path) or NoteEdits(path, root, hash_, encoding, ())
        edit = Edit(line, old, new)
        if edit not in note.edits:
            notes[path] = NoteEdits(path, root, hash_, encoding, (*note.edits, edit))
    return list(notes.values())


def replace_links(line: str, replacements: dict[str, str]) -> tuple[str, set[str]]:
    """`line` with each link whose text is a key replaced by its value, nothing else
    changed; and which link texts were found. Pure."""
    found: set[str] = set()
    for hit in reversed(find_urls(line)):
        new = replacements.get(hit.surface)
        if new is not None:
            line = line[: hit.start] + new + line[hit.end :]
            found.add(hit.surface)
    return line, found


def edit_note(data: bytes, encoding: str | None, edits: tuple[Edit, ...]) -> bytes | str:
    """The note's bytes with the edits made, or why it cannot be edited safely. Pure."""
    codec = _CODECS.get(encoding)
    if codec is None:
        return f"{encoding} note: edit it by hand"
    if b"\r" in data.replace(b"\r\n", b""):
        return "lines end in a bare CR: edit it by hand"
    lines = data.splitlines(keepends=True)
    by_line: dict[int, dict[str, str]] = {}
    for edit in edits:
        by_line.setdefault(edit.line, {})[edit.old] = edit.new
    for number, replacements in sorted(by_line.items()):
        if not 1 <= number <= len(lines):
            return f"line {number} is not in the note"
        raw = lines[number - 1]
        body = raw.rstrip(b"\r\n")
        ending = raw[len(body) :]
        bom = _BOM if number == 1 and body.startswith(_BOM) else b""
        try:
            text = body[len(bom) :].decode(codec)
        except UnicodeDecodeError:
            return f"line {number} does not decode as {codec}: edit it by hand"
        new_text, found = replace_links(text, replacements)
        missing = set(replacements) - found
        if missing:
            return f"line {number} no longer holds {sorted(missing)[0]}"
        lines[number - 1] = bom + new_text.encode(codec) + ending
    return b"".join(lines)


def unified_diff(path: str, old: bytes, new: bytes) -> bytes:
    """A unified diff of one file as `git apply` and `patch -p1` read it. Pure."""
    out: list[bytes] = []
    name = path.encode("utf-8")
    for line in difflib.diff_bytes(
        difflib.unified_diff,
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        b"a/" + name,
        b"b/" + name,
    ):
        # difflib leaves a last line without its newline as it is; diff marks it so.
        out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _edited_notes(db: Database, summary: FixSummary) -> Iterator[tuple[NoteEdits, bytes, bytes]]:
    """(note, its bytes now, its bytes edited) for every note safe to edit; the others
    go to `summary.skipped` with the reason."""
    for note in planned_edits(db):
        try:
            data = note.file.read_bytes()
        except OSError as exc:
            summary.skipped.append((note.path, f"cannot be read: {exc.strerror or exc}"))
            continue
        if note.hash is None or content_hash(data) != note.hash:
            summary.skipped.append(
                (note.path, "changed since extract; run `readlist extract` and `check` again")
            )
            continue
        edited = edit_note(data, note.encoding, note.edits)
        if isinstance(edited, str):
            summary.skipped.append((note.path, edited))
            continue
        yield note, data, edited


def write_patch(db: Database) -> tuple[bytes, FixSummary]:
    """The replacements as one unified diff, paths relative to the notes' folder (the
    folders' common parent when the notes come from several)."""
    summary = FixSummary()
    changes = list(_edited_notes(db, summary))
    if not changes:
        return b"", summary
    summary.base = os.path.commonpath([note.root for note, _, _ in changes])
    parts: list[bytes] = []
    for note, data, edited in changes:
        path = os.path.relpath(note.file, summary.base).replace(os.sep, "/")
        parts.append(unified_diff(path, data, edited))
        summary.edited.append(note.path)
        summary.links += len(note.edits)
        summary.roots.add(note.root)
    return b"".join(parts), summary


def apply_fixes(db: Database, backup: Path) -> FixSummary:
    """Edit the notes in place, each first copied under `backup` (its path kept)."""
    summary = FixSummary(backup=backup)
    for note, _data, edited in _edited_notes(db, summary):
        copy = backup / note.path
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(note.file, copy)
        _replace_file(note.file, edited)
        summary.edited.append(note.path)
        summary.links += len(note.edits)
        summary.roots.add(note.root)
    return summary


def _replace_file(path: Path, data: bytes) -> None:
    """Write beside the note and rename over it: a note is never left half-written."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
