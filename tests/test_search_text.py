"""What a body gives its page's description and its search entry: worked out from the
start of the body only, yet the very text worked out from all of it (the definitions
below are the plain ones, kept here as the reference)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.corpus import plan_items
from generator.model import Item
from generator.site import search
from generator.text import one_line
from tests.helpers import REPO

_MARKUP = re.compile(
    r"```.*?```|<[^<>]*>|!\[[^\[\]]*\]\([^()]*\)|\]\([^()]*\)|[#*_`>|\[\]~-]+", re.S
)


def plain_text(markdown: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", markdown)).strip()


def summary(markdown: str, chars: int = search.SUMMARY_CHARS) -> str:
    text = one_line(search._URL.sub(" ", plain_text(markdown)))
    if len(text) <= chars:
        return text
    cut = text[:chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > chars // 2 else cut).rstrip(" ,.;:、。") + "…"


def searched(markdown: str) -> str:
    return unicodedata.normalize("NFKC", plain_text(markdown))[: search.BODY_CHARS]


def opening(markdown: str, chars: int) -> tuple[str, bool]:
    """The words of the plain text that fill ``chars``, and whether that is not all."""
    text = plain_text(markdown)
    end = text.find(" ", chars) if len(text) > chars else -1
    return (text, False) if end < 0 else (text[:end], True)


def _same(body: str) -> None:
    assert search.plain_text(body) == plain_text(body)
    for chars in (3, 30, 300):  # the short ones are worked out match by match
        assert search.plain_opening(body, chars) == opening(body, chars)
    assert search.summary(body) == summary(body)
    assert search.summary(body, 20) == summary(body, 20)
    item = Item("x", "content/x.md", "items/x.html", "X", (), (), (), body=body)
    assert search.search_entry(item)["text"] == searched(body)


def test_the_corpus_and_the_examples_give_the_same_text() -> None:
    bodies = [item.body for item in plan_items(2000, seed=5)]
    bodies += [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("**/content/**/*.md"))]
    for body in bodies:
        _same(body)


#: Pieces that stress each step: markup, URLs, white space of every kind, controls,
#: characters NFKC expands or composes, and long words without spaces.
TOKENS = [
    "word", " ", "  ", "\n", "\t", "\u3000", "\u00a0", "\u2028", "\x85", "\x1c", "\x01",
    "日本語の文章", "ﬁ", "㍻", "ｶﾞ", "e", "\u0301", "A\u030a", "``` code ```", "```",
    "<b>", "<", ">", "![a](b.png)", "[x](y.md)", "](", "#", "*", "_", "|", "-", "~",
    "https://e.x/a_b", "(http://e.x/(p))", "mailto:a@b.c", "x:y", ":", ",", ".", "、", "。",
    "a" * 170, "b" * 900, "（", "\u00a8", "\u1100", "\u1161", "\u11a8", "\u3099", "か",
]  # fmt: skip


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=120).map("".join))
def test_any_body_gives_the_same_text(body: str) -> None:
    _same(body)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_the_same_text(body: str) -> None:
    _same(body)


@given(st.text(max_size=40), st.text(max_size=40))
def test_nfkc_never_works_across_a_space(a: str, b: str) -> None:
    """What ``search`` relies on to normalize only the words it keeps."""
    nfkc = lambda text: unicodedata.normalize("NFKC", text)  # noqa: E731
    assert nfkc(a + " " + b) == nfkc(a) + " " + nfkc(b)
