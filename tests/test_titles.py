"""Titles the notes give their links become the resources' names before enrich (issue #14).

Examples written here, in the forms people use; none is taken from the blind set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from readlist.entries import parse_common_words
from readlist.extract import find_mentions
from readlist.linktitles import find_link_titles
from readlist.names import load_gazetteer
from readlist.notes import Note, NotePath, read_note
from readlist.ranks import NameRank
from readlist.titles import clean_title
from readlist.urls import find_urls

from .conftest import FIXTURES, REPO, write_note


def _titles(text: str) -> dict[str, str]:
    """URL → the title the text gives it."""
    hits = find_urls(text)
    found = find_link_titles(text, hits)
    return {hit.url: found[hit.start] for hit in hits if hit.start in found}


@pytest.mark.parametrize(
    ("text", "url", "title"),
    [
        (
            "[Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)",
            "https://arxiv.org/abs/1512.03385",
            "Deep Residual Learning for Image Recognition",
        ),
        (
            "| [Big Bird: Transformers for Longer Sequences](https://arxiv.org/abs/2007.14062) "
            "| 2020 | [Official](https://github.com/google-research/bigbird) |",
            "https://arxiv.org/abs/2007.14062",
            "Big Bird: Transformers for Longer Sequences",
        ),
        (
            'See [1].\n\n[1]: https://aclanthology.org/N19-1423/ "BERT: Pre-training of Deep '
            'Bidirectional Transformers"',
            "https://aclanthology.org/N19-1423/",
            "BERT: Pre-training of Deep Bidirectional Transformers",
        ),
        (
            "We follow [Layer Normalization][ln].\n\n[ln]: https://arxiv.org/abs/1607.06450",
            "https://arxiv.org/abs/1607.06450",
            "Layer Normalization",
        ),
        (
            "- Neural Machine Translation by Jointly Learning to Align and Translate. Bahdanau, "
            "Cho, Bengio. ICLR 2015. [pdf](https://arxiv.org/pdf/1409.0473.pdf) "
            "[code](https://github.com/example/nmt)",
            "https://arxiv.org/pdf/1409.0473.pdf",
            "Neural Machine Translation by Jointly Learning to Align and Translate",
        ),
        (
            "* Sequence to Sequence Learning with Neural Networks (Sutskever et al., 2014) "
            "[[paper]](https://arxiv.org/abs/1409.3215)",
            "https://arxiv.org/abs/1409.3215",
            "Sequence to Sequence Learning with Neural Networks",
        ),
        (
            "- Distilling the Knowledge in a Neural Network: https://arxiv.org/abs/1503.02531",
            "https://arxiv.org/abs/1503.02531",
            "Distilling the Knowledge in a Neural Network",
        ),
        (
            "1. 딥러닝 용어 정리 - https://example-blog.kr/posts/terms",
            "https://example-blog.kr/posts/terms",
            "딥러닝 용어 정리",
        ),
        (
            "**Rethinking the Inception Architecture** https://arxiv.org/abs/1512.00567",
            "https://arxiv.org/abs/1512.00567",
            "Rethinking the Inception Architecture",
        ),
        (
            "### Going Deeper with Convolutions\nhttps://arxiv.org/abs/1409.4842\n",
            "https://arxiv.org/abs/1409.4842",
            "Going Deeper with Convolutions",
        ),
        (
            "| Densely Connected Convolutional Networks | 2017 | [논문](https://arxiv.org/abs/1608.06993) |",
            "https://arxiv.org/abs/1608.06993",
            "Densely Connected Convolutional Networks",
        ),
        (
            "- [StyleGAN 공식 코드](https://github.com/NVlabs/stylegan)",
            "https://github.com/NVlabs/stylegan",
            "StyleGAN",
        ),
        (
            "이전 구조[(Gated Linear Attention. Yang, Wang, Shen, et al. 2024)]"
            "(https://arxiv.org/abs/2312.06635)를 따른다",
            "https://arxiv.org/abs/2312.06635",
            "Gated Linear Attention",
        ),
        (
            "- [Neural Ordinary Differential Equations (Chen et al., 2018)]"
            "(https://arxiv.org/abs/1806.07366)",
            "https://arxiv.org/abs/1806.07366",
            "Neural Ordinary Differential Equations",
        ),
        (
            "* Ada Lovelace and Charles Babbage. Notes on an Analytical Engine for Sequence "
            "Models. JCL 2013. http://example.org/notes.pdf",
            "http://example.org/notes.pdf",
            "Notes on an Analytical Engine for Sequence Models",
        ),
        (
            "Grace B. Hopper. Compilers that Matter. ICML 2012. http://example.org/cm.pdf",
            "http://example.org/cm.pdf",
            "Compilers that Matter",
        ),
        (
            "* Alan Turing III. Surprisingly Easy Domain Transfer. ACL 2007. "
            "http://example.org/easy.pdf",
            "http://example.org/easy.pdf",
            "Surprisingly Easy Domain Transfer",
        ),
        (
            "- Layer Normalization. Ba, Kiros and Hinton. 2016. [pdf](https://arxiv.org/pdf/1607.06450)",
            "https://arxiv.org/pdf/1607.06450",
            "Layer Normalization",
        ),
        (
            'was used by <a href="https://openreview.net/forum?id=AbCdEf">QuillNet</a> to',
            "https://openreview.net/forum?id=AbCdEf",
            "QuillNet",
        ),
        (
            '- [Quill, Ada, et al. "Structured prediction of note titles." Journal of Notes '
            "6 (2005): 1-9.](http://example.org/quill.pdf)",
            "http://example.org/quill.pdf",
            "Structured prediction of note titles",
        ),
        (
            "- [🤗 example/QuillLM-7B](https://huggingface.co/example/QuillLM-7B)",
            "https://huggingface.co/example/QuillLM-7B",
            "🤗 example/QuillLM-7B",
        ),
        (
            "- [QuillDB, a columnar store for notes with fast scans](https://example.org/q)",
            "https://example.org/q",
            "QuillDB",
        ),
        (
            "* [Loomwork - weaves training runs across many small machines](https://example.org/l)",
            "https://example.org/l",
            "Loomwork",
        ),
        (
            "- [Attention, Please! A Survey of Neural Attention Models](https://arxiv.org/abs/2103.16775)",
            "https://arxiv.org/abs/2103.16775",
            "Attention, Please! A Survey of Neural Attention Models",
        ),
        (
            "- [Paper: Batch Normalization](https://arxiv.org/abs/1502.03167)",
            "https://arxiv.org/abs/1502.03167",
            "Batch Normalization",
        ),
        (
            # a study group's index: the title, then a line of its links
            "- 03 : Quill Networks for Sparse Note Retrieval\n"
            "  > - [Paper](https://arxiv.org/abs/2101.00001), [Video](https://youtu.be/abc), "
            "[Slides](https://example.org/s.pdf)\n",
            "https://arxiv.org/abs/2101.00001",
            "Quill Networks for Sparse Note Retrieval",
        ),
        (
            "#### Learning to Rank Margins in the Wild\n"
            "[pdf](https://example.org/rank.pdf) | 발표영상 | [코드](https://github.com/a/b)\n",
            "https://example.org/rank.pdf",
            "Learning to Rank Margins in the Wild",
        ),
        (
            "* Quill Parameter Learning Explained (2014), Ada Quill, Bo Tern "
            "[[pdf]](https://arxiv.org/pdf/1411.00001.pdf)",
            "https://arxiv.org/pdf/1411.00001.pdf",
            "Quill Parameter Learning Explained",
        ),
        (
            # a paper list's entry: the bold title with its venue, the authors, the links
            "- **Quill Graphs Between Notes and Margins (ArXiv 2020)**\n"
            "  - Ada Quill, Bo Tern, Cy Vellum\n"
            "  - [[Paper]](https://arxiv.org/abs/2003.00002)\n"
            "  - [[Python Reference]](https://github.com/quill/graphs)\n",
            "https://arxiv.org/abs/2003.00002",
            "Quill Graphs Between Notes and Margins",
        ),
        (
            # a section about a paper: its heading, a figure, then the paper's link
            "### Persistent Scratchpads for Sequence Models\n\n"
            '<img src="./images/scratch.png" width="500px"></img>\n\n'
            "https://arxiv.org/abs/1901.00002\n\nProposes a scratchpad.\n",
            "https://arxiv.org/abs/1901.00002",
            "Persistent Scratchpads for Sequence Models",
        ),
        # the marks a paper list writes around its titles are not part of them
        (
            "- 2018 Margin Notes for Sequence Models [link](https://arxiv.org/abs/1801.00003)",
            "https://arxiv.org/abs/1801.00003",
            "Margin Notes for Sequence Models",
        ),
        (
            "- [2019] Margin Notes for Graph Models [pdf](https://arxiv.org/pdf/1901.00004)",
            "https://arxiv.org/pdf/1901.00004",
            "Margin Notes for Graph Models",
        ),
        (
            # a venue and year in brackets that the item opens with
            "- [NeurIPS 2020] Margin Notes for Quokka Models [[paper]](https://arxiv.org/abs/2001.00011)",
            "https://arxiv.org/abs/2001.00011",
            "Margin Notes for Quokka Models",
        ),
        (
            # a topic tag in brackets that the link's text opens with, its venue after
            "* [[GAN] Quill Growing of Margins for Better Notes (ICLR 2018)]"
            "(https://arxiv.org/abs/1710.00013) <br />",
            "https://arxiv.org/abs/1710.00013",
            "Quill Growing of Margins for Better Notes",
        ),
        (
            "- [[Object Detection] Tern Loss for Dense Margins (CVPR, 2020)]"
            "(https://example.org/tern.pdf)",
            "https://example.org/tern.pdf",
            "Tern Loss for Dense Margins",
        ),
        (
            # a link whose text is the paper's arXiv id stands for the paper, as [pdf] does
            "#### 1. Quill Margins for Sparse Note Ranking | [`[arxiv 2101.00014]`]"
            "(https://arxiv.org/abs/2101.00014)",
            "https://arxiv.org/abs/2101.00014",
            "Quill Margins for Sparse Note Ranking",
        ),
        (
            "- (ICLR'21) Margin Notes for Tern Models [paper](https://arxiv.org/abs/2001.00012)",
            "https://arxiv.org/abs/2001.00012",
            "Margin Notes for Tern Models",
        ),
        (
            "- Ranking Notes with Weak Margins <br> [paper](https://arxiv.org/abs/2001.00005)",
            "https://arxiv.org/abs/2001.00005",
            "Ranking Notes with Weak Margins",
        ),
        (
            "- 📄 Scratchpads for Commerce Recommendation — [arxiv](https://arxiv.org/abs/2001.00006)",
            "https://arxiv.org/abs/2001.00006",
            "Scratchpads for Commerce Recommendation",
        ),
        (
            "- Contrastive Margins at Scale (Quillco 2018) ([paper](https://arxiv.org/abs/2001.00007), "
            "[code](https://github.com/quill/margins))",
            "https://arxiv.org/abs/2001.00007",
            "Contrastive Margins at Scale",
        ),
        (
            "- [x] Pruning Margin Tokens ([arXiv](https://arxiv.org/abs/2001.00008))",
            "https://arxiv.org/abs/2001.00008",
            "Pruning Margin Tokens",
        ),
        (
            # a link whose text is its own address: the title before it names it
            "- Robust Tokenizers for Margin Notes: "
            "[https://arxiv.org/abs/2001.00009](https://arxiv.org/abs/2001.00009)",
            "https://arxiv.org/abs/2001.00009",
            "Robust Tokenizers for Margin Notes",
        ),
        (
            # a list item over its nested author line and link
            "- Self-Distilled Margin Encoders\n  - Authors: Quill, Tern\n"
            "  - https://arxiv.org/abs/2001.00010\n",
            "https://arxiv.org/abs/2001.00010",
            "Self-Distilled Margin Encoders",
        ),
    ],
)
def test_a_title_the_note_writes_names_the_link(text: str, url: str, title: str) -> None:
    assert _titles(text)[url] == title


@pytest.mark.parametrize(
    "text",
    [
        "[link](https://arxiv.org/abs/1512.03385)",
        "[here](https://arxiv.org/abs/1512.03385)",
        "[[paper]](https://arxiv.org/abs/1512.03385)",
        "[논문](https://arxiv.org/abs/1512.03385) 참고",
        "[여기](https://example.org/post)를 보면 된다",
        "[1](https://arxiv.org/abs/1512.03385)",
        "[https://arxiv.org/abs/1512.03385](https://arxiv.org/abs/1512.03385)",
        "[arxiv.org](https://arxiv.org/abs/1512.03385)",
        "[![badge](https://img.shields.io/badge/x-y-green)](https://github.com/a/b)",
        "See the [paper](https://arxiv.org/abs/1512.03385) for details.",
        "자세한 내용은 [논문](https://arxiv.org/abs/1512.03385)에 있다.",
        "자세한 내용은 https://arxiv.org/abs/1512.03385 참고",
        "자세한 내용은 아래 링크를 참고:\nhttps://example.org/post\n",
        "이 글은 아래 글을 바탕으로 정리했다.\nhttps://example.org/post\n",
        "| 2019 | 81.2 | [paper](https://arxiv.org/abs/1512.03385) |",
        # the line under the heading says more than what kind each link is
        "### Week 3\n[paper](https://arxiv.org/abs/1512.03385), which I liked a lot\n",
        # a talk's link under a title is the talk, not the titled paper
        "- Quill Networks for Sparse Note Retrieval\n  - [Video](https://youtu.be/abc)\n",
        # what the code is written in is not what it is called
        "- [[Python Reference]](https://github.com/quill/graphs)",
        "- [PyTorch code](https://github.com/quill/graphs) [C++ implementation](https://github.com/quill/cpp)",
        # an author line is no title of the link under it
        "- Ada Quill, Bo Tern, Cy Vellum\n  - [[Paper]](https://arxiv.org/abs/2003.00002)\n",
        # a phrase of the sentence around it, starting with a small word in lower case
        "Our two leaderboards can be found [on this page](https://example.org/board).",
        "Later we show how to [add your model](https://github.com/a/b#adding) to it.",
        "Kevin shared [this Colab notebook](https://colab.research.google.com/drive/1x).",
        # a plain line two lines up is a paragraph, not the link's title
        "We tried a scratchpad\n\nhttps://arxiv.org/abs/1901.00002\n",
        # a heading over a paragraph: the link is the paragraph's
        "### Results\n\nOur numbers beat the baseline, as reported in\n"
        "https://arxiv.org/abs/1901.00002\n",
    ],
)
def test_generic_words_and_sentences_are_not_titles(text: str) -> None:
    assert _titles(text) == {}


def test_a_line_title_names_the_paper_link_not_the_code_link() -> None:
    text = (
        "- Attention Is All You Need [pdf](https://arxiv.org/pdf/1706.03762) "
        "[code](https://github.com/tensorflow/tensor2tensor)"
    )
    assert _titles(text) == {"https://arxiv.org/pdf/1706.03762": "Attention Is All You Need"}


def test_clean_title_keeps_names_that_hold_generic_words() -> None:
    assert clean_title("Papers with Code") == "Papers with Code"
    assert clean_title("  **“Going Deeper with Convolutions”** — ") == (
        "Going Deeper with Convolutions"
    )
    assert clean_title("2019") is None
    assert clean_title("github.com") is None


def _extract(folder: Path, text: str) -> list[tuple[str, str, str]]:
    path = write_note(folder, "note.md", text)
    note = read_note(NotePath(path, "note.md", folder))
    from readlist.config import data_dir
    from readlist.curation import build_gazetteer

    gazetteer = build_gazetteer(data_dir() / "gazetteer", folder / "none.yaml")
    return [(m.source, m.surface, m.target.name) for m in find_mentions(note, gazetteer=gazetteer)]


def test_a_url_resource_is_listed_under_its_title_before_enrich(
    notes_dir: Path, small_data: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from readlist.cli import app

    write_note(
        notes_dir,
        "a.md",
        "- [Speech Recognition with Deep Recurrent Neural Networks]"
        "(https://www.cs.toronto.edu/~graves/icassp_2013.pdf)\n",
    )
    write_note(notes_dir, "b.md", "see https://www.cs.toronto.edu/~graves/icassp_2013.pdf\n")
    db_path = tmp_path / "r.db"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["extract", str(notes_dir), "--db", str(db_path), "-q"]).exit_code == 0
    )
    row = Database(db_path)["resources"].get(
        "url:https://www.cs.toronto.edu/~graves/icassp_2013.pdf"
    )
    assert row["name"] == "Speech Recognition with Deep Recurrent Neural Networks"
    assert row["name_rank"] == NameRank.NOTE_TITLE
    listed = runner.invoke(app, ["list", "--db", str(db_path)], env={"COLUMNS": "200"})
    assert "Speech Recognition with Deep Recurrent" in listed.stdout
    exported = runner.invoke(app, ["export", "--db", str(db_path), "-f", "json"])
    assert "Speech Recognition with Deep Recurrent Neural Networks" in exported.stdout


def test_a_name_inside_a_linked_title_names_the_titled_work(notes_dir: Path) -> None:
    found = _extract(
        notes_dir,
        "- [The Annotated Transformer](https://nlp.seas.harvard.edu/annotated-transformer/)\n"
        "- [Transformer](https://nlp.seas.harvard.edu/annotated-transformer/) 코드로 보기\n",
    )
    assert (
        "url",
        "https://nlp.seas.harvard.edu/annotated-transformer/",
        "The Annotated Transformer",
    ) in found
    names = [(source, surface) for source, surface, _ in found if source == "name"]
    assert names == [("name", "Transformer")]  # the second line's whole link text


def test_an_arxiv_id_is_no_title() -> None:
    for text in ("arxiv 2101.00001", "`[arXiv 2101.00001v2]`", "arxiv2103.14030", "2101.00001"):
        assert clean_title(text) is None, text
    assert clean_title("Swin 2103.14030") == "Swin 2103.14030"


def test_a_bracketed_tag_opens_a_title_but_is_not_the_whole_of_one() -> None:
    assert clean_title("[GAN] Quill Growing of Margins") == "Quill Growing of Margins"
    assert clean_title("[Detection] Tern Loss (CVPR, 2020)") == "Tern Loss"
    # a tag before one word is the item's name and its gloss, not a tag
    assert clean_title("[Quill] Margins") == "[Quill] Margins"
    assert clean_title("[1] Quill Growing of Margins") == "Quill Growing of Margins"


def test_authors_after_a_title_are_not_part_of_it_but_a_list_of_names_is_kept() -> None:
    assert clean_title("Deep Residual Learning, He et al.") == "Deep Residual Learning"
    assert clean_title("Adam, Kingma and Ba") == "Adam"
    assert clean_title("ResNet, VGG") == "ResNet, VGG"


def test_a_known_papers_title_or_name_linked_to_its_pdf_is_that_paper(notes_dir: Path) -> None:
    path = write_note(
        notes_dir,
        "note.md",
        "- [YOLOv3: An Incremental Improvement](https://pjreddie.com/media/files/papers/YOLOv3.pdf)\n"
        "- [ResNet](https://example.org/papers/resnet.pdf)\n"
        "- [ResNet](https://github.com/someone/resnet-pytorch) 코드\n"
        "- [BERT](https://huggingface.co/docs/transformers/model_doc/bert) 문서\n"
        # the title in a link text that a tag and a venue stand around
        "* [[NLP] Attention Is All You Need (NIPS 2017)](https://example.org/transformer.pdf)\n",
    )
    from readlist.config import data_dir
    from readlist.curation import build_gazetteer

    gazetteer = build_gazetteer(data_dir() / "gazetteer", notes_dir / "none.yaml")
    mentions = find_mentions(read_note(NotePath(path, "note.md", notes_dir)), gazetteer=gazetteer)
    links = {m.surface: m.target.key for m in mentions if m.source == "url"}
    assert links["https://pjreddie.com/media/files/papers/YOLOv3.pdf"] == "arxiv:1804.02767"
    assert links["https://example.org/papers/resnet.pdf"] == "arxiv:1512.03385"
    assert links["https://example.org/transformer.pdf"] == "arxiv:1706.03762"
    # The code and a page about the model are things of their own.
    assert links["https://github.com/someone/resnet-pytorch"] == "github:someone/resnet-pytorch"
    assert links["https://huggingface.co/docs/transformers/model_doc/bert"].startswith("url:")
    # What the note calls the paper stays a mention of it.
    names = [(m.surface, m.target.key) for m in mentions if m.source == "name"]
    assert ("YOLOv3: An Incremental Improvement", "arxiv:1804.02767") in names


def test_a_site_named_as_the_label_or_text_of_a_link_to_itself_is_the_link(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "- arXiv: https://arxiv.org/abs/2004.10964\n"
        "- [arXiv](https://arxiv.org/abs/2004.06748)\n"
        "- YouTube: https://www.youtube.com/watch?v=abcdefghijk\n"
        "- arXiv 에 올라온 논문과 YouTube 강의를 같이 본다\n"  # named in prose: a mention
        "- YouTube: https://vimeo.com/123456\n"  # a label for another site: kept
        # a site's other addresses are its home too: a short link, an address it is known by
        "- [YouTube](https://youtu.be/abcdefghijk), [Reddit](https://www.reddit.com/r/x)\n",
    )
    names = [(surface, name) for source, surface, name in found if source == "name"]
    assert names == [("arXiv", "arXiv"), ("YouTube", "YouTube"), ("YouTube", "YouTube")]
    assert sum(source == "url" for source, _, _ in found) == 6


def test_a_host_written_into_its_own_links_text_is_the_link_a_site_set_apart_is_named(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "- [QuillNet 깃허브 저장소](https://github.com/quill/quillnet)\n"  # where it goes
        "- [arXiv 버전](https://arxiv.org/abs/2004.06748)\n"
        "- [Kaggle - Intro to Machine Learning](https://www.kaggle.com/learn/intro)\n"  # a page's
        "- [Margin Notes (Kaggle, 로그인 필요)](https://www.kaggle.com/quill/notes)\n"  # site
        "- [ChatGPT나 GPT-4](https://chat.openai.com) 는 공개되어 있지 않다\n"  # a subject
        # a course's title (Udacity's, in the gazetteer) as a link's title names the page
        "- [Intro to Machine Learning - Kaggle](https://www.kaggle.com/learn/intro-2)\n"
        "- [Intro to Machine Learning](https://www.kaggle.com/learn/intro-3)\n",
    )
    names = [surface for source, surface, _ in found if source == "name"]
    assert names == ["Kaggle", "Kaggle", "ChatGPT", "GPT-4", "Kaggle"]
    # the repository is called by what its text names, without the words for a repository
    assert ("url", "https://github.com/quill/quillnet", "QuillNet") in found


def test_a_name_and_words_for_one_of_its_pages_names_the_thing_a_title_does_not(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "- [PyTorch documentation](https://pytorch.org/docs/stable/index.html)\n"
        "- [Streamlit 공식 문서](https://docs.streamlit.io)\n"
        "- [Hugging Face Transformers 튜토리얼](https://huggingface.co/docs/transformers/index)\n"
        "- [GPT-2 model card](https://github.com/openai/gpt-2/blob/master/model_card.md)\n"
        "- [Notes on Training PyTorch Models at Scale](https://example.org/notes)\n"  # a title
        "- [COCO (Microsoft)](https://cocodataset.org)\n"  # who made it: a gloss
        "- [Margin Notes for Everyone (2101.00001)](https://arxiv.org/abs/2101.00001)\n",
    )
    names = [(surface, name) for source, surface, name in found if source == "name"]
    assert names == [
        ("PyTorch", "PyTorch"),
        ("Streamlit", "Streamlit"),
        ("Hugging Face Transformers", "Transformers library"),
        ("GPT-2", "GPT-2"),
        ("COCO", "COCO"),
    ]
    # the arXiv id in the link's text is the link's, and its title is the link's name
    assert ("url", "https://arxiv.org/abs/2101.00001", "Margin Notes for Everyone") in found
    assert not [item for item in found if item[0] == "arxiv"]


def test_a_platform_written_in_a_note_is_no_mention_a_link_to_a_repository_on_it_is(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "코드는 GitHub 에 올렸고 Slack 채널과 노션에 정리했다. LinkedIn 도 있다.\n"
        "- [quill/margins](https://github.com/quill/margins)\n"
        "PyTorch 로 학습했다.\n",
    )
    assert [(s, surface) for s, surface, _ in found] == [
        ("url", "https://github.com/quill/margins"),
        ("name", "PyTorch"),
    ]


def test_a_link_to_a_file_in_a_repository_is_not_the_entry_that_file_documents() -> None:
    from readlist.entries import Entry
    from readlist.names import entry_key

    inside = Entry(
        name="Quill Multilingual",
        kind="model",
        url="https://github.com/quill/notes/blob/master/multilingual.md",
    )
    root = Entry(name="Quill Notes", kind="tool", url="https://github.com/quill/notes/tree/main")
    assert entry_key(inside) == "name:quill-multilingual"
    assert entry_key(root) == "github:quill/notes"


def test_a_paper_notes_title_names_the_one_paper_it_links(notes_dir: Path) -> None:
    found = _extract(
        notes_dir,
        "## Title\nWidget Networks: Learning to Widget at Scale (ACL 2020)\n\n"
        "### References\n- arXiv: https://arxiv.org/abs/2004.99999\n"
        "- code: https://github.com/someone/widgets\n",
    )
    assert (
        "name",
        "Widget Networks: Learning to Widget at Scale",
        "Widget Networks: Learning to Widget at Scale",
    ) in found
    links = {surface: name for source, surface, name in found if source == "url"}
    assert links["https://arxiv.org/abs/2004.99999"] == (
        "Widget Networks: Learning to Widget at Scale"
    )
    assert not [f for f in found if f[0] == "candidate"]  # no second, guessed paper


def test_a_paper_notes_title_with_two_papers_linked_is_a_guess(notes_dir: Path) -> None:
    found = _extract(
        notes_dir,
        "## Title\nWidget Networks: Learning to Widget at Scale\n\n"
        "- https://arxiv.org/abs/2004.99999 and https://arxiv.org/abs/2004.88888\n",
    )
    assert (
        "candidate",
        "Widget Networks: Learning to Widget at Scale",
        "Widget Networks: Learning to Widget at Scale",
    ) in found


def test_a_rows_title_names_its_link_where_it_stands_and_is_found_again_elsewhere(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "| Week | Topic | Slides |\n| --- | --- | --- |\n"
        "| 3 | Wabbit Quill | [pdf](https://example.org/quill.pdf) |\n\n"
        "Wabbit Quill was the hardest week.\n",
    )
    # the cell titles the link: one mention there, the link's, named by the cell
    assert ("url", "https://example.org/quill.pdf", "Wabbit Quill") in found
    assert [f for f in found if f[1] == "Wabbit Quill"] == [
        ("name", "Wabbit Quill", "Wabbit Quill")
    ]


def test_a_title_shaped_first_heading_names_the_one_paper_the_note_links(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "# Widget Networks for Sparse Widgeting\n\n요약: 위젯을 희소하게.\n\n"
        "- 논문: https://arxiv.org/abs/2004.99999\n",
    )
    assert (
        "name",
        "Widget Networks for Sparse Widgeting",
        "Widget Networks for Sparse Widgeting",
    ) in found


def test_a_title_shaped_first_heading_without_one_linked_paper_is_the_posts_own(
    notes_dir: Path,
) -> None:
    found = _extract(
        notes_dir,
        "# Notes on Widget Networks and Their Friends\n\n"
        "- https://arxiv.org/abs/2004.99999\n- https://arxiv.org/abs/2004.88888\n",
    )
    assert not [f for f in found if f[0] in ("candidate", "name")]


def _named(text: str) -> list[tuple[int, str, str, str]]:
    note = Note(path="n.md", root="/", text=text)
    common = parse_common_words((REPO / "data" / "common-words.txt").read_bytes())
    gazetteer = load_gazetteer([FIXTURES / "gazetteer" / "test.yaml"], common_words=common)
    return [
        (m.line, m.surface, m.source, m.target.key)
        for m in find_mentions(note, gazetteer=gazetteer)
        if m.source != "topic"
    ]


def test_a_name_the_note_gives_a_link_is_that_thing_wherever_the_note_writes_it() -> None:
    text = (
        "* [QuillDB](https://github.com/example/quilldb) - a columnar store\n"
        "QuillDB 는 빠르다. QuillDBX 와 `QuillDB` 는 다르다.\n"
        "* [Streaming](https://github.com/example/streaming) - streams shards\n"
        "Streaming is an ordinary word: not a name on its own.\n"
    )
    assert _named(text) == [
        (1, "https://github.com/example/quilldb", "url", "github:example/quilldb"),
        (2, "QuillDB", "name", "github:example/quilldb"),
        (3, "https://github.com/example/streaming", "url", "github:example/streaming"),
    ]


def test_the_coined_name_a_title_opens_with_is_that_work_wherever_the_note_writes_it() -> None:
    text = (
        "Scores are on the [QuillEval dataset](https://example.org/quilleval).\n"
        "QuillEval uses a judge model.\n"
        "## 3.1. QUILLERA: Pyramid Masked Sentences for Many Documents\n"
        "QUILLERA는 여러 문서를 요약한다.\n"
        "[Deep Notes: A Review](https://example.org/review)\n"
        "Deep thoughts.\n"
    )
    named = _named(text)
    assert (2, "QuillEval", "name", "url:https://example.org/quilleval") in named
    quillera = [key for line, surface, _, key in named if surface.startswith("QUILLERA")]
    assert len(quillera) == 2 and quillera[0] == quillera[1]  # the title, then its name
    assert not [m for m in named if m[0] == 6]  # "Deep" opens no coined name


def test_a_word_the_links_address_spells_is_that_name_in_its_gloss() -> None:
    # A link list: "[Streaming](…/streaming) - Streaming shards …" names the library twice
    # on its line; elsewhere the ordinary word stays a word. An address that does not
    # spell the text ("example/tools") proves nothing.
    text = (
        "* [Streaming](https://github.com/example/streaming) - Streaming shards datasets.\n"
        "* [Pilot](https://pilot.example.org) - Pilot runs jobs. [Harbor](https://example.org/tools)"
        " - Harbor stores images.\n"
        "Streaming is an ordinary word here.\n"
    )
    assert [m[:3] for m in _named(text)] == [
        (1, "https://github.com/example/streaming", "url"),
        (1, "Streaming", "name"),
        (2, "https://pilot.example.org", "url"),
        (2, "Pilot", "name"),
        (2, "https://example.org/tools", "url"),
    ]


def test_a_coined_name_is_one_thing_through_the_note() -> None:
    # the cue ("모델") comes once; the name is the same thing where it comes without one
    text = "QuokkaLM 모델을 제안한다.\n\nQuokkaLM 은 BERT 에 기반한다.\n"
    assert [m[:3] for m in _named(text)] == [
        (1, "QuokkaLM", "candidate"),
        (3, "QuokkaLM", "candidate"),
        (3, "BERT", "name"),
    ]


def test_an_images_alt_text_names_nothing() -> None:
    assert _named("![ResNet accuracy plot](plot.png)\n") == []


def test_a_gloss_after_a_links_title_may_name_other_things() -> None:
    text = "- [QuillDB, a columnar store for ResNet features](https://example.org/q)\n"
    assert _named(text) == [
        (1, "ResNet", "name", "arxiv:1512.03385"),
        (1, "https://example.org/q", "url", "url:https://example.org/q"),
    ]


def test_a_title_written_as_papers_write_them_names_the_titled_work() -> None:
    text = (
        "Then BERT: Pre-training of Deep Bidirectional Transformers for Language "
        "Understanding.\n"
        "And QuokkaNet: Fast Transformer Models for Small Devices\n"
        "TODO: Fix The Broken Transformer Build\n"
    )
    assert [m[:3] for m in _named(text)] == [
        (
            1,
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "name",
        ),
        (2, "QuokkaNet: Fast Transformer Models for Small Devices", "candidate"),
        (3, "Transformer", "name"),
    ]


def test_a_known_name_that_holds_the_start_of_a_title_names_the_titled_work(
    tmp_path: Path,
) -> None:
    # the title is found from its coined word ("Q-Net: …"); the known name holds more
    gazetteer_file = tmp_path / "g.yaml"
    gazetteer_file.write_text(
        "- name: Faster Q-Net\n  kind: model\n  url: https://example.org/faster-q-net\n"
        "  aliases: ['Faster Q-Net: Towards Real-Time Quokka Detection with Region Nets']\n"
        "- name: Sparse Q-Net\n  kind: model\n  url: https://example.org/sparse-q-net\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer([gazetteer_file])
    text = (
        "2. Ren, He. Faster Q-Net: Towards Real-Time Quokka Detection with Region Nets. 2015.\n"
        "- Sparse Q-Net: End-to-End Quokka Detection with Learnable Proposals\n"
    )
    found = find_mentions(Note(path="n.md", root="/", text=text), gazetteer=gazetteer)
    assert [(m.line, m.surface, m.target.key) for m in found] == [
        # the known title, the longer spelling, is that work's
        (
            1,
            "Faster Q-Net: Towards Real-Time Quokka Detection with Region Nets",
            "url:https://example.org/faster-q-net",
        ),
        # a title the name opens with names the known work, as "BERT: Pre-training …" does
        (
            2,
            "Sparse Q-Net: End-to-End Quokka Detection with Learnable Proposals",
            "url:https://example.org/sparse-q-net",
        ),
    ]


def test_a_title_in_quotes_and_a_nickname_beside_one_paper_link_are_that_papers() -> None:
    text = (
        '- **QuillNet**: "Deep Quill Learning for Tern Recognition", *CVPR, 2016*. '
        "[[Paper](https://arxiv.org/abs/1512.03385)]\n"
        # inside the link's own text the link is the one mention
        '- [Tern et al., "Quill Nets for Tern Replay." arXiv, 2015.]'
        "(https://arxiv.org/pdf/1511.05952.pdf)\n"
    )
    assert [m[:4] for m in _named(text)] == [
        # the bold nickname the item opens with, and the title: both the linked paper's
        (1, "QuillNet", "name", "arxiv:1512.03385"),
        (1, "Deep Quill Learning for Tern Recognition", "name", "arxiv:1512.03385"),
        (1, "https://arxiv.org/abs/1512.03385", "url", "arxiv:1512.03385"),
        (2, "https://arxiv.org/pdf/1511.05952.pdf", "url", "arxiv:1511.05952"),
    ]


def test_a_compound_inside_a_title_is_the_titles() -> None:
    # "Quokka-BERT" holds BERT without being it; inside a title, the title is the work
    text = "- Quokka-BERT: Pre-training Quokkas for Language Understanding (Lee et al., 2019)\n"
    assert [m[:3] for m in _named(text)] == [
        (1, "Quokka-BERT: Pre-training Quokkas for Language Understanding", "candidate"),
    ]
    # standing alone, the compound is a guessed name of its own
    assert [m[:3] for m in _named("We fine-tune Quokka-BERT here.\n")] == [
        (1, "Quokka-BERT", "candidate"),
    ]


def test_a_title_in_quotes_names_the_titled_work() -> None:
    text = (
        'Chorowski et al., "Attention-Based Transformer Models for Quokka Speech." NeurIPS.\n'
        '"ResNet, BERT, GRU" is enough; nobody reads the rest.\n'
        '[Quokkas](https://example.org/q "Jay - The Illustrated Quokka Guide") and more.\n'
    )
    assert [m[:3] for m in _named(text)] == [
        # the title owns the name inside it; the full stop inside the quotes is not its
        (1, "Attention-Based Transformer Models for Quokka Speech", "candidate"),
        # names listed in quotes are no title
        (2, "ResNet", "name"),
        (2, "BERT", "name"),
        (2, "GRU", "name"),
        # a link's title attribute titles the link, not a work of its own
        (3, "https://example.org/q", "url"),
    ]


def test_names_in_the_front_matters_title_and_summary() -> None:
    text = "---\ntitle: ResNet 정리\nexcerpt: BERT 와 GRU 를 간단히 알아봅니다.\n---\n본문\n"
    assert [m[:2] for m in _named(text)] == [
        (2, "ResNet"),
        (3, "BERT"),
        (3, "GRU"),
    ]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a long form with its acronym is called by its long form
        ("Graph Attention Networks (GAT)", "Graph Attention Networks"),
        ("Mosaic Pretrained Transformers (MPT)", "Mosaic Pretrained Transformers"),
        ("Tree of Thoughts (ToT)", "Tree of Thoughts"),
        # a short name with one word in brackets (another name, its maker) is the name
        ("Quokka Models (MLP)", "Quokka Models"),
        ("QuokkaNet (QNet)", "QuokkaNet"),
        ("COCO (Microsoft)", "COCO"),
        # a longer title keeps them; so does a name with more than a word in brackets
        ("Deep Learning for Margin Notes (Part)", "Deep Learning for Margin Notes (Part)"),
        ("QuokkaNet (Quill and Tern)", "QuokkaNet (Quill and Tern)"),
        # an arXiv id in brackets is the link's, not the title's
        ("Denoising Margin Models (2006.11239)", "Denoising Margin Models"),
        ("Margin Notes for Everyone [arXiv:2101.00001]", "Margin Notes for Everyone"),
        # so is the month it came out
        ("Margin Notes for Everyone (2021.01)", "Margin Notes for Everyone"),
        ("Margin Notes for Everyone [2021-01-14]", "Margin Notes for Everyone"),
        # a coined name before a comma is the name, whatever case its gloss has
        ("LoRA, Low-Rank Adaptation of Large Language Models", "LoRA"),
        ("Huggingface PEFT, State-of-the-art Parameter-Efficient Fine-Tuning", "Huggingface PEFT"),
        ("Quokka Tools, Fast Loading For Big Tables", "Quokka Tools, Fast Loading For Big Tables"),
        # a name of up to four words, then a gloss in lower case (emoji and names aside)
        ("Quokka Fast, fast and hackable native table loading", "Quokka Fast"),
        ("Quokka, acceleration of 🤗 Tables and 🤗 Sheets", "Quokka"),
        ("Quokka Table Loading Book, a collection of methods", "Quokka Table Loading Book"),
        # a Korean phrase with a comma is one title
        (
            "문장을 코드로, 이미지를 코드로 바꾸는 방법",
            "문장을 코드로, 이미지를 코드로 바꾸는 방법",
        ),
        # a list of names is no gloss
        ("QuokkaNet, BarNet and FooNet Compared", "QuokkaNet, BarNet and FooNet Compared"),
        # a model's size is no domain; a domain ends on a public suffix
        ("quokka_LLM-PLM-1.3B", "quokka_LLM-PLM-1.3B"),
        ("quokka.ai", None),
        # names written in lower case are still titles
        ("pytorch-fid", "pytorch-fid"),
        ("fastText", "fastText"),
        ("the-gan-zoo", "the-gan-zoo"),
    ],
)
def test_a_link_text_is_called_by_its_long_form_or_its_coined_name(
    text: str, title: str | None
) -> None:
    assert clean_title(text) == title


def test_a_known_long_form_with_its_acronym_is_one_mention_of_it() -> None:
    text = "* [Generative Adversarial Networks (GAN)](https://example.org/gan-notes)\n"
    assert _named(text) == [
        (1, "Generative Adversarial Networks", "name", "arxiv:1406.2661"),
        (1, "https://example.org/gan-notes", "url", "url:https://example.org/gan-notes"),
    ]


def test_the_names_in_a_korean_link_text_are_mentions() -> None:
    # A Korean link text is a phrase about what it links, not a title: its names count.
    # An English title that holds a name still names only the titled work.
    text = (
        "- [Generative Adversarial Networks 의 학습 정리](https://example.org/gan-study)\n"
        "- [The Annotated GAN Notebook](https://example.org/annotated)\n"
    )
    assert [m[:3] for m in _named(text)] == [
        (1, "Generative Adversarial Networks", "name"),
        (1, "https://example.org/gan-study", "url"),
        (2, "https://example.org/annotated", "url"),
    ]
