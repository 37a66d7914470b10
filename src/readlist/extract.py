"""One note → its mentions, by calling the finders. Pure: no files, no SQL, no HTTP."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from readlist.ids import Target, arxiv_target, classify_url, doi_target, find_text_ids
from readlist.notes import Note
from readlist.urls import find_urls

# A mention's context is its line, cut to this many characters around the mention.
CONTEXT_CHARS = 300


@dataclass(frozen=True)
class Mention:
    """One place a note points at something: where, how it was written, and what it is."""

    note_path: str
    line: int
    surface: str  # the text exactly as written
    context: str  # the line (or a window of it) around the mention
    source: str  # url | arxiv | doi
    target: Target


def find_mentions(note: Note, site_url: str | None = None) -> list[Mention]:
    """Every link, arXiv id and DOI in the note's body, with file line numbers."""
    body = note.body
    if not body:
        return []
    line_starts = _line_starts(body)
    first_line = note.body_line
    mentions: list[Mention] = []
    url_spans: list[tuple[int, int]] = []

    for hit in find_urls(body, site_url=site_url):
        url_spans.append((hit.start, hit.end))
        if hit.is_asset:
            continue
        target = classify_url(hit.url)
        if target is None:
            continue
        mentions.append(
            _mention(
                note, body, line_starts, first_line, hit.start, hit.end, hit.surface, "url", target
            )
        )

    for id_hit in find_text_ids(body, skip=url_spans):
        target = (
            arxiv_target(id_hit.value) if id_hit.scheme == "arxiv" else doi_target(id_hit.value)
        )
        mentions.append(
            _mention(
                note,
                body,
                line_starts,
                first_line,
                id_hit.start,
                id_hit.end,
                id_hit.surface,
                id_hit.scheme,
                target,
            )
        )

    mentions.sort(key=lambda m: m.line)
    return mentions


def _mention(
    note: Note,
    body: str,
    line_starts: list[int],
    first_line: int,
    start: int,
    end: int,
    surface: str,
    source: str,
    target: Target,
) -> Mention:
    index = bisect_right(line_starts, start) - 1
    line_start = line_starts[index]
    line_end = body.find("\n", line_start)
    if line_end == -1:
        line_end = len(body)
    return Mention(
        note_path=note.path,
        line=first_line + index,
        surface=surface,
        context=_context(body, line_start, line_end, start, end),
        source=source,
        target=target,
    )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def _context(body: str, line_start: int, line_end: int, start: int, end: int) -> str:
    """The mention's line, stripped; a window around the mention when the line is long."""
    if line_end - line_start <= CONTEXT_CHARS:
        return body[line_start:line_end].strip()
    half = max(0, (CONTEXT_CHARS - (end - start)) // 2)
    left = max(line_start, start - half)
    right = min(line_end, max(end, left + CONTEXT_CHARS))
    text = body[left:right].strip()
    return ("…" if left > line_start else "") + text + ("…" if right < line_end else "")
