"""The calendar feeds read back by four real clients: icalendar, vobject,
recurring-ical-events and ical.js (Thunderbird's reader, run with Node).

A project in a zone with daylight saving time is built to a temporary folder; for every
``.ics`` the build writes, each client must put every event where Python's ``zoneinfo``
puts it, and give every timed event an end. icalendar is made to read the file's own
VTIMEZONE (``to_tz(lookup_tzid=False)``); vobject and ical.js always do; recurring-ical-
events resolves the TZID by name. Hostile text (commas, semicolons, backslashes, line
breaks, ESC, NUL) must come back as ``one_line`` makes it, with no raw control character
and no line over 75 octets. The examples' feeds (the golden sites) must parse too.

ical.js is skipped only when Node or ``tests/js/node_modules`` is absent and ``CI`` is
unset (``npm install --prefix tests/js``); in CI it fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject

from generator.text import clean, one_line
from tests.helpers import REPO, run, write_files

JS = REPO / "tests" / "js"
NODE = shutil.which("node")
ONE_HOUR = timedelta(hours=1)
#: Item id → its ``date``, per zone: summer and winter, both DST switch days (an hour
#: that does not exist, and one that happens twice: first and second time), another
#: year, an offset from another zone, and all-day items.
DATES = {
    "Europe/Berlin": {
        "winter": "2026-01-15T10:00:00",
        "summer": "2026-07-15T10:00:00",
        "before-spring-switch": "2026-03-29T01:30:00",  # ends 03:30 CEST: 02:xx is skipped
        "after-spring-switch": "2026-03-29T03:30:00",
        "autumn-first": "2026-10-25T02:30:00",
        "autumn-second": "2026-10-25T02:30:00+01:00",
        "next-year": "2027-08-01T09:15:00",
        "tokyo-offset": "2026-07-15T10:00:00+09:00",
        "all-day": "2026-07-20",
        "all-day-switch": "2026-03-29",
    },
    "America/New_York": {
        "winter": "2026-02-01T18:00:00",
        "summer": "2026-06-30T23:30:00",  # already the next day in UTC
        "before-spring-switch": "2026-03-08T01:30:00",
        "autumn-first": "2026-11-01T01:30:00",
        "autumn-second": "2026-11-01T01:30:00-05:00",
        "next-year": "2027-12-31T20:00:00",
        "all-day": "2026-11-01",
    },
}
NASTY_TITLE = 'Plan, "A"; B\\C\r\nline two\rCR\x1b[31m red\x00NUL\ttab\u2028sep'
NASTY_NAME = "Blog; news, views\\ \nsecond\x1bline"


def uid(item_id: str) -> str:
    return hashlib.sha1(item_id.encode()).hexdigest() + "@plansite"


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar holding ``value`` exactly (control characters too)."""
    return json.dumps(value)


def project_files(zone: str) -> dict[str, str | bytes | None]:
    files: dict[str, str | bytes | None] = {
        "plansite.yaml": f"""
            title: {yaml_text(NASTY_TITLE)}
            timezone: {zone}
            today: 2026-06-01
            channels:
              blog: {{name: {yaml_text(NASTY_NAME)}}}
              webinar: {{name: Webinar}}
        """,
        "stages/01-awareness.md": "---\nname: Awareness\nfunnel: top\n---\nx\n",
        "personas/cfo.md": "---\nname: CFO\nrole: decision-maker\n---\nx\n",
    }
    for n, (name, when) in enumerate(DATES[zone].items()):
        channel = ("blog", "webinar", "[blog, webinar]")[n % 3]
        title = NASTY_TITLE if name == "summer" else name
        files[f"content/{name}.md"] = (
            f"---\ntitle: {yaml_text(title)}\npersona: cfo\nstage: awareness\n"
            f"channel: {channel}\ndate: {when}\n---\nBody.\n"
        )
    return files


