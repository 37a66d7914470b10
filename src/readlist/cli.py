"""The readlist command line: parse options, open the database, call the library, report."""

from __future__ import annotations

import difflib
import json
import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from sqlite_utils import Database

from readlist import __version__
from readlist.clihelp import COMMON, Command, Group
from readlist.config import DEFAULT_MAX_NOTE_BYTES, cache_dir, data_dir, db_path_from_env
from readlist.curation import (
    build_gazetteer,
    curation_path,
    find_entry,
    load_curation,
    save_curation,
)
from readlist.db import open_db
from readlist.errors import ReadlistError
from readlist.formats import NoteFilter
from readlist.pipeline import ExtractOptions, extract_paths
from readlist.plan import STATUSES, PlanFilters, plan_stats, select_plan
from readlist.schemes import KINDS

if TYPE_CHECKING:
    from readlist.names import Gazetteer

# Each command imports what only it needs (the progress bar, tables, fuzzy matching,
# export formats, httpx, Datasette): `readlist extract` after a small edit takes ~0.5 s,
# and every import is paid by every command.

app = typer.Typer(
    cls=Group,
    help="Turn study notes into a deduplicated reading list (SQLite + Datasette).",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain pages (clihelp.py), and plain one-line usage errors
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="SQLite database (default: $READLIST_DB or data/readlist.db).",
        show_default=False,
        rich_help_panel=COMMON,
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="The summary as JSON on standard output, for scripts.",
        rich_help_panel=COMMON,
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No progress bar and no summary line.", rich_help_panel=COMMON
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readlist {__version__}")
        raise typer.Exit()


def _choose(
    option: str, value: str, choices: Sequence[str], names: Mapping[str, str] | None = None
) -> str:
    """`value` as one of `choices` (or as another name `names` maps to one), else a usage
    error that names the closest choice and exits 2. Every option that takes one of a
    fixed set of values goes through here, so they are all refused the same way."""
    key = value.strip().lower()
    if key in choices:
        return key
    if names and key in names:
        return names[key]
    close = difflib.get_close_matches(key, [*choices, *(names or {})], n=1, cutoff=0.6)
    hint = f"; did you mean {(names or {}).get(close[0], close[0])!r}?" if close else ""
    err.print(
        f"error: {option} must be one of {', '.join(choices)}, not {value!r}{hint}", markup=False
    )
    raise typer.Exit(code=2)


def _choose_all(
    option: str, values: Iterable[str] | None, choices: Sequence[str]
) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_choose(option, value, choices) for value in values or ()))


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """readlist: notes → mentions → resources → Datasette and a study plan."""
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a ReadlistError into one line on stderr and exit code 1."""
    try:
        yield
    except ReadlistError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=1) from None
    except sqlite3.OperationalError as exc:
        # e.g. "database is locked" after busy_timeout: another process held it too long
        err.print(f"error: database: {exc}; try again", markup=False)
        raise typer.Exit(code=1) from None


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Callable[[str, int], None]]:
    """A progress callback ("total", n) / ("advance", n) drawing a bar on a terminal only."""
    if not enabled or not sys.stderr.isatty():
        yield lambda event, amount: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def update(event: str, amount: int) -> None:
        if event == "total":
            bar.update(task, total=amount)
        else:
            bar.advance(task, amount)

    with bar:
        yield update


@app.command(cls=Command)
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help=(
                "Notes (Markdown, Jupyter .ipynb, HTML, Org, reStructuredText, .txt), "
                "or folders of them."
            ),
            show_default=False,
        ),
    ],
    db_path: DbOption = None,
    site_url: Annotated[
        str | None,
        typer.Option(
            "--site-url",
            metavar="URL",
            help="Resolve {{ site.url }} / {{ site.baseurl }} links with this URL.",
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes", metavar="BYTES", min=1, help="Skip (and report) notes larger than this."
        ),
    ] = DEFAULT_MAX_NOTE_BYTES,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks", help="Follow symlinks that lead out of the notes folder."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Re-read every note, even unchanged ones.")
    ] = False,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            metavar="GLOB",
            help=(
                "Read only files matching GLOB (name or path in the folder; repeatable). "
                "Any extension: one readlist has no reader for is read as Markdown."
            ),
            show_default=False,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip files and folders matching GLOB (repeatable), e.g. 'public' or '*.txt'.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Find the links, ids and names in notes; record them in SQLite.

    Incremental: unchanged notes are not read again; deleted notes drop their
    mentions. Exit code 1 when a note could not be read (each is named on stderr).
    """
    database_path = db_path or db_path_from_env()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            err.print(f"error: {path}: no such file or folder", markup=False)
            raise typer.Exit(code=2)
    with _user_errors():
        options = ExtractOptions(
            gazetteer=build_gazetteer(
                data_dir() / "gazetteer", curation_path(database_path), cache_dir()
            ),
            site_url=site_url,
            max_bytes=max_bytes,
            follow_symlinks=follow_symlinks,
            force=force,
            note_filter=NoteFilter(tuple(include or ()), tuple(exclude or ())),
        )
        with _opened(database_path) as database, _progress(not quiet, "extract") as progress:

            def report(path: str, reason: str) -> None:
                err.print(f"{path}: {reason}", markup=False)

            summary = extract_paths(database, paths, options, progress=progress, on_failure=report)
    from readlist.report import describe_extract, extract_json

    if as_json:
        typer.echo(json.dumps(extract_json(summary), ensure_ascii=False, indent=2))
    elif not quiet:
        err.print(describe_extract(summary), markup=False)
    if summary.failed:
        raise typer.Exit(code=1)


