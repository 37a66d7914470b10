"""What the commands say when they are done: summary lines in plain English, and the
same facts as JSON for scripts (issue #23). Pure: summaries in, text and dicts out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from readlist.pipeline import ExtractSummary, display_path


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 note`, `2 notes`, `0 notes`; `plural_form` for words that do not take an s."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def _folders(counts: Counter[str], how: str) -> str | None:
    """`3 moved from old-vault/`, or `3 taken over from 2 other folders`."""
    total = counts.total()
    if not total:
        return None
    if len(counts) == 1:
        (folder,) = counts
        return f"{total} {how} {display_path(Path(folder))}/"
    return f"{total} {how} {len(counts)} other folders"


def describe_extract(summary: ExtractSummary) -> str:
    """One line: how many notes, what happened to them (only what did), and the totals.

    `13 notes: 13 new; 196 resources, 469 mentions`
    `2 notes: 2 taken over from notes/; 5 resources, 7 mentions`
    """
    parts = [
        f"{summary.new} new" if summary.new else None,
        f"{summary.edited} edited" if summary.edited else None,
        f"{summary.reread} re-read" if summary.reread else None,
        f"{summary.unchanged} unchanged" if summary.unchanged else None,
        _folders(summary.moved, "moved from"),
        _folders(summary.taken_over, "taken over from"),
        f"{summary.failed} failed" if summary.failed else None,
        f"{summary.deleted} deleted" if summary.deleted else None,
    ]
    what = ", ".join(part for part in parts if part)
    head = plural(summary.seen, "note") + (f": {what}" if what else "")
    totals = f"{plural(summary.resources, 'resource')}, {plural(summary.mentions, 'mention')}"
    return f"{head}; {totals}"


def extract_json(summary: ExtractSummary) -> dict[str, Any]:
    """The summary for scripts (`readlist extract --json`): every count, zeros included,
    and each failure and warning with its note."""
    return {
        "notes": summary.seen,
        "new": summary.new,
        "edited": summary.edited,
        "reread": summary.reread,
        "unchanged": summary.unchanged,
        "moved": summary.moved.total(),
        "taken_over": summary.taken_over.total(),
        "failed": summary.failed,
        "deleted": summary.deleted,
        "resources": summary.resources,
        "mentions": summary.mentions,
        "moved_from": sorted(summary.moved),
        "taken_over_from": sorted(summary.taken_over),
        "failures": [{"path": path, "reason": reason} for path, reason in summary.failures],
        "warnings": [{"path": path, "warning": warning} for path, warning in summary.warnings],
    }
