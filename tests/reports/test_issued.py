"""Issued papers (発行済): stored files match their hashes, a change of the data after issue
is reported with what changed, every issued version stays available, rows never change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pytest
from openpyxl import load_workbook

from jukidesk.cli import main
from jukidesk.core.checklists import Entry, complete_checklist, find_checklist, reopen_checklist, save_answer
from jukidesk.reports.issued import (
    document_from_json,
    document_json,
    issue_paper,
    issued_document,
    list_issued,
    model_changes,
    verify_paper,
    write_issued_file,
)
from jukidesk.reports.shiryo2 import build_shiryo2
from jukidesk.storage.models import Institution, YearNote


def _stored(path, issued_id):
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT model_json, model_sha256, xlsx, xlsx_sha256, pdf, pdf_sha256, issued_by, issued_at "
            "FROM issued_paper WHERE id = ?",
            (issued_id,),
        ).fetchone()
    finally:
        con.close()


def _sha(data) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def test_an_issued_papers_hashes_match_its_stored_files(demo_db, demo_path, tmp_path):
    with demo_db.transaction() as session:
        info = issue_paper(session, "shiryo2", 2013, note="第2回審議会")
    model, model_sha, xlsx, xlsx_sha, pdf, pdf_sha, issued_by, issued_at = _stored(demo_path, info.id)
    assert (_sha(model), _sha(xlsx), _sha(pdf)) == (model_sha, xlsx_sha, pdf_sha)
    assert (model_sha, xlsx_sha, pdf_sha) == (info.model_sha256, info.xlsx_sha256, info.pdf_sha256)
    assert issued_by and issued_at.startswith(dt.date.today().isoformat())
    assert xlsx[:2] == b"PK" and pdf[:5] == b"%PDF-"
    with demo_db.session() as session:
        # the stored model is the paper: same JSON as a fresh build, and the files draw it
        assert model == document_json(build_shiryo2(session, 2013))
        written = write_issued_file(session, info.id, "xlsx", tmp_path / "issued.xlsx")
        write_issued_file(session, info.id, "pdf", tmp_path / "issued.pdf")
        result = verify_paper(session, "shiryo2", 2013)
    assert result.ok and result.changes == [] and result.hash_problems == []
    assert written.read_bytes() == xlsx and (tmp_path / "issued.pdf").read_bytes() == pdf
    sheet = load_workbook(written).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "3.00 点" in values and "12月18日に実施予定" in values


def test_a_data_change_after_issue_is_reported_and_both_versions_stay(demo_db, demo_path):
    with demo_db.transaction() as session:
        first = issue_paper(session, "shiryo2", 2013)
    # after issue: an internal audit answer of FY2013 changes and the progress paragraph is edited
    with demo_db.transaction() as session:
        inst = session.query(Institution).filter_by(code="101").one()
        checklist = find_checklist(session, 2013, "internal", inst.id)
        reopen_checklist(session, checklist.id, "記載誤りの訂正")
        item = next(i for i in checklist.template.items if i.number == "4-3")
        save_answer(session, 2013, "internal", inst.id, item.id, Entry(2, False, "入退室記録簿への記帳漏れ"))
        complete_checklist(session, checklist.id)
        note = session.get(YearNote, (2013, "progress"))
        note.text = note.text + "\n○追記した段落。"
    with demo_db.session() as session:
        result = verify_paper(session, "shiryo2", 2013)
    assert not result.ok and result.hash_problems == []
    texts = [change.text() for change in result.changes]
    assert any("内部監査 × 監査結果: 「3.00 点」→「2.99 点」" in t for t in texts), texts
    assert any("内部監査 平均点 × H25: 「3.00 点」→「2.99 点」" in t for t in texts), texts
    assert any("本文: 「（なし）」→「○追記した段落。」" in t for t in texts), texts
    assert any("内部監査 × 指摘内容と対応" in t and "改善を要する項目なし" in t for t in texts), texts
    assert "発行後にデータが変わっています" in "\n".join(result.lines())
    # re-issue: both versions stay available, the latest verifies clean
    with demo_db.transaction() as session:
        second = issue_paper(session, "shiryo2", 2013, note="訂正版")
    with demo_db.session() as session:
        assert [i.id for i in list_issued(session, "shiryo2", 2013)] == [second.id, first.id]
        assert verify_paper(session, "shiryo2", 2013).ok
        old = verify_paper(session, "shiryo2", 2013, issued_id=first.id)
        assert not old.ok and old.changes == result.changes
        before, after = issued_document(session, first.id), issued_document(session, second.id)
        assert model_changes(before, after) == result.changes
        assert first.model_sha256 != second.model_sha256


def test_tampered_files_are_reported(demo_db, demo_path):
    with demo_db.transaction() as session:
        info = issue_paper(session, "shiryo2", 2013)
    con = sqlite3.connect(demo_path)
    # the table refuses changes (triggers) …
    with pytest.raises(sqlite3.DatabaseError, match="never changed"):
        con.execute("UPDATE issued_paper SET note = 'x' WHERE id = ?", (info.id,))
    with pytest.raises(sqlite3.DatabaseError, match="never changed"):
        con.execute("DELETE FROM issued_paper WHERE id = ?", (info.id,))
    # … so a tamperer must drop them first: the hashes still tell
    con.execute("DROP TRIGGER issued_paper_no_update")
    con.execute("UPDATE issued_paper SET pdf = ? WHERE id = ?", (b"%PDF-1.4 forged", info.id))
    con.commit()
    con.close()
    with demo_db.session() as session:
        result = verify_paper(session, "shiryo2", 2013)
    assert result.hash_problems == ["PDF が発行時の SHA-256 と一致しません"] and result.changes == []


def test_model_json_round_trip(demo_db):
    with demo_db.session() as session:
        document = build_shiryo2(session, 2013)
    text = document_json(document)
    assert document_json(document_from_json(text)) == text
    assert json.loads(text)["title"] == document.title


def test_the_committee_summary_can_be_issued_with_its_reference_date(demo_db):
    with demo_db.transaction() as session:
        info = issue_paper(session, "committee", 2013, as_of=dt.date(2014, 3, 31))
    assert info.parameters == {"as_of": "2014-03-31"}
    with demo_db.session() as session:
        assert verify_paper(session, "committee", 2013).ok


def test_issue_and_verify_commands(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["report", "verify", "--db", db, "--fy", "2013"]) == 1
    assert "まだ発行済みにしていません" in capsys.readouterr().err
    assert main(["report", "issue", "--db", db, "--fy", "2013", "--note", "審議会"]) == 0
    out = capsys.readouterr().out
    assert "発行済みにしました" in out and "SHA-256" in out
    assert main(["report", "verify", "--db", db, "--fy", "2013"]) == 0
    assert "一致し" in capsys.readouterr().out
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE year_note SET text = text || '追記' WHERE fy = 2013 AND key = 'progress'")
    con.commit()
    con.close()
    assert main(["report", "verify", "--db", db, "--fy", "2013", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert not data["ok"] and data["changes"][0]["section"].startswith("３")
    assert main(["report", "issued", "--db", db, "--fy", "2013", "--pdf", str(tmp_path / "p.pdf")]) == 0
    assert (tmp_path / "p.pdf").read_bytes()[:5] == b"%PDF-"
    assert main(["report", "issued", "--db", db]) == 0
    assert "審議会" in capsys.readouterr().out
