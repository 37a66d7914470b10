"""Time and peak memory of `readlist export` on a large reading list, per format.

    python bench/export_bench.py [--resources 100000] [--mentions 1000000] [--db PATH]

Builds the database of bench/datasette_bench.py (readlist's own schema; 100,000 resources
with 1,000,000 mentions by default; kept when --db names a file that exists), then runs
`readlist export --include-done -f FORMAT -o FILE` once per format, each in a process of its
own, and prints the wall time, the peak resident memory of that process and the output's
size. Issue #19 asks that export's memory stay flat in the number of mentions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datasette_bench import build

FORMATS = ("csv", "json", "md", "bibtex", "csl")
# Runs one export and reports the peak RSS of that child alone (KiB on Linux).
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
wall = time.perf_counter() - started
print(code, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(db: Path, fmt: str, out: Path) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "readlist", "export", "--db", str(db), "--include-done"]
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command, "-f", fmt, "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    code, wall, rss_kib = result.stdout.split()
    if code != "0":
        raise SystemExit(f"export -f {fmt} failed: {result.stderr}")
    return float(wall), int(rss_kib) / 1024, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="database to use (built when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "export.db"
        if not db.exists():
            started = time.perf_counter()
            build(db, args.resources, args.mentions)
            print(
                f"built {args.resources:,} resources, {args.mentions:,} mentions "
                f"in {time.perf_counter() - started:.1f} s"
            )
        rows = {}
        for fmt in FORMATS:
            wall, peak_mb, size = measure(db, fmt, Path(tmp) / f"plan.{fmt}")
            rows[fmt] = {"wall_s": round(wall, 2), "peak_mb": round(peak_mb), "bytes": size}
            print(f"{fmt:7} {wall:6.2f} s  peak {peak_mb:6.0f} MB  {size / 1e6:7.1f} MB written")
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
