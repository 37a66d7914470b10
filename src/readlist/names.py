"""Find papers, models, sites and organisations named in prose, from the gazetteer in data/.

Matching survives how people write: any case, hyphens and spaces ("Res-Net",
"res net", "RESNET"), plurals ("MLPs"), sizes and layer counts ("ResNet-50",
"BERT-large"), full-width letters, Korean particles glued on ("BERT는"), never
inside another word ("organ" is not GAN). Short all-caps names (GRU, NSP) match
only in exact case, and two-letter ones (SE) only next to a cue ("SE block").
A name inside a compound or a version that is another thing ("RT-DETR",
"YOLOv8", "pytorch-fid") is not a mention of it: the compound is returned apart,
for a guessed name; compounds.py holds that rule.

One Aho-Corasick automaton (pyahocorasick) holds every spelling of every
name, so a note is scanned once whatever the size of the gazetteer.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick
import yaml

from readlist import name_cache
from readlist.compounds import (
    TAIL_STARTS,
    VERSION,
    compound_span,
    joins_after,
    joins_before,
    may_have_tail,
    read_tail,
)
from readlist.errors import ReadlistError
from readlist.ids import Target, arxiv_target, classify_url, normalise_arxiv_id, normalise_doi
from readlist.notes import describe_yaml_error
from readlist.ranks import NameRank
from readlist.spans import SpanSet

# libyaml's loader when PyYAML was built with it: the gazetteer loads on every run.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = frozenset({"paper", "model", "dataset", "site", "org", "tool", "concept"})

# Full-width ASCII (Ａ-Ｚ, ０-９, －) maps one to one onto ASCII, so offsets stay put.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def fold_full_width(text: str) -> str:
    """Ｒｅｓ－Ｎｅｔ → Res-Net. (str.translate runs at ~40 MB/s; most notes need none.)"""
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


_SEPARATORS = re.compile(r"[\s\-_./·]+")
_SEPARATORS_BUT_POINT = re.compile(r"[\s\-_/·]+")
_DECIMAL = re.compile(r"\d\.\d")
_TOKENS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[A-Za-z]*\d+[A-Za-z]*|[^\sA-Za-z\d\-_./·]+")
# A spelling that is another spelling plus a bare number ("GPT-2", "Llama 2"): the
# number is a version (compounds.read_tail), and the separator says how it is written.
_NUMBERED = re.compile(r"(.*[^\W\d_])([\s\-_.]?)\d+(?:\.\d+)*")
# A name does not start right after these (inside a word, path, handle or variable).
_WORD_BEFORE = frozenset(string.ascii_letters + string.digits + "._/\\@#$")
# How a spelling's case must match the text.
ANY_CASE, EXACT, CAPITALISED = 0, 1, 2

# Two-letter exact names (SE) need one of these right after them.
_CUES = frozenset(
    [
        "block",
        "blocks",
        "module",
        "modules",
        "layer",
        "layers",
        "net",
        "network",
        "networks",
        "블록",
        "모듈",
        "레이어",
        "구조",
    ]
)
_NEXT_TOKEN = re.compile(r"[\s-]?([A-Za-z]+|[가-힣]+)")


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
    origin: str = ""  # file the entry came from, for messages
    user: bool = False  # from the user's names file: outranks the shipped gazetteer

    @property
    def spellings(self) -> tuple[str, ...]:
        extra = (self.title,) if self.title else ()
        return (self.name, *self.aliases, *extra)


@dataclass(frozen=True)
class NameHit:
    """A name found in the text."""

    start: int
    end: int
    surface: str
    entry: Entry
    entry_index: int
    core: int = 0  # length of the spelling matched, before a plural or number tail


@dataclass(frozen=True)
class CompoundHit:
    """A compound or version holding a known name, which is another thing (RT-DETR)."""

    start: int
    end: int
    surface: str
    entry: Entry  # the known name at the compound's head (its right-most)
    head: int = 0  # where that name starts
    core: int = -1  # a known spelling as long as the compound wins over it ("Mask-RCNN")


@dataclass
class Gazetteer:
    """The entries, and the automaton built from every spelling of them."""

    entries: list[Entry]
    fingerprint: str = ""
    ignored: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    # Reads the files and fills entries, ignored and common_words on first use;
    # until then only the fingerprint is known (all a run with nothing to read needs).
    load: Callable[[], tuple[list[Entry], frozenset[str], frozenset[str]]] | None = field(
        default=None, repr=False, compare=False
    )
    # Where the prepared state is kept between runs (see name_cache); None: not kept.
    cache_file: Path | None = field(default=None, repr=False, compare=False)
    _automaton: Any = field(default=None, repr=False)
    _targets: dict[int, Target] = field(default_factory=dict, repr=False)
    _by_key: dict[str, Target] = field(default_factory=dict, repr=False)
    # Normalised spellings whose numbered versions are other entries (GPT: GPT-2),
    # with whether one of those is written with a space (Llama: Llama 2).
    _numbered: dict[str, bool] = field(default_factory=dict, repr=False)

    def loaded(self) -> Gazetteer:
        """Read the gazetteer files now, if that was left for first use (or take the
        whole prepared state from the cache, when a run has kept it)."""
        if self.load is not None:
            load, self.load = self.load, None
            if not self._restore():
                self.entries, self.ignored, self.common_words = load()
        return self

    def prepare(self) -> Gazetteer:
        """Build the automaton now (before forking workers, so they share it).

        Otherwise it is built on first use: a run with nothing to read never needs
        it, nor the public suffix list that classifying `same_as` links loads."""
        if self.loaded()._automaton is None:
            self._build()
            if self.cache_file is not None:
                state = (self.entries, self.ignored, self.common_words)
                name_cache.store_state(
                    self.cache_file,
                    (*state, self._automaton, self._targets, self._by_key, self._numbered),
                )
        return self

    def _restore(self) -> bool:
        state = name_cache.load_state(self.cache_file) if self.cache_file else None
        if state is None or len(state) != 7:
            return False
        (
            self.entries,
            self.ignored,
            self.common_words,
            self._automaton,
            self._targets,
            self._by_key,
            self._numbered,
        ) = state
        return True

    def _build(self) -> None:
        self._automaton = ahocorasick.Automaton()
        primaries = _primary_entries(self.entries)
        for index, entry in enumerate(self.entries):
            target = _target_of(primaries.get(entry_key(entry), entry), entry)
            self._targets[index] = target
            self._by_key.setdefault(target.key, target)
            for url in entry.same_as:
                # Another home of the same thing (a site's GitHub repo) keeps its own
                # row and kind, and takes the entry's name.
                link = classify_url(url)
                if link is not None:
                    named = replace(link, name=target.name, tags=target.tags, rank=target.rank)
                    self._by_key.setdefault(link.key, named)
            for spelling, exact in _spellings(entry, self.common_words):
                if normalise_name(spelling) in self.ignored:
                    continue
                for variant in _variants(spelling):
                    # value: (variant length, [(entry index, spelling, exact), ...])
                    existing = self._automaton.get(variant, None)
                    if existing is None:
                        self._automaton.add_word(
                            variant, (len(variant), [(index, spelling, exact)])
                        )
                    elif all(i != index for i, _, _ in existing[1]):
                        existing[1].append((index, spelling, exact))
        if len(self._automaton):
            self._automaton.make_automaton()
        keys = [self._targets[index].key for index in range(len(self.entries))]
        self._numbered = _numbered_families(self.entries, keys)

    def target_for_key(self, key: str) -> Target | None:
        """The known resource behind a link's key: `arxiv:1512.03385` is ResNet."""
        return self.prepare()._by_key.get(key)

    def target_of_hit(self, hit: NameHit) -> Target:
        """The resource a name stands for (shared by entries that name one paper)."""
        return self.prepare()._targets[hit.entry_index]

    def find(self, text: str, skip: Sequence[tuple[int, int]] = ()) -> list[NameHit]:
        """Every name in `text` outside the `skip` spans (code, URLs), longest first."""
        return self.scan(text, skip)[0]

    def scan(
        self, text: str, skip: Sequence[tuple[int, int]] = ()
    ) -> tuple[list[NameHit], list[CompoundHit]]:
        """The names in `text` outside `skip`, and the compounds that hold a known name
        without being it ("RT-DETR", "YOLOv8"), each outside the names and `skip`."""
        if not len(self.prepare()._automaton) or not text:
            return [], []
        folded = fold_full_width(text)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a rare character whose lower case is longer
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
        skipped = SpanSet(skip)
        candidates: list[NameHit] = []
        compounds: dict[tuple[int, int], CompoundHit] = {}
        for last, (length, matches) in self._automaton.iter(lowered):
            start = last + 1 - length
            if start > 0:
                before = folded[start - 1]
                if before in _WORD_BEFORE:
                    continue  # inside a word: "se" in "session" (the most common rejection)
                if "가" <= before <= "힣" and "가" <= folded[start] <= "힣":
                    continue  # particles follow a Korean word, never lead: 로버트 is not 버트
            for index, spelling, exact in matches:
                hit = self._accept(text, folded, start, last + 1, index, spelling, exact)
                if isinstance(hit, NameHit):
                    if not skipped.overlaps(hit.start, hit.end):
                        candidates.append(hit)
                elif hit is not None:
                    # The head of "Swin-UNet" is U-Net: the right-most known name.
                    current = compounds.get((hit.start, hit.end))
                    if current is None or hit.head > current.head:
                        compounds[hit.start, hit.end] = hit
        if not compounds:
            return _longest_leftmost(candidates), []
        # A compound takes its whole span, so no shorter name inside it is left over
        # ("Swin" in "Swin Transformer V2"); one the gazetteer knows is that entry.
        pool: list[NameHit | CompoundHit] = [*candidates]
        pool += (c for c in compounds.values() if not skipped.overlaps(c.start, c.end))
        found = _longest_leftmost(pool)
        names = [hit for hit in found if isinstance(hit, NameHit)]
        return names, [hit for hit in found if isinstance(hit, CompoundHit)]

    def _accept(
        self, text: str, folded: str, start: int, end: int, index: int, spelling: str, exact: int
    ) -> NameHit | CompoundHit | None:
        tailed = folded[end : end + 1] in TAIL_STARTS
        if not tailed and _glued(folded, end):
            return None  # inside a word ("Transformers" is found, "transformation" not)
        span = folded[start:end]
        if exact == EXACT and _squash(span) != _squashed_spelling(spelling):
            return None
        if exact == CAPITALISED and not span[0].isupper():
            return None  # "whisper" is a word; "Whisper" is the model
        full_end = end
        if tailed and may_have_tail(folded, end):
            spaced = self._numbered.get(_spelling_key(spelling))
            full_end, version = read_tail(folded, end, spaced is not None, spaced is True)
            if version == VERSION:
                return self._compound(text, folded, start, full_end, index)
        if tailed and _glued(folded, full_end):
            full_end = end  # the tail ran into a word or identifier: try without it
            if _glued(folded, end):
                return None
        if exact == EXACT and _needs_cue(spelling) and not _has_cue(folded, full_end):
            return None
        # A hyphen on either side may make a compound: "RT-DETR", "LLaMA-Adapter".
        if folded.startswith("-", full_end) and joins_after(
            folded, full_end, folded[start:full_end], self.common_words
        ):
            return self._compound(text, folded, start, full_end, index)
        if (
            start > 1
            and folded[start - 1] == "-"
            and joins_before(folded, start, folded[start:full_end], self.common_words)
        ):
            return self._compound(text, folded, start, full_end, index)
        return NameHit(
            start, full_end, text[start:full_end], self.entries[index], index, end - start
        )

    def _compound(self, text: str, folded: str, start: int, end: int, index: int) -> CompoundHit:
        first, last = compound_span(folded, start, end, self.common_words)
        return CompoundHit(first, last, text[first:last], self.entries[index], start)


