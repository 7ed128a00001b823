"""The rotation planner: rules, priority, pins, impossible inputs, apply."""

import datetime as dt
import itertools
import json
import random
from fractions import Fraction

import pytest
from sqlalchemy import select

from jukidesk.base.fiscal import Cycle, YearStyle
from jukidesk.cli import main
from jukidesk.core.planner import (
    Pin,
    PlanError,
    PlanInstitution,
    PlanningContext,
    Targets,
    apply_plan,
    parse_pin,
    planning_context,
    propose_plan,
)
from jukidesk.storage.models import Audit, Checklist, Institution
from tests.conftest import sql_dump

CYCLE3 = (2014, 2015, 2016)
DEMO_CYCLE3 = {
    2014: {"internal": ["102", "103", "106"], "external": ["209", "210"]},
    2015: {"internal": ["105", "107", "203", "204"], "external": ["205", "206"]},
    2016: {"internal": ["101", "104", "201", "202"], "external": ["207", "208"]},
}


def _inst(session, code) -> Institution:
    return session.scalars(select(Institution).where(Institution.code == code)).one()


def _assert_rules(session, plan, internal=(3, 4, 4), external=(2, 2, 2)):
    users = [i for i in session.scalars(select(Institution)) if i.kind == "user"]
    terminals = {i.code for i in users if i.has_terminal}
    seen = []
    for index, fy in enumerate(CYCLE3):
        assert len(plan.codes(fy, "internal")) == internal[index], fy
        assert len(plan.codes(fy, "external")) == external[index], fy
        assert set(plan.codes(fy, "external")) <= terminals
        seen += plan.codes(fy, "internal") + plan.codes(fy, "external")
    assert sorted(seen) == sorted(i.code for i in users)  # every 事務利用機関 exactly once


def _clear_cycle(session):
    for audit in session.scalars(select(Audit).where(Audit.fy.in_(CYCLE3))).all():
        session.delete(audit)
    session.flush()


def test_demo_third_cycle_with_default_targets_satisfies_every_rule(demo_db):
    with demo_db.session() as session:
        context = planning_context(session, 2014)
        targets = context.targets()
        assert (targets.internal, targets.external) == ((3, 4, 4), (2, 2, 2))  # the previous cycle's counts
        assert targets.from_previous_cycle
        assert len(context.institutions) == 17
        assert sum(i.terminal for i in context.institutions) == 11
        plan = context.propose(targets, replace_planned=True)
        _assert_rules(session, plan)
        assert all(e.source == "proposed" for e in plan.entries)  # computed as if the cycle were empty
        # Stable: the same input gives the same plan, from a fresh context too.
        again = planning_context(session, 2014).propose(targets, replace_planned=True)
        assert again.as_json() == plan.as_json()
        # Oldest last audit first and the kind of the last audit kept: the clerk's own plan.
        assert plan.as_json()["years"] == {str(fy): v for fy, v in DEMO_CYCLE3.items()}


def test_an_empty_cycle_gets_the_same_plan_and_existing_planned_audits_count_as_pins(demo_db):
    with demo_db.transaction() as session:
        kept = propose_plan(session, 2014)
        assert {e.source for e in kept.entries} == {"kept"}  # by default planned audits are pins
        _clear_cycle(session)
        fresh = propose_plan(session, 2014)
        assert fresh.as_json()["years"] == kept.as_json()["years"]  # the reasons differ: 登録済みの予定
        _assert_rules(session, fresh)


def test_lowest_last_score_comes_first_among_equally_old(demo_db):
    with demo_db.transaction() as session:
        # 上伊那 (204) was last audited in FY2012 like 105/107/203; give it the lowest score.
        checklist = session.scalars(
            select(Checklist).where(Checklist.fy == 2012, Checklist.kind == "internal", Checklist.institution_id == _inst(session, "204").id)
        ).one()
        answer = checklist.answers[0]
        answer.score, answer.remark = 1, "記録なし"
        session.flush()
        context = planning_context(session, 2014)
        assert next(i for i in context.institutions if i.code == "204").last_score < 3
        plan = context.propose(context.targets((4, 4, 3), (2, 2, 2)), replace_planned=True)
        assert plan.codes(2014, "internal") == ["102", "103", "106", "204"]
        _assert_rules(session, plan, internal=(4, 4, 3))


