"""Edits to bodies only: found and written without reading the plan back.

Writers mostly edit text. A body is shown on its item's own page and in the search
index, nowhere else (``site/edits.py``); everything else a site holds is made from the
front matter, and the one thing in a body other files are checked against is its
links. So when the only files that changed since the last build are item files whose
item, body aside, and links are as they were, which parse without a diagnostic and
which no diagnostic of that build pointed into (its line may have moved), the new site
is the old one with, per edited item, its page and its search entry made again; and
the diagnostics are that build's.

Every build leaves a ``Record`` beside the memo: the SHA-256 of each input file, for
each item file its ``outline``, and the build's diagnostics. The next one-off ``build``
(or ``check``) compares the files with it; when only bodies changed, it parses just the
changed files and updates the site — still a new site in a staging folder, swapped in
whole — in time proportional to the edit and the number of files to link, not to the
plan. Anything else (another file changed, an outline moved, a page or index not in
the shape plansite writes) leaves the work to the full build, which reads the memo.

The record is JSON, compared string by string: nothing in it is trusted further.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic
from generator.errors import InvalidProject
from generator.incremental.cache import (
    MANIFEST,
    file_digest,
    item_digest,
    per_item,
    read_manifest,
    site_files,
    stale_manifest,
)
from generator.incremental.disk import memo_path, stamp
from generator.incremental.inputs import Before, Inputs, diagnostics_of, record_check, rows_of
from generator.load.frontmatter import read_markdown
from generator.load.links import relative_targets
from generator.load.loaders import find_root, parse_item, resolve_today
from generator.load.sources import SourceFile
from generator.model import Item, Project
from generator.output.writer import SiteWriter
from generator.paths import SEARCH_INDEX, replace_file
from generator.site import edits
from generator.site.search import is_indexed

if TYPE_CHECKING:
    from generator.incremental.memo import Memo

#: More changed files than this are left to the full build: its memo makes each of
#: them as cheap, and it works out the keys this way leaves empty.
MOST_EDITS = 32


@dataclass(frozen=True)
class Record:
    """What the last build was made from, and what it reported."""

    stamp: str  # ``disk.stamp``: this plansite, these libraries, this project folder
    out: str  # the output folder it wrote
    site: str  # the inputs digest its manifest records
    facts: list[str]  # ``inputs.Before.facts``: the day, the history's digest, the layout
    files: dict[str, str]  # every input file → its SHA-256
    outlines: dict[str, str]  # every item file → ``outline``
    diagnostics: list[list[object]]  # what it reported (``inputs.rows_of``)


@dataclass(frozen=True)
class Rebuilt:
    """A site brought up to date without loading the plan, and what the plan's
    diagnostics are (None when not known)."""

    pages: int
    files: int
    rendered: int
    diagnostics: list[Diagnostic] | None


def outline(
    item: Item, digest: str | None = None, links: Iterable[tuple[int, int, str]] | None = None
) -> str:
    """What of an item file the rest of the site is made from: the item without its
    body (``digest``, when known) and the targets of the links in its body (``links``:
    ``relative_targets``, when known)."""
    found = relative_targets(item.body) if links is None else links
    targets = sorted({target for _, _, target in found})
    text = f"{digest or item_digest(item)}\0{json.dumps(targets, ensure_ascii=False)}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _record_path(root: Path) -> Path:
    return memo_path(root).with_suffix(".bodies.json")


def read_record(root: Path) -> Record | None:
    """The record of this project's last build; None when there is none, or it is
    damaged, of another plansite or of another shape."""
    try:
        data = json.loads(_record_path(root).read_text(encoding="utf-8"))
        record = Record(**data)
    except (OSError, ValueError, TypeError):
        return None
    if record.stamp != stamp(root).decode().strip() or not _well_formed(record):
        return None
    return record


def _well_formed(record: Record) -> bool:
    """Whether every field read back has the type it is written with."""
    tables = (record.files, record.outlines)
    if not (isinstance(record.facts, list) and all(isinstance(t, dict) for t in tables)):
        return False
    try:
        diagnostics_of(record.diagnostics)
    except ValueError:
        return False
    strings = (record.stamp, record.out, record.site, *record.facts)
    return all(isinstance(s, str) for s in strings) and all(
        isinstance(v, str) for t in tables for v in t.values()
    )


def keep_record(
    root: Path,
    out: Path,
    site: str,
    facts: list[str],
    found: Inputs,
    diagnostics: list[Diagnostic],
    project: Project,
    memo: Memo,
) -> None:
    """Leave the record of a build. The outline of a file whose bytes the previous
    record knew is taken from it; others are worked out with what the memo already
    holds (each item's digest, the links of each body)."""
    before = read_record(root)
    known = (before.files, before.outlines) if before is not None else ({}, {})
    outlines = {}
    for item in project.items:
        if known[0].get(item.path) == found.files.get(item.path) and item.path in known[1]:
            outlines[item.path] = known[1][item.path]
        else:
            digest = per_item(memo.digests, item, item_digest)
            outlines[item.path] = outline(item, digest, memo.find_links(item.body))
    identity = stamp(root).decode().strip()
    kept = rows_of(diagnostics)
    _save(root, Record(identity, str(out), site, facts, found.files, outlines, kept))


def _save(root: Path, record: Record) -> None:
    fields = {name: getattr(record, name) for name in Record.__dataclass_fields__}
    data = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    replace_file(_record_path(root), lambda out: out.write(data.encode("utf-8", "surrogatepass")))


def edited_items(root: Path, record: Record, found: Inputs) -> Edited | None:
    """The items whose files changed since ``record``, parsed, and that build's
    diagnostics, when only bodies changed and none of them had a problem reported
    (its place may have moved with the edit); None when anything else changed."""
    if record.files.keys() != found.files.keys():
        return None
    changed = [rel for rel, digest in found.files.items() if record.files[rel] != digest]
    diagnostics = diagnostics_of(record.diagnostics)
    if len(changed) > MOST_EDITS or {d.path for d in diagnostics} & set(changed):
        return None
    items = []
    for rel in changed:
        item = _body_edited(root, rel, record.outlines.get(rel), found)
        if item is None:
            return None
        items.append(item)
    return Edited(items, diagnostics)


@dataclass(frozen=True)
class Edited:
    items: list[Item]  # parsed anew: only their bodies changed
    diagnostics: list[Diagnostic]  # the plan's, as the record has them


def _body_edited(root: Path, rel: str, outlined: str | None, found: Inputs) -> Item | None:
    """The item file ``rel``, parsed, if it is one whose outline is still ``outlined``
    and it parses without a diagnostic."""
    if outlined is None:  # not an item file
        return None
    source = SourceFile(os.path.join(root, rel), rel)
    parsed = read_markdown(source)
    item = parse_item(parsed, found.config.tz)
    if item is None or parsed.diagnostics or outline(item) != outlined:
        return None
    with contextlib.suppress(OSError):
        if file_digest(source) == found.files[rel]:  # not changed again while read
            return item
    return None


def rebuild(root: Path, found: Inputs, out: Path, site: str, facts: list[str]) -> Rebuilt | None:
    """Bring the site in ``out`` up to date with the project when only bodies changed
    since the record (``site``: the inputs digest the new site records); None, having
    written nothing, when that is not the case."""
    record = read_record(root)
    if record is None or record.out != str(out) or record.facts != facts:
        return None
    edited = edited_items(root, record, found)
    if edited is None or not edited.items:
        return None
    with SiteWriter(out) as writer:  # locked: the site read below is the one replaced
        data = read_manifest(out)
        listed = site_files(data)
        if listed is None or data["inputs"] != record.site:
            return None
        made = _made_again(out, edited.items, found.config.markdown_engine)
        if made is None or not made.keys() <= set(listed):
            return None
        if not all(writer.keep(rel) for rel in listed if rel not in made):
            return None
        for rel, content in made.items():
            writer.write(rel, content)
        writer.write(MANIFEST, stale_manifest(data, site, list(made)))
        writer.commit(files=[*listed, MANIFEST])  # each one kept or written above
        _save(root, replace(record, site=site, files=found.files))
    counts = data["counts"]
    return Rebuilt(counts[0], counts[1], len(edited.items), edited.diagnostics)


def _made_again(out: Path, items: list[Item], engine: str) -> dict[str, bytes] | None:
    """Each edited item's page and, if search finds any of them, the search index."""
    made: dict[str, bytes] = {}
    try:
        for item in items:
            page = edits.item_page(_read(out, item.url), item, engine)
            if page is None:
                return None
            made[item.url] = page
        indexed = [item for item in items if is_indexed(item)]
        if indexed:
            index: bytes | None = _read(out, SEARCH_INDEX)
            for item in indexed:
                index = edits.search_index(index, item) if index is not None else None
            if index is None:
                return None
            made[SEARCH_INDEX] = index
    except (OSError, InvalidProject):  # a page gone; a body that will not render in time
        return None
    return made


def _read(out: Path, rel: str) -> bytes:
    """A file of the site: only a regular file (``OSError`` for anything else)."""
    path = os.path.join(out, rel)
    with open(path, "rb", opener=_no_follow) as handle:
        return handle.read()


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


def bodies_only(root: Path, before: Before, facts: list[str]) -> Rebuilt | None:
    """``rebuild`` for the site ``before`` found, and the check's answer for the new
    inputs recorded: nothing (every changed file parsed without a diagnostic)."""
    found, out = before.found, before.out
    if found is None or before.recorded is None or out is None:
        return None
    done = rebuild(find_root(root), found, out, before.recorded, facts)
    if done is not None and done.diagnostics is not None:
        record_check(root, found.digest, done.diagnostics)
    return done


def checked_bodies(root: Path, found: Inputs, today: date | None) -> list[Diagnostic] | None:
    """The diagnostics of the project as ``found`` when it differs from the last build
    only in bodies (``edited_items``): that build's. None when that is not so."""
    root = find_root(root)
    record = read_record(root)
    if record is None or not record.facts:
        return None
    if record.facts[0] != resolve_today(today, found.config).isoformat():
        return None
    edited = edited_items(root, record, found)
    return None if edited is None else edited.diagnostics
