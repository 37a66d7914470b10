"""Read notes: decode, split front matter (or render another format as Markdown), hash.

The walk that finds them is walk.py (its names are re-exported here).

An unreadable file still becomes a `Note`, with `error` set, so the caller can
record why it was skipped and go on (SPEC, "Bad input").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import frontmatter.default_handlers
import yaml

from readlist.config import DEFAULT_MAX_NOTE_BYTES
from readlist.formats import Rendered, clean_stem, format_of, render
from readlist.walk import NotePath, iter_note_paths, os_reason, stat_note

__all__ = ["Note", "NotePath", "iter_note_paths", "read_note", "stat_note"]

# Front matter bigger than this is not metadata a person wrote; refusing it
# also bounds the cost of YAML alias expansion ("billion laughs").
_MAX_FRONT_MATTER_CHARS = 64 * 1024
_MAX_YAML_ALIASES = 100

_YAML = frontmatter.default_handlers.YAMLHandler()


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # the C loader when PyYAML has it, as python-frontmatter uses
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SafeLoader):
    """python-frontmatter's safe loader, except that a date YAML cannot make into one
    (`date: 2021-13-45`) stays the text it is, instead of failing the whole front matter."""


def _timestamp_or_text(loader: Any, node: Any) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_TOML_BOUNDARY = re.compile(r"^\+{3}\s*$", re.MULTILINE)
_JEKYLL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_LIST_SPLIT = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class Note:
    """One note as read from disk. `body_line` is the 1-based line the body starts on."""

    path: str
    root: str
    text: str = ""
    body_line: int = 1
    title: str | None = None
    date: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    hash: str | None = None
    size: int = 0
    mtime_ns: int = 0
    encoding: str | None = None
    error: str | None = None  # why the note, or its front matter, could not be read
    warning: str | None = None  # what was replaced to read it (a stray NUL, a bad byte)
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    format: str = "markdown"  # formats.FORMATS: how the file was read
    aliases: tuple[str, ...] = ()  # front matter `aliases:`: other names of the note
    # For a note of another format, `text` is its Markdown rendering: the file line of
    # each of its lines, and a place where a line is not enough ("cell 3, line 2").
    line_map: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    places: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def problem(self) -> str | None:
        """What `notes.error` records: the error, the warning, or both."""
        if self.error and self.warning:
            return f"{self.warning}; {self.error}"
        return self.error or self.warning

    @property
    def body(self) -> str:
        """The text after the front matter (line numbers stay those of the file)."""
        if self.body_line <= 1:
            return self.text
        return self.text.split("\n", self.body_line - 1)[-1]


def content_hash(data: bytes) -> str:
    """A note's content hash, as `notes.hash` records it: what incremental extract compares,
    and what `readlist fix --apply` checks before it edits a note."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_note(note_path: NotePath, max_bytes: int = DEFAULT_MAX_NOTE_BYTES) -> Note:
    """Read, decode and parse one note; every failure becomes `Note.error`."""
    # What is known so far, made into a Note once (each dataclasses.replace of a Note's
    # twenty fields cost ~6 us, four a note)
    known: dict[str, Any] = {"path": note_path.rel_path, "root": str(note_path.root)}
    if note_path.error:
        return Note(**known, error=note_path.error)
    fmt = known["format"] = format_of(note_path.rel_path)
    if fmt == "notebook":
        # Output payloads (images) are skipped unread: the limit is for what a person wrote.
        max_bytes *= NOTEBOOK_BYTES_FACTOR
    try:
        st = os.stat(note_path.abs_path)
        known.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        if not stat.S_ISREG(st.st_mode):
            return Note(**known, error="not a regular file")
        if st.st_size > max_bytes:
            return Note(
                **known,
                error=(
                    f"too large ({_mb(st.st_size)} > {_mb(max_bytes)} limit); "
                    "raise --max-bytes to read it"
                ),
            )
        with open(note_path.abs_path, "rb") as handle:
            # As many bytes as stat said (a read of max_bytes would allocate 10 MB
            # per note); one more tells whether it grew since, then read on.
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        return Note(**known, error=os_reason(exc))
    known.update(hash=content_hash(data), size=len(data))
    if len(data) > max_bytes:  # grew between stat and read
        return Note(**known, error=f"too large (> {_mb(max_bytes)} limit); raise --max-bytes")
    decoded = (_declared_html(data) if fmt == "html" else None) or decode_bytes(data)
    if isinstance(decoded, str):
        return Note(**known, error=decoded.removeprefix("error:"))
    base = Note(**known, encoding=decoded.encoding, warning=decoded.warning)
    if fmt == "markdown":
        return parse_note_text(base, decoded.text)
    return render_note(base, decoded.text)


