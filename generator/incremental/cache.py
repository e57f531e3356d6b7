"""Incremental builds: reuse the pages of the previous site whose inputs did not change.

Every page gets a key: the SHA-256 of everything it is rendered from — the plansite
version, the templates, the project-wide facts templates read (settings, today, names
and links of every persona, stage, channel and item) and the page's own context. The
keys of a site are stored inside it (``.plansite-pages.json``), so they are swapped in and
out together with the pages they describe. On the next build a page whose key is
unchanged is hard-linked from the previous site instead of rendered; a clean build writes
exactly the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import operator
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from generator import __version__
from generator.load.config import CONFIG_FILE
from generator.load.libraries import versions
from generator.load.sources import READ_FLAGS, SourceFile, settled, walk
from generator.model import Item, Project
from generator.output.writer import MARKER, LiveWriter, SiteWriter

if TYPE_CHECKING:
    from generator.incremental.memo import Memo
    from generator.site.render import Page

MANIFEST = ".plansite-pages.json"
FORMAT = 2


@cache
def package_digest() -> str:
    """plansite itself: every file of the package — code, templates, static files and
    presets. A page is the product of all of them (a label lives in Python, a layout in a
    template), so any change to plansite invalidates every page: an upgrade can never
    leave yesterday's pages behind. Read once per process."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


class _Fingerprinter(pickle.Pickler):
    """Pickles without the memo, a frozen data class with slots as its class and field
    values (``field_values``), and with ``digests`` each Item as the digest of its own
    fingerprint: an item sits in many page contexts (every list it belongs to), and is
    pickled only once per build.

    The digest leaves the body out. Templates never read ``item.body``: a page that
    shows a body receives it as a ``markup.Body`` in its context, which is fingerprinted
    in full (``tests/test_incremental.py`` checks the templates keep to this). So a body
    edit changes the key of the item's own page, not of every list the item is in."""

    def __init__(self, buffer: io.BytesIO, digests: dict[int, tuple[Item, str]] | None) -> None:
        super().__init__(buffer, protocol=5)
        self.fast = True  # no memo; our contexts have no cycles
        self.digests = digests

    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        if kind is Item and self.digests is not None:
            return (str, (per_item(self.digests, obj, item_digest),))  # type: ignore[arg-type]
        values = field_values(kind)
        return NotImplemented if values is None else (kind, values(obj))


#: An item's fields but its body, as a tuple: what any page but its own shows of it.
_SHOWN_OF_ITEM = operator.attrgetter(*(f.name for f in fields(Item) if f.name != "body"))


def item_digest(item: Item) -> str:
    """An item without its body: everything of it any page but its own shows."""
    return hashlib.sha256(fingerprint(_SHOWN_OF_ITEM(item))).hexdigest()


def fingerprint(value: object, digests: dict[int, tuple[Item, str]] | None = None) -> bytes:
    """Pickle without the memo: the bytes then depend on values only, not on which equal
    strings happen to be one object in this run (pickle's memo would record that).
    With ``digests`` (id → (item, digest); the item is kept so its id stays its own),
    items are written as their digests."""
    buffer = io.BytesIO()
    _Fingerprinter(buffer, digests).dump(value)
    return buffer.getvalue()


#: A getter of an object's field values as a tuple.
FieldValues = Callable[[object], tuple[object, ...]]
#: type → its ``FieldValues``, or None: ``field_values``'s answers.
_FIELD_VALUES: dict[type, FieldValues | None] = {}


def field_values(kind: type) -> FieldValues | None:
    """A getter of the field values of a frozen, slotted plansite data class whose
    constructor only stores them (no ``__post_init__``, every field an argument), for
    picklers to write it as a call of the class with them (Python's own way walks
    ``dataclasses.fields`` for every instance, in Python); None for any other type,
    which is pickled the usual way."""
    if kind not in _FIELD_VALUES:
        _FIELD_VALUES[kind] = _field_getter(kind)
    return _FIELD_VALUES[kind]


def _field_getter(kind: type) -> FieldValues | None:
    if not (kind.__module__.startswith("generator.") and is_dataclass(kind)):
        return None
    if "__slots__" not in kind.__dict__ or hasattr(kind, "__post_init__"):
        return None
    names = [f.name for f in fields(kind) if f.init]
    if not names or len(names) != len(fields(kind)):
        return None
    if len(names) == 1:
        return lambda obj: (getattr(obj, names[0]),)
    return operator.attrgetter(*names)


@cache
def library_versions() -> tuple[str, ...]:
    """A new Markdown, sanitiser or template engine may render the same input differently."""
    found = versions()
    return tuple(found[name] for name in ("markdown", "nh3", "jinja2", "markupsafe"))


