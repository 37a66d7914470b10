"""Link lists of tools, sites and books in the harvested gazetteer (gazbuild.linklist): the
parser on a short list written here in the shape such lists have, the merge rule that keeps
their items from taking over other sources' names, and names the shipped gazetteer now
knows, found in a note written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import linklist
from gazbuild.merge import merge_records
from gazbuild.records import Record

COMMIT = "0" * 40

# Setext and ATX headings, nested items, a sub-heading item with no link, a table, a video,
# generic names and short abbreviations, as awesome lists write them.
LINK_LIST = """\
Awesome Study Resources
=======================

* [Jump to tools](#tools)

Podcasts
--------

* [NeuroBytes Radio](https://neurobytes.example/) - weekly talk about models
* [Loss Landscape Live](https://www.youtube.com/playlist?list=PL123) - a video series
* [Machine Learning](https://ml-talk.example/) - a generic name

## Tutorials

* [Fine-Tuning Foobar Step by Step](https://blog.example/foobar)

## Tools

### Natural Language Processing

- Tokenisers
  - [wordsmithy](https://github.com/example/wordsmithy) - a tokeniser library
  - [NLP](https://github.com/example/NLP.jl) - an abbreviation, not a name
  - [graph](https://github.com/example/graph) - an ordinary word
- [QuillKit (Rust port)](https://quillkit.example/) - a parser

### Misc

| Link | Description |
| --- | --- |
| [TraceHound](https://github.com/example/tracehound) | experiment tracking |

## Books

* [Zettelkasten for Modellers: A Field Guide](https://books.example/zettel) - Book
* [Deep Learning](https://books.example/dl) - a generic title

```
* [Inside Code](https://not.example/) - never read
```
"""

OPTIONS = {
    "sections": [
        {"heading": "^podcasts$", "kind": "site"},
        {"within": "^tools$", "heading": "natural language", "kind": "tool"},
        {"within": "^tools$", "heading": "^misc$", "kind": "tool"},
        {"files": "*.md", "heading": "^books$", "kind": "book"},
    ]
}


def test_link_list_items_by_section() -> None:
    records = list(linklist.parse_file("README.md", LINK_LIST, OPTIONS))
    assert [(r.name, r.kind, r.url, r.title) for r in records] == [
        ("NeuroBytes Radio", "site", "https://neurobytes.example/", None),
        ("wordsmithy", "tool", "https://github.com/example/wordsmithy", None),
        ("QuillKit", "tool", "https://quillkit.example/", None),
        ("TraceHound", "tool", "https://github.com/example/tracehound", None),
        (
            "Zettelkasten for Modellers",
            "book",
            "https://books.example/zettel",
            "Zettelkasten for Modellers: A Field Guide",
        ),
    ]
    assert all(r.defers for r in records)
    assert records[1].tags == ("nlp",)  # from "Natural Language Processing", not the title


def test_a_rule_can_name_the_file() -> None:
    options = {"sections": [{"files": "books.md", "kind": "book"}]}
    text = "# Free books\n\n* [Zettelkasten for Modellers](https://books.example/zettel)\n"
    assert [r.name for r in linklist.parse_file("books.md", text, options)] == [
        "Zettelkasten for Modellers"
    ]
    assert list(linklist.parse_file("README.md", text, options)) == []


def test_generic_names() -> None:
    assert linklist.is_generic("Machine Learning", "book")
    assert linklist.is_generic("Spark", "tool") and linklist.is_generic("graph", "tool")
    assert linklist.is_generic("Embeddings", "tool")  # a plural of an ordinary word
    assert linklist.is_generic("SVM", "tool") and linklist.is_generic("rnn", "tool")
    assert not linklist.is_generic("modAL", "tool")  # a capital inside: a coined name
    assert not linklist.is_generic("fast.ai", "site")
    assert not linklist.is_generic("The Data Science Handbook", "book")  # four words
    assert not linklist.is_generic("Linear Digressions", "site")
    # a subtitle of ordinary words leaves the whole title as the book's name
    text = "## Books\n\n* [Probing Neural Nets: A Field Guide](https://books.example/p)\n"
    (book,) = linklist.parse_file("README.md", text, OPTIONS)
    assert (book.name, book.title) == ("Probing Neural Nets: A Field Guide", None)


def _record(name: str, priority: int, kind: str, *, defers: bool = False, **fields: str) -> Record:
    return Record(
        name=name,
        kind=kind,
        path="x.md",
        source=f"o/r{priority}@{COMMIT}:x.md",
        priority=priority,
        defers=defers,
        **fields,  # type: ignore[arg-type]
    )


def test_a_link_list_item_never_takes_over_another_sources_name() -> None:
    entries, conflicts = merge_records(
        [
            _record("SparK", 1, "model", arxiv="2301.03580"),
            _record("Spark", 9, "tool", defers=True, url="https://spark.apache.org/"),
            _record("DoRA", 2, "paper", arxiv="2402.09353", title="DoRA"),
            _record("Dora", 9, "tool", defers=True, url="https://github.com/example/dora"),
            _record("spaCy", 8, "tool", defers=True, url="https://spacy.io/"),
            _record("spacy", 9, "tool", defers=True, url="https://github.com/explosion/spaCy"),
        ]
    )
    assert [(e["name"], e["kind"], e["url"]) for e in entries] == [
        ("DoRA", "paper", "https://arxiv.org/abs/2402.09353"),
        ("spaCy", "tool", "https://spacy.io/"),  # two lists agree: one entry
        ("SparK", "model", "https://arxiv.org/abs/2301.03580"),
    ]
    held = [c for c in conflicts if c.rule == "name held by an entry of another source"]
    assert sorted(c.name for c in held) == ["Dora", "Spark"]


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def test_harvested_tools_sites_and_books_are_found_in_a_note(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "# MLOps week\n\n"
        "Pipelines in Kedro; drift checks with the Deepchecks library.\n"
        "On the bus: Linear Digressions, and the DataTalks.Club slack.\n"
        "Reading Grokking Deep Learning, chapter 4.\n"
        "A graph network and an SVM model are not tools here.\n"
        "[The book's page](https://www.manning.com/books/grokking-deep-learning)\n"
    )
    mentions = mentions_in(tmp_path, "mlops-week.md", text, gazetteer)
    found = [(m.surface, m.target.name, m.target.kind) for m in mentions if m.source == "name"]
    assert found == [
        ("Kedro", "Kedro", "tool"),
        ("Deepchecks", "Deepchecks", "tool"),
        ("Linear Digressions", "Linear Digressions", "site"),
        ("DataTalks.Club", "DataTalks.Club", "site"),
        ("Grokking Deep Learning", "Grokking Deep Learning", "book"),
    ]  # "graph" and "SVM" are no packages
    # a link to the book's page is the book, whatever its text
    (link,) = [m for m in mentions if m.source == "url"]
    assert (link.target.name, link.target.kind) == ("Grokking Deep Learning", "book")


# Korean book and community lists, a section of courses with books filed in it, items under
# an item (a book's example code, a course's review), a phrase about the link, an ordinary
# Korean word, and a control character inside a link's text (U+001D, which
# str.splitlines() would take for a line break).
KOREAN_AND_MIXED = (
    "# 공부 자료\n\n"
    "## 책\n\n"
    "- [딥러닝 텃밭 가꾸기: 파이토치로 시작하는 실습](https://books.example/garden) - 입문서\n"
    "    - [예제 코드](https://github.com/example/garden-code)\n"
    "- [Orchardly (과수원 모델링)](https://books.example/orchard)\n"
    "- [텃밭 교과서 with 파이썬,\x1d 사이킷런](https://books.example/textbook), 번역서\n"
    "- [Some other books I have read](https://books.example/shelf)\n\n"
    "## Courses\n\n"
    "- [OrchardOps Academy](https://course.example/orchard) - a course\n"
    "    - [OrchardOps Academy review](https://blog.example/review)\n"
    "- [Gradient Gardening with Kale](https://www.manning.com/books/gradient-gardening) - a book\n\n"
    "## 커뮤니티\n\n"
    "- [나무모임 (TreeClub)](https://treeclub.example/)\n"
    "- [블로그](https://blog.example/) - an ordinary word\n\n"
    "## Organizations\n\n"
    "- [Institute for Orchard Intelligence](https://ioi.example/)\n"
)

MIXED_OPTIONS = {
    "sections": [
        {"heading": "^책$", "kind": "book"},
        {"heading": "^courses$", "links": r"manning\.com/books/", "kind": "book"},
        {"heading": "^courses$|^커뮤니티$", "kind": "site"},
        {"heading": "^organizations$", "kind": "org"},
    ]
}


def test_korean_names_mixed_sections_and_sub_items() -> None:
    records = list(linklist.parse_file("README.md", KOREAN_AND_MIXED, MIXED_OPTIONS))
    assert [(r.name, r.kind, r.aliases, r.url) for r in records] == [
        ("딥러닝 텃밭 가꾸기", "book", (), "https://books.example/garden"),
        ("과수원 모델링", "book", ("Orchardly",), "https://books.example/orchard"),
        ("텃밭 교과서 with 파이썬, 사이킷런", "book", (), "https://books.example/textbook"),
        ("OrchardOps Academy", "site", (), "https://course.example/orchard"),
        (
            "Gradient Gardening with Kale",
            "book",
            (),
            "https://www.manning.com/books/gradient-gardening",
        ),
        ("나무모임", "site", ("TreeClub",), "https://treeclub.example/"),
        ("Institute for Orchard Intelligence", "org", (), "https://ioi.example/"),
    ]
    assert records[0].title == "딥러닝 텃밭 가꾸기: 파이토치로 시작하는 실습"


def test_sub_items_of_a_tool_are_packages() -> None:
    text = (
        "## Deep Learning\n\n"
        "* [Torchlet](https://torchlet.example/) - a framework\n"
        "  * [cutorchlet](https://github.com/example/cutorchlet) - its CUDA backend\n"
    )
    options = {"sections": [{"heading": "^deep learning$", "kind": "tool"}]}
    names = [r.name for r in linklist.parse_file("README.md", text, options)]
    assert names == ["Torchlet", "cutorchlet"]


def test_harvested_orgs_sites_and_korean_books_are_found_in_a_note(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "# 이번 주\n\n"
        "핸즈온 머신러닝 2를 3장까지 읽었다. 소식은 KDnuggets 와 DataTau 에서 본다.\n"
        "Google DeepMind Research 블로그도 가끔.\n"
        "[MIRI의 연구 가이드](https://intelligence.org/research-guide/)\n"
    )
    mentions = mentions_in(tmp_path, "this-week.md", text, gazetteer)
    found = [(m.source, m.surface, m.target.name, m.target.kind) for m in mentions]
    assert found == [
        ("name", "핸즈온 머신러닝 2", "핸즈온 머신러닝 2", "book"),
        ("name", "KDnuggets", "KDnuggets", "site"),
        ("name", "DataTau", "DataTau", "site"),
        ("name", "Google DeepMind Research", "Google DeepMind Research", "org"),
        # a harvested name of four words or more is not looked for in text (entries.py);
        # a link to the organisation's page still takes its name
        (
            "url",
            "https://intelligence.org/research-guide/",
            "Machine Intelligence Research Institute",
            "org",
        ),
    ]
