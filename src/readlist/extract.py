"""One note → its mentions, by calling the finders. Pure: no files, no SQL, no HTTP."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePosixPath

from readlist.candidates import (
    CandidateHit,
    candidate_target,
    compound_candidates,
    find_candidates,
    find_named_titles,
    find_quoted_titles,
)
from readlist.citations import Citation, find_citations
from readlist.entries import normalise_name
from readlist.enumerations import find_listed_names
from readlist.ids import (
    Target,
    arxiv_target,
    classify_url,
    doi_target,
    find_text_ids,
)
from readlist.linknames import LinkTexts, title_span
from readlist.linktitles import LINES_UP, find_link_titles
from readlist.listedtitles import find_listed_titles
from readlist.mentions import Mention
from readlist.names import Gazetteer, NameHit
from readlist.notes import Note
from readlist.obsidian import WikiLink, find_inline_tags, find_wikilinks, link_key
from readlist.ranks import NameRank
from readlist.restated import (
    address_spells,
    coined_head,
    find_project_names,
    linked_projects,
    written_again,
)
from readlist.spans import SpanSet, find_line_starts
from readlist.titles import (
    GENERIC_LINK_TEXTS,
    clean_title,
    find_author_lists,
    find_reference_labels,
    generic_key,
    generic_link_texts,
    site_after_title,
)
from readlist.urls import UrlHit, code_spans, find_urls, markup_spans
from readlist.wordshape import NOT_NAMES
from readlist.works import (
    WORK_CUE,
    is_its_title,
    known_work,
    labels_its_work,
    stands_for_something_else,
    technique,
)

# A note name -> the `aliases:` of that note (the vault's notes, for wikilinks).
VaultAliases = Mapping[str, tuple[str, ...]]

# `[[`, sought as a pattern: its `[` is found at C speed (`"[[" in body` is slower).
_WIKILINK_MARK = re.compile(r"\[\[")
# A path, query or fragment after a bare domain's host: `huggingface.co/docs` is a page.
_PAGE_AFTER_HOST = re.compile(r"[/?#][^/?#]")


def find_mentions(
    note: Note,
    site_url: str | None = None,
    gazetteer: Gazetteer | None = None,
    vault: VaultAliases | None = None,
) -> list[Mention]:
    """Every link, arXiv id, DOI and known name in the note's body, with file line numbers.
    `vault`: the aliases of the vault's notes, for wikilinks to a note about a resource."""
    body = note.body
    if not body:
        return []
    wikilinks = _wikilinks(note, body)
    return _find_mentions(note, body, site_url, gazetteer, wikilinks, vault or {})


def _wikilinks(note: Note, body: str) -> list[WikiLink]:
    """Obsidian's links between notes, in Markdown notes (none in other formats)."""
    if note.format != "markdown" or _WIKILINK_MARK.search(body) is None:
        return []
    return find_wikilinks(body, code_spans(body))


