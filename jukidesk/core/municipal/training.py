"""Staff who work with 住基ネット, the yearly training plan (研修計画) and who completed
which course (受講完了者リスト).

Everyone must take the year's required courses every year (the content changes). A
required course's target group (対象者) is the staff in post on its due date (受講期限, the
end of the fiscal year when none is set), plus anyone who completed it before leaving; an
optional course has only those who took it, and no rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_bounds
from jukidesk.base.vocabulary import COURSE_KIND_LABELS
from jukidesk.core.municipal.records import (
    Column,
    Context,
    Field,
    RecordKind,
    Table,
    active_on,
    check_in_fiscal_year,
    check_period,
)
from jukidesk.core.registry import list_institutions
from jukidesk.storage.models_municipal import Staff, TrainingCompletion, TrainingCourse

# ---------------------------------------------------------------- queries


def staff_in_year(session: Session, fy: int) -> list[Staff]:
    """Staff in post at some time in the fiscal year, by 職員番号."""
    first, last = fiscal_year_bounds(fy)
    return list(
        session.scalars(
            select(Staff)
            .where(Staff.starts_on <= last, or_(Staff.ends_on.is_(None), Staff.ends_on >= first))
            .order_by(Staff.code)
        )
    )


def courses_of(session: Session, fy: int) -> list[TrainingCourse]:
    return list(
        session.scalars(
            select(TrainingCourse)
            .where(TrainingCourse.fy == fy)
            .order_by(TrainingCourse.planned_from.is_(None), TrainingCourse.planned_from, TrainingCourse.id)
        )
    )


def course_due(course: TrainingCourse) -> dt.date:
    return course.due_on or fiscal_year_bounds(course.fy)[1]


@dataclass
class CourseStatus:
    course: TrainingCourse
    targets: list[Staff]
    completed: list[TrainingCompletion]
    missing: list[Staff] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.course.id

    @property
    def rate(self) -> Fraction | None:
        """Completed / target group; None for an optional course or an empty group."""
        if not self.course.required or not self.targets:
            return None
        return Fraction(len(self.completed), len(self.targets))


def course_status(session: Session, course: TrainingCourse) -> CourseStatus:
    due = course_due(course)
    completed = completions_of(session, course)
    done_ids = {c.staff_id for c in completed}
    targets = [
        s
        for s in staff_in_year(session, course.fy)
        if s.id in done_ids or (course.required and active_on(s.starts_on, s.ends_on, due))
    ]
    missing = [s for s in targets if s.id not in done_ids]
    return CourseStatus(course, targets, completed, missing)


def training_status(session: Session, fy: int) -> list[CourseStatus]:
    """Each course of the year's plan with its target group, completions and rate."""
    return [course_status(session, course) for course in courses_of(session, fy)]


@dataclass
class NotCompleted:
    staff: Staff
    courses: list[TrainingCourse]

    @property
    def id(self) -> int:
        return self.staff.id


def not_completed(session: Session, fy: int) -> list[NotCompleted]:
    """Staff who have not completed every required course of the year, by 職員番号."""
    missing: dict[int, NotCompleted] = {}
    for status in training_status(session, fy):
        if not status.course.required:
            continue
        for member in status.missing:
            missing.setdefault(member.id, NotCompleted(member, [])).courses.append(status.course)
    return sorted(missing.values(), key=lambda n: n.staff.code)


def not_completed_table(session: Session, fy: int) -> Table:
    rows = not_completed(session, fy)
    return Table(
        "未受講者",
        ["職員番号", "氏名", "所属", "未受講の研修"],
        [[n.staff.code, n.staff.name, n.staff.institution.name, "、".join(c.title for c in n.courses)] for n in rows],
        [n.id for n in rows],
        [10, 14, 22, 40],
    )


def completions_of(session: Session, course: TrainingCourse) -> list[TrainingCompletion]:
    return list(
        session.scalars(
            select(TrainingCompletion)
            .join(Staff)
            .where(TrainingCompletion.course_id == course.id)
            .order_by(Staff.code)
        )
    )


