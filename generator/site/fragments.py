"""The three small pieces of markup that every item page and every item row repeats: a
status badge, links to an item's personas, stages or channels, and its owner.

They are Python rather than template macros for speed alone: a Jinja macro call costs
some twenty microseconds, and an item page and its row make ten of them, a tenth of the
template time of a 10,000-item site. Each returns ``Markup`` escaped exactly as the
template would have escaped it, so the pages are the same byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup, escape

from generator.model import Project


class Fragments:
    """The fragments for one page (or for the rows a process renders): ``link`` makes
    its links relative to that page, ``name`` records the items it names, ``t`` speaks
    its language. Templates call them as ``status_badge(...)``, ``id_links(...)`` and
    ``owner_link(...)``."""

    __slots__ = ("link", "name", "owners", "t")

    def __init__(
        self, project: Project, link: Any, name: Callable[[str, str], str], t: Callable[..., str]
    ) -> None:
        self.owners = project.owner_by_id
        self.link, self.name, self.t = link, name, t

    def status_badge(self, status: str) -> Markup:
        label = escape(self.t("status_" + status))
        return Markup(f'<span class="status status-{escape(status)}">{label}</span>')

    def id_links(self, kind: str, ids: Iterable[str]) -> Markup:
        """Links to the pages of ``ids`` (personas, stages or channels), comma-separated;
        empty (and so false in a template) when there are none."""
        to_page, name = getattr(self.link, kind), self.name
        return Markup(", ".join([_link(to_page(value), name(kind, value)) for value in ids]))

    def owner_link(self, owner_id: str | None) -> Markup:
        """A link to the owner's page; the id as it was written when no such owner is
        declared, and "none" when there is no owner."""
        if owner_id and owner_id in self.owners:
            return Markup(_link(self.link.owner(owner_id), self.name("owner", owner_id)))
        return escape(owner_id or self.t("none"))

    def context(self) -> dict[str, Callable[..., Markup]]:
        """The names templates know them by."""
        return {
            "status_badge": self.status_badge,
            "id_links": self.id_links,
            "owner_link": self.owner_link,
        }


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'
