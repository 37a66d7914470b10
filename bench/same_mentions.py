"""A digest of every mention `find_mentions` returns, to show a speed-up changed nothing.

    python bench/same_mentions.py [--dev-set /tmp/dev-built] [--bench-notes 1500]

Over the first notes of the bench corpus (bench/out/corpus-1500, made with bench/corpus.py),
every note of tests/fixtures/labelled and content/, and the rebuilt development set
(`python bench/dev_set.py /work/.mirror /tmp/dev-built`), it hashes each mention's (path,
line, surface, source, target key, kind), and separately the whole record (the line's text,
column, place and every field of the target), per set and over all. Run it before and after
a change: the digests must be the same. Each set's vault aliases are its own notes'.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

from readlist.config import cache_dir, data_dir
from readlist.curation import build_gazetteer
from readlist.extract import find_mentions
from readlist.formats import NoteFilter
from readlist.notes import read_note
from readlist.obsidian import note_name
from readlist.walk import iter_note_paths

ROOT = Path(__file__).resolve().parent.parent


def _digests(folder: Path, gazetteer: object, limit: int | None) -> tuple[int, str, str]:
    paths = sorted(iter_note_paths(folder, False, NoteFilter()), key=lambda p: p.rel_path)
    if limit is not None:
        paths = paths[:limit]
    notes = [read_note(p) for p in paths]
    vault: dict[str, tuple[str, ...]] = {}
    for note in notes:
        if note.aliases:
            name = note_name(note.path)
            vault[name] = vault.get(name, ()) + note.aliases
    short, full = hashlib.sha256(), hashlib.sha256()
    count = 0
    for note in notes:
        for m in find_mentions(note, gazetteer=gazetteer, vault=vault):  # type: ignore[arg-type]
            count += 1
            fields = (m.note_path, m.line, m.surface, m.source, m.target.key, m.target.kind)
            short.update(repr(fields).encode())
            full.update(repr((m, m.context)).encode())
    return count, short.hexdigest()[:16], full.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-set", type=Path, default=Path("/tmp/dev-built"))
    parser.add_argument("--bench-notes", type=int, default=1500)
    args = parser.parse_args()
    corpus = ROOT / "bench" / "out" / f"corpus-{args.bench_notes}"
    if not corpus.exists():
        sys.exit(f"{corpus}: no corpus; python bench/corpus.py {corpus} --notes {args.bench_notes}")
    if not args.dev_set.exists():
        sys.exit(f"{args.dev_set}: no development set; python bench/dev_set.py /work/.mirror DIR")
    sets = [
        ("bench", corpus),
        ("labelled", ROOT / "tests" / "fixtures" / "labelled"),
        ("content", ROOT / "content"),
        ("dev_set", args.dev_set),
    ]
    with tempfile.TemporaryDirectory() as folder:
        gazetteer = build_gazetteer(
            data_dir() / "gazetteer", Path(folder) / "names.yaml", cache_dir()
        )
        gazetteer.prepare()
        total_short, total_full = hashlib.sha256(), hashlib.sha256()
        for label, path in sets:
            count, short, full = _digests(
                path, gazetteer, args.bench_notes if label == "bench" else None
            )
            total_short.update(short.encode())
            total_full.update(full.encode())
            print(f"{label:9} {count:7} mentions  {short}  full {full}")
        print(
            f"{'all':9} {'':7}           {total_short.hexdigest()[:16]}  full "
            f"{total_full.hexdigest()[:16]}"
        )


if __name__ == "__main__":
    main()
