"""Small helpers shared by the municipal topic modules."""

from __future__ import annotations

from sqlalchemy.orm import Session

from jukidesk.core.settings import get_setting


def setting_lines(session: Session, key: str) -> list[str]:
    """A multiline setting as its non-empty lines (roster roles, standing agenda)."""
    return [line.strip() for line in str(get_setting(session, key)).splitlines() if line.strip()]


def is_municipality(session: Session) -> bool:
    """Whether the organisation is a city (setting ``org_kind``): 今年度の進捗 then shows the
    city's own steps (training, drills, inspections, meetings …) instead of 資料2."""
    return str(get_setting(session, "org_kind")).strip() == "市区町村"
