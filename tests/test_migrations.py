"""A database made by an earlier release keeps working after the schema changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlite_utils import Database

from readlist import db
from readlist.migrations import migrations


def _old_database(path: Path) -> Database:
    """A database as the release before m005 left it, with one mention in it."""
    old = Database(path)
    migrations.apply(old, stop_before="m005_search_mention_context_only")
    old["notes"].insert({"path": "a.md", "root": "/notes"})
    old["resources"].insert({"id": "name:bert", "kind": "model", "name": "BERT"})
    old["mentions"].insert(
        {
            "resource_id": "name:bert",
            "note_path": "a.md",
            "line": 3,
            "surface": "BERT",
            "context": "오늘은 BERT 논문을 읽었음",
        }
    )
    return old


def _search(database: Database, query: str) -> list[str]:
    return [
        row[0]
        for row in database.execute(
            "select l.text from lines l join lines_fts f on f.rowid = l.id where lines_fts match ?",
            [query],
        )
    ]


def test_mention_contexts_move_to_the_lines_table(tmp_path: Path) -> None:
    """m013: each distinct (note, line, context) of the old mentions becomes one row of
    `lines`, its mentions point at it, and the search index is the lines'."""
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m013_mention_lines")
    old["notes"].insert({"path": "a.md", "root": "/notes"})
    old["resources"].insert_all(
        [
            {"id": "name:bert", "kind": "model", "name": "BERT"},
            {"id": "arxiv:1810.04805", "kind": "paper", "name": "BERT paper"},
        ]
    )
    old["mentions"].insert_all(
        [  # two mentions on one line, and a notebook cell's line
            {"resource_id": "name:bert", "note_path": "a.md", "line": 3,
             "surface": "BERT", "context": "오늘은 BERT 논문을 읽었음", "source": "name"},
            {"resource_id": "arxiv:1810.04805", "note_path": "a.md", "line": 3,
             "surface": "논문", "context": "오늘은 BERT 논문을 읽었음", "source": "name"},
            {"resource_id": "name:bert", "note_path": "a.md", "line": 40, "place": "cell 2, line 1",
             "surface": "BERT", "context": "BERT 미세 조정", "source": "name"},
        ]
    )  # fmt: skip
    old.close()
    upgraded = db.open_db(path)
    # m014: the note and line are the line's; `mentions` is a view with SPEC.md's columns
    assert list(upgraded["mention_rows"].columns_dict) == [
        "id", "resource_id", "line_id", "surface", "source", "place"
    ]  # fmt: skip
    assert upgraded["mentions"].columns_dict == {
        "id": int, "resource_id": str, "note_path": str, "line": int, "surface": str,
        "context": str, "source": str, "place": str, "line_id": int,
    }  # fmt: skip
    assert upgraded.execute(
        "select resource_id, note_path, line, surface, context from mentions order by line, id"
    ).fetchall() == [
        ("name:bert", "a.md", 3, "BERT", "오늘은 BERT 논문을 읽었음"),
        ("arxiv:1810.04805", "a.md", 3, "논문", "오늘은 BERT 논문을 읽었음"),
        ("name:bert", "a.md", 40, "BERT", "BERT 미세 조정"),
    ]
    assert upgraded.execute(
        "select n.path, l.line, l.text from lines l join notes n on n.id = l.note_id order by line"
    ).fetchall() == [
        ("a.md", 3, "오늘은 BERT 논문을 읽었음"),
        ("a.md", 40, "BERT 미세 조정"),
    ]
    details = upgraded.execute(
        "select surface, line, place, context from mention_details order by line, surface"
    ).fetchall()
    assert details == [
        ("BERT", 3, None, "오늘은 BERT 논문을 읽었음"),
        ("논문", 3, None, "오늘은 BERT 논문을 읽었음"),
        ("BERT", 40, "cell 2, line 1", "BERT 미세 조정"),
    ]
    assert _search(upgraded, "논문을") == ["오늘은 BERT 논문을 읽었음"]
    assert not upgraded["mentions_fts"].exists()
    # the triggers keep the index in step with new lines
    upgraded["lines"].insert({"note_id": 1, "line": 9, "text": "BERT 다시 보기"})
    assert _search(upgraded, '"다시 보기"') == ["BERT 다시 보기"]
    upgraded.execute("insert into lines_fts (lines_fts, rank) values ('integrity-check', 1)")
    # applying again changes nothing
    before = upgraded.execute("select name from _sqlite_migrations").fetchall()
    migrations.apply(upgraded)
    assert upgraded.execute("select name from _sqlite_migrations").fetchall() == before


