"""Warnings fire on the right dates: the first day of the window, the day itself, and
not a day earlier or after."""

import datetime as dt

import pytest
from sqlalchemy import select

from jukidesk.core.municipal import inspections
from jukidesk.core.municipal.warnings import collect
from jukidesk.core.settings import save_settings
from jukidesk.storage.models import Institution
from jukidesk.storage.models_municipal import EmergencyDocument

from .conftest import DEMO_TODAY

TERM_END = dt.date(2026, 12, 31)  # 坂井 典子
PMARK_EXPIRES = dt.date(2027, 1, 15)  # みどりシステムサービス, contract until 2027-03-31
REVIEW_DUE = dt.date(2026, 12, 28)  # 取扱要領


def _kinds(session, day, kind):
    return [a for a in collect(session, day) if a.kind == kind]


def test_the_demo_shows_one_warning_of_each_kind_it_is_built_for(city_db):
    with city_db.session() as session:
        alerts = collect(session)  # the demo's reference date
    kinds = [a.kind for a in alerts]
    assert sorted(kinds) == sorted(
        ["reply", "inspection_gap", "inspection_gap", "missing_rule", "review", "term_end", "certificate", "council_reply"]
    )
    assert [a.day for a in alerts] == sorted(a.day for a in alerts)
    term = next(a for a in alerts if a.kind == "term_end")
    assert "坂井 典子" in term.message and "令和8年12月31日" in term.message and "あと41日" in term.message


@pytest.mark.parametrize(
    ("day", "fires"),
    [
        (TERM_END - dt.timedelta(days=91), False),
        (TERM_END - dt.timedelta(days=90), True),  # term_warning_days = 90
        (TERM_END, True),
        (TERM_END + dt.timedelta(days=1), False),  # the term has ended: no longer a member
    ],
)
def test_term_end_warning_window(city_db, day, fires):
    with city_db.session() as session:
        alerts = _kinds(session, day, "term_end")
    assert bool(alerts) == fires
    if fires:
        assert alerts[0].day == TERM_END and "坂井 典子" in alerts[0].message


def test_the_term_warning_period_is_a_setting(city_db):
    with city_db.transaction() as session:
        save_settings(session, {"term_warning_days": 30})
    with city_db.session() as session:
        assert _kinds(session, TERM_END - dt.timedelta(days=31), "term_end") == []
        assert _kinds(session, TERM_END - dt.timedelta(days=30), "term_end")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (PMARK_EXPIRES - dt.timedelta(days=91), None),
        (PMARK_EXPIRES - dt.timedelta(days=90), "近づいています（あと90日"),  # certificate_warning_days = 90
        (PMARK_EXPIRES, "近づいています（本日"),
        (PMARK_EXPIRES + dt.timedelta(days=1), "過ぎています（1日経過"),  # the contract still runs
        (dt.date(2027, 4, 1), None),  # the contract has ended
    ],
)
def test_certificate_expiry_warning_window(city_db, day, text):
    with city_db.session() as session:
        alerts = _kinds(session, day, "certificate")
    if text is None:
        assert alerts == []
    else:
        assert len(alerts) == 1 and text in alerts[0].message and "10820123(04)" in alerts[0].message


def test_review_due_and_missing_rules(city_db):
    with city_db.session() as session:
        assert _kinds(session, REVIEW_DUE - dt.timedelta(days=61), "review") == []
        assert _kinds(session, REVIEW_DUE - dt.timedelta(days=60), "review")
        overdue = _kinds(session, REVIEW_DUE + dt.timedelta(days=5), "review")
        assert "過ぎています" in overdue[0].message
        assert [a.message for a in _kinds(session, DEMO_TODAY, "missing_rule")] == ["「ログ解析手順書」が未整備です。"]


def test_inspection_gaps_look_back_a_set_number_of_days(city_db):
    with city_db.session() as session:
        gaps = _kinds(session, DEMO_TODAY, "inspection_gap")
        assert [a.day for a in gaps] == [dt.date(2026, 11, 5), dt.date(2026, 11, 12)]
        assert "東部地域センター" in gaps[0].message and "（木）" in gaps[0].message
        # 2026-11-05 is 31 days before 2026-12-06: still in; a day later it drops out
        assert dt.date(2026, 11, 5) in [a.day for a in _kinds(session, dt.date(2026, 12, 6), "inspection_gap")]
        assert dt.date(2026, 11, 5) not in [a.day for a in _kinds(session, dt.date(2026, 12, 7), "inspection_gap")]


def test_a_filled_gap_stops_warning(city_db):
    with city_db.transaction() as session:
        site = session.scalars(select(Institution).where(Institution.code == "201")).one()
        inspections.record_inspection(
            session, inspections.InspectionEntry("daily", site.id, dt.date(2026, 11, 5), inspector="林 大輔"), today=DEMO_TODAY
        )
    with city_db.session() as session:
        assert [a.day for a in _kinds(session, DEMO_TODAY, "inspection_gap")] == [dt.date(2026, 11, 12)]


def test_monthly_gap_and_stale_contact_list(city_db):
    day = dt.date(2027, 5, 10)  # FY2027: April is over without monthly sheets, the list is from October
    with city_db.session() as session:
        gaps = [a for a in _kinds(session, day, "inspection_gap") if "月次点検" in a.message]
        assert len(gaps) == 4 and all("令和9年4月" in a.message for a in gaps)
        assert _kinds(session, dt.date(2027, 4, 30), "emergency") == []  # 30 days to renew it after 1 April
        assert _kinds(session, dt.date(2027, 5, 1), "emergency")
        assert _kinds(session, day, "emergency")
    with city_db.transaction() as session:
        session.add(EmergencyDocument(kind="contacts", title="連絡網", version="2027年4月版", revised_on=dt.date(2027, 4, 1)))
    with city_db.session() as session:
        assert _kinds(session, day, "emergency") == []
