"""Precision and recall of named resources against hand-labelled notes.

    python bench/names_eval.py [tests/fixtures/labelled]

Gold: tests/fixtures/labelled/labels.yaml, every named paper, model, dataset, site,
organisation and tool a person means in prose (not in code or URLs). Predicted: the
`name` and `candidate` mentions readlist extracts with the shipped gazetteer.
A prediction matches a gold mention on the same line with the same surface, else one
whose surface contains the other ("BERT's" and "BERT"). A label marked `optional: true`
neither counts as missed nor as found (the guide's rule for a case it leaves out, such as a
platform or a model family named in passing). The labels do not cover generic
concepts, so a `concept` match that no gold mention wants is not counted against it;
nor is a link whose text names the thing ("[BERT paper](arxiv.org/abs/1810.04805)"),
which counts when it answers a gold name on its line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.entries import normalise_name
from readlist.extract import find_mentions
from readlist.names import Gazetteer
from readlist.notes import NotePath, read_note

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "tests" / "fixtures" / "labelled"


@dataclass
class Report:
    true_positives: int = 0
    false_positives: list[tuple[str, int, str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, int, str, str]] = field(default_factory=list)
    notes: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + len(self.false_negatives)
        return self.true_positives / gold if gold else 1.0


def evaluate(folder: Path = LABELLED) -> Report:
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")) or {}
    gazetteer = build_gazetteer(data_dir() / "gazetteer", folder / "no-user-names.yaml")
    report = Report()
    concepts = concept_keys(gazetteer)
    for name in sorted(labels):
        path = folder / name
        note = read_note(NotePath(path, name, folder))
        mentions = find_mentions(note, gazetteer=gazetteer)
        # (line, surface, resolved name, counts as a false positive when unmatched)
        predicted = [
            (m.line, m.surface, m.target.name, not is_concept(m.surface, concepts))
            for m in mentions
            if m.source in ("name", "candidate")
        ]
        links = [(m.line, m.target.name) for m in mentions if m.source not in ("name", "candidate")]
        gold = [
            (g["line"], str(g["surface"]), str(g["name"]), bool(g.get("optional")))
            for g in labels[name] or []
        ]
        report.notes += 1
        unmatched = list(gold)
        leftover = []
        for line, surface, resolved, counts in predicted:
            exact = next((g for g in unmatched if g[0] == line and g[1] == surface), None)
            if exact is not None:
                unmatched.remove(exact)
                report.true_positives += not exact[3]
            else:
                leftover.append((line, surface, resolved, counts))
        for line, surface, resolved, counts in leftover:
            near = next(
                (g for g in unmatched if g[0] == line and (g[1] in surface or surface in g[1])),
                None,
            )
            if near is not None:
                unmatched.remove(near)
                report.true_positives += not near[3]
            elif counts:
                report.false_positives.append((name, line, surface, resolved))
        for line, resolved in links:
            named = next((g for g in unmatched if g[0] == line and g[2] == resolved), None)
            if named is not None:
                unmatched.remove(named)
                report.true_positives += not named[3]
        report.false_negatives += [
            (name, line, surface, gold_name)
            for line, surface, gold_name, optional in unmatched
            if not optional
        ]
    return report


def concept_keys(gazetteer: Gazetteer) -> set[str]:
    """Every spelling of the gazetteer's concepts: topics, which the labels leave out."""
    return {
        normalise_name(spelling)
        for entry in gazetteer.loaded().entries
        if entry.kind == "concept"
        for spelling in (*entry.spellings, *entry.exact)
    }


def is_concept(surface: str, concepts: set[str]) -> bool:
    """Does the surface spell a concept entry (label smoothing → Inception-v3's row)?"""
    key = normalise_name(surface)
    return key in concepts or key.rstrip("s") in concepts


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else LABELLED
    report = evaluate(folder)
    print(
        f"notes {report.notes}  gold {report.true_positives + len(report.false_negatives)}  "
        f"found {report.true_positives + len(report.false_positives)}"
    )
    print(f"precision {report.precision:.3f}  recall {report.recall:.3f}")
    for label, rows in (
        ("false positives", report.false_positives),
        ("false negatives", report.false_negatives),
    ):
        print(f"\n{label} ({len(rows)}):")
        for row in rows:
            print("  ", *row)


if __name__ == "__main__":
    main()
