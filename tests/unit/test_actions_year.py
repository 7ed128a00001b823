"""actions.year: the writes of the clerk's year (home tab and ``jukidesk year``), each in one
transaction with the backup it needs taken first, saying which areas changed."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest
from sqlalchemy import select

from jukidesk.actions.base import Area
from jukidesk.actions.year import apply_year_plan, export_workbooks, import_workbooks, mark_audits_done, prepare_year
from jukidesk.base.errors import ValidationError
from jukidesk.cli import main
from jukidesk.core.audits import AuditData, delete_audit, list_audits, set_status, update_audit
from jukidesk.core.checklists import Entry, complete_checklist, load_sheet, save_answer
from jukidesk.core.settings import save_settings
from jukidesk.core.year_progress import year_overview
from jukidesk.storage.backup import list_backups
from jukidesk.storage.models import Audit, ImportedFile, YearEvent
from tests.conftest import sql_dump
from tests.exchange.test_distribution import fill


def backups(path, reason):
    return [b.path for b in list_backups(path) if b.path.name.endswith(f"-{reason}.sqlite")]


def test_prepare_year_dry_run_stores_nothing_then_prepares_once(demo_db, demo_path):
    before = sql_dump(demo_path)
    preview = prepare_year(demo_db, 2014, dry_run=True)
    assert preview.value.dry_run and preview.value.created["self"] == 19
    assert preview.changes == frozenset() and preview.backup is None
    assert sql_dump(demo_path) == before

    done = prepare_year(demo_db, 2014)
    assert done.value.created == preview.value.created and not done.value.dry_run
    assert Area.CHECKLISTS in done.changes
    assert done.backup is None  # the demo's cycle has its plan: nothing applied in bulk
    with demo_db.session() as session:
        assert year_overview(session, 2014).step("prepare").status == "done"

    again = prepare_year(demo_db, 2014)
    assert not again.value.changed and again.changes == frozenset()


def test_prepare_year_backs_up_before_it_applies_the_cycles_plan(demo_db, demo_path):
    with demo_db.transaction() as session:
        cycle = [a for fy in (2014, 2015, 2016) for a in list_audits(session, fy) if a.kind in ("internal", "external")]
        for audit in cycle:
            delete_audit(session, audit.id)
    done = prepare_year(demo_db, 2014)
    assert done.value.plan_added > 0
    assert done.changes == {Area.CHECKLISTS, Area.AUDITS}
    assert done.backup is not None and done.backup in backups(demo_path, "before-bulk")


def test_apply_year_plan_backs_up_first(demo_db, demo_path):
    with demo_db.transaction() as session:
        for audit in list_audits(session, 2014):
            delete_audit(session, audit.id)
    assert backups(demo_path, "before-bulk") == []
    applied = apply_year_plan(demo_db, 2014)
    assert applied.value.added == 5 and applied.changes == {Area.AUDITS, Area.CHECKLISTS}
    assert applied.backup is not None and applied.backup in backups(demo_path, "before-bulk")
    with demo_db.session() as session:
        assert len(list_audits(session, 2014)) == 5


def test_export_records_the_workbooks_sent_out(demo_db, tmp_path):
    sent = export_workbooks(demo_db, 2014, tmp_path / "out")
    assert len(sent.value) == 19 and sent.changes == {Area.YEAR} and sent.backup is None
    with demo_db.session() as session:
        event = session.scalars(select(YearEvent)).one()
        assert (event.action, event.count, event.detail) == ("export", 19, str(tmp_path / "out"))
        assert year_overview(session, 2014).step("distribute").status == "done"


@pytest.fixture
def sent(demo_db, tmp_path):
    return export_workbooks(demo_db, 2014, tmp_path / "out").value


def test_import_takes_the_good_files_after_one_backup(demo_db, demo_path, sent, tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    for path in sent[:2]:
        fill(shutil.copy(path, folder / path.name))
    fill(shutil.copy(sent[2], folder / sent[2].name), first="=1+2")  # rejected: a formula
    result = import_workbooks(demo_db, [folder], fy=2014)
    assert result.changes == {Area.CHECKLISTS}
    assert len(result.value.imported) == 2 and [r.name for r in result.value.rejected] == [sent[2].name]
    assert result.value.lines()[0].startswith("取り込み 2件")
    assert result.backup is not None and result.backup in backups(demo_path, "before-import")
    with demo_db.session() as session:
        assert len(session.scalars(select(ImportedFile)).all()) == 2

    # the same folder again: nothing to write, no backup, the file untouched
    count, before = len(backups(demo_path, "before-import")), sql_dump(demo_path)
    again = import_workbooks(demo_db, [folder], fy=2014)
    assert again.changes == frozenset() and again.backup is None
    assert "取り込み済みのため省略 2件" in again.value.lines()[0]
    assert len(backups(demo_path, "before-import")) == count and sql_dump(demo_path) == before


def test_an_import_with_nothing_to_write_takes_no_backup(demo_db, demo_path, sent, tmp_path):
    folder = tmp_path / "blank"
    folder.mkdir()
    shutil.copy(sent[0], folder / sent[0].name)  # valid, nothing filled in
    fill(shutil.copy(sent[1], folder / sent[1].name), first="=1+2")  # rejected
    before = sql_dump(demo_path)
    result = import_workbooks(demo_db, [folder], fy=2014)
    assert result.value.unchanged == [sent[0].name] and len(result.value.rejected) == 1
    assert result.changes == frozenset() and result.backup is None
    assert backups(demo_path, "before-import") == [] and sql_dump(demo_path) == before
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationError, match="ありません"):
        import_workbooks(demo_db, [tmp_path / "empty"])
    assert backups(demo_path, "before-import") == []


def test_the_cli_imports_through_the_action(demo_path, sent, tmp_path, capsys):
    folder = tmp_path / "returned"
    folder.mkdir()
    fill(shutil.copy(sent[0], folder / sent[0].name))
    assert main(["year", "import", "--db", str(demo_path), "--fy", "2014", str(folder)]) == 0
    assert "取り込み 1件" in capsys.readouterr().out
    assert backups(demo_path, "before-import")


def _audit_ready(db) -> int:
    """The first FY2014 audit dated 10/21, notified, its checklist complete."""
    with db.transaction() as session:
        audit = list_audits(session, 2014)[0]
        starts = dt.datetime(2014, 10, 21, 13, 30)
        update_audit(session, audit.id, replace(AuditData.of(audit), starts_at=starts, ends_at=None))
        set_status(session, audit.id, "notified", on=dt.date(2014, 10, 1), today=dt.date(2014, 10, 1))
    prepare_year(db, 2014)
    with db.transaction() as session:
        audit = session.get(Audit, audit.id)
        sheet = load_sheet(session, 2014, audit.kind, audit.institution_id)
        for row in sheet.items:
            checklist = save_answer(session, 2014, audit.kind, audit.institution_id, row.item_id, Entry(3))
        complete_checklist(session, checklist.id)
        return audit.id


def test_mark_done_counts_from_the_reference_date(demo_db, demo_path):
    audit_id = _audit_ready(demo_db)
    early = mark_audits_done(demo_db, 2014)  # the demo's reference date 2014-04-07: before the audit
    assert early.value == []
    with demo_db.transaction() as session:
        save_settings(session, {"reference_date": "2014-10-22"})
    done = mark_audits_done(demo_db, 2014)
    assert len(done.value) == 1 and done.changes == {Area.AUDITS}
    with demo_db.session() as session:
        assert session.get(Audit, audit_id).status == "done"


def test_the_cli_marks_audits_done(demo_db, demo_path, capsys):
    audit_id = _audit_ready(demo_db)
    assert main(["year", "mark-done", "--db", str(demo_path), "--fy", "2014", "--date", "2014-10-21"]) == 0
    assert "実施済にしました: " in capsys.readouterr().out
    with demo_db.session() as session:
        assert session.get(Audit, audit_id).status == "done"
