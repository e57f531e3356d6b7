"""The analysis end to end: a real project built to disk, exports read back, and the
terminal views printing the same rows as the exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest

from generator.build import build
from tests.conftest import MakeProject
from tests.helpers import run
from tests.sitecheck import broken_links, text_of


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "CSV exports carry a BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def cli_csv(*args: str | Path) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


@pytest.fixture
def built(example_project: Path) -> Path:
    build(example_project)
    return example_project


def test_example_exports_exist_and_pages_link(built: Path) -> None:
    site = built / "site"
    for name in (
        "items.json",
        "matrix.csv",
        "gaps.csv",
        "gaps.json",
        "calendar.csv",
        "calendar.ics",
        "calendar-blog.ics",
        "calendar-sales.ics",
    ):
        assert (site / "exports" / name).is_file(), name
    for page in ("matrix.html", "gaps.html", "calendar.html"):
        assert (site / page).is_file()
    assert broken_links(site) == []


def test_terminal_views_print_the_export_rows(built: Path) -> None:
    exports = built / "site" / "exports"
    assert cli_csv("--project", built, "matrix") == read_csv(exports / "matrix.csv")
    assert cli_csv("--project", built, "gaps") == read_csv(exports / "gaps.csv")
    assert cli_csv("--project", built, "calendar") == read_csv(exports / "calendar.csv")
    result = run("--project", built, "gaps", "--format", "json")
    assert json.loads(result.stdout) == json.loads((exports / "gaps.json").read_text("utf-8"))


def test_example_gap_report_says_true_things(built: Path) -> None:
    rows = read_csv(built / "site/exports/gaps.csv")
    found = {(r["code"], r["persona"] or r["item"] or r["format"] or r["channel"]) for r in rows}
    assert ("empty-cell", "it-manager") in found
    assert ("missing-format", "roi-calculator") in found
    assert ("dead-end", "download/security-and-compliance-whitepaper") in found
    assert ("overdue", "blog/corporate-card-reconciliation-guide") in found
    assert ("unowned", "blog/expense-claims-for-hybrid-teams") in found
    assert ("stale", "blog/hidden-cost-of-paper-receipts") in found
    assert ("over-frequency", "cfo") in found
    assert ("not-live", "it-manager") in found
    assert ("under-target", "existing-customer") in found
    ignored = json.loads((built / "site/exports/gaps.json").read_text("utf-8"))
    assert [g["code"] for g in ignored if g["ignored"]] == ["missing-channel"]
    page = text_of(built / "site/gaps.html")
    assert "Ignored" in page and "Create next" in page


def test_example_story_holds_at_its_pinned_today(built: Path) -> None:
    """The example pins today at Mon 7 Dec 2026, the day of its latest commits, so that
    its Trends page has weeks to show; its people story must hold on that day. Maria
    López (capacity 2) has three deadlines in the week of Mon 14 Dec: the comparison
    guide's draft on the 15th, the security questionnaire pack's on the 16th and the
    live clinic's on the 14th; that week is ahead, not behind. The card-reconciliation
    draft (due Fri 30 Oct) is the one missed deadline: the other drafts are due from
    Mon 7 Dec on. Only that draft and the unowned piece in review (Mon 30 Nov) are
    overdue; what was scheduled before today went out."""
    rows = read_csv(built / "site/exports/gaps.csv")
    over = [(r["owner"], r["date"]) for r in rows if r["code"] == "over-capacity"]
    assert over == [("maria.lopez", "2026-12-14")]
    assert "Maria López has 3 pieces in flight in the week of Mon 14 Dec 2026" in next(
        r["message"] for r in rows if r["code"] == "over-capacity"
    )
    missed = [(r["item"], r["date"]) for r in rows if r["code"] == "missed-deadline"]
    assert missed == [("blog/corporate-card-reconciliation-guide", "2026-10-30")]
    overdue = sorted(r["item"] for r in rows if r["code"] == "overdue")
    assert overdue == [
        "blog/corporate-card-reconciliation-guide",
        "blog/expense-claims-for-hybrid-teams",
    ]
    items = json.loads((built / "site/exports/items.json").read_text("utf-8"))
    status = {i["id"]: i["status"] for i in items}
    assert status["blog/five-approval-rules-every-policy-needs"] == "published"  # Mon 23 Nov
    assert status["newsletter/2026-12-product-update"] == "published"  # Fri 4 Dec
    load = {i["id"] for i in items if i["owner"] == "maria.lopez"}
    week = {
        i["id"]
        for i in items
        if i["id"] in load and "2026-12-14" <= (i["effective_deadline"] or "") <= "2026-12-20"
    }
    assert week == {
        "blog/ledgerly-vs-legacy-workflow-tools",
        "download/it-security-questionnaire-pack",
        "webinar/year-end-close-live-clinic",
    }
    workload = text_of(built / "site/workload.html")
    assert "3 of 2 over capacity" in workload


def test_matrix_export_matches_applicable_cells(built: Path) -> None:
    rows = read_csv(built / "site/exports/matrix.csv")
    pairs = [(r["persona"], r["stage"]) for r in rows]
    assert ("existing-customer", "retention") in pairs
    assert ("existing-customer", "interest") not in pairs
    assert len(pairs) == len(set(pairs))
    assert list(rows[0]) == ["persona", "stage", "planned", "live", "ideas", "target"]


def test_calendar_feed_loads(built: Path) -> None:
    data = (built / "site/exports/calendar.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    items = json.loads((built / "site/exports/items.json").read_text("utf-8"))
    dated = {i["id"] for i in items if i["date"] and i["status"] != "archived"}
    assert len(events) == len(dated)
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_calendar_feed_loads_in_a_second_reader(built: Path) -> None:
    import vobject

    text = (built / "site/exports/calendar.ics").read_text(encoding="utf-8")
    cal = vobject.readOne(text)
    events = cal.contents["vevent"]
    reference = icalendar.Calendar.from_ical(text)
    assert sorted(e.uid.value for e in events) == sorted(
        str(e["UID"]) for e in reference.walk("VEVENT"))
    webinar = [e for e in events if e.dtstart.value.__class__.__name__ == "datetime"]
    assert webinar and all(e.dtstart.value.tzinfo is not None for e in webinar)
    for channel_feed in sorted((built / "site/exports").glob("calendar-*.ics")):
        assert vobject.readOne(channel_feed.read_text(encoding="utf-8")).name == "VCALENDAR"


def test_fail_on_gates_ci(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/x.md": "---\ntitle: T\npersona: cfo\nstage: awareness\n"
            "channel: blog\ndate: 2026-01-05\n---\nBody\n"
        }
    )
    # x is overdue (planned, dated in the past) and unowned: severities high and medium
    assert (
        run(
            "--project",
            root,
            "gaps",
            "--today",
            "2026-11-22",
            "--fail-on",
            "high",
            "--format",
            "json",
        ).exit_code
        == 1
    )
    ignored = make_project(
        {
            "plansite.yaml": "title: x\nignore:\n  - {code: overdue}\n  - {code: unowned}\n"
            "  - {code: empty-cell}\n  - {code: not-live}\n  - {code: dead-end}\n"
            "  - {code: stale}\n  - {code: no-human-touch}\n",
            "content/x.md": "---\ntitle: T\npersona: cfo\nstage: awareness\n"
            "channel: blog\ndate: 2026-01-05\n---\nBody\n",
        },
        name="ignored",
    )
    result = run("--project", ignored, "gaps", "--today", "2026-11-22", "--fail-on", "high")
    assert result.exit_code == 0, result.output
    assert "ignored" in result.stdout


def test_views_of_an_invalid_project_fail_cleanly(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": "---\ntitle: [\n---\n"})
    for command in ("matrix", "gaps", "calendar"):
        result = run("--project", root, command)
        assert result.exit_code == 1 and "content/x.md:2:" in result.stderr


def test_calendar_range_and_ics(make_project: MakeProject) -> None:
    root = make_project()
    rows = cli_csv("--project", root, "calendar", "--from", "2026-11-30", "--to", "2026-12-31")
    assert [r["item"] for r in rows] == ["sales/demo"]
    result = run("--project", root, "calendar", "--format", "ics")
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert len(list(cal.walk("VEVENT"))) == 2


def test_gaps_stage_filter(make_project: MakeProject) -> None:
    root = make_project()
    rows = cli_csv("--project", root, "gaps", "--stage", "decision", "--today", "2026-11-22")
    assert rows and {r["stage"] for r in rows} == {"decision"}
    assert run("--project", root, "gaps", "--stage", "nope").exit_code == 2
