"""The organisation's settings declared once: key, label, default, type and how a value is
checked. Stored in the ``setting`` table (``core.settings`` reads and writes them); declared
here, below storage, so the edit history and the backups can name a setting and know its
default without reaching up into the core. Nothing organisation-specific is hard-coded
elsewhere: the Nagano example is demo data that fills these values."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jukidesk.base.errors import ValidationError

CLOSED_DAYS_SETTING = "office_closed_days"
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")


# ---------------------------------------------------------------- value parsers


def parse_month_day(text: str, *, key: str = "self_check_due") -> tuple[int, int]:
    """'06-30' (also 6/30, ６月３０日) → (6, 30); a ValidationError naming the setting otherwise."""
    match = _MONTH_DAY.match(unicodedata.normalize("NFKC", str(text or "")))
    label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else key
    if match is None:
        raise ValidationError(f"「{label}」は 06-30 のように 月-日 で入力してください（入力値: {text}）。", key)
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2001, month, day)  # not a leap year: 02-29 would vanish three years in four
    except ValueError:
        raise ValidationError(f"「{label}」の {text} は日付になりません。", key) from None
    return month, day


def parse_closed_days(text: str) -> frozenset[tuple[int, int]]:
    """'12-29,12-30,01-03' (also 12/29, full-width digits, 、 or new lines) → {(12, 29), …}."""
    days = set()
    label = SPEC_BY_KEY[CLOSED_DAYS_SETTING].label
    for token in unicodedata.normalize("NFKC", text or "").replace("、", ",").replace("\n", ",").split(","):
        token = token.strip()
        if not token:
            continue
        month_text, sep, day_text = token.replace("/", "-").partition("-")
        try:
            month, day = int(month_text), int(day_text)
            dt.date(2000, month, day)  # a leap year: 02-29 is allowed
        except ValueError:
            raise ValidationError(
                f"「{label}」の「{token}」は日付として読めません（12-29 のように 月-日 で書き、カンマで区切ります）。",
                CLOSED_DAYS_SETTING,
            ) from None
        if not sep:
            raise ValidationError(f"「{label}」の「{token}」は 月-日 の形ではありません（例 12-29）。", CLOSED_DAYS_SETTING)
        days.add((month, day))
    return frozenset(days)


def parse_reference_date(text: str) -> dt.date | None:
    """The ``reference_date`` setting: ``None`` when empty (then today is the PC's date)."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(unicodedata.normalize("NFKC", text))
    except ValueError:
        raise ValidationError(
            f"「{SPEC_BY_KEY['reference_date'].label}」は 2026-04-01 の形で入力してください（入力値: {text}）。",
            "reference_date",
        ) from None


def check_month_day(spec: SettingSpec, text: str) -> Any:
    return parse_month_day(text, key=spec.key)


def check_closed_days(spec: SettingSpec, text: str) -> Any:
    return parse_closed_days(text)


def check_iso_date(spec: SettingSpec, text: str) -> Any:
    return parse_reference_date(text)


# ---------------------------------------------------------------- the audit schedule (core.scheduler)

_TIME = r"(\d{1,2})\s*[:：時]\s*(\d{2})\s*分?"


def parse_season(text: str, *, key: str = "audit_season") -> tuple[int, int]:
    """'07-12' (also 7-12, 7月〜12月, ７－１２) → (7, 12): the first and last month of the
    audit season, in fiscal order (04 … 12, 01 … 03); '10-02' runs from October to February."""
    label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else key
    normal = unicodedata.normalize("NFKC", str(text or "")).replace("月", "").replace("〜", "-").replace("~", "-")
    match = re.match(r"^\s*(\d{1,2})\s*[-/ー−–]\s*(\d{1,2})\s*$", normal)
    if match is None:
        raise ValidationError(f"「{label}」は 07-12 のように 始まりの月-終わりの月 で入力してください（入力値: {text}）。", key)
    first, last = int(match.group(1)), int(match.group(2))
    if not (1 <= first <= 12 and 1 <= last <= 12):
        raise ValidationError(f"「{label}」の月は 1 から 12 までです（入力値: {text}）。", key)
    if (first - 4) % 12 > (last - 4) % 12:
        raise ValidationError(
            f"「{label}」の {text} は年度（4月〜翌年3月）の中で終わりの月が始まりの月より前になっています。", key
        )
    return first, last


def parse_time_slots(text: str, *, key: str = "audit_time_slots") -> tuple[tuple[dt.time, dt.time], ...]:
    """'10:00-12:00,13:30-15:30' → ((10:00, 12:00), (13:30, 15:30)): the times an audit may
    take, tried in this order (after the institution's last audit's time)."""
    label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else key
    slots = []
    normal = unicodedata.normalize("NFKC", str(text or "")).replace("、", ",").replace("\n", ",").replace("〜", "-")
    for token in normal.split(","):
        token = token.strip()
        if not token:
            continue
        match = re.match(rf"^{_TIME}\s*-\s*{_TIME}$", token)
        try:
            if match is None:
                raise ValueError(token)
            start = dt.time(int(match.group(1)), int(match.group(2)))
            end = dt.time(int(match.group(3)), int(match.group(4)))
        except ValueError:
            raise ValidationError(
                f"「{label}」の「{token}」は 10:00-12:00 のように 開始-終了 で書き、カンマで区切ってください。", key
            ) from None
        if end <= start:
            raise ValidationError(f"「{label}」の「{token}」は終了が開始より後になっていません。", key)
        slots.append((start, end))
    if not slots:
        raise ValidationError(f"「{label}」を 10:00-12:00,13:30-15:30 のように入力してください。", key)
    return tuple(slots)


def parse_methods(text: str, *, key: str = "internal_default_methods") -> tuple[str, ...]:
    """'聞き取り・書類確認・現地調査' (labels or codes, separated by ・ 、 , or spaces) → method codes."""
    from jukidesk.base.vocabulary import AUDIT_METHOD_LABELS

    label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else key
    by_label = {v: k for k, v in AUDIT_METHOD_LABELS.items()}
    codes = []
    for token in re.split(r"[・、,，\s]+", unicodedata.normalize("NFKC", str(text or ""))):
        if not token:
            continue
        code = token if token in AUDIT_METHOD_LABELS else by_label.get(token)
        if code is None:
            choices = "・".join(AUDIT_METHOD_LABELS.values())
            raise ValidationError(f"「{label}」の「{token}」は監査の方法にありません（{choices} から選んでください）。", key)
        if code not in codes:
            codes.append(code)
    return tuple(code for code in AUDIT_METHOD_LABELS if code in codes)


def check_season(spec: SettingSpec, text: str) -> Any:
    return parse_season(text, key=spec.key)


def check_time_slots(spec: SettingSpec, text: str) -> Any:
    return parse_time_slots(text, key=spec.key)


def check_methods(spec: SettingSpec, text: str) -> Any:
    return parse_methods(text, key=spec.key)

ORG_KINDS = ("都道府県", "市区町村")


def check_org_kind(spec: SettingSpec, text: str) -> Any:
    value = unicodedata.normalize("NFKC", str(text or "")).strip()
    if value not in ORG_KINDS:
        raise ValidationError(f"「{spec.label}」は {' または '.join(ORG_KINDS)} と入力してください（入力値: {text}）。", spec.key)
    return value


# ---------------------------------------------------------------- the declarations


@dataclass(frozen=True)
class SettingSpec:
    """One setting. ``check(spec, text)`` validates the stored text of a str setting (raising a
    ``ValidationError`` that names the setting); ``minimum``/``maximum`` bound an int."""

    key: str
    label: str
    default: Any
    type: type = str
    multiline: bool = False
    group: str = "組織"
    check: Callable[[SettingSpec, str], Any] | None = None
    minimum: int | None = None
    maximum: int | None = None


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("org_name", "組織名", ""),
    SettingSpec("org_short_name", "組織の略称（報告書の「県」「市」など）", ""),
    SettingSpec("security_officer_title", "セキュリティ責任者の職名", "セキュリティ責任者"),
    SettingSpec("security_officer_section", "セキュリティ責任者の所属（通知の発信者）", ""),
    SettingSpec("network_admin_title", "ネットワーク管理者の職名", "ネットワーク管理者"),
    SettingSpec("self_auditor_label", "自己点検の監査者（資料2の表記）", "事務利用機関等", group="報告書"),
    SettingSpec("internal_auditor_label", "内部監査の監査者（資料2の表記）", "内部監査人", group="報告書"),
    SettingSpec("external_auditor_label", "外部監査の監査者（資料2の表記）", "外部監査人", group="報告書"),
    SettingSpec("report_label", "資料番号", "資料２", group="報告書"),
    SettingSpec(
        "report_title",
        "報告書の表題",
        "住民基本台帳ネットワークシステムセキュリティ対策（監査経過報告）について",
        group="報告書",
    ),
    # 資料2's paragraphs: templates whose {名前} fields reports/shiryo2.report_fields computes for
    # the report year; a line with a field that has no value that year is left out.
    SettingSpec("report_overview_text", "１ 監査の概要（段落。{年度} などの差し込み可）", "", multiline=True, group="報告書"),
    SettingSpec("report_method_text", "２ 監査の実施方法（段落。{年度} などの差し込み可）", "", multiline=True, group="報告書"),
    SettingSpec(
        "report_progress_text",
        "３ 監査経過（段落の定型文。値の無い差し込みを含む行は印刷されません）",
        "○{年度}の自己点検は全{自己点検機関数}機関で実施し、平均点は{自己点検平均点}であった。\n"
        "○{年度}の内部監査は{内部監査機関数}機関で実施し、平均点は{内部監査平均点}であった。\n"
        "○{年度}の外部監査は{外部監査機関数}機関で実施し、平均点は{外部監査平均点}であった。\n"
        "○{実施中の監査}については実施中であり、年度内に完了する予定である。\n"
        "○{実施予定の監査}については、今後実施する予定である。\n"
        "○{指摘のない監査}においては、改善を要する項目はなかった。\n"
        "○{指摘のある監査}において改善を要する項目が{改善を要する項目数}件あり、指摘内容と対応は下表のとおりである。",
        multiline=True,
        group="報告書",
    ),
    SettingSpec(
        "report_plan_text",
        "４ 今後の対策（段落の定型文。値の無い差し込みを含む行は印刷されません）",
        "○{巡目の最終年度なら}{年度}で監査の{巡目}が終了し、{翌年度}からは{次の巡目}を迎える。\n"
        "○{巡目の途中なら}{年度}は監査の{巡目}（{巡目の期間}）の{巡目の年次}にあたる。\n"
        "○過去の指摘を踏まえつつ、現在のセキュリティ水準を維持するため、下記のとおり、セキュリティ対策を実施する。\n"
        "＜セキュリティ対策の実施内容（予定）＞\n"
        "・{巡目の最終年度なら}以下の基準を踏まえた{次の巡目の期間}の年度別監査計画を策定し、実施する。\n"
        "・{巡目の途中なら}以下の基準を踏まえた{巡目の期間}の年度別監査計画に基づき、監査を実施する。\n"
        "　⇒基準①自己点検は全{対象機関数}機関で実施する\n"
        "　⇒基準②{事務利用機関数}事務利用機関について、{巡目の年数}年に１回、内部監査もしくは外部監査の受検対象とする",
        multiline=True,
        group="報告書",
    ),
    SettingSpec(
        "report_trend_past_cycles",
        "４の参考表に載せる過去の巡目の数（報告年度の巡目と次の巡目のほかに）",
        1,
        int,
        group="報告書",
        minimum=0,
        maximum=2,
    ),
    # 資料2 (jukidesk/reports/shiryo2.py): headings take {year} / {next_year} / {next_cycle}.
    SettingSpec("report_heading_overview", "１の見出し", "監査の概要", group="報告書"),
    SettingSpec("report_heading_method", "２の見出し", "監査の実施方法", group="報告書"),
    SettingSpec("report_heading_progress", "３の見出し（{year} = 報告年度）", "{year}監査経過", group="報告書"),
    SettingSpec("report_heading_plan", "４の見出し（{next_year} = 翌年度）", "{next_year}以降のセキュリティ対策（案）", group="報告書"),
    SettingSpec("report_self_content", "２の表: 自己点検の内容", "チェックリストの各項目について、１点から３点の３段階で自己点検を行う", group="報告書"),
    SettingSpec("report_self_auditor", "２の表: 自己点検の監査人", "各機関の責任者", group="報告書"),
    SettingSpec("report_self_timing", "２の表: 自己点検の実施時期", "毎年１回", group="報告書"),
    SettingSpec("report_internal_content", "２の表: 内部監査の内容", "自己点検結果について内部監査人が実地に検証する", group="報告書"),
    SettingSpec("report_internal_auditor", "２の表: 内部監査の監査人", "内部監査人", group="報告書"),
    SettingSpec("report_internal_timing", "２の表: 内部監査の実施時期", "１機関あたり３年に１回", group="報告書"),
    SettingSpec("report_external_content", "２の表: 外部監査の内容", "自己点検結果について外部監査人が実地に検証する", group="報告書"),
    SettingSpec("report_external_auditor", "２の表: 外部監査の監査人", "外部監査人", group="報告書"),
    SettingSpec("report_external_timing", "２の表: 外部監査の実施時期", "１機関あたり３年に１回", group="報告書"),
    SettingSpec("report_self_scope_label", "３の表: 自己点検の実施機関の表記", "全機関", group="報告書"),
    SettingSpec("report_trend_caption", "４の参考表の表題（{next_cycle} = 次の巡目）", "【参考】監査結果の年度別推移と{next_cycle}以降の予定", group="報告書"),
    SettingSpec("report_followup_future", "４の参考表: 今後のフォローアップの表記", "必要があれば実施", group="報告書"),
    SettingSpec("report_trend_footnote", "４の参考表の注記", "（※フォローアップ: 内部・外部監査で３点未満となった項目について、実地で改善状況を確認）", multiline=True, group="報告書"),
    SettingSpec("name_merge_suffixes", "機関名をまとめる語尾（1行に1つ。例: 佐久・上小地方事務所）", "地方事務所\n建設事務所\n保健福祉事務所\n事務所\n支所\n出張所\n支局\nセンター", multiline=True, group="報告書"),
    SettingSpec("notice_number_format", "通知の文書番号（{number} = 番号, {year} = 年度の和暦の年, {org_short} = 組織の略称）", "第{number}号", group="通知"),
    SettingSpec("notice_sender", "通知の発信者（{org_name}, {security_officer_title}）", "{org_name}{security_officer_title}", group="通知"),
    SettingSpec("notice_seal_text", "公印の表記", "（公印省略）", group="通知"),
    SettingSpec("notice_honorific", "宛名の敬称", "様", group="通知"),
    SettingSpec("notice_subject", "通知の件名（{kind} = 監査の種類）", "住民基本台帳ネットワークシステムの{kind}の実施について（通知）", group="通知"),
    SettingSpec(
        "notice_body",
        "通知の本文（{kind} = 監査の種類, {year} = 年度）",
        "{year}の住民基本台帳ネットワークシステムのセキュリティ対策の状況を確認するため、下記のとおり{kind}を実施しますので通知します。\n"
        "つきましては、下記４の書類を御準備くださいますようお願いします。",
        multiline=True,
        group="通知",
    ),
    SettingSpec(
        "notice_documents",
        "準備していただく書類（1行に1つ）",
        "住基ネットに関する規程及び手順書\n操作者名簿\n入退室記録簿及び鍵の管理簿\n研修の実施記録\n前回の監査における指摘事項の改善状況報告",
        multiline=True,
        group="通知",
    ),
    SettingSpec("contact_section", "担当（問い合わせ先の所属）", "", group="通知"),
    SettingSpec("contact_person", "担当者", "", group="通知"),
    SettingSpec("contact_phone", "電話", "", group="通知"),
    SettingSpec("contact_email", "電子メール", "", group="通知"),
    SettingSpec("notice_lead_days", "監査通知を監査日の何日前までに送るか（今年度の進捗）", 14, int, group="通知", minimum=0),
    SettingSpec("cycle_first_fy", "監査の１巡目が始まる年度（西暦）", 2008, int, group="年度"),
    SettingSpec("cycle_length", "１巡の年数", 3, int, group="年度", minimum=1),
    SettingSpec("reiwa_for_fy2019", "2019年度を「令和元年度」と表示する（しない場合は平成31年度）", True, bool, group="年度"),
    SettingSpec("fullwidth_digits", "通知文の数字を全角にする", True, bool, group="年度"),
    SettingSpec("self_check_due", "自己点検の提出期限（月-日、例 06-30。今年度の進捗で超過日数を数える）", "06-30", group="年度", check=check_month_day),
    SettingSpec("score_label_1", "1点の意味", "未実施", group="採点"),
    SettingSpec("score_label_2", "2点の意味", "一部実施", group="採点"),
    SettingSpec("score_label_3", "3点の意味", "実施", group="採点"),
    SettingSpec("backup_generations", "自動バックアップを残す世代数", 30, int, group="保守"),
    SettingSpec("attachment_max_mb", "証拠資料の1ファイルの大きさの上限（MB）", 20, int, group="保守", minimum=1, maximum=1024),
    # Municipal operations (core/municipal): names, standing lists and warning periods.
    SettingSpec("management_meeting_name", "管理運用会議の名称", "住民基本台帳ネットワークシステム管理運用会議", group="市町村の運用"),
    SettingSpec("committee_name", "審議会の名称", "住民基本台帳ネットワークシステム管理運用審議会", group="市町村の運用"),
    SettingSpec(
        "committee_report_title",
        "審議会への年次報告の表題",
        "住民基本台帳ネットワークシステムの管理運用状況について",
        group="市町村の運用",
    ),
    SettingSpec(
        "roster_roles",
        "セキュリティ組織の役割（1行に1つ、名簿の順）",
        "セキュリティ統括責任者\nセキュリティ責任者\nシステム管理者\nアクセス管理責任者\n入退室管理者\n本人確認情報管理責任者\n操作者",
        multiline=True,
        group="市町村の運用",
    ),
    SettingSpec(
        "standing_agenda",
        "管理運用会議の定例議題（1行に1つ）",
        "住基ネット管理運用に係る責任体制について\n緊急時対応計画及び連絡体制について\nセキュリティ遵守状況について\n"
        "監査計画について\n研修計画について\n住基ネット運用に係る委託契約について\n内部監査実施報告について\n"
        "住基ネットに係る例規等の見直しについて",
        multiline=True,
        group="市町村の運用",
    ),
    SettingSpec("term_warning_days", "委員の任期満了を何日前から知らせるか", 90, int, group="市町村の運用", minimum=0),
    SettingSpec("certificate_warning_days", "委託先の認証（プライバシーマーク等）の期限を何日前から知らせるか", 90, int, group="市町村の運用", minimum=0),
    SettingSpec("review_warning_days", "例規・手順書の見直し期限を何日前から知らせるか", 60, int, group="市町村の運用", minimum=0),
    SettingSpec("inspection_gap_days", "点検漏れを何日前までさかのぼって知らせるか", 31, int, group="市町村の運用", minimum=0),
    # Used by core.calendar (audit dates) and the daily inspections: one rule for working days.
    SettingSpec("office_closed_days", "土日・祝日のほかの閉庁日（月-日をカンマ区切り）", "12-29,12-30,12-31,01-01,01-02,01-03", group="年度", check=check_closed_days),
    SettingSpec("reference_date", "基準日（今日として数える日。YYYY-MM-DD、空欄ならPCの今日）", "", group="年度", check=check_iso_date),
    # The audit schedule the planner proposes (core.scheduler): 年度更新 and 監査計画 give every
    # planned audit a date, time, auditors, method and place from these and the last audit.
    SettingSpec("audit_season", "監査を行う時期（始まりの月-終わりの月、例 07-12 は7月〜12月）", "07-12", group="監査の日程", check=check_season),
    SettingSpec("audits_per_day_max", "1日に行う監査の上限（件、例 2）", 2, int, group="監査の日程", minimum=1, maximum=20),
    SettingSpec("audits_per_week_max", "1週間（月〜日）に行う監査の上限（件、例 4）", 4, int, group="監査の日程", minimum=1, maximum=50),
    SettingSpec("audit_time_slots", "監査の時間帯（開始-終了をカンマ区切り、例 10:00-12:00,13:30-15:30。前回の監査の時刻を先に使う）", "10:00-12:00,13:30-15:30", group="監査の日程", check=check_time_slots),
    SettingSpec("internal_default_auditors", "内部監査の監査人の既定（前回の内部監査がない機関に使う。空欄なら直近の内部監査の監査人。例 市町村課・情報システム推進室）", "", group="監査の日程"),
    SettingSpec("external_default_auditors", "外部監査の監査人の既定（前回の外部監査がない機関に使う。空欄なら直近の外部監査の監査人。例 ○○監査法人）", "", group="監査の日程"),
    SettingSpec("internal_default_methods", "内部監査の方法の既定（例 聞き取り・書類確認・現地調査）", "聞き取り・書類確認・現地調査", group="監査の日程", check=check_methods),
    SettingSpec("external_default_methods", "外部監査の方法の既定（例 聞き取り・現地調査・ログ解析）", "聞き取り・現地調査・ログ解析", group="監査の日程", check=check_methods),
    SettingSpec("audit_default_place", "監査の場所の既定（前回の監査がない機関に使う。空欄なら機関台帳の所在地。例 各機関の会議室）", "", group="監査の日程"),

    # The city's year (issue 18): which steps 今年度の進捗 shows, and the city's own rules.
    SettingSpec("org_kind", "組織の種類（都道府県 または 市区町村。今年度の進捗の手順が変わる）", "都道府県", check=check_org_kind),
    SettingSpec("committee_term_years", "審議会委員の任期（年。規程の定め）", 2, int, group="市町村の運用", minimum=1, maximum=10),
    SettingSpec("contract_certificate_required", "委託先にプライバシーマーク又はISMSの認証を求める", True, bool, group="市町村の運用"),
    SettingSpec("council_reply_warning_days", "審議会の開催要否の意見照会: 回答期限の何日前から未回答を知らせるか", 7, int, group="市町村の運用", minimum=0),
    SettingSpec(
        "internal_audit_methods",
        "内部監査の方法（1行に1つ、内部監査報告書の順）",
        "聞き取り調査\nログ解析等\n現地調査",
        multiline=True,
        group="市町村の運用",
    ),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}

