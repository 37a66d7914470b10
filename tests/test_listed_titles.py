"""A reference listed without a link names its paper (issue #14, titles).

Examples written here, in the forms paper lists use; none is taken from a blind set.
"""

from __future__ import annotations

import pytest

from readlist.entries import parse_common_words
from readlist.extract import find_mentions
from readlist.listedtitles import find_listed_titles
from readlist.names import load_gazetteer
from readlist.notes import Note

from .conftest import FIXTURES, REPO


def _listed(text: str) -> list[tuple[str, str]]:
    return [(text[t.start : t.end], t.kind) for t in find_listed_titles(text)]


@pytest.mark.parametrize(
    ("item", "title"),
    [
        (
            "- Quill et al. 2021. Sparse Margins Improve Note Retrieval. ACL.",
            "Sparse Margins Improve Note Retrieval",
        ),
        (
            "- [2020] Learning to Rank Margin Notes with Weak Supervision",
            "Learning to Rank Margin Notes with Weak Supervision",
        ),
        (
            "- 2023 - MarginNet: Recurrent Refinement for Dense Notes",
            "MarginNet: Recurrent Refinement for Dense Notes",
        ),
        (
            "* Contrastive Pretraining of Margin Encoders (Tern et al.)",
            "Contrastive Pretraining of Margin Encoders",
        ),
        (
            "1. Efficient Memory Layers for Margin Models, Quill et al., NeurIPS 2021",
            "Efficient Memory Layers for Margin Models",
        ),
        (
            "- (ICLR 2022) Self-Distilled Margin Encoders Generalise Better",
            "Self-Distilled Margin Encoders Generalise Better",
        ),
        (
            "- Ada Quill, Bo Tern. Masked Token Pruning for Faster Margins. CVPR 2022.",
            "Masked Token Pruning for Faster Margins",
        ),
        (
            "- Pyramid Adapters for Low-Resource Margins, 2022",
            "Pyramid Adapters for Low-Resource Margins",
        ),
        (
            "- ★ Denoising Margin Probabilistic Notes (Quill et al.)",
            "Denoising Margin Probabilistic Notes",
        ),
        # sentence case, beside a citation
        (
            "- Mastering the game of margins without human notes (Quill et al., Nature 2017)",
            "Mastering the game of margins without human notes",
        ),
        (
            "- **Scaling Laws for Margin Augmented Notes** (2021)",
            "Scaling Laws for Margin Augmented Notes",
        ),
        (
            "- 논문: Towards Robust Tokenizers for Margin Notes (2020)",
            "Towards Robust Tokenizers for Margin Notes",
        ),
    ],
)
def test_a_listed_reference_names_its_title(item: str, title: str) -> None:
    assert _listed(item + "\n") == [(title, "paper")]


def test_a_list_of_papers_under_its_heading_needs_no_evidence() -> None:
    text = (
        "## Papers to read\n\n- Margin Notes Are All You Need\n- **Pyramid Margins for Notes**\n"
        "- read more\n\n## Tools\n\n- Margin Notes For Everyone Here\n"
    )
    assert _listed(text) == [
        ("Margin Notes Are All You Need", "paper"),
        ("Pyramid Margins for Notes", "paper"),
    ]


def test_a_book_is_listed_with_its_publisher() -> None:
    text = "- Ada Quill. Margin Notes for Deep Learners. Quill Press, 2019.\n"
    assert _listed(text) == [("Margin Notes for Deep Learners", "book")]


def test_a_book_is_listed_with_its_authors_after_by() -> None:
    text = (
        "- Reinforcement Margin Learning: An Introduction by Ada Quill and Bo Tern\n"
        "- *Pattern Recognition and Margin Learning* by Christopher Quill\n"
        '- "Margin Thinking, Fast and Slow" by Ada Quill\n'
        "- Margin Learning for Hackers, by Quill, Tern and Pike\n"
        "- Margin Models Trained by Google\n"  # an organisation, not an author
        "- lecture slides by Ada Quill\n"  # no title
    )
    assert _listed(text) == [
        ("Reinforcement Margin Learning: An Introduction", "book"),
        ("Pattern Recognition and Margin Learning", "book"),
        ("Margin Thinking, Fast and Slow", "book"),
        ("Margin Learning for Hackers", "book"),
    ]


def test_a_korean_book_is_listed_with_who_wrote_or_translated_it() -> None:
    text = (
        "- 핸즈온 마진 노트 (오렐리앙 제롱 지음, 박해선 옮김, 한빛미디어)\n"
        "- 밑바닥부터 시작하는 마진 [사이토 고키 저]\n"
        "- 『파이썬 마진 노트』(세바스찬 라시카 지음) - 2판\n"
        "- 오늘 (친구가 지음) 노래를 들었다\n"  # prose after the bracket: no book
    )
    assert _listed(text) == [
        ("핸즈온 마진 노트", "book"),
        ("밑바닥부터 시작하는 마진", "book"),
        ("파이썬 마진 노트", "book"),
    ]


def test_a_list_of_books_under_its_heading_names_them_with_their_authors() -> None:
    text = (
        "## Books\n\n- Probabilistic Margin Programming - Cameron Quill\n"
        "- Hands-On Margin Learning (Ada Quill, 2019)\n"
        "\n## The book\n\n1. The Landscape of Margin Learning\n"  # its chapters: no books
        "2. Solving Margins with Dynamic Programming\n"
    )
    assert _listed(text) == [
        ("Probabilistic Margin Programming", "book"),
        ("Hands-On Margin Learning", "book"),
    ]


@pytest.mark.parametrize(
    "item",
    [
        "- Deep Learning Study Notes 2021",  # a year run into the words
        "- 2021.03.04 Started The Margin Reading Group",  # a date
        "- March 2021: Introduction to Margin Models",
        "- Lecture 2 (2021): Introduction to Neural Margins",  # a course's schedule
        "- Results on Margins (2012)",  # three words, no citation
        "- Positive Pointwise Margin Information (PPMI) (Quill, 1998)",  # a term and its acronym
        "- Margin Notes for Sequence Models (2018) [pdf](https://arxiv.org/abs/1801.00003)",
        "- we tried margin notes in 2019 and it went well",
        "- `Margin Notes For Sequence Models (2018)`",
    ],
)
def test_items_that_are_not_references_name_nothing(item: str) -> None:
    assert _listed(item + "\n") == []


def test_a_listed_title_is_one_paper_with_its_citation_and_the_names_inside_it() -> None:
    # the citation is the title's evidence, not a second paper; BERT inside the title is
    # the title's word, not a mention of BERT
    text = "- Distilling BERT for Margin Notes (Quill et al., 2021)\n\nBERT is a model.\n"
    note = Note(path="n.md", root="/", text=text)
    common = parse_common_words((REPO / "data" / "common-words.txt").read_bytes())
    gazetteer = load_gazetteer([FIXTURES / "gazetteer" / "test.yaml"], common_words=common)
    found = [
        (m.line, m.surface, m.target.kind)
        for m in find_mentions(note, gazetteer=gazetteer)
        if m.source != "topic"
    ]
    assert found == [
        (1, "Distilling BERT for Margin Notes", "paper"),
        (3, "BERT", "model"),
    ]
