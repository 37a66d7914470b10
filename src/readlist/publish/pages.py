"""What the resource and note pages show, read from the database Datasette serves.

Pure functions of a `sqlite3.Connection` (run in Datasette's read threads through
`db.execute_fn`); the plugin in `__init__.py` turns them into pages.
"""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from readlist.schemes import landing_url
from readlist.spans import line_context

# Columns of `resources` a reader needs; the rest (HTTP caching, ranks, match scores,
# enrich bookkeeping) stay in Datasette's own row and table pages.
_RESOURCE_COLUMNS = (
    "id, kind, name, url, domain, arxiv_id, doi, title, authors, year, abstract, venue, "
    "journal_ref, pdf_url, categories, tags, status, priority, user_note, mention_count"
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class MentionLine:
    """One line of a note that mentions the resource (once however often it does)."""

    note_path: str
    note_title: str | None
    note_date: str | None
    note_url: str | None  # on the user's blog, when extract was given --site-url
    line: int
    surfaces: tuple[str, ...]
    context: str | None

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The context cut into (text, is-a-mention) pieces, to highlight every surface."""
        context = self.context or ""
        spans: list[tuple[int, int]] = []
        for surface in sorted(set(self.surfaces), key=len, reverse=True):
            start = context.find(surface) if surface else -1
            while start >= 0:
                end = start + len(surface)
                if not any(a < end and start < b for a, b in spans):
                    spans.append((start, end))
                start = context.find(surface, end)
        pieces: list[tuple[str, bool]] = []
        at = 0
        for start, end in sorted(spans):
            if start > at:
                pieces.append((context[at:start], False))
            pieces.append((context[start:end], True))
            at = end
        if at < len(context):
            pieces.append((context[at:], False))
        return pieces


@dataclass(frozen=True)
class LinkCheck:
    """What `readlist check` found of one of the resource's links (issue #20)."""

    surface: str
    status: str
    reason: str | None
    checked_at: str | None
    suggestion: str | None
    source: str | None
    evidence: str | None


@dataclass(frozen=True)
class ResourcePage:
    row: dict[str, Any]
    authors: list[str]
    tags: list[str]
    links: list[Link]
    mentions: list[MentionLine]
    spellings: list[str]  # every way the notes wrote it, "Res-Net", "레즈넷"
    history: list[tuple[str, str | None, str]] = field(default_factory=list)
    link_checks: list[LinkCheck] = field(default_factory=list)


@dataclass(frozen=True)
class NoteItem:
    line: int
    surface: str
    context: str | None
    resource_id: str
    name: str
    kind: str
    status: str | None
    place: str | None = None  # "cell 3, line 2" in a notebook


@dataclass(frozen=True)
class NoteLinkItem:
    """A `[[wikilink]]` between two notes: where it is written, and the other note."""

    line: int
    target: str  # as written in the linking note
    heading: str | None
    alias: str | None
    embed: bool
    other_path: str | None  # the note at the other end, when it is known
    other_title: str | None


@dataclass(frozen=True)
class NotePage:
    row: dict[str, Any]
    note_url: str | None
    categories: list[str]
    tags: list[str]
    items: list[NoteItem]
    links: list[NoteLinkItem] = field(default_factory=list)  # the notes it links to
    backlinks: list[NoteLinkItem] = field(default_factory=list)  # the notes linking here
    aliases: list[str] = field(default_factory=list)


def resource_path(resource_id: str) -> str:
    """The resource page's path: the id kept readable (`/resource/arxiv:1512.03385`)."""
    return "/resource/" + quote(resource_id, safe=":/@!$&'()*+,;=-._~")


def note_path_url(note_path: str) -> str:
    return "/note/" + quote(note_path, safe="/@!$&'()*+,;=-._~")


def mark_command(resource_id: str, status: str = "done") -> str:
    """The `readlist mark` command a read-only copy shows instead of its buttons."""
    return f"readlist mark {shlex.quote(resource_id)} {status}"


def _json_list(value: Any) -> list[str]:
    if not value:
        return []
    try:
        items = json.loads(value)
    except (TypeError, ValueError):
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


def site_url_of(conn: sqlite3.Connection) -> str | None:
    """The `--site-url` the notes were last extracted with, if any."""
    try:
        row = conn.execute("select value from readlist_state where key = 'site_url'").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]).rstrip("/") if row and row[0] else None


