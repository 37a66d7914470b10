"""The schema, as recorded migrations: one function per change, never edited once shipped.

Column names are the public contract in SPEC.md ("Tables"); Datasette users,
canned queries and exports depend on them.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("readlist")


@migrations()
def m001_initial(db: Database) -> None:
    """notes, resources and mentions, with explicit types so no batch of data decides them."""
    db.table("notes").create(
        {
            "path": str,
            "root": str,
            "title": str,
            "date": str,
            "categories": str,  # JSON array
            "tags": str,  # JSON array
            "hash": str,
            "size": int,
            "mtime_ns": int,
            "encoding": str,
            "mention_count": int,
            "extracted_at": str,
            "error": str,
        },
        pk="path",
        not_null={"path", "root"},
        defaults={"mention_count": 0},
    )
    db.table("resources").create(
        {
            "id": str,
            "kind": str,
            "name": str,
            "url": str,
            "domain": str,
            "arxiv_id": str,
            "doi": str,
            "title": str,
            "authors": str,  # JSON array
            "year": int,
            "abstract": str,
            "categories": str,  # JSON array
            "tags": str,  # JSON array
            "confidence": float,
            "mention_count": int,
            "status": str,
            "priority": int,
            "user_note": str,
            "enriched_at": str,
            "enrich_status": str,
            "enrich_error": str,
            "name_rank": int,
            "first_seen": str,
        },
        pk="id",
        not_null={"id", "kind", "name"},
        defaults={"mention_count": 0, "status": "todo", "confidence": 1.0, "name_rank": 0},
    )
    db.table("mentions").create(
        {
            "id": int,
            "resource_id": str,
            "note_path": str,
            "line": int,
            "surface": str,
            "context": str,
            "source": str,
        },
        pk="id",
        not_null={"resource_id", "note_path", "line", "surface"},
        foreign_keys=[("resource_id", "resources", "id"), ("note_path", "notes", "path")],
    )
    db.table("mentions").create_index(["note_path"])
    db.table("mentions").create_index(["resource_id"])
    db.table("resources").create_index(["kind"])
    db.table("resources").create_index(["status"])
    db.table("readlist_state").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_enrichment(db: Database) -> None:
    """Columns that enrich fills: page facts, arXiv and Semantic Scholar metadata."""
    resources = db.table("resources")
    for column, column_type in (
        ("description", str),
        ("final_url", str),
        ("http_status", int),
        ("content_type", str),
        ("etag", str),
        ("last_modified", str),
        ("venue", str),
        ("journal_ref", str),
        ("comment", str),
        ("pdf_url", str),
        ("published", str),
        ("updated", str),
        ("primary_category", str),
        ("citation_count", int),
        ("match_score", float),
        ("enrich_source", str),
    ):
        resources.add_column(column, column_type)
    resources.create_index(["enrich_status"])


@migrations()
def m003_search(db: Database) -> None:
    """Full-text search over resources and mention context, kept in step by triggers.

    The trigram tokenizer matches inside words, so "어텐션" finds "어텐션을" and
    "트랜스포머" finds "트랜스포머는": Korean particles glue onto words, and a word
    tokenizer would miss them. Queries need at least three characters.
    """
    db.table("resources").enable_fts(
        ["name", "title", "abstract", "description", "user_note"],
        fts_version="FTS5",
        tokenize="trigram",
        create_triggers=True,
    )
    # Extract upserts every resource a note mentions: re-index a row only when a
    # searched column really changed, not on every upsert.
    columns = ("name", "title", "abstract", "description", "user_note")
    changed = " or ".join(f"old.[{c}] is not new.[{c}]" for c in columns)
    names = ", ".join(f"[{c}]" for c in columns)
    old_values = ", ".join(f"old.[{c}]" for c in columns)
    new_values = ", ".join(f"new.[{c}]" for c in columns)
    db.execute("drop trigger [resources_au]")
    db.execute(
        f"""
        create trigger [resources_au] after update on [resources] when {changed}
        begin
          insert into [resources_fts] ([resources_fts], rowid, {names})
            values ('delete', old.rowid, {old_values});
          insert into [resources_fts] (rowid, {names}) values (new.rowid, {new_values});
        end
        """
    )
    db.table("mentions").enable_fts(
        ["surface", "context"], fts_version="FTS5", tokenize="trigram", create_triggers=True
    )
    db.execute(
        """
        create view if not exists mention_details as
        select m.id, m.note_path, n.title as note_title, m.line, m.surface, m.context,
               m.source, m.resource_id, r.name as resource_name, r.kind, r.url, r.status
        from mentions m
        join resources r on r.id = m.resource_id
        left join notes n on n.path = m.note_path
        """
    )


@migrations()
def m004_facet_indexes(db: Database) -> None:
    """Indexes for the default facets and sort order of the resources table in Datasette."""
    resources = db.table("resources")
    for columns in (["domain"], ["year"], ["primary_category"], ["mention_count"]):
        resources.create_index(columns, if_not_exists=True)


@migrations()
def m005_search_mention_context_only(db: Database) -> None:
    """Index a mention's context, not its surface too: the surface is in the context
    (the line), and the second column cost a third of the index and of extract's
    rebuild time."""
    # A bulk extract killed with the triggers suspended is fine: open_db restores only
    # the saved triggers that do not exist, and these are made here.
    db.table("mentions").disable_fts()
    db.table("mentions").enable_fts(
        ["context"], fts_version="FTS5", tokenize="trigram", create_triggers=True
    )


@migrations()
def m006_note_titles_rank(db: Database) -> None:
    """Make room for names taken from the notes' own titles (link text, a title beside a
    link), which outrank an address but not a detected name (issue #14): every rank above
    the address moves up one (ranks.NameRank)."""
    db.execute("update resources set name_rank = name_rank + 1 where name_rank >= 1")


@migrations()
def m007_topics(db: Database) -> None:
    """Topics: the generic techniques and fields a note discusses (backpropagation,
    attention, MLOps) are facets of notes and resources, never rows of the reading list
    (issue #14, "concepts are topics"). One row per note and topic; `notes.topics` and
    `resources.topics` (the topics of the notes that mention it) for Datasette's facets."""
    db.table("topics").create(
        {"note_path": str, "topic": str, "line": int, "count": int},
        pk=("note_path", "topic"),
        not_null={"note_path", "topic"},
        foreign_keys=[("note_path", "notes", "path")],
    )
    db.table("topics").create_index(["topic"])
    db.table("notes").add_column("topics", str)
    db.table("resources").add_column("topics", str)


@migrations()
def m008_status_changes(db: Database) -> None:
    """Every change of a resource's reading status, with when it happened (issue #17: the
    reading-progress chart). Written by marking.mark, so `readlist mark` and the browser
    record alike. No foreign key: the history outlives a resource nobody mentions any more."""
    db.table("status_changes").create(
        {
            "id": int,
            "resource_id": str,
            "old_status": str,
            "status": str,
            "changed_at": str,
        },
        pk="id",
        not_null={"resource_id", "status", "changed_at"},
    )
    db.table("status_changes").create_index(["changed_at"])
    db.table("status_changes").create_index(["resource_id"])


@migrations()
def m009_note_formats_and_links(db: Database) -> None:
    """Notes beyond Markdown and Obsidian's graph (issue #21): the format a note was read
    as and its `aliases:`; a mention's place where a line is not enough ("cell 3, line 2"
    of a notebook); and `note_links`, one row per `[[wikilink]]` or `![[embed]]` of a
    note, with the note it resolves to (null while no such note is known)."""
    db.table("notes").add_column("format", str)
    db.table("notes").add_column("aliases", str)  # JSON array
    db.table("mentions").add_column("place", str)
    db.table("note_links").create(
        {
            "id": int,
            "note_path": str,
            "line": int,
            "target": str,
            "heading": str,
            "alias": str,
            "embed": int,
            "target_path": str,
        },
        pk="id",
        not_null={"note_path", "line", "target"},
        defaults={"embed": 0},
        foreign_keys=[("note_path", "notes", "path")],
    )
    db.table("note_links").create_index(["note_path"])
    db.table("note_links").create_index(["target_path"])
    db.execute("update notes set format = 'markdown' where format is null")
    db.execute("drop view if exists mention_details")
    db.execute(
        """
        create view mention_details as
        select m.id, m.note_path, n.title as note_title, m.line, m.place, m.surface,
               m.context, m.source, m.resource_id, r.name as resource_name, r.kind, r.url,
               r.status
        from mentions m
        join resources r on r.id = m.resource_id
        left join notes n on n.path = m.note_path
        """
    )


@migrations()
def m010_link_check(db: Database) -> None:
    """`readlist check` (issue #20): the health of every link as the notes write it, and
    the replacement proposed for it with its evidence. One row per link text (`surface`,
    as in `mentions`), so `readlist fix` edits exactly what was checked; the resource's
    `link_status` is the worst of its links', for the reading list's facets."""
    db.table("links").create(
        {
            "surface": str,  # the link exactly as written (mentions.surface)
            "url": str,  # the absolute URL fetched (a scheme added to `www.` forms)
            "resource_id": str,
            "link_status": str,  # links.status.STATUSES
            "reason": str,  # why: "http 404", "title says 'Page not found'", "timeout"
            "http_status": int,
            "final_url": str,  # where the redirects ended
            "moved_to": str,  # where the permanent (301/308) redirects led
            "checked_at": str,
            "suggestion": str,  # the replacement `readlist fix` writes
            "suggestion_source": str,  # redirect, migration, https or wayback
            "evidence": str,  # why the replacement is right, for a reviewer
        },
        pk="surface",
        not_null={"surface", "url", "resource_id"},
    )
    db.table("links").create_index(["resource_id"])
    db.table("links").create_index(["link_status"])
    db.table("resources").add_column("link_status", str)
    db.table("resources").add_column("checked_at", str)
    db.table("resources").create_index(["link_status"])


@migrations()
def m011_suggestions(db: Database) -> None:
    """`readlist watch` (issue #18): new arXiv papers ranked against the reading list.

    `suggestions` holds what a run put forward, with its score and why; `watch_seen` every
    arXiv id a run has read, so a paper is never ranked twice; `watch_terms` the keywords
    and categories the user registered. The high-water mark of each query (the newest
    submission read) is in `readlist_state`.
    """
    db.table("suggestions").create(
        {
            "arxiv_id": str,
            "title": str,
            "authors": str,  # JSON array
            "abstract": str,
            "categories": str,  # JSON array
            "primary_category": str,
            "published": str,
            "url": str,
            "score": float,
            "why": str,
            "keywords": str,  # JSON array: the registered keywords it matched
            "first_suggested": str,
            "suggested_day": str,  # YYYY-MM-DD of first_suggested: Datasette's "newest day first"
            "dismissed": int,
            "added_as": str,  # the resource id once `readlist mark ID todo` added it
        },
        pk="arxiv_id",
        not_null={"arxiv_id", "title", "score", "first_suggested", "suggested_day"},
        defaults={"dismissed": 0},
    )
    db.table("suggestions").create_index(["suggested_day", "score"])
    db.table("watch_seen").create(
        {"arxiv_id": str, "published": str, "first_seen": str},
        pk="arxiv_id",
        not_null={"arxiv_id", "first_seen"},
    )
    db.table("watch_terms").create(
        {"kind": str, "term": str, "added_at": str},
        pk=("kind", "term"),
        not_null={"kind", "term"},
    )


@migrations()
def m012_resource_aliases(db: Database) -> None:
    """Keys given up for another when enrich learned that two rows are one paper (issue #14:
    `acl:P19-1066` and its arXiv id). identity.py writes them; extract, `mark` and the
    resource pages read them, so a note that links the old key lands on the survivor."""
    db.table("resource_aliases").create(
        {"alias": str, "resource_id": str}, pk="alias", not_null={"resource_id"}
    )
    db.table("resource_aliases").create_index(["resource_id"])


# A mention's context in `mention_details` as it was before the lines table: the line,
# or a window of 300 characters around the mention's first spelling on a longer line.
_M013_CONTEXT = (
    "case when length(l.text) <= 300 then l.text else "
    "(case when instr(l.text, m.surface) > 150 then '…' else '' end) || "
    "substr(l.text, max(1, instr(l.text, m.surface) - 150), 300) || "
    "(case when max(1, instr(l.text, m.surface) - 150) + 300 <= length(l.text) "
    "then '…' else '' end) end"
)


@migrations()
def m013_mention_lines(db: Database) -> None:
    """The notes' lines that carry a mention, one row each, with the trigram search index
    (issue #22): a mention points at its line (`line_id`) instead of carrying a copy of
    it, so a line that holds several links or names (link lists, results tables,
    reference sections) is stored and indexed once. The triggers keep `lines_fts` in
    step; extract suspends them and indexes its batches itself, as it did for mentions.
    `columnsize=0`: the per-row token counts only serve ranking, which Datasette does not
    ask for (bm25 still works, reading the text)."""
    db.table("lines").create(
        {"id": int, "note_path": str, "line": int, "text": str},
        pk="id",
        not_null={"note_path", "line", "text"},
    )
    # No foreign keys on `lines.note_path` or `mentions.line_id`: SQLite checks a deleted
    # parent row's children by scanning them, and neither column is worth an index of
    # its own (lines are deleted by the ids their mentions hold).
    # Each distinct (note, line, context) of the old mentions becomes a line; a long
    # line's windows stay apart until the next extract reads the note again (a new
    # rules digest makes it read every note).
    db.execute(
        "insert into lines (note_path, line, text) select note_path, line, "
        "coalesce(context, '') from mentions group by note_path, line, coalesce(context, '')"
    )
    db.table("mentions").add_column("line_id", int)
    db.execute("create index temp_lines_place on lines (note_path, line, text)")
    db.execute(
        "update mentions set line_id = (select l.id from lines l where l.note_path = "
        "mentions.note_path and l.line = mentions.line and l.text = coalesce(mentions.context, ''))"
    )
    db.execute("drop index temp_lines_place")
    db.execute("drop view if exists mention_details")
    db.table("mentions").disable_fts()
    # A bulk extract killed before this upgrade saved the mentions' triggers to restore:
    # they index a table that is gone now.
    saved = db.execute("select value from readlist_state where key = 'search_triggers'")
    row = saved.fetchone()
    if row and row[0]:
        kept = [
            [name, sql] for name, sql in json.loads(row[0]) if not name.startswith("mentions_a")
        ]
        db.execute(
            "update readlist_state set value = ? where key = 'search_triggers'",
            [json.dumps(kept)],
        )
    db.table("mentions").transform(drop={"context"})
    db.execute(
        "create virtual table lines_fts using fts5 "
        "(text, tokenize='trigram', content='lines', columnsize=0)"
    )
    db.execute(
        "create trigger lines_ai after insert on lines begin "
        "insert into lines_fts (rowid, text) values (new.id, new.text); end"
    )
    db.execute(
        "create trigger lines_ad after delete on lines begin "
        "insert into lines_fts (lines_fts, rowid, text) values ('delete', old.id, old.text); end"
    )
    db.execute(
        "create trigger lines_au after update on lines begin "
        "insert into lines_fts (lines_fts, rowid, text) values ('delete', old.id, old.text); "
        "insert into lines_fts (rowid, text) values (new.id, new.text); end"
    )
    db.execute("insert into lines_fts (lines_fts) values ('rebuild')")
    db.execute(
        f"""
        create view mention_details as
        select m.id, m.note_path, n.title as note_title, m.line, m.place, m.surface,
               {_M013_CONTEXT} as context, m.source, m.resource_id,
               r.name as resource_name, r.kind, r.url, r.status, m.line_id
        from mentions m
        join resources r on r.id = m.resource_id
        left join notes n on n.path = m.note_path
        left join lines l on l.id = m.line_id
        """
    )


_LINES_TRIGGERS = (
    "create trigger lines_ai after insert on lines begin "
    "insert into lines_fts (rowid, text) values (new.id, new.text); end",
    "create trigger lines_ad after delete on lines begin "
    "insert into lines_fts (lines_fts, rowid, text) values ('delete', old.id, old.text); end",
    "create trigger lines_au after update on lines begin "
    "insert into lines_fts (lines_fts, rowid, text) values ('delete', old.id, old.text); "
    "insert into lines_fts (rowid, text) values (new.id, new.text); end",
)


@migrations()
def m014_mention_rows(db: Database) -> None:
    """`mentions` is a view again, with the columns SPEC.md promises (`context`
    included), over `mention_rows`, where extract writes (issue #22).

    A mention's note and line number are its line's, stored once in `lines`, and a line
    names its note by `notes.id`, an integer: the note's path, in every line and in the
    index by note, was a sixth of the database. `resources_fts` drops its per-row token
    counts (`columnsize=0`), as `lines_fts` did: they only serve ranking, and bm25 still
    ranks by reading the text."""
    db.execute("drop view if exists mention_details")
    # Every note gets a number for good (a rowid may change on VACUUM), whoever
    # inserts the row.
    db.table("notes").add_column("id", int)
    db.execute("update notes set id = rowid")
    db.execute("create unique index idx_notes_id on notes (id)")
    db.execute(
        "create trigger notes_id after insert on notes when new.id is null begin "
        "update notes set id = (select coalesce(max(id), 0) + 1 from notes) "
        "where path = new.path; end"
    )
    db.table("mention_rows").create(
        {
            "id": int,
            "resource_id": str,
            "line_id": int,
            "surface": str,
            "source": str,
            "place": str,
        },
        pk="id",
        not_null={"resource_id", "line_id", "surface"},
        foreign_keys=[("resource_id", "resources", "id")],
    )
    # m013 gave every mention a line.
    db.execute(
        "insert into mention_rows (id, resource_id, line_id, surface, source, place) "
        "select m.id, m.resource_id, m.line_id, m.surface, m.source, m.place from mentions m "
        "join lines l on l.id = m.line_id join notes n on n.path = l.note_path"
    )
    # A bulk extract killed before this upgrade saved the indexes of `mentions` (and
    # perhaps the lines' triggers) to make again: the table is gone, and the triggers
    # are made here.
    saved = db.execute("select value from readlist_state where key = 'search_triggers'")
    row = saved.fetchone()
    if row and row[0]:
        kept = [
            [name, sql]
            for name, sql in json.loads(row[0])
            if "mentions" not in name and not name.startswith("lines_a")
        ]
        db.execute(
            "update readlist_state set value = ? where key = 'search_triggers'",
            [json.dumps(kept)],
        )
    db.table("mentions").drop()
    for name in ("lines_ai", "lines_ad", "lines_au"):
        db.execute(f"drop trigger if exists {name}")
    db.table("note_lines").create(
        {"id": int, "note_id": int, "line": int, "text": str},
        pk="id",
        not_null={"note_id", "line", "text"},
    )
    db.execute(
        "insert into note_lines (id, note_id, line, text) select l.id, n.id, l.line, l.text "
        "from lines l join notes n on n.path = l.note_path"
    )
    db.table("lines").drop()
    db.execute("alter table note_lines rename to lines")
    for trigger in _LINES_TRIGGERS:
        db.execute(trigger)
    # Lines of notes that had no row (none should) leave the search index too.
    db.execute("insert into lines_fts (lines_fts) values ('rebuild')")
    # With the line: counting a resource's notes (study plan, export) reads the index
    # and the lines, never the mention rows.
    db.table("mention_rows").create_index(["resource_id", "line_id"])
    db.table("mention_rows").create_index(["line_id"])
    db.table("lines").create_index(["note_id"])
    db.execute(
        f"""
        create view mentions as
        select m.id, m.resource_id, n.path as note_path, l.line, m.surface,
               {_M013_CONTEXT} as context, m.source, m.place, m.line_id
        from mention_rows m
        join lines l on l.id = m.line_id
        join notes n on n.id = l.note_id
        """
    )
    db.execute(
        """
        create view mention_details as
        select m.id, m.note_path, n.title as note_title, m.line, m.place, m.surface,
               m.context, m.source, m.resource_id, r.name as resource_name, r.kind, r.url,
               r.status, m.line_id
        from mentions m
        join resources r on r.id = m.resource_id
        left join notes n on n.path = m.note_path
        """
    )
    columns = ("name", "title", "abstract", "description", "user_note")
    db.execute("drop table resources_fts")
    db.execute(
        f"create virtual table resources_fts using fts5 ({', '.join(columns)}, "
        "tokenize='trigram', content='resources', columnsize=0)"
    )
    db.execute("insert into resources_fts (resources_fts) values ('rebuild')")
