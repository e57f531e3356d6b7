"""Reading a built site back: pages, links, and a fingerprint of the whole tree."""

from __future__ import annotations

import hashlib
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def text_of(page: Path) -> str:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split())


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, link) for every relative link that does not reach a file in the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#") or not parts.path:
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(rel_page), unquote(parts.path))
            )
            if target.startswith("..") or not (site / target).is_file():
                broken.append((rel_page, link))
    return broken


def fingerprint(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
