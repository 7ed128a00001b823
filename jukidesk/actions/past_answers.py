"""Past answers per item (過去の回答): import from the organisation's own long table.

``import_answers(db, path, dry_run=…)`` parses the file (``exchange.answers_io``), checks
it against the data (``core.past_answers.plan_answers``) and — unless it is a dry run —
stores every checklist in one transaction after a backup (``before-import``). Any problem
refuses the whole file, naming file, row and column; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, outcome, read, today, write
from jukidesk.core import past_answers as core_answers
from jukidesk.core.settings import year_style
from jukidesk.exchange import answers_io
from jukidesk.storage.database import Database

CHANGES = (Area.CHECKLISTS, Area.AUDITS, Area.YEAR)


@dataclass(frozen=True)
class AnswersImport:
    plan: core_answers.PastAnswersPlan
    lines: tuple[str, ...]  # the preview: one line per year and kind (Japanese)
    written: int  # answers stored (0 for a dry run)
    dry_run: bool

    @property
    def checklists(self) -> int:
        return len(self.plan.checklists)

    @property
    def answers(self) -> int:
        return self.plan.answer_count


def import_answers(db: Database, path: Path | str, *, dry_run: bool = False) -> Outcome[AnswersImport]:
    parsed = answers_io.read_answers(path)  # parsing problems refuse the file before anything else

    def preview(session: Session) -> AnswersImport:
        plan = core_answers.plan_answers(session, parsed, today=today(session))
        style = year_style(session)
        return AnswersImport(plan, tuple(plan.lines(style.short_western)), 0, True)

    if dry_run:
        return outcome(read(db, preview))

    def work(session: Session) -> AnswersImport:
        planned = preview(session)
        written = core_answers.apply_answers(session, planned.plan)
        return AnswersImport(planned.plan, planned.lines, written, False)

    return write(db, CHANGES, work, backup="before-import")


def is_answers_file(path: Path | str) -> bool:
    """Whether ``path`` is a table of answers per item (項目番号 and 評価 among its headers)
    rather than yearly results (``actions.past_results``): the first-day walk takes either."""
    from jukidesk.base.errors import ValidationError
    from jukidesk.exchange.tabular import read_table

    try:
        read_table(path, answers_io.COLUMNS, required=answers_io.REQUIRED, unknown="ignore")
    except ValidationError:
        return False
    return True
