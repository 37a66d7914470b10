"""Korean and mixed spellings of gazetteer names (issue #14, part 5).

Korean notes write model names in Hangul (레즈넷, 비전 트랜스포머) or half in Hangul
(Vision 트랜스포머, 스타일GAN). Rather than an alias by hand for each name and each mix,
the spellings are built from the words names are made of: data/hangul-spellings.tsv says
how Korean writers spell each word ("res": 레즈, 레스; "net": 넷), and a name whose every
word is listed there (or is an acronym or a number, which stay as written) gets every
combination with at least one word in Hangul. Matching then treats them as the entry's
own spellings: any spacing, Korean particles after them, never inside a longer Hangul
word (로버트 is not 버트).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace

from readlist.entries import Entry, normalise_name

# A name's pieces: capitalised words, lower-case runs, acronyms, numbers, and what is
# between them (kept as written: a space stays a space, CamelCase stays joined).
_PIECE = re.compile(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?=[A-Z][a-z])|[A-Z]+|\d+|[^A-Za-z\d]+")
_SEPARATOR = re.compile(r"[\W_]+")  # Hangul is part of a word
_ACRONYM = re.compile(r"[A-Z]{1,5}|\d+")
_LONGEST_RUN = 4  # pieces one listed word may span ("Goog"+"Le"+"Net" is googlenet)
_MOST_VARIANTS = 16  # per spelling: a name of four listed words has 15 mixes

Spellings = dict[str, tuple[str, ...]]


def parse_spellings(raw: bytes) -> Spellings:
    """data/hangul-spellings.tsv: a word, a tab, its Hangul spellings comma-separated."""
    table: Spellings = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        word, spellings = line.split("\t", 1)
        forms = tuple(s.strip() for s in spellings.split(",") if s.strip())
        if forms:
            table[_key(word)] = forms
    return table


def with_korean_spellings(entries: Iterable[Entry], table: Spellings) -> list[Entry]:
    """The entries, each with the Korean and mixed spellings of its name and aliases."""
    result = []
    for entry in entries:
        known = {_key(s) for s in (*entry.spellings, *entry.exact)}
        extra: list[str] = []
        for spelling in (entry.name, *entry.aliases):
            for variant in korean_spellings(spelling, table):
                if _key(variant) not in known:
                    known.add(_key(variant))
                    extra.append(variant)
        result.append(replace(entry, aliases=(*entry.aliases, *extra)) if extra else entry)
    return result


def korean_spellings(spelling: str, table: Spellings) -> list[str]:
    """Every way of writing `spelling` with one or more of its words in Hangul; none when
    a word of it is neither listed nor an acronym or number.

    A word written as one (ResNet, StyleGAN) turns to Hangul whole (레즈넷, 스타일GAN:
    acronyms and numbers stay as written); words apart (Vision Transformer) turn each on
    its own (비전 트랜스포머, Vision 트랜스포머)."""
    choices: list[tuple[str, ...]] = []
    for word in re.split(f"({_SEPARATOR.pattern})", spelling):
        if not word or _SEPARATOR.fullmatch(word):
            choices.append((word,))
            continue
        forms = _word_forms(word, table)
        if forms is None:
            return []
        choices.append((word, *forms))
    variants = []
    for combination in itertools.islice(itertools.product(*choices), 1, None):
        variants.append("".join(combination))
        if len(variants) >= _MOST_VARIANTS:
            break
    return variants


def _word_forms(word: str, table: Spellings) -> tuple[str, ...] | None:
    """The Hangul forms of one word (no separator in it): () when it is an acronym or a
    number, None when a part of it is neither listed nor an acronym or number."""
    pieces = _PIECE.findall(word)
    parts: list[tuple[str, ...]] = []
    listed = False
    position = 0
    while position < len(pieces):
        for length in range(min(_LONGEST_RUN, len(pieces) - position), 0, -1):
            forms = table.get("".join(pieces[position : position + length]).lower())
            if forms:
                parts.append(forms)
                listed = True
                position += length
                break
        else:
            if not _ACRONYM.fullmatch(pieces[position]):
                return None
            parts.append((pieces[position],))
            position += 1
    if not listed:
        return ()
    return tuple("".join(p) for p in itertools.islice(itertools.product(*parts), _MOST_VARIANTS))


def _key(word: str) -> str:
    return normalise_name(word)
