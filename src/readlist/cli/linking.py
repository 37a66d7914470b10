"""`readlist check` and `readlist fix`: dead links and what replaced them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from sqlite_utils import Database

from readlist.cli.common import (
    AllowPrivateOption,
    DbOption,
    QuietOption,
    TimeoutOption,
    app,
    choose,
    err,
    existing,
    progress_bar,
    user_errors,
)
from readlist.clihelp import Command
from readlist.config import cache_dir, data_dir, db_path_from_env
from readlist.curation import (
    build_gazetteer,
    curation_path,
)

if TYPE_CHECKING:
    pass


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
    allow_private: AllowPrivateOption = False,
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
    timeout: TimeoutOption = 20.0,
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

    which = choose("--only", only, ONLY)
    options = CheckOptions(only=which, since_days=since, concurrency=concurrency)
    with (
        user_errors(),
        existing(db_path) as database,
        make_client(timeout=min(20.0, timeout), connect_timeout=min(10.0, timeout)) as client,
        progress_bar(not quiet, "check") as progress,
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
    with user_errors(), existing(path) as database:
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
    from readlist.pipeline import ExtractOptions, extract_paths

    options = ExtractOptions(
        gazetteer=build_gazetteer(data_dir() / "gazetteer", curation_path(db_path), cache_dir()),
        site_url=get_state(database, "site_url") or None,
    )
    extract_paths(database, [Path(root) for root in roots], options)
