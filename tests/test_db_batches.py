"""A batch of notes written at once leaves the database as writing them one by one
does: the batch moves mention counts by its difference and skips upserts that change
nothing, where one note at a time recounts each time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from readlist import db
from readlist.notes import Note
from readlist.resolve import Resource

IDS = ["name:bert", "arxiv:1810.04805", "url:https://ruder.io/a", "github:a/b"]

RESOURCES = st.builds(
    Resource,
    id=st.sampled_from(IDS),
    kind=st.sampled_from(["paper", "model", "page"]),
    name=st.sampled_from(["BERT", "bert", "ruder.io/a", "a/b"]),
    url=st.one_of(st.none(), st.sampled_from(["https://x.org/1", "https://x.org/2"])),
    domain=st.one_of(st.none(), st.just("x.org")),
    arxiv_id=st.one_of(st.none(), st.just("1810.04805")),
    doi=st.none(),
    title=st.one_of(st.none(), st.sampled_from(["A title", "Another"])),
    year=st.one_of(st.none(), st.sampled_from([2018, 2019])),
    tags=st.sampled_from([(), ("nlp",), ("nlp", "cv")]),
    confidence=st.sampled_from([0.3, 1.0]),
    name_rank=st.integers(0, 3),
)


@st.composite
def note_writes(draw: st.DrawFn, path: str) -> tuple[Note, list[db.MentionRow], dict]:
    """A note's mentions, and the resources they resolve to (one Resource per id)."""
    chosen = {r.id: r for r in draw(st.lists(RESOURCES, max_size=5))}
    lines = draw(st.lists(st.sampled_from(sorted(chosen)), max_size=8)) if chosen else []
    rows = [
        (rid, path, line, rid, f"line {line} {rid}", "url", None) for line, rid in enumerate(lines)
    ]
    resources = {rid: chosen[rid] for rid in lines}  # resolve: the resources mentioned
    return Note(path=path, root="/notes", hash=path), rows, resources


ROUNDS = st.lists(
    st.lists(st.sampled_from(["a.md", "b.md", "c.md"]), min_size=1, unique=True).flatmap(
        lambda paths: st.tuples(*(note_writes(p) for p in paths))
    ),
    min_size=1,
    max_size=3,
)


def _state(database: Database) -> tuple[list[tuple], list[tuple]]:
    columns = "id, kind, name, url, domain, arxiv_id, doi, title, year, tags, confidence, "
    columns += "name_rank, mention_count"
    resources = database.execute(f"select {columns} from resources order by id").fetchall()
    counted = database.execute(
        "select resource_id, count(*) from mentions group by resource_id order by 1"
    ).fetchall()
    return resources, counted


_TEMPLATE = db.prepare_db(Database(memory=True))  # migrating is slow: copied per example


def _empty_database() -> Database:
    database = Database(memory=True)
    _TEMPLATE.conn.backup(database.conn)
    database.execute("PRAGMA foreign_keys = ON")
    return database


@settings(max_examples=1000, deadline=None)
@given(ROUNDS)
def test_a_batch_equals_one_note_at_a_time(rounds: list[tuple]) -> None:
    batched, one_by_one = _empty_database(), _empty_database()
    mentioned: dict[str, set[str]] = {}  # note -> the resource ids it mentions
    drops = False  # has a note stopped mentioning a resource?
    for writes in rounds:
        batch = []
        for note, rows, resources in writes:
            batch.append(db.NoteWrite(note, rows, resources, is_new=note.path not in mentioned))
            drops |= not mentioned.get(note.path, set()) <= set(resources)
            mentioned[note.path] = set(resources)
        db.save_notes(batched, batch)
        for write in batch:
            db.save_notes(one_by_one, [write])
        for database in (batched, one_by_one):
            resources, counted = _state(database)
            # every count is the number of mentions, and no unmentioned row is left
            assert [(row[0], row[-1]) for row in resources] == counted
        if not drops:
            # Same rows, column for column. (When a note drops a resource that another
            # note of the batch mentions, one at a time deletes and re-creates the row
            # mid-way and the batch keeps it: both are valid outcomes, and from then on
            # the two databases may differ in a name's rank.)
            assert _state(batched) == _state(one_by_one)
