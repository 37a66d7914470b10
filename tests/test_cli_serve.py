"""`readlist serve`: the Datasette command it builds, and what Datasette then shows."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasette.app import Datasette
from typer.testing import CliRunner

from readlist import serve
from readlist.cli import app

from .conftest import REPO

runner = CliRunner()


@pytest.fixture
def sample_db(tmp_path: Path, no_gazetteer: None) -> Path:
    # links only: the counts below do not depend on names
    db_path = tmp_path / "readlist.db"
    result = runner.invoke(app, ["extract", str(REPO / "content"), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    return db_path


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'none.db'}: no database yet; run `readlist extract NOTES/` first"
    )


def test_serve_runs_datasette_on_loopback(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[list[str], Any]] = []

    def fake_datasette(args: list[str]) -> None:
        calls.append((args, yaml.safe_load(Path(args[7]).read_text(encoding="utf-8"))))

    monkeypatch.setattr(serve, "run_datasette", fake_datasette)
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["serve", "--db", str(sample_db), "--port", "9123"])
    assert result.exit_code == 0, result.output
    ((args, written),) = calls
    assert args[:6] == ["serve", str(sample_db), "--host", "127.0.0.1", "--port", "9123"]
    assert args[6] == "--metadata"
    assert "suggest_facets" not in args  # a small list keeps Datasette's suggestions
    assert not Path(args[7]).exists()  # the temporary metadata goes when the server stops
    assert written["title"] == "readlist"
    assert "resources" in written["databases"]["readlist"]["tables"]


def test_metadata_follows_the_database_name(tmp_path: Path) -> None:
    metadata = serve.metadata_for(tmp_path / "mine.db", REPO / "metadata.yml")
    assert list(metadata["databases"]) == ["mine"]


def _get(ds: Datasette, path: str) -> Any:
    async def fetch() -> Any:
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_datasette_facets_with_project_metadata(sample_db: Path) -> None:
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette([str(sample_db)], metadata=metadata)
    facets = _get(ds, "/readlist/resources.json")["facet_results"]
    assert {"kind", "domain", "status", "year"} <= set(facets)
    kinds = {row["value"]: row["count"] for row in facets["kind"]["results"]}
    assert kinds["paper"] >= 26 and kinds["repo"] == 9 and kinds["video"] == 4
    papers = _get(ds, "/readlist/resources.json?kind=paper&_shape=array&_size=max")
    assert {row["kind"] for row in papers} == {"paper"}


def test_large_lists_turn_off_facet_suggestions(tmp_path: Path) -> None:
    args = serve.datasette_args(tmp_path / "r.db", None, "127.0.0.1", 8001, False, 50_000)
    assert args[-3:] == ["--setting", "suggest_facets", "off"]


def test_a_port_in_use_is_one_clear_line(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    calls: list[list[str]] = []
    monkeypatch.setattr(serve, "run_datasette", calls.append)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(sample_db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: 127.0.0.1:{port}: cannot listen: already in use; "
        "choose another --port (0 picks a free one)"
    )
    assert calls == []  # Datasette never started


@pytest.mark.parametrize(
    ("options", "write"),
    [([], True), (["--read-only"], False), (["--host", "0.0.0.0"], False)],
)
def test_serve_takes_writes_only_on_loopback(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], write: bool
) -> None:
    written: list[Any] = []

    def fake_datasette(args: list[str]) -> None:
        metadata_file = Path(args[args.index("--metadata") + 1])
        written.append(yaml.safe_load(metadata_file.read_text(encoding="utf-8")))

    monkeypatch.setattr(serve, "run_datasette", fake_datasette)
    monkeypatch.setattr(serve, "check_port", lambda host, port: None)
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["serve", "--db", str(sample_db), *options])
    assert result.exit_code == 0, result.output
    assert written[0]["plugins"]["readlist"] == {"write": write}
