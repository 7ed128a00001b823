"""The audit schedule the planner proposes: a date, time, auditors, method and place for
every planned audit still without a date (日程未定).

Rules (``propose_schedule``, pure and deterministic — the same input gives the same days):

- only working days: no Saturday, Sunday, national holiday (jpholiday) or closing day of
  the organisation (setting 閉庁日, e.g. 12-29 … 01-03), within the audit season (setting
  ``audit_season``, e.g. 07-12 = July to December of the fiscal year);
- at most ``audits_per_day_max`` audits a day and ``audits_per_week_max`` a week (Monday to
  Sunday), counting the audits already dated;
- no auditor twice at once: an auditor (compared as ``core.audits.auditor_key``) never has
  two audits whose times overlap, dated ones included;
- by default the time, place, auditors and method of the institution's last audit: its
  last audit's clock time first (then the setting's time slots), its month and day moved
  into the year as the first day tried (then the following days of the season, then the
  season from its start), the place of its last audit, the auditors and methods of its
  last audit of the same kind; without one, the organisation's defaults (settings
  ``audit_default_place`` — else the registry's address —, ``{kind}_default_auditors`` —
  else the auditors of the organisation's latest audit of that kind —,
  ``{kind}_default_methods``).

Audits are placed one at a time in the order (fiscal year, first day tried, kind, registry
order), each on the first day and time that keeps every rule; one that finds none stays
undated with the reason (``Schedule.unplaced``). ``schedule_undated`` loads the data and
stores the proposal as 予定 (the caller's transaction); the clerk moves audits in the
calendar afterwards. Qt-free.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.settings_specs import (
    CLOSED_DAYS_SETTING,
    parse_closed_days,
    parse_methods,
    parse_season,
    parse_time_slots,
)
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.audits import AuditData, auditor_key, auditor_names, method_codes, update_audit
from jukidesk.core.calendar import DEFAULT_DURATION, date_text, is_working_day
from jukidesk.core.settings import load_settings
from jukidesk.storage.models import Audit, Institution

Slot = tuple[dt.time, dt.timedelta]  # start time, duration


@dataclass(frozen=True)
class ScheduleRules:
    season: tuple[int, int] = (7, 12)  # first and last month, fiscal order
    per_day: int = 2
    per_week: int = 4
    slots: tuple[tuple[dt.time, dt.time], ...] = ((dt.time(10, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(15, 30)))
    closed: frozenset[tuple[int, int]] = frozenset()
    auditors: Mapping[str, str] = field(default_factory=dict)  # kind → default auditors (text)
    methods: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind → default method codes
    place: str = ""  # default place ("" = the institution's address)

    def season_bounds(self, fy: int) -> tuple[dt.date, dt.date]:
        first, last = self.season
        start = dt.date(fy if first >= 4 else fy + 1, first, 1)
        end_year = fy if last >= 4 else fy + 1
        end = dt.date(end_year, last, _calendar.monthrange(end_year, last)[1])
        return start, end


@dataclass(frozen=True)
class PreviousAudit:
    """An institution's last dated audit (what its new audit copies by default)."""

    fy: int
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    auditors: str
    methods: tuple[str, ...]


@dataclass(frozen=True)
class ScheduleRequest:
    """One audit to date."""

    key: object  # the audit's id (or any stable key in tests)
    fy: int
    kind: str
    institution: str  # its name, for messages
    order: int  # registry order (ties)
    address: str = ""
    last: PreviousAudit | None = None  # the institution's last dated audit of any kind
    last_same_kind: PreviousAudit | None = None  # … of this kind (auditors, methods)


@dataclass(frozen=True)
class BusyTime:
    """An audit already dated (it counts for the limits and the auditors)."""

    starts_at: dt.datetime
    ends_at: dt.datetime | None
    auditors: str

    @property
    def end(self) -> dt.datetime:
        return self.ends_at or self.starts_at + DEFAULT_DURATION


@dataclass(frozen=True)
class ProposedAudit:
    request: ScheduleRequest
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    auditors: str
    methods: tuple[str, ...]

    def text(self) -> str:
        return (
            f"{self.request.institution}の{CHECKLIST_KIND_LABELS[self.request.kind]}: "
            f"{date_text(self.starts_at.date())} {self.starts_at:%H:%M}〜{self.ends_at:%H:%M}"
        )


