"""Training completion lists (受講完了者リスト) to and from xlsx.

The list has one row per completion under a header row with 職員番号, 氏名, 研修名 and
受講完了日 (the export writes exactly this, so an exported list can be filled in and read
back). An import is all or nothing: every row is checked against the staff register, the
year's training plan and the completion rules of ``core.municipal.training`` first; if
any row is wrong, nothing is stored and every problem is reported with file, sheet and
cell. A completion already recorded with the same date is left as it is; with another
date it is corrected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.files import atomic_output, readable_name
from jukidesk.base.workbook import new_workbook
from jukidesk.core.municipal.records import Table, parse_date
from jukidesk.core.municipal.training import (
    COMPLETION_HEADERS,
    check_completion,
    completion_table,
    courses_of,
)
from jukidesk.core.settings import year_style
from jukidesk.exchange.municipal_xlsx import write_table
from jukidesk.exchange.problems import Problem
from jukidesk.exchange.safe_xlsx import WorkbookRefused, is_formula, open_workbook
from jukidesk.storage.models_municipal import Staff, TrainingCompletion, TrainingCourse

HEADER_SEARCH_ROWS = 10
MAX_REPORTED = 30


class CompletionImportError(ValidationError):
    """The file was refused; ``problems`` lists every error found (file, sheet, cell)."""

    def __init__(self, problems: list[Problem]):
        shown = [str(p) for p in problems[:MAX_REPORTED]]
        if len(problems) > MAX_REPORTED:
            shown.append(f"…ほか {len(problems) - MAX_REPORTED} 件")
        super().__init__(
            f"受講完了者リストに誤りが {len(problems)} 件あるため、何も取り込んでいません。\n" + "\n".join(shown)
        )
        self.problems = problems


@dataclass
class CompletionImport:
    added: int = 0
    corrected: int = 0
    unchanged: int = 0
    rows: int = 0
    courses: dict[str, int] = field(default_factory=dict)  # course title -> rows read

    def describe(self) -> str:
        return (
            f"{self.rows} 行を読み込みました（新規 {self.added} 件、受講日の訂正 {self.corrected} 件、"
            f"登録済み {self.unchanged} 件）。"
        )


def export_completions(session: Session, fy: int, path: Path | str) -> Path:
    """The year's completion lists, one sheet per course, in the columns the import reads."""
    courses = courses_of(session, fy)
    if not courses:
        raise ValidationError(f"{fy}年度の研修計画に研修がありません。")
    style = year_style(session)
    workbook = new_workbook()
    workbook.remove(workbook.active)
    for number, course in enumerate(courses, 1):
        ws = workbook.create_sheet(f"研修{number}")
        write_table(ws, completion_table(session, course), f"{style.label(fy)}　{course.title}")
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook.save(tmp)
    return path


def blank_list(path: Path | str) -> Path:
    """An empty list to fill in (the header the import looks for)."""
    workbook = new_workbook()
    ws = workbook.active
    ws.title = "受講完了者リスト"
    write_table(ws, Table("受講完了者リスト", list(COMPLETION_HEADERS), [], [], [12, 16, 40, 14]))
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook.save(tmp)
    return path


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_completions(session: Session, path: Path | str, fy: int) -> list[tuple[TrainingCourse, Staff, dt.date]]:
    """The completions ``path`` lists for fiscal year ``fy``, each checked against the staff
    register, the year's plan and the completion rules; raises ``CompletionImportError``
    naming every wrong cell. Writes nothing."""
    path = Path(path)
    name = readable_name(path)
    problems: list[Problem] = []
    try:
        workbook = open_workbook(path)  # refuses non-.xlsx, macros and oversized files
    except WorkbookRefused as exc:
        raise CompletionImportError([Problem(name, str(exc))]) from exc
    try:
        entries = _read(session, workbook, name, fy, problems)
    finally:
        workbook.close()
    if problems:
        raise CompletionImportError(problems)
    return entries


def import_completions(session: Session, path: Path | str, fy: int) -> CompletionImport:
    """Read ``path`` and store its completions for fiscal year ``fy`` — all of them or,
    when any row is wrong, none (raises ``CompletionImportError``). The caller's
    transaction commits; the backup before it is the action's (``actions.municipal``)."""
    return store_entries(session, read_completions(session, path, fy))