def _find_mentions(
    note: Note,
    body: str,
    site_url: str | None,
    gazetteer: Gazetteer | None,
    wikilinks: list[WikiLink],
    vault: VaultAliases,
) -> list[Mention]:
    line_starts = find_line_starts(body)
    found: list[tuple[int, int, str, str, Target]] = []  # start, end, surface, source, target
    url_spans: list[tuple[int, int]] = []
    # start, end, index in `found`, and whether a path follows the host (a page)
    bare_domains: list[tuple[int, int, int, bool]] = []
    # the [text] of links, with the link's key and the link's place in `found`
    link_texts: list[tuple[int, int, str, int]] = []
    # the [text] of links that titles what they link to, with the link's place in `found`
    titled_texts: list[tuple[int, int, str, int]] = []

    # the lines whose words title a link written on them ("| Title | [pdf](…) |")
    titling_lines: list[tuple[int, int]] = []
    # where a title written beside a link stands ("N. **Title**. *Authors*. [[pdf](…)]"):
    # it names the link's work, not the names inside it
    line_titles: list[tuple[int, int]] = []

    hits = find_urls(body, site_url=site_url)
    titles = find_link_titles(body, hits, line_starts)
    for hit in hits:
        url_spans.append((hit.start, hit.end))
        if hit.is_asset:
            continue
        target = classify_url(hit.url)
        if target is None:
            continue
        target = known_work(gazetteer, target)
        title = titles.get(hit.start)
        beside = None if title is None else _title_beside(body, line_starts, hit, title)
        if beside is not None:
            line_titles.append(beside)
        if title is not None and target.rank < NameRank.NOTE_TITLE:
            target = replace(target, name=title, rank=NameRank.NOTE_TITLE)
            if hit.link_text is not None:
                titled_texts.append((*hit.link_text, title, len(found)))
                if hit.form != "reference" and clean_title(body[slice(*hit.link_text)]) is None:
                    # "| Policy Gradient | [slides](…) |": the row's title names the link
                    # where it stands; it is found again only elsewhere
                    titling_lines.append(_line_span(body, line_starts, hit.start))
        if hit.form == "domain":
            page = _PAGE_AFTER_HOST.search(hit.surface) is not None
            bare_domains.append((hit.start, hit.end, len(found), page))
        if hit.link_text is not None:
            link_texts.append((*hit.link_text, target.key, len(found)))
        found.append((hit.start, hit.end, hit.surface, "url", target))

    id_spans: list[tuple[int, int]] = []
    # Both lists are in text order and do not overlap: the one span that can hold or
    # overlap a name or an id is found by bisection, not by a scan per name.
    link_starts = [a for a, _, _, _ in link_texts]
    for id_hit in find_text_ids(body, skip=url_spans):
        target = (
            arxiv_target(id_hit.value) if id_hit.scheme == "arxiv" else doi_target(id_hit.value)
        )
        target = known_work(gazetteer, target)
        id_spans.append((id_hit.start, id_hit.end))
        index = bisect_right(link_starts, id_hit.start) - 1
        if index >= 0:
            _, b, key, _ = link_texts[index]
            if id_hit.end <= b and key == target.key:
                continue  # "[Title (2006.11239)](https://arxiv.org/abs/2006.11239)": its id
        found.append((id_hit.start, id_hit.end, id_hit.surface, id_hit.scheme, target))

    if gazetteer is not None:
        domain_spans = {(a, b) for a, b, _, _ in bare_domains}
        skip = sorted(
            [
                *code_spans(body),
                *markup_spans(body),
                *generic_link_texts(body),
                *find_author_lists(body),
                *id_spans,
                *(s for s in url_spans if s not in domain_spans),
                *((link.start, link.end) for link in wikilinks),
            ]
        )
        replaced: set[int] = set()
        # where in each titled link text the title stands: a gloss after it ("[FairScale,
        # PyTorch extensions for …]") may name other things
        titled = {(a, b): title_span(body, a, b, title) for a, b, title, _ in titled_texts}
        # "[Understanding LSTM Networks - colah's blog](…)": the site a page's title ends on
        common_words = gazetteer.loaded().common_words
        site_spans = [
            (a + site[0], a + site[1])
            for a, b, _, _ in link_texts
            if (site := site_after_title(body[a:b], common_words)) is not None
        ]
        domain_starts = [a for a, _, _, _ in bare_domains]
        names, compounds = gazetteer.scan(body, skip=skip)
        # "LongT5: Efficient Text-to-Text Transformer for …" names the paper, not the
        # Transformer inside it (issue #14, compounds)
        title_spans = find_named_titles(body)
        # "- Smith et al. 2021. Sparse Routing Improves …. ACL.": a reference listed without
        # a link names its paper, and the names inside its title are the title's
        listed_titles = find_listed_titles(body)
        # '"Attention-Based Models for Speech Recognition" (Chorowski et al.)': a title in
        # quotes, the same
        quoted = find_quoted_titles(body)
        if quoted or "**" in body:
            # '**CoT**: "Chain of Thought Prompting …", *NeurIPS 2022*. [[Paper](arxiv…)]': a
            # title in quotes, and a bold nickname an item opens with, on the line of one
            # link to a paper are that paper's names
            quoted = _titles_of_linked_papers(
                body, quoted, found, line_starts, line_titles, link_texts
            )
        more_titles = [(t.start, t.end) for t in listed_titles] + quoted
        if more_titles:
            named = SpanSet(title_spans)
            for start, end in more_titles:
                if not named.overlaps(start, end):
                    named.add(start, end)
                    title_spans.append((start, end))
            title_spans.sort()
        paper_titles = SpanSet([*title_spans, *line_titles])
        title_at = dict([*title_spans, *line_titles])  # start: end
        url_at = {item[0]: item[2] for item in found if item[3] == "url"}  # start: the URL
        # start: the URL, of the links to papers
        paper_url_at = {
            item[0]: item[2] for item in found if item[3] == "url" and item[4].kind == "paper"
        }
        key_at = {item[0]: item[4].key for item in found}  # start of a link or id: its key
        # known names that are no mention where they stand (a venue, a licence, a label)
        not_mentions: list[tuple[int, int]] = []
        links = LinkTexts(body, link_texts, titled, SpanSet(site_spans), found)
        for name in names:
            if (
                (title_spans or line_titles)
                and paper_titles.overlaps(name.start, name.end)
                and title_at.get(name.start) != name.end
                and not _holds_a_title(name, title_at)
            ):
                title_end = title_at.get(name.start)
                if title_end is None:
                    title_end = _title_opened_in(name, title_at)
                if title_end is not None and body[name.end : title_end].lstrip().startswith(":"):
                    # "BERT: Pre-training of …": the title of the known work it opens with
                    # ("AutoML: A Survey of …" is a survey's own: a technique has no such)
                    opens = gazetteer.target_of_hit(name)
                    if opens.kind != "concept":
                        surface = body[name.start : title_end]
                        found.append((name.start, title_end, surface, "name", opens))
                continue
            target = gazetteer.target_of_hit(name)
            if PLATFORM in target.tags:
                # "GitHub에 올렸다", "Slack 채널", "LinkedIn": where people work and talk, not
                # something to read; a link to a repository on it is its own resource
                not_mentions.append((name.start, name.end))
                continue
            if not links.is_a_mention(name, target):  # where it stands in a link (linknames)
                continue
            first = max(0, bisect_right(domain_starts, name.start) - 1)
            domains = [
                (i, page)
                for a, b, i, page in bare_domains[first : bisect_right(domain_starts, name.end)]
                if a < name.end and name.start < b
            ]
            if any(page for _, page in domains):
                continue  # "paperswithcode.com/sota/…" is a page: a name in it is the URL's
            replaced.update(i for i, _ in domains)  # "Montreal.AI" is the name, not a domain
            if stands_for_something_else(
                body,
                name,
                target,
                line_starts,
                url_at,
                paper_url_at,
                links.linked_url,
            ):
                # the label of its link, a venue, an affiliation, a licence: not a mention,
                # and not a name to guess either
                not_mentions.append((name.start, name.end))
                continue
            source = "name"
            if target.kind == "concept":
                source, target = technique(
                    target,
                    as_work=bool(
                        WORK_CUE.match(body, name.end)
                        or is_its_title(name)
                        or labels_its_work(body, name.end, target, key_at)
                    ),
                )
            found.append((name.start, name.end, name.surface, source, target))
        found = [item for index, item in enumerate(found) if index not in replaced]
        found += _sites_unnamed(body, site_spans, found, links.sited)
        found += _wikilink_mentions(body, wikilinks, gazetteer, vault)
        known = sorted(
            [
                *skip,
                *((start, end) for start, end, *_ in found),
                *((a, b) for a, b, _, _ in link_texts),
                *line_titles,
                # a known name left out on purpose (a venue, a licence, a link's host) is
                # not guessed again as an unknown one
                *not_mentions,
            ]
        )
        # "I served it with Ternbox" in a note that links github.com/acme/ternbox: the
        # link says what the word is (restated)
        projects = linked_projects(
            body, [(surface, target) for _, _, surface, source, target in found if source == "url"]
        )
        if projects:
            written = find_project_names(body, projects, SpanSet(known), common_words)
            found += [
                (start, end, surface, "name", target) for start, end, surface, target in written
            ]
            known = sorted([*known, *((start, end) for start, end, _, _ in written)])
        ignored = gazetteer.loaded().ignored
        # "RT-DETR" holds DETR without being it: a guessed name (issue #14, compounds).
        # A reference label ("[alammar-seq2seq]: …") is an identifier, not a name to guess.
        labels = find_reference_labels(body)
        # A compound inside a title is the title's, as a known name is ("Quokka-BERT: Pre-
        # training Quokkas for …" names one paper).
        guessed = compound_candidates(
            compounds, skip=[*known, *labels, *title_spans, *line_titles], ignored=ignored
        )
        if guessed:
            known = sorted([*known, *((c.start, c.end) for c in guessed)])
        # A line that links or names a work: a citation on it is that work's evidence
        # (its year), not a second paper (issue #14, "citations").
        lines_with_papers = frozenset(
            bisect_right(line_starts, start)
            for start, _, _, source, target in found
            if target.kind in ("paper", "model") or source == "url"
        )
        citations = find_citations(body)
        _cite_years(found, citations, line_starts)
        linked_papers = {t.key: t for _, _, _, s, t in found if s == "url" and t.kind == "paper"}
        for candidate in guessed + find_candidates(
            body,
            skip=known,
            ignored=ignored,
            lines_with_papers=lines_with_papers,
            line_starts=line_starts,
            citations=citations,
            note_stem=PurePosixPath(note.path).stem,
            named_titles=title_spans,
            listed_titles=listed_titles,
            common_words=gazetteer.loaded().common_words,
        ):
            if candidate.titles_note and len(linked_papers) == 1:
                # A paper note that links its one paper: the title names that link.
                (paper,) = linked_papers.values()
                if paper.rank < NameRank.NOTE_TITLE:
                    paper = replace(paper, name=candidate.name, rank=NameRank.NOTE_TITLE)
                    found = [
                        (*item[:4], paper) if item[4].key == paper.key else item for item in found
                    ]
                found.append((candidate.start, candidate.end, candidate.surface, "name", paper))
                continue
            if candidate.only_if_linked:
                continue  # a blog post's own title, or a paper note's that links no one paper
            found.append(_guessed(candidate))
        found += _listed_beside(body, found, known, gazetteer.loaded().common_words)

        # "[AIDE](…) - AIDE is an agent …": a name the note gives a link or coins is that
        # thing wherever else the note writes it.
        introduced = {title: found[link][4] for _, _, title, link in titled_texts}
        # "[Accelerate](https://github.com/huggingface/accelerate) - Accelerate abstracts …":
        # the address spells the link's text, so on the link's line (a link list's gloss)
        # it is that name even when it is also an English word
        spelled: dict[str, list[tuple[int, int]]] = {}
        for start, _, title, link in titled_texts:
            if address_spells(found[link][2], title):
                line = bisect_right(line_starts, start)
                line_end = line_starts[line] if line < len(line_starts) else len(body)
                spelled.setdefault(title, []).append((line_starts[line - 1], line_end))
        introduced.update(
            (item[2], item[4])
            for item in found
            if item[3] == "candidate" and item[4].confidence >= 0.5
        )
        # "PRIMERA: Pyramid-based Masked …", "[AlpacaEval dataset](…)": the coined name a
        # title opens with is that work's name too ("PRIMERA는 …", "AlpacaEval uses …")
        for title, target in list(introduced.items()):
            head = coined_head(title)
            if head is not None:
                introduced.setdefault(head, target)
        found += written_again(
            body,
            introduced,
            [*known, *((a, b) for a, b, *_ in found), *titling_lines],
            gazetteer.loaded().common_words,
            spelled,
        )

    found.sort(key=lambda item: item[0])
    # line index -> its text, where that starts, its file line and place
    lines: dict[int, tuple[str, int, int, str | None]] = {}
    mentions = [
        _mention(note, body, line_starts, lines, start, surface, source, target)
        for start, _, surface, source, target in found
    ]
    if gazetteer is not None:
        mentions = _title_mentions(note, gazetteer) + mentions
    return mentions


