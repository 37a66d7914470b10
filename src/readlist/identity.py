"""One resource under several keys (issue #14: a paper known as `acl:P19-1066` and by its
arXiv id is one row of the reading list).

Extraction keys a resource by what a note wrote: an ACL Anthology link is `acl:…`, a
Papers with Code page `pwc:…`, a DOI link `doi:…`. When `enrich` learns that such a paper
also has an arXiv id or a DOI, the rows under those keys become one:

- the arXiv key wins (it is what most notes link and what enrich fills best): the row is
  renamed to `arxiv:ID`, or merged into the `arxiv:ID` row when one exists;
- a DOI learned by a row that is not keyed by it is merged into that row when a `doi:` row
  exists, and otherwise only remembered;
- every key given up is kept in `resource_aliases`, so a later extract, `readlist mark`
  and the resource pages find the surviving row by any of them.

Guessed names (`name:…`) are never merged: a title search can be wrong, and undoing a
merge is not possible. They keep the arXiv id they were given as a column.
"""

from __future__ import annotations

from sqlite_utils import Database

from readlist.ranks import NameRank

# Columns a merge never fills from the row that gives way: the key, the counts it
# recomputes, and the user's own, which move by their own rule (carry_user_data).
_NOT_FILLED = {"id", "mention_count", "status", "priority", "user_note", "name", "name_rank"}


def alias_map(db: Database) -> dict[str, str]:
    """Every key given up for another, and the key of the row it now belongs to."""
    if not db.table("resource_aliases").exists():
        return {}
    return dict(db.execute("select alias, resource_id from resource_aliases").fetchall())


def canonical_id(db: Database, key: str) -> str:
    """The row `key` now belongs to (itself when it was never given up)."""
    if not db.table("resource_aliases").exists():
        return key
    row = db.execute("select resource_id from resource_aliases where alias = ?", [key]).fetchone()
    return str(row[0]) if row else key


def adopt_keys(db: Database, resource_id: str, arxiv_id: str | None, doi: str | None) -> str:
    """Make the row `resource_id` the one row of the keys enrich learned for it; returns
    the id it is kept under. The caller holds the write transaction."""
    if resource_id.startswith("name:"):
        return resource_id
    survivor = resource_id
    if arxiv_id and not resource_id.startswith("arxiv:"):
        target = canonical_id(db, f"arxiv:{arxiv_id}")
        if target != resource_id:
            if not _exists(db, target):
                _copy_row(db, resource_id, target)
            merge_into(db, resource_id, target)
            survivor = target
    if doi:
        other = canonical_id(db, f"doi:{doi}")
        if other != survivor:
            if _exists(db, other):
                merge_into(db, other, survivor)
            else:
                _remember(db, other, survivor)
    return survivor


def merge_into(db: Database, old_id: str, new_id: str) -> None:
    """Fold the row `old_id` into `new_id`: its mentions, its facts where the survivor has
    none, a better name, the user's status and its history; `old_id` becomes an alias."""
    old = _row(db, old_id)
    new = _row(db, new_id)
    if old is None or new is None:
        return
    updates = {
        column: value
        for column, value in old.items()
        if column not in _NOT_FILLED and value is not None and new.get(column) is None
    }
    if _rank(old) > _rank(new):
        updates["name"], updates["name_rank"] = old["name"], old["name_rank"]
    if updates:
        db.table("resources").update(new_id, updates)
    db.execute("update mention_rows set resource_id = ? where resource_id = ?", [new_id, old_id])
    carry_user_data(db, old_id, new_id)
    db.execute("update status_changes set resource_id = ? where resource_id = ?", [new_id, old_id])
    db.execute("delete from resources where id = ?", [old_id])
    _remember(db, old_id, new_id)
    db.execute(
        "update resources set mention_count = (select count(*) from mention_rows m "
        "where m.resource_id = resources.id) where id = ?",
        [new_id],
    )


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
    # ... and its history, so the reading-progress chart and the resource page keep it.
    db.execute("update status_changes set resource_id = ? where resource_id = ?", [new_id, old_id])
    # The old row keeps nothing the user needs once no note mentions it.
    db.execute(
        "update resources set status = 'todo', priority = null, user_note = null "
        "where id = ? and not exists (select 1 from mention_rows where resource_id = ?)",
        [old_id, old_id],
    )


def _remember(db: Database, alias: str, resource_id: str) -> None:
    """`alias` now means `resource_id`, and so does every key that meant `alias`."""
    db.execute(
        "update resource_aliases set resource_id = ? where resource_id = ?", [resource_id, alias]
    )
    db.execute(
        "insert into resource_aliases (alias, resource_id) values (?, ?) "
        "on conflict(alias) do update set resource_id = excluded.resource_id",
        [alias, resource_id],
    )
    db.execute("delete from resource_aliases where alias = resource_id")


def _copy_row(db: Database, old_id: str, new_id: str) -> None:
    """A copy of row `old_id` under the key `new_id`, with no mentions of its own yet."""
    columns = [c for c in db.table("resources").columns_dict if c not in ("id", "mention_count")]
    listed = ", ".join(columns)
    db.execute(
        f"insert into resources (id, mention_count, {listed}) "
        f"select ?, 0, {listed} from resources where id = ?",
        [new_id, old_id],
    )
    # The user's data belongs to the row they marked: it moves with the merge.
    db.execute(
        "update resources set status = 'todo', priority = null, user_note = null where id = ?",
        [new_id],
    )


def _rank(row: dict[str, object]) -> int:
    rank = row.get("name_rank")
    return rank if isinstance(rank, int) else int(NameRank.ADDRESS)


def _exists(db: Database, resource_id: str) -> bool:
    return db.execute("select 1 from resources where id = ?", [resource_id]).fetchone() is not None


def _row(db: Database, resource_id: str) -> dict[str, object] | None:
    cursor = db.execute("select * from resources where id = ?", [resource_id])
    values = cursor.fetchone()
    if values is None:
        return None
    return {d[0]: v for d, v in zip(cursor.description, values, strict=True)}
