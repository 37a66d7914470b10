"""Shared fixtures: an in-memory database, a notes folder, a clean environment."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlite_utils import Database

from readlist.db import prepare_db
from readlist.extract import find_mentions
from readlist.mentions import Mention
from readlist.names import Gazetteer
from readlist.notes import NotePath, read_note

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
# A real note from ../shared/samples, copied so the suite runs without shared/ beside it.
SAMPLE_NOTE = FIXTURES / "samples" / "boostcamp-day34-masterclass.md"

_PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "READLIST_DB",
)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One gazetteer cache for the whole run: built once, loaded by every later extract."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """Tests never see the developer's proxy, database or cache settings."""
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("READLIST_CACHE_DIR", str(cache_dir))


@pytest.fixture
def db() -> Iterator[Database]:
    database = prepare_db(Database(memory=True))
    yield database
    database.close()


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


@pytest.fixture
def small_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """READLIST_DATA pointing at the small test gazetteer (fixtures/gazetteer)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "gazetteer", data / "gazetteer")
    monkeypatch.setenv("READLIST_DATA", str(data))
    return data


@pytest.fixture
def no_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """READLIST_DATA pointing at an empty gazetteer: links only, no names."""
    empty = tmp_path / "empty-data"
    (empty / "gazetteer").mkdir(parents=True)
    monkeypatch.setenv("READLIST_DATA", str(empty))


def load_bench(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is no package), e.g. load_bench("names_eval")."""
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    """All rows of a query on a database file."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def extract(folder: Path, db_path: Path, *options: str) -> str:
    """`readlist extract FOLDER --db DB OPTIONS…` through the CLI, which must succeed; its
    output (the summary, unless -q)."""
    from typer.testing import CliRunner

    from readlist.cli import app

    result = CliRunner().invoke(app, ["extract", str(folder), "--db", str(db_path), *options])
    assert result.exit_code == 0, result.output
    return result.output


def write_note(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def mentions_in(folder: Path, name: str, text: str, gazetteer: Gazetteer) -> list[Mention]:
    """What extract finds in a note of `text` written to `folder/name`, read as extract reads it."""
    path = write_note(folder, name, text)
    return find_mentions(read_note(NotePath(path, name, folder)), gazetteer=gazetteer)


# The local HTTP server for enrich's integration tests (tests/http_server.py).
from .http_server import http_server, server  # noqa: E402, F401