_JEKYLL_POST = re.compile(
    r"(?:^|/)_posts/(?:.*/)?(\d{4})-(\d{2})-(\d{2})-([^/]+)\.(?:md|markdown)$"
)
_HUGO_CONTENT = re.compile(r"^(?:.*/)?content/(.+?)(?:/index|/_index)?\.(?:md|markdown)$")


def blog_url(site_url: str, note_path: str, categories: list[str]) -> str:
    """Where a note is published: Jekyll's default permalink for a post
    (`/:categories/:year/:month/:day/:title.html`, categories lower-cased as Jekyll
    does), Hugo's `/section/name/` for `content/…`, else the path without its extension."""
    post = _JEKYLL_POST.search(note_path)
    if post:
        year, month, day, title = post.groups()
        parts = [quote(c.lower(), safe="") for c in categories if c]
        return "/".join([site_url, *parts, year, month, day, f"{quote(title)}.html"])
    hugo = _HUGO_CONTENT.match(note_path)
    if hugo:
        return f"{site_url}/{quote(hugo.group(1).lower())}/"
    stem = re.sub(r"\.(?:md|markdown|ipynb|html?|org|rst|txt)$", "", note_path)
    return f"{site_url}/{quote(stem)}"


def _links(row: dict[str, Any], nearby: list[tuple[str, str, str]]) -> list[Link]:
    links: list[Link] = []
    abstract = landing_url(row["id"]) or row["url"]
    if abstract:
        label = {"repo": "code", "video": "video"}.get(row["kind"], "abstract page")
        links.append(Link(label, abstract))
    pdf = row["pdf_url"] or (
        f"https://arxiv.org/pdf/{row['arxiv_id']}" if row["arxiv_id"] else None
    )
    if pdf and pdf != abstract:
        links.append(Link("PDF", pdf))
    if row["doi"] and not row["id"].startswith("doi:"):
        links.append(Link("DOI", f"https://doi.org/{row['doi']}"))
    seen = {link.url for link in links}
    # Code and videos written on the same line as the resource ("[paper](…) [code](…)").
    for kind, name, url in nearby:
        if url and url not in seen:
            seen.add(url)
            links.append(Link(f"{'code' if kind == 'repo' else 'video'}: {name}", url))
    return links


def alias_target(conn: sqlite3.Connection, resource_id: str) -> str | None:
    """The row a key now belongs to, when enrich merged it into another (identity.py)."""
    try:
        row = conn.execute(
            "select resource_id from resource_aliases where alias = ?", [resource_id]
        ).fetchone()
    except sqlite3.OperationalError:  # a database from before the table
        return None
    return str(row[0]) if row else None


