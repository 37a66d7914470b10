"""enrich's failures: those sharing one cause are one line, with what to do; the
distinct ones are listed after (issue #23)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.db import open_db
from readlist.report import describe_failures

runner = CliRunner()


def test_no_network_is_one_line_not_one_per_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "r.db"
    database = open_db(db_path)
    urls = [f"https://site{n % 12}.example/{n}" for n in range(30)]
    for url in [*urls, "https://arxiv.org/abs/1512.03385", "https://arxiv.org/abs/1706.03762"]:
        database.table("resources").insert(
            {"id": f"url:{url}", "kind": "page", "name": url, "url": url, "mention_count": 1}
        )
    database.table("resources").update(
        "url:https://arxiv.org/abs/1512.03385", {"id": "arxiv:1512.03385", "arxiv_id": "1512.03385"}
    )
    database.table("resources").update(
        "url:https://arxiv.org/abs/1706.03762", {"id": "arxiv:1706.03762", "arxiv_id": "1706.03762"}
    )
    database.close()

    def unreachable(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unreachable)
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "0")
    result = runner.invoke(app, ["enrich", "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "network unreachable: 30 URLs on 12 hosts did not resolve; check your connection or proxy",
        "arXiv API at export.arxiv.org: name does not resolve: 2 URLs on 1 host, e.g. "
        "https://arxiv.org/abs/1512.03385; check your connection or proxy",
        "32 to fetch: 0 filled, 0 unchanged, 0 not found, 0 unresolved, 32 failed "
        "(30 name does not resolve, 2 arXiv API at export.arxiv.org: name does not resolve)",
    ]


def test_shared_causes_first_then_each_distinct_one() -> None:
    rows = [
        ("https://a.org/1", "timeout"),
        ("https://b.org/2", "http 500"),
        ("https://a.org/3", "timeout"),
        ("Pay Attention to MLPs", "Semantic Scholar: http 429"),
        ("https://c.org/4", "private address"),
        ("https://d.org/5", "private address"),
        ("https://e.org/6", "too many redirects"),
    ]
    assert describe_failures(rows, shown=2) == [
        "timeout: 2 URLs on 1 host, e.g. https://a.org/1; a longer --timeout may help",
        "private address: 2 URLs on 2 hosts, e.g. https://c.org/4; --allow-private fetches them",
        "https://b.org/2: http 500",
        "Pay Attention to MLPs: Semantic Scholar: http 429",
        "… and 1 more; each is on its row of the resources table (enrich_status, enrich_error)",
    ]
    assert describe_failures([("FlexNet", "x"), ("MixNet", "x")]) == [
        "x: 2 resources, e.g. FlexNet"
    ]
