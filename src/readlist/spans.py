"""The parts of a text already taken (by URLs, ids, code, names), queried in log time.

Finders ask "does this candidate overlap anything taken?" once per candidate; a list
scanned each time made a note with 100,000 links and 100,000 ids quadratic.
And the lines worth running an expensive pattern on, found by a cheap one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator


def find_line_starts(text: str) -> list[int]:
    """The offsets where the lines of `text` start."""
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


# A mention's context, where one is shown, is its line cut to this many characters
# around the mention (the database keeps the whole line once, in `lines`).
CONTEXT_CHARS = 300


def context_window(line: str, start: int, end: int) -> str:
    """`line`, or a window of CONTEXT_CHARS around `start`..`end` when it is longer."""
    if len(line) <= CONTEXT_CHARS:
        return line
    half = max(0, (CONTEXT_CHARS - (end - start)) // 2)
    left = max(0, start - half)
    right = min(len(line), max(end, left + CONTEXT_CHARS))
    text = line[left:right].strip()
    return ("…" if left > 0 else "") + text + ("…" if right < len(line) else "")


def line_context(line: str | None, surface: str) -> str | None:
    """The context of `surface` on a stored line (`lines.text`): the window around its
    first appearance."""
    if line is None:
        return None
    start = max(0, line.find(surface))
    return context_window(line, start, start + len(surface))


class SpanSet:
    """A union of half-open [start, end) spans, kept as sorted, disjoint intervals."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        starts, ends = self._starts, self._ends
        spans = iter(spans)
        # Spans given in order of start (the usual case) are merged in one pass; the
        # first out of order, and all after it, go through add().
        for start, end in spans:
            if end <= start:
                continue
            if starts and start < starts[-1]:
                self.add(start, end)
                break
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Does [start, end) share a character with the union?"""
        if end <= start:
            return False
        index = bisect_right(self._starts, end - 1) - 1  # the last interval starting before end
        return index >= 0 and self._ends[index] > start

    def covers(self, start: int, end: int) -> bool:
        """Is [start, end) inside the union? (An empty span is.)"""
        if end <= start:
            return True
        index = bisect_right(self._starts, start) - 1  # the last interval starting at or before
        return index >= 0 and self._ends[index] >= end

    def add(self, start: int, end: int) -> None:
        """Add [start, end), merging the intervals it touches."""
        if end <= start:
            return
        low = bisect_right(self._ends, start - 1)  # first interval that ends at or after start
        high = bisect_right(self._starts, end)  # intervals from here on start after end
        if low < high:
            start = min(start, self._starts[low])
            end = max(end, self._ends[high - 1])
        self._starts[low:high] = [start]
        self._ends[low:high] = [end]

    def gaps(self, end: int) -> Iterator[tuple[int, int]]:
        """The non-empty [start, end) spans of 0..`end` outside the union, in order."""
        position = 0
        for start, stop in zip(self._starts, self._ends, strict=True):
            if start >= end:
                break
            if start > position:
                yield position, start
            position = max(position, stop)
        if position < end:
            yield position, end

    def __len__(self) -> int:
        return len(self._starts)


# A cue: one pattern, or several that stand for their alternation. A pattern that starts
# with one literal character is scanned for at C speed (~0.3 ns a character); one that
# starts with a set ("[xX]", or any letter under IGNORECASE) is tried at each position
# (~3 ns), so a set is better split into one pattern per character: `[xX]…` → `x…`, `X…`.
Cue = re.Pattern[str] | tuple[re.Pattern[str], ...]


def cue_matches(cue: Cue, text: str) -> Iterator[re.Match[str]]:
    """The matches `finditer` gives for `cue`; for several patterns, those it gives for
    their alternation, provided each starts with a character of its own (so that at most
    one can match at a position): at each step the leftmost of their next matches."""
    return cue.finditer(text) if isinstance(cue, re.Pattern) else _merged_matches(cue, text)


def _merged_matches(cue: tuple[re.Pattern[str], ...], text: str) -> Iterator[re.Match[str]]:
    # Each pattern's next match as (start, which pattern, match): the least is the next.
    heads: list[tuple[int, int, re.Match[str]]] = []
    for index, part in enumerate(cue):
        found = part.search(text)
        if found is not None:
            heads.append((found.start(), index, found))
    while len(heads) > 1:
        first = min(heads)[2]
        yield first
        position = first.end()  # a match holds its first character: never empty
        # a match the last one overlaps: the alternation would look on from its end
        kept = []
        for head in heads:
            if head[0] >= position:
                kept.append(head)
            elif (found := cue[head[1]].search(text, position)) is not None:
                kept.append((found.start(), head[1], found))
        heads = kept
    if heads:  # one pattern left: its own matches from here are the alternation's
        _, index, first = heads[0]
        yield first
        yield from cue[index].finditer(text, first.end())


def matches_on_lines_with(
    word: Cue, pattern: re.Pattern[str], text: str, taken: SpanSet | None = None
) -> Iterator[re.Match[str]]:
    """`pattern`'s matches on the lines where `word` occurs, in order, each line once.

    With `taken`, for a pattern whose every match holds an occurrence of `word` and
    for a caller that drops the matches overlapping `taken`: an occurrence inside
    `taken` does not count (a match holding it, or one overlapping it, would be
    dropped), so a line whose cues are all inside links is not searched at all."""
    line_end = -1
    for found in cue_matches(word, text):
        start, end = found.span()
        if start < line_end:
            continue  # a second cue on a line already searched
        if taken is not None and taken.covers(start, end):
            continue  # inside a link: `arxiv.org/abs/1512.03385` holds three cues
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        yield from pattern.finditer(text, line_start, line_end)
