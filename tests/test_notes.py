"""Reading notes: encodings, front matter, and every kind of bad input as data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readlist import notes
from readlist.notes import NotePath, iter_note_paths, read_note

from .conftest import write_note


def _read(path: Path, root: Path, **kwargs: int) -> notes.Note:
    return read_note(NotePath(path, path.relative_to(root).as_posix(), root), **kwargs)


def test_front_matter_fields(notes_dir: Path) -> None:
    path = write_note(
        notes_dir,
        "a.md",
        (
            '---\ntitle: "Day_34 [마스터클래스]"\ndate: 2021-09-15\ncategories:\n'
            "  - Boostcamp/Week_7\ntags:\n  - 마스터클래스\n  - nlp\n---\n\n# Heading\nbody\n"
        ),
    )
    note = _read(path, notes_dir)
    assert (note.title, note.date, note.categories, note.tags, note.error, note.body_line) == (
        "Day_34 [마스터클래스]",
        "2021-09-15",
        ("Boostcamp/Week_7",),
        ("마스터클래스", "nlp"),
        None,
        10,
    )
    assert note.body.startswith("\n# Heading")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ('"nlp transformer"', ("nlp", "transformer")),
        ("nlp, cv", ("nlp", "cv")),
        ("[a, b, a]", ("a", "b")),
        ("'#obsidian #tag'", ("obsidian", "tag")),
    ],
)
def test_tags_as_string_or_list(notes_dir: Path, tags: str, expected: tuple[str, ...]) -> None:
    path = write_note(notes_dir, "t.md", f"---\ntags: {tags}\n---\nx\n")
    assert _read(path, notes_dir).tags == expected


def test_a_date_yaml_cannot_read_keeps_the_rest_of_the_front_matter(notes_dir: Path) -> None:
    path = write_note(
        notes_dir,
        "d.md",
        "---\ntitle: Review\ndate: 2021-13-45\ncategories: {a: b}\ntags: [nlp]\n---\nbody\n",
    )
    note = _read(path, notes_dir)
    # The date as written; a mapping is no list of categories; nothing else is lost.
    assert (note.title, note.date, note.categories, note.tags, note.error) == (
        "Review",
        "2021-13-45",
        (),
        ("nlp",),
        None,
    )
    dated = write_note(notes_dir, "e.md", "---\ndate: 2021-09-15 10:30:00 +09:00\n---\nx\n")
    assert _read(dated, notes_dir).date == "2021-09-15T10:30:00+09:00"  # real dates parse


def test_no_front_matter_title_from_heading(notes_dir: Path) -> None:
    path = write_note(notes_dir, "Attention.md", "# Attention Mechanism\n\n[[Transformer]]\n")
    note = _read(path, notes_dir)
    assert (note.title, note.body_line, note.error) == ("Attention Mechanism", 1, None)


def test_title_falls_back_to_file_name_and_date_to_jekyll_name(notes_dir: Path) -> None:
    path = write_note(notes_dir, "2021-08-10-day07.markdown", "text only\n")
    note = _read(path, notes_dir)
    assert (note.title, note.date) == ("2021-08-10-day07", "2021-08-10")


def test_toml_front_matter(notes_dir: Path) -> None:
    path = write_note(notes_dir, "hugo.md", '+++\ntitle = "Hugo post"\ntags = ["a"]\n+++\nbody\n')
    note = _read(path, notes_dir)
    assert (note.title, note.tags, note.body_line) == ("Hugo post", ("a",), 5)


def test_horizontal_rule_is_not_front_matter(notes_dir: Path) -> None:
    path = write_note(notes_dir, "hr.md", "---\n\nJust a rule above, no closing one.\n")
    note = _read(path, notes_dir)
    assert (note.error, note.body_line) == (None, 1)


def test_broken_yaml_keeps_the_body(notes_dir: Path) -> None:
    path = write_note(notes_dir, "broken.md", "---\ntitle: [unclosed\n---\nhttps://ruder.io\n")
    note = _read(path, notes_dir)
    assert note.error is not None
    assert note.error.startswith("broken front matter:")
    assert note.error.endswith("; body read anyway")
    assert note.body == "https://ruder.io\n"


def test_front_matter_that_is_not_a_mapping(notes_dir: Path) -> None:
    path = write_note(notes_dir, "list.md", "---\n- a\n- b\n---\nbody\n")
    assert _read(path, notes_dir).error == "front matter is not a mapping; body read anyway"


def test_yaml_alias_bomb_is_refused(notes_dir: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 12) + "]")
    path = write_note(notes_dir, "bomb.md", "---\n" + "\n".join(lines) + "\n---\nbody\n")
    note = _read(path, notes_dir)
    assert note.error == "front matter uses too many YAML aliases (refused); body read anyway"
    assert note.body == "body\n"


def test_cp949_note_is_decoded_and_recorded(notes_dir: Path) -> None:
    path = notes_dir / "euckr.md"
    path.write_bytes("# 마스터클래스\n논문 https://ruder.io 참고\n".encode("cp949"))
    note = _read(path, notes_dir)
    assert (note.encoding, note.error, note.title) == ("cp949", None, "마스터클래스")


def test_utf8_bom(notes_dir: Path) -> None:
    path = notes_dir / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: BOM\n---\nbody\n")
    note = _read(path, notes_dir)
    assert (note.encoding, note.title, note.error) == ("utf-8-sig", "BOM", None)


def test_utf16_with_bom(notes_dir: Path) -> None:
    path = notes_dir / "u16.md"
    path.write_bytes("# 제목\n".encode("utf-16"))
    note = _read(path, notes_dir)
    assert (note.encoding, note.title) == ("utf-16", "제목")


def test_crlf_line_endings(notes_dir: Path) -> None:
    path = notes_dir / "crlf.md"
    path.write_bytes(b"---\r\ntitle: CRLF\r\n---\r\nline\r\n")
    note = _read(path, notes_dir)
    assert (note.title, note.body) == ("CRLF", "line\n")


def test_binary_file(notes_dir: Path) -> None:
    path = notes_dir / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _read(path, notes_dir).error == "binary file (contains NUL bytes)"


def test_undecodable_bytes(notes_dir: Path) -> None:
    path = notes_dir / "latin.md"
    path.write_bytes(b"abc \xff\xfe\xfd")
    assert (
        _read(path, notes_dir).error == "not UTF-8 or CP949 (invalid byte 0xff at line 1, byte 4)"
    )


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        # an encoded surrogate (CESU-8, or Python's surrogatepass)
        (
            "논문 \ud800 https://ruder.io/a\n".encode("utf-8", "surrogatepass"),
            "논문 \ufffd\ufffd\ufffd https://ruder.io/a\n",
            "3 invalid UTF-8 bytes replaced (first at line 1, byte 7); read anyway",
        ),
        # a multibyte character cut short by an editor or a truncated copy
        (
            "딥러닝".encode()[:-1] + b" https://ruder.io/a\n",
            "딥러\ufffd https://ruder.io/a\n",
            "2 invalid UTF-8 bytes replaced (first at line 1, byte 6); read anyway",
        ),
        # a stray NUL, early in the file
        (
            b"# t\x00\nhttps://ruder.io/a\n",
            "# t \nhttps://ruder.io/a\n",
            "1 NUL byte replaced (first at line 1, byte 3); read anyway",
        ),
        # a BOM, then one bad byte: the offset counts the BOM
        (
            b"\xef\xbb\xbfab\xffc https://ruder.io/a",
            "ab\ufffdc https://ruder.io/a",
            "1 invalid UTF-8 byte replaced (first at line 1, byte 5); read anyway",
        ),
        # Latin-1 accents in an English note: a few bytes, replaced
        (
            b"caf\xe9 and na\xefve: https://ruder.io/a\n",
            "caf\ufffd and na\ufffdve: https://ruder.io/a\n",
            "2 invalid UTF-8 bytes replaced (first at line 1, byte 3); read anyway",
        ),
    ],
)
def test_a_few_bad_bytes_are_replaced_and_the_note_read(
    notes_dir: Path, data: bytes, text: str, warning: str
) -> None:
    path = notes_dir / "salvaged.md"
    path.write_bytes(data)
    note = _read(path, notes_dir)
    assert (note.text, note.error, note.warning, note.problem) == (text, None, warning, warning)


def test_a_salvaged_note_with_broken_front_matter_records_both(notes_dir: Path) -> None:
    path = notes_dir / "both.md"
    path.write_bytes(b"---\ntitle: [oops\n---\n\xff https://ruder.io/a\n")
    note = _read(path, notes_dir)
    assert note.problem == (
        "1 invalid UTF-8 byte replaced (first at line 4, byte 21); read anyway; "
        "broken front matter: did not find expected ',' or ']' (line 3); body read anyway"
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        # a PNG without a NUL for its first bytes: known by its signature
        (b"\x89PNG\r\n\x1a\n" + b"IHDR" * 50, "binary file (PNG image)"),
        (b"%PDF-1.7\n" + b"stream" * 50, "binary file (PDF document)"),
        (b"PK\x03\x04" + b"word/document.xml" * 10, "binary file (ZIP archive)"),
        (b"SQLite format 3\x00" + b"x" * 200, "binary file (SQLite database)"),
        # a large share of control bytes, no NUL
        (bytes(range(1, 32)) * 20, "binary file (control characters, not text)"),
        # UTF-16 without a BOM: a NUL every other byte
        ("https://ruder.io/a".encode("utf-16-le"), "binary file (contains NUL bytes)"),
    ],
)
def test_binary_files_are_refused_with_their_kind(notes_dir: Path, data: bytes, error: str) -> None:
    path = notes_dir / "binary.md"
    path.write_bytes(data)
    note = _read(path, notes_dir)
    assert (note.error, note.warning, note.text) == (error, None, "")


def test_empty_file_is_a_note_without_mentions(notes_dir: Path) -> None:
    path = write_note(notes_dir, "empty.md", "")
    note = _read(path, notes_dir)
    assert (note.error, note.text, note.title) == (None, "", "empty")


def test_huge_file_is_refused_without_reading_it(notes_dir: Path) -> None:
    path = notes_dir / "huge.md"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    note = _read(path, notes_dir)
    assert note.error == "too large (50.0 MB > 10.0 MB limit); raise --max-bytes to read it"
    assert note.hash is None


@pytest.mark.parametrize("limit", [10_000, 60])
def test_a_file_that_grows_after_stat_is_read_whole_or_refused(
    notes_dir: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    text = "# Grows\n\n" + "ResNet 논문 " * 4
    path = write_note(notes_dir, "grows.md", text)
    real_stat = os.stat

    def stat_before_the_write(target: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)  # type: ignore[call-overload]
        if Path(target) != path:  # type: ignore[arg-type]
            return result  # type: ignore[no-any-return]
        fields = list(result)
        fields[6] = 10  # st_size as it was before the editor wrote the rest
        return os.stat_result(fields)

    monkeypatch.setattr(notes.os, "stat", stat_before_the_write)
    note = _read(path, notes_dir, max_bytes=limit)
    if len(text.encode()) <= limit:
        assert (note.error, note.text, note.size) == (None, text, len(text.encode()))
    else:
        assert note.error == "too large (> 0.0 MB limit); raise --max-bytes"


def test_unreadable_file(notes_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_note(notes_dir, "secret.md", "x")
    if os.geteuid() == 0:  # root reads anything: make open() refuse as it would for a user

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(notes, "open", refuse, raising=False)
    else:
        path.chmod(0)
    assert _read(path, notes_dir).error == "permission denied"


def test_walk_finds_notes_and_skips_hidden(notes_dir: Path) -> None:
    names = (
        "b.md", "a.markdown", "sub/c.MD", ".obsidian/x.md", "img.png", "notes.txt",
        "requirements.txt", "LICENSE.txt", "_site/index.html", "course/lab.ipynb",
        "emacs.org", "sphinx.rst", "export.HTM", "node_modules/pkg/README.md",
    )  # fmt: skip
    for name in names:
        write_note(notes_dir, name, "x")
    assert [p.rel_path for p in iter_note_paths(notes_dir)] == [
        "a.markdown", "b.md", "emacs.org", "export.HTM", "notes.txt", "sphinx.rst",
        "course/lab.ipynb", "sub/c.MD",
    ]  # fmt: skip


def test_symlink_loop_and_outside_link(notes_dir: Path, tmp_path: Path) -> None:
    (notes_dir / "loop1.md").symlink_to(notes_dir / "loop2.md")
    (notes_dir / "loop2.md").symlink_to(notes_dir / "loop1.md")
    outside = write_note(tmp_path, "outside.md", "secret")
    (notes_dir / "out.md").symlink_to(outside)
    write_note(notes_dir, "real.md", "x")
    (notes_dir / "inside.md").symlink_to(notes_dir / "real.md")
    (notes_dir / "dirloop").symlink_to(notes_dir)
    found = {p.rel_path: p.error for p in iter_note_paths(notes_dir)}
    assert found == {
        "inside.md": None,
        "loop1.md": "symlink loop",
        "loop2.md": "symlink loop",
        "out.md": "symlink to a file outside the notes folder; use --follow-symlinks",
        "real.md": None,
    }
    followed = {p.rel_path: p.error for p in iter_note_paths(notes_dir, follow_symlinks=True)}
    assert followed["out.md"] is None
    assert not any(path.startswith("dirloop/dirloop") for path in followed)


@pytest.mark.parametrize(
    ("name", "front_matter", "expected"),
    [
        # a Hugo site (YAML or TOML): one string is one category, as Hugo keeps it
        ("content/posts/a.md", "---\ncategories: Deep Learning\n---\n", ("Deep Learning",)),
        ("content/posts/b.md", '+++\ncategories = "Deep Learning"\n+++\n', ("Deep Learning",)),
        (
            "notes/c.md",
            "---\ncategories: Deep Learning, 자연어 처리\n---\n",
            ("Deep Learning", "자연어 처리"),
        ),
        # Jekyll's own rule: `categories:` as a string in a post is split on whitespace
        ("_posts/2021-08-10-d.md", "---\ncategories: Deep Learning\n---\n", ("Deep", "Learning")),
        # ... but never the singular `category:`
        ("_posts/2021-08-10-e.md", "---\ncategory: Deep Learning\n---\n", ("Deep Learning",)),
        ("notes/f.md", "---\ncategories: [Deep Learning, NLP]\n---\n", ("Deep Learning", "NLP")),
    ],
)
def test_a_category_string_is_split_only_where_jekyll_splits_it(
    notes_dir: Path, name: str, front_matter: str, expected: tuple[str, ...]
) -> None:
    path = write_note(notes_dir, name, front_matter + "body\n")
    assert _read(path, notes_dir).categories == expected
