"""A standalone author-year citation (issue #14, part 4) is resolved by enrich from its
first author, its year and the words of the lines that cite it, or left unresolved —
against a local server in Semantic Scholar's real JSON format."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.citations import parse_citation_name
from readlist.cli import app
from readlist.db import open_db
from readlist.enrich import EnrichOptions, Services, enrich
from readlist.enrich.arxiv import ArxivClient
from readlist.enrich.citations import context_words, pick_cited
from readlist.enrich.scholar import PacedJson, ScholarPaper, SemanticScholar
from readlist.net import Fetcher, Guard, make_client

from .conftest import write_note
from .http_server import LocalServer

runner = CliRunner()
LOOPBACK = Guard(allow=("127.0.0.1/32",))


@pytest.fixture
def services(server: LocalServer) -> Iterator[Services]:
    with make_client(timeout=2.0, connect_timeout=2.0) as client:
        api = Fetcher(client, guard=LOOPBACK, retries=0)
        yield Services(
            arxiv=ArxivClient(api, server.arxiv_api, min_interval=0.0),
            pages=Fetcher(client, guard=LOOPBACK, deadline=4.0),
            scholar=SemanticScholar(
                PacedJson(api, min_interval=0.0, sleep=lambda s: None), server.s2_api
            ),
        )


def _paper(title: str, first_author: str, year: int) -> ScholarPaper:
    return ScholarPaper(
        title, (first_author, "B. Other"), year, None, None, None, 0, None, None, "s2"
    )


def test_the_guess_carries_the_first_author_and_the_year() -> None:
    assert parse_citation_name("He et al. 2016") == ("He", 2016)
    assert parse_citation_name("Kingma and Ba 2014") == ("Kingma", 2014)
    assert parse_citation_name("Kingma & Ba 2014") == ("Kingma", 2014)
    assert parse_citation_name("ResNet") is None


def test_the_paper_is_the_first_authors_of_that_year_whose_title_shares_the_words() -> None:
    words = context_words(
        ["As He et al. (2016) showed, identity shortcuts keep very deep networks trainable."],
        ["He et al. (2016)"],
    )
    assert words == ["identity", "shortcuts", "keep", "deep", "networks", "trainable"]
    right = _paper("Identity Mappings in Deep Residual Networks", "Kaiming He", 2016)
    candidates = [
        _paper("Deep Residual Learning for Image Recognition", "Kaiming He", 2016),
        _paper("Identity Networks for Deep Shortcuts", "Jane Smith", 2016),  # another author
        _paper("Deep Identity Networks", "Kaiming He", 2012),  # another year
        right,
    ]
    assert pick_cited("He", 2016, words, candidates)[0] is right
    # A preprint from the year before counts; a surname with an accent too.
    preprint = _paper("Identity shortcuts", "Bernhard Schölkopf", 2015)
    assert pick_cited("Scholkopf", 2016, words, [preprint])[0] is preprint
    assert pick_cited("He", 2016, words, candidates[:1])[0] is not None  # "deep" is shared
    assert pick_cited("He", 2016, ["quokka"], candidates)[0] is None


def test_enrich_resolves_a_standalone_citation_or_says_why_not(
    tmp_path: Path, server: LocalServer, services: Services
) -> None:
    notes = tmp_path / "notes"
    write_note(
        notes,
        "resnet.md",
        "# 메모\n\nAs He et al. (2016) showed, identity shortcuts keep deep networks trainable.\n\n"
        "Smith et al. (2016) found that quokkas prefer shade.\n",
    )
    db_path = tmp_path / "readlist.db"
    result = runner.invoke(app, ["extract", str(notes), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    database = open_db(db_path)
    try:
        summary = enrich(database, services, EnrichOptions(only=frozenset({"names"})))
    finally:
        database.close()
    with sqlite3.connect(db_path) as conn:
        rows = {
            row[0]: row[1:]
            for row in conn.execute(
                "select id, name, arxiv_id, enrich_status, enrich_error from resources"
            )
        }
    assert rows["name:he-et-al-2016"][:3] == (
        "Identity Mappings in Deep Residual Networks",
        "1603.05027",
        "ok",
    )
    status, error = rows["name:smith-et-al-2016"][2:]
    assert status == "unresolved" and "Smith" in error and "2016" in error
    assert summary.unresolved == 1
    searches = server.requests_to("/s2/graph/v1/paper/search") or [
        r for r in server.requests if r.path.endswith("/paper/search")
    ]
    assert {r.query.get("year") for r in searches} == {"2015-2016"}
