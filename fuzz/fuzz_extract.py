"""Coverage-guided fuzzing (atheris) of the note parser and the URL, id and name finders.

    pip install atheris
    mkdir -p fuzz/corpus && cp content/_posts/*.md fuzz/corpus/
    python fuzz/fuzz_extract.py -max_total_time=600 fuzz/corpus

Any input that makes decoding, front matter parsing or extraction raise, or breaks the
invariant that a mention's surface stands on its recorded line, is a crash: libFuzzer
writes it to crash-<hash>; copy it to tests/fixtures/fuzz/NAME.bin so the suite keeps it
(tests/test_fuzz_regressions.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from readlist.curation import build_gazetteer
    from readlist.extract import find_mentions
    from readlist.notes import Note, decode_bytes, parse_note_text

REPO = Path(__file__).resolve().parents[1]
GAZETTEER = build_gazetteer(REPO / "data" / "gazetteer", REPO / "fuzz" / "no-names.yaml")


def check(data: bytes) -> None:
    """The property the fuzzer and tests/test_fuzz_regressions.py both hold extraction to."""
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        return
    text, _ = decoded
    note = parse_note_text(Note(path="fuzz.md", root="/"), text)
    lines = text.split("\n")
    for mention in find_mentions(note, site_url="https://me.github.io", gazetteer=GAZETTEER):
        if mention.surface not in lines[mention.line - 1]:
            raise AssertionError(f"{mention.surface!r} is not on line {mention.line}")


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
