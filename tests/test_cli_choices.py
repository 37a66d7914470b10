"""Options that take one of a fixed set of values are checked alike: exit 2, one line,
the closest valid value suggested (issue #23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist import entries, schemes
from readlist.cli import app
from readlist.enrich import STAGES
from readlist.export import FORMATS
from readlist.plan import STATUSES

from .conftest import REPO, rows

runner = CliRunner()
KINDS = ", ".join(schemes.KINDS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--kind", "papers"],
            f"--kind must be one of {KINDS}, not 'papers'; did you mean 'paper'?",
        ),
        (
            ["export", "--kind", "modle"],
            f"--kind must be one of {KINDS}, not 'modle'; did you mean 'model'?",
        ),
        (
            ["list", "--status", "finished"],
            f"--status must be one of {', '.join(STATUSES)}, not 'finished'",
        ),
        (["export", "--status", "redaing"], "not 'redaing'; did you mean 'reading'?"),
        (
            ["export", "--format", "jsn"],
            f"--format must be one of {', '.join(FORMATS)}, not 'jsn'; did you mean 'json'?",
        ),
        (["export", "--format", "markdwn"], "not 'markdwn'; did you mean 'md'?"),
        (
            ["list", "--format", "tsb"],
            "--format must be one of table, csv, tsv, json, not 'tsb'; did you mean 'tsv'?",
        ),
        (
            ["enrich", "--only", "arxv"],
            f"--only must be one of {', '.join(STAGES)}, not 'arxv'; did you mean 'arxiv'?",
        ),
        (
            ["mark", "ResNet", "redaing"],
            "STATUS must be one of todo, reading, done, skip, not 'redaing'; did you mean 'reading'?",
        ),
        (
            ["add-name", "X", "--kind", "modle"],
            "--kind must be one of book, concept, dataset, model, org, paper, site, tool, not 'modle'; did you mean 'model'?",
        ),
    ],
)
def test_a_value_outside_the_set_is_a_usage_error(
    args: list[str], message: str, tmp_path: Path
) -> None:
    # No database is needed to refuse the option: it is checked before anything is opened.
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert not (tmp_path / "r.db").exists()


def test_any_case_and_other_names_are_taken(tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("https://distill.pub/2016/augmented-rnns/\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", str(notes), "--db", str(db_path), "-q"]).exit_code == 0
    result = runner.invoke(
        app, ["export", "--kind", "Page", "--format", "JSON", "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    assert '"id": "url:https://distill.pub/2016/augmented-rnns"' in result.stdout


def test_kinds_are_every_kind_extract_gives(tmp_path: Path) -> None:
    """KINDS is the one list `--kind` is checked against: every kind a scheme, the
    gazetteer or the bundled notes give is in it, so validation cannot drift."""
    assert {scheme.kind for scheme in schemes.SCHEMES.values()} <= set(schemes.KINDS)
    assert entries.KINDS.issubset(schemes.KINDS)
    db_path = tmp_path / "r.db"
    result = runner.invoke(app, ["extract", str(REPO / "content"), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    found = {kind for (kind,) in rows(db_path, "select distinct kind from resources")}
    assert found <= set(schemes.KINDS)
    assert len(found) >= 6  # the notes give most kinds: the check above means something