@app.command(cls=Command)
def serve(
    db_path: DbOption = None,
    host: Annotated[
        str, typer.Option(metavar="HOST", help="Interface to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(metavar="PORT", help="Port to listen on (0 picks a free one).")
    ] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the reading list in a web browser.")
    ] = False,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            "-m",
            metavar="FILE",
            help="Datasette metadata (default: metadata.yml).",
            show_default=False,
        ),
    ] = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="No marking in the browser (it is off anyway unless --host is 127.0.0.1).",
        ),
    ] = False,
) -> None:
    """Browse the reading list in Datasette and tick items off.

    Listens on 127.0.0.1 unless --host says otherwise; Ctrl-C stops it.
    """
    from readlist import serve as serving  # Datasette: imported by the command that runs it

    path = db_path or db_path_from_env()
    with _user_errors():
        if not path.is_file():
            raise ReadlistError(f"{path}: no database yet; run `readlist extract NOTES/` first")
        serving.check_port(host, port)
        metadata_file = serving.find_metadata(metadata)
        prepared = serving.write_metadata(
            serving.set_write_access(
                serving.metadata_for(path, metadata_file) if metadata_file else {},
                host,
                read_only,
            )
        )
        # Uvicorn stops gracefully on SIGTERM, then raises it again: the default action
        # would end the process before the `finally` below. Exit code 143 as for a kill.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            serving.run_datasette(
                serving.datasette_args(
                    path, prepared, host, port, open_browser, serving.count_resources(path)
                )
            )
        finally:  # Ctrl-C or SIGTERM stop Datasette gracefully and land here
            prepared.unlink(missing_ok=True)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _names_file(db_path: Path | None) -> Path:
    return curation_path(db_path or db_path_from_env())


@app.command(cls=Command)
def alias(
    surface: Annotated[
        str,
        typer.Argument(metavar="SPELLING", help="The spelling in your notes, e.g. 'Res Net 계열'."),
    ],
    canonical: Annotated[
        str, typer.Argument(metavar="NAME", help="The name it stands for, e.g. ResNet.")
    ],
    db_path: DbOption = None,
) -> None:
    """Teach readlist another spelling of a known name.

    Saved in the names file beside the database; applied from the next extract on.
    """
    path = _names_file(db_path)
    with _user_errors():
        gazetteer = build_gazetteer(data_dir() / "gazetteer", path)
        entry = find_entry(gazetteer, canonical)
        if entry is None:
            raise ReadlistError(
                f"{canonical!r} is not a known name; add it first with `readlist add-name`"
            )
        curation = load_curation(path)
        curation.aliases[surface] = entry.name
        save_curation(path, curation)
    err.print(
        f"{surface} → {entry.name} (saved in {path}; run `readlist extract` again)", markup=False
    )


