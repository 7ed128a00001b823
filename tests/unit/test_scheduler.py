"""The proposed audit schedule (core.scheduler): working days only (weekends, jpholiday
holidays, the organisation's 閉庁日), inside the audit season, the limits per day and per
week, no auditor twice at once, the last audit's time and place first — pure and the same
every time; and on the demo, 年度更新 of FY2017 (the first year of the fourth cycle) leaves
no audit of the cycle without a date, auditors, method and place."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import jpholiday
import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.base.settings_specs import parse_methods, parse_season, parse_time_slots
from jukidesk.core.audits import auditor_key, auditor_names
from jukidesk.core.calendar import year_warnings
from jukidesk.core.scheduler import (
    BusyTime,
    PreviousAudit,
    ScheduleRequest,
    ScheduleRules,
    propose_schedule,
)
from jukidesk.core.settings import save_settings
from jukidesk.core.year_workflow import prepare_year
from jukidesk.storage.models import Audit
from tests.conftest import sql_dump

CLOSED = frozenset({(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)})
RULES = ScheduleRules(
    season=(7, 12),
    per_day=2,
    per_week=4,
    closed=CLOSED,
    auditors={"internal": "市町村課", "external": "監査法人"},
    methods={"internal": ("hearing", "documents"), "external": ("hearing", "log_analysis")},
)


def last(day: dt.datetime, kind: str = "internal", auditors: str = "市町村課", place: str = "前回の会議室") -> PreviousAudit:
    return PreviousAudit(day.year, kind, day, day + dt.timedelta(hours=2), place, auditors, ("hearing",))


def request(key, fy: int, *, previous: PreviousAudit | None = None, kind: str = "internal", order: int = 0) -> ScheduleRequest:
    return ScheduleRequest(
        key=key, fy=fy, kind=kind, institution=f"機関{key}", order=order, address="台帳の所在地",
        last=previous, last_same_kind=previous if previous and previous.kind == kind else None,
    )


def starts(schedule) -> dict:
    return {p.request.key: p.starts_at for p in schedule.proposed}


def test_the_last_audits_day_and_time_moved_into_the_year_when_it_is_a_working_day():
    # 2014-10-21 (Tue) 13:30 → 2017-10-21 is a Saturday: the Monday after, at the same time
    schedule = propose_schedule([request(1, 2017, previous=last(dt.datetime(2014, 10, 21, 13, 30)))], RULES)
    (item,) = schedule.proposed
    assert item.starts_at == dt.datetime(2017, 10, 23, 13, 30) and item.ends_at == dt.datetime(2017, 10, 23, 15, 30)
    assert (item.place, item.auditors, item.methods) == ("前回の会議室", "市町村課", ("hearing",))


def test_fy2019_reiwa_holidays_are_skipped():
    # 2019-10-22 was 即位礼正殿の儀 (a one-off holiday of 令和元年度), 2019-10-14 スポーツの日
    assert jpholiday.is_holiday(dt.date(2019, 10, 22)) and jpholiday.is_holiday(dt.date(2019, 10, 14))
    schedule = propose_schedule(
        [
            request(1, 2019, previous=last(dt.datetime(2016, 10, 22, 10, 0))),
            request(2, 2019, previous=last(dt.datetime(2016, 10, 14, 10, 0), auditors="別の班"), order=1),
        ],
        RULES,
    )
    assert starts(schedule) == {1: dt.datetime(2019, 10, 23, 10, 0), 2: dt.datetime(2019, 10, 15, 10, 0)}


def test_closing_days_and_the_new_year_are_skipped_in_a_season_across_the_calendar_year():
    rules = ScheduleRules(season=(12, 1), closed=CLOSED, per_day=1, per_week=5)
    # last on 2013-12-27 (Fri): 2016-12-27 (Tue), 28 (Wed) taken by the first two, then 29 … 1/3 closed
    requests = [request(n, 2016, previous=last(dt.datetime(2013, 12, 27, 10, 0), auditors=f"班{n}"), order=n) for n in range(3)]
    assert sorted(starts(propose_schedule(requests, rules)).values()) == [
        dt.datetime(2016, 12, 27, 10, 0), dt.datetime(2016, 12, 28, 10, 0), dt.datetime(2017, 1, 4, 10, 0)
    ]


def test_never_more_than_the_limits_per_day_and_per_week():
    requests = [request(n, 2017, previous=last(dt.datetime(2014, 10, 6, 10, 0), auditors=f"班{n}"), order=n) for n in range(11)]
    schedule = propose_schedule(requests, RULES)
    days = [p.starts_at.date() for p in schedule.proposed]
    assert len(days) == 11 and not schedule.unplaced
    assert max(Counter(days).values()) == 2
    weeks = Counter(d - dt.timedelta(days=d.weekday()) for d in days)
    # Fri 10/6 takes two, then four a week (10/9 is 体育の日), the last one on 10/23
    assert sorted(weeks.items()) == [(dt.date(2017, 10, 2), 2), (dt.date(2017, 10, 9), 4), (dt.date(2017, 10, 16), 4), (dt.date(2017, 10, 23), 1)]
    assert min(days) == dt.date(2017, 10, 6)  # Friday: the day of the last audit, moved into 2017
    assert all(jpholiday.is_holiday(d) is False and d.weekday() < 5 for d in days)
    assert dt.date(2017, 10, 9) not in days  # 体育の日


def test_an_auditor_is_never_in_two_places_at_once():
    requests = [
        request(1, 2017, previous=last(dt.datetime(2014, 10, 21, 13, 30), auditors="市町村課、情報システム推進室")),
        request(2, 2017, previous=last(dt.datetime(2014, 10, 21, 13, 30), auditors="情報システム推進室"), order=1),
        request(3, 2017, previous=last(dt.datetime(2014, 10, 21, 13, 30), auditors="監査法人"), order=2),
    ]
    busy = [BusyTime(dt.datetime(2017, 10, 23, 14, 0), None, "監査法人")]  # already dated: 14:00–16:00
    rules = ScheduleRules(per_day=4, per_week=5, closed=CLOSED)
    schedule = propose_schedule(requests, rules, busy)
    assert starts(schedule) == {
        1: dt.datetime(2017, 10, 23, 13, 30),  # 2017-10-21 is a Saturday: the Monday, at the last time
        2: dt.datetime(2017, 10, 23, 10, 0),  # 情報システム推進室 is at 1 at 13:30: the other slot
        3: dt.datetime(2017, 10, 23, 10, 0),  # 監査法人 is busy from 14:00; other auditors at 10:00 do not matter
    }
    placed = [(p.starts_at, p.ends_at, {auditor_key(n) for n in auditor_names(p.auditors)}) for p in schedule.proposed]
    placed += [(b.starts_at, b.end, {auditor_key(n) for n in auditor_names(b.auditors)}) for b in busy]
    for i, (s1, e1, a1) in enumerate(placed):
        for s2, e2, a2 in placed[i + 1:]:
            assert not (s1 < e2 and s2 < e1 and a1 & a2), (s1, s2, a1 & a2)
    per_day = Counter(s.date() for s, _e, _a in placed)
    assert max(per_day.values()) <= 4


def test_the_same_input_gives_the_same_schedule_in_any_order():
    requests = [
        request(n, 2017, previous=last(dt.datetime(2014, 10 + n % 3, 1 + n, 10 if n % 2 else 13, 0), auditors=f"班{n % 3}"), order=n)
        for n in range(12)
    ]
    first = propose_schedule(requests, RULES)
    shuffled = list(requests)
    random.Random(7).shuffle(shuffled)
    assert propose_schedule(shuffled, RULES) == first
    assert propose_schedule(requests, RULES) == first


def test_without_a_last_audit_the_organisations_defaults_from_the_season_start():
    rules = ScheduleRules(season=(7, 12), closed=CLOSED, auditors={"external": "監査法人"}, methods={"external": ("log_analysis",)}, place="各機関の会議室")
    (item,) = propose_schedule([request(1, 2018, kind="external")], rules).proposed
    assert item.starts_at == dt.datetime(2018, 7, 2, 10, 0)  # 7/1 is a Sunday; the first time slot
    assert (item.auditors, item.methods, item.place) == ("監査法人", ("log_analysis",), "各機関の会議室")
    (item,) = propose_schedule([request(1, 2018, kind="external")], ScheduleRules()).proposed
    assert item.place == "台帳の所在地"  # no default place: the registry's address


def test_a_season_too_short_leaves_the_rest_undated_with_the_reason():
    rules = ScheduleRules(season=(8, 8), per_day=1, per_week=1)
    requests = [request(n, 2017, order=n) for n in range(6)]
    schedule = propose_schedule(requests, rules)
    assert len(schedule.proposed) == 5  # five weeks touch August 2017 (31st is a Thursday)
    assert len(schedule.unplaced) == 1
    assert "1日1件・1週1件の上限" in schedule.notes()[0] and "機関5の内部監査" in schedule.notes()[0]


@pytest.mark.parametrize(
    "text, expected", [("07-12", (7, 12)), ("7月〜12月", (7, 12)), ("１０－２", (10, 2)), ("4-3", (4, 3))]
)
def test_the_season_setting(text, expected):
    assert parse_season(text) == expected


@pytest.mark.parametrize("text", ["", "7", "12-07", "13-1", "七月"])
def test_a_bad_season_names_the_setting(text):
    with pytest.raises(ValidationError) as info:
        parse_season(text)
    assert "監査を行う時期" in str(info.value) and info.value.field == "audit_season"


def test_time_slots_and_methods_settings():
    assert parse_time_slots("9:30-11:30、１３：３０〜１５：００") == ((dt.time(9, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(15, 0)))
    with pytest.raises(ValidationError, match="監査の時間帯"):
        parse_time_slots("12:00-10:00")
    assert parse_methods("現地調査・聞き取り") == ("hearing", "site_visit")
    with pytest.raises(ValidationError, match="電話"):
        parse_methods("聞き取り・電話")


def test_the_settings_are_checked_when_saved(demo_db):
    before = sql_dump(demo_db.path)
    for values in ({"audit_season": "12-07"}, {"audits_per_day_max": 0}, {"audit_time_slots": "朝"}):
        with pytest.raises(ValidationError), demo_db.transaction() as session:
            save_settings(session, values)
    assert sql_dump(demo_db.path) == before


def test_fy2017_new_cycle_on_the_demo_every_audit_dated_by_the_rules(demo_db):
    with demo_db.transaction() as session:
        result = prepare_year(session, 2017)
    assert result.plan_added == 17 and result.scheduled == 17 and not result.schedule_notes
    assert "監査の日程: 予定17件に日時・監査人・方法・場所の案を入れました（監査カレンダーで直せます）" in result.lines()
    with demo_db.session() as session:
        audits = list(session.scalars(select(Audit).where(Audit.fy.in_([2017, 2018, 2019]))))
        assert len(audits) == 17
        for audit in audits:
            assert audit.status == "planned" and audit.starts_at is not None, audit.institution.code
            assert audit.auditors and audit.methods and audit.place
            day = audit.starts_at.date()
            assert dt.date(audit.fy, 7, 1) <= day <= dt.date(audit.fy, 12, 28)
            assert day.weekday() < 5 and not jpholiday.is_holiday(day)
        # the organisation's pattern is kept: internal audits in Oct/Nov by the prefecture's
        # staff, external audits in December by the contractor, at the last audit's time
        by_code = {(a.fy, a.institution.code): a for a in audits}
        assert by_code[(2017, "102")].starts_at == dt.datetime(2017, 10, 23, 13, 30)  # 2014-10-21 → Sat → Mon
        assert by_code[(2017, "209")].auditors == "TIS㈱" and by_code[(2017, "209")].starts_at.month == 12
        assert by_code[(2017, "209")].place == "長野合同庁舎"
        for fy in (2017, 2018, 2019):
            assert year_warnings(session, fy) == {}  # no weekend, holiday, closing day or auditor clash
            days = Counter(a.starts_at.date() for a in audits if a.fy == fy)
            assert max(days.values()) <= 2
    before = sql_dump(demo_db.path)
    with demo_db.transaction() as session:
        assert not prepare_year(session, 2017).changed  # a second 年度更新 changes nothing
    assert sql_dump(demo_db.path) == before


def _undate(db, fy: int) -> None:
    from dataclasses import replace as copy

    from jukidesk.core.audits import AuditData, list_audits, update_audit

    with db.transaction() as session:
        for audit in list_audits(session, fy):
            update_audit(session, audit.id, copy(AuditData.of(audit), starts_at=None, ends_at=None))


def test_the_plan_step_offers_the_schedule_and_the_cli_applies_it(demo_db, demo_path, capsys):
    from jukidesk.cli import main
    from jukidesk.core.year_progress import year_overview

    _undate(demo_db, 2014)
    with demo_db.session() as session:
        step = year_overview(session, 2014, today=dt.date(2014, 4, 7)).step("plan")
    assert "日程未定 5件" in step.detail and step.action == "schedule" and step.action_label == "日程の案を入れる"
    assert main(["year", "schedule", "--db", str(demo_path), "--fy", "2014"]) == 0
    out = capsys.readouterr().out
    assert "日程の案を入れました: 5件" in out and "職員課の内部監査: 2014年10月20日（月） 13:30〜15:30" in out
    with demo_db.session() as session:
        assert year_overview(session, 2014, today=dt.date(2014, 4, 7)).step("plan").status == "done"
        assert year_warnings(session, 2014) == {}


def test_without_room_in_the_season_the_step_sends_the_clerk_to_the_calendar(demo_db):
    from jukidesk.core.year_progress import year_overview

    _undate(demo_db, 2014)
    with demo_db.transaction() as session:  # February only, one audit a week: four weeks for five audits
        save_settings(session, {"audit_season": "02-02", "audits_per_week_max": 1, "audits_per_day_max": 1})
    with demo_db.session() as session:
        before = year_overview(session, 2014, today=dt.date(2014, 4, 7)).step("plan").action
    assert before == "schedule"  # February 2015 (1st a Sunday) has four weeks
    with demo_db.transaction() as session:
        from jukidesk.core.year_workflow import schedule_year

        schedule = schedule_year(session, 2014)
    assert len(schedule.proposed) == 4 and len(schedule.unplaced) == 1
    assert "日程を決められませんでした" in schedule.notes()[0]
    with demo_db.session() as session:
        step = year_overview(session, 2014, today=dt.date(2014, 4, 7)).step("plan")
    assert "日程未定 1件" in step.detail and step.action == "calendar"


def test_yearly_update_never_adds_an_audit_to_a_year_gone_by(demo_db):
    from jukidesk.core.planner import follow_registry
    from jukidesk.core.registry import list_institutions, retire_institution
    from jukidesk.core.year_progress import unplanned_institutions

    with demo_db.transaction() as session:  # ものづくり振興課 (105, planned FY2015) retired after FY2014
        inst = next(i for i in list_institutions(session) if i.code == "105")
        retire_institution(session, inst.id, 2014)
        follow_registry(session, inst.id, dt.date(2015, 4, 1))  # as the registry action does: its FY2015 audit goes
        assert [i.code for i in unplanned_institutions(session, 2015)] == ["105"]  # due in the cycle (FY2014)
    with demo_db.transaction() as session:
        result = prepare_year(session, 2015)
    assert result.plan_added == 0  # its only year is past: left to the clerk, never put into FY2014
    with demo_db.session() as session:
        assert not session.scalars(select(Audit).where(Audit.institution_id == inst.id, Audit.fy >= 2014)).all()
