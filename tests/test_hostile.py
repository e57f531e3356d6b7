"""A catalog of hostile inputs, one or more per kind: each ends in exit 0 or 1 with a
located message (or safe output), never a traceback, a hang, a raw control character on
the terminal or in an output, or a file outside the output folder.

Each case runs plansite in a child process with its memory capped at 1 GiB."""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MakeProject
from tests.helpers import BASE_FILES
from tests.hostile import assert_survived, output_problems, plansite, snapshot

#: Every case runs plansite in a child process or two: the module takes about two minutes.
pytestmark = pytest.mark.slow

CONFIG = textwrap.dedent(BASE_FILES["plansite.yaml"]).lstrip("\n")
ITEM = "---\ntitle: {title}\npersona: cfo\nstage: awareness\nchannel: blog\n{extra}---\n{body}\n"


def item(title: str = "T", extra: str = "", body: str = "Body.") -> str:
    return ITEM.format(title=title, extra=extra, body=body)


def config(extra: str) -> str:
    return CONFIG + extra + "\n"


#: (name, files to add, extra arguments, environment, exit code, text stderr must hold)
CASES: list[
    tuple[str, dict[str, str | bytes | None], tuple[str, ...], dict[str, str], int, str]
] = [
    # -- bounds on settings -------------------------------------------------------------
    (
        "weeks-ahead",
        {"plansite.yaml": config("calendar: {weeks_ahead: 1000000}")},
        (),
        {},
        1,
        "plansite.yaml:5:25: error: `calendar.weeks_ahead` must be at most 520",
    ),
    (
        "weeks-back",
        {"plansite.yaml": config("calendar: {weeks_back: 99999999999999999999}")},
        (),
        {},
        1,
        "`calendar.weeks_back` must be at most 520",
    ),
    (
        "stale",
        {"plansite.yaml": config("stale_after_days: 10000000")},
        (),
        {},
        1,
        "`stale_after_days` must be at most 36,500",
    ),
    (
        "history",
        {"plansite.yaml": config("history: {weeks: 100000}")},
        (),
        {},
        1,
        "`history.weeks` must be at most 520",
    ),
    (
        "window",
        {"plansite.yaml": config("results: {window_days: 999999999999}")},
        (),
        {},
        1,
        "`results.window_days` must be at most 3,660",
    ),
    (
        "grace",
        {"plansite.yaml": config("results: {grace_days: 99999999}")},
        (),
        {},
        1,
        "`results.grace_days` must be at most 3,660",
    ),
    (
        "min-items",
        {"plansite.yaml": config("coverage: {min_items: 10000000}")},
        (),
        {},
        1,
        "`coverage.min_items` must be at most 1,000",
    ),
    (
        "max-per-week",
        {"plansite.yaml": CONFIG.replace("human: true", "max_per_week: 10000000")},
        (),
        {},
        1,
        "`channels.sales.max_per_week` must be at most 1,000",
    ),
    (
        "kpi-huge",
        {"content/k.md": item(extra="kpi: {pv: 1e308, cvr: 1e-300}\n")},
        (),
        {},
        1,
        "content/k.md:6:11: error: `kpi.pv` must be a number such as 1000, 0.02 or 2% "
        "(from 1e-09 to 1e+15)",
    ),
    (
        "results-overflow",
        {
            "content/k.md": item(extra="status: published\ndate: 2026-01-01\nkpi: {pv: -1}\n"),
            "results/r.csv": "date,item,metric,value\n2026-11-01,k,pv,1e15\n"
            + "2026-11-02,k,pv,1e308\n" * 3,
        },
        ("--today", "2026-12-07"),
        {},
        0,
        "results/r.csv:3:1: error: `1e308` is not a number",
    ),
    # -- cadences -----------------------------------------------------------------------
    (
        "rrule-dup",
        {"plansite.yaml": CONFIG.replace("BYDAY=MO", "FREQ=SECONDLY")},
        (),
        {},
        1,
        "`cadence` sets FREQ twice",
    ),
    (
        "rrule-interval",
        {"plansite.yaml": CONFIG.replace("BYDAY=MO", "INTERVAL=0")},
        (),
        {},
        1,
        "`INTERVAL` in `cadence` must be a whole number",
    ),
    (
        "rrule-byhour",
        {
            "plansite.yaml": CONFIG.replace(
                "BYDAY=MO",
                "BYHOUR="
                + ",".join(map(str, range(24)))
                + ";BYMINUTE="
                + ",".join(map(str, range(60))),
            )
        },
        (),
        {},
        1,
        "names days, not times of day",
    ),
    (
        "rrule-count",
        {"plansite.yaml": CONFIG.replace("BYDAY=MO", "COUNT=99999999999999")},
        (),
        {},
        1,
        "`COUNT` in `cadence`",
    ),
    (
        "rrule-never",
        {
            "plansite.yaml": CONFIG.replace(
                "FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"
            )
        },
        (),
        {},
        1,
        "never falls on a day",
    ),
    # -- the size of the plan -----------------------------------------------------------
    (
        "matrix",
        {
            **{f"stages/{n:03}-s{n}.md": f"---\nname: S{n}\n---\nx\n" for n in range(3, 103)},
            **{f"personas/p{n:03}.md": f"---\nname: P{n}\n---\nx\n" for n in range(100)},
        },
        ("--quiet",),
        {},
        1,
        "personas/p096.md:1:1: error: 102 personas × 102 stages make "
        "10,404 matrix cells; the limit is 10,000",
    ),
    (
        "channels",
        {
            "plansite.yaml": "channels:\n"
            + "".join(f"  c{n}: {{}}\n" for n in range(600))
            + "  blog: {}\n  sales: {}\n"
        },
        (),
        {},
        1,
        "plansite.yaml:1:1: error: `channels` declares 602 channels; the limit is 500",
    ),
    # -- text ---------------------------------------------------------------------------
    (
        "controls",
        {
            "plansite.yaml": CONFIG.replace(
                "title: Test plan", 'title: "Plan\\e]0;pwned\\a"'
            ).replace("name: Blog", 'name: "Bl\\x9bog\\e[2J"'),
            "content/c.md": item(
                title='"T\\e[31mred\\x07\\r\\nX\\x7f"',
                extra='owner: "a\\x00b"\ntags: ["t\\x1b"]\nformat: "f\\u0085g"\ndate: 2026-12-01\n',
                body="body\x0b\x0c with \x1b[2J escapes\x7f",
            ),
            "personas/cfo.md": '---\nname: "C\\eFO\\u2028x"\n---\nSigns.\n',
        },
        (),
        {},
        0,
        "content/c.md:2:8: warning: `title` holds the control character U+001B",
    ),
    # -- file names ---------------------------------------------------------------------
    (
        "name-newline",
        {"content/a\nb.md": item()},
        (),
        {},
        1,
        "content/a\\nb.md:1:1: error: the name holds a line break",
    ),
    (
        "name-escape",
        {"content/e\x1b[31m.md": item()},
        (),
        {},
        1,
        "content/e\\x1b[31m.md:1:1: error: the name holds a line break, a control character",
    ),
    ("name-backslash", {"content/a\\b.md": item()}, (), {}, 1, "content/a\\b.md:1:1: error"),
    (
        "name-bytes",
        {os.fsdecode(b"content/caf\xe9.md"): item()},
        (),
        {},
        1,
        "content/caf\\xe9.md:1:1: error: the name is not valid UTF-8",
    ),
    (
        "name-folder-bytes",
        {os.fsdecode(b"personas/\xff\xfe/x.md"): item()},
        (),
        {},
        1,
        "personas/\\xff\\xfe:1:1: error: the name is not valid UTF-8",
    ),
    (
        "name-long",
        {"content/" + "x" * 252 + ".md": item()},
        (),
        {},
        1,
        "the name is too long: a page named after it would pass 255 bytes",
    ),
    ("name-long-ja", {"personas/" + "長" * 83 + ".md": "---\nname: P\n---\nx\n"}, (), {}, 0, ""),
    # -- dates --------------------------------------------------------------------------
    (
        "today-1",
        {"plansite.yaml": config("today: 0001-01-01")},
        (),
        {},
        1,
        "`today` is 0001-01-01; plansite handles dates from 1900-01-01 to 2999-12-31",
    ),
    ("today-9999", {"plansite.yaml": config("today: 9999-12-31")}, (), {}, 1, "`today` is 9999"),
    (
        "today-edge",
        {
            "plansite.yaml": config(
                "today: 2999-12-31\ncalendar: {weeks_ahead: 520, weeks_back: 520, holidays: JP}\n"
                "history: {weeks: 520}\nstale_after_days: 36500"
            )
        },
        (),
        {},
        0,
        "",
    ),
    (
        "today-first",
        {
            "plansite.yaml": config("today: 1900-01-01\nstale_after_days: 36500"),
            "content/old.md": item(extra="date: 1900-01-01T00:00:00+14:00\nstatus: published\n"),
        },
        (),
        {},
        0,
        "",
    ),
    (
        "date-9999",
        {"content/d.md": item(extra="date: 9999-12-31T23:59:59-12:00\n")},
        (),
        {},
        1,
        "content/d.md:6:7: error: `date` is 9999-12-31",
    ),
    (
        "date-1",
        {
            "content/d.md": item(
                extra="date: 0001-01-01T00:00:00+14:00\n"
                "review_by: 0001-01-01\ndeadline: '0001-01-01'\n"
            )
        },
        (),
        {},
        1,
        "`review_by` is 0001-01-01",
    ),
    ("cli-today", {}, ("--today", "0001-01-01"), {}, 2, "0001-01-01 is outside 1900-01-01"),
    (
        "epoch-text",
        {},
        (),
        {"SOURCE_DATE_EPOCH": "¹²"},
        1,
        "error: SOURCE_DATE_EPOCH must be a whole number of seconds",
    ),
    ("epoch-huge", {}, (), {"SOURCE_DATE_EPOCH": "9" * 40}, 1, "SOURCE_DATE_EPOCH must be"),
    ("epoch-negative", {}, (), {"SOURCE_DATE_EPOCH": "-1"}, 1, "SOURCE_DATE_EPOCH must be"),
    # -- bodies -------------------------------------------------------------------------
    (
        "body-5mb",
        {"content/big.md": item(body="word " * (1024 * 1024))},
        (),
        {},
        1,
        "content/big.md:7:1: error: the body is 5.0 MiB; the limit is 2 MiB",
    ),
    (
        "body-punctuation",
        {"content/p.md": item(body="<" * 20_000 + "](" * 10_000 + "!.,;:" * 10_000)},
        (),
        {},
        0,
        "",
    ),
    (
        "body-render",
        # quadratic in Python-Markdown: 4,000 took 4.3-6 s, too near the limit to fail
        # every time; 8,000 would take four times as long
        {"content/p.md": item(body="![a](" * 8_000)},
        (),
        {},
        1,
        "content/p.md:7:1: error: the Markdown body did not render within 5 seconds",
    ),
]


