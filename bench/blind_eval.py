"""Named-resource and URL precision and recall on the blind set (issue #14).

    python bench/blind_eval.py [tests/fixtures/blind] [--errors]

The blind set is real notes from public repositories, labelled from
tests/fixtures/blind/GUIDE.md by people who saw neither readlist's code nor its output.
Its figures say how readlist does on notes nobody tuned it on. Do not change a rule by
reading its individual errors (`--errors` prints them, for auditing the labels only): fix
the class of error with examples of your own, then measure again.

Names: a predicted `name` or `candidate` mention matches a gold name on its line with the
same surface, else one whose surface contains the other. A link counts as naming what its
gold name on that line names when the link's resource is called by that surface (the link
text made its name), or when the note titles the link so (the gazetteer knew the resource
by another name: "[RoBERTa: A Robustly Optimized BERT Pretraining Approach](arxiv…)" is
the resource RoBERTa, and the title was read as its title). A technique the tool reads as
a topic of the note (source `topic`) is not a prediction; one it reads as naming its
paper ("the Adam paper") is, whatever its spelling. URLs: a found link matches a
gold URL on its line written the same (a trailing `/` aside). Gold entries marked
`optional` neither count when missed nor when found.

Several blind notes are pages of sources the gazetteer builder harvests (NLP-progress,
awesome lists): the gazetteer is measured without what it learnt only from those very files
(`held_out_data`), so the figure says how readlist does on notes it has not seen.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.entries import normalise_name
from readlist.extract import file_line, find_mentions
from readlist.linktitles import find_link_titles
from readlist.mentions import Mention
from readlist.names import Gazetteer
from readlist.notes import Note, NotePath, read_note
from readlist.spans import find_line_starts
from readlist.urls import find_urls

REPO = Path(__file__).resolve().parents[1]
BLIND = REPO / "tests" / "fixtures" / "blind"


@dataclass
class Score:
    true_positives: int = 0
    false_positives: list[tuple[str, int, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + len(self.false_negatives)
        return self.true_positives / gold if gold else 1.0


@dataclass
class BlindReport:
    notes: int = 0
    names: Score = field(default_factory=Score)
    urls: Score = field(default_factory=Score)
    missed_by_kind: Counter[str] = field(default_factory=Counter)
    gold_by_kind: Counter[str] = field(default_factory=Counter)
    held_out: int = 0  # harvested entries learnt only from the blind notes' own files

    def recall_by_kind(self) -> dict[str, float]:
        return {
            kind: 1 - self.missed_by_kind[kind] / gold
            for kind, gold in sorted(self.gold_by_kind.items())
        }


@dataclass
class _Gold:
    line: int
    text: str  # surface for names, the URL for links
    kind: str
    optional: bool


def load_labels(folder: Path = BLIND) -> dict[str, dict[str, list[_Gold]]]:
    """Every labels-*.yaml of the folder: note name → {"names": […], "urls": […]}."""
    labels: dict[str, dict[str, list[_Gold]]] = {}
    for path in sorted(folder.glob("labels-*.yaml")):
        for note, entries in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            entries = entries or {}
            labels[note] = {
                "names": [
                    _Gold(e["line"], str(e["surface"]), e["kind"], bool(e.get("optional")))
                    for e in entries.get("names") or []
                ],
                "urls": [
                    _Gold(e["line"], str(e["url"]), "url", bool(e.get("optional")))
                    for e in entries.get("urls") or []
                ],
            }
    return labels


def blind_sources(folder: Path = BLIND) -> set[tuple[str, str]]:
    """(repository, path) of every file a blind note was drawn from (its SOURCES tables)."""
    drawn = set()
    for path in folder.glob("SOURCES*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4 and cells[0].endswith(".md") and re.fullmatch(_REPO, cells[1]):
                drawn.add((cells[1], cells[3]))
    return drawn


_REPO = r"[\w.-]+/[\w.-]+"


def held_out_data(folder: Path, into: Path) -> tuple[Path, int]:
    """A copy of data/ whose harvested gazetteer knows nothing only the blind notes' own
    files taught it (several blind notes are pages of sources the builder harvests, such
    as NLP-progress): an entry every source of which is such a file is left out."""
    drawn = blind_sources(folder)
    copy = into / "data"
    shutil.copytree(data_dir(), copy)
    dropped = 0
    for harvested in (copy / "gazetteer" / "harvested").glob("*.jsonl"):
        kept = []
        for line in harvested.read_text(encoding="utf-8").splitlines():
            sources = json.loads(line).get("sources") or []
            places = {(s.split("@")[0], s.split(":", 1)[1]) for s in sources if ":" in s}
            if places and places <= drawn:
                dropped += 1
            else:
                kept.append(line)
        harvested.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
    return copy, dropped


def evaluate(folder: Path = BLIND) -> BlindReport:
    with tempfile.TemporaryDirectory() as scratch:
        data, held_out = held_out_data(folder, Path(scratch))
        gazetteer = build_gazetteer(data / "gazetteer", folder / "no-user-names.yaml")
        report = _evaluate(folder, gazetteer.prepare())
    report.held_out = held_out
    return report


def _evaluate(folder: Path, gazetteer: Gazetteer) -> BlindReport:
    report = BlindReport()
    for note_name, gold in sorted(load_labels(folder).items()):
        note = read_note(NotePath(folder / note_name, note_name, folder))
        mentions = find_mentions(note, gazetteer=gazetteer)
        report.notes += 1
        for entry in gold["names"]:
            if not entry.optional:
                report.gold_by_kind[entry.kind] += 1
        # what the tool calls a name (a technique used in passing is a "topic")
        names = [(m.line, m.surface) for m in mentions if m.source in ("name", "candidate")]
        links = _links(note, mentions)
        _score_names(report, note_name, gold["names"], names, links)
        found_urls = [(m.line, m.surface) for m in mentions if m.source == "url"]
        _score_urls(report.urls, note_name, gold["urls"], found_urls)
    return report


def _links(note: Note, mentions: list[Mention]) -> list[tuple[int, tuple[str, ...]]]:
    """Each link's line and what it is called: its resource's name and, when the note
    gives it one, the title its text or line gives it. A link titled "Deep Residual
    Learning for Image Recognition" names that paper even when the gazetteer files the
    resource under "ResNet"."""
    body = note.body
    line_starts = find_line_starts(body)
    hits = find_urls(body)
    titles = find_link_titles(body, hits, line_starts)
    titled: dict[tuple[int, str], tuple[int, str]] = {}  # the link: the title's line, title
    for hit in hits:
        if hit.start in titles:
            index = bisect_right(line_starts, hit.start) - 1
            line = file_line(note, index)
            title = titles[hit.start]
            line_text = body[line_starts[index] : body.find("\n", hit.start) % (len(body) + 1)]
            # a title written above its links ("- Title" over "[Paper](…), [Video](…)", a
            # heading over its paper's link) is where the note names the work
            title_line = line
            up = index
            while title not in line_text and up > 0 and index - up < 4:
                up -= 1
                line_text = body[line_starts[up] : line_starts[up + 1]]
                title_line -= 1
            if title not in line_text:
                title_line = line
            titled.setdefault((line, hit.surface), (title_line, title))
    links: list[tuple[int, tuple[str, ...]]] = []
    for m in mentions:
        if m.source != "url":
            continue
        given = titled.get((m.line, m.surface))
        if given is not None and given[0] != m.line:
            links.append((given[0], (given[1],)))
            links.append((m.line, (m.target.name,)))
        else:
            links.append((m.line, (m.target.name, *([given[1]] if given else []))))
    return links


def _score_names(
    report: BlindReport,
    note: str,
    gold: list[_Gold],
    names: list[tuple[int, str]],
    links: list[tuple[int, tuple[str, ...]]],
) -> None:
    unmatched = list(gold)
    leftover: list[tuple[int, str]] = []
    for line, surface in names:
        exact = next((g for g in unmatched if g.line == line and g.text == surface), None)
        if exact is None:
            leftover.append((line, surface))
            continue
        unmatched.remove(exact)
        report.names.true_positives += not exact.optional
    for line, surface in leftover:
        near = next(
            (g for g in unmatched if g.line == line and (g.text in surface or surface in g.text)),
            None,
        )
        if near is not None:
            unmatched.remove(near)
            report.names.true_positives += not near.optional
        else:
            report.names.false_positives.append((note, line, surface))
    for line, link_names in links:
        keys = {normalise_name(name) for name in link_names}
        keys.discard("")
        # a label keeps the note's markup ("**BART**: Denoising …"); link titles are clean
        named = next(
            (
                g
                for g in unmatched
                if g.line == line and normalise_name(g.text.replace("*", "")) in keys
            ),
            None,
        )
        if named is None:
            # a link named "CS 8803" where the label is its whole text "CS 8803 -
            # Reinforcement Learning (Georgia Tech)": the label holds the link's name (not
            # the other way round: "BERT" inside a title the link is named by is no find)
            named = next(
                (
                    g
                    for g in unmatched
                    if g.line == line
                    and any(
                        len(key) >= 3 and key in normalise_name(g.text.replace("*", ""))
                        for key in keys
                    )
                ),
                None,
            )
        if named is not None:
            unmatched.remove(named)
            report.names.true_positives += not named.optional
    for entry in unmatched:
        if not entry.optional:
            report.names.false_negatives.append((note, entry.line, entry.text))
            report.missed_by_kind[entry.kind] += 1


def _score_urls(score: Score, note: str, gold: list[_Gold], found: list[tuple[int, str]]) -> None:
    unmatched = list(gold)
    for line, url in found:
        match = next(
            (g for g in unmatched if g.line == line and g.text.rstrip("/") == url.rstrip("/")),
            None,
        )
        if match is None:
            score.false_positives.append((note, line, url))
            continue
        unmatched.remove(match)
        score.true_positives += not match.optional
    score.false_negatives += [(note, g.line, g.text) for g in unmatched if not g.optional]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=BLIND)
    parser.add_argument("--errors", action="store_true", help="print every error (audit only)")
    args = parser.parse_args()
    report = evaluate(args.folder)
    print(f"notes {report.notes}  (harvested entries held out: {report.held_out})")
    for label, score in (("names", report.names), ("urls", report.urls)):
        gold = score.true_positives + len(score.false_negatives)
        found = score.true_positives + len(score.false_positives)
        print(
            f"{label}: gold {gold}  found {found}  "
            f"precision {score.precision:.3f}  recall {score.recall:.3f}"
        )
    print(
        "names recall by kind: "
        + ", ".join(f"{kind} {value:.2f}" for kind, value in report.recall_by_kind().items())
    )
    if args.errors:
        for label, score in (("names", report.names), ("urls", report.urls)):
            for kind, rows in (("FP", score.false_positives), ("FN", score.false_negatives)):
                for row in rows:
                    print(label, kind, *row)


if __name__ == "__main__":
    main()
