"""What every action shares.

An action is a plain function ``act(db: Database, …) -> Outcome``. It

- owns its transaction: ``write(db, areas, work)`` runs ``work(session)`` in ONE
  transaction (all or nothing) and returns an ``Outcome``;
- takes the backup where one is due BEFORE the transaction (``backup="before-import"``),
  through the storage adapter, so a server database later only changes that adapter; a
  write that fails removes the generation it took (nothing changed);
- refuses a damaged file (``Database.ensure_sound``) before anything else;
- uses the organisation's reference date (``today(session)``), never the PC clock directly;
- says what it changed (``Outcome.changes``, a set of ``Area``), so the GUI refreshes
  exactly the tabs concerned (as Anki's ``OpChanges``).

Reads go through ``read(db, work)``: a session without a transaction of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from jukidesk.core.settings import reference_date
from jukidesk.storage.database import Database

T = TypeVar("T")


class Area(StrEnum):
    """The parts of the data a change may touch; the GUI maps them to tabs. The values are
    the names tabs have always listened for on ``AppContext.data_changed``."""

    REGISTRY = "institution"
    SETTINGS = "settings"
    TEMPLATES = "template"
    CHECKLISTS = "checklist"
    AUDITS = "audit"  # audits, their findings and follow-ups
    EVIDENCE = "evidence"
    YEAR = "year"  # year events: workbooks sent out, 資料2 generated
    NOTES = "notes"  # the year's notes for 資料2
    PAPERS = "issued"  # issued (kept) versions of papers
    MUNICIPAL = "municipal"
    BACKUPS = "backups"


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """An action's result: its ``value``, the areas it changed and the backup it took."""

    value: T
    changes: frozenset[Area] = field(default_factory=frozenset)
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def outcome(value: T, changes: Iterable[Area] = (), backup: Path | None = None) -> Outcome[T]:
    return Outcome(value, frozenset(changes), backup)


def write(
    db: Database,
    changes: Iterable[Area],
    work: Callable[[Session], T],
    *,
    backup: str | None = None,
) -> Outcome[T]:
    """Run ``work(session)`` in one transaction; ``backup`` (a reason code such as
    ``"before-import"``) takes a generation of the file first, outside the transaction."""
    db.ensure_sound()  # a damaged file takes no writes (checked once per open file)
    taken = db.backup(backup) if backup else None
    try:
        with db.transaction() as session:
            value = work(session)
    except BaseException:
        # Nothing was written: the generation equals the file as it still is. Keeping it
        # would let a few refused imports prune the clerk's older backups away.
        if taken is not None:
            taken.unlink(missing_ok=True)
        raise
    return Outcome(value, frozenset(changes), taken)


def read(db: Database, work: Callable[[Session], T]) -> T:
    """``work(session)`` on a read-only session (nothing is committed)."""
    with db.session() as session:
        return work(session)


def today(session: Session, given: dt.date | None = None) -> dt.date:
    """The day actions count from: ``given``, else the organisation's 基準日, else the clock."""
    return reference_date(session, given)


def today_of(db: Database, given: dt.date | None = None) -> dt.date:
    if given is not None:
        return given
    return read(db, reference_date)
