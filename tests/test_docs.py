"""The README documents every command, and every command has help."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.clihelp import help_pages, render_markdown

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


# Help pages as a person meets them (issue #23): at 80 columns, no type placeholders.
PAGES = help_pages(app, width=80)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_page_reads_well_at_80_columns(command: str) -> None:
    page = PAGES[command]
    lines = page.splitlines()
    assert max(len(line) for line in lines) <= 80, page
    assert lines[0].startswith(f"Usage: readlist {command}".rstrip()), page
    summary = lines[2].strip()  # the one-line summary, whole (not cut by "...")
    assert summary.endswith(".") and len(summary) <= 76, page
    for placeholder in ("<bool>", "<str>", "<int", "<float", "<path>", "<list", "{"):
        assert placeholder not in page.replace("{{ site.url }}", "").replace(
            "{{ site.baseurl }}", ""
        ), (placeholder, page)
    assert "\nExamples:\n  $ readlist" in page, page


def test_top_level_help_lists_each_command_with_its_whole_summary() -> None:
    page = PAGES[""]
    for command in COMMANDS:
        row = next(line for line in page.splitlines() if line.startswith(f"  {command} "))
        assert row.rstrip().endswith("."), row  # not cut short with "..."


def test_flags_take_no_value_and_options_name_theirs() -> None:
    extract = PAGES["extract"]
    assert "Usage: readlist extract [OPTIONS] PATH...\n" in extract
    assert "\n  --force  " in extract and "\n  --site-url URL  " in extract
    assert "\n  --db PATH  " in extract and "\n  -q, --quiet  " in extract
    mark = PAGES["mark"]
    assert "Usage: readlist mark [OPTIONS] [WHAT] [STATUS]\n" in mark
    export = PAGES["export"]
    options, filters, common = (
        export.index(f"\n{name}:\n") for name in ("Options", "Filters", "Common options")
    )
    assert options < filters < common  # the command's own options, filters, then --db, --help


def test_every_option_has_help() -> None:
    for command, page in PAGES.items():
        for line in page.splitlines():
            if line.startswith("  -"):
                assert "  " in line.strip(), (command, line)  # a label, then its help


def test_cli_reference_is_generated_from_the_code() -> None:
    """docs/cli.md holds every help page; `make docs` writes it again after a change."""
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == render_markdown(app)


def test_no_merge_conflict_markers_are_left_in_the_tree() -> None:
    """A conflict resolved by hand can leave its markers in a file no test reads."""
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.yml", "*.yaml", "*.toml", "*.html", "Makefile"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    marked = [
        name
        for name in tracked
        if (REPO / name).is_file()
        and any(
            line.startswith(("<<<<<<< ", ">>>>>>> "))
            for line in (REPO / name).read_text(encoding="utf-8", errors="replace").splitlines()
        )
    ]
    assert marked == []
