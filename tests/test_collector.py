"""When the cycle collector runs (``generator/collector.py``)."""

from __future__ import annotations

import gc
import subprocess
import sys

from generator.collector import collector_paused, thawed
from generator.site.forkpool import forked_pool, run_task
from tests.helpers import REPO


def test_a_paused_collector_is_turned_back_on_by_the_outer_block_only() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_command_process_freezes_what_is_alive_before_python_tears_down() -> None:
    """The command line asks for it as it is imported; a handler registered before it
    runs after it, and finds the objects the process left frozen, out of the
    teardown's collections."""
    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print(gc.get_freeze_count()))\n"
        "import generator.cli\n"
        "kept = [[n] for n in range(50_000)]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert int(done.stdout) >= 50_000


def _double(n: int) -> int:
    return 2 * n


def test_what_a_kept_block_leaves_alive_stays_frozen_through_a_pool_until_thawed() -> None:
    """A build's plan is frozen as the paused block ends, so the collections after it
    do not walk it; a pool forked meanwhile leaves it frozen (it did not freeze it
    first), and the build gives it back to the collector at its end."""
    gc.unfreeze()  # whatever this test process froze before
    with thawed():
        with collector_paused(keep=True):
            plan = [[n] for n in range(20_000)]
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen >= 20_000
        with forked_pool(2, _double) as pool:
            assert list(pool.imap(run_task, range(4))) == [0, 2, 4, 6]
        assert gc.get_freeze_count() >= frozen
    assert gc.get_freeze_count() == 0
    assert len(plan) == 20_000


def test_a_pool_gives_back_what_it_froze_itself() -> None:
    gc.unfreeze()
    with forked_pool(2, _double) as pool:
        assert list(pool.imap(run_task, range(3))) == [0, 2, 4]
    assert gc.get_freeze_count() == 0
