"""`readlist list` fits the terminal, one line per resource, and gives the same rows to
pipes as CSV, TSV or JSON (issue #23)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import REPO

runner = CliRunner()


@pytest.fixture(scope="module")
def content_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("list") / "r.db"
    result = runner.invoke(app, ["extract", str(REPO / "content"), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    marked = runner.invoke(
        app, ["mark", "Transformer", "reading", "--priority", "1", "--db", str(db_path)]
    )
    assert marked.exit_code == 0, marked.output
    return db_path


def _list(db_path: Path, *args: str, columns: int = 80) -> str:
    result = runner.invoke(
        app, ["list", "--db", str(db_path), "--limit", "0", *args], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _count(db_path: Path) -> int:
    return len(json.loads(_list(db_path, "--format", "json")))


def test_one_line_per_resource_at_80_columns(content_db: Path) -> None:
    lines = _list(content_db).splitlines()
    assert len(lines) == 1 + _count(content_db)  # a header, then one line each
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[0].split() == ["#", "status", "pri", "kind", "name", "year", "notes"]
    assert lines[1].split()[:5] == ["1", "reading", "1", "model", "Transformer"]
    assert any(line.rstrip().split("  ")[-1] and "…" in line for line in lines)  # names cut
    text = "\n".join(lines)
    assert "—" not in text and "url:" not in text and "arxiv:" not in text  # no address twice


def test_a_title_column_when_there_is_room(content_db: Path) -> None:
    wide = _list(content_db, columns=160).splitlines()
    assert wide[0].split() == ["#", "status", "pri", "kind", "name", "title", "year", "notes"]
    assert max(cell_len(line) for line in wide) <= 160
    assert "Attention Is All You Need" in wide[1]
    narrow = _list(content_db, columns=60).splitlines()
    assert "title" not in narrow[0] and max(cell_len(line) for line in narrow) <= 60


def test_the_same_rows_for_pipes(content_db: Path) -> None:
    rows = json.loads(_list(content_db, "--format", "json"))
    assert rows[0] == {
        "order": 1,
        "status": "reading",
        "priority": 1,
        "kind": "model",
        "name": "Transformer",
        "title": "Attention Is All You Need",
        "year": 2017,
        "notes": rows[0]["notes"],
        "id": "arxiv:1706.03762",
        "url": "https://arxiv.org/abs/1706.03762",
    }
    table = [line.split()[0] for line in _list(content_db).splitlines()[1:]]
    tsv = _list(content_db, "--format", "tsv").splitlines()
    assert tsv[0].split("\t") == list(rows[0])
    assert all(len(line.split("\t")) == 10 for line in tsv)
    parsed = list(csv.DictReader(io.StringIO(_list(content_db, "-f", "csv"))))
    ids = [row["id"] for row in rows]
    assert [line.split("\t")[8] for line in tsv[1:]] == ids == [row["id"] for row in parsed]
    assert table == [str(row["order"]) for row in rows]


def test_filters_and_limit_apply_to_every_format(content_db: Path) -> None:
    result = runner.invoke(
        app, ["list", "--db", str(content_db), "--kind", "paper", "--limit", "3", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 3 and {row["kind"] for row in rows} == {"paper"}
    assert result.stderr.endswith("more; --limit 0 shows all\n")
