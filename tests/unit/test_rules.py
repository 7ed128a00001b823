"""Each rule in one place (issue 15): the table of audit kinds, ``scoring.is_low``, the
organisation's year style, ``Institution.valid_in`` and who owes what (core.obligations)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from jukidesk.base import audit_kinds
from jukidesk.base.audit_kinds import AuditKind
from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core import obligations, scoring
from jukidesk.core.audits import AuditData, findings_summary, validate
from jukidesk.core.checklists import Entry, target_choices, target_institutions
from jukidesk.core.planner import Targets, planning_context, rotation_kinds
from jukidesk.core.registry import list_institutions, retire_institution
from jukidesk.core.scoring import FULL_SCORE, is_low, low_score_clause
from jukidesk.core.settings import save_settings, year_style
from jukidesk.core.summary import year_summary
from jukidesk.core.year_progress import wanted_checklists
from jukidesk.storage.models import AUDIT_KINDS, CHECKLIST_KINDS, Answer, Audit, Checklist, Institution

PACKAGE = Path(__file__).resolve().parents[2] / "jukidesk"
FIRST_MIGRATION = PACKAGE / "storage" / "migrations" / "versions" / "0001_initial_schema.py"

SPECIAL = AuditKind(
    "special", "特別監査", "特別", audit=True, rotates=True, needs_terminal=False, scored=True,
    colour="#7F3FBF", chart_colour="#56B4E9",
)


def _inst(session, code: str) -> Institution:
    return session.scalars(select(Institution).where(Institution.code == code)).one()


# ---------------------------------------------------------------- the table of audit kinds


def test_the_stored_kind_tuples_and_labels_are_the_table():
    assert CHECKLIST_KINDS == ("self", "internal", "external", "followup")
    assert AUDIT_KINDS == ("internal", "external", "followup")
    assert dict(CHECKLIST_KIND_LABELS) == {
        "self": "自己点検", "internal": "内部監査", "external": "外部監査", "followup": "フォローアップ",
    }
    assert rotation_kinds() == ("internal", "external")
    assert audit_kinds.scored_codes() == ("self", "internal", "external")
    assert [k.code for k in audit_kinds.kinds() if k.needs_terminal] == ["external"]


def test_the_check_constraints_derived_from_the_table_need_no_migration(demo_path):
    """The CHECK constraints built from the table are, word for word, the ones the first
    migration created (and the demo file carries): changing how they are written must not
    ask for a new migration."""
    from jukidesk.storage.models import Audit as AuditModel
    from jukidesk.storage.models import Checklist as ChecklistModel

    migration = FIRST_MIGRATION.read_text(encoding="utf-8")
    stored = dict(
        (table, sql) for sql, table in re.findall(r'sa\.CheckConstraint\("([^"]+)", name=op\.f\(\'ck_(\w+)_kind\'\)\)', migration)
    )
    con = sqlite3.connect(demo_path)
    try:
        schema = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    finally:
        con.close()
    for model in (ChecklistModel, AuditModel):
        table = model.__table__.name
        (kind_check,) = [c for c in model.__table__.constraints if c.name == f"ck_{table}_kind"]
        assert str(kind_check.sqltext) == stored[table]
        assert f"CHECK ({stored[table]})" in schema[table]


def test_a_fake_kind_in_the_table_appears_in_labels_planner_and_progress(monkeypatch, demo_db):
    """One row added to the table — nothing else changed — and the kind has a label, the
    planner rotates it, and the year wants its checklists."""
    monkeypatch.setattr(audit_kinds, "KINDS", (*audit_kinds.KINDS, SPECIAL))
    from jukidesk.gui.models.audit_model import KIND_CELL
    from jukidesk.reports.calendar_pdf import KIND_SHORT, kind_rgb

    # the labels
    assert CHECKLIST_KIND_LABELS["special"] == "特別監査"
    assert KIND_CELL["special"] == KIND_SHORT["special"] == "特別"
    assert kind_rgb("special") == (0x7F / 255, 0x3F / 255, 0xBF / 255)

    with demo_db.session() as session:
        # the planner's rotating kinds: a slot for it, a target, and the plan uses it
        assert rotation_kinds() == ("internal", "external", "special")
        assert obligations.rotation_kinds_for(False) == ("internal", "special")
        context = planning_context(session, 2014)
        non_terminal = next(i for i in context.institutions if not i.terminal)
        assert (2014, "special") in context.admissible(non_terminal)
        assert context.targets().counts("special") == (0, 0, 0)  # none in the previous cycle
        targets = context.targets((2, 4, 4), (2, 2, 2), per_kind={"special": (1, 0, 0)})
        plan = context.propose(targets, replace_planned=True)
        assert len(plan.codes(2014, "special")) == 1
        assert len({e.institution_id for e in plan.entries}) == len(context.institutions) == 17

        # the progress's wanted checklists: an audit of the kind (stored past the schema's
        # CHECK, which would take a migration) makes its checklist wanted
        institution = _inst(session, "101")
        assert validate(session, AuditData(fy=2016, kind="special", institution_id=institution.id)).kind == "special"
        session.execute(text("PRAGMA ignore_check_constraints = ON"))
        session.add(Audit(fy=2016, kind="special", institution_id=institution.id))
        session.flush()
        wanted = wanted_checklists(session, 2016)
        assert ("special", institution) in wanted
        assert [k for k, _ in wanted].count("special") == 1
        assert target_institutions(session, 2016, "special") == [institution]
        assert year_summary(session, 2016)["special"].institutions == 1
        session.rollback()


# ---------------------------------------------------------------- is_low: under full marks


def test_is_low_is_a_score_under_full_marks_and_never_not_applicable():
    assert FULL_SCORE == 3
    assert [is_low(s) for s in (None, 1, 2, 3)] == [False, True, True, False]
    assert is_low(Fraction(299, 100)) and not is_low(Fraction(3))
    assert Entry(score=2).needs_remark and not Entry(score=3).needs_remark
    assert not Entry(not_applicable=True).needs_remark


def test_full_score_is_read_in_one_place(monkeypatch):
    """Entries, findings and the trace all go through is_low: lowering full marks to 2
    (imaginary) makes a 2 no longer need a remark."""
    monkeypatch.setattr(scoring, "FULL_SCORE", 2)
    assert not Entry(score=2).needs_remark
    assert Entry(score=1).needs_remark


def test_the_sql_clause_agrees_with_is_low_and_leaves_out_not_applicable(demo_db):
    with demo_db.transaction() as session:
        checklist = session.scalars(
            select(Checklist).where(Checklist.fy == 2009, Checklist.kind == "internal", Checklist.status == "complete")
        ).first()
        full = next(a for a in checklist.answers if a.score == FULL_SCORE)
        full.score, full.not_applicable = None, True  # 該当なし now
        session.flush()
        scores = list(session.scalars(select(Answer.score)))
        assert None in scores and any(is_low(s) for s in scores)
        in_sql = session.scalar(select(func.count(Answer.id)).where(low_score_clause(Answer.score)))
        assert in_sql == sum(1 for s in scores if is_low(s))
        # findings_summary counts the low answers in SQL, the trace with is_low
        from jukidesk.core.trace import trace_figure

        summary = findings_summary(session, 2009, "internal")
        trace = trace_figure(session, 2009, "internal")
        assert summary.low_answers == len(trace.low_answers) > 0
        session.rollback()


def test_no_literal_under_three_is_left_in_the_code():
    pending: set[str] = set()
    found = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        if "/forms/" in relative or "/migrations/" in relative or relative in pending:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"score\s*<\s*3\b|<\s*3\s*\)|<\s*3\s*(if|and|else|$)", line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


# ---------------------------------------------------------------- the organisation's year style


def test_an_audit_message_writes_fy2019_in_the_organisations_style(demo_db):
    def messages(session) -> list[str]:
        result = []
        outside = AuditData(fy=2019, kind="internal", institution_id=_inst(session, "102").id,
                            starts_at=dt.datetime(2021, 6, 1, 10, 0))
        retired = AuditData(fy=2019, kind="internal", institution_id=_inst(session, "101").id)
        for data in (outside, retired):
            with pytest.raises(ValidationError) as caught:
                validate(session, data)
            result.append(str(caught.value))
        return result

    with demo_db.transaction() as session:
        retire_institution(session, _inst(session, "101").id, 2018)
        assert year_style(session).label(2019, fullwidth=False) == "令和元年度"
        default = messages(session)
        assert all("令和元年度" in m and "平成31年度" not in m for m in default), default
        save_settings(session, {"reiwa_for_fy2019": False})
        assert year_style(session).label(2019, fullwidth=False) == "平成31年度"
        heisei = messages(session)
        assert all("平成31年度" in m and "令和元年度" not in m for m in heisei), heisei
        assert "期間外" in heisei[0] and "機関台帳に登録されていません" in heisei[1]
        session.rollback()


# ---------------------------------------------------------------- one "valid in year"


def test_valid_in_is_the_same_rule_on_an_institution_in_sql_and_on_a_table_row(demo_db):
    from jukidesk.gui.models.institution_model import rows_from

    with demo_db.transaction() as session:
        retire_institution(session, _inst(session, "103").id, 2012)
        _inst(session, "104").valid_from_fy = 2015
        session.flush()
        everyone = list_institutions(session)
        rows = {row.id: row for row in rows_from(everyone)}
        for fy in range(2006, 2020):
            in_sql = set(session.scalars(select(Institution.id).where(Institution.valid_in(fy))))
            on_instances = {i.id for i in everyone if i.valid_in(fy)}
            on_rows = {i for i, row in rows.items() if row.valid_in(fy)}
            by_hand = {
                i.id for i in everyone if i.valid_from_fy <= fy and (i.valid_until_fy is None or fy <= i.valid_until_fy)
            }
            assert in_sql == on_instances == on_rows == by_hand, fy
            assert {i.id for i in list_institutions(session, fy)} == by_hand
        assert _inst(session, "103").id not in on_instances and _inst(session, "104").id in on_instances
        session.rollback()


# ---------------------------------------------------------------- who owes what


def test_due_in_cycle_is_every_user_institution_valid_in_some_year_of_it(demo_db):
    with demo_db.transaction() as session:
        retire_institution(session, _inst(session, "101").id, 2013)  # leaves before cycle 3
        retire_institution(session, _inst(session, "102").id, 2014)  # leaves during it
        _inst(session, "103").valid_from_fy = 2016  # arrives in its last year
        session.flush()
        due = {i.code for i in obligations.due_in_cycle(session, range(2014, 2017))}
        users = {i.code for i in list_institutions(session) if i.kind == "user"}
        assert due == users - {"101"}
        assert {"301", "302"}.isdisjoint(due)  # 運用機関 are never audited
        context = planning_context(session, 2014)
        assert {i.code for i in context.institutions} == due
        assert next(i for i in context.institutions if i.code == "103").valid_years == (2016,)
        session.rollback()


def test_audit_refusal_names_the_rule_broken(demo_db):
    with demo_db.session() as session:
        style = year_style(session)
        operator, plain, terminal = (_inst(session, code) for code in ("301", "101", "201"))
        assert obligations.audit_refusal(operator, 2015, "internal", style)[1] == "institution_id"
        message, field = obligations.audit_refusal(plain, 2015, "external", style)
        assert field == "kind" and "外部監査の対象にできません（内部監査にしてください）" in message
        assert obligations.audit_refusal(terminal, 2015, "external", style) is None
        assert obligations.audit_refusal(plain, 2015, "internal", style) is None
        assert obligations.audit_refusal(plain, 2007, "internal", style)[1] == "fy"


def test_checklist_fillers_and_wanted_checklists_follow_the_audits(demo_db):
    with demo_db.session() as session:
        for fy in (2011, 2013):
            registry = list_institutions(session, fy)
            audited = {(k, i) for k, i in session.execute(select(Audit.kind, Audit.institution_id).where(Audit.fy == fy))}
            for kind in CHECKLIST_KINDS:
                expected = registry if kind == "self" else [i for i in registry if (kind, i.id) in audited]
                assert obligations.checklist_fillers(session, fy, kind) == expected, (fy, kind)
                assert target_institutions(session, fy, kind) == expected
                statuses = dict(
                    session.execute(
                        select(Checklist.institution_id, Checklist.status).where(Checklist.fy == fy, Checklist.kind == kind)
                    ).all()
                )
                assert target_choices(session, fy, kind) == [(i.id, i.code, i.name, statuses.get(i.id)) for i in expected]
            wanted = wanted_checklists(session, fy)
            expected = [("self", i) for i in registry] + [
                (kind, i) for kind in ("internal", "external") for i in registry if (kind, i.id) in audited
            ]
            assert wanted == expected
            assert ("followup", registry[0]) not in wanted  # follow-ups need no checklist of their own
        assert len(obligations.checklist_fillers(session, 2011, "followup")) == 10


def test_targets_read_the_same_whichever_way_they_are_given():
    by_position = Targets((3, 4, 4), (2, 2, 2), True)
    by_kind = Targets(per_kind={"external": (2, 2, 2), "internal": (3, 4, 4)}, from_previous_cycle=True)
    assert by_position == by_kind
    assert by_kind.internal == (3, 4, 4) and by_kind.external == (2, 2, 2)
    assert by_kind.total == 17 and by_kind.year_total(1) == 6 and by_kind.count(2, "followup") == 0


def test_the_plan_grid_steps_through_the_kinds_an_institution_may_receive(demo_db):
    from jukidesk.gui.models.audit_model import PlanGridModel

    with demo_db.session() as session:
        context = planning_context(session, 2014)
    model = PlanGridModel(context)
    rows = {inst.code: row for row, inst in enumerate(context.institutions)}
    seen = {}
    for code in ("101", "201"):  # no terminal / a terminal
        steps = []
        for _ in range(3):
            model.cycle(rows[code], 0)
            steps.append(model.data(model.index(rows[code], 0)))
        seen[code] = steps
    assert seen == {"101": ["内部◆", "", "内部◆"], "201": ["内部◆", "外部◆", ""]}  # ◆: pinned by hand
