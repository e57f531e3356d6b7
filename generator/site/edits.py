"""The two files of a site that show an item's body, made again for a new body from the
files as they are, without the rest of the plan.

A body reaches the site in two places only: its item's page (the page's description
and the rendered body; ``templates/item.html``) and the item's search entry. Every other
page, and every export, is made from the front matter. So when only bodies changed, a
site is the previous one with these parts replaced; ``incremental.body_edits`` decides
when that holds.

Finding the parts relies on what the page template and escaping guarantee, not on
searching user text: everything on an item page before its body is escaped, so the
first ``<meta name="description" content="`` and the first ``<div class="body">`` are
the template's; a sanitised body can hold no ``</article>`` (the element is not
allowed), so the first ``</div>\\n</article>`` after the body ends it. In the search index,
an entry's JSON is sorted by key and its strings escape every quote, so
``{"date":`` starts an entry and ``"id":"…"`` is found only as an id. Anything else
(a file edited by hand, another layout) gives None, and the caller builds the whole
site instead.
"""

from __future__ import annotations

from markupsafe import escape

from generator.model import Item
from generator.site.markdown import render_body
from generator.site.search import INDEX_END, INDEX_START, entry_bytes, script_json, summary

_DESCRIPTION = b'<meta name="description" content="'
_BODY_START = b'<div class="body">'
_BODY_END = b"</div>\n</article>"
_ENTRY_START = b'{"date":'


def item_page(page: bytes, item: Item, engine: str) -> bytes | None:
    """The item page ``page`` with ``item``'s body (and the description drawn from it);
    None when the page is not in the shape the template writes, or the body has no text
    to describe the page with (the template then words another description).
    ``InvalidProject`` when the body does not render in time, as in a build."""
    opening = summary(item.body)
    if not opening:
        return None
    start = page.find(_DESCRIPTION)
    end = page.find(b'"', start + len(_DESCRIPTION))
    body = page.find(_BODY_START, end)
    body_end = page.find(_BODY_END, body)
    if min(start, end, body, body_end) < 0:
        return None
    description = f"{escape(item.title)} — {escape(opening)}"  # as item.html words it
    html = str(render_body(item.body, item.path, item.body_line, engine))
    return b"".join(
        (
            page[: start + len(_DESCRIPTION)],
            description.encode(),
            page[end : body + len(_BODY_START)],
            html.encode(),
            page[body_end:],
        )
    )


def search_index(index: bytes, item: Item) -> bytes | None:
    """The search index ``index`` with ``item``'s entry made anew; None when it has no
    entry for the item or is not in the shape ``search.index_script`` writes."""
    if not (index.startswith(INDEX_START) and index.endswith(INDEX_END)):
        return None
    key = script_json({"id": item.id})[1:-1].encode()  # "id":"…"
    at = index.find(key + b",")
    if at < 0 or index.find(key + b",", at + 1) >= 0:
        return None
    start = index.rfind(_ENTRY_START, 0, at)
    end = index.find(b"," + _ENTRY_START, at)
    end = len(index) - len(INDEX_END) if end < 0 else end
    if start < 0:
        return None
    return index[:start] + entry_bytes(item) + index[end:]
