"""EbookFoundation/free-programming-books: its Markdown lists of free books, courses and
podcasts, one item a line under a subject's heading:

    ### Machine Learning

    * [Dive into Deep Learning](https://d2l.ai)
    * [Mathematics for Machine Learning](https://mml-book.github.io) - M. P. Deisenroth
    * [Neural Network Design (2nd Edition)](https://hagan.okstate.edu/NNDesign.pdf) - (PDF)
    * [Applied ML for Tabular Data](https://aml4td.org) - (HTML) *( :construction: in process)*

Only the sections the source's `sections` rules take are read; a rule has a `kind` and any of
`files` (a glob on the path), `heading` (a regex on the nearest heading), `within` (a regex
on any heading above) and `topics` (a regex that the title or the nearest heading must
match: the Python, R and Julia books of the languages file that are about data, ML or
scientific computing):

    sections:
      - {files: "books/*-subjects.md", within: "^machine learning$", kind: book}
      - {files: "books/*-langs.md", within: "^(python|r)$", topics: "data|statistic", kind: book}

The name is the link's text without the notes a list adds to it: an edition or a year
("Artificial Intelligence, 3rd Edition (1993)"), a format, a term after "|" ("… | Autumn
2019"), a trademark sign; a Korean title stays in Hangul, an English one in brackets beside
it is its alias (linklist's rule). The URL is the link. The part before a subtitle (":", " - ")
is an alias only when it is four words or more, or coined ("CS236: Deep Generative Models",
"Stanford CS224N: …"): "Computer Vision" of "Computer Vision: Algorithms and Applications"
is a subject, not the book.

Left out, each counted in `DROPPED`: links to one video (a talk, not a course; playlists
are courses), items under another item, names that are ordinary words
(`linklist.is_generic`: "Deep Learning", "Machine Learning Specialization"), titles of three
words or fewer with no coined word ("Convolutional Neural Network", "Precalculus", "NLP
Course"; not in `brands` sections, the MOOC platforms and podcasts), and one Hangul word
(운영체제, 수치해석). Korean titles of ordinary words (파이썬 라이브러리) stay: the loader
takes them only with a cue after them. Every record defers, as a link list's item does: a
name an earlier source gives keeps its entry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from .linklist import is_generic, korean_pair, rule_for
from .records import (
    Headings,
    Record,
    clean_name,
    is_junk,
    merge_tags,
    tags_for,
)

# "* [Title](url) - Author (PDF)": the item's leading link
_ITEM = re.compile(
    r"^(?P<indent>\s*)[-*+]\s+\[(?P<text>(?:[^\[\]]|\[[^\]]*\])+)\]\((?P<url>https?://[^)\s]+)\)"
)
_ONE_VIDEO = re.compile(r"https?://(?:www\.)?(?:youtube\.com/watch|youtu\.be/|vimeo\.com/\d)")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
_ORDINAL = r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)"
# Notes the list writes inside the link's text; what is left is the title.
_NOTES = (
    re.compile(r"\s*\\?\|.*$"),  # "… | Autumn 2019", "R Tutorial For Beginners | Edureka"
    re.compile(rf"\s*[,(]\s*{_ORDINAL}\s+edition[^,():]*\)?", re.IGNORECASE),
    re.compile(r"\s*,\s*[A-Z]\w*\s+limited edition\b", re.IGNORECASE),  # ", IBM Limited Edition"
    re.compile(r"\s*\((?:19|20)\d\d\)"),  # "(1993)"
    re.compile(r"\s*\((?:pdf|html|epub|draft|part \d+|개정판|\d+(?:\.\w+)*)\)", re.IGNORECASE),
    re.compile(r"[®™]"),
)
# A note in brackets anywhere else ("(using fastai library)", "(dbt)", "[개정판]",
# "파이토치(PyTorch) 튜토리얼"), once a Korean title's English name has been read
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
# A subtitle after a colon or a spaced dash: "Reinforcement Learning: An Introduction"
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]{1,2})\s+")
_WORD = re.compile(r"\S+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

# How many items each filter left out since the module was loaded: read by hand (or a
# script) when a rule changes, to see what the rule costs.
DROPPED: Counter[str] = Counter()


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The records of one free-programming-books list."""
    rules = list(options.get("sections") or ())
    headings = Headings()
    in_code = False
    parents: list[int] = []  # indents of the items above the current line
    for line in text.replace("\r\n", "\n").split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if headings.see(line.replace("\\", "")):
            parents.clear()
            continue
        item = _ITEM.match(line)
        if item is None:
            continue
        indent = len(item.group("indent").expandtabs(4))
        while parents and parents[-1] >= indent:
            parents.pop()
        nested = bool(parents)
        parents.append(indent)
        text_, url = item.group("text"), item.group("url")
        rule = rule_for(rules, path, headings)
        if rule is None:
            continue
        title = clean_title(text_)
        if not _on_topic(rule, title, headings):
            DROPPED["off topic"] += 1
            continue
        if nested:
            DROPPED["item under an item"] += 1
            continue
        if _ONE_VIDEO.match(url):
            DROPPED["one video"] += 1
            continue
        record = _record(path, title, url, rule, headings, options)
        if record is not None:
            yield record


