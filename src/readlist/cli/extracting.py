"""`readlist extract` and `readlist serve`: notes in, the reading list out in Datasette."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli.common import (
    DbOption,
    JsonOption,
    QuietOption,
    app,
    err,
    opened,
    progress_bar,
    user_errors,
)
from readlist.clihelp import Command
from readlist.config import DEFAULT_MAX_NOTE_BYTES, cache_dir, data_dir, db_path_from_env
from readlist.curation import (
    build_gazetteer,
    curation_path,
)
from readlist.errors import ReadlistError
from readlist.formats import NoteFilter

if TYPE_CHECKING:
    pass


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
    # (the finders load with the pipeline: only the commands that extract pay for them)
    from readlist.pipeline import ExtractOptions, extract_paths

    database_path = db_path or db_path_from_env()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            err.print(f"error: {path}: no such file or folder", markup=False)
            raise typer.Exit(code=2)
    with user_errors():
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
        with opened(database_path) as database, progress_bar(not quiet, "extract") as progress:

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
    with user_errors():
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
