"""The exceptions that stop a command; per-item failures are stored as data instead."""

from __future__ import annotations


class ReadlistError(Exception):
    """A problem the user can act on; the CLI prints its message on one line."""


class NotesPathError(ReadlistError):
    """A notes path given on the command line does not exist or cannot be walked."""


class DatabaseError(ReadlistError):
    """The database cannot be opened or is not a readlist database."""