@app.command(cls=Command)
def ignore(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="A name never to take as a resource.")
    ],
    db_path: DbOption = None,
) -> None:
    """Never take a name as a resource: a false match, an unwanted guess.

    Saved in the names file beside the database; applied from the next extract on.
    """
    path = _names_file(db_path)
    with _user_errors():
        curation = load_curation(path)
        if name not in curation.ignore:
            curation.ignore.append(name)
        save_curation(path, curation)
    err.print(f"ignoring {name} (saved in {path}; run `readlist extract` again)", markup=False)


@app.command("add-name", cls=Command)
def add_name(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Canonical name, e.g. UTOPIAN.")],
    kind: Annotated[
        str,
        typer.Option(metavar="KIND", help="paper, model, dataset, site, org, tool or concept."),
    ] = "paper",
    arxiv: Annotated[
        str | None, typer.Option(metavar="ID", help="arXiv id, e.g. 2105.08050.")
    ] = None,
    doi: Annotated[
        str | None, typer.Option(metavar="DOI", help="DOI, e.g. 10.1109/TVCG.2013.212.")
    ] = None,
    url: Annotated[str | None, typer.Option(metavar="URL", help="Canonical URL.")] = None,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="Full title.")] = None,
    year: Annotated[int | None, typer.Option(metavar="YEAR", help="Year.")] = None,
    aliases: Annotated[
        list[str] | None,
        typer.Option("--alias", metavar="SPELLING", help="Another spelling (repeatable)."),
    ] = None,
    db_path: DbOption = None,
) -> None:
    """Add a name to recognise, or correct a shipped one.

    Saved in the names file beside the database; applied from the next extract on.
    """
    from readlist.entries import KINDS as NAME_KINDS
    from readlist.entries import parse_entry

    kind = _choose("--kind", kind, sorted(NAME_KINDS))
    item: dict[str, object] = {"name": name, "kind": kind}
    for key, value in (
        ("arxiv", arxiv),
        ("doi", doi),
        ("url", url),
        ("title", title),
        ("year", year),
    ):
        if value is not None:
            item[key] = value
    if aliases:
        item["aliases"] = list(aliases)
    path = _names_file(db_path)
    with _user_errors():
        parse_entry(item, "add-name")  # refuse a bad id or kind before saving
        curation = load_curation(path)
        curation.names = [n for n in curation.names if str(n.get("name")) != name] + [item]
        save_curation(path, curation)
    err.print(f"added {name} ({kind}) to {path}; run `readlist extract` again", markup=False)


StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=f"Only this status: {', '.join(STATUSES)}; repeatable.",
        rich_help_panel="Filters",
    ),
]
KindFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help=f"Only this kind: {', '.join(KINDS)}; repeatable.",
        rich_help_panel="Filters",
    ),
]
TagFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", metavar="TAG", help="Only resources with this tag.", rich_help_panel="Filters"
    ),
]
CategoryFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        metavar="CATEGORY",
        help="Only resources in this note category or arXiv category.",
        rich_help_panel="Filters",
    ),
]
IncludeDone = Annotated[
    bool,
    typer.Option(
        "--include-done", help="Also list what is done (at the end).", rich_help_panel="Filters"
    ),
]


def _filters(
    status: list[str] | None,
    kind: list[str] | None,
    tag: list[str] | None,
    category: list[str] | None,
    include_done: bool,
) -> PlanFilters:
    return PlanFilters(
        statuses=_choose_all("--status", status, STATUSES),
        kinds=_choose_all("--kind", kind, KINDS),
        tags=tuple(tag or ()),
        categories=tuple(category or ()),
        include_done=include_done,
    )


