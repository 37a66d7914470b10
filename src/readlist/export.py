"""The study plan as CSV, JSON, Markdown, BibTeX or CSL-JSON, written to a stream.

Each format is a renderer in RENDERERS. CSV and JSON need every resource's mentions:
they stream them (plan.iter_with_mentions) and write as they go, so an export of a
million mentions holds one resource's at a time (issue #19).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

from readlist.plan import PlanFilters, PlanItem, iter_with_mentions, select_plan

FORMATS = ("csv", "json", "md", "bibtex", "csl")  # RENDERERS, at the end, writes each
# Every name people type for them (the CLI checks --format against it), and the file
# extensions that imply them.
FORMAT_NAMES = {
    **{name: name for name in FORMATS},
    "markdown": "md",
    "bib": "bibtex",
    "csl-json": "csl",
    "csljson": "csl",
}
_EXTENSIONS = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md", ".bib": "bibtex"}


def format_for(name: str | None, output: Path | None) -> str | None:
    """The format asked for by name (any spelling above), else the one the output file's
    extension implies (plan.md is Markdown; plan.csl.json is CSL-JSON), else CSV.
    None for a name that is no format."""
    if name is not None:
        return FORMAT_NAMES.get(name.strip().lower())
    if output is None:
        return "csv"
    if output.name.lower().endswith(".csl.json"):
        return "csl"
    return _EXTENSIONS.get(output.suffix.lower(), "csv")


CSV_COLUMNS = (
    "order",
    "status",
    "priority",
    "kind",
    "name",
    "title",
    "authors",
    "year",
    "url",
    "arxiv_id",
    "mention_count",
    "mentioned_in",
    "first_context",
    "user_note",
)
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_plan(db: Database, fmt: str, out: TextIO, filters: PlanFilters) -> int:
    """Write the study plan that passes `filters` to `out` in `fmt` (one of FORMATS);
    returns how many resources it holds."""
    items = select_plan(db, filters)
    RENDERERS[fmt](db, items, out)
    return len(items)


def neutralise(cell: str) -> str:
    """Make a cell safe to open in a spreadsheet: a leading formula character is quoted."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(db: Database, items: list[PlanItem], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in iter_with_mentions(db, items):
        row: list[object] = [
            item.order,
            item.status,
            item.priority,
            item.kind,
            item.name,
            item.title,
            "; ".join(item.authors),
            item.year,
            item.url,
            item.arxiv_id,
            item.mention_count,
            "; ".join(item.mentioned_in),
            item.first_context,
            item.user_note,
        ]
        writer.writerow(["" if v is None else neutralise(str(v)) for v in row])


def write_json(db: Database, items: list[PlanItem], out: TextIO) -> None:
    """A JSON array of resources with their mentions, written one resource at a time
    (the same text as json.dumps of the whole list with indent=2)."""
    first = True
    for item in iter_with_mentions(db, items):
        record = {
            "order": item.order,
            "id": item.id,
            "status": item.status,
            "priority": item.priority,
            "kind": item.kind,
            "name": item.name,
            "title": item.title,
            "authors": list(item.authors),
            "year": item.year,
            "url": item.url,
            "arxiv_id": item.arxiv_id,
            "doi": item.doi,
            "tags": list(item.tags),
            "categories": list(item.categories),
            "mention_count": item.mention_count,
            "user_note": item.user_note,
            "mentions": [
                {
                    "note": m.note_path,
                    "note_title": m.note_title,
                    "line": m.line,
                    "surface": m.surface,
                    "context": m.context,
                }
                for m in item.mentions
            ],
        }
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + text)
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_markdown(db: Database, items: list[PlanItem], out: TextIO) -> None:
    out.write(render_markdown(items))


def write_bibtex(db: Database, items: list[PlanItem], out: TextIO) -> None:
    out.write(render_bibtex(items))


def write_csl(db: Database, items: list[PlanItem], out: TextIO) -> None:
    out.write(render_csl(items))


