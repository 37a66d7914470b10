"""One resource under several keys (issue #14): when enrich learns that a paper host's row
is an arXiv paper (or has a DOI another row is keyed by), the rows become one, and every
later extract, `readlist mark` and the resource page find it by the key given up."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from typer.testing import CliRunner

from readlist import identity
from readlist.cli import app
from readlist.db import open_db, write_transaction

from .conftest import extract, write_note

runner = CliRunner()
PWC = "https://paperswithcode.com/paper/deep-residual-learning-for-image"


def _rows(db_path: Path) -> dict[str, tuple[str, int, str]]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select id, name, mention_count, status from resources").fetchall()
    return {rid: (name, count, status) for rid, name, count, status in rows}


def _adopt(db_path: Path, resource_id: str, arxiv_id: str | None, doi: str | None) -> str:
    database = open_db(db_path)
    try:
        with write_transaction(database):
            return identity.adopt_keys(database, resource_id, arxiv_id, doi)
    finally:
        database.close()


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    write_note(folder, "a.md", f"- [Deep Residual Learning for Image Recognition]({PWC})\n")
    write_note(folder, "b.md", "- ResNet 원문: https://arxiv.org/abs/1512.03385\n")
    return folder


def test_a_paper_host_row_that_learns_its_arxiv_id_merges_into_the_arxiv_row(
    notes: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "readlist.db"
    extract(notes, db_path, "-q")
    pwc_key = "pwc:deep-residual-learning-for-image"
    before = _rows(db_path)
    mentions = before[pwc_key][1] + before["arxiv:1512.03385"][1]
    marked = runner.invoke(app, ["mark", pwc_key, "reading", "--db", str(db_path)])
    assert marked.exit_code == 0, marked.output

    assert _adopt(db_path, pwc_key, "1512.03385", None) == "arxiv:1512.03385"

    rows = _rows(db_path)
    assert pwc_key not in rows
    _, count, status = rows["arxiv:1512.03385"]
    assert (count, status) == (mentions, "reading")  # both rows' mentions; the user's status
    with sqlite3.connect(db_path) as conn:
        history = conn.execute("select resource_id from status_changes").fetchall()
        surfaces = {s for (s,) in conn.execute("select surface from mentions")}
    assert history == [("arxiv:1512.03385",)]
    assert "Deep Residual Learning for Image Recognition" in surfaces

    # A later extract of the note that links the PwC page lands on the survivor.
    write_note(notes, "a.md", f"- [Deep Residual Learning for Image Recognition]({PWC}) 다시\n")
    extract(notes, db_path, "-q")
    rows = _rows(db_path)
    assert pwc_key not in rows and rows["arxiv:1512.03385"][1] == mentions
    # `readlist mark` takes the old key.
    again = runner.invoke(app, ["mark", pwc_key, "done", "--db", str(db_path)])
    assert again.exit_code == 0, again.output
    assert _rows(db_path)["arxiv:1512.03385"][2] == "done"


def test_with_no_arxiv_row_yet_the_row_is_renamed_to_its_arxiv_key(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    page = "https://paperswithcode.com/paper/a-study-of-widget-networks"
    write_note(folder, "a.md", f"- [A Study of Widget Networks]({page})\n")
    db_path = tmp_path / "readlist.db"
    extract(folder, db_path, "-q")
    assert list(_rows(db_path)) == ["pwc:a-study-of-widget-networks"]
    _adopt(db_path, "pwc:a-study-of-widget-networks", "2101.00001", None)
    rows = _rows(db_path)
    assert rows == {"arxiv:2101.00001": ("A Study of Widget Networks", 1, "todo")}
    with sqlite3.connect(db_path) as conn:
        url = conn.execute("select url from resources").fetchone()[0]
    assert url == page  # the address the notes wrote, until enrich finds a better one


def test_a_doi_learned_merges_the_doi_row_into_the_paper_hosts_row(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write_note(folder, "a.md", "- BERT: https://aclanthology.org/N19-1423/\n")
    write_note(folder, "b.md", "- https://doi.org/10.18653/v1/N19-1423\n")
    db_path = tmp_path / "readlist.db"
    extract(folder, db_path, "-q")
    doi_keys = [key for key in _rows(db_path) if key.startswith("doi:")]
    assert len(doi_keys) == 1
    doi = doi_keys[0].removeprefix("doi:")
    assert _adopt(db_path, "acl:N19-1423", None, doi) == "acl:N19-1423"
    rows = _rows(db_path)
    assert doi_keys[0] not in rows and rows["acl:N19-1423"][1] == 2
    database = open_db(db_path)
    try:
        assert identity.alias_map(database) == {doi_keys[0]: "acl:N19-1423"}
    finally:
        database.close()


def test_guessed_names_are_never_merged(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    # a compound nobody lists (RT-DETR is a harvested entry now, no longer a guess)
    write_note(folder, "a.md", "- ZQ-DETR 을 읽자\n- https://arxiv.org/abs/1512.03385\n")
    db_path = tmp_path / "readlist.db"
    extract(folder, db_path, "-q")
    guessed = [key for key in _rows(db_path) if key.startswith("name:")]
    assert guessed
    assert _adopt(db_path, guessed[0], "1512.03385", None) == guessed[0]
    assert set(_rows(db_path)) >= {guessed[0], "arxiv:1512.03385"}


def test_the_old_keys_page_leads_to_the_survivor(notes: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "readlist.db"
    extract(notes, db_path, "-q")
    _adopt(db_path, "pwc:deep-residual-learning-for-image", "1512.03385", None)

    async def get(path: str) -> httpx.Response:
        response: httpx.Response = await Datasette([str(db_path)]).client.get(path)
        return response

    moved = asyncio.run(get("/resource/pwc:deep-residual-learning-for-image"))
    assert moved.status_code == 302
    assert moved.headers["location"] == "/resource/arxiv:1512.03385"
    assert asyncio.run(get("/resource/pwc:no-such-paper")).status_code == 404
