"""The one content-line rule of the calendar feeds (``generator.site.ics``): any text, made
one line and escaped, then folded, reads back exactly — by hand (RFC 5545 §3.1 and
§3.3.11) and by icalendar and vobject — in lines of at most 75 octets that are each valid
UTF-8 and hold no control character."""

from __future__ import annotations

import re

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.ics import content_line, escape_text, single_line
from generator.text import clean, one_line

#: Any text, control characters, line breaks, escapes and multi-byte characters included.
TEXT = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\\", ";", ",", ":", "\r", "\n", "\r\n", "\x1b", "\x00", "\u2028",
                         "日", "😀", "é"]),
    ),
    max_size=200,
).map("".join)
pytestmark = pytest.mark.slow  # 300 generated texts per test: a few seconds
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unfold(data: bytes, allowed: bytes = b" ") -> str:
    """One content line unfolded; ``allowed``: the white space the value may hold (a
    description keeps tabs, which RFC 5545 TEXT allows)."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    assert all(line.startswith(b" ") for line in physical[1:])
    for line in physical:
        line.decode("utf-8")  # each line on its own: a fold never splits a character
        assert not any((b < 0x20 and b not in allowed) or b == 0x7F for b in line)
    return b"".join([physical[0], *(line[1:] for line in physical[1:])]).decode("utf-8")


def unescape(value: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_single_line_value_reads_back_as_one_line(text: str) -> None:
    data = content_line("SUMMARY", single_line(text))
    name, _, value = unfold(data).partition(":")
    assert name == "SUMMARY" and unescape(value) == one_line(text)
    event = b"BEGIN:VEVENT\r\n" + data + b"END:VEVENT\r\n"
    assert str(icalendar.Event.from_ical(event)["SUMMARY"]) == one_line(text)
    assert vobject.readOne(event.decode("utf-8")).summary.value == one_line(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_description_keeps_its_line_breaks(text: str) -> None:
    data = content_line("DESCRIPTION", escape_text(clean(text)))
    _, _, value = unfold(data, allowed=b" \t").partition(":")
    assert unescape(value) == clean(text)
    event = b"BEGIN:VEVENT\r\n" + data + b"END:VEVENT\r\n"
    assert str(icalendar.Event.from_ical(event)["DESCRIPTION"]) == clean(text)
