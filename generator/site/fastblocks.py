"""Python-Markdown's block processors, asked only when a block could be theirs.

Python-Markdown hands every block to its processors in turn until one takes it, and
a plain paragraph is offered to all of them first: the table test alone splits the
first row's cells, and others scan the whole block with a regular expression. Each
test here is preceded by a substring check that every block the processor takes must
pass (a table's first row has a pipe; a block quote has a ``>``), so a block that
fails it gets the answer the processor would have given, False, without the work.
The output is the same byte for byte (``python_markdown(fast=False)`` is the
reference the tests compare with); a processor not named here is asked as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown import util


def _may_be_table(block: str) -> bool:
    """A header row with a pipe, and a second row."""
    first, newline, _ = block.partition("\n")
    return bool(newline) and "|" in first


def _may_be_setext_heading(block: str) -> bool:
    """A second line of ``=`` or ``-``."""
    return block.partition("\n")[2][:1] in ("=", "-")


def _may_be_rule(block: str) -> bool:
    return "-" in block or "_" in block or "*" in block


#: Per processor (by its name in Python-Markdown's registry): what a block it takes
#: always has. For ``footnote``, ``abbr``, ``reference`` and ``markdown_block`` the
#: test says yes to everything and the processor's ``run`` declines (returns False,
#: the block put back) when its pattern is not there: the check stands for that.
MAY_TAKE: dict[str, Callable[[str], bool]] = {
    "markdown_block": lambda block: block.startswith(util.STX),
    "table": _may_be_table,
    "setextheader": _may_be_setext_heading,
    "hr": _may_be_rule,
    "deflist": lambda block: ":" in block,
    "quote": lambda block: ">" in block,
    "footnote": lambda block: "[^" in block,
    "abbr": lambda block: "*[" in block,
    "reference": lambda block: "]:" in block,
}


def ask_only_when_possible(md: Any) -> None:
    """Put the checks of ``MAY_TAKE`` before the tests of ``md``'s block processors."""
    registry = md.parser.blockprocessors
    for item in registry._priority:
        may_take = MAY_TAKE.get(item.name)
        if may_take is not None:
            processor = registry[item.name]
            processor.test = _checked(may_take, processor.test)


def _checked(may_take: Callable[[str], bool], test: Callable[[Any, str], bool]) -> Any:
    def checked_test(parent: Any, block: str) -> bool:
        return may_take(block) and test(parent, block)

    return checked_test
