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
    "repurposed": ("Repurposing", "転用（リパーパス）"),
    "derived_from": ("Derived from", "転用元"),
    "derived_into": ("Reused in", "このコンテンツからの転用先"),
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
    # long lists, one page at a time
    "shown_of": ("{total} items, {start}–{end} shown", "全 {total} 件中 {start}〜{end} 件を表示"),
    "page_of": ("{title} — page {n} of {count}", "{title}（{n} / {count} ページ）"),
    "page_n": ("Page {n}", "{n} ページ目"),
    "previous_page": ("Previous", "前へ"),
    "next_page": ("Next", "次へ"),
    "pager_top": ("Pages", "ページ移動"),
    "pager_bottom": ("Pages, end of list", "ページ移動（一覧の末尾）"),
    # dashboard
    "totals": ("Totals", "合計"),
    "total_items": ("Items", "コンテンツ数"),
    "by_status": ("By status", "ステータス別"),
    "problems": ("Problems", "問題"),
    "planned_coverage": ("Planned coverage", "計画カバー率"),
    "live_coverage": ("Live coverage", "公開カバー率"),
    "coverage_note": (
        "Share of persona × stage cells whose planned items reach the target (planned), and whose published items do (live).",
        "ペルソナ×ステージのセルのうち、計画中のコンテンツが目標本数に達した割合（計画）と、公開済みのコンテンツで達した割合（公開）です。",
    ),
    "open_gaps": ("Open gaps", "未対応のギャップ"),
    # trends (the plan's git history)
    "trends": ("Trends", "推移"),
    "trends_note": (
        "The plan week by week, from its git history: each week as it stood at the week's last commit. Also as",
        "git の履歴から見た週ごとの計画です。各週の最後のコミット時点の状態を示します。データ：",
    ),
    "week": ("Week", "週"),
    "no_trends": ("No week of the history holds the plan yet.", "履歴にはまだ計画がありません。"),
    "trends_coverage": ("Coverage, % of cells", "カバー率（セルの%）"),
    "trends_gaps": ("Open gaps by severity", "重要度別の未対応ギャップ"),
    "trends_statuses": ("Items by status", "ステータス別のアイテム数"),
    "trends_published": ("Published per week", "週ごとの公開数"),
    "trends_targets": ("Targets met, % of measured targets", "目標達成（計測済み目標の%）"),
    "published_in_week": ("Published that week", "その週の公開"),
    "unit_items": ("items", "件"),
    "first_added": ("First added", "初回追加"),
    "last_changed": ("Last changed", "最終変更"),
    "due_soon": ("Due in the next 14 days", "今後14日以内の予定"),
    "overdue": ("Overdue", "期限切れ"),
    "all_due": ("All {n} items due in the next 14 days", "今後14日以内の {n} 件をすべて見る"),
    "all_overdue": ("All {n} overdue items", "期限切れの {n} 件をすべて見る"),
    "nothing_due": ("Nothing due.", "予定はありません。"),
    "nothing_overdue": ("Nothing overdue.", "期限切れはありません。"),
    "gaps_by_stage": ("Gaps by stage", "ステージ別のギャップ"),
    "create_next": ("Create next", "次に作るべきコンテンツ"),
    "create_next_note": (
        "Ranked by severity, persona priority and funnel position.",
        "深刻度・ペルソナの優先度・ファネル上の位置で順位付けしています。",
    ),
    "see_all": ("See all", "すべて表示"),
    # matrix
    "matrix_note": (
        "Each cell: live / planned / ideas, and the target. Colour follows the state; the text says it too.",
        "各セルは 公開 / 計画 / アイデア の件数と目標本数です。色と同じ状態を文字でも示しています。",
    ),
    "live": ("live", "公開"),
    "planned": ("planned", "計画"),
    "ideas": ("ideas", "アイデア"),
    "target": ("target", "目標"),
    "state_empty": ("Empty", "未計画"),
    "state_under": ("Under target", "目標未達"),
    "state_covered": ("Covered", "達成"),
    "state_live": ("Live at target", "公開で達成"),
    "not_applicable": ("Does not apply", "対象外"),
    "stage_by_channel": ("Stage × channel", "ステージ × チャネル"),
    "persona_by_channel": ("Persona × channel", "ペルソナ × チャネル"),
    "cell_title": ("{persona} × {stage}", "{persona} × {stage}"),
    "counts_cell": (
        "{live} live / {planned} planned / {ideas} ideas",
        "公開 {live} / 計画 {planned} / アイデア {ideas}",
    ),
    "of_target": ("target {target}", "目標 {target}"),
    # gaps
    "severity": ("Severity", "深刻度"),
    "severity_high": ("High", "高"),
    "severity_medium": ("Medium", "中"),
    "severity_low": ("Low", "低"),
    "gap": ("Gap", "ギャップ"),
    "concerns": ("Concerns", "対象"),
    "what_to_do": ("What to do", "対応"),
    "ignored": ("Ignored", "対応不要として除外"),
    "ignored_note": (
        "Accepted in plansite.yaml (ignore); still listed so nobody forgets them.",
        "plansite.yaml の ignore で受け入れたギャップです。忘れないように一覧に残しています。",
    ),
    "no_gaps": ("No gaps at this stage.", "このステージにギャップはありません。"),
    "calendar_gaps": ("Calendar", "配信カレンダー"),
    "gap_count": ("{n} gaps", "{n} 件"),
    "total": ("Total", "合計"),
    "gap_empty-cell": ("Empty cell", "空白セル"),
    "gap_under-target": ("Under target", "目標未達"),
    "gap_not-live": ("Nothing live", "未公開"),
    "gap_missing-format": ("Missing format", "推奨フォーマット不足"),
    "gap_missing-channel": ("Missing channel", "推奨チャネル不足"),
    "gap_no-human-touch": ("No human touchpoint", "人による接点なし"),
    "gap_dead-end": ("Dead end", "行き止まり"),
    "gap_stale": ("Stale", "要見直し"),
    "gap_overdue": ("Overdue", "期限切れ"),
    "gap_unowned": ("No owner", "担当者なし"),
    "gap_cadence-miss": ("Empty cadence slot", "配信枠の空き"),
    "gap_over-frequency": ("Over the weekly cap", "週あたり上限超過"),
    "gap_kpi-miss": ("KPI target missed", "KPI 目標未達"),
    "gap_declining": ("Declining results", "実績の減少"),
    "gap_no-results": ("No results", "実績データなし"),
    "gap_no-kpi": ("No KPI target", "KPI 目標なし"),
    "gap_over-capacity": ("Over capacity", "担当者の上限超過"),
    "gap_missed-deadline": ("Missed deadline", "原稿締切超過"),
    # calendar
    "window": ("Showing {start} to {end}", "表示期間：{start}〜{end}"),
    "agenda": ("Agenda", "予定一覧"),
    "legend": ("Channels", "チャネル凡例"),
    "empty_slot": ("Empty {channel} slot", "{channel} の空き枠"),
    "holiday": ("Holiday", "祝日"),
    "collisions": ("Same-day collisions", "同日の重複"),
    "breaches": ("Frequency-cap breaches", "配信頻度の上限超過"),
    "holiday_flags": ("Scheduled on a public holiday", "祝日に予定されているコンテンツ"),
    "subscribe": ("Subscribe", "カレンダーに登録"),
    "subscribe_note": (
        "Add a feed to Google Calendar, Outlook or Apple Calendar (File › Import or “subscribe from URL” once the site is published).",
        "Google カレンダー・Outlook・Apple カレンダーに読み込めます（公開後は「URL で追加」で購読できます）。",
    ),
    "all_channels": ("All channels", "全チャネル"),
    "today": ("Today", "今日"),
    "go_to_today": ("Go to today", "今日へ移動"),
    "prev_month": ("Previous month", "前の月"),
    "next_month": ("Next month", "次の月"),
    "none_in_window": ("Nothing in this period.", "この期間の予定はありません。"),
    "over_cap": ("over the weekly cap", "週の上限超過"),
    "funnel_chart": ("Coverage by stage", "ステージ別カバー率"),
    "filter_all": ("All", "すべて"),
    "filter_reset": ("Show everything", "絞り込みを解除"),
    "filter_status": ("Counting {n} of {total} items", "{total} 件中 {n} 件を集計中"),
    "search_label": ("Titles, text and tags", "タイトル・本文・タグ"),
    "filter_apply": ("Apply", "適用"),
    # what each kind of page is for: its meta description ("{site} — {page}: {about}")
    "meta_description": ("{site} — {page}: {about}", "{site}｜{page}：{about}"),
    "about_index": ("the plan at a glance: coverage, gaps, what is due and what to create next.", "計画の全体像。カバー状況、ギャップ、期限の近いコンテンツ、次に作るべきもの。"),
    "about_matrix": ("which content covers each persona at each stage of the buying journey.", "ペルソナと購買ステージごとのコンテンツのカバー状況。"),
    "about_cell": ("the content planned for this persona at this stage.", "このペルソナとステージに向けて計画されたコンテンツ。"),
    "about_gaps": ("where the plan falls short, most urgent first, with what to do about it.", "計画の不足箇所を緊急度の高い順に、対応策とともに。"),
    "about_calendar": ("what goes out when and on which channel, with empty slots and clashes.", "いつ、どのチャネルで配信するか。空き枠や重なりも表示。"),
    "about_results": ("measured results against each target.", "目標に対する実績。"),
    "about_journeys": ("the buying journey of each persona, stage by stage.", "ペルソナごとの購買ジャーニーをステージ順に。"),
    "about_journey": ("this persona's journey stage by stage, with next steps and gaps.", "このペルソナのジャーニーをステージ順に、次のステップと不足箇所とともに。"),
    "about_items": ("every content item with its status, date and owner.", "全コンテンツのステータス・日付・担当者。"),
    "about_item": ("a content item of the plan.", "計画中のコンテンツ。"),
    "about_personas": ("who the content is for.", "コンテンツの対象となるペルソナ。"),
    "about_persona": ("the content planned for this persona, stage by stage.", "このペルソナ向けのコンテンツをステージ順に。"),
    "about_stages": ("the stages of the buying journey and how well each is covered.", "購買ステージと各ステージのカバー状況。"),
    "about_stage": ("the content planned for this stage of the buying journey.", "この購買ステージ向けのコンテンツ。"),
    "about_channels": ("where content goes out, and how often.", "コンテンツの配信チャネルと配信頻度。"),
    "about_channel": ("the content planned for this channel.", "このチャネルで配信するコンテンツ。"),
    "about_search": ("find content by its title, text or tags.", "タイトル・本文・タグでコンテンツを検索。"),
    "about_trends": ("how the plan has changed week by week.", "計画の週ごとの推移。"),
    "serve_failed": ("The last change did not build; this is the previous site.", "直前の変更はビルドできませんでした。表示しているのは前回のサイトです。"),
    "about_owners": ("who owns the content, and how much each person has in flight.", "コンテンツの担当者と、各担当者が進行中の本数。"),
    "about_owner": ("this person's pieces in flight, their deadlines and weekly load against capacity.", "この担当者が進行中のコンテンツ、締切、週ごとの負荷とキャパシティ。"),
    "about_workload": ("each owner's pieces in flight week by week, against their capacity.", "担当者ごと・週ごとの進行中コンテンツ数とキャパシティ。"),
    "search_results": ("{n} results", "{n} 件見つかりました"),
    "search_needs_js": (
        "Search needs JavaScript. Browse all items instead:",
        "検索には JavaScript が必要です。一覧から探すこともできます：",
    ),
    "more_in_cell": ("+{n} more in this cell", "このセルの残り {n} 件を見る"),
    "journey_of": ("Journey of {persona}", "{persona} のジャーニー"),
    "journey_note": (
        "Stages left to right; each card is an item for this persona, with its next steps. Gaps show where content is missing.",
        "左から右へステージが進みます。カードはこのペルソナ向けのコンテンツで、次のステップへの矢印付きです。コンテンツが足りない場所にギャップを示しています。",
    ),
    # people, formats and deadlines (owner pages, workload, calendar views, dashboard)
    "owners": ("Owners", "担当者"),
    "deadline": ("Deadline", "原稿締切"),
    "capacity": ("Capacity per week", "週あたりの上限"),
    "no_capacity": ("No limit set", "上限なし"),
    "in_flight": ("In flight", "進行中"),
    "in_flight_note": (
        "Pieces planned, in draft, in review or scheduled.",
        "計画中・下書き・レビュー中・予約済みのコンテンツです。",
    ),
    "nothing_in_flight": ("Nothing in flight.", "進行中のコンテンツはありません。"),
    "no_owners": ("No owners yet.", "担当者はまだいません。"),
    "load_per_week": ("Load per ISO week", "週ごとの負荷"),
    "load_note": (
        "A piece counts in the week of its deadline, or of its date when it has no deadline.",
        "原稿締切のある週に数えます。締切がなければ公開日の週に数えます。",
    ),
    "week_of": ("Week of {date}", "{date} の週"),
    "load_cell": ("{n} of {capacity}", "{n}／{capacity} 件"),
    "load_count": ("{n}", "{n} 件"),
    "load_over": ("over capacity", "上限超過"),
    "load_full": ("full", "上限"),
    "workload": ("Workload", "担当者の負荷"),
    "workload_note": (
        "In-flight pieces per owner and ISO week of the calendar window, against each owner's capacity. The cell says the numbers; the colour repeats them.",
        "カレンダーの表示期間について、担当者ごと・週ごとの進行中のコンテンツ数を週あたりの上限と比べています。数値はセルに書いてあり、色は同じ内容を示しています。",
    ),
    "see_workload": ("Workload by owner and week", "担当者ごとの週の負荷"),
    "calendar_show": ("Show", "表示"),
    "show_dates": ("Publication dates", "公開日"),
    "show_deadlines": ("Deadlines", "原稿締切"),
    "deadline_of": ("Deadline: {title}", "締切：{title}"),
    "drafts_due": ("Drafts due in the next 14 days", "今後14日以内の原稿締切"),
    "missed_deadlines": ("Missed deadlines", "締切を過ぎた原稿"),
    "nothing_drafts_due": ("No draft due.", "締切の近い原稿はありません。"),
    "nothing_missed": ("No missed deadline.", "締切を過ぎた原稿はありません。"),
    "all_owners": ("All owners", "全担当者"),
    "owner_feed": ("{owner} (.ics)", "{owner}（.ics）"),
    "owner_feeds": ("By owner", "担当者別"),
    # results: targets against measured actuals (results.html, item pages, dashboard)
    "results": ("Results", "成果"),
    "results_note": (
        "Measured results against the targets in the plan, counted over {start} to {end}.",
        "計画の目標に対する実績です。集計期間：{start}〜{end}。",
    ),
    "results_funnel": ("Actual funnel by stage", "ステージ別の実績ファネル"),
    "results_funnel_of": ("{metric} by stage", "ステージ別の{metric}"),
    "attainment": ("Attainment", "達成率"),
    "attainment_heat": ("Attainment heat map", "達成率ヒートマップ"),
    "heat_persona_stage": ("Attainment: persona × stage", "達成率：ペルソナ × ステージ"),
    "heat_stage_channel": ("Attainment: stage × channel", "達成率：ステージ × チャネル"),
    "heat_note": (
        "Each cell combines the targets of the items in it: the share of their targets reached, on average. The band is written out as well as coloured.",
        "各セルは、そこに含まれるコンテンツの目標の平均達成率です。色と同じ区分を文字でも示しています。",
    ),
    "n_targets": ("targets: {n}", "目標 {n} 件"),
    "band_met": ("Met", "達成"),
    "band_near": ("Close", "あと一歩"),
    "band_miss": ("Missed", "未達"),
    "band_far": ("Far off", "大幅未達"),
    "band_none": ("No data", "データなし"),
    "band_empty": ("No target", "目標なし"),
    "band_met_note": ("100% or more", "100%以上"),
    "band_near_note": ("{pct} to 99%", "{pct}〜99%"),
    "band_miss_note": ("50% to {pct_below}", "50%〜{pct_below}"),
    "band_far_note": ("under 50%", "50%未満"),
    "band_none_note": ("a target, no results yet", "目標はあるが実績なし"),
    "best_worst": ("Best and worst pieces", "上位・下位のコンテンツ"),
    "best": ("Best", "上位"),
    "worst": ("Worst", "下位"),
    "pieces": ("Every measured piece", "計測対象のコンテンツ"),
    "group_targets": ("Stage and channel targets", "ステージ・チャネルの目標"),
    "results_gaps": ("Results gaps", "成果のギャップ"),
    "no_results_gaps": ("No results gaps.", "成果に関するギャップはありません。"),
    "metric": ("Metric", "指標"),
    "target_word": ("Target", "目標"),
    "actual": ("Actual", "実績"),
    "trend": ("Trend", "推移"),
    "trend_of": ("{metric} per period", "{metric}の推移"),
    "period": ("Period", "期間"),
    "declining": ("declining", "減少傾向"),
    "no_data": ("No data yet", "実績なし"),
    "scope": ("Stage or channel", "ステージ／チャネル"),
    "pieces_capped": (
        "Showing the first {shown} of {total} targets.",
        "全 {total} 件の目標のうち、先頭の {shown} 件を表示しています。",
    ),
    "pieces_all": ("Every target, as a spreadsheet (kpi.csv)", "すべての目標（kpi.csv）"),
    "item_results": ("Target and actual", "目標と実績"),
    "at_a_glance": ("Results at a glance", "成果の概況"),
    "targets_met": ("Targets met", "目標達成"),
    "targets_missed": ("Targets missed", "目標未達"),
    "targets_no_data": ("No data yet", "実績なし"),
    "see_results": ("See the results", "成果を見る"),
    "not_measuring": (
        "No results yet: this plan has no results folder with a file in it.",
        "まだ実績がありません。results フォルダーにファイルがないためです。",
    ),
    "how_to_measure": ("How to add results", "実績の追加方法"),
    "how_ga4": (
        "Google Analytics 4: Reports › Engagement › Pages and screens › Share this report › Download file › Download CSV.",
        "Google アナリティクス 4：［レポート］›［エンゲージメント］›［ページとスクリーン］›［このレポートを共有］›［ファイルをダウンロード］›［CSV 形式でダウンロード］。",
    ),
    "how_gsc": (
        "Search Console: Performance › Pages › Export › Download CSV.",
        "Search Console：［検索パフォーマンス］›［ページ］›［エクスポート］›［CSV をダウンロード］。",
    ),
    "how_drop": (
        "Put the files in results/ beside plansite.yaml, give each item its address on your site (url in its front matter) and a target (kpi), and build again.",
        "ファイルを plansite.yaml と同じ場所の results/ に置き、各コンテンツのフロントマターにサイト上のアドレス（url）と目標（kpi）を書いて、もう一度ビルドします。",
    ),
    "how_docs": (
        "Other tools' exports, and plansite's own date,item,metric,value form, are described in the guide “Measure your plan” (docs/measure.md).",
        "他のツールのエクスポートや plansite 独自の date,item,metric,value 形式は、ガイド「計画の成果を測る」（docs/measure.md）で説明しています。",
    ),
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
