"""Two clerks changing the same row (a server database, issue 19): never a silent loss.

- ``answer``, ``finding``, ``audit`` and ``setting`` rows carry a version (``version_id_col``,
  migrations 0014 and 0015): an UPDATE or DELETE based on a
  version another clerk has changed in the meantime matches no row; SQLAlchemy raises
  ``StaleDataError`` and ``Database.transaction`` turns it into a ``ConflictError``;
- an action that knows what the clerk saw (``core.checklists.save_answer(…, seen=…)``)
  refuses to overwrite a different stored value the same way;
- two clerks adding the same row at once (the same checklist or answer) hit a unique
  constraint: also a ``ConflictError``.

The message names who changed the row last, and from which computer, as the history
(``change_log``) recorded it.
"""

from __future__ import annotations

from sqlalchemy import desc, event, inspect, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError
from jukidesk.storage.models_history import ChangeLog

AFTER = "画面を更新しました。内容を確かめてから、もう一度入力してください。変更は保存していません。"
# A dialog keeps what the clerk typed (they may want to copy it) instead of refreshing.
REOPEN = "変更は保存していません。入力した内容を控えてからキャンセルで閉じ、開き直して最新の内容を確かめてください。"


class ConflictError(JukideskError):
    """Another clerk changed the row meanwhile (``who``: their user and PC, when known)."""

    def __init__(self, message: str, who: str = ""):
        super().__init__(message)
        self.who = who


def last_change(connection, table: str, row_key: str) -> ChangeLog | None:
    row = connection.execute(
        select(ChangeLog.os_user, ChangeLog.host, ChangeLog.at, ChangeLog.row_label)
        .where(ChangeLog.table_name == table, ChangeLog.row_key == row_key)
        .order_by(desc(ChangeLog.id))
        .limit(1)
    ).first()
    return row


def who_text(change) -> str:
    if change is None:
        return ""
    pc = f"（コンピュータ {change.host}）" if change.host else ""
    return f"{change.os_user}{pc}が {change.at:%Y-%m-%d %H:%M} に"


def row_text(table: str, row_label: str) -> str:
    """「指摘事項「内部監査の指摘 1-2」」: the table's Japanese name (``CHANGE_TABLE_LABELS``) and
    the row as the history labels it."""
    from jukidesk.base.vocabulary import CHANGE_TABLE_LABELS

    name = CHANGE_TABLE_LABELS.get(table, "")
    if name and row_label:
        return f"{name}「{row_label}」"
    return name or row_label or "この行"


def conflict_error(connection, table: str, row_key: str, label: str = "", *, after: str = AFTER) -> ConflictError:
    change = last_change(connection, table, row_key)
    who = who_text(change)
    what = label or row_text(table, change.row_label if change is not None else "")
    if who:
        return ConflictError(f"{what} は、{who}変更しました（ほかの担当者が同時に入力しています）。{after}", who)
    return ConflictError(f"{what} は、ほかの担当者が同時に変更しました。{after}")


def refuse_if_changed(session: Session, row, stored, seen, wanted) -> None:
    """A dialog saving ``row`` as the clerk edited it from what the dialog showed (``seen``;
    ``None``: nothing to compare): when the row now holds something else (``stored``, as
    the dialog would show it) that is neither what was shown nor what this save wants,
    another clerk saved it after the dialog opened — refuse, naming them, rather than
    write over their change (the row version only guards one transaction, not the minutes
    a dialog stays open)."""
    if seen is None or row is None or stored == seen or stored == wanted:
        return
    mapper = inspect(row).mapper
    key = "/".join(str(v) for v in mapper.primary_key_from_instance(row))
    raise conflict_error(session.connection(), mapper.local_table.name, key, after=REOPEN)


# -- remembering which versioned rows a transaction changes -----------------------------------

_KEY = "jukidesk_versioned"


def _before_flush(session: Session, _context, _instances) -> None:
    seen = session.info.setdefault(_KEY, [])
    for obj in list(session.dirty) + list(session.deleted):
        mapper = inspect(obj).mapper
        if mapper.version_id_col is not None:
            key = "/".join(str(v) for v in mapper.primary_key_from_instance(obj))
            seen.append((mapper.local_table.name, key))


def install(sessions) -> None:
    event.listen(sessions, "before_flush", _before_flush)


def stale_error(engine, session: Session | None) -> ConflictError:
    """The ``ConflictError`` for a ``StaleDataError`` of ``session``'s transaction."""
    rows = list(session.info.get(_KEY, [])) if session is not None else []
    with engine.connect() as connection:
        for table, key in reversed(rows):
            error = conflict_error(connection, table, key)
            if error.who:
                return error
    return ConflictError(f"ほかの担当者が同時に同じ内容を変更しました。{AFTER}")
