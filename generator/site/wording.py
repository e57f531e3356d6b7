"""Every sentence about the plan, in English and Japanese.

The analysis reports what it found as ``Phrase`` values (a key and the names, numbers
and dates that fill it); ``say`` words them in the site language for the pages,
``gaps.csv`` and the terminal alike. Dates are spelled out without the C library's
locale so output never depends on the machine that builds it.
"""

from __future__ import annotations

from datetime import date

from generator.model import Metric, Phrase
from generator.site.i18n import format_date, translator

_EN: dict[str, str] = {
    # gaps (docs/gaps.md): one sentence each, naming what the gap concerns
    "empty-cell": "No planned content for {persona} × {stage}",
    "under-target": "{persona} × {stage} has {planned} of {target} planned items",
    "not-live": "{persona} × {stage} has {planned} planned item(s) but none published",
    "missing-format": "No planned item at {stage} uses the recommended format {format}",
    "missing-channel": "No planned item at {stage} is on the recommended channel {channel}",
    "no-human-touch": "{stage} has no planned item on a human channel "
    "(sales, consultation, events)",
    "dead-end": "“{title}” has no next step toward a later stage",
    "stale.review": "“{title}” is past its review date, {review_by}",
    "stale.age": "“{title}” was published {days} days ago and has no review date",
    "overdue": "“{title}” was due on {date} and is still {status}",
    "unowned": "“{title}” ({status}) has no owner",
    "cadence-miss": "No planned item on {channel} for the slot on {date}",
    "over-frequency": "{persona} gets {count} items on {channel} in the week of {date}, "
    "more than the cap of {cap}",
    # people and deadlines
    "over-capacity": "{owner} has {count} pieces in flight in the week of {date}, "
    "more than their capacity of {capacity}",
    "missed-deadline": "The draft of “{title}” was due on {deadline} and it is still {status}",
    # results gaps (docs/results.md): the metric by its display name
    "kpi-miss.item": "“{title}” reaches {attainment} of its {metric} target ({actual} of {target})",
    "kpi-miss.group": "{name} reaches {attainment} of its {metric} target ({actual} of {target})",
    "declining": "{metric} of “{title}” fell {drop} below the mean of the three periods before",
    "no-results": "“{title}” has a target but no results in the last {days} days",
    "no-kpi": "“{title}” is published without a target, of its own or of its stage",
    # "create next" suggestions and their optional fragments
    "frag.format": "a {format}",
    "frag.piece": "a piece",
    "frag.on": " on {channel}",
    "frag.need": " — they need: {need}",
    "suggest.create": "Create {what}{on} for {persona} at {stage}{need}",
    "suggest.add": "Add {missing} more ({what}{on}) for {persona} at {stage}{need}",
    "suggest.publish": "Publish one of the {planned} planned item(s) for {persona} at {stage}",
    # why a site has no history to show (the Trends page)
    "trends.not-repository": (
        "This project is not kept in a git repository, so there is no history to show. "
        "Commit it to git to follow the plan week by week."
    ),
    "trends.no-git": (
        "git is not installed (or not on the PATH), so the plan's history cannot be read."
    ),
    "trends.shallow": (
        "This is a shallow clone: only the latest commits were fetched, so the history is"
        " cut off. Fetch all of it (git fetch --unshallow, or fetch-depth: 0 in GitHub "
        "Actions) to see the trends."
    ),
    "trends.no-commits": (
        "The repository has no commits yet: commit the plan to start its history."
    ),
    "trends.failed": "git could not read the plan's history.",
    "suggest.format": "Create {what}{on} for {stage}{need}",
    "suggest.channel": "Plan {what} on {channel} for {stage}{need}",
    "suggest.human": "Add a human touchpoint at {stage}, e.g. {channel}",
    "suggest.human.any": "Add a human touchpoint (sales call, consultation, event) at {stage}",
    # calendar
    "calendar.breach": "{persona}: {count} items on {channel} in week {week} (cap {cap})",
    "calendar.collision": "{persona}: {count} items on {date}",
    "calendar.holiday": "“{title}” is scheduled on a public holiday: {holiday}",
}

