"""The clerk's year in the core: the steps' statuses on the demo at chosen days, 年度更新
(prepare_year) and its idempotence, the plan step, the actions' rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from jukidesk.base.errors import ValidationError
from jukidesk.core.audits import AuditData, delete_audit, list_audits, update_audit, update_finding
from jukidesk.core.checklists import Entry, complete_checklist, load_sheet, save_answer
from jukidesk.core.registry import InstitutionData, add_institution, list_institutions, retire_institution
from jukidesk.core.settings import save_settings
from jukidesk.core.year_events import record_event
from jukidesk.core.year_progress import (
    ATTENTION,
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    date_in_fiscal_year,
    parse_month_day,
    year_overview,
)
from jukidesk.core.year_workflow import apply_year_plan, mark_done, mark_notified, prepare_year
from jukidesk.storage.models import Audit, Checklist, ChecklistTemplate
from tests.conftest import sql_dump

APRIL = dt.date(2014, 4, 7)


def overview(db, fy=2014, today=APRIL):
    with db.session() as session:
        return year_overview(session, fy, today=today)


def code_id(session, code: str) -> int:
    return next(i.id for i in list_institutions(session) if i.code == code)


@pytest.mark.parametrize("text, expected", [("06-30", (6, 30)), ("6/30", (6, 30)), ("６月３０日", (6, 30)), ("3-31", (3, 31))])
def test_due_dates_are_read_as_month_and_day(text, expected):
    assert parse_month_day(text) == expected


@pytest.mark.parametrize("text", ["", "30-06", "2014-06-30", "02-29", "六月"])
def test_a_due_date_that_is_not_a_day_names_the_setting(text):
    with pytest.raises(ValidationError) as info:
        parse_month_day(text)
    assert "自己点検の提出期限" in str(info.value) and info.value.field == "self_check_due"


def test_january_to_march_belong_to_the_next_calendar_year():
    assert date_in_fiscal_year(2014, 6, 30) == dt.date(2014, 6, 30)
    assert date_in_fiscal_year(2014, 3, 31) == dt.date(2015, 3, 31)


def test_the_settings_refuse_a_bad_due_date_and_a_negative_lead(demo_db):
    before = sql_dump(demo_db.path)
    for values in ({"self_check_due": "6月31日"}, {"notice_lead_days": -1}):
        with pytest.raises(ValidationError):
            with demo_db.transaction() as session:
                save_settings(session, values)
    assert sql_dump(demo_db.path) == before


def test_the_demo_year_2013_as_of_the_start_of_2014(demo_db):
    result = overview(demo_db, 2013)
    assert result.statuses() == {
        "prepare": IN_PROGRESS,  # the external audits of 12/18 have no checklist yet
        "distribute": DONE,  # no record of the export, but the checklists came back
        "collect": DONE,
        "plan": DONE,
        "notify": DONE,
        "results": ATTENTION,  # 12/18 passed, results not entered
        "findings": DONE,
        "report": NOT_STARTED,
    }
    assert "松本地方事務所（外部監査 12月18日）" in result.step("results").detail
    assert result.step("results").action == "enter_results"
    assert result.counts.returned == result.counts.targets == 19
    assert result.counts.next_audit is None


def test_prepare_year_is_shown_first_and_changes_nothing_the_second_time(demo_db):
    before = sql_dump(demo_db.path)
    with demo_db.session() as session:
        preview = prepare_year(session, 2014, dry_run=True)
        session.rollback()
    assert sql_dump(demo_db.path) == before
    assert preview.created == {"self": 19, "internal": 3, "external": 2} and preview.changed
    assert "自己点検のチェックリスト 19件を作成します" in preview.lines()

    with demo_db.transaction() as session:
        done = prepare_year(session, 2014)
    assert done.created == preview.created
    with demo_db.session() as session:
        rows = session.execute(
            select(Checklist.kind, func.count(), func.min(Checklist.status)).where(Checklist.fy == 2014).group_by(Checklist.kind)
        ).all()
        version = session.scalars(select(ChecklistTemplate.id)).all()
        templates = {c.template_id for c in session.scalars(select(Checklist).where(Checklist.fy == 2014))}
    assert sorted(rows) == [("external", 2, "open"), ("internal", 3, "open"), ("self", 19, "open")]
    assert templates == set(version)  # the version in force
    assert overview(demo_db).step("prepare").status == DONE

    after_first = sql_dump(demo_db.path)
    with demo_db.transaction() as session:
        again = prepare_year(session, 2014)
    assert not again.changed and "変更はありません" in again.lines()[-1]
    assert sql_dump(demo_db.path) == after_first


def test_prepare_year_reports_who_joins_and_who_leaves(demo_db):
    with demo_db.transaction() as session:
        add_institution(session, InstitutionData(code="211", name="新設課", kind="user", valid_from_fy=2014))
        retire_institution(session, code_id(session, "107"), 2013)
        retire_institution(session, code_id(session, "106"), 2014)
    with demo_db.transaction() as session:
        result = prepare_year(session, 2014)
    text = "\n".join(result.lines())
    assert "新規 新設課" in text and "前年度で廃止 国際課" in text and "本年度で終了 建築指導課" in text
    assert result.created["self"] == 19  # one joins, one leaves
    with demo_db.session() as session:
        codes = {c.institution.code for c in session.scalars(select(Checklist).where(Checklist.fy == 2014, Checklist.kind == "self"))}
    assert "211" in codes and "107" not in codes


def test_prepare_year_applies_the_cycle_plan_when_there_is_none(demo_db):
    with demo_db.transaction() as session:
        for fy in (2014, 2015, 2016):
            for audit in list_audits(session, fy):
                delete_audit(session, audit.id)
    assert overview(demo_db).step("plan").status == NOT_STARTED
    assert overview(demo_db).step("plan").action == "apply_plan"
    with demo_db.transaction() as session:
        result = prepare_year(session, 2014)
    assert result.plan_added == 17  # every 事務利用機関 once in the cycle
    assert result.created == {"self": 19, "internal": 3, "external": 2}
    with demo_db.session() as session:
        per_year = dict(session.execute(select(Audit.fy, func.count()).where(Audit.fy >= 2014).group_by(Audit.fy)).all())
    assert per_year == {2014: 5, 2015: 6, 2016: 6}  # the previous cycle's counts 3+2, 4+2, 4+2
    assert result.scheduled == 17  # every audit of the cycle got a proposed date (core.scheduler)
    step = overview(demo_db).step("plan")
    assert step.status == DONE and "日程未定" not in step.detail
    before = sql_dump(demo_db.path)
    with demo_db.transaction() as session:
        assert not prepare_year(session, 2014).changed
    assert sql_dump(demo_db.path) == before


def test_without_a_possible_plan_the_rest_of_the_year_is_still_prepared(demo_db):
    with demo_db.transaction() as session:
        for fy in (2014, 2015, 2016):
            for audit in list_audits(session, fy):
                delete_audit(session, audit.id)
        save_settings(session, {"cycle_first_fy": 2014})  # a first cycle: no earlier counts to plan from
    with demo_db.transaction() as session:
        result = prepare_year(session, 2014)
    assert result.plan_added == 0 and "件数を指定してください" in result.plan_problem
    assert result.created["self"] == 19
    assert any(line.startswith("監査計画: 作成できませんでした") for line in result.lines())
    assert overview(demo_db).step("plan").action == "calendar"


def test_prepare_year_without_a_template_is_refused(empty_db):
    before = sql_dump(empty_db.path)
    with pytest.raises(ValidationError, match="テンプレートがありません"):
        with empty_db.transaction() as session:
            prepare_year(session, 2014)
    assert sql_dump(empty_db.path) == before


def test_missing_year_of_a_cycle_plan_is_applied_to_that_year_only(demo_db):
    with demo_db.transaction() as session:
        for audit in list_audits(session, 2014):
            delete_audit(session, audit.id)
        later = {(a.fy, a.kind, a.institution.code, a.starts_at) for fy in (2015, 2016) for a in list_audits(session, fy)}
    step = overview(demo_db).step("plan")
    assert step.status == ATTENTION and "計画に入っていない機関が5" in step.detail
    with demo_db.session() as session:
        preview = prepare_year(session, 2014, dry_run=True)
        session.rollback()
    assert (preview.plan_added, preview.scheduled) == (5, 5)
    assert preview.created == {"self": 19, "internal": 3, "external": 2}
    with demo_db.transaction() as session:
        # 年度更新 completes the cycle's plan: only the institutions it misses are added (and dated)
        result = prepare_year(session, 2014)
    assert result.plan_added == 5 and result.scheduled == 5
    assert result.created == {"self": 19, "internal": 3, "external": 2}  # the audits get their checklists
    assert overview(demo_db).step("plan").status == DONE
    with demo_db.transaction() as session:
        again = apply_year_plan(session, 2014)
    assert again.added == 0 and again.year_counts == {"internal": 3, "external": 2}
    with demo_db.session() as session:
        codes = sorted(a.institution.code for a in list_audits(session, 2014))
        kept = {(a.fy, a.kind, a.institution.code, a.starts_at) for fy in (2015, 2016) for a in list_audits(session, fy)}
        # the proposed days follow the last audits (FY2011: 10/18 → 2014-10-18 is a Saturday → 10/20)
        days = {a.institution.code: a.starts_at for a in list_audits(session, 2014)}
    assert codes == ["102", "103", "106", "209", "210"]
    assert days["102"] == dt.datetime(2014, 10, 20, 13, 30)
    assert kept == later  # the rest of the cycle is untouched


def _schedule(session, fy=2014):
    days = {"102": (10, 21), "103": (10, 28), "106": (11, 11), "209": (12, 9), "210": (12, 10)}
    for audit in list_audits(session, fy):
        month, day = days[audit.institution.code]
        starts = dt.datetime(fy, month, day, 13, 30)
        update_audit(session, audit.id, replace(AuditData.of(audit), starts_at=starts, ends_at=None))


def test_self_inspection_collection_counts_days_past_the_due_date(demo_db):
    with demo_db.transaction() as session:
        prepare_year(session, 2014)
    assert overview(demo_db, today=dt.date(2014, 6, 30)).step("collect").status == NOT_STARTED
    late = overview(demo_db, today=dt.date(2014, 7, 3)).step("collect")
    assert late.status == ATTENTION and "H26.6.30（月）を3日超過" in late.detail
    with demo_db.transaction() as session:
        save_settings(session, {"self_check_due": "07-31"})
    assert "あと28日" in overview(demo_db, today=dt.date(2014, 7, 3)).step("collect").detail


def test_notices_are_due_two_weeks_before_and_results_after_the_day(demo_db):
    with demo_db.transaction() as session:
        prepare_year(session, 2014)
        _schedule(session)
    early = overview(demo_db, today=dt.date(2014, 10, 6)).step("notify")
    assert early.status == NOT_STARTED and "H26.10.7（火）までに" in early.detail
    due = overview(demo_db, today=dt.date(2014, 10, 7)).step("notify")
    assert due.status == ATTENTION and due.action == "notices" and "通知が必要 1件" in due.detail
    with demo_db.transaction() as session:
        save_settings(session, {"notice_lead_days": 40})
    assert "通知が必要 3件" in overview(demo_db, today=dt.date(2014, 10, 7)).step("notify").detail
    with demo_db.transaction() as session:
        save_settings(session, {"notice_lead_days": 14})
        first = list_audits(session, 2014)[0]
        assert mark_notified(session, [first.id, first.id], dt.date(2014, 10, 7)) == ["職員課"]
        first_id, inst_id = first.id, first.institution_id
    assert overview(demo_db, today=dt.date(2014, 10, 8)).step("notify").status == IN_PROGRESS

    on_the_day = overview(demo_db, today=dt.date(2014, 10, 21)).step("results")
    assert on_the_day.status == NOT_STARTED
    after = overview(demo_db, today=dt.date(2014, 10, 22)).step("results")
    assert after.status == ATTENTION and after.action == "enter_results"
    with demo_db.transaction() as session:
        assert mark_done(session, 2014, dt.date(2014, 10, 22)) == []  # its checklist is not complete
        sheet = load_sheet(session, 2014, "internal", inst_id)
        for row in sheet.items:
            checklist = save_answer(session, 2014, "internal", inst_id, row.item_id, Entry(3))
        complete_checklist(session, checklist.id)
    ready = overview(demo_db, today=dt.date(2014, 10, 22)).step("results")
    assert ready.status == ATTENTION and ready.action == "mark_done"
    with demo_db.transaction() as session:
        assert mark_done(session, 2014, dt.date(2014, 10, 22)) == ["職員課（内部監査）"]
        assert session.get(Audit, first_id).status == "done"
    assert overview(demo_db, today=dt.date(2014, 10, 22)).step("results").status == IN_PROGRESS


def test_overdue_findings_need_attention(demo_db):
    with demo_db.transaction() as session:
        prepare_year(session, 2014)
        _schedule(session)
        audit = list_audits(session, 2014)[0]
        mark_notified(session, [audit.id], dt.date(2014, 10, 7))
        sheet = load_sheet(session, 2014, "internal", audit.institution_id)
        for index, row in enumerate(sheet.items):
            entry = Entry(2, False, "記録簿の記入漏れ") if index == 0 else Entry(3)
            checklist = save_answer(session, 2014, "internal", audit.institution_id, row.item_id, entry)
        complete_checklist(session, checklist.id)
        mark_done(session, 2014, dt.date(2014, 10, 22))
        finding = session.get(Audit, audit.id).findings[0]
        update_finding(session, finding.id, due_date=dt.date(2014, 12, 31))
    step = overview(demo_db, today=dt.date(2014, 12, 1)).step("findings")
    assert step.status == IN_PROGRESS and "次の期限 H26.12.31（水） 職員課" in step.detail
    result = overview(demo_db, today=dt.date(2015, 1, 10))
    assert result.step("findings").status == ATTENTION and "最長 10日" in result.step("findings").detail
    assert (result.counts.open_findings, result.counts.overdue_findings) == (1, 1)
    # the finding belongs to FY2014: a year before it does not list it
    assert overview(demo_db, 2013, today=dt.date(2015, 1, 10)).step("findings").status == DONE


def test_shiryo2_generated_then_changed_then_issued_as_a_kept_version(demo_db):
    with demo_db.transaction() as session:
        record_event(session, 2014, "report_generated", count=2)
    step = overview(demo_db).step("report")
    assert step.status == IN_PROGRESS and step.action == "mark_issued"
    # at once, within the same second: the change-log id tells it came after
    with demo_db.transaction() as session:
        save_settings(session, {"report_title": "別の表題"})
    changed = overview(demo_db).step("report")
    assert changed.action == "report" and "作成後にデータが変更されています" in changed.detail
    from jukidesk.reports.issued import issue_paper

    with demo_db.transaction() as session:
        issue_paper(session, "shiryo2", 2014, issued_by="事務担当")
    issued = overview(demo_db).step("report")
    assert issued.status == DONE and issued.action is None and "発行済" in issued.detail and "事務担当" in issued.detail
    for action in ("report_issued", "something_else"):
        with pytest.raises(ValueError):
            with demo_db.transaction() as session:
                record_event(session, 2014, action)
