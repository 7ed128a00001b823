"""Audit records: validation, status steps, findings and the report's 指摘内容と対応."""

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.core.audits import (
    AuditData,
    confirm_finding,
    create_audit,
    delete_audit,
    findings_summary,
    findings_text,
    next_statuses,
    open_findings,
    scheduled_dates_text,
    set_status,
    sync_findings,
    unconfirm_finding,
    update_audit,
    update_finding,
)
from jukidesk.core.checklists import Entry, applicable_items, complete_checklist, ensure_checklist, write_entry
from jukidesk.storage.models import Audit, Institution


def _inst(session, code) -> Institution:
    return session.scalars(select(Institution).where(Institution.code == code)).one()


def _audit(session, fy, kind, code) -> Audit:
    return session.scalars(
        select(Audit).where(Audit.fy == fy, Audit.kind == kind, Audit.institution_id == _inst(session, code).id)
    ).one()


def _fill_checklist(session, audit, low: dict[str, tuple[int, str]]):
    """Answer every applicable item 3 except ``low`` {number: (score, remark)}; complete it."""
    checklist = ensure_checklist(session, audit.fy, audit.kind, audit.institution_id)
    for item in applicable_items(checklist.template, audit.kind):
        score, remark = low.get(item.number, (3, ""))
        write_entry(session, checklist, item, Entry(score=score, remark=remark))
    session.flush()
    complete_checklist(session, checklist.id)
    return checklist


def test_the_demo_report_texts_of_fy2013(demo_db):
    with demo_db.session() as session:
        assert findings_text(session, 2013, "self") == "改善を要する項目なし"
        assert findings_text(session, 2013, "internal") == "改善を要する項目なし"
        assert findings_text(session, 2013, "external") == "12月18日に実施予定"
        assert findings_text(session, 2013, "followup") == ""  # nothing of that kind in the year
        assert findings_text(session, 2011, "followup") == "指摘事項 118件の改善を確認"


def test_scheduled_dates_are_month_and_day_joined():
    d = dt.date
    assert scheduled_dates_text([d(2013, 12, 18)]) == "12月18日"
    assert scheduled_dates_text([d(2014, 1, 20), d(2013, 12, 18), d(2013, 12, 17), d(2013, 12, 18)]) == "12月17日、18日、1月20日"
    assert scheduled_dates_text([d(2013, 12, 18)], fullwidth=True) == "１２月１８日"


def test_a_two_point_item_becomes_a_finding_and_a_follow_up_closes_it(demo_db):
    today = dt.date(2015, 3, 1)
    with demo_db.transaction() as session:
        audit = _audit(session, 2014, "internal", "102")  # 職員課, planned for 2014-10-21
        set_status(session, audit.id, "notified", on=dt.date(2014, 10, 7), today=today)
        set_status(session, audit.id, "done", today=today)
        assert audit.findings == []
        _fill_checklist(session, audit, {"4-5": (2, "鍵の管理台帳と現物の照合記録がない。")})
        set_status(session, audit.id, "reported", today=today)
        [finding] = audit.findings
        assert (finding.content, finding.status, finding.item.number) == ("鍵の管理台帳と現物の照合記録がない。", "open", "4-5")
        text = findings_text(session, 2014, "internal")
        assert text.splitlines()[:2] == ["改善を要する項目 1件", "・鍵の管理台帳と現物の照合記録がない。"]
        assert text.splitlines()[-1] == "10月28日、11月11日に実施予定"  # the year's other internal audits

        update_finding(session, finding.id, response="毎月照合し記録する。", due_date=dt.date(2015, 1, 31), status="in_progress")
        assert "・鍵の管理台帳と現物の照合記録がない。→毎月照合し記録する。（対応中）" in findings_text(session, 2014, "internal")
        assert open_findings(session, _inst(session, "102").id) == [finding]

        followup = create_audit(
            session,
            AuditData(fy=2015, kind="followup", institution_id=_inst(session, "102").id, status="planned",
                      starts_at=dt.datetime(2015, 7, 14, 13, 30), auditors="市町村課 山田"),
        )
        with pytest.raises(ValidationError, match="まだ実施されていません"):
            confirm_finding(session, finding.id, followup.id)
        set_status(session, followup.id, "notified", today=dt.date(2015, 7, 1))
        set_status(session, followup.id, "done", today=dt.date(2015, 7, 15))
        confirm_finding(session, finding.id, followup.id)
        assert (finding.status, finding.confirmed_on) == ("confirmed", dt.date(2015, 7, 14))
        assert "→毎月照合し記録する。（改善確認済）" in findings_text(session, 2014, "internal")
        assert findings_text(session, 2015, "followup") == "指摘事項 1件の改善を確認"
        assert open_findings(session, _inst(session, "102").id) == []


