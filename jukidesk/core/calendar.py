"""The audit calendar without Qt: working days, schedule warnings, the fiscal year's
progress, the month view's data and the .ics export.

Working days: Saturdays, Sundays, national holidays (jpholiday, kept current by package
updates) and the organisation's own closing days (setting ``office_closed_days``, e.g.
12-29 … 01-03) are not. Warnings never block saving: the clerk may have a reason (an audit
on a Saturday event day); they are shown next to the audit everywhere.

The .ics export (RFC 5545) writes times with ``TZID=Asia/Tokyo`` and the matching
VTIMEZONE rather than floating local time: an audit happens at a Japanese office at a
Japanese clock time, and a floating time would move when the file is opened by a calendar
set to another zone (a laptop left on UTC, a phone abroad); Outlook and Google both honour
a TZID that comes with its VTIMEZONE. Japan has no daylight saving, so the VTIMEZONE is a
single fixed +09:00 rule. The UID is the audit's stored ``uid``: moving an audit to another
day or year updates the same event on re-import instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jpholiday
from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.files import atomic_output
from jukidesk.base.fiscal import WEEKDAYS, fiscal_year_bounds, fiscal_year_of
from jukidesk.base.settings_specs import CLOSED_DAYS_SETTING, parse_closed_days
from jukidesk.base.vocabulary import AUDIT_STATUS_LABELS, CHECKLIST_KIND_LABELS
from jukidesk.core.audits import AuditData, auditor_key, auditor_names, list_audits, method_codes, method_labels
from jukidesk.core.settings import load_settings, year_style
from jukidesk.storage.models import AUDIT_STATUSES, Audit, Institution

DEFAULT_DURATION = dt.timedelta(hours=2)  # an audit without an end time is taken to last 2 hours
TIMEZONE = "Asia/Tokyo"


# ---------------------------------------------------------------- working days


def closed_days(session: Session) -> frozenset[tuple[int, int]]:
    return parse_closed_days(load_settings(session)[CLOSED_DAYS_SETTING])


def holiday_name(day: dt.date) -> str | None:
    return jpholiday.is_holiday_name(day)


def day_off_reason(day: dt.date, closed: frozenset[tuple[int, int]] = frozenset()) -> str | None:
    """Why ``day`` is not a working day ('祝日（文化の日）', '土曜日', '閉庁日'), or None."""
    name = holiday_name(day)
    if name:
        return f"祝日（{name}）"
    if day.weekday() == 5:
        return "土曜日"
    if day.weekday() == 6:
        return "日曜日"
    if (day.month, day.day) in closed:
        return "閉庁日"
    return None


def is_working_day(day: dt.date, closed: frozenset[tuple[int, int]] = frozenset()) -> bool:
    return day_off_reason(day, closed) is None


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def time_range_text(start: dt.datetime, end: dt.datetime | None) -> str:
    end = end or start + DEFAULT_DURATION
    return f"{start:%H:%M}〜{end:%H:%M}"


# ---------------------------------------------------------------- warnings


@dataclass(frozen=True)
class _Timed:
    audit_id: int | None
    kind: str
    institution: str
    start: dt.datetime
    end: dt.datetime
    auditors: dict[str, str]  # key → name as written


def _timed(audit_id, kind, institution, starts_at, ends_at, auditors_text) -> _Timed:
    return _Timed(
        audit_id,
        kind,
        institution,
        starts_at,
        ends_at or starts_at + DEFAULT_DURATION,
        {auditor_key(n): n for n in auditor_names(auditors_text)},
    )


def _timed_audits_between(session: Session, start: dt.datetime, end: dt.datetime) -> list[_Timed]:
    """Dated audits that may overlap [start, end) (a day of margin each side)."""
    rows = session.execute(
        select(Audit, Institution)
        .join(Institution, Audit.institution_id == Institution.id)
        .where(Audit.starts_at.is_not(None))
        .where(Audit.starts_at >= start - dt.timedelta(days=1), Audit.starts_at < end + dt.timedelta(days=1))
    )
    return [_timed(a.id, a.kind, i.report_name, a.starts_at, a.ends_at, a.auditors) for a, i in rows]


def _conflicts(this: _Timed, others: list[_Timed]) -> list[str]:
    messages = []
    for other in others:
        if other.audit_id is not None and other.audit_id == this.audit_id:
            continue
        if not (this.start < other.end and other.start < this.end):
            continue
        for key in sorted(set(this.auditors) & set(other.auditors)):
            messages.append(
                f"監査人「{this.auditors[key]}」は同じ時間に{other.institution}の{CHECKLIST_KIND_LABELS[other.kind]}"
                f"（{date_text(other.start.date())} {time_range_text(other.start, other.end)}）があります。"
            )
    return messages


def _day_warnings(start: dt.datetime, end: dt.datetime, closed) -> list[str]:
    messages = []
    day = start.date()
    while day <= end.date():
        reason = day_off_reason(day, closed)
        if reason:
            messages.append(f"{date_text(day)}は{reason}です。")
        day += dt.timedelta(days=1)
    return messages


def audit_warnings(
    session: Session,
    data: AuditData,
    *,
    audit_id: int | None = None,
    closed: frozenset[tuple[int, int]] | None = None,
) -> list[str]:
    """Warnings for an audit as edited (before or after saving): a weekend, holiday or
    closing day, and an auditor who has another audit at an overlapping time."""
    if data.starts_at is None:
        return []
    if closed is None:
        closed = closed_days(session)
    institution = session.get(Institution, data.institution_id)
    this = _timed(audit_id, data.kind, institution.report_name if institution else "", data.starts_at, data.ends_at, data.auditors)
    others = _timed_audits_between(session, this.start, this.end)
    return _day_warnings(this.start, this.end, closed) + _conflicts(this, others)


def year_warnings(session: Session, fy: int) -> dict[int, list[str]]:
    """{audit_id: warnings} for every dated audit of the fiscal year (one query for all)."""
    first, last = fiscal_year_bounds(fy)
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    timed = _timed_audits_between(session, start, end)
    closed = closed_days(session)
    fy_ids = set(session.scalars(select(Audit.id).where(Audit.fy == fy, Audit.starts_at.is_not(None))))
    warnings: dict[int, list[str]] = {}
    for item in timed:
        if item.audit_id in fy_ids:
            messages = _day_warnings(item.start, item.end, closed) + _conflicts(item, timed)
            if messages:
                warnings[item.audit_id] = messages
    return warnings


# ---------------------------------------------------------------- the year's schedule and progress


@dataclass(frozen=True)
class ScheduleEntry:
    """One audit as the calendar, its list and the command line show it."""

    audit_id: int
    uid: str
    fy: int
    kind: str
    status: str
    institution_code: str
    institution: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    place: str
    auditors: tuple[str, ...]
    methods: tuple[str, ...]
    pinned: bool = False
    open_findings: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return CHECKLIST_KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return AUDIT_STATUS_LABELS[self.status]

    @property
    def methods_label(self) -> str:
        return method_labels(self.methods)

    @property
    def when_text(self) -> str:
        if self.starts_at is None:
            return "日程未定"
        return f"{date_text(self.starts_at.date())} {time_range_text(self.starts_at, self.ends_at)}"

    def as_json(self) -> dict:
        return {
            "id": self.audit_id,
            "fy": self.fy,
            "kind": self.kind,
            "status": self.status,
            "institution": {"code": self.institution_code, "name": self.institution},
            "starts_at": self.starts_at.isoformat(timespec="minutes") if self.starts_at else None,
            "ends_at": self.ends_at.isoformat(timespec="minutes") if self.ends_at else None,
            "place": self.place,
            "auditors": list(self.auditors),
            "methods": list(self.methods),
            "pinned": self.pinned,
            "open_findings": self.open_findings,
            "warnings": list(self.warnings),
        }


def year_schedule(session: Session, fy: int) -> list[ScheduleEntry]:
    """The fiscal year's audits by date (undated last), each with its warnings."""
    warnings = year_warnings(session, fy)
    entries = []
    for audit in list_audits(session, fy):
        entries.append(
            ScheduleEntry(
                audit_id=audit.id,
                uid=audit.uid,
                fy=audit.fy,
                kind=audit.kind,
                status=audit.status,
                institution_code=audit.institution.code,
                institution=audit.institution.report_name,
                starts_at=audit.starts_at,
                ends_at=audit.ends_at,
                place=audit.place,
                auditors=tuple(auditor_names(audit.auditors)),
                methods=method_codes(audit.methods),
                pinned=audit.pinned,
                open_findings=sum(1 for f in audit.findings if f.status != "confirmed"),
                warnings=tuple(warnings.get(audit.id, ())),
            )
        )
    return entries