def completion_table(session: Session, course: TrainingCourse) -> Table:
    """The completion list of one course, in the columns the import reads."""
    rows = completions_of(session, course)
    return Table(
        f"受講完了者リスト（{course.title}）",
        list(COMPLETION_HEADERS),
        [[c.staff.code, c.staff.name, course.title, c.completed_on] for c in rows],
        [c.id for c in rows],
        [10, 14, 30, 12],
    )


# The columns of a completion list (export and import use the same).
COMPLETION_HEADERS = ("職員番号", "氏名", "研修名", "受講完了日")


# ---------------------------------------------------------------- staff


def _institution_choices(session: Session, ctx: Context):
    return [(inst.id, inst.name) for inst in list_institutions(session, ctx.fy)]


def _staff_rules(session: Session, values: dict, record, ctx: Context) -> None:
    check_period(values, "starts_on", "ends_on", "着任日", "転出日")
    query = select(Staff).where(Staff.code == values["code"])
    if record is not None:
        query = query.where(Staff.id != record.id)
    other = session.scalars(query).first()
    if other is not None:
        raise ValidationError(f"職員番号「{values['code']}」は既に {other.name} さんに使われています。", "code")


STAFF = RecordKind(
    key="staff",
    label="職員",
    model=Staff,
    fields=(
        Field("code", "職員番号", required=True),
        Field("name", "氏名", required=True),
        Field("institution_id", "所属（本庁の課・地域センター）", "choice", required=True, choices=_institution_choices),
        Field("starts_on", "着任日", "date", required=True, default=lambda s, c: fiscal_year_bounds(c.fy)[0]),
        Field("ends_on", "転出日", "date", help="空欄は在籍中"),
        Field("note", "備考", "multiline"),
    ),
    columns=(
        Column("職員番号", lambda s: s.code, 10),
        Column("氏名", lambda s: s.name, 14),
        Column("所属", lambda s: s.institution.name, 22),
        Column("着任日", lambda s: s.starts_on, 10),
        Column("転出日", lambda s: s.ends_on, 10),
        Column("備考", lambda s: s.note, 20),
    ),
    list_records=lambda session, ctx: staff_in_year(session, ctx.fy),
    rules=_staff_rules,
    record_label=lambda s: f"{s.code} {s.name}",
)


# ---------------------------------------------------------------- courses


def _course_rules(session: Session, values: dict, record, ctx: Context) -> None:
    fy = record.fy if record is not None else ctx.fy
    check_in_fiscal_year(values, "planned_from", "実施予定（開始）", fy, "年度")
    check_in_fiscal_year(values, "planned_until", "実施予定（終了）", fy, "年度")
    check_period(values, "planned_from", "planned_until", "実施予定（開始）", "実施予定（終了）")
    check_period(values, "planned_from", "due_on", "実施予定（開始）", "受講期限")
    query = select(TrainingCourse).where(TrainingCourse.fy == fy, TrainingCourse.title == values["title"])
    if record is not None:
        query = query.where(TrainingCourse.id != record.id)
    if session.scalars(query).first() is not None:
        raise ValidationError(f"研修名「{values['title']}」はこの年度の研修計画に既にあります。", "title")


COURSE = RecordKind(
    key="course",
    label="研修計画",
    model=TrainingCourse,
    fields=(
        Field("kind", "区分", "choice", required=True, choices=lambda s, c: list(COURSE_KIND_LABELS.items())),
        Field("title", "研修名", required=True),
        Field("planned_from", "実施予定（開始）", "date"),
        Field("planned_until", "実施予定（終了）", "date", help="1日だけの研修は空欄"),
        Field("due_on", "受講期限", "date", help="空欄は年度末"),
        Field("required", "全員必須", "bool", default=lambda s, c: True),
        Field("note", "備考", "multiline"),
    ),
    columns=(
        Column("区分", lambda st: COURSE_KIND_LABELS[st.course.kind], 13),
        Column("研修名", lambda st: st.course.title, 40),
        Column("実施予定", lambda st: st.course.planned_from, 10),
        Column("終了", lambda st: st.course.planned_until, 10),
        Column("受講期限", lambda st: course_due(st.course), 10),
        Column("必須", lambda st: st.course.required, 5),
        Column("対象者", lambda st: len(st.targets), 7),
        Column("受講済", lambda st: len(st.completed), 7),
        Column("受講率", lambda st: st.rate, 8),
    ),
    list_records=lambda session, ctx: training_status(session, ctx.fy),
    rules=_course_rules,
    derive=lambda session, values, record, ctx: {"fy": ctx.fy} if record is None else {},
    record_label=lambda c: c.title,
)


