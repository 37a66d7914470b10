"""Which files are notes, and in which format: one table, chosen by extension.

Markdown is read as it is. Every other format is turned into the Markdown the finders
already read (links as `[text](url)`, code as fenced code), with a map from each line of
that text back to the file's own line, and a place when a line number is not enough
("cell 3, line 2" of a notebook). So recognition, provenance and incremental rules stay
those of Markdown (issue #21).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

# Extension -> format. The README's format table says what each one reads.
FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".ipynb": "notebook",
    ".html": "html",
    ".htm": "html",
    ".org": "org",
    ".rst": "rst",
    ".txt": "text",
}
NOTE_SUFFIXES = tuple(FORMATS)

# Text files in every repository that are not notes: a requirements file is a list of
# package names, which the name finder would take for tools.
_NOT_NOTES = re.compile(
    r"(?:requirements[\w.-]*|constraints|licen[sc]e[\w.-]*|copying|robots|cmakelists"
    r"|third[_-]party[\w.-]*|notice)\.txt",
    re.IGNORECASE,
)
# Folders that hold what a site generator or a package manager made, never notes.
SKIPPED_FOLDERS = frozenset({"_site", "node_modules", "__pycache__"})

# Notion's export names every page `Title <32 hex digits>.md` (and its folder likewise).
_NOTION_ID = re.compile(r"\s+[0-9a-f]{32}$")


def format_of(path: str) -> str:
    """The format a note is read as: by its extension; Markdown for any other file
    (`--include '*.qmd'` widens the walk to a Markdown dialect)."""
    name = path.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return FORMATS.get(name[dot:], "markdown") if dot > 0 else "markdown"


def clean_stem(path: str) -> str:
    """A note's file name as a title: without its extension and without the id Notion
    appends to exported pages (`Attention 0123456789abcdef0123456789abcdef.md`)."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    for suffix in NOTE_SUFFIXES:
        if lower.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return _NOTION_ID.sub("", name) or name


@dataclass(frozen=True)
class NoteFilter:
    """Which files of a folder are notes: every format of FORMATS, or only the files that
    match an `--include` glob (any extension), less those that match an `--exclude` glob.
    A glob is matched against the file name and against the path in the folder."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def wants(self, rel_path: str) -> bool:
        name = rel_path.rsplit("/", 1)[-1]
        if self.exclude and _matches(self.exclude, rel_path, name):
            return False
        if self.include:
            return _matches(self.include, rel_path, name)
        lower = name.lower()
        return lower.endswith(NOTE_SUFFIXES) and not (
            lower.endswith(".txt") and _NOT_NOTES.fullmatch(lower)
        )

    def wants_folder(self, rel_path: str) -> bool:
        name = rel_path.rsplit("/", 1)[-1]
        if name in SKIPPED_FOLDERS:
            return False
        return not (self.exclude and _matches(self.exclude, rel_path + "/", name, rel_path))


def _matches(globs: tuple[str, ...], *candidates: str) -> bool:
    return any(
        fnmatch.fnmatchcase(candidate.lower(), glob.lower())
        for glob in globs
        for candidate in candidates
    )


@dataclass(frozen=True)
class Rendered:
    """A note of another format as Markdown, and where each of its lines came from."""

    text: str
    lines: tuple[int, ...] | None = None  # the file line of each line of `text`
    places: tuple[str, ...] | None = None  # "cell 3, line 2": where a line number is not enough
    title: str | None = None
    date: str | None = None
    tags: tuple[str, ...] = ()


def render(fmt: str, text: str) -> Rendered | str:
    """Turn a note's text into Markdown for the finders; a string is why it cannot be read."""
    if fmt == "notebook":
        from readlist.notebooks import render_notebook

        return render_notebook(text)
    if fmt == "html":
        from readlist.htmlnotes import render_html  # selectolax: only for HTML notes

        return render_html(text)
    if fmt == "org":
        from readlist.markup import render_org

        return render_org(text)
    if fmt == "rst":
        from readlist.markup import render_rst

        return render_rst(text)
    return render_text(text)


def render_text(text: str) -> Rendered:
    """Plain text: read as it is, for bare URLs, ids and names (line for line)."""
    return Rendered(text=text)
