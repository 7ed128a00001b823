"""The organisation's settings: declared once here (key, type, default, label) and stored
in the ``setting`` table. Nothing organisation-specific is hard-coded elsewhere: the
Nagano example is demo data that fills these values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.core.errors import ValidationError
from jukidesk.storage.models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: Any
    type: type = str
    multiline: bool = False
    group: str = "組織"


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
    SettingSpec("report_overview_text", "１ 監査の概要（段落）", "", multiline=True, group="報告書"),
    SettingSpec("report_method_text", "２ 監査の実施方法（段落）", "", multiline=True, group="報告書"),
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
    SettingSpec("notice_lead_days", "監査通知を監査日の何日前までに送るか（今年度の進捗）", 14, int, group="通知"),
    SettingSpec("cycle_first_fy", "監査の１巡目が始まる年度（西暦）", 2008, int, group="年度"),
    SettingSpec("cycle_length", "１巡の年数", 3, int, group="年度"),
    SettingSpec("reiwa_for_fy2019", "2019年度を「令和元年度」と表示する（しない場合は平成31年度）", True, bool, group="年度"),
    SettingSpec("fullwidth_digits", "通知文の数字を全角にする", True, bool, group="年度"),
    SettingSpec("self_check_due", "自己点検の提出期限（月-日、例 06-30。今年度の進捗で超過日数を数える）", "06-30", group="年度"),
    SettingSpec("score_label_1", "1点の意味", "未実施", group="採点"),
    SettingSpec("score_label_2", "2点の意味", "一部実施", group="採点"),
    SettingSpec("score_label_3", "3点の意味", "実施", group="採点"),
    SettingSpec("backup_generations", "自動バックアップを残す世代数", 30, int, group="保守"),
    SettingSpec("attachment_max_mb", "証拠資料の1ファイルの大きさの上限（MB）", 20, int, group="保守"),
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
    SettingSpec("term_warning_days", "委員の任期満了を何日前から知らせるか", 90, int, group="市町村の運用"),
    SettingSpec("certificate_warning_days", "委託先の認証（プライバシーマーク等）の期限を何日前から知らせるか", 90, int, group="市町村の運用"),
    SettingSpec("review_warning_days", "例規・手順書の見直し期限を何日前から知らせるか", 60, int, group="市町村の運用"),
    SettingSpec("inspection_gap_days", "点検漏れを何日前までさかのぼって知らせるか", 31, int, group="市町村の運用"),
    # Used by core.calendar (audit dates) and the daily inspections: one rule for working days.
    SettingSpec("office_closed_days", "土日・祝日のほかの閉庁日（月-日をカンマ区切り）", "12-29,12-30,12-31,01-01,01-02,01-03", group="年度"),
    SettingSpec("reference_date", "警告の基準日（YYYY-MM-DD、空欄なら今日）", "", group="市町村の運用"),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}


def _decode(spec: SettingSpec, raw: str) -> Any:
    if spec.type is bool:
        return raw == "1"
    if spec.type is int:
        return int(raw)
    return raw


def _encode(spec: SettingSpec, value: Any) -> str:
    if spec.type is bool:
        return "1" if value else "0"
    if spec.type is int:
        try:
            return str(int(value))
        except (TypeError, ValueError):
            raise ValidationError(f"「{spec.label}」には整数を入力してください（入力値: {value}）。", spec.key) from None
    return str(value)


def load_settings(session: Session) -> dict[str, Any]:
    """Every declared setting, stored value or default."""
    values = {spec.key: spec.default for spec in SPECS}
    for row in session.scalars(select(Setting)):
        spec = SPEC_BY_KEY.get(row.key)
        if spec is not None:
            values[row.key] = _decode(spec, row.value)
    return values


def get_setting(session: Session, key: str) -> Any:
    spec = SPEC_BY_KEY[key]
    row = session.get(Setting, key)
    return spec.default if row is None else _decode(spec, row.value)


def save_settings(session: Session, values: dict[str, Any]) -> None:
    """Validate every value first, then store them all (one transaction by the caller)."""
    encoded = {}
    for key, value in values.items():
        spec = SPEC_BY_KEY.get(key)
        if spec is None:
            raise ValidationError(f"未知の設定項目です: {key}", key)
        encoded[key] = _encode(spec, value)
    if "attachment_max_mb" in encoded and not 1 <= int(encoded["attachment_max_mb"]) <= 1024:
        raise ValidationError("「証拠資料の1ファイルの大きさの上限（MB）」は1から1024までにしてください。", "attachment_max_mb")
    if "cycle_length" in encoded and int(encoded["cycle_length"]) < 1:
        raise ValidationError("「１巡の年数」は1以上にしてください。", "cycle_length")
    for key in ("term_warning_days", "certificate_warning_days", "review_warning_days", "inspection_gap_days", "notice_lead_days"):
        if key in encoded and int(encoded[key]) < 0:
            raise ValidationError(f"「{SPEC_BY_KEY[key].label}」は0以上にしてください。", key)
    if "self_check_due" in encoded:
        from jukidesk.core.year_progress import parse_month_day

        parse_month_day(encoded["self_check_due"])  # raises a ValidationError naming the setting
    if encoded.get("reference_date", "").strip():
        import datetime as _dt

        try:
            _dt.date.fromisoformat(encoded["reference_date"].strip())
        except ValueError:
            raise ValidationError(
                f"「{SPEC_BY_KEY['reference_date'].label}」は 2026-04-01 の形で入力してください"
                f"（入力値: {encoded['reference_date']}）。",
                "reference_date",
            ) from None
    if "office_closed_days" in encoded:
        from jukidesk.core.calendar import parse_closed_days  # the one reader of that setting

        parse_closed_days(encoded["office_closed_days"])
    for key, raw in encoded.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=raw))
        else:
            row.value = raw
