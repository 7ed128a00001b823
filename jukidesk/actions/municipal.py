"""The city's records (市町村の運用): adding, editing and deleting a record of any municipal
kind, entering a daily or monthly inspection sheet, a new version of an item sheet, and
importing a training completion list.

Every action writes in one transaction and changes ``Area.MUNICIPAL`` only. The completion
import takes a "before-import" generation of the file first, once the file has been read
and found correct: a refused file leaves neither rows nor a backup.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, read, write
from jukidesk.actions.base import today as organisation_today
from jukidesk.base.progress import Progress, report
from jukidesk.core.municipal import inspections, records
from jukidesk.core.municipal.kinds import RECORD_KINDS
from jukidesk.core.municipal.records import Context, RecordKind
from jukidesk.storage.database import Database

if TYPE_CHECKING:
    from jukidesk.exchange.completion_xlsx import CompletionImport

CHANGES = (Area.MUNICIPAL,)


def _kind(kind: RecordKind | str) -> RecordKind:
    return RECORD_KINDS[kind] if isinstance(kind, str) else kind


# ---------------------------------------------------------------- records of any kind


def add_record(db: Database, kind: RecordKind | str, values: dict, ctx: Context) -> Outcome[int]:
    """A new record of ``kind`` from ``values`` (form or typed text), through the kind's
    checks; the value is the new record's id. A broken rule raises ``ValidationError``
    and nothing is stored."""
    kind = _kind(kind)
    return write(db, CHANGES, lambda session: records.add_record(session, kind, values, ctx).id)


def update_record(db: Database, kind: RecordKind | str, record_id: int, values: dict, ctx: Context) -> Outcome[int]:
    """Record ``record_id`` of ``kind`` changed to ``values``, through the same checks."""
    kind = _kind(kind)
    return write(db, CHANGES, lambda session: records.update_record(session, kind, record_id, values, ctx).id)


def save_record(db: Database, kind: RecordKind | str, values: dict, ctx: Context, *, record_id: int | None = None) -> Outcome[int]:
    """What the record dialog's OK does: add (``record_id`` None) or update."""
    if record_id is None:
        return add_record(db, kind, values, ctx)
    return update_record(db, kind, record_id, values, ctx)


def record_warnings(
    db: Database, kind: RecordKind | str, values: dict, ctx: Context, *, record_id: int | None = None
) -> list[str]:
    """What saving ``values`` would ask the clerk to confirm (nothing is stored); raises
    ``ValidationError`` when the values would be refused."""
    kind = _kind(kind)
    return read(db, lambda session: records.entry_warnings(session, kind, values, ctx, record_id))


def delete_record(db: Database, kind: RecordKind | str, record_id: int) -> Outcome[None]:
    """Delete record ``record_id`` of ``kind`` (refused while other records refer to it)."""
    kind = _kind(kind)
    return write(db, CHANGES, lambda session: records.delete_record(session, kind, record_id))


# ---------------------------------------------------------------- inspections


def save_inspection(
    db: Database, entry: inspections.InspectionEntry, *, record_id: int | None = None, today: dt.date | None = None
) -> Outcome[int]:
    """Store one daily or monthly sheet (a new one, or ``record_id`` replaced). A day after
    the organisation's reference date (``today`` if given) is refused."""

    def work(session: Session) -> int:
        day = organisation_today(session, today)
        return inspections.record_inspection(session, entry, record_id=record_id, today=day).id

    return write(db, CHANGES, work)


def save_inspection_items(db: Database, kind: str, items: list[str], valid_from: dt.date | None) -> Outcome[int]:
    """The kind's item sheet as a new version in force from ``valid_from``; the value is
    the new version's number."""
    return write(db, CHANGES, lambda session: inspections.save_template(session, kind, items, valid_from).version)


# ---------------------------------------------------------------- training completions


def import_completions(db: Database, path: Path | str, fy: int, *, progress: Progress | None = None) -> Outcome[CompletionImport]:
    """Read a 受講完了者リスト and store its completions for fiscal year ``fy`` — all rows, or
    none when any row is wrong (``CompletionImportError`` naming every cell). The file is
    checked first; only a correct one is backed up ("before-import") and then stored, in
    one transaction that checks it again against the data as it then is."""
    from jukidesk.exchange import completion_xlsx  # openpyxl: loaded when a list is imported

    path = Path(path)
    report(progress, 0, 2, "確認")
    read(db, lambda session: completion_xlsx.read_completions(session, path, fy))
    report(progress, 1, 2, "取り込み")
    result = write(
        db, CHANGES, lambda session: completion_xlsx.import_completions(session, path, fy), backup="before-import"
    )
    report(progress, 2, 2, "")
    return result


def is_own_completion_list(path: Path | str) -> bool:
    """An .xlsx with jukidesk's own 受講完了者リスト header (職員番号・氏名・研修名・受講完了日)
    on one of its sheets; anything else is read by its headers (``exchange.completion_table``)."""
    from jukidesk.exchange import completion_xlsx

    return completion_xlsx.has_own_header(path)


def preview_completion_list(db: Database, path: Path | str, fy: int, *, course: str | None = None):
    """What importing another system's list (an e-learning CSV) would store: the column
    mapping, the rows per course, new / corrected / unchanged and the rows skipped as not
    finished (``exchange.completion_table.CompletionList``). Raises
    ``CompletionImportError`` naming every problem; writes nothing."""
    from jukidesk.exchange import completion_table

    return read(db, lambda session: completion_table.read_completion_list(session, path, fy, course_title=course))


def import_completion_list(db: Database, path: Path | str, fy: int, *, course: str | None = None) -> Outcome[CompletionImport]:
    """Store another system's list (an e-learning CSV): all rows, or none when any row is
    wrong. Checked first, then backed up ("before-import") and stored in one transaction
    that reads it again against the data as it then is."""
    from jukidesk.exchange import completion_table

    preview_completion_list(db, path, fy, course=course)

    def work(session: Session) -> CompletionImport:
        listed = completion_table.read_completion_list(session, path, fy, course_title=course)
        return completion_table.store_completions(session, listed)

    return write(db, CHANGES, work, backup="before-import")
