"""The results folder: read every file (``results_files.py``) and match each row to its
item — by id first, else by the item's front-matter ``url`` (docs/results.md).

Rows of archived items are kept (they count nowhere: the analysis decides). A long-form
row that matches no item is a warning at its line with a did-you-mean; the pages of an
analytics export that match no item (it lists the whole web site) are summed up in one
warning per file, at the first of them. Problems in results files never stop the rest
of the site from building (``diagnostics.is_fatal``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load.results_files import MAX_BYTES, FileRows, read_results_file
from generator.load.sources import SourceFile, walk
from generator.model import Config, Item, Measurement, Metric, ResultsFile

#: How many unmatched pages an analytics file's warning names.
SHOWN_UNMATCHED = 5


@dataclass(frozen=True)
class MatchedFile:
    """One file read and matched: its rows that found an item, and every problem (those
    of reading it, and its rows that match no item)."""

    kind: str | None
    rows: tuple[Measurement, ...]
    diagnostics: tuple[Diagnostic, ...]


#: How ``read_results`` gets a file's matched rows: the file, everything else its result
#: depends on (its settings, the metrics, the items' ids and urls), and the work itself;
#: ``serve`` hands in one that reuses the result while the file and those are unchanged.
ReadFile = Callable[[SourceFile, object, Callable[[], MatchedFile]], MatchedFile]


def read_now(source: SourceFile, context: object, read: Callable[[], MatchedFile]) -> MatchedFile:
    return read()


@dataclass(frozen=True)
class ResultsRead:
    """The results folder: whether it holds a file, the matched rows, the problems."""

    measures: bool
    rows: tuple[Measurement, ...]
    diagnostics: tuple[Diagnostic, ...]
    #: the same rows as each file gave them (``Project.results_by_file``)
    by_file: tuple[tuple[Measurement, ...], ...] = ()


@lru_cache(maxsize=1 << 16)
def normal_url(value: str) -> str:
    """A URL or path as rows and items are compared: no scheme, host, query or fragment,
    percent-escapes decoded, NFC, a leading ``/`` and no trailing one."""
    text = value.strip()
    parts = urlsplit(text if "://" in text or text.startswith("//") else "/" + text.lstrip("/"))
    path = unicodedata.normalize("NFC", unquote(parts.path))
    return "/" + path.strip("/")


def read_results(
    root: Path,
    config: Config,
    metrics: tuple[Metric, ...],
    items: Iterable[Item],
    read_file: ReadFile = read_now,
) -> ResultsRead:
    """Every file of the results folder, read and matched to ``items``."""
    if not (root / config.results_folder).resolve().is_relative_to(root.resolve()):
        outside = f"`results.folder` {config.results_folder} is outside the project; not read"
        return ResultsRead(
            False, (), (Diagnostic("plansite.yaml", 1, 1, "error", "value", outside),)
        )
    files, problems = walk(root, config.results_folder)
    diagnostics = list(problems)
    specs = {spec.name: spec for spec in config.results_files}
    prefix = config.results_folder.rstrip("/") + "/"
    matcher = _Matcher(list(items))
    rows: list[Measurement] = []
    by_file: list[tuple[Measurement, ...]] = []
    for source in files:
        name = source.rel[len(prefix) :]
        spec = specs.get(name)
        context = (spec, metrics, matcher.ids, matcher.urls)
        read = read_file(source, context, partial(_read_and_match, source, spec, metrics, matcher))
        diagnostics.extend(read.diagnostics)
        rows += read.rows
        by_file.append(read.rows)
    return ResultsRead(bool(files), tuple(rows), tuple(diagnostics), tuple(by_file))


def _read_and_match(
    source: SourceFile, spec: ResultsFile | None, metrics: tuple[Metric, ...], matcher: _Matcher
) -> MatchedFile:
    read = _read(source, spec, metrics)
    diagnostics = list(read.diagnostics)
    rows = matcher.match(source.rel, read, diagnostics)
    return MatchedFile(read.kind, tuple(rows), tuple(diagnostics))


def _read(source: SourceFile, spec: ResultsFile | None, metrics: tuple[Metric, ...]) -> FileRows:
    try:
        size = source.path.stat().st_size
        if size > MAX_BYTES:
            return FileRows(None, (), (_too_large(source.rel, size),))
        data = source.path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return FileRows(
            None,
            (),
            (Diagnostic(source.rel, 1, 1, "error", "unreadable", f"cannot read: {reason}"),),
        )
    return read_results_file(source.rel, data, spec, metrics)


def _too_large(rel: str, size: int) -> Diagnostic:
    return Diagnostic(
        rel,
        1,
        1,
        "error",
        "file-too-large",
        f"file is {size // (1024 * 1024)} MiB; the limit is {MAX_BYTES // (1024 * 1024)} MiB",
        "export a shorter period or fewer pages",
    )


class _Matcher:
    """Item ids and normalised item urls, looked up once per distinct key."""

    def __init__(self, items: list[Item]) -> None:
        self.ids = frozenset(item.id for item in items)
        self.urls: dict[str, str] = {}
        for item in items:
            if item.source_url:
                self.urls.setdefault(normal_url(item.source_url), item.id)
        self.known: dict[str, str | None] = {}

    def find(self, key: str) -> str | None:
        if key in self.known:
            return self.known[key]
        found = key if key in self.ids else self.urls.get(normal_url(key))
        self.known[key] = found
        return found

    def match(self, rel: str, read: FileRows, diagnostics: list[Diagnostic]) -> list[Measurement]:
        out: list[Measurement] = []
        unmatched: dict[str, int] = {}  # key → its first line
        for row in read.rows:
            item = self.find(row.key)
            if item is None:
                unmatched.setdefault(row.key, row.line)
                continue
            out.append(
                Measurement(
                    item, row.metric, row.start, row.end, row.value, row.weight, f"{rel}:{row.line}"
                )
            )
        if unmatched:
            diagnostics.extend(self.unmatched(rel, read.kind, unmatched))
        return out

    def unmatched(self, rel: str, kind: str | None, keys: dict[str, int]) -> list[Diagnostic]:
        if kind == "long":
            return [
                Diagnostic(
                    rel,
                    line,
                    1,
                    "warning",
                    "unknown-item",
                    f"`{key[:80]}` matches no item's id or url",
                    did_you_mean(key, self.ids, list_known=False),
                )
                for key, line in keys.items()
            ]
        first = min(keys.values())
        shown = ", ".join(f"`{k[:60]}`" for k in list(keys)[:SHOWN_UNMATCHED])
        more = f" and {len(keys) - SHOWN_UNMATCHED} more" if len(keys) > SHOWN_UNMATCHED else ""
        return [
            Diagnostic(
                rel,
                first,
                1,
                "warning",
                "unmatched-pages",
                f"{len(keys)} page(s) match no item's url: {shown}{more}",
                "set `url:` in the items they belong to; other pages are left out",
            )
        ]
