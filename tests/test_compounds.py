"""Compounds and versions are their own things; sizes and layer counts are variants (#14).

The rule is written in src/readlist/compounds.py and data/gazetteer/README.md; each case
here is one line of it, tried both ways.
"""

from __future__ import annotations

import pytest

from readlist.extract import find_mentions
from readlist.names import Gazetteer, load_gazetteer
from readlist.notes import Note

from .conftest import FIXTURES

COMMON_WORDS = frozenset({"embedding", "loss", "chat", "transformer", "adapter"})


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer([FIXTURES / "compounds" / "gazetteer.yaml"], common_words=COMMON_WORDS)


def _scan(gazetteer: Gazetteer, text: str) -> tuple[list[tuple[str, str]], list[str]]:
    names, compounds = gazetteer.scan(text)
    return [(hit.surface, hit.entry.name) for hit in names], [c.surface for c in compounds]


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        # layers and parameters
        ("ResNet-50", "ResNet-50", "ResNet"),
        ("ResNet-101 로", "ResNet-101", "ResNet"),
        ("ResNet152", "ResNet152", "ResNet"),
        ("VGG16", "VGG16", "VGG"),
        ("LLaMA-7B", "LLaMA-7B", "LLaMA"),
        ("LLaMA 65B", "LLaMA 65B", "LLaMA"),
        ("GPT-3 175B", "GPT-3 175B", "GPT-3"),
        ("BERT 340M", "BERT 340M", "BERT"),
        ("ImageNet-21k", "ImageNet-21k", "ImageNet"),
        ("Llama-2-7B-chat", "Llama-2-7B", "Llama 2"),
        # sizes
        ("BERT-large", "BERT-large", "BERT"),
        ("BERT-base", "BERT-base", "BERT"),
        ("BERT-Base-uncased", "BERT-Base-uncased", "BERT"),
        ("ViT-B/16", "ViT-B/16", "Vision Transformer"),
        ("Swin-T", "Swin-T", "Swin Transformer"),
        ("Tiny-YOLO", "YOLO", "YOLO"),
        # the first version is the entry itself
        ("ResNet-v1", "ResNet-v1", "ResNet"),
        ("GPT-1", "GPT-1", "GPT"),
        # hyphenated prose leaves the name standing
        ("BERT-based 모델", "BERT", "BERT"),
        ("BERT-Based", "BERT", "BERT"),
        ("BERT-embedding", "BERT", "BERT"),
        ("pre-BERT 시대", "BERT", "BERT"),
        ("Vanilla-Transformer", "Transformer", "Transformer"),
        ("resnet-style", "resnet", "ResNet"),
        ("BERT-기반", "BERT", "BERT"),
        # a number after a space is prose unless the family writes versions so
        ("GPT 5 times", "GPT", "GPT"),
        ("ResNet 50", "ResNet", "ResNet"),
        # plurals and possessives
        ("BERT's head", "BERT's", "BERT"),
    ],
)
def test_variants_are_the_same_thing(
    gazetteer: Gazetteer, text: str, surface: str, name: str
) -> None:
    assert _scan(gazetteer, text) == ([(surface, name)], [])


@pytest.mark.parametrize(
    ("text", "compound"),
    [
        # a hyphenated word that is a name's part, before or after
        ("RT-DETR", "RT-DETR"),
        ("Deformable-DETR", "Deformable-DETR"),
        ("Swin-UNet", "Swin-UNet"),
        ("LLaMA-Adapter", "LLaMA-Adapter"),
        ("BERT-wwm", "BERT-wwm"),
        ("ResNet-50-FPN", "ResNet-50-FPN"),
        ("RT-DETR-based 검출기", "RT-DETR"),
        # a package name: the name in lower case, a hyphen, a word
        ("pytorch-fid", "pytorch-fid"),
        # versions the gazetteer does not list
        ("YOLOv8", "YOLOv8"),
        ("YOLO v8", "YOLO v8"),
        ("YOLOv5s", "YOLOv5s"),
        ("GPT-4o", "GPT-4o"),
        ("GPT-3.5", "GPT-3.5"),
        ("GPT-5", "GPT-5"),
        ("GPT5", "GPT5"),
        ("Llama 4", "Llama 4"),
        ("Llama 2.1", "Llama 2.1"),
        ("DeiT-III", "DeiT-III"),
        ("DeiT III", "DeiT III"),
        ("UNet++", "UNet++"),
        ("Swin Transformer V2", "Swin Transformer V2"),
        # Korean particles stay outside the compound
        ("YOLOv8로 학습", "YOLOv8"),
        ("RT-DETR은 빠르다", "RT-DETR"),
        ("pytorch-fid로 계산", "pytorch-fid"),
    ],
)
def test_compounds_are_not_the_shorter_name(gazetteer: Gazetteer, text: str, compound: str) -> None:
    assert _scan(gazetteer, text) == ([], [compound])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a compound the gazetteer lists is that entry
        ("Mask-RCNN", "Mask R-CNN"),
        ("Sentence-BERT", "Sentence-BERT"),
        ("Transformer-XL", "Transformer-XL"),
        ("YOLOv3", "YOLOv3"),
        ("YOLO v3", "YOLOv3"),
        ("GPT-4", "GPT-4"),
        ("ResNet v2", "Pre-activation ResNet"),
        ("ResNeXt", "ResNeXt"),
    ],
)
def test_a_known_compound_is_its_entry(gazetteer: Gazetteer, text: str, name: str) -> None:
    assert _scan(gazetteer, text) == ([(text, name)], [])


