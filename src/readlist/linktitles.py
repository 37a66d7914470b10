"""Where a note writes the title of a link (issue #14, "link text and titles").

A resource first seen as an address should be listed under the title its notes write
for it, before `enrich` runs: the text of `[Title](url)`, the title of a reference
definition (`[1]: url "Title"`) or of the links that use it (`[Title][1]`), a title
written on the link's line (`Title. Authors. Venue. [pdf](url)`, `Title (Author et al.,
2019) [[paper]](url)`, `- Title: url`, `Title - url`, `**Title** url`, a table row's
title cell) or above it (a bare link's line, a line of its links, a section's heading).
What counts as a title, and what it is called, is `titles.clean_title`'s.

Pure: the note's text and its URL hits in, a title per hit out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from readlist.spans import find_line_starts
from readlist.titles import (
    CITATION,
    EMPHASIS,
    GENERIC_LINK_TEXTS,
    LEADS_INTO_LINK,
    NAME_PARTICLES,
    REFERENCE_MARK,
    REFERENCE_USE,
    clean_title,
    generic_key,
    is_an_arxiv_id,
)
from readlist.urls import UrlHit

# Generic link texts that stand for the paper or page itself: a title written beside such a
# link names what it points at ("Title [pdf]", "Title [[paper]]"). A [code] or [video]
# link beside a title points at something else (the code, a talk), so the title is not its.
_STANDS_FOR_THE_WORK = frozenset(
    "link here paper pdf abs abstract arxiv openreview preprint article full text fulltext "
    "web page url 논문 원문 링크 여기 논문링크 pdf링크 paper링크 논문pdf 원문보기".split()
)
_LIST_MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+|#{1,6}\s+)?")
_TRAILING_YEAR = re.compile(r"\s*[(\[]\s*(?:19|20)\d{2}\s*[)\]]\s*$")
_SEPARATOR = re.compile(r"\s*(?::|：|\s[-–—|]|\s*[-–—]{2})\s*$")
_REFERENCE_DEFINITION = re.compile(
    r"^\s{0,3}\[(?P<label>[^\]\n]+)\]:\s*<?\S+?>?(?:\s+(?:\"(?P<t1>[^\"\n]+)\"|'(?P<t2>[^'\n]+)'"
    r"|\((?P<t3>[^)\n]+)\)))?\s*$"
)


def find_link_titles(
    body: str, hits: Sequence[UrlHit], line_starts: list[int] | None = None
) -> dict[int, str]:
    """The title the note gives each link, keyed by the hit's start offset (`line_starts`:
    the offsets where the body's lines start, when the caller has them)."""
    titles: dict[int, str] = {}
    if line_starts is None:
        line_starts = find_line_starts(body)
    references = _reference_titles(body)
    taken_lines: set[int] = set()
    for hit in hits:
        if hit.is_asset:
            continue
        title = None
        text = _link_text(body, hit)
        if text is not None and not _is_image(text):
            title = clean_title(text)
        if title is None and hit.form == "reference":
            title = _definition_title(body, hit, references)
        if title is None:
            index = bisect_right(line_starts, hit.start) - 1
            if index in taken_lines:
                continue  # a line's title names its first link to the work, not every link
            generic = None if text is None else generic_key(text)
            if (
                text is not None
                and generic not in _STANDS_FOR_THE_WORK
                and not text.strip().lower().startswith(("http://", "https://", "www."))
                and not is_an_arxiv_id(text)
            ):
                continue  # [code](…), [slides](…): not the titled work (its address is)
            title = _title_on_line(body, line_starts, index, hit)
            if title is not None:
                taken_lines.add(index)
        if title is not None:
            titles[hit.start] = title
    return titles


def _is_image(text: str) -> bool:
    return text.lstrip().startswith("![")


def _link_text(body: str, hit: UrlHit) -> str | None:
    if hit.link_text is None:
        return None
    start, end = hit.link_text
    return body[start:end]


def _reference_titles(body: str) -> dict[str, str]:
    """Reference label → the text of the first link that uses it (`[Title][label]`,
    `[Title][]`, `[Title]`), for reference definitions without a title of their own."""
    if REFERENCE_MARK.search(body) is None:
        return {}
    used: dict[str, str] = {}
    for match in REFERENCE_USE.finditer(body):
        label = (match.group("label") or match.group("text")).strip().casefold()
        used.setdefault(label, match.group("text"))
    return used


def _definition_title(body: str, hit: UrlHit, references: dict[str, str]) -> str | None:
    line_start = body.rfind("\n", 0, hit.start) + 1
    line_end = body.find("\n", hit.end)
    line = body[line_start : len(body) if line_end < 0 else line_end]
    match = _REFERENCE_DEFINITION.match(line)
    if match is None:
        return None
    attribute = match.group("t1") or match.group("t2") or match.group("t3")
    if attribute:
        return clean_title(attribute)
    text = references.get(match.group("label").strip().casefold())
    return clean_title(text) if text else None


