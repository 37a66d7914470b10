"""Reference lists (issue #14): a reference names its work by its title; the people who
wrote it, the names inside its title and the venue it appeared in are not resources of
their own. Examples written here, not taken from any labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.candidates import find_candidates
from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.linktitles import find_link_titles
from readlist.names import Gazetteer
from readlist.titles import clean_title, find_author_lists, site_after_title
from readlist.urls import find_urls

from .conftest import REPO, mentions_in


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def _named(tmp_path: Path, text: str, gazetteer: Gazetteer) -> list[tuple[int, str, str]]:
    return [
        (m.line, m.surface, m.source)
        for m in mentions_in(tmp_path, "refs.md", text, gazetteer)
        if m.source in ("name", "candidate")
    ]


def _organisations(tmp_path: Path, text: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    return [
        (m.line, m.surface)
        for m in mentions_in(tmp_path, "refs.md", text, gazetteer)
        if m.target.kind == "org"
    ]


def test_names_inside_a_references_title_are_the_titles_not_their_own(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "1. **Probing How BERT and ELMo Encode Syntax in Long Documents**. *Ada Quill, "
        "Bo Tern*. ACL 2020. [[pdf](https://arxiv.org/pdf/2001.00001.pdf)]\n"
        "2. **BERT: Pre-training of Deep Bidirectional Transformers for Language "
        "Understanding**. *Jacob Devlin et al.* [[pdf](https://arxiv.org/pdf/1810.04805)]\n"
        "BERT and ELMo in prose are names.\n"
    )
    assert _named(tmp_path, text, gazetteer) == [
        # a known work's title that opens with its name names that work
        (
            2,
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "name",
        ),
        (3, "BERT", "name"),
        (3, "ELMo", "name"),
    ]


def test_a_short_title_beside_a_link_keeps_the_names_it_holds(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    # a table row's "SKT KoGPT2" is an organisation and a model, not a work's title
    text = "| Model | Link |\n|---|---|\n| SKT KoGPT2 | [link](https://huggingface.co/skt/kogpt2-base-v2) |\n"
    assert [(line, surface) for line, surface, _ in _named(tmp_path, text, gazetteer)] == [
        (3, "SKT"),
        (3, "KoGPT2"),
    ]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "**T**. *Xu Han, Zhengyan Zhang and Ning Ding*. ACL",
            "*Xu Han, Zhengyan Zhang and Ning Ding*",
        ),
        ("> - *Clara Quill et al., EMNLP 2020*", "*Clara Quill et al., EMNLP 2020*"),
        ("_Matthew E. Peters, Betty van Aken_", "_Matthew E. Peters, Betty van Aken_"),
        ("*R. Mihalcea, P. Tarau*<br/>", "*R. Mihalcea, P. Tarau*"),
        ("We read *Deep Learning* twice.", None),  # a book's title in italics
        ("*BERT, GPT and ELMo* compared", None),  # names, not people
    ],
)
def test_an_italic_list_of_people_is_an_author_list(text: str, people: str | None) -> None:
    found = [text[a:b] for a, b in find_author_lists(text)]
    assert found == ([people] if people else [])


def test_the_people_who_wrote_a_reference_are_not_resources(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    # "Sebastian Ruder" on his own names his blog; in an author list he is a person
    text = (
        "5. **Universal Language Model Fine-tuning for Text Classification**. *Jeremy Howard "
        "and Sebastian Ruder*. ACL 2018. [[pdf](https://aclanthology.org/P18-1031.pdf)]\n"
        "I follow Sebastian Ruder for NLP news.\n"
    )
    assert [(line, surface) for line, surface, _ in _named(tmp_path, text, gazetteer)] == [
        (1, "Universal Language Model Fine-tuning for Text Classification"),  # ULMFiT's title
        (2, "Sebastian Ruder"),
    ]


def test_a_preprint_server_named_as_a_references_venue_is_not_a_mention(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "- Mikolov, T. et al. (2013). Efficient Estimation of Word Representations. "
        "arXiv preprint arXiv:1301.3781.\n"
        "Papers are on arXiv first.\n"
    )
    named = _named(tmp_path, text, gazetteer)
    assert (2, "arXiv", "name") in named
    assert not [m for m in named if m[0] == 1 and m[1] == "arXiv"]


def test_a_preprint_server_as_a_venue_in_brackets_or_a_papers_row_is_not_a_mention(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "- **Quill Graphs for Sparse Note Classification (ArXiv 2020)**\n"
        "  - [[Paper]](https://arxiv.org/abs/2003.00001)\n"
        "| 2019 | Quill Survey of the Notes | Ada Quill | arXiv | [PDF](https://arxiv.org/pdf/1908.00001.pdf) |\n"
        "| Udacity | [A/B Testing](https://www.udacity.com/course/ab-testing--ud257) |\n"
        "Papers are on arXiv first.\n"
    )
    sites = [(line, surface) for line, surface, _ in _named(tmp_path, text, gazetteer)]
    assert (5, "arXiv") in sites and (4, "Udacity") in sites  # prose; a course's platform
    assert not [s for s in sites if s[0] in (1, 3) and s[1].lower() == "arxiv"]


def test_a_licence_named_after_an_institute_is_no_mention_of_it(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "Released under the MIT License; 이 코드는 MIT-0 라이선스를 따른다.\n"
        "[MIT](https://github.com/quill/notes/blob/master/LICENSE)\n"
        "| Model | License |\n|---|---|\n| QuillBERT | MIT |\n| TernLM | Google (Apache 2.0) |\n"
        "MIT 연구진이 발표했다.\n"
    )
    orgs = _organisations(tmp_path, text, gazetteer)
    assert orgs == [(6, "Google"), (7, "MIT")]


def test_an_affiliation_in_brackets_with_its_year_is_no_mention_of_the_company(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "- [QIN] Quill Interest Network for Note Prediction (Alibaba 2018)\n"
        "- [TDN] Tern Deep Notes [Google 2016]\n"
        "Google released it in 2016.\n"
        "- word2quill (Google, 2013), TernVec (Alibaba, 2014)\n"
        "- Sparse Quill Routing - Google, NeurIPS 2019\n"
        "Models from Google, 2021 were good.\n"
    )
    orgs = _organisations(tmp_path, text, gazetteer)
    assert orgs == [(3, "Google"), (6, "Google")]


def test_a_references_last_field_is_its_venue_not_a_mention(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "- Efficient Quill Routing with Mixture of Notes, *arXiv 2022*\n"
        "- Redmon & Tern (2018). Quill Nets: An Incremental Improvement. arXiv.\n"
        "- Kim, Lee. Quill Attention. In arXiv, 2021.\n"
        "I read it on arXiv. Check GitHub, arXiv.\n"
        "Papers are on arXiv first.\n"
        '- **QuillCoT**: "Chains of Quills", *arXiv, Mar 2022*. [[Paper](https://example.org/q)]\n'
        "- arXiv 2022 has more quills than 2021 did\n"
    )
    sites = [(line, surface) for line, surface, _ in _named(tmp_path, text, gazetteer)]
    assert [s for s in sites if s[1] == "arXiv"] == [
        (4, "arXiv"),
        (4, "arXiv"),
        (5, "arXiv"),
        (7, "arXiv"),
    ]


def test_a_surveys_title_that_opens_with_a_technique_is_not_the_techniques(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    # "BERT: Pre-training of …" is BERT's title; "AutoML: A Survey of …" is a survey's own
    text = "+ 2019 | AutoML: A Survey of the Notes and the Quills | Ada Quill | [PDF](https://arxiv.org/pdf/1908.00001.pdf)\n"
    mentions = mentions_in(tmp_path, "refs.md", text, gazetteer)
    assert not [m for m in mentions if m.target.kind == "concept" and m.source != "topic"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a long title's last noun is its own; a short text's kind word is not
        (
            "Analyzing the Structure of Attention in a Transformer Language Model",
            "Analyzing the Structure of Attention in a Transformer Language Model",
        ),
        ("TaBERT: Pretraining for Joint Understanding of Tabular Data", None),
        ("KorNLU Dataset", None),  # a noun that may be the name's own stays
        ("KoBERT Model", None),
        ("KoBERT 논문", "KoBERT"),  # a word that says what kind of link it is goes
        ("Attention Is All You Need paper", "Attention Is All You Need"),
    ],
)
def test_a_titles_last_word_is_stripped_only_when_it_says_what_the_link_is(
    text: str, title: str | None
) -> None:
    assert clean_title(text) == (title or text)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # authors, then a title whose own dash is no gloss, then a venue and year
        (
            "- Ada Quill, et al. Same loss - different minima: A study of sharpness. "
            "ICLR 2021 https://example.org/sharp.pdf",
            "Same loss - different minima: A study of sharpness",
        ),
        # a venue and year after commas in the title's sentence
        (
            "- Ada Quill and Bo Tern. Student Modelling for Second Language Drills, System, "
            "2003. https://example.org/drills.pdf",
            "Student Modelling for Second Language Drills",
        ),
        # a year in brackets after a venue sentence
        (
            "- Ada Quill et al. A Model-based Approach to Learning Grammatical Constructions. "
            "Proceedings of the 30th Annual Meeting of the Society (2008) https://example.org/g.pdf",
            "A Model-based Approach to Learning Grammatical Constructions",
        ),
    ],
)
def test_a_reference_written_authors_first_titles_its_link(line: str, title: str) -> None:
    hits = find_urls(line)
    assert find_link_titles(line, hits) == {hits[0].start: title}


@pytest.mark.parametrize(
    "text",
    [
        'T. Quill et al., "Prioritized Replay of Things." arXiv preprint arXiv:1511.05952, 2015.',
        'van Quill et al., "Prioritized Replay of Things." arXiv preprint, 2015.',
        'R. S. Quill, "Prioritized Replay of Things." Machine learning, 3(1):9-44, 1988.',
        'A. Quill and B. Tern, "Prioritized Replay of Things," in Proc. ICML, 2015.',
        'Ada Quill: "Prioritized Replay of Things"',  # a talk: its speaker, its title
    ],
)
def test_a_citation_as_link_text_is_called_by_its_quoted_title(text: str) -> None:
    assert clean_title(text) == "Prioritized Replay of Things"


def test_html_comments_and_generic_texts_of_local_links_hold_no_names(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "<!-- ResNet 설치 관련 -->\n"
        "01. 실습 [[GitHub](01_dqn.py)] [[YouTube](#video)] [[ResNet notes](resnet.md)]\n"
    )
    # "GitHub" as the text of a link to a file says where the code is, like "code";
    # a local link whose text names something ("ResNet notes") still names it
    assert _named(tmp_path, text, gazetteer) == [(2, "ResNet", "name")]


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Understanding Quokka Networks - Ada's blog", "Ada's blog"),
        ("RAG 정리 | 쿼카노트", "쿼카노트"),
        ("A study of things - part two - Towards Quokka Science", "Towards Quokka Science"),
        ("Post :: **QuokkaHub**", "QuokkaHub"),
        ("Leaderboard - QuokkaQA 1.0", "QuokkaQA 1.0"),
        ("Lecture notes - Week 3", None),
        # an ordinary word, a number, a date, a generic link word, a long phrase: no site
        ("Part 1 - Introduction", None),
        ("Deep Learning - 2019", None),
        ("BERT 논문 리뷰 - 개요", None),
        ("Notes on attention - code", None),
        ("Title - a very long description of what the page holds", None),
        ("No separator at all", None),
    ],
)
def test_a_page_title_ending_on_its_site_names_the_site(
    gazetteer: Gazetteer, text: str, site: str | None
) -> None:
    span = site_after_title(text, gazetteer.loaded().common_words)
    assert (text[span[0] : span[1]] if span else None) == site


def test_the_site_a_link_text_ends_on_is_a_mention(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "- [Understanding Quokka Networks - Ada's blog](https://ada.example.org/posts/q)\n"
    assert _named(tmp_path, text, gazetteer) == [(1, "Ada's blog", "candidate")]


def test_a_bold_nickname_closing_a_reference_names_its_model() -> None:
    text = (
        "27. **Fusion of Quokka Objects in Text**. *Ada Quill, Bo Tern*. EMNLP 2019. "
        "[[pdf](https://arxiv.org/pdf/1908.05054.pdf)] (**Q2T2**)\n"
        "28. **Another Paper**. Preprint. (**Pre-trained seq2seq**)\n"
        "Prose (**not at the end**) of a line.\n"
    )
    assert [
        (h.name, h.kind)
        for h in find_candidates(text)
        if h.name in ("Q2T2", "Pre-trained seq2seq", "not at the end")
    ] == [
        ("Q2T2", "model"),
        ("Pre-trained seq2seq", "model"),
    ]
