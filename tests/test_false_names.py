"""At most one false name per 10,000 words of prose that names no paper (issue #15).

The prose (Korean film reviews, English public-domain books) is found where
bench/false_names.py looks for it; without it the test is skipped, saying where to put it.
"""

from __future__ import annotations

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer

from .conftest import load_bench

false_names = load_bench("false_names")


@pytest.mark.parametrize("language", sorted(false_names.CORPORA))
def test_at_most_one_false_name_per_10000_words(language: str) -> None:
    folder = false_names.prose_dir()
    if folder is None:
        pytest.skip("no prose corpus: see bench/false_names.py (READLIST_PROSE)")
    gazetteer = build_gazetteer(data_dir() / "gazetteer", folder / "no-user-names.yaml")
    lines = false_names.read_lines(folder / false_names.CORPORA[language])
    count = false_names.count_false_names(lines, gazetteer, language)
    assert count.words > 200_000
    assert count.per_10k <= 1.0, count.false_names.most_common(20)
