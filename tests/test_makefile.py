"""`make install` says one line per step, and no Makefile comment (issue #23)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


def _recipe(target: str) -> list[str]:
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert match, target
    return match.group(1).splitlines()


def test_install_recipe_echoes_steps_not_commands_or_comments() -> None:
    recipe = _recipe("$(BIN)/.installed")
    assert all(line.startswith("\t@") for line in recipe), recipe  # no command echoed
    assert not [line for line in recipe if line.lstrip("\t@").startswith("#")]  # no comment
    steps = [line for line in recipe if line.startswith("\t@echo ")]
    assert len(steps) == 3
    assert all("--quiet" in line or "-q" in line for line in recipe if "pip install" in line)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_install_prints_one_line_per_step(tmp_path: Path) -> None:
    """The real recipe, run with a stand-in Python that succeeds at once: what a user
    sees is the three step lines, nothing else."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    stand_in = venv / "bin" / "python"
    stand_in.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    stand_in.chmod(0o755)
    result = subprocess.run(
        ["make", "--no-print-directory", "-B", "install", f"VENV={venv}", f"PYTHON={stand_in}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"make install: virtual environment in {venv}/",
        "make install: readlist and its development tools, from PyPI",
        f"make install: done; run {venv}/bin/readlist --help",
    ]
