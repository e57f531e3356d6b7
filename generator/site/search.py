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
_MARKUP = re.compile(
    r"```.*?```|<[^<>]*>|!\[[^\[\]]*\]\([^()]*\)|\]\([^()]*\)|[#*_`>|\[\]~-]+", re.S
)
_SPACE = re.compile(r"\s+")
#: A URL left in the text (a link target with parentheses in it, a bare address): not
#: words a reader of a summary wants, and never a scheme like ``javascript:`` in a page.
_URL = re.compile(r"\(?[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


def plain_text(markdown: str) -> str:
    """Markdown without its syntax: what a reader would search for."""
    return _SPACE.sub(" ", _MARKUP.sub(" ", markdown)).strip()


def summary(markdown: str, chars: int = SUMMARY_CHARS) -> str:
    """The opening of a body as one line of plain text, cut at a word where there is one:
    what a search engine shows under an item page's title (its meta description)."""
    text = one_line(_URL.sub(" ", plain_text(markdown)))
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
        "text": unicodedata.normalize("NFKC", plain_text(item.body))[:BODY_CHARS],
    }


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
