"""`readlist check`: the health of every link in the notes, and what replaced the dead ones.

Each link is asked with HEAD, falling back to GET when HEAD is refused or when the page
is HTML (its title tells a soft 404 or a parked domain); through net.Fetcher, so with
enrich's deadlines, retries, byte caps and address guard, 8 links at a time and at most
2 per host. A page enrich fetched recently is not asked again: its stored status and
title say the same (issue #20).

A replacement is proposed only with evidence, in this order: the page's permanent
redirect (GitHub's for a renamed repository among them); a known migration from
`moves.MOVES`, once the new address has answered; the Wayback Machine's snapshot
closest to the date of the note citing the link; and, for a working plain-http link,
its https address when that answers with the same page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlite_utils import Database

from readlist.links import store
from readlist.links.moves import DEAD_LINK, HTTP_LINK, github_rename, propose_moves
from readlist.links.status import (
    OK,
    PAGE_BYTES,
    REDIRECTED,
    STATUSES,
    LinkState,
    PageText,
    classify,
    is_html,
    read_page_text,
)
from readlist.links.store import LinkRow, Suggestion
from readlist.links.wayback import Wayback
from readlist.net import Fetcher, FetchResult
from readlist.pool import fetch_in_pool

Progress = Callable[[str, int], None]

# No second request can change these answers: nothing listens, or we may not ask.
_FINAL_HEAD_ERRORS = frozenset(
    {"name does not resolve", "connection failed", "host unresponsive", "timeout", "deadline",
     "TLS error", "private address", "invalid URL", "interrupted"}
)  # fmt: skip
_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5"


@dataclass
class CheckServices:
    """What check talks to; tests hand in ones pointed at local servers."""

    fetcher: Fetcher
    wayback: Wayback | None = None  # None: no archived snapshots proposed

    def abort(self) -> None:
        self.fetcher.abort()
        if self.wayback is not None:
            self.wayback.fetcher.abort()


@dataclass(frozen=True)
class CheckOptions:
    only: str = "all"  # all, broken or redirected (store.ONLY)
    since_days: float = 7.0  # a result younger than this is kept
    concurrency: int = 8
    per_host: int = 2


@dataclass
class CheckSummary:
    links: int = 0  # links the notes hold
    checked: int = 0  # asked this run
    shared: int = 0  # of those, answered by what enrich fetched
    kept: int = 0  # checked recently enough to keep
    statuses: Counter[str] = field(default_factory=Counter)  # of this run's checks
    suggestions: Counter[str] = field(default_factory=Counter)  # by source
    interrupted: bool = False


@dataclass(frozen=True)
class _Outcome:
    state: LinkState
    suggestion: Suggestion | None
    shared: bool


def check_links(
    database: Database,
    services: CheckServices,
    options: CheckOptions = CheckOptions(),
    progress: Progress | None = None,
) -> CheckSummary:
    """Check the links due, record each result as it arrives, and roll the worst status
    of each resource's links up to `resources.link_status`."""
    store.sync_links(database)
    rows, kept = store.links_to_check(database, options.only, options.since_days)
    summary = CheckSummary(links=store_count(database), kept=kept)
    if progress:
        progress("total", len(rows))

    def work(row: LinkRow) -> _Outcome | None:
        shared = _from_enrich(row, options.since_days)
        state = shared or fetch_state(services.fetcher, row.url)
        if state.reason == "interrupted":
            return None
        return _Outcome(state, suggest(services, row, state), shared is not None)

    def save(row: LinkRow, outcome: _Outcome) -> None:
        store.save_link(database, row.surface, outcome.state, outcome.suggestion)
        summary.checked += 1
        summary.shared += outcome.shared
        summary.statuses[outcome.state.status] += 1
        if outcome.suggestion:
            summary.suggestions[outcome.suggestion.source] += 1
        if progress:
            progress("advance", 1)

    try:
        fetch_in_pool(
            rows,
            work,
            lambda row: row.url,
            save,
            services.abort,
            options.concurrency,
            options.per_host,
        )
    except KeyboardInterrupt:
        summary.interrupted = True
    store.save_resource_statuses(database)
    return summary


def store_count(database: Database) -> int:
    return int(database.execute("select count(*) from links").fetchone()[0])


def fetch_state(fetcher: Fetcher, url: str) -> LinkState:
    """Ask `url`: HEAD, then GET unless HEAD settled it (a document that answers, or an
    address where nothing answers)."""
    head = fetcher.fetch(url, method="HEAD", max_bytes=1)
    if head.ok and not is_html(head.headers.get("content-type")):
        return classify(url, head)
    if head.status is None and head.error in _FINAL_HEAD_ERRORS:
        return classify(url, head)
    got = fetcher.fetch(url, headers={"Accept": _ACCEPT}, max_bytes=PAGE_BYTES)
    content_type = got.headers.get("content-type")
    page = read_page_text(got.body, content_type) if got.ok and is_html(content_type) else None
    return classify(url, got, page)


