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
            "select m.context from mentions m join mentions_fts f on f.rowid = m.rowid "
            "where mentions_fts match ?",
            [query],
        )
    ]


def test_mention_search_survives_the_context_only_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path).close()
    upgraded = db.open_db(path)
    columns = [row[1] for row in upgraded.execute("pragma table_info(mentions_fts)")]
    assert columns == ["context"]
    assert _search(upgraded, "논문을") == ["오늘은 BERT 논문을 읽었음"]
    # and the triggers keep it in step with new rows
    upgraded["mentions"].insert(
        {"resource_id": "name:bert", "note_path": "a.md", "line": 9, "surface": "BERT",
         "context": "BERT 다시 보기"}
    )  # fmt: skip
    assert _search(upgraded, '"다시 보기"') == ["BERT 다시 보기"]


def test_a_bulk_extract_killed_before_the_upgrade_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = _old_database(path)
    db.suspend_search_index(old)  # as a bulk extract does, then the process dies
    saved = json.loads(db.get_state(old, "search_triggers") or "[]")
    assert any(name.startswith("mentions_") for name, _ in saved)
    old.close()
    upgraded = db.open_db(path)
    assert db.get_state(upgraded, "search_triggers") is None
    triggers = {
        row[0]: row[1]
        for row in upgraded.execute("select name, sql from sqlite_master where type = 'trigger'")
    }
    assert {"mentions_ai", "mentions_ad", "resources_ai", "resources_au"} <= set(triggers)
    assert '"surface"' not in triggers["mentions_ai"]
    upgraded["mentions"].insert(
        {"resource_id": "name:bert", "note_path": "a.md", "line": 9, "surface": "BERT",
         "context": "BERT 다시 보기"}
    )  # fmt: skip
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
