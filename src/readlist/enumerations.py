"""Names in an enumeration of known ones (issue #14): "GLUE, SuperGLUE, QuokkaQA and SQuAD".

Notes list things of one kind together: the datasets a model is scored on, the models a
paper compares, the tools a course uses. When some items of a list are names the note is
known to name and share a kind, an item beside them that is written as a coined name
("QuokkaQA", "DeiT-S", "XNLI") is a name of that kind too. Ordinary words and phrases
("fine-tuning", "Korean", "baselines") are not. Pure: text and the spans of known names in,
guessed names out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from readlist.entries import normalise_name
from readlist.wordshape import looks_like_a_name

# An item: one to three words that start with a capital or a digit, or run a capital or a
# digit into lower case ("QuokkaQA", "DeiT-S", "T5 11B", "word2vec", "fastText").
_WORD = r"(?:[A-Z0-9][A-Za-z0-9.+_'’-]*|[a-z]+[A-Z0-9][A-Za-z0-9.+_'’-]*)(?<![.'’-])"
_ITEM = rf"{_WORD}(?:[ \t]{_WORD}){{0,2}}"
# What separates items: a comma, a slash, a middle dot, "and", "or", "&", Korean "와/과".
_SEPARATOR = r"[ \t]*(?:[,/·、][ \t]*(?:(?:and|or|&)[ \t]+)?|[ \t]+(?:and|or|&|vs\.?)[ \t]+)"
_ENUMERATION = re.compile(rf"{_ITEM}(?:{_SEPARATOR}{_ITEM})+")
# A separator's mark, looked for within a few characters of a name before a list is read.
_BESIDE_AN_ITEM = re.compile(r"[,/·、&]|\b(?:and|or|vs)\b")
_SPLIT = re.compile(_SEPARATOR)

# A size or a count, not a name: "12.8B", "7B", "1.3b", "100K".
_SIZE = re.compile(r"[\d.,]+[ \t]?[KMBTkmbt]?")
# How far before and after a name its list is looked for.
_REACH = 300
# How many of a list's items must be known names of one kind.
_MOST_KNOWN = 2

# The kinds of things a list names together with a coined name.
_KINDS = frozenset({"model", "dataset", "tool", "paper"})


@dataclass(frozen=True)
class ListedName:
    start: int
    end: int
    name: str
    kind: str


def find_listed_names(
    text: str,
    named: Sequence[tuple[int, int, str]],
    not_names: Iterable[str] = (),
    common_words: frozenset[str] = frozenset(),
) -> Iterator[ListedName]:
    """The coined names listed beside names the note is known to name. `named`: (start,
    end, kind) of those names, in order of start; `not_names`: words that are never
    names in their comparison form (`entries.normalise_name`); `common_words`: ordinary
    English words in lower case, which a sentence's start capitalises ("Then V-JEPA")."""
    if not named:
        return
    excluded = frozenset(not_names)
    lines = sorted({text.rfind("\n", 0, start) + 1 for start, _, _ in named})
    spans = {(start, end): kind for start, end, kind in named if kind in _KINDS}
    for line_start in lines:
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        if not any(mark in line for mark in (",", "/", "·", "、", " and ", " or ", " & ")):
            continue
        for match in _ENUMERATION.finditer(text, line_start, line_end):
            yield from _in_enumeration(text, match, spans, excluded, common_words)


def _in_enumeration(
    text: str,
    match: re.Match[str],
    known: dict[tuple[int, int], str],
    excluded: frozenset[str],
    common_words: frozenset[str],
) -> Iterator[ListedName]:
    items: list[tuple[int, int]] = []
    position = match.start()
    for separator in _SPLIT.finditer(text, match.start(), match.end()):
        items.append((position, separator.start()))
        position = separator.end()
    items.append((position, match.end()))
    holding = {
        item: [kind for (a, b), kind in known.items() if item[0] <= a and b <= item[1]]
        for item in items
    }
    kinds = Counter(kinds[0] for kinds in holding.values() if kinds)
    if not kinds:
        return
    (kind, count), *others = kinds.most_common()
    if count < _MOST_KNOWN or (others and others[0][1] == count):
        return  # one name alone says little; two kinds of things say no one kind
    for start, end in items:
        if holding[(start, end)] or any(a < end and start < b for a, b in known):
            continue
        start = _past_a_sentence_opener(text, start, end, common_words)
        item = text[start:end]
        if normalise_name(item) in excluded or not any(looks_like_a_name(w) for w in item.split()):
            continue
        if _SIZE.fullmatch(item) or sum(c.isalpha() for c in item) < 2:
            continue  # "12.8B", "32": a size or a count
        yield ListedName(start, end, item, kind)


def listed_with_its_kind(
    text: str, start: int, end: int, kind: str, named: Sequence[tuple[int, int, str]]
) -> bool:
    """Is [start, end) an item of an enumeration whose other items hold at least two of
    the `named` (start, end, kind; in order of start) of `kind` and no more of any other
    kind ("GPT-4, Gemini, Claude and Llama 2": Gemini and Claude among two models)? A
    word-like name ("Gemini", "Claude") needs no other cue there."""
    beside = text[max(0, start - 5) : start] + " " + text[end : end + 5]
    if _BESIDE_AN_ITEM.search(beside) is None:
        return False  # (looked at first: most names stand in no list)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    first = bisect_left(named, (line_start,))  # `named` is in order of start
    last = bisect_left(named, (line_end,), first)
    on_line = {(a, b): k for a, b, k in named[first:last] if b <= line_end}
    if len(on_line) < _MOST_KNOWN:
        return False
    # (a list runs a few hundred characters at most: a long line is read around the name)
    window_start = max(line_start, text.rfind(" ", line_start, max(line_start, start - _REACH)) + 1)
    for match in _ENUMERATION.finditer(text, window_start, min(line_end, end + _REACH)):
        if match.start() > start:
            break
        if end > match.end():
            continue
        items = [(match.start(), match.end())]
        if _SPLIT.search(text, match.start(), match.end()):
            items, position = [], match.start()
            for separator in _SPLIT.finditer(text, match.start(), match.end()):
                items.append((position, separator.start()))
                position = separator.end()
            items.append((position, match.end()))
        if (start, end) not in items and not any(a <= start and end == b for a, b in items):
            return False
        spans = sorted(on_line.items())
        starts = [a for (a, _), _ in spans]
        kinds: Counter[str] = Counter()
        for i, j in items:
            first_known = bisect_left(starts, i)
            if (i, j) != (start, end) and first_known < len(spans):
                (_, b), known_kind = spans[first_known]
                if b <= j:
                    kinds[known_kind] += 1  # the item holds a known name of that kind
        (top, count), *others = kinds.most_common() or [("", 0)]
        return top == kind and count >= _MOST_KNOWN and not (others and others[0][1] == count)
    return False


# Where a sentence starts: a line's start (after a list mark or a heading's #) or a stop.
_SENTENCE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*+>#]+[ \t]+|\d+[.)][ \t]+)?$|[.!?][ \t]+$")


def _past_a_sentence_opener(text: str, start: int, end: int, common_words: frozenset[str]) -> int:
    """Where the name in the item [start, end) begins: past an ordinary word that opens a
    sentence before it ("Then V-JEPA, I-JEPA and X-CLIP": a capital there says nothing).
    Mid-sentence the capital is the writer's, and the words stay together."""
    first, space, _ = text[start:end].partition(" ")
    if not space or looks_like_a_name(first) or first.lower() not in common_words:
        return start
    opens = _SENTENCE_START.search(text, max(0, start - 40), start) is not None
    return start + len(first) + 1 if opens else start
