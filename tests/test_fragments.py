"""The fragments every item page and row repeats (``generator.site.fragments``) are the
markup the template macros they replaced made, byte for byte, whatever the text."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import jinja2
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Gap, Phrase
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
{% macro item_row(item) -%}
<tr>
    <td class="nowrap" data-label="{{ t('date') }}">{% if item.date %}<time datetime="\
{{ item.date.isoformat() }}">{{ fmt(item.date) }}</time>{% else %}{{ t("undated") }}{% endif %}</td>
    <td data-label="{{ t('title') }}"><a href="{{ link(item.url) }}">{{ item.title }}</a></td>
    <td data-label="{{ t('status') }}">{{ status_badge(item.status) }}</td>
    <td data-label="{{ t('persona') }}">{{ id_links("persona", item.personas) }}</td>
    <td data-label="{{ t('stage') }}">{{ id_links("stage", item.stages) }}</td>
    <td data-label="{{ t('channel') }}">{{ id_links("channel", item.channels) }}</td>
    <td data-label="{{ t('owner') }}">{{ owner_link(item.owner) }}</td>
  </tr>
{% endmacro %}
{% macro item_facts(item, deadline, kpi, history) -%}
<dl class="meta-list">
  <dt>{{ t("status") }}</dt><dd>{{ status_badge(item.status) }}</dd>
  <dt>{{ t("date") }}</dt><dd>{% if item.date %}<time datetime="\
{{ item.time.isoformat() if item.time else item.date.isoformat() }}">\
{{ fmt(item.date, item.time) }}</time>{% else %}{{ t("undated") }}{% endif %}</dd>
  <dt>{{ t("persona") }}</dt><dd>{{ id_links("persona", item.personas) }}</dd>
  <dt>{{ t("stage") }}</dt><dd>{{ id_links("stage", item.stages) }}</dd>
  <dt>{{ t("channel") }}</dt><dd>{{ id_links("channel", item.channels) }}</dd>
  <dt>{{ t("format") }}</dt><dd>{{ name("format", item.format) if item.format else t("none") }}</dd>
  <dt>{{ t("owner") }}</dt><dd>{{ owner_link(item.owner) }}</dd>
  {% if deadline %}<dt>{{ t("deadline") }}</dt><dd><time datetime="{{ deadline.isoformat() }}">\
{{ fmt(deadline) }}</time></dd>{% endif %}
  {% if item.review_by %}<dt>{{ t("review_by") }}</dt><dd><time datetime="\
{{ item.review_by.isoformat() }}">{{ fmt(item.review_by) }}</time></dd>{% endif %}
  {% if item.campaign %}<dt>{{ t("campaign") }}</dt><dd>{{ item.campaign }}</dd>{% endif %}
  {% if item.tags %}<dt>{{ t("tags") }}</dt><dd>{{ item.tags | join(", ") }}</dd>{% endif %}
  {% if kpi %}<dt>{{ t("kpi") }}</dt><dd>{{ kpi | join(", ") }}</dd>{% endif %}
  <dt>{{ t("source") }}</dt><dd><code>{{ item.path }}</code></dd>
  {% if history is defined and history %}<dt>{{ t("first_added") }}</dt><dd><time datetime="\
{{ history[0].isoformat() }}">{{ fmt(history[0]) }}</time></dd><dt>{{ t("last_changed") }}</dt>\
<dd><time datetime="{{ history[1].isoformat() }}">{{ fmt(history[1]) }}</time></dd>{% endif %}
</dl>
{%- endmacro %}
{% macro journey_links(item, backlinks) -%}
<nav class="journey-links" aria-label="{{ t('next') }}">
<section>
<h2>{{ t("next") }}</h2>
{% if item.next %}
<ul>{% for target in item.next %}<li><a href="{{ link.item(target) }}">\
{{ name("item", target) }}</a></li>{% endfor %}</ul>
{% else %}<p class="empty">{{ t("no_next") }}</p>{% endif %}
</section>
<section>
<h2>{{ t("linked_from") }}</h2>
{% if backlinks %}
<ul>{% for source in backlinks %}<li><a href="{{ link.item(source) }}">\
{{ name("item", source) }}</a></li>{% endfor %}</ul>
{% else %}<p class="empty">{{ t("no_backlinks") }}</p>{% endif %}
</section>
</nav>
{%- endmacro %}
{% macro severity_badge(severity) -%}
<span class="sev sev-{{ severity }}">{{ t("severity_" ~ severity) }}</span>
{%- endmacro %}

{% macro gap_concerns(gap) -%}
{% if gap.persona %}<a href="{{ link.persona(gap.persona) }}">{{ name("persona", gap.persona) }}\
</a> {% endif %}
{% if gap.channel %}{% if gap.channel in project.channel_by_id %}\
<a href="{{ link.channel(gap.channel) }}">{{ name("channel", gap.channel) }}</a>\
{% else %}{{ gap.channel }}{% endif %} {% endif %}
{% if gap.format %}{{ name("format", gap.format) }} {% endif %}
{% if gap.owner %}{{ owner_link(gap.owner) }} {% endif %}
{% if gap.item %}<a href="{{ link.item(gap.item) }}">{{ name("item", gap.item) }}</a> {% endif %}
{% if gap.date %}<time datetime="{{ gap.date.isoformat() }}">{{ fmt(gap.date) }}</time>{% endif %}
{%- endmacro %}

{% macro gap_table(gaps) -%}
<div class="table-wrap" tabindex="0">
<table class="gaps stack">
  <thead><tr><th scope="col">{{ t("severity") }}</th><th scope="col">{{ t("gap") }}</th>\
<th scope="col">{{ t("concerns") }}</th><th scope="col">{{ t("description") }}</th></tr></thead>
  <tbody>
  {% for gap in gaps %}
  <tr{% if gap.ignored %} class="ignored"{% endif %}>
    <td data-label="{{ t('severity') }}">{{ severity_badge(gap.severity) }}{% if gap.ignored %} \
<span class="tag">{{ t("ignored") }}</span>{% endif %}</td>
    <td data-label="{{ t('gap') }}"><code>{{ gap.code }}</code><br><span class="meta">\
{{ t("gap_" ~ gap.code) }}</span></td>
    <td data-label="{{ t('concerns') }}">{{ gap_concerns(gap) }}</td>
    <td data-label="{{ t('description') }}">{{ say(gap.message) }}</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
</div>
{%- endmacro %}
"""