def _from_enrich(row: LinkRow, since_days: float) -> LinkState | None:
    """The link's state from enrich's recent fetch of the same URL, when that says all a
    check would: a 404/410, or a 200 that was not redirected (its title tells a soft 404).
    A redirect is asked again: enrich does not keep whether it was permanent."""
    if not store.recently_enriched(row, since_days):
        return None
    when = f"enrich, {(row.enriched_at or '')[:10]}"
    if row.enrich_status == "gone" and row.http_status in (404, 410):
        result = FetchResult(url=row.url, final_url=row.url, status=row.http_status)
    elif (
        row.enrich_status == "ok"
        and row.http_status == 200
        and (row.final_url is None or row.final_url == row.url)
    ):
        headers = {"content-type": row.content_type} if row.content_type else {}
        result = FetchResult(url=row.url, final_url=row.url, status=200, headers=headers)
    else:
        return None
    page = None
    if result.status == 200 and is_html(row.content_type):
        page = PageText(row.title, None, "")
    state = classify(row.url, result, page)
    return LinkState(
        state.status, f"{state.reason} ({when})", state.http_status, state.final_url,
        state.moved_to, state.title or row.title,
    )  # fmt: skip


def suggest(services: CheckServices, row: LinkRow, state: LinkState) -> Suggestion | None:
    """The replacement for a link, with its evidence, or None."""
    if state.status == REDIRECTED and state.moved_to:
        return _redirect(row.url, state)
    moved_off = state.status == REDIRECTED and not state.moved_to
    if state.dead or moved_off:
        for proposal in propose_moves(row.url, DEAD_LINK, row.arxiv_id):
            answer = fetch_state(services.fetcher, proposal.url)
            target = _working(proposal.url, answer)
            if target is not None:
                evidence = f"{proposal.move.name}: {proposal.move.why}; {_answers(target, answer)}"
                return Suggestion(target, "migration", evidence)
    if state.dead and services.wayback is not None:
        snapshot, _ = services.wayback.closest(row.url, row.note_date)
        if snapshot is not None:
            near = (
                f"the closest to the note's date, {row.note_date[:10]}"
                if row.note_date
                else "the latest (the note has no date)"
            )
            return Suggestion(
                snapshot.url, "wayback", f"Wayback Machine snapshot of {snapshot.date}, {near}"
            )
    if state.status == OK and urlsplit(row.url).scheme == "http":
        for proposal in propose_moves(row.url, HTTP_LINK):
            answer = fetch_state(services.fetcher, proposal.url)
            if answer.status == OK and answer.title == state.title:
                same = f"title {state.title!r}" if state.title else "no title on either"
                return Suggestion(
                    proposal.url,
                    "https",
                    f"{proposal.move.why}: http {answer.http_status}, {same}",
                )
    return None


def _redirect(url: str, state: LinkState) -> Suggestion:
    assert state.moved_to is not None
    rename = github_rename(url, state.moved_to)
    if rename:
        evidence = f"GitHub repository renamed or moved ({rename}): GitHub's own 301"
    else:
        evidence = f"permanent redirect to {state.moved_to}"
    evidence += f"; {_answers(state.final_url or state.moved_to, state)}"
    return Suggestion(state.moved_to, "redirect", evidence)


def _working(url: str, answer: LinkState) -> str | None:
    """Where a proposed address really is: itself when it answers, or where it moved."""
    if answer.status == OK:
        return url
    if answer.status == REDIRECTED and answer.moved_to:
        return answer.moved_to
    return None


def _answers(url: str, answer: LinkState) -> str:
    title = f", {answer.title!r}" if answer.title else ""
    return f"{url} answers {answer.http_status}{title}"


def describe_check(summary: CheckSummary) -> str:
    """The summary line: what was checked, what it found, what is proposed."""
    found = ", ".join(
        f"{summary.statuses[status]} {status}"
        for status in (OK, *sorted(set(summary.statuses) - {OK}, key=_severity))
        if summary.statuses[status]
    )
    line = f"{summary.links} links: {summary.checked} checked"
    if summary.shared:
        line += f" ({summary.shared} from enrich's fetch)"
    if found:
        line += f" ({found})"
    if summary.kept:
        line += f", {summary.kept} checked recently and kept"
    proposed = sum(summary.suggestions.values())
    if proposed:
        sources = ", ".join(f"{n} {source}" for source, n in summary.suggestions.most_common())
        line += f"; {proposed} replacements proposed ({sources})"
    if summary.interrupted:
        line += "; interrupted, the rest is checked next run"
    return line


def _severity(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)
