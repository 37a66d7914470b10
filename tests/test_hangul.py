"""Korean and mixed spellings (issue #14, part 5): names written in Hangul, or half in
Hangul, are matched like their English forms; a Hangul name is never found inside a
longer Korean word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readlist.curation import build_gazetteer
from readlist.hangul import korean_spellings, parse_spellings
from readlist.names import Gazetteer

from .conftest import REPO

TABLE = parse_spellings(
    "# comment\nres\t레즈, 레스\nnet\t넷\nvision\t비전\ntransformer\t트랜스포머\n"
    "style\t스타일\nbert\t버트\ngooglenet\t구글넷\n".encode()
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(REPO / "data" / "gazetteer", Path("/nonexistent/names.yaml"))


def _names(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(hit.surface, hit.entry.name) for hit in gazetteer.find(text)]


def test_a_word_written_as_one_turns_to_hangul_whole() -> None:
    assert korean_spellings("ResNet", TABLE) == ["레즈넷", "레스넷"]
    assert korean_spellings("GoogLeNet", TABLE) == ["구글넷"]  # a listed whole name first
    # Acronyms and numbers stay as written.
    assert korean_spellings("StyleGAN2", TABLE) == ["스타일GAN2"]


def test_words_apart_turn_each_on_its_own() -> None:
    assert korean_spellings("Vision Transformer", TABLE) == [
        "Vision 트랜스포머",
        "비전 Transformer",
        "비전 트랜스포머",
    ]


def test_a_name_with_a_word_not_listed_gets_no_korean_spelling() -> None:
    assert korean_spellings("Deep Residual Learning", TABLE) == []
    assert korean_spellings("GAN", TABLE) == []  # nothing to write in Hangul
    assert korean_spellings("Kiwi 형태소 분석기", TABLE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("레즈넷은 잔차 연결을 쓴다", [("레즈넷", "ResNet")]),
        ("레스넷50 과 레즈넷-101", [("레스넷50", "ResNet"), ("레즈넷-101", "ResNet")]),
        ("비전트랜스포머를 읽었다", [("비전트랜스포머", "Vision Transformer")]),
        ("Vision 트랜스포머 정리", [("Vision 트랜스포머", "Vision Transformer")]),
        ("버트(BERT)를 먼저", [("버트", "BERT"), ("BERT", "BERT")]),
        ("알렉스넷, 구글넷, 덴스넷, 유넷", None),
        ("스타일GAN2로 만든 얼굴", [("스타일GAN2", "StyleGAN2")]),
    ],
)
def test_korean_notes_name_models_in_hangul(
    gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]] | None
) -> None:
    found = _names(gazetteer, text)
    if expected is None:
        assert [name for _, name in found] == ["AlexNet", "GoogLeNet", "DenseNet", "U-Net"]
    else:
        assert found == expected


@pytest.mark.parametrize("text", ["로버트는 책을 읽었다", "알버트로스가 날았다", "소버트"])
def test_a_hangul_name_is_never_found_inside_a_longer_word(gazetteer: Gazetteer, text: str) -> None:
    assert _names(gazetteer, text) == []


def test_the_spellings_file_is_in_the_fingerprint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    before = build_gazetteer(data / "gazetteer", tmp_path / "names.yaml")
    with (data / "hangul-spellings.tsv").open("a", encoding="utf-8") as handle:
        handle.write("mamba\t맘바\n")
    after = build_gazetteer(data / "gazetteer", tmp_path / "names.yaml")
    assert before.fingerprint != after.fingerprint
