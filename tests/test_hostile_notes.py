"""Notes written to hurt: huge lines, many links, deep nesting, NULs, bad bytes, YAML bombs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import rows as _rows

runner = CliRunner()


def _extract(notes: Path, db_path: Path) -> object:
    return runner.invoke(app, ["extract", str(notes), "--db", str(db_path)])


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


def test_one_megabyte_line(notes: Path, tmp_path: Path) -> None:
    line = ("가나다 abc " * 110_000) + "https://ruder.io/end " + ("x" * 1000)
    (notes / "long.md").write_text(line + "\n", encoding="utf-8")
    result = _extract(notes, tmp_path / "r.db")
    assert result.exit_code == 0, result.output
    (context,) = _rows(tmp_path / "r.db", "select context from mention_details")[0]
    assert "https://ruder.io/end" in str(context) and len(str(context)) <= 302


def test_hundred_thousand_links(notes: Path, tmp_path: Path) -> None:
    text = "\n".join(f"- https://site{i % 100}.org/p/{i}" for i in range(100_000))
    (notes / "links.md").write_text(text, encoding="utf-8")
    result = _extract(notes, tmp_path / "r.db")
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "r.db", "select count(*) from mentions") == [(100_000,)]


def test_deeply_nested_markdown(notes: Path, tmp_path: Path) -> None:
    nested = "> " * 5000 + "- " * 5000 + "[" * 20000 + "https://ruder.io/deep" + ")" * 20000
    brackets = "![" * 10000 + "](" * 10000 + "x"
    (notes / "nested.md").write_text(nested + "\n" + brackets + "\n", encoding="utf-8")
    result = _extract(notes, tmp_path / "r.db")
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "r.db", "select id from resources") == [("url:https://ruder.io/deep",)]


def test_nul_bytes_and_surrogates(notes: Path, tmp_path: Path) -> None:
    (notes / "nul-late.md").write_bytes(b"# ok\n" + b"a" * 9000 + b"\x00 https://ruder.io/nul\n")
    (notes / "surrogate.md").write_bytes(b"# s\n\xed\xa0\x80 https://ruder.io/s\n")
    (notes / "lone.md").write_text(
        "\udc80 https://ruder.io/lone\n", encoding="utf-8", errors="surrogateescape"
    )
    result = _extract(notes, tmp_path / "r.db")
    errors = dict(_rows(tmp_path / "r.db", "select path, error from notes"))
    # Each is read with the bad bytes replaced, says where, and keeps its link (issue #16).
    assert errors == {
        "nul-late.md": "1 NUL byte replaced (first at line 2, byte 9005); read anyway",
        "surrogate.md": "3 invalid UTF-8 bytes replaced (first at line 2, byte 4); read anyway",
        "lone.md": "1 invalid UTF-8 byte replaced (first at line 1, byte 0); read anyway",
    }
    assert {r[0] for r in _rows(tmp_path / "r.db", "select id from resources")} == {
        "url:https://ruder.io/nul",
        "url:https://ruder.io/s",
        "url:https://ruder.io/lone",
    }
    assert result.exit_code == 0, result.output  # read: warned about, not failed
    assert "Traceback" not in result.output


def test_yaml_billion_laughs(notes: Path, tmp_path: Path) -> None:
    # 9 ** 8 = 43 million "lol"s if anything expanded it; the tags point at the top level.
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("tags: *i")
    (notes / "small-bomb.md").write_text(
        "---\n" + "\n".join(lines) + "\n---\nhttps://ruder.io/b\n", encoding="utf-8"
    )
    # the same with more aliases than any real front matter uses is refused outright
    many = ["a: &a [1]"] + [f"k{i}: *a" for i in range(150)]
    (notes / "big-bomb.md").write_text(
        "---\n" + "\n".join(many) + "\n---\nhttps://ruder.io/c\n", encoding="utf-8"
    )
    result = _extract(notes, tmp_path / "r.db")
    assert result.exit_code == 1
    assert (
        "big-bomb.md: front matter uses too many YAML aliases (refused); body read anyway"
        in result.stderr
    )
    tags = dict(_rows(tmp_path / "r.db", "select path, tags from notes"))
    assert tags["small-bomb.md"] == "[]"  # nested lists are not tags; nothing was expanded
    assert {r[0] for r in _rows(tmp_path / "r.db", "select id from resources")} == {
        "url:https://ruder.io/b",
        "url:https://ruder.io/c",
    }


def test_symlink_out_of_the_folder_is_not_followed(notes: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "private.md").write_text("https://ruder.io/private\n", encoding="utf-8")
    (notes / "escape").symlink_to(secret)
    (notes / "escape.md").symlink_to(secret / "private.md")
    result = _extract(notes, tmp_path / "r.db")
    assert result.exit_code == 1
    assert _rows(tmp_path / "r.db", "select count(*) from resources") == [(0,)]
    followed = runner.invoke(
        app, ["extract", str(notes), "--db", str(tmp_path / "f.db"), "--follow-symlinks"]
    )
    assert followed.exit_code == 0, followed.output
    assert _rows(tmp_path / "f.db", "select id from resources") == [
        ("url:https://ruder.io/private",)
    ]


def test_many_links_ids_and_names_in_one_note_stay_linear(notes: Path, tmp_path: Path) -> None:
    """20,000 each of links, text ids and names on one note: every overlap check is a
    bisection, so this is seconds, not the hours a scan per candidate would take."""
    parts = [
        f"- https://site{i % 50}.org/p/{i} arXiv:2101.{i % 99999 + 1:05d} Res-Net BERT는 FooNet{i}"
        for i in range(20_000)
    ]
    (notes / "dense.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    result = _extract(notes, tmp_path / "r.db")
    assert result.exit_code == 0, result.output
    sources = dict(_rows(tmp_path / "r.db", "select source, count(*) from mentions group by 1"))
    assert sources["url"] == 20_000 and sources["arxiv"] == 20_000
    assert sources["name"] >= 40_000
