"""Organisations named by their shape (issue #14): "Seoul National Univ.", "Naver AI Lab",
"Allen Institute for AI", "University of Washington", "국립국어원", "한국전자통신연구원".

Most organisations a note names are in no gazetteer, but their names end (or, for a
university, open) with a word that says what they are. A phrase of capitalised words
before such a word is a name when one of its words is more than a field or a generic word
("Machine Learning Lab" is a description; "Naver AI Lab" a name). Pure: text in, spans out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from readlist.spans import matches_on_lines_with

# The words that end an English organisation's name.
_KIND_WORDS = (
    r"University|Univ\.|Institute|Lab|Labs|Laboratory|Laboratories|Inc\.|Corp\.|"
    r"Corporation|Foundation|Academy"
)
_CAPITALISED = r"[A-Z][A-Za-z0-9&'’.-]*"
# "… of Science and Technology", "… for Artificial Intelligence": more words, ending on one
# with a capital.
# "and Tern University" starts a second name.
_MORE = (
    rf"(?:[ \t]+(?:(?:and|&|of|for|the)[ \t]+(?!(?:{_CAPITALISED}[ \t]+)+(?:{_KIND_WORDS})))?"
    rf"{_CAPITALISED}){{0,4}}"
)
_ENGLISH = re.compile(
    rf"(?P<name>(?:{_CAPITALISED}[ \t]+){{1,4}}(?:{_KIND_WORDS})"
    rf"(?:[ \t]+(?:for|of)[ \t]+{_CAPITALISED}{_MORE})?"
    rf"|University[ \t]+of[ \t]+{_CAPITALISED}{_MORE})"
    r"(?![A-Za-z0-9])"
)
_ENGLISH_CUE = re.compile(rf"\b(?:{_KIND_WORDS})")
_ENGLISH_WORDS = ("Univ", "Institut", "Lab", "Inc.", "Corp", "Foundation", "Academy")
_KOREAN_WORDS = ("대학", "진흥원", "국어원", "재단", "협회", "학회", "위원회", "연구원", "연구소")
# Looked for first: most notes hold none of the words (an alternation of plain words is
# scanned for by its first characters, at C speed; one find per word costs twice as much).
_ANY_WORD = re.compile("|".join(re.escape(word) for word in _ENGLISH_WORDS + _KOREAN_WORDS))
# Korean names end on what the body is: 대학교, 연구원 …; one word of Hangul before it.
# (연구원 and 연구소 also make a researcher's title, "수석연구원": three syllables or more.)
# (It starts with its first syllable and looks back after it: scanned for at C speed.)
_KOREAN = re.compile(
    r"(?P<name>[가-힣](?<![가-힣].)(?:[가-힣]{1,11}(?:대학교|대학원|진흥원|국어원|재단|협회|학회|위원회)"
    r"|[가-힣]{2,11}(?:연구원|연구소)))"
)
_KOREAN_CUE = re.compile("|".join(_KOREAN_WORDS))
# Words that open a description, not a name ("The", "Our", "Each").
_OPENERS = frozenset("the a an our my your their this that these those each every any".split())


@dataclass(frozen=True)
class OrgName:
    start: int
    end: int
    name: str


def find_org_names(text: str) -> Iterator[OrgName]:
    """The organisation names `text` writes by their shape: English ones in order, then
    Korean ones in order."""
    first = _ANY_WORD.search(text)
    if first is None:
        return
    yield from _english(text, first.start())
    if _KOREAN_CUE.search(text, first.start()):
        for match in matches_on_lines_with(_KOREAN_CUE, _KOREAN, text):
            yield OrgName(match.start("name"), match.end("name"), match.group("name"))


def _english(text: str, start: int) -> Iterator[OrgName]:
    if not _ENGLISH_CUE.search(text, start):
        return
    for match in matches_on_lines_with(_ENGLISH_CUE, _ENGLISH, text):
        words = list(re.finditer(r"\S+", match.group("name")))
        while words and words[0].group().lower() in _OPENERS:
            words.pop(0)  # "The Allen Institute for AI": the name starts after "The"
        if len(words) < 2:
            continue
        university_of = words[0].group() == "University"  # "University of Washington"
        if not university_of and not any(_is_proper(word.group()) for word in words):
            continue  # "Machine Learning Lab", "Research Institute": a description
        start = match.start("name") + words[0].start()
        yield OrgName(start, match.end("name"), text[start : match.end("name")])


def _is_proper(word: str) -> bool:
    """A word that a description would not hold: not a field of study or a generic word
    ("Machine Learning Lab", "Research Institute" describe; "Naver AI Lab" names)."""
    bare = word.strip(".,'’&-").lower()
    return bool(bare) and bare not in _GENERIC and not _KIND_WORD.fullmatch(word)


_KIND_WORD = re.compile(_KIND_WORDS)
# Fields and generic words that make a phrase a description when it has nothing else.
_GENERIC = frozenset(
    """of for and ai ml nlp machine learning deep research data science sciences computer
    computing vision language languages natural processing artificial intelligence robotics
    statistics statistical information technology engineering software open source big new
    applied advanced systems system theory theoretical math mathematics neural network
    networks cognitive speech image graphics security web mobile cloud digital media
    human interaction reinforcement quantum biology medical health physics lab labs""".split()
)
