"""Year events: what leaves no trace in the data (the workbooks sent out, 資料2 made),
recorded with the change-log position it was made at, so "changed since" is exact
(``core.year_progress.changed_since``).

Apart from ``core.year_workflow`` (which re-exports ``record_event``) so that making a paper
(``actions.papers``, ``jukidesk report shiryo2``) does not import the planner, the scheduler
and the whole year's steps only to record that it was made. Qt-free.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from jukidesk.storage.models import YEAR_EVENT_ACTIONS, YearEvent


def change_position(session: Session) -> int:
    """The newest ``change_log.id`` (0 without any history), changes of this transaction
    included: a change with a higher id came after."""
    from jukidesk.storage.models_history import ChangeLog

    session.flush()  # this transaction's changes get their change_log rows first
    return session.scalar(select(func.coalesce(func.max(ChangeLog.__table__.c.id), 0)))


def record_event(session: Session, fy: int, action: str, *, count: int = 0, detail: str = "") -> int:
    """Record a year event with the change-log position it was made at (``change_id``);
    returns its id. Written as a row of the table (Core): a year event is itself a log, not
    in the change history (storage.history), and a paper made in a fresh process (``jukidesk
    report shiryo2``) then builds no ORM object at all."""
    if action not in YEAR_EVENT_ACTIONS:
        raise ValueError(action)
    values = {"fy": fy, "action": action, "count": count, "detail": detail, "change_id": change_position(session)}
    return session.execute(insert(YearEvent.__table__).values(values)).inserted_primary_key[0]
