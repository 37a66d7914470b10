"""The `links` table: which links the notes hold, what was found, what is proposed.

A link is a mention whose source is `url`, keyed by its surface (the text as written),
so `readlist fix` edits exactly the text that was checked. The savers here are the
only writers of `links` and of `resources.link_status` / `checked_at`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sqlite_utils import Database

from readlist.db import now, write_transaction
from readlist.links.status import BROKEN, REDIRECTED, STATUSES, LinkState
from readlist.urls import find_urls

ONLY = ("all", "broken", "redirected")


@dataclass(frozen=True)
class Suggestion:
    url: str
    source: str  # redirect, migration, https or wayback
    evidence: str


@dataclass(frozen=True)
class LinkRow:
    """A link to check, with what is known of it already."""

    surface: str
    url: str
    resource_id: str
    note_date: str | None  # the earliest note that cites it: the Wayback timestamp
    arxiv_id: str | None  # the paper it stands for, when known (a Papers with Code page)
    link_status: str | None
    checked_at: str | None
    # What enrich's pages stage stored for the resource's URL (shared, issue #20).
    resource_url: str | None
    enriched_at: str | None
    enrich_status: str | None
    enrich_source: str | None
    http_status: int | None
    final_url: str | None
    title: str | None
    content_type: str | None


@lru_cache(maxsize=65536)
def link_url(surface: str) -> str | None:
    """The absolute http(s) URL a link's text stands for (`www.x.org` → https://www.x.org),
    or None for what is no fetchable link (a `{{ site.url }}` path, an embed tag)."""
    hits = [h for h in find_urls(surface) if h.form not in ("site", "embed") and not h.is_asset]
    if len(hits) == 1 and hits[0].surface == surface:
        url = hits[0].url
    elif surface.startswith(("http://", "https://")) and not any(c.isspace() for c in surface):
        url = surface
    else:
        return None
    return url if url.startswith(("http://", "https://")) else None


def sync_links(db: Database) -> None:
    """Make `links` hold one row per link the notes hold now: new ones added, ones no
    note holds any more dropped (with their results: a fixed link leaves no trace)."""
    mentioned = dict(
        db.execute(
            "select surface, min(resource_id) from mentions where source = 'url' group by surface"
        ).fetchall()
    )
    known = {surface for (surface,) in db.execute("select surface from links").fetchall()}
    rows = [
        {"surface": surface, "url": url, "resource_id": resource_id}
        for surface, resource_id in mentioned.items()
        if surface not in known and (url := link_url(surface)) is not None
    ]
    gone = [surface for surface in known if surface not in mentioned]
    with write_transaction(db):
        if rows:
            db.table("links").insert_all(rows, pk="surface")
        for surface in gone:
            db.execute("delete from links where surface = ?", [surface])
        # A link's text now standing for another resource (a new extraction rule).
        db.execute(
            "update links set resource_id = (select min(m.resource_id) from mentions m "
            "where m.surface = links.surface and m.source = 'url') "
            "where resource_id != (select min(m.resource_id) from mentions m "
            "where m.surface = links.surface and m.source = 'url')"
        )


def links_to_check(
    db: Database, only: str = "all", since_days: float = 7.0
) -> tuple[list[LinkRow], int]:
    """The links to check this run, and how many were checked recently enough to keep.

    `only`: `broken` or `redirected` looks again at the links last found so; `all` at
    every link. A link checked less than `since_days` days ago keeps its result.
    """
    cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=since_days)).isoformat(timespec="seconds")
    where = {
        "all": "1",
        "broken": f"l.link_status in ({_quoted(BROKEN)})",
        "redirected": f"l.link_status = '{REDIRECTED}'",
    }[only]
    rows = db.execute(
        f"""
        select l.surface, l.url, l.resource_id,
          (select min(n.date) from mentions m join notes n on n.path = m.note_path
            where m.resource_id = l.resource_id and m.surface = l.surface) as note_date,
          coalesce(r.arxiv_id, (
            select a.arxiv_id from mentions m
            join mentions o on o.note_path = m.note_path and o.line = m.line
            join resources a on a.id = o.resource_id
            where m.resource_id = l.resource_id and m.surface = l.surface
              and a.arxiv_id is not null limit 1)) as arxiv_id,
          l.link_status, l.checked_at, r.url, r.enriched_at, r.enrich_status, r.enrich_source,
          r.http_status, r.final_url, r.title, r.content_type
        from links l left join resources r on r.id = l.resource_id
        where {where}
        order by l.surface
        """
    ).fetchall()
    known = [LinkRow(*row) for row in rows]
    to_check = [
        row for row in known if not (since_days > 0 and row.checked_at and row.checked_at >= cutoff)
    ]
    return to_check, len(known) - len(to_check)


def recently_enriched(row: LinkRow, since_days: float) -> bool:
    """Did enrich fetch this very URL as a page within `since_days` days?"""
    if since_days <= 0 or row.enrich_source != "page" or not row.enriched_at:
        return False
    if row.resource_url != row.url:
        return False
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=since_days)
    try:
        fetched = dt.datetime.fromisoformat(row.enriched_at)
    except ValueError:
        return False
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=dt.UTC)
    return fetched >= cutoff


def save_link(db: Database, surface: str, state: LinkState, suggestion: Suggestion | None) -> None:
    """Record one link's check and its replacement (or that it has none now)."""
    with write_transaction(db):
        db.table("links").update(
            surface,
            {
                "link_status": state.status,
                "reason": state.reason,
                "http_status": state.http_status,
                "final_url": state.final_url,
                "moved_to": state.moved_to,
                "checked_at": now(),
                "suggestion": suggestion.url if suggestion else None,
                "suggestion_source": suggestion.source if suggestion else None,
                "evidence": suggestion.evidence if suggestion else None,
            },
        )