@dataclass(frozen=True)
class YearProgress:
    """How far the year's plan is done: audits per kind and status."""

    fy: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → status → n

    def total(self, kind: str) -> int:
        return sum(self.counts[kind].values())

    def as_json(self) -> dict:
        return {kind: {**per, "total": self.total(kind)} for kind, per in self.counts.items()}


def year_progress(session: Session, fy: int) -> YearProgress:
    counts = {kind: {status: 0 for status in AUDIT_STATUSES} for kind in audit_kinds.audit_codes()}
    for kind, status in session.execute(select(Audit.kind, Audit.status).where(Audit.fy == fy)):
        counts[kind][status] += 1
    return YearProgress(fy, counts)


# ---------------------------------------------------------------- a month for the calendar and its print


@dataclass(frozen=True)
class MonthDay:
    day: dt.date
    in_month: bool
    off_reason: str | None
    entries: tuple[ScheduleEntry, ...]


@dataclass(frozen=True)
class MonthView:
    """Six weeks Monday–Sunday around a month, each day with its audits (plain data that
    both the calendar widget and the printed month draw)."""

    year: int
    month: int
    title: str
    weeks: tuple[tuple[MonthDay, ...], ...]


def month_view(session: Session, year: int, month: int) -> MonthView:
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    closed = closed_days(session)
    fys = {fiscal_year_of(start), fiscal_year_of(start + dt.timedelta(days=41))}
    by_day: dict[dt.date, list[ScheduleEntry]] = defaultdict(list)
    for fy in sorted(fys):
        for entry in year_schedule(session, fy):
            if entry.starts_at is not None:
                by_day[entry.starts_at.date()].append(entry)
    weeks = []
    for w in range(6):
        week = []
        for d in range(7):
            day = start + dt.timedelta(days=7 * w + d)
            week.append(MonthDay(day, day.month == month, day_off_reason(day, closed), tuple(by_day.get(day, ()))))
        weeks.append(tuple(week))
    style = year_style(session)
    title = f"{year}年{month}月（{style.label(fiscal_year_of(first), fullwidth=False)}）"
    return MonthView(year, month, title, tuple(weeks))


