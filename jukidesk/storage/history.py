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
``delete(…)``, ``insert(…)`` with a list) would bypass the history and are refused. Many
rows at once (an import): ``bulk_write`` below, which writes them with Core ``executemany``
and the very records the flush would write.

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

from sqlalchemy import bindparam, delete, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHANGE_TABLE_LABELS, YEAR_NOTE_LABELS
from jukidesk.storage.conflicts import AFTER, ConflictError
from jukidesk.storage.models import Audit, Checklist, Finding, TemplateItem
from jukidesk.storage.models_city import CouncilDecision, InternalAuditReport
from jukidesk.storage.models_history import ChangeLog
from jukidesk.storage.models_municipal import (
    CommitteeMember,
    Drill,
    InspectionItem,
    InspectionRecord,
    InspectionTemplate,
    Meeting,
    RuleDocument,
    Staff,
    TrainingCourse,
)


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

    ``institution_attr``/``fy_attr`` name the row's own columns for the filters (a date
    column stands for its fiscal year: a drill's ``held_on``);
    ``parent`` = (foreign key attribute, model) lends the parent row's institution and year
    when the row has none itself; ``locate(row, lookup)`` → (institution id, fiscal year)
    replaces both when the row's place is found another way (an attachment's owner);
    ``describe`` gives the readable row label."""

    institution_attr: str | None = "institution_id"
    fy_attr: str | None = "fy"
    parent: tuple[str, type] | None = None
    describe: Callable[[Any, _Lookup], str] | None = None
    exclude: frozenset[str] = field(default_factory=frozenset)
    locate: Callable[[Any, _Lookup], tuple[int | None, int | None]] | None = None


def _kind_label(kind: str | None) -> str:
    from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS

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
    from jukidesk.base.settings_specs import SPEC_BY_KEY

    spec = SPEC_BY_KEY.get(obj.key)
    return spec.label if spec is not None else obj.key


def _label(labels_name: str, code: str | None) -> str:
    from jukidesk.base import vocabulary

    return getattr(vocabulary, labels_name).get(code or "", code or "")


def _title_of(lookup: _Lookup, model: type, key: Any, attr: str = "title") -> str:
    row = lookup.get(model, key)
    return getattr(row, attr, "") if row is not None else ""


def _context_of(lookup: _Lookup, model: type, key: Any) -> tuple[int | None, int | None]:
    """The (institution, fiscal year) of a referenced row, as its own registry entry says."""
    row = lookup.get(model, key)
    if row is None:
        return None, None
    return _context(AUDITED_TABLES[inspect(model).local_table.name], row, lookup)


def _locate_completion(obj, lookup: _Lookup) -> tuple[int | None, int | None]:
    institution_id, _ = _context_of(lookup, Staff, obj.staff_id)  # the member of staff's office
    _, fy = _context_of(lookup, TrainingCourse, obj.course_id)  # the course's year
    return institution_id, fy


_ATTACHMENT_OWNERS = {"answer": Checklist, "finding": Finding, "audit": Audit, "drill": Drill}


def _locate_attachment(obj, lookup: _Lookup) -> tuple[int | None, int | None]:
    # An answer's evidence hangs on its checklist (``owner_id``), so it shows under the
    # checklist's institution and year, as a finding's under its audit's.
    model = _ATTACHMENT_OWNERS.get(obj.owner_type)
    return _context_of(lookup, model, obj.owner_id) if model is not None else (None, None)


def _inspection_label(kind: str | None, period: dt.date | None) -> str:
    when = "" if period is None else (period.strftime("%Y-%m") if kind == "monthly" else period.isoformat())
    return f"{_label('INSPECTION_KIND_LABELS', kind)} {when}".strip()


def _describe_inspection_result(obj, lookup: _Lookup) -> str:
    record = lookup.get(InspectionRecord, obj.record_id)
    item = lookup.get(InspectionItem, obj.item_id)
    head = _inspection_label(record.kind, record.period) if record is not None else ""
    return f"{head} 項目{item.position}".strip() if item is not None else head


def _describe_inspection_item(obj, lookup: _Lookup) -> str:
    template = lookup.get(InspectionTemplate, obj.template_id)
    head = f"{_label('INSPECTION_KIND_LABELS', template.kind)} 第{template.version}版" if template is not None else ""
    return f"{head} 項目{obj.position}".strip()


def _meeting_child(text: Callable[[Any, _Lookup], str]) -> Callable[[Any, _Lookup], str]:
    """「会議名: …」 for the rows of a meeting (agenda, attendance, written replies)."""

    def describe(obj, lookup: _Lookup) -> str:
        meeting = _title_of(lookup, Meeting, obj.meeting_id)
        return f"{meeting}: {text(obj, lookup)}" if meeting else text(obj, lookup)

    return describe


def _survey_tables() -> dict[str, AuditedTable]:
    """The 調査票's tables: item versions (no place), links to the register, the yearly answers."""
    from jukidesk.storage.models_survey import SurveyQuestion

    def question(lookup: _Lookup, question_id) -> str:
        row = lookup.get(SurveyQuestion, question_id)
        return f"調査票 {row.number}" if row is not None else "調査票"

    return {
        "survey_template": _no_place(lambda o, _l: f"{o.name} 第{o.version}版", exclude=frozenset({"created_at"})),
        "survey_question": _no_place(lambda o, _l: f"調査票 {o.number}"),
        "survey_question_rule": _no_place(
            lambda o, lookup: f"{question(lookup, o.question_id)} {_title_of(lookup, RuleDocument, o.rule_id)}".strip()
        ),
        "survey_answer": AuditedTable(institution_attr=None, describe=lambda o, lookup: question(lookup, o.question_id)),
    }


