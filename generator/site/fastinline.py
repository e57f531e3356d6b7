"""Python-Markdown's inline pass, made faster without changing a byte of its output.

Python-Markdown tries every inline pattern (code spans, escapes, links, images, raw
HTML, entities, emphasis, ...) on every run of text, in priority order, looking each one
up in its registry by position. Most runs of text in real bodies hold none of the
characters those patterns start with, so nearly all of that work finds nothing.

``FastInlineProcessor`` replaces the ``inline`` tree processor with the same algorithm
and two shortcuts that cannot change the result:

- the patterns are read once per document into a plain list, not looked up by index;
- a pattern is tried only if the text holds at least one of the strings every one of its
  matches must contain (its *triggers*). A pattern that cannot match leaves the text as
  it is, which is exactly what skipping it does.

Links and images find the bracket that closes their text with a table of every
position's closing bracket, made once per run of text by a loop over each character;
``bracket_ends`` makes the same table visiting only the brackets.

Its registries (of block processors, tree processors, ...) sort and copy themselves into
a new list each time they are iterated, which the block parser does for every block;
``ListRegistry`` keeps that list until an entry is added or removed.

Triggers are known per regular expression, keyed by the expression's exact source: a
pattern this table does not know (another extension, a changed expression in a newer
Python-Markdown) has no triggers and is always tried, as before. The differential test
(``tests/test_markdown_engines.py``) renders thousands of bodies both ways.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any
from xml.etree.ElementTree import Element

from markdown import util
from markdown.inlinepatterns import LinkInlineProcessor, Pattern
from markdown.treeprocessors import InlineProcessor

#: Regular expression source → strings at least one of which every match contains.
#: Each entry was read off its expression (Python-Markdown 3.x: the core patterns and
#: those of ``extra``); the expression is the key, so a changed one is not trusted.
TRIGGERS: dict[str, tuple[str, ...]] = {
    # backtick: a run of backslashes before a backtick, or a backtick
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`", "\\"),
    r"\\(.)": ("\\",),  # escape
    r"\[\^([^\]]*)\]": ("[",),  # footnote reference
    r"(?<!\!)\[": ("[",),  # reference, link, short reference
    r"\!\[": ("[",),  # image link, image reference, short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    "  \\n": ("  \n",),  # line break: two spaces before a newline
    r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'"""
    r"""|[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]"""
    r"""|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)""": ("<",),  # raw inline HTML
    r"(<(\/?[a-zA-Z][^<>@ ]*( [^<>]*)?|!--(?:(?!<!--|-->).)*--)>)": ("<",),  # older html
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # emphasis and strong (delimiter runs)
}


def triggers_of(patterns: Sequence[Pattern]) -> list[tuple[str, ...] | None]:
    """Each pattern's triggers, or None where any text may match it."""
    found: list[tuple[str, ...] | None] = []
    for pattern in patterns:
        compiled = getattr(pattern, "compiled_re", None)
        found.append(None if compiled is None else TRIGGERS.get(compiled.pattern))
    return found


class FastInlineProcessor(InlineProcessor):
    """``InlineProcessor`` with the two shortcuts above; registered as ``inline``."""

    _patterns: list[Pattern]
    _triggers: list[tuple[str, ...] | None]
    _all_known: bool

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        self._patterns = list(self.inlinePatterns)
        self._triggers = triggers_of(self._patterns)
        self._all_known = None not in self._triggers
        done: Element = super().run(tree, ancestors)
        return done

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The base class's ``__handleInline`` (which its other methods call by this
        mangled name), trying only the patterns whose triggers occur in ``data``."""
        if isinstance(data, util.AtomicString):
            return data  # type: ignore[no-any-return]  # kept as the very object
        present = _present(data)
        if not present and self._all_known:
            return data
        patterns, triggers = self._patterns, self._triggers
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        while patternIndex < count:
            needs = triggers[patternIndex]
            if needs is not None and present.isdisjoint(needs):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if matched:
                present = _present(data)
            else:
                patternIndex += 1
        return data


#: Every trigger of the table, to look for once per run of text.
_ALL = tuple(dict.fromkeys(t for needs in TRIGGERS.values() for t in needs))


def _present(data: str) -> frozenset[str]:
    """The triggers that occur in ``data``."""
    return frozenset(t for t in _ALL if t in data)


class ListRegistry(util.Registry):
    """A ``Registry`` that keeps its sorted list of entries between iterations, until an
    entry is registered or removed (the only ways its order changes)."""

    _items: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        items = self._items
        if items is None:
            items = self._items = list(super().__iter__())
        return iter(items)

    def register(self, item: Any, name: str, priority: float) -> None:
        self._items = None
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self._items = None
        super().deregister(name, strict)


def keep_lists(md: Any) -> None:
    """Make every registry of ``md`` a ``ListRegistry`` (the same objects, so everything
    that holds one sees the change)."""
    for registry in (
        md.preprocessors,
        md.parser.blockprocessors,
        md.treeprocessors,
        md.inlinePatterns,
        md.postprocessors,
    ):
        registry.__class__ = ListRegistry
    remember_block_level(md)


def remember_block_level(md: Any) -> None:
    """Answer ``md.is_block_level(tag)`` from a table per tag: the serialiser and the
    tree processors ask it for every element. Its answer depends only on the tag and on
    ``md.block_level_elements``, which extensions extend while the instance is built and
    nothing changes afterwards."""
    ask = md.is_block_level
    known: dict[object, bool] = {}

    def is_block_level(tag: object) -> bool:
        answer = known.get(tag)
        if answer is None:
            answer = known[tag] = bool(ask(tag))
        return answer

    md.is_block_level = is_block_level


_BRACKETS = re.compile(r"[\[\]]")


def bracket_ends(data: str) -> list[int | None]:
    """``LinkInlineProcessor._findBracketEnds``, the same list: for each index of
    ``data``, the index just past the ``]`` that closes a bracket opened before it (the
    first later index where fewer brackets are open), or None.

    The number of open brackets changes only just past a bracket, so all the indexes of
    a stretch between two brackets share their answer: the start of the first later
    stretch with fewer open. Stretches wait on a stack until it comes, and are filled
    whole."""
    ends: list[int | None] = [None] * (len(data) + 1)
    waiting: list[tuple[int, int, int]] = []  # (first index, index past the last, depth)
    depth = start = 0
    for bracket in _BRACKETS.finditer(data):
        _close(ends, waiting, depth, start)
        at = bracket.start()
        waiting.append((start, at + 1, depth))
        depth += 1 if data[at] == "[" else -1
        start = at + 1
    _close(ends, waiting, depth, start)
    return ends


def _close(
    ends: list[int | None], waiting: list[tuple[int, int, int]], depth: int, at: int
) -> None:
    """The stretches with more brackets open than ``depth`` end at ``at``."""
    while waiting and waiting[-1][2] > depth:
        first, past, _ = waiting.pop()
        ends[first:past] = [at] * (past - first)


def find_brackets_fast(md: Any) -> None:
    """Give every link and image pattern of ``md`` ``bracket_ends`` (an attribute of the
    instance, which ``getText`` finds before the class's own)."""
    for pattern in md.inlinePatterns:
        if isinstance(pattern, LinkInlineProcessor) and hasattr(pattern, "_findBracketEnds"):
            pattern._findBracketEnds = bracket_ends
