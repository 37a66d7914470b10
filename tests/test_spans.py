"""SpanSet answers overlap queries exactly as a scan of every span would, and the
line-restricted search finds what a search of the whole text finds."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.candidates import (
    _BLOG_WORD,
    _CAMEL_MODEL,
    _KOREAN_CUE,
    _KOREAN_CUE_WORD,
    _MODEL_FAMILIES,
    _OWNED_BLOG,
    _PAPER_WORD,
    _QUOTED,
)
from readlist.citations import _CITATION, _CITATION_WORD
from readlist.ids import _ARXIV_WORD, _BARE_ID_SHAPE, _TEXT_ARXIV_BARE, _TEXT_ARXIV_CUED
from readlist.spans import SpanSet, cue_matches, matches_on_lines_with
from readlist.urls import _BARE_DOMAIN, _DOMAIN_SHAPE, _SCHEME_STARTS, _WWW_REST, _WWW_URLS

SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(SPANS, SPANS)
def test_overlaps_like_a_scan(added: list[tuple[int, int]], queries: list[tuple[int, int]]) -> None:
    spans = SpanSet()
    for count, (start, end) in enumerate(added, start=1):
        spans.add(start, end)
        so_far = [(a, b) for a, b in added[:count] if a < b]
        for q_start, q_end in queries:
            naive = q_start < q_end and any(a < q_end and q_start < b for a, b in so_far)
            assert spans.overlaps(q_start, q_end) == naive, (so_far, q_start, q_end)


@settings(max_examples=400, deadline=None)
@given(SPANS, SPANS)
def test_covers_like_a_scan(added: list[tuple[int, int]], queries: list[tuple[int, int]]) -> None:
    spans = SpanSet(added)
    covered = {i for a, b in added for i in range(a, b)}
    for start, end in queries:
        assert spans.covers(start, end) == all(i in covered for i in range(start, end))


@settings(max_examples=400, deadline=None)
@given(SPANS, st.booleans())
def test_built_at_once_equals_built_by_adding(spans: list[tuple[int, int]], ordered: bool) -> None:
    """The constructor's one-pass merge of ordered spans (and its fallback when they
    are not) leaves the intervals one add() at a time would."""
    if ordered:
        spans = sorted(spans)
    added = SpanSet()
    for start, end in spans:
        added.add(start, end)
    built = SpanSet(spans)
    assert (built._starts, built._ends) == (added._starts, added._ends)


def test_merging() -> None:
    spans = SpanSet([(0, 5), (10, 15), (5, 10)])
    assert len(spans) == 1
    assert spans.overlaps(14, 20) and not spans.overlaps(15, 20)


# Pieces that make the cue patterns match, miss by a character, or sit across lines.
PIECES = st.lists(
    st.sampled_from(
        [
            "arXiv:",
            "arxiv ",
            "1512.03385",
            "2106.15919v2",
            "cs/0112017",
            "ARXIV",
            "aRx",
            "Iv",
            "/1234567",
            " and ",
            "and\t",
            "& ",
            "http://",
            "HTTPS://",
            "hTtPſ://",
            "www.",
            "WWW.",
            "Www2.",
            "a.com",
            "?u=",
            '"',
            "“",
            "”",
            "Attention Is",
            " All You Need",
            "book",
            "podcast",
            "lab",
            "Swin",
            "Former",
            "GPTv2",
            "-3",
            "ResNet",
            " 논문",
            "모델",
            "이라는",
            "라는 ",
            "란",
            "데이터",
            "\t셋",
            " 셋",
            "웹사이트",
            "\t",
            "Vaswani",
            "'s blog",
            "’s",
            " blog",
            " et al.",
            " et\tal",
            ", 2017",
            "ruder.io",
            "github.io/x",
            "e.g",
            "model.py",
            ":8080",
            "@",
            "=",
            "(",
            "\n",
            " ",
            "x",
            "/",
            ".",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_line_restricted_matches_equal_whole_text_matches(text: str) -> None:
    for word, pattern in (
        (_ARXIV_WORD, _TEXT_ARXIV_CUED),
        (_BARE_ID_SHAPE, _TEXT_ARXIV_BARE),
        (_KOREAN_CUE_WORD, _KOREAN_CUE),
        (_CITATION_WORD, _CITATION),
        (_BLOG_WORD, _OWNED_BLOG),
        (_DOMAIN_SHAPE, _BARE_DOMAIN),
    ):
        whole = [(m.span(), m.group()) for m in pattern.finditer(text)]
        by_line = [(m.span(), m.group()) for m in matches_on_lines_with(word, pattern, text)]
        assert by_line == whole, (pattern.pattern, text)


# _CAMEL_MODEL before its look-ahead (which only turns words down sooner)
_CAMEL_MODEL_AS_IT_WAS = (
    r"[A-Z](?<![A-Za-z0-9_./-].)[A-Za-z0-9]*?[a-z0-9][A-Za-z0-9]*?"
    + _MODEL_FAMILIES
    + r"(?:-?v?\d+)?(?![A-Za-z0-9_])"
)


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_cues_split_by_first_character_match_as_one_pattern(text: str) -> None:
    """A cue split into patterns that each start with one character (to be scanned for
    at C speed) matches as the one pattern it stands for; so does a pattern given a
    look-ahead that the rest implies."""
    for split, whole in (
        (_ARXIV_WORD, r"[xX](?<=[aA][rR][xX])[iI][vV]"),
        (_BARE_ID_SHAPE, r"\.(?<=\d{4}\.)\d{5}|/\d{7}"),
        (_CITATION_WORD, r"et[ \t]+al|and[ \t]+[A-Z]|&[ \t]+[A-Z]"),
        (_SCHEME_STARTS, r"(?i)h(?<![A-Za-z0-9_+.-].)ttps?://"),
        (_WWW_URLS, "(?i)w" + _WWW_REST),
        (_PAPER_WORD, "paper|book|blog|website|course|channel|newsletter|podcast|lab"),
        (_QUOTED, r"[\"“](?P<name>[A-Z][^\"“”\n]{8,150}?)[\"”]"),
        (_CAMEL_MODEL, _CAMEL_MODEL_AS_IT_WAS),
    ):
        expected = [(m.span(), m.group()) for m in re.finditer(whole, text)]
        assert [(m.span(), m.group()) for m in cue_matches(split, text)] == expected, text


@settings(max_examples=500, deadline=None)
@given(PIECES, SPANS)
def test_cues_inside_taken_spans_change_no_match_outside_them(
    text: str, taken: list[tuple[int, int]]
) -> None:
    """The lines whose cues are all inside `taken` are skipped (issue #22): the matches
    a caller keeps, those overlapping nothing taken, are the same."""
    spans = SpanSet(taken)
    for word, pattern in (
        (_ARXIV_WORD, _TEXT_ARXIV_CUED),
        (_BARE_ID_SHAPE, _TEXT_ARXIV_BARE),
        (_DOMAIN_SHAPE, _BARE_DOMAIN),
    ):
        kept = [m.span() for m in pattern.finditer(text) if not spans.overlaps(m.start(), m.end())]
        skipping = [
            m.span()
            for m in matches_on_lines_with(word, pattern, text, spans)
            if not spans.overlaps(m.start(), m.end())
        ]
        assert skipping == kept, (pattern.pattern, text, taken)


def test_each_line_is_searched_once() -> None:
    text = "a x x\nb\nx c x"
    found = [m.group() for m in matches_on_lines_with(re.compile("x"), re.compile(r"\w"), text)]
    assert found == ["a", "x", "x", "x", "c", "x"]


@settings(max_examples=400, deadline=None)
@given(SPANS, st.integers(0, 80))
def test_gaps_are_the_positions_outside_the_union(added: list[tuple[int, int]], end: int) -> None:
    spans = SpanSet(added)
    gaps = list(spans.gaps(end))
    outside = {i for i in range(end) if not spans.overlaps(i, i + 1)}
    assert {i for a, b in gaps for i in range(a, b)} == outside
    assert all(a < b for a, b in gaps)
    assert all(b1 < a2 for (_, b1), (a2, _) in pairwise(gaps))