def test_never_audited_institutions_come_first(demo_db):
    with demo_db.transaction() as session:
        session.add(Institution(code="108", name="新設課", kind="user", has_terminal=False, valid_from_fy=2014, sort_order=99))
        session.flush()
        plan = propose_plan(session, 2014, internal=(4, 4, 4), external=(2, 2, 2), replace_planned=True)
        assert "108" in plan.codes(2014, "internal")


def test_pins_are_kept(demo_db):
    with demo_db.session() as session:
        pins = [parse_pin("208:2014:external"), parse_pin("101:2014:内部監査"), Pin("210", 2016, "internal")]
        plan = propose_plan(session, 2014, internal=(3, 4, 4), external=(2, 2, 2), pins=pins, replace_planned=True)
        assert "208" in plan.codes(2014, "external")
        assert "101" in plan.codes(2014, "internal")
        assert "210" in plan.codes(2016, "internal")
        assert {e.code for e in plan.entries if e.source == "pin"} == {"208", "101", "210"}
        _assert_rules(session, plan)


def test_audits_already_notified_or_done_in_the_cycle_are_fixed(demo_db):
    with demo_db.transaction() as session:
        audit = session.scalars(select(Audit).where(Audit.fy == 2015, Audit.institution_id == _inst(session, "207").id)).first()
        assert audit is None
        moved = session.scalars(select(Audit).where(Audit.fy == 2016, Audit.institution_id == _inst(session, "207").id)).one()
        session.delete(moved)
        session.flush()
        # 207 was notified for FY2015 (say, at the clerk's request): the planner must not move it.
        session.add(Audit(fy=2015, kind="external", institution_id=_inst(session, "207").id, status="notified",
                          starts_at=dt.datetime(2015, 12, 1, 10)))
        session.flush()
        plan = propose_plan(session, 2014, internal=(3, 4, 4), external=(2, 3, 1), replace_planned=True)
        entry = next(e for e in plan.entries if e.code == "207")
        assert (entry.fy, entry.kind, entry.source) == (2015, "external", "fixed")
        _assert_rules(session, plan, external=(2, 3, 1))


def test_an_institution_retired_mid_cycle_is_planned_in_its_last_year(demo_db):
    with demo_db.transaction() as session:
        # 消防課 (101) had its last audit in FY2013 (lowest priority) and leaves after FY2014:
        # a greedy by priority alone would put it in FY2016; the planner must use FY2014.
        _inst(session, "101").valid_until_fy = 2014
        session.flush()
        plan = propose_plan(session, 2014, replace_planned=True)
        assert "101" in plan.codes(2014, "internal")
        _assert_rules(session, plan)


IMPOSSIBLE = [
    ({"internal": (3, 4, 3)}, "一致しません"),
    ({"internal": (2, 2, 1), "external": (4, 4, 4)}, "業務端末設置機関の数（11機関）より多く"),
    ({"pins": ["101:2014:external"]}, "業務端末設置機関ではないため、外部監査にできません"),
    ({"pins": ["101:2017:internal"]}, "この巡目（平成26年度（2014年度）〜平成28年度（2016年度））の外"),
    ({"pins": ["101:2014:internal", "101:2015:internal"]}, "消防課に固定の指定が２つあります"),
    ({"pins": ["301:2014:internal"]}, "この巡目に監査する事務利用機関にありません"),
    ({"pins": ["101:2014:internal", "102:2014:internal", "103:2014:internal", "104:2014:internal"]},
     "平成26年度の内部監査の件数は3件ですが、既に決まっている監査"),
    ({"internal": (3, 4), "external": (2, 2, 2)}, "3年度分を指定してください"),
]


@pytest.mark.parametrize("case, message", IMPOSSIBLE)
def test_each_impossible_input_gets_its_specific_message(demo_db, case, message):
    with demo_db.session() as session:
        context = planning_context(session, 2014)
        with pytest.raises(PlanError) as info:
            targets = context.targets(case.get("internal"), case.get("external"))
            context.propose(targets, [parse_pin(p) for p in case.get("pins", [])], replace_planned=True)
        assert message in str(info.value)
        assert len(info.value.problems) >= 1


