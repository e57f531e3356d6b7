"""How the core tells its caller about long work, without knowing about terminals.

The core calls a ``Progress``; the CLI passes a progress bar on a terminal and
``NO_PROGRESS`` on a pipe or with ``--quiet``; tests pass a ``RecordingProgress``.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def finish(self) -> None: ...


class _NoProgress:
    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


NO_PROGRESS: Progress = _NoProgress()


class RecordingProgress:
    """Remembers what was reported; for tests."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []
        self.done = 0

    def start(self, label: str, total: int) -> None:
        self.events.append((label, total))

    def advance(self, n: int = 1) -> None:
        self.done += n

    def finish(self) -> None:
        self.events.append(("finish", self.done))
