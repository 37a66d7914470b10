"""The readlist command line: parse options, open the database, call the library, report."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from sqlite_utils import Database

from readlist import __version__
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
from readlist.pipeline import ExtractOptions, extract_paths
from readlist.plan import STATUSES, PlanFilters, plan_stats, select_plan

if TYPE_CHECKING:
    from readlist.names import Gazetteer

# Each command imports what only it needs (the progress bar, tables, fuzzy matching,
# export formats, httpx, Datasette): `readlist extract` after a small edit takes ~0.5 s,
# and every import is paid by every command.

app = typer.Typer(
    help="Turn Markdown study notes into a deduplicated reading list (SQLite + Datasette).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database (default: $READLIST_DB or data/readlist.db).",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readlist {__version__}")
        raise typer.Exit()


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


@app.command()
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Markdown files or folders of notes (.md, .markdown).", show_default=False
        ),
    ],
    db_path: DbOption = None,
    site_url: Annotated[
        str | None,
        typer.Option(
            "--site-url", help="Resolve {{ site.url }} / {{ site.baseurl }} links with this URL."
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=1, help="Skip (and report) notes larger than this."),
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
    quiet: QuietOption = False,
) -> None:
    """Record the links, ids and names in notes as mentions and resources.

    Incremental: unchanged notes are not read again; deleted notes drop their mentions.
    Exit code 1 when any note could not be read (each is reported on stderr).

    Example: readlist extract content/ --site-url https://me.github.io
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
        )
        with _opened(database_path) as database, _progress(not quiet, "extract") as progress:

            def report(path: str, reason: str) -> None:
                err.print(f"{path}: {reason}", markup=False)

            summary = extract_paths(database, paths, options, progress=progress, on_failure=report)
    if not quiet:
        err.print(
            f"{summary.seen} notes: {summary.changed} changed, {summary.unchanged} unchanged, "
            f"{summary.failed} failed, {summary.deleted} deleted; "
            f"{summary.resources} resources, {summary.mentions} mentions",
            markup=False,
        )
    if summary.failed:
        raise typer.Exit(code=1)


@app.command()
def serve(
    db_path: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the reading list in a web browser.")
    ] = False,
    metadata: Annotated[
        Path | None,
        typer.Option("--metadata", "-m", help="Datasette metadata (default: metadata.yml)."),
    ] = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="No marking in the browser (it is off anyway unless --host is 127.0.0.1).",
        ),
    ] = False,
) -> None:
    """Browse the reading list in Datasette: facets, search, exports, and ticking items off.

    Example: readlist serve --open
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


@app.command()
def alias(
    surface: Annotated[
        str, typer.Argument(help="The spelling in your notes, e.g. 'Res Net 계열'.")
    ],
    canonical: Annotated[str, typer.Argument(help="The name it stands for, e.g. ResNet.")],
    db_path: DbOption = None,
) -> None:
    """Teach readlist a spelling of a known name; applied from the next extract on.

    Example: readlist alias "레즈넷" ResNet
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


@app.command()
def ignore(
    name: Annotated[str, typer.Argument(help="A name never to take as a resource.")],
    db_path: DbOption = None,
) -> None:
    """Silence a name (a false match or a guess you do not want) from the next extract on.

    Example: readlist ignore "Operation"
    """
    path = _names_file(db_path)
    with _user_errors():
        curation = load_curation(path)
        if name not in curation.ignore:
            curation.ignore.append(name)
        save_curation(path, curation)
    err.print(f"ignoring {name} (saved in {path}; run `readlist extract` again)", markup=False)