# Values the program keeps in the ``setting`` table that are not settings: deliberately NOT
# in SPECS, so the settings dialog, ``load_settings``/``save_settings`` (which refuses an
# unknown key), the first run and the reports never show, copy or change them.
# - the key of the checklist workbooks (exchange/checklist_xlsx.py): 32 random bytes as hex,
#   made once per data file; the books carry an HMAC-SHA256 of their metadata made with it.
WORKBOOK_KEY_SETTING = "checklist_workbook_key"
INTERNAL_SETTINGS = {WORKBOOK_KEY_SETTING: "チェックリストのブックの鍵（内部用）"}


def decode(spec: SettingSpec, raw: str) -> Any:
    if spec.type is bool:
        return raw == "1"
    if spec.type is int:
        return int(raw)
    return raw


def encode(spec: SettingSpec, value: Any) -> str:
    """The stored text of ``value``, checked against the spec (``ValidationError`` naming it)."""
    if spec.type is bool:
        return "1" if value else "0"
    if spec.type is int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"「{spec.label}」には整数を入力してください（入力値: {value}）。", spec.key) from None
        if spec.minimum is not None and spec.maximum is not None and not spec.minimum <= number <= spec.maximum:
            raise ValidationError(f"「{spec.label}」は{spec.minimum}から{spec.maximum}までにしてください。", spec.key)
        if spec.minimum is not None and number < spec.minimum:
            raise ValidationError(f"「{spec.label}」は{spec.minimum}以上にしてください。", spec.key)
        return str(number)
    text = str(value)
    if spec.check is not None:
        spec.check(spec, text)
    return text
