"""The city's records through ``actions.municipal`` on a copy of the city demo: what each
action stores, the backup the completion import takes (and when it takes none), the change
log of a deletion, "today" from the organisation's reference date, and the areas changed."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select

from jukidesk.actions import municipal as act
from jukidesk.actions.base import Area
from jukidesk.base.errors import ValidationError
from jukidesk.core.municipal.inspections import InspectionEntry, template_for
from jukidesk.core.municipal.records import Context
from jukidesk.exchange import completion_xlsx
from jukidesk.exchange.completion_xlsx import CompletionImportError, blank_list
from jukidesk.storage.backup import list_backups
from jukidesk.storage.models import Institution
from jukidesk.storage.models_history import ChangeLog
from jukidesk.storage.models_municipal import InspectionRecord, InspectionTemplate, RuleDocument, TrainingCompletion
from tests.conftest import sql_dump
from tests.municipal import conftest as city
from tests.municipal.conftest import DEMO_FY, DEMO_TODAY

# The city demo's fixtures (tests/municipal/conftest.py), built once for this module.
city_template, city_path, city_db = city.city_template, city.city_path, city.city_db

ELEARNING = "住基ネットセキュリティ研修（e-ラーニング）"
MUNICIPAL = frozenset({Area.MUNICIPAL})


def _list(path, rows):
    blank_list(path)
    workbook = openpyxl.load_workbook(path)
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, 1):
            workbook.active.cell(4 + offset, col).value = value
    workbook.save(path)
    return path


def _completions(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(TrainingCompletion.id)))


def _import_backups(path) -> list:
    return [b for b in list_backups(path) if b.reason == "before-import"]


GOOD = [
    ["M004", "岡本 直樹", ELEARNING, dt.date(2026, 11, 18)],
    ["M017", "橋本 麻衣", ELEARNING, "2026-11-19"],
    ["M002", "", ELEARNING, "2026-06-09"],  # recorded on 6/8: corrected
]


# ---------------------------------------------------------------- completion import


def test_a_completion_import_backs_up_once_and_stores_every_row(city_db, city_path, tmp_path):
    path = _list(tmp_path / "list.xlsx", GOOD)
    before = _completions(city_db)
    assert _import_backups(city_path) == []
    outcome = act.import_completions(city_db, path, DEMO_FY)
    assert outcome.changes == MUNICIPAL
    assert (outcome.value.added, outcome.value.corrected, outcome.value.rows) == (2, 1, 3)
    assert _completions(city_db) == before + 2
    backups = _import_backups(city_path)
    assert [b.path for b in backups] == [outcome.backup] and outcome.backup.parent.name == "backups"
    # The generation is the file as it was before the import.
    from jukidesk.storage.database import open_database

    with open_database(outcome.backup, create=False) as old, old.session() as session:
        assert session.scalar(select(func.count(TrainingCompletion.id))) == before


def test_a_bad_completion_list_stores_nothing_and_takes_no_backup(city_db, city_path, tmp_path):
    path = _list(tmp_path / "bad.xlsx", [*GOOD, ["M999", "誰か", ELEARNING, "2026-11-18"]])
    before = sql_dump(city_path)
    with pytest.raises(CompletionImportError, match="何も取り込んでいません") as info:
        act.import_completions(city_db, path, DEMO_FY)
    assert [(p.sheet, p.cell) for p in info.value.problems] == [("受講完了者リスト", "A7")]
    assert sql_dump(city_path) == before
    assert _import_backups(city_path) == []


def test_a_completion_import_failing_while_storing_stores_no_row(city_db, city_path, tmp_path, monkeypatch):
    path = _list(tmp_path / "list.xlsx", GOOD)
    store = completion_xlsx.import_completions

    def store_then_fail(session, *args):
        assert store(session, *args).added == 2  # rows written in the transaction …
        raise RuntimeError("disk full")

    monkeypatch.setattr(completion_xlsx, "import_completions", store_then_fail)
    before = sql_dump(city_path)
    with pytest.raises(RuntimeError):
        act.import_completions(city_db, path, DEMO_FY)
    assert sql_dump(city_path) == before  # … and rolled back with it
    assert _import_backups(city_path) == []  # nothing changed: the generation taken first is not kept


def test_the_completion_import_reports_progress(city_db, tmp_path):
    from jukidesk.base.progress import Progress

    steps = []
    act.import_completions(city_db, _list(tmp_path / "list.xlsx", GOOD), DEMO_FY, progress=Progress(lambda *step: steps.append(step)))
    assert [(done, total) for done, total, _label in steps] == [(0, 2), (1, 2), (2, 2)]


# ---------------------------------------------------------------- records of any kind


def _rule(db, title):
    with db.session() as session:
        return session.scalars(select(RuleDocument).where(RuleDocument.title == title)).first()


def test_records_are_added_updated_and_deleted_through_the_actions(city_db, city_path):
    ctx = Context(DEMO_FY, DEMO_TODAY)
    values = {"title": "端末更新手順書", "kind": "procedure", "status": "ready", "revised_on": dt.date(2026, 11, 1)}
    added = act.save_record(city_db, "rule", values, ctx)
    assert added.changes == MUNICIPAL and _rule(city_db, "端末更新手順書").id == added.value
    updated = act.save_record(city_db, "rule", {**values, "version": "第2版"}, ctx, record_id=added.value)
    assert updated.changes == MUNICIPAL and updated.value == added.value
    assert _rule(city_db, "端末更新手順書").version == "第2版"
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="既に登録") as info:  # the same title twice
        act.add_record(city_db, "rule", values, ctx)
    assert info.value.field == "title" and sql_dump(city_path) == before


def test_deleting_a_record_is_in_the_change_log(city_db):
    # (ログ解析手順書 itself is tied to an item of the 調査票: refused, see tests/municipal/test_survey.py)
    title = "みどり市住民基本台帳ネットワークシステムの運用に係る取扱要領"
    rule = _rule(city_db, title)
    outcome = act.delete_record(city_db, "rule", rule.id)
    assert outcome.changes == MUNICIPAL
    assert _rule(city_db, title) is None
    with city_db.session() as session:
        logged = session.scalars(
            select(ChangeLog).where(ChangeLog.table_name == "rule_document", ChangeLog.row_key == str(rule.id))
        ).all()
    assert [(entry.action, entry.row_label) for entry in logged if entry.action == "delete"] == [("delete", title)]
    assert title in [entry for entry in logged if entry.action == "delete"][0].old


def test_a_referenced_record_is_not_deleted(city_db, city_path):
    from jukidesk.storage.models_municipal import Staff

    with city_db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.code == "M001")).one().id
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="参照されている"):
        act.delete_record(city_db, "staff", staff)
    assert sql_dump(city_path) == before


# ---------------------------------------------------------------- inspections


def _east(db) -> int:
    with db.session() as session:
        return session.scalars(select(Institution).where(Institution.name == "東部地域センター")).one().id


def test_an_inspection_sheet_is_saved_and_a_day_after_the_reference_date_refused(city_db, city_path):
    site = _east(city_db)
    outcome = act.save_inspection(city_db, InspectionEntry("daily", site, dt.date(2026, 11, 5), inspector="林 大輔"))
    assert outcome.changes == MUNICIPAL
    with city_db.session() as session:
        record = session.get(InspectionRecord, outcome.value)
        assert (record.institution_id, record.period, record.inspector) == (site, dt.date(2026, 11, 5), "林 大輔")
    # The demo's reference date is 2026-11-20: the 24th is still to come, whatever the PC's clock says.
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="まだ来ていない日"):
        act.save_inspection(city_db, InspectionEntry("daily", site, dt.date(2026, 11, 24)))
    assert sql_dump(city_path) == before
    later = act.save_inspection(city_db, InspectionEntry("daily", site, dt.date(2026, 11, 24)), today=dt.date(2026, 11, 30))
    assert later.changes == MUNICIPAL


def test_an_inspection_sheet_is_corrected_in_place(city_db):
    site = _east(city_db)
    first = act.save_inspection(city_db, InspectionEntry("daily", site, dt.date(2026, 11, 5)))
    with city_db.session() as session:
        item = template_for(session, "daily", dt.date(2026, 11, 5)).items[0].id
    again = act.save_inspection(
        city_db, InspectionEntry("daily", site, dt.date(2026, 11, 5), {item: "ロック忘れ1台"}), record_id=first.value
    )
    assert again.value == first.value
    with city_db.session() as session:
        record = session.get(InspectionRecord, first.value)
        assert [(r.item_id, r.ok, r.remark) for r in record.results if not r.ok] == [(item, False, "ロック忘れ1台")]


def test_an_item_sheet_becomes_the_next_version(city_db, city_path):
    with city_db.session() as session:
        latest = session.scalar(select(func.max(InspectionTemplate.version)).where(InspectionTemplate.kind == "daily"))
    outcome = act.save_inspection_items(city_db, "daily", ["画面ロック", "カード保管"], dt.date(2026, 11, 21))
    assert outcome.changes == MUNICIPAL and outcome.value == latest + 1
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="重複"):
        act.save_inspection_items(city_db, "daily", ["画面ロック", "画面ロック"], dt.date(2026, 12, 1))
    assert sql_dump(city_path) == before


def test_the_municipal_doors_load_no_excel_until_a_list_is_imported(tmp_path):
    from tests.unit.test_startup_imports import HEAVY, loaded_after

    code = "import jukidesk.actions.municipal, jukidesk.gui.municipal_tab, jukidesk.cli.municipal"
    assert loaded_after(code, HEAVY, tmp_path) == []
