"""The published database in Datasette: facets, full-text search, canned queries, escaping."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasette.app import Datasette
from typer.testing import CliRunner

from readlist import db as readlist_db
from readlist.cli import app
from readlist.links.status import LinkState
from readlist.links.store import Suggestion, save_link, sync_links

from .conftest import REPO, write_note

runner = CliRunner()
METADATA = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    notes = folder / "notes"
    for path in (REPO / "content").rglob("*.md"):
        target = notes / path.relative_to(REPO / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    write_note(
        notes,
        "korean.md",
        (
            "---\ntitle: 어텐션 정리\ncategories: [NLP]\ntags: [attention]\n---\n"
            "- 어텐션을 처음 제안한 논문은 https://arxiv.org/abs/1409.0473 이다\n"
            "- 트랜스포머는 Transformer 를 한국어로 부르는 말\n"
        ),
    )
    path = folder / "readlist.db"
    result = runner.invoke(app, ["extract", str(notes), "--db", str(path), "-q"])
    assert result.exit_code == 0, result.output
    database = readlist_db.open_db(path)
    database.execute(
        "update resources set title = '<script>alert(1)</script>Safe title', enrich_status = 'gone', "
        "enrich_error = 'gone' where id = 'url:https://ruder.io/'"
    )
    for n, (arxiv_id, day) in enumerate(
        (("2412.01234", "2024-12-03"), ("2412.05678", "2024-12-04"))
    ):
        database.table("suggestions").insert(
            {
                "arxiv_id": arxiv_id,
                "title": f"Paper {n}",
                "score": 0.5 - n,
                "why": "like ResNet; keyword: efficient",
                "url": f"https://arxiv.org/abs/{arxiv_id}",
                "first_suggested": f"{day}T06:00:00+00:00",
                "suggested_day": day,
            }
        )
    database.conn.commit()
    # One dead link, as `readlist check` records it (issue #20).
    sync_links(database)
    save_link(
        database,
        "https://arxiv.org/abs/1409.0473",
        LinkState("gone", "http 404", 404, "https://arxiv.org/abs/1409.0473"),
        Suggestion(WAYBACK, "wayback", "Wayback Machine snapshot of 2021-03-02"),
    )
    database.close()
    return path


WAYBACK = "https://web.archive.org/web/20210302000000/https://arxiv.org/abs/1409.0473"


def _get(ds: Datasette, path: str, as_json: bool = True) -> Any:
    async def fetch() -> Any:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json() if as_json else response.text

    return asyncio.run(fetch())


@pytest.fixture(scope="module")
def ds(db_path: Path) -> Datasette:
    return Datasette([str(db_path)], metadata=METADATA)


def test_facets(ds: Datasette) -> None:
    # The reading list's facets (issue #17): kind, status, topic (the topics of the notes
    # that mention it, issue #14), domain and year; tags, arXiv category and authors are
    # still one request away.
    facets = _get(ds, "/readlist/resources.json?_facet_size=max")["facet_results"]
    assert set(facets) == {"kind", "status", "topics", "domain", "year"}
    kinds = {row["value"] for row in facets["kind"]["results"]}
    assert {"paper", "model", "repo", "site", "video"} <= kinds
    assert "concept" not in kinds
    assert "Self-Attention" in {row["value"] for row in facets["topics"]["results"]}
    more = _get(
        ds,
        "/readlist/resources.json?_facet=primary_category&_facet_array=authors&_facet_array=tags",
    )
    assert {"primary_category", "authors", "tags"} <= set(more["facet_results"])
    assert "cnn" in {row["value"] for row in more["facet_results"]["tags"]["results"]}
    notes = _get(ds, "/readlist/notes.json")["facet_results"]
    assert {row["value"] for row in notes["categories"]["results"]} >= {"NLP"}


def test_search_finds_papers_and_notes(ds: Datasette) -> None:
    found = _get(ds, "/readlist/resources.json?_search=ResNet&_shape=array")
    assert "arxiv:1512.03385" in {row["id"] for row in found}
    lines = _get(ds, "/readlist/lines.json?_search=ResNet&_shape=array")
    assert lines and all("resnet" in line["text"].lower() for line in lines)


def test_mentions_keep_their_columns_facets_and_search(ds: Datasette) -> None:
    """`mentions` is a view over mention_rows and lines (issue #22) with SPEC.md's columns;
    its facets and its search box (over the lines' index) work as on a table."""
    page = _get(ds, "/readlist/mentions.json?_search=ResNet&_shape=objects")
    assert page["columns"][:6] == ["id", "resource_id", "note_path", "line", "surface", "context"]
    rows = page["rows"]
    assert rows and all("resnet" in row["context"].lower() for row in rows)
    assert {"source", "note_path"} <= set(page["facet_results"])
    urls = _get(ds, "/readlist/mentions.json?source=url&_shape=array")
    assert urls and all(row["surface"] in row["context"] for row in urls)


@pytest.mark.parametrize("word", ["어텐션", "트랜스포머"])
def test_search_korean_with_particles(ds: Datasette, word: str) -> None:
    rows = _get(ds, f"/readlist/lines.json?_search={word}&_shape=array")
    assert rows, word
    assert all(word in row["text"] for row in rows)


def test_search_follows_edits(db_path: Path) -> None:
    database = readlist_db.open_db(db_path)
    database.execute(
        "update resources set user_note = 'quokka reading group' where id = 'arxiv:1512.03385'"
    )
    database.conn.commit()
    hits = database.execute(
        "select rowid from resources_fts where resources_fts match '\"quokka\"'"
    ).fetchall()
    database.close()
    assert len(hits) == 1


QUERIES = {
    "study_plan": "",
    "most_mentioned": "",
    "where_mentioned": "?name=ResNet",
    "papers_by_year": "",
    "broken_links": "",
    "note_citations": "?note=korean",
    "search_lines": "?text=논문",
    "new_papers": "",
    "dead_links": "",
}


@pytest.mark.parametrize(("query", "params"), QUERIES.items())
def test_canned_queries(ds: Datasette, query: str, params: str) -> None:
    sep = "&" if params else "?"
    rows = _get(ds, f"/readlist/{query}.json{params}{sep}_shape=array")
    assert rows, query
    if query == "where_mentioned":
        assert {row["name"] for row in rows} >= {"ResNet"}
        assert all(row["line"] > 0 for row in rows)
    if query == "new_papers":  # newest day first, with why and how to add it
        assert [(r["day"], r["arxiv_id"]) for r in rows] == [
            ("2024-12-04", "2412.05678"),
            ("2024-12-03", "2412.01234"),
        ]
        assert rows[0]["why"] == "like ResNet; keyword: efficient"
        assert rows[0]["add_it"] == "readlist mark 2412.05678 todo"
    if query == "broken_links":
        assert [row["id"] for row in rows] == ["url:https://ruder.io/"]
    if query == "dead_links":
        # every note and line that writes the dead link, with its replacement
        assert {(r["note"], r["line"]) for r in rows} >= {("어텐션 정리", 6)}
        assert {(r["old_url"], r["status"], r["suggestion"], r["source"]) for r in rows} == {
            ("https://arxiv.org/abs/1409.0473", "gone", WAYBACK, "wayback")
        }
    if query == "note_citations":
        assert {row["name"] for row in rows} >= {"Bahdanau Attention", "Transformer"}
    if query == "study_plan":
        assert rows[0]["notes"] >= rows[-1]["notes"]
    if query == "search_lines":  # two characters: the trigram index finds nothing
        assert all("논문" in row["text"] for row in rows)
        assert "korean.md" in {row["note_path"] for row in rows}
        fts = _get(ds, "/readlist/lines.json?_search=논문&_shape=array")
        assert fts == []


def test_study_plan_query_is_the_export_order(ds: Datasette, db_path: Path) -> None:
    # The canned query restates plan.py's order in SQL: the two must not drift apart.
    rows = _get(ds, "/readlist/study_plan.json?_shape=array&_size=max")
    exported = runner.invoke(app, ["export", "--db", str(db_path), "--format", "json"])
    assert exported.exit_code == 0, exported.output
    plan = json.loads(exported.stdout)
    assert len(rows) == len(plan) > 100
    assert [row["id"] for row in rows] == [item["id"] for item in plan]


def test_every_canned_query_is_tested() -> None:
    assert set(METADATA["databases"]["readlist"]["queries"]) == set(QUERIES)


def test_titles_are_escaped(ds: Datasette) -> None:
    html = _get(ds, "/readlist/resources?id=url:https://ruder.io/", as_json=False)
    assert "<script>alert(1)</script>Safe title" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Safe title" in html


def test_view_with_details(ds: Datasette) -> None:
    rows = _get(ds, "/readlist/mention_details.json?resource_id=arxiv:1409.0473&_shape=array")
    assert {row["note_title"] for row in rows} >= {"어텐션 정리"}


def test_killed_bulk_extract_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    database = readlist_db.open_db(path)
    readlist_db.suspend_search_index(database)  # as if a bulk extract died here
    database.execute("insert into resources (id, kind, name) values ('name:x', 'model', 'Quokka')")
    database.conn.commit()
    database.close()
    database = readlist_db.open_db(path)
    triggers = database.execute("select name from sqlite_master where type = 'trigger'")
    assert sorted(name for (name,) in triggers) == [
        *("lines_ad", "lines_ai", "lines_au", "notes_id"),
        *("resources_ad", "resources_ai", "resources_au"),
    ]
    hits = database.execute("select count(*) from resources_fts where resources_fts match 'Quokka'")
    assert hits.fetchone() == (1,)


def test_charts_page(ds: Datasette) -> None:
    html = _get(ds, "/charts", as_json=False)
    charts = ("chart-progress", "chart-done-over-time", "chart-years", "chart-kinds",
              "chart-topics", "chart-categories")  # fmt: skip
    for chart in charts:
        assert f'id="{chart}"' in html
    # nothing marked done yet: that chart says so instead of drawing
    drawn = re.findall(r'<section class="rl-chart" id="([^"]+)">\s*<h2>[^<]*</h2>\s*<svg', html)
    assert drawn == [c for c in charts if c != "chart-done-over-time"]
    assert "<title>todo:" in html
    # drawn on the server: no script from another host, so it works offline
    assert re.findall(r"<script[^>]+src=[\"'](?:https?:)?//", html) == []
