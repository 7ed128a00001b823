"""Every add and edit goes through the record kind's checks: a bad value raises a
ValidationError naming the field, and nothing is stored."""

import datetime as dt

import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.core.municipal import contracts, emergency, meetings, roster, rules, training
from jukidesk.core.municipal.records import add_record, defaults, delete_record, parse_date, update_record, values_of
from jukidesk.storage.models import Institution
from jukidesk.storage.models_municipal import CommitteeMember, Meeting, Staff, TrainingCourse
from tests.conftest import sql_dump

from .conftest import DEMO_FY


def _site(session, code="201"):
    return session.scalars(select(Institution).where(Institution.code == code)).one()


def _expect_refusal(db, path, kind, values, ctx, field, match, *, record_id=None):
    before = sql_dump(path)
    with pytest.raises(ValidationError, match=match) as info:
        with db.transaction() as session:
            given = values(session) if callable(values) else values
            raw = {**defaults(session, kind, ctx), **given}
            if record_id is None:
                add_record(session, kind, raw, ctx)
            else:
                update_record(session, kind, record_id(session), raw, ctx)
    assert info.value.field == field
    assert sql_dump(path) == before


def test_valid_records_of_every_view_are_stored(city_db, ctx):
    with city_db.transaction() as session:
        site = _site(session).id
        add_record(session, roster.ROSTER, {"role": "操作者", "person": "試験 太郎", "starts_on": "2026-11-01"}, ctx)
        member = add_record(session, training.STAFF, {
            "code": "T001", "name": "試験 花子", "institution_id": site, "starts_on": dt.date(2026, 4, 1)}, ctx)
        course = session.scalars(select(TrainingCourse).where(TrainingCourse.kind == "elearning")).one()
        add_record(session, training.COMPLETION, {"staff_id": member.id, "completed_on": "2026/11/19"}, ctx.with_parent(course.id))
        add_record(session, emergency.DRILL, {"held_on": dt.date(2026, 11, 19), "scenario": "地震による停電"}, ctx)
        meeting = add_record(session, meetings.MEETING, {
            "kind": "management", "title": "臨時会議", "held_on": dt.date(2026, 11, 19), "web": True}, ctx)
        add_record(session, rules.RULE, {"title": "新しい手順書", "kind": "procedure", "status": "missing"}, ctx)
        add_record(session, contracts.CONTRACT, {
            "vendor": "試験株式会社", "subject": "保守", "starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2027, 3, 31)}, ctx)
        # a new management meeting starts with the eight standing agenda items; the label
        # of a choice is accepted as well as its code
        assert len(meeting.agenda) == 8
        assert add_record(session, rules.RULE, {"title": "規程２", "kind": "例規", "status": "未整備"}, ctx).kind == "rule"
    with city_db.session() as session:
        assert session.scalars(select(Staff).where(Staff.code == "T001")).one().name == "試験 花子"


def test_edit_keeps_the_record_and_its_year(city_db, ctx):
    with city_db.transaction() as session:
        course = session.scalars(select(TrainingCourse).where(TrainingCourse.kind == "practical")).one()
        values = values_of(training.COURSE, course)
        values["title"] = "端末操作実務研修（改）"
        # editing while another year is selected does not move the course
        update_record(session, training.COURSE, course.id, values, ctx.__class__(2030, ctx.as_of))
    with city_db.session() as session:
        course = session.get(TrainingCourse, course.id)
        assert (course.title, course.fy) == ("端末操作実務研修（改）", DEMO_FY)


@pytest.mark.parametrize(
    ("kind", "values", "field", "match"),
    [
        (roster.ROSTER, {"role": "操作者", "person": ""}, "person", "「氏名」を入力"),
        (roster.ROSTER, {"role": "操作者", "person": "甲", "starts_on": "2026-10-01", "ends_on": "2026-09-30"}, "ends_on", "退任日"),
        (roster.ROSTER, {"role": "操作者", "person": "甲", "starts_on": "2026-13-01"}, "starts_on", "「就任日」の日付が正しくありません"),
        (training.STAFF, lambda s: {"code": "M001", "name": "甲", "institution_id": _site(s).id}, "code", "職員番号「M001」は既に"),
        (training.STAFF, {"code": "T9", "name": "甲", "institution_id": 9999}, "institution_id", "所属"),
        (training.COURSE, {"kind": "elearning", "title": "住基ネットセキュリティ研修（e-ラーニング）"}, "title", "既にあります"),
        (training.COURSE, {"kind": "elearning", "title": "新研修", "planned_from": "2027-04-01"}, "planned_from", "年度"),
        (training.COURSE, {"kind": "seminar", "title": "新研修"}, "kind", "「区分」の値が正しくありません"),
        (emergency.EMERGENCY_DOCUMENT, {"kind": "plan", "title": "計画", "revised_on": None}, "revised_on", "「改訂日」を入力"),
        (emergency.DRILL, {"held_on": "2026-11-01", "scenario": " "}, "scenario", "想定"),
        (meetings.MEETING, {"kind": "council", "title": "審議会", "written": True, "materials_sent_on": "2026-11-01"}, "opinions_due_on", "回答期限"),
        (meetings.MEETING, {"kind": "council", "title": "審議会", "written": True, "materials_sent_on": "2026-11-10", "opinions_due_on": "2026-11-01"}, "opinions_due_on", "より前"),
        (meetings.MEETING, {"kind": "council", "title": "審議会", "held_on": "2026-11-10"}, "place", "場所"),
        (meetings.MEETING, {"kind": "council", "title": "審議会", "held_on": "2025-11-10", "place": "会議室"}, "held_on", "選択中の年度"),
        (meetings.MEMBER, {"name": "甲", "role": "chair", "term_start": "2026-04-01", "term_end": "2028-03-31"}, "role", "会長は1人だけ"),
        (meetings.MEMBER, {"name": "甲", "role": "member", "term_start": "2026-04-01", "term_end": "2026-03-31"}, "term_end", "任期の終了"),
        (rules.RULE, {"title": "ログ解析手順書", "kind": "procedure", "status": "missing"}, "title", "既に登録"),
        (rules.RULE, {"title": "新規程", "kind": "rule", "status": "ready"}, "revised_on", "最終改正日"),
        (contracts.CONTRACT, {"vendor": "甲", "subject": "乙", "privacy_mark_number": "123"}, "privacy_mark_expires_on", "有効期限"),
        (contracts.CONTRACT, {"vendor": "甲", "subject": "乙", "requirements_checked": True}, "checked_on", "確認日"),
        (contracts.CONTRACT, {"vendor": "甲", "subject": "乙", "ends_on": "2026-01-01"}, "ends_on", "契約期間（終了）"),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_stored(city_db, city_path, ctx, kind, values, field, match):
    _expect_refusal(city_db, city_path, kind, values, ctx, field, match)


def test_completion_rules(city_db, city_path, ctx):
    def course(session):
        return session.scalars(select(TrainingCourse).where(TrainingCourse.kind == "elearning")).one()

    def staff(session, code):
        return session.scalars(select(Staff).where(Staff.code == code)).one().id

    with city_db.session() as session:
        parent = ctx.with_parent(course(session).id)
    cases = [
        (lambda s: {"staff_id": staff(s, "M001"), "completed_on": "2026-11-01"}, "staff_id", "既に記録"),
        (lambda s: {"staff_id": staff(s, "M004"), "completed_on": "2027-04-01"}, "completed_on", "年度"),
        (lambda s: {"staff_id": staff(s, "M023"), "completed_on": "2026-08-01"}, "completed_on", "在籍していません"),
        (lambda s: {"staff_id": None, "completed_on": "2026-08-01"}, "staff_id", "「職員」を選んで"),
    ]
    for values, field, match in cases:
        _expect_refusal(city_db, city_path, training.COMPLETION, values, parent, field, match)
    # a completion needs its course
    with pytest.raises(ValidationError, match="先に研修を選んで"):
        with city_db.transaction() as session:
            add_record(session, training.COMPLETION, {"staff_id": staff(session, "M004"), "completed_on": "2026-11-01"}, ctx)


def test_written_procedure_replies(city_db, city_path, ctx):
    def member(session, name):
        return session.scalars(select(CommitteeMember).where(CommitteeMember.name == name)).one().id

    with city_db.session() as session:
        held = session.scalars(select(Meeting).where(Meeting.written.is_(False))).one().id
        written = session.scalars(select(Meeting).where(Meeting.written.is_(True))).one().id
    _expect_refusal(city_db, city_path, meetings.REPLY, lambda s: {"member_id": member(s, "坂井 典子"), "received_on": "2026-10-01"},
                    ctx.with_parent(held), "member_id", "書面開催ではない")
    _expect_refusal(city_db, city_path, meetings.REPLY, lambda s: {"member_id": member(s, "小松 和夫"), "received_on": "2026-10-01"},
                    ctx.with_parent(written), "member_id", "既に記録")
    _expect_refusal(city_db, city_path, meetings.REPLY, lambda s: {"member_id": member(s, "坂井 典子"), "received_on": "2026-08-01"},
                    ctx.with_parent(written), "received_on", "資料送付日")
    _expect_refusal(city_db, city_path, meetings.REPLY, lambda s: {"member_id": member(s, "坂井 典子"), "received_on": "2026-10-01", "has_opinion": True},
                    ctx.with_parent(written), "opinion", "意見の内容")
    _expect_refusal(city_db, city_path, meetings.MEETING, lambda s: {**values_of(meetings.MEETING, s.get(Meeting, written)), "written": False, "held_on": "2026-09-01", "place": "会議室"},
                    ctx, "written", "書面開催」を外せません", record_id=lambda s: written)
    with city_db.transaction() as session:
        add_record(session, meetings.REPLY, {"member_id": member(session, "坂井 典子"), "received_on": "2026-10-02"}, ctx.with_parent(written))
    with city_db.session() as session:
        assert meetings.outstanding_replies(session, session.get(Meeting, written)) == []


def test_a_referenced_staff_member_cannot_be_deleted(city_db, city_path):
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="参照されている"):
        with city_db.transaction() as session:
            member = session.scalars(select(Staff).where(Staff.code == "M001")).one()
            delete_record(session, training.STAFF, member.id)
    assert sql_dump(city_path) == before
    with city_db.transaction() as session:
        member = session.scalars(select(Staff).where(Staff.code == "M023")).one()  # no completions
        delete_record(session, training.STAFF, member.id)


def test_parse_date_accepts_what_people_type():
    assert parse_date("2026/4/1", "日", "d") == dt.date(2026, 4, 1)
    assert parse_date(dt.datetime(2026, 4, 1, 9), "日", "d") == dt.date(2026, 4, 1)
    assert parse_date("", "日", "d") is None
    with pytest.raises(ValidationError, match="「日」の日付が正しくありません（入力値: 4月1日）"):
        parse_date("4月1日", "日", "d")
