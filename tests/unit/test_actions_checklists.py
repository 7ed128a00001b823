"""The checklist actions on the demo file: answers, completion, carrying last time's answers,
importing returned workbooks (backup first, dry run and refusals leave nothing) and
templates from Excel — each checked by what is stored and by ``Outcome.changes``."""

from __future__ import annotations

import copy

import openpyxl
import pytest
from sqlalchemy import func, select

from jukidesk.actions import checklists as act
from jukidesk.actions.base import Area
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.core.checklists import Entry, checklist_events, find_checklist, load_sheet
from jukidesk.core.templates import definition_of, latest_template, list_templates
from jukidesk.exchange.template_xlsx import write_template_xlsx
from jukidesk.storage.backup import list_backups
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Answer, Institution
from jukidesk.storage.models_history import ChangeLog
from tests.conftest import sql_dump
from tests.exchange.test_checklist_xlsx import export, fill


def _inst_id(db, code: str) -> int:
    with db.session() as session:
        return session.scalars(select(Institution.id).where(Institution.code == code)).one()


def _answers(db, fy: int, kind: str, code: str) -> dict[str, Entry]:
    with db.session() as session:
        checklist = find_checklist(session, fy, kind, _inst_id(db, code))
        if checklist is None:
            return {}
        return {a.item.number: Entry.of(a) for a in checklist.answers}


def _item_id(db, fy: int, kind: str, code: str, number: str) -> int:
    with db.session() as session:
        sheet = load_sheet(session, fy, kind, _inst_id(db, code))
        return next(row.item_id for row in sheet.items if row.number == number)


def _reasons(path) -> list[str]:
    return [info.reason for info in list_backups(path)]


# ---------------------------------------------------------------------------------------
# answers, completion, reopening


def test_saving_an_answer_is_stored_in_the_change_log_and_names_the_checklist_area(demo_db):
    saku = _inst_id(demo_db, "201")
    item_id = _item_id(demo_db, 2014, "self", "201", "1-3")
    with demo_db.session() as session:
        last = session.scalar(select(func.max(ChangeLog.id)))
    saved = act.save_answer(demo_db, 2014, "self", saku, item_id, Entry(2, remark="名簿の更新が遅れた"))
    assert saved.changes == {Area.CHECKLISTS} and saved.backup is None
    assert _answers(demo_db, 2014, "self", "201") == {"1-3": Entry(2, remark="名簿の更新が遅れた")}
    with demo_db.session() as session:
        assert find_checklist(session, 2014, "self", saku).id == saved.value
        logged = session.scalars(select(ChangeLog).where(ChangeLog.id > last, ChangeLog.table_name == "answer")).all()
        assert [(row.action, row.institution_id, row.fy) for row in logged] == [("insert", saku, 2014)]
        assert "名簿の更新が遅れた" in logged[0].new
    assert list_backups(demo_db.path) == []  # a keystroke takes no backup


def test_an_answer_to_a_completed_checklist_is_refused_and_nothing_changes(demo_db, demo_path):
    item_id = _item_id(demo_db, 2013, "self", "101", "1-1")
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="完了済み"):
        act.save_answer(demo_db, 2013, "self", _inst_id(demo_db, "101"), item_id, Entry(1, remark="誤り"))
    assert sql_dump(demo_path) == before


def test_complete_and_reopen_record_their_events(demo_db):
    checklist_id = act.find_checklist_id(demo_db, 2013, "self", "101")
    reopened = act.reopen_checklist(demo_db, checklist_id, "記入誤りの訂正")
    assert reopened.changes == {Area.CHECKLISTS}
    completed = act.complete_checklist(demo_db, checklist_id)
    assert completed.changes == {Area.CHECKLISTS}
    with demo_db.session() as session:
        events = [(e.action, e.note) for e in checklist_events(session, checklist_id)]
    assert events == [("reopen", "記入誤りの訂正"), ("complete", "")]
    with pytest.raises(ValidationError, match="まだ回答がありません"):
        act.find_checklist_id(demo_db, 2014, "self", "201")


def test_ensure_checklist_creates_it_once(demo_db):
    saku = _inst_id(demo_db, "201")
    created = act.ensure_checklist(demo_db, 2014, "self", saku)
    assert created.changes == {Area.CHECKLISTS}
    again = act.ensure_checklist(demo_db, 2014, "self", saku)
    assert again.value == created.value and again.changes == frozenset()


# ---------------------------------------------------------------------------------------
# starting from last time's answers


def test_carrying_every_institution_stores_unconfirmed_answers(demo_db):
    carried = act.start_many_from_previous(demo_db, 2014, "self")
    assert carried.changes == {Area.CHECKLISTS}
    assert len(carried.value) == 19 and all(c.result.carried > 0 for c in carried.value)
    with demo_db.session() as session:
        stored = session.scalar(select(func.count(Answer.id)).where(Answer.status == "unconfirmed"))
    assert stored == sum(c.result.carried for c in carried.value)
    one = _answers(demo_db, 2014, "self", "201")
    assert one and not any(entry.confirmed for entry in one.values())


