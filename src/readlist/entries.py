"""Gazetteer entries: how they are read, which tier each comes from, and how sure each
spelling is on its own (issue #15).

Three tiers, best first:
  - user: the names file beside the database (`readlist add-name`, `alias`, `ignore`);
  - hand: the hand-checked `data/gazetteer/*.yaml`;
  - harvested: `data/gazetteer/harvested/*.jsonl`, built by `make gazetteer` from public
    sources (data/gazetteer/SOURCES.md), one JSON object a line.
A better tier wins: a harvested spelling that a user or hand entry already uses is
dropped, so a harvested entry that shares a paper with a hand entry only lends it the
spellings it lacks (the resource stays the hand entry's; names.py `_primary_entries`).

How a spelling must be written to count (the modes below) is decided here, per tier:
hand and user spellings as the README of data/gazetteer describes; harvested ones as
written and more strictly (`_harvested_mode`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, overload

import yaml

from readlist import schemes
from readlist.errors import ReadlistError
from readlist.ids import normalise_arxiv_id, normalise_doi
from readlist.notes import describe_yaml_error

# libyaml's loader when PyYAML was built with it: the gazetteer loads on every run.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What a name can stand for: every kind of resource (schemes.KINDS) but the three only a
# link makes (a repository, a page, a video).
KINDS = frozenset(kind for kind in schemes.KINDS if kind not in ("repo", "page", "video"))
USER, HAND, HARVESTED = "user", "hand", "harvested"
_TIER_RANK = {USER: 0, HAND: 1, HARVESTED: 2}

# How a spelling's case must match the text (bits). CUED: it reads as an ordinary word,
# so it counts only with a cue after it ("SAM model", "Falcon-40B", "트랜스포머 구조") or
# when the note also names the same thing in a way that needs none.
# WRITTEN: only as written, separators and all ("TimeMachine", not "Time Machine").
ANY_CASE, EXACT, CAPITALISED, CUED, WRITTEN = 0, 1, 2, 4, 8
# An ordinary word written in lower case as a name ("pandas"): capitalised ("Pandas", a
# list item, a sentence's start), it counts where the note names the thing otherwise too.
LOWER_WORD = 16
# A name harvested in lower case ("langgraph"): any case but a capital first letter alone.
RECASED = 32

# Full-width ASCII (Ａ-Ｚ, ０-９, －) maps one to one onto ASCII, so offsets stay put.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
SEPARATORS = re.compile(r"[\s\-_./·]+")
# The words of a spelling without separators: "TimeMachine" is Time and Machine.
TOKENS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[A-Za-z]*\d+[A-Za-z]*|[^\sA-Za-z\d\-_./·]+")
_HANGUL_WORD = re.compile("[가-힣]+")
# In Korean text 구글 and 네이버 name the company: no other thing goes by the name.
_PROPER_KINDS = frozenset({"org", "site"})


def fold_full_width(text: str) -> str:
    """Ｒｅｓ－Ｎｅｔ → Res-Net. (str.translate runs at ~40 MB/s; most notes need none.)"""
    if text.isascii() or not _may_have_full_width(text):
        return text
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


def _may_have_full_width(text: str) -> bool:
    # In UTF-8 every full-width form starts with the byte EF and U+3000 with E3, and
    # Hangul with neither: encoding and looking for two bytes (memchr) costs a third of
    # the pattern's test of each character.
    data = text.encode("utf-8", "surrogatepass")
    return b"\xef" in data or b"\xe3" in data


def squash(text: str) -> str:
    # A word of letters and digits has no separator to drop (5x faster than the pattern).
    return text if text.isalnum() else SEPARATORS.sub("", text)


def normalise_name(name: str) -> str:
    """The comparison form of a name: full-width folded, lower case, no separators."""
    return squash(fold_full_width(name)).lower()


@dataclass(frozen=True)
class Entry:
    """One thing the gazetteer knows: its canonical name, spellings and facts."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    title: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    year: int | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # other homes of the same thing (a site's GitHub repo)
    origin: str = ""  # file (and entry or line) the entry came from, for messages
    tier: str = HAND  # USER outranks HAND outranks HARVESTED
    sources: tuple[str, ...] = ()  # harvested: "owner/repo@commit:path" it was taken from

    @property
    def spellings(self) -> tuple[str, ...]:
        extra = (self.title,) if self.title else ()
        return (self.name, *self.aliases, *extra)

    @property
    def user(self) -> bool:
        return self.tier == USER


_ENTRY_FIELDS = tuple(field.name for field in fields(Entry))