@contextmanager
def _opened(path: Path) -> Iterator[Database]:
    """The database, closed when the command is done: closing checkpoints the WAL into
    the file (a copy of the .db alone then holds everything), and `run` exits without
    waiting for the garbage collector to do it."""
    database = open_db(path)
    try:
        yield database
    finally:
        database.close()


@contextmanager
def _existing(db_path: Path | None) -> Iterator[Database]:
    path = db_path or db_path_from_env()
    if not path.is_file():
        raise ReadlistError(f"{path}: no database yet; run `readlist extract NOTES/` first")
    with _opened(path) as database:
        yield database


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
        status = _choose("STATUS", status, STATUSES)
    path = db_path or db_path_from_env()
    with _user_errors(), _existing(path) as database:
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
    from readlist.marking import find_resource, mark

    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadlistError(f"{listing}: cannot read: {exc}") from exc
    done = failed = 0
    for number, line in enumerate(lines, start=1):
        what = (
            line.split("#", 1)[0].strip() if not line.lstrip().startswith("http") else line.strip()
        )
        if not what:
            continue
        try:
            found = find_resource(database, what, gazetteer)
        except ReadlistError as exc:
            err.print(f"{listing}:{number}: {exc}", markup=False)
            failed += 1
            continue
        mark(database, found.id, "done")
        done += 1
    err.print(f"{done} marked done, {failed} not found", markup=False)
    return failed


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
        None if fmt is None else _choose("--format", fmt, FORMATS, FORMAT_NAMES), output
    )
    assert chosen is not None
    filters = _filters(status, kind, tag, category, include_done)
    bom = "\ufeff" if excel and chosen == "csv" else ""
    with _user_errors(), _existing(db_path) as database:
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

    chosen = _choose("--format", fmt, LIST_FORMATS)
    filters = _filters(status, kind, tag, category, include_done)
    with _user_errors(), _existing(db_path) as database:
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

    with _user_errors(), _existing(db_path) as database:
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


