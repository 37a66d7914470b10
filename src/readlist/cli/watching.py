"""`readlist watch`: new arXiv papers ranked against the reading list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from sqlite_utils import Database

from readlist.cli.common import (
    DbOption,
    QuietOption,
    app,
    err,
    existing,
    user_errors,
)
from readlist.clihelp import Command

if TYPE_CHECKING:
    pass


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
    with user_errors(), existing(db_path) as database:
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
