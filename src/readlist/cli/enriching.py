"""`readlist enrich`: titles and metadata over HTTP."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli.common import (
    AllowPrivateOption,
    DbOption,
    QuietOption,
    TimeoutOption,
    app,
    choose_all,
    err,
    existing,
    progress_bar,
    user_errors,
)
from readlist.clihelp import Command

if TYPE_CHECKING:
    pass

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
    allow_private: AllowPrivateOption = False,
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
    timeout: TimeoutOption = 30.0,
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

    stages = frozenset(choose_all("--only", only, STAGES) or STAGES)
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
            user_errors(),
            existing(db_path) as database,
            make_client(timeout=min(20.0, timeout), connect_timeout=min(10.0, timeout)) as client,
            progress_bar(not quiet, "enrich") as progress,
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
