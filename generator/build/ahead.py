"""Work done ahead, on the cores a first build leaves idle while it loads.

A build that renders every page (the first one into an output folder, or ``--clean``)
first reads, checks, analyses and plans the project in one process, with every other
core idle. Helpers forked as the build starts (``start_helpers``, before it digests
its inputs) take two jobs off it:

- **Parsing.** The item files are shared out between this process and the helpers. Each
  helper reads and parses its share exactly as the loader does (``loaders.file_result``),
  finds each body's relative links, and sends the results back, while this process
  parses its own share. The results go into the build's memo, so that loading then finds
  every item file parsed. A helper's result comes with the ``stat`` signature the helper
  took before reading the file, and the memo uses it only while the file still has that
  signature (``Memo.lookup``): a file edited in between is parsed again.
- **Bodies.** Then each helper renders Markdown bodies, most of the work of an item
  page, and hands the HTML over (compressed, ``markdown.packed``) just before the pages
  are rendered. A body's HTML is looked up by a digest of its exact text and engine
  (``markdown.body_key``), so a file that changed in between only misses. A body a helper
  cannot render in time is left to the page workers, which report it as always.

A helper that fails, or is slow to answer, hands over nothing, and this process does the
work itself as it would have without helpers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import tzinfo
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from generator.collector import collector_paused
from generator.errors import PlansiteError
from generator.incremental.disk import Signature, signature
from generator.incremental.memo import Memo
from generator.load.frontmatter import body_text, split_front_matter
from generator.load.links import relative_targets
from generator.load.loaders import FileResult, file_result, find_root, load_config, parse_item
from generator.load.sources import SourceFile, read_text, walk
from generator.model import Item
from generator.site.forkpool import worker_count
from generator.site.markdown import RENDER_SECONDS, body_key, packed, render_body, use_rendered

#: Fewer item files than this, and a helper costs more than it saves.
AHEAD_MIN_ITEMS = 300
#: The engines whose bodies are worth rendering ahead: both. The compiled ``commonmark``
#: engine renders a body in a third of a millisecond, so its helpers render most bodies
#: while the build checks and plans, and each page worker holds all their HTML:
#: at 10,000 items, 0.9-1.1 s faster in three alternating pairs, with a peak of 292 MB
#: against 288 MB (kept as text rather than ``packed``, 309-316 MB).
AHEAD_ENGINES = frozenset({"python-markdown", "commonmark"})
#: Longest to wait for a helper's answer once asked: it finishes the file or body it is
#: on (a body takes at most ``RENDER_SECONDS``) and sends what it has.
_ANSWER_SECONDS = RENDER_SECONDS + 10.0
#: Files or bodies per message of a helper's answer.
_CHUNK = 256

#: A file a helper parsed: its path in the project, its signature before it was read,
#: the parse, and its body's relative links (None where it holds no item).
Parsed = tuple[str, Signature | None, FileResult, tuple[tuple[int, int, str], ...] | None]


@contextmanager
def work_ahead(
    root: Path, engine: str, zone: tzinfo, items: int, helpers: int, *, parse: bool
) -> Iterator[Ahead | None]:
    """Helpers (``helpers`` of them) working ahead on the project in ``root`` for the
    block, parsing its item files in the time zone ``zone`` when ``parse`` (a memo that
    has them already needs none) and rendering bodies with an engine of
    ``AHEAD_ENGINES``; None where they would not pay (fewer than ``AHEAD_MIN_ITEMS`` item
    files, nothing to do) or cannot be forked. What they handed over is dropped after the
    block."""
    bodies = engine in AHEAD_ENGINES
    forks = "fork" in multiprocessing.get_all_start_methods()
    if helpers < 1 or items < AHEAD_MIN_ITEMS or not (parse or bodies) or not forks:
        yield None
        return
    ahead = Ahead(root, engine if bodies else None, zone if parse else None, helpers)
    try:
        yield ahead
    finally:
        ahead.close()
        use_rendered({})


def start_helpers(
    root: Path, workers: int | None, *, parse: bool
) -> AbstractContextManager[Ahead | None]:
    """``work_ahead`` for a build that will render every page, started as the build
    begins (``build.build``), with one helper per core but one: they read item files
    while the build finds out what changed (0.26 s at 10,000 items, 2.6 s at 100,000).
    None where the settings cannot be read (the build reports why) or the plan has too
    few item files."""
    try:
        config, usable, problems = load_config(find_root(root))
    except (PlansiteError, OSError):
        return nullcontext(None)
    if not usable or problems:
        return nullcontext(None)
    helpers = (worker_count() if workers is None else workers) - 1
    items = _count_item_files(root / "content", AHEAD_MIN_ITEMS)
    return work_ahead(root, config.markdown_engine, config.tz, items, helpers, parse=parse)


def _count_item_files(content: Path, enough: int) -> int:
    """The Markdown files under ``content``, counted up to ``enough``: a quick look that
    decides whether helpers pay, before the build walks the folder properly."""
    count = 0
    for _, _, names in os.walk(content):
        count += sum(1 for name in names if name.lower().endswith(".md"))
        if count >= enough:
            break
    return count


class Ahead:
    """Helpers working while this process loads: ``parse_into`` the memo before loading,
    ``hand_over`` the bodies before the pages are rendered, ``close`` after (it also stops
    helpers that were never asked)."""

    def __init__(self, root: Path, engine: str | None, zone: tzinfo | None, helpers: int):
        self.root, self.zone = root, zone
        self.helpers: list[tuple[BaseProcess, Connection]] = []
        context = multiprocessing.get_context("fork")
        for stream in (sys.stdout, sys.stderr):  # or a helper would write it out again
            with contextlib.suppress(Exception):
                stream.flush()
        for share in range(helpers):
            ours, theirs = context.Pipe()
            work = _Work(root, engine, zone, share, helpers)
            process = context.Process(target=work.run, args=(theirs,), daemon=True)
            process.start()
            theirs.close()
            self.helpers.append((process, ours))

    def parse_into(self, memo: Memo) -> int:
        """Parse this process's share of the item files into ``memo``, then take the
        helpers' shares; how many files that is (none if the helpers do not parse)."""
        if self.zone is None:
            return 0
        sources = {source.rel: source for source in _item_files(self.root)}
        own = list(sources.values())[:: len(self.helpers) + 1]
        for source in own:
            memo.parse(source, self.zone, partial(_parse_item_file, source, self.zone))
        taken = len(own)
        for _, conn in self.helpers:
            for chunk in _answers(conn):
                for rel, seen, result, links in chunk:
                    if rel in sources:
                        memo.take(sources[rel], self.zone, seen, result, links)
                        taken += 1
        return taken

    def hand_over(self) -> int:
        """Ask every helper to stop, and make the bodies they rendered the ones this
        process (and the workers it forks) use; how many bodies that is."""
        for _, conn in self.helpers:
            with contextlib.suppress(OSError):
                conn.send("stop")
        rendered: dict[bytes, bytes] = {}
        for _, conn in self.helpers:
            for chunk in _answers(conn):
                rendered.update(chunk)
        self.close()
        use_rendered(rendered)
        return len(rendered)

    def close(self) -> None:
        for process, conn in self.helpers:
            conn.close()
            process.kill()
            process.join()
        self.helpers = []


