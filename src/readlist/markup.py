"""Org and reStructuredText notes as Markdown, line for line (issue #21).

Two small readers rather than orgparse or docutils: the finders need only links,
code blocks, titles and a few keywords turned into their Markdown forms, each on the
line it was written on; docutils would resolve includes and substitutions and drop the
line of everything it renders, and no Org library keeps Org's own link syntax.
A line only grows when a code block needs a closing fence after the file's last line.
"""

from __future__ import annotations

import re

from readlist.formats import Rendered

_SCHEME = re.compile(r"(?:https?|ftp)://|www\.|doi:|arxiv:", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Org ------------------------------------------------------------------------------------

_ORG_KEYWORD = re.compile(r"[ \t]*#\+(\w+):[ \t]*(.*)")
_ORG_BEGIN = re.compile(r"[ \t]*#\+begin_(\w+)[ \t]*(\S*)", re.IGNORECASE)
_ORG_END = re.compile(r"[ \t]*#\+end_(\w+)", re.IGNORECASE)
_ORG_HEADLINE = re.compile(r"(\*+)[ \t]+(.*?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*")
_ORG_LINK = re.compile(r"\[\[((?:[^\]\[\n\\]|\\.)+)\](?:\[([^\]\n]*)\])?\]")
_ORG_VERBATIM = re.compile(r"(?<![\w=~`])([=~])([^\s=~`](?:[^\n`]*?[^\s`])?)\1(?![\w=~`])")
_ORG_FIXED = re.compile(r"([ \t]*):(?: (.*))?$")
_ORG_COMMENT = re.compile(r"([ \t]*)#(?: |$)")
_ORG_CODE_BLOCKS = frozenset({"src", "example", "export"})


def render_org(text: str) -> Rendered:
    """`[[url][description]]` → `[description](url)`, `[[url]]` → `<url>`, headlines →
    `#` headings, `#+TITLE:` a heading, source and example blocks fenced code;
    `#+DATE:` and `#+FILETAGS:` are the note's date and tags."""
    out: list[str] = []
    title = date = None
    tags: list[str] = []
    in_block: str | None = None
    for line in text.split("\n"):
        if in_block is not None:
            if (end := _ORG_END.match(line)) and end.group(1).lower() == in_block:
                in_block = None
                out.append("```")
            else:
                out.append(line)
            continue
        if begin := _ORG_BEGIN.match(line):
            kind = begin.group(1).lower()
            if kind in _ORG_CODE_BLOCKS:
                in_block = kind
                out.append("```" + (begin.group(2) if kind == "src" else ""))
            else:
                out.append("")  # quote, center, verse: their lines are text
            continue
        if _ORG_END.match(line):
            out.append("")
            continue
        if keyword := _ORG_KEYWORD.match(line):
            key, value = keyword.group(1).lower(), keyword.group(2).strip()
            if key == "title" and value:
                title = title or value
                out.append("# " + _org_inline(value))
                continue
            if key == "date" and date is None:
                found = _ISO_DATE.search(value)
                date = found.group() if found else value or None
            elif key == "filetags":
                tags += [t for t in re.split(r"[:\s]+", value) if t and t not in tags]
            out.append("")
            continue
        if headline := _ORG_HEADLINE.fullmatch(line):
            level = min(6, len(headline.group(1)))
            out.append("#" * level + " " + _org_inline(headline.group(2)))
            continue
        if fixed := _ORG_FIXED.match(line):  # `: output` lines are fixed-width examples
            body = fixed.group(2) or ""
            out.append(fixed.group(1) + (f"`{body}`" if body and "`" not in body else body))
            continue
        if comment := _ORG_COMMENT.match(line):  # `# …` is a comment, never a heading
            out.append(comment.group(1) + "  " + line[comment.end() :])
            continue
        out.append(_org_inline(line))
    if in_block is not None:
        out.append("```")
    lines = tuple(range(1, len(out) + 1)) if len(out) == text.count("\n") + 1 else None
    if lines is None:  # one closing fence added after the last line
        lines = (*range(1, len(out)), len(out) - 1)
    return Rendered("\n".join(out), lines=lines, title=title, date=date, tags=tuple(tags))


def _org_inline(line: str) -> str:
    if "[[" in line:
        line = _ORG_LINK.sub(_org_link, line)
    if "=" in line or "~" in line:
        line = _ORG_VERBATIM.sub(lambda m: f"`{m.group(2)}`", line)
    return line


def _org_link(match: re.Match[str]) -> str:
    target = match.group(1).replace("\\]", "]").replace("\\[", "[")
    description = match.group(2)
    if not _SCHEME.match(target):  # file:, id:, *heading: a link inside the notes
        return description if description is not None else target.lstrip("*#")
    if target.lower().startswith(("doi:", "arxiv:")):
        return f"{description} ({target})" if description else target
    destination = f"<{target}>" if re.search(r"[\s()]", target) else target
    if description:
        return f"[{description.replace(']', '')}]({destination})"
    return f"<{target}>"


# reStructuredText -----------------------------------------------------------------------

_RST_ADORNMENT = re.compile(r"([=\-~^\"'`#*+:.])\1{2,}[ \t]*")
_RST_TARGET = re.compile(r"[ \t]*\.\.[ \t]+_(`[^`]+`|[^:`]+):[ \t]*(\S*)[ \t]*$")
_RST_ANONYMOUS_TARGET = re.compile(r"[ \t]*(?:\.\.[ \t]+__:|__)[ \t]+(\S+)[ \t]*$")
_RST_DIRECTIVE = re.compile(r"([ \t]*)\.\.[ \t]+([\w:-]+)::[ \t]*(.*)")
_RST_LINK = re.compile(r"`([^`<]*?)\s*<([^`>]+)>`__?(?!\w)")
_RST_REFERENCE = re.compile(r"`([^`<]+)`_(?![_\w])|(?<![\w`])(\w[\w.-]*\w|\w)_(?![_\w])")
_RST_ROLE = re.compile(r":([\w:+-]+):`([^`]+)`")
_RST_FIELD = re.compile(r":(\w+):[ \t]+(.+)")
_RST_CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "math", "raw", "highlight"})
_RST_IMAGE_DIRECTIVES = frozenset({"image", "figure"})


