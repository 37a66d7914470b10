"""Notes beyond Markdown (issue #21): Jupyter, HTML, Org, reStructuredText and plain text,
read end to end through `readlist extract` from realistic files in fixtures/formats/.
Each format is checked for its resources, surfaces, places (file line, notebook cell)
and title; the incremental rules hold for each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.formats import NoteFilter, clean_stem, format_of
from readlist.notebooks import render_notebook
from readlist.notes import NotePath, read_note

from .conftest import FIXTURES, extract, rows, write_note

runner = CliRunner()
FORMATS = FIXTURES / "formats"
NOTEBOOK = "course/lecture03-cnn.ipynb"
NOTION = "notion/Attention Is All You Need 정리 8f2c1d0e4b6a4f7e9a3b5c7d1e2f3a4b.html"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture folder extracted once with the shipped gazetteer."""
    folder = tmp_path_factory.mktemp("formats") / "notes"
    shutil.copytree(FORMATS, folder)
    db_path = folder.parent / "readlist.db"
    extract(folder, db_path, "-q")
    return db_path


def _mentions(db_path: Path, note: str) -> list[tuple[object, ...]]:
    return rows(
        db_path,
        "select line, place, surface, resource_id, source from mentions "
        f"where note_path = '{note}' order by line, id",
    )


def _note(db_path: Path, path: str) -> tuple[object, ...]:
    return rows(
        db_path, f"select format, title, date, tags, error from notes where path = '{path}'"
    )[0]


def test_a_course_notebook_reads_cells_with_their_places(extracted: Path) -> None:
    # markdown cells as Markdown; code cells as code (the URL counts, `ResNet` and
    # `resnet50` in code do not); the stream output's URL and the 40 KB image are
    # skipped; the text/markdown output's link counts
    assert _mentions(extracted, NOTEBOOK) == [
        (9, "cell 1, line 3", "https://arxiv.org/abs/1512.03385", "arxiv:1512.03385", "url"),
        (10, "cell 1, line 4", "VGG", "arxiv:1409.1556", "name"),
        (10, "cell 1, line 4", "https://arxiv.org/abs/1409.1556", "arxiv:1409.1556", "url"),
        (27, "cell 2, line 1", "https://github.com/kuangliu/pytorch-cifar",
         "github:kuangliu/pytorch-cifar", "url"),
        (51, "cell 3, output", "https://www.cs.toronto.edu/~kriz/cifar.html",
         "url:https://www.cs.toronto.edu/~kriz/cifar.html", "url"),
        (62, "cell 3, line 1", "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
         "url:https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz", "url"),
        (73, "cell 4, line 3", "Batch Normalization", "arxiv:1502.03167", "name"),
        (73, "cell 4, line 3", "arXiv:1502.03167", "arxiv:1502.03167", "arxiv"),
        (74, "cell 4, line 4", "DenseNet", "arxiv:1608.06993", "name"),
    ]  # fmt: skip
    assert _note(extracted, NOTEBOOK) == (
        "notebook",
        "Lecture 3: CNN architectures",
        None,
        "[]",
        None,
    )
    # the line is the .ipynb file's own: the surface stands on it
    lines = (FORMATS / NOTEBOOK).read_text(encoding="utf-8").split("\n")
    assert "arxiv.org/abs/1512.03385" in lines[9 - 1]
    assert "pytorch-cifar" in lines[27 - 1]
    # the link text of a markdown output names what it links, as in Markdown
    assert rows(
        extracted,
        "select name, kind from resources where id = 'url:https://www.cs.toronto.edu/~kriz/cifar.html'",
    ) == [("CIFAR-10", "dataset")]


