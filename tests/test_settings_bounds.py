"""Every integer setting has an upper bound, declared once in ``SETTINGS``: its maximum
is accepted, one more is an error at its line, and a huge value never crashes."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from generator.build import check
from generator.load.settings import SETTINGS, Setting
from tests.conftest import MakeProject
from tests.helpers import BASE_FILES

INTEGERS = [s for s in SETTINGS if s.kind == "integer"]


def _yaml(setting: Setting, value: int) -> str:
    base = BASE_FILES["plansite.yaml"]
    if setting.section is None:
        return base + f"\n        {setting.name}: {value}\n"
    return base + f"\n        {setting.section}:\n          {setting.name}: {value}\n"


@pytest.mark.parametrize("setting", INTEGERS, ids=[s.key for s in INTEGERS])
def test_each_integer_setting_has_a_maximum(setting: Setting) -> None:
    assert setting.maximum is not None and setting.maximum >= int(str(setting.default))


@pytest.mark.parametrize("setting", INTEGERS, ids=[s.key for s in INTEGERS])
def test_the_maximum_is_accepted_and_one_more_refused_at_its_line(
    make_project: MakeProject, setting: Setting
) -> None:
    assert setting.maximum is not None
    top = int(setting.maximum)
    root = make_project({"plansite.yaml": _yaml(setting, top)}, name="top")
    assert not [d for d in check(root, today=date(2026, 12, 7)) if d.severity == "error"]
    for value in (top + 1, 10**30):
        text = textwrap.dedent(_yaml(setting, value)).lstrip("\n")
        (root / "plansite.yaml").write_text(text, encoding="utf-8")
        (problem,) = [d for d in check(root, today=date(2026, 12, 7)) if d.severity == "error"]
        assert problem.path == "plansite.yaml" and problem.code == "value"
        assert problem.message == f"`{setting.key}` must be at most {top:,}"
        lines = text.splitlines()
        assert lines[problem.line - 1].strip() == f"{setting.name}: {value}"


def test_the_widest_window_around_the_last_day_builds(make_project: MakeProject) -> None:
    """Bounds and the range of dates together: today 2999-12-31, every window at its
    maximum, holidays on, still inside what a date can hold."""
    from generator.build import build

    root = make_project(
        {
            "plansite.yaml": BASE_FILES["plansite.yaml"]
            + "\n        calendar: {weeks_ahead: 520, weeks_back: 520, holidays: JP}"
            + "\n        history: {weeks: 520}\n        stale_after_days: 36500"
            + "\n        results: {window_days: 3660, grace_days: 3660}\n"
        }
    )
    build(root, today=date(2999, 12, 31))
    assert (root / "site" / "calendar.html").is_file()
