"""Which arXiv papers to read: the categories and keywords watched, and the paged query.

One `search_query` covers every category and keyword of a run, newest submission first:
`(cat:cs.CV OR cat:cs.LG OR ti:"domain adaptation" OR abs:"domain adaptation") AND
submittedDate:[202412030914 TO 202412060000]`. Its lower bound is the newest submission
the last finished run read (a high-water mark per query), so a daily run asks only for
what is new; ids already read are dropped. The arXiv API user manual allows pages of up
to 2000 results and asks for 3 s between calls; pages of PAGE_SIZE and a cap of
MAX_PAPERS a run keep a daily run at a few requests (ArxivClient paces them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from readlist.enrich.arxiv import ArxivClient, ArxivPaper

PAGE_SIZE = 200  # results per request; the API allows 2000 (enrich.arxiv.MAX_PAGE_SIZE)
MAX_PAPERS = 1000  # papers read per run at most: 5 requests, about 15 s
DEFAULT_DAYS = 3  # how far back the first run of a query reads
# Default categories: the primary categories of the reading list's papers, most papers
# first, until they cover DEFAULT_SHARE of them (at most MAX_DEFAULT_CATEGORIES); a
# category of a single paper is left out unless there is nothing else.
DEFAULT_SHARE = 0.8
MAX_DEFAULT_CATEGORIES = 4
# cs.CL, hep-th, astro-ph.CO, q-bio.NC, math.AG; old-style archives without a subject.
CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2,}(?:-[a-z]+)?)?$")


def valid_category(text: str) -> bool:
    return bool(CATEGORY.match(text))


def default_categories(counts: Counter[str]) -> list[str]:
    """The categories a reading list is about, weighted by how many of its papers are in
    each (see DEFAULT_SHARE)."""
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    chosen: list[str] = []
    covered = 0
    for category, count in ranked:
        if len(chosen) >= MAX_DEFAULT_CATEGORIES or (chosen and covered >= DEFAULT_SHARE * total):
            break
        if count < 2 and chosen:
            break
        chosen.append(category)
        covered += count
    return chosen


def build_query(categories: Sequence[str], keywords: Sequence[str]) -> str:
    """The search_query for categories and keywords, without the date range; sorted, so
    that the same terms in another order are the same query (and high-water mark)."""
    terms = [f"cat:{c}" for c in sorted(set(categories))]
    for keyword in sorted(set(keywords), key=str.casefold):
        phrase = " ".join(re.findall(r"[\w\-]+", keyword))
        if not phrase:
            continue
        quoted = f'"{phrase}"' if " " in phrase else phrase
        terms += [f"ti:{quoted}", f"abs:{quoted}"]
    return " OR ".join(terms)


def date_range(since: dt.datetime, until: dt.datetime) -> str:
    """arXiv's `submittedDate:[YYYYMMDDTTTT TO YYYYMMDDTTTT]` (GMT, to the minute)."""
    return f"submittedDate:[{since:%Y%m%d%H%M} TO {until:%Y%m%d%H%M}]"


def parse_published(text: str | None) -> dt.datetime | None:
    """arXiv's `2024-12-03T09:14:22Z` as an aware datetime."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return None


@dataclass
class Listing:
    """What a run read from arXiv."""

    papers: list[ArxivPaper] = field(default_factory=list)  # new ones, newest first
    read: int = 0  # entries received, new or not
    requests: int = 0
    matched: int | None = None  # totalResults: how many the query matched
    newest: str | None = None  # newest submission date received
    capped: bool = False  # stopped at the cap with more to read
    failure: str | None = None  # why the run stopped early

    @property
    def complete(self) -> bool:
        """Read to the end of the window (or to the cap): the high-water mark may move."""
        return self.failure is None


def fetch_listing(
    client: ArxivClient,
    query: str,
    since: dt.datetime,
    until: dt.datetime,
    known: Callable[[Iterable[str]], set[str]],
    cap: int = MAX_PAPERS,
    page_size: int = PAGE_SIZE,
) -> Listing:
    """Page through the papers `query` matches submitted between `since` and `until`,
    newest first, keeping those `known` does not know, until the window or `cap` ends."""
    listing = Listing()
    full_query = f"({query}) AND {date_range(since, until)}"
    seen: set[str] = set()
    while listing.read < cap:
        size = min(page_size, cap - listing.read)
        page, total, failure = client.search_page(full_query, listing.read, size)
        listing.requests += 1
        if failure is not None:
            listing.failure = failure
            return listing
        listing.matched = total
        listing.read += len(page)
        for paper in page:
            if paper.published and (listing.newest is None or paper.published > listing.newest):
                listing.newest = paper.published
        old = known(p.arxiv_id for p in page) | seen
        listing.papers += [p for p in page if p.arxiv_id not in old]
        seen.update(p.arxiv_id for p in page)
        # arXiv may send a page short of max_results with more to come: totalResults decides.
        if not page or (total is not None and listing.read >= total):
            return listing
        if total is None and len(page) < size:
            return listing
    listing.capped = listing.matched is None or listing.matched > listing.read
    return listing