gazetteer_app = typer.Typer(
    cls=Group,
    help="Look into the gazetteer: the names readlist knows.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("stats", cls=Command)
def gazetteer_stats_command(json_output: JsonOption = False) -> None:
    """Count the shipped gazetteer's entries per kind and per source.

    Sources are the hand-checked YAML files and each repository the harvested
    entries were taken from (data/gazetteer/SOURCES.md), with how many entries
    carry an arXiv id or a DOI. Rebuild the harvested entries with `make gazetteer`.
    """
    from dataclasses import asdict

    from rich.table import Table

    from readlist.curation import read_shipped
    from readlist.entries import count_entries

    folder = data_dir() / "gazetteer"
    with _user_errors():
        stats = count_entries(*read_shipped(folder))
    if json_output:
        typer.echo(json.dumps(asdict(stats), indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    total = sum(count.entries for count in stats.by_tier.values())
    tiers = ", ".join(f"{count.entries} {tier}" for tier, count in stats.by_tier.items())
    console.print(f"{total} entries in {folder} ({tiers})", markup=False, soft_wrap=True)
    if stats.set_aside:
        console.print(
            f"{stats.set_aside} harvested entries set aside: hand-checked ones have all "
            "their names",
            markup=False,
        )
    for title, counts in (("kind", stats.by_kind), ("source", stats.by_source)):
        table = Table(title=f"by {title}", header_style="bold")
        table.add_column(title)
        for column in ("entries", "arXiv", "DOI"):
            table.add_column(column, justify="right")
        for key, count in counts.items():
            table.add_row(key, str(count.entries), str(count.arxiv), str(count.doi))
        console.print(table)


# enrich names this many failures of a cause of their own on stderr; the rest are
# counted (and on their rows). Failures that share a cause are one line each.
_FAILURES_SHOWN = 20


@app.command("enrich", cls=Command)
def enrich_command(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="STAGE",
            help="Only this stage: arxiv, names, papers or pages; repeatable.",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", metavar="N", min=0, help="Fetch at most N resources this run."),
    ] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Fetch again what was filled before (ETag-aware).")
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="No network: only count what is still missing.")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow private, loopback and link-local targets.",
            rich_help_panel="Network",
        ),
    ] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            metavar="N",
            min=1,
            max=64,
            help="Pages fetched at once, 1 to 64 (2 per host at most).",
            rich_help_panel="Network",
        ),
    ] = 8,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=1.0,
            help="Seconds one fetch may take, retries and a slow body included.",
            rich_help_panel="Network",
        ),
    ] = 30.0,
    max_time: Annotated[
        float | None,
        typer.Option(
            "--max-time",
            metavar="SECONDS",
            min=1.0,
            help="Stop starting new fetches after this many seconds; the rest waits "
            "for the next run.",
        ),
    ] = None,
    quiet: QuietOption = False,
    db_path: DbOption = None,
) -> None:
    """Fetch titles, authors, years and abstracts, politely and resumably.

    arXiv ids in batches (one request every 3 s), named papers by title search
    (arXiv, then Semantic Scholar), papers on paper hosts from their metadata, other
    links by their page title. Ctrl-C keeps everything fetched so far; the next run
    goes on from there. Exit code 1 when anything failed or was left.
    """
    # httpx and the parsers: imported here, so that the other commands start faster.
    from readlist.enrich import STAGES, EnrichOptions, enrich, make_services
    from readlist.net import Guard, make_client

    stages = frozenset(_choose_all("--only", only, STAGES) or STAGES)
    options = EnrichOptions(
        only=stages,
        limit=limit,
        refresh=refresh,
        offline=offline,
        concurrency=concurrency,
        max_time=max_time,
    )
    # SIGTERM (a `timeout` wrapper, a service manager) stops the run as Ctrl-C does:
    # enrich keeps what it fetched and the summary is printed.
    received: list[int] = []

    def interrupt(signum: int, frame: object) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with (
            _user_errors(),
            _existing(db_path) as database,
            make_client(timeout=min(20.0, timeout), connect_timeout=min(10.0, timeout)) as client,
            _progress(not quiet, "enrich") as progress,
        ):
            services = (
                None if offline else make_services(client, Guard(allow_private), deadline=timeout)
            )
            summary = enrich(database, services, options, progress)
    finally:
        signal.signal(signal.SIGTERM, previous)
    from readlist.report import describe_failures, plural

    if offline:
        err.print(f"offline: {plural(summary.pending, 'resource')} still to fetch", markup=False)
        return
    for line in describe_failures(summary.failed_rows, _FAILURES_SHOWN):
        err.print(line, markup=False)
    # The summary is printed even with --quiet when the run was cut short: it says
    # what is left, and that the next run goes on.
    if not quiet or summary.interrupted or summary.out_of_time:
        reasons = ", ".join(f"{count} {reason}" for reason, count in summary.failures.most_common())
        line = (
            f"{summary.pending} to fetch: {summary.filled} filled, {summary.unchanged} unchanged, "
            f"{summary.not_found} not found, {summary.unresolved} unresolved, "
            f"{summary.failed} failed" + (f" ({reasons})" if reasons else "")
        )
        if summary.no_source:
            line += f"; {summary.no_source} with no source to fill them (no_source)"
        if summary.interrupted:
            line += f"; interrupted, {summary.left} left for the next run"
        elif summary.out_of_time:
            line += f"; --max-time reached, {summary.left} left for the next run"
        err.print(line, markup=False)
    if summary.interrupted:
        raise typer.Exit(code=128 + (received[0] if received else signal.SIGINT))
    if summary.failed or summary.left:
        raise typer.Exit(code=1)


