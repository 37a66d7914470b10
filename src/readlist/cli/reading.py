"""Reading: `mark`, `export`, `list` and `stats`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from sqlite_utils import Database

from readlist.cli.common import (
    CategoryFilter,
    DbOption,
    IncludeDone,
    KindFilter,
    StatusFilter,
    TagFilter,
    app,
    choose,
    err,
    existing,
    plan_filters,
    user_errors,
)
from readlist.clihelp import Command
from readlist.config import cache_dir, data_dir, db_path_from_env
from readlist.curation import (
    build_gazetteer,
    curation_path,
)
from readlist.errors import ReadlistError
from readlist.plan import STATUSES, plan_stats, select_plan

if TYPE_CHECKING:
    from readlist.names import Gazetteer


@app.command("mark", cls=Command)
def mark_command(
    what: Annotated[
        str | None,
        typer.Argument(
            metavar="WHAT",
            help="Resource id, name or any spelling of it, arXiv id, DOI or URL.",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Argument(metavar="STATUS", help=f"{', '.join(STATUSES)}.", show_default=False),
    ] = None,
    priority: Annotated[
        int | None, typer.Option(metavar="N", help="Your priority: 1 is read first.", min=1)
    ] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Your note on it ('' clears it).")
    ] = None,
    done_from: Annotated[
        Path | None,
        typer.Option(
            "--done-from",
            metavar="FILE",
            help="Mark done everything listed in FILE, one per line ('#' comments).",
        ),
    ] = None,
    db_path: DbOption = None,
) -> None:
    """Record what you are reading, have read, or will skip.

    Your status, priority and note survive every extract and enrich.
    """
    from readlist.marking import NoSuchResource, find_resource, mark

    if done_from is None and (
        what is None or (status is None and priority is None and note is None)
    ):
        err.print("error: give WHAT and STATUS (or --priority/--note), or --done-from FILE")
        raise typer.Exit(code=2)
    if status is not None:
        status = choose("STATUS", status, STATUSES)
    path = db_path or db_path_from_env()
    with user_errors(), existing(path) as database:
        gazetteer = build_gazetteer(data_dir() / "gazetteer", curation_path(path), cache_dir())
        if done_from is not None:
            failed = _mark_many(database, done_from, gazetteer)
            if failed:
                raise typer.Exit(code=1)
            return
        assert what is not None
        try:
            found = find_resource(database, what, gazetteer)
        except NoSuchResource:
            from readlist.watch.store import adopt_suggestion

            # A paper `readlist watch` suggested joins the reading list (issue #18).
            adopted = adopt_suggestion(database, what)
            if adopted is None:
                raise
            found = adopted
        mark(database, found.id, status, priority, note)
    changes = ", ".join(
        part
        for part in (
            status,
            f"priority {priority}" if priority is not None else None,
            "note saved" if note else ("note cleared" if note == "" else None),
        )
        if part
    )
    err.print(f"{found.name} ({found.id}): {changes}", markup=False)


def _mark_many(database: Database, listing: Path, gazetteer: Gazetteer) -> int:
    from readlist.marking import mark_done_from

    done, problems = mark_done_from(database, listing, gazetteer)
    for problem in problems:
        err.print(problem, markup=False)
    err.print(f"{done} marked done, {len(problems)} not found", markup=False)
    return len(problems)


@app.command("export", cls=Command)
def export_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write here instead of standard output."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="csv, json, md (markdown), bibtex (bib) or csl (CSL-JSON). "
            "Default: from the --output extension (.md, .json, .bib, .csl.json), else csv.",
            show_default=False,
        ),
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV with a BOM, so spreadsheets read Korean right.")
    ] = False,
    status: StatusFilter = None,
    kind: KindFilter = None,
    tag: TagFilter = None,
    category: CategoryFilter = None,
    include_done: IncludeDone = False,
    db_path: DbOption = None,
) -> None:
    """Write the study plan as CSV, JSON, Markdown, BibTeX or CSL-JSON.

    In reading order: what you are reading, then todo by your priority and by how
    many notes mention it. CSV cells are safe to open in a spreadsheet.
    """
    from readlist.export import FORMAT_NAMES, FORMATS, format_for, write_plan

    chosen = format_for(
        None if fmt is None else choose("--format", fmt, FORMATS, FORMAT_NAMES), output
    )
    assert chosen is not None
    filters = plan_filters(status, kind, tag, category, include_done)
    bom = "\ufeff" if excel and chosen == "csv" else ""
    with user_errors(), existing(db_path) as database:
        if output is None:
            sys.stdout.write(bom)
            write_plan(database, chosen, sys.stdout, filters)
            return
        # Written beside the output and renamed over it at the end: a failed export
        # (a full disk, Ctrl-C) leaves the previous plan as it was.
        partial = output.with_name(f".{output.name}.partial")
        try:
            with partial.open("w", encoding="utf-8", newline="") as stream:
                stream.write(bom)
                count = write_plan(database, chosen, stream, filters)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise ReadlistError(f"{output}: cannot write: {exc.strerror or exc}") from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    err.print(f"{count} resources written to {output}", markup=False)


@app.command("list", cls=Command)
def list_command(
    status: StatusFilter = None,
    kind: KindFilter = None,
    tag: TagFilter = None,
    category: CategoryFilter = None,
    include_done: IncludeDone = False,
    limit: Annotated[
        int, typer.Option(metavar="N", help="Show at most this many (0: all).", min=0)
    ] = 50,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (fits the terminal), or csv, tsv or json: the same rows with ids "
            "and URLs, for pipes.",
        ),
    ] = "table",
    db_path: DbOption = None,
) -> None:
    """Show the study plan in the terminal, in reading order.

    One line per resource, fitted to the terminal's width: long names end in an
    ellipsis, and titles get a column of their own when there is room.
    """
    from readlist.report import LIST_FORMATS, plan_table, write_plan_rows

    chosen = choose("--format", fmt, LIST_FORMATS)
    filters = plan_filters(status, kind, tag, category, include_done)
    with user_errors(), existing(db_path) as database:
        items = select_plan(database, filters)
    shown = items if limit == 0 else items[:limit]
    if chosen == "table":
        console = Console(highlight=False, soft_wrap=False)
        console.print(plan_table(shown, console.width))
    else:
        write_plan_rows(shown, chosen, sys.stdout)
    if len(shown) < len(items):
        err.print(f"{len(items) - len(shown)} more; --limit 0 shows all", markup=False)


@app.command("stats", cls=Command)
def stats_command(db_path: DbOption = None) -> None:
    """Count notes, resources and mentions, per kind and status.

    Notes that could not be read are counted, with the reading progress.
    """
    from rich.table import Table

    from readlist.plan import note_problems
    from readlist.report import describe_problems, describe_totals

    with user_errors(), existing(db_path) as database:
        stats = plan_stats(database)
        failed, warned = note_problems(database)
    console = Console(highlight=False)
    console.print(
        describe_totals(stats["total"], len(failed), len(warned)), markup=False, soft_wrap=True
    )
    for title, counts in (("kind", stats["kind"]), ("status", stats["status"])):
        table = Table(title=f"by {title}", header_style="bold")
        table.add_column(title)
        table.add_column("resources", justify="right")
        for key, count in counts.items():
            table.add_row(str(key), str(count))
        console.print(table)
    status = stats["status"]
    total = sum(v for k, v in status.items() if k != "skip")
    done = status.get("done", 0)
    if total:
        console.print(
            f"progress: {done}/{total} done ({done / total:.0%}), "
            f"{status.get('reading', 0)} reading"
        )
    for line in describe_problems(failed, warned):
        console.print(line, markup=False, soft_wrap=True)
