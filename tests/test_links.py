"""Finding the relative links of a body: places, and what is not a link."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.load.links import relative_targets


def test_places_of_links() -> None:
    body = "Intro [a](a.md) and ![img](img/x.png).\n\n[ref]: ../b.md\n<a href='c.html'>c</a>\n"
    found = sorted(relative_targets(body))
    assert found == [(0, 11, "a.md"), (0, 28, "img/x.png"), (2, 8, "../b.md"), (3, 10, "c.html")]


def test_code_and_absolute_links_are_not_checked() -> None:
    body = (
        "```\n[in fence](nope.md)\n```\n"
        "    [indented](nope.md)\n"
        "Use `[span](nope.md)` here. [web](https://x.org) [top](#top) [root](/x) "
        "[mail](mailto:a@b.c)\n"
        "~~~md\n[tilde](nope.md)\n~~~\n"
        "[after](yes.md)\n"
    )
    assert list(relative_targets(body)) == [(8, 1 + len("[after]("), "yes.md")]


def test_link_text_may_span_lines() -> None:
    assert list(relative_targets("see [the\nguide](guide.md)")) == [(1, 8, "guide.md")]


@given(st.text(max_size=300))
def test_never_raises(body: str) -> None:
    for line, column, target in relative_targets(body):
        assert line >= 0 and column >= 1 and target
