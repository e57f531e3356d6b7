"""Markdown bodies to sanitised HTML: the one place user Markdown becomes markup.

One ``Markdown`` instance per process, reset between documents (building a new one per
item costs more than rendering a short item). The HTML it produces is then cleaned by
an allow-list (``nh3``, the Ammonia sanitiser): raw ``<script>``, event handlers,
``javascript:`` and ``data:`` URLs never reach a page.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import signal
import threading
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.diagnostics import Diagnostic
from generator.errors import InvalidProject
from generator.site import commonmark
from generator.site.fastblocks import ask_only_when_possible
from generator.site.fastinline import FastInlineProcessor, find_brackets_fast, keep_lists
from generator.site.fasttoc import FastTocExtension

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


def _extra() -> list[Extension]:
    """The extensions ``extra`` registers, in its order, as instances: named, each is
    looked up among every installed package's entry points first (10–15 ms in each new
    process), and any package could register another extension under the same name."""
    return [
        FencedCodeExtension(),
        FootnoteExtension(),
        AttrListExtension(),
        DefListExtension(),
        TableExtension(),
        AbbrExtension(),
        MarkdownInHtmlExtension(),
    ]


def _markdown(fast: bool = True) -> markdown.Markdown:
    """The process's Python-Markdown instance (``fast``: with the shortcuts of
    ``fastinline`` and ``fastblocks``, which change nothing in the output; without,
    for comparison)."""
    renderer = _renderers.get(fast)
    if renderer is None:
        toc = FastTocExtension(permalink=False) if fast else TocExtension(permalink=False)
        renderer = _renderers[fast] = markdown.Markdown(
            extensions=[*_extra(), SaneListExtension(), toc, _PlansiteExtension(fast)],
            output_format="html",
        )
        if fast:
            keep_lists(renderer)
            find_brackets_fast(renderer)
            ask_only_when_possible(renderer)
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


def _can_alarm() -> bool:
    """Whether SIGALRM can interrupt a render here: Unix, and only in the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (Unix, main thread only: see ``_can_alarm``)."""

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _render_worker(conn: Connection) -> None:
    """The loop of ``_Renderer``'s process: (engine, Markdown) in, HTML (or the error)
    out."""
    conn.send(("ready", ""))
    while True:
        try:
            engine, text = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", ENGINES[engine](text)))
        except RecursionError:
            conn.send(("recursion", ""))


class _Renderer:
    """Renders Markdown in a separate process that can be killed when a body takes too
    long: the limit for threads, where SIGALRM cannot reach (``serve`` rebuilds in its
    watcher thread). The process is started once, kept for the next body, and replaced
    only after a timeout; the main thread never uses it, so builds pay nothing for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _ready(self) -> Connection:
        if self._process is None or self._conn is None or not self._process.is_alive():
            context = multiprocessing.get_context("spawn")  # no fork of a threaded process
            ours, theirs = context.Pipe()
            process = context.Process(target=_render_worker, args=(theirs,), daemon=True)
            process.start()
            theirs.close()
            if not ours.poll(_START_SECONDS):  # "ready": importing is not the body's time
                process.kill()
                raise OSError("the Markdown renderer process did not start")
            ours.recv()
            self._process, self._conn = process, ours
        return self._conn

    def convert(self, text: str, seconds: float, engine: str) -> str:
        with self._lock:
            conn = self._ready()
            try:
                conn.send((engine, text))
                if not conn.poll(seconds):
                    self._stop()
                    raise RenderTimeout
                kind, html = conn.recv()
            except (EOFError, OSError):
                self._stop()
                raise OSError("the Markdown renderer process stopped") from None
        if kind == "recursion":
            raise RecursionError
        return str(html)

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


_renderer_process = _Renderer()
#: Longest the renderer process may take to start (import Python-Markdown) on a busy machine.
_START_SECONDS = 60.0


def render_markdown(
    text: str, *, seconds: float = RENDER_SECONDS, engine: str = DEFAULT_ENGINE
) -> Markup:
    """Sanitised HTML for a Markdown body, safe to place in a page unescaped, from the
    engine named by the ``markdown.engine`` setting. Off the main thread the body is
    rendered in the renderer process, where the time limit can still be enforced."""
    if not _can_alarm():
        return Markup(sanitise(_renderer_process.convert(text, seconds, engine)))
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


#: Bodies rendered ahead of their pages (``build.ahead``): ``body_key`` → ``packed`` HTML.
_rendered: dict[bytes, bytes] = {}


def body_key(engine: str, text: str) -> bytes:
    """What a body rendered ahead is found by: a digest of its engine and exact text."""
    data = f"{engine}\0{text}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).digest()


def packed(html: str) -> bytes:
    """Sanitised HTML as a body rendered ahead is kept: compressed, a third of its size.
    Every page worker inherits all of them; kept as text, the bodies of 10,000 items
    took a build over 300 MB. Unpacking one costs a few microseconds."""
    return zlib.compress(html.encode("utf-8"), 1)


def use_rendered(rendered: dict[bytes, bytes]) -> None:
    """Make ``rendered`` (``body_key`` → ``packed`` HTML) the bodies ``render_body``
    takes as they are; an empty mapping drops them."""
    global _rendered
    _rendered = rendered


def render_body(text: str, path: str, line: int, engine: str = DEFAULT_ENGINE) -> Markup:
    """``render_markdown`` for a file's body: a body that will not render in time is
    reported at its file, like any other problem, instead of hanging the build."""
    if _rendered:
        html = _rendered.get(body_key(engine, text))
        if html is not None:
            return Markup(zlib.decompress(html).decode("utf-8"))
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
