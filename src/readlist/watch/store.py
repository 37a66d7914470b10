"""What `readlist watch` keeps in SQLite: terms, seen ids, high-water marks, suggestions.

The tables are watch's own (migration m011), so their reads and writes live here rather
than in db.py; the one write to `resources` (a suggestion added to the reading list) goes
through the same columns enrich fills, so the row looks as if enrich had fetched it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from readlist.db import get_state, now, set_state, write_transaction
from readlist.enrich.arxiv import ArxivPaper
from readlist.ids import normalise_arxiv_id
from readlist.marking import Found
from readlist.ranks import NameRank

KEYWORD = "keyword"
CATEGORY = "category"
# Reading statuses and how much a paper of the library weighs in training (issue #18:
# "those marked done or reading weigh more, skipped ones are negatives").
LIBRARY_WEIGHTS = {"done": 2.0, "reading": 2.0, "todo": 1.0}
NEGATIVE_STATUS = "skip"


@dataclass(frozen=True)
class LibraryPaper:
    """A paper of the reading list with the text the ranker reads."""

    id: str
    name: str
    text: str
    status: str
    primary_category: str | None


@dataclass(frozen=True)
class Suggestion:
    """One paper a run puts forward, and why."""

    paper: ArxivPaper
    score: float
    why: str
    keywords: tuple[str, ...]


# Terms ----------------------------------------------------------------------------------


def list_terms(db: Database, kind: str) -> list[str]:
    rows = db.execute(
        "select term from watch_terms where kind = ? order by added_at, term", [kind]
    ).fetchall()
    return [row[0] for row in rows]


def add_terms(db: Database, kind: str, terms: Iterable[str]) -> list[str]:
    """Save terms (idempotent); returns the ones that were new."""
    known = {t.casefold() for t in list_terms(db, kind)}
    added = []
    with write_transaction(db):
        for term in terms:
            if term.casefold() in known:
                continue
            db.table("watch_terms").insert({"kind": kind, "term": term, "added_at": now()})
            known.add(term.casefold())
            added.append(term)
    return added


def remove_terms(db: Database, kind: str, terms: Iterable[str]) -> list[str]:
    """Forget terms (any case); returns the ones that were saved."""
    removed = []
    with write_transaction(db):
        for term in terms:
            cursor = db.execute(
                "delete from watch_terms where kind = ? and lower(term) = lower(?)", [kind, term]
            )
            if cursor.rowcount:
                removed.append(term)
    return removed


# The library ----------------------------------------------------------------------------


def library(db: Database) -> list[LibraryPaper]:
    """The papers of the reading list that have a title or abstract to learn from."""
    rows = db.execute(
        "select id, name, title, abstract, coalesce(status, 'todo'), primary_category "
        "from resources where kind in ('paper', 'model') and abstract is not null "
        "and abstract != '' order by id"
    ).fetchall()
    return [
        LibraryPaper(rid, name, f"{title or name}. {abstract}", status, primary)
        for rid, name, title, abstract, status, primary in rows
    ]


def library_categories(papers: Iterable[LibraryPaper]) -> Counter[str]:
    """Primary arXiv categories of the papers you keep (skipped ones left out)."""
    return Counter(
        p.primary_category for p in papers if p.primary_category and p.status != NEGATIVE_STATUS
    )


# Seen ids and high-water marks -----------------------------------------------------------


def seen_ids(db: Database, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in db.execute(
                f"select arxiv_id from watch_seen where arxiv_id in ({marks})", chunk
            )
        )
    return found


def newest_seen(db: Database, query: str) -> str | None:
    """The newest submission date a finished run of `query` read (its high-water mark)."""
    return get_state(db, f"watch.newest:{query}")


def save_run(
    db: Database,
    papers: Iterable[ArxivPaper],
    suggestions: Iterable[Suggestion],
    query: str,
    newest: str | None,
    stamp: str,
) -> int:
    """Record every paper read as seen, the suggestions, and the query's new high-water
    mark (None: keep the old one), in one transaction, all at time `stamp` (UTC, ISO 8601).
    Returns the suggestions saved."""
    saved = 0
    with write_transaction(db):
        db.table("watch_seen").insert_all(
            (
                {"arxiv_id": p.arxiv_id, "published": p.published, "first_seen": stamp}
                for p in papers
            ),
            ignore=True,
        )
        for suggestion in suggestions:
            paper = suggestion.paper
            db.table("suggestions").insert(
                {
                    "arxiv_id": paper.arxiv_id,
                    "title": paper.title,
                    "authors": json.dumps(list(paper.authors), ensure_ascii=False),
                    "abstract": paper.abstract,
                    "categories": json.dumps(list(paper.categories)),
                    "primary_category": paper.primary_category,
                    "published": paper.published,
                    "url": f"https://arxiv.org/abs/{paper.arxiv_id}",
                    "score": round(suggestion.score, 4),
                    "why": suggestion.why,
                    "keywords": json.dumps(list(suggestion.keywords), ensure_ascii=False),
                    "first_suggested": stamp,
                    "suggested_day": stamp[:10],
                    "dismissed": 0,
                },
                ignore=True,  # suggested before: keep when and why it was first
            )
            saved += 1
        if newest is not None:
            set_state(db, f"watch.newest:{query}", newest)
    return saved


# Suggestions ----------------------------------------------------------------------------


def dismiss(db: Database, what: Iterable[str]) -> tuple[list[str], list[str]]:
    """Hide suggestions by arXiv id (any form). Returns (dismissed ids, unknown inputs)."""
    done: list[str] = []
    unknown: list[str] = []
    with write_transaction(db):
        for item in what:
            arxiv_id = _arxiv_id(item)
            cursor = db.execute(
                "update suggestions set dismissed = 1 where arxiv_id = ?", [arxiv_id or item]
            )
            (done if cursor.rowcount else unknown).append(arxiv_id or item)
    return done, unknown


def suggestions_for_feed(db: Database, limit: int = 100) -> list[dict[str, object]]:
    """Suggestions not dismissed, newest day first, best first within a day."""
    rows = db.execute(
        "select arxiv_id, title, authors, abstract, categories, published, url, score, why, "
        "first_suggested from suggestions where dismissed = 0 "
        "order by suggested_day desc, score desc limit ?",
        [limit],
    )
    names = [d[0] for d in rows.description]
    return [dict(zip(names, row, strict=True)) for row in rows.fetchall()]


def count_suggestions(db: Database) -> tuple[int, int]:
    """(suggestions shown, dismissed)."""
    row = db.execute(
        "select count(*) - coalesce(sum(dismissed), 0), coalesce(sum(dismissed), 0) "
        "from suggestions"
    ).fetchone()
    return int(row[0]), int(row[1])


def adopt_suggestion(db: Database, what: str) -> Found | None:
    """Add the suggestion `what` names (an arXiv id in any form) to the reading list, as
    a paper whose metadata enrich would have fetched; None when nothing was suggested
    under that id. `readlist mark` then sets its status."""
    arxiv_id = _arxiv_id(what)
    if arxiv_id is None:
        return None
    row = db.execute(
        "select title, authors, abstract, categories, primary_category, published, url "
        "from suggestions where arxiv_id = ?",
        [arxiv_id],
    ).fetchone()
    if row is None:
        return None
    title, authors, abstract, categories, primary, published, url = row
    resource_id = f"arxiv:{arxiv_id}"
    stamp = now()
    with write_transaction(db):
        db.table("resources").insert(
            {
                "id": resource_id,
                "kind": "paper",
                "name": title,
                "name_rank": int(NameRank.DETECTED),
                "url": url,
                "domain": "arxiv.org",
                "arxiv_id": arxiv_id,
                "title": title,
                "authors": authors,
                "year": int(published[:4]) if published and published[:4].isdigit() else None,
                "abstract": abstract,
                "categories": categories,
                "primary_category": primary,
                "published": published,
                "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}",
                "mention_count": 0,
                "first_seen": stamp,
                "enriched_at": stamp,
                "enrich_status": "ok",
                "enrich_source": "arxiv",
            },
            ignore=True,
        )
        db.execute(
            "update suggestions set added_as = ? where arxiv_id = ?", [resource_id, arxiv_id]
        )
    return Found(resource_id, title, "paper")


def _arxiv_id(text: str) -> str | None:
    stripped = re.sub(r"^(https?://)?(www\.)?arxiv\.org/(abs|pdf)/", "", text.strip())
    stripped = re.sub(r"^arxiv:", "", stripped, flags=re.IGNORECASE).removesuffix(".pdf")
    return normalise_arxiv_id(stripped)