_JA: dict[str, str] = {
    "empty-cell": "{persona} × {stage} に計画中のコンテンツがありません",
    "under-target": "{persona} × {stage} の計画数が目標に届いていません（{planned}／{target} 件）",
    "not-live": "{persona} × {stage} は {planned} 件が計画中ですが、公開済みのものがありません",
    "missing-format": "{stage} では推奨フォーマット「{format}」の計画がありません",
    "missing-channel": "{stage} では推奨チャネル「{channel}」を使う計画がありません",
    "no-human-touch": "{stage} に人が対応するチャネル（商談・相談・イベントなど）の"
    "計画がありません",
    "dead-end": "「{title}」に次のステップ（next）が設定されていません",
    "stale.review": "「{title}」はレビュー期限（{review_by}）を過ぎています",
    "stale.age": "「{title}」は公開から {days} 日が経過しています（レビュー期限なし）",
    "overdue": "「{title}」は {date} 公開予定でしたが、まだ「{status}」のままです",
    "unowned": "「{title}」（{status}）に担当者が設定されていません",
    "cadence-miss": "{date} の {channel} の配信枠に予定されたコンテンツがありません",
    "over-frequency": "{date} の週、{persona} への {channel} の配信が {count} 件あり、"
    "上限の {cap} 件を超えています",
    "over-capacity": "{date} の週、{owner} の進行中のコンテンツが {count} 件あり、"
    "週あたりの上限 {capacity} 件を超えています",
    "missed-deadline": "「{title}」の原稿締切（{deadline}）を過ぎていますが、まだ「{status}」のままです",
    "kpi-miss.item": "「{title}」の{metric}は目標の {attainment} にとどまっています（実績 {actual}／目標 {target}）",
    "kpi-miss.group": "{name} の{metric}は目標の {attainment} にとどまっています（実績 {actual}／目標 {target}）",
    "declining": "「{title}」の{metric}が、直前 3 期間の平均より {drop} 減少しています",
    "no-results": "「{title}」には目標がありますが、直近 {days} 日間の実績データがありません",
    "no-kpi": "「{title}」は公開済みですが、KPI 目標が設定されていません（ステージにもありません）",
    "frag.format": "「{format}」",
    "frag.piece": "コンテンツ",
    "frag.on": "{channel}で",
    "frag.need": "（ニーズ: {need}）",
    "suggest.create": "{stage} の {persona} 向けに、{on}{what}を作成しましょう{need}",
    "suggest.add": "{persona} × {stage} に、{on}{what}をあと {missing} 件追加しましょう{need}",
    "suggest.publish": "{persona} × {stage} の計画中 {planned} 件のうち 1 件を公開しましょう",
    # why a site has no history to show (the Trends page)
    "trends.not-repository": "このプロジェクトは git リポジトリで管理されていないため、表示できる履歴がありません。git にコミットすると、計画を週ごとに追えるようになります。",
    "trends.no-git": "git がインストールされていない（または PATH にない）ため、計画の履歴を読み取れません。",
    "trends.shallow": (
        "このクローンは shallow クローンで、最新のコミットしか取得されていないため履歴が途中で切れています。推移を見るには履歴をすべて取得してください（git "
        "fetch --unshallow、GitHub Actions では fetch-depth: 0）。"
    ),
    "trends.no-commits": "リポジトリにはまだコミットがありません。計画をコミットすると履歴が始まります。",
    "trends.failed": "git で計画の履歴を読み取れませんでした。",
    "suggest.format": "{stage} 向けに、{on}{what}を作成しましょう{need}",
    "suggest.channel": "{stage} 向けに、{channel}で{what}を計画しましょう{need}",
    "suggest.human": "{stage} に人による接点（{channel}など）を追加しましょう",
    "suggest.human.any": "{stage} に人による接点（商談・相談・イベントなど）を追加しましょう",
    "calendar.breach": "{persona}: {week} 週の {channel} が {count} 件（上限 {cap} 件）",
    "calendar.collision": "{persona}: {date} に {count} 件が重なっています",
    "calendar.holiday": "「{title}」は祝日（{holiday}）に予定されています",
}

_TABLES = {"en": _EN, "ja": _JA}


def say(phrase: Phrase, language: str) -> str:
    """The sentence in the site language (English for anything unknown). Dates are
    spelled as the pages spell them, statuses as a sentence needs them, metrics by
    their display name, and results in their metric's unit."""
    unit = dict(phrase.values).get("unit")
    values = {name: _word(name, value, language, unit) for name, value in phrase.values}
    return _TABLES.get(language, _EN)[phrase.key].format(**values)


def format_value(value: float | None, unit: object) -> str:
    """A measured value as people read it: a share as a percentage, seconds as
    ``m:ss``, counts with thousands separators, scores with up to two decimals."""
    if value is None:
        return "–"
    if unit == "ratio":
        return f"{value * 100:.1f}%".replace(".0%", "%")
    if unit == "seconds":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes}:{seconds:02d}"
    if unit == "count" and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _word(name: str, value: object, language: str, unit: object = None) -> object:
    if isinstance(value, Phrase):
        return say(value, language)
    if isinstance(value, Metric):
        return value.name(language)
    if name in ("attainment", "drop") and isinstance(value, float):
        return f"{value * 100:.0f}%"
    if name in ("actual", "target") and isinstance(value, float | int):
        return format_value(float(value), unit)
    if isinstance(value, date):
        return format_date(value, language)
    if name == "status" and isinstance(value, str):
        return status_label(value, language)
    return value


#: English needs the status inside a sentence ("is still a draft"), not the UI label.
_STATUS_IN_SENTENCE_EN = {
    "idea": "an idea",
    "planned": "planned",
    "draft": "a draft",
    "review": "in review",
    "scheduled": "scheduled",
    "published": "published",
    "archived": "archived",
}


def status_label(status: str, language: str) -> str:
    if language == "en":
        return _STATUS_IN_SENTENCE_EN.get(status, status)
    return translator(language)(f"status_{status}")