def test_a_retired_institution_without_a_place_is_named(demo_db):
    with demo_db.transaction() as session:
        _inst(session, "101").valid_until_fy = 2014
        _inst(session, "106").valid_until_fy = 2014
        session.flush()
        context = planning_context(session, 2014)
        with pytest.raises(PlanError) as info:
            context.propose(context.targets((1, 5, 5), (2, 2, 2)), replace_planned=True)
        text = str(info.value)
        assert "消防課（平成26年度まで、業務端末なし）" in text and "建築指導課（平成26年度まで、業務端末なし）" in text
        with pytest.raises(PlanError) as info:
            context.propose(context.targets((0, 6, 5), (2, 2, 2)), [], replace_planned=True)
        assert info.value.problems == [
            f"{name}（平成26年度まで、業務端末なし）を監査できる枠に空きがありません（平成26年度の内部監査は件数0件・決定済み0件）。件数か固定を見直してください。"
            for name in ("消防課", "建築指導課")
        ]


def test_a_year_with_too_few_terminal_institutions_is_named(demo_db):
    with demo_db.transaction() as session:
        for code in ("201", "202", "203", "204", "205", "206", "207", "208"):
            _inst(session, code).valid_until_fy = 2014
        session.flush()
        context = planning_context(session, 2014)
        with pytest.raises(PlanError, match=r"平成27年度（2015年度）の外部監査の件数（4件）が、その年度の業務端末設置機関の数（3機関）より多く"):
            context.propose(context.targets((8, 3, 2), (0, 4, 0)), replace_planned=True)


def test_a_cycle_must_start_on_a_cycle_year_and_the_first_cycle_needs_targets(demo_db):
    with demo_db.session() as session:
        with pytest.raises(PlanError, match="2015年度は巡目の始まりの年度ではありません"):
            planning_context(session, 2015)
        context = planning_context(session, 2008)
        with pytest.raises(PlanError, match="件数を指定してください"):
            context.targets()


def test_pin_syntax_errors_are_explained():
    from jukidesk.base.errors import ValidationError

    for text, message in [("101-2014", "機関コード:年度:区分"), ("101:R6:internal", "西暦"), ("101:2014:self", "internal")]:
        with pytest.raises(ValidationError, match=message):
            parse_pin(text)


def test_apply_stores_planned_audits_once_and_a_second_apply_changes_nothing(demo_db, demo_path):
    with demo_db.transaction() as session:
        _clear_cycle(session)
    with demo_db.transaction() as session:
        result = apply_plan(session, propose_plan(session, 2014))
        assert (result.added, result.removed) == (17, 0)
    stored = {
        (a.fy, a.kind, a.institution.code)
        for a in demo_db.session().scalars(select(Audit).where(Audit.fy.in_(CYCLE3)))
    }
    assert stored == {(fy, kind, code) for fy, kinds in DEMO_CYCLE3.items() for kind, codes in kinds.items() for code in codes}
    before = sql_dump(demo_path)
    with demo_db.transaction() as session:
        again = apply_plan(session, propose_plan(session, 2014, replace_planned=True))
        assert (again.added, again.removed, again.unchanged) == (0, 0, 17)
    assert sql_dump(demo_path) == before


def test_apply_with_a_pin_replaces_only_planned_audits_and_keeps_their_details(demo_db):
    with demo_db.transaction() as session:
        plan = propose_plan(session, 2014, external=(3, 2, 1), pins=[Pin("208", 2014, "external")], replace_planned=True)
        kept_date = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.institution_id == _inst(session, "209").id)).one().starts_at
        result = apply_plan(session, plan)
        assert (result.added, result.removed) == (1, 1)
        pinned = session.scalars(select(Audit).where(Audit.institution_id == _inst(session, "208").id, Audit.fy == 2014)).one()
        assert pinned.pinned and pinned.status == "planned" and pinned.starts_at is None
        assert session.scalars(select(Audit).where(Audit.fy == 2014, Audit.institution_id == _inst(session, "209").id)).one().starts_at == kept_date
    with demo_db.session() as session:
        # Recomputing keeps the pinned audit even when planned audits are replaced.
        again = propose_plan(session, 2014, external=(3, 2, 1), replace_planned=True)
        assert "208" in again.codes(2014, "external")


