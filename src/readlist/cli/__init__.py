"""The readlist command line: parse options, open the database, call the library, report.

One module per area of commands; importing this package registers them all on `app`."""

from __future__ import annotations

import logging
import os
import sys

from readlist.cli import enriching, extracting, linking, naming, reading, watching
from readlist.cli.common import app

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
