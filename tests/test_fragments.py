"""The fragments every item page and row repeats (``generator.site.fragments``) are the
markup the template macros they replaced made, byte for byte, whatever the text."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import jinja2
from hypothesis import given
from hypothesis import strategies as st

from generator.site.fragments import Fragments

#: The macros as templates wrote them, the reference the fragments are held to.
REFERENCE = """\
{% macro status_badge(status) -%}
<span class="status status-{{ status }}">{{ t("status_" ~ status) }}</span>
{%- endmacro %}
{% macro owner_link(owner_id) -%}
{% if owner_id and owner_id in project.owner_by_id %}<a href="{{ link.owner(owner_id) }}">\
{{ name("owner", owner_id) }}</a>{% else %}{{ owner_id or t("none") }}{% endif %}
{%- endmacro %}
{% macro id_links(kind, ids) -%}
{% for value in ids %}<a href="{{ link[kind](value) }}">{{ name(kind, value) }}</a>\
{% if not loop.last %}, {% endif %}{% endfor %}
{%- endmacro %}
"""

text = st.text(alphabet=st.sampled_from(["a", "<", ">", "&", '"', "'", "日", " ", "x"]))


class _Links:
    """Links that show what they were asked for, hostile text included."""

    def __getattr__(self, kind: str) -> Callable[[str], str]:
        return lambda value: f"{kind}/{value}.html?<&>"


def _pieces(owners: set[str], labels: dict[str, str]) -> tuple[Fragments, object]:
    names: list[tuple[str, str]] = []

    def name(kind: str, value: str) -> str:
        names.append((kind, value))
        return f"{value} <{kind}>"

    def t(key: str) -> str:
        return labels.get(key, f"[{key}] & co")

    project = SimpleNamespace(owner_by_id=dict.fromkeys(owners))
    link = _Links()
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    context = {"t": t, "link": link, "name": name, "project": project}
    macros = env.from_string(REFERENCE).make_module(context)
    return Fragments(project, link, name, t), macros  # type: ignore[arg-type]


@given(st.lists(text, max_size=4), st.sampled_from(["persona", "stage", "channel"]))
def test_links_to_ids_are_the_macros_links(ids: list[str], kind: str) -> None:
    fragments, macros = _pieces(set(), {})
    assert fragments.id_links(kind, ids) == macros.id_links(kind, ids)
    assert bool(fragments.id_links(kind, ids)) == bool(ids)  # "or none" in templates


@given(st.one_of(st.none(), text), st.sets(text, max_size=3))
def test_an_owner_is_the_macros_owner(owner: str | None, owners: set[str]) -> None:
    fragments, macros = _pieces(owners, {"none": "なし <none>"})
    assert fragments.owner_link(owner) == macros.owner_link(owner)


@given(text)
def test_a_status_badge_is_the_macros_badge(status: str) -> None:
    fragments, macros = _pieces(set(), {"status_" + status: f"{status} & <b>"})
    assert fragments.status_badge(status) == macros.status_badge(status)
