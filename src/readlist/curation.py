"""The user's own names, kept in a YAML file next to the database and applied on every extract.

    aliases:   {surface: canonical name}   "Res Net 계열" → ResNet
    ignore:    [names]                     never a resource ("Operation")
    names:     [entries]                   same format as data/gazetteer/*.yaml

`readlist alias`, `readlist ignore` and `readlist add-name` edit it; so can you.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from readlist import name_cache
from readlist.entries import (
    USER,
    Entry,
    gazetteer_files,
    merge_tiers,
    normalise_name,
    parse_common_words,
    parse_entries,
    parse_entry,
    read_gazetteer_files,
)
from readlist.errors import ReadlistError
from readlist.hangul import parse_spellings, with_korean_spellings
from readlist.names import Gazetteer
from readlist.notes import describe_yaml_error

# Ordinary words, English and Korean, beside the gazetteer folder (entries.py says how
# they are used); the one set holds both, as no English word is written in Hangul.
COMMON_WORDS_FILES = ("common-words.txt", "common-words-ko.txt")

_HEADER = (
    "# readlist: your own names, applied on every `readlist extract`.\n"
    "# Edited by `readlist alias`, `readlist ignore` and `readlist add-name`; edit it freely.\n"
)


@dataclass
class Curation:
    """What the user has said about names."""

    aliases: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    names: list[dict[str, Any]] = field(default_factory=list)


def curation_path(db_path: Path) -> Path:
    """`data/readlist.db` → `data/readlist.names.yaml`."""
    return db_path.with_name(db_path.stem + ".names.yaml")


def load_curation(path: Path) -> Curation:
    if not path.exists():
        return Curation()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReadlistError(
            f"{path}: cannot read your names file: {describe_yaml_error(exc)}"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadlistError(f"{path}: cannot read your names file: {exc}") from exc
    if not isinstance(data, dict):
        raise ReadlistError(f"{path}: expected a mapping with aliases, ignore and names")
    aliases = data.get("aliases") or {}
    ignore = data.get("ignore") or []
    names = data.get("names") or []
    if not isinstance(aliases, dict) or not isinstance(ignore, list) or not isinstance(names, list):
        raise ReadlistError(f"{path}: aliases is a mapping, ignore and names are lists")
    return Curation(
        aliases={str(k): str(v) for k, v in aliases.items()},
        ignore=[str(i) for i in ignore],
        names=[n for n in names if isinstance(n, dict)],
    )


def save_curation(path: Path, curation: Curation) -> None:
    body = yaml.safe_dump(
        {"aliases": curation.aliases, "ignore": curation.ignore, "names": curation.names},
        allow_unicode=True,
        sort_keys=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(_HEADER + body, encoding="utf-8")
    temporary.replace(path)  # never a half-written file


def build_gazetteer(
    gazetteer_dir: Path, curation_file: Path, cache_dir: Path | None = None
) -> Gazetteer:
    """The shipped gazetteer plus the user's names, aliases and ignores.

    Only the files' bytes are read now, for the fingerprint; they are parsed on first
    use (a rerun with no note to read never parses them: 60 ms of a 0.4 s no-op).
    A broken file is reported then, and its bytes have changed the fingerprint, so
    the next extract reads notes and gets there. With `cache_dir`, the parsed and
    prepared gazetteer is kept there between runs (see name_cache)."""
    files, digest = read_gazetteer_files(gazetteer_files(gazetteer_dir))
    common_words = b"\n".join(
        _read_or_empty(gazetteer_dir.parent / name) for name in COMMON_WORDS_FILES
    )
    hangul = _read_or_empty(gazetteer_dir.parent / "hangul-spellings.tsv")
    curation = load_curation(curation_file)

    def load() -> tuple[list[Entry], frozenset[str], frozenset[str]]:
        shipped = _shipped(files, hangul)
        # The user's entries come first: they win over a shipped entry for the same paper.
        entries = [
            replace(parse_entry(item, f"{curation_file.name} names entry {position}"), tier=USER)
            for position, item in enumerate(curation.names, start=1)
        ]
        entries = merge_tiers([*entries, *shipped])
        by_name = {normalise_name(e.name): i for i, e in enumerate(entries)}
        for surface, canonical in curation.aliases.items():
            index = by_name.get(normalise_name(canonical))
            if index is None:
                raise ReadlistError(
                    f"{curation_file}: alias {surface!r} points at {canonical!r}, which no "
                    "entry is called; add it with `readlist add-name`"
                )
            entries[index] = replace(entries[index], aliases=(*entries[index].aliases, surface))
        ignored = frozenset(normalise_name(i) for i in curation.ignore)
        return entries, ignored, parse_common_words(common_words)

    # Every input of the gazetteer is in the fingerprint, so it names the cache file too.
    fingerprint = f"{_fingerprint(digest, common_words + hangul)}:{_digest(curation)}"
    return Gazetteer(
        [],
        fingerprint=fingerprint,
        load=load,
        cache_file=name_cache.cache_file(cache_dir, [fingerprint.encode()]) if cache_dir else None,
    )


def read_shipped(gazetteer_dir: Path) -> tuple[list[Entry], list[Entry]]:
    """The shipped entries as read, and as used once the tiers are merged (no user's
    names): what `readlist gazetteer stats` counts."""
    files, _ = read_gazetteer_files(gazetteer_files(gazetteer_dir))
    parsed = _shipped(files, _read_or_empty(gazetteer_dir.parent / "hangul-spellings.tsv"))
    return parsed, merge_tiers(parsed)


def _shipped(files: list[tuple[Path, bytes]], hangul: bytes) -> list[Entry]:
    # Korean and mixed spellings of the shipped names (hangul.py); the user's names
    # are taken as they wrote them.
    return with_korean_spellings(parse_entries(files), parse_spellings(hangul))


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _fingerprint(files_digest: Any, common_words: bytes) -> str:
    """The shipped data's part of the fingerprint: gazetteer files, common words and
    Korean spellings."""
    digest = files_digest.copy()
    digest.update(common_words)
    return str(digest.hexdigest())


def find_entry(gazetteer: Gazetteer, name: str) -> Entry | None:
    key = normalise_name(name)
    for entry in gazetteer.loaded().entries:
        if any(normalise_name(s) == key for s in entry.spellings):
            return entry
    return None


def _digest(curation: Curation) -> str:
    import hashlib

    text = yaml.safe_dump(
        {"a": curation.aliases, "i": curation.ignore, "n": curation.names}, sort_keys=True
    )
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# The names file's three edits, one function each (the CLI parses, calls, reports) -------


def add_alias(path: Path, gazetteer_dir: Path, surface: str, canonical: str) -> str:
    """Record `surface` as another spelling of the known name `canonical`; returns the
    entry's own name. An unknown name is refused: an alias needs something to point at."""
    entry = find_entry(build_gazetteer(gazetteer_dir, path), canonical)
    if entry is None:
        raise ReadlistError(
            f"{canonical!r} is not a known name; add it first with `readlist add-name`"
        )
    curation = load_curation(path)
    curation.aliases[surface] = entry.name
    save_curation(path, curation)
    return entry.name


def add_ignore(path: Path, name: str) -> None:
    """Never take `name` as a resource again."""
    curation = load_curation(path)
    if name not in curation.ignore:
        curation.ignore.append(name)
    save_curation(path, curation)


def add_name(path: Path, item: dict[str, Any]) -> None:
    """Add (or replace, by name) an entry of the user's own; a bad id or kind is refused
    before anything is saved."""
    parse_entry(item, "add-name")
    curation = load_curation(path)
    name = str(item["name"])
    curation.names = [n for n in curation.names if str(n.get("name")) != name] + [item]
    save_curation(path, curation)