# ---------------------------------------------------------------- .ics export (RFC 5545)


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, new line."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    out, current, size, limit = [], [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n".join(out)


def _ics_time(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


VTIMEZONE_TOKYO = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TIMEZONE}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def ics_text(entries: list[ScheduleEntry], *, calendar_name: str, now: dt.datetime | None = None) -> str:
    """The VCALENDAR for the dated entries (CRLF line ends, folded, escaped)."""
    from jukidesk import __version__

    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//jukidesk//jukidesk {__version__}//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(calendar_name)}",
        f"X-WR-TIMEZONE:{TIMEZONE}",
        *VTIMEZONE_TOKYO,
    ]
    for entry in entries:
        if entry.starts_at is None:
            continue
        end = entry.ends_at or entry.starts_at + DEFAULT_DURATION
        description = [f"状況: {entry.status_label}"]
        if entry.auditors:
            description.append(f"監査人: {'、'.join(entry.auditors)}")
        if entry.methods:
            description.append(f"方法: {entry.methods_label}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}@jukidesk",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TIMEZONE}:{_ics_time(entry.starts_at)}",
            f"DTEND;TZID={TIMEZONE}:{_ics_time(end)}",
            f"SUMMARY:{ics_escape(f'{entry.kind_label} {entry.institution}')}",
        ]
        if entry.place:
            lines.append(f"LOCATION:{ics_escape(entry.place)}")
        lines += [
            f"DESCRIPTION:{ics_escape(chr(10).join(description))}",
            f"STATUS:{'TENTATIVE' if entry.status == 'planned' else 'CONFIRMED'}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


@dataclass(frozen=True)
class IcsExport:
    path: Path
    events: int
    undated: int  # audits left out because they have no date yet


def export_ics(session: Session, fy: int, path: Path | str, *, now: dt.datetime | None = None) -> IcsExport:
    """Write the fiscal year's dated audits to ``path`` (atomically)."""
    path = Path(path)
    settings = load_settings(session)
    style = year_style(session)
    entries = year_schedule(session, fy)
    dated = [e for e in entries if e.starts_at is not None]
    name = " ".join(p for p in (settings.get("org_name", ""), "住基ネット監査", style.label(fy, fullwidth=False)) if p)
    data = ics_text(dated, calendar_name=name, now=now).encode("utf-8")
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
    return IcsExport(path, len(dated), len(entries) - len(dated))
