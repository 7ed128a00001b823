"""The institution registry (機関台帳): add, edit, retire, reorder — the registry tab and its
dialogs. Every action reports ``Area.REGISTRY``; adding, editing and retiring also bring
the stored audit plan in line with the registry (``core.planner.follow_registry``) in the
same transaction and report ``Area.AUDITS`` when an audit was removed, added or moved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, read, today, write
from jukidesk.core import registry as core_registry
from jukidesk.core.registry import InstitutionData, InstitutionRow
from jukidesk.storage.database import Database
from jukidesk.storage.models import Institution

if TYPE_CHECKING:
    from jukidesk.core.planner import PlanUpdate

CHANGES = (Area.REGISTRY,)
_PLAN_FIELDS = ("kind", "has_terminal", "valid_from_fy", "valid_until_fy")


@dataclass(frozen=True)
class RegistrySaved:
    """An institution saved or retired, and what that did to the audit plan."""

    id: int
    plan: PlanUpdate = field(default_factory=lambda: _planner().PlanUpdate())

    def lines(self) -> list[str]:
        """What moved in the plan (Japanese, one line each; empty when nothing did)."""
        return self.plan.lines()


def _planner():
    """``core.planner``, imported when a change needs it: reading the registry (the tab's
    first show) does not pay for the planner's import."""
    from jukidesk.core import planner

    return planner


def registry_rows(db: Database) -> list[InstitutionRow]:
    """The registry as plain rows in registry order (the 機関台帳 tab reads it on the worker)."""
    return read(db, core_registry.registry_rows)


def _with_plan(db: Database, work) -> Outcome[RegistrySaved]:
    done = write(db, (Area.REGISTRY, Area.AUDITS), work)
    areas = CHANGES + ((Area.AUDITS,) if done.value.plan.changed else ())
    return Outcome(done.value, frozenset(areas), done.backup)


def save_institution(db: Database, data: InstitutionData, *, institution_id: int | None = None) -> Outcome[RegistrySaved]:
    """Add an institution (``institution_id`` None; it goes to the end of the registry) or
    update one; the value names it (``.id``) and what the plan did: a new 事務利用機関 goes
    into the remaining years of the current cycle's plan when it can, else the next
    cycle's (``.lines()`` says which). A broken rule raises ``ValidationError`` naming the
    field."""

    def work(session: Session) -> RegistrySaved:
        if institution_id is None:
            saved = core_registry.add_institution(session, data)
            place = True
        else:
            before = session.get(Institution, institution_id)
            old = tuple(getattr(before, name) for name in _PLAN_FIELDS) if before is not None else None
            saved = core_registry.update_institution(session, institution_id, data)
            place = old != tuple(getattr(saved, name) for name in _PLAN_FIELDS)
        return RegistrySaved(saved.id, _planner().follow_registry(session, saved.id, today(session), place=place))

    return _with_plan(db, work)


def retire_institution(db: Database, institution_id: int, last_fy: int) -> Outcome[RegistrySaved]:
    """Keep the institution in the registry up to ``last_fy`` (its records stay). Its audits
    after ``last_fy`` not carried out yet (予定・通知済) are removed; when it is still due an
    audit in the current cycle, one goes into a remaining year it is valid in. ``.lines()``
    lists what moved."""

    def work(session: Session) -> RegistrySaved:
        retired = core_registry.retire_institution(session, institution_id, last_fy)
        return RegistrySaved(retired.id, _planner().follow_registry(session, retired.id, today(session)))

    return _with_plan(db, work)


def move_institution(db: Database, institution_id: int, offset: int) -> Outcome[None]:
    """Move an institution ``offset`` places in registry order (negative = up)."""
    return write(db, CHANGES, lambda session: core_registry.move_institution(session, institution_id, offset))