@cache
def _squashed_spelling(spelling: str) -> str:
    return _squash(fold_full_width(spelling))


@cache
def _spelling_key(spelling: str) -> str:
    return normalise_name(spelling)


def _numbered_families(entries: list[Entry], keys: list[str]) -> dict[str, bool]:
    """Spellings whose numbered versions the gazetteer lists as other entries.

    "GPT-2" is an entry of its own, so GPT is a numbered family and "GPT-5" is a version
    (another thing); "LeNet-5" is LeNet's own alias, so LeNet is not; nothing is a
    numbered ResNet, so "ResNet-50" counts layers. The value: a version is written
    after a space in the family ("Llama 2", "DALL-E 2"). `keys`: each entry's resource."""
    owners: dict[str, set[str]] = {}
    for entry, key in zip(entries, keys, strict=True):
        for spelling in (*entry.spellings, *entry.exact):
            owners.setdefault(normalise_name(spelling), set()).add(key)
    families: dict[str, bool] = {}
    for entry, key in zip(entries, keys, strict=True):
        for spelling in (*entry.spellings, *entry.exact):
            match = _NUMBERED.fullmatch(fold_full_width(spelling))
            if match is None:
                continue
            base = normalise_name(match.group(1))
            if owners.get(base, {key}) - {key}:  # the unnumbered name is another entry's
                families[base] = families.get(base, False) or match.group(2).isspace()
    return families


