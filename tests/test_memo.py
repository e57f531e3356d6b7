"""What ``serve`` may reuse between rebuilds: ``memo.same`` decides when two page
contexts render alike, so it must never call different things the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from markupsafe import Markup

from generator.incremental.memo import same
from generator.site.markdown import Body


@dataclass(frozen=True)
class Frozen:
    a: object
    b: object = None


@dataclass
class Mutable:
    a: object


def test_equal_plain_values_of_one_type_are_the_same() -> None:
    assert same("x", "x") and same(3, 3) and same(None, None)
    assert same(date(2026, 1, 2), date(2026, 1, 2))
    assert same([1, ("a", {"k": 2.5})], [1, ("a", {"k": 2.5})])


def test_values_that_print_differently_are_not() -> None:
    assert not same(1, 1.0)  # equal in Python, "1" and "1.0" on a page
    assert not same(1, True)
    assert not same("x", Markup("x"))
    assert not same([1, 2], (1, 2))
    assert not same({"a": 1}, {"a": 1, "b": 2})
    assert not same(date(2026, 1, 2), datetime(2026, 1, 2, tzinfo=UTC))
    tokyo = timezone(timedelta(hours=9))
    # the same instant, shown as 09:00 in one zone and 00:00 in the other
    assert not same(datetime(2026, 1, 2, 9, tzinfo=tokyo), datetime(2026, 1, 2, 0, tzinfo=UTC))


def test_frozen_dataclasses_compare_field_by_field_mutable_ones_by_identity() -> None:
    assert same(Frozen([1], "x"), Frozen([1], "x"))
    assert not same(Frozen(1), Frozen(1.0))
    thing = Mutable(1)
    assert same(thing, thing)
    assert not same(Mutable(1), Mutable(1))


def test_a_body_is_the_same_only_with_the_very_same_text() -> None:
    text = "Some *words*."
    assert same(Body(text, "content/a.md", 5), Body(text, "content/a.md", 5))
    assert not same(Body(text, "content/a.md", 5), Body(text, "content/a.md", 6))
    copy = "".join(["Some *words*", "."])  # equal, but another object: not trusted
    assert not same(Body(text, "content/a.md", 5), Body(copy, "content/a.md", 5))