def test_cli_plan_json_apply_and_errors(demo_path, capsys):
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2014", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    reasons = data.pop("reasons")  # tests/unit/test_plan_reasons.py reads them
    assert data == {"cycle_start": 2014, "years": {str(fy): v for fy, v in DEMO_CYCLE3.items()}}
    assert len(reasons) == 17 and reasons["102"] == "登録済みの予定・前回 H23 内部監査・最も長く監査していない"
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2014", "--internal", "3,4,4", "--external", "2,2,2"]) == 0
    out = capsys.readouterr().out
    assert "3巡目（平成26年度〜平成28年度）の監査計画" in out and "102 職員課" in out
    before = sql_dump(demo_path)
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2014", "--external", "9,9,9", "--apply"]) == 1
    err = capsys.readouterr().err
    assert "業務端末設置機関の数（11機関）より多く" in err and "Traceback" not in err
    assert sql_dump(demo_path) == before  # no plan at all: nothing stored
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2014", "--replace-planned", "--apply"]) == 0
    assert "変更なし 17 件" in capsys.readouterr().out
    assert sql_dump(demo_path) == before


# ------------------------------------------------------------------ exhaustive cross-check


def _context(insts, years=(2014, 2015, 2016), existing=()):
    return PlanningContext(
        cycle=Cycle(3, years[0], len(years)),
        style=YearStyle(cycle_first_fy=2008),
        institutions=tuple(insts),
        existing=tuple(existing),
        previous_counts={},
    )


def _valid_exists(insts, targets, years):
    slots = [(fy, k) for fy in years for k in ("internal", "external")]
    for choice in itertools.product(slots, repeat=len(insts)):
        ok = all(fy in i.valid_years and (k == "internal" or i.terminal) for i, (fy, k) in zip(insts, choice))
        if not ok:
            continue
        counts = {s: 0 for s in slots}
        for s in choice:
            counts[s] += 1
        if all(counts[(fy, k)] == targets.count(n, k) for n, fy in enumerate(years) for k in ("internal", "external")):
            return True
    return False


def test_the_planner_finds_a_plan_exactly_when_one_exists():
    """Small random registries (validity windows, terminals, targets) against brute force."""
    rng = random.Random(5)
    years = (2014, 2015, 2016)
    checked = solvable = 0
    for case in range(250):
        n = rng.randint(2, 5)
        insts = []
        for index in range(n):
            start = rng.choice([0, 0, 0, 1, 2])
            end = rng.choice([2, 2, 2, 1, 0])
            if end < start:
                start, end = end, start
            insts.append(
                PlanInstitution(
                    id=index + 1, code=f"{index + 1:03d}", name=f"機関{index + 1}", terminal=rng.random() < 0.5,
                    valid_years=years[start : end + 1], registry_index=index,
                    last_fy=rng.choice([None, 2011, 2012, 2013]), last_kind=rng.choice(["internal", "external"]),
                    last_score=Fraction(rng.randint(5, 9), 3),
                )
            )
        counts = [0] * 6
        for _ in range(n):
            counts[rng.randrange(6)] += 1
        targets = Targets(tuple(counts[0::2]), tuple(counts[1::2]))
        exists = _valid_exists(insts, targets, years)
        context = _context(insts, years)
        try:
            plan = context.propose(targets)
        except PlanError:
            assert not exists, case
        else:
            assert exists, case
            assert context.check(plan.assignment(), targets) == []
            solvable += 1
        checked += 1
    assert checked == 250 and 20 < solvable < 240  # both outcomes are exercised


def test_check_reports_a_hand_edited_grid(demo_db):
    with demo_db.session() as session:
        context = planning_context(session, 2014)
        targets = context.targets()
        plan = context.propose(targets, replace_planned=True)
        grid = plan.assignment()
        fire = next(i for i in context.institutions if i.code == "101")
        grid[fire.id] = (2014, "external")
        problems = context.check(grid, targets)
        assert any("消防課は業務端末設置機関ではないため" in p for p in problems)
        assert any("平成26年度の外部監査が3件です（件数の目標は2件）" in p for p in problems)
        grid[fire.id] = None
        assert any("消防課がこの巡目に監査されません" in p for p in context.check(grid, targets))
