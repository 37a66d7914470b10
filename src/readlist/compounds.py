"""Where a name found in prose ends: a variant of the same thing, or part of another thing.

A known name written inside a longer word-chain is either a *variant* of the same thing,
and then a mention of it, or part of a *compound* that is another thing, and then not a
mention of it at all (issue #14). The rule, read off the characters around the name:

Variants: the same thing (the suffix is taken into the mention):
  - a plural or possessive: `GANs`, `BERT's`;
  - a number of layers or parameters, or a count: `ResNet-50`, `ResNet101`, `VGG16`,
    `LLaMA-7B`, `GPT-3 175B`, `BERT 340M`, `ImageNet-21k` (a number followed by K, M, B
    or T may follow a space; a bare number is glued or hyphenated);
  - a size word or size code: `BERT-base`, `BERT-large`, `T5-XXL` (base, large, small,
    tiny, mini, medium, huge, xl, xxl, and the checkpoint words cased/uncased), `ViT-B/16`,
    `Swin-T`, `EfficientNet-B0` (`-T`, `-Ti`, `-S`, `-M`, `-B`, `-L`, `-H`, `-G`, `-B0`
    to `-B9`, and a `/patch` after them); as a prefix, a size word: `Tiny-YOLO`;
  - the first version: `-v1`, `V1`, and `1` in a numbered family (`Llama-1`).

Versions: another thing (a version the gazetteer does not list is not the entry):
  - `v` and a number: `YOLOv8`, `YOLO v8`, `DeBERTa-v4` (a spelling the gazetteer
    lists, `YOLOv3` or `EfficientNet V1`, is matched as that entry before this rule);
  - a decimal or a number with letters: `GPT-3.5`, `GPT-4o`, `YOLOv5s`, `Llama 3.1`;
  - a Roman numeral: `DeiT-III`, `DeiT III`; a `+` or `++` closing it: `UNet++`
    (`BERT+CRF` joins two things and is left alone);
  - any number after a name whose *numbered family* the gazetteer lists as entries of
    their own: GPT (GPT-2, GPT-3 and GPT-4 are other entries), Llama, DALL-E, StyleGAN,
    Tacotron: `GPT-5`, `StyleGAN3`, and after a space where the family writes its
    versions so (`Llama 4`, as "Llama 2"; "GPT 5 times" is prose). A number after
    ResNet, VGG or DenseNet counts layers, since no other entry is a numbered ResNet.

Words joined by a hyphen (`-`, nothing else): another thing, unless they read as prose:
  - a word that is capitalised, in capitals, or holds a digit makes a compound, before
    or after the name: `RT-DETR`, `Swin-UNet`, `LLaMA-Adapter`, `CLIP-ViT`, `CIFAR-10-C`;
  - a lower-case word is prose when it is an English word (data/common-words.txt) or one
    of the words below (`BERT-based`, `GAN-loss`, `pre-BERT`, `resnet-style`), and a
    compound otherwise (`BERT-wwm`); when the name itself is written in lower case, the
    chain reads as a package name (`pytorch-fid`, `tensorflow-hub`) and only the words
    below are prose;
  - the words below, in any case, are prose: `BERT-Based`, `Transformer-Encoder`,
    `Vanilla-Transformer`; so is anything not ASCII (`BERT-기반`).
A compound the gazetteer lists (`Mask-RCNN`, `Sentence-BERT`, `Transformer-XL`) is that
entry, because the longest spelling wins before this rule is asked. A compound it does
not list becomes a guessed name (the whole chain, `name:rt-detr`) of the kind of the
known name at its head (the right-most: a Swin-UNet is a U-Net, so a model; pytorch-fid
a tool), a model when that name is a generic concept (`BiLSTM-CRF`). The chain is
ASCII letters and digits joined by hyphens (and points between digits), less the prose
words at its ends, so Korean particles stay outside it (`RT-DETR은` → `RT-DETR`).
"""

from __future__ import annotations

import re

# Hyphenated words around a name that leave it standing ("BERT-based", "pre-BERT").
PROSE_AFTER = frozenset(
    """based like style styled esque ish free only level wise specific sized size type
    family series variant variants era inspired powered driven related centric friendly
    compatible ready scale grade pretrained trained tuned finetuned generated
    encoder encoders decoder decoders block blocks layer layers module modules head heads
    backbone backbones model models architecture architectures paper papers structure
    network networks implementation implementations""".split()
)
PROSE_BEFORE = frozenset(
    """pre post non anti ex multi cross self semi sub vanilla original plain standard naive
    baseline custom modified improved pretrained trained tuned finetuned""".split()
)
SIZE_WORDS = frozenset("base large small tiny mini medium huge xl xxl cased uncased".split())