text = st.text(alphabet=st.sampled_from(["a", "<", ">", "&", '"', "'", "日", " ", "x"]))


class _Links:
    """Links that show what they were asked for, hostile text included."""

    def __call__(self, target: str) -> str:
        return f"{target}?<&>"

    def __getattr__(self, kind: str) -> Callable[[str], str]:
        return lambda value: f"{kind}/{value}.html?<&>"


def _pieces(
    owners: set[str], labels: dict[str, str], channels: set[str] = frozenset()
) -> tuple[Fragments, Any]:
    def name(kind: str, value: str) -> str:
        return f"{value} <{kind}>"

    def t(key: str) -> str:
        return labels.get(key, f"[{key}] & co")

    project = SimpleNamespace(
        owner_by_id=dict.fromkeys(owners), channel_by_id=dict.fromkeys(channels)
    )
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    context = {
        "t": t,
        "link": _Links(),
        "name": name,
        "project": project,
        "fmt": lambda day, moment=None: f"{day:%d %b} <&>{moment or ''}",
        "say": lambda phrase: f"{phrase.key} & {dict(phrase.values)} <ok>",
    }
    macros = env.from_string(REFERENCE).make_module(context)
    fragments = Fragments(project, context)  # type: ignore[arg-type]
    context.update(fragments.context())  # the macros call fragments they do not define
    return fragments, macros


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


maybe = st.one_of(st.none(), st.just(""), text)
gaps = st.builds(
    Gap,
    code=st.sampled_from(["overdue", "dead-end", "a<b"]),
    severity=st.sampled_from(["high", "low", "<x>"]),
    message=st.builds(Phrase, st.sampled_from(["gap_msg", "x&y"]), st.just((("n", "<1>"),))),
    persona=maybe,
    channel=st.one_of(maybe, st.just("known")),
    format=maybe,
    item=maybe,
    date=st.one_of(st.none(), st.dates()),
    ignored=st.booleans(),
    owner=st.one_of(maybe, st.just("known")),
)


@given(st.lists(gaps, max_size=4))
def test_a_gap_table_is_the_macros_table(listed: list[Gap]) -> None:
    fragments, macros = _pieces({"known"}, {"severity": "重要度 <b>"}, channels={"known"})
    assert fragments.gap_table(listed) == macros.gap_table(listed)


@given(st.sampled_from(["high", "medium", "low", "<&>"]))
def test_a_severity_badge_is_the_macros_badge(severity: str) -> None:
    fragments, macros = _pieces(set(), {})
    assert fragments.severity_badge(severity) == macros.severity_badge(severity)


ids = st.lists(text, max_size=3)
items = st.builds(
    SimpleNamespace,
    date=st.one_of(st.none(), st.dates()),
    url=text,
    title=text,
    status=st.sampled_from(["draft", "published", "<x>"]),
    personas=ids,
    stages=ids,
    channels=ids,
    owner=st.one_of(maybe, st.just("known")),
)


@given(items)
def test_an_item_row_is_the_templates_row(item: SimpleNamespace) -> None:
    fragments, macros = _pieces({"known"}, {"title": "題名 <&>"})
    assert fragments.item_row(item) == str(macros.item_row(item))  # type: ignore[arg-type]


facts = st.builds(
    SimpleNamespace,
    status=st.sampled_from(["draft", "<x>"]),
    date=st.one_of(st.none(), st.dates()),
    time=st.one_of(st.none(), st.datetimes()),
    personas=ids,
    stages=ids,
    channels=ids,
    format=maybe,
    owner=st.one_of(maybe, st.just("known")),
    review_by=st.one_of(st.none(), st.dates()),
    campaign=maybe,
    tags=ids,
    path=text,
)


@given(
    facts,
    st.one_of(st.none(), st.dates()),
    ids,
    st.one_of(st.none(), st.just(()), st.tuples(st.dates(), st.dates())),
)
def test_an_items_facts_are_the_templates_list(
    item: SimpleNamespace, deadline: Any, kpi: list[str], history: Any
) -> None:
    fragments, macros = _pieces({"known"}, {"kpi": "目標 <&>"})
    made = fragments.item_facts(item, deadline, kpi, history)  # type: ignore[arg-type]
    assert made == str(macros.item_facts(item, deadline, kpi, history))


@given(ids, ids)
def test_the_links_at_an_items_foot_are_the_templates(nexts: list[str], back: list[str]) -> None:
    fragments, macros = _pieces(set(), {"no_next": "なし <&>"})
    item = SimpleNamespace(next=nexts)
    made = fragments.journey_links(nexts, back)
    assert made == str(macros.journey_links(item, back))
