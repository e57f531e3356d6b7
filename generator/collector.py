"""When Python's cycle collector may run.

Loading a plan, or reading back the memo of the last run, allocates hundreds of
thousands of objects that live on (or that reference counting frees), and each
automatic collection walks every live object again: at 10,000 items such collections
were a third of a rebuild in ``serve`` and two thirds of reading the memo back. Those
phases pause the collector. Rendering runs with it on: template and Markdown rendering
leave cycles behind, which would pile up.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (a block inside another pauses nothing
    more, and the outer one turns it back on)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