def test_a_notion_html_export(extracted: Path) -> None:
    # anchor text names the link as in Markdown; the code block's URL counts and its
    # names do not; the image is an asset; <style> is skipped; the Notion id is not
    # part of the title, which is the document's <title>; the date is Notion's "Created"
    found = _mentions(extracted, NOTION)
    assert (7, None, "https://arxiv.org/abs/1706.03762", "arxiv:1706.03762", "url") in found
    assert (9, None, "https://nlp.seas.harvard.edu/annotated-transformer/",
            "url:https://nlp.seas.harvard.edu/annotated-transformer", "url") in found  # fmt: skip
    assert (13, None, "https://github.com/harvardnlp/annotated-transformer",
            "github:harvardnlp/annotated-transformer", "url") in found  # fmt: skip
    assert (15, None, "BERT", "arxiv:1810.04805", "name") in found
    surfaces = [surface for _, _, surface, _, _ in found]
    assert "Untitled.png" not in " ".join(surfaces)
    assert not any("fonts.googleapis" in s for s in surfaces)
    assert surfaces.count("BERT") == 1  # not the one in the <pre> block
    assert _note(extracted, NOTION) == (
        "html",
        "Attention Is All You Need 정리",
        "2024-03-02",
        "[]",
        None,
    )
    names = dict(rows(extracted, "select id, name from resources"))
    assert (
        names["url:https://nlp.seas.harvard.edu/annotated-transformer"]
        == "The Annotated Transformer"
    )
    assert names["github:tensorflow/tensor2tensor"] != "official"  # a generic anchor names nothing


def test_a_saved_page_in_its_declared_charset_without_navigation(extracted: Path) -> None:
    found = _mentions(extracted, "saved/blog-post.htm")
    assert found == [
        (14, None, "https://arxiv.org/pdf/1512.03385v1.pdf", "arxiv:1512.03385", "url"),
        (15, None, "YOLO", "arxiv:1506.02640", "name"),
        (
            15,
            None,
            "https://pjreddie.com/darknet/yolo/",
            "url:https://pjreddie.com/darknet/yolo",
            "url",
        ),
        (16, None, "https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ", "url"),
    ]  # fmt: skip: nav, aside, footer and scripts are not read
    format_, title, date, tags, _ = _note(extracted, "saved/blog-post.htm")
    assert (format_, title, date, tags) == (
        "html",
        "딥러닝 논문 읽기 - 내 블로그",
        "2021-09-17T10:00:00+09:00",
        '["paper"]',
    )
    assert rows(extracted, "select encoding from notes where path = 'saved/blog-post.htm'") == [
        ("cp949",)
    ]


def test_an_org_file(extracted: Path) -> None:
    found = _mentions(extracted, "emacs/reading.org")
    assert (10, None, "https://arxiv.org/abs/1406.2661", "arxiv:1406.2661", "url") in found
    assert (
        14,
        None,
        "https://github.com/NVlabs/stylegan",
        "github:nvlabs/stylegan",
        "url",
    ) in found
    assert (15, None, "https://arxiv.org/abs/1812.04948", "arxiv:1812.04948", "url") in found
    assert (17, None, "https://lilianweng.github.io/posts/2017-08-20-gan/",
            "url:https://lilianweng.github.io/posts/2017-08-20-gan", "url") in found  # fmt: skip
    # a source block is code: its URL counts, its names do not; so do `=verbatim=`
    # and `: fixed-width` lines
    assert (23, None, "https://github.com/pytorch/examples/tree/main/dcgan",
            "github:pytorch/examples", "url") in found  # fmt: skip
    surfaces = {surface for _, _, surface, _, _ in found}
    assert not surfaces & {"DCGAN", "ResNet", "CycleGAN", "pix2pix"}
    assert not any("gan-notes.org" in s for s in surfaces)  # a file: link is no resource
    assert _note(extracted, "emacs/reading.org") == (
        "org",
        "Reading notes: GAN 계열",
        "2024-03-04",
        '["generative", "reading"]',
        None,
    )


def test_a_sphinx_rst_page(extracted: Path) -> None:
    found = _mentions(extracted, "sphinx/transformers.rst")
    assert (11, None, "https://arxiv.org/abs/1706.03762", "arxiv:1706.03762", "url") in found
    assert (12, None, "arXiv:1810.04805", "arxiv:1810.04805", "arxiv") in found  # :arxiv: role
    assert (13, None, "doi:10.18653/v1/N18-1202", "doi:10.18653/v1/n18-1202", "doi") in found
    # `The Illustrated Transformer`_ uses the `.. _…: url` target below it
    assert (12, None, "The Illustrated Transformer",
            "url:https://jalammar.github.io/illustrated-transformer", "name") in found  # fmt: skip
    assert (24, None, "https://huggingface.co/bert-base-uncased",
            "url:https://huggingface.co/bert-base-uncased", "url") in found  # fmt: skip
    surfaces = [surface for line, _, surface, _, _ in found if line in range(20, 30)]
    assert "BERT" not in surfaces and "GPT-2" not in surfaces  # code and literal blocks
    assert not any("transformer_resideual" in s for _, _, s, _, _ in found)  # an image
    assert _note(extracted, "sphinx/transformers.rst") == (
        "rst",
        "Transformer 와 BERT 정리",
        "2024-02-10",
        '["nlp", "attention"]',
        None,
    )


