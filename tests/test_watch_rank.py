"""Ranking new papers against the reading list (issue #18), on labelled real papers.

tests/watch_papers.py: real arXiv titles filed by topic in a public collection, as the
shipped harvested gazetteer holds them (titles only: the gazetteer keeps no abstracts, so
this is harder than the real thing). A library of 30 object-tracking papers, and a
listing of 430 others: 30 more object-tracking papers and 25 from each of 16 other
topics (speech recognition, LLMs, federated learning, semantic and medical segmentation,
domain adaptation, quantum computing, ...). A second library of 30 federated-learning
papers checks that nothing is tuned to one field.
"""

from __future__ import annotations

import statistics

import pytest

from readlist.enrich.arxiv import ArxivPaper
from readlist.watch.rank import MIN_LIBRARY, describe_why, find_keywords, rank, short_name
from readlist.watch.store import LibraryPaper, Suggestion

from .watch_papers import of_role, topic_of


def _paper(row: dict[str, object], category: str = "cs.CV") -> ArxivPaper:
    return ArxivPaper(
        arxiv_id=str(row["arxiv_id"]),
        title=str(row["title"]),
        authors=tuple(str(a) for a in row["authors"]),  # type: ignore[attr-defined]
        abstract=str(row["abstract"]),
        published=None,
        updated=None,
        year=None,
        primary_category=category,
        categories=(category,),
        doi=None,
        journal_ref=None,
        comment=None,
        pdf_url=None,
    )


def _library(role: str, status: str = "todo") -> list[LibraryPaper]:
    return [
        LibraryPaper(
            f"arxiv:{r['arxiv_id']}",
            str(r["title"]),
            f"{r['title']}. {r['abstract']}",
            status,
            "cs.CV",
        )
        for r in of_role(role)
    ]


LISTING = [_paper(row) for row in of_role("listing")]


@pytest.mark.parametrize(
    ("role", "topic"), [("library", "Object_Tracking"), ("library2", "Federated_Learning")]
)
def test_top_ten_are_from_the_library_s_subfield(role: str, topic: str) -> None:
    library = _library(role)
    assert len(library) == 30 and len(LISTING) == 430
    ranking = rank(LISTING, library)
    assert ranking.method == "svm" and ranking.trained_on == 30
    top = ranking.suggestions[:10]
    hits = [topic_of(s.paper.arxiv_id) == topic for s in top]
    # Measured: 9 of 10 for object tracking (one semantic-segmentation paper), 10 of 10
    # for federated learning; the issue asks for at least 8.
    assert sum(hits) >= 8, [(topic_of(s.paper.arxiv_id), s.paper.title) for s in top]
    names = {short_name(p.name) for p in library}
    for suggestion in top:
        like = suggestion.why.removeprefix("like ").split(", ")
        # "like A, B, C": three papers of the library, all of the sub-field
        assert len(like) == 3 and set(like) <= names, suggestion.why
    assert [s.score for s in ranking.suggestions] == sorted(
        (s.score for s in ranking.suggestions), reverse=True
    )


def test_skipped_papers_are_negatives_and_done_weighs_more() -> None:
    tracking = _library("library")
    federated = _library("library2", status="skip")
    ranking = rank(LISTING, tracking + federated)
    assert ranking.trained_on == 30
    federated_listed = [p.arxiv_id for p in LISTING if topic_of(p.arxiv_id) == "Federated_Learning"]

    def median_rank(suggestions: list[Suggestion]) -> float:
        order = [s.paper.arxiv_id for s in suggestions]
        return statistics.median(order.index(i) for i in federated_listed)

    # skipped federated-learning papers push the listed ones further down (measured:
    # median rank 311 of 430 without them, 346 with them)
    without = median_rank(rank(LISTING, tracking).suggestions)
    assert median_rank(ranking.suggestions) > without + 20
    # no skipped paper is named as a reason
    skipped_names = {p.name for p in federated}
    assert not any(name in s.why for s in ranking.suggestions[:50] for name in skipped_names)
    # A library of 25 tracking papers (todo) and 5 federated ones marked done: done
    # weighs twice, so federated papers climb higher than with the five as todo.
    mixed_todo = tracking[:25] + _library("library2")[:5]
    mixed_done = tracking[:25] + _library("library2", status="done")[:5]

    def best_federated(library: list[LibraryPaper]) -> float:
        scores = {s.paper.arxiv_id: s.score for s in rank(LISTING, library).suggestions}
        return sorted((scores[i] for i in federated_listed), reverse=True)[4]

    assert best_federated(mixed_done) > best_federated(mixed_todo)


def test_a_keyword_lifts_a_paper() -> None:
    library = _library("library")
    plain = rank(LISTING, library).suggestions
    target = next(s for s in plain[200:] if "quantum" in s.paper.title.lower())
    boosted = rank(LISTING, library, keywords=["quantum"]).suggestions
    lifted = next(s for s in boosted if s.paper.arxiv_id == target.paper.arxiv_id)
    assert boosted.index(lifted) < plain.index(target)
    assert lifted.keywords == ("quantum",)
    assert lifted.why.endswith("keyword: quantum")


def test_too_few_papers_fall_back_to_keywords_and_categories() -> None:
    library = _library("library")[: MIN_LIBRARY - 1]
    listing = [
        _paper(row, "cs.CV" if row["topic"] == "Object_Tracking" else "cs.LG")
        for row in of_role("listing")
    ]
    ranking = rank(listing, library, keywords=["siamese"], categories=["cs.CV"])
    assert ranking.method == "keywords and categories"
    first = ranking.suggestions[0]
    assert "siamese" in (first.paper.title + first.paper.abstract).lower()
    assert first.why.endswith("keyword: siamese; category cs.CV")
    # nothing matched, nothing suggested
    assert all(s.score > 0 for s in ranking.suggestions)
    matched = [
        p
        for p in listing
        if p.primary_category == "cs.CV" or "siamese" in (p.title + p.abstract).lower()
    ]
    assert len(ranking.suggestions) == len(matched)


def test_an_empty_listing_ranks_nothing() -> None:
    assert rank([], _library("library")).suggestions == []


@pytest.mark.parametrize(
    ("text", "keywords", "found"),
    [
        ("Unsupervised Domain-Adaptation for X", ["domain adaptation"], ("domain adaptation",)),
        ("An efficient tracker", ["Efficient"], ("Efficient",)),
        ("Two Siamese networks", ["siamese network"], ("siamese network",)),
        ("A network for tracking", ["net"], ()),
        ("Efficiently", ["efficient"], ()),
        ("", ["x"], ()),
    ],
)
def test_find_keywords(text: str, keywords: list[str], found: tuple[str, ...]) -> None:
    assert find_keywords(text, keywords) == found


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("ResNet", "ResNet"),
        ("SiamRPN++: Evolution of Siamese Visual Tracking with Very Deep Networks", "SiamRPN++"),
        (
            "Visual Tracking by TridentAlign and Context Embedding",
            "Visual Tracking by TridentAlign and…",
        ),
    ],
)
def test_short_names(name: str, short: str) -> None:
    assert short_name(name) == short


def test_why_reads_as_the_issue_says() -> None:
    paper = _paper(of_role("listing")[0])
    why = describe_why(["ResNet", "DenseNet"], ["efficient"], paper, [], "svm")
    assert why == "like ResNet, DenseNet; keyword: efficient"
