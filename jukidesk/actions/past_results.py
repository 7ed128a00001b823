"""Past yearly results (過去の実績): import from the organisation's own file, export.

``import_results(db, path, dry_run=…)`` reads the file (``exchange.results_io``), checks
every row against the data (``core.past_results.plan_import``: a year before the first
cycle, a year not yet past, a year and kind that already has answers are refused) and —
unless it is a dry run — stores all rows in one transaction after a backup
(``before-import``). Any problem refuses the whole file, naming file, row and column.
The figures change ``summary``, 資料2 and the charts: the areas reported are the ones
those views listen to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, outcome, read, today, write
from jukidesk.core import past_results as core_past
from jukidesk.core.settings import year_style
from jukidesk.exchange import results_io
from jukidesk.storage.database import Database

CHANGES = (Area.YEAR, Area.CHECKLISTS, Area.AUDITS)


@dataclass(frozen=True)
class ResultsImport:
    plan: core_past.PastImportPlan
    lines: tuple[str, ...]  # the preview, one line per row (Japanese)
    written: int  # rows stored (0 for a dry run)
    dry_run: bool


def import_results(db: Database, path: Path | str, *, dry_run: bool = False) -> Outcome[ResultsImport]:
    path = Path(path)
    rows = results_io.read_results(path)  # parsing problems refuse the file before anything else
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()

    def preview(session: Session) -> ResultsImport:
        plan = core_past.plan_import(session, path.name, rows, today=today(session))
        style = year_style(session)
        return ResultsImport(plan, tuple(plan.lines(style.short_western)), 0, True)

    if dry_run:
        return outcome(read(db, preview))

    def work(session: Session) -> ResultsImport:
        from jukidesk.storage.history import os_user

        planned = preview(session)
        written = core_past.apply_import(session, planned.plan, sha256, by=os_user())
        return ResultsImport(planned.plan, planned.lines, written, False)

    done = write(db, CHANGES, work, backup="before-import")
    return Outcome(done.value, done.changes if done.value.written else frozenset(), done.backup)


def export_results(db: Database, out: Path | str) -> Outcome[int]:
    """Write every imported result to ``out`` (.xlsx or .csv); the value is the row count."""
    rows = read(db, core_past.list_past_results)
    results_io.write_results(out, rows)
    return outcome(len(rows))