def _title_on_line(body: str, line_starts: list[int], index: int, hit: UrlHit) -> str | None:
    """A title written before the link on its line, or on the line above a bare link."""
    line_start = line_starts[index]
    prefix_end = hit.start if hit.link_text is None else hit.link_text[0] - 1
    raw = body[line_start:prefix_end]
    marker = _LIST_MARKER.match(raw)
    listed = bool(marker and marker.group().strip())
    prefix = raw[marker.end() if marker else 0 :]
    if "|" in prefix:
        return _table_title(prefix)
    if "http" in prefix or "](" in prefix:
        return None  # another link comes first: the title, if any, is its
    if not prefix.strip():
        line_end = body.find("\n", hit.end)
        rest = body[hit.end : len(body) if line_end < 0 else line_end]
        if index == 0 or (rest.strip(" \t)>.,;") and not _only_generic_links(rest)):
            return None
        return _title_above(body, line_starts, index)
    return _title_before(prefix, listed, hit.link_text is not None)


# How the text before a link ends when it is a title: a separator, a citation's or a
# year's closing bracket, bold. Prose before a bare URL ("자세한 내용은 https://…") ends
# otherwise, and is passed over without a regular expression.
_TITLE_ENDS = frozenset(":：-–—|)]*_")


@lru_cache(maxsize=4096)  # notes repeat their list prefixes: "- Paper: ", "- 논문: "
def _title_before(prefix: str, listed: bool, generic_link: bool) -> str | None:
    """`Title (Author et al., 2019)`, `Title:`, `Title -`, `**Title**`; in a list item also
    `Title. Authors. Venue.`, and a title alone before a `[pdf]` link."""
    text = prefix.rstrip()
    if text and not listed and _ENDS_ON_A_YEAR.search(text):
        listed = True  # "Authors. Title. Venue 2014. https://…": a reference, listed or not
    if not text or (text[-1] not in _TITLE_ENDS and not listed):
        return None
    bold = EMPHASIS.search(prefix)
    if bold is not None and bold.start() <= 2:
        return clean_title(bold.group("inner"))
    cited = CITATION.search(text) or _TRAILING_YEAR.search(text)
    if cited is not None:
        # "Authors. Title. Proceedings of … (2008)": the title among the sentences
        sentence = reference_title(text[: cited.start()]) if listed else None
        if sentence is not None:
            return clean_title(sentence, gloss=False)
        return clean_title(text[: cited.start()])
    if _SEPARATOR.search(text):
        title = _SEPARATOR.sub("", text)
        cited = CITATION.search(title) or _TRAILING_YEAR.search(title)
        if cited is not None:  # "Title, He et al. (2016): https://…"
            title = title[: cited.start()]
        if LEADS_INTO_LINK.search(title):
            return None
        return clean_title(title)
    if not listed:
        return None
    sentence = reference_title(text)
    if sentence is not None:
        # "- Title. Authors. Venue. [pdf](…)", or authors first
        return clean_title(sentence, gloss=False)
    # "- Title [pdf](…)": a list item's text names its generic link; before a bare URL it
    # takes a separator ("- Title: https://…"), or it is prose ("- 참고 https://…").
    if generic_link and not LEADS_INTO_LINK.search(text) and len(text.split()) <= 25:
        return clean_title(text)
    return None


# A reference's sentences: "Kiri L. Wagstaff. Machine Learning that Matters. ICML 2012."
# (a full stop and a space end one; an initial's does too, and makes an author's sentence).
_SENTENCE_END = re.compile(r"\.\s+")
_ENDS_ON_A_YEAR = re.compile(r"\b(?:19|20)\d\d[a-z]?\.?$")
# Who wrote it: names, initials, "and", "&", "et al", commas; no lower-case word.
_AUTHORS = re.compile(
    rf"(?:[A-Z][\w'’-]*|[A-Z]|and|&|et|al|{NAME_PARTICLES})"
    rf"(?:(?:,\s*|\s+)(?:[A-Z][\w'’-]*|[A-Z]|and|&|et|al|{NAME_PARTICLES}))*,?"
)
# Where and when: a year, pages, a volume, or a venue's acronym alone.
_VENUE = re.compile(r"(?:.*\b(?:19|20)\d\d\b.*|[A-Z][A-Za-z0-9&-]{1,9}|.*\bpp?\.\s*\d.*)")


# Words that open or name a venue, not a title: "Proceedings of the 30th Annual Meeting".
_VENUE_WORDS = re.compile(
    r"\b(?:Proceedings|Proc\.|Conference|Workshop|Journal|Transactions|Symposium|Meeting)\b"
)


