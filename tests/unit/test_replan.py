"""Issue 17 "Ten years on": registry changes reach the stored plan, a new cycle's default
counts when the previous cycle's no longer fit, open findings that follow the institution
from every earlier audit, and no cycle before the first."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from jukidesk.actions import registry as act
from jukidesk.actions.base import Area
from jukidesk.actions.settings import save_settings
from jukidesk.base import audit_kinds
from jukidesk.cli import main
from jukidesk.core import audits as audit_rules
from jukidesk.core.obligations import due_in_cycle
from jukidesk.core.planner import (
    EVEN_SPREAD_NOTE,
    PlanError,
    Targets,
    apply_plan,
    planning_context,
    propose_plan,
)
from jukidesk.core.registry import InstitutionData
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Audit, Finding, Institution

CYCLE3 = (2014, 2015, 2016)


def _inst(session, code) -> Institution:
    return session.scalars(select(Institution).where(Institution.code == code)).one()


def _id(db, code) -> int:
    with db.session() as session:
        return _inst(session, code).id


def _rotating(session, years, code=None) -> list[Audit]:
    query = select(Audit).where(Audit.fy.in_(list(years)), Audit.kind.in_(audit_kinds.rotating_codes()))
    if code is not None:
        query = query.where(Audit.institution_id == _inst(session, code).id)
    return list(session.scalars(query))


def _assert_cycle_valid(db, cycle_start: int) -> None:
    """The stored cycle satisfies every rule: each 事務利用機関 due in it exactly once, in a year
    it is valid, external only at a terminal (checked with the stored counts as targets)."""
    with db.session() as session:
        context = planning_context(session, cycle_start)
        years = list(context.cycle.years)
        stored = _rotating(session, years)
        per_inst = Counter(a.institution_id for a in stored)
        assert all(n == 1 for n in per_inst.values()), per_inst
        assert set(per_inst) == {i.id for i in due_in_cycle(session, years)}
        counts = Counter((a.fy, a.kind) for a in stored)
        targets = Targets(per_kind={k: tuple(counts[(fy, k)] for fy in years) for k in audit_kinds.rotating_codes()})
        assignment = {a.institution_id: (a.fy, a.kind) for a in stored}
        assert context.check(assignment, targets) == []


# ---------------------------------------------------------------- retiring


def test_retiring_after_fy2014_moves_its_fy2015_audit_into_fy2014(demo_db):
    monozukuri = _id(demo_db, "105")  # ものづくり振興課: 内部監査 planned in FY2015
    outcome = act.retire_institution(demo_db, monozukuri, 2014)
    assert outcome.changes == {Area.REGISTRY, Area.AUDITS}
    with demo_db.session() as session:
        assert not session.scalars(select(Audit).where(Audit.institution_id == monozukuri, Audit.fy > 2014)).all()
        [moved] = _rotating(session, CYCLE3, "105")
        assert (moved.fy, moved.kind, moved.status) == (2014, "internal", "planned")
        # FY2015's 資料2 now counts 3 internal audits, not ４機関
        assert len([a for a in _rotating(session, [2015]) if a.kind == "internal"]) == 3
    [change] = outcome.value.plan.moved
    assert change.removed == (2015, "internal", "planned") and change.added == (2014, "internal")
    assert outcome.value.lines() == ["ものづくり振興課の平成27年度の内部監査（予定）を平成26年度の内部監査に移しました。"]
    _assert_cycle_valid(demo_db, 2014)
    # The cycle's plan as stored is now the default: applying it again changes nothing.
    with demo_db.transaction() as session:
        result = apply_plan(session, propose_plan(session, 2014))
        assert (result.added, result.removed) == (0, 0)


def test_retiring_removes_notified_audits_too_but_never_one_carried_out(demo_db):
    kokusai = _id(demo_db, "107")  # 国際課: 内部監査 planned in FY2015
    matsumoto = _id(demo_db, "207")  # 松本: 外部監査 notified in FY2013, planned in FY2016
    with demo_db.transaction() as session:
        [planned] = _rotating(session, [2015], "107")
        audit_rules.set_status(session, planned.id, "notified", on=dt.date(2015, 9, 1), today=dt.date(2015, 9, 1))
        [fy2013] = session.scalars(select(Audit).where(Audit.institution_id == matsumoto, Audit.fy == 2013)).all()
        audit_rules.set_status(session, fy2013.id, "done", today=dt.date(2014, 1, 10))
    kokusai_outcome = act.retire_institution(demo_db, kokusai, 2014)
    [line] = kokusai_outcome.value.lines()
    assert line.startswith("国際課の平成27年度の内部監査（通知済）を平成26年度の") and "通知の取消し" in line
    outcome = act.retire_institution(demo_db, matsumoto, 2012)  # left before the cycle: not due in it
    assert outcome.value.lines() == [
        "松本地方事務所の平成28年度の外部監査（予定）を削除しました（平成24年度で廃止のため）。"
    ]
    with demo_db.session() as session:
        kept = session.scalars(select(Audit).where(Audit.institution_id == matsumoto)).all()
        assert [(a.fy, a.status) for a in kept if a.fy >= 2013] == [(2013, "done")]  # 実施済 stays
    _assert_cycle_valid(demo_db, 2014)


def test_the_retire_dialog_lists_what_it_will_remove(demo_db):
    from jukidesk.core.planner import pending_audits_after

    with demo_db.session() as session:
        found = pending_audits_after(session, _inst(session, "105").id, 2014)
        assert [(a.fy, a.kind, a.status) for a in found] == [(2015, "internal", "planned")]
        assert pending_audits_after(session, _inst(session, "105").id, 2015) == []


# ---------------------------------------------------------------- adding


def test_an_institution_added_mid_cycle_goes_into_the_remaining_years(demo_db):
    outcome = act.save_institution(
        demo_db, InstitutionData(code="108", name="危機管理防災課", has_terminal=True, valid_from_fy=2014)
    )
    assert outcome.changes == {Area.REGISTRY, Area.AUDITS}
    # FY2014 has the fewest audits (5 against 6 and 6); a terminal without an earlier audit: 外部監査
    assert outcome.value.lines() == ["危機管理防災課を3巡目の平成26年度の外部監査の予定に入れました。"]
    _assert_cycle_valid(demo_db, 2014)
    # an edit that changes nothing the plan depends on leaves the plan alone
    edited = act.save_institution(
        demo_db,
        InstitutionData(code="108", name="危機管理防災課", short_name="危機管理", has_terminal=True, valid_from_fy=2014),
        institution_id=outcome.value.id,
    )
    assert edited.changes == {Area.REGISTRY} and edited.value.lines() == []
    # an operator institution is never audited
    operator = act.save_institution(demo_db, InstitutionData(code="303", name="運用課", kind="operator", valid_from_fy=2014))
    assert operator.changes == {Area.REGISTRY} and operator.value.lines() == []


def test_an_institution_the_current_cycle_cannot_take_goes_to_the_next(demo_db):
    # from FY2017 only: not due in the 3rd cycle; the 4th has no plan yet
    later = act.save_institution(demo_db, InstitutionData(code="109", name="新設課", valid_from_fy=2017))
    assert later.changes == {Area.REGISTRY}
    assert later.value.lines() == ["新設課は4巡目（平成29年度〜令和元年度）の監査計画を作るときに計画に入ります。"]
    # once the 4th cycle has a plan, the next one joins it
    with demo_db.transaction() as session:
        apply_plan(session, propose_plan(session, 2017))
    outcome = act.save_institution(demo_db, InstitutionData(code="110", name="新設室", valid_from_fy=2017))
    [line] = outcome.value.lines()
    assert line.startswith("新設室を4巡目の") and line.endswith("の内部監査の予定に入れました。")
    _assert_cycle_valid(demo_db, 2017)


def test_an_institution_only_in_past_years_of_the_cycle_cannot_be_planned(demo_db):
    save_settings(demo_db, {"reference_date": "2016-05-01"})  # FY2014 and FY2015 are past
    outcome = act.save_institution(
        demo_db, InstitutionData(code="111", name="臨時課", valid_from_fy=2014, valid_until_fy=2015)
    )
    assert outcome.changes == {Area.REGISTRY}
    assert outcome.value.lines() == [
        "臨時課は3巡目（平成26年度〜平成28年度）の残りの年度には機関台帳にないため、この巡目の計画には入れられません。"
    ]


# ---------------------------------------------------------------- a new cycle's default counts


@pytest.fixture
def city_db(tmp_path):
    from jukidesk.demo.builder import write_demo

    db = open_database(write_demo(tmp_path / "city.sqlite", name="city"))
    yield db
    db.close()


def test_the_city_fy2027_plan_spreads_the_institutions_evenly(city_db):
    from jukidesk.core.year_workflow import prepare_year

    with city_db.session() as session:
        context = planning_context(session, 2027)
        targets = context.targets()  # the previous cycle: 0+2+3 = 5 internal audits for 6 institutions
        assert (targets.internal, targets.external) == ((2, 2, 2), (0, 0, 0))
        assert targets.note == EVEN_SPREAD_NOTE and not targets.from_previous_cycle
        plan = context.propose(targets)
        assert plan.notes == (EVEN_SPREAD_NOTE,)
        assert len(plan.entries) == len(context.institutions) == 6
        result = prepare_year(session, 2027, dry_run=True)
        assert result.plan_problem == "" and result.plan_added == 6


def test_the_city_plan_command_says_the_counts_were_spread(city_db, capsys):
    assert main(["plan", "--db", str(city_db.path), "--cycle-start", "2027"]) == 0
    out = capsys.readouterr().out
    assert "件数（既定）: 内部監査 2,2,2、外部監査 0,0,0" in out and f"※ {EVEN_SPREAD_NOTE}" in out


def test_even_counts_keep_each_kinds_share_and_the_terminals(demo_db):
    with demo_db.transaction() as session:
        _inst(session, "101").valid_until_fy = 2013  # 16 事務利用機関 due in the 3rd cycle
        session.flush()
        for audit in _rotating(session, CYCLE3):
            session.delete(audit)
        session.flush()
        context = planning_context(session, 2014)
        targets = context.targets()
        # 11 internal + 6 external before; 16 now: 10 + 6, 5/5/6 a year
        assert (targets.internal, targets.external) == ((3, 3, 4), (2, 2, 2))
        plan = context.propose(targets)
        assert context.check(plan.assignment(), targets) == []
        session.rollback()


def test_a_stored_plan_that_differs_from_the_previous_counts_is_kept(demo_db):
    act.retire_institution(demo_db, _id(demo_db, "105"), 2014)  # FY2014 now has 4 internal audits
    with demo_db.session() as session:
        targets = planning_context(session, 2014).targets()
        assert (targets.internal, targets.external) == ((4, 3, 4), (2, 2, 2))
        assert "登録済みの監査に合わせて" in targets.note


# ---------------------------------------------------------------- no cycle ０


def test_a_year_before_the_first_cycle_is_refused_with_a_reason(demo_db, demo_path, capsys):
    with demo_db.session() as session:
        with pytest.raises(PlanError) as caught:
            planning_context(session, 2005)  # cycle_first_fy 2008, length 3: would be cycle ０
    assert caught.value.problems == [
        "平成17年度（2005年度）は監査の１巡目より前です。巡目の監査計画は設定「監査の１巡目が始まる年度」"
        "（平成20年度、2008年度）から作成します。"
    ]
    assert "0巡目" not in str(caught.value)
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2002"]) == 1
    assert "監査の１巡目より前です" in capsys.readouterr().err


# ---------------------------------------------------------------- open findings follow the institution


def _perform(session, audit: Audit, day: dt.datetime) -> None:
    audit.starts_at, audit.ends_at = day, day + dt.timedelta(hours=2)
    audit.status = "done"
    session.flush()


def test_open_findings_come_from_every_earlier_audit_until_confirmed(demo_db):
    """職員課 (102): two findings in its FY2014 internal audit, a FY2015 follow-up confirms one;
    the FY2017 audit's notice must still list the other (the last audit, the follow-up,
    found nothing itself)."""
    from jukidesk.core.templates import template_for_year

    with demo_db.transaction() as session:
        shokuin = _inst(session, "102")
        [internal] = _rotating(session, [2014], "102")
        _perform(session, internal, dt.datetime(2014, 10, 21, 13, 30))
        items = {i.number: i for i in template_for_year(session, 2014).items}
        entry_log = Finding(audit_id=internal.id, item_id=items["4-3"].id, content="入退室記録簿への記帳漏れ", status="in_progress")
        training = Finding(audit_id=internal.id, item_id=items["3-2"].id, content="新任者研修の記録がない", status="open")
        session.add_all([entry_log, training])
        followup = Audit(fy=2015, kind="followup", institution_id=shokuin.id, status="planned")
        next_audit = Audit(fy=2017, kind="internal", institution_id=shokuin.id, status="planned",
                           starts_at=dt.datetime(2017, 10, 17, 13, 30))
        session.add_all([followup, next_audit])
        session.flush()
        _perform(session, followup, dt.datetime(2015, 7, 14, 13, 30))
        audit_rules.confirm_finding(session, entry_log.id, followup.id)
        ids = (shokuin.id, entry_log.id, training.id, followup.id, next_audit.id)
    shokuin_id, entry_id, training_id, followup_id, next_id = ids
    with demo_db.session() as session:
        next_audit = session.get(Audit, next_id)
        # the rule the notice of the FY2017 audit calls: the still-open finding is listed
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id, before=next_audit)] == [training_id]
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id, before=2017)] == [training_id]
        # as of the follow-up (its notice): both were open then, whatever it confirmed later
        followup = session.get(Audit, followup_id)
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id, before=followup)] == [entry_id, training_id]
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id, before=dt.date(2015, 7, 14))] == [entry_id, training_id]
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id, before=dt.date(2015, 7, 15))] == [training_id]
        # before the audit that found them: nothing yet
        assert audit_rules.open_findings(session, shokuin_id, before=2014) == []
        assert audit_rules.open_findings(session, shokuin_id, before=dt.date(2014, 10, 21)) == []
        # without a moment: every finding not confirmed now (as before)
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id)] == [training_id]
    # the FY2017 audit itself confirms the last one: its notice (as of its start) still lists it
    with demo_db.transaction() as session:
        _perform(session, session.get(Audit, next_id), dt.datetime(2017, 10, 17, 13, 30))
        audit_rules.confirm_finding(session, training_id, next_id)
    with demo_db.session() as session:
        next_audit = session.get(Audit, next_id)
        assert [f.id for f in audit_rules.open_findings(session, shokuin_id, before=next_audit)] == [training_id]
        assert audit_rules.open_findings(session, shokuin_id, before=2018) == []


def test_registry_actions_count_today_from_the_reference_date(demo_db):
    """The registry actions count "today" from the 基準日: with FY2016 as today, the FY2014
    and FY2015 years are past and a new institution goes into FY2016."""
    save_settings(demo_db, {"reference_date": "2016-04-01"})
    outcome = act.save_institution(demo_db, InstitutionData(code="112", name="新設係", valid_from_fy=2014))
    assert outcome.value.lines() == ["新設係を3巡目の平成28年度の内部監査の予定に入れました。"]


def test_shiryo2_carries_an_open_finding_until_it_is_confirmed(demo_db):
    """資料2's 指摘内容と対応 lists a finding from an earlier year's audit, still not
    confirmed, in every later year's paper, and stops once a follow-up confirms it."""
    from jukidesk.core.templates import template_for_year
    from jukidesk.reports.shiryo2 import build_shiryo2

    with demo_db.transaction() as session:
        [internal] = _rotating(session, [2014], "102")
        _perform(session, internal, dt.datetime(2014, 10, 21, 13, 30))
        items = {i.number: i for i in template_for_year(session, 2014).items}
        session.add(Finding(audit_id=internal.id, item_id=items["3-2"].id, content="新任者研修の記録がない", status="open"))
        session.flush()
        internal_id = internal.id

    def findings_cell(fy: int) -> str:
        with demo_db.session() as session:
            document = build_shiryo2(session, fy)
        table = next(block for block in document.sections[2].blocks if hasattr(block, "rows"))
        row = next(r for r in table.rows if r[0].text == "内部監査")
        return row[4].text

    assert "改善確認待ち" not in findings_cell(2014)  # the year that found it lists it as its own
    assert "前年度までの指摘で改善確認待ち: 職員課（H26・1件）" in findings_cell(2015)
    assert "職員課（H26・1件）" in findings_cell(2016)
    with demo_db.transaction() as session:
        shokuin = _inst(session, "102")
        followup = Audit(fy=2016, kind="followup", institution_id=shokuin.id, status="planned")
        session.add(followup)
        session.flush()
        _perform(session, followup, dt.datetime(2016, 7, 12, 13, 30))
        finding = session.scalars(select(Finding).where(Finding.audit_id == internal_id)).one()
        audit_rules.confirm_finding(session, finding.id, followup.id)
    assert "職員課（H26・1件）" in findings_cell(2015)  # as it stood at the end of FY2015
    assert "改善確認待ち" not in findings_cell(2016)
