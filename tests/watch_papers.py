"""Labelled papers for `readlist watch`'s ranking tests, as the fake arXiv API's records and
as reading-list rows.

They are taken from the shipped harvested gazetteer (data/gazetteer/harvested), whose
entries from doosik71/arxivjsdata carry arXiv's id, title and year and, in their `sources`,
the topic folder the collection files each paper under: the topic is the label. Nothing
fetched is committed for the tests. What the gazetteer does not hold is TEST DATA: no
abstract (the fake API serves the title as the summary) and no authors (one placeholder).

Roles, drawn with a fixed seed: `library`, 30 Object_Tracking papers; `listing`, 30 other
Object_Tracking papers and 25 from each other topic of TOPIC_CATEGORY (430); `library2`,
30 Federated_Learning papers not in the listing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import cache
from typing import Any

from sqlite_utils import Database

from .conftest import REPO
from .http_server import ArxivRecord

HARVESTED = REPO / "data" / "gazetteer" / "harvested" / "entries.jsonl"
COLLECTION = "doosik71/arxivjsdata@"
SUBFIELD = "Object_Tracking"
SECOND = "Federated_Learning"

# TEST DATA, not arXiv's: the fixture has no categories, so each topic folder gets the
# arXiv category its papers most plausibly carry, for the server's `cat:` filter.
TOPIC_CATEGORY = {
    "Object_Tracking": "cs.CV",
    "Semantic_Segmentation": "cs.CV",
    "Domain_Adaptation": "cs.CV",
    "Zero-Shot_Learning": "cs.CV",
    "Mamba": "cs.CV",
    "Medical_Image_Segmentation": "eess.IV",
    "Speech_Recognition": "eess.AS",
    "Keyword_Spotting": "eess.AS",
    "Large_Language_Model": "cs.CL",
    "Knowledge_Distillation": "cs.LG",
    "Federated_Learning": "cs.LG",
    "Activation_Function": "cs.LG",
    "Anomaly_Detection": "cs.LG",
    "Time_Series_Anomaly_Detection": "cs.LG",
    "Imitation_Learning": "cs.RO",
    "AI_Healthcare": "cs.AI",
    "Quantum_Computation": "quant-ph",
}


@cache
def load() -> tuple[dict[str, Any], ...]:
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for line in HARVESTED.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        place = next((s for s in entry["sources"] if s.startswith(COLLECTION)), None)
        if place is None or not entry.get("arxiv"):
            continue
        topic = place.split(":", 1)[1].split("/")[0]
        if topic in TOPIC_CATEGORY:
            title = entry.get("title") or entry["name"]
            by_topic.setdefault(topic, []).append(
                {
                    "arxiv_id": entry["arxiv"],
                    "title": title,
                    "abstract": title,  # TEST DATA: the gazetteer keeps no abstracts
                    "authors": ["A. Author"],  # TEST DATA
                    "year": entry.get("year"),
                    "topic": topic,
                }
            )
    chance = random.Random(18)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()

    def draw(topic: str, count: int, role: str) -> None:
        pool = sorted(
            (r for r in by_topic[topic] if r["arxiv_id"] not in seen),
            key=lambda r: str(r["arxiv_id"]),
        )
        for row in chance.sample(pool, count):
            seen.add(row["arxiv_id"])
            rows.append({**row, "role": role})

    draw(SUBFIELD, 30, "library")
    draw(SUBFIELD, 30, "listing")
    for topic in sorted(TOPIC_CATEGORY):
        if topic != SUBFIELD:
            draw(topic, 25, "listing")
    draw(SECOND, 30, "library2")
    return tuple(rows)


def of_role(role: str) -> list[dict[str, Any]]:
    return [row for row in load() if row["role"] == role]


def topic_of(arxiv_id: str) -> str:
    return next(row["topic"] for row in load() if row["arxiv_id"] == arxiv_id)


def as_records(rows: list[dict[str, Any]], newest: dt.datetime) -> list[ArxivRecord]:
    """Records submitted a few minutes apart, the first `newest`, going back in time
    (times are illustrative; the papers' real submission dates are older)."""
    records = []
    for n, row in enumerate(rows):
        when = newest - dt.timedelta(minutes=7 * n)
        category = TOPIC_CATEGORY[row["topic"]]
        records.append(
            ArxivRecord(
                arxiv_id=row["arxiv_id"],
                title=row["title"],
                authors=tuple(row["authors"]),
                published=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                primary_category=category,
                categories=(category,),
                summary=row["abstract"],
            )
        )
    return records


def add_library(
    database: Database, rows: list[dict[str, Any]], statuses: tuple[str, ...] = ("todo",)
) -> None:
    """The rows as enriched papers of the reading list; statuses cycle over them."""
    for n, row in enumerate(rows):
        database.table("resources").insert(
            {
                "id": f"arxiv:{row['arxiv_id']}",
                "kind": "paper",
                "name": row["title"],
                "arxiv_id": row["arxiv_id"],
                "title": row["title"],
                "abstract": row["abstract"],
                "year": row["year"],
                "primary_category": TOPIC_CATEGORY[row["topic"]],
                "status": statuses[n % len(statuses)],
                "enrich_status": "ok",
                "mention_count": 1,
            }
        )
    database.conn.commit()
