"""Titles of papers and books listed without a link (issue #14, titles): a list item that
reads as a reference names its work even when no link and no gazetteer entry says so.

    - Smith et al. 2021. Sparse Routing Improves Multilingual Retrieval. ACL.
    - [2020] Learning to Rank Passages with Weak Supervision
    - Gated Feature Mixing for Long Documents (Kim et al., 2022)
    - Mastering the game of Go without human knowledge (Silver et al., Nature 2017)
    - *Pattern Recognition and Machine Learning* by Christopher Bishop      (a book)

What makes an item a reference is its evidence: an author-year citation, "et al.", its
authors after "by" (a book), or a year standing apart (in brackets, or a segment of its
own) — not a date ("2021-03-04", "March 2021") and not a year run into the words ("Study
Notes 2021"). The title is the
item's Title Case phrase of four words or more (three with a citation), or, beside a
citation, a sentence-case one ("Mastering the game of …"). A known name inside such a
title names the titled work, as in a named title. Pure: text in, spans out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.linktitles import reference_title
from readlist.spans import matches_on_lines_with
from readlist.titles import EMPHASIS, NAME_PARTICLES
from readlist.wordshape import HANGUL, TITLE_CHARACTERS, looks_like_a_title

# What a reference carries that prose rarely does: a year, "et al" or an author after
# "by" (scanned for first, at C speed; only the lines holding one are read).
_EVIDENCE_CUE = (
    re.compile(r"(?:19|20)\d\d"),
    re.compile(r"et al"),
    re.compile(r" by "),
    re.compile(r"지음|옮김|[ \t]저[\]),]"),
)
# A list item, a numbered line or a numbered reference ("[3] …"), as a whole line.
_ITEM = re.compile(
    r"^[ \t]*(?:[-*+]|\d{1,3}[.)]|\[\d{1,3}\])[ \t]+(?P<item>\S[^\n]*?)[ \t]*$", re.MULTILINE
)
# Where the item is not a reference: a link or an address (linktitles reads those), code,
# a date, a course's schedule.
_NOT_A_REFERENCE = re.compile(
    r"\]\(|https?:|www\.|`|(?:19|20)\d\d[-./]\d{1,2}\b|\d{1,2}[-./](?:19|20)\d\d\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d"
    r"|\b(?:Lecture|Week|Chapter|Lab|Homework|Assignment|Quiz|Exam|Midterm|Final)s?\b"
    r"|\d+[ \t]*(?:년|월|일|주차|강)"
)
# Decorations an item opens with before its title: a year or a venue in brackets, a year
# and a separator, a mark, a label such as "논문:" or "Paper:".
_LEADING = re.compile(
    r"(?:[(\[][^()\[\]\n]{0,30}[)\]][ \t]*[-–—:|.]?"
    r"|(?:19|20)\d\d[a-z]?[ \t]*[-–—:|.,)]"
    r"|[^\w\s(\[\"“*_]+"
    r"|(?:[Pp]apers?|[Tt]itle|[Rr]eading|[Rr]ef(?:erence)?|[\uac00-\ud7a3][\uac00-\ud7a3 ]{0,10})"
    r"[ \t]*:)[ \t]*"
)
# A year standing apart: in brackets with a venue or authors, or a segment of its own.
_YEAR_APART = re.compile(
    r"[(\[][^()\[\]\n]*?\b(?:19|20)\d\d[a-z]?\b[^()\[\]\n]*?[)\]]"
    r"|(?:^|[,.;:|–—-][ \t]*)(?:[A-Z][A-Za-z]{1,12}['’ \t]*)?"
    r"(?:19|20)\d\d[a-z]?[ \t]*[.,;)]?[ \t]*$"
    r"|^(?:19|20)\d\d[a-z]?[ \t]*[-–—:|.,)]"
)
# A heading over a list of papers: "## Papers", "### 읽은 논문", "## Reading list" (found
# from the newline before it: a literal first is scanned for at C speed).
_PAPERS_HEADING = re.compile(
    r"\n#{1,6}[ \t][^\n]*?"
    r"(?:[Pp]apers?\b|PAPERS?\b|논문|[Rr]eading|[Bb]ibliography|[Pp]ublications)[^\n]*"
)
# A heading over a list of books: "## Books", "### 추천 도서", "## 교재".
_BOOKS_HEADING = re.compile(
    r"\n#{1,6}[ \t][^\n]*?(?:[Bb]ooks?\b|BOOKS?\b|[Tt]extbooks?|도서|책|교재)[^\n]*"
)
_HEADING_LINE = re.compile(r"^#{1,6}[ \t][^\n]*$", re.MULTILINE)
# What says a listed book is one: its author after a dash or in brackets, a publisher, a
# year ("Title - Cameron Davidson-Pilon", "Title (Aurélien Géron, 2019)", "(… 지음)").
_BOOK_EVIDENCE = re.compile(
    r"[ \t][-–—][ \t]+[A-Z][\w.'’-]+[ \t]+[A-Z]|\([A-Z][\w.'’-]+[ \t]+[A-Z]"
    r"|(?:19|20)\d\d|지음|저자|옮김|[ \t]저\b"
)
# A Korean book with who wrote or translated it in brackets: "Title (저자 지음, 출판사)",
# "Title [저자 저]", "Title (저자 옮김)".
_KOREAN_BOOK = re.compile(
    r"(?P<title>[^()\[\]\n]{2,80}?)[ \t]*[(\[][^()\[\]\n]*?"
    r"(?:지음|옮김|[ \t]저(?=[,)\]\s]))[^()\[\]\n]*[)\]](?=[ \t]*(?:$|[-–—,.;:|]))"
)
# "Title by Richard Sutton and Andrew Barto", "Title, by Hastie, Tibshirani and Friedman": a
# work and who wrote it (a person's two to four capitalised words, or a list of surnames).
_PERSON = rf"[A-Z][\w.'’-]+(?:[ \t]+(?:{NAME_PARTICLES}|del)?[ \t]*[A-Z][\w.'’-]+){{0,3}}"
_AND = r"(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&[ \t]*)"
_BY_AUTHORS = re.compile(
    rf",?[ \t]+by[ \t]+(?:[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){{1,3}}(?:{_AND}{_PERSON})*"
    rf"|{_PERSON}(?:{_AND}{_PERSON})+)(?=[ \t]*(?:$|[(\[,.;:|–—-]))"
)
_ACRONYM_AFTER = re.compile(r"[ \t]*\([A-Z][A-Za-z0-9-]{1,9}\)")
_ET_AL = re.compile(r"\bet[ \t]+al\b")
# Where a title ends and its evidence begins: a bracket, a comma, a dash, a bar, a
# sentence's full stop.
_TITLE_END = re.compile(r"[ \t]*(?:[(\[]|,[ \t]|[ \t][-–—|][ \t]|\.(?:[ \t]|$))")
_SENTENCE_CASE = re.compile(r"[A-Z][a-z]+(?:[- ][A-Za-z0-9][\w'’-]*){3,20}")
_PUBLISHER = re.compile(
    r"\b(?:Press|O'Reilly|O’Reilly|Manning|Springer|Packt|Wiley|Addison|Pearson|No Starch)\b"
    r"|한빛|길벗|위키북스|제이펍|에이콘|인사이트|영진"
)


@dataclass(frozen=True)
class ListedTitle:
    start: int
    end: int
    kind: str  # "paper", or "book" when the item names a publisher


def find_listed_titles(text: str) -> list[ListedTitle]:
    """The titles of the references listed in `text` without a link, in text order."""
    found: dict[int, ListedTitle] = {}
    for match in matches_on_lines_with(_EVIDENCE_CUE, _ITEM, text):
        _add_title(text, match, None, found)
    # "## Papers" over "- Attention Is All You Need": a list of papers needs no evidence,
    # nor does a list of books
    for heading, kind in ((_PAPERS_HEADING, "paper"), (_BOOKS_HEADING, "book")):
        first = heading.match("\n" + text[:300])  # (the note's first line)
        later = heading.finditer(text)
        for heading_end in [*([first.end() - 1] if first else []), *(h.end() for h in later)]:
            following = _HEADING_LINE.search(text, heading_end)
            end = following.start() if following is not None else len(text)
            for match in _ITEM.finditer(text, heading_end, end):
                if kind == "book" and not _BOOK_EVIDENCE.search(match.group("item")):
                    continue  # a book's chapters, listed under it, are no books
                if match.start() not in found:
                    _add_title(text, match, kind, found)
    return sorted(found.values(), key=lambda t: t.start)


def _add_title(
    text: str, match: re.Match[str], listed: str | None, found: dict[int, ListedTitle]
) -> None:
    """`listed`: the kind of the list the item is in, under its heading (no evidence needed)."""
    item = match.group("item")
    if _NOT_A_REFERENCE.search(item):
        return
    korean = _KOREAN_BOOK.match(item)
    if korean is not None:
        # "핸즈온 머신러닝 (오렐리앙 제롱 지음, 박해선 옮김, 한빛미디어)": a Korean book
        title = korean.group("title").strip(" \t*_\"“”'‘’「」『』《》")
        if HANGUL.search(title) and len(title) >= 2:
            start = match.start("item") + item.index(title)
            found[match.start()] = ListedTitle(start, start + len(title), "book")
        return
    by = _BY_AUTHORS.search(item)
    title = _title_of(item if by is None else item[: by.start()], listed is not None, by)
    if title is not None:
        offset, length = title
        start = match.start("item") + offset
        published = _PUBLISHER.search(item) or by is not None
        kind = "book" if published or listed == "book" else "paper"
        found[match.start()] = ListedTitle(start, start + length, kind)


def _title_of(item: str, listed: bool, by: re.Match[str] | None = None) -> tuple[int, int] | None:
    """(offset, length) of the title in a list item that reads as a reference (`item` up to
    "by" and its authors, `by`, when it names them); `listed`: the item is in a list of
    papers or books, and needs no evidence of its own."""
    cited = _ET_AL.search(item) is not None
    if not (cited or listed or by) and _YEAR_APART.search(item) is None:
        return None
    start = 0
    while (lead := _LEADING.match(item, start)) is not None and lead.end() > start:
        start = lead.end()
    rest = item[start:]
    if by is not None:
        # "*Pattern Recognition and Machine Learning* by …": its marks are not the title's
        title = rest.strip(" \t*_\"“”'‘’")
        offset = start + rest.index(title) if title else start
        title = title.rstrip(" \t.,:;")
        ok = looks_like_a_title(title) or (listed and len(title.split()) >= 2)
        return (offset, len(title)) if title and title[0].isupper() and ok else None
    bold = EMPHASIS.match(rest)
    if bold is not None:
        title = bold.group("inner").strip()
        offset = start + bold.start("inner") + bold.group("inner").index(title)
    elif (sentence := reference_title(rest)) is not None and sentence in rest:
        title, offset = sentence, start + rest.index(sentence)  # "Authors. Title. Venue."
    else:
        end = _TITLE_END.search(rest)
        title = rest[: end.start()] if end is not None else rest
        offset = start
    title = title.rstrip(" \t.,:;")
    if _ACRONYM_AFTER.match(item, offset + len(title)):
        return None  # "Positive Pointwise Mutual Information (PPMI) (Lin, 1998)": a term
    words = title.split()
    if not title or not words[0][:1].isupper():
        return None
    if looks_like_a_title(title) and (len(words) >= 4 or cited or listed):
        return offset, len(title)
    # "Mastering the game of Go without human knowledge (Silver et al., Nature 2017)"
    if cited and _SENTENCE_CASE.fullmatch(title) and TITLE_CHARACTERS.fullmatch(title):
        return offset, len(title)
    return None
