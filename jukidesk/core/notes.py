"""Free text of one fiscal year (table ``year_note``): the paragraphs of 資料2's sections for
that year (keys ``overview``, ``method``, ``progress``, ``next_plan``: ``reports.shiryo2.NOTE_KEYS``).

A section's note replaces the section's paragraph template (a setting) in that year only;
a line ``{定型文}`` in the note brings the template's paragraphs in at that place, so a
note can also add to them. Notes take the template's fields (``{対象機関数}`` …), so a count
typed as a field stays right when the registry changes."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.storage.models import YearNote
from jukidesk.storage.plain import plain_rows

NOTE_MAX_LENGTH = 10_000


_NOTE = YearNote.__table__.c
_YEAR_NOTES = select(_NOTE.key, _NOTE.text).where(_NOTE.fy == bindparam("fy"))  # columns, made once


def year_notes(session: Session, fy: int) -> dict[str, str]:
    return dict(plain_rows(session, _YEAR_NOTES, {"fy": fy}).all())


def save_year_notes(session: Session, fy: int, values: dict[str, str]) -> bool:
    """Store the given notes of ``fy`` (in the caller's transaction); an empty text removes
    the note. Returns whether anything changed."""
    changed = False
    for key, text in values.items():
        if not key or len(key) > 100:
            raise ValidationError(f"年度の記述の項目名が正しくありません: {key!r}")
        text = (text or "").rstrip()
        if len(text) > NOTE_MAX_LENGTH:
            raise ValidationError(f"年度の記述が長すぎます（{NOTE_MAX_LENGTH}文字まで）。", key)
        note = session.get(YearNote, (fy, key))
        if not text.strip():
            if note is not None:
                session.delete(note)
                changed = True
        elif note is None:
            session.add(YearNote(fy=fy, key=key, text=text))
            changed = True
        elif note.text != text:
            note.text = text
            changed = True
    session.flush()
    return changed