class EntryRows(Sequence[Entry]):
    """Entries kept as plain rows in the prepared gazetteer's cache and made into
    `Entry` objects when first asked for: 20,000 dataclass objects take ~50 ms to
    unpickle, their rows a third of that, and a run asks for the few its notes name."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._rows = [tuple(getattr(entry, name) for name in _ENTRY_FIELDS) for entry in entries]
        self._made: dict[int, Entry] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        entry = self._made.get(index)
        if entry is None:
            entry = self._made[index] = Entry(*self._rows[index])
        return entry

    def __getstate__(self) -> list[tuple[Any, ...]]:
        return self._rows

    def __setstate__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._made = {}


def tier_rank(entry: Entry) -> int:
    """0 for the user's entries, 1 for hand-checked ones, 2 for harvested ones."""
    return _TIER_RANK[entry.tier]


# Reading -----------------------------------------------------------------------------------


def gazetteer_files(folder: Path) -> list[Path]:
    """The hand-checked YAML files, then the harvested JSONL files, each in name order."""
    hand = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return hand + sorted((folder / "harvested").glob("*.jsonl"))


def read_gazetteer_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, bytes]], Any]:
    """The bytes of gazetteer files, and a running digest of them (the fingerprint:
    reading the files costs little next to parsing them)."""
    files = []
    digest = hashlib.blake2b(digest_size=8)
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ReadlistError(f"{path}: cannot read gazetteer: {exc}") from exc
        digest.update(raw)
        files.append((path, raw))
    return files, digest


def parse_entries(files: Iterable[tuple[Path, bytes]]) -> list[Entry]:
    """The entries of gazetteer files read by read_gazetteer_files: YAML lists, or JSON
    lines (harvested) for `.jsonl` files."""
    entries: list[Entry] = []
    for path, raw in files:
        if path.suffix == ".jsonl":
            entries += _parse_jsonl(path, raw)
            continue
        try:
            data = yaml.load(raw, Loader=_SAFE_LOADER) or []
        except yaml.YAMLError as exc:
            raise ReadlistError(
                f"{path}: cannot read gazetteer: {describe_yaml_error(exc)}"
            ) from exc
        if not isinstance(data, list):
            raise ReadlistError(f"{path}: a gazetteer file is a YAML list of entries")
        for position, item in enumerate(data, start=1):
            entries.append(parse_entry(item, f"{path.name} entry {position}"))
    return entries


def _parse_jsonl(path: Path, raw: bytes) -> Iterator[Entry]:
    """A harvested file: one entry a line (docs: data/gazetteer/README.md)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadlistError(f"{path}: cannot read gazetteer: not UTF-8 ({exc.reason})") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadlistError(f"{where}: not a JSON object: {exc.msg}") from exc
        entry = parse_entry(item, where, tier=HARVESTED)
        if not entry.sources:
            raise ReadlistError(f"{where} ({entry.name}): a harvested entry needs its sources")
        yield entry


def parse_entry(item: Any, where: str, tier: str = HAND) -> Entry:
    """One YAML mapping or JSON object → `Entry`; a malformed one raises with `where`."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str | int | float):
        raise ReadlistError(f"{where}: an entry needs at least a name")
    name = str(item["name"]).strip()
    kind = str(item.get("kind") or "paper").strip()
    if kind not in KINDS:
        raise ReadlistError(f"{where} ({name}): kind must be one of {', '.join(sorted(KINDS))}")
    arxiv = None
    if item.get("arxiv"):
        arxiv = normalise_arxiv_id(str(item["arxiv"]))
        if arxiv is None:
            raise ReadlistError(f"{where} ({name}): {item['arxiv']!r} is not an arXiv id")
    doi = None
    if item.get("doi"):
        doi = normalise_doi(str(item["doi"]))
        if doi is None:
            raise ReadlistError(f"{where} ({name}): {item['doi']!r} is not a DOI")
    year = item.get("year")
    if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
        raise ReadlistError(f"{where} ({name}): year must be a number such as 2015")
    return Entry(
        name=name,
        kind=kind,
        aliases=_strings(item.get("aliases"), where, name),
        exact=_strings(item.get("exact"), where, name),
        title=str(item["title"]).strip() if item.get("title") else None,
        arxiv=arxiv,
        doi=doi,
        year=year,
        url=str(item["url"]).strip() if item.get("url") else None,
        tags=_strings(item.get("tags"), where, name),
        same_as=_strings(item.get("same_as"), where, name),
        origin=where,
        tier=tier,
        sources=_strings(item.get("sources"), where, name),
    )


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ReadlistError(f"{where} ({name}): expected a list of strings")
    return tuple(str(v).strip() for v in value if v is not None and str(v).strip())


def parse_common_words(raw: bytes) -> frozenset[str]:
    """data/common-words*.txt: one lower-case word a line, `#` comments."""
    lines = raw.decode("utf-8", errors="replace").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Tiers -------------------------------------------------------------------------------------


