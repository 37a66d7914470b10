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

import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick

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
from readlist.entries import (
    CAPITALISED,
    CUED,
    EXACT,
    LOWER_WORD,
    RECASED,
    SEPARATORS,
    TOKENS,
    WRITTEN,
    Entry,
    EntryRows,
    fold_full_width,
    merge_tiers,
    normalise_name,
    parse_entries,
    read_gazetteer_files,
    spelling_modes,
    squash,
    tier_rank,
)
from readlist.enumerations import listed_with_its_kind
from readlist.ids import Target, arxiv_target, classify_url
from readlist.ranks import NameRank
from readlist.spans import SpanSet
from readlist.tables import find_table_names

_SEPARATORS_BUT_POINT = re.compile(r"[\s\-_/·]+")
_DECIMAL = re.compile(r"\d\.\d")
# A spelling that is another spelling plus a bare number ("GPT-2", "Llama 2"): the
# number is a version (compounds.read_tail), and the separator says how it is written.
_NUMBERED = re.compile(r"(.*[^\W\d_])([\s\-_.]?)\d+(?:\.\d+)*")
# A name does not start right after these (inside a word, path, handle or variable).
_WORD_BEFORE = frozenset(string.ascii_letters + string.digits + "._/\\@#$")

# pyahocorasick finds a character among a node's children by comparing it with each, in
# the order they were added. The walk is at the root at most characters, and one that
# starts no name (a space, most Hangul) was compared with all ~190 of the root's. The
# commonest characters of notes (content/, tests/fixtures/labelled, bench/dev_set) are
# added first, each as a key that stands for nothing (it ends in U+FFFF, a noncharacter
# that text does not hold): the walk is a quarter faster, and finds the same names.
_COMMON_CHARACTERS = ' etaniroslcdpmh-g/.\nubf,02w)(:1yvk*|[]이x_#385는7"9`6다4에의=>어로하을z한니'
_NEVER = "\uffff"

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
# A name that reads as a word (CUED: "SAM", "Falcon", "트랜스포머") counts with one of these
# after it, as two-letter ones do with the above.
_NAME_CUES = _CUES | frozenset(
    "model models paper dataset datasets benchmark corpus architecture backbone checkpoint "
    "checkpoints weights encoder decoder tokenizer llm library package framework "
    # a reinforcement-learning benchmark: "Breakout environment", "Pong 게임"
    "environment environments env game games "
    "모델 논문 데이터셋 데이터 벤치마크 말뭉치 코퍼스 아키텍처 백본 네트워크 라이브러리 패키지 "
    "프레임워크 인코더 디코더 환경 게임".split()
)
_NEXT_TOKEN = re.compile(r"[\s-]?([A-Za-z]+|[가-힣]+)")
_PLURAL_TAIL = frozenset({"s", "es"})
# Things there are many of: their plural is a mention ("GANs", "Transformers"), while
# "Adams" is a surname, not two Adam optimisers, and "Sparks" not two Apache Sparks.
_COUNTABLE_KINDS = frozenset({"model", "concept"})


