"""Matching gazetteer names the way people write them."""

from __future__ import annotations

import pytest

from readlist.entries import parse_entry
from readlist.errors import ReadlistError
from readlist.extract import find_mentions
from readlist.names import Gazetteer, load_gazetteer, name_key
from readlist.notes import Note

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer([FIXTURES / "gazetteer" / "test.yaml"])


def _names(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(hit.surface, hit.entry.name) for hit in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Res-Net", [("Res-Net", "ResNet")]),
        ("res net 구조", [("res net", "ResNet")]),
        ("RESNET", [("RESNET", "ResNet")]),
        ("ResNet-50 과 ResNet101", [("ResNet-50", "ResNet"), ("ResNet101", "ResNet")]),
        ("ＲｅｓＮｅｔ", [("ＲｅｓＮｅｔ", "ResNet")]),
        ("ResNet을 보면", [("ResNet", "ResNet")]),
        ("BERT는", [("BERT", "BERT")]),
        ("Transformer를 더 심플한", [("Transformer", "Transformer")]),
        ("Transformer 를", [("Transformer", "Transformer")]),
        ("Transformers", [("Transformers", "Transformer")]),
        ("GANs 의 학습", [("GANs", "GAN")]),
        ("VGG-Net, Res-Net", [("VGG-Net", "VGG"), ("Res-Net", "ResNet")]),
        ("- Pay Attention to MLP", [("Pay Attention to MLP", "gMLP")]),
        ("Pay Attention to MLPs 논문", [("Pay Attention to MLPs", "gMLP")]),
        ("MLP Mixer", [("MLP Mixer", "MLP-Mixer")]),
        ("MLPs are simple", [("MLPs", "MLP")]),
        ("LSTM, GRU 그리고", [("GRU", "GRU")]),
        ("MLM, NSP 등등", [("MLM", "Masked Language Model")]),
        ("SE block 을 붙이면", [("SE", "SENet")]),
        ("HuggingFace", [("HuggingFace", "Hugging Face")]),
        ("hugging face 허브", [("hugging face", "Hugging Face")]),
        ("허깅페이스에서", [("허깅페이스", "Hugging Face")]),
        ("Sebastian Ruder 의 blog", [("Sebastian Ruder", "Sebastian Ruder's blog")]),
        ("UTOPIAN 이라는 논문", [("UTOPIAN", "UTOPIAN")]),
        ("the BERT's objective", [("BERT's", "BERT")]),
        # emphasis opened by "_" is no identifier; a Korean sentence's full stop is no dot
        ("**_Keyword_:** _Transformer, BERT_", [("Transformer", "Transformer"), ("BERT", "BERT")]),
        ("the _ResNet_ family", [("ResNet", "ResNet")]),
        ("VGG/ResNet 비교", [("VGG", "VGG"), ("ResNet", "ResNet")]),
        # a capitalised word before the slash: names side by side, not a path
        ("Transformer/ResNet 비교", [("Transformer", "Transformer"), ("ResNet", "ResNet")]),
        ("ResNet-50/VGG-Net", [("ResNet-50", "ResNet"), ("VGG-Net", "VGG")]),
        ("공개했습니다.허깅페이스에서", [("허깅페이스", "Hugging Face")]),
    ],
)
def test_spellings(gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]) -> None:
    assert _names(gazetteer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "presnetation",
        "organ",
        "began",
        "organic",
        "resnets_v2",
        "gru",
        "Gru",
        "mlm",
        "SE 쪽에서",
        "the SE of the mean",
        "CV 로",
        "Operation",
        "Classification",
        "ResNetwork",
        "torchvision.models.resnet50",
        "my_resnet",
        "my__resnet",
        "models/resnet",
        "Models/ResNet.md",
        "/Users/ResNet",
        "src/Models/ResNet",
        "~/Docs/ResNet",
        "'VENDORS/RESNET/ARABIC.TXT'",
        "model.허깅페이스",
        "unbertable",
        "nlpprogressive",
    ],
)
def test_not_names(gazetteer: Gazetteer, text: str) -> None:
    assert _names(gazetteer, text) == []


def test_names_in_code_and_urls_are_skipped(gazetteer: Gazetteer) -> None:
    text = (
        "```python\nmodel = ResNet()\n```\n`BERT` in code\n"
        "https://github.com/sebastianruder/NLP-progress and NLP-progress"
    )
    mentions = find_mentions(Note(path="n.md", root="/", text=text), gazetteer=gazetteer)
    assert [(m.surface, m.source, m.target.key) for m in mentions] == [
        (
            "https://github.com/sebastianruder/NLP-progress",
            "url",
            "github:sebastianruder/nlp-progress",
        ),
        ("NLP-progress", "name", "url:https://nlpprogress.com/"),
    ]


