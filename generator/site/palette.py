"""The colours that tell channels apart on the calendar: one per channel, however many.

A fixed list of colours runs out (the ninth channel took the first one's colour again),
so the colours are made: hues a golden angle (≈137.5°) apart, which keeps neighbours far
apart for any count, at one of three lightness levels in turn. Every colour is chosen so
that it stands out at 3:1 or more (WCAG 2 AA for graphics) against the page and panel
backgrounds of both colour schemes, and the calendar writes each channel's name beside
its colour, so no one needs to tell the colours apart to read it.
"""

from __future__ import annotations

import colorsys
from functools import cache

#: The backgrounds a channel colour sits on: ``--bg`` and ``--panel`` of the light and
#: the dark scheme in ``static/plansite.css`` (a test checks they match).
BACKGROUNDS = ("#ffffff", "#f5f7fa", "#14171d", "#1d222b")
#: Contrast every channel colour keeps against each background.
MIN_CONTRAST = 3.0
_GOLDEN_ANGLE = 137.50776405
#: Relative luminances the colours take in turn: each has 3:1 against all BACKGROUNDS.
_LUMINANCES = (0.2, 0.155, 0.245)


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))


def _at_luminance(hue: float, target: float) -> str:
    """The colour of ``hue`` (0-1), fairly saturated, whose luminance is ``target``."""
    low, high = 0.0, 1.0
    colour = _hex(*colorsys.hls_to_rgb(hue, 0.5, 0.75))
    for _ in range(30):  # lightness → luminance is monotonic: bisect
        middle = (low + high) / 2
        colour = _hex(*colorsys.hls_to_rgb(hue, middle, 0.75))
        if luminance(colour) < target:
            low = middle
        else:
            high = middle
    return colour


@cache
def channel_colours(count: int) -> tuple[str, ...]:
    """``count`` distinct colours (``#rrggbb``), the n-th for the n-th channel."""
    out: list[str] = []
    seen: set[str] = set()
    n = 0
    while len(out) < count:
        hue = (0.58 + n * _GOLDEN_ANGLE / 360) % 1.0  # the first is the site's blue
        colour = _at_luminance(hue, _LUMINANCES[n % len(_LUMINANCES)])
        n += 1
        if colour not in seen:  # rounding can make two hues one colour: skip the second
            seen.add(colour)
            out.append(colour)
    return tuple(out)
