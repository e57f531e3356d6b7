"""What one process remembers between builds of the same project.

``plansite serve`` rebuilds the same project after every save. Most of a rebuild's input
did not change, so the results of the pure steps are kept here and reused while their
inputs are unchanged:

- each source file's parse result, while the file's ``stat`` signature (device, inode,
  size, modification and change times in nanoseconds) and what the parse also read (the
  time zone, the stage ids, a stage file's position) are the same;
- the relative links found in each body;
- the analysis (matrix, gaps, calendar), while the plan — everything but the bodies — is
  equal; the analysis never reads a body;
- each item's fingerprint for the page keys, and its search-index entry.

Every entry is checked against its input before it is used, so a rebuild with a memo
produces the very bytes of a build without one (``tests/test_incremental.py`` proves it).
A one-off ``plansite build`` uses an empty memo and throws it away.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.analysis.combined import Combined, Pieces, combine_files
from generator.diagnostics import Diagnostic
from generator.incremental.cache import per_item, project_facts
from generator.incremental.disk import Signature, signature
from generator.load.links import links, relative_targets
from generator.load.loaders import FileResult, Loaded
from generator.load.validate import references
from generator.model import Item, Project
from generator.site.ics import entries_by_item, event_block, event_facts
from generator.site.markdown import Body
from generator.site.search import entry_bytes, indexed

if TYPE_CHECKING:
    from generator.analysis import Analysis
    from generator.load.sources import SourceFile
    from generator.site.render import Page


@dataclass
class _FileEntry:
    signature: Signature
    context: object
    result: FileResult


@dataclass
class Memo:
    """Results kept between builds; see the module docstring for what and why.

    ``lasting`` is true for a memo that outlives the build (``serve``): only then is it
    worth computing the calendar events and search entries here, one by one, to keep
    them; a one-off build has them made in the render workers instead."""

    lasting: bool = False
    files: dict[str, _FileEntry] = field(default_factory=dict)
    links: dict[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)
    analysis: tuple[object, Analysis] | None = None
    #: the result rows combined by the last build, per file (``analysis.combined``)
    combined: Combined | None = None
    #: what the reference checks read, and what they found
    checks: tuple[object, list[Diagnostic]] | None = None
    #: id(item) → (item, digest); the item is kept so that its id cannot be reused.
    digests: dict[int, tuple[Item, str]] = field(default_factory=dict)
    search: dict[int, tuple[Item, bytes]] = field(default_factory=dict)
    plans: dict[int, tuple[Item, Item]] = field(default_factory=dict)  # item → without body
    bodies: dict[int, tuple[Item, str]] = field(default_factory=dict)  # item → body digest
    #: page path → (site key, template, context, page key) of the last build
    pages: dict[str, tuple[str, str, dict[str, Any], str | None]] = field(default_factory=dict)
    #: page path → (key, reads, the items read, key with reads) of the last build
    finals: dict[str, tuple[str, tuple[str, ...], tuple[Item | None, ...], str]] = field(
        default_factory=dict
    )
    #: item id → (what its calendar event was made from, the serialised VEVENT)
    event_cache: dict[str, tuple[object, bytes]] = field(default_factory=dict)
    #: the files of the live site (``output.LiveWriter``) the last build left
    site_files: set[str] = field(default_factory=set)
    #: how much this run added to the memo, in files parsed, items analysed or checked
    #: and page keys computed: a memo kept on disk (``incremental.store``) is written
    #: again only when that is worth more than writing it costs
    work: int = 0
    #: told once the build is done with the memo (``finished``): how a memo kept on
    #: disk starts being written while the build finishes the site (``store.KeptMemo``)
    on_finished: Callable[[Memo], None] | None = field(default=None, repr=False, compare=False)
    #: told once the pages are planned (``planned``), with the project and its analysis:
    #: how a memo kept on disk starts being written while they render
    on_planned: Callable[[Memo, Project, Analysis], None] | None = field(
        default=None, repr=False, compare=False
    )
    _seen: set[str] = field(default_factory=set)
    _pages_seen: set[str] = field(default_factory=set)

    def lookup(
        self, source: SourceFile, context: object
    ) -> tuple[Signature | None, FileResult | None]:
        """The file's signature now, and its parse result if the file and ``context`` are
        unchanged since it was remembered. Take the signature before reading the file: a
        write during the read then leaves a signature the next build sees as changed."""
        self._seen.add(source.rel)
        now = signature(source.location)
        entry = self.files.get(source.rel)
        same_file = entry is not None and now is not None and entry.signature == now
        if same_file and entry is not None and entry.context == context:
            return now, entry.result
        return now, None

    def remember(
        self, source: SourceFile, context: object, taken: Signature | None, result: FileResult
    ) -> FileResult:
        """Keep ``result`` for the file whose signature was ``taken`` before it was read."""
        entry = self.files.get(source.rel)
        if entry is not None and result.doc is not None and result.doc == entry.result.doc:
            # front matter unchanged (a body edit): keep the old object, so that checks
            # comparing their inputs by identity see no change
            result = FileResult(result.model, entry.result.doc, result.diagnostics)
        self.work += 1
        if taken is None:
            self.files.pop(source.rel, None)
        else:
            self.files[source.rel] = _FileEntry(taken, context, result)
        return result

    def take(
        self,
        source: SourceFile,
        context: object,
        taken: Signature | None,
        result: FileResult,
        links: tuple[tuple[int, int, str], ...] | None,
    ) -> None:
        """A file another process parsed (``build.ahead``) after taking the signature
        ``taken``, with its body's ``links``: kept as if parsed here, so used only while
        the file still has that signature."""
        self.remember(source, context, taken, result)
        if links is not None and isinstance(result.model, Item):
            self.links[result.model.body] = links

    def parse(
        self, source: SourceFile, context: object, parse: Callable[[], FileResult]
    ) -> FileResult:
        """``parse()``'s result for ``source``, reused while the file and ``context``
        are unchanged."""
        taken, known = self.lookup(source, context)
        return known if known is not None else self.remember(source, context, taken, parse())

    def find_links(self, body: str) -> tuple[tuple[int, int, str], ...]:
        """The relative links of a body, found once per distinct body."""
        targets = self.links.get(body)
        if targets is None:
            targets = self.links[body] = tuple(relative_targets(body))
        return targets

    def cross_check(self, loaded: Loaded) -> list[Diagnostic]:
        """``validate.cross_check``, with the checks of references, duplicates and
        clashes reused while everything they read — settings, stages, personas, items
        without their bodies, files, front matter — is the same as in the previous build
        (a body edit). Links are checked every time: they name files."""
        facts = (
            loaded.config,
            loaded.config_ok,
            tuple(loaded.stages),
            tuple(loaded.personas),
            tuple(loaded.owners) if loaded.owners is not None else None,
            tuple(self.without_body(item) for item in loaded.items),
            tuple(loaded.assets),
            {kind: sorted(ids) for kind, ids in loaded.broken.items()},
            loaded.docs,
        )
        if self.checks is None or not same(self.checks[0], facts):
            self.checks = (facts, references(loaded))
            self.work += 1  # redone by any later run whose facts differ: see ``KEEP_SHARE``
        return [*self.checks[1], *links(loaded, self.find_links)]

    def events(self, project: Project, analysis: Analysis) -> dict[str, bytes] | None:
        """Each item's VEVENT, made again only when what it is made from changed (None
        for a memo that does not last: see ``lasting``)."""
        if not self.lasting:
            return None
        blocks: dict[str, bytes] = {}
        for item_id, group in entries_by_item(analysis.calendar.entries).items():
            facts = event_facts(project, group)
            known = self.event_cache.get(item_id)
            if known is None or not same(known[0], facts):
                known = self.event_cache[item_id] = (facts, event_block(project, group))
            blocks[item_id] = known[1]
        return blocks

    def search_entries(self, project: Project) -> list[bytes] | None:
        """The search index's entries, each made once per item object (None for a memo
        that does not last). Joined by whoever writes the index: in a worker, the whole
        index is never held in this process too."""
        if not self.lasting:
            return None
        return [per_item(self.search, item, entry_bytes) for item in indexed(project)]

    def keep_events(self, project: Project, analysis: Analysis, blocks: object) -> None:
        """Keep the calendar events a worker made (item id → VEVENT), with what each
        was made from, so that a memo kept on disk does not make them again."""
        if not isinstance(blocks, dict):
            return
        for item_id, group in entries_by_item(analysis.calendar.entries).items():
            if item_id in blocks:
                self.event_cache[item_id] = (event_facts(project, group), blocks[item_id])

    def keep_search(self, project: Project, entries: object) -> None:
        """Keep the search entries a worker made (``entry_bytes`` of each item in
        ``indexed`` order), so that a memo kept on disk does not make them again."""
        items = indexed(project)
        if isinstance(entries, list) and len(entries) == len(items):
            for item, entry in zip(items, entries, strict=True):
                self.search[id(item)] = (item, entry)

    def results_pieces(self, project: Project) -> Pieces | None:
        """The result rows combined, reusing the last build's work on every results file
        that did not change (None for a memo that does not last: see ``lasting``)."""
        if not self.lasting:
            return None
        self.combined = combine_files(project, self.combined)
        return self.combined.pieces

    def analyse(self, project: Project, plan: object, run: Callable[[], Analysis]) -> Analysis:
        """The analysis of ``project``, reused while ``plan`` (its body-free facts) is the
        same (``same``: equal values of equal types, so ``1`` is not ``1.0``)."""
        if self.analysis is not None and same(self.analysis[0], plan):
            return self.analysis[1]
        result = run()
        self.analysis = (plan, result)
        self.work += 1  # as the checks above
        return result

    def page_key(self, site: str, page: Page, compute: Callable[[], str | None]) -> str | None:
        """The page's key, reused when its context is made of the very objects (or equal
        plain values) it was made of last time; see ``same``."""
        self._pages_seen.add(page.path)
        known = self.pages.get(page.path)
        if (
            known is not None
            and known[0] == site
            and known[1] == page.template
            and same(known[2], page.context)
        ):
            return known[3]
        key = compute()
        self.pages[page.path] = (site, page.template, page.context, key)
        self.work += 1
        return key

    #: What loading and checking the project reuses (all ``plansite check`` needs); the
    #: rest serves the analysis and the site. Kept on disk as two parts, in this order.
    LOAD_PART = ("files", "links", "checks", "plans")
    #: The site part: what is complete once the pages are planned, then what rendering
    #: them adds (the search entries and calendar events the workers make, each page's
    #: key with what it read), so that the first can be written while they render.
    SITE_EARLY = ("analysis", "combined", "digests", "bodies", "pages")
    SITE_LATE = ("search", "finals", "event_cache")
    SITE_PART = SITE_EARLY + SITE_LATE

    def part(self, names: tuple[str, ...]) -> dict[str, object]:
        """The named tables, to be kept on disk (``incremental.store``)."""
        return {name: getattr(self, name) for name in names}

    @classmethod
    def reopened(cls, *parts: dict[str, object]) -> Memo:
        """A memo made of parts kept by an earlier run. The tables keyed by ``id(item)``
        are keyed again: an object read back has a new id. It lasts (see ``lasting``):
        what it computes is kept for the next run."""
        memo = cls(lasting=True)
        for part in parts:
            for name, table in part.items():
                if name in cls.LOAD_PART or name in cls.SITE_PART:
                    setattr(memo, name, table)
        for name in ("digests", "search", "plans", "bodies"):
            table = getattr(memo, name)
            setattr(memo, name, {id(entry[0]): entry for entry in table.values()})
        return memo

    def without_body(self, item: Item) -> Item:
        """The item with an empty body: one copy per item object, so that comparing
        the copies of unchanged items is comparing objects with themselves."""
        return per_item(self.plans, item, lambda i: replace(i, body=""))

    def body_digest(self, item: Item) -> str:
        """SHA-256 of the item's body, once per item object."""
        return per_item(self.bodies, item, _body_digest)

    def planned(self, project: Project, analysis: Analysis) -> None:
        """The build has planned its pages: until ``finished``, only rendering them
        changes the memo (the tables of ``SITE_LATE``). Tells its keeper
        (``on_planned``)."""
        if self.on_planned is not None:
            self.on_planned(self, project, analysis)

    def finished(self, project: Project) -> None:
        """The build is done with the memo: forget what it did not use (``retain``), and
        tell its keeper (``on_finished``)."""
        self.retain(project)
        if self.on_finished is not None:
            self.on_finished(self)

    def retain(self, project: Project) -> None:
        """Forget what the finished build did not use: removed files, old bodies and
        items, so that memory follows the project instead of its history."""
        self.files = {rel: e for rel, e in self.files.items() if rel in self._seen}
        self._seen = set()
        bodies = {item.body for item in project.items}
        self.links = {body: t for body, t in self.links.items() if body in bodies}
        alive = {id(item) for item in project.items}
        plan_copies = {id(copy) for item, copy in self.plans.values() if id(item) in alive}
        self.digests = {k: v for k, v in self.digests.items() if k in alive or k in plan_copies}
        self.search = {k: v for k, v in self.search.items() if k in alive}
        self.plans = {k: v for k, v in self.plans.items() if k in alive}
        self.bodies = {k: v for k, v in self.bodies.items() if k in alive}
        ids = {item.id for item in project.items}
        self.event_cache = {k: v for k, v in self.event_cache.items() if k in ids}
        self.pages = {k: v for k, v in self.pages.items() if k in self._pages_seen}
        self.finals = {k: v for k, v in self.finals.items() if k in self._pages_seen}
        self._pages_seen = set()