def test_plain_text(extracted: Path) -> None:
    assert _mentions(extracted, "plain/reading-list.txt") == [
        (3, None, "ResNet", "arxiv:1512.03385", "name"),
        (3, None, "https://arxiv.org/abs/1512.03385", "arxiv:1512.03385", "url"),
        (4, None, "arXiv:1706.03762", "arxiv:1706.03762", "arxiv"),
        (4, None, "Transformer", "arxiv:1706.03762", "name"),
        (5, None, "doi 10.1038/nature14539", "doi:10.1038/nature14539", "doi"),
        (6, None, "distill.pub", "url:https://distill.pub/", "name"),
        (6, None, "paperswithcode.com", "url:https://paperswithcode.com/", "name"),
    ]
    assert _note(extracted, "plain/reading-list.txt") == ("text", "reading-list", None, "[]", None)


def test_every_surface_stands_on_its_file_line(extracted: Path) -> None:
    """Provenance: the recorded line of every mention holds what was written (a notebook's
    JSON escapes quotes; an org link's description stands where it was)."""
    for path, line, surface, source in rows(
        extracted, "select note_path, line, surface, source from mentions"
    ):
        text = (FORMATS / str(path)).read_bytes()
        encoding = "cp949" if str(path).endswith(".htm") else "utf-8"
        file_line = text.decode(encoding).split("\n")[int(str(line)) - 1]
        if source == "wikilink" and str(surface).startswith("[["):
            assert surface in file_line
        elif source in ("arxiv", "doi"):
            assert str(surface).split(":")[-1].split(" ")[-1] in file_line, (path, line, surface)
        else:
            assert str(surface).lower() in file_line.lower().replace("&amp;", "&"), (
                path,
                line,
                surface,
            )


def test_a_notebook_that_is_not_json_is_one_line_and_notes_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "broken.ipynb", '{"cells": [{"cell_type": "markdown", "source": ["# A"\n')
    write_note(notes, "ok.md", "https://arxiv.org/abs/1512.03385\n")
    result = runner.invoke(app, ["extract", str(notes), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "broken.ipynb" in line]
    assert len(errors) == 1
    assert "not a valid notebook: Expecting" in errors[0] and "(line 2" in errors[0]
    assert rows(tmp_path / "r.db", "select error from notes where path = 'broken.ipynb'")[0][
        0
    ].startswith("not a valid notebook")


def test_notebook_forms(tmp_path: Path) -> None:
    """nbformat 3 (worksheets, `input`, heading cells), a source written as one string,
    and a markdown cell with an unclosed fence that must not swallow the next cells."""
    v3 = {
        "nbformat": 3,
        "worksheets": [{"cells": [
            {"cell_type": "heading", "level": 1, "source": ["Old notebook"]},
            {"cell_type": "code", "input": ["# ResNet\n", "url = 'https://arxiv.org/abs/1512.03385'"]},
            {"cell_type": "markdown", "source": "Unclosed\n```\ncode"},
            {"cell_type": "markdown", "source": "BERT: https://arxiv.org/abs/1810.04805"},
        ]}],
    }  # fmt: skip
    rendered = render_notebook(json.dumps(v3, indent=1))
    assert not isinstance(rendered, str)
    assert rendered.title == "Old notebook"
    text = rendered.text.split("\n")
    assert text[-1] == "BERT: https://arxiv.org/abs/1810.04805"
    assert text.count("```") == 4  # the code cell's two, the cell's own and the added one
    assert rendered.places is not None and rendered.places[-1] == "cell 4, line 1"
    assert render_notebook("[1, 2]") == "not a valid notebook: not a JSON object"
    assert render_notebook("[" * 100_000).startswith("not a valid notebook")


def test_a_notebook_may_be_bigger_than_max_bytes_for_its_outputs(tmp_path: Path) -> None:
    payload = "A" * 3_000_000
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["[paper](https://arxiv.org/abs/1512.03385)"]},
            {"cell_type": "code", "source": [], "outputs": [{"data": {"image/png": payload}}]},
        ]
    }
    path = write_note(tmp_path, "big.ipynb", json.dumps(notebook))
    note = read_note(NotePath(path, "big.ipynb", tmp_path), max_bytes=1_000_000)
    assert note.error is None
    assert "arxiv.org/abs/1512.03385" in note.text and "AAAA" not in note.text
    refused = read_note(NotePath(path, "big.ipynb", tmp_path), max_bytes=100_000)
    assert refused.error is not None and refused.error.startswith("too large")


