"""The ``commonmark`` Markdown engine: CommonMark with GitHub's tables, compiled.

``pyromark`` (the Rust pulldown-cmark parser) renders a body about ten times faster than
Python-Markdown. It was chosen over cmarkgfm and markdown-it-pyrs for speed (the fastest
of the three on the benchmark corpus), safety (memory-safe Rust with a parser built to
stay linear on hostile input) and upkeep (frequent releases). Raw HTML passes through it
unchanged, as with the default engine: the one sanitiser in ``markdown.py`` decides what
of it reaches a page, for both engines alike.

Two things are added after rendering so that pages read the same with either engine:
headings get the ids the default engine gives them (the same slug and numbering rule,
so a Japanese heading is ``_1``, ``_2``, ...), and links to other items' ``.md`` files
point at their pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import pyromark
from markdown.extensions.toc import slugify, strip_tags, unique

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')


def render(text: str, page_href: Callable[[str], str]) -> str:
    """Unsanitised HTML for ``text``; ``page_href`` rewrites each link target."""
    out = pyromark.html(text, options=_OPTIONS)
    out = _HREF.sub(lambda m: m.group(1) + page_href(m.group(2)) + m.group(3), out)
    if "<h" not in out:
        return out
    used = set(_ID.findall(out)) if 'id="' in out else set()  # most bodies have no id

    def with_id(match: re.Match[str]) -> str:
        ident = unique(_slug(match.group(2)), used)
        return f'<h{match.group(1)} id="{ident}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING.sub(with_id, out)


@lru_cache(maxsize=4096)
def _slug(heading: str) -> str:
    """The id a heading's inner HTML gives (before it is made unique in its page): the
    same headings recur from item to item (Summary, Next steps, ...)."""
    slug: str = slugify(html.unescape(strip_tags(heading)), "-")
    return slug
