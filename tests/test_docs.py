"""Every setting, command and option is documented (a test fails when one is not)."""

from __future__ import annotations

import click

from generator.cli import main
from generator.config import SETTINGS
from tests.helpers import REPO


def test_every_setting_is_in_the_configuration_reference() -> None:
    text = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.key}` |" in text, setting.key


def test_every_command_and_option_is_documented() -> None:
    text = (REPO / "docs/commands.md").read_text(encoding="utf-8")
    for option in main.params:
        for flag in option.opts:
            assert f"`{flag}" in text, flag
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"## plansite {name}" in text, name
        for param in command.params:
            for flag in getattr(param, "opts", []):
                assert f"`{flag}" in text, f"{name} {flag}"


def test_readme_opens_with_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert block == [
        "pip install -e . && plansite build",
        "pip install -e '.[test]' && python -m pytest",
    ]
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert block[1] in ci
