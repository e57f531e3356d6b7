"""Every label of the site and the terminal views, in English and Japanese.

Labels are keyed by a short English id; ``translator(language)`` returns a function that
looks a key up and fills ``{placeholders}``. A test checks both languages have every key.
Dates follow the language too: ``Mon 7 Dec 2026`` and ``2026年12月7日(月)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

LABELS: dict[str, tuple[str, str]] = {
    # navigation and page titles
    "dashboard": ("Dashboard", "ダッシュボード"),
    "matrix": ("Content matrix", "コンテンツマトリクス"),
    "gaps": ("Gap report", "ギャップレポート"),
    "calendar": ("Calendar", "配信カレンダー"),
    "journeys": ("Journey maps", "ジャーニーマップ"),
    "items": ("Items", "コンテンツ一覧"),
    "personas": ("Personas", "ペルソナ"),
    "stages": ("Stages", "ステージ"),
    "channels": ("Channels", "チャネル"),
    "search": ("Search", "検索"),
    "exports": ("Exports", "エクスポート"),
    "skip_to_content": ("Skip to content", "本文へスキップ"),
    "main_navigation": ("Main navigation", "メインナビゲーション"),
    "generated_by": ("Built with plansite on {date}", "plansite で生成（{date}）"),
    "as_of": ("As of {date}", "{date} 時点"),
    # item fields
    "title": ("Title", "タイトル"),
    "persona": ("Persona", "ペルソナ"),
    "stage": ("Stage", "ステージ"),
    "channel": ("Channel", "チャネル"),
    "format": ("Format", "フォーマット"),
    "status": ("Status", "ステータス"),
    "date": ("Date", "日付"),
    "owner": ("Owner", "担当者"),
    "next": ("Next steps", "次のステップ"),
    "linked_from": ("Linked from", "この記事へのリンク元"),
    "review_by": ("Review by", "見直し期限"),
    "campaign": ("Campaign", "キャンペーン"),
    "tags": ("Tags", "タグ"),
    "kpi": ("KPI", "KPI"),
    "source": ("Source file", "ソースファイル"),
    "none": ("—", "—"),
    "no_next": ("No next step yet.", "次のステップはまだありません。"),
    "no_backlinks": ("No item links here yet.", "この記事にリンクしているコンテンツはありません。"),
    # statuses
    "status_idea": ("Idea", "アイデア"),
    "status_planned": ("Planned", "計画中"),
    "status_draft": ("Draft", "下書き"),
    "status_review": ("In review", "レビュー中"),
    "status_scheduled": ("Scheduled", "予約済み"),
    "status_published": ("Published", "公開済み"),
    "status_archived": ("Archived", "アーカイブ"),
    # persona, stage and channel pages
    "role": ("Role", "役割"),
    "priority": ("Priority", "優先度"),
    "priority_high": ("High", "高"),
    "priority_medium": ("Medium", "中"),
    "priority_low": ("Low", "低"),
    "role_decision-maker": ("Decision maker", "意思決定者"),
    "role_practitioner": ("Practitioner", "実務担当者"),
    "role_it": ("IT", "IT担当"),
    "role_finance": ("Finance", "財務・経理"),
    "role_user": ("User", "利用者"),
    "role_none": ("No role", "役割なし"),
    "goals": ("Goals", "目標"),
    "pains": ("Pains", "課題"),
    "needs": ("Needs", "ニーズ"),
    "applies_to": ("Applies to stages", "対象ステージ"),
    "order": ("Order", "順番"),
    "funnel": ("Funnel", "ファネル"),
    "funnel_top": ("Top of funnel", "ファネル上部"),
    "funnel_middle": ("Middle of funnel", "ファネル中部"),
    "funnel_bottom": ("Bottom of funnel", "ファネル下部"),
    "funnel_post": ("After purchase", "購入後"),
    "customer_state": ("Customer state", "顧客の状態"),
    "recommended_formats": ("Recommended formats", "推奨フォーマット"),
    "recommended_channels": ("Recommended channels", "推奨チャネル"),
    "coverage_target": ("Items per cell", "セルあたりの目標本数"),
    "description": ("Description", "説明"),
    "cadence": ("Cadence", "配信サイクル"),
    "max_per_week": ("Cap per persona per week", "ペルソナごとの週あたり上限"),
    "human": ("Human touchpoint", "人による接点"),
    "yes": ("Yes", "はい"),
    "no": ("No", "いいえ"),
    "items_here": ("Items", "コンテンツ"),
    "no_items": ("No items yet.", "コンテンツはまだありません。"),
    "count_items": ("{n} items", "{n} 件"),
    "undated": ("Undated", "日付未定"),
    # dashboard
    "totals": ("Totals", "合計"),
    "total_items": ("Items", "コンテンツ数"),
    "by_status": ("By status", "ステータス別"),
    "problems": ("Problems", "問題"),
}

_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: First day of the week: Monday in English (ISO weeks, as frequency caps count them);
#: Sunday in Japanese, as Japanese wall and planner calendars print it.
WEEK_START = {"en": 0, "ja": 6}

Translate = Callable[..., str]


def translator(language: str) -> Translate:
    index = 1 if language == "ja" else 0

    def t(key: str, **params: object) -> str:
        text = LABELS[key][index]
        return text.format(**params) if params else text

    return t


def format_date(value: date, language: str) -> str:
    """``Mon 7 Dec 2026`` / ``2026年12月7日(月)``."""
    weekday = _WEEKDAYS[language][value.weekday()]
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日({weekday})"
    return f"{weekday} {value.day} {_MONTHS_EN[value.month - 1][:3]} {value.year}"


def format_moment(day: date, moment: datetime | None, language: str) -> str:
    text = format_date(day, language)
    return f"{text} {moment:%H:%M}" if moment is not None else text


def format_month(year: int, month: int, language: str) -> str:
    if language == "ja":
        return f"{year}年{month}月"
    return f"{_MONTHS_EN[month - 1]} {year}"


def weekday_names(language: str) -> tuple[str, ...]:
    """Short weekday names starting at the language's first day of the week."""
    names = _WEEKDAYS[language]
    start = WEEK_START[language]
    return names[start:] + names[:start]