@dataclass(frozen=True)
class NameHit:
    """A name found in the text."""

    start: int
    end: int
    surface: str
    entry: Entry
    entry_index: int
    core: int = 0  # length of the spelling matched, before a plural or number tail
    # False for a name that reads as a word and had no cue after it: it counts only
    # when the note names the same thing in a way that needs none ("Transformer").
    confirmed: bool = True


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

    entries: Sequence[Entry]  # a list, or EntryRows when restored from the cache
    fingerprint: str = ""
    ignored: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    # Reads the files and fills entries, ignored and common_words on first use;
    # until then only the fingerprint is known (all a run with nothing to read needs).
    load: Callable[[], tuple[Sequence[Entry], frozenset[str], frozenset[str]]] | None = field(
        default=None, repr=False, compare=False
    )
    # Where the prepared state is kept between runs (see name_cache); None: not kept.
    cache_file: Path | None = field(default=None, repr=False, compare=False)
    _automaton: Any = field(default=None, repr=False)
    # What each spelling in the automaton stands for, by the int the automaton holds
    # (ints pickle and load far faster than objects kept in it): (variant length,
    # [(entry index, spelling, mode), ...]).
    _matches: list[tuple[int, list[tuple[int, str, int]]]] = field(default_factory=list, repr=False)
    # Each entry's resource key, and for each key the entry whose name its row shows;
    # the Target itself is made when a note names it (10,000 of them load slowly).
    _keys: list[str] = field(default_factory=list, repr=False)
    _primary: dict[str, int] = field(default_factory=dict, repr=False)
    _same_as: dict[str, Target] = field(default_factory=dict, repr=False)
    _made: dict[int, Target] = field(default_factory=dict, repr=False)
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
                state = (EntryRows(self.entries), self.ignored, self.common_words)
                name_cache.store_state(
                    self.cache_file,
                    (*state, self._automaton, self._matches, *self._resources()),
                )
        return self

    def _restore(self) -> bool:
        state = name_cache.load_state(self.cache_file) if self.cache_file else None
        if state is None or len(state) != 9:
            return False
        (
            self.entries,
            self.ignored,
            self.common_words,
            self._automaton,
            self._matches,
            self._keys,
            self._primary,
            self._same_as,
            self._numbered,
        ) = state
        return True

    def _resources(self) -> tuple[list[str], dict[str, int], dict[str, Target], dict[str, bool]]:
        return self._keys, self._primary, self._same_as, self._numbered

    def _build(self) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for char in _COMMON_CHARACTERS if self.entries else ():
            self._automaton.add_word(char + _NEVER, len(self._matches))
            self._matches.append((2, []))
        self._keys = [entry_key(entry) for entry in self.entries]
        self._primary = _primary_entries(self.entries, self._keys)
        for index, entry in enumerate(self.entries):
            for url in entry.same_as:
                # Another home of the same thing (a site's GitHub repo) keeps its own
                # row and kind, and takes the entry's name.
                link = classify_url(url)
                if link is not None:
                    target = self._target(index)
                    named = replace(link, name=target.name, tags=target.tags, rank=target.rank)
                    self._same_as.setdefault(link.key, named)
            for spelling, exact in spelling_modes(entry, self.common_words):
                if normalise_name(spelling) in self.ignored:
                    continue
                for variant in _variants(spelling):
                    number = self._automaton.get(variant, None)
                    if number is None:
                        self._automaton.add_word(variant, len(self._matches))
                        self._matches.append((len(variant), [(index, spelling, exact)]))
                    elif all(
                        i != index or mode != exact for i, _, mode in self._matches[number][1]
                    ):
                        # one spelling of the entry per way of writing it: "redis" (any
                        # case but a capital alone) and "Redis" (as written) are both asked
                        self._matches[number][1].append((index, spelling, exact))
        if len(self._automaton):
            self._automaton.make_automaton()
        self._numbered = _numbered_families(self.entries, self._keys)

    def _target(self, index: int) -> Target:
        """The resource entry `index` stands for (its key's primary entry names it)."""
        target = self._made.get(index)
        if target is None:
            key = self._keys[index]
            target = _target_of(self.entries[self._primary[key]], key)
            self._made[index] = target
        return target

    def target_for_key(self, key: str) -> Target | None:
        """The known resource behind a link's key: `arxiv:1512.03385` is ResNet."""
        self.prepare()
        index = self._primary.get(key)
        return self._target(index) if index is not None else self._same_as.get(key)

    def target_of_hit(self, hit: NameHit) -> Target:
        """The resource a name stands for (shared by entries that name one paper)."""
        return self.prepare()._target(hit.entry_index)

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
        every_match = self._matches
        # Only between the skipped spans: a name that overlaps one is dropped anyway (a
        # hit's span, and a compound's, hold the automaton's match).
        automaton = self._automaton
        gaps = skipped.gaps(len(lowered))
        for last, number in chain.from_iterable(automaton.iter(lowered, *gap) for gap in gaps):
            length, matches = every_match[number]
            start = last + 1 - length
            if start > 0:
                before = folded[start - 1]
                if before in _WORD_BEFORE and (
                    before not in "_./" or not _opens_after(folded, start, before)
                ):
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
        # Before overlaps are settled, so that a word-like name with no support never
        # hides another ("Transformers" the library, unsupported, over Transformer's plural).
        candidates = self._confirmed(candidates, text)
        if not compounds:
            return _longest_leftmost(candidates), []
        # A compound takes its whole span, so no shorter name inside it is left over
        # ("Swin" in "Swin Transformer V2"); one the gazetteer knows is that entry.
        pool: list[NameHit | CompoundHit] = [*candidates]
        pool += (c for c in compounds.values() if not skipped.overlaps(c.start, c.end))
        found = _longest_leftmost(pool)
        names = [hit for hit in found if isinstance(hit, NameHit)]
        return names, [hit for hit in found if isinstance(hit, CompoundHit)]

    def _confirmed(self, hits: list[NameHit], text: str) -> list[NameHit]:
        """The hits, less the word-like names with no cue whose resource the text names
        nowhere else with one ("트랜스포머" in a film review; not in a note on Transformer).
        Being listed among names of its kind is a cue ("GPT-4, Gemini, Claude and Llama
        2"), and so is a table's column of its kind ("| Model |" over "| Bloom |")."""
        if all(hit.confirmed for hit in hits):
            return hits
        keys = self._keys
        named = {keys[hit.entry_index] for hit in hits if hit.confirmed}
        doubtful = [h for h in hits if not h.confirmed and keys[h.entry_index] not in named]
        if not doubtful:
            return hits
        known = sorted((h.start, h.end, h.entry.kind) for h in hits if h.confirmed)
        columns = {(c.start, c.end): c.kind for c in find_table_names(text)}

        # a name so supported is named with a cue: the note's other mentions of it count
        named.update(
            keys[h.entry_index]
            for h in doubtful
            if columns.get((h.start, h.end)) == h.entry.kind
            or listed_with_its_kind(text, h.start, h.end, h.entry.kind, known)
        )
        return [hit for hit in hits if hit.confirmed or keys[hit.entry_index] in named]

    def _accept(
        self, text: str, folded: str, start: int, end: int, index: int, spelling: str, exact: int
    ) -> NameHit | CompoundHit | None:
        tailed = folded[end : end + 1] in TAIL_STARTS
        if not tailed and _glued(folded, end):
            return None  # inside a word ("Transformers" is found, "transformation" not)
        if end < len(folded) and "가" <= folded[end] <= "힣" and _hangul_glued(folded, end):
            return None  # "애플" in "애플리케이션", "카카오" in "카카오톡"
        if exact & CAPITALISED and (
            _CALLED.match(folded, end) or folded[start - 1 : start] in ("=", ".")
        ):
            return None  # "class Meta(type):", "metaclass=Meta": a word-like name as code
        span = folded[start:end]
        recased = False
        if exact & EXACT and squash(span) != _squashed_spelling(spelling):
            if exact & LOWER_WORD and span.capitalize() == span and span.lower() == spelling:
                recased = True  # "Pandas" for "pandas": unconfirmed, as below
            elif not (
                exact & RECASED
                and span.capitalize() != span
                and squash(span).lower() == _squashed_spelling(spelling)
            ):
                return None
        if exact & WRITTEN and span != fold_full_width(spelling):
            return None
        # "whisper" is a word and "Whisper" the model: in lower case it counts only in a
        # note that also names the model as a name is written ("transformer" beside
        # "Transformer"), as a word-like name without a cue does
        lowered = bool(exact & CAPITALISED) and not span[0].isupper()
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
        tail = folded[end:full_end]
        if (
            tail in _PLURAL_TAIL
            and exact & CAPITALISED
            and self.entries[index].kind not in _COUNTABLE_KINDS
        ):
            return None  # "Adams", "Sparks": a word of its own, not a plural
        if exact == EXACT and _needs_cue(spelling) and not _has_cue(folded, full_end, _CUES):
            return None
        # A size or count after a hyphen ("Falcon-40B", "SAM-L") is a cue as good as a
        # word after it; a number run on is not ("BEST5", "평점9": a rating of 9).
        confirmed = (
            not lowered
            and not recased
            and (not exact & CUED or tail.startswith("-") or _has_cue(folded, full_end, _NAME_CUES))
        )
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
            start,
            full_end,
            text[start:full_end],
            self.entries[index],
            index,
            end - start,
            confirmed,
        )

    def _compound(self, text: str, folded: str, start: int, end: int, index: int) -> CompoundHit:
        first, last = compound_span(folded, start, end, self.common_words)
        return CompoundHit(first, last, text[first:last], self.entries[index], start)