def test_a_finding_closes_only_by_a_later_audit_of_the_same_institution(demo_db):
    today = dt.date(2015, 3, 1)
    with demo_db.transaction() as session:
        audit = _audit(session, 2014, "internal", "103")
        set_status(session, audit.id, "notified", today=today)
        set_status(session, audit.id, "done", today=today)
        _fill_checklist(session, audit, {"6-4": (1, "パスワードの有効期間なし")})
        sync_findings(session, audit.id)
        [finding] = audit.findings
        with pytest.raises(ValidationError, match="改善確認済にできるのは"):
            update_finding(session, finding.id, status="confirmed")
        with pytest.raises(ValidationError, match="指摘した監査そのもの"):
            confirm_finding(session, finding.id, audit.id)
        other = _audit(session, 2013, "internal", "101")  # another institution, reported
        with pytest.raises(ValidationError, match="同じ機関の監査だけ"):
            confirm_finding(session, finding.id, other.id)
        earlier = _audit(session, 2011, "internal", "103")  # same institution, before the finding
        with pytest.raises(ValidationError, match="より後の監査だけ"):
            confirm_finding(session, finding.id, earlier.id)
        assert finding.status == "open"
        # The next rotation audit of the institution may confirm it too.
        later = create_audit(
            session, AuditData(fy=2017, kind="internal", institution_id=_inst(session, "103").id, status="planned",
                               starts_at=dt.datetime(2017, 10, 3, 13, 30)),
        )
        set_status(session, later.id, "notified", today=dt.date(2017, 9, 1))
        set_status(session, later.id, "done", today=dt.date(2017, 10, 3))
        confirm_finding(session, finding.id, later.id)
        assert finding.status == "confirmed" and finding.confirmed_by_audit_id == later.id
        unconfirm_finding(session, finding.id)
        assert (finding.status, finding.confirmed_by_audit_id) == ("in_progress", None)


def test_sync_findings_follows_a_corrected_checklist(demo_db):
    today = dt.date(2015, 3, 1)
    with demo_db.transaction() as session:
        audit = _audit(session, 2014, "internal", "106")
        set_status(session, audit.id, "notified", today=today)
        set_status(session, audit.id, "done", today=today)
        checklist = _fill_checklist(session, audit, {"1-2": (2, "議事録なし"), "3-4": (2, "受講記録なし")})
        assert sync_findings(session, audit.id).created == 2
        assert sync_findings(session, audit.id).created == 0  # idempotent
        handled = next(f for f in audit.findings if f.content == "受講記録なし")
        update_finding(session, handled.id, response="記録簿を作成")
        from jukidesk.core.checklists import reopen_checklist

        reopen_checklist(session, checklist.id, "入力誤り")
        for answer in checklist.answers:
            if answer.score == 2:
                answer.score, answer.remark = 3, ""
        session.flush()
        result = sync_findings(session, audit.id)
        # The untouched finding goes; the one with a response stays (a record of work done).
        assert (result.created, result.removed) == (0, 1)
        assert [f.content for f in audit.findings] == ["受講記録なし"]


def test_audit_records_are_validated_with_messages(demo_db):
    with demo_db.transaction() as session:
        fire, intl, ops = _inst(session, "101"), _inst(session, "107"), _inst(session, "301")
        cases = [
            (AuditData(fy=2017, kind="external", institution_id=fire.id), "業務端末設置機関ではないため"),
            (AuditData(fy=2017, kind="internal", institution_id=ops.id), "運用機関です"),
            (AuditData(fy=2017, kind="internal", institution_id=intl.id, starts_at=dt.datetime(2018, 4, 2, 10)), "期間外です"),
            (AuditData(fy=2017, kind="internal", institution_id=intl.id, starts_at=dt.datetime(2017, 6, 2, 10),
                       ends_at=dt.datetime(2017, 6, 2, 9)), "終了日時"),
            (AuditData(fy=2017, kind="internal", institution_id=intl.id, status="notified"), "日時を入力してください"),
            (AuditData(fy=2017, kind="internal", institution_id=intl.id, methods=("hearing", "telepathy")), "監査の方法が正しくありません"),
            (AuditData(fy=2014, kind="internal", institution_id=_inst(session, "102").id), "既に登録されています"),
        ]
        for data, message in cases:
            with pytest.raises(ValidationError, match=message):
                create_audit(session, data)
        audit = create_audit(
            session,
            AuditData(fy=2017, kind="internal", institution_id=intl.id, auditors="山田 太郎\n鈴木花子、山田 太郎",
                      methods=("site_visit", "hearing"), place=" 長野県庁 "),
        )
        assert (audit.auditors, audit.methods, audit.place) == ("山田 太郎、鈴木花子", "hearing,site_visit", "長野県庁")
        fire.valid_until_fy = 2016
        session.flush()
        with pytest.raises(ValidationError, match="機関台帳に登録されていません"):
            create_audit(session, AuditData(fy=2017, kind="internal", institution_id=fire.id))