# A notebook may be this many times --max-bytes: its outputs are passed over.
NOTEBOOK_BYTES_FACTOR = 10


def render_note(base: Note, text: str) -> Note:
    """A note of another format (notebook, HTML, Org, reStructuredText, text): its
    Markdown rendering, with the map back to its own lines, and its metadata."""
    rendered: Rendered | str = render(base.format, text)
    if isinstance(rendered, str):
        return replace(base, error=rendered)
    return replace(
        base,
        text=rendered.text,
        title=rendered.title or clean_stem(base.path),
        date=rendered.date,
        tags=rendered.tags,
        line_map=rendered.lines,
        places=rendered.places,
    )


def _declared_html(data: bytes) -> Decoded | None:
    """An HTML note in the charset its `<meta>` declares (an EUC-KR or Windows-1252
    export); None to read it as any note (UTF-8 first)."""
    from readlist.htmlnotes import META_CHARSET

    match = META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    declared = match.group(1).decode("ascii", "ignore").lower()
    if declared in ("utf-8", "utf8"):
        return None
    if declared in ("euc-kr", "euckr", "ks_c_5601-1987"):
        declared = "cp949"  # the superset real "EUC-KR" pages are written in
    try:
        return Decoded(_normalise_newlines(data.decode(declared)), declared)
    except (LookupError, UnicodeDecodeError):
        return None


class Decoded(NamedTuple):
    """A note's bytes as text, the encoding read, and what had to be replaced to read it."""

    text: str
    encoding: str
    warning: str | None = None  # "2 invalid UTF-8 bytes replaced (first at line 2, byte 17)"


# Signatures of files that are never notes: an image or archive renamed `.md`.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"OggS", "Ogg media"),
    (b"\x00\x00\x00\x1cftyp", "MP4 media"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM media"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
# Bytes no text file holds (C0 controls but tab, newlines, form feed and escape, and DEL).
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in b"\t\n\v\f\r\x1b")
_SNIFF_BYTES = 8192
# A text file with stray NULs or controls has a few; a binary one has them everywhere.
_BINARY_SHARE = 0.10
# A note with at most this share of undecodable bytes (or a single one) is read with
# them replaced: an encoded surrogate is 3 bytes, a Latin-1 accent 1 in 50. More, and it
# is in an encoding we do not read (Shift-JIS...) and is refused.
_SALVAGE_SHARE = 0.20