def _no_place(describe: Callable[[Any, _Lookup], str], **kw) -> AuditedTable:
    """A table whose rows belong to no institution and no fiscal year."""
    return AuditedTable(institution_attr=None, fy_attr=None, describe=describe, **kw)


# The one registry of audited tables (table name → how to record it).
#
# What a committee or an auditor may ask "who changed this, when, from what?" about:
#
# * the checklist and audit programme — institutions, checklists, answers, audits,
#   findings, organisation settings, year notes;
# * evidence — ``attachment`` (which file was attached to or removed from an answer,
#   finding, audit or drill, by whom); the file's bytes (``attachment_content``) are not
#   copied into the history: the attachment's SHA-256 and size identify them;
# * every municipal table (storage/models_municipal.py): the security organisation roster,
#   staff, the training plan and each completion, emergency plans and drills, the daily and
#   monthly inspections with each item's result (an NG later changed to OK shows), the item
#   sheets (a new version is recorded when it is made; versions are not edited), the
#   committee members, meetings with their agenda decisions, attendance and written
#   replies, the rules register and outsourcing contracts.
#
# Not recorded: the checklist templates (versioned rows, never edited once answered:
# core/templates.py), ``checklist_event`` and ``year_event`` (themselves logs of what was
# done and when), ``imported_file`` (a register of workbook hashes; the answers imported
# from them are recorded as answers), ``issued_paper`` (append-only by triggers, and
# carries its own issued_at/issued_by) and ``change_log`` itself.
AUDITED_TABLES: dict[str, AuditedTable] = {
    "institution": AuditedTable(institution_attr="id", fy_attr=None, describe=lambda o, _l: o.name),
    "checklist": AuditedTable(describe=lambda o, _l: _kind_label(o.kind)),
    "answer": AuditedTable(
        institution_attr=None,
        fy_attr=None,
        parent=("checklist_id", Checklist),
        describe=_describe_answer,
        exclude=frozenset({"updated_at", "version"}),
    ),
    # ``version``: the row version (storage.conflicts), bumped at every change, not a change itself
    "audit": AuditedTable(describe=lambda o, _l: _kind_label(o.kind), exclude=frozenset({"version"})),
    "finding": AuditedTable(
        institution_attr=None,
        fy_attr=None,
        parent=("audit_id", Audit),
        describe=_describe_finding,
        exclude=frozenset({"version"}),
    ),
    "setting": AuditedTable(
        institution_attr=None, fy_attr=None, describe=_describe_setting, exclude=frozenset({"version"})
    ),
    "year_note": AuditedTable(institution_attr=None, describe=lambda o, _l: YEAR_NOTE_LABELS.get(o.key, o.key)),
    "attachment": AuditedTable(locate=_locate_attachment, describe=lambda o, _l: o.file_name),
    # results of the years before jukidesk, imported from the organisation's own file
    "past_result": AuditedTable(
        institution_attr=None, describe=lambda o, _l: f"{_kind_label(o.kind)}（{o.source_file} {o.source_row}行目）"
    ),
    # municipal (storage/models_municipal.py)
    "role_assignment": _no_place(lambda o, _l: f"{o.role} {o.person}"),
    "staff": AuditedTable(fy_attr=None, describe=lambda o, _l: f"{o.name}（{o.code}）"),
    "training_course": AuditedTable(institution_attr=None, describe=lambda o, _l: o.title),
    "training_completion": AuditedTable(
        locate=_locate_completion,
        describe=lambda o, lookup: f"{_title_of(lookup, TrainingCourse, o.course_id)} {_title_of(lookup, Staff, o.staff_id, 'name')}".strip(),
    ),
    "emergency_document": AuditedTable(
        institution_attr=None, fy_attr="revised_on", describe=lambda o, _l: f"{o.title} {o.version}".strip()
    ),
    "drill": AuditedTable(
        institution_attr=None, fy_attr="held_on", describe=lambda o, _l: f"{o.held_on} {(o.scenario or '')[:30]}".strip()
    ),
    "inspection_template": _no_place(
        lambda o, _l: f"{_label('INSPECTION_KIND_LABELS', o.kind)} 第{o.version}版", exclude=frozenset({"created_at"})
    ),
    "inspection_item": _no_place(_describe_inspection_item),
    "inspection_record": AuditedTable(fy_attr="period", describe=lambda o, _l: _inspection_label(o.kind, o.period)),
    "inspection_result": AuditedTable(
        institution_attr=None, fy_attr=None, parent=("record_id", InspectionRecord), describe=_describe_inspection_result
    ),
    "committee_member": _no_place(lambda o, _l: o.name),
    "meeting": AuditedTable(institution_attr=None, describe=lambda o, _l: o.title),
    "agenda_item": AuditedTable(
        institution_attr=None, fy_attr=None, parent=("meeting_id", Meeting), describe=_meeting_child(lambda o, _l: o.title)
    ),
    "meeting_attendance": AuditedTable(
        institution_attr=None, fy_attr=None, parent=("meeting_id", Meeting), describe=_meeting_child(lambda o, _l: o.name)
    ),
    "written_reply": AuditedTable(
        institution_attr=None,
        fy_attr=None,
        parent=("meeting_id", Meeting),
        describe=_meeting_child(lambda o, lookup: _title_of(lookup, CommitteeMember, o.member_id, "name")),
    ),
    "rule_document": _no_place(lambda o, _l: o.title),
    "outsourcing_contract": _no_place(lambda o, _l: f"{o.vendor} {o.subject}".strip()),
    # the yearly 調査票 (storage/models_survey.py)
    **_survey_tables(),

    # the city's year (storage/models_city.py)
    "council_decision": AuditedTable(institution_attr=None, describe=lambda o, _l: "審議会の開催要否"),
    "council_decision_reply": AuditedTable(
        institution_attr=None,
        fy_attr=None,
        parent=("decision_id", CouncilDecision),
        describe=lambda o, lookup: _title_of(lookup, CommitteeMember, o.member_id, "name"),
    ),
    "internal_audit_report": AuditedTable(
        institution_attr=None, fy_attr=None, parent=("audit_id", Audit), describe=lambda o, _l: "内部監査報告書"
    ),
    "internal_audit_method": AuditedTable(
        institution_attr=None, fy_attr=None, parent=("report_id", InternalAuditReport), describe=lambda o, _l: o.method
    ),
    "internal_audit_proposal": AuditedTable(
        institution_attr=None,
        fy_attr=None,
        parent=("report_id", InternalAuditReport),
        describe=lambda o, _l: (o.content or "")[:30],
    ),
}


