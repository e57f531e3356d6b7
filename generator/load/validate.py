"""Phase three: the problems that span files.

Each check names every file involved (both halves of a duplicate), points at the exact
line of the offending id, and stays quiet about references to a file that is itself
broken — the root error is reported once, at its file, with no cascade.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence, Set
from pathlib import Path
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.load.loaders import Loaded
from generator.load.yamlsafe import KeyPath, YamlDoc
from generator.model import Item
from generator.paths import asset_url, channel_url, collision_key, persona_url, stage_url


class _Checker:
    def __init__(self, loaded: Loaded, docs: dict[str, YamlDoc]) -> None:
        self.loaded = loaded
        self.docs = docs
        self.out: list[Diagnostic] = []

    def at(self, path: str, key: KeyPath) -> tuple[int, int]:
        doc = self.docs.get(path)
        if doc is None:
            return 1, 1
        pos = doc.pos(key)
        return pos.line, pos.column

    def report(
        self,
        path: str,
        key: KeyPath,
        severity: Severity,
        code: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        line, column = self.at(path, key)
        self.out.append(Diagnostic(path, line, column, severity, code, message, hint))

    # -- duplicates and clashes ------------------------------------------------------
    def duplicates(self, kind: str, entries: Iterable[tuple[str, str]]) -> None:
        """``entries`` are (id, path); every file after the first with an id is named."""
        first: dict[str, str] = {}
        for entry_id, path in entries:
            if entry_id in first:
                other = first[entry_id]
                self.report(
                    path,
                    ("id",),
                    "error",
                    "duplicate-id",
                    f"duplicate {kind} id `{entry_id}`: {other} has the same id",
                    "give one of them another file name or `id`",
                )
                self.report(
                    other,
                    ("id",),
                    "error",
                    "duplicate-id",
                    f"duplicate {kind} id `{entry_id}`: {path} has the same id",
                )
            else:
                first[entry_id] = path

    def clashes(self, entries: Iterable[tuple[str, str]]) -> None:
        """Two sources whose pages a case-insensitive or normalising disk would merge."""
        seen: dict[str, tuple[str, str]] = {}
        for site_path, source in entries:
            key = collision_key(site_path)
            if key in seen and seen[key] != (site_path, source):
                other_path, other_source = seen[key]
                message = f"{source} and {other_source} would both be written to `{site_path}`" + (
                    f" / `{other_path}`" if other_path != site_path else ""
                )
                self.report(
                    source,
                    ("id",),
                    "error",
                    "output-clash",
                    message,
                    "rename one of them; names may not differ only by case or accents",
                )
                self.report(other_source, ("id",), "error", "output-clash", message)
            else:
                seen.setdefault(key, (site_path, source))

    # -- references ------------------------------------------------------------------
    def reference(
        self,
        path: str,
        key: str,
        index: int | None,
        value: str,
        kind: str,
        known: set[str],
        broken: set[str],
    ) -> None:
        if value in known or value in broken:
            return
        keypath: KeyPath = (key, index) if index is not None else (key,)
        self.report(
            path,
            keypath,
            "error",
            f"unknown-{kind}",
            f"unknown {kind} `{value}`",
            did_you_mean(value, known, list_known=kind != "item"),
        )

    def references(
        self,
        path: str,
        key: str,
        values: tuple[str, ...],
        kind: str,
        known: set[str],
        broken: set[str],
        *,
        scalar: bool,
    ) -> None:
        for index, value in enumerate(values):
            self.reference(path, key, None if scalar else index, value, kind, known, broken)


def _is_list(doc: YamlDoc | None, key: str) -> bool:
    return doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get(key), list)


def cross_check(loaded: Loaded, find_links: FindLinks | None = None) -> list[Diagnostic]:
    """Every cross-file problem of the project at once."""
    return [*references(loaded), *links(loaded, find_links)]


#: Finds the relative links of a body: (body line index, column, target) for each.
FindLinks = Callable[[str], Sequence[tuple[int, int, str]]]


def links(loaded: Loaded, find_links: FindLinks | None = None) -> list[Diagnostic]:
    """Relative links in every body that lead to no file of the site. ``find_links``
    may be one that remembers the links of bodies it has seen (``plansite serve``)."""
    # files known to exist, so that most link checks need no file-system call
    sources = {i.path for i in loaded.items} | {"content/" + a for a in loaded.assets}
    find = find_links or _find_links
    out: list[Diagnostic] = []
    for item in loaded.items:
        out.extend(check_links(loaded.root, item, find(item.body), sources))
    return out


def _find_links(body: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(relative_targets(body))


def references(loaded: Loaded) -> list[Diagnostic]:
    """Duplicates, output clashes and references to unknown ids, with "did you mean"."""
    docs = loaded.docs
    c = _Checker(loaded, docs)
    stages = {s.id for s in loaded.stages}
    personas = {p.id for p in loaded.personas}
    items = {i.id for i in loaded.items}
    channels_known = loaded.config.channels is not None or not loaded.config_ok
    channels = {ch.id for ch in loaded.config.channels or ()}
    broken = loaded.broken

    c.duplicates("stage", ((s.id, s.path) for s in loaded.stages))
    c.duplicates("persona", ((p.id, p.path) for p in loaded.personas))
    c.duplicates("item", ((i.id, i.path) for i in loaded.items))
    c.clashes((stage_url(s.id), s.path) for s in loaded.stages)
    c.clashes((persona_url(p.id), p.path) for p in loaded.personas)
    c.clashes(
        [(i.url, i.path) for i in loaded.items]
        + [(asset_url(a), "content/" + a) for a in loaded.assets]
    )
    if loaded.config.channels is not None:
        c.clashes((channel_url(ch.id), "plansite.yaml") for ch in loaded.config.channels)
    else:  # channels named only by items: blame the first item naming each
        first_use: dict[str, str] = {}
        for item in loaded.items:
            for channel_id in item.channels:
                first_use.setdefault(channel_id, item.path)
        c.clashes((channel_url(cid), path) for cid, path in sorted(first_use.items()))

    for p in loaded.personas:
        doc = docs.get(p.path)
        if doc is not None and isinstance(doc.data, dict) and "stages" in doc.data:
            c.references(
                p.path,
                "stages",
                p.stages,
                "stage",
                stages,
                broken["stage"],
                scalar=not _is_list(doc, "stages"),
            )
        for stage_id, _need in p.needs:
            if stage_id not in stages and stage_id not in broken["stage"]:
                c.report(
                    p.path,
                    ("needs", stage_id),
                    "warning",
                    "unknown-stage",
                    f"`needs` names unknown stage `{stage_id}`",
                    did_you_mean(stage_id, stages),
                )

    for s in loaded.stages:
        if channels_known and loaded.config_ok:
            c.references(
                s.path,
                "channels",
                s.channels,
                "channel",
                channels,
                set(),
                scalar=not _is_list(docs.get(s.path), "channels"),
            )

    by_id = {p.id: p for p in loaded.personas}
    for item in loaded.items:
        doc = docs.get(item.path)
        c.references(
            item.path,
            "persona",
            item.personas,
            "persona",
            personas,
            broken["persona"],
            scalar=not _is_list(doc, "persona"),
        )
        c.references(
            item.path,
            "stage",
            item.stages,
            "stage",
            stages,
            broken["stage"],
            scalar=not _is_list(doc, "stage"),
        )
        if channels_known and loaded.config_ok:
            c.references(
                item.path,
                "channel",
                item.channels,
                "channel",
                channels,
                set(),
                scalar=not _is_list(doc, "channel"),
            )
        c.references(
            item.path,
            "next",
            item.next,
            "item",
            items,
            broken["item"],
            scalar=not _is_list(doc, "next"),
        )
        if item.id in item.next:
            c.report(item.path, ("next",), "warning", "next-self", "`next` names the item itself")
        for persona_id in item.personas:
            persona = by_id.get(persona_id)
            known_stages = [s for s in item.stages if s in stages]
            if persona and known_stages and not any(persona.applies_to(s) for s in known_stages):
                c.report(
                    item.path,
                    ("persona",),
                    "warning",
                    "persona-stage",
                    f"persona `{persona_id}` does not apply to stage "
                    f"{', '.join(f'`{s}`' for s in known_stages)}, so this item counts nowhere",
                    f"{persona.path} lists its stages: {', '.join(persona.stages) or 'none'}",
                )

    for index, rule in enumerate(loaded.config.ignore):
        for key, value, known in (
            ("stage", rule.stage, stages),
            ("persona", rule.persona, personas),
            ("item", rule.item, items),
        ):
            if value is not None and value not in known:
                c.report(
                    "plansite.yaml",
                    ("ignore", index, key),
                    "warning",
                    f"unknown-{key}",
                    f"`ignore` names unknown {key} `{value}`; the rule matches nothing",
                    did_you_mean(value, known),
                )
    return c.out


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REF_DEF = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


_INDENTED = re.compile(r"(?m)^(?: {4}|\t).*$")
_LINE_CODE_SPAN = re.compile(r"`+[^`\n]*`+")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _mask_code(body: str) -> str:
    """The body with fenced blocks, indented lines and code spans blanked out, keeping
    every other character where it was (so offsets still give lines and columns)."""
    if "```" in body or "~~~" in body:
        lines, fence = body.split("\n"), None
        for index, line in enumerate(lines):
            marker = _FENCE.match(line)
            if marker:
                token = marker.group(1)[0] * 3
                if fence is None:
                    fence = token
                elif token == fence:
                    fence = None
                lines[index] = " " * len(line)
            elif fence is not None:
                lines[index] = " " * len(line)
        body = "\n".join(lines)
    return _LINE_CODE_SPAN.sub(_blank, _INDENTED.sub(_blank, body))


def relative_targets(body: str) -> Iterable[tuple[int, int, str]]:
    """(body line index, column, target) of every relative link outside code."""
    if "](" not in body and "]:" not in body and "=" not in body:
        return  # no link syntax at all: the common case for short items
    scan = _mask_code(body)
    starts = [0, *(m.end() for m in re.finditer("\n", scan))]
    for pattern in (_INLINE_LINK, _REF_DEF, _HTML_LINK):
        for match in pattern.finditer(scan):
            target = match.group(1)
            if target.startswith(("#", "/")) or _SCHEME.match(target):
                continue
            offset = match.start(1)
            index = bisect.bisect_right(starts, offset) - 1
            yield index, offset - starts[index] + 1, target


def check_links(
    root: Path,
    item: Item,
    targets: Sequence[tuple[int, int, str]],
    known: Set[str] = frozenset(),
) -> list[Diagnostic]:
    """Warn about the relative links (``targets``, from ``relative_targets``) that lead to
    files that do not exist or will not be in the site (``known``: project-relative paths
    of files known to exist)."""
    if not targets:
        return []
    out: list[Diagnostic] = []
    base = posixpath.dirname(item.path)
    for index, column, target in targets:
        clean = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not clean:
            continue
        resolved = posixpath.normpath(posixpath.join(base, clean))
        line = item.body_line + index
        if not resolved.startswith("content/"):
            out.append(
                Diagnostic(
                    item.path,
                    line,
                    column,
                    "warning",
                    "link-outside",
                    f"link `{target}` points outside content/, so the site will not contain it",
                )
            )
        elif resolved not in known and not (root / resolved).exists():
            siblings = _siblings(root / posixpath.dirname(resolved))
            out.append(
                Diagnostic(
                    item.path,
                    line,
                    column,
                    "warning",
                    "broken-link",
                    f"link `{target}` points to a file that does not exist",
                    did_you_mean(posixpath.basename(clean), siblings),
                )
            )
    return out


def _siblings(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError:
        return []