@app.command("check", cls=Command)
def check_command(
    only: Annotated[
        str,
        typer.Option(
            "--only",
            metavar="WHICH",
            help="all, broken (check again the links last found broken) or redirected.",
        ),
    ] = "all",
    since: Annotated[
        float,
        typer.Option(
            "--since",
            metavar="DAYS",
            min=0.0,
            help="Keep results (and enrich's page fetches) younger than this; 0 checks all.",
        ),
    ] = 7.0,
    wayback: Annotated[
        bool,
        typer.Option(
            "--wayback/--no-wayback",
            help="Propose the Wayback Machine's snapshot for dead links with no other fix.",
        ),
    ] = True,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow private, loopback and link-local targets.",
            rich_help_panel="Network",
        ),
    ] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            metavar="N",
            min=1,
            max=64,
            help="Links checked at once, 1 to 64 (2 per host at most).",
            rich_help_panel="Network",
        ),
    ] = 8,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=1.0,
            help="Seconds one fetch may take, retries and a slow body included.",
            rich_help_panel="Network",
        ),
    ] = 20.0,
    quiet: QuietOption = False,
    db_path: DbOption = None,
) -> None:
    """Find dead links in the notes and propose what replaced them.

    Records ok, redirected, gone, soft-404, parked, blocked, unreachable or error
    for each link, and a replacement with its evidence: a permanent redirect, a
    known site migration, or the Wayback Machine's snapshot closest to the note's
    date. `readlist fix` writes them into the notes. Exit code 1 when a link is
    broken.
    """
    from readlist.config import wayback_api
    from readlist.links.check import CheckOptions, CheckServices, check_links, describe_check
    from readlist.links.status import BROKEN
    from readlist.links.store import ONLY, report_rows
    from readlist.links.wayback import Wayback
    from readlist.net import Fetcher, Guard, HostHealth, make_client

    which = _choose("--only", only, ONLY)
    options = CheckOptions(only=which, since_days=since, concurrency=concurrency)
    with (
        _user_errors(),
        _existing(db_path) as database,
        make_client(timeout=min(20.0, timeout), connect_timeout=min(10.0, timeout)) as client,
        _progress(not quiet, "check") as progress,
    ):
        guard, hosts = Guard(allow_private), HostHealth()
        fetcher = Fetcher(client, guard=guard, deadline=timeout, retries=1, hosts=hosts)
        archive = None
        if wayback:
            api_fetcher = Fetcher(client, guard=guard, retries=0, deadline=timeout, hosts=hosts)
            archive = Wayback(api_fetcher, wayback_api())
        summary = check_links(database, CheckServices(fetcher, archive), options, progress)
        rows = report_rows(database, which)
    out = Console(highlight=False, soft_wrap=True)
    for row in rows:
        out.print(f"{row.link_status:<11} {row.surface}  ({row.reason})", markup=False)
        if row.suggestion:
            out.print(f"  → {row.suggestion}  [{row.source}: {row.evidence}]", markup=False)
    if not quiet or summary.interrupted:
        err.print(describe_check(summary), markup=False)
        if any(row.suggestion for row in rows):
            err.print("`readlist fix --diff fixes.patch` writes the replacements", markup=False)
    if summary.interrupted:
        raise typer.Exit(code=130)
    if any(row.link_status in BROKEN for row in rows):
        raise typer.Exit(code=1)


@app.command("fix", cls=Command)
def fix_command(
    diff: Annotated[
        Path | None,
        typer.Option(
            "--diff",
            metavar="PATCH",
            help="Write the replacements as a unified diff to PATCH ('-': standard output).",
        ),
    ] = None,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Edit the notes in place (a backup is kept), re-extract."),
    ] = False,
    quiet: QuietOption = False,
    db_path: DbOption = None,
) -> None:
    """Write the replacements check proposed into the notes.

    Only notes unchanged since extract (same content hash), and in them only the
    link text at its recorded line; a note edited since is named and left alone.
    With --diff, a patch to review and apply with `git apply` or `patch -p1` in
    the notes folder; with --apply, the notes are edited, each first copied under
    a backup folder beside the database, and extracted again.
    """
    from readlist.links.fix import apply_fixes, write_patch

    if (diff is None) == (not apply):
        err.print("error: give --diff PATCH or --apply", markup=False)
        raise typer.Exit(code=2)
    path = db_path or db_path_from_env()
    with _user_errors(), _existing(path) as database:
        if diff is not None:
            patch, summary = write_patch(database)
            if str(diff) == "-":
                sys.stdout.buffer.write(patch)
                sys.stdout.flush()
            else:
                diff.write_bytes(patch)
        else:
            import datetime as dt

            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = path.parent / f"{path.stem}.backups" / stamp
            summary = apply_fixes(database, backup)
            if summary.edited:
                _reextract(database, path, sorted(summary.roots))
    for note, reason in summary.skipped:
        err.print(f"{note}: not edited: {reason}", markup=False)
    if not quiet:
        from readlist.report import plural

        done = "edited" if apply else "in the patch"
        line = f"{plural(summary.links, 'link')} in {plural(len(summary.edited), 'note')} {done}"
        if summary.skipped:
            line += f"; {plural(len(summary.skipped), 'note')} left alone"
        if diff is not None and summary.base and str(diff) != "-":
            line += f"; apply it in {summary.base} with `git apply {diff.resolve()}`"
        if summary.backup is not None and summary.edited:
            line += f"; originals in {summary.backup}"
        err.print(line, markup=False)
    if summary.skipped:
        raise typer.Exit(code=1)


