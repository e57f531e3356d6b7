"""Markdown bodies to sanitised HTML: the one place user Markdown becomes markup.

One ``Markdown`` instance per process, reset between documents (building a new one per
item costs more than rendering a short item). The HTML it produces is then cleaned by
an allow-list (``nh3``, the Ammonia sanitiser): raw ``<script>``, event handlers,
``javascript:`` and ``data:`` URLs never reach a page.
"""

from __future__ import annotations

import re
import signal
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.diagnostics import Diagnostic
from generator.errors import InvalidProject
from generator.site import commonmark
from generator.site.fastinline import FastInlineProcessor, keep_lists

#: Longest a single body may take to render. Python-Markdown has inputs (thousands of
#: nested brackets) that take minutes; one hostile file must not hang a build.
RENDER_SECONDS = 5.0

#: The engine a project gets unless ``markdown.engine`` in plansite.yaml names another.
DEFAULT_ENGINE = "python-markdown"

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir", "class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_MD_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!/)([^#?]*?)\.md((?:[#?].*)?)$", re.I)


def _page_href(href: str) -> str:
    """``other.md#part`` → ``other.html#part``: item pages sit where their sources do."""
    return _MD_LINK.sub(r"\1.html\2", href)


class _MdLinksToPages(Treeprocessor):
    """Links to other items' ``.md`` files point at their pages."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href:
                element.set("href", _page_href(href))


class _PlansiteExtension(Extension):
    def __init__(self, fast: bool) -> None:
        super().__init__()
        self.fast = fast

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_MdLinksToPages(md), "plansite_md_links", 5)
        if self.fast:
            md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)


_renderers: dict[bool, markdown.Markdown] = {}


def _markdown(fast: bool = True) -> markdown.Markdown:
    """The process's Python-Markdown instance (``fast``: with the shortcuts of
    ``fastinline``, which change nothing in the output; without, for comparison)."""
    renderer = _renderers.get(fast)
    if renderer is None:
        renderer = _renderers[fast] = markdown.Markdown(
            extensions=["extra", "sane_lists", "toc", _PlansiteExtension(fast)],
            extension_configs={"toc": {"permalink": False}},
            output_format="html",
        )
        if fast:
            keep_lists(renderer)
    return renderer


def python_markdown(text: str, *, fast: bool = True) -> str:
    """Unsanitised HTML from Python-Markdown, the default engine."""
    md = _markdown(fast)
    try:
        html: str = md.reset().convert(text)
        return html
    finally:
        md.reset()


#: The Markdown engines, by the name ``markdown.engine`` takes in plansite.yaml.
ENGINES: dict[str, Callable[[str], str]] = {
    "python-markdown": python_markdown,
    "commonmark": lambda text: commonmark.render(text, _page_href),
}

#: One allow-list sanitiser, built once: building it per body costs as much as using it.
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    attributes=_ALLOWED_ATTRIBUTES,
    url_schemes=_URL_SCHEMES,
    filter_style_properties={"text-align"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return _CLEANER.clean(html)


class RenderTimeout(Exception):
    """A body took longer than ``RENDER_SECONDS`` to render."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (Unix, main thread; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_markdown(
    text: str, *, seconds: float = RENDER_SECONDS, engine: str = DEFAULT_ENGINE
) -> Markup:
    """Sanitised HTML for a Markdown body, safe to place in a page unescaped, from the
    engine named by the ``markdown.engine`` setting."""
    convert = ENGINES[engine]
    with _time_limit(seconds):
        html = convert(text)
    return Markup(sanitise(html))


class Body:
    """A Markdown body rendered only when a template prints it (Jinja calls
    ``__html__``), so the work happens in whichever process renders the page."""

    __slots__ = ("engine", "line", "path", "text")

    def __init__(self, text: str, path: str, line: int, engine: str = DEFAULT_ENGINE) -> None:
        self.text, self.path, self.line, self.engine = text, path, line, engine

    def __html__(self) -> str:
        return str(render_body(self.text, self.path, self.line, self.engine))

    def __repr__(self) -> str:
        return f"Body({self.path!r}, {self.line}, {self.text!r}, {self.engine!r})"


def render_body(text: str, path: str, line: int, engine: str = DEFAULT_ENGINE) -> Markup:
    """``render_markdown`` for a file's body: a body that will not render in time is
    reported at its file, like any other problem, instead of hanging the build."""
    try:
        return render_markdown(text, seconds=RENDER_SECONDS, engine=engine)
    except (RenderTimeout, RecursionError):
        raise InvalidProject(
            [
                Diagnostic(
                    path,
                    line,
                    1,
                    "error",
                    "render-timeout",
                    f"the Markdown body did not render within {RENDER_SECONDS:g} seconds",
                    "look for deeply nested brackets, quotes or lists",
                )
            ]
        ) from None
