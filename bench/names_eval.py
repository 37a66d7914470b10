"""Precision and recall of named resources against hand-labelled notes.

    python bench/names_eval.py [tests/fixtures/labelled]

Gold: tests/fixtures/labelled/labels.yaml, every named paper, model, dataset, site,
organisation and tool a person means in prose (not in code or URLs). Predicted: the
`name` and `candidate` mentions readlist extracts with the shipped gazetteer.
Mentions of generic `concept` entries (backpropagation, MLOps) are left out of both
counts: the labels do not cover concepts. A prediction matches a gold mention on the
same line when one surface contains the other ("BERT's" and "BERT").
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.extract import find_mentions
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
    for name in sorted(labels):
        path = folder / name
        note = read_note(NotePath(path, name, folder))
        predicted = [
            (m.line, m.surface, m.target.name)
            for m in find_mentions(note, gazetteer=gazetteer)
            if m.source in ("name", "candidate") and m.target.kind != "concept"
        ]
        gold = [(g["line"], str(g["surface"]), str(g["name"])) for g in labels[name] or []]
        report.notes += 1
        unmatched = list(gold)
        for line, surface, resolved in predicted:
            match = next(
                (g for g in unmatched if g[0] == line and (g[1] in surface or surface in g[1])),
                None,
            )
            if match is None:
                report.false_positives.append((name, line, surface, resolved))
            else:
                unmatched.remove(match)
                report.true_positives += 1
        report.false_negatives += [
            (name, line, surface, gold_name) for line, surface, gold_name in unmatched
        ]
    return report


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