def test_formats_by_extension_and_notion_names() -> None:
    assert [
        format_of(p) for p in ("a.MD", "b.ipynb", "c.HTM", "d.org", "e.rst", "f.txt", "g.qmd")
    ] == ["markdown", "notebook", "html", "org", "rst", "text", "markdown"]
    assert clean_stem("Notion/Reading list 0123456789abcdef0123456789abcdef.md") == "Reading list"
    assert clean_stem("plain 0123.md") == "plain 0123"
    only = NoteFilter(include=("*.ipynb",))
    assert only.wants("course/a.ipynb") and not only.wants("a.md")
    wider = NoteFilter(include=("*.md", "*.qmd"))
    assert wider.wants("x/paper.qmd") and wider.wants("a.md") and not wider.wants("b.org")
    fewer = NoteFilter(exclude=("public", "*.txt"))
    assert not fewer.wants_folder("public") and fewer.wants_folder("content")
    assert not fewer.wants("notes.txt") and fewer.wants("notes.org")


def test_include_and_exclude_narrow_the_walk_and_forget_nothing_else(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(FORMATS, notes)
    db_path = tmp_path / "r.db"
    extract(notes, db_path, "-q", "--include", "*.ipynb")
    assert rows(db_path, "select path from notes") == [(NOTEBOOK,)]
    output = extract(notes, db_path, "--exclude", "vault", "--exclude", "*.txt")
    assert "8 new" not in output  # the notebook is known already
    paths = {p for (p,) in rows(db_path, "select path from notes")}
    assert NOTEBOOK in paths and "sphinx/transformers.rst" in paths
    assert not any(p.startswith("vault/") or p.endswith(".txt") for p in paths)
    # narrowing again forgets nothing it did not look for
    output = extract(notes, db_path, "--include", "*.org")
    assert "deleted" not in output
    assert len(rows(db_path, "select path from notes")) == len(paths)


@pytest.mark.parametrize(
    ("path", "edit", "gone", "added"),
    [
        (NOTEBOOK, ("kuangliu/pytorch-cifar", "weiaicunzai/pytorch-cifar100"),
         "github:kuangliu/pytorch-cifar", "github:weiaicunzai/pytorch-cifar100"),
        (NOTION, ("https://github.com/tensorflow/tensor2tensor", "https://github.com/google/trax"),
         "github:tensorflow/tensor2tensor", "github:google/trax"),
        ("emacs/reading.org", ("NVlabs/stylegan", "NVlabs/stylegan2"),
         "github:nvlabs/stylegan", "github:nvlabs/stylegan2"),
        ("sphinx/transformers.rst", (":doi:`10.18653/v1/N18-1202`", ":doi:`10.1000/xyz123`"),
         "doi:10.18653/v1/n18-1202", "doi:10.1000/xyz123"),
        ("plain/reading-list.txt", ("nature14539", "nature14540"),
         "doi:10.1038/nature14539", "doi:10.1038/nature14540"),
    ],
)  # fmt: skip
def test_incremental_rules_for_every_format(
    tmp_path: Path, path: str, edit: tuple[str, str], gone: str, added: str
) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(FORMATS, notes)
    db_path = tmp_path / "r.db"
    extract(notes, db_path, "-q")
    before = rows(db_path, "select count(*) from notes")[0][0]
    assert f"{before} unchanged" in extract(notes, db_path)  # nothing read again
    target = notes / path
    encoding = "cp949" if path.endswith(".htm") else "utf-8"
    text = target.read_text(encoding=encoding)
    assert edit[0] in text
    target.write_text(text.replace(edit[0], edit[1]), encoding=encoding)
    assert f"1 edited, {before - 1} unchanged" in extract(notes, db_path)
    ids = {
        rid
        for (rid,) in rows(db_path, f"select resource_id from mentions where note_path = '{path}'")
    }
    assert added in ids and gone not in ids  # the note's mentions are replaced
    target.unlink()
    assert "1 deleted" in extract(notes, db_path)
    assert rows(db_path, f"select count(*) from mentions where note_path = '{path}'") == [(0,)]
