"""readlist extract against the URL-only libraries a user would otherwise script together.

    python bench/extract_bench.py [--sizes 1000,10000] [--runs 3]      (or: make bench)

For each corpus size (bench/corpus.py, deterministic) it times, in separate processes:
readlist's full extract (URLs, names, front matter, SQLite), a no-op rerun, a rerun after
editing 1 % of the notes, and URL-only passes with urlextract, linkify-it-py, one compiled
regular expression and ripgrep (`rg -o`) as the floor. It prints the median wall time,
notes/s, MB/s, peak memory (PSS of the whole process tree: extract's worker processes
count, pages they share with the parent once), the ratio to readlist's full extract,
and URL precision and recall against the URLs the generator planted (compared as
readlist keys, so `...v2` and `utm_source` variants count as the same URL for every
tool). A peer slower than 120 s
is timed once, and urlextract (~0.4 MB/s) runs only up to --slow-peers-up-to notes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readlist.ids import classify_url

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"

# URL-only passes, each a small program reading every note and printing "path\turl" lines.
PEERS = {
    "urlextract": (
        "from urlextract import URLExtract\n"
        "x = URLExtract()\n"
        "def find(text): return x.find_urls(text)\n"
    ),
    "linkify-it-py": (
        "from linkify_it import LinkifyIt\n"
        "x = LinkifyIt()\n"
        "def find(text): return [m.url for m in (x.match(text) or [])]\n"
    ),
    "one regex": (
        "import re\n"
        "x = re.compile(r'https?://[^\\s<>\"\\])]+')\n"
        "def find(text): return x.findall(text)\n"
    ),
}
DRIVER = (
    "import os, sys\n{setup}\n"
    "root = sys.argv[1]\n"
    "out = open(sys.argv[2], 'w', encoding='utf-8')\n"
    "for folder, _, files in os.walk(root):\n"
    "    for name in sorted(files):\n"
    "        if not name.endswith('.md'): continue\n"
    "        path = os.path.join(folder, name)\n"
    "        text = open(path, encoding='utf-8', errors='replace').read()\n"
    "        for url in find(text): out.write(os.path.relpath(path, root) + '\\t' + url + '\\n')\n"
)


def _tree_pss_kb(pid: int) -> int:
    """Memory of a process and all its descendants: proportional set size, so pages
    that forked workers share with the parent are counted once in all."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:")[1].split()[0])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KB, PSS of the whole process tree, sampled)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_pss_kb(process.pid))
        # reading smaps_rollup walks page tables: not too often
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.25)
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):  # 1: some note had a problem, still a full run
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return wall, peak


def repeat(command: list[str], runs: int, once_above: float = 120.0) -> list[tuple[float, int]]:
    """`runs` timings; a command slower than `once_above` seconds is run only once."""
    results = [timed(command)]
    while len(results) < runs and results[0][0] <= once_above:
        results.append(timed(command))
    return results


def truth_keys(corpus: Path) -> set[tuple[str, str]]:
    keys = set()
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for url in record["urls"]:
            target = classify_url(url)
            if target:
                keys.add((record["path"], target.key))
    return keys


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 0.0), (hits / len(truth) if truth else 0.0)


def peer_keys(listing: Path) -> set[tuple[str, str]]:
    keys = set()
    for line in listing.read_text(encoding="utf-8").splitlines():
        path, _, url = line.partition("\t")
        target = classify_url(url if "://" in url else "https://" + url)
        if target:
            keys.add((path, target.key))
    return keys


