"""The yearly 調査票: importing the item list, starting a year, answering, the status and the
printable workbook. Writes change ``Area.MUNICIPAL`` in one transaction each."""

from __future__ import annotations

from pathlib import Path

from jukidesk.actions.base import Area, Outcome, read, write
from jukidesk.core.municipal import survey
from jukidesk.storage.database import Database

CHANGES = (Area.MUNICIPAL,)


def import_items(db: Database, path: Path | str, from_fy: int | None = None) -> Outcome[str]:
    """The city's own item list from Excel/CSV, stored as the list in force from ``from_fy``
    (a new version when the current one has answers). A wrong row refuses the whole file;
    only a correct file is backed up first. The value says what was stored."""
    from jukidesk.exchange.survey_xlsx import read_items

    read(db, lambda session: read_items(session, path))  # refuse a wrong file before any backup
    return write(
        db, CHANGES, lambda session: survey.save_template(session, read_items(session, path), from_fy).describe(), backup="before-import"
    )


def load_standard(db: Database, from_fy: int | None = None) -> Outcome[str]:
    """The bundled item list (resources/templates/survey_standard.toml), versioned as an import."""
    definition = survey.standard_definition()
    return write(db, CHANGES, lambda session: survey.save_template(session, definition, from_fy).describe())


def start_year(db: Database, fy: int) -> Outcome[survey.StartResult]:
    return write(db, CHANGES, lambda session: survey.start_year(session, fy))


def answer(db: Database, fy: int, question_id: int, status: str, note: str | None = None) -> Outcome[int]:
    return write(db, CHANGES, lambda session: survey.answer_question(session, fy, question_id, status, note).id)


def answer_by_number(db: Database, fy: int, number: str, status: str, note: str | None = None) -> Outcome[int]:
    def work(session) -> int:
        question = survey.find_question(session, fy, number)
        return survey.answer_question(session, fy, question.id, status, note).id

    return write(db, CHANGES, work)


def export(db: Database, fy: int, path: Path | str, subtitle: str = "") -> Path:
    """The year's 調査票 as a printable A4 workbook (nothing is changed)."""
    from jukidesk.core.settings import year_style
    from jukidesk.exchange.survey_xlsx import write_report

    def work(session) -> Path:
        style = year_style(session)
        report = survey.survey_report(session, fy, lambda year: style.label(year, fullwidth=False))
        return write_report(report, path, subtitle)

    return read(db, work)


def export_items(db: Database, fy: int, path: Path | str) -> Path:
    """The item list in force in ``fy`` with the import's columns (nothing is changed)."""
    from jukidesk.base.errors import ValidationError
    from jukidesk.exchange.survey_xlsx import write_items

    def work(session) -> Path:
        template = survey.template_for_year(session, fy)
        if template is None:
            raise ValidationError(f"{fy}年度に適用する調査票の項目一覧がありません。")
        return write_items(survey.definition_of(template), path)

    return read(db, work)
