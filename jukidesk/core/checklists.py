"""Checklists: answers, completion and reopening, and the figures derived from them
(an institution's progress, per-category averages, the items scored under 3).

Every mean is computed by core.scoring; this module only selects the scores. The GUI, the
command line, the Excel round-trip and the reports all go through here.

Rules kept in this one place:
- an entry is *answered* when it has a score 1–3 or 該当なし;
- a score under 3 needs a remark (the finding): without one the entry is *incomplete*;
- a checklist can be completed only when every applicable item's entry is complete;
- a completed checklist is read-only until it is reopened, and reopening is recorded.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, NOT_APPLICABLE_LABEL
from jukidesk.core.obligations import checklist_fillers, checklist_fillers_query
from jukidesk.core.scoring import SCORES, checklist_score, format_score, is_low, mean
from jukidesk.core.templates import template_for_year
from jukidesk.storage.models import (
    Answer,
    Checklist,
    ChecklistEvent,
    ChecklistTemplate,
    Institution,
    TemplateCategory,
    TemplateItem,
    item_applies,
    report_name_of,
    valid_in_years,
)
from jukidesk.storage.plain import plain_rows

REMARK_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Entry:
    """One item's answer as a plain value (what the GUI, the workbook and the DB exchange)."""

    score: int | None = None
    not_applicable: bool = False
    remark: str = ""
    # False for an answer carried over from last year and not re-checked yet (未確認,
    # core.carry_forward.start_from_previous); anything typed or imported is confirmed.
    confirmed: bool = True

    def __post_init__(self):
        if self.score is not None and self.score not in SCORES:
            raise ValidationError(f"評価は 1、2、3、{NOT_APPLICABLE_LABEL} のいずれかです（入力値: {self.score}）。")
        if self.not_applicable and self.score is not None:
            raise ValidationError(f"{NOT_APPLICABLE_LABEL}の項目に点数は付けられません。")

    @classmethod
    def of(cls, answer: Answer | None) -> Entry | None:
        if answer is None:
            return None
        return cls.of_columns(answer.score, answer.not_applicable, answer.remark, answer.status)

    @classmethod
    def of_columns(cls, score: int | None, not_applicable, remark: str | None, status: str) -> Entry:
        """An answer's entry from its stored columns (a plain row or an ``Answer``)."""
        return cls(score, bool(not_applicable), remark or "", status != "unconfirmed")

    @property
    def answered(self) -> bool:
        return self.score is not None or self.not_applicable

    @property
    def needs_remark(self) -> bool:
        """A score under 3 without a remark: the finding is missing."""
        return is_low(self.score) and not self.remark.strip()

    @property
    def complete(self) -> bool:
        return self.answered and not self.needs_remark and self.confirmed

    @property
    def is_empty(self) -> bool:
        return not self.answered and not self.remark.strip()

    @property
    def counted(self) -> bool:
        """Counted in 入力済 and in the average shown beside it: a confirmed score or 該当なし
        (a score under 3 still waiting for its remark counts too, shown apart as 備考なし)."""
        return self.answered and self.confirmed

    def rescored(self, score: int | None, not_applicable: bool = False) -> Entry:
        """This entry with a new score typed over it (confirmed). A score under 3 changed to
        3 or 該当なし loses its remark: the remark was the reason for the low score."""
        remark = self.remark
        if is_low(self.score) and not is_low(score):
            remark = ""
        return Entry(score, not_applicable, remark)

    def score_text(self) -> str:
        """'3', '該当なし' or '' — how a score is written in a cell or a table."""
        if self.not_applicable:
            return NOT_APPLICABLE_LABEL
        return "" if self.score is None else str(self.score)


