"""`readlist alias`, `ignore` and `add-name`: the user's names survive and apply on extract."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import rows as _rows
from .conftest import write_note

runner = CliRunner()


def _run(*args: str) -> object:
    result = runner.invoke(app, list(args))
    return result


def test_alias_ignore_add_name(small_data: Path, notes_dir: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    write_note(
        notes_dir, "a.md", "- 레즈넷 구조\n- GRU 와 LSTM\n- FooNet 도 있음\n- TinyNet 모델\n"
    )
    assert _run("extract", str(notes_dir), "--db", str(db_path), "-q").exit_code == 0
    assert _rows(db_path, "select id, kind, name, confidence from resources order by id") == [
        ("arxiv:1406.1078", "model", "GRU", 1.0),
        ("name:foonet", "model", "FooNet", 0.7),
        ("name:tinynet", "model", "TinyNet", 0.7),
    ]

    result = _run("alias", "레즈넷", "Res-Net", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "레즈넷 → ResNet" in result.stderr
    assert _run("ignore", "GRU", "--db", str(db_path)).exit_code == 0
    result = _run(
        "add-name",
        "FooNet",
        "--kind",
        "model",
        "--arxiv",
        "2105.08050v2",
        "--year",
        "2021",
        "--alias",
        "Foo Network",
        "--db",
        str(db_path),
    )
    assert result.exit_code == 0, result.output

    names_file = tmp_path / "r.names.yaml"
    saved = yaml.safe_load(names_file.read_text(encoding="utf-8"))
    assert saved == {
        "aliases": {"레즈넷": "ResNet"},
        "ignore": ["GRU"],
        "names": [
            {
                "name": "FooNet",
                "kind": "model",
                "arxiv": "2105.08050v2",
                "year": 2021,
                "aliases": ["Foo Network"],
            }
        ],
    }
    result = _run("extract", str(notes_dir), "--db", str(db_path))
    assert "1 note: 1 re-read; " in result.stderr  # the names changed, so it is read again
    assert _rows(db_path, "select id, kind, name, confidence from resources order by id") == [
        ("arxiv:1512.03385", "model", "ResNet", 1.0),
        ("arxiv:2105.08050", "model", "FooNet", 1.0),
        ("name:tinynet", "model", "TinyNet", 0.7),
    ]


def test_alias_to_an_unknown_name(small_data: Path, tmp_path: Path) -> None:
    result = _run("alias", "x", "Nothing Like This", "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: 'Nothing Like This' is not a known name; add it first with `readlist add-name`"
    )


def test_add_name_refuses_a_bad_id(small_data: Path, tmp_path: Path) -> None:
    result = _run("add-name", "X", "--arxiv", "12.34", "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: add-name (X): '12.34' is not an arXiv id"
    assert not (tmp_path / "r.names.yaml").exists()


def test_broken_names_file_is_one_line(small_data: Path, notes_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "r.names.yaml").write_text("aliases: [unclosed\n", encoding="utf-8")
    write_note(notes_dir, "a.md", "x\n")
    result = _run("extract", str(notes_dir), "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(
        f"error: {tmp_path / 'r.names.yaml'}: cannot read your names file"
    )


def test_a_hand_edited_alias_to_an_unknown_name_stops_extract(
    small_data: Path, notes_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "r.names.yaml").write_text("aliases:\n  레즈: No Such Net\n", encoding="utf-8")
    write_note(notes_dir, "a.md", "ResNet 논문\n")
    result = _run("extract", str(notes_dir), "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'r.names.yaml'}: alias '레즈' points at 'No Such Net', which no "
        "entry is called; add it with `readlist add-name`"
    )


def test_a_broken_gazetteer_file_is_reported_when_notes_are_read(
    small_data: Path, notes_dir: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "r.db"
    write_note(notes_dir, "a.md", "ResNet 논문\n")
    assert _run("extract", str(notes_dir), "--db", str(db_path), "-q").exit_code == 0
    broken = small_data / "gazetteer" / "zz-extra.yaml"
    broken.write_text("- name: [unclosed\n", encoding="utf-8")
    # The files are parsed on first use; their new bytes make every note due again.
    result = _run("extract", str(notes_dir), "--db", str(db_path))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"error: {broken}: cannot read gazetteer")
    assert _rows(db_path, "select resource_id from mentions") == [("arxiv:1512.03385",)]
