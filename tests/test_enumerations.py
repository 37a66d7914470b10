"""Names in an enumeration of known ones (issue #14). Examples written here."""

from __future__ import annotations

import re

from readlist.enumerations import find_listed_names


def _listed(
    text: str, known: dict[str, str], common: list[str] | None = None
) -> list[tuple[str, str]]:
    named = sorted(
        (m.start(), m.end(), kind)
        for name, kind in known.items()
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
    )
    listed = find_listed_names(text, named, ["gpu"], frozenset(common or ()))
    return [(n.name, n.kind) for n in listed]


DATASETS = {"GLUE": "dataset", "SuperGLUE": "dataset", "SQuAD": "dataset"}


def test_a_coined_name_listed_with_known_names_is_of_their_kind() -> None:
    text = "We evaluate on GLUE, SuperGLUE, QuokkaQA and SQuAD benchmarks.\n"
    assert _listed(text, DATASETS) == [("QuokkaQA", "dataset")]
    text = "Models: BERT / RoBERTa / DeiT-S / word2vec vs Fine tuning\n"
    known = {"BERT": "model", "RoBERTa": "model"}
    assert _listed(text, known) == [("DeiT-S", "model"), ("word2vec", "model")]


def test_words_sizes_and_lone_or_mixed_lists_are_not_guessed() -> None:
    # ordinary words, a size, a count and an excluded word are no names
    text = "GLUE, SuperGLUE, Korean, baselines, 12.8B, 32 and GPU\n"
    assert _listed(text, DATASETS) == []
    # one known name alone does not make a list's kind
    assert _listed("GLUE, QuokkaQA\n", DATASETS) == []
    # two kinds of things, one of each: no telling what the rest are
    mixed = {"GLUE": "dataset", "BERT": "model"}
    assert _listed("GLUE, BERT, QuokkaQA\n", mixed) == []
    # a list on another line than the known names is not theirs
    assert _listed("GLUE and SuperGLUE.\nQuokkaQA, FooBench\n", DATASETS) == []


def test_an_ordinary_word_opening_the_sentence_is_not_part_of_the_name() -> None:
    known = {"I-JEPA": "model", "X-CLIP": "model"}
    text = "Then V-JEPA, I-JEPA and X-CLIP were read.\n"
    assert _listed(text, known, common=["then"]) == [("V-JEPA", "model")]
    text = "- Then V-JEPA, I-JEPA and X-CLIP\nWe read it. Then V-JEPA, I-JEPA and X-CLIP.\n"
    assert _listed(text, known, common=["then"]) == [("V-JEPA", "model")] * 2
    # mid-sentence a capital is the writer's: the words stay together
    text = "We compare Tiny V-JEPA, I-JEPA and X-CLIP.\n"
    assert _listed(text, known, common=["tiny"]) == [("Tiny V-JEPA", "model")]