@pytest.mark.parametrize(
    ("files", "args", "env", "code", "says"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_hostile_case(
    make_project: MakeProject,
    files: dict[str, str | bytes | None],
    args: tuple[str, ...],
    env: dict[str, str],
    code: int,
    says: str,
) -> None:
    root = make_project(files)
    before = snapshot(root.parent, skip="")
    result = plansite(root, "build", *args, env=env)
    assert_survived(result, allowed=(code,))
    assert says in result.stderr, result.stderr[-3000:]
    after = snapshot(root.parent, skip="")
    outside = {p for p in set(after) - set(before) if not p.startswith(b"plan/site")}
    assert not outside, outside
    if code == 0:
        assert not output_problems(root / "site")
        check = plansite(root, "check", "--format", "json")
        assert_survived(check)
    else:
        assert not (root / "site").exists()  # nothing was written


def test_controls_never_reach_an_output(make_project: MakeProject) -> None:
    """The text case, looked at output by output: the words stay, the controls go."""
    (_name, files, *_rest) = next(case for case in CASES if case[0] == "controls")
    root = make_project(files)
    assert_survived(plansite(root, "build", "--today", "2026-12-07"))
    site = root / "site"
    page = (site / "items" / "c.html").read_text(encoding="utf-8")
    assert "T[31mred X" in page and "escapes" in page
    assert _csv_row(site / "exports" / "calendar.csv", "item", "c")["title"] == "T[31mred X"
    records = json.loads((site / "exports" / "items.json").read_text(encoding="utf-8"))
    (record,) = [r for r in records if r["id"] == "c"]
    assert record["owner"] == "ab" and record["tags"] == ["t"] and record["format"] == "f g"
    assert "Plan]0;pwned" in (site / "index.html").read_text(encoding="utf-8")
    assert not output_problems(site)


def _csv_row(path: Path, column: str, value: str, **also: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    wanted = {column: value, **also}
    return next(row for row in rows if all(row[k] == v for k, v in wanted.items()))


def test_import_of_a_huge_cell_is_a_located_error(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project()
    sheet = tmp_path / "plan.csv"
    sheet.write_text(
        "title,persona,stage,channel,body\nA,cfo,awareness,blog,ok\n"
        "B,cfo,awareness,blog," + "x" * 10_000_000 + "\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    result = plansite(root, "import", str(sheet))
    assert_survived(result, allowed=(1,))
    assert f"{sheet}:3:1: error: a cell holds more than 131,072 characters" in result.stderr
    assert snapshot(root) == before  # nothing was written


def test_full_width_formula_starts_are_neutralised_in_exports(make_project: MakeProject) -> None:
    root = make_project(
        {"content/f.md": item(title='＝HYPERLINK("http://x")', extra="date: 2026-12-01\n")}
    )
    assert_survived(plansite(root, "build", "--today", "2026-12-07"))
    site = root / "site"
    assert _csv_row(site / "exports" / "calendar.csv", "item", "f")["title"].startswith("'＝")
