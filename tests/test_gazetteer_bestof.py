"""ml-tooling's best-of lists in the harvested gazetteer (gazbuild.bestof): the parser on a short
projects.yaml written here in the shape the best-of generator reads, the merge rule that keeps
an earlier source's entry, and tools the shipped gazetteer now knows, found in a note written
here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import bestof
from gazbuild.merge import merge_records
from gazbuild.records import Record

# Categories (one ignored), a resource, a project without a GitHub id, package ids that are
# the name spelt otherwise or with an affix, names that read as words, and two projects of
# one name.
PROJECTS = """\
configuration:
  min_stars: 100
categories:
  - category: "image"
    title: "Image Data"
    subtitle: "Libraries for images."
  - category: "rl"
    title: "Reinforcement Learning"
  - category: "misc"
    title: "Miscellaneous"
  - category: "regional"
    title: "Regional NLP"
    ignore: True
projects:
  - name: Quillfire Vision
    github_id: example-org/quillfire
    pypi_id: quillfire-vision
    category: image
    labels: ["pytorch"]
  - name: Zorblax
    github_id: zorb/zorblax
    pypi_id: pyzorblax
    category: rl
  - name: Kindle
    github_id: example-org/kindle
    pypi_id: torch-kindle
    category: rl
  - name: Determined
    github_id: example-org/determined
    pypi_id: determined
    category: misc
  - name: baselines
    github_id: example-org/baselines
    category: rl
  - name: typing
    github_id: example-org/typing
    pypi_id: typing
  - name: param
    github_id: example-org/param
  - name: Wexler Tables
    homepage: https://wexler.example/
    pypi_id: wexler
    category: misc
  - name: Glimmerdoc
    github_id: example-org/glimmerdoc
    category: regional
  - name: best-of-everything
    github_id: example-org/best-of-everything
    category: misc
    resource: True
  - name: plinth
    github_id: plinth-dates/plinth
    category: misc
  - name: Plinth
    github_id: apache-example/plinth
    pypi_id: pyplinth
    category: misc
"""


def test_projects_become_tools_with_their_repositories() -> None:
    records = list(bestof.parse_file("projects.yaml", PROJECTS, {"kind": "tool"}))
    assert [(r.name, r.kind, r.url, r.aliases, r.tags) for r in records] == [
        # the PyPI id is the name in another case: the merge would keep one of the two
        ("Quillfire Vision", "tool", "https://github.com/example-org/quillfire", (), ("vision",)),
        # the PyPI id is the name with a package's affix
        (
            "Zorblax",
            "tool",
            "https://github.com/zorb/zorblax",
            ("pyzorblax",),
            ("reinforcement-learning",),
        ),
        # "Kindle" reads as a word; its package id names it
        (
            "torch-kindle",
            "tool",
            "https://github.com/example-org/kindle",
            (),
            ("reinforcement-learning",),
        ),
        # no GitHub id: the home page; "wexler" is another name, not an alias
        ("Wexler Tables", "tool", "https://wexler.example/", (), ()),
    ]
    # Determined, baselines, typing and param read as words; Glimmerdoc's category is
    # ignored; the resource is another list; plinth and Plinth are two projects
    assert all(r.defers for r in records)


def test_names_that_read_as_words() -> None:
    for word in ("Ignite", "Celery", "six", "baselines", "decorator", "robustness", "typing"):
        assert bestof.reads_as_a_word(word), word
    for name in ("CPython", "cpython", "redis", "TPOT", "CNTK", "pytorch-ignite", "Streamlit"):
        assert not bestof.reads_as_a_word(name), name
    assert bestof.reads_as_a_word("TTS")  # three capitals: an abbreviation


def _record(name: str, priority: int, kind: str, **fields: object) -> Record:
    return Record(
        name=name,
        kind=kind,
        path="x.md",
        source=f"src{priority}/repo@{'0' * 40}:x.md",
        priority=priority,
        **fields,  # type: ignore[arg-type]
    )


def test_an_earlier_sources_spelling_keeps_its_entry() -> None:
    entries, conflicts = merge_records(
        [
            _record("TensorFlow", 5, "tool", defers=True, url="https://www.tensorflow.org/"),
            _record("Tensorflow", 9, "tool", defers=True, url="https://github.com/tf/tf"),
            _record("FABRIC", 2, "paper", arxiv="2307.10159"),
            _record("fabric", 9, "tool", defers=True, url="https://github.com/fabric/fabric"),
        ]
    )
    assert [(e["name"], e["kind"], e["url"]) for e in entries] == [
        ("FABRIC", "paper", "https://arxiv.org/abs/2307.10159"),
        ("TensorFlow", "tool", "https://www.tensorflow.org/"),
    ]
    assert [c.name for c in conflicts if c.rule == "name held by an entry of another source"] == [
        "fabric"
    ]


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def test_best_of_tools_are_found_in_a_note(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "# Week 12\n\n"
        "Profiled the service under CPython and moved the training loop to pytorch-ignite.\n"
        "OpenAI Gym for the toy agents; forecasts with fbprophet.\n"
        "Ignite the grill; the baselines were weak; a six-month plan; typing is slow.\n"
    )
    mentions = mentions_in(tmp_path, "week-12.md", text, gazetteer)
    found = [(m.surface, m.target.name, m.target.kind) for m in mentions if m.source == "name"]
    assert found == [
        ("CPython", "cpython", "tool"),
        ("pytorch-ignite", "pytorch-ignite", "tool"),
        ("OpenAI Gym", "OpenAI Gym", "tool"),
        ("fbprophet", "fbprophet", "tool"),
    ]  # "Ignite", "baselines", "six" and "typing" are words here
