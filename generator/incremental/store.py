"""The memo kept on disk, so that a one-off ``plansite build`` or ``plansite check``
starts where the previous run on the same project left off.

``serve`` keeps its ``Memo`` in memory between rebuilds. A one-off command has no
process to keep it in, so the memo is written to plansite's cache folder (``cache_dir``,
never the project) after the run and read back by the next one. Nothing in it is taken
on trust: every entry is checked against its input exactly as in ``serve`` (a file's
``stat`` signature, the very objects a page was made of), so a stale memo costs time,
never a wrong page.

What is read back is never trusted either:

- the file starts with a stamp of plansite's code, the libraries it renders with, the
  Python version and the project folder; a memo of anything else is ignored;
- a SHA-256 of the payload catches a file cut short or damaged;
- the payload is unpickled with only plansite's own data classes and a short list of
  standard value types allowed: a file planted in the cache folder cannot make the
  unpickler call anything else.

Any doubt means an empty memo: the run is then as slow as a first build, and writes a
good memo for the next one. Writes go to a temporary file that replaces the old memo in
one step, so two runs at once leave one whole memo or the other.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import gc
import hashlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from generator.analysis.combined import Combined
from generator.collector import collector_paused
from generator.incremental.cache import field_values
from generator.incremental.disk import memo_path, stamp
from generator.incremental.memo import Memo
from generator.paths import replace_file

if TYPE_CHECKING:
    from generator.analysis import Analysis
    from generator.model import Project

MAGIC = b"plansite-memo\n"
#: Standard types a memo holds that pickle names by module (dates and time zones; sets,
#: like lists and dicts, have opcodes of their own).
_STANDARD = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo"),
    ("zoneinfo._zoneinfo", "ZoneInfo"),
}
#: plansite's own names a memo holds that are not plain data classes: a mapping built
#: from rows, a body of Markdown, and the two URL functions page contexts hold. Each only
#: stores or computes values; none acts on files, processes or the network.
_PLANSITE_EXTRAS = {
    ("generator.analysis.results", "Series"),
    ("generator.site.markdown", "Body"),
    ("generator.paths", "cell_url"),
    ("generator.paths", "journey_url"),
}


class _Unpickler(pickle.Unpickler):
    """Allows plansite's data classes, named tuples and enums, the few names above and
    the standard value types, nothing else: no function or class that acts."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) == ("builtins", "getattr"):
            return _zone_getattr
        if (module, name) in _STANDARD or (module, name) in _PLANSITE_EXTRAS:
            return super().find_class(module, name)
        if module == "generator" or module.startswith("generator."):
            found = super().find_class(module, name)
            if isinstance(found, type) and _is_data(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a memo")


def _zone_getattr(owner: object, name: str) -> object:
    """The one ``getattr`` a memo needs: a ``ZoneInfo`` is pickled as a call of
    ``getattr(ZoneInfo, "_unpickle")`` (a class method) with its key."""
    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"getattr(…, {name!r}) is not allowed in a memo")


def _is_data(kind: type) -> bool:
    return dataclasses.is_dataclass(kind) or issubclass(kind, (enum.Enum, tuple))


#: The memo's trailer: per part, its length (16 hex digits) and SHA-256 (64), then a
#: newline. At the end, so the parts can be streamed to the file as they are pickled.
_TRAILER = 2 * (16 + 64) + 1


def load_memo(root: Path, *, site: bool = True) -> Memo:
    """The memo the previous run left for this project, or an empty one when there is
    none that can be used (missing, from another plansite, damaged or foreign).
    ``site=False`` reads only what loading and checking the project reuse (``check``)."""
    try:
        with memo_path(root).open("rb") as kept:
            if kept.read(len(MAGIC)) != MAGIC or kept.readline() != stamp(root):
                return Memo()
            start = kept.tell()
            kept.seek(-_TRAILER, os.SEEK_END)
            trailer = kept.read(_TRAILER)
            wanted = [(int(e[:16], 16), e[16:80]) for e in (trailer[:80], trailer[80:160])]
            wanted = wanted if site else wanted[:1]
            kept.seek(start)
            _check(kept, wanted)
            # read from the file a second time rather than held in memory beside what
            # it is unpickled into: at 10,000 items that was a quarter of the peak
            kept.seek(start)
            unpickler = _Unpickler(kept)
            with collector_paused():  # millions of objects, all kept: see ``collector``
                parts = [unpickler.load() for _ in range(3 if site else 1)]  # see save_memo
    except Exception:  # missing, cut short, damaged: never trusted, never fatal
        return Memo()
    if not all(_shaped(part) for part in parts):
        return Memo()
    return Memo.reopened(*parts)


