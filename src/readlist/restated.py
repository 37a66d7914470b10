"""One name, one thing within a note (issue #14): a name the note gives a link or coins is
that thing wherever else the note writes it, and so is the name a link's address ends on.

A note that links `https://github.com/acme/ternbox` and writes "I served the model with
Ternbox" names that repository in prose, though no gazetteer knows it: the link says what
the word is. The same holds for a Hugging Face model (`huggingface.co/owner/name`), a PyPI
project (`pypi.org/project/name`) and a GitLab project. A word is such a name when it is
the linked name as written (case aside, `-`, `_` and `.` alike) and reads as a name: a
coinage ("nanoGPT", "t5x") or a word no dictionary holds ("Ternbox"), not an ordinary one
("ray", "Black", "models"), which the link alone does not make a name.

Pure: the note's text and the names it introduced (or linked) in, the other places it
writes them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import urlsplit

from readlist.entries import normalise_name
from readlist.ids import Target
from readlist.spans import SpanSet
from readlist.wordshape import is_a_word, looks_like_a_name


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
                    or _is_the_notes_title(body, start, end)
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


# Hosts whose addresses end on a project's name: the path before it (its owner) is skipped.
_PROJECT_PATHS = {
    "github.com": re.compile(r"/[\w.-]+/(?P<name>[\w.-]+?)(?:\.git)?(?:/|$)"),
    "gitlab.com": re.compile(r"/[\w.-]+/(?P<name>[\w.-]+?)(?:\.git)?(?:/|$)"),
    "huggingface.co": re.compile(r"/(?:[\w.-]+/)?(?P<name>[\w.-]+)/?$"),
    "pypi.org": re.compile(r"/project/(?P<name>[\w.-]+)/?"),
}
# Hugging Face's own pages, which are no model: huggingface.co/docs, /datasets, /spaces …
_HF_PAGES = frozenset(
    "docs datasets spaces models papers blog learn course tasks pricing join login "
    "settings organizations collections posts chat".split()
)
_MIN_LETTERS = 3
# What joins a project name's parts, each standing for the others ("vellum-db", "vellum_db").
_NAME_SEPARATORS = re.compile(r"[-_.]")


@lru_cache(maxsize=8192)  # notes repeat their links
def project_name(url: str) -> str | None:
    """The name a repository's or package's address ends on: "ternbox" for
    https://github.com/acme/ternbox/tree/main, "bert-base-uncased" for a Hugging Face
    model, "scikit-learn" for https://pypi.org/project/scikit-learn/; None for any other
    address (and for Hugging Face's own pages)."""
    if not any(host in url for host in _PROJECT_PATHS):
        return None
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = (parts.hostname or "").removeprefix("www.")
    pattern = _PROJECT_PATHS.get(host)
    if pattern is None:
        return None
    match = pattern.match(parts.path)
    if match is None:
        return None
    if host == "huggingface.co" and parts.path.strip("/").split("/")[0] in _HF_PAGES:
        return None
    return match.group("name")


def linked_projects(
    body: str, links: Iterable[tuple[str, Target]]
) -> dict[str, tuple[str, Target]]:
    """The projects the note links that it may name elsewhere, for the names written more
    often in the note than in its links: the name each address ends on, in comparison
    form (`entries.normalise_name`) → that name as the address writes it, and the link's
    target. A name two different links end on says nothing, and is left out."""
    by_key: dict[str, Target | None] = {}
    spelled: dict[str, str] = {}
    named = [(url, target, name) for url, target in links if (name := project_name(url))]
    lowered_links = [url.lower() for url, _, _ in named]
    lowered = ""
    for url, target, name in named:
        if "github.com" in url and not target.key.startswith("github:"):
            continue  # github.com/topics/nlp, github.com/features: pages of GitHub's own
        if sum(c.isalpha() for c in name) < _MIN_LETTERS:
            continue
        # most names are written only in their links: a count says so before any pattern
        lowered = lowered or body.lower()
        part = max(_NAME_SEPARATORS.split(name.lower()), key=len)
        if lowered.count(part) <= sum(link.count(part) for link in lowered_links):
            continue
        key = normalise_name(name)
        known = by_key.get(key, target)
        by_key[key] = target if known is not None and known.key == target.key else None
        spelled.setdefault(key, name)
    return {key: (spelled[key], target) for key, target in by_key.items() if target is not None}


def find_project_names(
    body: str,
    projects: dict[str, tuple[str, Target]],
    taken: SpanSet,
    common_words: frozenset[str],
) -> list[tuple[int, int, str, Target]]:
    """Where the note writes the name of a project it links (`linked_projects`), outside
    `taken` (code, links, names already found): (start, end, surface, the link's target)."""
    if not projects:
        return []
    spellings = (_spelling(spelling) for spelling, _ in projects.values())
    words = "|".join(sorted(spellings, key=len, reverse=True))
    # a Korean particle may follow ("Ternbox를"), a word, a path or a file name not
    pattern = re.compile(
        rf"(?<![A-Za-z0-9_./@#-])(?:{words})(?![A-Za-z0-9_-]|\.[A-Za-z0-9]|/)", re.IGNORECASE
    )
    found = []
    for match in pattern.finditer(body):
        start, end = match.span()
        surface = match.group(0)
        if taken.overlaps(start, end) or not _reads_as_a_name(surface, common_words):
            continue
        if _is_the_notes_title(body, start, end):
            continue
        found.append((start, end, surface, projects[normalise_name(surface)][1]))
    return found


def _spelling(name: str) -> str:
    """The name as a pattern in which `-`, `_` and `.` stand for one another."""
    return "[-_.]".join(re.escape(part) for part in _NAME_SEPARATORS.split(name))


def _reads_as_a_name(surface: str, common_words: frozenset[str]) -> bool:
    """A coinage (nanoGPT, t5x, pytorch-fid) or a word no dictionary holds (Ternbox); not
    an ordinary word, whatever its case."""
    if looks_like_a_name(surface) or _NAME_SEPARATORS.search(surface):
        return True
    return bool(common_words) and not is_a_word(surface, common_words)


def _is_the_notes_title(body: str, start: int, end: int) -> bool:
    """Is [start, end) the whole of the note's first heading ("# 100-Days-Of-ML-Code" over
    the README of that repository): the note itself, not a mention of it?"""
    line_start = body.rfind("\n", 0, start) + 1
    if body[:line_start].strip():
        return False
    line_end = body.find("\n", end)
    line = body[line_start : len(body) if line_end < 0 else line_end]
    return line.lstrip("# \t").rstrip(" \t#") == body[start:end]
