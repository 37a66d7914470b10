"""One name, one thing within a note (issue #14): a name the note gives a link or coins is
that thing wherever else the note writes it.

Pure: the note's text and the names it introduced in, the other places it writes them out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from readlist.entries import normalise_name
from readlist.ids import Target
from readlist.spans import SpanSet
from readlist.wordshape import looks_like_a_name


def written_again(
    body: str,
    introduced: Mapping[str, Target],
    taken: list[tuple[int, int]],
    common_words: frozenset[str],
    spelled: Mapping[str, list[tuple[int, int]]] | None = None,
) -> list[tuple[int, int, str, str, Target]]:
    """Every other place the note writes a name it introduced (as a link's title or a
    guessed name), outside `taken`: one name, one thing, within a note. Only names that
    look like names count ("AIDE", "LittleBird", "Vowpal Wabbit"), not titles or words;
    a word the link's address spells ("Lava" for github.com/lava-nc/lava) counts within
    the spans `spelled` gives it (its link's lines)."""
    spelled = spelled or {}
    names: dict[str, tuple[Target, list[tuple[int, int]]]] = {}
    for name, target in introduced.items():
        if _is_a_name(name, common_words):
            names[name] = (target, [(0, len(body))])
        elif name in spelled:
            names[name] = (target, spelled[name])
    if not names:
        return []
    # Longest first, so that "Vowpal Wabbit 2" is not taken as "Vowpal Wabbit" (a find per
    # name: notes introduce a few, and a pattern compiled per note costs more).
    spans = SpanSet(sorted(taken))
    found: list[tuple[int, int, str, str, Target]] = []
    for name in sorted(names, key=len, reverse=True):
        target, within = names[name]
        source = "candidate" if target.key.startswith("name:") else "name"
        for a, b in within:
            start = body.find(name, a, b)
            while start >= 0:
                end = start + len(name)
                if not (
                    (start and body[start - 1] in _NAME_JOINERS)
                    or body[end : end + 1] in _NAME_JOINERS
                    or spans.overlaps(start, end)
                ):
                    found.append((start, end, name, source, target))
                    spans.add(start, end)
                start = body.find(name, end, b)
    return found


def address_spells(url: str, text: str) -> bool:
    """Does the link's address spell its text: the repository, package or model name at
    the end of its path ("github.com/facebook/Ax" for "Ax") or its site's name
    ("distill.pub" for "Distill")? Then the text is that thing's name."""
    key = normalise_name(text)
    if len(key) < 2:
        return False
    parts = urlsplit(url if "//" in url else "//" + url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if last and normalise_name(last) == key:
        return True
    host = (parts.hostname or "").removeprefix("www.")
    return bool(host) and not parts.path.strip("/") and normalise_name(host.split(".")[0]) == key


# Characters that make a name part of a longer word or identifier.
_NAME_JOINERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


# "Name: Subtitle" (a colon, then a capital), "Name dataset" (a kind noun last).
_HEAD_BEFORE_SUBTITLE = re.compile(r"(?P<head>[^\s:]+(?: [^\s:]+)?):[ \t]+[A-Z]")
_HEAD_BEFORE_KIND = re.compile(
    r"(?P<head>\S+(?: \S+)?)[ \t]+(?:dataset|model|benchmark|corpus|library|leaderboard)",
    re.IGNORECASE,
)


def coined_head(title: str) -> str | None:
    """The coined name a title opens with: "PRIMERA" of "PRIMERA: Pyramid-based Masked
    Sentence Pre-training …", "AlpacaEval" of "AlpacaEval dataset"; None when the head is
    no coined word ("Deep Learning: A Review")."""
    match = _HEAD_BEFORE_SUBTITLE.match(title) or _HEAD_BEFORE_KIND.fullmatch(title)
    if match is None:
        return None
    head = match.group("head")
    return head if any(looks_like_a_name(word) for word in head.split()) else None


def _is_a_name(text: str, common_words: frozenset[str]) -> bool:
    """A coined word ("AIDE", "LittleBird", "torchdistill") or a short phrase with one (three
    words at most, one of them not an ordinary English word): not "Deep Learning", "Ray"."""
    words = text.split()
    if not 1 <= len(words) <= 3 or not all(w[0].isalnum() for w in words):
        return False
    if any(looks_like_a_name(word) for word in words):
        return True
    return any(len(w) >= 4 and w.lower() not in common_words for w in words if w.isalpha())
