"""The search index: every item's title, tags, ids and body text, as a script.

Loaded with ``<script src>`` rather than fetched, so search works from ``file://``. The
JSON is made safe to sit inside a script element: ``<``, ``>``, ``&`` and the two JavaScript
line separators are written as escapes, so no title can close the script.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

from generator.model import Item, Project
from generator.text import one_line

#: Characters of body text kept per item: enough to find a piece by what it says,
#: small enough that a 10,000-item index still loads quickly.
BODY_CHARS = 800
#: Characters of an item page's description: about what search engines show.
SUMMARY_CHARS = 155

#: Markdown syntax to drop. Each bracketed part stops at the next opening bracket of its
#: kind too (``[^<>]``, not ``[^>]``), so a failed match ends where the next one could
#: start: the scan stays linear on hostile bodies such as 2 MiB of ``<`` or ``![a](``,
#: which the plain forms took hours over.
#: The look-ahead names every character a match can start with, so that the scan skips
#: plain text without trying each alternative at each character (twice as fast).
_MARKUP = re.compile(
    r"(?=[`<!\]#*_>|\[~-])"
    r"(?:```.*?```|<[^<>]*>|!\[[^\[\]]*\]\([^()]*\)|\]\([^()]*\)|[#*_`>|\[\]~-]+)",
    re.S,
)
#: A URL left in the text (a link target with parentheses in it, a bare address): not
#: words a reader of a summary wants, and never a scheme like ``javascript:`` in a page.
_URL = re.compile(r"\(?[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


def plain_text(markdown: str) -> str:
    """Markdown without its syntax, white space collapsed: what a reader would search
    for. (``str.split`` splits at exactly the characters ``\\s`` matches.)"""
    return " ".join(_MARKUP.sub(" ", markdown).split())


def opening(text: str, chars: int) -> str:
    """The words at the start of ``text`` (``plain_text``) that fill ``chars``
    characters, or all of it: a start that ends where a word does. What ``summary`` and
    the search entry keep of a body is decided by such a start, since every step after
    ``plain_text`` works within a word (a URL is one word) or character by character;
    so a long body is not worked through to its end for a line or two of it."""
    if len(text) <= chars:
        return text
    end = text.find(" ", chars)
    return text if end < 0 else text[:end]


def plain_opening(markdown: str, chars: int) -> tuple[str, bool]:
    """``opening(plain_text(markdown), chars)``, and whether that cut the text short,
    from only as much of ``markdown`` as it takes: a page's summary needs a few hundred
    characters of bodies thousands long. A body not much longer than ``chars`` is done
    whole, at once: faster than match by match."""
    early = _early_opening(markdown, chars) if len(markdown) > 3 * chars else None
    if early is not None:
        return early, True
    plain = plain_text(markdown)
    start = opening(plain, chars)
    return start, start is not plain


def _early_opening(markdown: str, chars: int) -> str | None:
    """The opening, dropping the syntax match by match as ``plain_text`` does, once it
    is known; None if the body ends first. Right after a match the text so far ends in
    the space that replaced it, so its words are whole: once they reach past ``chars``
    with a space after, the opening is theirs."""
    pieces: list[str] = []
    last = unchecked = 0
    for match in _MARKUP.finditer(markdown):
        at = match.start()
        pieces += (markdown[last:at], " ")
        unchecked += at - last + 1
        last = match.end()
        if unchecked > chars:
            unchecked = 0
            text = " ".join("".join(pieces).split())
            end = text.find(" ", chars)
            if end >= 0:
                return text[:end]
    return None


def _without_urls(text: str) -> str:
    """``text`` with each URL made a space (every URL has a colon; most text has none)."""
    return _URL.sub(" ", text) if ":" in text else text


def summary(markdown: str, chars: int = SUMMARY_CHARS) -> str:
    """The opening of a body as one line of plain text, cut at a word where there is one:
    what a search engine shows under an item page's title (its meta description)."""
    start, shortened = plain_opening(markdown, 2 * chars)
    text = one_line(_without_urls(start))
    if len(text) <= chars and shortened:  # URLs took much of it: all, then
        text = one_line(_without_urls(plain_text(markdown)))
    if len(text) <= chars:
        return text
    cut = text[:chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > chars // 2 else cut).rstrip(" ,.;:、。") + "…"


def search_entry(item: Item) -> dict[str, object]:
    """What search knows of one item."""
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "status": item.status,
        "date": item.date.isoformat() if item.date else "",
        "tags": list(item.tags),
        "facets": [
            *item.personas,
            *item.stages,
            *item.channels,
            item.format or "",
            item.campaign or "",
            item.owner or "",
        ],
        "text": _searched_text(item.body),
    }


def _searched_text(body: str) -> str:
    """The start of a body's plain text that search keeps, normalised (NFKC) so that
    full-width and half-width forms find each other."""
    start, shortened = plain_opening(body, 2 * BODY_CHARS)
    text = _normalized_start(start, BODY_CHARS)
    if len(text) < BODY_CHARS and shortened:  # it shrank a lot: all, then
        text = _normalized_start(plain_text(body), BODY_CHARS)
    return text[:BODY_CHARS]


def _normalized_start(text: str, chars: int) -> str:
    """NFKC of ``text``, or a start of it at least ``chars`` long: where the text is
    not normalized already (full-width brackets in Japanese), it is normalized word by
    word, and only as far as it is kept. That is exact: NFKC never works across an
    ASCII space, which has no decomposition, is a starter that stops reordering, and
    composes with nothing on either side; so NFKC(a + " " + b) = NFKC(a) + " " + NFKC(b)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    words: list[str] = []
    size = -1  # of the words joined with spaces
    for word in text.split(" "):
        words.append(unicodedata.normalize("NFKC", word))
        size += len(words[-1]) + 1
        if size >= chars:
            break
    return " ".join(words)


def entry_bytes(item: Item) -> bytes:
    return script_json(search_entry(item)).encode()


def script_json(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it is placed in."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def indexed(project: Project) -> list[Item]:
    """The items search finds."""
    return [item for item in project.items if is_indexed(item)]


def is_indexed(item: Item) -> bool:
    """Whether search finds ``item``: all but the archived ones."""
    return item.status != "archived"


def search_index_js(project: Project) -> bytes:
    return index_script(entry_bytes(item) for item in indexed(project))


#: How the index script begins and ends, around the entries.
INDEX_START = b"window.PLANSITE_SEARCH=["
INDEX_END = b"];\n"


def index_script(entries: Iterable[bytes]) -> bytes:
    """The index script from each entry's ``entry_bytes``. Each entry is written on its
    own and joined: the escaping works character by character, so this is the JSON of
    the whole list, and a rebuild can keep the entries of unchanged items."""
    return INDEX_START + b",".join(entries) + INDEX_END
