"""Copy the development set's notes out of local snapshots of their repositories.

    python bench/dev_set.py MIRRORS OUT [--set bench/blind2]

MIRRORS holds one git repository per source, as `owner+name/repo` (the fetch tool's
layout) or `owner+name` or `owner/name`; each note is `git show COMMIT:PATH`, cut to the
lines its SOURCES-*.md keeps, and written byte for byte to OUT with the labels beside it.
Two sets, labelled apart from the same guide: `d` notes (SOURCES-d.md, labels-d.yaml) and
`f` notes (SOURCES-f.md, labels-f.yaml). `--set bench/blind2` builds the second blind set
the same way (`g` notes), and `--set bench/blind3` the third (`j` notes): both are
measured, never read. A note whose repository is too large to snapshot is kept as a file
in the set's `kept/` folder (blind8's Microsoft courses) and copied as it is.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "dev_set"
# | file | repository | commit | path | lines kept | …
_ROW = re.compile(r"^\|\s*([a-z]\d\d[^|]*\.md)\s*\|" + r"\s*([^|]+?)\s*\|" * 4)
_RANGE = re.compile(r"(\d+)-(\d+)")


def sources(here: Path = HERE) -> list[tuple[str, str, str, str, str]]:
    """(note, repository, commit, path, lines kept) for every row of each SOURCES-*.md."""
    rows = []
    for listing in sorted(here.glob("SOURCES-*.md")):
        for line in listing.read_text(encoding="utf-8").splitlines():
            match = _ROW.match(line)
            if match:
                rows.append(tuple(part.strip().strip("`") for part in match.groups()))
    return rows  # type: ignore[return-value]


def _repository(mirrors: Path, name: str) -> Path:
    owner, repo = name.split("/", 1)
    for candidate in (
        mirrors / f"{owner}+{repo}" / "repo",
        mirrors / f"{owner}+{repo}",
        mirrors / owner / repo,
    ):
        if candidate.exists():
            return candidate
    raise SystemExit(f"{name}: no snapshot under {mirrors} (fetch it first)")


def build(mirrors: Path, out: Path, here: Path = HERE) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for note, name, commit, path, kept in sources(here):
        copy = here / "kept" / note
        if copy.exists():
            # a source over the snapshot limit: its notes are kept beside the labels
            shutil.copyfile(copy, out / note)
            continue
        repository = _repository(mirrors, name)
        shown = subprocess.run(
            ["git", "-C", str(repository), "show", f"{commit}:{path}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            raise SystemExit(f"{name}@{commit[:8]}:{path}: {shown.stderr.decode().strip()}")
        data = shown.stdout
        lines = _RANGE.match(kept)
        if lines and not kept.startswith("all"):
            first, last = int(lines.group(1)), int(lines.group(2))
            data = b"".join(data.splitlines(keepends=True)[first - 1 : last])
        (out / note).write_bytes(data)
    for extra in [*here.glob("labels-*.yaml"), *here.glob("SOURCES-*.md")]:
        shutil.copyfile(extra, out / extra.name)
    guide = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "blind" / "GUIDE.md"
    shutil.copyfile(guide, out / "GUIDE.md")
    return len(sources(here))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mirrors", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--set", type=Path, default=HERE, help="the folder of the set's files")
    args = parser.parse_args()
    print(f"{build(args.mirrors, args.out, args.set)} notes in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
