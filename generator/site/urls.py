"""How one page links to another, and where the pages of a long list live.

Links are relative, so the site works from ``file://`` and under any URL prefix. The
names of the files themselves come from ``generator.paths``.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote


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
    return relative_to(posixpath.dirname(from_page) or ".", to_page)


@lru_cache(maxsize=65536)
def relative_to(start: str, to_page: str) -> str:
    """Cached: a site has few folders, and every page links to the same few targets.
    An item's row is placed on pages in several folders, each a different link: at
    10,000 items 75,000 of them, so a link is made without ``posixpath.relpath`` where
    its paths need no normalising (``relative_path``)."""
    return quote(relative_path(to_page, start), safe="/#?=&")


def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath`` of ``path`` from the folder ``start``, both taken from the
    site root as ``/`` (``relpath`` would ask the operating system for the working
    folder, twice a call, to make a relative path absolute). Worked out from the parts
    where none is ``.`` or ``..``; otherwise ``relpath`` normalises them."""
    into = path.split("/")
    out_of = [] if start == "." else start.split("/")
    if "." in into or ".." in into or "." in out_of or ".." in out_of:
        return posixpath.relpath(f"/{path}", f"/{start}")
    into = [part for part in into if part]
    out_of = [part for part in out_of if part]
    common = 0
    for a, b in zip(into, out_of, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(out_of) - common) + into[common:]) or "."


def root_prefix(page: str) -> str:
    """``../../`` for ``items/blog/x.html``: the way back to the site root."""
    depth = page.count("/")
    return "../" * depth
