"""Reading a built site back: pages, links, and a fingerprint of the whole tree."""

from __future__ import annotations

import hashlib
import posixpath
import re
import zlib
from dataclasses import dataclass, field
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


def target_of(rel_page: str, link: str) -> str | None:
    """The site path a relative link on ``rel_page`` reaches (None for other links)."""
    parts = urlsplit(link)
    if parts.scheme or link.startswith("#") or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), unquote(parts.path)))


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, link) for every relative link that does not reach a file in the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        for link in links_of(page):
            target = target_of(rel_page, link)
            if target is None:
                continue
            if target.startswith("..") or not (site / target).is_file():
                broken.append((rel_page, link))
    return broken


@dataclass
class ListPage:
    """What a page of an item list shows: its heading, the title link of each table row,
    and each pager (its label and its links' attributes)."""

    heading: str = ""
    rows: list[str] = field(default_factory=list)
    pagers: list[tuple[str, list[dict[str, str | None]]]] = field(default_factory=list)


class _ListReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = ListPage()
        self.in_h1 = self.in_items = self.in_pager = False
        self.cell = 0  # cells seen so far in the current row of an item table

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "h1":
            self.in_h1 = True
        elif tag == "table" and "items" in classes:
            self.in_items = True
        elif tag == "nav" and "pager" in classes:
            self.in_pager = True
            self.page.pagers.append((found.get("aria-label") or "", []))
        elif tag == "tr":
            self.cell = 0
        elif tag == "td":
            self.cell += 1
        elif tag == "a" and self.in_pager:
            self.page.pagers[-1][1].append(found)
        elif tag == "a" and self.in_items and self.cell == 2:  # the title column
            self.page.rows.append(found.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.in_h1 = False
        elif tag == "table":
            self.in_items = False
        elif tag == "nav":
            self.in_pager = False

    def handle_data(self, data: str) -> None:
        if self.in_h1:
            self.page.heading += data


class _Elements(HTMLParser):
    def __init__(self, tag: str, cls: str) -> None:
        super().__init__()
        self.tag, self.cls = tag, cls
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == self.tag and self.cls in (found.get("class") or "").split():
            self.found.append(found)


def elements(page: Path, tag: str, cls: str) -> list[dict[str, str | None]]:
    """The attributes of every ``tag`` element of class ``cls``, in page order."""
    reader = _Elements(tag, cls)
    reader.feed(page.read_text(encoding="utf-8"))
    return reader.found


class _LinksIn(HTMLParser):
    def __init__(self, tag: str, cls: str) -> None:
        super().__init__()
        self.tag, self.cls = tag, cls
        self.depth = 0  # open ``tag`` elements since the one with the class
        self.links: list[tuple[str, str]] = []
        self.in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag and (self.depth or self.cls in (dict(attrs).get("class") or "").split()):
            self.depth += 1
        elif tag == "a" and self.depth:
            self.links.append((dict(attrs).get("href") or "", ""))
            self.in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth:
            self.depth -= 1
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data: str) -> None:
        if self.in_link:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)


def links_in(page: Path, tag: str, cls: str) -> list[tuple[str, str]]:
    """(href, text) of every link inside the ``tag`` elements of class ``cls``."""
    reader = _LinksIn(tag, cls)
    reader.feed(page.read_text(encoding="utf-8"))
    return [(href, " ".join(text.split())) for href, text in reader.links]


def list_page(page: Path) -> ListPage:
    reader = _ListReader()
    reader.feed(page.read_text(encoding="utf-8"))
    reader.page.heading = " ".join(reader.page.heading.split())
    return reader.page


def fingerprint(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def served(folder: Path) -> dict[str, str]:
    """``fingerprint`` of what a site serves: every file but its manifest, whose keys a
    rebuild after body edits leaves empty for the files it wrote, where a full build
    works them out (``incremental.body_edits``)."""
    return {k: v for k, v in fingerprint(folder).items() if k != ".plansite-pages.json"}


_PDF_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)


def pdf_page_texts(pdf: bytes) -> list[int]:
    """How much text each page of a PDF draws (its text-showing operators), in page
    order: enough to count pages and to spot a near-empty one without a PDF library.
    Reads what Chromium writes: plain objects, content streams Flate-compressed."""
    objects = {int(m.group(1)): m.group(2) for m in _PDF_OBJECT.finditer(pdf)}
    pages: list[bytes] = []

    def walk(number: int) -> None:
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
            for kid in re.findall(rb"(\d+) 0 R", kids.group(1) if kids else b""):
                walk(int(kid))
        else:
            pages.append(body)

    (root,) = [
        n
        for n, body in objects.items()
        if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body
    ]
    walk(root)
    counts = []
    for body in pages:
        found = re.search(rb"/Contents\s*\[?\s*(\d+) 0 R", body)
        stream = objects[int(found.group(1))] if found else b""
        data = re.search(rb"stream\r?\n(.*)endstream", stream, re.S)
        raw = data.group(1) if data else b""
        if b"/FlateDecode" in stream.split(b"stream", 1)[0]:
            raw = zlib.decompressobj().decompress(raw)
        counts.append(len(re.findall(rb"T[jJ]\b", raw)))
    return counts
