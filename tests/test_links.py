"""Finding the relative links of a body: places, and what is not a link."""

from __future__ import annotations

from hypothesis import example, given
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


def _every_pattern_scanned(body: str) -> list[tuple[int, int, str]]:
    """The links as found without the shortcuts: code masked by every pattern and every
    link pattern run over the whole body."""
    import bisect
    import re

    from generator.load import links

    scan = links._mask_fences(body)
    scan = links._LINE_CODE_SPAN.sub(links._blank, links._INDENTED.sub(links._blank, scan))
    starts = [0, *(m.end() for m in re.finditer("\n", scan))]
    found = []
    for pattern in (links._INLINE_LINK, links._REF_DEF, links._HTML_LINK):
        for match in pattern.finditer(scan):
            target = match.group(1)
            if target.startswith(("#", "/")) or links._SCHEME.match(target):
                continue
            index = bisect.bisect_right(starts, match.start(1)) - 1
            found.append((index, match.start(1) - starts[index] + 1, target))
    return found


_SYNTAX = st.sampled_from(
    [
        "[a](b.md)",
        "](",
        "]:",
        "[r]: x.md",
        "=",
        "href=",
        "SRC='y.png'",
        'ſrc="z"',
        "`",
        "``",
        "    ",
        "\t",
        "\n",
        " ",
        "x",
        "```",
        "~~~",
        "<",
        ">",
        "'",
        '"',
        "é",
    ]
)


@given(st.lists(_SYNTAX, max_size=40).map("".join))
@example("`[a](b.md)```[a](b.md)")  # masking a code span must not make an indented line
def test_shortcuts_find_what_a_full_scan_finds(body: str) -> None:
    """Each pattern is skipped where the body lacks text every match holds (``](``,
    ``]:``, ``=``, a backtick, an indented line): the same links as scanning everything."""
    assert list(relative_targets(body)) == _every_pattern_scanned(body)
