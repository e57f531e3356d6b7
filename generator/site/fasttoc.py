"""Python-Markdown's ``toc`` extension, without the table of contents nobody asked for.

plansite uses ``toc`` for what it does to headings: each gets an ``id`` (Japanese
headings included), so that a part of an item can be linked to. After that, for every
document, the extension also builds the table of contents itself — an element tree,
prettified, serialised and run through every postprocessor — to put it where the body
says ``[TOC]`` and to leave it on the ``Markdown`` instance. plansite never reads the
latter, and a body that does not say ``[TOC]`` has nowhere to put it: that work was a
tenth of rendering a typical body.

``FastTocExtension`` builds the table only for a body that holds the marker. Nothing
else changes: the headings' ids and levels come from the same code, and a body with
``[TOC]`` gets its table as before. The marker can only be matched by text that holds
it: inline processing turns escapes and entities into placeholders before the table is
placed, and joins no text. ``tests/test_markdown_engines.py`` renders bodies both ways.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import Preprocessor


class _FastTocTreeprocessor(TocTreeprocessor):
    """Builds and places the table only when ``wanted`` (set per document)."""

    wanted = True

    def build_toc_div(self, toc_list: list[Any]) -> Element:
        if self.wanted:
            table: Element = super().build_toc_div(toc_list)
            return table
        return Element("div")  # never placed, and never read from the instance

    def replace_marker(self, root: Element, elem: Element) -> None:
        if self.wanted:
            super().replace_marker(root, elem)


class _MarkerSeen(Preprocessor):
    """Tells the tree processor whether this document's source holds the marker (run
    first, on the source's lines: the marker holds no newline)."""

    def __init__(self, md: Markdown, toc: _FastTocTreeprocessor) -> None:
        super().__init__(md)
        self.toc = toc

    def run(self, lines: list[str]) -> list[str]:
        marker = self.toc.marker
        self.toc.wanted = bool(marker) and any(marker in line for line in lines)
        return lines


class FastTocExtension(TocExtension):
    """``toc`` with ``_FastTocTreeprocessor``; takes the same settings."""

    TreeProcessorClass = _FastTocTreeprocessor

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        toc = md.treeprocessors["toc"]
        md.preprocessors.register(_MarkerSeen(md, toc), "plansite_toc_marker", 100)
