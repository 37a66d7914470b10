"""The extract summary says what happened in words a user expects, with plurals right,
and as JSON for scripts (issue #23)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.pipeline import ExtractSummary
from readlist.report import describe_extract, plural

from .conftest import write_note

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("no_gazetteer")


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # folders are named as the user typed them: notes/
    write_note(tmp_path, "notes/_posts/a.md", "https://a.org/1\n")
    write_note(tmp_path, "notes/_posts/b.md", "https://b.org/1\n")
    write_note(tmp_path, "notes/about.md", "https://c.org/1\n")
    return tmp_path


def _summary(*args: str) -> str:
    result = runner.invoke(app, ["extract", *args, "--db", "r.db"])
    assert result.exit_code == 0, result.output
    return result.stderr.strip()


def test_each_run_says_what_happened(blog: Path) -> None:
    assert _summary("notes") == "3 notes: 3 new; 3 resources, 3 mentions"
    assert _summary("notes") == "3 notes: 3 unchanged; 3 resources, 3 mentions"
    # The issue's case: the subfolder after the folder, nothing edited. Not "2 changed,
    # 2 deleted": the same two files, now recorded from notes/_posts.
    assert _summary("notes/_posts") == "2 notes: 2 taken over from notes/; 3 resources, 3 mentions"
    assert _summary("notes") == (
        "3 notes: 1 unchanged, 2 taken over from notes/_posts/; 3 resources, 3 mentions"
    )
    (blog / "notes/about.md").write_text("https://c.org/2\n", encoding="utf-8")
    (blog / "notes/_posts/b.md").unlink()
    assert _summary("notes") == "2 notes: 1 edited, 1 unchanged, 1 deleted; 2 resources, 2 mentions"
    assert _summary("notes", "--force") == "2 notes: 2 re-read; 2 resources, 2 mentions"
    (blog / "notes").rename(blog / "vault")
    assert _summary("vault") == "2 notes: 2 moved from notes/; 2 resources, 2 mentions"


def test_plurals_are_right(blog: Path) -> None:
    assert _summary("notes/about.md") == "1 note: 1 new; 1 resource, 1 mention"
    assert plural(0, "note") == "0 notes" and plural(2, "mention") == "2 mentions"


def test_notes_from_several_folders() -> None:
    summary = ExtractSummary(seen=4, taken_over=Counter({"/a": 2, "/b": 2}), resources=1)
    assert describe_extract(summary) == (
        "4 notes: 4 taken over from 2 other folders; 1 resource, 0 mentions"
    )
    assert describe_extract(ExtractSummary()) == "0 notes; 0 resources, 0 mentions"


def test_json_summary_for_scripts(blog: Path) -> None:
    (blog / "notes/bad.md").write_bytes(b"\x00\x01\x02PNG")
    result = runner.invoke(app, ["extract", "notes", "--db", "r.db", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "notes": 4,
        "new": 3,
        "edited": 0,
        "reread": 0,
        "unchanged": 0,
        "moved": 0,
        "taken_over": 0,
        "failed": 1,
        "deleted": 0,
        "resources": 3,
        "mentions": 3,
        "moved_from": [],
        "taken_over_from": [],
        "failures": [{"path": "bad.md", "reason": "binary file (contains NUL bytes)"}],
        "warnings": [],
    }
    # stderr keeps the one line per unreadable note, and no summary line
    assert result.stderr.strip() == "notes/bad.md: binary file (contains NUL bytes)"
