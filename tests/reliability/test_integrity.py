"""check(): integrity_check, foreign_key_check and the schema revision, without writing."""

from __future__ import annotations

import hashlib
import sqlite3

from jukidesk.cli import main
from jukidesk.storage.database import head_revision
from jukidesk.storage.integrity import check, check_report
from jukidesk.storage.recovery import newest_good_backup


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_demo_is_sound_and_checking_changes_no_byte(demo_path):
    before = _digest(demo_path)
    report = check_report(demo_path)
    assert report.ok and report.problems == []
    assert report.revision == head_revision()
    assert _digest(demo_path) == before


def test_a_damaged_page_is_found(demo_path):
    data = bytearray(demo_path.read_bytes())
    data[4096 * 20 : 4096 * 22] = b"\x5a" * 8192
    demo_path.write_bytes(bytes(data))
    problems = check(demo_path)
    assert problems and any("整合性検査" in p or "破損" in p for p in problems)


def test_a_broken_reference_is_found(demo_path):
    con = sqlite3.connect(demo_path)  # foreign keys off in a plain connection
    con.execute("UPDATE answer SET checklist_id = 999999 WHERE id = 1")
    con.commit()
    con.close()
    problems = check(demo_path)
    assert problems == ["参照整合性: answer の行 1 が存在しない checklist の行を参照しています。"]


def test_other_files_are_named_for_what_they_are(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert check(empty) == ["空のファイルです（データがありません）。"]
    text = tmp_path / "text.sqlite"
    text.write_text("名前,点数\n", encoding="utf-8")
    assert "SQLite のデータベースファイルではありません" in check(text)[0]
    assert "見つかりません" in check(tmp_path / "missing.sqlite")[0]
    foreign = tmp_path / "foreign.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    assert "jukidesk のデータベースではありません" in check(foreign)[0]


def test_schema_versions(demo_path):
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    report = check_report(demo_path)
    assert report.ok and "開くときに最新" in report.notes[0]
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
    con.commit()
    con.close()
    assert "新しい形式" in check(demo_path)[0]


def test_cli_check_exit_codes_and_output(demo_path, tmp_path, capsys):
    assert main(["check", "--db", str(demo_path)]) == 0
    assert "問題は見つかりませんでした" in capsys.readouterr().out
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00" * 4096)
    assert main(["check", "--db", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "1 件の問題" in out and "SQLite のデータベースファイルではありません" in out


def test_newest_good_backup_skips_damaged_generations(demo_path):
    from jukidesk.storage.backup import backup_file

    good = backup_file(demo_path)
    damaged = backup_file(demo_path)
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    assert newest_good_backup(demo_path).path == good
