"""Bodies rendered ahead, on the cores a first build leaves idle while it loads.

A build that renders every page (the first one, or ``--clean``) first loads, checks,
analyses and plans the project in one process (a fifth of the build's CPU time at
10,000 items) with every other core idle. Rendering a Markdown body needs nothing of that work
but the body, so helpers forked when the build starts read the item files on their own
(with the loader's own walk, decoding and front-matter split), render the bodies, and
hand the HTML over just before the pages are rendered. The page workers then render
only the bodies the helpers did not reach.

Nothing handed over can make a page differ: a body's HTML is looked up by a digest of
its exact text and engine (``markdown.body_key``), so a file that changed in between
only misses. A body a helper cannot render in time is left to the page workers, which
report it as always, and a helper that fails or is slow to answer hands over nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.load.frontmatter import body_text, split_front_matter
from generator.load.sources import SourceFile, read_text, walk
from generator.site.markdown import RENDER_SECONDS, body_key, render_markdown, use_rendered

#: Fewer item files than this, and a helper costs more than it saves.
AHEAD_MIN_ITEMS = 300
#: The engines worth it. The compiled ``commonmark`` engine renders a body in half the
#: time loading its file takes, so its helpers soon run out of work, while the build
#: holds every body's HTML at once: measured at 10,000 items, no faster, 25 MB more.
AHEAD_ENGINES = frozenset({"python-markdown"})
#: Longest to wait for a helper's answer once asked to stop: it finishes the body it is
#: rendering (at most ``RENDER_SECONDS``) and sends what it has.
_ANSWER_SECONDS = RENDER_SECONDS + 10.0
#: Bodies per message of a helper's answer.
_CHUNK = 256


@contextmanager
def bodies_ahead(
    root: Path, engine: str, items: int, helpers: int
) -> Iterator[RenderedAhead | None]:
    """Helpers (``helpers`` of them) rendering the bodies of the project in ``root`` for
    the block, or None where they would not pay (fewer than ``AHEAD_MIN_ITEMS`` item
    files, an engine not in ``AHEAD_ENGINES``) or cannot be forked. What they handed
    over is dropped after the block."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    if helpers < 1 or items < AHEAD_MIN_ITEMS or engine not in AHEAD_ENGINES or not forks:
        yield None
        return
    ahead = RenderedAhead(root, engine, helpers)
    try:
        yield ahead
    finally:
        ahead.close()
        use_rendered({})


class RenderedAhead:
    """Helpers rendering bodies while this process loads; ``hand_over`` before the pages
    are rendered, ``close`` after (it also stops helpers that were never asked)."""

    def __init__(self, root: Path, engine: str, helpers: int) -> None:
        self.helpers: list[tuple[BaseProcess, Connection]] = []
        context = multiprocessing.get_context("fork")
        for stream in (sys.stdout, sys.stderr):  # or a helper would write it out again
            with contextlib.suppress(Exception):
                stream.flush()
        for share in range(helpers):
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_render_share, args=(theirs, root, engine, share, helpers), daemon=True
            )
            process.start()
            theirs.close()
            self.helpers.append((process, ours))

    def hand_over(self) -> int:
        """Ask every helper to stop, and make what they rendered the bodies this process
        (and the workers it forks) use; how many bodies that is."""
        for _, conn in self.helpers:
            with contextlib.suppress(OSError):
                conn.send("stop")
        rendered: dict[bytes, str] = {}
        for _, conn in self.helpers:
            with contextlib.suppress(OSError, EOFError):
                while conn.poll(_ANSWER_SECONDS):
                    chunk = conn.recv()
                    if not chunk:
                        break
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


def _render_share(conn: Connection, root: Path, engine: str, share: int, of: int) -> None:
    """A helper: render every ``of``-th item body from the ``share``-th on, until asked
    to stop; then send them (digest → HTML) in chunks, and an empty one to end: the
    parent never holds the whole answer twice, as one message and as what it unpickles
    to."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are the parent's to handle
    rendered: dict[bytes, str] = {}
    with contextlib.suppress(Exception):  # a helper that fails hands over what it did
        sources, _ = walk(root, "content")
        items = [s for s in sources if s.rel.lower().endswith(".md")]
        for source in items[share::of]:
            if conn.poll():
                break
            body = _body_of(source)
            if body:
                with contextlib.suppress(Exception):  # left to the page workers
                    rendered[body_key(engine, body)] = str(render_markdown(body, engine=engine))
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