#: Everything else a site is computed with: parsing, calendars, holidays.
_OTHER_LIBRARIES = ("pyyaml", "python-dateutil", "holidays")


def file_digest(source: SourceFile) -> str:
    """SHA-256 of a file's bytes (``OSError`` if it cannot be read). Read with plain
    system calls: ``hashlib.file_digest`` over a Python file object costs more than the
    hashing of a small file (a buffered reader, and a 256 KiB buffer made for each
    file): a cold build hashes every file of the plan, 10,000 of them in 0.07 s, was
    0.17-0.19 s."""
    fd = os.open(source.location, READ_FLAGS)
    try:
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def inputs_digest(
    root: Path,
    today: date,
    results_folder: str = "results",
    digest_of: Callable[[SourceFile], str] = file_digest,
) -> str | None:
    """A digest of every byte a build reads: the project's files (names and contents),
    the results folder's exports, the day it is built for, plansite, its templates and
    the libraries. Equal digests mean equal sites. None when a folder cannot be read
    cleanly (then there is no shortcut: the build reports the problem). ``digest_of``
    gives each file's digest (``store.FileDigests`` remembers them by ``stat``)."""
    digest = hashlib.sha256()
    facts = (FORMAT, __version__, package_digest(), library_versions(), today.isoformat())
    others = versions()
    digest.update(repr((*facts, *(others[name] for name in _OTHER_LIBRARIES))).encode())
    config = root / CONFIG_FILE
    listed: list[SourceFile] = [SourceFile(config, CONFIG_FILE)] if config.is_file() else []
    for folder in ("stages", "personas", "owners", "content", results_folder):
        found, problems = walk(root, folder)
        if problems:
            return None
        listed += found
    for source in listed:
        try:
            digest.update(f"\0{source.rel}\0{digest_of(source)}".encode())
        except OSError:
            return None
    return digest.hexdigest()


V = TypeVar("V")


def per_item(table: dict[int, tuple[Item, V]], item: Item, make: Callable[[Item], V]) -> V:
    """``make(item)``, once per item object. The table is keyed by ``id(item)`` and keeps
    the item, so a new object that happens to reuse a freed id is never taken for it."""
    known = table.get(id(item))
    if known is None or known[0] is not item:
        known = table[id(item)] = (item, make(item))
    return known[1]


def project_facts(project: Project) -> tuple[object, ...]:
    """The project-wide facts that every page and export reads (items aside)."""
    return (
        project.config,
        project.today,
        project.stages,
        project.personas,
        project.channels,
        project.owners,
    )


def site_key(project: Project) -> str:
    """What every page may read besides its own context and the items it names.

    Templates read items outside their page's context only by id, through
    ``name("item", id)`` and ``link.item(id)``; rendering records those ids, and
    ``with_reads`` adds what they show to the page's key. So a new title re-renders the
    pages that show it, not the whole site."""
    return _key("pages", *project_facts(project))


def with_reads(
    project: Project,
    key: str,
    reads: Sequence[str],
    memo: Memo | None = None,
    path: str = "",
) -> str:
    """A page's key, given the items it named or linked by id when it was rendered.
    With a memo, the answer for ``path`` is reused while the key and the very item
    objects read are the same."""
    if not reads:
        return key
    by_id = project.item_by_id
    items = tuple(by_id.get(i) for i in reads)
    known = None if memo is None else memo.finals.get(path)
    if (
        known is not None
        and known[0] == key
        and known[1] == tuple(reads)
        and all(a is b for a, b in zip(known[2], items, strict=True))
    ):
        return known[3]
    shown = [(i, it.title, it.url) if it else (i,) for i, it in zip(reads, items, strict=True)]
    final = hashlib.sha256(f"{key}{json.dumps(shown, ensure_ascii=False)}".encode()).hexdigest()
    if memo is not None:
        memo.finals[path] = (key, tuple(reads), items, final)
    return final


def data_key(plan: tuple[object, ...], digests: dict[int, tuple[Item, str]] | None = None) -> str:
    """The exports: everything about the plan except bodies and templates (``plan`` is
    ``memo.plan_of(project)``; its items are written as their digests when ``digests``
    is given, so no fingerprint of the whole plan is ever held in memory)."""
    return _key("exports", *plan, digests=digests)


def search_key(project: Project, memo: Memo) -> str:
    """The search index: the items (as their digests, which leave the bodies out) and a
    digest of each body."""
    bodies = tuple(memo.body_digest(item) for item in project.items)
    return _key("search", project.items, bodies, digests=memo.digests)


def _key(*facts: object, digests: dict[int, tuple[Item, str]] | None = None) -> str:
    """Every key covers plansite's version, its code and the libraries it renders with."""
    plansite = (FORMAT, __version__, package_digest(), library_versions())
    return hashlib.sha256(fingerprint((*plansite, *facts), digests)).hexdigest()


