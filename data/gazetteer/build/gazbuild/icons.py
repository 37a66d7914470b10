"""simple-icons (simple-icons/simple-icons): `data/simple-icons.json`, a list of brands of
software, services and platforms, each with its display name:

    [{"title": "Apache Kafka", "hex": "231F20", "source": "https://apache.org/logos/"},
     {"title": "D3", "hex": "F9A03C", "source": "https://github.com/d3/d3-logo",
      "aliases": {"aka": ["D3.js"]}},
     {"title": "Kotlin", "hex": "7F52FF", "source": "https://www.jetbrains.com/…",
      "aliases": {"loc": {"ko-KR": "코틀린"}}}, …]

One record per brand, named by its `title`, of the kind the reviewed list beside this module
gives it (`icons.tsv`: `site`, `org`, `drop` or `word`; a title not listed is a `tool`).
Dropped: consumer brands with no place in notes of ML, data and software (clothing, cars,
airlines, banks, games, TV, crypto coins …), formats and standards (JSON, YAML), and tools
whose one-word name prose writes as a word or a person's name (Bootstrap, Perplexity, Zola).
Like a best-of list (`bestof.reads_as_a_word`), a one-word title that reads as a word (Docker,
Celery, Python), is three letters or fewer (AMD, Go, D3) or an all-capitals word is left out;
when the brand has another name that is a name (`aliases.aka`, `aliases.old`: D3.js,
Express.js, Grafana k6, PyTorch Geometric for PyG), that name is its name.

Aliases: `aliases.aka` and `aliases.old` (other and earlier names: draw.io, Wasm, SonarQube,
Codeium) that are names, not sentences nor words, less those the list says are another
thing's (OpenTofu's "Terraform"); the Korean name of `aliases.loc` (카카오, 티스토리, 나무위키),
which the loader matches as it matches Korean names (one that is a Korean word, a tool's,
only with a cue). Not `aliases.dup` (other logos of the brand). No URL:
`source` is where the logo came from, not the thing's home. Only names are taken. Every
record defers: a name an earlier source or a hand entry gives keeps its entry.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bestof import reads_as_a_word
from .records import Record, clean_name, is_junk

DECISIONS = Path(__file__).with_name("icons.tsv")
KEPT = {"site": "site", "org": "org"}  # a decision that keeps the brand, and its kind
_MAX_ALIAS_WORDS = 6
_HANGUL = re.compile("[가-힣]+(?: [가-힣]+)*")


@dataclass(frozen=True)
class Decisions:
    """The reviewed list: a decision per title, and aliases that are not a title's name."""

    kinds: Mapping[str, str]
    not_aliases: frozenset[tuple[str, str]]


def read_decisions(text: str) -> Decisions:
    """`icons.tsv`: `decision<TAB>title` lines, and `not-alias<TAB>title<TAB>alias`."""
    kinds: dict[str, str] = {}
    not_aliases: set[tuple[str, str]] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "not-alias" and len(cells) == 3:
            not_aliases.add((cells[1], cells[2]))
        elif cells[0] in ("site", "org", "drop", "word") and len(cells) == 2:
            kinds[cells[1]] = cells[0]
        else:
            raise ValueError(f"{DECISIONS.name}:{number}: not a decision: {line!r}")
    return Decisions(kinds, frozenset(not_aliases))


@functools.cache
def shipped_decisions() -> Decisions:
    return read_decisions(DECISIONS.read_text(encoding="utf-8"))


def parse_file(
    path: str, text: str, options: Mapping[str, Any], decisions: Decisions | None = None
) -> Iterator[Record]:
    """The kept brands of `simple-icons.json`."""
    try:
        icons = json.loads(text)
    except ValueError:
        return
    if isinstance(icons, dict):  # the file's older form: {"icons": [...]}
        icons = icons.get("icons")
    for icon in icons if isinstance(icons, list) else ():
        if isinstance(icon, dict):
            record, _ = classify(path, icon, options, decisions or shipped_decisions())
            if record is not None:
                yield record


def classify(
    path: str, icon: Mapping[str, Any], options: Mapping[str, Any], decisions: Decisions
) -> tuple[Record | None, str]:
    """The record one brand gives (None when it is left out), and why: its kind, or the
    rule that left it out ("drop", "word", "short or a word", "no name")."""
    written = str(icon.get("title") or "").strip()
    title = clean_name(written)  # "Ferrari N.V." is listed as written
    decision = decisions.kinds.get(written) or decisions.kinds.get(title, "tool")
    if decision in ("drop", "word"):
        return None, decision
    aliases = [a for a in _aliases(icon) if (title, a) not in decisions.not_aliases]
    names = [a for a in aliases if _is_a_name(a)]
    if is_junk(title) or _reads_as_a_word(title):
        other = [a for a in names if not _HANGUL.fullmatch(a)]
        if not other:
            return None, "short or a word"
        title = other[0]  # "D3" as D3.js, "Express" as Express.js
    names = [a for a in names if a.casefold() != title.casefold()]
    record = Record(
        name=title,
        kind=KEPT.get(decision, str(options.get("kind", "tool"))),
        path=path,
        aliases=tuple(dict.fromkeys(names)),
        tags=tuple(options.get("tags") or ()),
        defers=True,
    )
    return record, record.kind


def _aliases(icon: Mapping[str, Any]) -> list[str]:
    """Other names (aka), earlier names (old) and the Korean name (loc ko-KR)."""
    aliases = icon.get("aliases")
    if not isinstance(aliases, dict):
        return []
    names = [str(a) for key in ("aka", "old") for a in aliases.get(key) or () if a]
    local = aliases.get("loc")
    if isinstance(local, dict) and local.get("ko-KR"):
        names.append(str(local["ko-KR"]))
    return [clean_name(n) for n in names]


def _is_a_name(alias: str) -> bool:
    """A name, not a sentence, a word (revolt, Bob, Bionic) nor two letters (VM, sy). A
    Korean name that is also a Korean word (코틀린) is the loader's to match with a cue."""
    if is_junk(alias) or len(alias.split()) > _MAX_ALIAS_WORDS or alias.endswith("."):
        return False
    return bool(_HANGUL.fullmatch(alias)) or not _reads_as_a_word(alias)


def _reads_as_a_word(name: str) -> bool:
    """One word that a note writes as a word, or three letters or fewer (AMD, Go, sy)."""
    return len(name.split()) == 1 and reads_as_a_word(name)
