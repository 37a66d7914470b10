"""`readlist mark`, `export`, `list` and `stats`: the tracker and the study plan."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import bibtexparser
import pytest
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import write_note

runner = CliRunner()


@pytest.fixture
def plan_db(small_data: Path, tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    write_note(
        notes,
        "cnn.md",
        (
            "---\ntitle: CNN 계보\ncategories: [CV]\n---\n"
            "- VGG-Net 다음 Res-Net\n- Res-Net 은 https://arxiv.org/abs/1512.03385\n"
            '- =HYPERLINK("x") 같은 줄은 https://ruder.io/formula 에 있음\n'
        ),
    )
    write_note(
        notes,
        "nlp.md",
        (
            "---\ntitle: NLP\ncategories: [NLP]\n---\n"
            "- Transformer 를 보고 BERT는 MLM 으로\n- Res-Net 도 언급\n"
            "- @mention https://distill.pub/2016/augmented-rnns/\n"
        ),
    )
    db_path = tmp_path / "r.db"
    result = runner.invoke(app, ["extract", str(notes), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    return db_path


def _invoke(*args: str) -> object:
    return runner.invoke(app, list(args))


def _user_columns(db_path: Path) -> dict[str, tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "select id, status, priority, user_note from resources "
            "where status != 'todo' or priority is not null or user_note is not null"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize(
    "what",
    [
        "Res-Net",
        "resnet",
        "ResNet",
        "arxiv:1512.03385",
        "1512.03385",
        "arXiv:1512.03385v2",
        "https://arxiv.org/pdf/1512.03385v1.pdf",
        "arxiv.org/abs/1512.03385",
    ],
)
def test_mark_by_every_form(plan_db: Path, what: str) -> None:
    result = _invoke(
        "mark", what, "reading", "--priority", "2", "--note", "핵심", "--db", str(plan_db)
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "ResNet (arxiv:1512.03385): reading, priority 2, note saved"
    assert _user_columns(plan_db) == {"arxiv:1512.03385": ("reading", 2, "핵심")}


def test_mark_by_url(plan_db: Path) -> None:
    result = _invoke("mark", "https://ruder.io/formula", "skip", "--db", str(plan_db))
    assert result.exit_code == 0, result.output
    assert _user_columns(plan_db) == {"url:https://ruder.io/formula": ("skip", None, None)}


def test_unknown_lists_closest(plan_db: Path) -> None:
    result = _invoke("mark", "Resnt", "done", "--db", str(plan_db))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: no resource matches 'Resnt'; closest: ResNet (arxiv:1512.03385)"
    )
    assert _user_columns(plan_db) == {}


def test_ambiguous_lists_matches(plan_db: Path) -> None:
    with sqlite3.connect(plan_db) as conn:  # two resources named alike
        conn.execute(
            "insert into resources (id, kind, name) values ('name:bert-2', 'model', 'BERT')"
        )
    result = _invoke("mark", "BERT", "done", "--db", str(plan_db))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: 'BERT' matches 2 resources: BERT (arxiv:1810.04805); BERT (name:bert-2); use an id"
    )


def test_bad_status_is_a_usage_error(plan_db: Path) -> None:
    result = _invoke("mark", "Res-Net", "finished", "--db", str(plan_db))
    assert result.exit_code == 2
    assert "STATUS must be one of todo, reading, done, skip" in result.stderr


def test_done_from_file(plan_db: Path, tmp_path: Path) -> None:
    listing = tmp_path / "read.txt"
    listing.write_text(
        "Res-Net\n# a comment line\nhttps://ruder.io/formula\nNo Such Thing\n\n", encoding="utf-8"
    )
    result = _invoke("mark", "--done-from", str(listing), "--db", str(plan_db))
    assert result.exit_code == 1
    assert f"{listing}:4: no resource matches 'No Such Thing'" in result.stderr
    assert "2 marked done, 1 not found" in result.stderr
    assert _user_columns(plan_db) == {
        "arxiv:1512.03385": ("done", None, None),
        "url:https://ruder.io/formula": ("done", None, None),
    }


def test_status_survives_reextract_and_deleted_note(plan_db: Path, tmp_path: Path) -> None:
    _invoke("mark", "Transformer", "reading", "--note", "ch. 3", "--db", str(plan_db))
    notes = tmp_path / "notes"
    (notes / "nlp.md").unlink()
    result = _invoke("extract", str(notes), "--db", str(plan_db), "--force")
    assert result.exit_code == 0, result.output
    assert _user_columns(plan_db) == {"arxiv:1706.03762": ("reading", None, "ch. 3")}
    with sqlite3.connect(plan_db) as conn:
        assert conn.execute(
            "select mention_count from resources where id = 'arxiv:1706.03762'"
        ).fetchone() == (0,)


def test_status_follows_a_guessed_name_that_gains_an_id(small_data: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "- FooNet 구조가 흥미로움\n")
    db_path = tmp_path / "r.db"
    _invoke("extract", str(notes), "--db", str(db_path), "-q")
    assert (
        _invoke("mark", "FooNet", "reading", "--priority", "1", "--db", str(db_path)).exit_code == 0
    )
    assert _user_columns(db_path) == {"name:foonet": ("reading", 1, None)}
    _invoke("add-name", "FooNet", "--kind", "model", "--arxiv", "2301.00001", "--db", str(db_path))
    assert _invoke("extract", str(notes), "--db", str(db_path), "-q").exit_code == 0
    assert _user_columns(db_path) == {"arxiv:2301.00001": ("reading", 1, None)}
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(
            "select count(*) from resources where id = 'name:foonet'"
        ).fetchone() == (0,)


def _export(db_path: Path, *args: str) -> str:
    result = _invoke("export", "--db", str(db_path), *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_csv_order_columns_and_injection(plan_db: Path) -> None:
    _invoke("mark", "Transformer", "reading", "--db", str(plan_db))
    _invoke(
        "mark",
        "https://distill.pub/2016/augmented-rnns/",
        "todo",
        "--priority",
        "1",
        "--db",
        str(plan_db),
    )
    _invoke("mark", "VGG", "done", "--db", str(plan_db))
    rows = list(csv.DictReader(io.StringIO(_export(plan_db))))
    assert list(rows[0]) == [
        "order",
        "status",
        "priority",
        "kind",
        "name",
        "title",
        "authors",
        "year",
        "url",
        "arxiv_id",
        "mention_count",
        "mentioned_in",
        "first_context",
        "user_note",
    ]
    assert [(r["order"], r["status"], r["name"]) for r in rows] == [
        ("1", "reading", "Transformer"),
        ("2", "todo", "distill.pub/2016/augmented-rnns"),
        ("3", "todo", "ResNet"),  # three notes mention it
        ("4", "todo", "BERT"),
        ("5", "todo", "ruder.io/formula"),
    ]
    resnet = rows[2]
    assert (resnet["arxiv_id"], resnet["mention_count"], resnet["mentioned_in"]) == (
        "1512.03385",
        "4",
        "CNN 계보; NLP",
    )
    assert resnet["first_context"] == "VGG-Net 다음 Res-Net"
    # cells that a spreadsheet would run as formulas are neutralised
    assert (
        rows[4]["first_context"] == '\'=HYPERLINK("x") 같은 줄은 https://ruder.io/formula 에 있음'
    )
    assert rows[1]["first_context"] == "'@mention https://distill.pub/2016/augmented-rnns/"
    done = list(csv.DictReader(io.StringIO(_export(plan_db, "--include-done"))))
    assert done[-1]["name"] == "VGG" and done[-1]["status"] == "done"


def test_csv_excel_bom_and_file(plan_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = _invoke("export", "--db", str(plan_db), "-o", str(out), "--excel")
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "CNN 계보" in data.decode("utf-8-sig")
    assert not _export(plan_db).startswith("\ufeff")


def test_filters(plan_db: Path) -> None:
    papers = list(csv.DictReader(io.StringIO(_export(plan_db, "--kind", "model"))))
    assert {r["kind"] for r in papers} == {"model"}
    cv = list(csv.DictReader(io.StringIO(_export(plan_db, "--category", "CV"))))
    assert {r["name"] for r in cv} == {"VGG", "ResNet", "ruder.io/formula"}
    tagged = list(csv.DictReader(io.StringIO(_export(plan_db, "--tag", "cnn"))))
    assert {r["name"] for r in tagged} == {"VGG", "ResNet"}
    _invoke("mark", "VGG", "skip", "--db", str(plan_db))
    skipped = list(csv.DictReader(io.StringIO(_export(plan_db, "--status", "skip"))))
    assert [r["name"] for r in skipped] == ["VGG"]


def test_json_has_mentions(plan_db: Path) -> None:
    records = json.loads(_export(plan_db, "--format", "json"))
    resnet = next(r for r in records if r["name"] == "ResNet")
    assert [(m["note"], m["line"], m["surface"]) for m in resnet["mentions"]] == [
        ("cnn.md", 5, "Res-Net"),
        ("cnn.md", 6, "Res-Net"),
        ("cnn.md", 6, "https://arxiv.org/abs/1512.03385"),
        ("nlp.md", 6, "Res-Net"),
    ]


def test_markdown_checklist(plan_db: Path) -> None:
    _invoke("mark", "VGG", "done", "--db", str(plan_db))
    text = _export(plan_db, "--format", "md", "--include-done")
    boxes = [line for line in text.splitlines() if line.startswith("- [")]
    assert len(boxes) == 6
    assert sum(line.startswith("- [x]") for line in boxes) == 1
    assert (
        "- [ ] [ResNet](https://arxiv.org/abs/1512.03385) — "
        "Deep Residual Learning for Image Recognition, 2015"
    ) in boxes
    assert "## cnn" in text


def test_bibtex_parses_with_unique_stable_keys(plan_db: Path) -> None:
    with sqlite3.connect(plan_db) as conn:
        conn.execute(
            'update resources set authors = \'["Kaiming He", "Xiangyu Zhang"]\', '
            "categories = '[\"cs.CV\"]' where id = 'arxiv:1512.03385'"
        )
    text = _export(plan_db, "--format", "bibtex")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    entries = {e.key: e for e in library.entries}
    assert len(entries) == len(library.entries) == 4
    resnet = entries["he2015deep"]
    assert resnet.fields_dict["eprint"].value == "1512.03385"
    assert resnet.fields_dict["author"].value == "Kaiming He and Xiangyu Zhang"
    assert resnet.fields_dict["primaryClass"].value == "cs.CV"
    assert _export(plan_db, "--format", "bibtex") == text  # stable


def test_csl_json(plan_db: Path) -> None:
    records = json.loads(_export(plan_db, "--format", "csl"))
    assert {r["title"] for r in records} >= {"Attention Is All You Need"}
    assert all(r["type"] in ("article", "article-journal") for r in records)


def test_list_and_stats(plan_db: Path) -> None:
    _invoke("mark", "VGG", "done", "--db", str(plan_db))
    listed = _invoke("list", "--db", str(plan_db))
    assert listed.exit_code == 0, listed.output
    assert "ResNet" in listed.stdout and "VGG" not in listed.stdout
    stats = _invoke("stats", "--db", str(plan_db))
    assert stats.exit_code == 0
    assert "2 notes, 6 resources" in stats.stdout
    assert "progress: 1/6 done (17%), 0 reading" in stats.stdout


def test_export_without_database(tmp_path: Path) -> None:
    result = _invoke("export", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no database yet" in result.stderr


def test_format_from_the_output_extension_and_other_names(plan_db: Path, tmp_path: Path) -> None:
    written = {}
    for name in ("plan.md", "plan.MARKDOWN", "plan.json", "plan.bib", "plan.csl.json", "plan.txt"):
        result = _invoke("export", "--db", str(plan_db), "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        written[name] = (tmp_path / name).read_text(encoding="utf-8")
    assert written["plan.md"].startswith("# Reading list")
    assert written["plan.MARKDOWN"] == written["plan.md"]
    assert isinstance(json.loads(written["plan.json"]), list)
    assert bibtexparser.parse_string(written["plan.bib"]).failed_blocks == []
    assert all("type" in record for record in json.loads(written["plan.csl.json"]))
    assert written["plan.txt"].startswith("order,status,")  # no format implied: CSV
    # --format wins over the extension, and takes the names people type
    assert _export(plan_db, "--format", "markdown") == _export(plan_db, "--format", "md")
    assert _export(plan_db, "-f", "bib") == _export(plan_db, "--format", "bibtex")
    assert _export(plan_db, "--format", "CSL-JSON") == _export(plan_db, "--format", "csl")
    forced = tmp_path / "forced.md"
    assert _invoke("export", "--db", str(plan_db), "-f", "csv", "-o", str(forced)).exit_code == 0
    assert forced.read_text(encoding="utf-8").startswith("order,status,")
    unknown = _invoke("export", "--db", str(plan_db), "--format", "docx")
    assert unknown.exit_code == 2
    assert "--format must be one of csv, json, md, bibtex, csl, not 'docx'" in unknown.stderr


def test_mentions_stream_in_plan_order_and_the_category_filter_sees_notes(
    plan_db: Path,
) -> None:
    from readlist.db import open_db
    from readlist.plan import PlanFilters, iter_with_mentions, select_plan

    database = open_db(plan_db)
    try:
        for filters in (PlanFilters(include_done=True), PlanFilters(categories=("CV",))):
            items = select_plan(database, filters)
            assert not any(i.mentions for i in items)
            full = list(iter_with_mentions(database, items))
            assert [(i.order, i.id) for i in full] == [(i.order, i.id) for i in items]
            assert all(i.mentions for i in full)
            with sqlite3.connect(plan_db) as conn:
                for item in full:
                    expected = conn.execute(
                        "select note_path, line, surface from mentions where resource_id = ? "
                        "order by note_path, line",
                        [item.id],
                    ).fetchall()
                    assert sorted((m.note_path, m.line, m.surface) for m in item.mentions) == (
                        sorted(expected)
                    )
        # the category filter still sees the categories of the notes that mention a resource
        assert {i.name for i in select_plan(database, PlanFilters(categories=("CV",)))} == {
            "VGG",
            "ResNet",
            "ruder.io/formula",
        }
    finally:
        database.close()


def test_json_is_written_as_it_goes_and_reads_as_one_document(plan_db: Path) -> None:
    """The streamed JSON is exactly json.dumps of the whole list (indent 2)."""
    out = _invoke("export", "--db", str(plan_db), "-f", "json", "--include-done")
    records = json.loads(out.stdout)
    assert len(records) > 3
    assert out.stdout == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    empty = _invoke("export", "--db", str(plan_db), "-f", "json", "--kind", "video")
    assert empty.stdout == "[]\n"


def test_a_failed_export_leaves_the_previous_plan(
    plan_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readlist import export

    plan = tmp_path / "plan.csv"
    assert _invoke("export", "--db", str(plan_db), "-o", str(plan)).exit_code == 0
    before = plan.read_bytes()

    def disk_full(db: object, items: object, out: io.TextIOBase) -> None:
        out.write("order,status\n1,todo")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export.RENDERERS, "csv", disk_full)
    result = _invoke("export", "--db", str(plan_db), "-o", str(plan))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {plan}: cannot write: No space left on device"
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _status_changes(db_path: Path) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "select resource_id, old_status, status, changed_at from status_changes order by id"
        ).fetchall()
    assert all(len(row[3]) == 25 and row[3].endswith("+00:00") for row in rows)  # ISO, UTC
    return [row[:3] for row in rows]


def test_mark_records_each_change_of_status_with_its_time(plan_db: Path) -> None:
    for args in (("reading",), ("reading",), ("--priority", "3"), ("done",)):
        assert _invoke("mark", "Res-Net", *args, "--db", str(plan_db)).exit_code == 0
    # the same status again and a priority alone are no change of status
    assert _status_changes(plan_db) == [
        ("arxiv:1512.03385", "todo", "reading"),
        ("arxiv:1512.03385", "reading", "done"),
    ]


def test_status_history_follows_a_guessed_name_that_gains_an_id(
    small_data: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "- FooNet 구조가 흥미로움\n")
    db_path = tmp_path / "r.db"
    _invoke("extract", str(notes), "--db", str(db_path), "-q")
    assert _invoke("mark", "FooNet", "done", "--db", str(db_path)).exit_code == 0
    _invoke("add-name", "FooNet", "--kind", "model", "--arxiv", "2301.00001", "--db", str(db_path))
    assert _invoke("extract", str(notes), "--db", str(db_path), "-q").exit_code == 0
    assert _status_changes(db_path) == [("arxiv:2301.00001", "todo", "done")]