@cache
def _squashed_spelling(spelling: str) -> str:
    return squash(fold_full_width(spelling))


@cache
def _spelling_key(spelling: str) -> str:
    return normalise_name(spelling)


def _numbered_families(entries: Sequence[Entry], keys: list[str]) -> dict[str, bool]:
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


def _opens_after(text: str, start: int, before: str) -> bool:
    """A name may start right after `_` that opens emphasis ("_Transformer_", not
    "bert_base"), after `/` between two names ("BERT/RoBERTa", not "models/bert") and after
    a full stop that ends a Korean sentence ("…습니다.모두의 말뭉치", not "model.bert")."""
    if before == "_":
        return start < 2 or not (text[start - 2].isalnum() or text[start - 2] == "_")
    if before == "/":
        # "BERT/RoBERTa", "GPT-3/GPT-4", "TensorFlow/Keras": names side by side, not a
        # path ("models/bert", "src/Keras")
        previous = text[start - 2] if start >= 2 else ""
        if not previous.isascii() or not previous.isalnum():
            return False
        if not (previous.isupper() or previous.isdigit()) and not _capitalised_word_before(
            text, start - 1
        ):
            return False
        token = text[start : start + 80].split(None, 1)[0] if text[start].isupper() else "/"
        # "VENDORS/APPLE/ARABIC.TXT" goes on as a path, "Models/ResNet.md" is a file
        return "/" not in token and _FILE_SUFFIX.search(token) is None
    if before != "." or not "가" <= text[start] <= "힣":
        return False
    return start < 2 or not text[start - 2].isascii() or not text[start - 2].isalnum()


