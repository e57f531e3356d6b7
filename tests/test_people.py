"""People, formats and deadlines end to end: a hand-worked project built to disk, its
gaps, owner feeds, owner pages and format names read back from the site.

The project, with today Wednesday 2026-12-09 (ISO week from Monday 2026-12-07):

- aiko (capacity 2): a1 draft, blog-post dated 12-21 → deadline 12-14; a2 planned,
  deadline 12-15; a3 review, webinar dated 12-30 → deadline 12-16. Three in flight in
  the week of 12-14: over capacity. a4 is published in that week (not in flight); a5 is an
  idea whose deadline 12-08 has passed: missed.
- ken (capacity 3): k1, k2, k3 in the week of 12-21: exactly at capacity. The base
  project's demo (planned, 12-01) with k6 and k7 make three in the week of 11-30: at
  capacity again. k4 has neither date nor deadline. k5's deadline is today (not missed);
  k6 is in review with a past deadline (past drafting, not missed); k7 is planned, a
  blog-post dated 12-12 → deadline 12-05: missed.
- mei (capacity 1) owns nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from generator.build import build
from tests.conftest import MakeProject
from tests.helpers import run

CONFIG = """
    title: People plan
    today: 2026-12-09
    channels:
      blog: {name: Blog, cadence: "FREQ=WEEKLY;BYDAY=MO"}
      sales: {name: Sales, human: true}
    formats:
      blog-post: {name: Blog post, effort_days: 7}
      webinar: {name: Webinar, effort_days: 14}
      sns-post: {name: Social post}
