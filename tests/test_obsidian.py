"""Obsidian's own syntax (issue #21): wikilinks in `note_links`, a link to a note about a
resource as a mention of it, embeds, inline tags and aliases; shown on the note page."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from datasette.app import Datasette
from typer.testing import CliRunner

from readlist import serve
from readlist.obsidian import find_inline_tags, find_wikilinks
from readlist.urls import code_spans

from .conftest import FIXTURES, REPO, extract, rows, write_note

runner = CliRunner()
VAULT = FIXTURES / "formats" / "vault"
DAILY = "Daily/2024-03-02.md"


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "vault"
    shutil.copytree(VAULT, folder)
    db_path = tmp_path / "readlist.db"
    extract(folder, db_path)
    return folder, db_path


def test_wikilinks_are_the_vaults_graph(vault: tuple[Path, Path]) -> None:
    _, db_path = vault
    assert rows(
        db_path,
        "select note_path, line, target, heading, alias, embed, target_path from note_links "
        "order by id",
    ) == [
        (DAILY, 5, "변분 오토인코더", None, None, 0, "Papers/변분 오토인코더.md"),
        (DAILY, 6, "ResNet", None, "레즈넷 논문", 0, "Papers/ResNet.md"),
        (DAILY, 6, "Attention", "Scaled dot product", "어텐션 정리", 0, "Attention.md"),
        (DAILY, 7, "Attention", None, None, 1, "Attention.md"),  # ![[Attention]] embeds a note
        (DAILY, 9, "아직 없는 노트", None, None, 0, None),  # no such note (yet)
    ]  # ![[diagram.png]] and ![[resnet-block.png]] are assets; [[NotALink]] is in code


def test_a_link_to_a_note_about_a_resource_is_a_mention_of_it(vault: tuple[Path, Path]) -> None:
    _, db_path = vault
    assert rows(
        db_path,
        "select line, surface, resource_id, source from mentions "
        f"where note_path = '{DAILY}' order by line, id",
    ) == [
        (6, "ResNet", "arxiv:1512.03385", "name"),  # "ResNet 복습"
        # the target's name decides, not the text shown ("레즈넷 논문")
        (6, "ResNet", "arxiv:1512.03385", "wikilink"),
        (10, "https://arxiv.org/abs/1409.0473", "arxiv:1409.0473", "url"),  # [[paper]](url)
        (16, "https://example.com/page#section", "url:https://example.com/page", "url"),
    ]
    # the link on line 5 goes to a note whose title is a Korean spelling of VAE (hangul.py):
    # a model family, which a note named so is about, as in the body (a topic)
    assert rows(db_path, f"select topic from topics where note_path = '{DAILY}' and line = 5") == [
        ("Variational Autoencoder",)
    ]


def test_inline_tags_and_aliases(vault: tuple[Path, Path]) -> None:
    _, db_path = vault
    assert rows(db_path, f"select tags, aliases from notes where path = '{DAILY}'") == [
        ('["daily", "paper-reading", "딥러닝/생성모델"]', None)  # not #include, #12, #section
    ]
    assert rows(
        db_path, "select title, aliases from notes where path = 'Papers/변분 오토인코더.md'"
    ) == [("변분 오토인코더", '["VAE", "Variational Autoencoder"]')]


def test_an_alias_added_later_rereads_the_notes_that_link_there(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    write_note(folder, "daily.md", "오늘 [[생성 모델 메모]] 정리\n")
    write_note(folder, "생성 모델 메모.md", "# 생성 모델 메모\n")
    db_path = tmp_path / "r.db"
    extract(folder, db_path)
    assert rows(db_path, "select count(*) from mentions where note_path = 'daily.md'") == [(0,)]
    write_note(folder, "생성 모델 메모.md", "---\naliases: [DCGAN]\n---\n# 생성 모델 메모\n")
    assert "1 edited, 1 unchanged" in extract(folder, db_path)
    assert rows(
        db_path, "select surface, resource_id, source from mentions where note_path = 'daily.md'"
    ) == [("[[생성 모델 메모]]", "arxiv:1511.06434", "wikilink")]
    # the note about it deleted: the link is nothing again, and points nowhere
    (folder / "생성 모델 메모.md").unlink()
    assert "1 deleted" in extract(folder, db_path)
    assert rows(db_path, "select count(*) from mentions where note_path = 'daily.md'") == [(0,)]
    assert rows(db_path, "select target_path from note_links") == [(None,)]


def test_one_rule_for_the_alias_text(tmp_path: Path) -> None:
    """`[[ResNet|레즈넷 정리]]` is a mention through its target, not its shown text; a link
    to a note about nothing known is no mention, whatever it shows."""
    folder = tmp_path / "vault"
    write_note(folder, "a.md", "[[ResNet|레즈넷 정리]], [[메모|Transformer]]\n")
    db_path = tmp_path / "r.db"
    extract(folder, db_path)
    assert rows(db_path, "select surface, resource_id, source from mentions") == [
        ("ResNet", "arxiv:1512.03385", "wikilink")
    ]


def test_finders() -> None:
    text = "a [[Note#Head|shown]] ![[img.PNG]] [[paper]](https://x.org) `[[code]]` [[ ]] #tag1 #1"
    links = find_wikilinks(text, code_spans(text))
    assert [(k.target, k.heading, k.alias, k.embed, k.is_asset) for k in links] == [
        ("Note", "Head", "shown", False, False),
        ("img.PNG", None, None, True, True),
    ]
    assert text[links[0].target_start : links[0].target_start + 4] == "Note"
    assert find_inline_tags("#a x#b (#c) `#d` # e ## f #1 #2x #한글/하위", code_spans) == (
        "a", "c", "2x", "한글/하위"
    )  # fmt: skip


def test_the_note_page_shows_its_links_and_backlinks(vault: tuple[Path, Path]) -> None:
    _, db_path = vault
    metadata = serve.metadata_for(db_path, REPO / "metadata.yml")
    ds = Datasette([str(db_path)], metadata=metadata)

    async def get(path: str) -> str:
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        return str(response.text)

    daily = asyncio.run(get("/note/Daily/2024-03-02.md"))
    assert "Links to" in daily and "아직 없는 노트" in daily and "(no such note)" in daily
    assert 'href="/note/Papers/ResNet.md"' in daily and "레즈넷 논문" in daily
    assert "#paper-reading" in daily
    target = asyncio.run(
        get("/note/Papers/%EB%B3%80%EB%B6%84%20%EC%98%A4%ED%86%A0%EC%9D%B8%EC%BD%94%EB%8D%94.md")
    )
    assert "Linked from" in target and "2024-03-02 공부 기록" in target
    assert "Also called: VAE, Variational Autoencoder" in target
    links = asyncio.run(get("/readlist/note_links.json?_shape=array&target_path=Attention.md"))
    assert links.count('"Attention"') == 2


def test_a_notebook_mention_shows_its_cell(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    shutil.copytree(FIXTURES / "formats" / "course", folder)
    db_path = tmp_path / "r.db"
    extract(folder, db_path)
    ds = Datasette([str(db_path)], metadata=serve.metadata_for(db_path, REPO / "metadata.yml"))

    async def get() -> str:
        response = await ds.client.get("/note/lecture03-cnn.ipynb")
        return str(response.text)

    page = asyncio.run(get())
    assert "(cell 2, line 1)" in page and "notebook" in page