def _guessed(hit: CandidateHit) -> tuple[int, int, str, str, Target]:
    """A guessed name as a row of `found`."""
    return (hit.start, hit.end, hit.surface, "candidate", candidate_target(hit))


def _sites_unnamed(
    body: str,
    sites: list[tuple[int, int]],
    found: list[tuple[int, int, str, str, Target]],
    sited_links: list[tuple[int, int]],
) -> list[tuple[int, int, str, str, Target]]:
    """The sites link texts end on that no known name covers: guessed sites (none in a
    link text that opens on its site's name)."""
    if not sites:
        return []
    named = SpanSet(
        sorted(
            [*((start, end) for start, end, _, source, _ in found if source != "url"), *sited_links]
        )
    )
    guessed = []
    for start, end in sites:
        surface = body[start:end]
        if not named.overlaps(start, end):
            guessed.append(_guessed(CandidateHit(start, end, surface, surface, "site", 0.5)))
    return guessed


def _listed_beside(
    body: str,
    found: list[tuple[int, int, str, str, Target]],
    known: list[tuple[int, int]],
    common_words: frozenset[str],
) -> list[tuple[int, int, str, str, Target]]:
    """Coined names listed with names found ("GLUE, SuperGLUE, QuokkaQA"): guessed names
    of their kind, outside `known` (code, links, names)."""
    named = sorted(
        (start, end, target.kind)
        for start, end, _, source, target in found
        if source in ("name", "candidate")
    )
    taken = SpanSet(known)
    listed = []
    for name in find_listed_names(body, named, NOT_NAMES, common_words):
        if not taken.overlaps(name.start, name.end):
            hit = CandidateHit(name.start, name.end, name.name, name.name, name.kind, 0.5)
            listed.append(_guessed(hit))
    return listed


