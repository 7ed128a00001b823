"""The organisation's settings (設定 → 組織の設定)."""

from __future__ import annotations

from typing import Any

from jukidesk.actions.base import Area, Outcome, write
from jukidesk.core import settings as core_settings
from jukidesk.storage.database import Database


def save_settings(db: Database, values: dict[str, Any], *, seen: dict[str, Any] | None = None) -> Outcome[dict[str, Any]]:
    """Store ``values`` (only the settings changed), all or none: every value is checked
    first (``ValidationError`` naming the setting). ``seen``: what the dialog showed of them —
    one changed by another clerk since is refused (``ConflictError``). Returns what was
    stored; nothing to store changes nothing (no transaction, no area)."""
    values = dict(values)
    if not values:
        return Outcome(values)

    def work(session) -> dict[str, Any]:
        core_settings.save_settings(session, values, seen=seen)
        return values

    return write(db, (Area.SETTINGS,), work)
