"""Fetch many items at once, politely: a few at a time, at most a few per host.

Results are handed back to the calling thread one by one, as they arrive, so the
caller writes them to SQLite from its own thread (a connection stays in its thread)
and a run cut short keeps everything fetched. enrich's papers and pages stages and
`readlist check` use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import TypeVar
from urllib.parse import urlsplit

Item = TypeVar("Item")
Result = TypeVar("Result")


def fetch_in_pool(
    items: Iterable[Item],
    fetch: Callable[[Item], Result | None],
    url_of: Callable[[Item], str],
    save: Callable[[Item, Result], None],
    abort: Callable[[], None],
    concurrency: int = 8,
    per_host: int = 2,
) -> None:
    """`fetch` every item (None: nothing to save) and `save` each result in this thread.

    Ctrl-C (KeyboardInterrupt) calls `abort` to end the fetches in flight, saves what had
    been fetched, and is raised again.
    """
    host_limits: dict[str, threading.BoundedSemaphore] = {}
    lock = threading.Lock()

    def limit_for(item: Item) -> threading.BoundedSemaphore:
        host = _host(url_of(item))
        with lock:
            if host not in host_limits:
                host_limits[host] = threading.BoundedSemaphore(per_host)
            return host_limits[host]

    def work(item: Item) -> Result | None:
        with limit_for(item):
            return fetch(item)

    def finish(future: Future[Result | None], item: Item) -> None:
        result = future.result()
        if result is not None:
            save(item, result)

    pool = ThreadPoolExecutor(max_workers=max(1, concurrency))
    futures = {pool.submit(work, item): item for item in interleave_hosts(items, url_of)}
    saved: set[Future[Result | None]] = set()
    try:
        for future in as_completed(futures):
            finish(future, futures[future])
            saved.add(future)
    except KeyboardInterrupt:
        abort()  # fetches in flight end now; queued ones never start
        pool.shutdown(wait=True, cancel_futures=True)
        for future, item in futures.items():  # keep what had been fetched
            if future not in saved and future.done() and not future.cancelled():
                finish(future, item)
        raise
    finally:
        pool.shutdown(wait=True)


def interleave_hosts(items: Iterable[Item], url_of: Callable[[Item], str]) -> list[Item]:
    """Round-robin over hosts, so workers do not queue behind one host's limit."""
    by_host: dict[str, list[Item]] = {}
    for item in items:
        by_host.setdefault(_host(url_of(item)), []).append(item)
    queues = list(by_host.values())
    ordered: list[Item] = []
    for index in range(max((len(q) for q in queues), default=0)):
        ordered.extend(queue[index] for queue in queues if index < len(queue))
    return ordered


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""
