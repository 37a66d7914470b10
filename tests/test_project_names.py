"""A project a note links is named where the note writes its name (issue #14, tools).

Examples written here; none is taken from the blind sets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.entries import parse_common_words
from readlist.ids import classify_url
from readlist.names import Gazetteer
from readlist.restated import find_project_names, linked_projects, project_name
from readlist.spans import SpanSet

from .conftest import REPO, mentions_in

_COMMON_WORDS = parse_common_words((REPO / "data" / "common-words.txt").read_bytes())


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://github.com/acme/ternbox", "ternbox"),
        ("https://github.com/acme/ternbox.git", "ternbox"),
        ("https://github.com/acme/ternbox/tree/main/docs", "ternbox"),
        ("https://huggingface.co/quill/quillbert-base", "quillbert-base"),
        ("https://huggingface.co/bert-base-uncased", "bert-base-uncased"),
        ("https://pypi.org/project/vellum-db/", "vellum-db"),
        ("https://gitlab.com/acme/glyphon", "glyphon"),
        # Hugging Face's own pages and other sites end on no project
        ("https://huggingface.co/docs/transformers", None),
        ("https://huggingface.co/datasets/acme/notes", None),
        ("https://github.com/acme", None),
        ("https://example.org/acme/ternbox", None),
    ],
)
def test_the_name_an_address_ends_on(url: str, name: str | None) -> None:
    assert project_name(url) == name


def _names(text: str, urls: list[str]) -> list[str]:
    """The project names `text` writes, its URLs `urls` taken (as extract takes them)."""
    links = [(url, target) for url in urls if (target := classify_url(url)) is not None]
    where = SpanSet(
        sorted((m.start(), m.end()) for u in urls for m in re.finditer(re.escape(u), text))
    )
    projects = linked_projects(text, links)
    return [s for _, _, s, _ in find_project_names(text, projects, where, _COMMON_WORDS)]


def test_a_linked_projects_name_in_prose_is_a_name_of_it() -> None:
    text = (
        "I served the model with Ternbox, tuned quillbert-base and stored rows in vellum_db.\n"
        "- https://github.com/acme/ternbox\n"
        "- https://huggingface.co/quill/quillbert-base\n"
        "- https://pypi.org/project/vellum-db/\n"
        "Ternbox를 다시 썼다.\n"
    )
    urls = [
        "https://github.com/acme/ternbox",
        "https://huggingface.co/quill/quillbert-base",
        "https://pypi.org/project/vellum-db/",
    ]
    assert _names(text, urls) == ["Ternbox", "quillbert-base", "vellum_db", "Ternbox"]


@pytest.mark.parametrize(
    "text",
    [
        "We use ray for the sweep and Black for formatting.",  # words, whatever a link says
        "All Datasets are public.",
        "Clone acme/ternbox first.",  # a path, not the name
        "ternbox.yaml holds the settings.",  # a file
    ],
)
def test_words_paths_and_files_are_no_names(text: str) -> None:
    urls = [
        "https://github.com/ray-project/ray",
        "https://github.com/psf/black",
        "https://github.com/huggingface/datasets",
        "https://github.com/acme/ternbox",
    ]
    assert _names(text, urls) == []


def test_a_name_two_links_end_on_says_nothing() -> None:
    urls = ["https://github.com/acme/ternbox", "https://github.com/other/ternbox"]
    assert _names("Ternbox is fast.", urls) == []


def test_in_a_note_the_mention_is_the_linked_repository(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "# 100-Days-Of-Quill\n\n"
        "Ternbox serves the model; `ternbox serve` starts it.\n\n"
        "- [ternbox](https://github.com/acme/ternbox)\n"
        "- [code](https://github.com/acme/100-Days-Of-Quill)\n"
        "- [Topics](https://github.com/topics/ternbox)\n"
    )
    mentions = mentions_in(tmp_path, "note.md", text, gazetteer)
    names = [(m.line, m.surface, m.target.key) for m in mentions if m.source == "name"]
    # not the note's own title, not in code, not the link's own text
    assert names == [(3, "Ternbox", "github:acme/ternbox")]
    links = [m.target.key for m in mentions if m.source == "url"]
    assert "github:acme/ternbox" in links


def test_a_readmes_own_title_is_no_mention_of_its_repository(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    # the README of a repository, titled with its name and linking it: the note itself
    text = (
        "# 100-Days-Of-Quill\n\n"
        "- [100-Days-Of-Quill](https://github.com/acme/100-Days-Of-Quill)\n\n"
        "Day 3 of 100-Days-Of-Quill went well.\n"
    )
    mentions = mentions_in(tmp_path, "README.md", text, gazetteer)
    names = [(m.line, m.surface) for m in mentions if m.source in ("name", "candidate")]
    assert names == [(5, "100-Days-Of-Quill")]
