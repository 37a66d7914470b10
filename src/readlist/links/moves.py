"""Known migrations of sites that study notes cite, as data (issue #20).

Each `Move` says which links it applies to (hosts, a pattern on the path), what it
proposes, and why; `readlist check` proposes a move only after the new address has
answered (a table cannot know that a page survived the move). The README's table of
migrations is made from `MOVES` and checked against it by a test. A new migration is
one entry here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

# When a move applies: to a dead link, or to a link that works over plain http.
DEAD_LINK = "dead"
HTTP_LINK = "http"


@dataclass(frozen=True)
class Move:
    name: str  # the migration, for people: "Papers with Code → Hugging Face papers"
    hosts: frozenset[str]  # hosts it applies to (empty: any host)
    pattern: re.Pattern[str]  # on the path (and query, after a "?")
    target: str  # a template: {path}, {query}, the pattern's groups, {arxiv_id}
    when: str  # DEAD_LINK or HTTP_LINK
    why: str  # the evidence, in one line
    example: tuple[str, str]  # (a link, what it becomes), for the README and the tests
    needs_arxiv_id: bool = False


def _hosts(*names: str) -> frozenset[str]:
    return frozenset(h for name in names for h in (name, "www." + name))


MOVES: tuple[Move, ...] = (
    Move(
        "Papers with Code → Hugging Face papers",
        _hosts("paperswithcode.com"),
        re.compile(r"^/paper/[a-z0-9][a-z0-9-]*/?$"),
        "https://huggingface.co/papers/{arxiv_id}",
        DEAD_LINK,
        "Papers with Code was shut down and its pages lead to Hugging Face, which has a "
        "paper page per arXiv id",
        (
            "https://paperswithcode.com/paper/deep-residual-learning-for-image",
            "https://huggingface.co/papers/1512.03385",
        ),
        needs_arxiv_id=True,
    ),
    Move(
        "arxiv-sanity → arxiv-sanity-lite (a paper)",
        _hosts("arxiv-sanity.com"),
        re.compile(r"^/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$"),
        "https://arxiv-sanity-lite.com/?rank=pid&pid={id}",
        DEAD_LINK,
        "arxiv-sanity.com was retired for arxiv-sanity-lite.com, which ranks the papers "
        "like one by its arXiv id",
        ("http://www.arxiv-sanity.com/abs/1512.03385", "https://arxiv-sanity-lite.com/?rank=pid&pid=1512.03385"),
    ),
    Move(
        "arxiv-sanity → arxiv-sanity-lite",
        _hosts("arxiv-sanity.com"),
        re.compile(r"^.*$"),
        "https://arxiv-sanity-lite.com/",
        DEAD_LINK,
        "arxiv-sanity.com was retired for arxiv-sanity-lite.com; its other pages have "
        "no counterpart there",
        ("http://www.arxiv-sanity.com/top", "https://arxiv-sanity-lite.com/"),
    ),
    Move(
        "ACL Anthology: aclweb.org/anthology → aclanthology.org",
        _hosts("aclweb.org"),
        re.compile(r"^/anthology/(?:[A-Z]/[A-Z]\d{2}/)?(?P<rest>.*)$"),
        "https://aclanthology.org/{rest}",
        DEAD_LINK,
        "the ACL Anthology moved from aclweb.org/anthology to aclanthology.org, paper ids "
        "unchanged",
        ("https://www.aclweb.org/anthology/N19-1423/", "https://aclanthology.org/N19-1423/"),
    ),
    Move(
        "NeurIPS proceedings: papers.nips.cc → proceedings.neurips.cc",
        _hosts("papers.nips.cc"),
        re.compile(r"^(?P<path>/.*)$"),
        "https://proceedings.neurips.cc{path}",
        DEAD_LINK,
        "the NeurIPS proceedings moved from papers.nips.cc to proceedings.neurips.cc, "
        "paths unchanged",
        (
            "https://papers.nips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
            "https://proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
        ),
    ),
    Move(
        "http → https",
        frozenset(),
        re.compile(r"^.*$"),
        "https:{rest_of_url}",
        HTTP_LINK,
        "the https address answers with the same page",
        ("http://distill.pub/2016/augmented-rnns/", "https://distill.pub/2016/augmented-rnns/"),
    ),
)  # fmt: skip

# Not a table row but the same kind of evidence: GitHub answers a renamed or transferred
# repository's old address with a 301 to the new one, which `check` records as `moved_to`.
GITHUB_HOSTS = _hosts("github.com")


@dataclass(frozen=True)
class Proposal:
    """A replacement a move proposes, before anyone has checked that it answers."""

    url: str
    move: Move


def propose_moves(url: str, when: str, arxiv_id: str | None = None) -> list[Proposal]:
    """What the table proposes for `url` (dead: `when` = DEAD_LINK; plain http that works:
    HTTP_LINK), first match first. Pure."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    host = (parts.hostname or "").lower()
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    proposals: list[Proposal] = []
    for move in MOVES:
        if move.when != when or (move.hosts and host not in move.hosts):
            continue
        if move.when == HTTP_LINK and parts.scheme != "http":
            continue
        match = move.pattern.match(path)
        if match is None:
            continue
        if move.needs_arxiv_id and not arxiv_id:
            continue
        values = {
            "path": path,
            "arxiv_id": arxiv_id or "",
            "rest_of_url": urlunsplit(("", parts.netloc, parts.path, parts.query, parts.fragment)),
            **match.groupdict(),
        }
        target = move.target.format(**values)
        proposals.append(Proposal(target, move))
        if move.when == DEAD_LINK:
            break  # the rows of one site go from specific to general
    return proposals


def github_rename(old: str, new: str) -> str | None:
    """`owner/repo → owner2/repo2` when a GitHub address moved to another repository."""
    old_parts, new_parts = urlsplit(old), urlsplit(new)
    if (old_parts.hostname or "").lower() not in GITHUB_HOSTS:
        return None
    if (new_parts.hostname or "").lower() not in GITHUB_HOSTS:
        return None
    before = "/".join(old_parts.path.strip("/").split("/")[:2])
    after = "/".join(new_parts.path.strip("/").split("/")[:2])
    if before.count("/") != 1 or after.count("/") != 1 or before.lower() == after.lower():
        return None
    return f"{before} → {after}"
