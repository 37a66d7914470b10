"""Help pages as sqlite-utils, Datasette and gh print them, and docs/cli.md made from them.

typer's own pages show a type on every option (`--force <bool>`, `--help <bool>`) and
`{paths}...` for arguments (issue #23). A command here prints: the usage line with the
arguments' metavars; the docstring (a one-line summary, then details); the arguments;
the options in groups (each option's `rich_help_panel`, common options last); and the
examples of `EXAMPLES`. Plain text, at most 80 columns (click's formatter caps the width).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

COMMON = "Common options"  # --db, --quiet, --help: last on every page

# Examples per command, shown under its help and in docs/cli.md.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "readlist extract ~/blog/_posts",
        "readlist enrich",
        "readlist list --kind paper",
        "readlist serve --open",
    ),
    "extract": (
        "readlist extract content/",
        "readlist extract ~/blog --site-url https://me.github.io",
        "readlist extract notes/ --json | jq .failures",
        "readlist extract course/ --include '*.ipynb'",
        "readlist extract site/ --exclude public --exclude '*.txt'",
    ),
    "enrich": (
        "readlist enrich",
        "readlist enrich --only arxiv --limit 200",
        "readlist enrich --timeout 10 --max-time 300",
        "readlist enrich --offline",
    ),
    "check": (
        "readlist check",
        "readlist check --only broken --since 0",
        "readlist check --no-wayback --timeout 10",
    ),
    "fix": (
        "readlist fix --diff fixes.patch",
        "cd notes/ && git apply --check ../fixes.patch",
        "readlist fix --apply",
    ),
    "list": ("readlist list --kind paper --limit 20",),
    "stats": ("readlist stats",),
    "mark": (
        'readlist mark Res-Net done --note "read twice"',
        "readlist mark arXiv:1706.03762 reading --priority 1",
        "readlist mark --done-from finished.txt",
    ),
    "export": (
        "readlist export -o plan.csv --excel",
        "readlist export --format bibtex --kind paper > refs.bib",
        "readlist export -o plan.md --tag cnn",
    ),
    "serve": ("readlist serve --open", "readlist serve --port 9000"),
    "alias": ('readlist alias "레즈넷" ResNet',),
    "ignore": ('readlist ignore "Operation"',),
    "add-name": ("readlist add-name UTOPIAN --kind paper --doi 10.1109/TVCG.2013.212",),
    "gazetteer": ("readlist gazetteer stats",),
    "gazetteer stats": ("readlist gazetteer stats", "readlist gazetteer stats --json"),
    "watch": (
        "readlist watch",
        'readlist watch --add-keyword "domain adaptation"',
        "readlist watch --category cs.CL --feed ~/feeds/papers.xml",
        "readlist watch --dismiss 2412.01234",
        "readlist mark 2412.05678 todo",
    ),
}

# The top-level page lists the commands in these groups, in this order.
COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "Build the reading list": ("extract", "enrich"),
    "Keep its links alive": ("check", "fix"),
    "Read, track and share it": ("list", "stats", "mark", "export", "serve"),
    "Find new papers": ("watch",),
    "Teach it names": ("alias", "ignore", "add-name"),
    "Look into the names it knows": ("gazetteer",),
}


def _key(ctx: Any) -> str:
    """The EXAMPLES key of a page: its command path after `readlist` ("gazetteer stats")."""
    return " ".join(ctx.command_path.split()[1:])


def _examples(formatter: Any, key: str) -> None:
    examples = EXAMPLES.get(key)
    if examples:
        with formatter.section("Examples"):
            for example in examples:
                formatter.write_text(f"$ {example}")


def _option_label(param: Any) -> str:
    names = sorted(param.opts, key=lambda opt: (opt.startswith("--"), opt))
    label = ", ".join(names)
    if param.secondary_opts:
        label += " / " + ", ".join(param.secondary_opts)
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        label += f" {param.metavar or (param.name or '').upper()}"
    return label


def _argument_label(param: Any) -> str:
    label = str(param.metavar or (param.name or "").upper())
    if param.nargs != 1 and not label.endswith("..."):
        label += "..."
    return label


def _option_help(param: Any) -> str:
    text = " ".join((param.help or "").split())
    default = param.default
    shown = (
        param.show_default
        and not getattr(param, "is_flag", False)
        and default not in (None, (), [])
        and not callable(default)
    )
    if isinstance(param.show_default, str):
        text += f"  [default: {param.show_default}]"
    elif shown:
        text += f"  [default: {default}]"
    return text


class Command(TyperCommand):
    """A command whose help reads like sqlite-utils' or gh's (see the module docstring)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = ["[OPTIONS]"]
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                label = _argument_label(param)
                pieces.append(label if param.required else f"[{label}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        groups: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                text = getattr(param, "help", None) or ""
                arguments.append((_argument_label(param), " ".join(text.split())))
                continue
            group = getattr(param, "rich_help_panel", None) or (
                COMMON if "--help" in param.opts else "Options"
            )
            groups.setdefault(group, []).append((_option_label(param), _option_help(param)))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        # The command's own options first, the common ones last.
        for name in sorted(groups, key=lambda group: (group != "Options", group == COMMON)):
            with formatter.section(name):
                formatter.write_dl(groups[name])

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _examples(formatter, _key(ctx))


class Group(TyperGroup):
    """The top-level page: the commands in COMMAND_GROUPS, then examples."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}
        if ctx.parent is not None:  # a command group's own page (readlist gazetteer)
            groups: dict[str, tuple[str, ...]] = {"Commands": tuple(commands)}
        else:
            grouped = [name for names in COMMAND_GROUPS.values() for name in names]
            others = tuple(name for name in commands if name not in grouped)
            groups = {**COMMAND_GROUPS, "Other commands": others}
        for title, names in groups.items():
            rows = [
                (name, command.get_short_help_str(limit=formatter.width))
                for name in names
                if (command := commands.get(name)) is not None and not command.hidden
            ]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _examples(formatter, _key(ctx))


def help_pages(app: Any, width: int = 80) -> dict[str, str]:
    """Every help page of `app` as printed at `width` columns: "" for `readlist --help`,
    then one per command."""
    import typer.main

    group = typer.main.get_command(app)
    # As at a terminal `width` wide: click leaves the last 2 columns free there.
    width -= 2
    ctx = group.context_class(group, info_name="readlist", terminal_width=width)
    pages = {"": group.get_help(ctx)}
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        sub = command.context_class(command, info_name=name, parent=ctx, terminal_width=width)
        pages[name] = command.get_help(sub)
        for inner in getattr(command, "commands", {}).values():  # a group's commands
            page = inner.context_class(inner, info_name=inner.name, parent=sub)
            pages[f"{name} {inner.name}"] = inner.get_help(page)
    return pages


def render_markdown(app: Any) -> str:
    """docs/cli.md: every help page, as `readlist --help` prints it at 80 columns."""
    pages = help_pages(app)
    lines = [
        "# Command line reference",
        "",
        "Every help page of `readlist`, as printed at 80 columns. Generated from the code",
        "by `make docs` (`python -m readlist.clihelp > docs/cli.md`); tests/test_docs.py",
        "fails when this file and the code disagree.",
        "",
    ]
    for name, page in pages.items():
        command = f"readlist {name} --help" if name else "readlist --help"
        lines += [f"## `{command}`", "", "```text"]
        lines += [line.rstrip() for line in page.rstrip("\n").splitlines()]
        lines += ["```", ""]
    return "\n".join(lines)


def main() -> None:
    """`python -m readlist.clihelp > docs/cli.md` (make docs)."""
    import sys
    from importlib import import_module

    # Imported when run: readlist.cli imports this module.
    sys.stdout.write(render_markdown(import_module("readlist.cli").app))


if __name__ == "__main__":
    main()
