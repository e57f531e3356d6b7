"""The plan's history as a build receives it: read from git by the caller
(``history``), shown on the Trends page and the item pages (``site.trends``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SiteHistory:
    """Weekly samples (rows of history.csv, oldest first) and, by item file path, the
    days it was first added and last changed in the history."""

    rows: tuple[Mapping[str, object], ...] = ()
    items: Mapping[str, tuple[date, date]] = field(default_factory=dict)
    #: why there are no rows (a sentence of ``site.wording``: ``trends.shallow``…), or ""
    reason: str = ""

    def digest(self) -> str:
        """Equal digests, equal pages and export: part of the build's keys."""
        data = [list(map(dict, self.rows)), sorted(self.items.items()), self.reason]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