"""


def item(title: str, owner: str, status: str, **fields: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return (
        f"---\ntitle: {title}\npersona: cfo\nstage: awareness\nchannel: blog\n"
        f"owner: {owner}\nstatus: {status}\n{extra}---\nBody.\n"
    )


PEOPLE: dict[str, str | bytes | None] = {
    "plansite.yaml": CONFIG,
    "owners/aiko.md": "---\nname: Aiko Tanaka\ncapacity: 2\n---\nBlog editor.\n",
    "owners/ken.md": "---\nname: Ken Sato\ncapacity: 3\n---\n",
    "owners/mei.md": "---\nname: Mei Ito\ncapacity: 1\n---\n",
    "content/a/a1.md": item("A1", "aiko", "draft", format="blog-post", date="2026-12-21"),
    "content/a/a2.md": item("A2", "aiko", "planned", deadline="2026-12-15", date="2026-12-28"),
    "content/a/a3.md": item("A3", "aiko", "review", format="webinar", date="2026-12-30"),
    "content/a/a4.md": item("A4", "aiko", "published", format="blog-post", date="2026-12-15"),
    "content/a/a5.md": item("A5", "aiko", "idea", deadline="2026-12-08"),
    "content/a/a6.md": item("A6", "aiko", "archived", date="2026-12-17"),
    "content/k/k1.md": item("K1", "ken", "scheduled", date="2026-12-22"),
    "content/k/k2.md": item("K2", "ken", "planned", format="sns-post", date="2026-12-23"),
    "content/k/k3.md": item("K3", "ken", "draft", deadline="2026-12-24", date="2027-01-05"),
    "content/k/k4.md": item("K4", "ken", "planned"),
    "content/k/k5.md": item("K5", "ken", "draft", deadline="2026-12-09", date="2026-12-20"),
    "content/k/k6.md": item("K6", "ken", "review", deadline="2026-12-01", date="2026-12-18"),
    "content/k/k7.md": item("K7", "ken", "planned", format="blog-post", date="2026-12-12"),
}


@pytest.fixture
def people_site(make_project: MakeProject) -> Path:
    root = make_project(PEOPLE)
    build(root)
    return root / "site"


def people_gaps(site: Path) -> list[tuple[object, ...]]:
    rows = json.loads((site / "exports" / "gaps.json").read_text(encoding="utf-8"))
    return [
        (r["code"], r["severity"], r["owner"], r["item"], r["date"])
        for r in rows
        if r["code"] in ("over-capacity", "missed-deadline")
    ]


def test_exactly_the_worked_out_people_gaps(people_site: Path) -> None:
    assert sorted(people_gaps(people_site), key=repr) == sorted(
        [
            ("over-capacity", "medium", "aiko", None, "2026-12-14"),
            ("missed-deadline", "medium", "aiko", "a/a5", "2026-12-08"),
            ("missed-deadline", "medium", "ken", "k/k7", "2026-12-05"),
        ],
        key=repr,
    )
    rows = json.loads((people_site / "exports" / "gaps.json").read_text(encoding="utf-8"))
    over = next(r for r in rows if r["code"] == "over-capacity")
    assert over["message"] == (
        "Aiko Tanaka has 3 pieces in flight in the week of Mon 14 Dec 2026, "
        "more than their capacity of 2"
    )
    # the idea's only gap is the missed deadline
    assert {r["code"] for r in rows if r["item"] == "a/a5"} == {"missed-deadline"}


def test_gaps_command_fails_on_medium_and_ignore_accepts_by_owner(
    make_project: MakeProject,
) -> None:
    config = CONFIG + (
        "    ignore:\n"
        "      - {code: over-capacity, owner: aiko}\n"
        "      - {code: missed-deadline, owner: ken}\n"
        "      - {code: missed-deadline, owner: aiko}\n"
    )
    plain = make_project(PEOPLE, name="plain")
    assert run("--project", plain, "gaps", "--fail-on", "medium").exit_code == 1
    root = make_project({**PEOPLE, "plansite.yaml": config})
    result = run("--project", root, "gaps", "--format", "json")
    rows = json.loads(result.stdout)
    people = [r for r in rows if r["code"] in ("over-capacity", "missed-deadline")]
    assert len(people) == 3 and all(r["ignored"] for r in people)
    csv_rows = run("--project", root, "gaps", "--format", "csv").stdout
    assert "over-capacity" not in csv_rows and "missed-deadline" not in csv_rows
    build(root)
    everything = json.loads((root / "site/exports/gaps.json").read_text(encoding="utf-8"))
    ignored = [r for r in everything if r["code"] in ("over-capacity", "missed-deadline")]
    assert len(ignored) == 3 and all(r["ignored"] for r in ignored)


def test_items_json_carries_written_and_effective_deadlines(people_site: Path) -> None:
    records = json.loads((people_site / "exports/items.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in records}
    assert (by_id["a/a1"]["deadline"], by_id["a/a1"]["effective_deadline"]) == (
        None,
        "2026-12-14",
    )
    assert (by_id["a/a2"]["deadline"], by_id["a/a2"]["effective_deadline"]) == (
        "2026-12-15",
        "2026-12-15",
    )
    assert by_id["k/k2"]["effective_deadline"] is None  # a format without effort_days
    assert by_id["a/a1"]["format"] == "blog-post"  # exports keep ids


def test_owner_feed_holds_the_owners_dated_pieces(people_site: Path) -> None:
    feed = icalendar.Calendar.from_ical(
        (people_site / "exports/calendar-owner-aiko.ics").read_bytes()
    )
    events = {str(e["summary"]): e for e in feed.walk("VEVENT")}
    # dated and not archived: A5 has no date, A6 is archived; the base project's first
    # post is aiko's too
    assert sorted(events) == ["A1", "A2", "A3", "A4", "First post"]
    assert events["A3"].decoded("dtstart") == date(2026, 12, 30)
    assert str(feed["x-wr-calname"]) == "People plan — Aiko Tanaka"
    everything = icalendar.Calendar.from_ical((people_site / "exports/calendar.ics").read_bytes())
    uids = {str(e["summary"]): str(e["uid"]) for e in everything.walk("VEVENT")}
    assert all(str(e["uid"]) == uids[title] for title, e in events.items())
    mei = icalendar.Calendar.from_ical(
        (people_site / "exports/calendar-owner-mei.ics").read_bytes()
    )
    assert list(mei.walk("VEVENT")) == []


def test_an_owner_page_per_person_with_load_against_capacity(people_site: Path) -> None:
    for owner in ("aiko", "ken", "mei"):
        assert (people_site / "owners" / f"{owner}.html").is_file()
    index = (people_site / "owners.html").read_text(encoding="utf-8")
    assert "Aiko Tanaka" in index and "Mei Ito" in index
    aiko = (people_site / "owners/aiko.html").read_text(encoding="utf-8")
    assert "3 of 2" in aiko and "over capacity" in aiko
    assert "A5" in aiko  # an idea with a deadline is listed
    assert "A4" not in aiko  # published: not in flight
    ken = (people_site / "owners/ken.html").read_text(encoding="utf-8")
    assert "3 of 3" in ken and "over capacity" not in ken
    workload = (people_site / "workload.html").read_text(encoding="utf-8")
    assert "3 of 2" in workload and "owners/aiko.html" in workload
    item_page = (people_site / "items/k/k1.html").read_text(encoding="utf-8")
    assert '<a href="../../owners/ken.html">Ken Sato</a>' in item_page


def test_calendar_deadline_view_and_dashboard_drafts(people_site: Path) -> None:
    calendar = (people_site / "calendar.html").read_text(encoding="utf-8")
    assert 'id="view-deadlines"' in calendar and 'id="view-dates" value="dates" checked' in calendar
    assert 'data-owner="ken"' in calendar
    assert "calendar-owner-aiko.ics" in calendar
    dashboard = (people_site / "index.html").read_text(encoding="utf-8")
    due = dashboard.split('id="drafts-due"')[1].split("</section>")[0]
    missed = dashboard.split('id="missed-deadlines"')[1].split("</section>")[0]
    # deadlines today … today + 14 days of pieces still to be drafted
    assert ("K5" in due, "A1" in due, "A2" in due, "A3" in due) == (True, True, True, False)
    assert ("A5" in missed, "K7" in missed, "K6" in missed) == (True, True, False)


def test_pages_show_format_names(people_site: Path) -> None:
    page = (people_site / "items/a/a1.html").read_text(encoding="utf-8")
    assert (
        "<dd>Blog post</dd>" in page and "blog-post" not in page.split("<dl")[1].split("</dl>")[0]
    )
    assert "Deadline" in page


def test_japanese_format_names_on_a_japanese_site(make_project: MakeProject) -> None:
    config = CONFIG.replace("title: People plan", "title: 計画\n    language: ja").replace(
        "name: Blog post", "name: ブログ記事"
    )
    stage = "---\nname: Awareness\nfunnel: top\nformats: [blog-post, webinar]\n---\nx\n"
    root = make_project({**PEOPLE, "plansite.yaml": config, "stages/01-awareness.md": stage})
    build(root)
    site = root / "site"
    page = (site / "items/a/a1.html").read_text(encoding="utf-8")
    assert "<dd>ブログ記事</dd>" in page
    stage_page = (site / "stages/awareness.html").read_text(encoding="utf-8")
    assert "<li>ブログ記事</li>" in stage_page and "<li>Webinar</li>" in stage_page
    gaps = json.loads((site / "exports/gaps.json").read_text(encoding="utf-8"))
    over = next(r for r in gaps if r["code"] == "over-capacity")
    assert over["message"].startswith("2026年12月14日(月) の週、Aiko Tanaka の")


def test_missing_format_rows_name_the_format(make_project: MakeProject) -> None:
    stage = "---\nname: Awareness\nfunnel: top\nformats: [webinar]\n---\nx\n"
    files = {**PEOPLE, "stages/01-awareness.md": stage, "content/a/a3.md": None}
    root = make_project(files)
    build(root)
    gaps_page = (root / "site/gaps.html").read_text(encoding="utf-8")
    assert "recommended format Webinar" in gaps_page
    rows = json.loads((root / "site/exports/gaps.json").read_text(encoding="utf-8"))
    assert [r["format"] for r in rows if r["code"] == "missing-format"] == ["webinar"]


def check_json(root: Path) -> list[dict[str, object]]:
    result = run("--project", root, "check", "--format", "json")
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def test_unknown_owner_and_format_are_located_errors(make_project: MakeProject) -> None:
    files = {
        **PEOPLE,
        "content/k/k1.md": item("K1", "kenn", "scheduled", date="2026-12-22"),
        "content/k/k2.md": item("K2", "ken", "planned", format="blogpost", date="2026-12-23"),
        "stages/02-decision.md": (
            "---\nname: Decision\nfunnel: bottom\nformats: [webinar, demo]\n---\nx\n"
        ),
    }
    root = make_project(files)
    problems = [
        (d["path"], d["line"], d["severity"], d["code"], d["message"]) for d in check_json(root)
    ]
    assert (
        "content/k/k1.md",
        6,
        "error",
        "unknown-owner",
        "unknown owner `kenn` (did you mean `ken`?)",
    ) in problems
    assert any(
        p[:4] == ("content/k/k2.md", 8, "error", "unknown-format") and "`blog-post`" in str(p[4])
        for p in problems
    )
    assert any(p[:4] == ("stages/02-decision.md", 4, "error", "unknown-format") for p in problems)
    assert run("--project", root, "build").exit_code != 0


def test_owner_feed_clashing_with_a_channel_feed_is_an_error(make_project: MakeProject) -> None:
    config = CONFIG.replace("sales: {name: Sales, human: true}", "owner-aiko: {name: Aiko's}")
    root = make_project({**PEOPLE, "plansite.yaml": config, "content/sales/demo.md": None})
    problems = check_json(root)
    clash = [d for d in problems if d["code"] == "output-clash"]
    assert [d["path"] for d in clash] == ["owners/aiko.md"]
    assert "calendar-owner-aiko.ics" in str(clash[0]["message"])


def test_bad_capacity_and_effort_and_late_deadline(make_project: MakeProject) -> None:
    config = CONFIG.replace("effort_days: 14", "effort_days: -1")
    files = {
        **PEOPLE,
        "plansite.yaml": config,
        "owners/mei.md": "---\nname: Mei Ito\ncapacity: 0\n---\n",
        "owners/ken.md": "---\nname: Ken Sato\ncapacity: 100000\n---\n",
        "content/k/k5.md": item("K5", "ken", "draft", deadline="2026-12-29", date="2026-12-20"),
    }
    root = make_project(files)
    found = {(d["path"], d["code"], d["severity"]) for d in check_json(root)}
    assert ("owners/mei.md", "value", "error") in found
    assert ("owners/ken.md", "value", "error") in found
    assert ("plansite.yaml", "value", "error") in found
    assert ("content/k/k5.md", "deadline-after-date", "warning") in found


def test_without_owners_folder_every_named_owner_gets_a_page(make_project: MakeProject) -> None:
    root = make_project()
    build(root)
    site = root / "site"
    assert (site / "owners/aiko.html").is_file() and (site / "owners/ken.html").is_file()
    assert (site / "exports/calendar-owner-ken.ics").is_file()
    rows = json.loads((site / "exports/gaps.json").read_text(encoding="utf-8"))
    assert not [r for r in rows if r["code"] == "over-capacity"]  # nobody has a capacity