def test_carrying_several_institutions_is_all_or_nothing(demo_db, demo_path):
    before = sql_dump(demo_path)
    with pytest.raises(JukideskError, match="999"):
        act.start_many_from_previous(demo_db, 2014, "self", ["101", "999"])
    assert sql_dump(demo_path) == before
    single = act.start_from_previous(demo_db, 2014, "self", _inst_id(demo_db, "101"))
    assert single.changes == {Area.CHECKLISTS} and single.value.previous_fy == 2013
    with pytest.raises(ValidationError, match="既に回答があります"):  # not twice
        act.start_from_previous(demo_db, 2014, "self", _inst_id(demo_db, "101"))


# ---------------------------------------------------------------------------------------
# returned workbooks


def test_an_import_backs_up_once_then_stores_the_answers(demo_db, demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", code="201")
    fill(files[0], {"1-3": 2}, remarks={"1-3": "名簿の更新漏れ"})
    plan = act.plan_checklist_import(demo_db, files)
    assert plan.ok and len(plan.changed) == 1
    assert list_backups(demo_path) == []  # checking takes no backup
    done = act.import_checklists(demo_db, plan)
    assert done.changes == {Area.CHECKLISTS}
    backups = list_backups(demo_path)
    assert [info.reason for info in backups] == ["before-import"] and done.backup == backups[0].path
    assert done.value.changed_files == 1 and done.value.changed_items == 50
    answers = _answers(demo_db, 2014, "self", "201")
    assert len(answers) == 50 and answers["1-3"] == Entry(2, remark="名簿の更新漏れ")
    # the generation holds the file as it was before: no answers for 佐久 in 2014
    with open_database(done.backup) as old:
        assert _answers(old, 2014, "self", "201") == {}


def test_importing_the_same_files_again_changes_nothing_and_takes_no_backup(demo_db, demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", code="201")
    fill(files[0])
    act.import_checklists(demo_db, act.plan_checklist_import(demo_db, files))
    again = act.import_checklists(demo_db, act.plan_checklist_import(demo_db, files))
    assert again.changes == frozenset() and again.backup is None and again.value.changed_files == 0
    assert _reasons(demo_path) == ["before-import"]


def test_a_dry_run_stores_nothing_and_takes_no_backup(demo_db, demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", code="201")
    fill(files[0])
    before = sql_dump(demo_path)
    plan = act.plan_checklist_import(demo_db, files)
    assert plan.ok and plan.changed
    assert sql_dump(demo_path) == before and list_backups(demo_path) == []


def test_a_bad_workbook_stores_nothing_and_takes_no_backup(demo_db, demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out")
    for path in files:
        fill(path)
    fill(files[0], {"1-1": 7})  # not 1/2/3/該当なし
    broken = tmp_path / "out" / "壊れた.xlsx"
    broken.write_bytes(b"not a workbook")
    before = sql_dump(demo_path)
    plan = act.plan_checklist_import(demo_db, [*files, broken])
    assert not plan.ok and {p.file for p in plan.errors} == {files[0].name, broken.name}
    with pytest.raises(ValidationError, match="エラーが 2 件"):
        act.import_checklists(demo_db, plan)
    assert sql_dump(demo_path) == before and list_backups(demo_path) == []


def test_a_plan_made_before_the_checklist_changed_is_refused_whole(demo_db, demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", code="201")
    fill(files[0])
    other = export(demo_path, tmp_path / "out2", code="202")
    fill(other[0])
    plan = act.plan_checklist_import(demo_db, [*other, *files])
    # the clerk types an answer for 佐久 after the check
    act.save_answer(demo_db, 2014, "self", _inst_id(demo_db, "201"), _item_id(demo_db, 2014, "self", "201", "1-1"), Entry(1, remark="x"))
    with pytest.raises(ValidationError, match="確認した後にデータが変わった"):
        act.import_checklists(demo_db, plan)
    assert _answers(demo_db, 2014, "self", "202") == {}  # the other file was not stored either
    assert _answers(demo_db, 2014, "self", "201") == {"1-1": Entry(1, remark="x")}


# ---------------------------------------------------------------------------------------
# templates


def test_importing_an_unchanged_template_changes_nothing(demo_db, tmp_path):
    path = tmp_path / "template.xlsx"
    with demo_db.session() as session:
        write_template_xlsx(latest_template(session), path)
    saved = act.import_template(demo_db, path)
    assert saved.value.action == "unchanged" and saved.changes == frozenset()


def test_a_changed_template_becomes_a_new_version_from_the_next_year(demo_db):
    with demo_db.session() as session:
        definition = copy.deepcopy(definition_of(latest_template(session)))
    definition.categories[0].items[0].text += "（改訂）"
    saved = act.save_template(demo_db, definition)
    assert saved.value.action == "new_version" and saved.value.valid_from_fy == 2014  # answers end in 2013
    assert saved.value.title().endswith("第2版（2014年度から）")
    assert Area.TEMPLATES in saved.changes
    with demo_db.session() as session:
        assert [t.version for t in list_templates(session)] == [1, 2]


def test_a_template_sheet_with_problems_is_refused_with_them(demo_db, demo_path, tmp_path):
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "何もない表"
    wb.save(path)
    before = sql_dump(demo_path)
    with pytest.raises(act.TemplateRefused) as refused:
        act.import_template(demo_db, path)
    assert refused.value.problems and "見出しの行" in str(refused.value)
    assert sql_dump(demo_path) == before
