"""Meetings: the management meeting (管理運用会議) with its standing agenda, and the
committee (審議会) with its members' two-year terms, chair and deputy, attendance and
the written procedure (materials sent to members, opinions due by a date, replies)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_bounds, fiscal_year_of, wareki_date
from jukidesk.base.vocabulary import MEETING_KIND_LABELS, MEMBER_ROLE_LABELS
from jukidesk.core.municipal.common import setting_lines
from jukidesk.core.municipal.records import (
    Column,
    Context,
    Field,
    RecordKind,
    active_on,
    check_in_fiscal_year,
    check_period,
)
from jukidesk.core.settings import get_setting, year_style
from jukidesk.storage.models_municipal import AgendaItem, CommitteeMember, Meeting, MeetingAttendance, WrittenReply

MEETING_NAME_SETTINGS = {"management": "management_meeting_name", "council": "committee_name"}

# ---------------------------------------------------------------- committee members


def members_on(session: Session, day: dt.date) -> list[CommitteeMember]:
    """The committee on ``day``: chair, deputy, then members by name."""
    rows = session.scalars(
        select(CommitteeMember).where(CommitteeMember.term_start <= day, CommitteeMember.term_end >= day)
    ).all()
    order = {role: i for i, role in enumerate(MEMBER_ROLE_LABELS)}
    return sorted(rows, key=lambda m: (order[m.role], m.name))


def members_in_year(session: Session, fy: int) -> list[CommitteeMember]:
    first, last = fiscal_year_bounds(fy)
    rows = session.scalars(
        select(CommitteeMember).where(CommitteeMember.term_start <= last, CommitteeMember.term_end >= first)
    ).all()
    order = {role: i for i, role in enumerate(MEMBER_ROLE_LABELS)}
    return sorted(rows, key=lambda m: (m.term_start, order[m.role], m.name))


def term_ending(session: Session, today: dt.date, days: int) -> list[CommitteeMember]:
    """Members whose term ends between ``today`` and ``today + days`` (both included)."""
    return list(
        session.scalars(
            select(CommitteeMember)
            .where(CommitteeMember.term_end >= today, CommitteeMember.term_end <= today + dt.timedelta(days=days))
            .order_by(CommitteeMember.term_end, CommitteeMember.name)
        )
    )


def term_years(session: Session) -> int:
    """The rule's term of a member in years (setting ``committee_term_years``)."""
    return int(get_setting(session, "committee_term_years"))


