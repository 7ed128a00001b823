"""The import writes answers in bulk (core.checklists.write_entries → storage.history.bulk_write).
The same books imported the old way (one ORM object per answer, history from the flush) and
the bulk way into two copies of the demo leave the same answers and the same change log."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import openpyxl

from jukidesk.exchange import checklist_xlsx
from jukidesk.exchange.checklist_xlsx import MAIN_SHEET
from tests.exchange.test_checklist_xlsx import export, item_rows, run_import


def _fill_varied(path: Path, seed: int, *, blanks: bool) -> None:
    """Scores 1–3, 該当なし and remarks spread over the items; ``blanks`` leaves some empty."""
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    for n, (number, row) in enumerate(sorted(item_rows(ws).items())):
        pick = (n * 7 + seed) % 6
        ws[f"D{row}"].value = None if (blanks and pick == 5) else ("該当なし" if pick == 4 else 1 + pick % 3)
        ws[f"E{row}"].value = f"備考{seed}-{number}" if pick in (0, 1) else None
    ws["B4"].value = f"記入 {seed}"
    wb.save(path)


def _answers(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT id, checklist_id, item_id, score, not_applicable, remark, status FROM answer ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def _history(db: Path) -> list[tuple]:
    """Every change_log row but its id and time, in a stable order."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT os_user, table_name, row_key, row_label, action, field, old, new, institution_id, fy FROM change_log"
        ).fetchall()
    finally:
        con.close()
    return sorted(rows, key=repr)


def _import_both_ways(orm_db: Path, bulk_db: Path, files: list[Path], monkeypatch, extra=()) -> None:
    monkeypatch.setattr(checklist_xlsx, "BULK_ANSWERS", False)
    assert run_import(orm_db, *files, extra=extra) == 0
    monkeypatch.setattr(checklist_xlsx, "BULK_ANSWERS", True)
    assert run_import(bulk_db, *files, extra=extra) == 0


def test_bulk_import_writes_the_same_answers_and_change_log_as_the_orm_path(demo_path, tmp_path, monkeypatch):
    orm_db, bulk_db = tmp_path / "orm.sqlite", tmp_path / "bulk.sqlite"
    files = export(demo_path, tmp_path / "out")  # signs the books with the file's key: copy after
    shutil.copy(demo_path, orm_db)
    shutil.copy(demo_path, bulk_db)
    assert len(files) >= 3
    answers_before, history_before = _answers(bulk_db), _history(bulk_db)

    # first import: new answers (inserts), some books partly blank
    for seed, path in enumerate(files):
        _fill_varied(path, seed, blanks=seed % 2 == 1)
    _import_both_ways(orm_db, bulk_db, files, monkeypatch)
    assert _answers(bulk_db) != answers_before
    inserted = [r for r in _history(bulk_db) if r[1] == "answer" and r[4] == "insert"]
    assert len(inserted) > 50
    assert _answers(bulk_db) == _answers(orm_db)
    assert _history(bulk_db) == _history(orm_db)

    # second import with --replace: changed scores and remarks (updates), blanks (deletes), new answers
    for seed, path in enumerate(files):
        _fill_varied(path, seed + 3, blanks=seed % 2 == 0)
    _import_both_ways(orm_db, bulk_db, files, monkeypatch, extra=["--replace"])
    history = _history(bulk_db)
    for action in ("insert", "update", "delete"):
        assert any(r[1] == "answer" and r[4] == action for r in history if r not in history_before), action
    assert _answers(bulk_db) == _answers(orm_db)
    assert history == _history(orm_db)
