"""Names over real notes with the shipped gazetteer: the sample note and content/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import REPO, SAMPLE_NOTE
from .conftest import rows as _rows

runner = CliRunner()

# What the masterclass note names, as (kind, name, arXiv id or None), per issue 3.
SAMPLE_EXPECTED = {
    ("repo", "NLP-progress", None),
    ("site", "arxiv-sanity", None),
    ("site", "Sebastian Ruder's blog", None),
    ("org", "TensorFlow KR", None),
    ("org", "Montreal.AI", None),
    ("model", "VGG", "1409.1556"),
    ("model", "ResNet", "1512.03385"),
    ("model", "DenseNet", "1608.06993"),
    ("model", "SENet", "1709.01507"),
    ("model", "MobileNet", "1704.04861"),
    ("model", "EfficientNet", "1905.11946"),
    ("model", "Transformer", "1706.03762"),
    ("model", "BERT", "1810.04805"),
    ("paper", "DANN", "1505.07818"),
    ("model", "gMLP", "2105.08050"),
    ("model", "MLP-Mixer", "2105.01601"),
    ("paper", "UTOPIAN", None),
    ("org", "Hugging Face", None),
    ("org", "TUNiB", None),
    ("org", "Upstage", None),
}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    shutil.copy(SAMPLE_NOTE, folder)
    db_path = folder / "r.db"
    result = runner.invoke(app, ["extract", str(folder), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    return db_path


def test_sample_names(sample_db: Path) -> None:
    found = set(_rows(sample_db, "select kind, name, arxiv_id from resources"))
    assert SAMPLE_EXPECTED - found == set()


def test_sample_spellings_resolve(sample_db: Path) -> None:
    surfaces = dict(
        _rows(
            sample_db,
            "select m.surface, r.name from mentions m join resources r "
            "on r.id = m.resource_id where m.source = 'name'",
        )
    )
    for surface, name in {
        "Res-Net": "ResNet",
        "mobile-net": "MobileNet",
        "efficient-net": "EfficientNet",
        "MLP Mixer": "MLP-Mixer",
        "Pay Attention to MLP": "gMLP",
        "MLM": "BERT",
        "NSP": "BERT",
        "Domain Adversarial Neural Net": "DANN",
        "Sebastian Ruder": "Sebastian Ruder's blog",
        "HuggingFace": "Hugging Face",
        "TuNIB": "TUNiB",
        "UpStage": "Upstage",
    }.items():
        assert surfaces[surface] == name, surface


def test_sample_has_no_ordinary_words(sample_db: Path) -> None:
    surfaces = {row[0] for row in _rows(sample_db, "select surface from mentions")}
    for word in (
        "Operation",
        "Classification",
        "CV",
        "C.V.",
        "Bias",
        "Grand Goal",
        "True",
        "Resume",
        "Computer Science",
        "Word Embedding",
    ):
        assert word not in surfaces


def test_sample_dedups_the_transformer(sample_db: Path) -> None:
    assert _rows(sample_db, "select mention_count from resources where name = 'Transformer'") == [
        (2,)
    ]


def test_content_names_and_links_merge(tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    result = runner.invoke(app, ["extract", str(REPO / "content"), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    # ResNet: named in prose and linked as abs/ and pdf/v1 - one row, all mentions
    sources = _rows(
        db_path,
        "select source, count(*) from mentions where "
        "resource_id = 'arxiv:1512.03385' group by source order by source",
    )
    assert dict(sources)["url"] == 3
    assert dict(sources)["name"] >= 3
    assert _rows(db_path, "select name, kind from resources where id = 'arxiv:1512.03385'") == [
        ("ResNet", "model")
    ]
    assert _rows(db_path, "select count(*) from resources where id like 'name:resnet%'") == [(0,)]
