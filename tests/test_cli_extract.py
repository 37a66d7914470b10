"""`readlist extract` end to end: the shipped notes, incremental runs, bad input."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import REPO, SAMPLE_NOTE, write_note
from .conftest import rows as _rows

runner = CliRunner()
CONTENT = REPO / "content"


# These tests are about links and notes: an empty gazetteer keeps names out of them
# (tests/test_cli_extract_names.py covers names over the same notes).
pytestmark = pytest.mark.usefixtures("no_gazetteer")


# Every link-derived resource in content/ and how many times the notes mention it,
# read off the notes by hand (see the notes for each line).
CONTENT_LINKED_RESOURCES = {
    "arxiv:1301.3781": 2,
    "arxiv:1312.6114": 1,
    "arxiv:1406.2661": 1,
    "arxiv:1409.0473": 2,
    "arxiv:1409.1556": 1,
    "arxiv:1412.6980": 1,
    "arxiv:1502.03167": 1,
    "arxiv:1505.07818": 1,
    "arxiv:1506.01497": 1,
    "arxiv:1506.02640": 1,
    "arxiv:1512.03385": 3,
    "arxiv:1607.06450": 1,
    "arxiv:1608.06993": 1,
    "arxiv:1704.04861": 1,
    "arxiv:1706.03762": 4,
    "arxiv:1709.01507": 1,
    "arxiv:1711.05101": 1,
    "arxiv:1810.04805": 2,
    "arxiv:1905.11946": 1,
    "arxiv:2005.12872": 1,
    "arxiv:2005.14165": 2,
    "arxiv:2006.11239": 1,
    "arxiv:2010.11929": 2,
    "arxiv:2105.01601": 2,
    "arxiv:2105.08050": 1,
    "arxiv:cs/0112017": 1,
    "doi:10.1038/nature14539": 1,
    "doi:10.1109/tvcg.2013.212": 1,
    "github:benfred/implicit": 1,
    "github:facebookresearch/detectron2": 1,
    "github:gokumohandas/made-with-ml": 1,
    "github:huggingface/transformers": 1,
    "github:microsoft/recommenders": 1,
    "github:open-mmlab/mmdetection": 1,
    "github:pytorch/vision": 1,
    "github:rwightman/pytorch-image-models": 2,
    "github:sebastianruder/nlp-progress": 1,
    "youtube:Lk9sF1aZ2qM": 1,
    "youtube:Mq2dKz7bW5s": 1,
    "youtube:Qp8kD2vRm4E": 1,
    "youtube:Xh3bT7nLw0c": 1,
    "url:https://arxiv-sanity.com/": 1,
    "url:https://ccr.sigcomm.org/online/files/p83-keshavA.pdf": 1,
    "url:https://cdn.openai.com/research-covers/language-unsupervised/language_understanding_paper.pdf": 1,
    "url:https://colah.github.io/posts/2015-08-Understanding-LSTMs": 1,
    "url:https://cs231n.stanford.edu/": 1,
    "url:https://distill.pub/": 2,
    "url:https://distill.pub/2016/augmented-rnns": 1,
    "url:https://en.wikipedia.org/wiki/Attention_(machine_learning)": 2,
    "url:https://en.wikipedia.org/wiki/Hungarian_algorithm": 1,
    "url:https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)": 1,
    "url:https://fastapi.tiangolo.com/": 1,
    "url:https://huggingface.co/blog/how-to-generate": 1,
    "url:https://jalammar.github.io/illustrated-transformer": 1,
    "url:https://jalammar.github.io/visualizing-neural-machine-translation-mechanics-of-seq2seq-models-with-attention": 1,
    "jmlr:v15/srivastava14a": 1,  # a paper host: its own key (issue #14)
    "url:https://karpathy.github.io/2015/05/21/rnn-effectiveness": 1,
    "url:https://lilianweng.github.io/": 1,
    "url:https://lilianweng.github.io/posts/2018-06-24-attention": 1,
    "url:https://lilianweng.github.io/posts/2021-07-11-diffusion-models": 1,
    "url:https://madewithml.com/": 1,
    "url:https://ml-ops.org/": 1,
    "url:https://mlflow.org/docs/latest/index.html": 1,
    "url:https://montreal.ai/": 1,
    "url:https://nlp.seas.harvard.edu/2018/04/03/attention.html": 1,
    "url:https://nlpprogress.com/": 1,
    "url:https://openai.com/blog/better-language-models": 1,
    "url:https://paperswithcode.com/": 2,
    "url:https://pytorch.org/docs": 1,
    "url:https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html": 1,
    "url:https://pytorch.org/docs/stable/optim.html": 1,
    "url:https://pytorch.org/tutorials": 1,
    "url:https://ruder.io/": 1,
    "url:https://ruder.io/optimizing-gradient-descent?ref=tfkr": 1,
    "url:https://surprise.readthedocs.io/en/stable": 1,
    "url:https://wandb.ai/site": 1,
    "url:https://web.stanford.edu/class/cs224n": 1,
    "url:https://www.deeplearning.ai/the-batch": 1,
    "url:https://www.deeplearningbook.org/": 2,
    "url:https://www.fast.ai/": 1,
}


def _dump(db_path: Path) -> list[tuple[object, ...]]:
    return (
        _rows(db_path, "select * from notes order by path")
        + _rows(db_path, "select * from resources order by id")
        + _rows(
            db_path,
            "select resource_id, note_path, line, surface, context from mention_details "
            "order by note_path, line, surface",
        )
    )


def _extract(*args: str) -> object:
    return runner.invoke(app, ["extract", *args])


def test_extract_content(tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    result = _extract(str(CONTENT), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    linked = dict(
        _rows(
            db_path,
            "select resource_id, count(*) from mentions where source in ('url', 'arxiv', 'doi') "
            "group by resource_id",
        )
    )
    assert linked == CONTENT_LINKED_RESOURCES
    notes = _rows(db_path, "select count(*), sum(error is not null) from notes")
    assert notes == [(13, 0)]
    # its mentions, exactly as stored: the surface as written and its line as context
    cnn = (CONTENT / "_posts/2021-08-25-day18-cnn-history.md").read_text().splitlines()
    papers = (CONTENT / "_posts/2021-09-17-how-to-read-papers.md").read_text().splitlines()
    assert _rows(
        db_path,
        "select note_path, line, surface, context from mention_details where "
        "resource_id = 'arxiv:1512.03385' order by note_path, line, surface",
    ) == [
        (
            "_posts/2021-08-25-day18-cnn-history.md",
            34,
            "https://arxiv.org/abs/1512.03385",
            cnn[33].strip(),
        ),
        (
            "_posts/2021-08-25-day18-cnn-history.md",
            34,
            "https://arxiv.org/pdf/1512.03385v1.pdf",
            cnn[33].strip(),
        ),
        (
            "_posts/2021-09-17-how-to-read-papers.md",
            52,
            "https://arxiv.org/abs/1512.03385",
            papers[51].strip(),
        ),
    ]
    assert "https://arxiv.org/abs/1512.03385에서" in cnn[33]
    note = _rows(
        db_path,
        "select title, date, categories, tags from notes where path = "
        "'_posts/2021-09-09-day29-transformer-bert.md'",
    )
    assert note == [
        (
            "Day_29 [NLP] Transformer 와 BERT (MLM, NSP)",
            "2021-09-09",
            '["Boostcamp_AI_Tech/Week_6/Day_29"]',
            '["nlp", "transformer"]',
        )
    ]
    assert "13 notes: 13 new; " in result.stderr


def test_kinds_and_no_assets(tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    _extract(str(CONTENT), "--db", str(db_path), "--quiet")
    kinds = dict(_rows(db_path, "select id, kind from resources"))
    assert kinds["arxiv:1512.03385"] == "paper"
    assert kinds["github:pytorch/vision"] == "repo"
    assert kinds["youtube:Lk9sF1aZ2qM"] == "video"
    assert kinds["url:https://arxiv-sanity.com/"] == "site"
    assert kinds["doi:10.1109/tvcg.2013.212"] == "paper"
    urls = [row[0] for row in _rows(db_path, "select coalesce(url, '') from resources")]
    assert not [u for u in urls if u.lower().endswith((".png", ".jpg", ".gif", ".svg"))]
    assert not [u for u in urls if "example.com" in u or "{{" in u]


def test_shared_sample_note(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(SAMPLE_NOTE, notes)
    db_path = tmp_path / "r.db"
    result = _extract(str(notes), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    resources = dict(_rows(db_path, "select id, kind from resources where id not like 'name:%'"))
    assert resources["github:sebastianruder/nlp-progress"] == "repo"
    assert resources["url:https://arxiv-sanity.com/"] == "site"
    assert not [r for r in resources if r.endswith(".png")]
    assert _rows(db_path, "select count(*) from mentions where surface like '%site.url%'") == [(0,)]


def test_rerun_changes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(CONTENT, notes)
    db_path = tmp_path / "r.db"
    _extract(str(notes), "--db", str(db_path), "--quiet")
    before = _dump(db_path)
    result = _extract(str(notes), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "13 notes: 13 unchanged; " in result.stderr
    assert _dump(db_path) == before


def test_touched_but_identical_note_is_unchanged(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(CONTENT, notes)
    db_path = tmp_path / "r.db"
    _extract(str(notes), "--db", str(db_path), "--quiet")
    path = next(notes.rglob("*.md"))
    path.write_bytes(path.read_bytes())  # new mtime, same bytes
    result = _extract(str(notes), "--db", str(db_path))
    assert "13 notes: 13 unchanged; " in result.stderr


def test_edit_and_delete(notes_dir: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    a = write_note(notes_dir, "a.md", "# A\nhttps://arxiv.org/abs/1512.03385\nhttps://ruder.io\n")
    write_note(notes_dir, "b.md", "# B\npaper: arxiv.org/pdf/1512.03385v2.pdf\n")
    _extract(str(notes_dir), "--db", str(db_path), "--quiet")
    assert dict(_rows(db_path, "select id, mention_count from resources")) == {
        "arxiv:1512.03385": 2,
        "url:https://ruder.io/": 1,
    }
    # the user has marked ruder.io; an edit removes its only mention
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "update resources set status = 'reading', user_note = 'later' "
            "where id = 'url:https://ruder.io/'"
        )
    a.write_text("# A\n\nnow https://distill.pub/2016/augmented-rnns/\n", encoding="utf-8")
    result = _extract(str(notes_dir), "--db", str(db_path))
    assert "2 notes: 1 edited, 1 unchanged; " in result.stderr
    assert _rows(
        db_path, "select resource_id, note_path, line from mentions order by note_path"
    ) == [
        ("url:https://distill.pub/2016/augmented-rnns", "a.md", 3),
        ("arxiv:1512.03385", "b.md", 2),
    ]
    assert _rows(
        db_path,
        "select id, mention_count, status, user_note from resources "
        "where id = 'url:https://ruder.io/'",
    ) == [
        ("url:https://ruder.io/", 0, "reading", "later"),
    ]
    (notes_dir / "b.md").unlink()
    result = _extract(str(notes_dir), "--db", str(db_path))
    assert "1 note: 1 unchanged, 1 deleted; " in result.stderr
    assert dict(_rows(db_path, "select id, mention_count from resources")) == {
        "url:https://distill.pub/2016/augmented-rnns": 1,
        "url:https://ruder.io/": 0,
    }
    assert _rows(db_path, "select path from notes") == [("a.md",)]


def test_second_folder_does_not_delete_the_first(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_note(one, "a.md", "https://ruder.io/a\n")
    write_note(two, "b.md", "https://ruder.io/b\n")
    db_path = tmp_path / "r.db"
    _extract(str(one), "--db", str(db_path), "--quiet")
    _extract(str(two), "--db", str(db_path), "--quiet")
    assert _rows(db_path, "select path from notes order by path") == [("a.md",), ("b.md",)]


def test_bad_input_is_reported_and_the_run_goes_on(notes_dir: Path, tmp_path: Path) -> None:
    (notes_dir / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    (notes_dir / "latin1.md").write_bytes(b"caf\xe9 \xff\xfe")
    (notes_dir / "euckr.md").write_bytes("논문 https://ruder.io/korean 참고\n".encode("euc-kr"))
    write_note(notes_dir, "broken.md", "---\ntitle: [oops\n---\nhttps://distill.pub/x\n")
    write_note(notes_dir, "empty.md", "")
    write_note(notes_dir, "good.md", "https://arxiv.org/abs/1706.03762\n")
    (notes_dir / "loop.md").symlink_to(notes_dir / "loop.md")
    with open(notes_dir / "huge.md", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    db_path = tmp_path / "r.db"
    result = _extract(str(notes_dir), "--db", str(db_path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    errors = sorted(line for line in lines if not line[0].isdigit())
    prefix = str(
        notes_dir.relative_to(Path.cwd()) if notes_dir.is_relative_to(Path.cwd()) else notes_dir
    )
    assert [line.split(": ", 1)[0] for line in errors] == [
        f"{prefix}/{name}" for name in ("binary.md", "broken.md", "huge.md", "latin1.md", "loop.md")
    ]
    assert lines[-1].startswith("8 notes: 3 new, 5 failed; ")
    stored = dict(_rows(db_path, "select path, error from notes"))
    assert stored["binary.md"] == "binary file (contains NUL bytes)"
    assert stored["latin1.md"].startswith("not UTF-8 or CP949")
    assert stored["loop.md"] == "symlink loop"
    assert stored["huge.md"].startswith("too large (50.0 MB")
    assert stored["broken.md"].startswith("broken front matter")
    assert stored["good.md"] is None and stored["empty.md"] is None and stored["euckr.md"] is None
    assert _rows(db_path, "select encoding from notes where path = 'euckr.md'") == [("cp949",)]
    assert dict(_rows(db_path, "select id, mention_count from resources")) == {
        "arxiv:1706.03762": 1,
        "url:https://distill.pub/x": 1,
        "url:https://ruder.io/korean": 1,
    }
    # the next run tries the failed files again, and still fails on them
    again = _extract(str(notes_dir), "--db", str(db_path))
    assert again.exit_code == 1
    assert "8 notes: 3 unchanged, 5 failed; " in again.stderr


def test_a_bad_byte_is_a_warning_and_a_png_is_refused(notes_dir: Path, tmp_path: Path) -> None:
    (notes_dir / "bad-byte.md").write_bytes(b"# Notes\n\xff see https://ruder.io/kept\n")
    (notes_dir / "figure.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    db_path = tmp_path / "r.db"
    result = _extract(str(notes_dir), "--db", str(db_path), "--quiet")
    # The PNG could not be read at all: exit 1, one line; the bad byte is one line too.
    assert result.exit_code == 1
    assert sorted(line.split("/")[-1] for line in result.stderr.strip().splitlines()) == [
        "bad-byte.md: 1 invalid UTF-8 byte replaced (first at line 2, byte 8); read anyway",
        "figure.md: binary file (contains NUL bytes)",
    ]
    assert _rows(db_path, "select id from resources") == [("url:https://ruder.io/kept",)]
    (notes_dir / "figure.md").unlink()
    again = _extract(str(notes_dir), "--db", str(db_path))
    assert again.exit_code == 0, again.output  # a warning alone does not fail the run
    # The warned note is read whole: unchanged, it is not read (nor warned about) again.
    assert again.stderr.strip().splitlines() == [
        "1 note: 1 unchanged, 1 deleted; 1 resource, 1 mention"
    ]
    assert _rows(db_path, "select error from notes") == [
        ("1 invalid UTF-8 byte replaced (first at line 2, byte 8); read anyway",)
    ]


def test_unreadable_note_keeps_its_mentions(
    notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_note(notes_dir, "a.md", "https://ruder.io/a\n")
    db_path = tmp_path / "r.db"
    _extract(str(notes_dir), "--db", str(db_path), "--quiet")
    path.write_text("https://ruder.io/a\nhttps://ruder.io/b\n", encoding="utf-8")
    from readlist import notes

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(notes, "open", refuse, raising=False)
    result = _extract(str(notes_dir), "--db", str(db_path))
    assert result.exit_code == 1
    assert "a.md: permission denied" in result.stderr
    assert _rows(db_path, "select resource_id from mentions") == [("url:https://ruder.io/a",)]
    monkeypatch.undo()
    assert _extract(str(notes_dir), "--db", str(db_path), "--quiet").exit_code == 0
    assert len(_rows(db_path, "select * from mentions")) == 2


def test_site_url_option(notes_dir: Path, tmp_path: Path) -> None:
    write_note(
        notes_dir, "a.md", "[prev]({{ site.url }}/2021/08/prev/)\n![]({{site.url}}/assets/x.png)\n"
    )
    db_path = tmp_path / "r.db"
    _extract(str(notes_dir), "--db", str(db_path), "--quiet")
    assert _rows(db_path, "select id from resources") == []
    result = _extract(str(notes_dir), "--db", str(db_path), "--site-url", "https://me.github.io")
    assert "1 note: 1 re-read; " in result.stderr  # a new --site-url re-reads every note
    assert _rows(db_path, "select id, url from resources") == [
        ("url:https://me.github.io/2021/08/prev", "https://me.github.io/2021/08/prev/"),
    ]


def test_single_file_argument(tmp_path: Path) -> None:
    note = write_note(tmp_path, "one.md", "https://ruder.io\n")
    db_path = tmp_path / "r.db"
    result = _extract(str(note), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert _rows(db_path, "select path from notes") == [("one.md",)]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = _extract(str(tmp_path / "nope"), "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope'}: no such file or folder"


def test_readlist_db_environment(
    notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_note(notes_dir, "a.md", "https://ruder.io\n")
    db_path = tmp_path / "env.db"
    monkeypatch.setenv("READLIST_DB", str(db_path))
    assert _extract(str(notes_dir), "--quiet").exit_code == 0
    assert _rows(db_path, "select count(*) from resources") == [(1,)]


def test_quiet_prints_nothing_on_success(notes_dir: Path, tmp_path: Path) -> None:
    write_note(notes_dir, "a.md", "https://ruder.io\n")
    result = _extract(str(notes_dir), "--db", str(tmp_path / "r.db"), "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def _extract_folders(db_path: Path, *folders: Path) -> object:
    return runner.invoke(app, ["extract", *map(str, folders), "--db", str(db_path)])


def test_a_moved_vault_is_the_same_notes(tmp_path: Path) -> None:
    old, db_path = tmp_path / "old-vault", tmp_path / "readlist.db"
    write_note(old, "a.md", "https://a.org/1 https://shared.org/x\n")
    write_note(old, "sub/b.md", "https://b.org/2 https://shared.org/x\n")
    write_note(old, "c.md", "https://c.org/3\n")
    assert _extract_folders(db_path, old).exit_code == 0  # type: ignore[attr-defined]
    with sqlite3.connect(db_path) as conn:
        conn.execute("update resources set status = 'done' where id = 'url:https://b.org/2'")

    new = tmp_path / "new-vault"
    old.rename(new)  # moved (mtimes kept), and on the way one note deleted, one added
    (new / "c.md").unlink()
    write_note(new, "d.md", "https://d.org/4\n")
    result = _extract_folders(db_path, new)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert _rows(db_path, "select path, root from notes order by path") == [
        ("a.md", str(new)),
        ("d.md", str(new)),
        ("sub/b.md", str(new)),
    ]
    assert _rows(db_path, "select id, mention_count, status from resources order by id") == [
        ("url:https://a.org/1", 1, "todo"),
        ("url:https://b.org/2", 1, "done"),
        ("url:https://d.org/4", 1, "todo"),
        ("url:https://shared.org/x", 2, "todo"),
    ]
    assert _rows(db_path, "select count(*) from mentions") == [(5,)]
    again = _extract_folders(db_path, new)
    assert "3 notes: 3 unchanged; " in again.output  # type: ignore[attr-defined]


def test_two_folders_with_the_same_relative_path_are_refused_not_mixed(tmp_path: Path) -> None:
    db_path = tmp_path / "readlist.db"
    first, second = tmp_path / "first", tmp_path / "second"
    write_note(first, "index.md", "https://first.org/1\n")
    write_note(first, "only-first.md", "https://first.org/2\n")
    write_note(second, "index.md", "https://second.org/1\n")
    for _ in range(2):  # in one run, and again on a rerun
        result = _extract_folders(db_path, first, second)
        assert result.exit_code == 1
        assert (
            f"{second / 'index.md'}: same path as {first / 'index.md'}, already extracted "
            "from another folder" in result.output  # type: ignore[attr-defined]
        )
        assert _rows(db_path, "select path, root from notes order by path") == [
            ("index.md", str(first)),
            ("only-first.md", str(first)),
        ]
        assert _rows(db_path, "select note_path, resource_id from mentions order by 1") == [
            ("index.md", "url:https://first.org/1"),
            ("only-first.md", "url:https://first.org/2"),
        ]
    # extracted alone later, the second folder is refused all the same
    assert _extract_folders(db_path, second).exit_code == 1  # type: ignore[attr-defined]
    assert _rows(db_path, "select count(*) from mentions") == [(2,)]


def test_a_folder_and_its_subfolder_never_count_a_note_twice(tmp_path: Path) -> None:
    blog, db_path = tmp_path / "blog", tmp_path / "readlist.db"
    write_note(blog, "_posts/x.md", "https://a.org/1\n")
    write_note(blog, "about.md", "https://b.org/2\n")
    # the posts first, then the whole blog, then the posts again, then the blog again:
    # (notes as (path, folder under blog), mentions per link) after each run
    steps = [
        (blog / "_posts", {("x.md", "_posts")}, {"url:https://a.org/1": 1}),
        (blog, {("_posts/x.md", "."), ("about.md", ".")}, None),
        (blog / "_posts", {("x.md", "_posts"), ("about.md", ".")}, None),
        (blog, {("_posts/x.md", "."), ("about.md", ".")}, None),
    ]
    both = {"url:https://a.org/1": 1, "url:https://b.org/2": 1}
    for folder, notes, mentions in steps:
        result = _extract_folders(db_path, folder)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        rows = _rows(db_path, "select path, root from notes")
        assert {(path, Path(root).relative_to(blog).as_posix()) for path, root in rows} == notes
        per_link = dict(_rows(db_path, "select resource_id, count(*) from mentions group by 1"))
        assert per_link == (mentions or both)
        assert dict(_rows(db_path, "select id, mention_count from resources")) == (mentions or both)