def _reextract(database: Database, db_path: Path, roots: list[str]) -> None:
    """Extract the edited notes' folders again, as `readlist extract` would."""
    from readlist.db import get_state

    options = ExtractOptions(
        gazetteer=build_gazetteer(data_dir() / "gazetteer", curation_path(db_path), cache_dir()),
        site_url=get_state(database, "site_url") or None,
    )
    extract_paths(database, [Path(root) for root in roots], options)


@app.command("watch", cls=Command)
def watch_command(
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            metavar="CATEGORY",
            help="Watch this arXiv category this run (repeatable), instead of the saved "
            "ones or your reading list's.",
            rich_help_panel="Keywords and categories",
        ),
    ] = None,
    add_keyword: Annotated[
        list[str] | None,
        typer.Option(
            "--add-keyword",
            metavar="TEXT",
            help="Save a keyword (repeatable): fetched, and a boost when it matches.",
            rich_help_panel="Keywords and categories",
        ),
    ] = None,
    remove_keyword: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-keyword",
            metavar="TEXT",
            help="Forget a saved keyword.",
            rich_help_panel="Keywords and categories",
        ),
    ] = None,
    add_category: Annotated[
        list[str] | None,
        typer.Option(
            "--add-category",
            metavar="CATEGORY",
            help="Save a category to watch instead of your reading list's.",
            rich_help_panel="Keywords and categories",
        ),
    ] = None,
    remove_category: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-category",
            metavar="CATEGORY",
            help="Forget a saved category.",
            rich_help_panel="Keywords and categories",
        ),
    ] = None,
    show: Annotated[
        bool,
        typer.Option(
            "--list",
            help="Show the keywords and categories watched, and the suggestions so far.",
            rich_help_panel="Keywords and categories",
        ),
    ] = False,
    dismiss: Annotated[
        list[str] | None,
        typer.Option("--dismiss", metavar="ID", help="Hide a suggestion (arXiv id; repeatable)."),
    ] = None,
    feed: Annotated[
        Path | None,
        typer.Option(
            "--feed", metavar="FILE", help="Write the suggestions as an Atom feed to FILE."
        ),
    ] = None,
    top: Annotated[int, typer.Option(metavar="N", min=1, help="Suggestions kept from a run.")] = 20,
    max_papers: Annotated[
        int,
        typer.Option(
            "--max-papers",
            metavar="N",
            min=1,
            help="Read at most N new papers this run (pages of 200, one request every 3 s).",
        ),
    ] = 1000,
    days: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            min=1,
            help="Read the last N days again (default: since the last run; 3 days the first time).",
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="No network: only write --feed from the table.")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow a private or loopback arXiv endpoint (READLIST_ARXIV_API).",
            rich_help_panel="Network",
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=1.0,
            help="Seconds one request may take, retries included.",
            rich_help_panel="Network",
        ),
    ] = 30.0,
    quiet: QuietOption = False,
    db_path: DbOption = None,
) -> None:
    """New arXiv papers ranked against your reading list, with why.

    Reads the newest submissions in your papers' arXiv categories and for your
    keywords (only what is new since the last run), ranks them as arxiv-sanity-lite
    does (TF-IDF and a linear SVM trained on your papers), and keeps the best in the
    suggestions table ("New papers for you" in readlist serve). Managing keywords,
    --list and --dismiss read nothing from arXiv.
    """
    from readlist.watch import store
    from readlist.watch.listing import valid_category

    for value in (*(category or ()), *(add_category or ())):
        if not valid_category(value):
            err.print(
                f"error: {value!r} is not an arXiv category (e.g. cs.CL, cs.CV, stat.ML)",
                markup=False,
            )
            raise typer.Exit(code=2)
    managing = bool(
        add_keyword or remove_keyword or add_category or remove_category or show or dismiss
    )
    unknown: list[str] = []
    with _user_errors(), _existing(db_path) as database:
        for kind, added, removed in (
            (store.KEYWORD, add_keyword, remove_keyword),
            (store.CATEGORY, add_category, remove_category),
        ):
            for term in store.add_terms(database, kind, [t.strip() for t in added or ()]):
                err.print(f"watching {kind} {term!r}", markup=False)
            for term in store.remove_terms(database, kind, removed or ()):
                err.print(f"no longer watching {kind} {term!r}", markup=False)
        if dismiss:
            hidden, unknown = store.dismiss(database, dismiss)
            for arxiv_id in hidden:
                err.print(f"{arxiv_id}: dismissed", markup=False)
            for item in unknown:
                err.print(f"{item}: no such suggestion", markup=False)
        if show:
            _show_watch(database)
        if not managing and not offline:
            _run_watch(database, category, top, max_papers, days, allow_private, timeout, quiet)
        if feed is not None:
            from readlist.watch.feed import write_feed

            rows = store.suggestions_for_feed(database)
            write_feed(feed, rows)
            if not quiet:
                err.print(f"{len(rows)} suggestions written to {feed}", markup=False)
    if unknown:
        raise typer.Exit(code=1)