# The tag of an entry that names a platform, not a thing to read (data/gazetteer/README.md).
PLATFORM = "platform"


def _title_beside(
    body: str, line_starts: list[int], hit: UrlHit, title: str
) -> tuple[int, int] | None:
    """Where the title the note gives a link stands on the link's line or the lines above
    (as `linktitles` reads them), when it is written beside the link ("**Title**.
    *Authors*. [[pdf](…)]") rather than as its text, and is a work's title (four words or
    more)."""
    if hit.link_text is not None and title in body[hit.link_text[0] : hit.link_text[1]]:
        return None
    if len(title.split()) < 4:
        return None  # "SKT KoGPT2" in a table row: names, not a work's title holding them
    index = bisect_right(line_starts, hit.start) - 1
    end = hit.start if hit.link_text is None else hit.link_text[0]
    where = body.rfind(title, line_starts[index], end)
    if where < 0 and index > 0:  # the title on a line above its links
        where = body.rfind(title, line_starts[max(0, index - LINES_UP)], line_starts[index])
    return (where, where + len(title)) if where >= 0 else None


def _titles_of_linked_papers(
    body: str,
    quoted: list[tuple[int, int]],
    found: list[tuple[int, int, str, str, Target]],
    line_starts: list[int],
    line_titles: list[tuple[int, int]],
    link_texts: list[tuple[int, int, str, int]],
) -> list[tuple[int, int]]:
    """The quoted titles that stand alone. One on the line of exactly one link to a paper
    (or a model's paper) is that paper's, and so is a bold nickname the line's item opens
    with: it is added to `line_titles`, so that neither it nor a name inside it
    is guessed apart, and, outside the link's own text (where the link is the mention), to
    `found` as a mention of the paper."""
    papers: dict[int, list[Target]] = {}
    for start, _, _, source, target in found:
        if source == "url" and target.kind in ("paper", "model"):
            papers.setdefault(bisect_right(line_starts, start), []).append(target)
    if not papers:
        return quoted
    nicknames = [
        match.span("name")
        for line in papers
        if (match := _NICKNAME_ITEM.match(body, line_starts[line - 1])) is not None
        and _is_a_nickname(match.group("name"))
    ]
    alone = []
    for start, end in [*quoted, *nicknames]:
        linked = papers.get(bisect_right(line_starts, start), [])
        if len({target.key for target in linked}) != 1:
            alone.append((start, end))
            continue
        if not any(a <= start and end <= b for a, b, _, _ in link_texts):
            found.append((start, end, body[start:end], "name", linked[0]))
        line_titles.append((start, end))
    return [span for span in alone if span not in nicknames]


