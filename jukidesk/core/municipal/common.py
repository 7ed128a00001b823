"""Small helpers shared by the municipal topic modules."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from jukidesk.core.settings import get_setting


def setting_lines(session: Session, key: str) -> list[str]:
    """A multiline setting as its non-empty lines (roster roles, standing agenda)."""
    return [line.strip() for line in str(get_setting(session, key)).splitlines() if line.strip()]


def reference_date(session: Session, today: dt.date | None = None) -> dt.date:
    """The day warnings are computed for: ``today`` if given, else the organisation's
    ``reference_date`` setting (the demo fixes one), else the real today."""
    if today is not None:
        return today
    text = str(get_setting(session, "reference_date") or "").strip()
    return dt.date.fromisoformat(text) if text else dt.date.today()