def store_entries(session: Session, entries) -> CompletionImport:
    """Store ``(course, staff, day)`` entries read from any completion list (this module's
    own workbook or ``completion_table``'s e-learning CSV): new ones added, a different day
    corrected, the same one left alone."""
    result = CompletionImport(rows=len(entries))
    for course, staff, day in entries:
        existing = session.scalars(
            select(TrainingCompletion).where(
                TrainingCompletion.course_id == course.id, TrainingCompletion.staff_id == staff.id
            )
        ).first()
        result.courses[course.title] = result.courses.get(course.title, 0) + 1
        if existing is None:
            session.add(TrainingCompletion(course_id=course.id, staff_id=staff.id, completed_on=day))
            result.added += 1
        elif existing.completed_on != day:
            existing.completed_on = day
            result.corrected += 1
        else:
            result.unchanged += 1
    session.flush()
    return result


def has_own_header(path: Path | str) -> bool:
    """An .xlsx with this module's header on one of its sheets (an .xlsx that cannot be
    opened counts as one: ``read_completions`` then says why)."""
    if Path(path).suffix.lower() != ".xlsx":
        return False
    try:
        workbook = open_workbook(path)
    except (WorkbookRefused, ValidationError, OSError):
        return True
    try:
        return any(_find_header(ws) is not None for ws in workbook.worksheets)
    finally:
        workbook.close()


def _find_header(ws) -> tuple[int, dict[str, int]] | None:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH_ROWS)):
        columns = {_text(cell.value): cell.column for cell in row if _text(cell.value)}
        if all(header in columns for header in COMPLETION_HEADERS):
            return row[0].row, {h: columns[h] for h in COMPLETION_HEADERS}
    return None


def _read(session: Session, workbook, name: str, fy: int, problems: list[Problem]) -> list:
    staff_by_code = {s.code: s for s in session.scalars(select(Staff))}
    courses = {c.title: c for c in session.scalars(select(TrainingCourse).where(TrainingCourse.fy == fy))}
    if not courses:
        problems.append(Problem(name, f"{fy}年度の研修計画に研修が登録されていません。先に研修計画を登録してください。"))
        return []
    entries = []
    seen: dict[tuple[int, int], str] = {}
    sheets_with_header = 0
    for ws in workbook.worksheets:
        found = _find_header(ws)
        if found is None:
            continue
        sheets_with_header += 1
        header_row, cols = found
        for row in range(header_row + 1, ws.max_row + 1):
            cells = {h: ws.cell(row, col) for h, col in cols.items()}

            def report(header: str, message: str) -> None:
                ref = f"{get_column_letter(cols[header])}{row}"
                problems.append(Problem(name, message, ws.title, ref))

            if all(_text(c.value) == "" for c in cells.values()):
                continue
            formulas = [h for h, c in cells.items() if is_formula(c)]
            for header in formulas:
                report(header, f"「{header}」に数式があります。値を入力してください。")
            if formulas:
                continue
            code = _text(cells["職員番号"].value)
            staff = staff_by_code.get(code)
            if not code:
                report("職員番号", "職員番号が空欄です。")
            elif staff is None:
                report("職員番号", f"職員番号「{code}」の職員は職員名簿にありません。")
            person = _text(cells["氏名"].value)
            if staff is not None and person and person.replace("　", " ") != staff.name:
                report("氏名", f"氏名「{person}」が職員名簿（{code}: {staff.name}）と一致しません。")
            title = _text(cells["研修名"].value)
            course = courses.get(title)
            if not title:
                report("研修名", "研修名が空欄です。")
            elif course is None:
                report("研修名", f"研修「{title}」は{fy}年度の研修計画にありません（{'、'.join(courses)}）。")
            raw_day = cells["受講完了日"].value
            day = None
            try:
                day = parse_date(raw_day, "受講完了日", "completed_on")
                if day is None:
                    report("受講完了日", "受講完了日が空欄です。")
            except ValidationError as exc:
                report("受講完了日", str(exc))
            if staff is None or course is None or day is None:
                continue
            key = (course.id, staff.id)
            ref = f"{get_column_letter(cols['職員番号'])}{row}"
            if key in seen:
                report("職員番号", f"{staff.name}（{code}）の「{title}」が {seen[key]} と重複しています。")
                continue
            seen[key] = f"シート「{ws.title}」セル {ref}"
            existing = session.scalars(
                select(TrainingCompletion.id).where(
                    TrainingCompletion.course_id == course.id, TrainingCompletion.staff_id == staff.id
                )
            ).first()
            try:
                check_completion(session, course, staff, day, exclude_id=existing)
            except ValidationError as exc:
                report("受講完了日", str(exc))
                continue
            entries.append((course, staff, day))
    if sheets_with_header == 0:
        problems.append(Problem(
            name, f"見出し行（{'・'.join(COMPLETION_HEADERS)}）が見つかりません（各シートの{HEADER_SEARCH_ROWS}行目まで探しました）。"
        ))
    elif not entries and not problems:
        problems.append(Problem(name, "受講完了者の行がありません。"))
    return entries