def parse_score_value(value) -> tuple[int | None, bool]:
    """A typed or imported score → (score, not_applicable). Blank → (None, False).

    Accepts 1/2/3 as numbers or text (full-width digits too) and 該当なし. Raises
    ``ValueError`` for anything else; callers add where the value came from."""
    if value is None:
        return None, False
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        if value.is_integer():
            value = int(value)
        else:
            raise ValueError(value)
    if isinstance(value, int):
        if value in SCORES:
            return value, False
        raise ValueError(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            return None, False
        if text == NOT_APPLICABLE_LABEL:
            return None, True
        if text in {str(s) for s in SCORES}:
            return int(text), False
    raise ValueError(value)


# ---------------------------------------------------------------------------------------
# Reading one checklist (with the previous answers beside each item)


@dataclass
class ItemRow:
    item_id: int
    number: str
    text: str
    guidance: str
    important: bool
    category_code: str
    category_name: str
    entry: Entry | None = None
    previous: Entry | None = None
    reanswer: bool = False  # 要再回答: the text changed since the previous checklist's item

    @property
    def complete(self) -> bool:
        return self.entry is not None and self.entry.complete


@dataclass
class ChecklistSheet:
    """Everything needed to show, print or export one institution's checklist."""

    fy: int
    kind: str
    institution_id: int
    institution_code: str
    institution_name: str
    institution_report_name: str
    template_id: int
    template_name: str
    template_version: int
    checklist_id: int | None
    status: str
    filled_by: str
    filled_on: dt.date | None
    previous_fy: int | None
    items: list[ItemRow] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return CHECKLIST_KIND_LABELS[self.kind]

    @property
    def completed(self) -> bool:
        return self.status == "complete"

    @property
    def total(self) -> int:
        return len(self.items)

    def _counted(self) -> list[Entry]:
        return [row.entry for row in self.items if row.entry is not None and row.entry.counted]

    @property
    def answered(self) -> int:
        """Entries that count as 入力済: a confirmed score or 該当なし (``Entry.counted``). The
        average counts the same entries; those still waiting for a remark are ``missing_remarks``."""
        return len(self._counted())

    @property
    def missing_remarks(self) -> int:
        """入力済 scores under 3 without their remark (備考なし): they block 完了."""
        return sum(1 for entry in self._counted() if entry.needs_remark)

    @property
    def score(self) -> Fraction | None:
        """The average of the entries counted in ``answered`` (該当なし left out)."""
        return checklist_score(entry.score for entry in self._counted())

    @property
    def incomplete_items(self) -> list[ItemRow]:
        return [row for row in self.items if not row.complete]

    @property
    def can_complete(self) -> bool:
        return not self.completed and not self.incomplete_items

    def status_text(self) -> str:
        """The status line: 「37 / 50 入力済（備考なし 1）　平均 2.94」."""
        average = format_score(self.score)
        text = f"{self.answered} / {self.total} 入力済"
        if self.missing_remarks:
            text += f"（備考なし {self.missing_remarks}）"
        unconfirmed = sum(1 for row in self.items if row.entry is not None and not row.entry.confirmed)
        if unconfirmed:
            text += f"　未確認 {unconfirmed}"
        reanswer = sum(1 for row in self.items if row.reanswer and row.entry is None)
        if reanswer:
            text += f"　要再回答 {reanswer}"
        if average is not None:
            text += f"　平均 {average}"
        return text


def applicable_items(template: ChecklistTemplate, kind: str) -> list[TemplateItem]:
    return [item for item in template.items if item.applies_to(kind)]


def find_checklist(session: Session, fy: int, kind: str, institution_id: int) -> Checklist | None:
    return session.scalars(
        select(Checklist).where(
            Checklist.fy == fy, Checklist.kind == kind, Checklist.institution_id == institution_id
        )
    ).first()


def template_of(session: Session, fy: int, kind: str, institution_id: int) -> ChecklistTemplate:
    """The version a checklist uses: its own if it exists, else the one in force in ``fy``."""
    checklist = find_checklist(session, fy, kind, institution_id)
    if checklist is not None:
        return checklist.template
    return _template_in_force(session, fy)


def _template_in_force(session: Session, fy: int) -> ChecklistTemplate:
    template = template_for_year(session, fy)
    if template is None:
        raise ValidationError(f"{fy}年度に使うチェックリストのテンプレートがありません。先にテンプレートを読み込んでください。")
    return template


def _check_kind(kind: str) -> None:
    if not audit_kinds.is_kind(kind):
        raise ValidationError(f"点検の区分が正しくありません: {kind}", "kind")


def _institution(session: Session, institution_id: int, fy: int) -> Institution:
    return _in_registry(session.get(Institution, institution_id), fy)


def _in_registry(institution, fy: int):
    """``institution`` (an ``Institution`` or a row of its columns), refused when it is
    missing or not in the registry in ``fy``."""
    if institution is None:
        raise ValidationError("指定された機関が見つかりません。")
    if not valid_in_years(institution.valid_from_fy, institution.valid_until_fy, fy):
        raise ValidationError(f"{institution.name} は {fy}年度の機関台帳にありません。")
    return institution


def previous_checklist(session: Session, fy: int, kind: str, institution_id: int) -> Checklist | None:
    """The latest earlier checklist of the same kind and institution (for self-inspection
    the previous year; for audits the previous audit, usually one cycle earlier)."""
    return session.scalars(
        select(Checklist)
        .where(Checklist.kind == kind, Checklist.institution_id == institution_id, Checklist.fy < fy)
        .order_by(Checklist.fy.desc())
        .limit(1)  # without it the eager load below reads the answers of every earlier year
        .options(selectinload(Checklist.answers).selectinload(Answer.item))
    ).first()


# Plain table columns (SQLAlchemy Core): the first run of each ORM-enabled statement in a
# process costs several milliseconds more (the ORM compile step) than the same select of
# table columns, and the checklist tab runs these on its first show.
_INSTITUTION = Institution.__table__.c
_CHECKLIST = Checklist.__table__.c
_TEMPLATE = ChecklistTemplate.__table__.c
_ANSWER = Answer.__table__.c
_ITEM = TemplateItem.__table__.c
_CATEGORY = TemplateCategory.__table__.c


def load_sheet(session: Session, fy: int, kind: str, institution_id: int) -> ChecklistSheet:
    """One institution's checklist for a year and kind (it need not exist in the DB yet).

    Read as plain columns in five queries whatever the size (the GUI reads it on every
    switch of institution): the institution; its checklists of ``kind`` up to ``fy`` (this
    one and the latest earlier one); the template; the answers of both; the template's
    applicable items with their categories."""
    _check_kind(kind)
    institution = _in_registry(
        plain_rows(
            session,
            select(_INSTITUTION.code, _INSTITUTION.name, _INSTITUTION.short_name, _INSTITUTION.valid_from_fy, _INSTITUTION.valid_until_fy)
            .where(_INSTITUTION.id == institution_id),
        ).first(),
        fy,
    )
    latest = plain_rows(
        session,
        select(_CHECKLIST.id, _CHECKLIST.fy, _CHECKLIST.template_id, _CHECKLIST.status, _CHECKLIST.filled_by, _CHECKLIST.filled_on)
        .where(_CHECKLIST.kind == kind, _CHECKLIST.institution_id == institution_id, _CHECKLIST.fy <= fy)
        .order_by(_CHECKLIST.fy.desc())
        .limit(2),
    ).all()
    checklist = latest[0] if latest and latest[0].fy == fy else None
    before = next((row for row in latest if row.fy < fy), None)  # the previous checklist
    if checklist is not None:
        template = plain_rows(
            session, select(_TEMPLATE.id, _TEMPLATE.name, _TEMPLATE.version).where(_TEMPLATE.id == checklist.template_id)
        ).one()
    else:
        template = _template_in_force(session, fy)
    entries: dict[int, dict[int, Entry]] = {row.id: {} for row in (checklist, before) if row is not None}
    if entries:
        answers = select(_ANSWER.checklist_id, _ANSWER.item_id, _ANSWER.score, _ANSWER.not_applicable, _ANSWER.remark, _ANSWER.status)
        rows = plain_rows(session, answers.where(_ANSWER.checklist_id.in_(list(entries))))
        for checklist_id, item_id, score, not_applicable, remark, status in rows:
            entries[checklist_id][item_id] = Entry.of_columns(score, not_applicable, remark, status)
    current = entries[checklist.id] if checklist is not None else {}
    # Items are matched across template versions as the same question (core.revisions):
    # a reworded item shows no previous answer and is marked 要再回答.
    previous: dict[int, Entry] = {}
    reworded: set[int] = set()
    if before is not None:
        old_entries = entries[before.id]
        if before.template_id == template.id:
            previous = old_entries
        else:
            from jukidesk.core.revisions import diff_templates

            diff = diff_templates(session.get(ChecklistTemplate, before.template_id), session.get(ChecklistTemplate, template.id))
            previous = {new: old_entries[old] for new, old in diff.links().items() if old in old_entries}
            reworded = diff.reworded()
    sheet = ChecklistSheet(
        fy=fy,
        kind=kind,
        institution_id=institution_id,
        institution_code=institution.code,
        institution_name=institution.name,
        institution_report_name=report_name_of(institution.short_name, institution.name),
        template_id=template.id,
        template_name=template.name,
        template_version=template.version,
        checklist_id=checklist.id if checklist is not None else None,
        status=checklist.status if checklist is not None else "open",
        filled_by=checklist.filled_by if checklist is not None else "",
        filled_on=checklist.filled_on if checklist is not None else None,
        previous_fy=before.fy if before is not None else None,
    )
    items = plain_rows(
        session,
        select(_ITEM.id, _ITEM.number, _ITEM.text, _ITEM.guidance, _ITEM.important, _ITEM.kinds, _CATEGORY.code, _CATEGORY.name)
        .join(TemplateCategory.__table__, _CATEGORY.id == _ITEM.category_id)
        .where(_ITEM.template_id == template.id)
        .order_by(_ITEM.position, _ITEM.id),
    )
    sheet.items = [
        ItemRow(
            item_id=item_id,
            number=number,
            text=text,
            guidance=guidance,
            important=important,
            category_code=category_code,
            category_name=category_name,
            entry=current.get(item_id),
            previous=previous.get(item_id),
            reanswer=item_id in reworded,
        )
        for item_id, number, text, guidance, important, kinds, category_code, category_name in items
        if item_applies(kinds, kind)
    ]
    return sheet


# ---------------------------------------------------------------------------------------
# Changing answers


LOOK_UP = object()  # ensure_checklist's ``found`` when the caller has not looked it up


def ensure_checklist(
    session: Session, fy: int, kind: str, institution_id: int, *, found=LOOK_UP, in_force: dict | None = None
) -> Checklist:
    """The checklist, made (with the template in force in ``fy``) if there is none.
    ``found``: what ``find_checklist`` has just returned to the caller (the import), so
    that it is not looked up again; ``in_force``: the caller's cache of the template in
    force by year, for many checklists in one transaction."""
    _check_kind(kind)
    _institution(session, institution_id, fy)
    checklist = find_checklist(session, fy, kind, institution_id) if found is LOOK_UP else found
    if checklist is None:
        if in_force is None:
            template = _template_in_force(session, fy)  # as template_of, without finding it again
        else:
            if fy not in in_force:
                in_force[fy] = _template_in_force(session, fy)
            template = in_force[fy]
        checklist = Checklist(fy=fy, kind=kind, institution_id=institution_id, template_id=template.id)
        session.add(checklist)
        session.flush()
    return checklist


def _refuse_if_complete(checklist: Checklist) -> None:
    if checklist.status == "complete":
        raise ValidationError("このチェックリストは完了済みです。変更するには「再開」してください。")


def _item_of(checklist: Checklist, item_id: int) -> TemplateItem:
    item = next((i for i in checklist.template.items if i.id == item_id), None)
    if item is None:
        raise ValidationError("この項目はチェックリストのテンプレートにありません。")
    if not item.applies_to(checklist.kind):
        raise ValidationError(f"項目 {item.number} は{CHECKLIST_KIND_LABELS[checklist.kind]}の対象外です。")
    return item


def write_entry(
    session: Session,
    checklist: Checklist,
    item: TemplateItem,
    entry: Entry | None,
    *,
    answers_by_item: dict[int, Answer] | None = None,
) -> bool:
    """Store ``entry`` for ``item`` (``None`` or an empty entry removes the answer).
    Returns whether anything changed. No status checks: callers decide (see save_answer).
    ``answers_by_item``: the checklist's stored answers by item id, from a caller that writes
    many items (the import) — looking each one up in ``checklist.answers`` is quadratic."""
    if answers_by_item is not None:
        answer = answers_by_item.get(item.id)
    else:
        answer = next((a for a in checklist.answers if a.item_id == item.id), None)
    if entry is not None and len(entry.remark) > REMARK_MAX_LENGTH:
        raise ValidationError(f"項目 {item.number} の備考が長すぎます（{REMARK_MAX_LENGTH}文字まで）。")
    if entry is None or entry.is_empty:
        if answer is None:
            return False
        checklist.answers.remove(answer)
        session.delete(answer)
        return True
    if answer is None:
        checklist.answers.append(
            Answer(
                item=item, score=entry.score, not_applicable=entry.not_applicable, remark=entry.remark,
                status="answered" if entry.confirmed else "unconfirmed",
            )
        )
        return True
    if Entry.of(answer) == entry:
        return False
    answer.score, answer.not_applicable, answer.remark = entry.score, entry.not_applicable, entry.remark
    answer.status = "answered" if entry.confirmed else "unconfirmed"
    return True


def write_entries(
    session: Session,
    checklist: Checklist,
    writes: dict[int, Entry | None],
    items: dict[int, TemplateItem],
    answers_by_item: dict[int, Answer],
) -> int:
    """``write_entry`` for many items of one checklist at once (the import): the answers are
    inserted, updated and deleted with one statement each, and their change-log records are
    the ones the ORM path writes (``storage.history.bulk_write``). Returns how many changed.
    The checklist's answers are reloaded on next access."""
    from jukidesk.storage.history import bulk_write

    columns = [c.key for c in Answer.__table__.columns]
    inserts, updates, deletes, gone = [], [], [], []
    for item_id, entry in writes.items():
        item = items[item_id]
        answer = answers_by_item.get(item_id)
        if entry is not None and len(entry.remark) > REMARK_MAX_LENGTH:
            raise ValidationError(f"項目 {item.number} の備考が長すぎます（{REMARK_MAX_LENGTH}文字まで）。")
        status = None if entry is None else ("answered" if entry.confirmed else "unconfirmed")
        if entry is None or entry.is_empty:
            if answer is not None:
                deletes.append({key: getattr(answer, key) for key in columns})
                gone.append(answer)
        elif answer is None:
            inserts.append(
                {"checklist_id": checklist.id, "item_id": item.id, "score": entry.score,
                 "not_applicable": entry.not_applicable, "remark": entry.remark, "status": status}
            )
        elif Entry.of(answer) != entry:
            old = {key: getattr(answer, key) for key in columns}
            updates.append((old, {"score": entry.score, "not_applicable": entry.not_applicable, "remark": entry.remark, "status": status}))
            gone.append(answer)
    if not (inserts or updates or deletes):
        return 0
    session.flush()  # pending ORM changes first, as the ORM path would order them
    bulk_write(session, Answer, inserts=inserts, updates=updates, deletes=deletes, unique_key=("checklist_id", "item_id"))
    session.expire(checklist, ["answers"])
    for answer in gone:
        session.expunge(answer)
    return len(inserts) + len(updates) + len(deletes)


UNCHECKED = object()  # save_answer's ``seen`` when the caller does not say what it showed


def save_answer(
    session: Session, fy: int, kind: str, institution_id: int, item_id: int, entry: Entry | None, *, seen=UNCHECKED
) -> Checklist:
    """One keystroke's answer, saved at once (the GUI calls this in its own transaction).
    ``seen``: the entry the clerk was shown (``None``: no answer yet); when the stored answer
    differs — another clerk changed it meanwhile — nothing is saved and ``ConflictError``
    names who changed it (several clerks on a server database)."""
    checklist = ensure_checklist(session, fy, kind, institution_id)
    _refuse_if_complete(checklist)
    if seen is not UNCHECKED:
        stored = next((a for a in checklist.answers if a.item_id == item_id), None)
        if Entry.of(stored) != seen and Entry.of(stored) != entry:
            from jukidesk.storage.conflicts import conflict_error

            label = f"{_item_of(checklist, item_id).number} の回答"
            key = str(stored.id) if stored is not None else ""
            raise conflict_error(session.connection(), "answer", key, label) if key else _gone(session, checklist, item_id, label)
    write_entry(session, checklist, _item_of(checklist, item_id), entry)
    session.flush()
    return checklist


def _gone(session: Session, checklist: Checklist, item_id: int, label: str):
    """The answer the clerk saw was removed meanwhile: who removed it (the history's newest
    delete of an answer of this checklist and item)."""
    import json

    from sqlalchemy import desc

    from jukidesk.storage.conflicts import ConflictError, conflict_error
    from jukidesk.storage.models_history import ChangeLog

    rows = session.execute(
        select(ChangeLog.row_key, ChangeLog.old)
        .where(ChangeLog.table_name == "answer", ChangeLog.action == "delete")
        .order_by(desc(ChangeLog.id))
        .limit(200)
    )
    for row_key, old in rows:
        try:
            values = json.loads(old or "{}")
        except ValueError:
            continue
        if str(values.get("checklist_id")) == str(checklist.id) and str(values.get("item_id")) == str(item_id):
            return conflict_error(session.connection(), "answer", row_key, label)
    return ConflictError(f"{label} は、ほかの担当者が同時に変更しました。画面を更新してください。変更は保存していません。")


def set_cover(session: Session, checklist: Checklist, filled_by: str, filled_on: dt.date | None) -> bool:
    """記入者 and 記入日. Returns whether anything changed."""
    filled_by = (filled_by or "").strip()
    if len(filled_by) > 200:
        raise ValidationError("記入者が長すぎます（200文字まで）。")
    if checklist.filled_by == filled_by and checklist.filled_on == filled_on:
        return False
    checklist.filled_by, checklist.filled_on = filled_by, filled_on
    return True


def incomplete_numbers(checklist: Checklist, entries: dict[int, Entry] | None = None) -> list[str]:
    """Applicable items whose entry is missing or lacks its remark. ``entries``: the
    checklist's stored entries by item id when the caller has them (it has just written
    them: the import), instead of loading its answers again."""
    if entries is None:
        entries = {a.item_id: Entry.of(a) for a in checklist.answers}
    return [
        item.number
        for item in applicable_items(checklist.template, checklist.kind)
        if not (entries.get(item.id) and entries[item.id].complete)
    ]


def record_event(session: Session, checklist: Checklist, action: str, note: str = "") -> None:
    session.add(ChecklistEvent(checklist_id=checklist.id, action=action, note=note))


def complete_checklist(
    session: Session, checklist_id: int, note: str = "", *, entries: dict[int, Entry] | None = None
) -> Checklist:
    """Mark a checklist complete (every applicable item's entry complete, else refused).
    ``entries``: its stored entries by item id, from a caller that has just written them
    (``incomplete_numbers``)."""
    checklist = _get(session, checklist_id)
    _refuse_if_complete(checklist)
    missing = incomplete_numbers(checklist, entries)
    if missing:
        shown = "、".join(missing[:10]) + ("ほか" if len(missing) > 10 else "")
        raise ValidationError(
            f"未入力・未確認の項目、または3点未満で備考のない項目が {len(missing)} 件あるため完了にできません（{shown}）。"
        )
    checklist.status = "complete"
    checklist.completed_at = dt.datetime.now().replace(microsecond=0)
    record_event(session, checklist, "complete", note)
    session.flush()
    return checklist


def reopen_checklist(session: Session, checklist_id: int, reason: str = "") -> Checklist:
    """Make a completed checklist editable again; the reopening is recorded with its reason."""
    checklist = _get(session, checklist_id)
    if checklist.status != "complete":
        raise ValidationError("このチェックリストは完了していません。")
    checklist.status = "open"
    checklist.completed_at = None
    record_event(session, checklist, "reopen", reason.strip())
    session.flush()
    return checklist


def checklist_events(session: Session, checklist_id: int) -> list[ChecklistEvent]:
    return list(
        session.scalars(
            select(ChecklistEvent).where(ChecklistEvent.checklist_id == checklist_id).order_by(ChecklistEvent.id)
        )
    )


def _get(session: Session, checklist_id: int) -> Checklist:
    checklist = session.get(Checklist, checklist_id)
    if checklist is None:
        raise ValidationError("指定されたチェックリストが見つかりません（削除された可能性があります）。")
    return checklist


def target_institutions(session: Session, fy: int, kind: str) -> list[Institution]:
    """Who fills a checklist of ``kind`` in ``fy``, in registry order: every institution
    in the registry for self-inspection, the institutions with an audit of that kind
    otherwise (possibly none). The rule is ``core.obligations.checklist_fillers``."""
    _check_kind(kind)
    return checklist_fillers(session, fy, kind)


def target_choices(session: Session, fy: int, kind: str) -> list[tuple[int, str, str, str | None]]:
    """``target_institutions`` as plain rows for a picker, in one query: (institution id,
    code, name, status of its checklist of ``fy`` and ``kind`` or None when there is none)."""
    _check_kind(kind)
    status = (
        select(_CHECKLIST.status)
        .where(_CHECKLIST.fy == fy, _CHECKLIST.kind == kind, _CHECKLIST.institution_id == _INSTITUTION.id)
        .scalar_subquery()
    )
    query = checklist_fillers_query(fy, kind, _INSTITUTION.id, _INSTITUTION.code, _INSTITUTION.name, status)
    return [tuple(row) for row in plain_rows(session, query)]


# ---------------------------------------------------------------------------------------
# Figures for a year and kind: progress per institution, per-category averages, items under 3


@dataclass(frozen=True)
class InstitutionProgress:
    institution_id: int
    code: str
    name: str
    status: str  # 'none' (not started), 'open', 'complete'
    answered: int
    total: int
    score: Fraction | None
    missing_remarks: int = 0  # of ``answered``: scores under 3 without their remark (備考なし)


def year_progress(session: Session, fy: int, kind: str, institution_ids: list[int]) -> list[InstitutionProgress]:
    """Progress of each listed institution (in the given order)."""
    result = []
    for institution_id in institution_ids:
        sheet = load_sheet(session, fy, kind, institution_id)
        status = sheet.status if sheet.checklist_id else "none"
        result.append(
            InstitutionProgress(
                institution_id, sheet.institution_code, sheet.institution_name, status,
                sheet.answered, sheet.total, sheet.score, sheet.missing_remarks,
            )
        )
    return result


def _completed(session: Session, fy: int, kind: str) -> list[Checklist]:
    return list(
        session.scalars(
            select(Checklist)
            .join(Institution, Institution.id == Checklist.institution_id)
            .where(Checklist.fy == fy, Checklist.kind == kind, Checklist.status == "complete")
            .order_by(Institution.sort_order, Institution.id)
            .options(selectinload(Checklist.answers).selectinload(Answer.item).selectinload(TemplateItem.category))
        )
    )


@dataclass(frozen=True)
class CategoryAverage:
    code: str
    name: str
    average: Fraction | None  # mean of the institutions' category scores, each weighing the same
    institutions: int  # completed checklists with at least one scored item in the category


def checklist_category_scores(checklist: Checklist) -> dict[tuple[str, str], Fraction]:
    """{(category code, name): mean of the applicable scores in that category}."""
    by_category: dict[tuple[str, str], list[int | None]] = defaultdict(list)
    for answer in checklist.answers:
        by_category[(answer.item.category.code, answer.item.category.name)].append(answer.score)
    scores = {key: checklist_score(values) for key, values in by_category.items()}
    return {key: value for key, value in scores.items() if value is not None}


def category_averages(session: Session, fy: int, kind: str) -> list[CategoryAverage]:
    """Per-category averages over the completed checklists of a year and kind, in template order."""
    per_category: dict[tuple[str, str], list[Fraction]] = defaultdict(list)
    order: dict[tuple[str, str], int] = {}
    for checklist in _completed(session, fy, kind):
        for item in checklist.template.items:
            order.setdefault((item.category.code, item.category.name), item.category.position)
        for key, score in checklist_category_scores(checklist).items():
            per_category[key].append(score)
    return [
        CategoryAverage(code, name, mean(per_category.get((code, name), [])), len(per_category.get((code, name), [])))
        for (code, name) in sorted(order, key=lambda key: order[key])
    ]


@dataclass(frozen=True)
class LowScore:
    institution_code: str
    institution_name: str
    number: str
    text: str
    category_name: str
    important: bool
    score: int
    remark: str


def items_under_three(session: Session, fy: int, kind: str) -> list[LowScore]:
    """Every item scored under 3 in the completed checklists of a year and kind."""
    result = []
    for checklist in _completed(session, fy, kind):
        answers = sorted(checklist.answers, key=lambda a: a.item.position)
        for answer in answers:
            if is_low(answer.score):
                result.append(
                    LowScore(
                        checklist.institution.code,
                        checklist.institution.report_name,
                        answer.item.number,
                        answer.item.text,
                        answer.item.category.name,
                        answer.item.important,
                        answer.score,
                        answer.remark,
                    )
                )
    return result