def _answers(conn: Connection) -> Iterator[Any]:
    """A helper's answer, chunk by chunk, up to the empty chunk that ends it; nothing
    more once the helper is gone or silent for ``_ANSWER_SECONDS``."""
    with contextlib.suppress(OSError, EOFError):
        while conn.poll(_ANSWER_SECONDS):
            chunk = conn.recv()
            if not chunk:
                return
            yield chunk


def _parse_item_file(source: SourceFile, zone: tzinfo) -> FileResult:
    """An item file parsed as the loader parses it (``_Reader.items``)."""
    return file_result(source, partial(parse_item, zone=zone))


def _item_files(root: Path) -> list[SourceFile]:
    """The item files, in the loader's order (every helper shares them out alike)."""
    sources, _ = walk(root, "content")
    return [s for s in sources if s.rel.lower().endswith(".md")]


class _Work:
    """What one helper does: parse its share of the item files (given ``zone``), then
    render its share of the bodies (given ``engine``) until asked to stop. Of the item
    files, this process parses every ``of + 1``-th from the first and helper ``share``
    every ``of + 1``-th from ``share + 1``; the helpers share out all the bodies."""

    def __init__(
        self, root: Path, engine: str | None, zone: tzinfo | None, share: int, of: int
    ) -> None:
        self.root, self.engine, self.zone, self.share, self.of = root, engine, zone, share, of

    def run(self, conn: Connection) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are the parent's to handle
        with contextlib.suppress(Exception):  # a helper that fails hands over what it did
            sources = _item_files(self.root)
            bodies: dict[str, str] = {}
            if self.zone is not None:
                bodies = self._parse(conn, sources[self.share + 1 :: self.of + 1], self.zone)
            if self.engine is not None:
                self._render(conn, sources[self.share :: self.of], bodies, self.engine)

    def _parse(self, conn: Connection, sources: list[SourceFile], zone: tzinfo) -> dict[str, str]:
        """Parse ``sources``, then send them (``Parsed``) in chunks and an empty one to
        end; the bodies of the items, by file. Nothing is sent before the last file is
        parsed: this process reads only once it has parsed its own share, and a helper
        sending earlier would wait on the full pipe instead of parsing."""
        bodies: dict[str, str] = {}
        done: list[Parsed] = []
        with collector_paused():
            for source in sources:
                seen = signature(source.location)
                try:
                    result = _parse_item_file(source, zone)
                except Exception:  # left to the loader, which reports it as always
                    continue
                links = None
                if isinstance(result.model, Item):
                    links = tuple(relative_targets(result.model.body))
                    bodies[source.rel] = result.model.body
                done.append((source.rel, seen, result, links))
            for start in range(0, len(done), _CHUNK):
                conn.send(done[start : start + _CHUNK])
        conn.send([])
        return bodies

    def _render(
        self, conn: Connection, sources: list[SourceFile], known: dict[str, str], engine: str
    ) -> None:
        """Render the bodies of ``sources`` (those of ``known`` as parsed here) until asked
        to stop; then send them (digest → ``packed`` HTML) in chunks, and an empty one to
        end: the parent never holds the whole answer twice, as one message and as what it
        unpickles to."""
        rendered: dict[bytes, bytes] = {}
        for source in sources:
            if conn.poll():
                break
            body = known[source.rel] if source.rel in known else _body_of(source)
            if body:
                with contextlib.suppress(Exception):  # left to the page workers
                    html = render_body(body, source.rel, 1, engine)  # as the pages would
                    rendered[body_key(engine, body)] = packed(html)
        entries = list(rendered.items())
        with contextlib.suppress(OSError):
            for start in range(0, len(entries), _CHUNK):
                conn.send(dict(entries[start : start + _CHUNK]))
            conn.send({})


def _body_of(source: SourceFile) -> str | None:
    """The body of an item file as the loader will read it (``frontmatter``), or None
    where the loader will refuse the file."""
    text, _ = read_text(source)
    if text is None:
        return None
    split = split_front_matter(text)
    return None if split.unclosed else body_text(split)
