"""The command line's common parts: the Typer app, the options every command shares, and
the helpers that turn a library error into one line and open the database.

Each command imports what only it needs (the progress bar, tables, fuzzy matching,
export formats, httpx, Datasette): `readlist extract` after a small edit takes ~0.5 s,
and every import is paid by every command."""

from __future__ import annotations

import difflib
import logging
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
from readlist.clihelp import COMMON, Group
from readlist.config import db_path_from_env
from readlist.curation import (
    curation_path,
)
from readlist.db import open_db
from readlist.errors import ReadlistError
from readlist.plan import STATUSES, PlanFilters
from readlist.schemes import KINDS

if TYPE_CHECKING:
    pass


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
# The network options enrich and check share (watch says what its endpoint is).
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow private, loopback and link-local targets.",
        rich_help_panel="Network",
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=1.0,
        help="Seconds one fetch may take, retries and a slow body included.",
        rich_help_panel="Network",
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


def choose(
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


def choose_all(
    option: str, values: Iterable[str] | None, choices: Sequence[str]
) -> tuple[str, ...]:
    return tuple(dict.fromkeys(choose(option, value, choices) for value in values or ()))


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
def user_errors() -> Iterator[None]:
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
def progress_bar(enabled: bool, label: str) -> Iterator[Callable[[str, int], None]]:
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


def names_file(db_path: Path | None) -> Path:
    return curation_path(db_path or db_path_from_env())


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


def plan_filters(
    status: list[str] | None,
    kind: list[str] | None,
    tag: list[str] | None,
    category: list[str] | None,
    include_done: bool,
) -> PlanFilters:
    return PlanFilters(
        statuses=choose_all("--status", status, STATUSES),
        kinds=choose_all("--kind", kind, KINDS),
        tags=tuple(tag or ()),
        categories=tuple(category or ()),
        include_done=include_done,
    )


@contextmanager
def opened(path: Path) -> Iterator[Database]:
    """The database, closed when the command is done: closing checkpoints the WAL into
    the file (a copy of the .db alone then holds everything), and `run` exits without
    waiting for the garbage collector to do it."""
    database = open_db(path)
    try:
        yield database
    finally:
        database.close()


@contextmanager
def existing(db_path: Path | None) -> Iterator[Database]:
    path = db_path or db_path_from_env()
    if not path.is_file():
        raise ReadlistError(f"{path}: no database yet; run `readlist extract NOTES/` first")
    with opened(path) as database:
        yield database
