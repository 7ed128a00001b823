"""storage.history.bulk_write with ``unique_key``: the rows go in with a plain executemany and
their keys are read back by the unique columns (SQLite returns the keys of a multi-row INSERT
only one statement per row). The same rows written the RETURNING way into a copy of the file
get the same keys and the same change-log records."""

from __future__ import annotations

import shutil
import sqlite3

from sqlalchemy import select

from jukidesk.storage import batches, history
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Answer, Checklist, TemplateItem


def _write(path, unique_key) -> list[int]:
    db = open_database(path)
    try:
        with db.transaction() as session:
            checklists = session.scalars(select(Checklist).where(Checklist.fy == 2013).order_by(Checklist.id).limit(3)).all()
            items = session.scalars(select(TemplateItem.id).order_by(TemplateItem.id)).all()
            stored = session.execute(
                select(Answer.__table__).where(
                    Answer.checklist_id.in_([c.id for c in checklists]), Answer.item_id.in_(items[:7])
                )
            ).mappings()
            history.bulk_write(session, Answer, deletes=[dict(row) for row in stored])  # room for new ones
            inserts = [
                {"checklist_id": checklist.id, "item_id": item_id, "score": 1 + n % 3, "not_applicable": False,
                 "remark": f"備考{n}" if n % 3 == 0 else "", "status": "answered"}
                for checklist in checklists
                for n, item_id in enumerate(items[:7])
            ]
            inserts.reverse()  # keys come back in the order of the rows given, whatever it is
            keys = history.bulk_write(session, Answer, inserts=inserts, unique_key=unique_key)
            stored = {
                (row.checklist_id, row.item_id): row.id
                for row in session.execute(select(Answer.id, Answer.checklist_id, Answer.item_id))
            }
            assert keys == [stored[(row["checklist_id"], row["item_id"])] for row in inserts]
            return keys
    finally:
        db.close()


def _dump(path):
    con = sqlite3.connect(path)
    try:
        answers = con.execute("SELECT id, checklist_id, item_id, score, remark, status FROM answer ORDER BY id").fetchall()
        log = con.execute(
            "SELECT table_name, row_key, row_label, action, field, old, new, institution_id, fy FROM change_log ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return answers, log


def test_keys_read_back_by_the_unique_columns_are_the_returned_keys(demo_path, tmp_path, monkeypatch):
    returning = tmp_path / "returning.sqlite"
    shutil.copy(demo_path, returning)
    monkeypatch.setattr(batches, "VALUES_PER_QUERY", 2)  # 3 checklists: two queries
    by_key = _write(demo_path, ("checklist_id", "item_id"))
    by_returning = _write(returning, ())
    assert len(by_key) == 21 and by_key == by_returning
    assert _dump(demo_path) == _dump(returning)
