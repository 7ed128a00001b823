"""The clerk's year (今年度の進捗 and ``jukidesk year``): one action per write.

- ``prepare_year`` 年度更新 (``dry_run``: what it would do, nothing stored); a generation
  ``before-bulk`` first when the cycle's plan will be applied or its audits dated with it;
- ``apply_year_plan``: the rotation planner's proposal for the cycle, its new audits dated
  (``core.scheduler``), after a ``before-bulk`` generation;
- ``schedule_audits``: the proposed schedule for the audits still undated;
- ``export_workbooks``: the self-inspection workbooks written out, recorded as sent;
- ``import_workbooks``: returned workbooks from files and folders — checked first, every
  valid one written in one transaction after a ``before-import`` generation (none when
  nothing would be written), the rejected ones listed with their reasons;
- ``mark_audits_done``: 実施済 for the audits whose day came and whose checklist is complete,
  as of the organisation's reference date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, outcome, read, today, write
from jukidesk.base.progress import Progress
from jukidesk.storage.database import Database

if TYPE_CHECKING:
    from jukidesk.core import year_workflow
    from jukidesk.exchange.distribution import FolderImport

# exchange.distribution (openpyxl) is imported when a workbook is written or read, not when
# the GUI starts; core.year_workflow (the planner, the scheduler and jpholiday with it) when a
# button of the year is pressed, not when the home tab shows where the year stands.


def prepare_year(db: Database, fy: int, *, dry_run: bool = False) -> Outcome[year_workflow.YearPreparation]:
    """年度更新 for ``fy``: the year's checklists, and the cycle's plan when it has none.
    ``dry_run``: what it would do (nothing is stored)."""
    from jukidesk.core import year_workflow  # on the click: the planner and scheduler are not loaded at start

    if dry_run:

        def preview(session: Session) -> year_workflow.YearPreparation:
            try:
                return year_workflow.prepare_year(session, fy, dry_run=True)
            finally:
                session.rollback()

        return outcome(read(db, preview))
    plans = read(db, lambda session: year_workflow.changes_plan(session, fy))
    result = write(db, [], lambda session: year_workflow.prepare_year(session, fy), backup="before-bulk" if plans else None)
    done = result.value
    changes = {Area.CHECKLISTS} if done.changed else set()
    if done.plan_added or done.scheduled:
        changes.add(Area.AUDITS)
    if done.training_carried or done.survey_started:
        changes.add(Area.MUNICIPAL)
    return Outcome(done, frozenset(changes), result.backup)


def apply_year_plan(db: Database, fy: int) -> Outcome[year_workflow.YearPlanResult]:
    """The planner's proposal for the cycle of ``fy`` applied (planned audits kept, missing
    ones added, the new audits' checklists created when the year is prepared)."""
    from jukidesk.core import year_workflow  # on the click: the planner and scheduler are not loaded at start

    return write(
        db, [Area.AUDITS, Area.CHECKLISTS], lambda session: year_workflow.apply_year_plan(session, fy), backup="before-bulk"
    )


def schedule_audits(db: Database, fy: int) -> Outcome:
    """日程の案: the undated 予定 audits of ``fy``'s cycle (from ``fy`` on) get the proposed
    date, time, auditors, method and place; returns the ``core.scheduler.Schedule``."""
    from jukidesk.core import year_workflow  # on the click: the planner and scheduler are not loaded at start

    return write(db, [Area.AUDITS], lambda session: year_workflow.schedule_year(session, fy))


def export_workbooks(
    db: Database, fy: int, folder: Path | str, *, progress: Progress | None = None
) -> Outcome[list[Path]]:
    """Every institution's self-inspection workbook of ``fy`` into ``folder``, recorded as
    sent out (step 自己点検の配布)."""
    from jukidesk.exchange import distribution

    return write(
        db, [Area.YEAR], lambda session: distribution.distribute_workbooks(session, fy, Path(folder), progress=progress)
    )


def import_workbooks(
    db: Database, paths: list[Path | str], *, fy: int | None = None, progress: Progress | None = None
) -> Outcome[FolderImport]:
    """Returned workbooks (folders and/or files): every valid one imported in one
    transaction, the others rejected with their reasons, a file imported before skipped."""
    from jukidesk.exchange import distribution

    check = read(db, lambda session: distribution.check_returned(session, paths, fy=fy, progress=progress))
    if not check.writes:
        return outcome(read(db, lambda session: distribution.apply_returned(session, check)))
    return write(
        db, [Area.CHECKLISTS], lambda session: distribution.apply_returned(session, check), backup="before-import"
    )


def mark_audits_done(db: Database, fy: int, *, on: dt.date | None = None) -> Outcome[list[str]]:
    """通知済 → 実施済 for the audits of ``fy`` ready for it as of ``on`` (default: the
    reference date); their findings are created from the checklists. Returns the names."""
    from jukidesk.core import year_workflow  # on the click: the planner and scheduler are not loaded at start

    return write(db, [Area.AUDITS], lambda session: year_workflow.mark_done(session, fy, today(session, on)))
