"""The harvested gazetteer's builder (data/gazetteer/build/gazbuild): each parser on a short
excerpt written here in its source's real format, the merge rule, a build from a small bare
repository made by the test, and the shape of the committed entries.jsonl. No test reads the
source snapshots."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import (
    arxivjson,
    bibreadme,
    ganzoo,
    hfdocs,
    lmeval,
    mdlist,
    nlpprogress,
    openmmlab,
    timm,
)
from gazbuild.build import build, load_sources
from gazbuild.merge import merge_records
from gazbuild.records import Record, find_arxiv, find_doi, fold, is_junk, name_from_title
from gazbuild.snapshot import BuildError

HARVESTED = REPO / "data" / "gazetteer" / "harvested"
COMMIT = "0" * 40


def _fields(records: Any) -> list[tuple[Any, ...]]:
    return [(r.name, r.kind, r.title, r.arxiv, r.doi, r.year) for r in records]


# --- shared helpers -----------------------------------------------------------------------


def test_ids_from_links() -> None:
    assert find_arxiv("[pdf](https://arxiv.org/pdf/1512.03385v2.pdf)") == "1512.03385"
    assert find_arxiv("[BERT](https://huggingface.co/papers/1810.04805)") == "1810.04805"
    assert find_arxiv("eprint    = {2010.11929},") == "2010.11929"
    assert find_arxiv("arXiv:hep-th/9901001") is None  # only links give old-style ids
    assert find_arxiv("https://arxiv.org/abs/hep-th/9901001") == "hep-th/9901001"
    assert find_doi("[acm](https://dl.acm.org/doi/10.1145/3292500.3330925)") == (
        "10.1145/3292500.3330925"
    )
    assert (
        find_doi("https://doi.org/10.1016/j.aiopen.2021.01.001)") == "10.1016/j.aiopen.2021.01.001"
    )


def test_junk_names() -> None:
    assert is_junk("") and is_junk("X") and is_junk("2019") and is_junk("[Paper]")
    assert is_junk("https://example.org") and is_junk("Paper") and is_junk("code")
    assert is_junk(" ".join(["word"] * 13))
    assert not is_junk(" ".join(["word"] * 13), is_title=True)
    assert not is_junk("T5") and not is_junk("KoBERT") and not is_junk("CoNLL 2003")


def test_coined_names_from_titles() -> None:
    assert name_from_title("DreamBooth: Fine Tuning Text-to-Image Diffusion Models") == "DreamBooth"
    assert name_from_title("BERT: Pre-training of Deep Bidirectional Transformers") == "BERT"
    assert name_from_title("YOLOv3: An Incremental Improvement") == "YOLOv3"
    assert name_from_title("Diffusion Models: A Comprehensive Survey") is None
    assert name_from_title("Survey: Something") is None
    assert name_from_title("Attention Is All You Need") is None
    assert fold("Res-Net 50") == fold("resnet50") == "resnet50"


# --- parsers ------------------------------------------------------------------------------

AWESOME_TRANSFORMER = """\
## Image Classification / Backbone
#### Efficient Vision Transformer
* **DeiT**: "Training data-efficient image transformers & distillation through attention", ICML, 2021 (*Facebook*). [[Paper](https://arxiv.org/abs/2012.12877)][[PyTorch](https://github.com/facebookresearch/deit)]
    * **SG-ViT**: "Scene-Graph ViT: End-to-End Open-Vocabulary Visual Relationship Detection", arXiv, 2024 (*DeepMind*). [[Paper](https://arxiv.org/abs/2403.14270)]
* "Efficiency 360: Efficient Vision Transformers", arXiv, 2023 (*IBM*). [[Paper](https://arxiv.org/abs/2302.08374)]
* **NoPaper**: "A method with no link", arXiv, 2023.
"""


def test_mdlist_quoted_titles_and_short_names() -> None:
    options = {"kind": "paper", "tags": ["transformer"], "require_id": True}
    records = list(mdlist.parse_file("README.md", AWESOME_TRANSFORMER, options))
    assert _fields(records) == [
        (
            "DeiT",
            "paper",
            "Training data-efficient image transformers & distillation through attention",
            "2012.12877",
            None,
            2021,
        ),
        (
            "SG-ViT",
            "paper",
            "Scene-Graph ViT: End-to-End Open-Vocabulary Visual Relationship Detection",
            "2403.14270",
            None,
            2024,
        ),
        (
            "Efficiency 360: Efficient Vision Transformers",
            "paper",
            "Efficiency 360: Efficient Vision Transformers",
            "2302.08374",
            None,
            2023,
        ),
    ]
    assert records[0].tags == ("transformer", "efficient", "vision")
    assert records[0].url == "https://arxiv.org/abs/2012.12877"
    assert not records[2].named  # two words before the colon: not a coined name


DIFFUSION = """\
### Image Generation

**Denoising Diffusion Probabilistic Models** \\
*Jonathan Ho, Ajay Jain, Pieter Abbeel* \\
NeurIPS 2020. [[Paper](https://arxiv.org/abs/2006.11239)] [[Github](https://github.com/hojonathanho/diffusion)] \\
19 Jun 2020

**GLIDE: Towards Photorealistic Image Generation and Editing with Text-Guided Diffusion Models** \\
*Alex Nichol et al.* \\
arXiv 2021. [[Paper](https://arxiv.org/abs/2112.10741)] \\
20 Dec 2021
"""


def test_mdlist_bold_titles() -> None:
    records = list(mdlist.parse_file("README.md", DIFFUSION, {"require_id": True}))
    assert _fields(records) == [
        (
            "Denoising Diffusion Probabilistic Models",
            "paper",
            "Denoising Diffusion Probabilistic Models",
            "2006.11239",
            None,
            2020,
        ),
        (
            "GLIDE",
            "paper",
            "GLIDE: Towards Photorealistic Image Generation and Editing with Text-Guided Diffusion Models",
            "2112.10741",
            None,
            2021,
        ),
    ]
    assert [r.named for r in records] == [False, True]


AWESOME_LLM = """\
## Milestone Papers

|  Date  |       keywords       |    Institute    | Paper |
| :-----: | :------------------: | :--------------: | :---- |
| 2017-06 |     Transformers     |      Google      | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) |
| 2022-01 |        LaMDA         |      Google      | [LaMDA: Language Models for Dialog Applications](https://arxiv.org/pdf/2201.08239.pdf) |
| 2023-03 |        GPT 4         |      OpenAI      | [GPT-4 Technical Report](https://openai.com/research/gpt-4) |
"""


def test_mdlist_table_with_name_column() -> None:
    options = {"name_column": "keywords", "title_column": "paper", "require_id": True}
    records = list(mdlist.parse_file("README.md", AWESOME_LLM, options))
    assert _fields(records) == [
        ("Transformers", "paper", "Attention Is All You Need", "1706.03762", None, 2017),
        (
            "LaMDA",
            "paper",
            "LaMDA: Language Models for Dialog Applications",
            "2201.08239",
            None,
            2022,
        ),
    ]


KOREAN_DATA = """\
## 1. Benchmark studies

|Dataset|Typical Usage|Provider|Docu.|License|Redist|mod-x|Volume|
|:---|:---|:---:|:---:|:---:|:---:|:---:|:---|
|[KLUE](https://klue-benchmark.com/)|Benchmark studies|Industry|int'l|all|rd|0|DP - 15K (s)|
|[KMMLU](https://huggingface.co/datasets/HAERAE-HUB/KMMLU)|LLM benchmark|Academia|int'l|all|rd|0|35K MCQs|
"""


def test_mdlist_linked_names_in_a_table() -> None:
    options = {"kind": "dataset", "tags": ["korean"], "name_column": "Dataset", "years": False}
    records = list(mdlist.parse_file("README.md", KOREAN_DATA, options))
    assert [(r.name, r.kind, r.url, r.tags) for r in records] == [
        ("KLUE", "dataset", "https://klue-benchmark.com/", ("korean", "benchmark")),
        (
            "KMMLU",
            "dataset",
            "https://huggingface.co/datasets/HAERAE-HUB/KMMLU",
            ("korean", "benchmark"),
        ),
    ]


KOREAN_TOOLS = """\
## 1. Tools
### 1.7. Packages
- KoNLPy (Python) [[link](http://konlpy.org)] [[paper](http://dmlab.snu.ac.kr/~lucypark/docs/2014-10-10-hclt.pdf)]
- [Kiwi](https://github.com/bab2min/Kiwi)
## 2. Dataset
- NSMC [[link](https://github.com/e9t/nsmc)]
## 3. Blogs / Slides / Researchers
- Some blog [[link](https://example.org)]
"""


def test_mdlist_item_names_with_section_kinds() -> None:
    options = {
        "kind": "tool",
        "item_names": True,
        "years": False,
        "kinds": {"Dataset": "dataset"},
        "skip_sections": "Blog",
    }
    records = list(mdlist.parse_file("README.md", KOREAN_TOOLS, options))
    assert [(r.name, r.kind, r.url) for r in records] == [
        ("KoNLPy", "tool", "http://konlpy.org"),
        ("Kiwi", "tool", "https://github.com/bab2min/Kiwi"),
        ("NSMC", "dataset", "https://github.com/e9t/nsmc"),
    ]


def test_mdlist_title_pattern() -> None:
    text = (
        "| **Paper**  | **Links** |\n| ------------- | ------------- |\n"
        "| 2) MEM1  This work introduces MEM1, an RL framework. | [Paper](https://arxiv.org/abs/2506.15841), [Tweet](https://x.com/omarsar0/status/1) |\n"
    )
    options = {
        "require_id": True,
        "years": False,
        "title_pattern": r"^\|\s*\d+\)\s*(?P<title>[^|]{2,160}?)(?:\s{2,}|\s*\|)",
    }
    records = list(mdlist.parse_file("README.md", text, options))
    assert _fields(records) == [("MEM1", "paper", "MEM1", "2506.15841", None, None)]


GANS_TSV = (
    "Year\tMonth\tAbbr.\tTitle\tArxiv\tOfficial_Code\tWatches\tStars\tForks\n"
    "2014\t6\tGAN\tGenerative Adversarial Networks\thttps://arxiv.org/abs/1406.2661\t-\t\t\t\n"
    "2017\t1\t-\tWasserstein GAN\thttps://arxiv.org/abs/1701.07875v3\t-\t\t\t\n"
)


def test_gan_zoo() -> None:
    records = list(ganzoo.parse_file("gans.tsv", GANS_TSV, {}))
    assert _fields(records) == [
        ("GAN", "model", "Generative Adversarial Networks", "1406.2661", None, 2014),
        ("Wasserstein GAN", "model", "Wasserstein GAN", "1701.07875", None, 2017),
    ]
    assert [r.named for r in records] == [True, False]


NLP_PROGRESS = """\
# Question answering

### Table of contents

- [SQuAD](#squad)

## Reading comprehension

Most current question answering datasets frame the task as reading comprehension.

### ShARC

[ShARC](https://arxiv.org/abs/1809.01494) is a challenging QA dataset that requires logical reasoning.

### SQuAD

The [Stanford Question Answering Dataset (SQuAD)](https://arxiv.org/abs/1606.05250) is a reading comprehension dataset.

| Model           | EM  |  F1 | Paper / Source | Code |
| ------------- | :-----:| :-----:| --- | --- |
| BERT (Devlin et al., 2018) | 85.1 | 91.8 | [BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding](https://arxiv.org/abs/1810.04805) | |
| BiDAF + Self Attention (Clark and Gardner, 2017) | 72.1 | 81.1 | [Simple and Effective Multi-Paragraph Reading Comprehension](https://arxiv.org/abs/1710.10723) | |
| Logistic regression (Rajpurkar et al., 2016) | 40.4 | 51.0 | [SQuAD: 100,000+ Questions for Machine Comprehension of Text](http://aclweb.org/anthology/D16-1264) | |

### Other results

| Model | Score | Paper |
| --- | --- | --- |
"""


def test_nlp_progress_datasets_and_papers() -> None:
    records = list(nlpprogress.parse_file("english/question_answering.md", NLP_PROGRESS, {}))
    assert _fields(records) == [
        ("ShARC", "dataset", None, "1809.01494", None, None),
        ("SQuAD", "dataset", None, "1606.05250", None, None),
        (
            "BERT",
            "paper",
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "1810.04805",
            None,
            2018,
        ),
        (
            "Simple and Effective Multi-Paragraph Reading Comprehension",
            "paper",
            "Simple and Effective Multi-Paragraph Reading Comprehension",
            "1710.10723",
            None,
            2017,
        ),
        (
            "SQuAD",
            "paper",
            "SQuAD: 100,000+ Questions for Machine Comprehension of Text",
            None,
            None,
            2016,
        ),
    ]
    assert records[0].tags == ("nlp",)
    assert records[4].url == "http://aclweb.org/anthology/D16-1264"


METAFILE = """\
Collections:
  - Name: ResNet
    Metadata:
      Training Data: ImageNet-1k
    Paper:
      URL: https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html
      Title: "Deep Residual Learning for Image Recognition"
    README: configs/resnet/README.md
Models:
  - Name: resnet18_8xb16_cifar10
    In Collection: ResNet
"""
README = """\
# ResNet

> [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)

## Results and models

See also [ResNeXt](https://arxiv.org/abs/1611.05431).
"""


def test_openmmlab_metafile_with_readme() -> None:
    def read(path: str) -> str | None:
        return README if path == "configs/resnet/README.md" else None

    records = list(
        openmmlab.parse_file(
            "configs/resnet/metafile.yml", METAFILE, {"tags": ["vision"]}, read=read
        )
    )
    assert _fields(records) == [
        (
            "ResNet",
            "model",
            "Deep Residual Learning for Image Recognition",
            "1512.03385",
            None,
            None,
        )
    ]
    assert records[0].tags == ("vision",)


TIMM_DOC = """\
# (Legacy) SE-ResNeXt

**SE ResNeXt** is a variant of a ResNeXt that employs squeeze-and-excitation blocks.

## Citation

```BibTeX
@misc{hu2019squeezeandexcitation,
      title={Squeeze-and-Excitation Networks},
      author={Jie Hu and Li Shen},
      year={2019},
      eprint={1709.01507},
      archivePrefix={arXiv},
}
```

<!--
Type: model-index
Collections:
- Name: Legacy SE ResNeXt
  Paper:
    Title: Squeeze-and-Excitation Networks
    URL: https://paperswithcode.com/paper/squeeze-and-excitation-networks
-->
"""


def test_timm_docs() -> None:
    records = list(timm.parse_file("hfdocs/source/models/legacy-se-resnext.mdx", TIMM_DOC, {}))
    assert _fields(records) == [
        ("SE-ResNeXt", "model", "Squeeze-and-Excitation Networks", "1709.01507", None, 2019)
    ]
    assert records[0].aliases == ("Legacy SE ResNeXt",)


HF_DOC = """\
<!--Copyright 2020 The HuggingFace Team. All rights reserved.
-->
*This model was released on 2020-10-22 and added to Hugging Face Transformers on 2021-04-01.*

# Vision Transformer (ViT)

[Vision Transformer (ViT)](https://huggingface.co/papers/2010.11929) is a transformer adapted for computer vision tasks.
"""
HF_DOC_OLD = """\
# ResNet

## Overview

The ResNet model was proposed in [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385) by Kaiming He.
"""


def test_transformers_model_docs() -> None:
    records = [
        *hfdocs.parse_file("docs/source/en/model_doc/vit.md", HF_DOC, {}),
        *hfdocs.parse_file("docs/source/en/model_doc/resnet.md", HF_DOC_OLD, {}),
    ]
    assert _fields(records) == [
        ("ViT", "model", None, "2010.11929", None, 2020),
        (
            "ResNet",
            "model",
            "Deep Residual Learning for Image Recognition",
            "1512.03385",
            None,
            None,
        ),
    ]
    assert records[0].aliases == ("Vision Transformer",)


LM_EVAL = """\
# HellaSwag

### Paper

Title: `HellaSwag: Can a Machine Really Finish Your Sentence?`

Abstract: https://arxiv.org/abs/1905.07830

Homepage: `https://rowanzellers.com/hellaswag/`

### Citation

```
@inproceedings{zellers2019hellaswag,
    title={HellaSwag: Can a Machine Really Finish Your Sentence?},
    year={2019}
}
```
"""


def test_lm_eval_task_readme() -> None:
    records = list(lmeval.parse_file("lm_eval/tasks/hellaswag/README.md", LM_EVAL, {}))
    assert _fields(records) == [
        (
            "HellaSwag",
            "dataset",
            "HellaSwag: Can a Machine Really Finish Your Sentence?",
            "1905.07830",
            None,
            2019,
        )
    ]
    assert records[0].tags == ("benchmark",)


PAPER_README = """\
# KGAT: Knowledge Graph Attention Network for Recommendation

```
@inproceedings{kgat_kdd19,
    title = {KGAT: Knowledge Graph Attention Network for Recommendation},
    year = {2019},
}
```

links
- [acm](https://dl.acm.org/doi/10.1145/3292500.3330989)
- [code](https://github.com/xiangwang1223/knowledge_graph_attention_network)
"""


def test_paper_readme_with_bibtex() -> None:
    records = list(
        bibreadme.parse_file(
            "conference-publications/folders/years/2019/x/kgat/README.md",
            PAPER_README,
            {"tags": ["graph"]},
        )
    )
    assert _fields(records) == [
        (
            "KGAT",
            "paper",
            "KGAT: Knowledge Graph Attention Network for Recommendation",
            None,
            "10.1145/3292500.3330989",
            2019,
        )
    ]
    assert records[0].url == "https://doi.org/10.1145/3292500.3330989"


def test_arxiv_json() -> None:
    text = json.dumps(
        {
            "url": "http://arxiv.org/abs/2406.10729v3",
            "title": "A Comprehensive Survey of Foundation Models in Medicine",
            "year": 2024,
            "abstract": "…",
        }
    )
    records = list(arxivjson.parse_file("AI_Healthcare/a_survey.json", text, {}))
    assert _fields(records) == [
        (
            "A Comprehensive Survey of Foundation Models in Medicine",
            "paper",
            "A Comprehensive Survey of Foundation Models in Medicine",
            "2406.10729",
            None,
            2024,
        )
    ]


# --- merge --------------------------------------------------------------------------------


def _record(name: str, priority: int, **fields: Any) -> Record:
    fields.setdefault("kind", "paper")
    return Record(
        name=name, path="x.md", source=f"o/r{priority}@{COMMIT}:x.md", priority=priority, **fields
    )


def test_merge_same_arxiv_id_is_one_entry() -> None:
    entries, conflicts = merge_records(
        [
            _record(
                "DDPM",
                1,
                arxiv="2006.11239",
                title="Denoising Diffusion Probabilistic Models",
                tags=("diffusion",),
            ),
            _record(
                "Denoising Diffusion Probabilistic Models",
                2,
                arxiv="2006.11239",
                named=False,
                year=2020,
            ),
            _record("D-D-P-M", 3, arxiv="2006.11239"),  # folds like DDPM: no alias needed
        ]
    )
    assert entries == [
        {
            "name": "DDPM",
            "kind": "paper",
            "title": "Denoising Diffusion Probabilistic Models",
            "arxiv": "2006.11239",
            "year": 2020,
            "url": "https://arxiv.org/abs/2006.11239",
            "tags": ["diffusion"],
            "sources": [f"o/r1@{COMMIT}:x.md", f"o/r2@{COMMIT}:x.md", f"o/r3@{COMMIT}:x.md"],
        }
    ]
    assert conflicts == []


def test_merge_spelling_variants_and_names_without_ids() -> None:
    entries, _ = merge_records(
        [
            _record("SQuAD", 2, kind="dataset", url="https://rajpurkar.github.io/SQuAD-explorer/"),
            _record(
                "SQuAD",
                1,
                arxiv="1606.05250",
                title="SQuAD: 100,000+ Questions for Machine Comprehension of Text",
            ),
            _record("Ko-BERT", 4, kind="model"),
            _record("KoBERT", 3, kind="model"),
        ]
    )
    assert [(e["name"], e["kind"], e.get("arxiv"), len(e["sources"])) for e in entries] == [
        ("KoBERT", "model", None, 2),
        ("SQuAD", "dataset", "1606.05250", 2),  # a paper yields its kind to a dataset
    ]


def test_merge_a_name_in_lower_case_is_shown_as_another_source_capitalises_it() -> None:
    entries, _ = merge_records(
        [
            _record("ternbase", 1, kind="tool", url="https://github.com/quill/ternbase"),
            _record("Ternbase", 2, kind="tool"),
            _record("quillkit", 3, kind="tool"),  # no other spelling: as it is
        ]
    )
    assert [(e["name"], e.get("aliases")) for e in entries] == [
        ("quillkit", None),
        ("Ternbase", ["ternbase"]),
    ]


def test_merge_one_name_two_ids_goes_to_the_earlier_source() -> None:
    entries, conflicts = merge_records(
        [
            _record(
                "CoBra",
                2,
                arxiv="2403.08801",
                title="CoBra: Complementary Branch Fusing Class and Semantic Knowledge",
            ),
            _record(
                "Cobra",
                1,
                arxiv="2403.14520",
                title="Cobra: Extending Mamba to Multi-Modal Large Language Model",
            ),
        ]
    )
    assert [(e["name"], e["arxiv"]) for e in entries] == [
        ("Cobra", "2403.14520"),
        ("CoBra: Complementary Branch Fusing Class and Semantic Knowledge", "2403.08801"),
    ]
    assert [(c.rule, c.name, c.winner) for c in conflicts] == [
        ("one name, two ids", "CoBra", "Cobra (2403.14520)")
    ]


def test_merge_one_id_two_unrelated_names_keeps_the_stronger() -> None:
    entries, conflicts = merge_records(
        [
            _record(
                "ResNet",
                1,
                arxiv="1512.03385",
                title="Deep Residual Learning for Image Recognition",
            ),
            _record("ResNeXt", 2, arxiv="1512.03385"),
            _record("ResNet-v1", 3, arxiv="1512.03385"),
        ]
    )
    assert [(e["name"], e.get("aliases")) for e in entries] == [("ResNet", ["ResNet-v1"])]
    assert [(c.rule, c.name, c.winner) for c in conflicts] == [
        ("one id, two names", "ResNeXt", "ResNet")
    ]


def test_merge_more_sources_agreeing_break_a_tie() -> None:
    entries, _ = merge_records(
        [
            _record("Alpha", 1, arxiv="2101.00001"),
            _record("AlphaNet", 1, arxiv="2101.00001"),
            _record("AlphaNet", 2, arxiv="2101.00001"),
        ]
    )
    assert entries[0]["name"] == "AlphaNet" and entries[0]["aliases"] == ["Alpha"]


def test_merge_journal_version_joins_the_preprint() -> None:
    entries, _ = merge_records(
        [
            _record(
                "Graph Attention Networks",
                1,
                arxiv="1710.10903",
                named=False,
                title="Graph Attention Networks",
            ),
            _record(
                "Graph attention networks",
                2,
                doi="10.1000/gat",
                named=False,
                title="Graph attention networks",
            ),
        ]
    )
    assert [(e["name"], e["arxiv"], len(e["sources"])) for e in entries] == [
        ("Graph Attention Networks", "1710.10903", 2)
    ]


# --- a whole build from a bare repository made here ---------------------------------------


def _git(*args: str, cwd: Path) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t.invalid",
        "HOME": str(cwd),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_build_reads_the_pinned_commit_only(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    _git("init", "-q", cwd=work)
    (work / "gans.tsv").write_text(GANS_TSV, encoding="utf-8")
    _git("add", ".", cwd=work)
    _git("commit", "-q", "-m", "one", cwd=work)
    pinned = _git("rev-parse", "HEAD", cwd=work)
    (work / "gans.tsv").write_text(
        GANS_TSV + "2017\t3\tLaterGAN\tA Later GAN\thttps://arxiv.org/abs/1703.00001\t-\t\t\t\n",
        encoding="utf-8",
    )
    _git("commit", "-q", "-am", "two", cwd=work)
    sources_dir = tmp_path / "sources"
    sources_dir.mkdir()
    _git("clone", "-q", "--bare", str(work), str(sources_dir / "someone+gan-zoo"), cwd=tmp_path)
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"- repo: someone/gan-zoo\n  commit: {pinned}\n  licence: MIT (LICENSE)\n"
        "  parser: ganzoo\n  paths: [gans.tsv]\n  taken: GAN names\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    summary = build(load_sources(config), sources_dir, out, allow_clone=False)
    assert summary == "2 entries from 2 records, 0 conflicts"
    lines = (out / "harvested" / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["GAN", "Wasserstein GAN"]
    assert json.loads(lines[0])["sources"] == [f"someone/gan-zoo@{pinned}:gans.tsv"]
    assert "| [someone/gan-zoo](https://github.com/someone/gan-zoo) |" in (
        out / "SOURCES.md"
    ).read_text(encoding="utf-8")
    with pytest.raises(BuildError, match="no snapshot of other/repo"):
        config.write_text(
            config.read_text(encoding="utf-8").replace("someone/gan-zoo", "other/repo"),
            encoding="utf-8",
        )
        build(load_sources(config), sources_dir, out, allow_clone=False)


def test_sources_file_is_complete() -> None:
    sources = load_sources(REPO / "data" / "gazetteer" / "build" / "sources.yaml")
    assert len(sources) >= 20
    assert len({s.repo for s in sources}) == len(sources)


# --- the committed files ------------------------------------------------------------------


def test_committed_entries_follow_the_format() -> None:
    kinds = {"paper", "model", "dataset", "book", "site", "org", "tool", "concept"}
    names: set[str] = set()
    lines = (HARVESTED / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 10_000
    previous = ""
    for line in lines:
        entry = json.loads(line)
        assert entry["kind"] in kinds and entry["sources"], line
        assert all(value not in (None, "", []) for value in entry.values()), line
        assert entry["name"].casefold() not in names, line
        names.add(entry["name"].casefold())
        assert previous <= entry["name"].casefold(), line
        previous = entry["name"].casefold()
        assert all("@" in s and len(s.split("@")[1].split(":")[0]) == 40 for s in entry["sources"])
    papers = [json.loads(line) for line in lines]
    papers = [e for e in papers if e["kind"] in ("paper", "model")]
    assert sum(("arxiv" in e or "doi" in e) for e in papers) >= 0.7 * len(papers)


def test_heading_marks_are_not_part_of_a_name() -> None:
    from gazbuild.records import clean_name

    assert clean_name("## Paper") == "Paper"
    assert clean_name("# Ensemble Adversarial Inception ResNet v2") == (
        "Ensemble Adversarial Inception ResNet v2"
    )


def test_merge_two_datasets_of_one_paper_keep_both_names() -> None:
    entries, _ = merge_records(
        [
            _record("WikiText-103", 1, arxiv="1609.07843"),
            _record("WikiText-2", 2, arxiv="1609.07843"),
        ]
    )
    assert [(e["name"], e.get("aliases")) for e in entries] == [("WikiText-103", ["WikiText-2"])]


NLP_PROGRESS_MORE = """# Dialogue

## Dialogue act classification

### Switchboard corpus

The Switchboard-1 corpus is a telephone speech corpus.

| Model | Accuracy | Paper / Source |
| --- | --- | --- |
| CRF-ASN (Chen et al., 2018) | 81.3 | [Dialogue Act Recognition via CRF-Attentive Structured Network](https://arxiv.org/abs/1711.05568) |

### MultiWOZ

#### Belief Tracking

| Model | Joint Accuracy | Paper / Source |
| --- | --- | --- |
| TRADE | 48.62 | [Transferable Multi-Domain State Generator](https://arxiv.org/abs/1905.08743) |

### Gigaword

| Model | ROUGE-1 | Paper / Source |
| --- | --- | --- |
| Foo | 39.1 | [A Paper](https://arxiv.org/abs/1905.00001) |

### Supervised

| Model | F1 | Paper / Source |
| --- | --- | --- |
| Bar | 70.1 | [B Paper](https://arxiv.org/abs/1905.00002) |
"""


def test_nlp_progress_datasets_with_results_below_or_named_in_one_word() -> None:
    records = list(nlpprogress.parse_file("english/dialogue.md", NLP_PROGRESS_MORE, {}))
    datasets = [r.name for r in records if r.kind == "dataset"]
    # "corpus" in lower case; results in a sub-section; one word that is no English word.
    assert datasets == ["Switchboard corpus", "MultiWOZ", "Gigaword"]  # not "Supervised"
