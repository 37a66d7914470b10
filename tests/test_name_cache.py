"""The prepared gazetteer kept between runs: the same hits, rebuilt whenever an input changes,
and never a reason to fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readlist import name_cache
from readlist.curation import build_gazetteer
from readlist.extract import find_mentions
from readlist.names import Gazetteer
from readlist.notes import NotePath, iter_note_paths, read_note

from .conftest import REPO, SAMPLE_NOTE


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped data folder, free to edit."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data" / "gazetteer", folder / "gazetteer")
    shutil.copy(REPO / "data" / "common-words.txt", folder / "common-words.txt")
    return folder


def _build(data: Path, cache: Path, names_file: Path | None = None) -> Gazetteer:
    return build_gazetteer(
        data / "gazetteer", names_file or data.parent / "readlist.names.yaml", cache
    )


def _forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: Gazetteer) -> None:
        raise AssertionError("built again instead of loaded from the cache")

    monkeypatch.setattr(Gazetteer, "_build", fail)


def _mentions(gazetteer: Gazetteer) -> list[tuple[str, int, str, str]]:
    paths: list[NotePath] = [*iter_note_paths(REPO / "content")]
    paths += iter_note_paths(SAMPLE_NOTE)
    found = []
    for note_path in paths:
        note = read_note(note_path)
        for mention in find_mentions(note, gazetteer=gazetteer):
            found.append((note.path, mention.line, mention.surface, mention.target.key))
    return found


def test_a_second_run_loads_what_the_first_built(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    built = _build(data, cache).prepare()
    expected = _mentions(built)
    assert len([m for m in expected if not m[3].startswith("url:")]) > 100
    assert [p.name for p in cache.iterdir()] == [built.cache_file.name]  # type: ignore[union-attr]
    assert (cache.stat().st_mode & 0o777) == 0o700  # a pickle is code: the user's alone

    _forbid_building(monkeypatch)
    loaded = _build(data, cache).prepare()
    assert list(loaded.entries) == list(built.entries)
    assert loaded.fingerprint == built.fingerprint
    assert _mentions(loaded) == expected


def test_every_input_has_its_own_file(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    names_file = tmp_path / "readlist.names.yaml"
    first = _build(data, cache, names_file).prepare()

    names_file.write_text("aliases:\n  레즈넷: ResNet\n", encoding="utf-8")
    with_alias = _build(data, cache, names_file).prepare()
    assert with_alias.cache_file != first.cache_file
    assert [h.entry.name for h in with_alias.find("레즈넷 구조")] == ["ResNet"]

    with (data / "common-words.txt").open("a", encoding="utf-8") as words:
        words.write("transformer\n")  # now a common word: "transformer" alone is no match
    fewer = _build(data, cache, names_file).prepare()
    assert fewer.cache_file not in (first.cache_file, with_alias.cache_file)
    assert fewer.fingerprint != with_alias.fingerprint  # and extract reads every note again

    vision = data / "gazetteer" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = _build(data, cache, names_file).prepare()
    assert edited.cache_file not in (first.cache_file, with_alias.cache_file, fewer.cache_file)
    assert len(list(cache.iterdir())) == 4


def test_only_the_newest_few_are_kept(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    names_file = tmp_path / "readlist.names.yaml"
    files = []
    for number in range(6):
        names_file.write_text(f"ignore: [Name{number}]\n", encoding="utf-8")
        files.append(_build(data, cache, names_file).prepare().cache_file)
    assert sorted(cache.iterdir()) == sorted(files[-4:])  # type: ignore[type-var]


def test_a_damaged_cache_is_rebuilt(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = _build(data, cache).prepare()
    assert built.cache_file is not None
    built.cache_file.write_bytes(built.cache_file.read_bytes()[:1000])  # cut short
    again = _build(data, cache).prepare()
    assert _mentions(again) == _mentions(built)
    assert name_cache.load_state(built.cache_file) is not None  # written whole again

    built.cache_file.write_bytes(b"not a pickle at all")
    assert _build(data, cache).prepare().entries == built.entries


def test_an_unwritable_cache_folder_costs_only_time(data: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    gazetteer = _build(data, blocked / "cache").prepare()
    assert [h.entry.name for h in gazetteer.find("ResNet and BERT")] == ["ResNet", "BERT"]


def test_extract_keeps_it_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from readlist.cli import app

    cache = tmp_path / "own-cache"
    monkeypatch.setenv("READLIST_CACHE_DIR", str(cache))
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("ResNet and BERT, https://ruder.io/x\n", encoding="utf-8")
    db_path = str(tmp_path / "r.db")
    first = CliRunner().invoke(app, ["extract", str(notes), "--db", db_path, "-q"])
    assert first.exit_code == 0, first.output
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1

    _forbid_building(monkeypatch)
    (notes / "b.md").write_text("GPT-3 and ResNet\n", encoding="utf-8")
    second = CliRunner().invoke(app, ["extract", str(notes), "--db", db_path, "-q"])
    assert second.exit_code == 0, second.output
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readlist.config import cache_dir

    monkeypatch.setenv("READLIST_CACHE_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "own"
    monkeypatch.delenv("READLIST_CACHE_DIR")
    assert cache_dir() == tmp_path / "xdg" / "readlist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "readlist"

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache_dir() is None  # then nothing is kept, and extract works all the same
    assert _build(REPO / "data", None).prepare().find("ResNet")  # type: ignore[arg-type]
