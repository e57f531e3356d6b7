"""Cross-file checks about people, formats and deadlines (docs/files.md, owners).

Called by ``validate.references`` with its checker, so the problems are reported the
same way as every other reference: at the line of the offending value, with "did you
mean", and quiet about a reference to a file that is itself broken.
"""

from __future__ import annotations

from typing import Protocol

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.load.loaders import Loaded, project_owners
from generator.load.yamlsafe import KeyPath
from generator.model import Item
from generator.paths import channel_feed_url, collision_key, owner_feed_url, owner_url


class Checker(Protocol):
    """What these checks need of ``validate._Checker``."""

    out: list[Diagnostic]

    def report(
        self,
        path: str,
        key: KeyPath,
        severity: Severity,
        code: str,
        message: str,
        hint: str | None = None,
    ) -> None: ...

    def duplicates(self, kind: str, entries: list[tuple[str, str]]) -> None: ...

    def clashes(self, entries: list[tuple[str, str]]) -> None: ...

    def known_ids(
        self,
        path: str,
        key: str,
        values: tuple[str, ...],
        kind: str,
        known: set[str],
        broken: set[str],
    ) -> None: ...


def people_references(loaded: Loaded, checker: Checker) -> None:
    """Owners (duplicates, page and feed clashes, items naming unknown ones), formats
    (items and stages naming unknown ones) and deadlines after the publication date."""
    owners = loaded.owners
    if owners is not None:
        checker.duplicates("owner", [(o.id, o.path) for o in owners])
        checker.clashes([(owner_url(o.id), o.path) for o in owners])
        known = {o.id for o in owners}
        broken = loaded.broken.get("owner", set())
        for item in loaded.items:
            if item.owner is not None and item.owner not in known | broken:
                checker.report(
                    item.path,
                    ("owner",),
                    "error",
                    "unknown-owner",
                    f"unknown owner `{item.owner}`",
                    did_you_mean(item.owner, known),
                )
    _feed_clashes(loaded, checker)
    formats = loaded.config.formats
    if formats is not None and loaded.config_ok:
        names = {f.id for f in formats}
        for item in loaded.items:
            if item.format is not None:
                checker.known_ids(item.path, "format", (item.format,), "format", names, set())
        for stage in loaded.stages:
            checker.known_ids(stage.path, "formats", stage.formats, "format", names, set())
    for item in loaded.items:
        _deadline_after_date(item, checker)


def _feed_clashes(loaded: Loaded, checker: Checker) -> None:
    """An owner whose feed would be written over a channel's: ``calendar-owner-x.ics``
    is both owner ``x``'s feed and channel ``owner-x``'s."""
    channels = loaded.config.channels
    channel_ids = (
        [c.id for c in channels]
        if channels is not None
        else sorted({c for item in loaded.items for c in item.channels})
    )
    feeds = {collision_key(channel_feed_url(c)): c for c in channel_ids}
    first_use: dict[str, str] = {}
    for item in loaded.items:
        if item.owner:
            first_use.setdefault(item.owner, item.path)
    for owner in project_owners(loaded.owners, loaded.items):
        channel = feeds.get(collision_key(owner_feed_url(owner.id)))
        if channel is not None:
            checker.report(
                owner.path or first_use[owner.id],
                ("id",) if owner.declared else ("owner",),
                "error",
                "output-clash",
                f"owner `{owner.id}` and channel `{channel}` would both have the calendar "
                f"feed `{owner_feed_url(owner.id)}`",
                "rename the owner or the channel",
            )


def _deadline_after_date(item: Item, checker: Checker) -> None:
    """A draft due after the piece goes out is most likely a typo: a warning."""
    if item.deadline is not None and item.date is not None and item.deadline > item.date:
        checker.report(
            item.path,
            ("deadline",),
            "warning",
            "deadline-after-date",
            f"`deadline` {item.deadline.isoformat()} is after the publication date "
            f"{item.date.isoformat()}",
            "a draft is due before the piece goes out; check both dates",
        )
