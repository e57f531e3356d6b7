"""Relative links in item bodies: found outside code, checked against the site's files.

A link that leads nowhere is a warning at its line and column in the body's file, with
the closest file name in the folder it points into. Part of phase three
(``validate.cross_check``): the links of every body are checked in every build, because
they name files rather than ids.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence, Set
from pathlib import Path
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load.loaders import Loaded
from generator.model import Item

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


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REF_DEF = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_INDENTED = re.compile(r"(?m)^(?: {4}|\t).*$")
_LINE_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
#: Each link pattern, with text that every match of it contains.
_PATTERNS = ((_INLINE_LINK, "]("), (_REF_DEF, "]:"), (_HTML_LINK, "="))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _mask_code(body: str) -> str:
    """The body with fenced blocks, indented lines and code spans blanked out, keeping
    every other character where it was (so offsets still give lines and columns)."""
    body = _mask_fences(body)
    if body.startswith(("    ", "\t")) or "\n    " in body or "\n\t" in body:
        body = _INDENTED.sub(_blank, body)
    return _LINE_CODE_SPAN.sub(_blank, body) if "`" in body else body


def _mask_fences(body: str) -> str:
    """The body with its fenced blocks blanked out."""
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
    return body


def relative_targets(body: str) -> Iterable[tuple[int, int, str]]:
    """(body line index, column, target) of every relative link outside code."""
    if "](" not in body and "]:" not in body and "=" not in body:
        return  # no link syntax at all: the common case for short items
    scan = _mask_code(body)
    starts = [0, *(m.end() for m in re.finditer("\n", scan))]
    for pattern, needs in _PATTERNS:
        if needs not in scan:
            continue  # the pattern matches only text holding ``needs``: no need to scan
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
                    f"link `{_short(target)}` points outside content/, "
                    "so the site will not contain it",
                )
            )
        elif resolved not in known and not _exists(root / resolved):
            siblings = _siblings(root / posixpath.dirname(resolved))
            out.append(
                Diagnostic(
                    item.path,
                    line,
                    column,
                    "warning",
                    "broken-link",
                    f"link `{_short(target)}` points to a file that does not exist",
                    did_you_mean(posixpath.basename(clean), siblings),
                )
            )
    return out


def _exists(path: Path) -> bool:
    """Whether a link's target exists; a target no file could have (a name over the file
    system's limit, a NUL byte) does not, rather than stopping the build."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _short(target: str) -> str:
    """A link as a message quotes it: at most 120 characters."""
    return target if len(target) <= 120 else target[:119] + "…"


def _siblings(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except (OSError, ValueError):
        return []
