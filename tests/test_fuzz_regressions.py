"""Inputs the coverage-guided fuzzer (fuzz/fuzz_extract.py) found interesting, kept as tests.

Each file under fixtures/fuzz/ is raw note bytes; extraction must not raise and every
mention must stand on its recorded line (the fuzzer's own check). A crash the fuzzer
finds goes here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.notes import decode_bytes

from .conftest import FIXTURES
from .test_properties import _check

CASES = sorted((FIXTURES / "fuzz").glob("*.bin"))


def test_there_are_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.name[:12] for p in CASES])
def test_fuzz_case(path: Path) -> None:
    decoded = decode_bytes(path.read_bytes())
    if isinstance(decoded, tuple):
        _check(decoded[0])
