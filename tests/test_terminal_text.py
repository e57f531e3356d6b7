"""What plansite prints never acts on the terminal: control characters in a message, a
path or a quoted value are written as escapes, in text and in JSON alike."""

from __future__ import annotations

import json

from tests.conftest import MakeProject
from tests.helpers import run
from tests.hostile import raw_controls

HOSTILE_ITEM = (
    '---\ntitle: "T\\e]0;owned\\a"\npersona: cfo\nstage: awareness\nchannel: blog\n'
    'date: "2026-12-07\\u009b2J\\e[31m"\n---\nBody.\n'
)


def test_check_text_escapes_controls(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": HOSTILE_ITEM})
    result = run("-p", root, "check")
    assert result.exit_code == 1
    assert not raw_controls(result.output)
    assert "content/x.md:2:8: warning: `title` holds the control character U+001B" in result.output
    assert "\\x9b2J\\x1b[31m" in result.output  # the bad date, quoted with escapes


def test_check_json_escapes_controls_and_keeps_the_text(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": HOSTILE_ITEM})
    result = run("-p", root, "check", "--format", "json")
    assert not raw_controls(result.stdout)
    problems = json.loads(result.stdout)
    (date_problem,) = [p for p in problems if p["code"] == "date"]
    assert "\x9b2J\x1b[31m" in date_problem["message"]  # JSON still holds the characters
