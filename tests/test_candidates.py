"""Names the gazetteer does not know, found from cues."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.candidates import find_candidates
from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.entries import parse_common_words
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in


def _found(text: str) -> list[tuple[str, str, str, float]]:
    return [(h.surface, h.name, h.kind, h.confidence) for h in find_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FooNet 구조", [("FooNet", "FooNet", "model", 0.7)]),
        (
            "RoFormer 와 StyleGAN2",
            [("RoFormer", "RoFormer", "model", 0.7), ("StyleGAN2", "StyleGAN2", "model", 0.7)],
        ),
        ("KoBERT 로 분류", [("KoBERT", "KoBERT", "model", 0.7)]),
        ("KcELECTRA 는 댓글로 학습", [("KcELECTRA", "KcELECTRA", "model", 0.7)]),
        (
            "LongT5 and TinyLlama",
            [("LongT5", "LongT5", "model", 0.7), ("TinyLlama", "TinyLlama", "model", 0.7)],
        ),
        # a language model's family is its last letters: LM, GLM, VLM
        (
            "ChatGLM 과 CogVLM",
            [("ChatGLM", "ChatGLM", "model", 0.7), ("CogVLM", "CogVLM", "model", 0.7)],
        ),
        ("HTML and XLM and Film", []),
        ("UTOPIAN 이라는 논문", [("UTOPIAN", "UTOPIAN", "paper", 0.6)]),
        ("UTOPIAN이라는 논문", [("UTOPIAN", "UTOPIAN", "paper", 0.6)]),
        (
            "Deep Residual Learning 논문을 보면",
            [("Deep Residual Learning", "Deep Residual Learning", "paper", 0.6)],
        ),
        ("T5 모델", [("T5", "T5", "model", 0.5)]),
        ("the Lottery Ticket paper", [("Lottery Ticket", "Lottery Ticket", "paper", 0.6)]),
        (
            '"Language Models are Few-Shot Learners" 참고',
            [
                (
                    "Language Models are Few-Shot Learners",
                    "Language Models are Few-Shot Learners",
                    "paper",
                    0.6,
                )
            ],
        ),
        (
            "“Deep Learning Scaling is Predictable” 읽기",
            [
                (
                    "Deep Learning Scaling is Predictable",
                    "Deep Learning Scaling is Predictable",
                    "paper",
                    0.6,
                )
            ],
        ),
        (
            "Kingma et al. (2014) 에서",
            [("Kingma et al. (2014)", "Kingma et al. 2014", "paper", 0.3)],  # balanced
        ),
    ],
)
def test_cues(text: str, expected: list[tuple[str, str, str, float]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Classification 모델이라던지",
        "survey 논문부터",
        "NLP 논문",
        "원 논문",
        "CV 로 많은",
        "Operation, 컴퓨터 아키텍처",
        '"Hi there"',
        "net",
        "Network",
        "the paper",
        "the NLP paper",
        "그 논문은",
        "mobile-net",
    ],
)
def test_no_cue_no_candidate(text: str) -> None:
    assert _found(text) == []


def test_ignored_and_skipped() -> None:
    assert find_candidates("FooNet 구조", ignored=frozenset({"foonet"})) == []
    assert find_candidates("FooNet 구조", skip=[(0, 6)]) == []


def test_et_al_on_a_line_that_already_cites_a_paper() -> None:
    text = "원 논문 arXiv:1706.03762 (Vaswani et al., 2017)"
    assert find_candidates(text, lines_with_papers=frozenset({1}), line_starts=[0]) == []


def test_titles_in_korean_brackets_are_books_and_articles() -> None:
    text = "『밑바닥부터 시작하는 딥러닝 2』를 읽고 《핸즈온 머신러닝》, 「딥러닝의 역사」와 〈신경망 입문〉.\n"
    found = [(h.name, h.kind) for h in find_candidates(text)]
    assert found == [
        ("밑바닥부터 시작하는 딥러닝 2", "book"),
        ("핸즈온 머신러닝", "book"),
        ("딥러닝의 역사", "paper"),
        ("신경망 입문", "paper"),
    ]


def test_a_book_named_with_its_cue() -> None:
    text = "Hands-On Machine Learning 책을 샀다. Dive into Deep Learning 교재. the Pattern Recognition book\n"
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("Hands-On Machine Learning", "book"),
        ("Dive into Deep Learning", "book"),
        ("Pattern Recognition", "book"),
    ]


def test_an_acronym_defined_after_a_dataset_or_an_organisation() -> None:
    text = (
        "We used the Stanford Question Answering Dataset (SQuAD) and Facebook AI Research (FAIR)"
        " code, and the Corpus of Linguistic Acceptability (CoLA) from Allen Institute for AI (AI2).\n"
        "Natural Language Processing (NLP) and Convolutional Neural Network (CNN) are fields.\n"
        "The Quick Brown Dataset (XYZ) does not abbreviate.\n"
    )
    # the acronym names the same thing as its long form (one resource, found again
    # wherever the note writes it)
    assert [(h.surface, h.name, h.kind) for h in find_candidates(text)] == [
        ("Stanford Question Answering Dataset", "Stanford Question Answering Dataset", "dataset"),
        ("SQuAD", "Stanford Question Answering Dataset", "dataset"),
        ("Facebook AI Research", "Facebook AI Research", "org"),
        ("FAIR", "Facebook AI Research", "org"),
        ("Corpus of Linguistic Acceptability", "Corpus of Linguistic Acceptability", "dataset"),
        ("CoLA", "Corpus of Linguistic Acceptability", "dataset"),
        ("Allen Institute for AI", "Allen Institute for AI", "org"),
        ("AI2", "Allen Institute for AI", "org"),
    ]


def test_a_book_or_a_course_defines_its_acronym_for_the_rest_of_the_note() -> None:
    text = "We follow the Quill Learning Book (QLB) and the Margin Notes Course (MNC).\n"
    assert [(h.surface, h.name, h.kind) for h in find_candidates(text)] == [
        ("Quill Learning Book", "Quill Learning Book", "book"),
        ("QLB", "Quill Learning Book", "book"),
        ("Margin Notes Course", "Margin Notes Course", "site"),
        ("MNC", "Margin Notes Course", "site"),
    ]


def test_an_acronym_and_its_long_form_of_a_network_or_library_either_way_round() -> None:
    text = (
        "Quill Answer Network (QAN) 과 QJL (Quill Java Library) 서빙 컨테이너.\n"
        "Convolutional Neural Network (CNN) is a family; xQJL (Quill Java Library) is no word.\n"
    )
    assert [(h.surface, h.name, h.kind) for h in find_candidates(text)] == [
        ("Quill Answer Network", "Quill Answer Network", "model"),
        ("QAN", "Quill Answer Network", "model"),
        ("QJL", "Quill Java Library", "tool"),
        ("Quill Java Library", "Quill Java Library", "tool"),
    ]


def test_a_persons_course_or_lectures_is_a_site() -> None:
    text = (
        "- David Quill's RL Course and Ada Tern's Deep Learning Lectures.\n"
        "It's worth it; Ada's cat is not a course.\n"
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("David Quill's RL Course", "site"),
        ("Ada Tern's Deep Learning Lectures", "site"),
    ]


def test_a_contents_entry_that_cites_its_paper_is_that_papers_title() -> None:
    text = (
        "- [Thinking Quickly And Slowly in Quills [4]](#4)\n"
        "- [QuillNet: Notes from a Single View [6]](#6)\n"
        "- [Getting Started With The Tools](#getting-started)\n"  # a section, no reference
        "- [the notes [7]](#7)\n"  # no title
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("Thinking Quickly And Slowly in Quills", "paper"),
        ("QuillNet: Notes from a Single View", "paper"),
    ]


def test_a_bold_note_closing_a_line_is_no_nickname() -> None:
    text = (
        "[설문](https://example.org/form) / (**Due: 2019.01.23(Wed) 22:00**)\n"
        "- Universal parsing. [[pdf](https://example.org/p.pdf)] (**QuillParse**)\n"
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [("QuillParse", "model")]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def _named(folder: Path, text: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    return [
        (m.line, m.surface)
        for m in mentions_in(folder, "note.md", text, gazetteer)
        if m.source in ("name", "candidate")
    ]


def test_the_subject_a_notes_first_heading_names_is_a_guess_wherever_the_note_writes_it(
    notes_dir: Path, gazetteer: Gazetteer
) -> None:
    text = (
        "# Quillmq: a Distributed Messaging System for Note Processing\n\n"
        "- Quillmq stores notes in segments.\n- The Quillmq broker keeps no state.\n"
        "- Consumers pull from Quillmq.\n"
    )
    found = _named(notes_dir, text, gazetteer)
    assert [(line, surface) for line, surface in found if surface == "Quillmq"] == [
        (1, "Quillmq"),
        (3, "Quillmq"),
        (4, "Quillmq"),
        (5, "Quillmq"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "# Introduction to Notes\n\nIntroduction, Introduction, Introduction.\n",  # a word
        "# Quillmq\n\nQuillmq once.\n",  # named once more: no subject the note is about
        "Text first.\n\n## The Quillmq system\n- Quillmq a\n- Quillmq b\n- Quillmq c\n",
    ],
)
def test_no_subject_from_a_word_a_rare_name_or_a_heading_that_opens_otherwise(
    notes_dir: Path, gazetteer: Gazetteer, text: str
) -> None:
    assert not [
        f for f in _named(notes_dir, text, gazetteer) if f[1] in ("Quillmq", "Introduction")
    ]


def test_a_requirements_lists_packages_are_libraries() -> None:
    text = (
        "## Requirements\n"
        "- Python 3.6\n"
        "- quilltorch==1.15.0\n"
        "* vellum-gpu >= 2.1\n"
        "- `ternlib` 0.21.0\n"
        "- CUDA 11.2\n"
        "- Version 2.0 was faster.\n"
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("quilltorch", "tool"),
        ("vellum-gpu", "tool"),
        ("ternlib", "tool"),
    ]


def test_a_university_courses_code_is_a_site() -> None:
    text = (
        "- CS 8803 - Reinforcement Learning, CS885 and EE 364a, then CS50 and CS61A; "
        "not ABCS 123, CS-1234, CS 12 or CS1.\n"
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("CS 8803", "site"),
        ("CS885", "site"),
        ("EE 364a", "site"),
        ("CS50", "site"),  # two digits, run on
        ("CS61A", "site"),
    ]


def test_a_subreddit_is_a_site() -> None:
    text = "r/LocalLLaMA에서 봤고 (r/learnquill) 도 읽는다; not data/r/x, ./r/abc, r/a or r/x.md.\n"
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("r/LocalLLaMA", "site"),
        ("r/learnquill", "site"),
    ]


def test_sites_and_labs_named_with_their_cue() -> None:
    text = (
        "Towards Data Science 블로그와 CS231n 강의, 3Blue1Brown 채널. 개인 블로그. Tech 블로그.\n"
        "See the Google AI blog, Lilian Weng's blog, the TWIML podcast and the BAIR lab.\n"
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("Towards Data Science", "site"),
        ("CS231n", "site"),
        ("Google AI", "site"),
        ("Lilian Weng's blog", "site"),
        ("TWIML", "site"),
        ("BAIR", "org"),
    ]


@pytest.mark.parametrize(
    ("text", "stem", "title"),
    [
        # A paper-notes repository: the file is named after the paper it is about.
        (
            "# Constrained Policy Optimization\n\nI only skimmed it.\n",
            "Constrained_Policy_Optimization",
            "Constrained Policy Optimization",
        ),
        (
            "# Machine Teaching: A New Paradigm for Building ML Systems (2017)\n",
            "machine-teaching-a-new-paradigm-for-building-ml-systems",
            "Machine Teaching: A New Paradigm for Building ML Systems",
        ),
        # A marker says so, whatever the file is called.
        ("# [Paper Review] Widget Networks Revisited\n", "post-42", "Widget Networks Revisited"),
        (
            "## 논문 리뷰: Widget Networks Revisited\n",
            "2024-01-01-review",
            "Widget Networks Revisited",
        ),
        # A blog post's own title, a heading further down, a linked title: none (a
        # title-shaped one only names the one paper the note links: see test_titles).
        ("# My Journey Into Deep Learning\n", "2021-03-01-journey", None),
        ("# Some Notes\n", "2021-03-01-notes", None),
        ("Intro.\n\n# Constrained Policy Optimization\n", "Constrained_Policy_Optimization", None),
        ("# [Constrained Policy Optimization](https://arxiv.org/abs/1705.10528)\n", "cpo", None),
    ],
)
def test_a_paper_notes_first_heading_names_its_paper(
    text: str, stem: str, title: str | None
) -> None:
    hits = find_candidates(text, note_stem=stem)
    papers = [h.name for h in hits if h.kind == "paper" and not h.only_if_linked]
    assert papers == ([title] if title else [])


def test_the_line_under_a_title_heading_is_a_papers_title() -> None:
    text = (
        "## Title\nDon’t Stop Pretraining: Adapt Language Models to Domains and Tasks (ACL 2020)\n\n"
        "## 제목\n\n- Big Bird: Transformers for Longer Sequences [NeurIPS 2020]\n\n"
        "## Title\nmy notes on this one\n"
    )
    assert [(h.name, h.kind) for h in find_candidates(text)] == [
        ("Don’t Stop Pretraining: Adapt Language Models to Domains and Tasks", "paper"),
        ("Big Bird: Transformers for Longer Sequences", "paper"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Foundation Model(FM)은 대규모 데이터로 학습한다",  # "Foundation" names no org here
        "We compare with a Sequence Model (SM) of the same size.",
        "이전의 모든 SSM 모델은 시간에 불변이어야 한다",  # a family's abbreviation
        "LTI 모델이 가진 한계",
    ],
)
def test_kinds_of_models_are_not_guessed_names(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "the Allen Institute for Artificial Intelligence (AI2) released",
            "Allen Institute for Artificial Intelligence",
            "org",
        ),
        (
            "Korea Advanced Institute of Science and Technology (KAIST) 연구팀",
            "Korea Advanced Institute of Science and Technology",
            "org",
        ),
        (
            "the Stanford Question Answering Dataset (SQuAD) has",
            "Stanford Question Answering Dataset",
            "dataset",
        ),
    ],
)
def test_a_defined_acronym_is_named_by_its_head_word(text: str, name: str, kind: str) -> None:
    assert [(h.name, h.kind) for h in find_candidates(text)] == [(name, kind), (name, kind)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We train on the Yelp dataset and the Penn Treebank corpus.",
            [("Yelp", "dataset"), ("Penn Treebank", "dataset")],
        ),
        ("results on the SST-2 and IMDb datasets", [("SST-2", "dataset"), ("IMDb", "dataset")]),
        ("- CelebA dataset", [("CelebA", "dataset")]),
        ("we use the Hugging Face Accelerate library", [("Hugging Face Accelerate", "tool")]),
        ("CelebA 데이터셋으로 학습", [("CelebA", "dataset")]),
        ("KoNLPy 라이브러리를 쓴다", [("KoNLPy", "tool")]),
        # a capital that opens a sentence or a list item says nothing
        ("Training dataset is small.", []),
        ("- Evaluation benchmark: accuracy", []),
        ("our Custom dataset", []),
        ("We use a Large dataset of images", []),
        ("Classification 데이터셋", []),
    ],
)
def test_a_proper_name_before_what_it_is(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.name, h.kind) for h in find_candidates(text)] == expected


_COMMON_WORDS = parse_common_words((REPO / "data" / "common-words.txt").read_bytes())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a library's name needs no capital inside when no dictionary holds it
        ("Quillify is a Python library for parsing notes.", ["Quillify"]),
        ("Run Folioscope, an open-source tool for tracking runs.", ["Folioscope"]),
        ("The Glyphon toolkit makes plots easy.", ["Glyphon"]),
        ("Vellumdb 라이브러리를 사용했다.", ["Vellumdb"]),
        ("Scribely 패키지로 전처리를 했다.", ["Scribely"]),
        # words, languages and what a sentence opens with are not libraries
        ("Python 라이브러리를 사용했다.", []),
        ("This is a library for parsing notes.", []),
        ("There is a package for that.", []),
        ("Spark is a framework for big data.", []),  # a word: the gazetteer's to know
        ("Training library is small.", []),
        # a word no dictionary holds before a model or a dataset is jargon as often as a name
        ("Autoencoder 모델을 학습했다.", []),
    ],
)
def test_a_library_is_named_by_what_it_is(text: str, expected: list[str]) -> None:
    found = find_candidates(text, common_words=_COMMON_WORDS)
    assert [h.name for h in found if h.kind == "tool"] == expected
    assert [h.name for h in found if h.kind != "tool"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quokka[^7]의 저자들은", ["Quokka"]),
        ("TIES-Merging(TrIm, Elect Sign & Merge)[^4]입니다", ["TIES-Merging"]),
        ("GLaMM [12] is faster", ["GLaMM"]),
        # a numbered reference after an ordinary word cites a claim, not a named work
        ("Hyena [12] 와 비교", []),
        ("This is true[^1].", []),
        ("as shown before [3].", []),
    ],
)
def test_a_footnoted_name_is_a_work_the_note_cites(text: str, expected: list[str]) -> None:
    assert [h.name for h in find_candidates(text) if h.kind == "paper"] == expected


def test_a_title_column_holds_titles_in_sentence_case_too() -> None:
    text = (
        "| # | Title | Venue |\n|---|---|---|\n"
        "| 1 | Large quill models are zero-shot terns | NeurIPS 2022 |\n"
        "| 2 | Quill nets | ICML 2019 |\n"  # two words: no title
    )
    assert [(h.surface, h.kind) for h in find_candidates(text)] == [
        ("Large quill models are zero-shot terns", "paper"),
    ]


def test_a_model_column_holds_checkpoint_ids_and_names_no_dictionary_holds() -> None:
    text = (
        "| Model | Accuracy | F1 |\n|---|---|---|\n"
        "| quillbert-base-uncased | 81.2 | 79.0 |\n"
        "| **ternlm-large-mnli** | 85.1 | 84.3 |\n"
        "| Vellumnet | 88.0 | 87.2 |\n"
        "| majority-class | 50.0 | 33.3 |\n"  # words joined: a baseline, not an id
        "| zero-shot | 52.0 | 40.1 |\n"
        "| Linear | 61.0 | 58.2 |\n"  # an ordinary word
    )
    found = find_candidates(text, common_words=_COMMON_WORDS)
    assert [(h.surface, h.kind) for h in found] == [
        ("quillbert-base-uncased", "model"),
        ("ternlm-large-mnli", "model"),
        ("Vellumnet", "model"),
    ]
    # a title column's two words are no title, dictionary or not
    titles = "| # | Title |\n|---|---|\n| 1 | Quillnet Terns |\n"
    assert find_candidates(titles, common_words=_COMMON_WORDS) == []