def reference_title(text: str) -> str | None:
    """The title among a reference's sentences: "Title. Authors. Venue." or "Authors.
    Title. Venue Year." The first sentence that is neither a list of authors nor a venue
    and year; else the first sentence, when the item is more than one ("Batch
    Normalization. Ioffe and Szegedy. ICML 2015.")."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text.rstrip(" \t.")) if s.strip()]
    if len(sentences) < 2:
        return None
    for sentence in sentences:
        words = sentence.split()
        if len(words) < 2:
            continue
        if _VENUE.fullmatch(sentence):
            # "Student Modeling and ab initio Language Learning, System, 2003": a title,
            # then its venue and year after commas
            head = sentence.split(",")[0].strip()
            if (
                head != sentence
                and len(head.split()) >= 4
                and not _VENUE_WORDS.search(head)
                and not _are_authors(head, head.split())
            ):
                return head
            continue
        if _are_authors(sentence, words):
            continue
        return sentence
    return sentences[0] if len(sentences[0].split()) >= 2 else None


def _are_authors(sentence: str, words: list[str]) -> bool:
    """Names only, and either joined as a list ("Pan and Yang", "Low et al", "Bahdanau,
    Cho, Bengio"), with an initial, or three words at most ("Hal Daumé III"): a title in
    Title Case of four words or more is not taken for its authors."""
    if len(words) > 12 or not _AUTHORS.fullmatch(sentence):
        return False
    joined = "," in sentence or "&" in words or "and" in words or "et" in words
    initial = any(len(word.rstrip(",")) == 1 for word in words)
    return joined or initial or len(words) <= 3


def _table_title(prefix: str) -> str | None:
    """The first cell of a table row that holds words, when the link is in a later cell."""
    for cell in prefix.strip().strip("|").split("|"):
        if "http" in cell or "](" in cell:
            return None
        title = clean_title(cell)
        if title is not None and not re.fullmatch(r"[\d\s.,%±()+-]+", title):
            return title
    return None


# A link in the rest of a line that starts with the titled link: "[Paper](…), [Video](…),
# [Slides](…)" under a title names the title's paper first and its talk and slides after.
_OTHER_LINK = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")


def _only_generic_links(rest: str) -> bool:
    """Whether the rest of a link's line holds only links, or words, that say what kind of
    link each is ("[Video](…), Slides | [Code](…)"): a line of links under its title."""
    words = _OTHER_LINK.sub(lambda link: " " + link.group("text") + " ", rest)
    parts = [part for part in re.split(r"[\s,|/·•)>\]\[(]+", words) if part]
    return bool(parts) and all(generic_key(part) in GENERIC_LINK_TEXTS for part in parts)


# Lines between a section's heading and its link that say nothing: blank, or an image.
_NOTHING_SAID = re.compile(r"\s*(?:!\[[^\]\n]*\]\([^)\n]*\)|<img\b[^>\n]*>(?:\s*</img>)?)?\s*")
# How far above its link a section's title may stand (blank, image and author lines between).
LINES_UP = 4


_AUTHORS_LABEL = re.compile(r"(?:[Aa]uthors?|AUTHORS?|[Bb]y|저자|글쓴이)[*_]*[ \t]*[:：][*_]*")


def _is_author_line(line: str) -> bool:
    """A line that lists who wrote the work above it: "- Gabriele Corso, Luca Cavalleri,
    Pietro Liò", "*Ada Quill and Bo Tern*"."""
    marker = _LIST_MARKER.match(line)
    text = line[marker.end() if marker else 0 :].strip().strip("*_").strip()
    labelled = _AUTHORS_LABEL.match(text)
    if labelled is not None:
        return bool(text[labelled.end() :].strip())  # "- Authors: Kim, Park"
    joined = "," in text or " and " in text or "&" in text
    return joined and len(text.split()) >= 3 and _AUTHORS.fullmatch(text) is not None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _title_above(body: str, line_starts: list[int], index: int) -> str | None:
    """The line just above a bare link, when it reads as a title: a heading, a bold line or
    a short line that does not lead into the link as a sentence would. A heading or bold
    line a few blank, image or author lines above names the link too ("### Title", an
    image, then the paper's link: a section about the paper)."""
    up = index - 1
    while (
        up > 0
        and index - up < LINES_UP
        and (
            _NOTHING_SAID.fullmatch(body, line_starts[up], line_starts[up + 1] - 1)
            or _is_author_line(body[line_starts[up] : line_starts[up + 1] - 1])
        )
    ):
        up -= 1
    above = body[line_starts[up] : line_starts[up + 1] - 1]
    if not above.strip() or "http" in above or "](" in above or _is_author_line(above):
        return None
    marker = _LIST_MARKER.match(above)
    heading = above.lstrip().startswith("#")
    text = above[marker.end() if marker else 0 :].strip()
    bold = EMPHASIS.fullmatch(text)
    if bold is not None:
        return clean_title(bold.group("inner"))
    # "- Title" over its nested "  - Authors: …" and "  - https://…": the item they belong to
    link_line = body[
        line_starts[index] : line_starts[index + 1] if index + 1 < len(line_starts) else len(body)
    ]
    parent = bool(marker and marker.group().strip()) and _indent(link_line) > _indent(above)
    if up < index - 1 and not (heading or parent):
        return None
    if text.endswith((":", "：")) and not heading:
        return None  # "자세한 내용은 아래 링크:" introduces the link; it does not name it
    if not heading and (len(text.split()) > 15 or LEADS_INTO_LINK.search(text)):
        return None
    if not heading and text.endswith((".", "다", "요")):
        return None  # a sentence
    return clean_title(text)
