"""Author-year citations in prose (issue #14, "citations belong to what they cite").

"He et al. (2016)", "(Kingma & Ba, 2014)", "Vaswani et al." next to a link or a title are
that work's author and year, not a second paper; standing alone, at most a low-confidence
guess named "He et al. 2016", which `enrich` resolves by author and year. Pure: text in,
citations out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.entries import normalise_name
from readlist.spans import matches_on_lines_with
from readlist.wordshape import NOT_NAMES

# Citations: "He et al. (2016)", "(He et al., 2016)", "Kingma and Ba (2014)", "(Kingma & Ba,
# 2014)". Two authors without "et al." need the year, or "Tom and Jerry" would be one.
_CITATION = re.compile(
    # the capital first, then the look-behind (two back): scanned for at C speed
    r"(?P<name>[A-Z](?<![A-Za-z].)[\w'-]*[a-z][\w'-]*"
    # a closing parenthesis only after an opening one: "(A et al., 2019; B et al., 2020)"
    r"(?:[ \t]+et[ \t]+al\.?(?:,?[ \t]*(?P<open>\()?(?P<year>(?:19|20)\d\d)[a-z]?(?(open)\)))?"
    r"|[ \t]+(?:and|&)[ \t]+[A-Z][\w'-]*[a-z][\w'-]*(?:[ \t]+et[ \t]+al\.?)?,?[ \t]*"
    r"(?P<open2>\()?(?P<year2>(?:19|20)\d\d)[a-z]?(?(open2)\))))"
)


# each a literal first: scanned for at C speed (spans.Cue); "and" and "&" only before a
# capital, as _CITATION has them (most "and"s join words: their lines are not searched)
_CITATION_WORD = (
    re.compile(r"et[ \t]+al"),
    re.compile(r"and[ \t]+[A-Z]"),
    re.compile(r"&[ \t]+[A-Z]"),
)


@dataclass(frozen=True)
class Citation:
    """An author-year citation written in prose: evidence for the work it sits beside."""

    start: int
    end: int
    author: str  # "He", "Kingma and Ba"
    year: int | None

    @property
    def name(self) -> str:
        """How a guess made from it is called: "He et al. 2016", "Kingma and Ba 2014"."""
        plural = " and " not in self.author and " & " not in self.author
        return self.author + (" et al." if plural else "") + (f" {self.year}" if self.year else "")


_CITATION_NAME = re.compile(r"(?P<author>.+?)(?: et al\.)? (?P<year>(?:19|20)\d\d)")


def parse_citation_name(name: str) -> tuple[str, int] | None:
    """The first author's surname and the year of a guess named by Citation.name
    ("He et al. 2016" -> ("He", 2016); "Kingma and Ba 2014" -> ("Kingma", 2014))."""
    match = _CITATION_NAME.fullmatch(name)
    if match is None:
        return None
    first = re.split(r" and | & ", match.group("author"))[0].split()
    return (first[-1], int(match.group("year"))) if first else None


def find_citations(text: str) -> list[Citation]:
    """Author-year citations: "He et al. (2016)", "(Kingma & Ba, 2014)", "Vaswani et al."."""
    found = []
    for match in matches_on_lines_with(_CITATION_WORD, _CITATION, text):
        name = match.group("name")
        year = match.group("year") or match.group("year2")
        author = re.split(r"[ \t]+et[ \t]+al|,?[ \t]*\(?(?:19|20)\d\d", name)[0].strip(" ,(")
        if normalise_name(author.split()[0]) in NOT_NAMES:
            continue
        found.append(Citation(match.start(), match.end(), author, int(year) if year else None))
    return found
