"""`readlist watch` from the command line, against the local arXiv API: a run, the feed,
keywords, --list, --dismiss, and `readlist mark ARXIV_ID todo` adding a suggestion."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from typer.testing import CliRunner

from readlist.cli import app
from readlist.db import open_db

from .conftest import rows
from .http_server import LocalServer
from .watch_papers import SUBFIELD, add_library, as_records, of_role, topic_of

runner = CliRunner()
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def db_path(tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "readlist.db"
    database = open_db(path)
    add_library(database, of_role("library"), statuses=("done", "todo"))
    database.close()
    newest = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    server.arxiv_add(*as_records(of_role("listing"), newest))
    monkeypatch.setenv("READLIST_ARXIV_API", server.arxiv_api)
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "0")
    return path


def _watch(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["watch", "--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_run_prints_the_suggestions_and_writes_the_feed(db_path: Path, tmp_path: Path) -> None:
    feed = tmp_path / "papers.xml"
    code, out, err = _watch(db_path, "--allow-private", "--feed", str(feed))
    assert code == 0, err
    assert err.splitlines()[0].startswith("cs.CV (30 papers): 1 request, 130 new papers since ")
    assert ", ranked against 30 papers of your reading list; 20 suggested" in err
    assert err.splitlines()[1] == f"20 suggestions written to {feed}"
    lines = out.splitlines()
    assert len(lines) == 20 and lines[0].startswith(" 1  ")
    assert "  [like " in lines[0]
    root = fromstring(feed.read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 20
    first = entries[0]
    arxiv_id = first.findtext(f"{ATOM}id").rsplit("/", 1)[1]
    assert first.findtext(f"{ATOM}id") == f"https://arxiv.org/abs/{arxiv_id}"
    assert first.find(f"{ATOM}link").get("href") == f"https://arxiv.org/abs/{arxiv_id}"
    assert first.findtext(f"{ATOM}summary").startswith("like ")
    assert first.findtext(f"{ATOM}content").startswith("Why: like ")
    assert first.find(f"{ATOM}author/{ATOM}name").text
    tracking = sum(
        topic_of(e.findtext(f"{ATOM}id").rsplit("/", 1)[1]) == SUBFIELD for e in entries[:10]
    )
    assert tracking >= 8


def test_without_allow_private_the_local_api_is_refused(db_path: Path) -> None:
    code, _, err = _watch(db_path)
    assert code == 1
    assert "arXiv API at 127.0.0.1: private address; the next run reads the rest" in err
    assert rows(db_path, "select count(*) from suggestions") == [(0,)]


def test_mark_adds_a_suggestion_and_dismiss_hides_one(db_path: Path, tmp_path: Path) -> None:
    assert _watch(db_path, "--allow-private", "-q")[0] == 0
    ((first, second),) = [
        tuple(
            r[0]
            for r in rows(db_path, "select arxiv_id from suggestions order by score desc limit 2")
        )
    ]
    result = runner.invoke(app, ["mark", f"arXiv:{first}v2", "todo", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    title = rows(db_path, f"select title from suggestions where arxiv_id = '{first}'")[0][0]
    assert result.stderr.strip() == f"{title} (arxiv:{first}): todo"
    resource = rows(
        db_path,
        "select kind, name, status, arxiv_id, enrich_status, abstract is not null, url "
        f"from resources where id = 'arxiv:{first}'",
    )
    assert resource == [("paper", title, "todo", first, "ok", 1, f"https://arxiv.org/abs/{first}")]
    assert rows(db_path, f"select added_as from suggestions where arxiv_id = '{first}'") == [
        (f"arxiv:{first}",)
    ]
    code, _, err = _watch(db_path, "--dismiss", second, "--dismiss", "2401.99999")
    assert code == 1
    assert err.splitlines() == [f"{second}: dismissed", "2401.99999: no such suggestion"]
    feed = tmp_path / "f.xml"
    assert _watch(db_path, "--offline", "--feed", str(feed))[0] == 0
    ids = [e.findtext(f"{ATOM}id") for e in fromstring(feed.read_bytes()).iter(f"{ATOM}entry")]
    assert len(ids) == 19 and f"https://arxiv.org/abs/{second}" not in ids
    # an id nobody suggested is still an unknown resource
    result = runner.invoke(app, ["mark", "2401.99999", "todo", "--db", str(db_path)])
    assert result.exit_code == 1 and "no resource matches '2401.99999'" in result.stderr


def test_keywords_and_list(db_path: Path) -> None:
    code, _, err = _watch(
        db_path, "--add-keyword", "siamese", "--add-keyword", "speech recognition"
    )
    assert code == 0
    assert err.splitlines() == [
        "watching keyword 'siamese'",
        "watching keyword 'speech recognition'",
    ]
    code, out, _ = _watch(db_path, "--remove-keyword", "Siamese", "--list")
    assert out.splitlines() == [
        "categories: cs.CV (30 papers)",
        "keywords: speech recognition",
        "suggestions: 0 shown, 0 dismissed",
    ]
    assert rows(db_path, "select kind, term from watch_terms") == [
        ("keyword", "speech recognition")
    ]
    _watch(db_path, "--add-category", "cs.LG")
    code, out, _ = _watch(db_path, "--list")
    assert out.splitlines()[0] == "categories: cs.LG (saved)"


@pytest.mark.parametrize("option", ["--category", "--add-category"])
def test_a_bad_category_is_a_usage_error(db_path: Path, option: str) -> None:
    code, _, err = _watch(db_path, option, "computer vision")
    assert code == 2
    assert (
        err.strip()
        == "error: 'computer vision' is not an arXiv category (e.g. cs.CL, cs.CV, stat.ML)"
    )


def test_a_category_for_one_run(db_path: Path) -> None:
    code, _, err = _watch(db_path, "--allow-private", "--category", "quant-ph", "--top", "3")
    assert code == 0, err
    assert err.startswith("quant-ph (given): 1 request, 25 new papers")
    assert json.loads(rows(db_path, "select categories from suggestions limit 1")[0][0]) == [
        "quant-ph"
    ]


def test_scikit_learn_is_not_loaded_by_other_commands() -> None:
    # `import readlist.cli` is what every command pays; --list and --dismiss too.
    code = (
        "import sys, readlist.cli, readlist.watch, readlist.watch.store;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_too_few_papers_to_learn_from_says_so(tmp_path: Path, db_path: Path) -> None:
    empty = tmp_path / "empty.db"
    open_db(empty).close()
    code, _, err = _watch(empty, "--allow-private")
    assert code == 1
    assert err.strip().startswith("error: nothing to watch: no paper of your reading list")
    _watch(empty, "--add-keyword", "siamese")
    code, out, err = _watch(empty, "--allow-private", "--category", "cs.CV")
    assert code == 0, err
    assert (
        "ranked by keywords and categories: 0 papers with an abstract in your reading list, "
        "too few to learn from (5 needed)"
    ) in err
    assert "keyword: siamese; category cs.CV]" in out.splitlines()[0]