# ---------------------------------------------------------------- completions


def _course_of(session: Session, record, ctx: Context) -> TrainingCourse | None:
    course_id = record.course_id if record is not None else ctx.parent_id
    return session.get(TrainingCourse, course_id) if course_id is not None else None


def _completion_staff_choices(session: Session, ctx: Context):
    course = session.get(TrainingCourse, ctx.parent_id) if ctx.parent_id else None
    fy = course.fy if course is not None else ctx.fy
    return [(s.id, f"{s.code} {s.name}（{s.institution.name}）") for s in staff_in_year(session, fy)]


def check_completion(session: Session, course: TrainingCourse, staff: Staff, day: dt.date, *, exclude_id=None) -> None:
    """The one rule set for a completion, used by the form and by the xlsx import."""
    first, last = fiscal_year_bounds(course.fy)
    if not first <= day <= last:
        raise ValidationError(
            f"受講完了日 {day.isoformat()} が研修「{course.title}」の年度（{first.isoformat()}～{last.isoformat()}）の外です。",
            "completed_on",
        )
    if day < staff.starts_on or (staff.ends_on is not None and day > staff.ends_on):
        raise ValidationError(
            f"受講完了日 {day.isoformat()} に {staff.name} さん（{staff.code}）は在籍していません。", "completed_on"
        )
    query = select(TrainingCompletion).where(
        TrainingCompletion.course_id == course.id, TrainingCompletion.staff_id == staff.id
    )
    if exclude_id is not None:
        query = query.where(TrainingCompletion.id != exclude_id)
    if session.scalars(query).first() is not None:
        raise ValidationError(f"{staff.name} さん（{staff.code}）の「{course.title}」の受講は既に記録されています。", "staff_id")


def _completion_rules(session: Session, values: dict, record, ctx: Context) -> None:
    course = _course_of(session, record, ctx)
    if course is None:
        raise ValidationError("先に研修を選んでください。")
    staff = session.get(Staff, values["staff_id"])
    check_completion(session, course, staff, values["completed_on"], exclude_id=record.id if record else None)


def _completions(session: Session, ctx: Context) -> list[TrainingCompletion]:
    course = session.get(TrainingCourse, ctx.parent_id) if ctx.parent_id is not None else None
    return completions_of(session, course) if course is not None else []


COMPLETION = RecordKind(
    key="completion",
    label="受講完了者",
    model=TrainingCompletion,
    fields=(
        Field("staff_id", "職員", "choice", required=True, choices=_completion_staff_choices),
        Field("completed_on", "受講完了日", "date", required=True, default=lambda s, c: c.as_of),
    ),
    columns=(
        Column("職員番号", lambda c: c.staff.code, 10),
        Column("氏名", lambda c: c.staff.name, 14),
        Column("所属", lambda c: c.staff.institution.name, 22),
        Column("受講完了日", lambda c: c.completed_on, 10),
    ),
    list_records=_completions,
    rules=_completion_rules,
    parent_attr="course_id",
    parent_label="研修",
    record_label=lambda c: f"{c.staff.name} {c.completed_on}",
)


# ---------------------------------------------------------------- carry-over (年度更新)


def _next_year(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def carry_training_plan(session: Session, fy: int, *, dry_run: bool = False) -> int:
    """年度更新: when ``fy`` has no training plan yet, the courses of ``fy - 1`` (kind,
    title, required or not, note, dates one year later) become its plan — every year's
    courses must be retaken. Returns the number of courses carried (0 when the year
    already has a plan or the previous year none); completions are not carried."""
    if courses_of(session, fy):
        return 0
    previous = courses_of(session, fy - 1)
    if not dry_run:
        for course in previous:
            session.add(TrainingCourse(
                fy=fy, kind=course.kind, title=course.title, required=course.required, note=course.note,
                planned_from=_next_year(course.planned_from), planned_until=_next_year(course.planned_until),
                due_on=_next_year(course.due_on),
            ))
        session.flush()
    return len(previous)
