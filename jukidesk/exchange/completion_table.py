"""Training completions from another system's list: an e-learning system's CSV (or any
.xlsx / .csv) read by its headers, beside jukidesk's own 受講完了者リスト
(``exchange.completion_xlsx``).

Columns are mapped by header through ``exchange.tabular`` (全角/半角, spaces and common
synonyms do not matter; UTF-8 with or without BOM or CP932, decoded strictly):
職員番号 (ユーザーID, 社員番号 …), 氏名, 所属, 受講日 / 修了日 (完了日, 受講完了日 …) and
optionally 研修名 (コース名, 講座名) and 状態 (ステータス, 受講状況). Every other column of
the export (メールアドレス, 得点 …) is ignored and named in the preview.

* The course: the row's 研修名 when the list has one; otherwise the ``course`` given, else
  the year's only e-learning course (``TrainingCourse.kind == "elearning"``).
* A row whose 状態 says it is not finished (未受講, 受講中, 未修了 …) is skipped and counted
  in the preview; every other row must name a member of staff of the register (and the
  same 氏名, spaces aside) and a date inside the course's year while the person was there
  (``core.municipal.training.check_completion``).
* ``read_completion_list`` only reads and checks (the preview); ``store_completions``
  stores what it read. All or nothing: any wrong row refuses the file
  (``CompletionImportError``, each problem naming file, row and column).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.exchange.completion_xlsx import CompletionImport, CompletionImportError, store_entries
from jukidesk.exchange.problems import Problem
from jukidesk.exchange.tabular import Table, read_table
from jukidesk.storage.models_municipal import Staff, TrainingCompletion, TrainingCourse

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("職員番号", "職員コード", "職員id", "社員番号", "ユーザーid", "ユーザid", "利用者id", "ログインid", "受講者id", "id"),
    "name": ("氏名", "名前", "受講者名", "受講者", "利用者名", "ユーザー名", "ユーザ名", "職員名"),
    "section": ("所属", "所属名", "部署", "部署名", "組織", "組織名", "課名", "所属課"),
    "day": ("受講日", "修了日", "完了日", "受講完了日", "修了日時", "完了日時", "受講完了日時", "受講日時", "修了年月日"),
    "course": ("研修名", "コース名", "講座名", "教材名", "コース", "講座"),
    "status": ("状態", "ステータス", "受講状況", "受講状態", "修了状況", "進捗", "進捗状況"),
}
REQUIRED = ("code", "day")
LABELS = {"code": "職員番号", "name": "氏名", "section": "所属", "day": "受講日", "course": "研修名", "status": "状態"}
NOT_FINISHED = ("受講中", "学習中", "不合格", "途中", "未修了", "未完了", "未受講")
FINISHED = ("修了", "完了", "受講済", "受講済み", "合格", "済", "終了", "done", "completed", "passed")


@dataclass
class CompletionList:
    """What a list holds, read and checked but not stored (the preview)."""

    file_name: str
    mapping: dict[str, str]  # key → the header as written, with its column
    ignored: list[str]
    entries: list[tuple[TrainingCourse, Staff, dt.date]] = field(default_factory=list)
    skipped: int = 0  # rows not finished (a 状態 that says so, or no date)
    added: int = 0
    corrected: int = 0
    unchanged: int = 0

    def lines(self) -> list[str]:
        out = [f"列の対応: {'、'.join(f'{LABELS[k]} ← {v}' for k, v in self.mapping.items())}"]
        if self.ignored:
            out.append(f"使わない列: {'、'.join(self.ignored)}")
        courses: dict[str, int] = {}
        for course, _staff, _day in self.entries:
            courses[course.title] = courses.get(course.title, 0) + 1
        out += [f"研修「{title}」: {count} 名" for title, count in courses.items()]
        out.append(f"新規 {self.added} 件、受講日の訂正 {self.corrected} 件、登録済み {self.unchanged} 件")
        if self.skipped:
            out.append(f"修了していない行（状態が未修了、または受講日が空欄）: {self.skipped} 行は取り込みません")
        return out


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def parse_day(text: str) -> dt.date | None:
    """``2026-05-12``, ``2026/5/12 10:32``, ``2026年5月12日``, ``２０２６/０５/１２`` → a date."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    value = re.split(r"[ T]", value, maxsplit=1)[0]
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value)
    if match is None:
        raise ValueError(text)
    return dt.date(*(int(part) for part in match.groups()))


def is_finished(status: str) -> bool | None:
    """True / False for a status word (修了 / 未受講 …); None when it says neither."""
    word = _key(status)
    if not word:
        return None
    if word.startswith("未") or any(_key(w) in word for w in NOT_FINISHED):
        return False
    if any(_key(w) in word for w in FINISHED):
        return True
    return None


