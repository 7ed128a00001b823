"""Reading the edit history (``change_log``, written by ``storage/history.py``) as plain
rows for the 変更履歴 view, ``jukidesk history`` and the xlsx export — computed once here,
the renderers only show ``ChangeEntry.cells()``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Boolean, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import (
    ANSWER_STATUS_LABELS,
    ATTACHMENT_OWNER_LABELS,
    AUDIT_METHOD_LABELS,
    AUDIT_STATUS_LABELS,
    CHANGE_ACTION_LABELS,
    CHANGE_FIELD_LABELS,
    CHANGE_TABLE_LABELS,
    CHECKLIST_KIND_LABELS,
    CHECKLIST_STATUS_LABELS,
    COURSE_KIND_LABELS,
    EMERGENCY_DOCUMENT_KIND_LABELS,
    FINDING_STATUS_LABELS,
    INSPECTION_KIND_LABELS,
    INSTITUTION_KIND_LABELS,
    MEETING_KIND_LABELS,
    MEMBER_ROLE_LABELS,
    RULE_KIND_LABELS,
    RULE_STATUS_LABELS,
    YEAR_NOTE_LABELS,
)
from jukidesk.core.settings import year_style
from jukidesk.storage.models import Institution
from jukidesk.storage.models_history import ChangeLog

HEADERS = ("日時", "利用者", "台帳", "機関", "年度", "対象", "操作", "項目", "変更前", "変更後")

# Stored codes shown with their Japanese label.
VALUE_LABELS = {
    ("institution", "kind"): INSTITUTION_KIND_LABELS,
    ("checklist", "kind"): CHECKLIST_KIND_LABELS,
    ("checklist", "status"): CHECKLIST_STATUS_LABELS,
    ("audit", "kind"): CHECKLIST_KIND_LABELS,
    ("audit", "status"): AUDIT_STATUS_LABELS,
    ("finding", "status"): FINDING_STATUS_LABELS,
    ("answer", "status"): ANSWER_STATUS_LABELS,
    ("attachment", "owner_type"): ATTACHMENT_OWNER_LABELS,
    ("training_course", "kind"): COURSE_KIND_LABELS,
    ("emergency_document", "kind"): EMERGENCY_DOCUMENT_KIND_LABELS,
    ("inspection_template", "kind"): INSPECTION_KIND_LABELS,
    ("inspection_record", "kind"): INSPECTION_KIND_LABELS,
    ("committee_member", "role"): MEMBER_ROLE_LABELS,
    ("meeting", "kind"): MEETING_KIND_LABELS,
    ("rule_document", "kind"): RULE_KIND_LABELS,
    ("rule_document", "status"): RULE_STATUS_LABELS,
}
LIST_LABELS = {("audit", "methods"): AUDIT_METHOD_LABELS}
YEAR_FIELDS = {"fy", "valid_from_fy", "valid_until_fy"}
# Internal references left out of an added/deleted row's summary (the row label names it).
HIDDEN_IN_SUMMARY = {
    "checklist_id", "item_id", "audit_id", "template_id", "uid",
    "course_id", "staff_id", "record_id", "meeting_id", "member_id", "owner_id",
}


@dataclass(frozen=True)
class ChangeEntry:
    id: int
    at: dt.datetime
    os_user: str
    table_name: str
    table_label: str
    row_key: str
    row_label: str
    action: str
    action_label: str
    field: str | None
    field_label: str
    old_text: str
    new_text: str
    institution_id: int | None
    institution_name: str
    fy: int | None
    fy_label: str
    host: str = ""  # the computer (recorded since issue 19)

    @property
    def who(self) -> str:
        """利用者 as shown: the OS user, and the computer when it was recorded."""
        return f"{self.os_user}（{self.host}）" if self.host else self.os_user

    def cells(self) -> list[str]:
        """The row under ``HEADERS``."""
        return [
            self.at.strftime("%Y-%m-%d %H:%M:%S"),
            self.who,
            self.table_label,
            self.institution_name,
            self.fy_label,
            self.row_label,
            self.action_label,
            self.field_label,
            self.old_text,
            self.new_text,
        ]


class _Formatter:
    def __init__(self, session: Session):
        self.style = year_style(session)
        self.names = {inst.id: inst.name for inst in session.scalars(select(Institution))}

    def institution(self, institution_id: int | None) -> str:
        if institution_id is None:
            return ""
        return self.names.get(institution_id, f"（削除された機関 ID {institution_id}）")

    def year(self, fy: int | None) -> str:
        return self.style.label(fy, fullwidth=False) if fy is not None else ""

    def value(self, table: str, field: str, raw: str | None) -> str:
        if raw is None or raw == "":
            return ""
        from jukidesk.storage.schema import Base

        column = Base.metadata.tables[table].c.get(field) if table in Base.metadata.tables else None
        if column is not None and isinstance(column.type, Boolean):
            return "はい" if raw == "1" else "いいえ"
        if (table, field) in VALUE_LABELS:
            return VALUE_LABELS[table, field].get(raw, raw)
        if (table, field) in LIST_LABELS:
            labels = LIST_LABELS[table, field]
            return "、".join(labels.get(code, code) for code in raw.split(",") if code)
        if field in YEAR_FIELDS and raw.isdigit():
            return self.year(int(raw))
        if field == "institution_id" and raw.isdigit():
            return self.institution(int(raw))
        return raw

    def snapshot(self, table: str, text: str | None) -> str:
        if not text:
            return ""
        try:
            values = json.loads(text)
        except ValueError:
            return text
        labels = CHANGE_FIELD_LABELS.get(table, {})
        parts = []
        for key, raw in values.items():
            if key in HIDDEN_IN_SUMMARY:
                continue
            shown = self.value(table, key, raw)
            if shown:
                parts.append(f"{labels.get(key, key)}: {shown}")
        return "／".join(parts)


def list_changes(
    session: Session,
    *,
    fy: int | None = None,
    institution_id: int | None = None,
    institution_code: str | None = None,
    table: str | None = None,
    limit: int | None = None,
    newest_first: bool = True,
) -> list[ChangeEntry]:
    """History records matching the filters (all of them when none is given)."""
    query = select(ChangeLog)
    if institution_code is not None:
        inst = session.scalars(select(Institution).where(Institution.code == institution_code)).first()
        if inst is None:
            raise JukideskError(f"機関コード「{institution_code}」の機関は登録されていません。")
        institution_id = inst.id
    if institution_id is not None:
        query = query.where(ChangeLog.institution_id == institution_id)
    if fy is not None:
        query = query.where(ChangeLog.fy == fy)
    if table is not None:
        if table not in CHANGE_TABLE_LABELS:
            names = "、".join(f"{code}（{label}）" for code, label in CHANGE_TABLE_LABELS.items())
            raise JukideskError(f"台帳の指定「{table}」が正しくありません。指定できるもの: {names}")
        query = query.where(ChangeLog.table_name == table)
    order = ChangeLog.id.desc() if newest_first else ChangeLog.id
    query = query.order_by(order)
    if limit is not None:
        query = query.limit(limit)
    fmt = _Formatter(session)
    entries = []
    for row in session.scalars(query):
        labels = CHANGE_FIELD_LABELS.get(row.table_name, {})
        if row.action == "update":
            old_text = fmt.value(row.table_name, row.field or "", row.old)
            new_text = fmt.value(row.table_name, row.field or "", row.new)
        else:
            old_text = fmt.snapshot(row.table_name, row.old)
            new_text = fmt.snapshot(row.table_name, row.new)
        entries.append(
            ChangeEntry(
                id=row.id,
                at=row.at,
                os_user=row.os_user,
                table_name=row.table_name,
                table_label=CHANGE_TABLE_LABELS.get(row.table_name, row.table_name),
                row_key=row.row_key,
                row_label=YEAR_NOTE_LABELS.get(row.row_label, row.row_label) if row.table_name == "year_note" else row.row_label,
                action=row.action,
                action_label=CHANGE_ACTION_LABELS.get(row.action, row.action),
                field=row.field,
                field_label=labels.get(row.field, row.field) if row.field else "",
                old_text=old_text,
                new_text=new_text,
                institution_id=row.institution_id,
                institution_name=fmt.institution(row.institution_id),
                fy=row.fy,
                fy_label=fmt.year(row.fy),
                host=row.host or "",
            )
        )
    return entries