_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}\b")


def _capitalised_word_before(text: str, end: int) -> bool:
    """Does a capitalised word that is no part of a path end at `end` ("TensorFlow" in
    "TensorFlow/Keras"; not "Users" in "/Users/Keras", nor "app" in "app/Keras")?"""
    start = end
    while start > 0 and end - start < 40 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
        start -= 1
    if start == end or not text[start].isascii() or not text[start].isupper():
        return False
    return start == 0 or text[start - 1] not in "/.\\~:@"


def _glued(text: str, end: int) -> bool:
    """Does a word or identifier go on at `end` (ASCII letters, digits, `_`)? A `_` that
    closes emphasis ("_Wikipedia_ corpus") does not."""
    if end >= len(text) or not text[end].isascii():
        return False
    if text[end] == "_":
        after = text[end + 1 : end + 2]
        return after.isalnum() or after == "_"
    return text[end].isalnum()


# The syllables a particle or ending glued to a Korean name starts with: 트랜스포머는,
# 구글에서, 네이버의, 카카오와, 버트로, 구글이다, 구글처럼, 구글까지, 구글부터, 모델들.
_PARTICLE_STARTS = frozenset(
    "은는이가을를의에와과도로으만께야나랑며고보처까부라란인임한하같등및엔들서였다요죠"
)