def render_markdown(items: list[PlanItem]) -> str:
    """A checklist grouped by topic, ready to paste into a note."""
    lines = ["# Reading list", ""]
    topics: dict[str, list[PlanItem]] = {}
    for item in items:
        topics.setdefault(item.topic, []).append(item)
    for topic, group in topics.items():
        lines += [f"## {topic}", ""]
        for item in group:
            box = "x" if item.status == "done" else " "
            label = _md_escape(item.name)
            text = f"[{label}]({item.url})" if item.url else label
            details = [
                d
                for d in (
                    item.title if item.title != item.name else None,
                    str(item.year) if item.year else None,
                )
                if d
            ]
            if details:
                text += " — " + _md_escape(", ".join(details))
            if item.status == "reading":
                text += " *(reading)*"
            if item.user_note:
                text += f" — {_md_escape(item.user_note)}"
            lines.append(f"- [{box}] {text}")
        lines.append("")
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return re.sub(r"([\[\]*_`<>])", r"\\\1", text)


def render_bibtex(items: list[PlanItem]) -> str:
    """BibTeX for papers (and models with a paper); keys stable and unique."""
    entries: list[str] = []
    used: set[str] = set()
    for item in _papers(items):
        key = _unique(_bib_key(item), used)
        fields: list[tuple[str, str]] = [("title", item.title or item.name)]
        if item.authors:
            fields.append(("author", " and ".join(item.authors)))
        if item.year:
            fields.append(("year", str(item.year)))
        if item.arxiv_id:
            fields += [("eprint", item.arxiv_id), ("archivePrefix", "arXiv")]
            if item.categories:
                fields.append(("primaryClass", item.categories[0]))
        if item.doi:
            fields.append(("doi", item.doi))
        if item.url:
            fields.append(("url", item.url))
        if item.user_note:
            fields.append(("note", item.user_note))
        kind = "article" if item.doi and not item.arxiv_id else "misc"
        body = ",\n".join(f"  {name} = {{{_bib_escape(value)}}}" for name, value in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def _papers(items: Iterable[PlanItem]) -> list[PlanItem]:
    papers = [
        i for i in items if i.kind == "paper" or (i.kind == "model" and (i.arxiv_id or i.doi))
    ]
    return sorted(papers, key=lambda i: i.id)  # keys depend on the set, not on the plan order


def _bib_key(item: PlanItem) -> str:
    author = item.authors[0].split()[-1] if item.authors else item.name
    first_word = next((w for w in re.findall(r"[A-Za-z0-9]+", item.title or "") if len(w) > 3), "")
    raw = f"{author}{item.year or ''}{first_word}"
    ascii_key = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    key = re.sub(r"[^A-Za-z0-9]", "", ascii_key).lower()
    return key or "ref" + re.sub(r"[^a-z0-9]", "", item.id.lower())[:20]


def _unique(key: str, used: set[str]) -> str:
    candidate, suffix = key, ord("a")
    while candidate in used:
        candidate = key + chr(suffix)
        suffix += 1
    used.add(candidate)
    return candidate


def _bib_escape(value: str) -> str:
    value = value.replace("\\", r"\textbackslash{}")
    value = re.sub(r"([&%$#_])", r"\\\1", value)
    # Unbalanced braces would break the entry: escape them all.
    return value.replace("{", r"\{").replace("}", r"\}")


def render_csl(items: list[PlanItem]) -> str:
    """CSL-JSON (Zotero, Pandoc) for the same papers as BibTeX."""
    records: list[dict[str, Any]] = []
    used: set[str] = set()
    for item in _papers(items):
        record: dict[str, Any] = {
            "id": _unique(_bib_key(item), used),
            "type": "article-journal" if item.doi and not item.arxiv_id else "article",
            "title": item.title or item.name,
        }
        if item.authors:
            record["author"] = [_csl_name(a) for a in item.authors]
        if item.year:
            record["issued"] = {"date-parts": [[item.year]]}
        if item.doi:
            record["DOI"] = item.doi
        if item.url:
            record["URL"] = item.url
        if item.arxiv_id:
            record["number"] = f"arXiv:{item.arxiv_id}"
            record["publisher"] = "arXiv"
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _csl_name(name: str) -> dict[str, str]:
    parts = name.rsplit(" ", 1)
    return {"family": parts[-1], "given": parts[0]} if len(parts) == 2 else {"literal": name}


RENDERERS: dict[str, Callable[[Database, list[PlanItem], TextIO], None]] = {
    "csv": write_csv,
    "json": write_json,
    "md": write_markdown,
    "bibtex": write_bibtex,
    "csl": write_csl,
}
