"""What each part of a full extract costs, one part at a time, in one process.

    python bench/floors.py [--notes 10000]

Over the bench corpus (bench/corpus.py, made by extract_bench.py), each part runs
alone over every note and is timed with nothing else in the process: reading and
decoding, front matter, each finder, resolving, the SQLite rows (lines, mentions,
resources, notes, topics; search index off) and the trigram index of the lines. A
part's figure is the least a full extract can spend on it on one core; a full
extract spreads the finders over two worker processes while the writer writes.
Times are CPU seconds of the process (user + system).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from readlist import db, pipeline
from readlist.citations import find_citations
from readlist.config import cache_dir, data_dir
from readlist.curation import build_gazetteer
from readlist.extract import find_mentions
from readlist.formats import NoteFilter
from readlist.ids import classify_url, find_text_ids
from readlist.mentions import Mention
from readlist.notes import _load_front_matter as load_front_matter
from readlist.notes import _split_front_matter as split_front_matter
from readlist.notes import decode_bytes, read_note
from readlist.resolve import resolve
from readlist.urls import UrlHit, code_spans, find_urls
from readlist.walk import iter_note_paths

BENCH = Path(__file__).resolve().parent
ONE_REGEX = re.compile(r"https?://[^\s<>\"\])]+")


def _timed(label: str, work: Callable[[], object], rows: list[tuple[str, float]]) -> None:
    # CPU time, not wall: on a machine shared with other work a part's floor is what it
    # costs the process, not how long it waited for a core.
    started = time.process_time()
    work()
    rows.append((label, time.process_time() - started))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    corpus = args.corpus or BENCH / "out" / f"corpus-{args.notes}"
    if not corpus.exists():
        sys.exit(f"{corpus}: no corpus; run bench/extract_bench.py --sizes {args.notes} first")
    with tempfile.TemporaryDirectory() as folder:
        gazetteer = build_gazetteer(
            data_dir() / "gazetteer", Path(folder) / "names.yaml", cache_dir()
        )
        gazetteer.prepare()
        paths = sorted(iter_note_paths(corpus, False, NoteFilter()), key=lambda p: p.rel_path)
        rows: list[tuple[str, float]] = []
        datas: list[bytes] = []
        _timed(
            "reading the files",
            lambda: datas.extend(Path(p.abs_path).read_bytes() for p in paths),
            rows,
        )
        _timed("decoding (UTF-8, checks)", lambda: [decode_bytes(d) for d in datas], rows)
        texts = [d.decode("utf-8", "replace") for d in datas]
        splits = [split_front_matter(t) for t in texts]
        _timed(
            "front matter (YAML)",
            lambda: [load_front_matter(s[0], s[1]) for s in splits if s],
            rows,
        )
        notes = [read_note(p) for p in paths]
        _timed(
            "read_note in all (the above, titles, hash)", lambda: list(map(read_note, paths)), rows
        )
        bodies = [n.body for n in notes]
        _timed(
            "one compiled regex (URL-only, for scale)",
            lambda: [ONE_REGEX.findall(b) for b in bodies],
            rows,
        )
        _timed("code spans", lambda: [code_spans(b) for b in bodies], rows)
        hits: list[list[UrlHit]] = []
        _timed("find_urls", lambda: hits.extend(find_urls(b) for b in bodies), rows)
        classify_url.cache_clear()
        _timed(
            "classify_url (cached per URL string)",
            lambda: [classify_url(h.url) for note_hits in hits for h in note_hits],
            rows,
        )
        _timed(
            "find_text_ids (arXiv ids, DOIs)",
            lambda: [
                find_text_ids(b, [(h.start, h.end) for h in note_hits])
                for b, note_hits in zip(bodies, hits, strict=True)
            ],
            rows,
        )
        _timed("gazetteer scan (names)", lambda: [gazetteer.scan(b) for b in bodies], rows)
        _timed("citations", lambda: [find_citations(b) for b in bodies], rows)
        mentions: list[list[Mention]] = []
        classify_url.cache_clear()
        _timed(
            "find_mentions in all (every finder, candidates, titles)",
            lambda: mentions.extend(find_mentions(n, gazetteer=gazetteer) for n in notes),
            rows,
        )
        extracted: list[pipeline.Extracted] = []

        def resolve_all() -> None:
            for note, found in zip(notes, mentions, strict=True):
                extracted.append((note, db.mention_rows(found), resolve(found), []))

        _timed("resolve and rows", resolve_all, rows)
        database = db.open_db(Path(folder) / "floors.db")
        db.suspend_search_index(database, ["resources", "lines"])
        db.suspend_indexes(database, ["resources", "mention_rows", "lines"])
        writes = [
            db.NoteWrite(note, list(found or []), dict(res or {}), is_new=True)
            for note, found, res, _ in extracted
        ]
        # the rows only: the writer's own indexing of the lines is measured apart
        index_search = db._mention_triggers_suspended
        db._mention_triggers_suspended = lambda database: False  # type: ignore[assignment]

        def save() -> None:
            for start in range(0, len(writes), 500):
                with db.write_transaction(database):
                    db.save_notes(database, writes[start : start + 500], set())

        _timed("SQLite rows (500 notes a transaction)", save, rows)
        db._mention_triggers_suspended = index_search
        _timed(
            "trigram index of the lines",
            lambda: database.execute(
                "insert into lines_fts (rowid, text) select id, text from lines"
            ),
            rows,
        )
        database.conn.commit()
        _timed(
            "secondary indexes, made at the end",
            lambda: db.resume_suspended(database, rebuild=["resources"]),
            rows,
        )
        database.close()
    count = len(paths)
    megabytes = sum(len(d) for d in datas) / 1e6
    print(f"# {count:,} notes, {megabytes:.0f} MB; one process, one core, CPU seconds")
    print(f"{'part':58} {'s':>7} {'ms/note':>8}")
    for label, seconds in rows:
        print(f"{label:58} {seconds:7.2f} {seconds / count * 1000:8.3f}")
    print(
        f"(median of per-part ms/note: {statistics.median(s / count * 1000 for _, s in rows):.3f})"
    )


if __name__ == "__main__":
    main()