def _check(kept: IO[bytes], parts: list[tuple[int, bytes]]) -> None:
    """``ValueError`` unless the file holds, from where it is, each part in turn with
    its length and SHA-256 (read a piece at a time)."""
    for size, digest in parts:
        hashed, left = hashlib.sha256(), size
        while left:
            piece = kept.read(min(left, 1 << 20))
            if not piece:
                raise ValueError("memo cut short")
            hashed.update(piece)
            left -= len(piece)
        if hashed.hexdigest().encode() != digest:
            raise ValueError("damaged memo")


def _shaped(part: object) -> bool:
    """Whether a part read back has the shape of one: a dict of our tables, each a
    dict (or, for the single results, a tuple or nothing)."""
    if not isinstance(part, dict):
        return False
    for name, table in part.items():
        single = name in ("analysis", "checks", "combined")
        allowed: tuple[type, ...] = (tuple, Combined, type(None)) if single else (dict,)
        if not isinstance(table, allowed):
            return False
    return True


class _Counted:
    """A file to pickle into that counts and hashes what passes through, part by part."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.size = 0
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.digest.update(data)
        return self.out.write(data)

    def entry(self) -> bytes:
        """This part's trailer entry; the next part starts counting afresh."""
        entry = b"%016x" % self.size + self.digest.hexdigest().encode()
        self.size, self.digest = 0, hashlib.sha256()
        return entry


class _Pickler(pickle.Pickler):
    """Pickles a frozen data class with slots as a call of the class with its field
    values (``cache.field_values``). Python's own way for such classes walks
    ``dataclasses.fields`` for every instance, in Python: a memo holds tens of thousands
    of them (gaps, calendar entries, places in files), and that was most of the time it
    took to write one."""

    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        values = field_values(kind)
        return NotImplemented if values is None else (kind, values(obj))


def save_memo(root: Path, memo: Memo, late: Callable[[], object] | None = None) -> None:
    """Keep ``memo`` for the next run on this project. Failing to is never an error:
    the next run is slower, not wrong. ``late`` is called before the tables of
    ``Memo.SITE_LATE`` are written: what gives them their final content (``KeptMemo``);
    if it raises, nothing is kept."""

    def write(out: IO[bytes]) -> None:
        out.write(MAGIC + stamp(root))
        counted = _Counted(out)
        pickler = _Pickler(counted, protocol=5)  # one pickler: the parts share objects
        pickler.dump(memo.part(Memo.LOAD_PART))
        first = counted.entry()
        pickler.dump(memo.part(Memo.SITE_EARLY))  # the site part, in two pickles
        if late is not None:
            late()
        pickler.dump(memo.part(Memo.SITE_LATE))
        out.write(first + counted.entry() + b"\n")

    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        replace_file(memo_path(root), write)


#: A memo read back is written again once the new work of a run (files parsed, page
#: keys computed, checks and analysis redone: ``Memo.work``) reaches this share of the
#: files it knows. The checks and the analysis count as one each: a later run needs
#: them only if its plan is exactly this run's, while the next front-matter edit redoes
#: them anyway. So an edit of a few items, body or front matter, leaves the memo on disk
#: as it was (writing it is most of a second at 10,000 items, and its peak memory); a
#: new day, a changed setting or many edited files (page keys computed anew) do not.
KEEP_SHARE = 0.05