def test_name_and_link_are_one_resource(gazetteer: Gazetteer) -> None:
    text = "Res-Net 은\narxiv.org/pdf/1512.03385v1.pdf\n[ResNet](https://arxiv.org/abs/1512.03385)"
    mentions = find_mentions(Note(path="n.md", root="/", text=text), gazetteer=gazetteer)
    assert [(m.line, m.surface, m.target.key, m.target.name) for m in mentions] == [
        (1, "Res-Net", "arxiv:1512.03385", "ResNet"),
        (2, "arxiv.org/pdf/1512.03385v1.pdf", "arxiv:1512.03385", "ResNet"),
        (3, "https://arxiv.org/abs/1512.03385", "arxiv:1512.03385", "ResNet"),
    ]


def test_a_link_to_a_known_thing_takes_its_name(gazetteer: Gazetteer) -> None:
    text = "see https://nlpprogress.com/english/ and https://github.com/sebastianruder/NLP-progress"
    mentions = find_mentions(Note(path="n.md", root="/", text=text), gazetteer=gazetteer)
    assert [(m.target.key, m.target.name) for m in mentions] == [
        ("url:https://nlpprogress.com/english", "nlpprogress.com/english"),
        ("github:sebastianruder/nlp-progress", "NLP-progress"),
    ]


def test_a_name_replaces_the_bare_domain_it_is_written_as(gazetteer: Gazetteer) -> None:
    mentions = find_mentions(
        Note(path="n.md", root="/", text="- 페이스북의 Montreal.AI 흥미로운"), gazetteer=gazetteer
    )
    assert [(m.surface, m.source, m.target.key, m.target.name) for m in mentions] == [
        ("Montreal.AI", "name", "url:https://montreal.ai/", "Montreal.AI"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A path makes it a page: the name that spells the host, and any name in the
        # path, belong to the URL ("imagenet" here is not the dataset).
        (
            "paperswithcode.com/sota/image-classification-on-imagenet 참고",
            [
                (
                    "paperswithcode.com/sota/image-classification-on-imagenet",
                    "url",
                    "url:https://paperswithcode.com/sota/image-classification-on-imagenet",
                )
            ],
        ),
        (
            "`pip install transformers` 와 huggingface.co/docs",
            [("huggingface.co/docs", "url", "url:https://huggingface.co/docs")],
        ),
        # The host alone, or with a bare slash, is the site the name stands for.
        ("huggingface.co/ 에서", [("huggingface", "name", "url:https://huggingface.co/")]),
    ],
)
def test_a_bare_domain_with_a_path_is_a_page_not_a_name(
    gazetteer: Gazetteer, text: str, expected: list[tuple[str, str, str]]
) -> None:
    mentions = find_mentions(Note(path="n.md", root="/", text=text), gazetteer=gazetteer)
    assert [(m.surface, m.source, m.target.key) for m in mentions] == expected


def test_concept_shares_the_resource_of_its_paper(gazetteer: Gazetteer) -> None:
    mentions = find_mentions(Note(path="n.md", root="/", text="MLM 과 BERT"), gazetteer=gazetteer)
    assert [(m.surface, m.target.key, m.target.name, m.target.kind) for m in mentions] == [
        ("MLM", "arxiv:1810.04805", "BERT", "model"),
        ("BERT", "arxiv:1810.04805", "BERT", "model"),
    ]


def test_entry_without_link_gets_a_name_key(gazetteer: Gazetteer) -> None:
    (hit,) = gazetteer.find("MLP")
    assert gazetteer.target_of_hit(hit).key == "name:mlp"
    assert name_key("Pay Attention to MLPs") == "name:pay-attention-to-mlps"


def test_ignored_names(gazetteer: Gazetteer) -> None:
    muted = load_gazetteer([FIXTURES / "gazetteer" / "test.yaml"], ignored=["GRU"])
    assert _names(muted, "LSTM, GRU") == []
    assert muted.fingerprint != gazetteer.fingerprint


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"kind": "model"}, "x.yaml entry 1: an entry needs at least a name"),
        ({"name": "A", "kind": "thing"}, "x.yaml entry 1 (A): kind must be one of"),
        ({"name": "A", "arxiv": "1234"}, "x.yaml entry 1 (A): '1234' is not an arXiv id"),
        ({"name": "A", "year": "soon"}, "x.yaml entry 1 (A): year must be a number"),
    ],
)
def test_bad_entries_are_named(item: dict[str, object], message: str) -> None:
    with pytest.raises(ReadlistError) as caught:
        parse_entry(item, "x.yaml entry 1")
    assert str(caught.value).startswith(message)


def test_a_versions_point_stays_in_its_spellings() -> None:
    versions = Gazetteer(
        [
            parse_entry({"name": "SQuAD 2.0", "kind": "dataset"}, "t.yaml entry 1"),
            parse_entry({"name": "wav2vec 2.0", "kind": "model"}, "t.yaml entry 2"),
        ]
    )
    assert _names(versions, "SQuAD2.0, SQuAD-2.0, SQuAD 2.0, wav2vec2.0") == [
        ("SQuAD2.0", "SQuAD 2.0"),
        ("SQuAD-2.0", "SQuAD 2.0"),
        ("SQuAD 2.0", "SQuAD 2.0"),
        ("wav2vec2.0", "wav2vec 2.0"),
    ]
