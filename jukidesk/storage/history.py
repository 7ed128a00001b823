"""Edit history: every change to an audited table is written to ``change_log`` in the same
transaction as the change itself (so a rolled-back action leaves no history either).

``install(sessions)`` is called by ``open_database`` for every session it hands out. The
listener runs when the session flushes and records, per changed row:

- insert: one record, ``new`` = JSON object of the row's values;
- update: one record per changed column, with the old and the new value;
- delete: one record, ``old`` = JSON object of the row's last values.

Each record carries when, the OS user, the table, the row's key and a readable label
(e.g. "自己点検 3-2"), and the institution and fiscal year the row belongs to, so the
history can be filtered by them.

Which tables are audited is decided in ONE place: ``AUDITED_TABLES`` below. To audit a new
model, add an ``AuditedTable`` entry for its table (and its Japanese labels to
``core.vocabulary.CHANGE_TABLE_LABELS`` / ``CHANGE_FIELD_LABELS``).

Rules for code that changes audited tables: change ORM objects (``session.add``, attribute
assignment, ``session.delete``). ORM bulk statements (``session.execute(update(Answer)…)``,
``delete(…)``, ``insert(…)`` with a list) would bypass the history and are refused.

The records cannot be changed: SQLite triggers (migration 0002) abort any UPDATE or DELETE
of ``change_log``, and the session refuses ChangeLog objects added, changed or deleted
through the ORM.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from jukidesk.core.errors import JukideskError
from jukidesk.storage.models import Audit, Checklist, TemplateItem
from jukidesk.storage.models_history import ChangeLog


class HistoryError(JukideskError):
    pass


class _Lookup:
    """Rows referred to by changed rows (a checklist of an answer …), cached per flush;
    objects already in the session are used as they are."""

    def __init__(self, session: Session):
        self.session = session
        self._cache: dict[tuple[type, Any], Any] = {}

    def get(self, model: type, key: Any) -> Any:
        if key is None:
            return None
        cache_key = (model, key)
        if cache_key not in self._cache:
            mapper = inspect(model)
            obj = self.session.identity_map.get(mapper.identity_key_from_primary_key((key,)))
            if obj is None:
                table = mapper.local_table
                pk = list(table.primary_key.columns)[0]
                obj = self.session.connection().execute(select(table).where(pk == key)).first()
            self._cache[cache_key] = obj
        return self._cache[cache_key]


@dataclass(frozen=True)
class AuditedTable:
    """How one table's changes are recorded.

    ``institution_attr``/``fy_attr`` name the row's own columns for the filters;
    ``parent`` = (foreign key attribute, model) lends the parent row's institution and year
    when the row has none itself; ``describe`` gives the readable row label."""

    institution_attr: str | None = "institution_id"
    fy_attr: str | None = "fy"
    parent: tuple[str, type] | None = None
    describe: Callable[[Any, _Lookup], str] | None = None
    exclude: frozenset[str] = field(default_factory=frozenset)


def _kind_label(kind: str | None) -> str:
    from jukidesk.core.vocabulary import CHECKLIST_KIND_LABELS

    return CHECKLIST_KIND_LABELS.get(kind or "", kind or "")


def _item_number(lookup: _Lookup, item_id: int | None) -> str:
    item = lookup.get(TemplateItem, item_id)
    return item.number if item is not None else ""


def _describe_answer(obj, lookup: _Lookup) -> str:
    checklist = lookup.get(Checklist, obj.checklist_id)
    kind = _kind_label(checklist.kind) if checklist is not None else ""
    return f"{kind} {_item_number(lookup, obj.item_id)}".strip()


def _describe_finding(obj, lookup: _Lookup) -> str:
    audit = lookup.get(Audit, obj.audit_id)
    kind = _kind_label(audit.kind) if audit is not None else ""
    number = _item_number(lookup, obj.item_id)
    return f"{kind}の指摘 {number}".strip()


def _describe_setting(obj, lookup: _Lookup) -> str:
    from jukidesk.core.settings import SPEC_BY_KEY

    spec = SPEC_BY_KEY.get(obj.key)
    return spec.label if spec is not None else obj.key


# The one registry of audited tables (table name → how to record it).
AUDITED_TABLES: dict[str, AuditedTable] = {
    "institution": AuditedTable(institution_attr="id", fy_attr=None, describe=lambda o, _l: o.name),
    "checklist": AuditedTable(describe=lambda o, _l: _kind_label(o.kind)),
    "answer": AuditedTable(
        institution_attr=None,
        fy_attr=None,
        parent=("checklist_id", Checklist),
        describe=_describe_answer,
        exclude=frozenset({"updated_at"}),
    ),
    "audit": AuditedTable(describe=lambda o, _l: _kind_label(o.kind)),
    "finding": AuditedTable(
        institution_attr=None, fy_attr=None, parent=("audit_id", Audit), describe=_describe_finding
    ),
    "setting": AuditedTable(institution_attr=None, fy_attr=None, describe=_describe_setting),
    "year_note": AuditedTable(institution_attr=None, describe=lambda o, _l: o.key),
    "attachment": AuditedTable(institution_attr=None, fy_attr=None, describe=lambda o, _l: o.file_name),
}

def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (e.g. a service account on Windows)
        return "不明"


def value_text(value: Any) -> str | None:
    """A column value as stored in the history (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _row_key(mapper, obj) -> str:
    return "/".join(str(v) for v in mapper.primary_key_from_instance(obj))


def _columns(mapper, spec: AuditedTable, *, with_keys: bool = True):
    keys = {col.key for col in mapper.primary_key} if not with_keys else set()
    return [prop for prop in mapper.column_attrs if prop.key not in spec.exclude and prop.key not in keys]


def _context(spec: AuditedTable, obj, lookup: _Lookup) -> tuple[int | None, int | None]:
    institution_id = getattr(obj, spec.institution_attr, None) if spec.institution_attr else None
    fy = getattr(obj, spec.fy_attr, None) if spec.fy_attr else None
    if spec.parent is not None and (institution_id is None or fy is None):
        attr, model = spec.parent
        parent = lookup.get(model, getattr(obj, attr, None))
        if parent is not None:
            parent_spec = AUDITED_TABLES.get(inspect(model).local_table.name, AuditedTable())
            if institution_id is None and parent_spec.institution_attr:
                institution_id = getattr(parent, parent_spec.institution_attr, None)
            if fy is None and parent_spec.fy_attr:
                fy = getattr(parent, parent_spec.fy_attr, None)
    return institution_id, fy


def _snapshot(mapper, spec: AuditedTable, obj, *, old: bool) -> str:
    values = {}  # the primary key is in row_key already
    for prop in _columns(mapper, spec, with_keys=False):
        if old:
            history = inspect(obj).attrs[prop.key].history
            value = history.deleted[0] if history.deleted else getattr(obj, prop.key)
        else:
            value = getattr(obj, prop.key)
        values[prop.key] = value_text(value)
    return json.dumps(values, ensure_ascii=False)


def _records(session: Session) -> list[dict]:
    lookup = _Lookup(session)
    now = dt.datetime.now().replace(microsecond=0)
    user = os_user()
    records: list[dict] = []

    def record(obj, action: str, mapper, spec, **values) -> None:
        institution_id, fy = _context(spec, obj, lookup)
        label = spec.describe(obj, lookup) if spec.describe else ""
        records.append(
            {
                "at": now,
                "os_user": user,
                "table_name": mapper.local_table.name,
                "row_key": _row_key(mapper, obj),
                "row_label": label or "",
                "action": action,
                "field": None,
                "old": None,
                "new": None,
                "institution_id": institution_id,
                "fy": fy,
                **values,
            }
        )

    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            mapper = inspect(obj).mapper
            spec = AUDITED_TABLES.get(mapper.local_table.name)
            if spec is None:
                continue
            if action == "insert":
                record(obj, action, mapper, spec, new=_snapshot(mapper, spec, obj, old=False))
            elif action == "delete":
                record(obj, action, mapper, spec, old=_snapshot(mapper, spec, obj, old=True))
            else:
                state = inspect(obj)
                for prop in _columns(mapper, spec):
                    history = state.attrs[prop.key].history
                    if not history.has_changes():
                        continue
                    old = value_text(history.deleted[0]) if history.deleted else None
                    new = value_text(history.added[0]) if history.added else None
                    if old != new:
                        record(obj, action, mapper, spec, field=prop.key, old=old, new=new)
    return records


def _before_flush(session: Session, _context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, ChangeLog):
            raise HistoryError("変更履歴は追加・修正・削除できません。")


def _after_flush(session: Session, _context) -> None:
    # The session still shows its pre-flush state here (new/dirty/deleted and attribute
    # history), and new rows already have their primary keys.
    records = _records(session)
    if records:
        session.connection().execute(insert(ChangeLog.__table__), records)


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    name = mapper.local_table.name
    if name in AUDITED_TABLES or name == ChangeLog.__tablename__:
        raise HistoryError(
            f"{name} は変更履歴の対象です。一括の INSERT/UPDATE/DELETE 文ではなく ORM のオブジェクトで変更してください。"
        )


def install(sessions) -> None:
    """Record history for every session made by ``sessions`` (a sessionmaker)."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _do_orm_execute)
