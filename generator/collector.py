"""When Python's cycle collector may run.

Loading a plan, or reading back the memo of the last run, allocates hundreds of
thousands of objects that live on (or that reference counting frees), and each
automatic collection walks every live object again: at 10,000 items such collections
were a third of a rebuild in ``serve`` and two thirds of reading the memo back. Those
phases pause the collector. Rendering runs with it on: template and Markdown rendering
leave cycles behind, which would pile up. And a command's process skips the collections
of Python's own teardown (``freeze_at_exit``).
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Pause the cycle collector for the block (a block inside another pauses nothing
    more, and the outer one turns it back on).

    ``keep``: what the block leaves alive lives on (a build's plan, until its site is
    written), so it is frozen before the collector resumes (see ``thawed``). Left in
    the young generations, the first collections after the pause walked all of it and
    moved it along, and set off full collections later that found nothing: at 10,000
    items 0.4 s of a cold build, at 40,000 items 3.3 s."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        if keep:
            gc.freeze()
    finally:
        gc.enable()


@contextmanager
def thawed() -> Iterator[None]:
    """Give what a ``keep`` block inside froze back to the collector at the end of this
    block, as old objects: a long-lived process (``serve``) collects its garbage then.
    Unfreezing starts no collection."""
    try:
        yield
    finally:
        gc.unfreeze()


def freeze_at_exit() -> None:
    """Move every object still alive when the process exits out of the collector's
    reach first. Python's teardown runs full collections, which walk every object a
    command left alive (caches of a whole plan): 0.5-0.9 s at the end of a 10,000-item
    build, for a process that is ending anyway. For the process's owner to call once
    (the command line)."""
    atexit.register(gc.freeze)
