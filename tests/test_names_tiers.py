"""Harvested gazetteer entries: how they load, give way to hand-checked ones and match (#15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readlist.curation import Curation, build_gazetteer, save_curation
from readlist.entries import HAND, HARVESTED, USER, parse_common_words
from readlist.errors import ReadlistError
from readlist.names import Gazetteer, load_gazetteer

from .conftest import REPO

SOURCE = "owner/repo@" + "0" * 40 + ":models.md"
HAND_YAML = """
- name: Transformer
  kind: model
  aliases: [트랜스포머]
  arxiv: "1706.03762"
- name: SAM
  kind: paper
  aliases: [Sharpness-Aware Minimization]
  arxiv: "2010.01412"
- name: Adam
  kind: paper
  arxiv: "1412.6980"
- name: Naver
  kind: site
  aliases: [네이버]
  url: https://www.naver.com
- name: pandas
  kind: tool
  url: https://pandas.pydata.org
"""
HARVESTED_ENTRIES: list[dict[str, Any]] = [
    {"name": "Falcon", "kind": "model"},
    {"name": "Whisper", "kind": "model"},
    {"name": "Gemini", "kind": "model"},
    {"name": "Mamba", "kind": "model", "arxiv": "2312.00752"},
    {"name": "SAM", "kind": "model", "aliases": ["Segment Anything"], "arxiv": "2304.02643"},
    {"name": "Swin", "kind": "model"},
    {"name": "CLIP", "kind": "model"},
    {"name": "T5", "kind": "model"},
    {"name": "Bloom", "kind": "model"},
    {"name": "OPT", "kind": "model"},
    {"name": "Llama", "kind": "model"},
    {"name": "Phi", "kind": "model"},
    {"name": "Yi", "kind": "model"},
    {"name": "Pix2Pix", "kind": "model"},
    {"name": "Transformers", "kind": "tool"},
    {"name": "Attention", "kind": "concept"},
    {"name": "Diffusion", "kind": "concept"},
    {"name": "영화", "kind": "dataset"},
    {"name": "모두의 말뭉치", "kind": "dataset"},
    {"name": "2019", "kind": "dataset"},
    {"name": "7", "kind": "model"},
    {"name": "Claude", "kind": "model"},
    {"name": "BARNet", "kind": "model"},
    {"name": "quillgraph", "kind": "tool"},
    {"name": "bayesian", "kind": "tool"},
    # one list writes it in lower case, another capitalised: both spellings are asked
    {"name": "Ternbase", "kind": "tool", "aliases": ["ternbase"]},
    {"name": "Practical Quokka Learning for Coders", "kind": "site"},
    {"name": "AWS Lambda", "kind": "tool"},
    {"name": "Google Cloud Storage", "kind": "tool"},
    {"name": "Segment Storage", "kind": "tool"},
    {"name": "TimeMachine", "kind": "model"},
    {"name": "BEST", "kind": "dataset"},
    {"name": "Deep Residual Learning for Image Recognition", "kind": "paper"},
    {
        "name": "Vanilla Transformer",
        "kind": "model",
        "aliases": ["Transformer (Vaswani)"],
        "arxiv": "1706.03762",
    },
]


def _write(folder: Path, harvested: list[dict[str, Any]]) -> list[Path]:
    (folder / "harvested").mkdir(parents=True, exist_ok=True)
    hand = folder / "hand.yaml"
    hand.write_text(HAND_YAML, encoding="utf-8")
    lines = [json.dumps({**item, "sources": [SOURCE]}, ensure_ascii=False) for item in harvested]
    jsonl = folder / "harvested" / "entries.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [hand, jsonl]


@pytest.fixture(scope="module")
def common_words() -> frozenset[str]:
    data = REPO / "data"
    return parse_common_words(
        (data / "common-words.txt").read_bytes() + (data / "common-words-ko.txt").read_bytes()
    )


@pytest.fixture
def gazetteer(tmp_path: Path, common_words: frozenset[str]) -> Gazetteer:
    return load_gazetteer(_write(tmp_path, HARVESTED_ENTRIES), common_words=common_words)


def _names(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(hit.surface, gazetteer.target_of_hit(hit).name) for hit in gazetteer.find(text)]


def test_entries_keep_their_tier_and_sources(gazetteer: Gazetteer) -> None:
    by_name = {entry.name: entry for entry in gazetteer.entries}
    assert by_name["Transformer"].tier == HAND
    assert by_name["Falcon"].tier == HARVESTED
    assert by_name["Falcon"].sources == (SOURCE,)
    assert by_name["Falcon"].origin.endswith("entries.jsonl:1")


def test_a_hand_spelling_is_dropped_from_a_harvested_entry(gazetteer: Gazetteer) -> None:
    # SAM is Sharpness-Aware Minimization by hand; the harvested SAM keeps its alias.
    names = {entry.name: entry for entry in gazetteer.entries}
    assert names["Segment Anything"].aliases == ()
    assert _names(gazetteer, "SAM optimiser, then the Segment Anything Model") == [
        ("SAM", "SAM"),
        ("Segment Anything", "Segment Anything"),
    ]


def test_a_harvested_entry_of_the_same_paper_lends_its_spellings(gazetteer: Gazetteer) -> None:
    # "Vanilla Transformer" is not a hand spelling here; the row stays the hand entry's.
    assert _names(gazetteer, "Vanilla Transformer와 Transformer (Vaswani)") == [
        ("Vanilla Transformer", "Transformer"),
        ("Transformer (Vaswani)", "Transformer"),
    ]


def test_years_digits_and_taken_plurals_are_never_harvested_spellings(
    gazetteer: Gazetteer,
) -> None:
    names = {entry.name for entry in gazetteer.entries}
    assert not {"2019", "7", "Transformers"} & names  # Transformers: Transformer's plural
    assert _names(gazetteer, "In 2019 we trained 7 Transformers.") == [
        ("Transformers", "Transformer")
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # English words and first names: capitalised and a cue, or a variant tail.
        ("Falcon-40B and the Falcon model", [("Falcon-40B", "Falcon"), ("Falcon", "Falcon")]),
        ("A falcon flew. Falcon flew too.", []),
        ("Whisper 모델로 받아쓰기", [("Whisper", "Whisper")]),
        ("she would whisper; Whisper, she said", []),
        ("Gemini rose over the hills", []),
        ("Claude smiled.", []),
        ("Bloom and bloom", []),
        ("BLOOM-176B", []),  # written otherwise than the source wrote it
        ("Bloom-176B", [("Bloom-176B", "Bloom")]),
        ("Attention, please. Diffusion of heat.", []),
        # Short names: exact case, and three characters or fewer need a cue.
        ("Mamba, not mamba", [("Mamba", "Mamba")]),
        ("Swin and swin", [("Swin", "Swin")]),
        ("Llama and llama", [("Llama", "Llama")]),
        ("CLIP 모델", [("CLIP", "CLIP")]),
        ("CLIP the coupon; clip it", []),
        ("opt out, OPT in", []),
        ("Mr. Yi and Phi", []),
        # Once a note names one with a cue, the name alone is that thing too.
        ("OPT-175B, then OPT", [("OPT-175B", "OPT"), ("OPT", "OPT")]),
        ("Phi 모델의 성능; phi and Phi", [("Phi", "Phi"), ("Phi", "Phi")]),
        ("T5 model; T5 alone", [("T5", "T5"), ("T5", "T5")]),  # the second: supported
        # Names with capitals inside or digits are names, as written.
        ("Pix2Pix와 pix2pix", [("Pix2Pix", "Pix2Pix")]),
        ("Barnet and BARNet", [("BARNet", "BARNet")]),
        # A name a list writes in lower case: any case with a capital inside, not as a
        # capitalised word
        (
            "quillgraph, QuillGraph, QUILLGRAPH; Quillgraph",
            [
                ("quillgraph", "quillgraph"),
                ("QuillGraph", "quillgraph"),
                ("QUILLGRAPH", "quillgraph"),
            ],
        ),
        ("Bayesian methods", []),
        # a vendor's product is named as written, though its words are ordinary ones; other
        # ordinary words still need a cue
        (
            "AWS Lambda and Google Cloud Storage; a lambda function; Segment Storage",
            [("AWS Lambda", "AWS Lambda"), ("Google Cloud Storage", "Google Cloud Storage")],
        ),
        (
            "Ternbase, ternbase; TERNBASE",
            [("Ternbase", "Ternbase"), ("ternbase", "Ternbase"), ("TERNBASE", "Ternbase")],
        ),
        # Words run together are a name only so; a number run on is no cue.
        ("The Time Machine; TimeMachine", [("TimeMachine", "TimeMachine")]),
        ("인생 BEST5 영화", []),
        # A harvested name of four words or more is a title: links name it, text does not.
        ("Deep Residual Learning for Image Recognition", []),
        # but a course's or a book's title is its name, at any length
        (
            "I took Practical Quokka Learning for Coders",
            [("Practical Quokka Learning for Coders", "Practical Quokka Learning for Coders")],
        ),
        # Korean words need a cue; a longer Korean name does not.
        ("영화를 봤다", []),
        ("모두의 말뭉치로 학습", [("모두의 말뭉치", "모두의 말뭉치")]),
    ],
)
def test_harvested_names_match_as_written(
    gazetteer: Gazetteer, text: str, found: list[tuple[str, str]]
) -> None:
    assert _names(gazetteer, text) == found


def test_hand_entries_match_as_before(gazetteer: Gazetteer) -> None:
    # An English word in the hand-checked files: capitalised as written; in lower case
    # only in a text that also names the thing so (one name, one thing within a note).
    assert _names(gazetteer, "Transformer, transformer, TRANSFORMER") == [
        ("Transformer", "Transformer"),
        ("transformer", "Transformer"),
        ("TRANSFORMER", "Transformer"),
    ]
    assert _names(gazetteer, "the transformer hums; a transformer station") == []


def test_a_lower_case_word_name_capitalised_counts_where_the_note_names_it_so(
    gazetteer: Gazetteer,
) -> None:
    # "pandas" is the library as written; "Pandas" (a list item, a sentence's start) is
    # the library in a note that writes "pandas" too, and an animal in one that does not
    assert _names(gazetteer, "Pandas, then pandas.read_csv") == [
        ("Pandas", "pandas"),
        ("pandas", "pandas"),
    ]
    assert _names(gazetteer, "Pandas eat bamboo.") == []


def test_a_korean_name_takes_particles_but_not_another_word(gazetteer: Gazetteer) -> None:
    # "트랜스포머는" is the model with its particle; "트랜스포머스카" is another word
    model = ("트랜스포머", "Transformer")
    assert _names(gazetteer, "트랜스포머 구조와 트랜스포머는") == [model, model]
    assert _names(gazetteer, "트랜스포머 구조와 트랜스포머에서") == [model, model]
    assert _names(gazetteer, "트랜스포머 구조와 트랜스포머스카") == [model]


def test_a_word_like_name_written_as_code_is_no_name(gazetteer: Gazetteer) -> None:
    # "Transformer" is a word too: as a class called, defined or assigned it is code
    assert _names(gazetteer, "class Transformer(nn.Module): x = Transformer() y=Transformer") == []
    assert _names(gazetteer, "Transformer, and Transformer(트랜스포머)") == [
        ("Transformer", "Transformer"),
        ("Transformer", "Transformer"),
        ("트랜스포머", "Transformer"),
    ]


def test_a_korean_word_needs_a_cue_or_the_same_thing_named_again(gazetteer: Gazetteer) -> None:
    assert _names(gazetteer, "트랜스포머3 보다 낫다") == []  # a film review
    assert _names(gazetteer, "트랜스포머 구조") == [("트랜스포머", "Transformer")]
    assert _names(gazetteer, "Transformer(트랜스포머)는") == [
        ("Transformer", "Transformer"),
        ("트랜스포머", "Transformer"),
    ]
    # Organisations and sites are what their Korean name says.
    assert _names(gazetteer, "네이버 평점") == [("네이버", "Naver")]


def test_a_korean_name_never_starts_inside_a_korean_word(gazetteer: Gazetteer) -> None:
    assert _names(gazetteer, "엔딩크레딧네이버") == []


def test_a_plural_of_a_word_like_name_is_a_plural_only_for_models(gazetteer: Gazetteer) -> None:
    assert _names(gazetteer, "John Adams saw it; Adam's paper") == [("Adam's", "Adam")]


def test_a_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    paths = _write(tmp_path, HARVESTED_ENTRIES[:2])
    with paths[1].open("a", encoding="utf-8") as handle:
        handle.write('{"name": "Broken", "kind": "model"\n')
    with pytest.raises(ReadlistError, match=r"entries\.jsonl:3: not a JSON object"):
        load_gazetteer(paths)


def test_a_harvested_entry_needs_sources(tmp_path: Path) -> None:
    paths = _write(tmp_path, [])
    paths[1].write_text('{"name": "Falcon", "kind": "model"}\n', encoding="utf-8")
    with pytest.raises(ReadlistError, match=r"entries\.jsonl:1 \(Falcon\): .* sources"):
        load_gazetteer(paths)


def test_the_users_names_win_over_everything(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    _write(folder, HARVESTED_ENTRIES)
    names_file = tmp_path / "names.yaml"
    save_curation(
        names_file,
        Curation(names=[{"name": "Segment Anything", "kind": "tool"}], ignore=["Mamba"]),
    )
    gazetteer = build_gazetteer(folder, names_file).prepare()
    tiers = {(e.name, e.tier) for e in gazetteer.entries}
    assert ("Segment Anything", USER) in tiers
    assert not any(e.tier == HARVESTED and e.name == "Segment Anything" for e in gazetteer.entries)
    hits = gazetteer.find("Segment Anything and Mamba")
    assert [(h.surface, gazetteer.target_of_hit(h).kind) for h in hits] == [
        ("Segment Anything", "tool")
    ]


def test_the_fingerprint_covers_the_harvested_files(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    paths = _write(folder, HARVESTED_ENTRIES)
    before = build_gazetteer(folder, tmp_path / "names.yaml").fingerprint
    paths[1].write_text(paths[1].read_text(encoding="utf-8")[:-1] + " \n", encoding="utf-8")
    assert build_gazetteer(folder, tmp_path / "names.yaml").fingerprint != before


def test_a_word_like_name_listed_among_names_of_its_kind_or_in_their_column_needs_no_cue(
    gazetteer: Gazetteer,
) -> None:
    # two known models beside it say what the list is
    assert _names(gazetteer, "We compared Pix2Pix, Gemini, Claude and Mamba.") == [
        ("Pix2Pix", "Pix2Pix"),
        ("Gemini", "Gemini"),
        ("Claude", "Claude"),
        ("Mamba", "Mamba"),
    ]
    # and so named, it is the model wherever else the note writes it
    assert _names(gazetteer, "Pix2Pix, Gemini and Mamba.\nGemini is fast.") == [
        ("Pix2Pix", "Pix2Pix"),
        ("Gemini", "Gemini"),
        ("Mamba", "Mamba"),
        ("Gemini", "Gemini"),
    ]
    # a table's column of models
    table = "| Model | Params |\n|---|---|\n| Bloom | 176B |\n| Falcon | 40B |\n"
    assert _names(gazetteer, table) == [("Bloom", "Bloom"), ("Falcon", "Falcon")]
    # one known name is no list of its kind; words beside names are words
    assert _names(gazetteer, "Mamba and Gemini rose over the hills") == [("Mamba", "Mamba")]
    assert _names(gazetteer, "| Dataset |\n|---|\n| Bloom |\n") == []
