"""The readlist command line: parse options, open the database, call the library, report.

One module per area of commands; importing this package registers them all on `app`."""

from __future__ import annotations

import logging
import os
import sys


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy, when it is installed (scikit-learn brings it for
    `readlist watch`), only to map numpy's number types to SQL types; readlist writes none.
    The import cost ~50 ms at the start of every command (a twentieth of a 1 % re-extract
    of 10,000 notes), so the command line imports sqlite-utils without it; numpy is
    imported as usual afterwards, by what needs it."""
    if "numpy" in sys.modules or "sqlite_utils" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # an import of it fails
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_sqlite_utils_without_numpy()

from readlist.cli import enriching, extracting, linking, naming, reading, watching  # noqa: E402
from readlist.cli.common import app  # noqa: E402

__all__ = ["app", "enriching", "extracting", "linking", "naming", "reading", "run", "watching"]


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