# A bold label that is a date or a year, or holds no Latin letter ("**2018년 6월**:"): no name.
_NOT_A_NICKNAME = re.compile(r"(?:19|20)\d\d|^[^A-Za-z]*$")
# "- **CoT**: …", "1. **Reflexion** - …": a list item that opens with a bold nickname, not
# with a label for a link ("- **Paper**: [arXiv](…)").
_NICKNAME_ITEM = re.compile(
    r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\*\*(?P<name>[^*\n]{2,40}?)\*\*[ \t]*"
    r"(?:[:：]|[-–—][ \t])(?![ \t]*(?:\[|<|https?://))"
)


def _is_a_nickname(label: str) -> bool:
    """ "CoT", "Reflexion"; not "Paper", "Code" or "2018년 6월"."""
    if _NOT_A_NICKNAME.search(label) is not None:
        return False
    return generic_key(label) not in GENERIC_LINK_TEXTS and normalise_name(label) not in NOT_NAMES


def _holds_a_title(name: NameHit, title_at: dict[int, int]) -> bool:
    """Does the known name hold a whole title found by its shape? The gazetteer's longer
    spelling wins: "Faster R-CNN: Towards Real-Time …" is a known paper's title, not a
    title found from "R-CNN: …" that holds a name."""
    return any(name.start <= start and end <= name.end for start, end in title_at.items())