def readlist_keys(db_path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select note_path, resource_id from mentions where source = 'url'")
        return {(path, key) for path, key in rows}


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.python_implementation()} "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--slow-peers-up-to",
        type=int,
        default=10000,
        help="run urlextract only on corpora up to this many notes",
    )
    parser.add_argument(
        "--no-peers", action="store_true", help="readlist's own rows only (a quick check)"
    )
    args = parser.parse_args()
    python = sys.executable
    print(f"# {_machine()}; median of {args.runs} runs (a peer slower than 120 s: one run)")
    print(
        f"{'notes':>6} {'tool':24} {'wall s':>8} {'notes/s':>8} {'MB/s':>7} {'mem MB':>7} "
        f"{'vs full':>8} {'P':>6} {'R':>6}"
    )
    for size in (int(n) for n in args.sizes.split(",")):
        corpus = OUT / f"corpus-{size}"
        if not (corpus / "truth.jsonl").exists():
            subprocess.run(
                [python, str(BENCH / "corpus.py"), str(corpus), "--notes", str(size)], check=True
            )
        megabytes = sum(p.stat().st_size for p in corpus.rglob("*.md")) / 1e6
        truth = truth_keys(corpus)
        rows: list[tuple[str, float, int, tuple[float, float] | None]] = []
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder) / "notes"
            shutil.copytree(corpus, work)
            readlist = [python, "-m", "readlist", "extract", str(work), "-q", "--db"]
            fulls, rss = [], 0
            for run in range(args.runs):
                db = Path(folder) / f"full{run}.db"
                wall, peak = timed([*readlist, str(db)])
                fulls.append(wall)
                rss = max(rss, peak)
            db = Path(folder) / f"full{args.runs - 1}.db"
            rows.append(
                (
                    "readlist full extract",
                    statistics.median(fulls),
                    rss,
                    score(readlist_keys(db), truth),
                )
            )
            noops = [timed([*readlist, str(db)]) for _ in range(args.runs)]
            rows.append(
                (
                    "readlist no-op rerun",
                    statistics.median(w for w, _ in noops),
                    max(r for _, r in noops),
                    None,
                )
            )
            edits = []
            notes = sorted(work.rglob("*.md"))
            for run in range(args.runs):
                for note in notes[run::100]:
                    with open(note, "a", encoding="utf-8") as handle:
                        handle.write(f"- edited {run} https://ruder.io/edit-{run}\n")
                edits.append(timed([*readlist, str(db)]))
            rows.append(
                (
                    "readlist 1 % edited",
                    statistics.median(w for w, _ in edits),
                    max(r for _, r in edits),
                    None,
                )
            )
            shutil.rmtree(work)
            shutil.copytree(corpus, work)
            for name, setup in {} if args.no_peers else PEERS.items():
                if name == "urlextract" and size > args.slow_peers_up_to:
                    continue  # ~0.4 MB/s: half an hour a run at 50,000 notes
                script = Path(folder) / "peer.py"
                script.write_text(DRIVER.format(setup=setup), encoding="utf-8")
                listing = Path(folder) / "found.tsv"
                runs = repeat([python, str(script), str(work), str(listing)], args.runs)
                if not listing.exists():
                    raise SystemExit(
                        f"{name}: the peer wrote no listing; is it installed? "
                        "(`make bench` installs the bench extras)"
                    )
                rows.append(
                    (
                        name,
                        statistics.median(w for w, _ in runs),
                        max(r for _, r in runs),
                        score(peer_keys(listing), truth),
                    )
                )
            if shutil.which("rg") and not args.no_peers:
                runs = repeat(
                    ["rg", "-o", "--no-filename", 'https?://[^\\s<>"]+', str(work)], args.runs
                )
                rows.append(
                    (
                        "ripgrep -o",
                        statistics.median(w for w, _ in runs),
                        max(r for _, r in runs),
                        None,
                    )
                )
        full = rows[0][1]
        for name, wall, peak, quality in rows:
            precision, recall = quality if quality else (float("nan"), float("nan"))
            print(
                f"{size:>6} {name:24} {wall:8.2f} {size / wall:8.0f} {megabytes / wall:7.1f} "
                f"{peak / 1024:7.0f} {wall / full:8.2f} {precision:6.3f} {recall:6.3f}"
            )


if __name__ == "__main__":
    main()
