"""Techniques and fields are topics of notes and resources, not rows of the reading list
(issue #14, "concepts are topics"). Examples written here, not taken from any labelled set."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from typer.testing import CliRunner

from .conftest import REPO, extract, rows, write_note

runner = CliRunner()


def test_techniques_used_in_passing_are_topics_not_resources(
    notes_dir: Path, tmp_path: Path
) -> None:
    write_note(
        notes_dir,
        "train.md",
        "# 학습 정리\n"
        "ResNet 을 Transfer Learning 으로 가져와서 SGD 로 학습했다.\n"
        "Backpropagation 은 자동미분이 해준다. SGD 의 learning rate 는 0.1.\n"
        "ConvNet 과 CNN 은 같은 말이다.\n"
        "```python\noptimizer = SGD(lr=0.1)  # code is not prose\n```\n",
    )
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    kinds = dict(rows(db_path, "select name, kind from resources"))
    assert "ResNet" in kinds
    assert not {"SGD", "Transfer Learning", "Backpropagation", "ConvNet", "CNN"} & set(kinds)
    assert "concept" not in kinds.values()
    assert rows(db_path, "select topic, line, count from topics order by topic") == [
        ("Backpropagation", 3, 1),
        ("Convolutional Neural Network", 4, 2),
        ("SGD", 2, 2),
        ("Transfer Learning", 2, 1),
    ]
    (note_topics,) = rows(db_path, "select topics from notes")[0]
    assert json.loads(str(note_topics)) == [
        "Backpropagation",
        "Convolutional Neural Network",
        "SGD",
        "Transfer Learning",
    ]
    (resnet_topics,) = rows(db_path, "select topics from resources where name = 'ResNet'")[0]
    assert json.loads(str(resnet_topics)) == [
        "Backpropagation",
        "Convolutional Neural Network",
        "SGD",
        "Transfer Learning",
    ]


def test_a_technique_the_note_points_at_as_a_work_stays_a_resource(
    notes_dir: Path, tmp_path: Path
) -> None:
    write_note(notes_dir, "a.md", "- Backpropagation 논문을 읽자\n- the Backpropagation paper\n")
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    assert rows(db_path, "select name, kind from resources") == [("Backpropagation", "paper")]
    assert rows(db_path, "select count(*) from topics") == [(0,)]


def test_optimisers_and_layers_used_in_passing_are_topics_but_their_works_are_papers(
    notes_dir: Path, tmp_path: Path
) -> None:
    # The labelling guide's own line: "Adam or dropout mentioned only as something used"
    # is a topic; the note pointing at the work (its title, its address, "the … paper")
    # makes it a paper.
    write_note(
        notes_dir,
        "a.md",
        "Adam 으로 학습하고 Dropout 과 Batch Normalization 을 넣었다.\n"
        "Adam: A Method for Stochastic Optimization 을 다시 읽었다.\n"
        "Dropout 은 arXiv:1207.0580 에서 처음 나왔다.\n"
        "the Layer Normalization paper\n",
    )
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    assert sorted(rows(db_path, "select name, kind from resources")) == [
        ("Adam", "paper"),
        ("Improving neural networks by preventing co-adaptation of feature detectors", "paper"),
        ("Layer Normalization", "paper"),
    ]
    assert rows(db_path, "select topic, line from topics order by topic") == [
        ("Adam", 1),
        ("Batch Normalization", 1),
        ("Dropout", 1),
    ]


def test_named_methods_used_in_passing_are_topics_too(notes_dir: Path, tmp_path: Path) -> None:
    # Reinforcement-learning algorithms, fine-tuning and prompting methods are techniques,
    # as the labelling guide's Adam is: topics in passing, papers when the note points at
    # their work.
    write_note(
        notes_dir,
        "a.md",
        "PPO 로 정책을 학습하고 LoRA 로 미세조정했다. ReAct 처럼 도구를 부른다.\n"
        "오늘은 the LoRA paper 를 읽었다.\n",
    )
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    assert rows(db_path, "select name, kind from resources") == [("LoRA", "paper")]
    assert rows(db_path, "select topic from topics order by topic") == [
        ("LoRA",),
        ("PPO",),
        ("ReAct prompting",),
    ]


def test_a_model_family_named_in_passing_is_a_topic_its_first_paper_a_resource(
    notes_dir: Path, tmp_path: Path
) -> None:
    # The guide's "GAN as a family": GANs and VAEs in passing are what the note is about;
    # the paper that named the family, pointed at, is a resource (and DCGAN a model).
    write_note(
        notes_dir,
        "a.md",
        "GAN 과 VAE 로 이미지를 생성한다. DCGAN 구조를 따랐다.\n"
        "GAN 논문 (Goodfellow et al., 2014) 을 다시 읽었다.\n",
    )
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    assert rows(db_path, "select name, kind from resources order by name") == [
        ("DCGAN", "model"),
        ("Generative Adversarial Networks", "paper"),
    ]
    assert rows(db_path, "select topic from topics order by topic") == [
        ("Generative Adversarial Networks",),
        ("Variational Autoencoder",),
    ]


def test_tasks_and_classic_rl_methods_are_topics_not_guessed_papers(
    notes_dir: Path, tmp_path: Path
) -> None:
    # An acronym a survey is about ("Survey of MRC") was guessed as a paper and then found
    # again on every line; tasks and fields are what notes are about, not things to read.
    write_note(
        notes_dir,
        "s.md",
        "# Survey of MRC\n- MRC has received attention; NER and NLI too.\n"
        "- 기계 독해와 개체명 인식, SARSA 와 REINFORCE 를 정리했다.\n"
        "- KorQuAD is an MRC dataset.\n",
    )
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    assert rows(db_path, "select name, kind from resources") == [("KorQuAD", "dataset")]
    assert rows(db_path, "select topic, count from topics order by topic") == [
        ("Machine Reading Comprehension", 4),
        ("Named Entity Recognition", 2),
        ("Natural Language Inference", 1),
        ("REINFORCE", 1),
        ("SARSA", 1),
    ]


def test_a_title_that_is_only_the_techniques_name_is_no_sign_of_the_work(
    notes_dir: Path, tmp_path: Path
) -> None:
    # Layer Normalization's paper is titled "Layer Normalization": writing the technique's
    # name is not writing the title. "the … paper" still points at the work.
    write_note(
        notes_dir,
        "a.md",
        "They tried alternatives to Layer normalization in the decoder.\n"
        "Instance Normalization: The Missing Ingredient for Fast Stylization 을 읽었다.\n",
    )
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    assert rows(db_path, "select name, kind from resources") == [
        ("Instance Normalization", "paper")
    ]
    assert rows(db_path, "select topic, line from topics") == [("Layer Normalization", 1)]


def test_topics_follow_edits_and_deletions(notes_dir: Path, tmp_path: Path) -> None:
    note = write_note(notes_dir, "a.md", "ResNet 과 Cross-Validation\n")
    write_note(notes_dir, "b.md", "ResNet 을 Few-Shot Learning 에 썼다\n")
    db_path = tmp_path / "r.db"
    extract(notes_dir, db_path, "-q")
    query = "select topics from resources where name = 'ResNet'"
    assert json.loads(str(rows(db_path, query)[0][0])) == ["Cross-Validation", "Few-Shot Learning"]
    note.write_text("ResNet 만 남김\n", encoding="utf-8")
    extract(notes_dir, db_path, "-q")
    assert json.loads(str(rows(db_path, query)[0][0])) == ["Few-Shot Learning"]
    assert rows(db_path, "select note_path, topic from topics") == [("b.md", "Few-Shot Learning")]
    (notes_dir / "b.md").unlink()
    extract(notes_dir, db_path, "-q")
    assert rows(db_path, query) == [(None,)]
    assert rows(db_path, "select count(*) from topics") == [(0,)]


def test_topics_are_facets_in_datasette(notes_dir: Path, tmp_path: Path) -> None:
    write_note(notes_dir, "a.md", "ResNet 을 Transfer Learning 으로\n")
    write_note(notes_dir, "b.md", "BERT 도 Transfer Learning\n")
    db_path = tmp_path / "readlist.db"
    extract(notes_dir, db_path, "-q")
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette([str(db_path)], metadata=metadata)

    async def get(path: str) -> Any:
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text[:300]
        return response.json()

    resources = asyncio.run(get("/readlist/resources.json"))
    facet = resources["facet_results"]["topics"]
    assert {(v["value"], v["count"]) for v in facet["results"]} == {("Transfer Learning", 2)}
    notes = asyncio.run(get("/readlist/notes.json?_facet_array=topics"))
    assert notes["facet_results"]["topics"]["results"][0]["count"] == 2
    about = asyncio.run(get("/readlist/topics.json?topic=Transfer+Learning&_shape=array"))
    assert sorted(r["note_path"] for r in about) == ["a.md", "b.md"]
