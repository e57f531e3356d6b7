"""The one text rule (generator/text.py): which characters user text may carry into
any output."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.text import clean, one_line, shown

FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {
    chr(c) for c in range(0x7F, 0xA0)
}


def test_clean_keeps_text_and_makes_every_break_a_line_feed() -> None:
    assert clean("a\r\nb\rc\u2028d\x0be\tf") == "a\nb\nc\nd\ne\tf"
    assert clean("ti\x1b[31mtle\x00") == "ti[31mtle"
    assert clean("日本語のタイトル") == "日本語のタイトル"


def test_one_line_folds_breaks_and_runs_of_space() -> None:
    assert one_line("  Lead\r\nscoring \t 101\x85 ") == "Lead scoring 101"
    assert one_line("BEGIN:VEVENT\rX") == "BEGIN:VEVENT X"


def test_shown_makes_controls_visible() -> None:
    assert shown("a\x1b[2Jb\nc") == "a\\x1b[2Jb\\nc"
    assert shown("plain 平文") == "plain 平文"


@given(st.text())
def test_no_output_carries_a_control_character(text: str) -> None:
    assert not (set(clean(text)) & FORBIDDEN)
    assert not (set(one_line(text)) & (FORBIDDEN | {"\n", "\u2028", "\u2029", "\x85"}))
    assert not (set(shown(text)) & (FORBIDDEN | {"\n"}))


breaks_and_text = st.text(
    alphabet=st.sampled_from(["a", "日", "\r", "\n", "\x0b", "\x85", "\u2028", "\x1b", "\t", " "])
)


@given(st.one_of(st.text(), breaks_and_text))
def test_clean_makes_every_break_a_line_feed_as_the_rule_says(text: str) -> None:
    """Line feeds are left as they are rather than replaced with themselves; the text is
    the same as the rule's: every break a line feed, then the controls removed."""
    breaks = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    assert clean(text) == controls.sub("", breaks.sub("\n", text))


spaces_and_text = st.lists(
    st.sampled_from(["a", "日", " ", "  ", "\t", "\n", "\xa0", "\u3000", "\u2028", "\x1b", "\x85"])
).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(), spaces_and_text))
@example("two  spaces")
@example("a\u3000b")
@example(" \xa0trim ")
def test_one_line_is_the_rule_whatever_the_text(text: str) -> None:
    """The shortcut for printable text gives what the rule's substitutions give."""
    breaks = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    expected = re.sub(r"\s+", " ", controls.sub("", breaks.sub(" ", text))).strip()
    assert one_line(text) == expected
