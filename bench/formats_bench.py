"""How long notes of other formats take to read (issue #21).

    python bench/formats_bench.py [--megabytes 20] [--runs 5]

Writes a course notebook of about --megabytes (a few markdown and code cells, and
plots as base64 PNG outputs: the bulk of a real notebook's bytes), then prints the
median wall time of `readlist extract` on it in a fresh process (start-up, gazetteer
cache, SQLite included), and of reading and searching it in this process. Then the
same in-process time for each fixture of tests/fixtures/formats/.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readlist.config import cache_dir, data_dir
from readlist.curation import build_gazetteer
from readlist.extract import find_mentions
from readlist.notes import NotePath, read_note

BENCH = Path(__file__).resolve().parent
FIXTURES = BENCH.parent / "tests" / "fixtures" / "formats"


def write_notebook(path: Path, megabytes: float) -> None:
    """A notebook of markdown, code and image outputs, nbformat's layout (indent=1)."""
    image = base64.b64encode(os.urandom(750_000)).decode()  # one 1 MB plot
    cells: list[dict[str, object]] = []
    number = 0
    while number < megabytes:  # one 1 MB plot per step
        number += 1
        cells.append(
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": [
                    f"## Step {number}\n",
                    "See the [ResNet paper](https://arxiv.org/abs/1512.03385) and BERT.\n",
                ],
            }
        )
        cells.append(
            {
                "cell_type": "code",
                "execution_count": number,
                "metadata": {},
                "outputs": [
                    {
                        "data": {"image/png": image, "text/plain": ["<Figure>"]},
                        "metadata": {},
                        "output_type": "display_data",
                    }
                ],
                "source": [
                    "!wget https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz\n",
                    "plt.plot(history)",
                ],
            }
        )
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def _in_process(path: Path, root: Path, runs: int) -> float:
    gazetteer = build_gazetteer(data_dir() / "gazetteer", root / "no-names.yaml", cache_dir())
    gazetteer.prepare()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        note = read_note(NotePath(path, path.relative_to(root).as_posix(), root))
        find_mentions(note, gazetteer=gazetteer)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        notes = Path(folder) / "course"
        notes.mkdir()
        notebook = notes / "lecture.ipynb"
        write_notebook(notebook, args.megabytes)
        size = notebook.stat().st_size / 1e6
        walls = []
        for run in range(args.runs):
            command = [sys.executable, "-m", "readlist", "extract", str(notes), "-q"]
            command += ["--db", str(Path(folder) / f"r{run}.db")]
            start = time.perf_counter()
            subprocess.run(command, check=True)
            walls.append(time.perf_counter() - start)
        print(f"notebook of {size:.1f} MB: readlist extract {statistics.median(walls):.2f} s wall")
        print(f"  read + find mentions in process: {_in_process(notebook, notes, args.runs):.3f} s")
        copy = Path(folder) / "fixtures"
        shutil.copytree(FIXTURES, copy)
        for path in sorted(p for p in copy.rglob("*") if p.suffix != ".png" and p.is_file()):
            took = _in_process(path, copy, args.runs)
            print(f"  {path.relative_to(copy)}: {took * 1000:.1f} ms")


if __name__ == "__main__":
    main()