def _glued(text: str, end: int) -> bool:
    """Does a word or identifier go on at `end` (ASCII letters, digits, `_`)?"""
    return end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_")


def _needs_cue(spelling: str) -> bool:
    """Two letters and nothing else (SE, CV) say too little on their own; T5 or C4 do not."""
    return len(_squashed_spelling(spelling)) <= 2 and not any(c.isdigit() for c in spelling)


def _has_cue(text: str, end: int) -> bool:
    match = _NEXT_TOKEN.match(text, end)
    return match is not None and match.group(1).lower() in _CUES


_Hit = TypeVar("_Hit", NameHit, NameHit | CompoundHit)


def _longest_leftmost(hits: list[_Hit]) -> list[_Hit]:
    """Drop hits that overlap a longer one; at equal length the longer spelling wins
    ("GPT-3" the entry over "GPT" plus a number), then the earlier one."""
    hits.sort(key=lambda h: (-(h.end - h.start), -h.core, h.start))
    chosen: list[_Hit] = []
    taken = SpanSet()
    for hit in hits:
        if taken.overlaps(hit.start, hit.end):
            continue
        chosen.append(hit)
        taken.add(hit.start, hit.end)
    chosen.sort(key=lambda h: h.start)
    return chosen


def normalise_name(name: str) -> str:
    """The comparison form of a name: full-width folded, lower case, no separators."""
    return _squash(fold_full_width(name)).lower()


