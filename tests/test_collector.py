"""When the cycle collector runs (``generator/collector.py``)."""

from __future__ import annotations

import gc
import subprocess
import sys

from generator.collector import collector_paused
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
