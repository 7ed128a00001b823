"""actions.audits on the demo: audits saved, moved and stepped from the organisation's 基準日
(the Nagano demo's is 2014-04-07), findings saved all or nothing, and the rotation plan
stored after its checks with exactly one ``before-bulk`` generation of the file."""

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from jukidesk.actions import audits as act
from jukidesk.actions.base import Area
from jukidesk.base.errors import ValidationError
from jukidesk.core.audits import AuditData
from jukidesk.core.checklists import Entry, applicable_items, complete_checklist, ensure_checklist, write_entry
from jukidesk.core.planner import PlanError
from jukidesk.storage.backup import list_backups
from jukidesk.storage.models import Audit, Finding, Institution
from tests.conftest import sql_dump

CYCLE3 = (2014, 2015, 2016)
DEMO_CYCLE3 = {
    2014: {"internal": ["102", "103", "106"], "external": ["209", "210"]},
    2015: {"internal": ["105", "107", "203", "204"], "external": ["205", "206"]},
    2016: {"internal": ["101", "104", "201", "202"], "external": ["207", "208"]},
}


def _inst_id(db, code) -> int:
    with db.session() as session:
        return session.scalars(select(Institution.id).where(Institution.code == code)).one()


def _audit_id(db, fy, kind, code) -> int:
    with db.session() as session:
        return session.scalars(
            select(Audit.id).join(Institution).where(Audit.fy == fy, Audit.kind == kind, Institution.code == code)
        ).one()


def _audit(db, audit_id) -> Audit:
    with db.session() as session:
        return session.get(Audit, audit_id)


def _cycle_audits(db) -> set:
    with db.session() as session:
        return {(a.fy, a.kind, a.institution.code, a.status) for a in session.scalars(select(Audit).where(Audit.fy.in_(CYCLE3)))}


def _reasons(path) -> list[str]:
    return [info.reason for info in list_backups(path)]


def _clear_cycle(db) -> None:
    """The demo's third cycle is all 予定: each audit deleted through the action."""
    with db.session() as session:
        ids = list(session.scalars(select(Audit.id).where(Audit.fy.in_(CYCLE3))))
    for audit_id in ids:
        assert act.delete_audit(db, audit_id).changes == {Area.AUDITS}


def _fill_checklist(db, fy, kind, code, low: dict[str, tuple[int, str]]) -> None:
    with db.transaction() as session:  # test setup: the checklist of an audit, filled in
        checklist = ensure_checklist(session, fy, kind, _inst_id(db, code))
        for item in applicable_items(checklist.template, kind):
            score, remark = low.get(item.number, (3, ""))
            write_entry(session, checklist, item, Entry(score=score, remark=remark))
        session.flush()
        complete_checklist(session, checklist.id)


# -- the rotation plan --------------------------------------------------------------------------


def test_applying_a_plan_backs_up_once_then_stores_the_planned_audits(demo_db, demo_path):
    _clear_cycle(demo_db)
    assert _cycle_audits(demo_db) == set() and _reasons(demo_path) == []
    proposed = act.plan_cycle(demo_db, 2014)  # a proposal only: nothing stored, no backup
    assert proposed.changes == frozenset() and proposed.value.applied is None
    assert _cycle_audits(demo_db) == set() and _reasons(demo_path) == []

    outcome = act.apply_plan(demo_db, proposed.value.plan)
    assert outcome.changes == {Area.AUDITS}
    assert (outcome.value.added, outcome.value.removed) == (17, 0)
    assert _reasons(demo_path) == ["before-bulk"]
    assert outcome.backup == list_backups(demo_path)[0].path and outcome.backup.exists()
    assert _cycle_audits(demo_db) == {
        (fy, kind, code, "planned") for fy, kinds in DEMO_CYCLE3.items() for kind, codes in kinds.items() for code in codes
    }
    # The backup holds the file as it was before the plan: no audit in the cycle.
    from jukidesk.storage.database import open_database

    with open_database(outcome.backup) as before:
        assert _cycle_audits(before) == set()


