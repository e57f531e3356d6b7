"""Whole small projects made of hostile names, titles, ids, dates and settings, built
and checked: whatever the input, exit 0 or 1, no traceback, no raw control character in
any output file or on the terminal, nothing written outside the output folder, and a
bounded time.

``HYPOTHESIS_PROFILE=long`` (see ``test_fuzz.py``) runs many more examples.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers import BASE_FILES, run, write_files
from tests.hostile import output_problems, raw_controls, snapshot

pytestmark = pytest.mark.slow  # each example is a whole build: a few seconds per ten

#: Characters that break formats and terminals, mixed with ordinary and Japanese text.
HOSTILE = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\x08",
        "\x1b",
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\r",
        "\n",
        "\r\n",
        "\x0b",
        "\x0c",
        "\x7f",
        "\x85",
        "\x9b",
        "\u2028",
        "\u2029",
        "\t",
        "\\",
        "/",
        "..",
        "<",
        ">",
        "&",
        '"',
        "'",
        "`",
        "=",
        "＝",
        "＋",
        "－",
        "＠",
        "-",
        "+",
        "@",
        "#",
        "%2e",
        "日本語",
        "ｶﾀｶﾅ",
        "é",
        "\u0301",
        "\U0001f600",
        " ",
        "  ",
        ":",
        ";",
        ",",
        "{",
        "}",
        "[",
        "]",
        "|",
        "*",
        "?",
        "a",
        "b",
        "x",
    ]
)
hostile_text = st.lists(HOSTILE, max_size=8).map("".join)
#: Names the YAML reader accepts raw, as most real ones are: the hostile characters are
#: then written as JSON escapes (``\u001b``), which YAML turns back into them.
words = st.text(st.sampled_from("abc 日本ｶé-"), min_size=1, max_size=8)
#: File names a Linux file system can hold: no "/" or NUL, at most 255 bytes, and some
#: with bytes that are not UTF-8.
name_parts = st.one_of(
    HOSTILE.filter(lambda s: "/" not in s and "\x00" not in s and s not in ("..",)),
    st.sampled_from([os.fsdecode(b"\xff"), os.fsdecode(b"\xe9t\xe9"), "x" * 120, "長" * 60]),
)
hostile_names = (
    st.lists(name_parts, min_size=1, max_size=5)
    .map("".join)
    .filter(lambda s: s not in (".", "..") and len(os.fsencode(s + ".md")) <= 255)
)
#: Most projects should get as far as a site, so most of each kind of value is ordinary.
safe_names = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
file_names = st.one_of(safe_names, safe_names, safe_names, hostile_names)
usual_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
days = st.one_of(
    usual_days,
    usual_days,
    usual_days,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
moments = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [None, UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))]
    ),
)
bad_cadences = st.lists(
    st.sampled_from(
        [
            "FREQ=DAILY",
            "FREQ=WEEKLY",
            "FREQ=MONTHLY",
            "FREQ=SECONDLY",
            "INTERVAL=0",
            "INTERVAL=2",
            "COUNT=99999999999",
            "BYDAY=MO",
            "BYMONTH=2",
            "BYMONTHDAY=30",
            "BYHOUR=1,2,3",
            "BYSETPOS=5",
            "UNTIL=99991231",
            "DTSTART=20260101",
            "FREQ=YEARLY",
        ]
    ),
    max_size=4,
).map(";".join)
cadences = st.one_of(st.sampled_from(["FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY"]), bad_cadences)
#: Mostly values a plan could hold, so that most projects get as far as a site.
#: What the YAML reader refuses raw even inside quotes: DEL, C1, the line separators.
_RAW_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")
numbers = st.one_of(
    st.integers(1, 60), st.integers(1, 60), st.integers(-5, 600), st.integers(-(10**20), 10**20)
)


def scalar(value: object) -> str:
    """``value`` written as YAML: text as a JSON (so YAML double-quoted) string, its
    control characters as escapes that YAML reads back into them."""
    if isinstance(value, str):
        quoted = json.dumps(value, ensure_ascii=False)  # C0 controls become \\u escapes
        return _RAW_FOR_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return json.dumps(value)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str | bytes | None]:
    """A project whose text is hostile throughout; in a "wild" one, its settings, dates,
    cadence and file names are too (so about half of them get as far as a site)."""
    wild = draw(st.booleans())
    number = numbers if wild else st.integers(1, 60)
    day = days if wild else usual_days
    name = file_names if wild else safe_names
    files: dict[str, str | bytes | None] = dict(BASE_FILES)
    lines = [f"title: {scalar(draw(hostile_text))}"]
    if draw(st.booleans()):
        lines.append(f"today: {scalar(draw(day))}")
    lines.append(f"stale_after_days: {scalar(draw(number))}")
    lines.append(f"calendar: {{weeks_ahead: {draw(number)}, weeks_back: {draw(number)}}}")
    lines.append(f"history: {{weeks: {draw(number)}}}")
    lines.append(f"results: {{window_days: {draw(number)}}}")
    channel = draw(hostile_text) or "sales"
    cadence = draw(cadences if wild else st.just("FREQ=WEEKLY;BYDAY=MO"))
    lines.append("channels:")
    lines.append(f"  blog: {{name: {scalar(draw(hostile_text))}, cadence: {scalar(cadence)}}}")
    lines.append(f"  sales: {{name: {scalar(draw(hostile_text))}}}")
    if channel != "sales":
        lines.append(f"  {scalar(channel)}: {{name: {scalar(draw(hostile_text))}}}")
    files["plansite.yaml"] = "\n".join(lines) + "\n"
    files["personas/cfo.md"] = f"---\nname: {scalar(draw(hostile_text))}\n---\nSigns.\n"
    for _ in range(draw(st.integers(1, 4))):
        when = draw(st.one_of(st.none(), day, moments if wild else st.none()))
        body = draw(hostile_text)
        extra = f"date: {scalar(when)}\n" if when is not None else ""
        if draw(st.booleans()):
            extra += f"id: {scalar(draw(hostile_text))}\nowner: {scalar(draw(hostile_text))}\n"
        files[f"content/{draw(name)}.md"] = (
            f"---\ntitle: {scalar(draw(hostile_text) or 'T')}\npersona: cfo\n"
            f"stage: awareness\nchannel: {scalar(draw(st.sampled_from(['blog', channel])))}\n"
            f"{extra}---\n{body if wild else body.replace(chr(0), '')}\n"
        )
    if draw(st.booleans()):
        files[f"personas/{draw(name)}.md"] = "---\nname: P\n---\nBody.\n"
    return files


@settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(projects(), st.sampled_from([(), ("--today", "2026-12-07"), ("--strict",)]))
def test_hostile_projects_build_safely(
    files: dict[str, str | bytes | None], args: tuple[str, ...]
) -> None:
    box = Path(tempfile.mkdtemp(prefix="plansite-hostile-"))
    try:
        root = box / "plan"
        root.mkdir()
        write_files(root, files)
        before = snapshot(box, skip="")
        started = time.perf_counter()
        result = run("-p", root, "build", *args)  # an exception here fails the test
        event(f"build exit {result.exit_code}")
        checked = run("-p", root, "check", "--format", "json")
        assert time.perf_counter() - started < 60
        for outcome in (result, checked):
            assert outcome.exit_code in (0, 1), outcome.output[-2000:]
            assert "Traceback" not in outcome.output
            assert not raw_controls(outcome.output), raw_controls(outcome.output)
        after = snapshot(box, skip="")
        outside = {p for p in set(after) ^ set(before) if not p.startswith(b"plan/site")}
        assert not outside, outside
        assert all(after[p] == before[p] for p in before)  # no source file was changed
        site = root / "site"
        assert result.exit_code == 1 or site.is_dir()
        if site.is_dir():
            assert not output_problems(site), output_problems(site)
    finally:
        shutil.rmtree(box, ignore_errors=True)