@pytest.fixture(scope="module", params=sorted(DATES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exports folder of a project in the zone, built with ``plansite build``."""
    zone: str = request.param
    root = tmp_path_factory.mktemp("ics") / "plan"
    write_files(root, project_files(zone))
    result = run("--project", root, "build", "-o", root / "site")
    assert result.exit_code == 0, result.output
    return root / "site" / "exports"


def expected(zone: str) -> dict[str, tuple[object, object]]:
    """UID → (start, end) as zoneinfo has it: UTC instants, or dates for all-day items."""
    out: dict[str, tuple[object, object]] = {}
    for name, when in DATES[zone].items():
        if len(when) == 10:
            day = date.fromisoformat(when)
            out[uid(name)] = (day, day + timedelta(days=1))
            continue
        moment = datetime.fromisoformat(when)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        start = moment.astimezone(UTC)
        out[uid(name)] = (start, start + ONE_HOUR)
    return out


def zone_of(exports: Path) -> str:
    data = (exports / "calendar.ics").read_bytes()
    return next(z for z in DATES if f"TZID:{z}\r\n".encode() in data)


# -- the clients -----------------------------------------------------------------------

Read = dict[str, Any]  # {"name": str, "events": {uid: (start, end, summary)}}


def _moment(value: date | datetime) -> object:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, "a timed event must not be floating"
        return value.astimezone(UTC)
    return value


def read_icalendar(data: bytes) -> Read:
    """icalendar, resolving TZIDs with the file's own VTIMEZONE, not its zone database.
    icalendar reads X- properties raw; RFC 5545 §3.8.8.2 makes their value TEXT, so the
    calendar name is declared TEXT while the file is read (as ical_events.mjs does)."""
    types = icalendar.Calendar.types_factory.types_map
    types["x-wr-calname"] = "text"
    try:
        cal = icalendar.Calendar.from_ical(data)
    finally:
        del types["x-wr-calname"]
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}

    def resolve(prop: Any) -> object:
        value = prop.dt
        if isinstance(value, datetime) and "TZID" in prop.params:
            value = value.replace(tzinfo=zones[prop.params["TZID"]])
        return _moment(value)

    events = {
        str(ev["UID"]): (resolve(ev["DTSTART"]), resolve(ev["DTEND"]) if "DTEND" in ev else None,
                         str(ev["SUMMARY"]))
        for ev in cal.walk("VEVENT")
    }
    return {"name": str(cal["X-WR-CALNAME"]), "events": events}


def read_vobject(data: bytes) -> Read:
    cal = vobject.readOne(data.decode("utf-8"))
    events = {
        ev.uid.value: (
            _moment(ev.dtstart.value),
            _moment(ev.dtend.value) if hasattr(ev, "dtend") else None,
            ev.summary.value,
        )
        for ev in cal.vevent_list
    }
    return {"name": cal.x_wr_calname.value, "events": events}


def read_recurring(data: bytes) -> Read:
    cal = icalendar.Calendar.from_ical(data)
    events = {
        str(ev["UID"]): (_moment(ev.start), _moment(ev.end) if "DTEND" in ev else None,
                         str(ev["SUMMARY"]))
        for ev in recurring_ical_events.of(cal).all()
    }
    return {"name": None, "events": events}


def read_icaljs_files(paths: list[Path]) -> dict[Path, Read]:
    """ical.js through ``tests/js/ical_events.mjs``: every file in one Node process."""
    if NODE is None or not (JS / "node_modules" / "ical.js").is_dir():
        if not os.environ.get("CI"):
            pytest.skip("Node or ical.js is not installed (npm install --prefix tests/js)")
        pytest.fail("ical.js is missing in CI")
    done = subprocess.run(
        [NODE, str(JS / "ical_events.mjs"), *map(str, paths)],
        capture_output=True, check=True, text=True, timeout=60,
    )
    out = {}
    for path, read in zip(paths, json.loads(done.stdout), strict=True):
        events = {}
        for ev in read["events"]:
            start, end = (_js_moment(ev[k], ev["all_day"]) for k in ("start", "end"))
            events[ev["uid"]] = (start, end, ev["summary"])
        out[path] = {"name": read["name"], "events": events}
    return out


def _js_moment(value: str | None, all_day: bool) -> object:
    if value is None:
        return None
    if all_day:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


PYTHON_CLIENTS: dict[str, Callable[[bytes], Read]] = {
    "icalendar": read_icalendar,
    "vobject": read_vobject,
    "recurring-ical-events": read_recurring,
}


def read_all(paths: list[Path]) -> dict[tuple[str, Path], Read]:
    reads = {(client, p): reader(p.read_bytes()) for client, reader in PYTHON_CLIENTS.items()
             for p in paths}
    reads.update({("ical.js", p): r for p, r in read_icaljs_files(paths).items()})
    return reads


# -- the tests -------------------------------------------------------------------------


def test_every_client_puts_every_event_where_zoneinfo_does(built: Path) -> None:
    want = {u: start for u, (start, _) in expected(zone_of(built)).items()}
    feeds = sorted(built.glob("*.ics"))
    assert [p.name for p in feeds] == ["calendar-blog.ics", "calendar-webinar.ics",
                                       "calendar.ics"]
    wrong = {}  # every client and feed that disagrees, so one run shows them all
    for (client, path), read in read_all(feeds).items():
        got = {u: start for u, (start, _, _) in read["events"].items()}
        assert got, (client, path.name)
        if path.name == "calendar.ics":
            assert set(got) == set(want), client
        wrong |= {(client, path.name, u): (got[u], want[u]) for u in got if got[u] != want[u]}
    assert wrong == {}


def test_every_event_has_an_end_in_every_client(built: Path) -> None:
    """Timed events end an hour later (exactly, across a DST change); all-day ones the
    next day."""
    want = {u: end for u, (_, end) in expected(zone_of(built)).items()}
    for path in built.glob("*.ics"):
        events = path.read_bytes().split(b"BEGIN:VEVENT")[1:]
        assert events and all(b"\r\nDTEND" in event for event in events), path.name
    wrong = {}
    for (client, path), read in read_all(sorted(built.glob("*.ics"))).items():
        got = {u: end for u, (_, end, _) in read["events"].items()}
        wrong |= {(client, path.name, u): (got[u], want[u]) for u in got if got[u] != want[u]}
    assert wrong == {}


def test_the_zone_is_written_as_yearly_rules(built: Path) -> None:
    zone = zone_of(built)
    cal = icalendar.Calendar.from_ical((built / "calendar.ics").read_bytes())
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == zone
    lines = unfolded(built / "calendar.ics")
    rules = [(kind, lines[lines.index(f"BEGIN:{kind}") + 2]) for kind in ("DAYLIGHT", "STANDARD")]
    assert rules == {
        "Europe/Berlin": [("DAYLIGHT", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
                          ("STANDARD", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")],
        "America/New_York": [("DAYLIGHT", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
                             ("STANDARD", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU")],
    }[zone]
    assert len(vtz.subcomponents) == 2
    assert b"RDATE" not in (built / "calendar.ics").read_bytes()


def unfolded(path: Path) -> list[str]:
    """The content lines of a file, unfolded (RFC 5545 §3.1) by hand."""
    return path.read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_hostile_text_reads_back_as_one_line_in_every_client(built: Path) -> None:
    feeds = {p.name: p for p in built.glob("*.ics")}
    names = {
        "calendar.ics": one_line(NASTY_TITLE),
        "calendar-blog.ics": one_line(f"{NASTY_TITLE} — {NASTY_NAME}"),
        "calendar-webinar.ics": one_line(f"{NASTY_TITLE} — Webinar"),
    }
    reads = read_all(list(feeds.values()))
    for (client, path), read in reads.items():
        if read["name"] is not None:
            assert read["name"] == names[path.name], (client, path.name)
        summaries = {u: summary for u, (_, _, summary) in read["events"].items()}
        if uid("summer") in summaries:
            assert summaries[uid("summer")] == one_line(NASTY_TITLE), (client, path.name)
        assert summaries.get(uid("winter"), "winter") == "winter"


def test_no_raw_control_character_and_no_long_line(built: Path) -> None:
    for path in built.glob("*.ics"):
        data = path.read_bytes()
        lines = data.split(b"\r\n")
        assert lines[-1] == b"" and all(len(line) <= 75 for line in lines), path.name
        body = b"".join(lines)
        assert not any(b < 0x20 or b == 0x7F for b in body), path.name
        assert "\x85" not in data.decode("utf-8") and "\u2028" not in data.decode("utf-8")


def test_description_is_cleaned_and_escaped(built: Path) -> None:
    data = (built / "calendar.ics").read_bytes()
    (ev,) = [e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
             if str(e["UID"]) == uid("winter")]
    assert str(ev["DESCRIPTION"]) == clean(
        "Persona: cfo\nStage: awareness\nStatus: planned\nChannel: "
        + ("blog" if list(DATES[zone_of(built)]).index("winter") % 3 == 0 else "webinar")
    )


@pytest.mark.slow  # about a second each
@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_examples_feeds_parse_in_every_client(language: str) -> None:
    feeds = sorted((REPO / "tests" / "golden" / language / "exports").glob("*.ics"))
    assert feeds
    for (client, path), read in read_all(feeds).items():
        assert read["events"], (client, path.name)
        for start, end, summary in read["events"].values():
            assert summary and end is not None and start < end, (client, path.name)  # type: ignore[operator]