def _run_watch(
    database: Database,
    category: list[str] | None,
    top: int,
    max_papers: int,
    days: int | None,
    allow_private: bool,
    timeout: float,
    quiet: bool,
) -> None:
    from readlist.enrich import make_arxiv
    from readlist.net import Guard, make_client
    from readlist.report import describe_watch
    from readlist.watch import WatchOptions, watch

    options = WatchOptions(
        categories=tuple(category or ()), top=top, max_papers=max_papers, days=days
    )
    with make_client(timeout=min(20.0, timeout), connect_timeout=min(10.0, timeout)) as client:
        summary = watch(database, make_arxiv(client, Guard(allow_private), timeout), options)
    head, lines = describe_watch(summary)
    if not quiet:
        err.print(head, markup=False)
        for line in lines:
            typer.echo(line)
    if summary.failure:
        err.print(f"error: {summary.failure}; the next run reads the rest", markup=False)
        raise typer.Exit(code=1)


def _show_watch(database: Database) -> None:
    from readlist.report import describe_watch_terms
    from readlist.watch import choose_categories, store

    library = store.library(database)
    categories, source, counts = choose_categories(database, (), library)
    keywords = store.list_terms(database, store.KEYWORD)
    shown, dismissed = store.count_suggestions(database)
    for line in describe_watch_terms(categories, source, counts, keywords, shown, dismissed):
        typer.echo(line)


def run() -> None:
    """The `readlist` console script: the command, then a quick exit.

    By the time a command returns, what it wrote is committed and its database closed.
    Freeing the gazetteer's automaton, the URL caches and every module one object at
    a time would keep the user waiting another ~0.1 s for nothing, so the process
    ends at once with the command's exit code, its output flushed.
    """
    try:
        app()
        code = 0
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            code = exit_.code or 0
        else:  # sys.exit("message"): the message on stderr, exit code 1, as Python does
            print(exit_.code, file=sys.stderr)
            code = 1
    logging.shutdown()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1  # `readlist export | head`: the reader left early
    sys.stderr.flush()
    os._exit(code)
