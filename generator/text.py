"""The one rule for user text on its way into any output: HTML, ICS, CSV, JSON and the
terminal.

Text a user wrote (titles, names, ids, messages that quote them) may hold control
characters: a bare CR starts a new ICS property, ESC sequences repaint a terminal, and
most C0 characters are not allowed in HTML or XML at all. Each writer still escapes for
its own format (``html.escape``, RFC 5545 escaping, the CSV module); this module only
decides which characters are text at all, so that every writer agrees.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, and the C1 controls (U+0080-U+009F).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Everything that ends a line in some reader: CR LF, CR, LF, VT, FF, NEL, U+2028/9.
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
# The same but a line feed: what ``clean`` changes. (Replacing every line feed with
# itself made a new string piece per line, most of the time spent on a body.)
_OTHER_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")
# What ``clean`` changes: a control character, or a break but a line feed.
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """``text`` with every line break made a line feed and every other control character
    but tab removed: safe for multi-line fields (bodies, descriptions)."""
    if not _UNCLEAN.search(text):  # most text: one scan instead of two
        return text
    return _CONTROLS.sub("", _OTHER_BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """``text`` as a single line: runs of white space, line breaks included, become one
    space, control characters are removed, and the ends are trimmed. For names, titles
    and every other field that a format writes on one line."""
    if text.isprintable() and "  " not in text:
        # Nothing to do but trim: a printable string holds no break or control
        # character, and no white space but the ASCII space (the common case).
        return text.strip()
    return _SPACES.sub(" ", _CONTROLS.sub("", _BREAKS.sub(" ", text))).strip()


def shown(text: str) -> str:
    """``text`` for the terminal or a log: control characters, line breaks included,
    written as visible escapes (``\\x1b``, ``\\n``) instead of acting on the screen."""
    if not _CONTROLS.search(text) and not _BREAKS.search(text):
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text
    )


def _is_control(ch: str) -> bool:
    return bool(_CONTROLS.match(ch) or _BREAKS.match(ch))


def control_in(text: str) -> str | None:
    """The first character of ``text`` that ``clean`` removes (a control character other
    than tab and line feed), so a warning can name it; None when there is none."""
    found = _CONTROLS.search(text)
    return found.group() if found else None
