"""Citations belong to what they cite (issue #14, "citations"). Examples written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.citations import find_citations
from readlist.cli import app

from .conftest import rows, write_note

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "author", "year"),
    [
        ("as He et al. (2016) showed", "He", 2016),
        ("(Vaswani et al., 2017)", "Vaswani", 2017),
        ("Kingma and Ba (2014) 의 방법", "Kingma and Ba", 2014),
        ("(Kingma & Ba, 2014)", "Kingma & Ba", 2014),
        ("Vaswani et al. proposed", "Vaswani", None),
        ("Goodfellow et al., 2014b", "Goodfellow", 2014),
    ],
)
def test_author_year_citations(text: str, author: str, year: int | None) -> None:
    [citation] = find_citations(text)
    assert (citation.author, citation.year) == (author, year)


@pytest.mark.parametrize("text", ["Tom and Jerry", "In 2019 we trained", "Results and Discussion"])
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


def test_a_citation_beside_a_link_or_title_is_its_evidence_not_a_second_paper(
    notes_dir: Path, tmp_path: Path, no_gazetteer: None
) -> None:
    write_note(
        notes_dir,
        "a.md",
        "- [Attention Is All You Need](https://example.org/attention.pdf) (Vaswani et al., 2017)\n"
        "- Deep Residual Learning, He et al. (2016): https://example.org/resnet-page\n"
        "- 그리고 Kingma and Ba (2014) 는 따로 언급만\n",
    )
    db_path = tmp_path / "r.db"
    result = runner.invoke(app, ["extract", str(notes_dir), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    found = rows(db_path, "select id, name, year, confidence from resources order by id")
    assert found == [
        ("name:kingma-and-ba-2014", "Kingma and Ba 2014", None, 0.3),  # alone: a guess
        ("url:https://example.org/attention.pdf", "Attention Is All You Need", 2017, 1.0),
        ("url:https://example.org/resnet-page", "Deep Residual Learning", 2016, 1.0),
    ]


def test_a_citation_takes_a_closing_parenthesis_only_after_its_own_opening_one() -> None:
    text = (
        "(Touvron et al., 2019; Kolesnikov et al., 2020). He et al. (2016) and (Kingma & Ba, 2014)"
    )
    assert [text[c.start : c.end] for c in find_citations(text)] == [
        "Touvron et al., 2019",
        "Kolesnikov et al., 2020",
        "He et al. (2016)",
        "Kingma & Ba, 2014",
    ]
