"""Does a name point at a work? The rules that make a technique's name its paper, a
site's name the label of its link, and a link the paper its text names (issue #14).

Pure: text, offsets and targets in, answers out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from readlist.entries import normalise_name
from readlist.ids import Target, registered_domain
from readlist.names import Gazetteer, NameHit
from readlist.tables import column_header_at

# Right after a technique's name, words that make it a pointer to its defining work:
# "Adam paper", "Adam 논문", "Adam (Kingma & Ba, 2014)", "Adam [3]", "Adam[^3]".
WORK_CUE = re.compile(
    r"\s?(?:'s\s+)?(?:paper|논문)|\s?[(\[]\s*(?:[A-Z][\w-]+(?: et al\.?| (?:&|and) [A-Z][\w-]+)?,?"
    r"\s*(?:19|20)\d{2}|\d{1,3})\s*[)\]]|\[\^[\w-]{1,20}\]",
    re.IGNORECASE,
)

# "arXiv preprint arXiv:1301.3781": where a reference appeared, not a mention of the site.
PREPRINT = re.compile(r"[ \t]+(?:preprint|e-?prints?)\b", re.IGNORECASE)
_LABEL_COLON = re.compile(r"[ \t]*[:：][ \t]*")


def known_work(gazetteer: Gazetteer | None, target: Target) -> Target:
    """What a link or an id points at, as the gazetteer knows it; a link to a technique's
    defining work, or its arXiv id, is that paper ("arXiv:1502.03167" for batch norm)."""
    if gazetteer is not None:
        target = gazetteer.target_for_key(target.key) or target
    return replace(target, kind="paper") if target.kind == "concept" else target


def technique(target: Target, *, as_work: bool) -> tuple[str, Target]:
    """The one rule for a technique's name (issue #14): the paper that defines it where
    the note names it as a work ("the Adam paper", "Adam 논문", its title), else a topic
    of the note. (A technique whose work is a model's paper counts as that model: MLM and
    NSP are BERT, issue #3; its hit's target is the model, not a concept.)"""
    return ("name", replace(target, kind="paper")) if as_work else ("topic", target)


def is_its_title(name: NameHit) -> bool:
    """Is a technique written as the title of its defining work ("Distilling the Knowledge
    in a Neural Network" for knowledge distillation)? Then it names the work."""
    title = name.entry.title
    # a title that is only the technique's name ("Layer Normalization") is no sign
    return (
        title is not None
        and normalise_name(name.surface) == normalise_name(title)
        and normalise_name(title) != normalise_name(name.entry.name)
    )


def labels_its_link(body: str, end: int, named: Target, url_at: Mapping[int, str]) -> bool:
    """A site's name written as the label of a link to that site ("arXiv: https://arxiv.org/
    abs/…", "GitHub: https://github.com/…", "YouTube: https://youtu.be/…") says where the
    link goes; the link is the mention."""
    colon = _LABEL_COLON.match(body, end)
    linked = url_at.get(colon.end()) if colon else None
    return linked is not None and same_site(named, linked)


def labels_its_work(body: str, end: int, named: Target, key_at: Mapping[int, str]) -> bool:
    """A technique written as the label of a link to its defining work ("Batch
    Normalization: arXiv:1502.03167") names that work."""
    colon = _LABEL_COLON.match(body, end)
    return colon is not None and key_at.get(colon.end()) == named.key


def same_site(named: Target, url: str, aliases: Sequence[str] = ()) -> bool:
    """Is `named` a site (organisation, tool) whose home is where `url` goes? `aliases`:
    the entry's other spellings; those that are addresses ("reddit.com", "youtu.be") are
    homes too."""
    if named.kind not in ("site", "org", "tool"):
        return False
    homes = {registered_domain(urlsplit(named.url).hostname or "")} if named.url else set()
    homes.update(registered_domain(alias) for alias in aliases if _HOST.fullmatch(alias))
    homes.discard(None)
    if not homes:
        return False
    try:
        there = registered_domain(urlsplit(url if "://" in url else "//" + url).hostname or "")
    except ValueError:
        return False
    return there in homes


# A spelling that is an address: "reddit.com", "youtu.be", "huggingface.co".
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)


def link_is_the_paper(
    body: str,
    start: int,
    end: int,
    name: NameHit,
    linked: Target,
    named: Target,
    title_span: tuple[int, int] | None = None,
) -> bool:
    """A link whose whole text (or the title in it, `title_span`: "[[GAN] Title (ICLR
    2018)](…)") is a known paper's title, or its name when the link is a PDF, to an
    address that is no paper host, repository or video of its own: the link is that paper
    ("[YOLOv3: An Incremental Improvement](https://pjreddie.com/…/YOLOv3.pdf)"). A name
    linked to a page about it ("[BERT](…/model_doc/bert)") stays a page."""
    text = name.surface
    whole = text == body[start:end].strip() or (name.start, name.end) == title_span
    if not whole or not linked.key.startswith("url:"):
        return False
    if named.kind not in ("paper", "model") or linked.kind not in ("paper", "page"):
        return False
    entry_title = name.entry.title or ""
    is_title = normalise_name(text) == normalise_name(entry_title) and len(text.split()) >= 3
    return is_title or urlsplit(linked.url or "").path.lower().endswith(".pdf")


# "(ArXiv 2020)", "[NeurIPS'19]": where and when a titled work appeared.
_VENUE_BEFORE = re.compile(r"[(\[][ \t]*$")
_VENUE_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:'\d\d|(?:19|20)\d\d)[ \t]*[)\]]")