def merge_tiers(entries: Iterable[Entry]) -> list[Entry]:
    """The user's and hand-checked entries as they are, then the harvested ones without
    the spellings a better entry (or an earlier harvested one) already uses.

    A harvested entry that keeps none of its name and aliases is dropped; one whose name
    is taken is shown under its first spelling left. One that shares an arXiv id or DOI
    with a hand entry stays as a second entry of the same resource: it lends its other
    spellings, matched at the harvested tier, and the row keeps the hand entry's name."""
    ordered = sorted(entries, key=tier_rank)  # stable: file order within a tier
    # A better entry's spellings, and their plurals (names.py reads "Transformers" as
    # Transformer's plural).
    taken = {
        normalise_name(spelling) + plural
        for entry in ordered
        if entry.tier != HARVESTED
        for spelling in (*entry.spellings, *entry.exact)
        for plural in ("", "s", "es")
    }
    merged: list[Entry] = []
    for entry in ordered:
        if entry.tier != HARVESTED:
            merged.append(entry)
            continue
        names = [(s, normalise_name(s)) for s in dict.fromkeys((entry.name, *entry.aliases))]
        kept = [s for s, key in names if _is_new(key, taken)]
        title = entry.title
        if title and not _is_new(title_key := normalise_name(title), taken):
            title = None
        if not kept:
            continue
        taken.update(key for _, key in names)
        if title:
            taken.add(title_key)
        if len(kept) < len(names) or title != entry.title:
            entry = replace(entry, name=kept[0], aliases=tuple(kept[1:]), title=title)
        merged.append(entry)
    return merged


def _is_new(key: str, taken: set[str]) -> bool:
    """Is this normalised spelling free, and a name at all?"""
    # A year, a number or a single letter names nothing on its own.
    return len(key) > 1 and any(c.isalpha() for c in key) and key not in taken


def spelling_modes(entry: Entry, common_words: frozenset[str]) -> Iterator[tuple[str, int]]:
    """Each spelling of the entry with how it must be written to count (the mode bits)."""
    if entry.tier == HARVESTED:
        # Not a paper's title, nor a name of four words or more (half the harvested names
        # are titles): they would make the automaton eight times larger and its load
        # ~0.5 s slower, for 0.5 % of recall on the blind set. The entry still names
        # links to its paper. A book's or a course's title is its name, and there are a
        # few hundred of them.
        long_names = entry.kind in TITLED_KINDS
        for spelling in (entry.name, *entry.aliases):
            if long_names or spelling.count(" ") < 3:
                yield spelling, _harvested_mode(spelling, entry.kind, common_words)
    else:
        for spelling in entry.spellings:
            yield spelling, _hand_mode(spelling, entry.kind, common_words)
    for spelling in entry.exact:
        yield spelling, EXACT


# Vendors whose products are named with their name first: "AWS Lambda", "Google Cloud
# Storage", "Apache Spark". The words are ordinary ("google", "apache"), the phrase is not.
_VENDORS = frozenset("aws amazon google azure microsoft apache ibm nvidia oracle".split())

# Kinds named by their titles, of any length ("Practical Deep Learning for Coders",
# "Mathematics for Machine Learning"): a harvested one is looked for in prose whatever its
# length, and a link titled so is that page (linknames).
TITLED_KINDS = frozenset({"book", "site"})


def _hand_mode(spelling: str, kind: str, common_words: frozenset[str]) -> int:
    """Hand-checked and user spellings (data/gazetteer/README.md, "Matching rules")."""
    if is_short_caps(spelling):
        return EXACT  # GRU, BERT, GPT-3; two letters (SE) also need a cue: names.py
    if _HANGUL_WORD.fullmatch(spelling):
        return CUED if _is_korean_word(spelling, kind, common_words) else ANY_CASE
    if spelling.isalpha() and spelling.lower() in common_words:
        # "whisper" is a word and "Whisper" the model; "pandas" (written in lower
        # case in the gazetteer) is the library only when written just so.
        return EXACT | LOWER_WORD if spelling.islower() else CAPITALISED
    return ANY_CASE