def decode_bytes(data: bytes) -> Decoded | str:
    """Decode note bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR.

    A few bytes that are not text (a stray NUL, an encoded surrogate, a truncated
    character) are replaced and said in `warning` (SPEC, "Bad input"): one bad byte
    must not lose every link of a note. Returns a string starting with "error:" for
    a file that is binary or in another encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(_normalise_newlines(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError:
            return "error:starts with a UTF-16 BOM but is not valid UTF-16"
    binary = _binary_kind(data)
    if binary:
        return f"error:binary file ({binary})"
    warnings = []
    if b"\x00" in data:
        # A space keeps offsets and line numbers where they were.
        warnings.append(_replaced(data.count(b"\x00"), "NUL", data, data.index(b"\x00")))
        data = data.replace(b"\x00", b" ")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        salvaged = None if bom else _cp949(data)
        if salvaged is not None:
            text, encoding = salvaged, "cp949"
        else:
            # surrogateescape turns each byte UTF-8 refuses into one lone surrogate.
            escaped = data.decode("utf-8-sig", errors="surrogateescape")
            bad = sum(1 for char in escaped if "\udc80" <= char <= "\udcff")
            if bad > max(1, len(data) * _SALVAGE_SHARE):
                what = "UTF-8 BOM but not valid UTF-8" if bom else "not UTF-8 or CP949"
                where = _where(data, exc.start)
                return f"error:{what} (invalid byte 0x{data[exc.start]:02x} at {where})"
            text = data.decode("utf-8-sig", errors="replace")
            encoding = "utf-8-sig" if bom else "utf-8"
            warnings.append(_replaced(bad, "invalid UTF-8", data, exc.start + 3 * bom))
    warning = "; ".join(warnings) + _SALVAGED if warnings else None
    return Decoded(_normalise_newlines(text), encoding, warning)


_SALVAGED = "; read anyway"


def is_only_a_warning(error: str | None) -> bool:
    """Does a recorded `notes.error` only say what was replaced to read the note? Then
    the note was read whole, and an unchanged file need not be read again."""
    return error is not None and error.endswith(_SALVAGED)


def _binary_kind(data: bytes) -> str | None:
    """What a binary file is, by its signature or its share of NUL and control bytes."""
    head = data[:_SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls > len(head) * _BINARY_SHARE:
        return "contains NUL bytes" if b"\x00" in head else "control characters, not text"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _cp949(data: bytes) -> str | None:
    # CP949 is a superset of EUC-KR, the other encoding Korean notes come in.
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        return None


def _replaced(count: int, what: str, data: bytes, offset: int) -> str:
    plural = "byte" if count == 1 else "bytes"
    return f"{count} {what} {plural} replaced (first at {_where(data, offset)})"


def _where(data: bytes, offset: int) -> str:
    """`line 14, byte 812`: the line to open the note at, and the exact byte (issue #23)."""
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, byte {offset}"


def parse_note_text(base: Note, text: str) -> Note:
    """Split front matter (YAML `---` or TOML `+++`) from `text` and fill the note's metadata."""
    meta: dict[str, Any] = {}
    error: str | None = None
    body_line = 1
    fm_format = ""
    split = _split_front_matter(text)
    if split is not None:
        fm_text, fm_format, body_line = split
        parsed = _load_front_matter(fm_text, fm_format)
        if isinstance(parsed, str):
            error = parsed
        else:
            meta = parsed
    body = text.split("\n", body_line - 1)[-1] if body_line > 1 else text
    title = _as_text(meta.get("title")) or _first_heading(body) or clean_stem(base.path)
    date = _as_date(meta.get("date")) or _jekyll_date(base.path)
    categories = _categories(meta, fm_format, base.path)
    tags = _as_list(meta.get("tags", meta.get("tag")))
    aliases = _aliases(meta.get("aliases", meta.get("alias")))
    return replace(
        base,
        text=text,
        body_line=body_line,
        title=title,
        date=date,
        categories=categories,
        tags=tags,
        aliases=aliases,
        error=error,
        meta=meta,
    )


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Find a front matter block at the top: (its text, "yaml"/"toml", body start line)."""
    for boundary, fm_format in ((_YAML.FM_BOUNDARY, "yaml"), (_TOML_BOUNDARY, "toml")):
        first = boundary.match(text)
        if first is None:
            continue
        closing = boundary.search(text, text.find("\n") + 1 or len(text))
        if closing is None:
            return None  # a lone `---` is a horizontal rule, not front matter
        fm_start = text.find("\n") + 1
        fm_text = text[fm_start : closing.start()]
        body_line = text.count("\n", 0, closing.start()) + 2
        return fm_text, fm_format, body_line
    return None


def _load_front_matter(fm_text: str, fm_format: str) -> dict[str, Any] | str:
    """Parse front matter; a problem comes back as a one-line reason."""
    if len(fm_text) > _MAX_FRONT_MATTER_CHARS:
        return f"front matter too large ({len(fm_text)} characters); body read anyway"
    try:
        if fm_format == "toml":
            data: Any = tomllib.loads(fm_text)
        else:
            if fm_text.count("*") > _MAX_YAML_ALIASES and _has_many_aliases(fm_text):
                return "front matter uses too many YAML aliases (refused); body read anyway"
            data = _YAML.load(fm_text, Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        return f"broken front matter: {describe_yaml_error(exc, line_offset=2)}; body read anyway"
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        return f"broken front matter: {exc}; body read anyway"
    if data is None:
        return {}
    if not isinstance(data, dict):
        return "front matter is not a mapping; body read anyway"
    return data


def _has_many_aliases(fm_text: str) -> bool:
    return len(re.findall(r"(?<![\w*])\*[\w-]+", fm_text)) > _MAX_YAML_ALIASES


def describe_yaml_error(exc: yaml.YAMLError, line_offset: int = 1) -> str:
    """A YAML error on one line: the problem and where (`line_offset` maps to file lines)."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"{problem} (line {mark.line + line_offset})"
    return str(problem)


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _as_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _as_text(value)


_JEKYLL_POST_DIRS = re.compile(r"(?:^|/)_(?:posts|drafts)/")
_COMMAS = re.compile(r"\s*,\s*")


def _categories(meta: dict[str, Any], fm_format: str, path: str) -> tuple[str, ...]:
    """A note's categories. A list is taken as written. One string is split into words
    only where Jekyll itself does: `categories:` (plural) in YAML front matter of a
    Jekyll post (`_posts/`, `_drafts/`), where Jekyll's `String#split` makes
    "Deep Learning" two categories (commas separate there too, as readlist always read
    them). Elsewhere (Hugo, TOML front matter, the singular `category:`) a string is
    one category, as Hugo and Jekyll keep it, "Deep Learning" whole; only commas
    separate. Issue #17: the category charts must not cut a Hugo category into words."""
    if "categories" in meta:
        value = meta["categories"]
        if isinstance(value, str) and not (
            fm_format == "yaml" and _JEKYLL_POST_DIRS.search(path.replace("\\", "/"))
        ):
            return _as_list(_COMMAS.split(value.strip()))
        return _as_list(value)
    value = meta.get("category")
    if isinstance(value, str):
        return _as_list([value])
    return _as_list(value)


def _as_list(value: Any) -> tuple[str, ...]:
    """Categories/tags as written: a YAML list, or one string separated by commas or spaces."""
    if value is None:
        return ()
    if isinstance(value, dict):
        return ()  # `categories: {a: b}`: no list a person meant
    items = value if isinstance(value, list | tuple) else _LIST_SPLIT.split(str(value))
    out: list[str] = []
    for item in items:
        if item is None or isinstance(item, dict | list):
            continue
        text = str(item).strip().lstrip("#")
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _aliases(value: Any) -> tuple[str, ...]:
    """Obsidian's `aliases:`: a list, or one string of comma-separated names (a name may
    hold spaces, unlike a tag)."""
    if isinstance(value, str):
        value = _COMMAS.split(value.strip())
    if not isinstance(value, list | tuple):
        return ()
    return tuple(dict.fromkeys(str(v).strip() for v in value if v is not None and str(v).strip()))


def _first_heading(body: str) -> str | None:
    match = _HEADING.search(body[:20000])
    return match.group(1).strip() if match else None


def _jekyll_date(path: str) -> str | None:
    match = _JEKYLL_DATE.match(Path(path).name)
    return match.group(1) if match else None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