def _on_topic(rule: Mapping[str, Any], title: str, headings: Headings) -> bool:
    topics = rule.get("topics")
    if not topics:
        return True
    nearest = [h for h in headings.levels if h][-1:]
    return any(re.search(str(topics), t, re.IGNORECASE) for t in (title, *nearest))


def clean_title(text: str) -> str:
    """The title in a link's text, without the list's notes (edition, year, format, term)."""
    # "<랭체인LangChain 노트>" is a title in brackets, not an HTML tag
    title = text.replace("\\|", "|").replace("<", "").replace(">", "")
    for note in _NOTES:
        title = note.sub("", title)
    return clean_name(title)


def _record(
    path: str,
    title: str,
    url: str,
    rule: Mapping[str, Any],
    headings: Headings,
    options: Mapping[str, Any],
) -> Record | None:
    kind = str(rule["kind"])
    korean, english = korean_pair(title)
    name = korean or clean_name(_BRACKETED.sub("", title))
    if is_junk(name) and not is_junk(name, is_title=True):
        # over twelve words: the title before its subtitle, if it names the work
        name = short_title(name) or name
    if is_junk(name):
        DROPPED["junk"] += 1
        return None
    if is_generic(name, kind):
        DROPPED["ordinary words"] += 1
        return None
    if _is_korean_subject(name):
        DROPPED["Korean subject"] += 1
        return None
    if not rule.get("brands") and _is_subject_title(name):
        DROPPED["subject title"] += 1
        return None
    aliases = [english] if english and not is_generic(english, kind) else []
    short = short_title(name)
    if short and short not in aliases:
        aliases.append(short)
    return Record(
        name=name,
        kind=kind,
        path=path,
        url=url,
        aliases=tuple(aliases),
        tags=merge_tags(
            # the subjects' headings (### and below); the file's own ("BY PROGRAMMING
            # LANGUAGE") names no topic
            options.get("tags") or (),
            rule.get("tags") or (),
            tags_for(*headings.levels[2:]),
        ),
        defers=True,
    )


def short_title(title: str) -> str | None:
    """The part before a subtitle, when it names the work: four words or more, or coined."""
    parts = _SUBTITLE.split(title, maxsplit=1)
    if len(parts) < 2:
        return None
    short = clean_name(parts[0])
    words = _WORD.findall(short)
    if is_junk(short):
        return None
    if any(_is_coined(w) for w in words):
        return short  # "CS236", "Stanford CS224N", "MIT 6.S191"
    return short if len(words) >= 4 and not is_generic(short, "book") else None


def _is_coined(word: str) -> bool:
    """A word no dictionary holds: a digit in it (CS236, 6.S094) or a capital after its
    first letter that is not an abbreviation's (LangChain, fastai's "PyTorch")."""
    letters = re.sub(r"[\W_]", "", word)
    if re.search(r"\d", letters) and re.search(r"[^\W\d_]", letters):
        return True
    return bool(re.search(r"^.+[A-Z]", letters)) and not letters.isupper()


def _is_subject_title(name: str) -> bool:
    """A title of three words or fewer that names its subject in words ("Convolutional
    Neural Network", "Multivariable Calculus", "Precalculus", "NLP Course"): the loader
    would take it as written, and a note's heading writes it so. A coined word keeps it
    ("OpenIntro Statistics", "CLP-1 Differential Calculus", "PyTorch Bootcamp"); a brand's
    name (a MOOC platform, a podcast: `brands` rules) is not a subject."""
    words = _WORD.findall(name)
    if _HANGUL.search(name) or len(words) > 3:
        return False
    return not any(_is_coined(w) for w in words)


def _is_korean_subject(name: str) -> bool:
    """One Hangul word (운영체제, 수치해석, 전산수학1): a subject a Korean note writes, not a
    title, and the loader would take it anywhere (Korean has no capitals to tell them
    apart). Korean titles of ordinary words (파이썬 라이브러리) are kept: the loader takes
    them only with a cue after them, and links to their pages take the name."""
    return bool(_HANGUL.search(name)) and len(_WORD.findall(name)) == 1
