"""The search index reads a body in linear time, whatever punctuation it is made of."""

from __future__ import annotations

import time

import pytest

from generator.site.search import plain_text

N = 400_000  # characters: a fifth of the largest body plansite accepts


@pytest.mark.parametrize(
    "unit", ["<", "<x", "![a](", "![", "](", "```x", "[", "(", "  ", "!.,;:", "<![](```", "*_"]
)
def test_pathological_bodies_are_indexed_quickly(unit: str) -> None:
    body = unit * (N // len(unit))
    started = time.perf_counter()
    plain_text(body)
    assert time.perf_counter() - started < 2.0


def test_markup_is_still_removed() -> None:
    text = "# Title\n\n<b>bold</b> ![alt](img.png) [link](x.md) ```code``` end"
    assert plain_text(text) == "Title bold link end"  # images go whole, alt text too
