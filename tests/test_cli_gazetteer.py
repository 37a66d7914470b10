"""`readlist gazetteer stats`: entries per kind and per source, with their ids (#15)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from readlist.cli import app

COMMIT = "1" * 40
HARVESTED = [
    {
        "name": "CycleGAN",
        "kind": "model",
        "arxiv": "1703.10593",
        "sources": [f"hindupuravinash/the-gan-zoo@{COMMIT}:gans.tsv"],
    },
    {
        "name": "SQuAD",
        "kind": "dataset",
        "arxiv": "1606.05250",
        "sources": [
            f"sebastianruder/NLP-progress@{COMMIT}:english/question_answering.md",
            f"hindupuravinash/the-gan-zoo@{COMMIT}:gans.tsv",
        ],
    },
    {
        "name": "KLUE",
        "kind": "dataset",
        "sources": [f"songys/AwesomeKorean_Data@{COMMIT}:README.md"],
    },
    # every name already a hand entry's: set aside
    {
        "name": "ResNet",
        "kind": "model",
        "arxiv": "1512.03385",
        "sources": [f"huggingface/pytorch-image-models@{COMMIT}:README.md"],
    },
]


def _harvest(small_data: Path) -> None:
    folder = small_data / "gazetteer" / "harvested"
    folder.mkdir()
    lines = [json.dumps(item, ensure_ascii=False) for item in HARVESTED]
    (folder / "entries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_stats_as_json(small_data: Path) -> None:
    _harvest(small_data)
    result = CliRunner().invoke(app, ["gazetteer", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["by_tier"] == {
        "hand": {"entries": 16, "arxiv": 9, "doi": 1},
        "harvested": {"entries": 3, "arxiv": 2, "doi": 0},
    }
    assert stats["set_aside"] == 1
    assert stats["by_source"] == {
        "test.yaml": {"entries": 16, "arxiv": 9, "doi": 1},
        "hindupuravinash/the-gan-zoo": {"entries": 2, "arxiv": 2, "doi": 0},
        "sebastianruder/NLP-progress": {"entries": 1, "arxiv": 1, "doi": 0},
        "songys/AwesomeKorean_Data": {"entries": 1, "arxiv": 0, "doi": 0},
    }
    assert stats["by_kind"]["dataset"] == {"entries": 2, "arxiv": 1, "doi": 0}
    assert stats["by_kind"]["model"] == {"entries": 10, "arxiv": 10, "doi": 0}


def test_stats_as_tables(small_data: Path) -> None:
    _harvest(small_data)
    result = CliRunner().invoke(app, ["gazetteer", "stats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("19 entries in ") and lines[0].endswith("(16 hand, 3 harvested)")
    assert lines[1] == "1 harvested entries set aside: hand-checked ones have all their names"
    assert any("hindupuravinash/the-gan-zoo" in line and "│       2 │" in line for line in lines)


def test_a_malformed_harvested_line_is_one_error(small_data: Path) -> None:
    _harvest(small_data)
    path = small_data / "gazetteer" / "harvested" / "entries.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "stats"])
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "entries.jsonl:5: not a JSON object: Expecting property name enclosed in double quotes"
    )
