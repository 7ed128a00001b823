"""The city demo holds the records of every municipal view, and the figures derived from
them are the ones written in resources/demo/city.toml."""

import datetime as dt

from sqlalchemy import func, select

from jukidesk.core.municipal import (
    contracts,
    council,
    emergency,
    inspections,
    internal_audit,
    meetings,
    roster,
    rules,
    training,
)
from jukidesk.core.municipal.kinds import PARENT_OF, RECORD_KINDS, VIEWS
from jukidesk.core.municipal.records import format_rate, table
from jukidesk.core.settings import reference_date
from jukidesk.storage.models_municipal import InspectionRecord, Meeting

from .conftest import DEMO_FY, DEMO_TODAY


def test_the_demo_has_an_explicit_reference_date(city_db):
    with city_db.session() as session:
        assert reference_date(session) == DEMO_TODAY
        assert reference_date(session, dt.date(2030, 1, 1)) == dt.date(2030, 1, 1)


def test_roster_as_of_a_date_follows_the_handover(city_db):
    with city_db.session() as session:
        before = {a.role: a.person for a in roster.roster_as_of(session, dt.date(2026, 9, 30))}
        after = {a.role: a.person for a in roster.roster_as_of(session, dt.date(2026, 10, 1))}
        spring = {a.role: a.person for a in roster.roster_as_of(session, dt.date(2026, 3, 31))}
        current = roster.roster_as_of(session, DEMO_TODAY)
    assert before["システム管理者"] == "赤坂 光一" and after["システム管理者"] == "黒田 尚美"
    assert spring["セキュリティ責任者"] == "白井 俊夫" and after["セキュリティ責任者"] == "青山 恭子"
    # in the order of the roster_roles setting
    assert [a.role for a in current][:3] == ["セキュリティ統括責任者", "セキュリティ責任者", "システム管理者"]
    assert len(current) == 9


def test_training_rates_and_the_not_completed_list(city_db):
    with city_db.session() as session:
        status = {s.course.title: s for s in training.training_status(session, DEMO_FY)}
        staff = training.staff_in_year(session, DEMO_FY)
        missing = {n.staff.code: [c.kind for c in n.courses] for n in training.not_completed(session, DEMO_FY)}
    assert len(staff) == 30
    elearning = status["住基ネットセキュリティ研修（e-ラーニング）"]
    practical = status["住基ネット端末操作実務研修"]
    # 28 in post on 31 March + 佐野 (left in September after completing both)
    assert (len(elearning.targets), len(elearning.completed)) == (29, 25)
    assert (len(practical.targets), len(practical.completed)) == (29, 27)
    assert format_rate(elearning.rate) == "86.2%" and format_rate(practical.rate) == "93.1%"
    assert status["新任操作者説明会"].rate is None  # optional course: no rate
    assert missing == {
        "M004": ["elearning"],
        "M011": ["practical"],
        "M017": ["elearning"],
        "M026": ["elearning"],
        "M030": ["elearning", "practical"],
    }
    assert "M023" not in missing  # left in June, before the due date


def test_emergency_documents_and_drills(city_db):
    with city_db.session() as session:
        current = emergency.current_documents(session, DEMO_TODAY)
        earlier = emergency.current_documents(session, dt.date(2026, 9, 1))
        drills = emergency.drills_in_year(session, DEMO_FY)
    assert current["plan"].version == "第4版" and current["contacts"].version == "2026年10月版"
    assert earlier["contacts"].version == "2026年4月版"
    assert [d.held_on for d in drills] == [dt.date(2026, 6, 18), dt.date(2026, 10, 22)]


def test_daily_inspections_have_two_gaps_and_monthly_twelve_months(city_db):
    with city_db.session() as session:
        october = inspections.daily_grid(session, 2026, 10, DEMO_TODAY)
        november = inspections.daily_grid(session, 2026, 11, DEMO_TODAY)
        september = inspections.daily_grid(session, 2026, 9, DEMO_TODAY)
        monthly = session.scalar(select(func.count(InspectionRecord.id)).where(InspectionRecord.kind == "monthly"))
        complete = inspections.completeness(session, DEMO_FY, DEMO_TODAY)
        sites = [s.name for s in october.sites]
    assert sites == ["市民課", "東部地域センター", "西部地域センター", "南部地域センター"]
    assert october.gaps == [] and october.count(inspections.NG) == 1
    assert [(s.name, d) for s, d in november.gaps] == [
        ("東部地域センター", dt.date(2026, 11, 5)),
        ("南部地域センター", dt.date(2026, 11, 12)),
    ]
    site = october.sites[0].id
    assert november.cell(site, dt.date(2026, 11, 3)).status == inspections.CLOSED  # 文化の日
    assert november.cell(site, dt.date(2026, 11, 7)).status == inspections.CLOSED  # Saturday
    assert november.cell(site, dt.date(2026, 11, 20)).status == inspections.PENDING  # today
    assert september.count(inspections.NO_SHEET) == len(september.cells)  # before the daily sheet existed
    assert monthly == 12 * 4
    assert (complete["daily"].expected, complete["daily"].recorded, complete["daily"].with_findings) == (136, 134, 1)
    assert (complete["monthly"].expected, complete["monthly"].missing) == (28, 0)


def test_meetings_committee_rules_and_contracts(city_db):
    with city_db.session() as session:
        held = meetings.meetings_in_year(session, DEMO_FY)
        management, council = held
        members = meetings.members_on(session, DEMO_TODAY)
        waiting = meetings.outstanding_replies(session, council)
        missing = rules.missing_rules(session)
        running = contracts.contracts_in_year(session, DEMO_FY)
        agenda_titles = [a.title for a in management.agenda]
        replies = len(council.replies)
    assert (management.kind, management.written) == ("management", False)
    assert (council.kind, council.written) == ("council", True)
    assert len(agenda_titles) == 8 and agenda_titles[0].startswith("住基ネット管理運用に係る責任体制")
    assert [m.role for m in members[:2]] == ["chair", "deputy"] and len(members) == 6
    assert replies == 5 and [m.name for m in waiting] == ["坂井 典子"]
    assert [r.title for r in missing] == ["ログ解析手順書"]
    assert len(running) == 2


def test_every_view_lists_its_records_as_a_table(city_db, ctx):
    with city_db.session() as session:
        held = session.scalars(select(Meeting).where(Meeting.written.is_(False))).first()
        written = session.scalars(select(Meeting).where(Meeting.written.is_(True))).first()
        course = training.courses_of(session, DEMO_FY)[1]
        decision = council.decision_of(session, DEMO_FY)
        parents = {
            "agenda": held.id, "attendance": held.id, "reply": written.id, "completion": course.id,
            "council_reply": decision.id,
            "audit_method": internal_audit.reports_of(session, DEMO_FY)[0].id,
            "audit_proposal": internal_audit.reports_of(session, DEMO_FY)[0].id,
        }
        for view in VIEWS:
            for key in view.kinds:
                kind = RECORD_KINDS[key]
                assert (key in parents) == (key in PARENT_OF)
                parent = parents.get(key)
                data = table(session, kind, ctx.with_parent(parent))
                assert data.rows, f"{view.label}: {kind.label} is empty in the demo"
                assert all(len(row) == len(data.headers) for row in data.rows)
                assert len(data.text_rows()) == len(data.ids)
