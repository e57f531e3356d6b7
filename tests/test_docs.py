"""Every setting, command and option is documented (a test fails when one is not)."""

from __future__ import annotations

import importlib
import re

import click

from generator.cli import main
from generator.cli.app import COMMANDS
from generator.load.config import SETTINGS
from tests.helpers import REPO


def settings_table() -> dict[str, list[str]]:
    """The rows of the settings table in docs/configuration.md: key → its other cells
    (type, default, meaning), with Markdown's escaped ``\\|`` read as ``|``."""
    text = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("| setting | type | default | meaning |")
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_settings_table_matches_the_declarations() -> None:
    rows = settings_table()
    assert list(rows) == [s.key for s in SETTINGS], (
        "the docs list other settings, or in another order"
    )
    for setting in SETTINGS:
        type_cell, default_cell, _meaning = rows[setting.key]
        assert type_cell == setting.type_label, setting.key
        assert default_cell == setting.default_label, setting.key


def test_every_command_and_option_is_documented() -> None:
    index = (REPO / "docs/commands.md").read_text(encoding="utf-8")
    for option in main.params:
        for flag in option.opts:
            assert f"`{flag}" in index, flag
    assert isinstance(main, click.Group)
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert command is not None, name
        page = REPO / "docs/commands" / f"{name}.md"
        assert page.is_file(), f"no page for `plansite {name}`"
        assert f"(commands/{name}.md)" in index, f"{name} is not listed in docs/commands.md"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# plansite {name}\n")
        for param in command.params:
            for flag in getattr(param, "opts", []):
                assert f"`{flag}" in text, f"{name} {flag}"


def test_every_command_is_found_where_the_group_looks_for_it() -> None:
    """Commands are imported on first use; each must be where ``COMMANDS`` says."""
    for module in set(COMMANDS.values()):
        importlib.import_module(f"generator.cli.{module}")
    assert set(main.commands) == set(COMMANDS)


def test_relative_links_in_the_docs_resolve() -> None:
    import re

    pages = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_readme_opens_with_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert block == [
        "pip install -e . && plansite build",
        "pip install -e '.[test]' && python -m pytest",
    ]
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert block[1] in ci
