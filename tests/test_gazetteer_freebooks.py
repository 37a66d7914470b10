"""EbookFoundation/free-programming-books in the harvested gazetteer (gazbuild.freebooks): the
parser on short lists written here in the lists' Markdown format, and books and courses the
shipped gazetteer now knows, found in a note written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import freebooks

RULES = {
    "sections": [
        {
            "files": "books/*-subjects.md",
            "within": "^machine learning$|^mathematics$",
            "kind": "book",
        },
        {
            "files": "books/*-langs.md",
            "within": "^python$",
            "topics": "data|statistic|numpy",
            "kind": "book",
        },
        {"files": "books/*-ko.md", "kind": "book", "tags": ["korean"]},
        {"files": "courses/*-en.md", "heading": "^0 - mooc$", "kind": "site", "brands": True},
        {"files": "courses/*-en.md", "within": "^deep learning$", "kind": "site"},
    ]
}

# Made-up titles in the lists' format: editions, years, formats, "in process" notes, a term
# after "|", subtitles after a colon or a dash, a nested item, a video, ordinary words.
SUBJECTS = """\
## BY SUBJECT

### Index

* [Machine Learning](#machine-learning)

### Blockchain

* [Ledger Lore for Zorblax Engineers](https://example.org/ledger) - A. Author (PDF)

### Machine Learning

* [Deep Learning](https://example.org/dl) - I. Author, Y. Author
* [Quillfire Learning: An Introduction](https://example.org/quill) - R. Author (PDF) (CC BY-NC-ND)
* [Zorblax Methods for Practical Forecasting, 2nd Edition](https://example.org/zorblax) - K. Author (PDF)
* [Neural Wexler Design for Engineers (3rd Edition Draft)](https://example.org/wexler.pdf) - M. Author (PDF)
* [Tabular Glimmer Models for Everyone](https://glimmer.example) - M. Author (HTML) *( :construction: in process)*
* [Convolutional Neural Network](https://example.org/cnn) - Someone
* [Precalculus](https://example.org/precalc)
* [OpenQuill Statistics](https://openquill.example/stats) - D. Author
* [PlinthWork Cookbook](https://plinth.example)
  * [PlinthWork Cookbook Solutions](https://plinth.example/solutions)

### Mathematics

* [Plinthian Analysis for Zorblax, 3rd Edition (1993)](https://example.org/plinth.pdf) - W. Author (PDF)
* [CS999: Deep Quillfire Models](https://example.org/cs999) - S. Author
"""

LANGS = """\
## BY PROGRAMMING LANGUAGE

### Python

* [A Byte of Zorblax](https://example.org/byte) (3.x) (HTML, PDF)
* [Zorblax Data Analysis Handbook](https://example.org/zda) - J. Author

#### NumPY

* [From Zorblax to NumPy](https://example.org/np) - N. Author (HTML)

### Ruby

* [Zorblax Data on Rails](https://example.org/rails)
"""

KOREAN = """\
### Python

* [점프 투 조블락스](https://example.org/jump) - 박저자
* [수치해석](https://example.org/numerical)
* [장고걸스 튜토리얼 (Quillfire Girls Tutorial)](https://example.org/girls) (1.11) (HTML)
"""

COURSES = """\
### 0 - MOOC

* [Quillfire](https://www.quillfire.example)
* [class central](https://www.classcentral.example)

### Deep Learning

* [Zorblax Bootcamp](https://zorblax.example/bootcamp) - Zorblax University
* [OpenZorb Bootcamp](https://openzorb.example/bootcamp) - OpenZorb University
* [Stanford CS999: Quillfire Deep Dive \\| Autumn 2019](https://www.youtube.com/playlist?list=PLx) - Q. Lecturer
* [Full Quillfire Course in One Video](https://www.youtube.com/watch?v=abc) - freeCodeCamp
* [NLP Course](https://example.org/nlp-course) - Example Org
"""


def _parse(path: str, text: str) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return [(r.name, r.kind, r.url, r.aliases) for r in freebooks.parse_file(path, text, RULES)]


def test_books_of_the_subjects_taken() -> None:
    assert _parse("books/free-programming-books-subjects.md", SUBJECTS) == [
        # "Quillfire Learning" is a subject's words: the title is the name, with no alias
        ("Quillfire Learning: An Introduction", "book", "https://example.org/quill", ()),
        ("Zorblax Methods for Practical Forecasting", "book", "https://example.org/zorblax", ()),
        ("Neural Wexler Design for Engineers", "book", "https://example.org/wexler.pdf", ()),
        ("Tabular Glimmer Models for Everyone", "book", "https://glimmer.example", ()),
        ("OpenQuill Statistics", "book", "https://openquill.example/stats", ()),
        ("PlinthWork Cookbook", "book", "https://plinth.example", ()),
        ("Plinthian Analysis for Zorblax", "book", "https://example.org/plinth.pdf", ()),
        # a coined short title before the subtitle is an alias
        ("CS999: Deep Quillfire Models", "book", "https://example.org/cs999", ("CS999",)),
    ]
    # left out: another subject (Blockchain), the index's anchors, ordinary words (Deep
    # Learning), titles of words that name a subject (Convolutional Neural Network,
    # Precalculus), the solutions under a book


def test_language_books_only_on_topic() -> None:
    assert _parse("books/free-programming-books-langs.md", LANGS) == [
        ("Zorblax Data Analysis Handbook", "book", "https://example.org/zda", ()),
        # under the NumPY heading: on topic though its title says nothing of data
        ("From Zorblax to NumPy", "book", "https://example.org/np", ()),
    ]


def test_korean_books_keep_their_hangul_titles() -> None:
    records = list(freebooks.parse_file("books/free-programming-books-ko.md", KOREAN, RULES))
    assert [(r.name, r.aliases, r.tags) for r in records] == [
        ("점프 투 조블락스", (), ("korean",)),
        ("장고걸스 튜토리얼", ("Quillfire Girls Tutorial",), ("korean",)),
    ]  # 수치해석, one Hangul word, is a subject


def test_courses_and_platforms_become_sites() -> None:
    assert _parse("courses/free-courses-en.md", COURSES) == [
        ("Quillfire", "site", "https://www.quillfire.example", ()),
        ("OpenZorb Bootcamp", "site", "https://openzorb.example/bootcamp", ()),
        # a playlist is a course; the term after "|" is not part of its name
        (
            "Stanford CS999: Quillfire Deep Dive",
            "site",
            "https://www.youtube.com/playlist?list=PLx",
            ("Stanford CS999",),
        ),
    ]
    # not "class central" (ordinary words), "Zorblax Bootcamp" nor "NLP Course" (three
    # words or fewer, none coined: a subject's words for all the parser knows), one video


def test_titles_without_their_notes() -> None:
    assert freebooks.clean_title("Artificial Intelligence, 3rd Edition (1993)") == (
        "Artificial Intelligence"
    )
    assert freebooks.clean_title("Foundations of Zorblax (2017), 2nd Edition") == (
        "Foundations of Zorblax"
    )
    assert freebooks.clean_title("Stanford CS999: Zorblax \\| Autumn 2019") == (
        "Stanford CS999: Zorblax"
    )
    assert (
        freebooks.clean_title("<랭체인LangChain 노트> - 튜토리얼")
        == "랭체인LangChain 노트 - 튜토리얼"
    )
    assert freebooks.short_title("Reinforcement Learning: An Introduction") is None
    assert freebooks.short_title("The Quest for Artificial Intelligence: A History") == (
        "The Quest for Artificial Intelligence"
    )
    assert freebooks.short_title("Stanford CS224N: Natural Language Processing") == (
        "Stanford CS224N"
    )


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def test_books_and_courses_are_found_in_a_note(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "# Study plan\n\n"
        "I am reading OpenIntro Statistics before the exam.\n\n"
        "- PyTorch Bootcamp, the first three weeks\n"
        "- [the MML book](https://mml-book.github.io/) for the linear algebra\n"
        "- 점프 투 FastAPI 로 서버 만들기\n\n"
        "Multivariable calculus and deep learning come later; Deep Learning is a big field.\n"
    )
    mentions = mentions_in(tmp_path, "plan.md", text, gazetteer)
    found = {(m.target.name, m.target.kind) for m in mentions}
    assert {
        ("OpenIntro Statistics", "book"),  # in a sentence
        ("PyTorch Bootcamp", "site"),  # in a list item
        ("Mathematics for Machine Learning", "book"),  # a link to its page
        ("점프 투 FastAPI", "book"),
    } <= found
    names = {m.target.name for m in mentions if m.source == "name"}
    # two ordinary words in prose are no book ("Deep Learning"), a subject no course
    assert not names & {"Deep Learning", "Multivariable Calculus"}