def test_a_plan_that_breaks_a_rule_stores_nothing_takes_no_backup_and_says_why(demo_db, demo_path):
    _clear_cycle(demo_db)
    plan = act.plan_cycle(demo_db, 2014).value.plan
    # By hand: 職員課 (no 業務端末) moved to an external audit.
    edited = replace(plan, entries=tuple(replace(e, kind="external") if e.code == "102" else e for e in plan.entries))
    assert act.check_plan(demo_db, plan) == []
    before = sql_dump(demo_path)
    with pytest.raises(PlanError) as caught:
        act.apply_plan(demo_db, edited)
    assert any("職員課は業務端末設置機関ではないため" in p for p in caught.value.problems)
    assert any("件数の目標" in p for p in caught.value.problems)
    assert sql_dump(demo_path) == before and _reasons(demo_path) == []


def test_a_plan_made_stale_by_a_notified_audit_is_refused(demo_db, demo_path):
    _clear_cycle(demo_db)
    plan = act.plan_cycle(demo_db, 2014).value.plan
    # Meanwhile 消防課 gets an audit of its own in 2014, already notified: the plan moves it.
    act.save_audit(
        demo_db,
        AuditData(fy=2014, kind="internal", institution_id=_inst_id(demo_db, "101"), status="notified",
                  starts_at=dt.datetime(2014, 6, 3, 10)),
    )
    before = sql_dump(demo_path)
    with pytest.raises(PlanError, match="動かせません"):
        act.apply_plan(demo_db, plan)
    assert sql_dump(demo_path) == before and _reasons(demo_path) == []


def test_plan_cycle_with_apply_backs_up_and_reports_what_it_stored(demo_db, demo_path):
    _clear_cycle(demo_db)
    outcome = act.plan_cycle(demo_db, 2014, apply=True)
    assert outcome.changes == {Area.AUDITS} and _reasons(demo_path) == ["before-bulk"]
    assert outcome.value.applied.added == 17 and outcome.backup.exists()
    assert outcome.value.targets.internal == (3, 4, 4)
    # Again: the same plan, nothing changes (one more generation: the action backs up first).
    again = act.plan_cycle(demo_db, 2014, apply=True)
    assert (again.value.applied.added, again.value.applied.removed, again.value.applied.unchanged) == (0, 0, 17)


def test_an_impossible_plan_raises_and_stores_nothing(demo_db, demo_path):
    before = sql_dump(demo_path)
    with pytest.raises(PlanError, match="件数"):
        act.plan_cycle(demo_db, 2014, external=(9, 9, 9), apply=True)
    assert sql_dump(demo_path) == before and _reasons(demo_path) == []


# -- one audit ------------------------------------------------------------------------------------


def test_moving_an_audit_returns_the_new_days_warnings(demo_db, demo_path):
    audit_id = _audit_id(demo_db, 2014, "external", "209")  # 2014-12-09 10:00
    outcome = act.move_audit(demo_db, audit_id, dt.date(2014, 12, 13))
    assert outcome.value == ["2014年12月13日（土）は土曜日です。"]
    assert outcome.changes == {Area.AUDITS}
    assert _audit(demo_db, audit_id).starts_at == dt.datetime(2014, 12, 13, 10)
    assert act.move_audit(demo_db, audit_id, dt.date(2014, 12, 12)).value == []
    # Into FY2011, where 209 already has its external audit: refused, nothing moves.
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="既に登録されています"):
        act.move_audit(demo_db, audit_id, dt.date(2011, 12, 12))
    assert sql_dump(demo_path) == before


def test_a_status_step_counts_from_the_organisations_reference_date(demo_db):
    audit_id = _audit_id(demo_db, 2014, "internal", "102")  # planned for 2014-10-21
    assert act.set_audit_status(demo_db, audit_id, "notified").value == "notified"
    assert _audit(demo_db, audit_id).notified_on == dt.date(2014, 4, 7)  # the demo's 基準日, not the PC's date
    with pytest.raises(ValidationError, match="まだ来ていない"):
        act.set_audit_status(demo_db, audit_id, "done")  # 2014-10-21 is after the 基準日
    assert _audit(demo_db, audit_id).status == "notified"
    outcome = act.set_audit_status(demo_db, audit_id, "done", today=dt.date(2014, 10, 22))
    assert outcome.value == "done" and outcome.changes == {Area.AUDITS}


