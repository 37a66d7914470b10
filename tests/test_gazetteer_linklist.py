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
