"""`readlist stats` counts the notes that could not be read and names them; a note's
bad bytes are located by line as well as byte (issue #23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import write_note

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("no_gazetteer")


def test_stats_says_which_notes_could_not_be_read(notes_dir: Path, tmp_path: Path) -> None:
    write_note(notes_dir, "good.md", "https://a.org/1\n")
    (notes_dir / "copied.md").write_bytes(b"# Copied\n\nsee\n\xff https://b.org/2\n")
    (notes_dir / "figure.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    db_path = tmp_path / "r.db"
    extracted = runner.invoke(app, ["extract", str(notes_dir), "--db", str(db_path)])
    assert extracted.exit_code == 1
    assert "copied.md: 1 invalid UTF-8 byte replaced (first at line 4, byte 14); read anyway" in (
        extracted.stderr
    )
    result = runner.invoke(app, ["stats", "--db", str(db_path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "3 notes (1 could not be read, 1 read with bytes replaced), 2 resources, 2 mentions"
    )
    assert lines[-4:] == [
        "1 note could not be read:",
        "  figure.md: binary file (contains NUL bytes)",
        "1 note read with bytes replaced:",
        "  copied.md: 1 invalid UTF-8 byte replaced (first at line 4, byte 14); read anyway",
    ]


def test_stats_of_clean_notes_has_no_problem_lines(notes_dir: Path, tmp_path: Path) -> None:
    write_note(notes_dir, "good.md", "https://a.org/1\n")
    db_path = tmp_path / "r.db"
    assert (
        runner.invoke(app, ["extract", str(notes_dir), "--db", str(db_path), "-q"]).exit_code == 0
    )
    result = runner.invoke(app, ["stats", "--db", str(db_path)])
    assert result.stdout.splitlines()[0] == "1 note, 1 resource, 1 mention"
    assert "could not be read" not in result.stdout
