"""Edit history: every change to the audited tables is recorded with old and new values,
in the same transaction, and the records cannot be changed."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sqlite3

import openpyxl
import pytest
from sqlalchemy import func, select, update

from jukidesk.base.errors import JukideskError
from jukidesk.cli import main
from jukidesk.core.change_history import HEADERS, list_changes
from jukidesk.core.registry import InstitutionData, add_institution, update_institution
from jukidesk.core.settings import save_settings
from jukidesk.storage.history import AUDITED_TABLES
from jukidesk.storage.models import Answer, Audit, Checklist, Finding, Institution, YearNote
from jukidesk.storage.models_history import ChangeLog

from .support import scalar


def _log(session, **where):
    query = select(ChangeLog).order_by(ChangeLog.id)
    for key, value in where.items():
        query = query.where(getattr(ChangeLog, key) == value)
    return list(session.scalars(query))


def _latest_id(db) -> int:
    with db.session() as session:
        return max((row.id for row in _log(session)), default=0)


def _new_since(db, last_id):
    with db.session() as session:
        return [row for row in _log(session) if row.id > last_id]


def _an_answer(session, fy=2013, kind="self", code="207", number="3-2") -> Answer:
    return session.scalars(
        select(Answer)
        .join(Checklist)
        .join(Institution)
        .where(Checklist.fy == fy, Checklist.kind == kind, Institution.code == code)
        .where(Answer.item.has(number=number))
    ).one()


def test_a_score_change_is_recorded_with_old_and_new_value_user_institution_and_year(demo_db):
    last = _latest_id(demo_db)
    with demo_db.transaction() as session:
        answer = _an_answer(session)
        answer.score = 2
        answer.remark = "鍵の管理簿に記入漏れ"
        institution_id = answer.checklist.institution_id
    rows = _new_since(demo_db, last)
    assert {(r.field, r.old, r.new) for r in rows} == {("score", "3", "2"), ("remark", "", "鍵の管理簿に記入漏れ")}
    for row in rows:
        assert row.table_name == "answer" and row.action == "update"
        assert row.os_user == getpass.getuser()
        assert row.institution_id == institution_id and row.fy == 2013
        assert row.row_label == "自己点検 3-2"
        assert abs(row.at - dt.datetime.now()) < dt.timedelta(minutes=1)
    # updated_at changes on every save and is not worth a record.
    assert "updated_at" not in {r.field for r in rows}


def test_a_rolled_back_action_leaves_no_history(demo_db):
    last = _latest_id(demo_db)
    with pytest.raises(RuntimeError):
        with demo_db.transaction() as session:
            _an_answer(session).score = 1
            session.flush()
            raise RuntimeError("user action failed")
    assert _new_since(demo_db, last) == []


def test_insert_and_delete_keep_the_whole_row(demo_db):
    last = _latest_id(demo_db)
    with demo_db.transaction() as session:
        inst = add_institution(session, InstitutionData(code="999", name="新設課", valid_from_fy=2014))
        new_id = inst.id
    with demo_db.transaction() as session:
        session.delete(session.get(Institution, new_id))
    inserted, deleted = _new_since(demo_db, last)
    assert inserted.action == "insert" and inserted.row_key == str(new_id) and inserted.institution_id == new_id
    assert json.loads(inserted.new)["name"] == "新設課" and inserted.old is None
    assert deleted.action == "delete" and json.loads(deleted.old)["code"] == "999" and deleted.new is None


def test_deleting_an_audit_records_its_findings_too(demo_db):
    with demo_db.session() as session:
        audit = session.scalars(select(Audit).where(Audit.findings.any())).first()
        audit_id, count = audit.id, len(audit.findings)
        fy, inst = audit.fy, audit.institution_id
    last = _latest_id(demo_db)
    with demo_db.transaction() as session:
        session.delete(session.get(Audit, audit_id))
    rows = _new_since(demo_db, last)
    assert [r.table_name for r in rows].count("finding") == count
    assert all(r.action == "delete" and r.fy == fy and r.institution_id == inst for r in rows)


def test_every_audited_table_is_recorded(demo_db):
    """Each registry entry: a real update produces a record (guards against a silent listener)."""
    last = _latest_id(demo_db)
    with demo_db.transaction() as session:
        session.scalars(select(Institution)).first().address = "新住所"
        session.scalars(select(Checklist)).first().filled_by = "記入者A"
        session.scalars(select(Answer)).first().remark = "備考"
        session.scalars(select(Audit)).first().place = "第2会議室"
        session.scalars(select(Finding)).first().response = "対応済み"
        save_settings(session, {"org_name": "=新組織"})
        session.scalars(select(YearNote)).first().text = "書き換え"
    tables = {row.table_name for row in _new_since(demo_db, last)}
    core = {"institution", "checklist", "answer", "audit", "finding", "setting", "year_note"}
    assert core <= set(AUDITED_TABLES)
    assert tables == core


def test_history_records_cannot_be_changed_or_deleted(demo_db, demo_path):
    with demo_db.session() as session:
        row = session.scalars(select(ChangeLog)).first()
        row.new = "改ざん"
        with pytest.raises(JukideskError, match="変更履歴は"):
            session.flush()
        session.rollback()
    with demo_db.session() as session:
        session.delete(session.scalars(select(ChangeLog)).first())
        with pytest.raises(JukideskError):
            session.flush()
        session.rollback()
    with demo_db.session() as session:
        session.add(ChangeLog(at=dt.datetime.now(), os_user="x", table_name="answer", row_key="1", action="insert"))
        with pytest.raises(JukideskError):
            session.flush()
        session.rollback()
    # Even outside the app, the database refuses.
    count = scalar(demo_path, "SELECT count(*) FROM change_log")
    con = sqlite3.connect(demo_path)
    for sql in ("UPDATE change_log SET new = 'x'", "DELETE FROM change_log"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(sql)
    con.close()
    assert scalar(demo_path, "SELECT count(*) FROM change_log") == count


def test_bulk_statements_on_audited_tables_are_refused(demo_db):
    ones = select(func.count()).select_from(Answer).where(Answer.score == 1)
    with demo_db.session() as session:
        before = session.scalar(ones)
    with pytest.raises(JukideskError, match="ORM"):
        with demo_db.transaction() as session:
            session.execute(update(Answer).values(score=1))
    with demo_db.session() as session:
        assert session.scalar(ones) == before


def test_filters_and_readable_values(demo_db):
    with demo_db.transaction() as session:
        inst = session.scalars(select(Institution).where(Institution.code == "207")).one()
        update_institution(session, inst.id, InstitutionData(**{**InstitutionData.of(inst).__dict__, "has_terminal": False}))
        _an_answer(session).score = 1
        _an_answer(session, code="208").score = 2
    with demo_db.session() as session:
        entries = list_changes(session, institution_code="207", table="answer", fy=2013)
        assert entries[0].institution_name == inst.name and entries[0].fy_label == "平成25年度"
        assert (entries[0].field_label, entries[0].old_text, entries[0].new_text) == ("点数", "3", "1")
        assert all(e.institution_id == inst.id and e.table_name == "answer" and e.fy == 2013 for e in entries)
        terminal = list_changes(session, institution_code="207", table="institution", limit=1)[0]
        assert (terminal.field_label, terminal.old_text, terminal.new_text) == ("業務端末", "はい", "いいえ")
        assert list_changes(session, limit=3)[0].id > list_changes(session, limit=3)[-1].id  # newest first
        with pytest.raises(JukideskError, match="機関コード「000」"):
            list_changes(session, institution_code="000")


def test_cli_history_table_and_xlsx_export_writes_user_text_as_text(demo_db, demo_path, tmp_path, capsys):
    with demo_db.transaction() as session:
        _an_answer(session).remark = '=HYPERLINK("http://example.invalid","押して")'
    assert main(["history", "--db", str(demo_path), "--table", "answer", "--institution", "207", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "自己点検 3-2" in out and "備考" in out
    target = tmp_path / "履歴.xlsx"
    assert main(["history", "--db", str(demo_path), "--fy", "2013", "--xlsx", str(target)]) == 0
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header_index = rows.index(tuple(HEADERS))
    remark_cells = [c for row in sheet.iter_rows(min_row=header_index + 2) for c in row if c.value and str(c.value).startswith("=HYPERLINK")]
    assert remark_cells and all(c.data_type == "s" and c.quotePrefix for c in remark_cells)
    assert not list(tmp_path.glob("*.part"))
    assert main(["history", "--db", str(demo_path), "--table", "nothing"]) == 1
    assert "台帳の指定" in capsys.readouterr().err


def test_year_notes_are_named_in_words_not_by_their_keys(demo_db):
    from jukidesk.core.change_history import list_changes
    from jukidesk.core.notes import save_year_notes

    with demo_db.transaction() as session:
        save_year_notes(session, 2013, {"next_plan": "来年度から第3巡目。", "progress": "全機関で実施した。"})
    with demo_db.session() as session:
        labels = {c.row_label for c in list_changes(session, table="year_note", limit=5)}
    assert {"資料2「４ 今後の対策」", "資料2「３ 監査経過」"} <= labels
    assert not labels & {"next_plan", "progress"}