_BOUNDARY = r"(?![A-Za-z0-9_])"
# The pieces of a tail, tried in this order at the end of a name, then again after each
# piece taken in (one pattern, so one call a piece; `lastgroup` says which matched):
_PIECE = re.compile(
    # a count of parameters or items: 7B, 175B, 1.3B, 340M, 21k
    rf"(?P<count>[- ]?\d+(?:\.\d+)?[KMBTkmbt]){_BOUNDARY}"
    # a Roman numeral ("DeiT-III"), or a + or ++ that closes the name ("UNet++")
    rf"|(?P<roman>[- ](?:II|III|IV){_BOUNDARY}|\+\+?(?![A-Za-z0-9_+]))"
    # v and a number: v8, v1.5, v5s
    rf"|(?P<v>[- ]?[vV](?P<v_number>\d+(?:\.\d+)*)(?P<v_letters>[A-Za-z]*)){_BOUNDARY}"
    # a number with letters: 4o, 50d
    rf"|(?P<letters>-?\d+[A-Za-z]+){_BOUNDARY}"
    # a decimal, or the decimal part of a number the name ends on: 3.5, .5
    rf"|(?P<decimal>-?\d+\.\d+|(?<=\d)\.\d+){_BOUNDARY}"
    # a bare number: 50, 101
    rf"|(?P<number>-?(?P<digits>\d+)){_BOUNDARY}(?!\.\d)"
    # a number after a space: 4 in "Llama 4"
    rf"|(?P<spaced> (?P<spaced_number>\d+(?:\.\d+)?)){_BOUNDARY}(?!\.\d)"
    # a size word or code: -base, -XL, -B, -Ti, -B0, then a /patch
    r"|(?P<size>-(?:(?i:base|large|small|tiny|mini|medium|huge|xxl|xl|cased|uncased)"
    rf"|Ti|[TSMBLHG]|B\d)(?:/\d+)?){_BOUNDARY}"
)
_PLURAL = re.compile(r"'s|’s|es|s")
_HYPHEN_WORD = re.compile(r"-([A-Za-z0-9]+(?:\.\d+)*)")
_VERSION_ONE = frozenset({"1", "1.0"})

VERSION = -1  # what read_tail returns for a version that is another thing

# The characters a tail can start with, and after a space: most names are followed by
# none of them (a space and a word, a particle, punctuation), and need no pattern tried.
TAIL_STARTS = frozenset("-' ’+.esvV0123456789")
_AFTER_SPACE = frozenset("vVI0123456789")


def may_have_tail(text: str, end: int) -> bool:
    """Can anything read_tail looks for start at `end`? (Most names: no.)"""
    following = text[end : end + 2]
    if not following or following[0] not in TAIL_STARTS:
        return False
    return following[0] != " " or (len(following) == 2 and following[1] in _AFTER_SPACE)


def read_tail(text: str, end: int, numbered: bool, spaced: bool) -> tuple[int, int]:
    """Where a name matched up to `end` ends once its variant suffixes are taken in.

    Returns (end of the variant tail, VERSION or 0): VERSION when the suffix is a
    version that makes another thing, and then the first value is where that version
    ends. `numbered`: the gazetteer lists numbered versions of this name as entries of
    their own; `spaced`: some of them with a space ("Llama 2", not "GPT-2"), so that a
    number after a space is a version too ("Llama 4", while "GPT 5 times" is prose)."""
    position = end
    plural = _PLURAL.match(text, position)
    if plural is not None and not _is_glued(text, plural.end()):
        return plural.end(), 0
    after_digit = end > 0 and text[end - 1].isdigit()
    while (match := _PIECE.match(text, position)) is not None:
        piece = match.lastgroup
        glued_on = after_digit and text[position] != "-"  # "CIFAR-100": the number goes on
        if piece == "count" and after_digit and text[position] not in "- ":
            break
        if piece == "roman" or piece == "decimal":
            return match.end(), VERSION
        if piece == "v":
            if match.group("v_number") not in _VERSION_ONE or match.group("v_letters"):
                return match.end(), VERSION
        elif piece == "letters":
            if glued_on:
                break
            return match.end(), VERSION
        elif piece == "number":
            if glued_on:
                break
            if numbered and match.group("digits") not in _VERSION_ONE:
                return match.end(), VERSION
        elif piece == "spaced":
            if not spaced:
                break
            if match.group("spaced_number") not in _VERSION_ONE:
                return match.end(), VERSION
        position = match.end()
        after_digit = text[position - 1].isdigit()
    return position, 0


def joins_after(text: str, end: int, name: str, common_words: frozenset[str]) -> bool:
    """Does a hyphenated word after the name (at `end`) make a compound of it?"""
    if not text.startswith("-", end):
        return False
    match = _HYPHEN_WORD.match(text, end)
    return match is not None and _joins(match.group(1), name, PROSE_AFTER, common_words)


def joins_before(text: str, start: int, name: str, common_words: frozenset[str]) -> bool:
    """Does a word and a hyphen right before the name (at `start`) make a compound of it?"""
    first = _word_before(text, start)
    if first is None:
        return False
    word = text[first : start - 1]
    if word.lower() in SIZE_WORDS:
        return False  # "Tiny-YOLO" is a size of YOLO
    return _joins(word, name, PROSE_BEFORE, common_words)


def compound_span(text: str, start: int, end: int, common_words: frozenset[str]) -> tuple[int, int]:
    """The compound around [start, end): the hyphenated words on either side that join
    it, up to the first that reads as prose ("RT-DETR-based" → "RT-DETR")."""
    while (first := _word_before(text, start)) is not None and _joins(
        text[first : start - 1], text[start:end], PROSE_BEFORE, common_words
    ):
        start = first
    while (match := _HYPHEN_WORD.match(text, end)) is not None and _joins(
        match.group(1), text[start:end], PROSE_AFTER, common_words
    ):
        end = match.end()
    return start, end


def _word_before(text: str, start: int) -> int | None:
    """Where the word joined by a hyphen right before `start` begins, if there is one."""
    if start < 2 or text[start - 1] != "-" or not _is_word_char(text[start - 2]):
        return None
    first = start - 2
    while first > 0 and _is_word_char(text[first - 1]):
        first -= 1
    return first


def _joins(word: str, name: str, prose: frozenset[str], common_words: frozenset[str]) -> bool:
    lower = word.lower()
    if lower in prose:
        return False
    if word != lower or not word.isalpha():
        return True  # a capital or a digit: a name's part ("RT-DETR", "LLaMA-Adapter")
    if _is_lower(name):
        return True  # "pytorch-fid": a package name
    return lower not in common_words


def _is_lower(name: str) -> bool:
    return not any(c.isupper() for c in name)


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _is_glued(text: str, end: int) -> bool:
    return end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_")