def render_rst(text: str) -> Rendered:
    """`` `text <url>`_ `` → `[text](url)`, `.. _name: url` → `[name]: url` (and the
    `name_` that use it), `:doi:` / `:arxiv:` roles → ids, code directives and literal
    blocks (`::`) → fenced code, section titles → `#` headings (the first is the title);
    `:date:` and `:tags:` fields at the top give the note's date and tags."""
    source = text.split("\n")
    targets = {
        _label(m.group(1)): m.group(2)
        for line in source
        if (m := _RST_TARGET.match(line)) and m.group(2)
    }
    out: list[str] = []
    lines: list[int] = []
    levels: list[str] = []
    title = date = None
    tags: tuple[str, ...] = ()
    index = 0
    while index < len(source):
        line = source[index]
        number = index + 1
        underline = source[index + 1] if index + 1 < len(source) else ""
        if (
            line.strip()
            and not line[:1].isspace()
            and _RST_ADORNMENT.fullmatch(underline)
            and len(underline.rstrip()) >= len(line.rstrip()) - 1
            and not _RST_ADORNMENT.fullmatch(line)
        ):
            overlined = index > 0 and source[index - 1].strip() == underline.strip()
            style = underline[0] + ("o" if overlined else "")
            if style not in levels:
                levels.append(style)
            if overlined and out:
                out[-1] = ""  # the overline
            title = title or line.strip()
            heading = "#" * min(6, levels.index(style) + 1) + " "
            out += [heading + _rst_inline(line.strip(), targets), ""]
            lines += [number, number + 1]
            index += 2
            continue
        if _RST_ADORNMENT.fullmatch(line):  # an overline, or a transition
            out.append("")
            lines.append(number)
            index += 1
            continue
        if field := _RST_FIELD.fullmatch(line):
            name, value = field.group(1).lower(), field.group(2).strip()
            if name == "date" and date is None:
                date = value
            elif name in ("tags", "keywords") and not tags:
                tags = tuple(t.strip() for t in re.split(r"[,;]", value) if t.strip())
        if (target := _RST_TARGET.match(line)) and target.group(2):
            out.append(f"[{' '.join(target.group(1).strip('`').split())}]: {target.group(2)}")
            lines.append(number)
            index += 1
            continue
        if anonymous := _RST_ANONYMOUS_TARGET.match(line):
            out.append(anonymous.group(1))
            lines.append(number)
            index += 1
            continue
        directive = _RST_DIRECTIVE.match(line)
        if directive and directive.group(2).lower() in _RST_CODE_DIRECTIVES:
            language = directive.group(3).strip() if directive.group(2) != "math" else ""
            indent = len(directive.group(1))
            index = _code_block(source, index + 1, indent, out, lines, number, language)
            continue
        if directive and directive.group(2).lower() in _RST_IMAGE_DIRECTIVES:
            out.append(f"![]({directive.group(3).strip()})")
            lines.append(number)
            index += 1
            continue
        if directive:  # `.. note:: text`: the text is prose
            out.append(directive.group(1) + _rst_inline(directive.group(3), targets))
            lines.append(number)
            index += 1
            continue
        if line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
            # "Example::" is "Example:" and a literal block (code) after it
            shown = line.rstrip()[:-1] if line.rstrip() != "::" else ""
            out.append(_rst_inline(shown.rstrip(":") + (":" if shown.strip() else ""), targets))
            lines.append(number)
            indent = len(line) - len(line.lstrip())
            index = _code_block(source, index + 1, indent, out, lines, number, "")
            continue
        out.append(_rst_inline(line, targets))
        lines.append(number)
        index += 1
    return Rendered("\n".join(out), lines=tuple(lines), title=title, date=date, tags=tags)


