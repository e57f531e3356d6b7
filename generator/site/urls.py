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


#: What a link leaves as it is besides letters, digits and ``_.-~``.
_SAFE = "/#?=&"


@lru_cache(maxsize=65536)
def relative_to(start: str, to_page: str) -> str:
    """Cached: a site has few folders, and every page links to the same few targets.
    Links to items are each made from a few folders only (at 100,000 items, far more
    than the cache holds), so a link is made from the way to the target's folder, made
    once per pair of folders, and the target's file name (``_folder_prefix``)."""
    folder, _, name = to_page.rpartition("/")
    if name in ("", ".", "..") or name in _parts(start):
        return quote(relative_path(to_page, start), safe=_SAFE)
    return _folder_prefix(start, folder) + quote(name, safe=_SAFE)


@lru_cache(maxsize=4096)
def _parts(start: str) -> frozenset[str]:
    """The names in the folder ``start``. A target whose file name is one of them could
    share that part with ``start``, and is worked out whole."""
    return frozenset(start.split("/"))


@lru_cache(maxsize=4096)
def _folder_prefix(start: str, folder: str) -> str:
    """The start of a link from ``start`` to a file in ``folder``: the relative way
    there and a slash, or nothing when the two are one folder. Appending a file name not
    among the parts of ``start`` gives what ``relative_path`` gives for the whole path:
    the name is past every part the two paths share."""
    way = relative_path(folder, start)
    return "" if way == "." else quote(way, safe=_SAFE) + "/"


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
