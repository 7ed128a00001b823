"""The institution registry (機関台帳): add, edit, retire, reorder — the registry tab and its
dialogs. Every action reports ``Area.REGISTRY``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, write
from jukidesk.core import registry as core_registry
from jukidesk.core.registry import InstitutionData
from jukidesk.storage.database import Database

CHANGES = (Area.REGISTRY,)


def save_institution(db: Database, data: InstitutionData, *, institution_id: int | None = None) -> Outcome[int]:
    """Add an institution (``institution_id`` None; it goes to the end of the registry) or
    update one; returns its id. A broken rule raises ``ValidationError`` naming the field."""

    def work(session: Session) -> int:
        if institution_id is None:
            return core_registry.add_institution(session, data).id
        return core_registry.update_institution(session, institution_id, data).id

    return write(db, CHANGES, work)


def retire_institution(db: Database, institution_id: int, last_fy: int) -> Outcome[int]:
    """Keep the institution in the registry up to ``last_fy`` (its records stay)."""
    return write(db, CHANGES, lambda session: core_registry.retire_institution(session, institution_id, last_fy).id)


def move_institution(db: Database, institution_id: int, offset: int) -> Outcome[None]:
    """Move an institution ``offset`` places in registry order (negative = up)."""
    return write(db, CHANGES, lambda session: core_registry.move_institution(session, institution_id, offset))