def _code_block(
    source: list[str],
    index: int,
    indent: int,
    out: list[str],
    lines: list[int],
    number: int,
    language: str,
) -> int:
    """Fence the block indented more than `indent` that starts at `index` (options and
    blank lines first); returns the index of the first line after it."""
    out.append("```" + re.sub(r"[^\w+-]", "", language))
    lines.append(number)
    last = index
    while last < len(source):
        line = source[last]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        last += 1
    while last > index and not source[last - 1].strip():
        last -= 1  # trailing blank lines are outside the block
    for at in range(index, last):
        out.append(source[at])
        lines.append(at + 1)
    out.append("```")
    lines.append(last if last > index else number)
    return last


def _label(name: str) -> str:
    return " ".join(name.strip("`").split()).lower()


def _rst_inline(line: str, targets: dict[str, str]) -> str:
    if "`" not in line and "_" not in line:
        return line
    if ":`" in line:
        line = _RST_ROLE.sub(_rst_role, line)
    if "<" in line:
        line = _RST_LINK.sub(_rst_link, line)
    if targets and "_" in line:
        line = _RST_REFERENCE.sub(lambda m: _rst_reference(m, targets), line)
    return line


def _rst_link(match: re.Match[str]) -> str:
    text, url = match.group(1).strip(), match.group(2).strip()
    if not _SCHEME.match(url):
        return text or url  # `text <other-page_>`_: a reference inside the notes
    return f"[{text}]({url})" if text else f"<{url}>"


def _rst_role(match: re.Match[str]) -> str:
    role, content = match.group(1).lower(), match.group(2)
    shown = re.sub(r"\s*<[^>]*>$", "", content).strip() or content
    target = re.search(r"<([^>]*)>$", content)
    value = target.group(1) if target else content
    if role == "doi":
        return f"doi:{value}"
    if role == "arxiv":
        return f"arXiv:{value}"
    if role in ("code", "math", "literal", "file", "samp", "command", "kbd"):
        return f"`{content}`"
    return shown


def _rst_reference(match: re.Match[str], targets: dict[str, str]) -> str:
    name = match.group(1) or match.group(2)
    if _label(name) not in targets:
        return match.group(0)
    return f"[{name}][]"  # a collapsed reference: its label is its text
