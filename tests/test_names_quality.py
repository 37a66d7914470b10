"""Precision and recall of named resources on the 32 hand-labelled notes stay above 0.9.

The same evaluation `python bench/names_eval.py` prints (README, "Quality"), run as a test so
that a change to the gazetteer, the matcher or the evaluation itself cannot lower them
unnoticed.
"""

from __future__ import annotations

from .conftest import load_bench


def test_names_precision_and_recall_on_labelled_notes() -> None:
    report = load_bench("names_eval").evaluate()
    assert report.notes == 32
    # the gold mentions: 620, of which 37 are optional (a platform, a model family in passing,
    # an affiliation tag after a work)
    assert report.true_positives + len(report.false_negatives) == 583
    assert report.precision >= 0.9, report.false_positives
    assert report.recall >= 0.9, report.false_negatives
