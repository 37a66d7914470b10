"""What the commands say when they are done: summary lines in plain English, and the
same facts as JSON for scripts (issue #23). Pure: summaries in, text and dicts out."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from readlist.export import neutralise
from readlist.plan import PlanItem
from readlist.walk import display_path

if TYPE_CHECKING:
    from readlist.pipeline import ExtractSummary
    from readlist.watch import WatchSummary


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


# `readlist list`: the plan in the terminal, or the same rows for pipes.
LIST_FORMATS = ("table", "csv", "tsv", "json")
LIST_COLUMNS = (
    "order",
    "status",
    "priority",
    "kind",
    "name",
    "title",
    "year",
    "notes",
    "id",
    "url",
)
# Spaces between the table's columns; a title column needs this much room, and leaves
# the name at least this much.
_GAP = 2
_TITLE_MIN = 24
_NAME_MIN = 24


def plan_rows(items: Iterable[PlanItem]) -> Iterator[dict[str, object]]:
    """One dict per plan item, keyed by LIST_COLUMNS: what every list format shows."""
    for item in items:
        yield {
            "order": item.order,
            "status": item.status,
            "priority": item.priority,
            "kind": item.kind,
            "name": item.name,
            "title": item.title if item.title != item.name else None,
            "year": item.year,
            "notes": item.note_count,
            "id": item.id,
            "url": item.url,
        }


def write_plan_rows(items: Iterable[PlanItem], fmt: str, out: TextIO) -> None:
    """The rows as CSV (spreadsheet-safe), TSV (one line each, for cut and awk) or JSON."""
    rows = plan_rows(items)
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(LIST_COLUMNS)
        for row in rows:
            writer.writerow(["" if v is None else neutralise(str(v)) for v in row.values()])
        return
    out.write("\t".join(LIST_COLUMNS) + "\n")
    for row in rows:  # TSV: a tab or a newline inside a title would break the row
        out.write("\t".join("" if v is None else " ".join(str(v).split()) for v in row.values()))
        out.write("\n")


def plan_table(items: Iterable[PlanItem], width: int) -> Table:
    """The plan as a table at most `width` columns wide, one line per resource: names
    cut with an ellipsis when too long, a title column only when there is room for
    one, and the priority and year columns only when some row has one."""
    rows = list(plan_rows(items))
    fixed: dict[str, list[str]] = {
        "#": [str(row["order"]) for row in rows],
        "status": [str(row["status"]) for row in rows],
        "pri": [str(row["priority"] or "") for row in rows],
        "kind": [str(row["kind"]) for row in rows],
        "year": [str(row["year"] or "") for row in rows],
        "notes": [str(row["notes"]) for row in rows],
    }
    for optional in ("pri", "year"):
        if not any(fixed[optional]):
            del fixed[optional]
    names = [str(row["name"]) for row in rows]
    titles = [str(row["title"] or "") for row in rows]
    # Columns are 2 spaces apart; what the fixed columns leave is the name's (and title's).
    room = width - sum(
        max(cell_len(cell) for cell in [header, *cells]) for header, cells in fixed.items()
    )
    room -= _GAP * len(fixed)  # the gaps around the name column
    name_width = max((cell_len(name) for name in names), default=4)
    title_width = max((cell_len(title) for title in titles), default=0)
    with_title = title_width > 0 and room - _GAP - min(name_width, _NAME_MIN) >= _TITLE_MIN
    if with_title:
        room -= _GAP
        name_width = min(name_width, max(_NAME_MIN, room * 2 // 5))
        title_width = min(title_width, room - name_width)
        name_width = min(max(name_width, room - title_width), room - title_width)
    else:
        name_width = max(4, min(name_width, room))

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, _GAP // 2))
    for header in fixed:
        if header in ("#", "notes"):
            table.add_column(header, justify="right", no_wrap=True)
        elif header == "year":
            break
        else:
            table.add_column(header, no_wrap=True)
    table.add_column("name", no_wrap=True, overflow="ellipsis", width=name_width)
    if with_title:
        table.add_column("title", no_wrap=True, overflow="ellipsis", width=title_width)
    if "year" in fixed:
        table.add_column("year", no_wrap=True)
    table.add_column("notes", justify="right", no_wrap=True)
    for index in range(len(rows)):
        # Text, not markup: a title such as "[x] is all you need" prints as written.
        cells: list[str | Text] = [
            fixed[header][index] for header in fixed if header not in ("year", "notes")
        ]
        cells.append(Text(names[index]))
        if with_title:
            cells.append(Text(titles[index]))
        if "year" in fixed:
            cells.append(fixed["year"][index])
        cells.append(fixed["notes"][index])
        table.add_row(*cells)
    return table


# `readlist enrich`: failures that share a cause are one line, with what to do about it.
_HINTS = {
    "name does not resolve": "check your connection or proxy",
    "connection failed": "check your connection or proxy",
    "proxy error": "check HTTP(S)_PROXY",
    "TLS error": "check SSL_CERT_FILE, or the clock",
    "private address": "--allow-private fetches them",
    "timeout": "a longer --timeout may help",
    "deadline": "a longer --timeout may help",
    "host unresponsive": "skipped after two timeouts; tried again next run",
    "gone": "the server answered 404 or 410",
}
# A reason shared by this many hosts says the network is down, not the sites.
_NETWORK_DOWN_HOSTS = 3


def describe_failures(failed_rows: list[tuple[str, str]], shown: int = 20) -> list[str]:
    """Lines for enrich's failures: one per cause shared by several resources (largest
    first), then each failure of a cause of its own, `shown` at most, then a count of
    the rest. `failed_rows` are (URL, arXiv id or name; reason)."""
    by_reason: dict[str, list[str]] = {}
    for what, reason in failed_rows:
        by_reason.setdefault(reason, []).append(what)
    lines: list[str] = []
    single: list[tuple[str, str]] = []
    for reason, whats in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        if len(whats) == 1:
            single.append((whats[0], reason))
            continue
        lines.append(_shared_cause(reason, whats))
    for what, reason in single[:shown]:
        lines.append(f"{what}: {reason}")
    if len(single) > shown:
        lines.append(
            f"… and {len(single) - shown} more; each is on its row of the resources table "
            "(enrich_status, enrich_error)"
        )
    return lines


def _shared_cause(reason: str, whats: list[str]) -> str:
    """`network unreachable: 54 URLs on 31 hosts did not resolve; check your connection
    or proxy`, or `timeout: 3 URLs on 2 hosts, e.g. https://…; a longer --timeout …`."""
    hosts = {host for what in whats if (host := urlsplit(what).hostname)}
    unit = "URL" if len(hosts) and all("://" in what for what in whats) else "resource"
    where = f" on {plural(len(hosts), 'host')}" if hosts else ""
    hint = _HINTS.get(reason.rsplit(": ", 1)[-1])
    if reason == "name does not resolve" and len(hosts) >= _NETWORK_DOWN_HOSTS:
        return f"network unreachable: {plural(len(whats), unit)}{where} did not resolve; {hint}"
    line = f"{reason}: {plural(len(whats), unit)}{where}, e.g. {whats[0]}"
    return f"{line}; {hint}" if hint else line


# `readlist stats`: the totals, and the notes that need a look.
_PROBLEMS_SHOWN = 10


def describe_totals(totals: dict[str, int], failed: int, warned: int) -> str:
    """`7 notes (1 could not be read), 195 resources, 469 mentions`."""
    problems = ", ".join(
        part
        for part in (
            f"{failed} could not be read" if failed else "",
            f"{warned} read with bytes replaced" if warned else "",
        )
        if part
    )
    notes = plural(totals["notes"], "note") + (f" ({problems})" if problems else "")
    return (
        f"{notes}, {plural(totals['resources'], 'resource')}, "
        f"{plural(totals['mentions'], 'mention')}"
    )


def describe_problems(failed: list[tuple[str, str]], warned: list[tuple[str, str]]) -> list[str]:
    """The notes that could not be read, then those read in part, each with its reason
    (10 of each at most): what `readlist extract` said when it read them."""
    lines: list[str] = []
    for title, notes in (("could not be read", failed), ("read with bytes replaced", warned)):
        if not notes:
            continue
        lines.append(f"{plural(len(notes), 'note')} {title}:")
        lines += [f"  {path}: {reason}" for path, reason in notes[:_PROBLEMS_SHOWN]]
        if len(notes) > _PROBLEMS_SHOWN:
            lines.append(
                f"  … and {len(notes) - _PROBLEMS_SHOWN} more (the notes table's error column)"
            )
    return lines


def _categories_line(categories: list[str], source: str, counts: dict[str, int]) -> str:
    shown = ", ".join(
        f"{c} ({plural(counts[c], 'paper')})" if source == "your reading list" else c
        for c in categories
    )
    return f"{shown or 'none'}" + (f" ({source})" if source != "your reading list" else "")


def describe_watch(summary: WatchSummary) -> tuple[str, list[str]]:
    """What a watch run did (for stderr), and its new suggestions, one line each (stdout).

    `cs.CV (18 papers), cs.LG (7 papers); keywords: efficient: 2 requests, 230 new papers
    since 2024-12-03 09:14 UTC, ranked against 31 papers of your reading list; 20 suggested`
    """
    watched = _categories_line(summary.categories, summary.category_source, summary.category_counts)
    if summary.keywords:
        watched += "; keywords: " + ", ".join(summary.keywords)
    head = (
        f"{watched}: {plural(summary.requests, 'request')}, "
        f"{plural(summary.new, 'new paper')} since {summary.since} UTC"
    )
    if summary.method == "svm":
        head += f", ranked against {plural(summary.trained_on, 'paper')} of your reading list"
    elif summary.new:
        head += (
            f", ranked by keywords and categories: {plural(summary.trained_on, 'paper')} "
            "with an abstract in your reading list, too few to learn from (5 needed)"
        )
    if summary.capped:
        head += "; stopped at --max-papers, older ones left unread"
    head += f"; {len(summary.suggestions)} suggested"
    lines = [
        f"{n:>2}  {s.score:6.3f}  {s.paper.arxiv_id:<12} {s.paper.title}"
        + (f"  [{s.why}]" if s.why else "")
        for n, s in enumerate(summary.suggestions, start=1)
    ]
    return head, lines


def describe_watch_terms(
    categories: list[str],
    source: str,
    counts: dict[str, int],
    keywords: list[str],
    shown: int,
    dismissed: int,
) -> list[str]:
    """`readlist watch --list`."""
    return [
        "categories: " + _categories_line(categories, source, counts),
        "keywords: " + (", ".join(keywords) if keywords else "none (--add-keyword TEXT)"),
        f"suggestions: {shown} shown, {dismissed} dismissed",
    ]