def term_end_for(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` starting on ``start`` (2026-04-01 → 2028-03-31)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return end - dt.timedelta(days=1)


def term_confirmations(session: Session, values: dict, record, ctx: Context) -> list[str]:
    """A term of another length than the rule's must be confirmed (a dialog asks, the
    command line wants --confirm)."""
    start, end = values.get("term_start"), values.get("term_end")
    if start is None or end is None:
        return []
    years = term_years(session)
    expected = term_end_for(start, years)
    if end == expected:
        return []
    return [
        f"任期（{wareki_date(start)}～{wareki_date(end)}）が規程の任期{years}年（{wareki_date(expected)}まで）と異なります。"
        "補欠の委員で前任者の残りの任期とする場合などに限り、このまま保存してください。"
    ]


def _default_term_end(session: Session, ctx: Context) -> dt.date:
    """The rule's term from the start of the year."""
    return term_end_for(fiscal_year_bounds(ctx.fy)[0], term_years(session))


def _member_rules(session: Session, values: dict, record, ctx: Context) -> None:
    check_period(values, "term_start", "term_end", "任期の開始", "任期の終了")
    if values["role"] in ("chair", "deputy"):
        query = select(CommitteeMember).where(
            CommitteeMember.role == values["role"],
            CommitteeMember.term_start <= values["term_end"],
            CommitteeMember.term_end >= values["term_start"],
        )
        if record is not None:
            query = query.where(CommitteeMember.id != record.id)
        other = session.scalars(query).first()
        if other is not None:
            role = MEMBER_ROLE_LABELS[values["role"]]
            raise ValidationError(
                f"{role}は1人だけです。{other.name} さんが {other.term_start.isoformat()}～{other.term_end.isoformat()} の{role}です。",
                "role",
            )


MEMBER = RecordKind(
    key="member",
    label="審議会委員",
    model=CommitteeMember,
    fields=(
        Field("name", "氏名", required=True),
        Field("affiliation", "所属・役職"),
        Field("role", "役割", "choice", required=True, choices=lambda s, c: list(MEMBER_ROLE_LABELS.items()), default=lambda s, c: "member"),
        Field("term_start", "任期の開始", "date", required=True, default=lambda s, c: fiscal_year_bounds(c.fy)[0]),
        Field("term_end", "任期の終了", "date", required=True, default=_default_term_end, help="任期は規程の年数（設定）。異なる場合は確認します"),
        Field("email", "電子メール（書面開催の連絡先）"),
    ),
    columns=(
        Column("役割", lambda m: MEMBER_ROLE_LABELS[m.role], 10),
        Column("氏名", lambda m: m.name, 14),
        Column("所属・役職", lambda m: m.affiliation, 28),
        Column("任期の開始", lambda m: m.term_start, 10),
        Column("任期の終了", lambda m: m.term_end, 10),
        Column("電子メール", lambda m: m.email, 24),
    ),
    list_records=lambda session, ctx: members_in_year(session, ctx.fy),
    rules=_member_rules,
    record_label=lambda m: m.name,
    confirmations=term_confirmations,
)

# ---------------------------------------------------------------- meetings


def meeting_date(meeting: Meeting) -> dt.date | None:
    """The day a meeting counts for: its date, or for a written procedure the day materials went out."""
    return meeting.materials_sent_on if meeting.written else meeting.held_on


def meetings_in_year(session: Session, fy: int) -> list[Meeting]:
    rows = session.scalars(select(Meeting).where(Meeting.fy == fy)).all()
    return sorted(rows, key=lambda m: (meeting_date(m) or dt.date.max, m.id))


def _meeting_rules(session: Session, values: dict, record, ctx: Context) -> None:
    fy = record.fy if record is not None else ctx.fy
    if values["written"]:
        if values["materials_sent_on"] is None:
            raise ValidationError("書面開催では「資料送付日」を入力してください。", "materials_sent_on")
        if values["opinions_due_on"] is None:
            raise ValidationError("書面開催では「意見の回答期限」を入力してください。", "opinions_due_on")
        check_period(values, "materials_sent_on", "opinions_due_on", "資料送付日", "意見の回答期限")
        check_in_fiscal_year(values, "materials_sent_on", "資料送付日", fy, "選択中の年度")
    else:
        if values["held_on"] is None:
            raise ValidationError("「開催日」を入力してください（書面開催の場合は「書面開催」に印を付けてください）。", "held_on")
        if not values["place"] and not values["web"]:
            raise ValidationError("「場所」を入力するか、「WEB会議」に印を付けてください。", "place")
        check_in_fiscal_year(values, "held_on", "開催日", fy, "選択中の年度")
    if record is not None and record.replies and not values["written"]:
        raise ValidationError("書面による意見の回答が記録されているため、「書面開催」を外せません。", "written")


def _meeting_derive(session: Session, values: dict, record, ctx: Context) -> dict:
    day = values["materials_sent_on"] if values["written"] else values["held_on"]
    return {"fy": fiscal_year_of(day)}


def standing_agenda(session: Session, fy: int) -> list[str]:
    """The agenda a new management meeting of ``fy`` starts with: the titles of the first
    management meeting of the year before (carried over, with any standing item the city
    added there), else the standing agenda of the settings."""
    previous = session.scalars(
        select(Meeting).where(Meeting.kind == "management", Meeting.fy == fy - 1)
    ).all()
    previous = sorted(previous, key=lambda m: (meeting_date(m) or dt.date.max, m.id))
    titles = [item.title for item in previous[0].agenda] if previous else []
    return titles or setting_lines(session, "standing_agenda")


def add_standing_agenda(session: Session, meeting: Meeting) -> None:
    """A new management meeting starts with the standing agenda (``standing_agenda``)."""
    for position, title in enumerate(standing_agenda(session, meeting.fy), start=len(meeting.agenda) + 1):
        meeting.agenda.append(AgendaItem(position=position, title=title))


def _after_add_meeting(session: Session, meeting: Meeting, ctx: Context) -> None:
    if meeting.kind == "management" and not meeting.agenda:
        add_standing_agenda(session, meeting)


def _default_title(session: Session, ctx: Context) -> str:
    style = year_style(session)
    return f"{style.label(ctx.fy)} {get_setting(session, 'management_meeting_name')}"


MEETING = RecordKind(
    key="meeting",
    label="会議・審議会",
    model=Meeting,
    fields=(
        Field("kind", "会議の種類", "choice", required=True, choices=lambda s, c: list(MEETING_KIND_LABELS.items()), default=lambda s, c: "management"),
        Field("title", "会議名", required=True, default=_default_title, help="例: 令和８年度第１回 …"),
        Field("held_on", "開催日", "date"),
        Field("time_text", "時間", help="例: 14時00分～15時30分"),
        Field("place", "場所"),
        Field("web", "WEB会議", "bool"),
        Field("written", "書面開催", "bool", help="資料を委員に送付し、期限までに意見を照会する（会議を開かない）"),
        Field("materials_sent_on", "資料送付日", "date"),
        Field("opinions_due_on", "意見の回答期限", "date"),
        Field("minutes", "議事の概要", "multiline"),
    ),
    columns=(
        Column("種類", lambda m: MEETING_KIND_LABELS[m.kind], 10),
        Column("会議名", lambda m: m.title, 36),
        Column("開催日", lambda m: m.held_on, 10),
        Column("場所", lambda m: "・".join(x for x in (m.place, "WEB会議" if m.web else "") if x), 20),
        Column("書面開催", lambda m: m.written, 8),
        Column("資料送付日", lambda m: m.materials_sent_on, 10),
        Column("回答期限", lambda m: m.opinions_due_on, 10),
        Column("議題数", lambda m: len(m.agenda), 6),
    ),
    list_records=lambda session, ctx: meetings_in_year(session, ctx.fy),
    rules=_meeting_rules,
    derive=_meeting_derive,
    after_add=_after_add_meeting,
    record_label=lambda m: m.title,
)

# ---------------------------------------------------------------- agenda


def _children(model, order):
    def list_records(session: Session, ctx: Context):
        if ctx.parent_id is None:
            return []
        return list(session.scalars(select(model).where(model.meeting_id == ctx.parent_id).order_by(order)))

    return list_records


def _agenda_derive(session: Session, values: dict, record, ctx: Context) -> dict:
    if record is not None:
        return {}
    last = session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == ctx.parent_id))
    return {"position": (last or 0) + 1}


AGENDA = RecordKind(
    key="agenda",
    label="議題",
    model=AgendaItem,
    fields=(
        Field("title", "議題", required=True),
        Field("report", "報告・説明の内容", "multiline"),
        Field("decision", "決定事項・審議結果", "multiline"),
    ),
    columns=(
        Column("No.", lambda a: a.position, 4),
        Column("議題", lambda a: a.title, 34),
        Column("報告・説明", lambda a: a.report, 40),
        Column("決定事項", lambda a: a.decision, 30),
    ),
    list_records=_children(AgendaItem, AgendaItem.position),
    derive=_agenda_derive,
    parent_attr="meeting_id",
    parent_label="会議",
    record_label=lambda a: a.title,
)

# ---------------------------------------------------------------- attendance


def _meeting_of(session: Session, record, ctx: Context) -> Meeting | None:
    meeting_id = record.meeting_id if record is not None else ctx.parent_id
    return session.get(Meeting, meeting_id) if meeting_id is not None else None


def _members_for_meeting(session: Session, ctx: Context):
    meeting = session.get(Meeting, ctx.parent_id) if ctx.parent_id else None
    day = meeting_date(meeting) if meeting is not None else None
    members = members_on(session, day) if day else members_in_year(session, ctx.fy)
    return [(m.id, f"{m.name}（{MEMBER_ROLE_LABELS[m.role]}）") for m in members]


def _attendance_rules(session: Session, values: dict, record, ctx: Context) -> None:
    if values["member_id"] is None and not values["name"]:
        raise ValidationError("「委員」を選ぶか、「氏名」を入力してください。", "name")
    meeting = _meeting_of(session, record, ctx)
    if values["member_id"] is not None:
        query = select(MeetingAttendance).where(
            MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.member_id == values["member_id"]
        )
        if record is not None:
            query = query.where(MeetingAttendance.id != record.id)
        if session.scalars(query).first() is not None:
            raise ValidationError("この委員は既に出席者の一覧にあります。", "member_id")


def _attendance_derive(session: Session, values: dict, record, ctx: Context) -> dict:
    if values["member_id"] is None:
        return {}
    member = session.get(CommitteeMember, values["member_id"])
    return {"name": member.name, "capacity": values["capacity"] or MEMBER_ROLE_LABELS[member.role]}


ATTENDANCE = RecordKind(
    key="attendance",
    label="出席者",
    model=MeetingAttendance,
    fields=(
        Field("member_id", "委員", "choice", choices=_members_for_meeting, help="委員以外は空欄にして氏名を入力"),
        Field("name", "氏名（委員以外）"),
        Field("capacity", "立場", help="例: 事務局、統括責任者"),
        Field("present", "出席", "bool", default=lambda s, c: True),
    ),
    columns=(
        Column("氏名", lambda a: a.name, 14),
        Column("立場", lambda a: a.capacity, 16),
        Column("出席", lambda a: "出席" if a.present else "欠席", 6),
    ),
    list_records=_children(MeetingAttendance, MeetingAttendance.id),
    rules=_attendance_rules,
    derive=_attendance_derive,
    parent_attr="meeting_id",
    parent_label="会議",
    record_label=lambda a: a.name,
)

# ---------------------------------------------------------------- written procedure


def _reply_rules(session: Session, values: dict, record, ctx: Context) -> None:
    meeting = _meeting_of(session, record, ctx)
    if not meeting.written:
        raise ValidationError("書面開催ではない会議には、書面による意見の回答を記録できません。", "member_id")
    if meeting.materials_sent_on and values["received_on"] < meeting.materials_sent_on:
        raise ValidationError(
            f"「回答日」が資料送付日（{meeting.materials_sent_on.isoformat()}）より前です。", "received_on"
        )
    if values["has_opinion"] and not values["opinion"]:
        raise ValidationError("「意見あり」の場合は「意見の内容」を入力してください。", "opinion")
    query = select(WrittenReply).where(WrittenReply.meeting_id == meeting.id, WrittenReply.member_id == values["member_id"])
    if record is not None:
        query = query.where(WrittenReply.id != record.id)
    if session.scalars(query).first() is not None:
        raise ValidationError("この委員の回答は既に記録されています。", "member_id")


def outstanding_replies(session: Session, meeting: Meeting) -> list[CommitteeMember]:
    """Members on the committee when materials went out who have not replied."""
    if not meeting.written or meeting.materials_sent_on is None:
        return []
    replied = set(session.scalars(select(WrittenReply.member_id).where(WrittenReply.meeting_id == meeting.id)))
    return [m for m in members_on(session, meeting.materials_sent_on) if m.id not in replied]


REPLY = RecordKind(
    key="reply",
    label="書面開催の回答",
    model=WrittenReply,
    fields=(
        Field("member_id", "委員", "choice", required=True, choices=_members_for_meeting),
        Field("received_on", "回答日", "date", required=True, default=lambda s, c: c.as_of),
        Field("has_opinion", "意見あり", "bool"),
        Field("opinion", "意見の内容", "multiline"),
    ),
    columns=(
        Column("委員", lambda r: r.member.name, 14),
        Column("回答日", lambda r: r.received_on, 10),
        Column(
            "期限内",
            lambda r: r.meeting.opinions_due_on is None or r.received_on <= r.meeting.opinions_due_on,
            6,
        ),
        Column("意見", lambda r: "あり" if r.has_opinion else "なし", 6),
        Column("意見の内容", lambda r: r.opinion, 40),
    ),
    list_records=_children(WrittenReply, WrittenReply.received_on),
    rules=_reply_rules,
    parent_attr="meeting_id",
    parent_label="会議",
    record_label=lambda r: r.member.name,
)


def member_is_current(member: CommitteeMember, day: dt.date) -> bool:
    return active_on(member.term_start, member.term_end, day)
