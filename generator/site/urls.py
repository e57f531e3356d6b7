"""Where each page lives in the site, and how one page links to another.

Every output path is built here from a slug or from a path that already exists under
``content/``, never from raw user text, so no id can place a file outside the site.
Links are relative, so the site works from ``file://`` and under any URL prefix.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

_UNSAFE = re.compile(r"[^\w\-.]+", re.UNICODE)


def slug(value: str) -> str:
    """A file-name-safe form of an id: letters and digits (any script), ``-``, ``_``, ``.``.

    Ids whose slug would be empty or hidden get a short hash so every id has a page.
    """
    text = unicodedata.normalize("NFC", value).strip()
    text = _UNSAFE.sub("-", text).strip("-.")
    text = re.sub(r"-{2,}", "-", text)
    if not text or text in {".", ".."}:
        return "id-" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]
    return text[:120]


def collision_key(site_path: str) -> str:
    """Two paths that one file system could store as one file (case, Unicode form)."""
    return unicodedata.normalize("NFC", site_path).casefold()


def item_url(content_rel: str) -> str:
    """``blog/x.md`` → ``items/blog/x.html``: beside its copied assets, so relative links
    written in the body keep working."""
    stem = content_rel[: -len(".md")] if content_rel.lower().endswith(".md") else content_rel
    return f"items/{stem}.html"


def asset_url(content_rel: str) -> str:
    return f"items/{content_rel}"


def persona_url(persona_id: str) -> str:
    return f"personas/{slug(persona_id)}.html"


def stage_url(stage_id: str) -> str:
    return f"stages/{slug(stage_id)}.html"


def channel_url(channel_id: str) -> str:
    return f"channels/{slug(channel_id)}.html"


def list_page_url(first: str, number: int) -> str:
    """Page ``number`` of a list whose first page is ``first``.

    Page 1 is ``first`` itself, so nothing that links to a list changes when it grows.
    The others live under ``page/``, a top-level folder no other page or copied asset
    uses (item pages and content files sit under ``items/``), at the first page's path
    without ``.html``: ``items.html`` → ``page/items/2.html``, ``personas/cfo.html`` →
    ``page/personas/cfo/2.html``. Distinct lists therefore never share a page.
    """
    if number == 1:
        return first
    stem = first[: -len(".html")] if first.endswith(".html") else first
    return f"page/{stem}/{number}.html"


def relative_link(from_page: str, to_page: str) -> str:
    """A percent-encoded link from one site-relative page to another."""
    return _relative(posixpath.dirname(from_page) or ".", to_page)


@lru_cache(maxsize=65536)
def _relative(start: str, to_page: str) -> str:
    """Cached: a site has few folders, and every page links to the same few targets."""
    return quote(posixpath.relpath(to_page, start), safe="/#?=&")


def root_prefix(page: str) -> str:
    """``../../`` for ``items/blog/x.html``: the way back to the site root."""
    depth = page.count("/")
    return "../" * depth
