"""Splitting long item lists into pages a browser opens fast.

A list of ten thousand items is several megabytes of HTML: slow to download, parse and
lay out, above all on a phone. Every list drawn with the shared item table is therefore
cut into pages of ``LIST_PAGE_SIZE`` items. Page 1 stays where the whole list used to
be; the others live at ``urls.list_page_url``. A list that fits on one page is drawn
exactly as before, without a pager.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Item
from generator.site.urls import list_page_url

#: Items on one page of a list (all items, a persona's, a stage's, a channel's, a matrix
#: cell's). 200 rows keep a page near 130 KB: quick to open on a phone, and few enough
#: pages that the pager stays short.
LIST_PAGE_SIZE = 200


@dataclass(frozen=True)
class Layout:
    """How much one page shows before the rest moves a link away. The defaults suit a
    plan of any size; tests pass smaller ones to see the cut without thousands of items."""

    #: Items on one page of a list (see ``pagination``).
    list_page_size: int = LIST_PAGE_SIZE
    #: Cards in one stage column of a journey map; the rest are a link away, on the
    #: matrix cell's page. 24 per column keep a six-stage map near 150 cards: quick to
    #: lay out, and under the 400 past which ``journey.js`` draws no arrows.
    journey_cards: int = 24
    #: Items the dashboard lists as due soon and as overdue, each; the calendar has all.
    dashboard_items: int = 20
    #: Item targets the Results page lists; ``exports/kpi.csv`` holds them all.
    results_pieces: int = 200


DEFAULT_LAYOUT = Layout()

#: Numbered links shown around the current page, and at each end of the pager; the runs
#: between collapse into an ellipsis (as Django's ``get_elided_page_range`` does).
ON_EACH_SIDE = 2
ON_ENDS = 1


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its list: all a template needs for headings and links."""

    first_page: str  # site path of page 1
    number: int  # this page, from 1
    count: int  # pages in the list
    total: int  # items in the list
    size: int  # items per page

    @property
    def start(self) -> int:
        """Position (from 1) of the first item on this page."""
        return min((self.number - 1) * self.size + 1, self.total)

    @property
    def end(self) -> int:
        """Position of the last item on this page."""
        return min(self.number * self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    def url(self, number: int) -> str:
        """The site path of page ``number`` of this list."""
        return list_page_url(self.first_page, number)

    def numbers(self) -> tuple[int | None, ...]:
        """The page numbers to link, None where a run is left out."""
        return elided_range(self.number, self.count)


def elided_range(
    number: int, count: int, on_each_side: int = ON_EACH_SIDE, on_ends: int = ON_ENDS
) -> tuple[int | None, ...]:
    """Pages 1..count, keeping both ends and the neighbours of ``number``; a gap of two
    or more pages becomes None (an ellipsis), a gap of one page is shown instead."""
    if count <= (on_each_side + on_ends) * 2 + 1:
        return tuple(range(1, count + 1))
    keep = set(range(1, on_ends + 1)) | set(range(count - on_ends + 1, count + 1))
    keep |= set(range(max(1, number - on_each_side), min(count, number + on_each_side) + 1))
    out: list[int | None] = []
    previous = 0
    for page in sorted(keep):
        if page - previous == 2:
            out.append(page - 1)
        elif page - previous > 2:
            out.append(None)
        out.append(page)
        previous = page
    return tuple(out)


def paginate(
    first_page: str, items: Sequence[Item], size: int = LIST_PAGE_SIZE
) -> list[tuple[Pager, tuple[Item, ...]]]:
    """The pages of one list, in order: each page's pager and its items. An empty list
    is one page without items (the table then says there are none)."""
    count = max(1, -(-len(items) // size))
    return [
        (
            Pager(first_page, number, count, len(items), size),
            tuple(items[(number - 1) * size : number * size]),
        )
        for number in range(1, count + 1)
    ]
