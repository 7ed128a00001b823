"""Several clerks on one PostgreSQL database (issue 19): two processes scoring the same
checklist at once lose no answer; a clerk saving over an answer another clerk changed since
it was shown is refused with a message naming who (user and PC); a row updated from a stale
version is refused the same way. Needs ``JUKIDESK_TEST_DB`` (skipped without it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from jukidesk.actions import checklists as act
from jukidesk.core.checklists import Entry
from jukidesk.storage.conflicts import ConflictError
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Answer, Checklist, Institution
from jukidesk.storage.models_history import ChangeLog

ROOT = Path(__file__).resolve().parents[2]
FY, KIND = 2014, "self"

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from jukidesk.actions import checklists as act
    from jukidesk.core.checklists import Entry
    from jukidesk.storage.database import open_database

    url, institution_id, ready, go, items = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5:]
    db = open_database(url, create=False)
    ready.write_text("ready")
    while not go.exists():
        time.sleep(0.01)
    for item in items:  # one short transaction per answer, as the checklist tab saves them
        act.save_answer(db, %d, "%s", institution_id, int(item), Entry(3, False, "p" + ready.stem), seen=None)
    db.close()
    """
    % (FY, KIND)
)


def _target(db) -> tuple[int, list[int]]:
    """An institution of the demo and the applicable item ids of its FY2014 self-check."""
    from jukidesk.core.checklists import load_sheet

    with db.session() as session:
        institution_id = session.scalars(select(Institution.id).order_by(Institution.id)).first()
        sheet = load_sheet(session, FY, KIND, institution_id)
        return institution_id, [row.item_id for row in sheet.items]


def _answer(session, item_id: int):
    """The FY2014 self-check answer to ``item_id`` (the demo has earlier years' answers too)."""
    return session.scalars(
        select(Answer).join(Checklist).where(Checklist.fy == FY, Checklist.kind == KIND, Answer.item_id == item_id)
    ).one()


def test_two_processes_scoring_one_checklist_lose_no_answer(server_demo, tmp_path):
    with open_database(server_demo, create=False) as db:
        institution_id, items = _target(db)
        act.ensure_checklist(db, FY, KIND, institution_id)
    assert len(items) >= 10
    halves = {"a": items[0::2], "b": items[1::2]}  # interleaved: both write the same checklist at once
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = {
        name: subprocess.Popen(
            [sys.executable, "-c", WRITER, str(server_demo), str(institution_id), str(tmp_path / f"{name}.ready"), str(go), *map(str, part)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, part in halves.items()
    }
    import time

    deadline = time.monotonic() + 120
    while not all((tmp_path / f"{name}.ready").exists() for name in writers) and time.monotonic() < deadline:
        time.sleep(0.05)
    go.write_text("go")
    for name, writer in writers.items():
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    with open_database(server_demo, create=False) as db, db.session() as session:
        checklist = session.scalars(select(Checklist).where(Checklist.fy == FY, Checklist.kind == KIND, Checklist.institution_id == institution_id)).one()
        stored = {a.item_id: a.remark for a in session.scalars(select(Answer).where(Answer.checklist_id == checklist.id))}
        assert stored == {item: "p" + name for name, part in halves.items() for item in part}
        logged = session.scalars(select(ChangeLog).where(ChangeLog.table_name == "answer", ChangeLog.action == "insert")).all()
        assert len([row for row in logged if row.institution_id == institution_id and row.fy == FY]) == len(items)
        assert {row.host for row in logged if row.fy == FY} == {socket.gethostname()}


def test_saving_over_an_answer_another_clerk_changed_names_them(server_demo, monkeypatch):
    from jukidesk.storage import history

    first, second = open_database(server_demo, create=False), open_database(server_demo, create=False)
    try:
        institution_id, items = _target(first)
        item = items[0]
        shown = None  # both clerks opened the checklist before anyone answered item 1
        monkeypatch.setattr(history, "os_user", lambda: "suzuki")
        act.save_answer(second, FY, KIND, institution_id, item, Entry(2, False, "鈴木の回答"), seen=shown)
        monkeypatch.setattr(history, "os_user", lambda: "tanaka")
        with pytest.raises(ConflictError) as refused:
            act.save_answer(first, FY, KIND, institution_id, item, Entry(3, False, "田中の回答"), seen=shown)
        message = str(refused.value)
        assert "suzuki" in message and socket.gethostname() in message and "保存していません" in message
        with first.session() as session:
            answer = _answer(session, item)
            assert (answer.score, answer.remark) == (2, "鈴木の回答")  # nothing lost, nothing overwritten
        # after the refresh the clerk sees Suzuki's answer and may change it
        act.save_answer(first, FY, KIND, institution_id, item, Entry(3, False, "田中の回答"), seen=Entry(2, False, "鈴木の回答"))
        with first.session() as session:
            answer = _answer(session, item)
            assert (answer.score, answer.version) == (3, 2)
    finally:
        first.close()
        second.close()


def test_an_update_from_a_stale_row_version_is_refused_not_lost(server_demo):
    first, second = open_database(server_demo, create=False), open_database(server_demo, create=False)
    try:
        institution_id, items = _target(first)
        act.save_answer(first, FY, KIND, institution_id, items[0], Entry(1, False, "最初"))
        with pytest.raises(ConflictError, match="変更しました"):
            with first.transaction() as session:
                mine = _answer(session, items[0])  # version 1
                with second.transaction() as other:  # another clerk commits meanwhile
                    _answer(other, items[0]).remark = "ほかの担当者"
                mine.remark = "古い版からの上書き"
                session.flush()
        with first.session() as session:
            assert _answer(session, items[0]).remark == "ほかの担当者"
    finally:
        first.close()
        second.close()
