"""Obsidian's own syntax in Markdown notes: `[[wikilinks]]`, `![[embeds]]` and inline
`#tags` (issue #21). Pure: text in, records out.

A wikilink is a link between notes (`note_links`, the vault's graph). It is a mention
of a resource only when the note it points at is about one: the target's name (an
Obsidian note's title is its file name) or that note's `aliases:` name a paper, model
or site the gazetteer or the user's names know. The text shown (`[[VAE|변분
오토인코더]]`) never decides: extract.py scans the target, not the alias.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from readlist.formats import NOTE_SUFFIXES
from readlist.spans import SpanSet

# `[[target#heading|alias]]`, `![[embed]]`. Not `[[paper]](url)`: a Markdown link whose
# text is in brackets, as blogs write "[[paper]](https://arxiv.org/…)".
_WIKILINK = re.compile(
    r"(!?)\[\[([^\[\]\n|#^]*)((?:[#^][^\[\]\n|]*)?)(?:\|([^\[\]\n]*))?\]\](?!\()"
)
# An inline tag: `#` after a space or the line's start, letters (any script), digits,
# `_`, `-` and `/` (nested tags), not all digits (`#1` is an issue number, not a tag).
# (The `#` first, the look-behind after it: a pattern that starts with a look-behind is
# tried at every position of every note.)
_TAG = re.compile(r"#(?<![^\s(\[,;]#)([\w/-]*[^\W\d][\w/-]*)")
_ASSET = re.compile(
    r"\.(?:png|jpe?g|gif|svg|webp|bmp|avif|tiff?|pdf|mp[34]|webm|mov|ogg|wav|m4a|excalidraw)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WikiLink:
    """One `[[…]]` as written: its span, the note it names, and what it shows."""

    start: int
    end: int
    target: str  # the note's name as written ("VAE", "folder/Note")
    target_start: int  # where `target` starts in the text
    heading: str | None  # "#Warmup" → "Warmup"; "^block-id" → "^block-id"
    alias: str | None  # the text shown instead of the target
    embed: bool  # `![[…]]`

    @property
    def is_asset(self) -> bool:
        """An embedded image or file (`![[figure.png]]`): an asset, never a note."""
        return _ASSET.search(self.target) is not None


def find_wikilinks(text: str, code: list[tuple[int, int]] | None = None) -> list[WikiLink]:
    """Every wikilink and embed outside code, in text order."""
    if "[[" not in text:
        return []
    in_code = SpanSet(code or ())
    found = []
    for match in _WIKILINK.finditer(text):
        if in_code.overlaps(match.start(), match.end()):
            continue
        raw_target = match.group(2)
        target = raw_target.strip()
        if not target:
            continue  # `[[#heading]]`: a link inside the same note
        heading = match.group(3)
        found.append(
            WikiLink(
                start=match.start(),
                end=match.end(),
                target=target,
                target_start=match.start(2) + (len(raw_target) - len(raw_target.lstrip())),
                heading=(heading[1:] if heading.startswith("#") else heading).strip() or None
                if heading
                else None,
                alias=(match.group(4) or "").strip() or None,
                embed=bool(match.group(1)),
            )
        )
    return found


def find_inline_tags(
    text: str, code_spans: Callable[[str], list[tuple[int, int]]]
) -> tuple[str, ...]:
    """Inline `#tags`, in order of first use: not in code (`code_spans`, asked only when
    there is a candidate), not in URLs (`page#section`: a `#` glued to what precedes
    it), not headings (`# Title`: a space after the `#`), not numbers (`#12`)."""
    matches = list(_TAG.finditer(text)) if "#" in text else []
    if not matches:
        return ()
    taken = SpanSet(code_spans(text))
    tags: list[str] = []
    for match in matches:
        if taken.overlaps(match.start(), match.end()):
            continue
        tag = match.group(1).strip("/-")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def note_name(path: str) -> str:
    """The name a wikilink uses for a note: its file name without the extension,
    lower-cased (Obsidian matches names without case)."""
    name = path.rsplit("/", 1)[-1]
    for suffix in NOTE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)].lower()
    return name.lower()


def link_key(target: str) -> str:
    """The note name a link's target points at: `folder/Note.md` → `note`."""
    return note_name(target.strip().removesuffix("/"))
