"""Mentions → resources: one row per thing to read, deduplicated by stable id."""

from __future__ import annotations

from typing import NamedTuple

from readlist.mentions import Mention
from readlist.ranks import NameRank


class Resource(NamedTuple):
    """The machine-owned columns of a `resources` row (never status/priority/user_note).

    A NamedTuple: extract's worker processes send thousands back to the writer, and
    tuples pickle several times faster than dataclasses."""

    id: str
    kind: str
    name: str
    url: str | None
    domain: str | None
    arxiv_id: str | None
    doi: str | None
    title: str | None = None
    year: int | None = None
    tags: tuple[str, ...] = ()
    confidence: float = 1.0
    name_rank: int = NameRank.ADDRESS


def resolve(mentions: list[Mention]) -> dict[str, Resource]:
    """The resources that `mentions` point at, keyed by resource id."""
    resources: dict[str, Resource] = {}
    for mention in mentions:
        if mention.source == "topic":
            continue  # a topic of the note, never a row of the reading list
        target = mention.target
        candidate = Resource(
            id=target.key,
            kind=target.kind,
            name=target.name,
            url=target.url,
            domain=target.domain,
            arxiv_id=target.arxiv_id,
            doi=target.doi,
            title=target.title,
            year=target.year,
            tags=target.tags,
            confidence=target.confidence,
            name_rank=target.rank,
        )
        existing = resources.get(candidate.id)
        resources[candidate.id] = candidate if existing is None else _merge(existing, candidate)
    return resources


def _merge(first: Resource, second: Resource) -> Resource:
    """Keep the better-ranked name and kind; fill gaps from the other."""
    better, other = (second, first) if second.name_rank > first.name_rank else (first, second)
    return Resource(
        id=better.id,
        kind=better.kind,
        name=better.name,
        url=better.url or other.url,
        domain=better.domain or other.domain,
        arxiv_id=better.arxiv_id or other.arxiv_id,
        doi=better.doi or other.doi,
        title=better.title or other.title,
        year=better.year or other.year,
        tags=better.tags or other.tags,
        confidence=max(better.confidence, other.confidence),
        name_rank=better.name_rank,
    )
