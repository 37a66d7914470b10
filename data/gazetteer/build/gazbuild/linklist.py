"""Curated link lists of tools, sites and books ("awesome" lists): one record per list item
that opens with a link, `* [spaCy](https://spacy.io/) - Industrial-strength NLP`, in a section
whose heading says what its items are.

The kind comes from the source's `sections` rules, tried in order; an item that no rule
takes is not read, so tutorials, articles, videos, people and papers in other sections stay
out. A rule has a `kind` and any of `files` (a glob on the file's path), `heading` (a regex
on the nearest heading), `within` (a regex on any heading above the item) and `links` (a
regex on the item's URL, for a section that mixes books with courses):

    sections:
      - {files: "books.md", kind: book}
      - {heading: "natural language|computer vision", kind: tool}
      - {within: "^tools$", kind: tool}
      - {heading: "^courses$", links: "manning\\.com/books/", kind: book}

Table rows whose first cell is such a link count as items. The name is the link's text (a
trailing "(Stanford University)" aside; for a book, the part before a subtitle); the URL is
the link's (a tool's repository or home page, a site's home); links to videos are skipped.
A Korean name stays as written, in Hangul; an English name beside it, "모두의연구소
(Modulabs)" or "Modulabs (모두의연구소)", is its alias.
Names that are only ordinary English words ("Machine Learning" for a book, "Data Science"
for a site, "Spark", "graph" for a tool) and short abbreviations (NLP, SVM) are dropped
(`is_generic`): the loader would take them only as written and followed by a cue, but its
cues (model, network, layer, dataset …) follow such words in any ML note: "graph network",
"SVM model". So are one ordinary Korean word (`common-words-ko.txt`: 커뮤니티, 블로그) and
link texts that are a phrase about the link ("Some other books I have read").
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .records import (
    Headings,
    Record,
    clean_name,
    common_korean_words,
    common_words,
    is_junk,
    merge_tags,
    tags_for,
)

_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_LEAD_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "Machine Learning (Stanford University)"
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_VIDEO = re.compile(r"https?://(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
# "모두의연구소 (Modulabs)", "Modulabs (모두의연구소)": one name in Hangul, one in Latin letters
_PAIR = re.compile(r"^(?P<first>[^()]+?)\s*\((?P<second>[^()]+)\)$")
# Link texts that talk about the link rather than name a thing: "Some other books I have read"
_PHRASE = re.compile(r"^(?:some|other|more|my|here|see)\b", re.IGNORECASE)


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The records of one Markdown link list."""
    rules = list(options.get("sections") or ())
    headings = Headings()
    in_code = False
    previous: str | None = None  # the last line, when it could be a setext heading's text
    parents: list[tuple[int, bool]] = []  # (indent, opens with a link) of the enclosing items
    # Lines end at newlines only: str.splitlines() also breaks at control characters such as
    # U+001D, which a list's link text may hold.
    for line in text.replace("\r\n", "\n").split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
            previous = None
            continue
        if in_code:
            continue
        if previous and _SETEXT.match(line):
            headings.see(("# " if line.lstrip().startswith("=") else "## ") + previous)
            previous = None
            continue
        if headings.see(line):
            previous = None
            parents.clear()
            continue
        item = _ITEM.match(line)
        plain = line.strip()
        previous = plain if plain and not item and not plain.startswith(("<", "|", ">")) else None
        if plain and not item and not line[0].isspace():
            parents.clear()  # a paragraph at the margin ends the list
        if item:
            lead = line[item.end() :].strip()
            sub_item = _under_linked_item(parents, len(line) - len(line.lstrip()), lead)
        elif plain.startswith("|"):
            lead = plain.strip("|").split("|", 1)[0].strip()  # a table row: its first cell
        else:
            continue
        link = _LEAD_LINK.match(lead)
        if link is None or _VIDEO.match(link.group("url")):
            continue  # no link, or a video
        kind = _section_kind(rules, path, headings, link.group("url"))
        if kind is None:
            continue  # not a section that says what its items are
        if item and sub_item and kind != "tool":
            continue  # a book's slides, a course's review; a tool's sub-items are packages
        record = _record(path, link.group("text"), link.group("url"), kind, headings, options)
        if record is not None:
            yield record


