"""Phase five: turn the model (and later the analysis) into HTML pages, in memory.

One Jinja environment per process — autoescape on, ``StrictUndefined`` so a typo in a
template fails the build instead of printing nothing. Each page is a ``Page``: where it
goes, which template, and its context; ``render_tracked`` is the only place a template runs.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import stat
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, NamedTuple

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from generator import __version__
from generator.model import ROLES, Item, Project
from generator.paths import cache_dir, channel_url, owner_url, persona_url, stage_url
from generator.site.fragments import Fragments
from generator.site.i18n import format_date, format_moment, format_month, translator, weekday_names
from generator.site.search import summary
from generator.site.urls import relative_link, relative_to, root_prefix
from generator.site.wording import say

ASSET_CSS = "assets/plansite.css"
#: The template of an item's own page: the one page per item, and the only one that
#: shows a body.
ITEM_TEMPLATE = "item.html"


class Page(NamedTuple):
    """One HTML file of the site. (A named tuple: a site has one per item, made anew on
    every rebuild, and a tuple is the cheapest immutable record to make.)"""

    path: str  # relative to the site root, POSIX separators
    template: str
    context: dict[str, Any]


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier run, kept in plansite's cache folder: compiling
    them takes half a second, as long as a whole small rebuild. Jinja checks each entry
    against the template's source and the Python version; one that cannot be written
    only costs the next run that half second."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """The cache of compiled templates, in a folder only this user can write to (the
    rule Jinja applies to its own default folder); None when there is no such folder."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != owner or info.st_mode & 0o022:
        return None
    return _CompiledTemplates(str(folder))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        bytecode_cache=_compiled_templates(),
        auto_reload=False,  # plansite's own files: not changed while it runs
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

    def owner(self, owner_id: str) -> str:
        return self(owner_url(owner_id))

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


class _RowLinks(Links):
    """Links for a row rendered once for every page that lists it: each link is written
    as a placeholder (NUL, its number, NUL; user text never holds a NUL, see
    ``generator.text``) and its target kept, to be made relative per page."""

    def __init__(self, project: Project, reads: set[str], targets: list[str]) -> None:
        super().__init__(project, "", reads)
        self.targets = targets

    def __call__(self, target: str) -> str:
        self.targets.append(target)
        return f"\0{len(self.targets) - 1}\0"


#: The main navigation of every page: (page, label key), in order.
NAVIGATION = (
    ("index.html", "dashboard"),
    ("matrix.html", "matrix"),
    ("gaps.html", "gaps"),
    ("calendar.html", "calendar"),
    ("workload.html", "workload"),
    ("results.html", "results"),
    ("journeys.html", "journeys"),
    ("items.html", "items"),
    ("personas.html", "personas"),
    ("stages.html", "stages"),
    ("channels.html", "channels"),
    ("owners.html", "owners"),
)
_NAVIGATION_TARGETS = frozenset(target for target, _ in NAVIGATION)


class _Row(NamedTuple):
    """An item-table row cut at its links: ``texts`` around them (one more than the
    links), the ``targets`` they point to, and the items it read."""

    texts: tuple[str, ...]
    targets: tuple[str, ...]
    reads: frozenset[str]

    @classmethod
    def of(cls, markup: str, targets: list[str], reads: set[str]) -> _Row:
        """The row from its markup with placeholders (``_RowLinks``): NUL, a link's
        number, NUL."""
        parts = str.split(markup, "\0")  # plain pieces: a Markup would wrap each one
        in_order = tuple(targets[int(n)] for n in parts[1::2])
        return cls(tuple(parts[::2]), in_order, frozenset(reads))

    def put(self, out: list[str], folder: str) -> None:
        """Add the row to ``out`` as it reads on a page in ``folder``: each link relative
        to that folder, escaped as the template escapes any value."""
        texts = self.texts
        out.append(texts[0])
        for target, text in zip(self.targets, texts[1:], strict=True):
            out += (_row_link(folder, target), text)


@lru_cache(maxsize=65536)
def _row_link(folder: str, target: str) -> str:
    """A row's link on a page in ``folder``, escaped: rows link to the same personas,
    stages, channels and owners over and over."""
    return str(escape(relative_to(folder, target)))


class _Shared:
    """What is rendered once per project and process instead of once per page.

    - Item-table rows: an item appears in many lists (all items, its personas, stages,
      channels and matrix cells) on pages in many folders; its row is rendered once,
      with placeholders for its links, and each list page puts in its own relative
      links. List pages stay linear in items, and a row is made once per process
      (``fragments.Fragments.item_row``), whatever the folders.
    - The site header: the same on every page of a folder but for the page the
      navigation marks as current, so it is rendered once per folder (and once for
      each page the navigation lists). It was a third of an item page's template time.
    """

    def __init__(self) -> None:
        self.project: Project | None = None
        self.rows: dict[str, _Row] = {}
        self.rows_kit: _RowKit | None = None
        self.headers: dict[tuple[str, str], Markup] = {}

    def for_project(self, project: Project) -> _Shared:
        if self.project is not project:
            self.project, self.rows, self.rows_kit, self.headers = project, {}, None, {}
        return self

    def header(self, context: dict[str, Any]) -> Markup:
        page = context["page_path"]
        key = (posixpath.dirname(page), page if page in _NAVIGATION_TARGETS else "")
        found = self.headers.get(key)
        if found is None:
            html = environment().get_template("header.html").render(context)
            found = self.headers[key] = Markup(html.removesuffix("\n"))
        return found


_shared = _Shared()


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
    shared = _shared.for_project(project)
    rows = shared.rows

    def item_rows(items: Iterable[Item]) -> Markup:
        """The rows of an item table, each on a line of its own, indented as the table's
        body (one call for the rows of a page: a template call per row cost more than
        the row)."""
        folder = posixpath.dirname(page.path) or "."
        out: list[str] = []
        for item in items:
            row = rows.get(item.id)
            if row is None:
                row = rows[item.id] = _render_row(project, context, item)
            reads.update(row.reads)
            if out:
                out.append("\n  ")
            row.put(out, folder)
        return Markup("".join(out))

    context["item_rows"] = item_rows
    context.update(Fragments(project, context).context())
    context["navigation"] = NAVIGATION
    context["site_header"] = lambda: shared.header(context)
    html = environment().get_template(page.template).render(page.context, **context)
    return html.encode("utf-8"), tuple(sorted(reads))


def _render_row(project: Project, context: dict[str, Any], item: Item) -> _Row:
    """Render ``item``'s row once, with its links as placeholders; a row records its own
    reads, so that every page using it inherits them."""
    kit = _shared.rows_kit
    if kit is None:
        kit = _shared.rows_kit = _RowKit(project, context)
    return kit.render(item)


class _RowKit:
    """The fragments every row a process renders is made with, made once: their
    ``link`` and ``name`` record into lists emptied before each row. (Nothing of the
    page is used: the row is the same on every page but for its links.)"""

    def __init__(self, project: Project, context: dict[str, Any]) -> None:
        self.reads: set[str] = set()
        self.targets: list[str] = []
        link, name = _RowLinks(project, self.reads, self.targets), _names(project, self.reads)
        self.fragments = Fragments(project, {**context, "link": link, "name": name})

    def render(self, item: Item) -> _Row:
        self.reads.clear()
        self.targets.clear()
        return _Row.of(self.fragments.item_row(item), self.targets, self.reads)
