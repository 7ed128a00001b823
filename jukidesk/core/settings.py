"""Reading and writing the organisation's settings (declared in ``base.settings_specs``) and
the one rule for "today": the organisation's reference date (基準日) where one is set, the
PC's clock otherwise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import YearStyle
from jukidesk.base.settings_specs import SPEC_BY_KEY, SPECS, SettingSpec, decode, encode, parse_reference_date
from jukidesk.storage.conflicts import refuse_if_changed
from jukidesk.storage.models import Setting
from jukidesk.storage.plain import plain_rows

__all__ = ["SPECS", "SPEC_BY_KEY", "SettingSpec", "get_setting", "load_settings", "reference_date", "save_settings", "year_style"]


# The table's columns (Core), not the entity's: no ORM compile step, no objects to build,
# and a statement made once keeps its cache key (every paper and tab reads the settings).
_SETTING_VALUES = select(Setting.__table__.c.key, Setting.__table__.c.value)


def load_settings(session: Session) -> dict[str, Any]:
    """Every declared setting, stored value or default."""
    values = {spec.key: spec.default for spec in SPECS}
    for key, value in plain_rows(session, _SETTING_VALUES):
        spec = SPEC_BY_KEY.get(key)
        if spec is not None:
            values[key] = decode(spec, value)
    return values


def get_setting(session: Session, key: str) -> Any:
    spec = SPEC_BY_KEY[key]
    row = session.get(Setting, key)
    return spec.default if row is None else decode(spec, row.value)


def save_settings(session: Session, values: dict[str, Any], *, seen: dict[str, Any] | None = None) -> None:
    """Validate every value first, then store them all (one transaction by the caller).
    ``seen``: the values the clerk was shown; a setting another clerk has changed since is
    refused (``ConflictError``) instead of overwritten."""
    encoded = {}
    for key, value in values.items():
        spec = SPEC_BY_KEY.get(key)
        if spec is None:
            raise ValidationError(f"未知の設定項目です: {key}", key)
        encoded[key] = encode(spec, value)
    for key, raw in encoded.items():
        row = session.get(Setting, key)
        if seen is not None and key in seen and row is not None:
            refuse_if_changed(session, row, decode(SPEC_BY_KEY[key], row.value), seen[key], values[key])
        if row is None:
            session.add(Setting(key=key, value=raw))
        else:
            row.value = raw
    session.flush()


def reference_date(session: Session, today: dt.date | None = None) -> dt.date:
    """"Today" for every rule and paper: ``today`` if given, else the organisation's
    ``reference_date`` setting (the demo fixes one), else the PC's date."""
    if today is not None:
        return today
    try:
        fixed = parse_reference_date(get_setting(session, "reference_date"))
    except ValidationError:
        fixed = None  # a value stored before it was checked: fall back to the clock
    return fixed or dt.date.today()


def year_style(session: Session) -> YearStyle:
    """How the organisation writes fiscal years (令和元年度 or 平成31年度, full-width digits)
    and where its cycles start: every year label of the core goes through this."""
    return YearStyle.from_settings(load_settings(session))