def test_status_moves_one_step_at_a_time_with_its_conditions(demo_db):
    with demo_db.transaction() as session:
        audit = _audit(session, 2015, "internal", "105")  # planned 2015-10-20 13:30
        with pytest.raises(ValidationError, match="直接変更できません"):
            set_status(session, audit.id, "done", today=dt.date(2016, 1, 1))
        set_status(session, audit.id, "notified", today=dt.date(2015, 10, 1))
        assert audit.notified_on == dt.date(2015, 10, 1)
        with pytest.raises(ValidationError, match="まだ来ていない"):
            set_status(session, audit.id, "done", today=dt.date(2015, 10, 19))
        set_status(session, audit.id, "done", today=dt.date(2015, 10, 20))
        with pytest.raises(ValidationError, match="チェックリストの入力を完了"):
            set_status(session, audit.id, "reported", today=dt.date(2015, 10, 20))
        assert next_statuses("done") == ["notified", "reported"]
        set_status(session, audit.id, "notified", today=dt.date(2015, 10, 20))  # a correction back
        set_status(session, audit.id, "planned", today=dt.date(2015, 10, 20))
        assert audit.notified_on is None
        with pytest.raises(ValidationError, match="削除できません"):
            delete_audit(session, _audit(session, 2013, "internal", "101").id)
        delete_audit(session, audit.id)
        assert session.get(Audit, audit.id) is None


def test_update_audit_checks_the_step_before_changing_anything(demo_db):
    with demo_db.transaction() as session:
        audit = _audit(session, 2014, "external", "209")
        data = AuditData.of(audit)
        data.status = "reported"
        with pytest.raises(ValidationError, match="直接変更できません"):
            update_audit(session, audit.id, data)
        assert audit.status == "planned"
        data = AuditData.of(audit).moved_to(dt.date(2014, 12, 11))
        assert (data.starts_at, data.ends_at) == (dt.datetime(2014, 12, 11, 10), dt.datetime(2014, 12, 11, 12))
        data.status = "notified"
        update_audit(session, audit.id, data, today=dt.date(2014, 11, 20))
        assert (audit.status, audit.notified_on, audit.starts_at.day) == ("notified", dt.date(2014, 11, 20), 11)


def test_findings_summary_groups_the_same_finding_across_institutions(demo_db):
    with demo_db.session() as session:
        summary = findings_summary(session, 2008, "internal")
        assert summary.results == 5 and summary.low_answers == 61 and not summary.no_issues
        first = summary.lines[0]
        assert first.content == "セキュリティ会議で規程の遵守状況を確認した記録がない。"
        assert len(first.institutions) == 3 and first.status == "confirmed"
        text = findings_text(session, 2008, "internal", max_lines=2)
        assert text.splitlines()[0] == "改善を要する項目 61件" and text.splitlines()[-1].startswith("ほか")
        assert len(text.splitlines()) == 4


def test_migration_0004_gives_existing_audits_a_uid(tmp_path):
    """A file made before 0004 keeps its audits and each gets its own uid."""
    from alembic import command
    from sqlalchemy import create_engine

    from jukidesk.storage.database import open_database
    from jukidesk.storage.revisions import alembic_config

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    engine = create_engine("sqlite://", creator=lambda: con)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
    con.execute("INSERT INTO institution (id, code, name, short_name, kind, has_terminal, head_title, address, valid_from_fy, sort_order)"
                " VALUES (1, '101', '消防課', '', 'user', 0, '', '', 2008, 1)")
    for fy in (2012, 2013):
        con.execute("INSERT INTO audit (fy, kind, institution_id, status, place, auditors, methods, note)"
                    f" VALUES ({fy}, 'internal', 1, 'reported', '', '', '', '')")
    con.close()
    engine.dispose()
    db = open_database(path)
    try:
        with db.session() as session:
            audits = session.scalars(select(Audit)).all()
            assert len(audits) == 2 and len({a.uid for a in audits}) == 2 and all(len(a.uid) == 36 for a in audits)
            assert not any(a.pinned for a in audits)
    finally:
        db.close()

