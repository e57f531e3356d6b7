"""Forked worker processes, for work made of many independent pieces: rendering pages.

(Parsing files in workers was measured and does not pay: sending a parsed item with its
front-matter positions back costs as much as parsing it.)

Forking shares everything already loaded with the workers for free (copy-on-write),
where a spawned worker would have to import, reload or unpickle it; so the work itself
is handed over as a module-level callable before the fork and tasks are just indexes.
Where fork does not exist (Windows) everything runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import Any

_task: Callable[[Any], Any] | None = None


def worker_count() -> int:
    """Processes to use: the cores this process may run on, or 1 where fork is missing.
    (No upper bound: the work is independent pages, and a large machine's cores pay.)"""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, len(usable) if usable else (os.cpu_count() or 1))


def _quiet_worker() -> None:
    """Workers leave interrupts to the parent, which stops the pool and cleans up, and
    collect their garbage even if the parent had paused its collector: rendering leaves
    cycles behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()


def run_task(arg: Any) -> Any:
    """What to map over with the pool of ``forked_pool``: its task, in the worker."""
    assert _task is not None
    return _task(arg)


@contextmanager
def forked_pool(count: int, task: Callable[[Any], Any]) -> Iterator[Pool]:
    """A pool of ``count`` forked workers that run ``task`` (through ``run_task``, so the
    task itself is never pickled). Leaving the block early terminates the workers."""
    global _task
    _task = task
    # Move everything loaded so far out of the collector's sight: otherwise each worker's
    # garbage collections walk (and so copy) the whole inherited heap. No collection
    # first: at 10,000 items one took 0.4 s before every pool and found nothing; garbage
    # frozen with the rest is collected once the pool is done and the heap unfrozen, by
    # whoever froze it first (a build freezes its plan: ``collector.thawed``). Unfrozen
    # here, the build's heap was walked by a full collection that found nothing while
    # the build finished (0.3 s at 10,000 items, 1.9 s at 40,000).
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(count, initializer=_quiet_worker)
        try:
            yield pool
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    finally:
        if not frozen_before:
            gc.unfreeze()
        _task = None
