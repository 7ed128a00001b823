"""Small helpers shared by the municipal topic modules."""

from __future__ import annotations

from sqlalchemy.orm import Session

from jukidesk.core.settings import get_setting


def setting_lines(session: Session, key: str) -> list[str]:
    """A multiline setting as its non-empty lines (roster roles, standing agenda)."""
    return [line.strip() for line in str(get_setting(session, key)).splitlines() if line.strip()]
