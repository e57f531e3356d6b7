"""Phase five: turn the model (and later the analysis) into HTML pages, in memory.

One Jinja environment per process — autoescape on, ``StrictUndefined`` so a typo in a
template fails the build instead of printing nothing. Each page is a ``Page``: where it
goes, which template, and its context; ``render_tracked`` is the only place a template runs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.model import ROLES, Item, Project
from generator.paths import channel_url, persona_url, stage_url
from generator.site.i18n import format_date, format_moment, format_month, translator, weekday_names
from generator.site.search import summary
from generator.site.urls import relative_link, root_prefix
from generator.site.wording import say

ASSET_CSS = "assets/plansite.css"


class Page(NamedTuple):
    """One HTML file of the site. (A named tuple: a site has one per item, made anew on
    every rebuild, and a tuple is the cheapest immutable record to make.)"""

    path: str  # relative to the site root, POSIX separators
    template: str
    context: dict[str, Any]


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


class Links:
    """What templates call to link from the page being rendered to any other page.

    ``reads`` collects the ids of the items linked by id: the page depends on their
    addresses although they are not in its context (see ``cache``)."""

    def __init__(self, project: Project, page_path: str, reads: set[str] | None = None) -> None:
        self.project = project
        self.page = page_path
        self.reads = set() if reads is None else reads

    def __call__(self, target: str) -> str:
        return relative_link(self.page, target)

    def persona(self, persona_id: str) -> str:
        return self(persona_url(persona_id))

    def stage(self, stage_id: str) -> str:
        return self(stage_url(stage_id))

    def channel(self, channel_id: str) -> str:
        return self(channel_url(channel_id))

    def item(self, item_id: str) -> str:
        self.reads.add(item_id)
        return self(self.project.item_by_id[item_id].url)


def _names(project: Project, reads: set[str]) -> Callable[[str, str], str]:
    """Display name of a persona/stage/channel/item id; the id itself as a fallback.
    Item ids named are added to ``reads``."""
    tables = project.display_names

    def name(kind: str, value: str) -> str:
        if kind == "item":
            reads.add(value)
        return tables[kind].get(value, value)

    return name


class _RowCache:
    """Rendered item-table rows, per project and per page folder.

    An item appears in many lists (all items, its personas, stages, channels and matrix
    cells); its row only depends on the folder of the page it sits on, through the
    relative links. Rendering it once per folder keeps list pages linear in items.
    """

    def __init__(self) -> None:
        self.project: Project | None = None
        self.rows: dict[tuple[str, str], tuple[Markup, frozenset[str]]] = {}

    def for_project(self, project: Project) -> dict[tuple[str, str], tuple[Markup, frozenset[str]]]:
        if self.project is not project:
            self.project, self.rows = project, {}
        return self.rows


_row_cache = _RowCache()


def render_tracked(project: Project, page: Page) -> tuple[bytes, tuple[str, ...]]:
    """Render one page to UTF-8 bytes, with the ids of the items it named or linked by
    id (sorted): their titles and addresses are inputs of the page outside its context."""
    language = project.config.language
    reads: set[str] = set()

    def fmt(day: date | None, moment: datetime | None = None) -> str:
        return format_moment(day, moment, language) if day is not None else ""

    context: dict[str, Any] = {
        "project": project,
        "config": project.config,
        "lang": language,
        "t": translator(language),
        "say": lambda phrase: say(phrase, language),
        "fmt": fmt,
        "fmt_month": lambda year, month: format_month(year, month, language),
        "weekday_names": weekday_names(language),
        "link": Links(project, page.path, reads),
        "name": _names(project, reads),
        "root": root_prefix(page.path),
        "css": relative_link(page.path, ASSET_CSS),
        "today": format_date(project.today, language),
        "version": __version__,
        "roles": ROLES,
        "page_path": page.path,
        "page_kind": page.template.removesuffix(".html"),
        "summary": summary,
    }
    rows = _row_cache.for_project(project)
    folder = posixpath.dirname(page.path)
    row_template = environment().get_template("item_row.html")

    # a row records its own reads, so that every page using the cached row inherits them
    row_reads: set[str] = set()
    row_context = {
        **context,
        "link": Links(project, page.path, row_reads),
        "name": _names(project, row_reads),
    }

    def item_row(item: Item) -> Markup:
        key = (folder, item.id)
        row = rows.get(key)
        if row is None:
            row_reads.clear()
            markup = Markup(row_template.render(row_context, item=item))
            row = rows[key] = (markup, frozenset(row_reads))
        reads.update(row[1])
        return row[0]

    context["item_row"] = item_row
    html = environment().get_template(page.template).render(page.context, **context)
    return html.encode("utf-8"), tuple(sorted(reads))