@app.command("add-name")
def add_name(
    name: Annotated[str, typer.Argument(help="Canonical name, e.g. UTOPIAN.")],
    kind: Annotated[
        str, typer.Option(help="paper, model, dataset, site, org, tool or concept.")
    ] = "paper",
    arxiv: Annotated[str | None, typer.Option(help="arXiv id, e.g. 2105.08050.")] = None,
    doi: Annotated[str | None, typer.Option(help="DOI, e.g. 10.1109/TVCG.2013.212.")] = None,
    url: Annotated[str | None, typer.Option(help="Canonical URL.")] = None,
    title: Annotated[str | None, typer.Option(help="Full title.")] = None,
    year: Annotated[int | None, typer.Option(help="Year.")] = None,
    aliases: Annotated[
        list[str] | None, typer.Option("--alias", help="Another spelling (repeatable).")
    ] = None,
    db_path: DbOption = None,
) -> None:
    """Add your own name to recognise (or correct a shipped one) from the next extract on.

    Example: readlist add-name UTOPIAN --kind paper --doi 10.1109/TVCG.2013.212
    """
    from readlist.names import parse_entry

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
    typer.Option("--status", help="Only these statuses (todo, reading, done, skip); repeatable."),
]
KindFilter = Annotated[
    list[str] | None, typer.Option("--kind", help="Only these kinds (paper, model, site, ...).")
]
TagFilter = Annotated[list[str] | None, typer.Option("--tag", help="Only resources with this tag.")]
CategoryFilter = Annotated[
    list[str] | None,
    typer.Option("--category", help="Only resources in this note category or arXiv category."),
]
IncludeDone = Annotated[
    bool, typer.Option("--include-done", help="Also list what is done (at the end).")
]


