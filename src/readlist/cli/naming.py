"""Your names for things: `alias`, `ignore`, `add-name`, and `gazetteer stats`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from readlist.cli.common import (
    DbOption,
    JsonOption,
    app,
    choose,
    err,
    names_file,
    user_errors,
)
from readlist.clihelp import Command, Group
from readlist.config import data_dir
from readlist.curation import add_alias, add_ignore, add_name

if TYPE_CHECKING:
    pass


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
    path = names_file(db_path)
    with user_errors():
        known = add_alias(path, data_dir() / "gazetteer", surface, canonical)
    err.print(f"{surface} → {known} (saved in {path}; run `readlist extract` again)", markup=False)


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
    path = names_file(db_path)
    with user_errors():
        add_ignore(path, name)
    err.print(f"ignoring {name} (saved in {path}; run `readlist extract` again)", markup=False)


@app.command("add-name", cls=Command)
def add_name_command(
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

    kind = choose("--kind", kind, sorted(NAME_KINDS))
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
    path = names_file(db_path)
    with user_errors():
        add_name(path, item)
    err.print(f"added {name} ({kind}) to {path}; run `readlist extract` again", markup=False)


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
    with user_errors():
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