def _title_opened_in(name: NameHit, title_at: dict[int, int]) -> int | None:
    """Where the title ends that starts inside the known name: "Faster R-CNN: Towards
    Real-Time …" was found from its coined word ("R-CNN: …"), and the name holds it."""
    return next((end for start, end in title_at.items() if name.start < start < name.end), None)


def _line_span(body: str, line_starts: list[int], offset: int) -> tuple[int, int]:
    """The line `offset` is on, as a span of the body."""
    index = bisect_right(line_starts, offset)
    return line_starts[index - 1], line_starts[index] if index < len(line_starts) else len(body)


def _wikilink_mentions(
    body: str, wikilinks: list[WikiLink], gazetteer: Gazetteer, vault: VaultAliases
) -> list[tuple[int, int, str, str, Target]]:
    """The one rule for wikilinks (issue #21): a link to a note is a mention of what that
    note is about. The names in its target (the note's title: `[[VAE|변분 오토인코더]]` is
    about VAE; the shown text does not count), else the names in the target note's
    `aliases:` (then the whole link is the surface, as the name is not on this line). A
    technique named so is a topic of the note, as in the body."""
    found: list[tuple[int, int, str, str, Target]] = []
    for link in wikilinks:
        if link.is_asset:
            continue
        hits = gazetteer.scan(link.target)[0]
        if hits:
            for hit in hits:
                target = gazetteer.target_of_hit(hit)
                source = "wikilink"
                if target.kind == "concept":
                    source, target = technique(target, as_work=False)
                start, end = link.target_start + hit.start, link.target_start + hit.end
                found.append((start, end, hit.surface, source, target))
            continue
        named: dict[str, Target] = {}
        for alias in vault.get(link_key(link.target), ()):
            for hit in gazetteer.scan(alias)[0]:
                target = gazetteer.target_of_hit(hit)
                named.setdefault(target.key, target)
        surface = body[link.start : link.end]
        for target in named.values():
            source = "wikilink"
            if target.kind == "concept":
                source, target = technique(target, as_work=False)
            found.append((link.start, link.end, surface, source, target))
    return found


def find_note_links(note: Note) -> list[tuple[int, str, str | None, str | None, bool]]:
    """The note's links to other notes, for `note_links`: (file line, target, heading,
    alias, embed). Embedded images are assets, not links."""
    body = note.body
    links = [link for link in _wikilinks(note, body) if not link.is_asset] if body else []
    if not links:
        return []
    line_starts = find_line_starts(body)
    return [
        (
            file_line(note, bisect_right(line_starts, link.start) - 1),
            link.target,
            link.heading,
            link.alias,
            link.embed,
        )
        for link in links
    ]