# "Title, *arXiv 2022*", "Title. In NeurIPS, 2021.", "Title - Google, NeurIPS 2019", "Title.
# arXiv.", '"Title", *arXiv, Mar 2022*. [[Paper](…)]': a reference's last fields, after the
# title's full stop, comma or dash, then its year and the line's end or its links.
_FIELD_BEFORE = re.compile(r"(?:[.,]|[.,][ \t]+In|[-–—|])[ \t]+[*_]{0,2}$")
_FIELD_BEFORE_SENTENCE = re.compile(r"\.[ \t]+[*_]{0,2}$")
_YEAR_TO_LINE_END = re.compile(
    r"[ \t]*,?[ \t]*(?:[A-Z][\w&.-]{1,15}[ \t]+)?(?:'\d\d|(?:19|20)\d\d)[a-z]?[*_]{0,2}"
    r"[ \t]*[.,;]?[ \t]*(?:\n|$|\[|<a\b)"
)
_FULL_STOP_TO_LINE_END = re.compile(r"[*_]{0,2}[ \t]*[.,][ \t]*(?:\n|$)")


def is_a_venue(body: str, start: int, end: int) -> bool:
    """Is the name at [start, end) a venue or an affiliation with its year: in brackets
    ("… (ArXiv 2020)", "… [Alibaba 2018]"), or as a reference's last field ("Title,
    *arXiv 2022*", "Title. In NeurIPS, 2021.", "Title. arXiv.")?"""
    if (
        _VENUE_AFTER.match(body, end) is not None
        and _VENUE_BEFORE.search(body, max(0, start - 3), start) is not None
    ):
        return True
    window = max(0, start - 8)
    if _YEAR_TO_LINE_END.match(body, end) is not None:
        return _FIELD_BEFORE.search(body, window, start) is not None
    return (
        _FULL_STOP_TO_LINE_END.match(body, end) is not None
        and _FIELD_BEFORE_SENTENCE.search(body, window, start) is not None
    )


_CELL_START = re.compile(r"\|[ \t]*$")
_CELL_END = re.compile(r"[ \t]*\|")


def names_the_rows_paper(
    body: str,
    start: int,
    end: int,
    named: Target,
    line_starts: Sequence[int],
    paper_url_at: Mapping[int, str],
) -> bool:
    """Is the site at [start, end) a table cell of its own in a row that links a paper on
    that site ("| Title | Authors | arXiv | [PDF](https://arxiv.org/pdf/…) |")? The venue
    column says where the row's paper is; the link is the mention. (A course platform's
    column, "| Udacity | [A/B Testing](…) |", names the platform.)"""
    if _CELL_START.search(body, max(0, start - 8), start) is None:
        return False
    if _CELL_END.match(body, end) is None:
        return False
    line = bisect_right(line_starts, start)
    line_end = line_starts[line] if line < len(line_starts) else len(body)
    return any(
        start < offset < line_end and same_site(named, url) for offset, url in paper_url_at.items()
    )


# "MIT License", "MIT-0 라이선스", "Apache 2.0 license": a licence, named after its author.
_LICENCE_AFTER = re.compile(
    r"(?:-?[ \t]*v?\d+(?:\.\d+)*)?[ \t]*(?:[Ll]icen[cs]e[sd]?\b|LICEN[CS]E|라이[선센]스)"
)
_LICENCE_FILE = re.compile(r"/(?:LICEN[CS]E|COPYING)(?:\.\w+)?/?$", re.IGNORECASE)


def names_a_licence(
    body: str, start: int, end: int, link_text_url: str | None, column_header: str | None
) -> bool:
    """Is the organisation named at [start, end) (MIT, Apache, GNU …) the name of a
    licence: followed by "License" or "라이선스", the text of a link to a LICENSE file, or a
    cell of a column headed License? (Google in that column is the licensor.)"""
    if _VERSION_TAIL.sub("", body[start:end]).casefold() not in _LICENCE_NAMES:
        return False  # ("MIT-0", "Apache-2.0": the licence's version)
    if _LICENCE_AFTER.match(body, end):
        return True
    if link_text_url is not None and _LICENCE_FILE.search(link_text_url.split("?")[0]):
        return True
    return column_header is not None and column_header.strip(" *_").lower() in _LICENCE_HEADERS


_LICENCE_HEADERS = frozenset({"license", "licence", "licenses", "라이선스", "라이센스"})
_VERSION_TAIL = re.compile(r"[-\s]*v?\d[\d.]*$")
# Organisations whose names are also licences' names.
_LICENCE_NAMES = frozenset({"mit", "apache", "bsd", "gnu", "gpl", "mozilla", "creative commons"})


def stands_for_something_else(
    body: str,
    name: NameHit,
    target: Target,
    line_starts: Sequence[int],
    url_at: Mapping[int, str],
    paper_url_at: Mapping[int, str],
    linked_url: Callable[[NameHit], str | None],
) -> bool:
    """The one list of places where a known site or organisation is written without being
    a mention of it: the label of a link to it ("- arXiv: https://arxiv.org/abs/…"), a
    reference's venue ("arXiv preprint", "(ArXiv 2020)", a paper row's venue cell), an
    affiliation with its year ("(Alibaba 2018)"), or a licence named after it ("MIT
    License"). `linked_url`: the URL of the link whose text holds a name, asked only when
    needed."""
    start, end = name.start, name.end
    if labels_its_link(body, end, target, url_at):
        return True
    if target.kind == "site":
        return bool(
            PREPRINT.match(body, end)
            or is_a_venue(body, start, end)
            or names_the_rows_paper(body, start, end, target, line_starts, paper_url_at)
        )
    if target.kind == "org":
        return is_a_venue(body, start, end) or names_a_licence(
            body,
            start,
            end,
            linked_url(name),
            column_header_at(body, start) if "|" in body else None,
        )
    return False
