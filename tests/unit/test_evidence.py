"""Evidence attachments: stored inside the database file with their hash, carried by
backups byte for byte, oversized or executable files refused with nothing stored, copies
for viewing checked against the hash, and the attach command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import stat

import pytest

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.cli import main
from jukidesk.core import evidence
from jukidesk.core.settings import save_settings
from jukidesk.storage.models import Checklist
from tests.conftest import sql_dump
from tests.evidence_samples import sample

DAY = dt.date(2013, 10, 2)


def _audit_owner(session):
    return evidence.audit_owner(session, 2013, "internal", "101")


def _photo(tmp_path, name="入退室記録簿.jpg", size=300_000):
    path = tmp_path / name
    path.write_bytes(sample(name, size))  # the content must be what the name claims
    return path


def test_an_attachment_survives_backup_and_restore_byte_for_byte(demo_db, demo_path, tmp_path):
    from jukidesk.storage.backup import backup_file
    from jukidesk.storage.recovery import restore_backup

    source = _photo(tmp_path)
    original = source.read_bytes()
    with demo_db.transaction() as session:
        attachment = evidence.add_attachment(
            session, _audit_owner(session), source, evidence_date=DAY, description="監査当日に撮影"
        )
        attachment_id = attachment.id
    backup = backup_file(demo_path, reason="manual")
    with demo_db.transaction() as session:  # lost after the backup …
        evidence.delete_attachment(session, attachment_id)
    with demo_db.session() as session:
        assert evidence.list_attachments(session) == []
    demo_db.close()
    restore_backup(backup, demo_path)  # … and restored from it
    from jukidesk.storage.database import open_database

    db = open_database(demo_path)
    try:
        with db.session() as session:
            [info] = evidence.list_attachments(session)
            assert (info.file_name, info.evidence_date, info.description) == ("入退室記録簿.jpg", DAY, "監査当日に撮影")
            assert info.sha256 == hashlib.sha256(original).hexdigest() and info.size == len(original)
            _, data = evidence.read_content(session, info.id)
            copy = evidence.extract(session, info.id, tmp_path / "out")
    finally:
        db.close()
    assert data == original
    assert (tmp_path / "out").read_bytes() == original and copy == tmp_path / "out"


def test_an_oversized_file_is_refused_and_nothing_is_stored(demo_db, demo_path, tmp_path):
    with demo_db.transaction() as session:
        save_settings(session, {"attachment_max_mb": 1})
    big = _photo(tmp_path, "現地写真.png", size=1024 * 1024 + 1)
    small = _photo(tmp_path, "議事録.pdf", size=1000)
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match=r"現地写真\.png は 1\.0 MB あり、証拠資料の上限（1 MB）を超える"):
        with demo_db.transaction() as session:
            owner = _audit_owner(session)
            evidence.add_attachment(session, owner, small, evidence_date=DAY)  # all or nothing:
            evidence.add_attachment(session, owner, big, evidence_date=DAY)  # the first is rolled back
    assert sql_dump(demo_path) == before
    # the default limit is 20 MB
    with demo_db.session() as session:
        save_settings(session, {"attachment_max_mb": 20})
        assert evidence.max_bytes(session) == 20 * 1024 * 1024
        session.rollback()


@pytest.mark.parametrize(
    "name",
    ["setup.exe", "run.BAT", "macro.js", "a.vbs", "x.ps1", "pkg.msi", "link.lnk", "s.scr", "h.hta", "trick.pdf.exe", "trail.exe. "],
)
def test_programs_are_never_stored(demo_db, demo_path, tmp_path, name):
    target = tmp_path / name
    target.write_bytes(b"MZ")
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="プログラムやスクリプト"):
        with demo_db.transaction() as session:
            evidence.add_attachment(session, _audit_owner(session), target, evidence_date=DAY)
    assert sql_dump(demo_path) == before


def test_what_may_be_opened_and_the_names_of_copies():
    assert evidence.open_action("監査報告.PDF") == "open"
    assert evidence.open_action("写真.jpeg") == "open"
    assert evidence.open_action("集計.xlsm") == "reveal"  # macros: only the folder is shown
    assert evidence.open_action("log.txt.exe") == "reveal"
    assert evidence.open_action("notes") == "reveal"
    assert evidence.safe_file_name("..\\..\\evil:name?.pdf") == "evil_name_.pdf"
    assert evidence.safe_file_name("CON.txt") == "_CON.txt"
    assert evidence.safe_file_name(" . ") == "attachment"


def test_evidence_date_and_owner_are_checked(demo_db, tmp_path):
    source = _photo(tmp_path, size=10)
    with demo_db.transaction() as session:
        owner = _audit_owner(session)
        with pytest.raises(ValidationError, match="証拠の日付"):
            evidence.add_attachment(session, owner, source, evidence_date=None)
        with pytest.raises(ValidationError, match="見つかりません"):
            evidence.add_attachment(session, evidence.Owner("audit", 99999), source, evidence_date=DAY)
        with pytest.raises(ValidationError, match="ありません"):
            evidence.answer_owner(session, 2013, "self", "101", "99-9")
        with pytest.raises(ValidationError, match="見つかりません"):
            evidence.add_attachment(session, owner, tmp_path / "missing.pdf", evidence_date=DAY)


def test_answer_evidence_outlives_clearing_the_score_and_lists_per_owner(demo_db, tmp_path):
    from jukidesk.core.checklists import reopen_checklist, save_answer

    source = _photo(tmp_path, "鍵の管理簿.pdf", size=100)
    with demo_db.transaction() as session:
        owner = evidence.answer_owner(session, 2013, "self", "101", "3-2")
        evidence.add_attachment(session, owner, source, evidence_date=DAY, description="管理簿の写し")
        other = evidence.answer_owner(session, 2013, "self", "101", "3-3")
        evidence.add_attachment(session, other, source, evidence_date=DAY)
        evidence.add_attachment(session, _audit_owner(session), source, evidence_date=DAY)
        assert evidence.owner_label(session, owner) == "平成25年度 自己点検 消防課 3-2"
    with demo_db.transaction() as session:
        checklist = session.get(Checklist, owner.id)
        reopen_checklist(session, checklist.id, "証拠の確認")
        save_answer(session, 2013, "self", checklist.institution_id, owner.item_id, None)  # the answer row is gone
    with demo_db.session() as session:
        assert [a.description for a in evidence.list_attachments(session, owner)] == ["管理簿の写し"]
        assert len(evidence.list_attachments(session)) == 3
        counts = evidence.attachment_counts(session, "answer", [owner.id])
        assert counts == {(owner.id, owner.item_id): 1, (other.id, other.item_id): 1}


def test_an_attachment_of_a_deleted_owner_stays_listed(demo_db, tmp_path):
    from jukidesk.core.audits import delete_audit

    source = _photo(tmp_path, "a.pdf", size=10)
    with demo_db.transaction() as session:
        planned = evidence.audit_owner(session, 2013, "external", "207")
        evidence.add_attachment(session, planned, source, evidence_date=DAY)
        delete_audit(session, planned.id)
    with demo_db.session() as session:
        [info] = evidence.list_attachments(session)
        assert info.owner_label == "監査（削除済み）"


def test_a_tampered_content_is_not_handed_out(demo_db, demo_path, tmp_path):
    source = _photo(tmp_path, "a.pdf", size=64)
    with demo_db.transaction() as session:
        attachment_id = evidence.add_attachment(session, _audit_owner(session), source, evidence_date=DAY).id
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE attachment_content SET data = ? WHERE attachment_id = ?", (b"changed", attachment_id))
    con.commit()
    con.close()
    with demo_db.session() as session:
        with pytest.raises(JukideskError, match="SHA-256"):
            evidence.extract_for_viewing(session, attachment_id, tmp_path / "view")
    assert not list((tmp_path / "view").rglob("a.pdf"))


def test_a_copy_for_viewing_is_read_only_in_its_own_folder(demo_db, tmp_path):
    source = _photo(tmp_path, "写真.jpg", size=64)
    with demo_db.transaction() as session:
        attachment_id = evidence.add_attachment(session, _audit_owner(session), source, evidence_date=DAY).id
    with demo_db.session() as session:
        first, action = evidence.extract_for_viewing(session, attachment_id, tmp_path / "view")
        second, _ = evidence.extract_for_viewing(session, attachment_id, tmp_path / "view")
    assert action == "open" and first != second and first.name == "写真.jpg"
    assert first.read_bytes() == source.read_bytes()
    assert not first.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # the viewer cannot save over it


def test_attach_command_line(demo_path, tmp_path, capsys):
    source = _photo(tmp_path, "研修記録.pdf", size=2048)
    db = str(demo_path)
    assert main(["attach", "add", "--db", db, "--answer", "2013", "self", "101", "3-2", "--date", "2013-09-30",
                 "--description", "研修の受講記録", str(source)]) == 0
    out = capsys.readouterr().out
    assert "平成25年度 自己点検 消防課 3-2" in out and hashlib.sha256(source.read_bytes()).hexdigest() in out
    assert main(["attach", "add", "--db", db, "--finding", "2010", "external", "207", "4-3", "--date", "2010-11-01", str(source)]) == 0
    capsys.readouterr()
    assert main(["attach", "list", "--db", db, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [item["owner_type"] for item in listed] == ["finding", "answer"]  # by evidence date
    assert listed[0]["owner"].endswith("松本地方事務所の指摘 4-3")
    before = sql_dump(demo_path)
    assert main(["attach", "add", "--db", db, "--audit", "2013", "internal", "101", "--date", "2013-10-01",
                 str(source), str(tmp_path / "なし.pdf")]) == 1
    assert "なし.pdf が見つかりません" in capsys.readouterr().err
    assert sql_dump(demo_path) == before  # neither file stored
    assert main(["attach", "extract", "--db", db, "--id", str(listed[1]["id"]), "--out", str(tmp_path / "copy") + "/"]) == 0
    assert (tmp_path / "copy" / "研修記録.pdf").read_bytes() == source.read_bytes()
    assert main(["attach", "remove", "--db", db, "--id", str(listed[1]["id"])]) == 0
    assert main(["attach", "list", "--db", db, "--answer", "2013", "self", "101", "3-2"]) == 0
    assert "証拠資料はありません" in capsys.readouterr().out


def test_evidence_of_a_drill(demo_db, tmp_path):
    from jukidesk.storage.models_municipal import Drill

    with demo_db.transaction() as session:
        session.add(Drill(held_on=dt.date(2013, 11, 20), scenario="不正アクセスを想定した回線切断訓練"))
    source = _photo(tmp_path, "訓練記録.pdf", size=100)
    with demo_db.transaction() as session:
        [(owner, label)] = evidence.owner_choices(session, "drill", 2013)
        assert label == "訓練 2013-11-20 不正アクセスを想定した回線切断訓練"
        assert evidence.drill_owner(session, dt.date(2013, 11, 20)) == owner
        evidence.add_attachment(session, owner, source, evidence_date=dt.date(2013, 11, 20))
    with demo_db.session() as session:
        assert [a.owner_label for a in evidence.list_attachments(session, owner)] == [label]
        assert evidence.owner_choices(session, "drill", 2012) == []
