"""The labelled papers of tests/fixtures/watch (real arXiv titles and abstracts; see its
README) as the fake arXiv API's records and as reading-list rows."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from functools import cache
from typing import Any

from sqlite_utils import Database

from .conftest import FIXTURES
from .http_server import ArxivRecord

PAPERS = FIXTURES / "watch" / "papers.jsonl.gz"
SUBFIELD = "Object_Tracking"

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
    with gzip.open(PAPERS, "rt", encoding="utf-8") as stream:
        return tuple(json.loads(line) for line in stream)


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