def _hangul_glued(text: str, end: int) -> bool:
    """After a name, where a Hangul syllable follows: does a Korean word go on after a
    name that ends in Hangul, other than by a particle ("애플" in "애플리케이션"; "애플의"
    is Apple)?"""
    return _is_hangul(text[end - 1]) and text[end] not in _PARTICLE_STARTS


# A word called or defined as code: "Meta(type)", "Meta()" (not "Transformer(트랜스포머)").
_CALLED = re.compile(r"\((?:[a-z_]|\))")


def _needs_cue(spelling: str) -> bool:
    """Two letters and nothing else (SE, CV) say too little on their own; T5 or C4 do not."""
    return len(_squashed_spelling(spelling)) <= 2 and not any(c.isdigit() for c in spelling)


def _has_cue(text: str, end: int, cues: frozenset[str]) -> bool:
    match = _NEXT_TOKEN.match(text, end)
    if match is None:
        return False
    word = match.group(1).lower()
    if word in cues:
        return True
    # A Korean cue takes its particle: "모델로", "구조의".
    return _is_hangul(word[0]) and any(word[:size] in cues for size in range(2, len(word)))


def _is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"


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


def name_key(name: str) -> str:
    """`name:` resource id for a name with no better key: lower case, words joined by '-'."""
    words = [w for w in SEPARATORS.split(fold_full_width(name).lower()) if w]
    slug = "-".join(words)
    return f"name:{re.sub(r'[^0-9a-z가-힣+-]', '', slug) or normalise_name(name)}"


def _variants(spelling: str) -> set[str]:
    """The lower-case forms a spelling is written in: its separators, none, spaces, hyphens."""
    folded = fold_full_width(spelling)
    if folded.count(" ") >= 3:
        # A title: written with its own spaces and hyphens, or with spaces only.
        return {folded.lower(), " ".join(SEPARATORS.split(folded.lower())).strip()} - {""}
    tokens = [t for part in SEPARATORS.split(folded) for t in TOKENS.findall(part)]
    variants = {folded.lower()}
    if len(tokens) > 1:
        for joiner in ("", " ", "-"):
            variants.add(joiner.join(tokens).lower())
        parts = [p for p in SEPARATORS.split(folded) if p]
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
        # a file or folder inside a repository (mBERT's multilingual.md in
        # google-research/bert) is not the repository: a link to that is not the entry
        if target is not None and not (target.kind == "repo" and _INSIDE_A_REPO.search(entry.url)):
            return target.key
    return name_key(entry.name)


# A path below a repository's root: "/blob/master/x.md", "/tree/main/data" (not "/tree/main").
_INSIDE_A_REPO = re.compile(r"^https?://[^/]+/[^/]+/[^/]+/(?:blob|tree|raw)/[^/]+/[^?#]+")


def _primary_entries(entries: Sequence[Entry], keys: list[str]) -> dict[str, int]:
    """For entries that share a resource (MLM and BERT), the one whose name the row shows:
    the best tier's (a harvested entry never renames a hand-checked one), and within a
    tier one that is not a concept."""
    primaries: dict[str, int] = {}
    for index, (entry, key) in enumerate(zip(entries, keys, strict=True)):
        number = primaries.get(key)
        current = entries[number] if number is not None else None
        if (
            current is None
            or tier_rank(entry) < tier_rank(current)
            or (
                tier_rank(entry) == tier_rank(current)
                and current.kind == "concept"
                and entry.kind != "concept"
            )
        ):
            primaries[key] = index
    return primaries


def _target_of(primary: Entry, key: str) -> Target:
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
    """Read gazetteer files (YAML lists, harvested JSON lines); a bad file stops with its
    name. Harvested entries give way to hand-checked ones (entries.merge_tiers)."""
    files, digest = read_gazetteer_files(paths)
    entries = merge_tiers(parse_entries(files))
    ignored_keys = frozenset(normalise_name(i) for i in ignored)
    digest.update("\x1f".join(sorted(ignored_keys)).encode())
    return Gazetteer(
        entries, fingerprint=digest.hexdigest(), ignored=ignored_keys, common_words=common_words
    )
