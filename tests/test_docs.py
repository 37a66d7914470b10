"""The README documents every command, and every command has help."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from readlist.cli import app

from .conftest import REPO

runner = CliRunner()
README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(
    command.name or (command.callback.__name__ if command.callback else "")
    for command in app.registered_commands
)


def test_commands_are_found() -> None:
    assert {"extract", "serve", "alias", "ignore", "add-name"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--db" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme_with_an_example(command: str) -> None:
    assert re.search(rf"^\$ readlist {re.escape(command)}\b", README, re.MULTILINE), command


def test_quick_start_has_the_two_commands() -> None:
    assert "$ make demo" in README and "$ make test" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_top_level_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("readlist ")