def test_editing_an_audits_status_in_the_dialog_uses_the_reference_date_too(demo_db):
    audit_id = _audit_id(demo_db, 2014, "internal", "103")  # planned for 2014-10-28
    data = replace(AuditData.of(_audit(demo_db, audit_id)), status="notified")
    assert act.save_audit(demo_db, data, audit_id=audit_id).value == audit_id
    assert _audit(demo_db, audit_id).notified_on == dt.date(2014, 4, 7)
    with pytest.raises(ValidationError, match="まだ来ていない"):
        act.save_audit(demo_db, replace(data, status="done"), audit_id=audit_id)


def test_a_new_audit_past_planned_gets_its_findings_and_a_planned_one_none(demo_db):
    _clear_cycle(demo_db)
    _fill_checklist(demo_db, 2014, "internal", "102", {"4-5": (2, "鍵の管理台帳と現物の照合記録がない。")})
    _fill_checklist(demo_db, 2014, "internal", "103", {"6-4": (1, "パスワードの有効期間なし")})
    done = AuditData(fy=2014, kind="internal", institution_id=_inst_id(demo_db, "102"), status="done",
                     starts_at=dt.datetime(2014, 10, 21, 13, 30))
    outcome = act.save_audit(demo_db, done)
    assert outcome.changes == {Area.AUDITS}
    with demo_db.session() as session:
        assert [f.content for f in session.get(Audit, outcome.value).findings] == ["鍵の管理台帳と現物の照合記録がない。"]
    planned = act.save_audit(demo_db, replace(done, institution_id=_inst_id(demo_db, "103"), status="planned"))
    with demo_db.session() as session:
        assert session.get(Audit, planned.value).findings == []


def test_findings_are_saved_and_confirmed_all_or_nothing(demo_db, demo_path):
    _clear_cycle(demo_db)
    _fill_checklist(demo_db, 2014, "internal", "102", {"4-5": (2, "鍵の管理台帳と現物の照合記録がない。")})
    inst = _inst_id(demo_db, "102")
    audit_id = act.save_audit(
        demo_db, AuditData(fy=2014, kind="internal", institution_id=inst, status="planned", starts_at=dt.datetime(2014, 10, 21, 13, 30))
    ).value
    synced = act.sync_findings(demo_db, audit_id)
    assert (synced.value.created, synced.value.removed) == (1, 0) and synced.changes == {Area.AUDITS}
    with demo_db.session() as session:
        [finding_id] = session.scalars(select(Finding.id).where(Finding.audit_id == audit_id))

    edit = act.FindingEdit(finding_id, "鍵の照合記録なし", "毎月照合する。", dt.date(2015, 1, 31), "in_progress")
    assert act.save_findings(demo_db, audit_id, [edit]).changes == {Area.AUDITS}
    with demo_db.session() as session:
        stored = session.get(Finding, finding_id)
        assert (stored.content, stored.response, stored.due_date, stored.status) == (
            "鍵の照合記録なし", "毎月照合する。", dt.date(2015, 1, 31), "in_progress"
        )

    followup = act.save_audit(
        demo_db, AuditData(fy=2015, kind="followup", institution_id=inst, status="done", starts_at=dt.datetime(2015, 7, 14, 13, 30))
    ).value
    # A broken edit with a confirmation in the same OK: neither is stored.
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="指摘内容を入力"):
        act.save_findings(demo_db, followup, [replace(edit, content=" ")], confirm={finding_id})
    assert sql_dump(demo_path) == before

    act.save_findings(demo_db, followup, confirm={finding_id})
    with demo_db.session() as session:
        stored = session.get(Finding, finding_id)
        assert (stored.status, stored.confirmed_by_audit_id, stored.confirmed_on) == ("confirmed", followup, dt.date(2015, 7, 14))
    act.save_findings(demo_db, followup, unconfirm={finding_id})
    with demo_db.session() as session:
        assert (session.get(Finding, finding_id).status, session.get(Finding, finding_id).confirmed_by_audit_id) == ("in_progress", None)


def test_only_an_audit_not_yet_carried_out_is_deleted(demo_db, demo_path):
    reported = _audit_id(demo_db, 2013, "internal", "101")
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="削除できません"):
        act.delete_audit(demo_db, reported)
    assert sql_dump(demo_path) == before
    planned = _audit_id(demo_db, 2014, "internal", "102")
    act.delete_audit(demo_db, planned)
    assert _audit(demo_db, planned) is None