def test_an_old_database_extracts_again_into_lines(tmp_path: Path) -> None:
    """After the upgrade, extract rewrites an old note's mentions onto its lines."""
    from readlist.pipeline import extract_paths

    notes = tmp_path / "notes"
    notes.mkdir()
    line = "https://arxiv.org/abs/1810.04805 와 https://ruder.io/x 를 비교"
    (notes / "a.md").write_text(line + "\n", encoding="utf-8")
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m013_mention_lines")
    old["notes"].insert({"path": "a.md", "root": str(notes), "hash": "old"})
    old["resources"].insert({"id": "arxiv:1810.04805", "kind": "paper", "name": "BERT"})
    old["mentions"].insert(
        {"resource_id": "arxiv:1810.04805", "note_path": "a.md", "line": 1,
         "surface": "https://arxiv.org/abs/1810.04805", "context": "https://arxiv.org/abs/1810.04805"}
    )  # fmt: skip
    old.close()
    upgraded = db.open_db(path)
    extract_paths(upgraded, [notes])
    rows = upgraded.execute(
        "select m.surface, l.line, l.text from mentions m join lines l on l.id = m.line_id "
        "order by m.surface"
    ).fetchall()
    assert rows == [("https://arxiv.org/abs/1810.04805", 1, line), ("https://ruder.io/x", 1, line)]
    assert upgraded.execute("select count(*) from lines").fetchone() == (1,)
    upgraded.execute("insert into lines_fts (lines_fts, rank) values ('integrity-check', 1)")


def test_a_bulk_extract_killed_before_the_upgrade_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = _old_database(path)
    db.suspend_search_index(old, ["resources", "mentions"])  # a bulk extract, then it dies
    db.suspend_indexes(old, ["mentions"])
    saved = json.loads(db.get_state(old, "search_triggers") or "[]")
    assert any(name.startswith("mentions_") for name, _ in saved)
    old.close()
    upgraded = db.open_db(path)
    assert db.get_state(upgraded, "search_triggers") is None
    triggers = {
        row[0]: row[1]
        for row in upgraded.execute("select name, sql from sqlite_master where type = 'trigger'")
    }
    assert {"lines_ai", "lines_ad", "resources_ai", "resources_au"} <= set(triggers)
    assert not any(name.startswith("mentions_") for name in triggers)
    indexes = {row[0] for row in upgraded.execute("select name from sqlite_master")}
    assert {"idx_mention_rows_resource_id_line_id", "idx_lines_note_id"} <= indexes
    upgraded["lines"].insert({"note_id": 1, "line": 9, "text": "BERT 다시 보기"})
    assert _search(upgraded, '"다시 보기"') == ["BERT 다시 보기"]
    assert _search(upgraded, "논문을") == ["오늘은 BERT 논문을 읽었음"]


def test_name_ranks_move_up_to_make_room_for_note_titles(tmp_path: Path) -> None:
    """m006: 0 address stays, 1 detected → 2, 2 gazetteer → 3, 3 user → 4 (ranks.NameRank)."""
    old = Database(tmp_path / "old.db")
    migrations.apply(old, stop_before="m006_note_titles_rank")
    for rank in range(4):
        old["resources"].insert({"id": f"r{rank}", "kind": "page", "name": "x", "name_rank": rank})
    old.close()
    upgraded = db.open_db(tmp_path / "old.db")
    ranks = dict(upgraded.execute("select id, name_rank from resources").fetchall())
    upgraded.close()
    assert ranks == {"r0": 0, "r1": 2, "r2": 3, "r3": 4}


def test_an_old_database_gains_the_status_history(tmp_path: Path) -> None:
    from readlist.marking import mark

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m008_status_changes")
    old["resources"].insert({"id": "name:bert", "kind": "model", "name": "BERT"})
    old.close()
    upgraded = db.open_db(path)
    mark(upgraded, "name:bert", "done")
    rows = upgraded.execute("select resource_id, old_status, status from status_changes")
    assert rows.fetchall() == [("name:bert", "todo", "done")]
    # applying again changes nothing
    before = upgraded.execute("select name from _sqlite_migrations").fetchall()
    migrations.apply(upgraded)
    assert upgraded.execute("select name from _sqlite_migrations").fetchall() == before


def test_every_migration_in_the_module_is_registered_in_name_order() -> None:
    """A migration function without its decorator (easy to lose in a merge) never runs."""
    from readlist import migrations as module

    defined = sorted(name for name in vars(module) if re.fullmatch(r"m\d{3}_\w+", name))
    registered = [m.name for m in module.migrations._migrations]
    assert registered == defined


def test_opening_a_migrated_database_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    db.open_db(path).close()
    first = Database(path)
    schema = list(first.execute("select type, name, sql from sqlite_master order by name"))
    applied = [name for (name,) in first.execute("select name from _sqlite_migrations")]
    first.close()
    db.open_db(path).close()
    again = Database(path)
    assert list(again.execute("select type, name, sql from sqlite_master order by name")) == schema
    assert [n for (n,) in again.execute("select name from _sqlite_migrations")] == applied
    assert applied == [m.name for m in migrations._migrations]


def test_a_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    """sqlite-utils runs each migration in a transaction: one that fails is rolled back
    and not recorded, so the next open tries it again on an unchanged database."""
    from sqlite_utils.migrations import Migrations

    broken = Migrations("readlist-test")

    @broken()
    def m001_good(database: Database) -> None:
        database["kept"].create({"id": int}, pk="id")

    @broken()
    def m002_bad(database: Database) -> None:
        database["half"].create({"id": int}, pk="id")
        raise RuntimeError("disk on fire")

    database = Database(tmp_path / "r.db")
    with pytest.raises(RuntimeError, match="disk on fire"):
        broken.apply(database)
    assert "kept" in database.table_names()
    assert "half" not in database.table_names()
    recorded = [n for (n,) in database.execute("select name from _sqlite_migrations")]
    assert recorded == ["m001_good"]