def name_key(name: str) -> str:
    """`name:` resource id for a name with no better key: lower case, words joined by '-'."""
    words = [w for w in _SEPARATORS.split(fold_full_width(name).lower()) if w]
    slug = "-".join(words)
    return f"name:{re.sub(r'[^0-9a-z가-힣+-]', '', slug) or normalise_name(name)}"


def _squash(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _is_exact(spelling: str) -> bool:
    """All-caps names of up to five letters (GRU, BERT, GPT-3) match only in that case."""
    letters = [c for c in spelling if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def _spellings(entry: Entry, common_words: frozenset[str]) -> Iterable[tuple[str, int]]:
    """Each spelling with how its case must match: ANY_CASE, EXACT or CAPITALISED."""
    for spelling in entry.spellings:
        if _is_exact(spelling):
            yield spelling, EXACT
        elif spelling.isalpha() and spelling.lower() in common_words:
            # "whisper" is a word and "Whisper" the model; "pandas" (written in lower
            # case in the gazetteer) is the library only when written just so.
            yield spelling, EXACT if spelling.islower() else CAPITALISED
        else:
            yield spelling, ANY_CASE
    for spelling in entry.exact:
        yield spelling, EXACT


def _variants(spelling: str) -> set[str]:
    """The lower-case forms a spelling is written in: its separators, none, spaces, hyphens."""
    folded = fold_full_width(spelling)
    tokens = [t for part in _SEPARATORS.split(folded) for t in _TOKENS.findall(part)]
    variants = {folded.lower()}
    if len(tokens) > 1:
        for joiner in ("", " ", "-"):
            variants.add(joiner.join(tokens).lower())
        parts = [p for p in _SEPARATORS.split(folded) if p]
        for joiner in ("", " ", "-"):
            variants.add(joiner.join(parts).lower())
        if _DECIMAL.search(folded):
            # "SQuAD 2.0" is written "SQuAD2.0": a version's point stays in it.
            kept = [p for p in _SEPARATORS_BUT_POINT.split(folded) if p]
            for joiner in ("", "-"):
                variants.add(joiner.join(kept).lower())
    return {v for v in variants if v}


def entry_key(entry: Entry) -> str:
    """The resource id a gazetteer entry stands for."""
    if entry.arxiv:
        return f"arxiv:{entry.arxiv}"
    if entry.doi:
        return f"doi:{entry.doi}"
    if entry.url:
        target = classify_url(entry.url)
        if target is not None:
            return target.key
    return name_key(entry.name)


def _primary_entries(entries: list[Entry]) -> dict[str, Entry]:
    """For entries that share a resource (MLM and BERT), the one whose name the row shows."""
    primaries: dict[str, Entry] = {}
    for entry in entries:
        key = entry_key(entry)
        current = primaries.get(key)
        if current is None or (current.kind == "concept" and entry.kind != "concept"):
            primaries[key] = entry
    return primaries


def _target_of(primary: Entry, entry: Entry) -> Target:
    key = entry_key(entry)
    base: Target
    if primary.arxiv:
        base = arxiv_target(primary.arxiv)
    elif primary.url and (classified := classify_url(primary.url)) is not None:
        base = classified
    else:
        base = Target(key=key, kind=primary.kind, name=primary.name, url=primary.url)
    return Target(
        key=key,
        kind=primary.kind,
        name=primary.name,
        url=primary.url or base.url,
        domain=base.domain,
        arxiv_id=primary.arxiv,
        doi=primary.doi or base.doi,
        title=primary.title,
        year=primary.year,
        tags=primary.tags,
        rank=NameRank.USER if primary.user else NameRank.GAZETTEER,
    )


# Loading ---------------------------------------------------------------------------------


def load_gazetteer(
    paths: Iterable[Path], ignored: Iterable[str] = (), common_words: frozenset[str] = frozenset()
) -> Gazetteer:
    """Read gazetteer YAML files (a list of entries each); a bad file stops with its name."""
    files, digest = read_gazetteer_files(paths)
    entries = parse_entries(files)
    ignored_keys = frozenset(normalise_name(i) for i in ignored)
    digest.update("\x1f".join(sorted(ignored_keys)).encode())
    return Gazetteer(
        entries, fingerprint=digest.hexdigest(), ignored=ignored_keys, common_words=common_words
    )


def read_gazetteer_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, bytes]], Any]:
    """The bytes of gazetteer files, and a running digest of them (the fingerprint:
    reading 200 KB costs nothing next to parsing it)."""
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
    """The entries of gazetteer files read by read_gazetteer_files."""
    entries: list[Entry] = []
    for path, raw in files:
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


def parse_common_words(raw: bytes) -> frozenset[str]:
    """data/common-words.txt: one lower-case English word a line, `#` comments."""
    lines = raw.decode("utf-8", errors="replace").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def gazetteer_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def parse_entry(item: Any, where: str) -> Entry:
    """One YAML mapping → `Entry`; a malformed one raises with `where` in the message."""
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
    )


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ReadlistError(f"{where} ({name}): expected a list of strings")
    return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
