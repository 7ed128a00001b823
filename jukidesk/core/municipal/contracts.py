"""Outsourcing contracts (委託契約) with the vendor's security requirements checked, e.g.
the プライバシーマーク (or ISMS) registration number and its expiry.

When the setting ``contract_certificate_required`` is on (the city makes a certificate an
entry condition of its tenders), a contract without one, or with one that expires before
the contract ends, is asked to be confirmed at entry and listed among the warnings
(``certificate_problems`` is the one rule for both)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_bounds, wareki_date
from jukidesk.base.vocabulary import CERTIFICATE_KIND_LABELS
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind, check_period
from jukidesk.core.settings import get_setting
from jukidesk.storage.models_municipal import OutsourcingContract


def contracts_in_year(session: Session, fy: int) -> list[OutsourcingContract]:
    first, last = fiscal_year_bounds(fy)
    return list(
        session.scalars(
            select(OutsourcingContract)
            .where(OutsourcingContract.starts_on <= last, OutsourcingContract.ends_on >= first)
            .order_by(OutsourcingContract.starts_on, OutsourcingContract.vendor)
        )
    )


def certificate_expiring(session: Session, today: dt.date, days: int) -> list[OutsourcingContract]:
    """Contracts not yet ended whose certificate expires before the contract does and
    within ``days`` of ``today`` (or has already expired)."""
    limit = today + dt.timedelta(days=days)
    rows = session.scalars(
        select(OutsourcingContract).where(
            OutsourcingContract.ends_on >= today,
            OutsourcingContract.privacy_mark_expires_on.is_not(None),
            OutsourcingContract.privacy_mark_expires_on <= limit,
            OutsourcingContract.privacy_mark_expires_on <= OutsourcingContract.ends_on,
        )
    )
    return sorted(rows, key=lambda c: c.privacy_mark_expires_on)


def unchecked(session: Session, today: dt.date) -> list[OutsourcingContract]:
    """Running or coming contracts whose security requirements are not confirmed."""
    rows = session.scalars(
        select(OutsourcingContract).where(
            OutsourcingContract.ends_on >= today, OutsourcingContract.requirements_checked.is_(False)
        )
    )
    return sorted(rows, key=lambda c: c.starts_on)


def certificate_label(kind: str | None) -> str:
    return CERTIFICATE_KIND_LABELS.get(kind or "pmark", CERTIFICATE_KIND_LABELS["pmark"])


def certificate_problems(values: dict) -> list[str]:
    """What is wrong with a contract's certificate (``values``: the contract's fields, as
    a form or a stored row): none at all, or one that expires before the contract ends."""
    vendor = values.get("vendor") or "委託先"
    number, expires, ends = values.get("privacy_mark_number"), values.get("privacy_mark_expires_on"), values.get("ends_on")
    if not number:
        return [
            f"{vendor} のプライバシーマーク又はISMSの認証が登録されていません。"
            "委託先には認証を求めています（設定「委託先にプライバシーマーク又はISMSの認証を求める」）。"
        ]
    if expires is not None and ends is not None and expires < ends:
        label = certificate_label(values.get("certificate_kind"))
        return [
            f"{vendor} の{label}（{number}）の有効期限 {wareki_date(expires)} が、"
            f"契約期間の終了 {wareki_date(ends)} より前です。更新後の登録証を確認してください。"
        ]
    return []


def certificate_required(session: Session) -> bool:
    return bool(get_setting(session, "contract_certificate_required"))


def _confirmations(session: Session, values: dict, record, ctx: Context) -> list[str]:
    return certificate_problems(values) if certificate_required(session) else []


def certificate_gaps(session: Session, today: dt.date, days: int) -> list[tuple[OutsourcingContract, str]]:
    """Contracts not yet ended with a certificate problem (``certificate_problems``) that
    ``certificate_expiring`` does not already warn about (its window of ``days``), with the
    message; none when the setting does not require a certificate."""
    if not certificate_required(session):
        return []
    soon = {c.id for c in certificate_expiring(session, today, days)}
    rows = session.scalars(select(OutsourcingContract).where(OutsourcingContract.ends_on >= today))
    result = []
    for contract in sorted(rows, key=lambda c: (c.starts_on, c.vendor)):
        if contract.id in soon:
            continue
        values = {column: getattr(contract, column) for column in (
            "vendor", "certificate_kind", "privacy_mark_number", "privacy_mark_expires_on", "ends_on")}
        result.extend((contract, message) for message in certificate_problems(values))
    return result


def _rules(session: Session, values: dict, record, ctx: Context) -> None:
    values["certificate_kind"] = values.get("certificate_kind") or "pmark"
    check_period(values, "starts_on", "ends_on", "契約期間（開始）", "契約期間（終了）")
    if values["privacy_mark_number"] and values["privacy_mark_expires_on"] is None:
        raise ValidationError("認証の登録番号がある場合は「認証の有効期限」も入力してください。", "privacy_mark_expires_on")
    if values["privacy_mark_expires_on"] is not None and not values["privacy_mark_number"]:
        raise ValidationError("有効期限を入力した場合は「認証の登録番号」も入力してください。", "privacy_mark_number")
    if values["requirements_checked"] and values["checked_on"] is None:
        raise ValidationError("セキュリティ要件を確認済みにする場合は「確認日」を入力してください。", "checked_on")


CONTRACT = RecordKind(
    key="contract",
    label="委託契約",
    model=OutsourcingContract,
    fields=(
        Field("vendor", "委託先", required=True),
        Field("subject", "業務名", required=True),
        Field("starts_on", "契約期間（開始）", "date", required=True, default=lambda s, c: fiscal_year_bounds(c.fy)[0]),
        Field("ends_on", "契約期間（終了）", "date", required=True, default=lambda s, c: fiscal_year_bounds(c.fy)[1]),
        Field(
            "certificate_kind", "認証の種類", "choice",
            choices=lambda s, c: list(CERTIFICATE_KIND_LABELS.items()), default=lambda s, c: "pmark",
        ),
        Field("privacy_mark_number", "認証の登録番号", help="プライバシーマーク又はISMSの登録番号"),
        Field("privacy_mark_expires_on", "認証の有効期限", "date"),
        Field("requirements_checked", "セキュリティ要件を確認済み", "bool"),
        Field("checked_on", "確認日", "date"),
        Field("note", "確認した要件・備考", "multiline", help="例: 守秘義務・再委託の制限を契約書で確認"),
    ),
    columns=(
        Column("委託先", lambda c: c.vendor, 24),
        Column("業務名", lambda c: c.subject, 30),
        Column("開始", lambda c: c.starts_on, 10),
        Column("終了", lambda c: c.ends_on, 10),
        Column("認証", lambda c: certificate_label(c.certificate_kind) if c.privacy_mark_number else "", 10),
        Column("登録番号", lambda c: c.privacy_mark_number, 14),
        Column("有効期限", lambda c: c.privacy_mark_expires_on, 10),
        Column("要件確認", lambda c: c.requirements_checked, 8),
        Column("確認日", lambda c: c.checked_on, 10),
        Column("備考", lambda c: c.note, 24),
    ),
    list_records=lambda session, ctx: contracts_in_year(session, ctx.fy),
    rules=_rules,
    record_label=lambda c: f"{c.vendor} {c.subject}",
    confirmations=_confirmations,
)