def _body_digest(item: Item) -> str:
    return hashlib.sha256(item.body.encode("utf-8", "surrogatepass")).hexdigest()


def plan_of(project: Project, memo: Memo | None = None) -> tuple[object, ...]:
    """Everything the analysis and the exports read: the project without the bodies,
    with the metrics and the matched result rows.

    With a memo, an unchanged item keeps the very same body-less copy, so comparing two
    plans is mostly comparing objects with themselves."""
    memo = Memo() if memo is None else memo
    items = [memo.without_body(item) for item in project.items]
    return (
        *project_facts(project),
        tuple(items),
        project.metrics,
        project.measures,
        project.result_files,  # an unchanged file's rows are the very same tuple
    )


#: Values compared by type and value: equal ones render the same.
_PLAIN = (str, int, float, bool, type(None), date)


def same(a: Any, b: Any) -> bool:
    """Whether two page contexts render the same because they are made of the same
    objects: model objects are immutable, so the same object is the same value. Lists,
    tuples and dicts are compared element by element; plain values by type and value
    (``1 == 1.0 == True`` would not do: they print differently); a ``Body`` by its text,
    file and line. Anything else must be the very same object. False means only "not
    known to be the same": the page key is then computed from the values."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _PLAIN:
        return bool(a == b)
    if kind is datetime:
        return a == b and a.tzinfo is b.tzinfo
    if kind is list or kind is tuple:
        return len(a) == len(b) and all(map(same, a, b))
    if kind is dict:
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if kind is Body:
        return a.text is b.text and a.path == b.path and a.line == b.line
    names = _frozen_fields(a.__class__)
    return names is not None and all(same(getattr(a, n), getattr(b, n)) for n in names)


@cache
def _frozen_fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a frozen dataclass (whose instances cannot change), else None."""
    if not is_dataclass(kind) or not kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        return None
    return tuple(f.name for f in fields(kind))