def find_note_tags(note: Note) -> tuple[str, ...]:
    """The note's tags: its front matter's, then Obsidian's inline `#tags` (Markdown)."""
    if note.format != "markdown" or "#" not in note.body:
        return note.tags
    inline = find_inline_tags(note.body, code_spans)
    return tuple(dict.fromkeys((*note.tags, *inline))) if inline else note.tags


def file_line(note: Note, index: int) -> int:
    """The file line of line `index` (0-based) of the note's body."""
    if note.line_map is not None:
        return note.line_map[min(index, len(note.line_map) - 1)] if note.line_map else 1
    return note.body_line + index


def _cite_years(
    found: list[tuple[int, int, str, str, Target]],
    citations: list[Citation],
    line_starts: list[int],
) -> None:
    """Give the work a citation sits beside (the nearest link or name on its line) the
    citation's year, when nothing better is known of it."""
    for citation in citations:
        if citation.year is None:
            continue
        line = bisect_right(line_starts, citation.start)
        beside = [
            (abs(start - citation.start), index)
            for index, (start, _, _, source, target) in enumerate(found)
            if bisect_right(line_starts, start) == line
            and source != "topic"
            and (source == "url" or target.kind in ("paper", "model"))
        ]
        if beside:
            index = min(beside)[1]
            start, end, surface, source, target = found[index]
            if target.year is None:
                found[index] = (start, end, surface, source, replace(target, year=citation.year))


# Front matter fields written as prose for readers: the title and the post's summary.
_TITLE_LINE = re.compile(
    r"^((?:title|subtitle|excerpt|description|summary)\s*[:=]\s*)(.*)$", re.IGNORECASE
)


def _title_mentions(note: Note, gazetteer: Gazetteer) -> list[Mention]:
    """Names in the front matter's title ("[논문리뷰] BERT 논문 정리") and summary (`excerpt`,
    `description`, `summary`, `subtitle`) are mentions too."""
    if note.body_line <= 1:
        return []
    mentions: list[Mention] = []
    for number, line in enumerate(note.text.split("\n", note.body_line - 1)[:-1], start=1):
        match = _TITLE_LINE.match(line)
        if match is None:
            continue
        title = match.group(2)
        line_text = title.strip().strip("\"'")
        offset = title.find(line_text) if line_text else 0
        names, compounds = gazetteer.scan(title)
        guessed = compound_candidates(compounds, ignored=gazetteer.loaded().ignored)
        found = []
        for hit in names:
            target = gazetteer.target_of_hit(hit)
            source = "name"
            if target.kind == "concept":  # as in the body
                source, target = technique(target, as_work=bool(WORK_CUE.match(title, hit.end)))
            found.append((hit.start, hit.surface, source, target))
        found += [(hit.start, hit.surface, "candidate", candidate_target(hit)) for hit in guessed]
        mentions += (
            Mention(
                note_path=note.path,
                line=number,
                surface=surface,
                line_text=line_text,
                source=source,
                target=target,
                column=max(0, start - offset),
            )
            for start, surface, source, target in sorted(found, key=lambda item: item[0])
        )
    return mentions


def _mention(
    note: Note,
    body: str,
    line_starts: list[int],
    lines: dict[int, tuple[str, int, int, str | None]],
    start: int,
    surface: str,
    source: str,
    target: Target,
) -> Mention:
    index = bisect_right(line_starts, start) - 1
    known = lines.get(index)
    if known is None:  # several mentions on a line: stripped, and placed, once
        line_start = line_starts[index]
        line_end = body.find("\n", line_start)
        raw = body[line_start : len(body) if line_end == -1 else line_end]
        known = lines[index] = (
            raw.strip(),
            line_start + len(raw) - len(raw.lstrip()),
            file_line(note, index),
            note.places[index] if note.places else None,
        )
    line_text, text_start, line, place = known
    return Mention(
        note.path, line, surface, line_text, source, target, place, max(0, start - text_start)
    )
