"""Gaps as data: the gap kinds, a gap, the sentence that words it, and the rules that
accept gaps (``ignore``). The analysis finds gaps; the site and the exports word and
list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Gap kinds of docs/gaps.md, in the order reports list them. Stable: used in exports and
#: in ``ignore`` lists.
GAP_CODES: tuple[str, ...] = (
    "empty-cell",
    "under-target",
    "not-live",
    "missing-format",
    "missing-channel",
    "no-human-touch",
    "dead-end",
    "stale",
    "overdue",
    "unowned",
    "cadence-miss",
    "over-frequency",
    "over-capacity",
    "missed-deadline",
    "kpi-miss",
    "declining",
    "no-results",
    "no-kpi",
)
#: The gap kinds about measured results: reported only for a project that measures.
RESULT_GAP_CODES: tuple[str, ...] = ("kpi-miss", "declining", "no-results", "no-kpi")
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A sentence as data: which one (``key``) and the values that fill it. The analysis
    says what it found; the site and the terminal word it in the project's language
    (``generator/site/wording.py``), so no sentence is written below the site."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Phrase:
        return cls(key, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Gap:
    """One hole in the plan. Empty fields do not apply to this gap kind."""

    code: str
    severity: str
    message: Phrase
    stage: str | None = None
    persona: str | None = None
    channel: str | None = None
    format: str | None = None
    item: str | None = None
    date: dt.date | None = None
    ignored: bool = False
    metric: str | None = None  # the metric of a results gap (RESULT_GAP_CODES)
    owner: str | None = None  # the owner of an over-capacity or missed-deadline gap


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """Accepts the gaps that match every field given (``ignore`` in docs/configuration.md)."""

    code: str
    stage: str | None = None
    persona: str | None = None
    channel: str | None = None
    format: str | None = None
    item: str | None = None
    metric: str | None = None
    owner: str | None = None

    def matches(self, gap: Gap) -> bool:
        return gap.code == self.code and all(
            want is None or want == have
            for want, have in (
                (self.stage, gap.stage),
                (self.persona, gap.persona),
                (self.channel, gap.channel),
                (self.format, gap.format),
                (self.item, gap.item),
                (self.metric, gap.metric),
                (self.owner, gap.owner),
            )
        )
