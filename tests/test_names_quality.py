"""Precision and recall of named resources on the 32 hand-labelled notes stay above 0.9.

The same evaluation `python bench/names_eval.py` prints (README, "Quality"), run as a test so
that a change to the gazetteer, the matcher or the evaluation itself cannot lower them
unnoticed.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .conftest import REPO


def _names_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("names_eval", REPO / "bench" / "names_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_names_precision_and_recall_on_labelled_notes() -> None:
    report = _names_eval().evaluate()
    assert report.notes == 32
    assert report.true_positives + len(report.false_negatives) == 620  # the gold mentions
    assert report.precision >= 0.9, report.false_positives
    assert report.recall >= 0.9, report.false_negatives