class KeptMemo:
    """The project's memo on disk, read when first asked for and written back only if
    the run added to it. ``fresh``: start from an empty memo (``build --clean``).

    A build tells the memo once its pages are planned (``Memo.planned``): a process
    forked then writes what is already final (all but ``Memo.SITE_LATE``) while the
    pages render, and waits. When the build is done with the memo (``Memo.finished``),
    before it writes the manifest, swaps the site in and leaves its record, it sends that
    process what rendering added (``_late_work``), which the process writes to finish
    the file; ``save`` waits for it. At 10,000 items writing the memo takes most of a
    second, and at 100,000 items eight, that the end of the build no longer waits for.
    A build that renders no pages forks the writer when it is done."""

    def __init__(self, root: Path, *, fresh: bool = False, site: bool = True) -> None:
        self.root = root
        self.fresh = fresh
        self.site = site
        self.memo: Memo | None = None
        self.found = False  # whether a memo was read back
        self.writer: int | None = None  # the forked process writing the memo
        self.late: int | None = None  # the pipe to a writer waiting for ``_late_work``

    def get(self) -> Memo:
        if self.memo is None:
            self.memo = Memo() if self.fresh else load_memo(self.root, site=self.site)
            self.found = bool(self.memo.files)
            self.memo.on_planned = self._write_while_rendering
            self.memo.on_finished = self._write_beside
        return self.memo

    def save(self) -> None:
        """Write the memo back if this run added enough to it, or wait for the process
        writing it. After a small edit the memo on disk is left as it was: the next run
        redoes the little it lacks (each entry is checked against its input), which
        costs less than writing the whole memo again. A memo read without its site part
        is written only when there was none: that would drop the part it lacks."""
        if self.late is not None:  # the build stopped early: the writer gives up
            os.close(self.late)
            self.late = None
        if self.writer is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.writer, 0)
            self.writer = None
        elif self.memo is not None and self._worth_writing(self.memo):
            save_memo(self.root, self.memo)

    def _worth_writing(self, memo: Memo) -> bool:
        if not memo.work or not (self.site or not self.found):
            return False
        return not self.found or memo.work >= KEEP_SHARE * len(memo.files)

    def _write_while_rendering(self, memo: Memo, project: Project, analysis: Analysis) -> None:
        """Fork the process that writes ``memo`` while the pages render (if worth it),
        and keep the pipe it reads what rendering adds from. Forked before the bodies
        rendered ahead are handed over (``build.ahead``), it does not hold them."""
        if self.writer is not None or not self._worth_writing(memo) or not hasattr(os, "fork"):
            return
        ours, theirs = os.pipe()

        def write() -> None:
            os.close(theirs)
            memo.retain(project)  # what ``finished`` drops in the build
            save_memo(self.root, memo, partial(_take_late_work, memo, project, analysis, ours))

        self._in_child(write)
        os.close(ours)
        self.late = theirs

    def _write_beside(self, memo: Memo) -> None:
        """Send the waiting writer what rendering added; else fork a process that writes
        ``memo`` (if worth it), where fork exists, or leave it to ``save``."""
        if self.late is not None:
            late, self.late = self.late, None
            with contextlib.suppress(OSError), os.fdopen(late, "wb") as out:
                pickle.dump(_late_work(memo), out, protocol=5)
            return
        if self.writer is not None or not self._worth_writing(memo) or not hasattr(os, "fork"):
            return  # one writer a run
        self._in_child(partial(save_memo, self.root, memo))

    def _in_child(self, write: Callable[[], object]) -> None:
        """Fork a process that calls ``write`` and exits; it is this run's ``writer``."""
        for stream in (sys.stdout, sys.stderr):  # or the process would write it out again
            with contextlib.suppress(Exception):
                stream.flush()
        pid = os.fork()
        if pid:
            self.writer = pid
            return
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles interrupts
            gc.disable()  # nothing it makes is garbage before it exits
            write()
            status = 0
        finally:
            os._exit(status)


#: What rendering adds to a memo (``Memo.SITE_LATE``), by item id and page path rather
#: than by object: the search entries, the calendar events, and each page's key with the
#: items it read (the key, their ids, the final key).
LateWork = tuple[dict[str, bytes], dict[str, bytes], dict[str, tuple[str, tuple[str, ...], str]]]


def _late_work(memo: Memo) -> LateWork:
    """``LateWork`` of a build's memo, for the writer forked once the pages were planned."""
    search = {item.id: entry for item, entry in memo.search.values()}
    events = {item_id: block for item_id, (_, block) in memo.event_cache.items()}
    finals = {path: (key, reads, final) for path, (key, reads, _, final) in memo.finals.items()}
    return search, events, finals


def _take_late_work(memo: Memo, project: Project, analysis: Analysis, pipe: int) -> None:
    """Read ``LateWork`` from the build and put it into this copy of its memo, as the
    build did: an entry that is already the same is left alone, and a page's key is the
    very string the memo holds for the page, so the file is the one the build's own
    memo would give. Nothing read (the build stopped first) raises: nothing is kept."""
    with os.fdopen(pipe, "rb") as source:
        data = source.read()
    if not data:
        raise EOFError("the build stopped before it was done with the memo")
    search, events, finals = pickle.loads(data)  # from the build that forked us, not a file
    by_id = project.item_by_id
    for item_id, entry in search.items():
        item = by_id[item_id]
        if memo.search.get(id(item), (None, None))[1] != entry:
            memo.search[id(item)] = (item, entry)
    changed = {k: b for k, b in events.items() if memo.event_cache.get(k, (None, b""))[1] != b}
    memo.keep_events(project, analysis, changed)
    for path, (key, reads, final) in finals.items():
        if memo.finals.get(path, (None, None, None, None))[3] == final:
            continue
        page = memo.pages.get(path)
        if page is not None and page[3] == key:
            key = page[3]  # the very string, shared as in the build
        memo.finals[path] = (key, reads, tuple(by_id.get(i) for i in reads), final)