def _under_linked_item(parents: list[tuple[int, bool]], indent: int, lead: str) -> bool:
    """Whether an item at this indent sits under an item that opens with a link (a book's
    slides, a course's review, Torch's packages); records the item as the parent of what
    follows."""
    while parents and parents[-1][0] >= indent:
        parents.pop()
    under = any(linked for _, linked in parents)
    parents.append((indent, bool(_LEAD_LINK.match(lead))))
    return under


def _section_kind(
    rules: Sequence[Mapping[str, Any]], path: str, headings: Headings, url: str
) -> str | None:
    """The kind of the first rule that takes this item of this file and section, or None."""
    rule = rule_for(rules, path, headings, url)
    return None if rule is None else str(rule["kind"])


def rule_for(
    rules: Sequence[Mapping[str, Any]], path: str, headings: Headings, url: str | None = None
) -> Mapping[str, Any] | None:
    """The first section rule that takes an item of this file, under these headings (and
    with this link, for a rule with `links`), or None. A rule may hold `files` (a glob on
    the path), `heading` (a regex on the nearest heading), `within` (one on any heading
    above) and `links` (one on the item's link)."""
    levels = [h for h in headings.levels if h]
    nearest = levels[-1] if levels else ""
    for rule in rules:
        if "files" in rule and not fnmatch.fnmatchcase(path, str(rule["files"])):
            continue
        if "heading" in rule and not re.search(str(rule["heading"]), nearest, re.IGNORECASE):
            continue
        within = rule.get("within")
        if within and not any(re.search(str(within), h, re.IGNORECASE) for h in levels):
            continue
        links = rule.get("links")
        if links and (url is None or not re.search(str(links), url, re.IGNORECASE)):
            continue
        return rule
    return None


def _record(
    path: str, text: str, url: str, kind: str, headings: Headings, options: Mapping[str, Any]
) -> Record | None:
    korean, english = korean_pair(clean_name(text))
    title = korean or clean_name(_TRAILING_NOTE.sub("", text))
    name = title
    if kind == "book" and ":" in title:
        # "Reinforcement Learning: An Introduction": the short name, unless it is generic
        short = clean_name(title.split(":", 1)[0])
        name = title if is_generic(short, kind) else short
    if is_junk(name) or is_generic(name, kind):
        return None
    return Record(
        name=name,
        kind=kind,
        path=path,
        title=title if kind == "book" and title != name else None,
        url=url,
        aliases=(english,) if english and not is_generic(english, kind) else (),
        # the sections' topics; the list's own title (the first heading) names none
        tags=merge_tags(options.get("tags") or (), tags_for(*headings.levels[1:])),
        defers=True,
    )


def korean_pair(text: str) -> tuple[str | None, str | None]:
    """(the Hangul name, its English alias) of "모두의연구소 (Modulabs)" or "Modulabs
    (모두의연구소)"; (None, None) for any other text."""
    match = _PAIR.match(text)
    if not match:
        return None, None
    first, second = match.group("first").strip(), match.group("second").strip()
    for korean, english in ((first, second), (second, first)):
        if _HANGUL.search(korean) and not _LATIN.search(korean) and not _HANGUL.search(english):
            return clean_name(korean), clean_name(english) if _LATIN.search(english) else None
    return None, None


def is_generic(name: str, kind: str) -> bool:
    """Not a name a note can be trusted to mean: ordinary English words, three at most ("Machine
    Learning", "The Batch", "Spark", "graph", "Embeddings"), and short abbreviations (NLP,
    SVM and PGM are Julia packages in one list, rnn and gbm R packages in another): in notes
    those are the technique, not the package. A capital inside a word (modAL, MeTA) makes
    a name; so do four ordinary words ("The Data Science Handbook"). One ordinary Korean
    word (블로그) and a phrase about the link ("Some other books I have read") are generic."""
    if _PHRASE.match(name) or name in common_korean_words():
        return True
    words = _WORDS.findall(name)
    if not words or len(words) > 3 or len(words) != len(name.split()):
        return False
    letters = re.sub(r"[\W_]", "", name)
    if len(words) == 1 and (len(letters) <= 3 or (letters.isupper() and len(letters) <= 5)):
        return True
    if len(words) == 1 and re.search(r"^.+[A-Z]", name) and not name.isupper():
        return False
    return all(_is_ordinary(w) for w in words)


def _is_ordinary(word: str) -> bool:
    ordinary = common_words()
    lower = word.casefold()
    singular = re.sub(r"(?<=[^s])e?s$", "", lower) if len(lower) > 4 else lower
    return len(word) <= 2 or lower in ordinary or singular in ordinary
