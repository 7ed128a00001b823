"""The evidence actions on the demo file: files added all together or not at all, the date
and description changed, an attachment removed — each checked by what is stored and by
``Outcome.changes``."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from jukidesk.actions import evidence as act
from jukidesk.actions.base import Area
from jukidesk.base.errors import ValidationError
from jukidesk.core import evidence
from jukidesk.core.settings import save_settings
from jukidesk.storage.backup import list_backups
from tests.conftest import sql_dump
from tests.evidence_samples import sample

DAY = dt.date(2013, 10, 2)


def _file(tmp_path, name, size=1000):
    path = tmp_path / name
    path.write_bytes(sample(name, size))  # the content must be what the name claims
    return path


def _owners(db):
    with db.session() as session:
        return {
            "audit": evidence.audit_owner(session, 2013, "internal", "101"),
            "answer": evidence.answer_owner(session, 2013, "self", "101", "3-2"),
        }


def _stored(db, owner=None):
    with db.session() as session:
        return evidence.list_attachments(session, owner)


def test_files_are_added_together_with_their_hash(demo_db, tmp_path):
    owner = _owners(demo_db)["answer"]
    photo, minutes = _file(tmp_path, "現地写真.jpg"), _file(tmp_path, "議事録.pdf", 500)
    added = act.add_attachments(demo_db, owner, [photo, minutes], evidence_date=DAY, description="監査当日")
    assert added.changes == {Area.EVIDENCE} and added.backup is None
    assert [(a.file_name, a.size, a.owner_label) for a in added.value] == [
        ("現地写真.jpg", 1000, "平成25年度 自己点検 消防課 3-2"),
        ("議事録.pdf", 500, "平成25年度 自己点検 消防課 3-2"),
    ]
    assert added.value[0].sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert [(a.id, a.description, a.evidence_date) for a in _stored(demo_db, owner)] == [
        (a.id, "監査当日", DAY) for a in added.value
    ]
    assert list_backups(demo_db.path) == []


def test_one_refused_file_stores_none_of_them(demo_db, demo_path, tmp_path):
    with demo_db.transaction() as session:
        save_settings(session, {"attachment_max_mb": 1})
    owner = _owners(demo_db)["audit"]
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="大きな写真.png は 1.0 MB あり"):
        act.add_attachments(
            demo_db, owner, [_file(tmp_path, "議事録.pdf"), _file(tmp_path, "大きな写真.png", 1024 * 1024 + 1)], evidence_date=DAY
        )
    with pytest.raises(ValidationError, match="プログラムやスクリプト"):
        act.add_attachments(demo_db, owner, [_file(tmp_path, "setup.exe")], evidence_date=DAY)
    assert sql_dump(demo_path) == before


def test_update_and_remove(demo_db, tmp_path):
    owner = _owners(demo_db)["audit"]
    [info] = act.add_attachments(demo_db, owner, [_file(tmp_path, "記録簿.pdf")], evidence_date=DAY).value
    updated = act.update_attachment(demo_db, info.id, evidence_date=dt.date(2013, 10, 3), description="撮影日を訂正")
    assert updated.changes == {Area.EVIDENCE}
    assert (updated.value.evidence_date, updated.value.description) == (dt.date(2013, 10, 3), "撮影日を訂正")
    assert [(a.evidence_date, a.description) for a in _stored(demo_db)] == [(dt.date(2013, 10, 3), "撮影日を訂正")]
    with pytest.raises(ValidationError, match="証拠の日付"):
        act.update_attachment(demo_db, info.id, evidence_date=None, description="")
    removed = act.remove_attachment(demo_db, info.id)
    assert removed.value == "記録簿.pdf" and removed.changes == {Area.EVIDENCE}
    assert _stored(demo_db) == []
    with pytest.raises(ValidationError, match="見つかりません"):
        act.remove_attachment(demo_db, info.id)


def test_the_attach_commands_go_through_the_actions(demo_path, tmp_path, capsys):
    from jukidesk.cli import main

    source = _file(tmp_path, "研修記録.pdf")
    base = ["attach", "add", "--db", str(demo_path), "--answer", "2013", "self", "101", "3-2", "--date", "2013-10-02"]
    assert main([*base, str(source), str(_file(tmp_path, "写真.jpg"))]) == 0
    out = capsys.readouterr().out
    assert out.count("登録しました") == 2 and "添付先: 平成25年度 自己点検 消防課 3-2" in out
    before = sql_dump(demo_path)
    assert main([*base, str(source), str(_file(tmp_path, "setup.exe"))]) == 1  # all or nothing
    assert sql_dump(demo_path) == before
    assert main(["attach", "remove", "--db", str(demo_path), "--id", "1"]) == 0
    assert "削除しました: 研修記録.pdf" in capsys.readouterr().out
