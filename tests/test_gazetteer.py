"""The shipped gazetteer checks itself: unique names and spellings, valid ids, known tags."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from readlist.entries import (
    HAND,
    Entry,
    gazetteer_files,
    normalise_name,
    parse_common_words,
)
from readlist.names import load_gazetteer
from readlist.schemes import KINDS

from .conftest import REPO

DATA = REPO / "data"
TAGS = frozenset(
    "cnn vision detection segmentation generative gan vae diffusion rnn attention transformer nlp "
    "language-model embedding speech optimisation normalisation regularisation training "
    "domain-adaptation transfer-learning self-supervised reinforcement-learning graph topic-model "
    "recommendation mlp efficient multimodal dataset benchmark site org tool mlops theory "
    "interpretability fairness korean task platform".split()
)
# Ordinary words that must never be a spelling on their own.
ORDINARY = frozenset(
    normalise_name(w)
    for w in "Operation Classification Attention Net Network Networks Model Models Mixer Dense "
    "Adapter Pile Paper Data Learning Deep Neural Layer Block Module Optimizer Normalization "
    "Regression Bias Resume Score Loss Training Test Task Image Text".split()
)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    # The hand-checked files; the harvested ones are checked by their builder's tests.
    return [
        e for e in load_gazetteer(gazetteer_files(DATA / "gazetteer")).entries if e.tier == HAND
    ]


def test_size(entries: list[Entry]) -> None:
    assert len(entries) >= 400


def test_names_are_unique(entries: list[Entry]) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for entry in entries:
        key = normalise_name(entry.name)
        if key in seen:
            clashes.append(f"{entry.origin} {entry.name!r} = {seen[key]}")
        seen[key] = entry.origin
    assert clashes == []


def test_spellings_belong_to_one_entry(entries: list[Entry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for spelling in (*entry.spellings, *entry.exact):
            owners[normalise_name(spelling)].add(entry.name)
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


def test_no_ordinary_word_is_a_spelling(entries: list[Entry]) -> None:
    bad = [
        (e.name, s)
        for e in entries
        for s in (*e.spellings, *e.exact)
        if normalise_name(s) in ORDINARY
    ]
    assert bad == []


def test_ids_and_urls(entries: list[Entry]) -> None:
    by_arxiv: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.arxiv:
            by_arxiv[entry.arxiv].append(entry)
        assert entry.url is None or entry.url.startswith(("https://", "http://")), entry.name
    # Entries may share a paper only when all but one are concepts (MLM and NSP → BERT).
    shared = {
        arxiv: [e.name for e in group]
        for arxiv, group in by_arxiv.items()
        if sum(e.kind != "concept" for e in group) > 1
    }
    assert shared == {}


def test_tags_and_kinds(entries: list[Entry]) -> None:
    assert {t for e in entries for t in e.tags} <= TAGS
    assert all(e.kind in KINDS for e in entries)
    assert "book" in KINDS


def test_papers_have_a_year(entries: list[Entry]) -> None:
    missing = [e.name for e in entries if e.arxiv and e.year is None]
    assert missing == []


def test_common_words_file() -> None:
    words = parse_common_words((DATA / "common-words.txt").read_bytes())
    assert {"whisper", "transformer", "the"} <= words
    assert len(words) > 20000


def test_every_file_loads(tmp_path: Path) -> None:
    for path in gazetteer_files(DATA / "gazetteer"):
        assert load_gazetteer([path]).entries, path
