"""Standalone author-year citations ("As shown by He et al. (2016), …"): which paper?

Extract keeps a citation that sits beside no link or name as a low-confidence guess named
"He et al. 2016" (citations.Citation). Its name is no title, so a title search is no use.
What is known is the first author's surname, the year, and the words of the lines that
cite it. Semantic Scholar (and OpenAlex, with a key) are asked for papers of that year or
the one before (an arXiv preprint often precedes the venue the citation names) matching
those words; a paper is taken only when its first author has that surname and its title
shares words with the notes. Anything less leaves the guess unresolved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from readlist.enrich.scholar import ScholarPaper

_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
_MOST_WORDS = 10
# Words that say nothing of what a paper is about.
_STOPWORDS = frozenset(
    """
    the and for with that this from into are was were has have had been being its their our
    which who whom whose what when where why how not but than then also such these those
    there here some any each more most other only same very can could would should may might
    shown show shows showed proposed propose proposes introduced introduce introduces using used use
    paper papers work works approach method methods et al see cf e.g i.e via based later
    first new recent recently well known study studies found find finds reported report
    """.split()
)


def context_words(contexts: Iterable[str], surfaces: Iterable[str]) -> list[str]:
    """The content words of the lines that cite a paper, minus the citations themselves."""
    cited: set[str] = set()
    for surface in surfaces:
        cited.update(w.lower() for w in _WORD.findall(surface))
    words: list[str] = []
    for context in contexts:
        for word in _WORD.findall(context):
            lowered = word.lower().strip("-")
            if lowered in _STOPWORDS or lowered in cited or lowered in words:
                continue
            words.append(lowered)
            if len(words) == _MOST_WORDS:
                return words
    return words


def pick_cited(
    surname: str, year: int, words: list[str], candidates: Iterable[ScholarPaper]
) -> tuple[ScholarPaper | None, float]:
    """The candidate the citation means, and a score out of 100 (the share of the notes'
    words its title holds); None unless its first author and year fit."""
    wanted = _fold(surname)
    best: tuple[float, int, ScholarPaper] | None = None
    for paper in candidates:
        if not paper.authors or _surname(paper.authors[0]) != wanted:
            continue
        if paper.year not in (year, year - 1):
            continue
        title = {w.lower() for w in _WORD.findall(paper.title)}
        shared = sum(1 for w in words if w in title or w.rstrip("s") in title)
        if not shared:
            continue
        score = 100.0 * shared / len(words)
        rank = (score, int(paper.year == year), paper)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return (best[2], best[0]) if best else (None, 0.0)


def _surname(author: str) -> str:
    parts = author.replace(",", " ").split()
    return _fold(parts[-1]) if parts else ""


def _fold(name: str) -> str:
    """Surnames compared without case or accents (Schölkopf, Scholkopf)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
