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
    SettingSpec("contact_section", "担当（問い合わせ先の所属）", "", group="通知"),
    SettingSpec("contact_person", "担当者", "", group="通知"),
    SettingSpec("contact_phone", "電話", "", group="通知"),
    SettingSpec("contact_email", "電子メール", "", group="通知"),
    SettingSpec("cycle_first_fy", "監査の１巡目が始まる年度（西暦）", 2008, int, group="年度"),
    SettingSpec("cycle_length", "１巡の年数", 3, int, group="年度"),
    SettingSpec("reiwa_for_fy2019", "2019年度を「令和元年度」と表示する（しない場合は平成31年度）", True, bool, group="年度"),
    SettingSpec("fullwidth_digits", "通知文の数字を全角にする", True, bool, group="年度"),
    SettingSpec("score_label_1", "1点の意味", "未実施", group="採点"),
    SettingSpec("score_label_2", "2点の意味", "一部実施", group="採点"),
    SettingSpec("score_label_3", "3点の意味", "実施", group="採点"),
    SettingSpec("backup_generations", "自動バックアップを残す世代数", 30, int, group="保守"),
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
    SettingSpec("office_closed_days", "土日・祝日のほかの閉庁日（月-日をカンマ区切り）", "12-29,12-30,12-31,01-01,01-02,01-03", group="市町村の運用"),
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
    if "cycle_length" in encoded and int(encoded["cycle_length"]) < 1:
        raise ValidationError("「１巡の年数」は1以上にしてください。", "cycle_length")
    for key in ("term_warning_days", "certificate_warning_days", "review_warning_days", "inspection_gap_days"):
        if key in encoded and int(encoded[key]) < 0:
            raise ValidationError(f"「{SPEC_BY_KEY[key].label}」は0以上にしてください。", key)
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
    for key, raw in encoded.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=raw))
        else:
            row.value = raw