@dataclass(frozen=True)
class Schedule:
    proposed: tuple[ProposedAudit, ...] = ()
    unplaced: tuple[tuple[ScheduleRequest, str], ...] = ()  # (request, Japanese reason)

    def notes(self) -> list[str]:
        return [
            f"{r.institution}の{CHECKLIST_KIND_LABELS[r.kind]}は日程を決められませんでした（{reason}）。"
            for r, reason in self.unplaced
        ]


def _moved_into(day: dt.date, fy: int) -> dt.date:
    """The same month and day in fiscal year ``fy`` (29 February → the 28th)."""
    year = fy if day.month >= 4 else fy + 1
    return dt.date(year, day.month, min(day.day, _calendar.monthrange(year, day.month)[1]))


def _first_day(request: ScheduleRequest, start: dt.date, end: dt.date) -> dt.date:
    if request.last is None:
        return start
    day = _moved_into(request.last.starts_at.date(), request.fy)
    return day if start <= day <= end else start


def _candidate_times(request: ScheduleRequest, rules: ScheduleRules) -> list[Slot]:
    times: list[Slot] = []
    if request.last is not None:
        last = request.last
        duration = (last.ends_at - last.starts_at) if last.ends_at and last.ends_at > last.starts_at else DEFAULT_DURATION
        times.append((last.starts_at.time(), duration))
    for start, end in rules.slots:
        slot = (start, dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start))
        if all(slot[0] != t[0] for t in times):
            times.append(slot)
    return times


def defaults_for(request: ScheduleRequest, rules: ScheduleRules) -> tuple[str, str, tuple[str, ...]]:
    """(place, auditors, methods) for the request: its last audit's, else the defaults."""
    same = request.last_same_kind
    place = (request.last.place if request.last and request.last.place else "") or rules.place or request.address
    auditors = (same.auditors if same and same.auditors else "") or rules.auditors.get(request.kind, "")
    methods = (same.methods if same and same.methods else ()) or tuple(rules.methods.get(request.kind, ()))
    return place, auditors, methods


def propose_schedule(
    requests: Iterable[ScheduleRequest], rules: ScheduleRules, busy: Iterable[BusyTime] = ()
) -> Schedule:
    """Date every request by the rules of the module docstring."""
    taken: list[tuple[dt.datetime, dt.datetime, frozenset[str]]] = []
    per_day: dict[dt.date, int] = defaultdict(int)
    per_week: dict[dt.date, int] = defaultdict(int)  # keyed by the week's Monday

    def monday(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday())

    def book(start: dt.datetime, end: dt.datetime, auditors: str) -> None:
        taken.append((start, end, frozenset(auditor_key(n) for n in auditor_names(auditors))))
        per_day[start.date()] += 1
        per_week[monday(start.date())] += 1

    for item in busy:
        book(item.starts_at, item.end, item.auditors)

    def ordered(request: ScheduleRequest) -> tuple:
        start, end = rules.season_bounds(request.fy)
        kind_order = audit_kinds.order(request.kind) if audit_kinds.is_kind(request.kind) else 99
        return (request.fy, _first_day(request, start, end), kind_order, request.order, str(request.key))

    proposed: list[ProposedAudit] = []
    unplaced: list[tuple[ScheduleRequest, str]] = []
    for request in sorted(requests, key=ordered):
        start, end = rules.season_bounds(request.fy)
        first = _first_day(request, start, end)
        span = (end - start).days + 1
        days = [first + dt.timedelta(days=i) for i in range((end - first).days + 1)]
        days += [start + dt.timedelta(days=i) for i in range((first - start).days)]
        place, auditors, methods = defaults_for(request, rules)
        keys = frozenset(auditor_key(n) for n in auditor_names(auditors))
        chosen: tuple[dt.datetime, dt.datetime] | None = None
        for day in days:
            if not is_working_day(day, rules.closed):
                continue
            if per_day[day] >= rules.per_day or per_week[monday(day)] >= rules.per_week:
                continue
            for clock, duration in _candidate_times(request, rules):
                begin = dt.datetime.combine(day, clock)
                finish = begin + duration
                if keys and any(begin < e and s < finish and keys & k for s, e, k in taken):
                    continue
                chosen = (begin, finish)
                break
            if chosen:
                break
        if chosen is None:
            unplaced.append(
                (request, f"監査を行う時期の{span}日に、1日{rules.per_day}件・1週{rules.per_week}件の上限と監査人の重なりを守れる空きがありません")
            )
            continue
        book(chosen[0], chosen[1], auditors)
        proposed.append(ProposedAudit(request, chosen[0], chosen[1], place, auditors, methods))
    return Schedule(tuple(proposed), tuple(unplaced))