def read_completion_list(session: Session, path: Path | str, fy: int, *, course_title: str | None = None) -> CompletionList:
    """Read and check ``path`` against the staff register and ``fy``'s training plan; raises
    ``CompletionImportError`` naming every problem. Writes nothing."""
    from jukidesk.core.municipal.training import check_completion

    path = Path(path)
    try:
        table = read_table(path, COLUMNS, required=REQUIRED, unknown="ignore")
    except ValidationError as exc:
        raise CompletionImportError([Problem(path.name, str(exc).removeprefix(f"{path.name}: "))]) from exc
    problems: list[Problem] = []

    def report(row, key: str, message: str) -> None:
        problems.append(Problem(table.where(row, key), message))

    courses = {_key(c.title): c for c in session.scalars(select(TrainingCourse).where(TrainingCourse.fy == fy))}
    if not courses:
        raise CompletionImportError([Problem(path.name, f"{fy}年度の研修計画に研修が登録されていません。先に研修計画を登録してください。")])
    fixed = _fixed_course(table, courses, fy, course_title, path.name)
    staff_by_code = {_key(s.code): s for s in session.scalars(select(Staff))}
    result = CompletionList(
        path.name,
        {key: f"「{table.headers[key]}」列（{table.columns[key]} 列）" for key in COLUMNS if table.has(key)},
        table.ignored,
    )
    seen: dict[tuple[int, int], int] = {}
    for row in table.rows:
        if (table.has("status") and is_finished(row["status"]) is False) or (
            not row["day"] and is_finished(row["status"]) is not True
        ):
            result.skipped += 1  # not finished: a 状態 that says so, or no date (and no 修了)
            continue
        code = row["code"]
        staff = staff_by_code.get(_key(code))
        if not code:
            report(row, "code", "職員番号が空欄です。")
        elif staff is None:
            report(row, "code", f"職員番号「{code}」の職員は職員名簿にありません。")
        person = row["name"]
        if staff is not None and person and _key(person) != _key(staff.name):
            report(row, "name", f"氏名「{person}」が職員名簿（{staff.code}: {staff.name}）と一致しません。")
        course = fixed
        if course is None:
            title = row["course"]
            course = courses.get(_key(title))
            if course is None:
                report(row, "course", f"研修「{title or '空欄'}」は{fy}年度の研修計画にありません（{'、'.join(c.title for c in courses.values())}）。")
        day = None
        try:
            day = parse_day(row["day"])
            if day is None:
                report(row, "day", "受講日が空欄です。")
        except ValueError:
            report(row, "day", f"日付として読めません（{row['day']}）。2026-04-01 や 2026/4/1 の形で入力してください。")
        if staff is None or course is None or day is None:
            continue
        if (course.id, staff.id) in seen:
            report(row, "code", f"{staff.name}（{staff.code}）の「{course.title}」が {seen[(course.id, staff.id)]} 行目と重複しています。")
            continue
        seen[(course.id, staff.id)] = row.number
        existing = session.scalars(
            select(TrainingCompletion).where(TrainingCompletion.course_id == course.id, TrainingCompletion.staff_id == staff.id)
        ).first()
        try:
            check_completion(session, course, staff, day, exclude_id=existing.id if existing else None)
        except ValidationError as exc:
            report(row, "day", str(exc))
            continue
        if existing is None:
            result.added += 1
        elif existing.completed_on != day:
            result.corrected += 1
        else:
            result.unchanged += 1
        result.entries.append((course, staff, day))
    if not problems and not result.entries:
        problems.append(Problem(path.name, "取り込む受講完了者の行がありません。"))
    if problems:
        raise CompletionImportError(problems)
    return result


def _fixed_course(table: Table, courses: dict, fy: int, course_title: str | None, name: str):
    """The one course every row is for, or None when the rows name their course."""
    if course_title:
        course = courses.get(_key(course_title))
        if course is None:
            titles = "、".join(c.title for c in courses.values())
            raise CompletionImportError([Problem(name, f"研修「{course_title}」は{fy}年度の研修計画にありません（{titles}）。")])
        return course
    if table.has("course"):
        return None
    elearning = [c for c in courses.values() if c.kind == "elearning"]
    if len(elearning) == 1:
        return elearning[0]
    titles = "、".join(c.title for c in courses.values())
    raise CompletionImportError(
        [Problem(name, f"研修名の列がないため、どの研修の受講かを指定してください（{fy}年度の研修: {titles}）。")]
    )


def store_completions(session: Session, listed: CompletionList) -> CompletionImport:
    """Store what ``read_completion_list`` read (in the caller's transaction)."""
    return store_entries(session, listed.entries)
