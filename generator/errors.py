"""plansite's own exceptions. The core raises these; only ``cli.py`` turns them into
exit codes and messages."""

from __future__ import annotations

from generator.diagnostics import Diagnostic


class PlansiteError(Exception):
    """A problem the user can fix, with a message that says how."""


class ProjectNotFound(PlansiteError):
    """The folder holds no planning project."""


class InvalidProject(PlansiteError):
    """Loading or validation found errors (or warnings under ``--strict``)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problems")
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[InvalidProject], tuple[list[Diagnostic]]]:
        """Survives the trip back from a rendering worker process."""
        return (InvalidProject, (self.diagnostics,))


class UnsafeOutput(PlansiteError):
    """The output folder could destroy or overwrite something plansite did not create."""


class BuildLocked(PlansiteError):
    """Another build is writing the same output folder."""