# ---------------------------------------------------------------- from and to the data file


def schedule_rules(session: Session) -> ScheduleRules:
    """The settings as rules; a default auditor left blank is the organisation's latest
    audit of that kind's auditors."""
    settings = load_settings(session)
    auditors: dict[str, str] = {}
    methods: dict[str, tuple[str, ...]] = {}
    for kind in audit_kinds.rotating_codes():
        auditors[kind] = str(settings.get(f"{kind}_default_auditors", "") or "").strip()
        if not auditors[kind]:
            latest = session.scalars(
                select(Audit.auditors)
                .where(Audit.kind == kind, Audit.auditors != "")
                .order_by(Audit.fy.desc(), Audit.starts_at.desc(), Audit.id.desc())
                .limit(1)
            ).first()
            auditors[kind] = latest or ""
        key = f"{kind}_default_methods"
        methods[kind] = parse_methods(settings[key], key=key) if key in settings else ()
    return ScheduleRules(
        season=parse_season(settings["audit_season"]),
        per_day=int(settings["audits_per_day_max"]),
        per_week=int(settings["audits_per_week_max"]),
        slots=parse_time_slots(settings["audit_time_slots"]),
        closed=parse_closed_days(settings[CLOSED_DAYS_SETTING]),
        auditors=auditors,
        methods=methods,
        place=str(settings.get("audit_default_place", "") or "").strip(),
    )


def _previous(audit: Audit) -> PreviousAudit:
    return PreviousAudit(
        audit.fy, audit.kind, audit.starts_at, audit.ends_at, audit.place, audit.auditors, method_codes(audit.methods)
    )


def undated_requests(session: Session, years: Iterable[int]) -> list[ScheduleRequest]:
    """The planned audits of ``years`` without a date, each with the institution's last
    dated audit before its year."""
    years = sorted(set(years))
    if not years:
        return []
    undated = list(
        session.scalars(
            select(Audit)
            .where(Audit.fy.in_(years), Audit.status == "planned", Audit.starts_at.is_(None))
            .order_by(Audit.fy, Audit.id)
        )
    )
    if not undated:
        return []
    institution_ids = {a.institution_id for a in undated}
    history: dict[int, list[Audit]] = defaultdict(list)
    for audit in session.scalars(
        select(Audit)
        .where(Audit.institution_id.in_(institution_ids), Audit.starts_at.is_not(None), Audit.fy < max(years))
        .order_by(Audit.starts_at, Audit.id)
    ):
        history[audit.institution_id].append(audit)
    order = {inst_id: index for index, inst_id in enumerate(session.scalars(select(Institution.id).order_by(Institution.sort_order, Institution.id)))}
    requests = []
    for audit in undated:
        before = [a for a in history[audit.institution_id] if a.fy < audit.fy]
        same = [a for a in before if a.kind == audit.kind]
        requests.append(
            ScheduleRequest(
                key=audit.id,
                fy=audit.fy,
                kind=audit.kind,
                institution=audit.institution.report_name,
                order=order.get(audit.institution_id, 0),
                address=audit.institution.address or "",
                last=_previous(before[-1]) if before else None,
                last_same_kind=_previous(same[-1]) if same else None,
            )
        )
    return requests


def busy_times(session: Session, years: Iterable[int]) -> list[BusyTime]:
    years = sorted(set(years))
    if not years:
        return []
    return [
        BusyTime(a.starts_at, a.ends_at, a.auditors)
        for a in session.scalars(
            select(Audit).where(Audit.fy.in_(years), Audit.starts_at.is_not(None)).order_by(Audit.starts_at, Audit.id)
        )
    ]


def propose_for_years(session: Session, years: Iterable[int]) -> Schedule:
    """The proposal for the undated planned audits of ``years`` (nothing stored)."""
    years = list(years)
    return propose_schedule(undated_requests(session, years), schedule_rules(session), busy_times(session, years))


def schedule_undated(session: Session, years: Iterable[int]) -> Schedule:
    """Store the proposal for the undated planned audits of ``years`` (status stays 予定;
    audits the rules cannot place stay undated, ``Schedule.unplaced`` says why)."""
    schedule = propose_for_years(session, years)
    for item in schedule.proposed:
        audit = session.get(Audit, item.request.key)
        data = replace(
            AuditData.of(audit),
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            place=item.place or audit.place,
            auditors=item.auditors or audit.auditors,
            methods=item.methods or AuditData.of(audit).methods,
        )
        update_audit(session, audit.id, data)
    session.flush()
    return schedule
