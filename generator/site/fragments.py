"""The markup that item pages and item rows repeat: an item's row in every item table, the
list of facts at the top of its page and the links to the next and linking items at its
foot, a status badge, links to an item's personas, stages or channels, its owner, and
the table of gaps (on the item pages of half the plan, and on the gap, stage, owner and
results pages).

They are Python rather than template macros for speed alone: a Jinja macro call costs
some twenty microseconds, and an item page and its row made ten or more of them, a
tenth of the template time of a 10,000-item site. The facts of an item page were some
twenty template calls of a microsecond or two each. Each returns ``Markup`` escaped
exactly as the template would have escaped it, so the pages are the same byte for byte
(``tests/test_fragments.py`` holds them to the macros and templates they replaced).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

from generator.model import Gap, Item, Project

#: The fragments, as templates call them.
NAMES = (
    "status_badge",
    "severity_badge",
    "id_links",
    "owner_link",
    "gap_table",
    "item_facts",
    "journey_links",
)


class Fragments:
    """The fragments for one page (or for the rows a process renders), made with that
    page's helpers: ``link`` makes links relative to it, ``name`` records the items it
    names, ``t``, ``fmt`` and ``say`` speak its language. Templates call them by the
    names of ``NAMES``."""

    __slots__ = ("channels", "fmt", "link", "name", "owners", "say", "t")

    def __init__(self, project: Project, helpers: Mapping[str, Any]) -> None:
        self.owners, self.channels = project.owner_by_id, project.channel_by_id
        self.link: Any = helpers["link"]
        self.name: Callable[[str, str], str] = helpers["name"]
        self.t: Callable[..., str] = helpers["t"]
        self.fmt: Callable[..., str] = helpers["fmt"]
        self.say: Callable[..., str] = helpers["say"]

    def context(self) -> dict[str, Callable[..., Markup]]:
        """The fragments by the names templates call them."""
        return {name: getattr(self, name) for name in NAMES}

    def status_badge(self, status: str) -> Markup:
        label = escape(self.t("status_" + status))
        return Markup(f'<span class="status status-{escape(status)}">{label}</span>')

    def severity_badge(self, severity: str) -> Markup:
        label = escape(self.t("severity_" + severity))
        return Markup(f'<span class="sev sev-{escape(severity)}">{label}</span>')

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

    def item_row(self, item: Item) -> Markup:
        """An item's row in every item table: its date, title, status, personas, stages,
        channels and owner."""
        t = self.t
        when = self._time(item.date) if item.date else escape(t("undated"))
        cells = (
            ("title", _link(self.link(item.url), item.title)),
            ("status", self.status_badge(item.status)),
            ("persona", self.id_links("persona", item.personas)),
            ("stage", self.id_links("stage", item.stages)),
            ("channel", self.id_links("channel", item.channels)),
            ("owner", self.owner_link(item.owner)),
        )
        rest = "".join(
            f'    <td data-label="{escape(t(key))}">{html}</td>\n' for key, html in cells
        )
        first = f'<td class="nowrap" data-label="{escape(t("date"))}">{when}</td>'
        return Markup(f"<tr>\n    {first}\n{rest}  </tr>\n")

    def item_facts(
        self,
        item: Item,
        deadline: date | None,
        kpi: Sequence[str],
        history: Sequence[date] | None,
    ) -> Markup:
        """The list of facts at the top of an item's page: status, date, personas,
        stages, channels, format and owner on a line each; then, run together, those it
        may lack (its deadline, review date, campaign, tags and targets); its source
        file; and, with the plan's history, when it was first added and last changed."""
        t, name, when = self.t, self.name, self._time

        def fact(key: str, html: str) -> str:
            return f"<dt>{escape(t(key))}</dt><dd>{html}</dd>"

        kind = escape(name("format", item.format) if item.format else t("none"))
        lines = (
            fact("status", self.status_badge(item.status)),
            fact("date", when(item.date, item.time) if item.date else escape(t("undated"))),
            fact("persona", self.id_links("persona", item.personas)),
            fact("stage", self.id_links("stage", item.stages)),
            fact("channel", self.id_links("channel", item.channels)),
            fact("format", kind),
            fact("owner", self.owner_link(item.owner)),
        )
        lacking = (
            fact("deadline", when(deadline)) if deadline else "",
            fact("review_by", when(item.review_by)) if item.review_by else "",
            fact("campaign", escape(item.campaign)) if item.campaign else "",
            fact("tags", escape(", ".join(item.tags))) if item.tags else "",
            fact("kpi", escape(", ".join(kpi))) if kpi else "",
        )
        source = fact("source", f"<code>{escape(item.path)}</code>")
        dates = ""
        if history:
            dates = fact("first_added", when(history[0])) + fact("last_changed", when(history[1]))
        shown = "".join(f"  {line}\n" for line in lines)
        return Markup(f'<dl class="meta-list">\n{shown}{"".join(lacking)}  {source}\n{dates}</dl>')

    def journey_links(self, following: Sequence[str], backlinks: Sequence[str]) -> Markup:
        """The navigation at the foot of an item page: the items it leads to next, and
        the items that lead to it."""
        t = self.t

        def section(heading: str, ids: Sequence[str], empty: str) -> str:
            if ids:
                items = "".join([f"<li>{self._item_link(i)}</li>" for i in ids])
                listed = f"<ul>{items}</ul>\n"
            else:
                listed = f'<p class="empty">{escape(t(empty))}</p>'
            return f"<section>\n<h2>{escape(t(heading))}</h2>\n{listed}</section>\n"

        return Markup(
            f'<nav class="journey-links" aria-label="{escape(t("next"))}">\n'
            + section("next", following, "no_next")
            + section("linked_from", backlinks, "no_backlinks")
            + "</nav>"
        )

    def _item_link(self, item_id: str) -> str:
        return _link(self.link.item(item_id), self.name("item", item_id))

    def gap_table(self, gaps: Sequence[Gap]) -> Markup:
        """The gaps with their severity, kind, what they concern and the sentence that
        explains them."""
        heads = "".join(
            f'<th scope="col">{escape(self.t(key))}</th>'
            for key in ("severity", "gap", "concerns", "description")
        )
        return Markup(
            '<div class="table-wrap" tabindex="0">\n<table class="gaps stack">\n'
            f"  <thead><tr>{heads}</tr></thead>\n  <tbody>\n"
            + "".join([self._gap_row(gap) for gap in gaps])
            + "  </tbody>\n</table>\n</div>"
        )

    def _gap_row(self, gap: Gap) -> str:
        t = self.t
        ignored = f' <span class="tag">{escape(t("ignored"))}</span>' if gap.ignored else ""
        row_class = ' class="ignored"' if gap.ignored else ""
        sentence = escape(self.say(gap.message))
        return (
            f"  <tr{row_class}>\n"
            f'    <td data-label="{escape(t("severity"))}">'
            f"{self.severity_badge(gap.severity)}{ignored}</td>\n"
            f'    <td data-label="{escape(t("gap"))}"><code>{escape(gap.code)}</code><br>'
            f'<span class="meta">{escape(t("gap_" + gap.code))}</span></td>\n'
            f'    <td data-label="{escape(t("concerns"))}">{self._concerns(gap)}</td>\n'
            f'    <td data-label="{escape(t("description"))}">{sentence}</td>\n'
            "  </tr>\n"
        )

    def _concerns(self, gap: Gap) -> str:
        """What a gap concerns: its persona, channel, format, owner and item, each
        followed by a space, then its date."""
        link, name = self.link, self.name
        parts = []
        if gap.persona:
            parts.append(_link(link.persona(gap.persona), name("persona", gap.persona)) + " ")
        if gap.channel in self.channels:
            parts.append(_link(link.channel(gap.channel), name("channel", gap.channel)) + " ")
        elif gap.channel:
            parts.append(f"{escape(gap.channel)} ")
        if gap.format:
            parts.append(f"{escape(name('format', gap.format))} ")
        if gap.owner:
            parts.append(f"{self.owner_link(gap.owner)} ")
        if gap.item:
            parts.append(self._item_link(gap.item) + " ")
        if gap.date:
            parts.append(self._time(gap.date))
        return "".join(parts)

    def _time(self, day: date, moment: datetime | None = None) -> str:
        """A day (or the moment on it) as the page words it, machine-readable too."""
        iso = escape((moment or day).isoformat())
        return f'<time datetime="{iso}">{escape(self.fmt(day, moment))}</time>'


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'