@pytest.mark.parametrize("text", ["Res2Net", "ResNeSt", "DETRs_v2", "BERTology"])
def test_a_name_inside_a_word_is_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert _scan(gazetteer, text) == ([], [])


def test_layers_or_versions_follow_the_gazetteer(gazetteer: Gazetteer) -> None:
    # GPT-2, GPT-3 and GPT-4 are entries: a number after GPT is a version. Nothing is a
    # numbered ResNet: a number after ResNet counts its layers.
    assert _scan(gazetteer, "GPT-7, ResNet-7") == ([("ResNet-7", "ResNet")], ["GPT-7"])


def _mentions(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, str, str]]:
    note = Note(path="n.md", root="/", text=text)
    return [
        (m.surface, m.source, m.target.key, m.target.kind)
        for m in find_mentions(note, gazetteer=gazetteer)
    ]


def test_a_compound_is_a_guessed_name_of_its_heads_kind(gazetteer: Gazetteer) -> None:
    text = "RT-DETR은 DETR 보다 빠르고, FID 는 pytorch-fid 로, BiLSTM-CRF 는 고전"
    assert _mentions(gazetteer, text) == [
        ("RT-DETR", "candidate", "name:rt-detr", "model"),
        ("DETR", "name", "name:detr", "model"),
        ("pytorch-fid", "candidate", "name:pytorch-fid", "tool"),
        ("BiLSTM-CRF", "candidate", "name:bilstm-crf", "model"),
    ]


def test_a_compound_in_a_link_or_a_reference_label_is_not_guessed(gazetteer: Gazetteer) -> None:
    text = (
        "[RT-DETR](https://github.com/lyuwenyu/RT-DETR) 와 [해설][rt-detr-post]\n"
        "[rt-detr-post]: https://example.com/post\n"
    )
    assert [m[:2] for m in _mentions(gazetteer, text)] == [
        ("https://github.com/lyuwenyu/RT-DETR", "url"),
        ("https://example.com/post", "url"),
    ]


def test_an_ignored_compound_is_not_guessed() -> None:
    muted = load_gazetteer([FIXTURES / "compounds" / "gazetteer.yaml"], ignored=["RT-DETR"])
    assert _mentions(muted, "RT-DETR 과 DETR") == [("DETR", "name", "name:detr", "model")]


def test_a_compound_in_the_front_matter_title(gazetteer: Gazetteer) -> None:
    note = Note(path="n.md", root="/", text="---\ntitle: YOLOv8 과 YOLO 비교\n---\n본문\n")
    assert [(m.line, m.surface, m.source) for m in find_mentions(note, gazetteer=gazetteer)] == [
        (2, "YOLOv8", "candidate"),
        (2, "YOLO", "name"),
    ]


def test_a_link_destination_that_is_no_url_is_not_read_for_names(gazetteer: Gazetteer) -> None:
    # A table of contents links headings by anchor: "#3-detr-recap" is an address.
    text = "- [4. Architecture](#4-resnet-architecture)\n- [notes](../4-resnet-notes.md)\n"
    assert _mentions(gazetteer, text) == []


def test_the_attributes_of_html_tags_are_not_read_for_names(gazetteer: Gazetteer) -> None:
    # alt, class and name attributes are markup; the text between tags is prose.
    text = (
        '<img src="figure.svg" alt="ResNet and BERT compared">\n'
        '<a name="BERT"></a><div class="Transformer">Our ViT notes</div>\n'
        "a < b and ResNet > c\n"
        '<Youtube id="x1"/> </Youtube>\n'
    )
    assert [surface for surface, *_ in _mentions(gazetteer, text)] == ["ViT", "ResNet"]
