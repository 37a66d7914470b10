"""SpanSet answers overlap queries exactly as a scan of every span would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.spans import SpanSet

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


def test_merging() -> None:
    spans = SpanSet([(0, 5), (10, 15), (5, 10)])
    assert len(spans) == 1
    assert spans.overlaps(14, 20) and not spans.overlaps(15, 20)