def _filters(
    status: list[str] | None,
    kind: list[str] | None,
    tag: list[str] | None,
    category: list[str] | None,
    include_done: bool,
) -> PlanFilters:
    for value in status or ():
        if value not in STATUSES:
            err.print(f"error: --status must be one of {', '.join(STATUSES)}, not {value!r}")
            raise typer.Exit(code=2)
    return PlanFilters(
        statuses=tuple(status or ()),
        kinds=tuple(kind or ()),
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


@app.command("mark")
def mark_command(
    what: Annotated[
        str | None,
        typer.Argument(help="Resource id, name or alias, arXiv id or URL.", show_default=False),
    ] = None,
    status: Annotated[
        str | None,
        typer.Argument(help="todo, reading, done or skip.", show_default=False),
    ] = None,
    priority: Annotated[
        int | None, typer.Option(help="Your priority: 1 is read first.", min=1)
    ] = None,
    note: Annotated[str | None, typer.Option(help="Your note on it ('' clears it).")] = None,
    done_from: Annotated[
        Path | None,
        typer.Option("--done-from", help="Mark done everything listed in FILE, one per line."),
    ] = None,
    db_path: DbOption = None,
) -> None:
    """Record what you are reading, have read, or will skip.

    Example: readlist mark Res-Net done --note "read twice"
    """
    from readlist.marking import find_resource, mark

    if done_from is None and (
        what is None or (status is None and priority is None and note is None)
    ):
        err.print("error: give WHAT and STATUS (or --priority/--note), or --done-from FILE")
        raise typer.Exit(code=2)
    if status is not None and status not in STATUSES:
        err.print(f"error: STATUS must be one of {', '.join(STATUSES)}, not {status!r}")
        raise typer.Exit(code=2)
    path = db_path or db_path_from_env()
    with _user_errors(), _existing(path) as database:
        gazetteer = build_gazetteer(data_dir() / "gazetteer", curation_path(path), cache_dir())
        if done_from is not None:
            failed = _mark_many(database, done_from, gazetteer)
            if failed:
                raise typer.Exit(code=1)
            return
        assert what is not None
        found = find_resource(database, what, gazetteer)
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


@app.command("export")
def export_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
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
    """Write the study plan: reading first, then todo by priority and by how often noted.

    Example: readlist export -o plan.csv --kind paper --excel
    """
    from readlist.export import FORMATS, format_for, write_plan

    chosen = format_for(fmt, output)
    if chosen is None:
        err.print(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        raise typer.Exit(code=2)
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


@app.command("list")
def list_command(
    status: StatusFilter = None,
    kind: KindFilter = None,
    tag: TagFilter = None,
    category: CategoryFilter = None,
    include_done: IncludeDone = False,
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).", min=0)] = 50,
    db_path: DbOption = None,
) -> None:
    """Show the study plan in the terminal, in reading order.

    Example: readlist list --kind paper --limit 20
    """
    from rich.table import Table
    from rich.text import Text

    filters = _filters(status, kind, tag, category, include_done)
    with _user_errors(), _existing(db_path) as database:
        items = select_plan(database, filters)
    table = Table(show_lines=False, header_style="bold")
    for column in ("#", "status", "pri", "kind"):
        table.add_column(column, no_wrap=True)
    table.add_column("name (id)", min_width=30, overflow="fold")
    table.add_column("year", no_wrap=True)
    table.add_column("notes", no_wrap=True, justify="right")
    shown = items if limit == 0 else items[:limit]
    for item in shown:
        # Text, not markup: a title such as "[x] is all you need" must print as written.
        label = Text(item.name)
        if item.title and item.title != item.name:
            label.append(f" — {item.title}")
        label.append(f"\n{item.id}", style="dim")
        table.add_row(
            str(item.order),
            item.status,
            str(item.priority or ""),
            item.kind,
            label,
            str(item.year or ""),
            str(item.note_count),
        )
    Console(highlight=False, soft_wrap=False).print(table)
    if len(shown) < len(items):
        err.print(f"{len(items) - len(shown)} more; --limit 0 shows all", markup=False)


@app.command("stats")
def stats_command(db_path: DbOption = None) -> None:
    """Counts per kind and status, and reading progress.

    Example: readlist stats
    """
    from rich.table import Table

    with _user_errors(), _existing(db_path) as database:
        stats = plan_stats(database)
    console = Console(highlight=False)
    totals = stats["total"]
    console.print(
        f"{totals['notes']} notes, {totals['resources']} resources, {totals['mentions']} mentions"
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


# enrich names this many failures on stderr; the rest are counted (and on their rows).
_FAILURES_SHOWN = 20


@app.command("enrich")
def enrich_command(
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only this stage: arxiv, names, papers or pages (repeatable)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="Fetch at most N resources this run.")
    ] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Fetch again what was filled before (ETag-aware).")
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="No network: only count what is still missing.")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow private, loopback and link-local targets."),
    ] = False,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Pages fetched at once (2 per host at most).")
    ] = 8,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=1.0,
            help="Seconds one fetch may take, retries and a slow body included.",
        ),
    ] = 30.0,
    max_time: Annotated[
        float | None,
        typer.Option(
            "--max-time",
            min=1.0,
            help="Stop starting new fetches after this many seconds; the rest waits "
            "for the next run.",
        ),
    ] = None,
    quiet: QuietOption = False,
    db_path: DbOption = None,
) -> None:
    """Fill titles, authors, years and abstracts over HTTP, politely and resumably.

    arXiv ids in batches (one request every 3 s), named papers by title search
    (arXiv, then Semantic Scholar), other links by their page title. Ctrl-C keeps
    everything fetched so far; the next run goes on from there.
    Example: readlist enrich --only arxiv --limit 200
    """
    # httpx and the parsers: imported here, so that the other commands start faster.
    from readlist.enrich import STAGES, EnrichOptions, enrich, make_services
    from readlist.net import Guard, make_client

    stages = frozenset(only or STAGES)
    unknown = stages - set(STAGES)
    if unknown:
        err.print(f"error: --only takes {', '.join(STAGES)}, not {', '.join(sorted(unknown))}")
        raise typer.Exit(code=2)
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
    if offline:
        err.print(f"offline: {summary.pending} resources still to fetch", markup=False)
        return
    for what, reason in summary.failed_rows[:_FAILURES_SHOWN]:
        err.print(f"{what}: {reason}", markup=False)
    if len(summary.failed_rows) > _FAILURES_SHOWN:
        err.print(
            f"… and {len(summary.failed_rows) - _FAILURES_SHOWN} more; each is on its row "
            "of the resources table (enrich_status, enrich_error)",
            markup=False,
        )
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
