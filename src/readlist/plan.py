"""The study plan: which resources to read, filtered, in the order to read them.

Order (issue "Track reading and export a study plan"): what you are reading first;
then what is to do, by your priority (1 first), then by how many notes mention it,
then by year within a topic, so a CNN lineage reads VGG before ResNet before
DenseNet; done last (only with `include_done`); skipped only when asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from sqlite_utils import Database

from readlist.notes import is_only_a_warning
from readlist.spans import line_context

STATUSES = ("todo", "reading", "done", "skip")

_LINE_MARKUP = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+")


@dataclass(frozen=True)
class PlanFilters:
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # note categories, or arXiv categories
    include_done: bool = False


class Mentioned(NamedTuple):
    """One mention of a plan item (a tuple: an export of 1M mentions builds 1M of them)."""

    note_path: str
    note_title: str | None
    line: int
    surface: str
    context: str | None


@dataclass(slots=True)
class PlanItem:
    """One resource in plan order, with what a reader needs to choose it."""

    order: int
    id: str
    status: str
    priority: int | None
    kind: str
    name: str
    title: str | None
    authors: tuple[str, ...]
    year: int | None
    url: str | None
    arxiv_id: str | None
    doi: str | None
    abstract: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    topic: str
    mention_count: int
    note_count: int
    user_note: str | None
    mentions: tuple[Mentioned, ...] = field(default=())

    @property
    def mentioned_in(self) -> tuple[str, ...]:
        """Titles of the notes that mention it, each once, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.note_title or mention.note_path, None)
        return tuple(seen)

    @property
    def first_context(self) -> str | None:
        """The line of the first mention, without its list bullet or heading marks."""
        if not self.mentions or not self.mentions[0].context:
            return None
        return _LINE_MARKUP.sub("", self.mentions[0].context)


_STATUS_RANK = {"reading": 0, "todo": 1, "done": 2, "skip": 3}


def select_plan(db: Database, filters: PlanFilters = PlanFilters()) -> list[PlanItem]:
    """The resources that pass `filters`, in study-plan order, without their mentions.

    One small record per resource: memory follows the number of resources, never the
    number of mentions (`iter_with_mentions` streams those, issue #19).
    """
    statuses = filters.statuses or (
        ("reading", "todo", "done") if filters.include_done else ("reading", "todo")
    )
    where = [f"coalesce(r.status, 'todo') in ({', '.join('?' * len(statuses))})"]
    params: list[object] = list(statuses)
    if filters.kinds:
        where.append(f"r.kind in ({', '.join('?' * len(filters.kinds))})")
        params += filters.kinds
    rows = db.execute(
        "select r.id, coalesce(r.status, 'todo'), r.priority, r.kind, r.name, r.title, r.authors, "
        "r.year, r.url, r.arxiv_id, r.doi, r.abstract, r.categories, r.tags, r.mention_count, "
        # the notes counted by their number: no join to `notes` per mention
        "r.user_note, (select count(distinct l.note_id) from mention_rows m join lines l "
        "on l.id = m.line_id where m.resource_id = r.id) from resources r where "
        + " and ".join(where),
        params,
    )
    # A note's categories count for what it mentions (the category filter).
    in_noted_categories = (
        _mentioned_in_categories(db, set(filters.categories)) if filters.categories else set()
    )
    items: list[PlanItem] = []
    for row in rows:
        (
            rid,
            status,
            priority,
            kind,
            name,
            title,
            authors,
            year,
            url,
            arxiv_id,
            doi,
            abstract,
            categories,
            tags,
            mention_count,
            user_note,
            note_count,
        ) = row
        tag_list = _json_list(tags)
        category_list = _json_list(categories)
        if filters.tags and not set(filters.tags) & set(tag_list):
            continue
        if filters.categories and not (
            set(filters.categories) & set(category_list) or rid in in_noted_categories
        ):
            continue
        items.append(
            PlanItem(
                order=0,
                id=rid,
                status=status,
                priority=priority,
                kind=kind,
                name=name,
                title=title,
                authors=_json_list(authors, cache=False),
                year=year,
                url=url,
                arxiv_id=arxiv_id,
                doi=doi,
                abstract=abstract,
                categories=category_list,
                tags=tag_list,
                topic=tag_list[0] if tag_list else kind,
                mention_count=mention_count or 0,
                note_count=note_count or 0,
                user_note=user_note,
            )
        )
    items.sort(key=_plan_key)
    for order, item in enumerate(items, start=1):
        item.order = order
    return items