def host_name() -> str:
    """This computer's name, recorded with each change beside the OS user."""
    import socket

    try:
        return socket.gethostname()[:200]
    except OSError:
        return ""


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
    if spec.locate is not None:
        return spec.locate(obj, lookup)
    institution_id = getattr(obj, spec.institution_attr, None) if spec.institution_attr else None
    fy = _fiscal_year(getattr(obj, spec.fy_attr, None)) if spec.fy_attr else None
    if spec.parent is not None and (institution_id is None or fy is None):
        attr, model = spec.parent
        parent = lookup.get(model, getattr(obj, attr, None))
        if parent is not None:
            parent_spec = AUDITED_TABLES.get(inspect(model).local_table.name, AuditedTable())
            if institution_id is None and parent_spec.institution_attr:
                institution_id = getattr(parent, parent_spec.institution_attr, None)
            if fy is None and parent_spec.fy_attr:
                fy = _fiscal_year(getattr(parent, parent_spec.fy_attr, None))
    return institution_id, fy


def _fiscal_year(value: Any) -> int | None:
    """A year column as it is; a date column as the fiscal year it falls in."""
    if isinstance(value, dt.date):
        from jukidesk.base.fiscal import fiscal_year_of

        return fiscal_year_of(value)
    return value


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
    host = host_name()
    records: list[dict] = []

    def record(obj, action: str, mapper, spec, **values) -> None:
        institution_id, fy = _context(spec, obj, lookup)
        label = spec.describe(obj, lookup) if spec.describe else ""
        records.append(
            {
                "at": now,
                "os_user": user,
                "host": host,
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


# Entries of the history that are not rows of an audited table.
OUTSIDE_TABLES = frozenset({"file_lock"})


def record_outside_change(session: Session, table_name: str, action: str, row_label: str, *, old: str | None = None, new: str | None = None) -> None:
    """A change that is not a row of an audited table (a file lock cleared by the user) put
    into the history all the same, by the same writer as every other entry."""
    session.connection().execute(
        insert(ChangeLog.__table__),
        [
            {
                "at": dt.datetime.now().replace(microsecond=0),
                "os_user": os_user(),
                "host": host_name(),
                "table_name": table_name,
                "row_key": "",
                "row_label": row_label,
                "action": action,
                "field": None,
                "old": old,
                "new": new,
                "institution_id": None,
                "fy": None,
            }
        ],
    )


def install(sessions) -> None:
    """Record history for every session made by ``sessions`` (a sessionmaker)."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _do_orm_execute)


# ---------------------------------------------------------------------------------------
# Bulk writes (the checklist import): rows written with Core ``executemany`` in the
# caller's transaction, and exactly the change_log records the ORM flush would write.


class _RowView:
    """A row's values seen as attributes, for ``describe``/``locate``/``_context``."""

    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # a column the caller did not give
        return None


def _column_defaults(table) -> dict[str, Any]:
    defaults = {}
    for column in table.columns:
        default = column.default
        if default is not None and default.is_scalar:
            defaults[column.key] = default.arg
    return defaults


def bulk_write(
    session: Session,
    model: type,
    *,
    inserts: list[dict[str, Any]] = (),
    updates: list[tuple[dict[str, Any], dict[str, Any]]] = (),
    deletes: list[dict[str, Any]] = (),
    unique_key: tuple[str, ...] = (),
) -> list[int]:
    """Insert, update and delete rows of an audited ``model`` with one Core statement each
    (``executemany``), and write the same change_log records the ORM flush writes for the
    same changes (same fields, snapshots, labels, institution and year, user, time).

    ``inserts``: the new rows' column values (no primary key; missing columns take their
    scalar defaults); ``updates``: (the row as stored, with its primary key; the columns to
    change → new values); ``deletes``: the rows as stored, with their primary keys.
    Value: the new rows' primary keys, in the order of ``inserts``. ORM objects of the
    changed rows already in the session are stale afterwards: the caller expires them.

    ``unique_key``: columns unique together (a unique constraint) that every inserted row
    has. The rows are then inserted with a plain ``executemany`` and their keys read back
    by those columns: SQLite cannot return the keys of a multi-row INSERT in parameter order,
    so ``RETURNING`` costs one statement per row."""
    mapper = inspect(model)
    table = mapper.local_table
    spec = AUDITED_TABLES[table.name]
    (pk,) = list(table.primary_key.columns)
    connection = session.connection()
    lookup = _Lookup(session)
    now = dt.datetime.now().replace(microsecond=0)
    user, host = os_user(), host_name()
    snapshot_props = _columns(mapper, spec, with_keys=False)
    field_props = _columns(mapper, spec)
    records: list[dict] = []
    # A row's institution and year follow from its own columns and its parent's key (the
    # same for every answer of a checklist): found once per combination.
    context_columns = tuple(
        name for name in (spec.institution_attr, spec.fy_attr, spec.parent[0] if spec.parent else None) if name
    )
    contexts: dict[tuple, tuple[int | None, int | None]] = {}

    def record(values: dict[str, Any], action: str, **extra) -> None:
        row = _RowView(values)
        if spec.locate is None:
            context_key = tuple(values.get(name) for name in context_columns)
            if context_key not in contexts:
                contexts[context_key] = _context(spec, row, lookup)
            institution_id, fy = contexts[context_key]
        else:
            institution_id, fy = _context(spec, row, lookup)
        label = spec.describe(row, lookup) if spec.describe else ""
        records.append(
            {
                "at": now, "os_user": user, "host": host, "table_name": table.name, "row_key": str(values[pk.key]),
                "row_label": label or "", "action": action, "field": None, "old": None, "new": None,
                "institution_id": institution_id, "fy": fy, **extra,
            }
        )

    def snapshot(values: dict[str, Any]) -> str:
        return json.dumps({p.key: value_text(values.get(p.key)) for p in snapshot_props}, ensure_ascii=False)

    new_keys: list[int] = []
    if inserts:
        defaults = _column_defaults(table)
        rows = [{**{k: v for k, v in defaults.items() if k != pk.key}, **values} for values in inserts]
        if unique_key:
            connection.execute(insert(table), rows)
            new_keys = _keys_by(connection, table, pk, unique_key, rows)
        else:  # RETURNING in parameter order gives each row its key
            result = connection.execute(insert(table).returning(pk, sort_by_parameter_order=True), rows)
            new_keys = [key for (key,) in result]
        for key, values in zip(new_keys, rows):
            full = {**values, pk.key: key}
            record(full, "insert", new=snapshot(full))
    changed_updates = []
    for old_values, changes in updates:
        entries = []
        for prop in field_props:
            if prop.key not in changes:
                continue
            old, new = value_text(old_values.get(prop.key)), value_text(changes[prop.key])
            if old != new:
                entries.append((prop.key, old, new))
        if entries:
            changed_updates.append((old_values, changes))
        for key, old, new in entries:
            record({**old_values, **changes}, "update", field=key, old=old, new=new)
    # A row version (``version_id_col``, issue 19) is checked and bumped as the ORM would:
    # a row another clerk changed meanwhile is not overwritten silently.
    version = mapper.version_id_col
    if changed_updates:
        if version is not None:
            changed_updates = [(old, {**changes, version.key: old[version.key] + 1}) for old, changes in changed_updates]
        columns = sorted({key for _, changes in changed_updates for key in changes})
        statement = update(table).where(pk == bindparam("_pk")).values({c: bindparam(f"_v_{c}") for c in columns})
        if version is not None:
            statement = statement.where(version == bindparam("_version"))
        result = connection.execute(
            statement,
            [
                {"_pk": old[pk.key], **{f"_v_{c}": changes.get(c, old.get(c)) for c in columns}, **_version_of(old, version)}
                for old, changes in changed_updates
            ],
        )
        _check_rowcount(connection, result, len(changed_updates), table.name)
    if deletes:
        for values in deletes:
            record(values, "delete", old=snapshot(values))
        statement = delete(table).where(pk == bindparam("_pk"))
        if version is not None:
            statement = statement.where(version == bindparam("_version"))
        result = connection.execute(statement, [{"_pk": values[pk.key], **_version_of(values, version)} for values in deletes])
        _check_rowcount(connection, result, len(deletes), table.name)
    if records:
        connection.execute(insert(ChangeLog.__table__), records)
    return new_keys


def _keys_by(connection, table, pk, unique_key: tuple[str, ...], rows: list[dict[str, Any]]) -> list[int]:
    """The primary keys of just inserted ``rows``, found by their ``unique_key`` columns
    (the first column's values in batches, ``storage.batches``)."""
    from jukidesk.storage.batches import in_batches

    columns = [table.c[name] for name in unique_key]
    wanted = [tuple(row[name] for name in unique_key) for row in rows]
    found: dict[tuple, int] = {}
    for batch in in_batches(values[0] for values in wanted):
        statement = select(pk, *columns).where(columns[0].in_(batch))
        for key, *values in connection.execute(statement):
            found[tuple(values)] = key
    return [found[values] for values in wanted]


def _version_of(values: dict[str, Any], version) -> dict[str, Any]:
    return {} if version is None else {"_version": values[version.key]}


def _check_rowcount(connection, result, expected: int, table_name: str) -> None:
    """Fewer rows changed than asked: another writer changed or removed one meanwhile (the
    transaction is rolled back by the caller; nothing is half written)."""
    if connection.dialect.supports_sane_multi_rowcount and result.rowcount not in (-1, expected):
        raise ConflictError(
            f"{CHANGE_TABLE_LABELS.get(table_name, table_name)}の {expected - result.rowcount} 件は、読み込んだ後に"
            f"ほかの担当者が変更しました。{AFTER}"
        )