def _harvested_mode(spelling: str, kind: str, common_words: frozenset[str]) -> int:
    """Harvested spellings count as written (case and all), and those that read as
    ordinary words only with a cue.

    - SAM, OPT, Yi, T5, C4 (three characters or fewer): exact case and a cue.
    - English words (Falcon, Bloom, Gemini, Whisper, Attention; common-words.txt holds
      frequent first names too, such as Claude and Grace), alone or two or three together
      (Segment Anything, FOR-instance): as written and a cue, even capitalised ("Falcon"
      starts a sentence). A longer phrase of ordinary words (a title: What We Do Not
      Know) as written.
    - A Korean word (영화, 말뭉치; common-words-ko.txt): a cue; any other Hangul name as it is.
    - Words run together (TimeMachine, PointIT): only so, never as the words apart.
    - A name in lower case (langgraph, vllm): in any case with a capital inside or all
      capitals (LangGraph, vLLM, VLLM), not as a capitalised word (Bayesian, Kalman).
    - Anything else (Swin, Llama, Mamba, BARNet, Pix2Pix): exact case, separators aside;
      a title of four words or more, in any case."""
    key = normalise_name(spelling)
    if _HANGUL_WORD.fullmatch(spelling):
        return CUED if _is_korean_word(spelling, kind, common_words) else ANY_CASE
    if len(key) <= 3:
        return EXACT | CUED
    words = [w for w in SEPARATORS.split(fold_full_width(spelling)) if w]
    ordinary = _are_ordinary(words, common_words)
    if ordinary and len(words) > 1 and words[0].lower() in _VENDORS and _capitalised(words):
        return EXACT  # "AWS Lambda", "Google Cloud Storage": a vendor's product, as written
    if ordinary:
        return EXACT | CUED if len(words) <= 3 else EXACT
    if len(words) == 1 and _are_ordinary(TOKENS.findall(spelling), common_words):
        return EXACT | WRITTEN  # "TimeMachine" is a name; "Time Machine" a book
    if spelling.islower():
        # "langgraph", "vllm": a list that writes a name in lower case does not say how
        # the name is capitalised ("LangGraph", "vLLM"); only "Bayesian" for "bayesian"
        # is left out, a word's look at a sentence's start
        return EXACT | RECASED
    return ANY_CASE if len(words) >= 4 else EXACT


def _capitalised(words: list[str]) -> bool:
    return all(word[:1].isupper() for word in words)


def _are_ordinary(words: list[str], common_words: frozenset[str]) -> bool:
    # (common-words.txt starts at three letters: "we", "do" and "of" are ordinary too)
    return all(w.isalpha() and (len(w) <= 2 or w.lower() in common_words) for w in words)


def _is_korean_word(spelling: str, kind: str, common_words: frozenset[str]) -> bool:
    """A Hangul spelling that is an ordinary Korean word (트랜스포머 is also the film,
    꼬꼬마 a child): Korean has no capitals to tell the name from the word."""
    return (
        kind not in _PROPER_KINDS
        and _HANGUL_WORD.fullmatch(spelling) is not None
        and spelling in common_words
    )


def is_short_caps(spelling: str) -> bool:
    """All-caps names of up to five letters (GRU, BERT, GPT-3) match only in that case."""
    letters = [c for c in spelling if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


# Counting ----------------------------------------------------------------------------------


@dataclass
class SourceCount:
    """How many entries one source gives, and how many of them carry a paper key."""

    entries: int = 0
    arxiv: int = 0
    doi: int = 0

    def add(self, entry: Entry) -> None:
        self.entries += 1
        self.arxiv += entry.arxiv is not None
        self.doi += entry.doi is not None


@dataclass
class GazetteerStats:
    """`readlist gazetteer stats`: entries per kind and per source, with their ids."""

    by_kind: dict[str, SourceCount]
    by_source: dict[str, SourceCount]  # a hand-checked file, or "owner/repo" harvested from
    by_tier: dict[str, SourceCount]
    set_aside: int  # harvested entries every spelling of which a better entry has


def count_entries(parsed: list[Entry], used: list[Entry]) -> GazetteerStats:
    """Counts of the entries readlist uses (`used`, after merge_tiers of `parsed`)."""
    by_kind: dict[str, SourceCount] = {}
    by_source: dict[str, SourceCount] = {}
    by_tier: dict[str, SourceCount] = {}
    for entry in used:
        by_kind.setdefault(entry.kind, SourceCount()).add(entry)
        by_tier.setdefault(entry.tier, SourceCount()).add(entry)
        for source in _source_names(entry):
            by_source.setdefault(source, SourceCount()).add(entry)
    harvested = sum(e.tier == HARVESTED for e in parsed)
    return GazetteerStats(
        by_kind=dict(sorted(by_kind.items())),
        by_source=dict(sorted(by_source.items(), key=lambda item: -item[1].entries)),
        by_tier=by_tier,
        set_aside=harvested - by_tier.get(HARVESTED, SourceCount()).entries,
    )


def _source_names(entry: Entry) -> set[str]:
    if entry.tier != HARVESTED:
        return {entry.origin.split(" ")[0].split(":")[0]}  # "general.yaml entry 12"
    return {source.split("@")[0] for source in entry.sources}
