"""What a project's inputs are, and what was found in them: the digest that says whether
anything changed since the last run, worked out by reading only the files that did, and
the diagnostics the last run found for exactly those inputs.

Both are kept in plansite's cache folder beside the memo (``store``), as JSON: nothing in
them is more than a string or a number to compare.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.errors import PlansiteError
from generator.incremental.cache import current_site, file_digest, inputs_digest
from generator.incremental.disk import memo_path, signature, stamp
from generator.load.loaders import find_root, load_config, resolve_today
from generator.load.sources import SourceFile, settled
from generator.model import Config
from generator.output.writer import leftovers, resolve_output
from generator.paths import replace_file


@dataclass(frozen=True)
class Inputs:
    """A project's inputs as one run found them: their digest (``cache.inputs_digest``),
    the settings, and each file's SHA-256 by its path in the project."""

    digest: str
    config: Config
    files: dict[str, str]


def project_inputs(root: Path, today: date | None) -> Inputs | None:
    """The inputs of the project (files that did not change since the last run are not
    read again). None at any doubt (a problem with the configuration or the folders):
    the caller then does the whole job, which reports the problem."""
    try:
        root = find_root(root)
        config, config_ok, problems = load_config(root)
        if not config_ok or problems:
            return None
        known = FileDigests(root)
        inputs = inputs_digest(root, resolve_today(today, config), config.results_folder, known)
        known.save()
    except (PlansiteError, OSError):
        return None
    return None if inputs is None else Inputs(inputs, config, known.seen)


@dataclass(frozen=True)
class Before:
    """What a build finds before loading anything: the project's inputs, the digest a
    site built from them records, the output folder, and the site's (pages, files) when
    it was built from exactly these inputs (then there is nothing to do but report the
    diagnostics kept with them, ``recorded_check``). Empty when unknown."""

    found: Inputs | None = None
    recorded: str | None = None
    out: Path | None = None
    counts: tuple[int, int] | None = None

    def facts(self, today: date | None, salt: str, layout: str) -> list[str]:
        """What a site is made from besides its files: the day, the history's digest
        and the page layout (``body_edits.Record.facts``)."""
        if self.found is None:
            return []
        return [resolve_today(today, self.found.config).isoformat(), salt, layout]


def site_before(root: Path, today: date | None, output: str | None, salt: str = "") -> Before:
    """The inputs of the project, and whether the site in the output folder (``output``,
    else the configured one) was built from exactly them (``salt``: the history's
    digest, which the site records with them)."""
    found = project_inputs(root, today)
    if found is None:
        return Before()
    digest = found.digest
    recorded = hashlib.sha256(f"{digest}:{salt}".encode()).hexdigest() if salt else digest
    try:
        out = output_folder(root, found.config, output)
    except (PlansiteError, OSError):
        return Before(found)
    counts = current_site(out, recorded)
    if counts is None or leftovers(out):  # a real build also removes what a kill left
        return Before(found, recorded, out)
    return Before(found, recorded, out, counts)


def output_folder(root: Path, config: Config, output: str | None) -> Path:
    """The output folder of a build of the project in ``root``: ``output``, else the
    configured one (``resolve_output`` refuses unsafe ones)."""
    return resolve_output(find_root(root), config.output if output is None else output)


class FileDigests:
    """Each input file's SHA-256, remembered by its ``stat`` signature across runs, so
    that finding out whether anything changed reads only the files that did
    (``cache.inputs_digest``). Kept beside the memo; read as JSON, so nothing in it
    is more than a string to compare."""

    def __init__(self, root: Path) -> None:
        self.path = memo_path(root).with_suffix(".digests.json")
        self.stamp = stamp(root).decode().strip()
        self.known: dict[str, list[object]] = {}
        self.now: dict[str, list[object]] = {}
        self.seen: dict[str, str] = {}  # every file asked about → its digest, this run
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("stamp") == self.stamp:
                self.known = data["files"] if isinstance(data.get("files"), dict) else {}

    def __call__(self, source: SourceFile) -> str:
        taken = signature(source.location)
        known = self.known.get(source.rel)
        if taken is not None and isinstance(known, list) and known[:-1] == list(taken):
            digest = known[-1]
            if isinstance(digest, str):
                self.now[source.rel] = known
                self.seen[source.rel] = digest
                return digest
        digest = file_digest(source)
        if taken is not None and settled(taken[3]):
            self.now[source.rel] = [*taken, digest]
        self.seen[source.rel] = digest
        return digest

    def save(self) -> None:
        """Keep what this run saw; never an error. Written only when it learnt a digest:
        a file gone, or changed too recently to be remembered, costs nothing to forget
        later (an entry counts only while its file's signature is the same)."""
        if all(self.known.get(rel) == entry for rel, entry in self.now.items()):
            return
        data = json.dumps({"stamp": self.stamp, "files": self.now}, separators=(",", ":"))
        replace_file(self.path, lambda out: out.write(data.encode()))


def _checked_path(root: Path) -> Path:
    return memo_path(root).with_suffix(".checked.json")


def record_check(root: Path, inputs: str, diagnostics: list[Diagnostic]) -> None:
    """Keep the diagnostics found in the project whose inputs have digest ``inputs``
    (``cache.inputs_digest``): the same inputs give the same diagnostics, so a check of
    an unchanged project repeats them without loading it."""
    data = json.dumps({"inputs": inputs, "diagnostics": rows_of(diagnostics)}, ensure_ascii=False)
    replace_file(_checked_path(root), lambda out: out.write(data.encode()))


def recorded_check(root: Path, inputs: str) -> list[Diagnostic] | None:
    """The diagnostics kept for exactly these inputs; None when there are none, or what
    is kept is not a well-formed list of them."""
    try:
        data = json.loads(_checked_path(root).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("inputs") != inputs:
            return None
        return diagnostics_of(data["diagnostics"])
    except (OSError, ValueError, TypeError, KeyError):
        return None


def rows_of(diagnostics: list[Diagnostic]) -> list[list[object]]:
    """Diagnostics as rows of plain values, to keep as JSON."""
    return [[getattr(d, name) for name in _DIAGNOSTIC_FIELDS] for d in diagnostics]


def diagnostics_of(rows: object) -> list[Diagnostic]:
    """The diagnostics kept as ``rows_of``; ``ValueError`` for anything else."""
    if not isinstance(rows, list):
        raise ValueError("not a list of diagnostics")
    return [_diagnostic(row) for row in rows]


_DIAGNOSTIC_FIELDS = ("path", "line", "column", "severity", "code", "message", "hint")
_DIAGNOSTIC_TYPES: tuple[type | tuple[type, ...], ...] = (
    str,
    int,
    int,
    str,
    str,
    str,
    (str, type(None)),
)


def _diagnostic(row: object) -> Diagnostic:
    """A diagnostic from its kept row (``ValueError`` for anything else)."""
    if not isinstance(row, list) or len(row) != len(_DIAGNOSTIC_FIELDS):
        raise ValueError("not a diagnostic")
    if not all(isinstance(v, t) for v, t in zip(row, _DIAGNOSTIC_TYPES, strict=True)):
        raise ValueError("not a diagnostic")
    if row[3] not in ("error", "warning") or any(type(v) is bool for v in row):
        raise ValueError("not a diagnostic")
    return Diagnostic(*row)
