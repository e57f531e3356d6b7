"""Problems found in a project, as data: every loader and validator returns these.

Nothing in the core prints or raises on the first problem; the CLI decides how to show
the list and whether it is fatal (``--strict`` is a rule on this list).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: ``path:line:column: severity: message``."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    @property
    def text(self) -> str:
        """The message followed by its hint, as users read it."""
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.text}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.text,
        }

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by place and without exact repeats, so output is stable run to run."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def is_fatal(
    diagnostics: Iterable[Diagnostic], *, strict: bool, spared: str | None = None
) -> bool:
    """Errors are fatal; with ``strict`` so are warnings (MkDocs' rule).

    ``spared`` is the results folder when a site is built: an error in a results file
    then leaves the bad rows out instead of stopping the build (docs/safety.md). Only
    ``build`` spares them; ``check`` and ``build --strict`` fail on them like any error."""
    return any(
        strict or (d.severity == "error" and not in_folder(d.path, spared)) for d in diagnostics
    )


def in_folder(path: str, folder: str | None) -> bool:
    """Whether the project-relative ``path`` lies under ``folder``."""
    return folder is not None and path.startswith(folder.strip("/") + "/")


def did_you_mean(value: str, choices: Iterable[str], *, list_known: bool = True) -> str | None:
    """A hint naming the closest known id, or (for short lists) the ids that exist."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close:
        folded = {unicodedata.normalize("NFC", c).casefold(): c for c in options}
        key = unicodedata.normalize("NFC", value).casefold()
        if key in folded:
            close = [folded[key]]
    if not close and "/" in value:
        # path-like item ids: a typo in the file name, or the right name in another folder
        tails = {o.rsplit("/", 1)[-1]: o for o in options}
        tail = difflib.get_close_matches(value.rsplit("/", 1)[-1], list(tails), n=1, cutoff=0.75)
        close = [tails[tail[0]]] if tail else []
    if close:
        return f"did you mean `{close[0]}`?"
    if not options or not list_known:
        return None
    shown = ", ".join(f"`{o}`" for o in options[:8])
    more = f" and {len(options) - 8} more" if len(options) > 8 else ""
    return f"known: {shown}{more}"


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """``2 errors, 1 warning`` — the last line of a check."""
    items = list(diagnostics)
    n_err = sum(1 for d in items if d.severity == "error")
    n_warn = len(items) - n_err
    return f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"
