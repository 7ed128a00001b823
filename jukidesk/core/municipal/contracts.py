"""Outsourcing contracts (委託契約) with the vendor's security requirements checked, e.g.
the プライバシーマーク registration number and its expiry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_bounds
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind, check_period
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


def _rules(session: Session, values: dict, record, ctx: Context) -> None:
    check_period(values, "starts_on", "ends_on", "契約期間（開始）", "契約期間（終了）")
    if values["privacy_mark_number"] and values["privacy_mark_expires_on"] is None:
        raise ValidationError("プライバシーマークの登録番号がある場合は「有効期限」も入力してください。", "privacy_mark_expires_on")
    if values["privacy_mark_expires_on"] is not None and not values["privacy_mark_number"]:
        raise ValidationError("有効期限を入力した場合は「プライバシーマーク登録番号」も入力してください。", "privacy_mark_number")
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
        Field("privacy_mark_number", "プライバシーマーク登録番号"),
        Field("privacy_mark_expires_on", "プライバシーマーク有効期限", "date"),
        Field("requirements_checked", "セキュリティ要件を確認済み", "bool"),
        Field("checked_on", "確認日", "date"),
        Field("note", "確認した要件・備考", "multiline", help="例: 守秘義務・再委託の制限を契約書で確認"),
    ),
    columns=(
        Column("委託先", lambda c: c.vendor, 24),
        Column("業務名", lambda c: c.subject, 30),
        Column("開始", lambda c: c.starts_on, 10),
        Column("終了", lambda c: c.ends_on, 10),
        Column("Pマーク番号", lambda c: c.privacy_mark_number, 14),
        Column("有効期限", lambda c: c.privacy_mark_expires_on, 10),
        Column("要件確認", lambda c: c.requirements_checked, 8),
        Column("確認日", lambda c: c.checked_on, 10),
        Column("備考", lambda c: c.note, 24),
    ),
    list_records=lambda session, ctx: contracts_in_year(session, ctx.fy),
    rules=_rules,
    record_label=lambda c: f"{c.vendor} {c.subject}",
)
