// Reads iCalendar files the way Thunderbird does (ical.js) and prints what it understood,
// as JSON, one object per file: the calendar's name and, for each VEVENT, its UID, SUMMARY,
// DESCRIPTION, CATEGORIES, and its start and end. A timed start or end is the UTC instant
// ical.js resolves through the file's own VTIMEZONE (ISO 8601 with Z); an all-day one is
// its date. Usage: node ical_events.mjs FILE.ics [FILE.ics ...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// RFC 5545 §3.8.8.2: an X- property's value is TEXT unless it says otherwise. ical.js reads
// unknown properties raw, so the calendar name is declared TEXT, as the RFC has it.
ICAL.design.icalendar.property["x-wr-calname"] = { defaultType: "text" };

function moment(time) {
  if (time === null) return null;
  if (time.isDate) return time.toString();
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function read(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf-8")));
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
      all_day: event.startDate.isDate,
      start: moment(event.startDate),
      end: vevent.hasProperty("dtend") || vevent.hasProperty("duration")
        ? moment(event.endDate) : null,
    };
  });
  return { path, name: root.getFirstPropertyValue("x-wr-calname"), events };
}

process.stdout.write(JSON.stringify(process.argv.slice(2).map(read)) + "\n");
