"""Jupyter notebooks (.ipynb) as Markdown: markdown cells as they are, code cells as
fenced code, outputs skipped except `text/markdown` ones (issue #21).

Each line keeps its place: the cell and the line in the cell, and the line of the
.ipynb file it sits on (nbformat writes one source line per line of JSON), found by
a JSON decoder that remembers where each string began. Output payloads (a 20 MB
base64 image) are passed over by the C string scanner and never copied.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any

from readlist.formats import Rendered
from readlist.spans import find_line_starts

# Strings longer than this are output payloads, not lines a person wrote: their
# place is not worth a copy of them.
_POSITIONED_CHARS = 64 * 1024
_FENCE_LINE = re.compile(r"[ \t]{0,3}(?:`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`{3,}")
_HEADING = re.compile(r"#{1,6}\s+(.+?)\s*#*\s*$")


class _Positioned(str):
    """A JSON string that knows the offset of its opening quote."""

    offset: int


def _positioned_string(text: str, end: int, strict: bool = True) -> tuple[str, int]:
    value, after = scanstring(text, end, strict)
    if len(value) > _POSITIONED_CHARS:
        return value, after
    positioned = _Positioned(value)
    positioned.offset = end - 1
    return positioned, after


class _Decoder(json.JSONDecoder):
    """json's own decoder, with the Python scanner (the C one takes no string hook)
    calling `_positioned_string` for every string value."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_string = _positioned_string
        self.scan_once = py_make_scanner(self)


def render_notebook(text: str) -> Rendered | str:
    """The notebook as Markdown with a file line and a place per line, or why it cannot
    be read ("not a valid notebook: …")."""
    try:
        data: Any = _Decoder().decode(text)
    except json.JSONDecodeError as exc:
        return f"not a valid notebook: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return "not a valid notebook: JSON nested too deeply"
    if not isinstance(data, dict):
        return "not a valid notebook: not a JSON object"
    cells = data.get("cells")
    worksheets = data.get("worksheets")
    if cells is None and isinstance(worksheets, list):  # nbformat 3
        cells = [
            cell
            for sheet in worksheets
            if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
            for cell in sheet["cells"]
        ]
    if not isinstance(cells, list):
        return "not a valid notebook: no list of cells"
    metadata: dict[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
    builder = _Builder(find_line_starts(text), _language(metadata))
    for number, cell in enumerate(cells, start=1):
        if isinstance(cell, dict):
            builder.add_cell(number, cell)
    title = builder.title or _text(metadata.get("title"))
    return Rendered(
        text="\n".join(builder.out),
        lines=tuple(builder.lines),
        places=tuple(builder.places),
        title=title,
    )


class _Builder:
    """Collects the Markdown lines, with the file line and place of each."""

    def __init__(self, line_starts: list[int], language: str) -> None:
        self.line_starts = line_starts
        self.language = language
        self.out: list[str] = []
        self.lines: list[int] = []
        self.places: list[str] = []
        self.last_line = 1
        self.title: str | None = None

    def add_cell(self, number: int, cell: dict[str, Any]) -> None:
        kind = cell.get("cell_type")
        source = _source_lines(cell.get("source", cell.get("input")), self.line_starts)
        if self.out:  # a blank line between cells keeps paragraphs apart
            self._add("", self.last_line, self.places[-1])
        if kind == "code":
            self._add_code(number, source)
            for output in cell.get("outputs") or ():
                self._add_output(number, output)
            return
        if kind == "heading":  # nbformat 3
            level: int = cell["level"] if isinstance(cell.get("level"), int) else 1
            source = [("#" * max(1, min(6, level)) + " " + line, at) for line, at in source]
        fences = 0
        for index, (line, at) in enumerate(source, start=1):
            self._add(line, at, f"cell {number}, line {index}")
            fences += _FENCE_LINE.match(line) is not None
            if self.title is None and (heading := _HEADING.match(line)):
                self.title = heading.group(1)
        if fences % 2:  # an unclosed fence must not make the next cells code
            self._add("```", self.last_line, self.places[-1])

    def _add_code(self, number: int, source: list[tuple[str, int | None]]) -> None:
        runs = (len(run) for line, _ in source for run in _BACKTICKS.findall(line))
        longest = max(runs, default=2)
        fence = "`" * max(3, longest + 1)
        first = source[0][1] if source else None
        self._add(fence + self.language, first, f"cell {number}")
        for index, (line, at) in enumerate(source, start=1):
            self._add(line, at, f"cell {number}, line {index}")
        self._add(fence, self.last_line, f"cell {number}")

    def _add_output(self, number: int, output: Any) -> None:
        """Links in a `text/markdown` output count (a rendered summary, a table of
        results); streams, images and HTML do not (issue #21)."""
        if not isinstance(output, dict) or not isinstance(output.get("data"), dict):
            return
        markdown = output["data"].get("text/markdown")
        if markdown is None:
            return
        for line, at in _source_lines(markdown, self.line_starts):
            self._add(line, at, f"cell {number}, output")

    def _add(self, line: str, at: int | None, place: str) -> None:
        if at is not None:
            self.last_line = at
        self.out.append(line)
        self.lines.append(self.last_line)
        self.places.append(place)


def _source_lines(source: Any, line_starts: list[int]) -> list[tuple[str, int | None]]:
    """A cell's source (a list of strings, or one string) as lines, each with the file
    line its string starts on."""
    items = source if isinstance(source, list) else [source]
    lines: list[tuple[str, int | None]] = []
    for item in items:
        if not isinstance(item, str):
            continue
        at = bisect_right(line_starts, item.offset) if isinstance(item, _Positioned) else None
        parts = item.split("\n")
        if parts and parts[-1] == "" and len(parts) > 1:
            parts.pop()  # "line\n": one line, not a line and an empty one
        lines.extend((part.rstrip("\r"), at) for part in parts)
    return lines


def _language(metadata: dict[str, Any]) -> str:
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        section = metadata.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str):
            return re.sub(r"[^\w+-]", "", section[field])
    return ""


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
