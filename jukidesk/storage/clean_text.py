"""Every text stored is free of control characters, whatever door it came through (a dialog,
a pasted cell, an imported workbook or CSV): removed once, here, as rows are flushed, so no
export can later fail on them (an xlsx cannot hold them) and no comparison is fooled."""

from __future__ import annotations

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from jukidesk.base.text import without_control_characters


def _clean(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for column in mapper.columns:
            if not isinstance(column.type, String):  # Text is a String too
                continue
            key = mapper.get_property_by_column(column).key
            value = obj.__dict__.get(key)
            if isinstance(value, str):
                cleaned = without_control_characters(value)
                if cleaned != value:
                    setattr(obj, key, cleaned)


def install(sessions) -> None:
    # Before the history's own before_flush, which snapshots the values it records.
    event.listen(sessions, "before_flush", _clean, insert=True)
