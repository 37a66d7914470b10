"""At most one false name per 10,000 words of prose that names no paper (issue #15).

The suite's prose is built where the test runs (bench/false_names.py: the standard
library's docstrings in English, Korean generated from the common-words list), since
nothing fetched is committed; the film reviews and books, when a local copy is given in
READLIST_PROSE, are measured too.
"""

from __future__ import annotations

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, load_bench

false_names = load_bench("false_names")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_at_most_one_false_name_per_10000_words(gazetteer: Gazetteer, language: str) -> None:
    lines = false_names.stdlib_lines() if language == "en" else false_names.generated_korean_lines()
    count = false_names.count_false_names(lines, gazetteer, language)
    assert count.words >= 200_000
    assert count.per_10k <= 1.0, count.false_names.most_common(20)


def test_the_generated_korean_prose_is_the_same_everywhere() -> None:
    first = false_names.generated_korean_lines(words=2_000)
    assert first == false_names.generated_korean_lines(words=2_000)
    assert sum(len(line.split()) for line in first) >= 2_000


@pytest.mark.parametrize("language", sorted(false_names.CORPORA))
def test_the_fetched_prose_when_a_copy_is_given(gazetteer: Gazetteer, language: str) -> None:
    folder = false_names.prose_dir()
    if folder is None:
        pytest.skip("no local copy of the reviews and books (READLIST_PROSE)")
    lines = false_names.read_lines(folder / false_names.CORPORA[language])
    count = false_names.count_false_names(lines, gazetteer, language)
    assert count.per_10k <= 1.0, count.false_names.most_common(20)