def save_resource_statuses(db: Database) -> None:
    """Each checked resource's `link_status`: the worst of its links' (STATUSES order)."""
    rank = " ".join(f"when '{status}' then {i}" for i, status in enumerate(STATUSES))
    with write_transaction(db):
        db.execute(
            f"""
            with worst as (
              select resource_id, min(case link_status {rank} end) as r, max(checked_at) as at
              from links where link_status is not null group by resource_id
            )
            update resources set
              link_status = (select case w.r {_unrank()} end from worst w
                             where w.resource_id = resources.id),
              checked_at = (select w.at from worst w where w.resource_id = resources.id)
            where id in (select resource_id from worst)
              or link_status is not null
            """
        )


def _unrank() -> str:
    return " ".join(f"when {i} then '{status}'" for i, status in enumerate(STATUSES))


def _quoted(values: frozenset[str]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


@dataclass(frozen=True)
class DeadLink:
    """A row of the report: a link, its state and its replacement."""

    surface: str
    link_status: str
    reason: str | None
    suggestion: str | None
    source: str | None
    evidence: str | None
    mentions: int


def report_rows(db: Database, only: str = "all") -> list[DeadLink]:
    """The links worth a look: broken or redirected (`only` narrows), with replacements."""
    statuses = {
        "all": BROKEN | {REDIRECTED},
        "broken": BROKEN,
        "redirected": frozenset({REDIRECTED}),
    }[only]
    rank = " ".join(f"when '{status}' then {i}" for i, status in enumerate(STATUSES))
    rows = db.execute(
        f"""
        select l.surface, l.link_status, l.reason, l.suggestion, l.suggestion_source,
          l.evidence,
          (select count(*) from mentions m where m.resource_id = l.resource_id
             and m.surface = l.surface)
        from links l
        where l.link_status in ({_quoted(statuses)}) or (l.suggestion is not null and
          '{only}' = 'all')
        order by case l.link_status {rank} end, l.surface
        """
    ).fetchall()
    return [DeadLink(*row) for row in rows]
