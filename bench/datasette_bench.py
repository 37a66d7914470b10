"""How fast Datasette answers the faceted resources page on a large reading list.

    python bench/datasette_bench.py [--resources 100000] [--mentions 1000000] [--runs 7]

Builds a database of that size through readlist's own schema (migrations, FTS),
then times, with Datasette's in-process client and the project's metadata.yml
(so every default facet is computed), the reading list that `/` opens (the
resources page with readlist's templates: kind, status, topic, domain and year
facets, notes counted per row) and the same rows as Datasette's own table, a faceted
and filtered page, a full-text search, and the study-plan query. Prints the median
per page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from datasette.app import Datasette

from readlist.db import open_db, resume_suspended, suspend_search_index

REPO = Path(__file__).resolve().parents[1]
KINDS = ("paper", "model", "page", "site", "repo", "video", "dataset", "org", "tool", "concept")
TAGS = ("cnn", "nlp", "transformer", "vision", "gan", "rnn", "optimisation", "dataset")
STATUSES = ("todo", "todo", "todo", "reading", "done", "skip")


def build(path: Path, resources: int, mentions: int, notes: int = 20_000) -> None:
    rng = random.Random(7)
    db = open_db(path)
    suspend_search_index(db)
    with db.atomic():
        db.conn.executemany(
            "insert into notes (path, root, title, categories, tags, mention_count) "
            "values (?, '/bench', ?, ?, ?, 0)",
            [
                (
                    f"n{i:06d}.md",
                    f"Note {i}",
                    json.dumps([f"Week_{i % 20}"]),
                    json.dumps([rng.choice(TAGS)]),
                )
                for i in range(notes)
            ],
        )
        db.conn.executemany(
            "insert into resources (id, kind, name, url, domain, year, status, tags, authors, "
            "primary_category, title, mention_count) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    f"url:https://site{i % 500}.org/p/{i}",
                    rng.choice(KINDS),
                    f"Resource {i}",
                    f"https://site{i % 500}.org/p/{i}",
                    f"site{i % 500}.org",
                    rng.randint(1990, 2024),
                    rng.choice(STATUSES),
                    json.dumps(rng.sample(TAGS, 2)),
                    json.dumps([f"Author {rng.randint(1, 3000)}"]),
                    rng.choice(("cs.CV", "cs.CL", "cs.LG", None)),
                    f"A study of thing {i} with ResNet" if i % 97 == 0 else f"Title {i}",
                    mentions // resources,
                )
                for i in range(resources)
            ],
        )
        batch = 100_000
        for start in range(0, mentions, batch):
            # one line per mention: the lines table at its largest
            db.conn.executemany(
                "insert into lines (id, note_id, line, text) values (?, ?, ?, ?)",
                [
                    (
                        j + 1,
                        j % notes + 1,  # the notes' trigger numbered them in order
                        j % 200 + 1,
                        f"- 강의 노트 {j}: 링크 참고, "
                        + ("ResNet 비교" if j % 100 == 0 else "정리"),
                    )
                    for j in range(start, min(start + batch, mentions))
                ],
            )
            db.conn.executemany(
                "insert into mention_rows (resource_id, surface, line_id, source) "
                "values (?, ?, ?, 'url')",
                [
                    (
                        f"url:https://site{(j % resources) % 500}.org/p/{j % resources}",
                        "link",
                        j + 1,
                    )
                    for j in range(start, min(start + batch, mentions))
                ],
            )
    resume_suspended(db)
    db.execute("analyze")
    db.close()


async def measure(ds: Datasette, path: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await ds.client.get(path)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "readlist.db"
        started = time.perf_counter()
        build(path, args.resources, args.mentions)
        print(
            f"built {args.resources:,} resources, {args.mentions:,} mentions "
            f"in {time.perf_counter() - started:.1f} s"
        )
        metadata = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
        # as readlist serve runs it at this size (serve.SUGGEST_FACETS_UP_TO)
        ds = Datasette([str(path)], metadata=metadata, settings={"suggest_facets": False})
        landing = asyncio.run(ds.client.get("/"))
        assert landing.headers["location"] == "/readlist/resources", "plugin not installed"
        pages = {
            "reading list: / (the landing page, facets)": "/readlist/resources",
            "same, as Datasette's table (?_view=table)": "/readlist/resources?_view=table",
            "resources ?kind=paper (facets)": "/readlist/resources?kind=paper",
            "resources ?_facet_array=tags": "/readlist/resources?_facet_array=tags",
            "search resources 'ResNet'": "/readlist/resources?_search=ResNet",
            "search the notes' lines 'ResNet'": "/readlist/lines?_search=ResNet&_size=20",
            "search mentions 'ResNet' (a view)": "/readlist/mentions?_search=ResNet&_size=20",
            "study plan query": "/readlist/study_plan?_size=50",
        }
        print(f"{'page':40} {'median ms':>10}")
        for label, page in pages.items():
            median = asyncio.run(measure(ds, page, args.runs))
            print(f"{label:40} {median * 1000:10.0f}")


if __name__ == "__main__":
    main()