def reuse_group(writer: SiteWriter | LiveWriter, before: dict[str, str], key: str) -> list[str]:
    """Keep every file the previous site wrote under ``key`` (a group generated as one,
    such as the exports), or none of them: then the caller generates the group."""
    paths = sorted(path for path, old in before.items() if old == key)
    out = writer.out
    if not paths or not all((out / p).is_file() and not (out / p).is_symlink() for p in paths):
        return []
    for path in paths:
        writer.keep(path)
    return paths


def page_key(
    site: str, page: Page, digests: dict[int, tuple[Item, str]] | None = None
) -> str | None:
    """The page's key, or None when its context cannot be fingerprinted (then it is
    always rendered)."""
    try:
        data = fingerprint((page.path, page.template, page.context), digests)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        return None
    return hashlib.sha256(site.encode() + data).hexdigest()


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of the site now in ``out`` (empty when there is none of ours). Not
    to be changed: the last one read is kept while its file's ``stat`` is the same (a
    build asks twice), unless it was written a moment ago."""
    try:
        if not (out / MARKER).is_file():
            return {}
        st = os.stat(out / MANIFEST)
        seen = (str(out), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        if _last_manifest[0] == seen:
            kept: dict[str, Any] = _last_manifest[1]
            return kept
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    if settled(st.st_mtime_ns):
        _last_manifest[:] = [seen, data]
    return data


#: ``read_manifest``'s last answer: [what identified the file, the manifest].
_last_manifest: list[Any] = [None, {}]


def previous_manifest(out: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The page keys of the site now in ``out`` and, per page, the items it named or
    linked by id (both empty when there is no site of ours)."""
    data = read_manifest(out)
    pages, reads = data.get("pages"), data.get("reads")
    if not isinstance(pages, dict):
        return {}, {}
    if not isinstance(reads, dict):
        return pages, {}
    return pages, {
        path: ids
        for path, ids in reads.items()
        if isinstance(ids, list) and all(isinstance(i, str) for i in ids)
    }


def current_site(out: Path, inputs: str) -> tuple[int, int] | None:
    """(pages, files) of the site in ``out`` if it was built from exactly ``inputs`` and
    every file it listed is still there; else None."""
    data = read_manifest(out)
    listed = site_files(data)
    if data.get("inputs") != inputs or listed is None:
        return None
    base = str(out)
    if not all(os.path.isfile(os.path.join(base, rel)) for rel in listed):
        return None
    return data["counts"][0], data["counts"][1]


def site_files(data: dict[str, Any]) -> list[str] | None:
    """Every file a manifest lists (pages, exports, the search index, copied assets)
    when it records the inputs the site was built from and all its fields are
    well-formed; else None."""
    counts, pages, copied = data.get("counts"), data.get("pages"), data.get("copied")
    if not isinstance(data.get("inputs"), str) or not isinstance(pages, dict):
        return None
    if not (isinstance(copied, list) and isinstance(data.get("reads", {}), dict)):
        return None
    if not (isinstance(counts, list) and len(counts) == 2 and all(type(n) is int for n in counts)):
        return None
    listed = [*pages, *copied]
    return listed if all(isinstance(rel, str) for rel in listed) else None


def manifest_bytes(
    keys: dict[str, str],
    reads: dict[str, Sequence[str]],
    inputs: str | None = None,
    counts: tuple[int, int] = (0, 0),
    copied: list[str] | None = None,
) -> bytes:
    """The manifest: every page's key and, when they are known, the digest of the
    inputs the site was built from (``current_site``; its diagnostics are kept with
    that digest in the cache folder, ``inputs.record_check``, and reported again by a
    build that finds nothing to do)."""
    data: dict[str, object] = {"format": FORMAT}
    if inputs is not None:
        data["inputs"], data["counts"] = inputs, list(counts)
        data["copied"] = sorted(copied or [])
    data["pages"] = dict(sorted(keys.items()))
    data["reads"] = {path: list(ids) for path, ids in sorted(reads.items()) if ids}
    return (json.dumps(data, separators=(",", ":")) + "\n").encode()


def stale_manifest(data: dict[str, Any], inputs: str, stale: Sequence[str]) -> bytes:
    """The manifest ``data`` (``read_manifest``) of a site whose ``stale`` files were
    replaced without working out their keys, built from ``inputs``: their keys are
    left empty, so the next build that plans every page makes them again."""
    pages = {**data["pages"], **dict.fromkeys(stale, "")}
    counts = data["counts"]
    return manifest_bytes(
        pages, data.get("reads") or {}, inputs, (counts[0], counts[1]), data["copied"]
    )