def read_resource_page(conn: sqlite3.Connection, resource_id: str) -> ResourcePage | None:
    conn.row_factory = sqlite3.Row
    found = conn.execute(
        f"select {_RESOURCE_COLUMNS} from resources where id = ?", [resource_id]
    ).fetchone()
    if found is None:
        return None
    row = dict(found)
    site_url = site_url_of(conn)
    lines: dict[tuple[str, int], MentionLine] = {}
    for m in conn.execute(
        "select m.note_path, n.title, n.date, n.categories, m.line, m.surface, l.text "
        "from mentions m left join notes n on n.path = m.note_path "
        "left join lines l on l.id = m.line_id where m.resource_id = ? "
        "order by n.date is null, n.date, m.note_path, m.line, m.id",
        [resource_id],
    ):
        key = (m[0], m[4])
        if key in lines:
            seen = lines[key]
            lines[key] = replace(seen, surfaces=(*seen.surfaces, m[5]))
            continue
        url = blog_url(site_url, m[0], _json_list(m[3])) if site_url else None
        lines[key] = MentionLine(m[0], m[1], m[2], url, m[4], (m[5],), line_context(m[6], m[5]))
    mentions = list(lines.values())
    spellings: list[str] = []
    for (surface,) in conn.execute(
        "select surface from mentions where resource_id = ? group by surface "
        "order by count(*) desc, surface",
        [resource_id],
    ):
        if surface != row["name"] and not surface.startswith(("http://", "https://")):
            spellings.append(surface)
    nearby = [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "select distinct r.kind, r.name, r.url from mentions m "
            "join mentions o on o.note_path = m.note_path and o.line = m.line "
            "join resources r on r.id = o.resource_id "
            "where m.resource_id = ? and o.resource_id != ? and r.kind in ('repo', 'video') "
            "order by r.kind, r.name limit 10",
            [resource_id, resource_id],
        )
    ]
    history = [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "select changed_at, old_status, status from status_changes where resource_id = ? "
            "order by changed_at desc, id desc limit 20",
            [resource_id],
        )
    ]
    return ResourcePage(
        row=row,
        authors=_json_list(row["authors"]),
        tags=_json_list(row["tags"]),
        links=_links(row, nearby),
        mentions=mentions,
        spellings=spellings,
        history=history,
        link_checks=_link_checks(conn, resource_id),
    )


def _link_checks(conn: sqlite3.Connection, resource_id: str) -> list[LinkCheck]:
    """The resource's checked links, worst first; none before the first `readlist check`."""
    try:
        rows = conn.execute(
            "select surface, link_status, reason, checked_at, suggestion, suggestion_source, "
            "evidence from links where resource_id = ? and link_status is not null "
            "order by link_status = 'ok', surface",
            [resource_id],
        ).fetchall()
    except sqlite3.OperationalError:  # a database from before `check` (schema m010)
        return []
    return [LinkCheck(*row) for row in rows]


def read_note_page(conn: sqlite3.Connection, note_path: str) -> NotePage | None:
    conn.row_factory = sqlite3.Row
    found = conn.execute(
        "select path, title, date, categories, tags, mention_count, error, format, aliases "
        "from notes where path = ?",
        [note_path],
    ).fetchone()
    if found is None:
        return None
    row = dict(found)
    categories = _json_list(row["categories"])
    site_url = site_url_of(conn)
    items = [
        NoteItem(r[0], r[1], line_context(r[2], r[1]), r[3], r[4], r[5], r[6], r[7])
        for r in conn.execute(
            "select m.line, m.surface, l.text, r.id, r.name, r.kind, r.status, m.place "
            "from mentions m join resources r on r.id = m.resource_id "
            "left join lines l on l.id = m.line_id "
            "where m.note_path = ? order by m.line, m.id",
            [note_path],
        )
    ]
    links = [
        NoteLinkItem(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6])
        for r in conn.execute(
            "select l.line, l.target, l.heading, l.alias, l.embed, l.target_path, n.title "
            "from note_links l left join notes n on n.path = l.target_path "
            "where l.note_path = ? order by l.line, l.id",
            [note_path],
        )
    ]
    backlinks = [
        NoteLinkItem(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6])
        for r in conn.execute(
            "select l.line, l.target, l.heading, l.alias, l.embed, l.note_path, n.title "
            "from note_links l left join notes n on n.path = l.note_path "
            "where l.target_path = ? order by n.title, l.note_path, l.line",
            [note_path],
        )
    ]
    return NotePage(
        row=row,
        note_url=blog_url(site_url, note_path, categories) if site_url else None,
        categories=categories,
        tags=_json_list(row["tags"]),
        items=items,
        links=links,
        backlinks=backlinks,
        aliases=_json_list(row["aliases"]),
    )


def note_counts(conn: sqlite3.Connection, resource_ids: list[str]) -> dict[str, int]:
    """How many notes mention each of these resources (one indexed query per page)."""
    if not resource_ids:
        return {}
    marks = ", ".join("?" * len(resource_ids))
    return {
        rid: count
        for rid, count in conn.execute(
            f"select resource_id, count(distinct note_path) from mentions "
            f"where resource_id in ({marks}) group by resource_id",
            resource_ids,
        )
    }
