"""HTML notes (.html, .htm: saved pages, Notion / Evernote / OneNote exports, a Hugo
`public/` folder) as Markdown, with selectolax (Lexbor), the parser enrich already uses.

Links become `[anchor text](href)`, so the naming rules of Markdown apply to their
anchor text; images `![alt](src)` (assets, never resources); `<pre>` fenced code and
`<code>` inline code; headings `#` lines; table rows `| cells |`. Scripts, styles,
navigation, sidebars and footers are skipped. The tree keeps no source positions, so
each line is placed on the file line where its first link (or its first words) is
found, searching forward from the line before.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from bisect import bisect_right
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from readlist.formats import Rendered
from readlist.spans import find_line_starts

# The charset a document declares in its first bytes (as enrich/pages.py reads pages).
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "nav", "footer", "aside", "svg", "head", "form"}
)
_SKIPPED_ROLES = frozenset({"navigation", "contentinfo", "banner", "search", "complementary"})
_BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "ol", "p", "section", "summary", "table", "tbody", "thead", "tfoot",
        "ul", "caption",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w[\w .,:-]{6,40}")
_NOTION_DATE = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")
_DATE_SELECTORS = (
    'meta[property="article:published_time"]',
    'meta[name="date"]',
    'meta[name="dcterms.date"]',
    'meta[itemprop="datePublished"]',
)


def render_html(text: str) -> Rendered:
    """The document's readable part as Markdown lines, each with its file line."""
    tree = LexborHTMLParser(text)
    root = tree.css_first("main") or tree.css_first("article") or tree.body
    writer = _Writer()
    if root is not None:
        writer.walk(root)
    lines = writer.finish()
    return Rendered(
        text="\n".join(line for line, _ in lines),
        lines=_place_lines(text, lines),
        title=_title(tree),
        date=_date(tree),
        tags=_tags(tree),
    )


class _Writer:
    """Walks the tree (iteratively: 20,000 nested <div>s must not overflow the stack) and
    writes Markdown lines; beside each, the text to look for in the source."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []  # (Markdown line, text to find in the source)
        self.current: list[str] = []
        self.anchor = ""  # the first href of the current line
        self.prefix = ""

    def walk(self, root: LexborNode) -> None:
        stack: list[tuple[LexborNode, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            tag = node.tag or ""
            if leaving:
                self._leave(node, tag)
                continue
            if tag == "-text":
                self.current.append(_SPACES.sub(" ", node.text_content or ""))
                continue
            if tag.startswith("-") or tag in _SKIPPED or _skipped_role(node):
                continue
            if self._enter(node, tag):
                continue  # written whole (a link, an image, code)
            stack.append((node, True))
            children = []
            child = node.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, False) for c in reversed(children))

    def _enter(self, node: LexborNode, tag: str) -> bool:
        attributes = node.attributes
        if tag in _BLOCKS or tag == "br":
            self.break_line()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.prefix = "#" * int(tag[1]) + " "
        elif tag == "li":
            self.prefix = "- "
        elif tag == "tr":
            self.break_line()
            self.current.append("| ")
        elif tag == "a" and attributes.get("href"):
            href = (attributes.get("href") or "").strip()
            label = _SPACES.sub(" ", node.text(deep=True)).strip().replace("]", "\\]")
            image = node.css_first("img")
            if image is not None and not label:
                label = _image(image)
            self.anchor = self.anchor or href
            self.current.append(f"[{label}]({_destination(href)})" if label else f"<{href}>")
            return True
        elif tag == "img":
            self.current.append(_image(node))
            return True
        elif tag == "iframe" and attributes.get("src"):  # an embedded video is a link to it
            self.break_line()
            self.anchor = attributes.get("src") or ""
            self.current.append(self.anchor)
            self.break_line()
            return True
        elif tag == "pre":
            self.break_line()
            code = node.text(deep=True).strip("\n")
            fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", code)), default=0) + 1)
            for line in [fence, *code.split("\n"), fence]:
                self.lines.append((line, line if line != fence else ""))
            return True
        elif tag == "code":
            code = node.text(deep=True)
            if "\n" not in code and code.strip():
                ticks = "``" if "`" in code else "`"
                self.current.append(f"{ticks}{code}{ticks}")
            else:
                self.current.append(code)
            return True
        return False

    def _leave(self, node: LexborNode, tag: str) -> None:
        if tag in ("td", "th"):
            self.current.append(" | ")
        elif tag == "tr" or tag in _BLOCKS:
            self.break_line()

    def break_line(self) -> None:
        line = "".join(self.current).strip()
        if line and line.strip("| "):
            self.lines.append((self.prefix + line, self.anchor or line))
        elif self.lines and self.lines[-1][0]:
            self.lines.append(("", ""))  # one blank line between blocks
        self.current = []
        self.anchor = ""
        self.prefix = ""

    def finish(self) -> list[tuple[str, str]]:
        self.break_line()
        return self.lines


def _skipped_role(node: LexborNode) -> bool:
    role = node.attributes.get("role")
    return role is not None and role in _SKIPPED_ROLES


def _image(node: LexborNode) -> str:
    alt = _SPACES.sub(" ", node.attributes.get("alt") or "").replace("]", "\\]")
    src = (node.attributes.get("src") or "").strip()
    return f"![{alt}]({_destination(src)})" if src else ""


def _destination(href: str) -> str:
    """A link destination as Markdown reads it: in <…> when it holds spaces or parens."""
    if re.search(r"[\s()<>]", href):
        return "<" + href.replace(">", "%3E").replace("\n", "") + ">"
    return href


def _place_lines(source: str, lines: list[tuple[str, str]]) -> tuple[int, ...]:
    """The file line of each Markdown line: where its first link, or its first words,
    are found in the source, searching forward; else the line before's."""
    starts = find_line_starts(source)
    body = re.search(r"<(?:body|main|article)\b", source, re.IGNORECASE)
    cursor = body.start() if body else 0
    placed: list[int] = []
    for _, key in lines:
        if key:
            found = _find(source, key, cursor)
            if found >= 0:
                cursor = found
        placed.append(bisect_right(starts, cursor))
    return tuple(placed)


def _find(source: str, key: str, cursor: int) -> int:
    for needle in (key, html.escape(key, quote=False), html.escape(key)):
        found = source.find(needle, cursor)
        if found >= 0:
            return found
    words = _WORDS.search(key.lstrip("#-| "))
    return source.find(words.group(), cursor) if words else -1


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            title = _SPACES.sub(" ", node.text(deep=True)).strip()
            if title:
                return title
    return None


def _date(tree: LexborHTMLParser) -> str | None:
    for selector in _DATE_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and node.attributes.get("content"):
            return (node.attributes.get("content") or "").strip() or None
    node = tree.css_first("time[datetime]")
    if node is not None:
        return (node.attributes.get("datetime") or "").strip() or None
    node = tree.css_first("time")  # Notion: `<time>@March 2, 2024 10:15 PM</time>`
    if node is not None:
        written = _NOTION_DATE.search(node.text(deep=True))
        if written:
            try:
                return dt.datetime.strptime(written.group(), "%B %d, %Y").date().isoformat()
            except ValueError:
                return None
    return None


def _tags(tree: LexborHTMLParser) -> tuple[str, ...]:
    tags: list[str] = []
    for node in tree.css('meta[property="article:tag"]'):
        value: Any = node.attributes.get("content")
        if isinstance(value, str) and value.strip() and value.strip() not in tags:
            tags.append(value.strip())
    return tuple(tags)
