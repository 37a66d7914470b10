"""A mention: one place a note points at something (the record extract finds and the
database stores). Its own module so that reading and writing mentions does not load the
finders."""

from __future__ import annotations

from dataclasses import dataclass

from readlist.ids import Target
from readlist.spans import context_window


@dataclass(frozen=True)
class Mention:
    """One place a note points at something: where, how it was written, and what it is."""

    note_path: str
    line: int
    surface: str  # the text exactly as written
    line_text: str  # the whole line it stands on, stripped
    # url | arxiv | doi | name | candidate | wikilink | topic (a technique, not a resource)
    source: str
    target: Target
    place: str | None = None  # "cell 3, line 2" in a notebook; None where the line says it
    column: int = 0  # where the surface starts in `line_text`

    @property
    def context(self) -> str:
        """The line, or a window of CONTEXT_CHARS around the mention on a longer line."""
        return context_window(self.line_text, self.column, self.column + len(self.surface))
