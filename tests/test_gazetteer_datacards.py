"""Dataset cards in the harvested gazetteer (gazbuild.datacards): the parser on short cards
written here in the shape of the Hugging Face dataset cards (a YAML header with
`pretty_name`, a "Dataset Description" list, a citation block), the rule that a paper
several cards cite is no dataset's, and datasets the shipped gazetteer now knows, found in a
note written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import datacards
from gazbuild.records import Record

TEMPLATE = "https://github.com/huggingface/datasets/blob/master/CONTRIBUTING.md#how-to-contribute"

CARD = """\
---
annotations_creators:
- expert-generated
language:
- ko
- en
pretty_name: "QuillBench: Questions over Lighthouse Logs"
task_categories:
- question-answering
task_ids:
- extractive-qa
---

# Dataset Card for "quill_bench"

## Dataset Description

- **Homepage:** [https://quillbench.example/](https://quillbench.example/)
- **Repository:** [More Information Needed]({TEMPLATE})
- **Paper:** [QuillBench: Reading Lighthouse Logs at Scale](https://arxiv.org/abs/2201.01234v2)
- **Point of Contact:** [More Information Needed]({TEMPLATE})

### Citation Information

```
@inproceedings{keeper2022quill,
  title={{QuillBench}: Reading Lighthouse Logs at Scale},
  author={Keeper, Ada},
  year={2022}
}
```
""".replace("{TEMPLATE}", TEMPLATE)


def _card(pretty: str | None, body: str = "") -> str:
    header = f"pretty_name: {pretty}\n" if pretty is not None else ""
    return f"---\n{header}task_categories:\n- text-classification\n---\n\n# Card\n\n{body}"


def _parse(ident: str, text: str) -> list[Record]:
    return list(datacards.parse_file(f"datasets/{ident}/README.md", text, {"kind": "dataset"}))


def test_a_card_names_its_dataset_and_its_paper() -> None:
    (record,) = _parse("quill_bench", CARD)
    assert (record.name, record.kind, record.url) == (
        "QuillBench",
        "dataset",
        "https://quillbench.example/",
    )
    # the id folds like the name (case and separators aside): no alias of its own
    assert record.aliases == ("QuillBench: Questions over Lighthouse Logs",)
    assert (record.arxiv, record.title, record.year) == (
        "2201.01234",
        "QuillBench: Reading Lighthouse Logs at Scale",
        2022,
    )
    assert record.tags == ("nlp", "korean")


def test_names_a_card_gives_and_those_it_does_not() -> None:
    # no pretty name but the id: the id names the dataset only when it is coined
    assert [r.name for r in _parse("lamp_qa2", _card("lamp_qa2"))] == ["lamp_qa2"]
    assert _parse("newsgroup", _card("newsgroup")) == []  # one word is a word
    assert _parse("poem_sentiment", _card(None)) == []  # ordinary words
    assert _parse("foggy", _card("More Information Needed")) == []
    # an ordinary word, a technique's abbreviation, a task, a loader of a file format
    assert _parse("foggy", _card("Emotion")) == []
    assert _parse("foggy", _card("NER")) == []
    assert _parse("foggy", _card("Few-Shot Relation Classification")) == []
    assert _parse("json", _card("JSON Files")) == []
    # "the X dataset" is X; a short form in brackets is the name, the long one an alias
    (eur,) = _parse("eurlex_small", _card("the EUR-Lex-Mini dataset"))
    assert (eur.name, eur.aliases) == ("EUR-Lex-Mini", ("eurlex_small",))
    (news,) = _parse("persian_mini_news", _card("Persian Mini News (PnMini)"))
    assert (news.name, news.aliases) == ("PnMini", ("Persian Mini News",))  # id: ordinary words
    (counted,) = _parse("news_270k", _card("Turkish News Categories (270K)"))
    assert counted.name == "Turkish News Categories"  # "270K" is no name
    # with no homepage, the dataset's page on the Hub
    assert counted.url == "https://huggingface.co/datasets/news_270k"


def test_only_a_cards_own_paper_gives_the_id() -> None:
    several = _card(
        "FogBench",
        "### Citation Information\n\n```\n"
        "@article{a, title={Subtask One}, journal={arXiv preprint arXiv:1805.11111}}\n"
        "@inproceedings{b, title={FogBench: A Benchmark}, year={2019}}\n```\n",
    )
    (record,) = _parse("fog_bench", several)
    assert (record.arxiv, record.title) == (None, None)
    one = several.replace(
        "@article{a, title={Subtask One}, journal={arXiv preprint arXiv:1805.11111}}\n", ""
    )
    one = one.replace("year={2019}", "eprint={1906.22222}, year={2019}")
    (record,) = _parse("fog_bench", one)
    assert (record.arxiv, record.title, record.year) == (
        "1906.22222",
        "FogBench: A Benchmark",
        2019,
    )


def _record(name: str, arxiv: str) -> Record:
    return Record(name=name, kind="dataset", path="x", arxiv=arxiv, title="T")


def test_a_paper_several_cards_cite_is_no_datasets() -> None:
    records = datacards.unshare_papers(
        [
            _record("YelpMini", "1509.01626"),
            _record("AmazonMini", "1509.01626"),
            _record("FogQA", "1806.03822"),
            _record("FogQA2.0", "1806.03822"),
            _record("LampQA", "2001.00001"),
        ]
    )
    assert [(r.name, r.arxiv) for r in records] == [
        ("YelpMini", None),
        ("AmazonMini", None),
        ("FogQA", "1806.03822"),  # its name begins the others': the paper is its
        ("FogQA2.0", None),
        ("LampQA", "2001.00001"),
    ]


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def test_harvested_datasets_are_found_in_a_note(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "# 감정 분류 스터디\n\n"
        "Baselines on TweetEval, then GoEmotions 데이터셋으로 fine-tuning.\n"
        "## Few-Shot Relation Classification\n"
        "Next week: hate speech, and the Emotion dataset from the course.\n"
    )
    found = [
        (m.surface, m.target.name, m.target.kind)
        for m in mentions_in(tmp_path, "emotion-week.md", text, gazetteer)
        if m.source == "name"
    ]
    assert found == [
        ("TweetEval", "TweetEval", "dataset"),
        ("GoEmotions", "GoEmotions", "dataset"),
    ]  # a task heading, a topic and an ordinary word are no datasets
