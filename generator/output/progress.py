"""How the core tells its caller about long work, without knowing about terminals.

The core calls a ``Progress``; the CLI passes a progress bar on a terminal and
``NO_PROGRESS`` on a pipe or with ``--quiet``.
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