def _plan_key(item: PlanItem) -> tuple[object, ...]:
    return (
        _STATUS_RANK.get(item.status, 9),
        item.priority if item.priority is not None else 1_000_000,
        -item.note_count,
        item.topic,
        item.year if item.year is not None else 9999,
        item.name.lower(),
    )


def _mentioned_in_categories(db: Database, categories: set[str]) -> set[str]:
    """Ids of the resources mentioned by a note in one of `categories`."""
    paths = [
        path
        for path, value in db.execute("select path, categories from notes")
        if categories & set(_json_list(value))
    ]
    return {
        rid
        for (rid,) in db.execute(
            "select distinct resource_id from mentions "
            "where note_path in (select value from json_each(?))",
            [json.dumps(paths)],
        )
    }


def iter_with_mentions(db: Database, items: list[PlanItem]) -> Iterator[PlanItem]:
    """The items in order, each with its mentions (earliest note first), read from one
    sorted query a resource at a time: an export of a million mentions holds one
    resource's mentions at once, not all of them (issue #19)."""
    conn = db.conn
    conn.execute("create temp table if not exists plan_order (id text primary key, ord integer)")
    try:
        conn.execute("delete from temp.plan_order")
        conn.executemany(
            "insert into temp.plan_order (id, ord) values (?, ?)",
            ((item.id, item.order) for item in items),
        )
        rows = conn.execute(
            "select p.ord, m.note_path, n.title, m.line, m.surface, l.text "
            "from temp.plan_order p join mentions m on m.resource_id = p.id "
            "left join notes n on n.path = m.note_path left join lines l on l.id = m.line_id "
            "order by p.ord, n.date is null, n.date, m.note_path, m.line, m.id"
        )
        groups = groupby(rows, key=itemgetter(0))
        pending = next(groups, None)
        for item in items:
            if pending is not None and pending[0] == item.order:
                mentions = tuple(
                    Mentioned(path, title, line, surface, line_context(text, surface))
                    for _, path, title, line, surface, text in pending[1]
                )
                pending = next(groups, None)
                yield replace(item, mentions=mentions)
            else:
                yield item
    finally:
        conn.execute("delete from temp.plan_order")
        if conn.in_transaction:
            conn.commit()


def _json_list(value: object, cache: bool = True) -> tuple[str, ...]:
    """A JSON array column as a tuple of strings (tags and categories repeat: cached)."""
    if not value:
        return ()
    if cache and isinstance(value, str):
        return _cached_json_list(value)
    return _parse_json_list(value)


@lru_cache(maxsize=4096)
def _cached_json_list(value: str) -> tuple[str, ...]:
    return _parse_json_list(value)


def _parse_json_list(value: object) -> tuple[str, ...]:
    try:
        data = json.loads(str(value))
    except json.JSONDecodeError:
        return (str(value),)
    return tuple(str(v) for v in data) if isinstance(data, list) else (str(data),)


def plan_stats(db: Database) -> dict[str, dict[str, int]]:
    """Counts per kind and per status, and overall progress."""
    by_kind = dict(
        db.execute("select kind, count(*) from resources group by kind order by 2 desc").fetchall()
    )
    by_status = dict(
        db.execute(
            "select coalesce(status, 'todo'), count(*) from resources group by 1 order by 2 desc"
        ).fetchall()
    )
    totals = {
        "notes": int(db.execute("select count(*) from notes").fetchone()[0]),
        "resources": int(db.execute("select count(*) from resources").fetchone()[0]),
        "mentions": int(db.execute("select count(*) from mentions").fetchone()[0]),
    }
    return {"kind": by_kind, "status": by_status, "total": totals}


def note_problems(db: Database) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The notes that could not be read, and those read with bytes replaced, each as
    (path, the reason in notes.error), by path."""
    failed: list[tuple[str, str]] = []
    warned: list[tuple[str, str]] = []
    for path, error in db.execute(
        "select path, error from notes where error is not null order by path"
    ):
        (warned if is_only_a_warning(error) else failed).append((path, error))
    return failed, warned
