"""Why an institution lands in a year (``plan --json`` "reasons", the plan grid's 理由
column): the last audit and the rule that placed it, a pin, a fixed audit."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

from PySide6.QtCore import Qt

from jukidesk.cli import main
from jukidesk.core.planner import Pin, planning_context, propose_plan
from jukidesk.gui.models.audit_model import PlanGridModel


def test_fy2017_new_cycle_reasons_on_the_demo(demo_path, capsys):
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2017", "--json"]) == 0
    reasons = json.loads(capsys.readouterr().out)["reasons"]
    assert len(reasons) == 17
    assert reasons["102"] == "前回 H26 内部監査・最も長く監査していない"  # oldest last audit: the first year
    assert reasons["105"] == "前回 H27 内部監査・前回から3年"
    assert reasons["209"] == "前回 H26 外部監査・最も長く監査していない・業務端末設置機関のため外部監査"
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2017"]) == 0
    out = capsys.readouterr().out
    assert "理由" in out and "前回 H28 内部監査・前回から3年" in out  # the table's reason column


def test_pinned_fixed_and_never_audited(demo_db):
    with demo_db.session() as session:
        plan = propose_plan(session, 2017, pins=[Pin("101", 2017, "internal")])
        assert plan.reasons()["101"] == "指定により固定"
        # the second cycle: audits carried out (報告済) and notified (通知済) stay where they are
        done = propose_plan(session, 2011)
        assert done.reasons()["102"] == "報告済のため固定"
        # an institution never audited before (a new organisation's first cycle)
        context = planning_context(session, 2017)
        new = replace(next(i for i in context.institutions if i.code == "209"), last_fy=None, last_kind=None, last_score=None)
        assert context.reason(new, (2017, "external"), "proposed") == "監査の記録なし（最優先）・業務端末設置機関のため外部監査"
        # a low last score is said (it ranks the institution earlier among equals)
        low = replace(new, last_fy=2014, last_kind="internal", last_score=Fraction(287, 100))
        assert context.reason(low, (2017, "internal"), "proposed") == "前回 H26 内部監査・最も長く監査していない・前回 2.87点"


def test_the_plan_grid_shows_the_reason_and_a_clicked_cell_is_fixed_by_hand(demo_db, qapp):
    with demo_db.session() as session:
        context = planning_context(session, 2017)
        plan = context.propose(context.targets())
    model = PlanGridModel(context)
    model.set_plan(plan)
    rows = {inst.code: row for row, inst in enumerate(context.institutions)}
    assert model.headerData(model.reason_column, Qt.Orientation.Horizontal) == "理由"
    assert model.index(rows["209"], model.reason_column).data() == plan.reasons()["209"]
    assert plan.reasons()["102"] in model.index(rows["102"], 0).data(Qt.ItemDataRole.ToolTipRole)  # the year cell's tooltip (ToolTipRole)
    assert not model.cycle(rows["102"], model.reason_column)  # the reason column does not step
    model.cycle(rows["102"], 1)
    assert model.index(rows["102"], model.reason_column).data() == "指定により固定"
    assert model.plan(context.targets()).reasons()["102"] == "指定により固定"
