"""Checking a database file without changing it: SQLite's ``integrity_check`` and
``foreign_key_check`` and the schema revision against this app's migrations.

Used by ``jukidesk check``, by ``restore_backup`` (a backup is checked before it replaces
the data) and by the GUI at start (a damaged file is not opened for writing; there with ``quick_check``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from jukidesk.storage.revisions import head_revision, known_revisions, quick_head_revision
from jukidesk.storage.sqlite_file import connect_readonly

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_LISTED = 10  # problems of one kind listed before "…ほか N 件"


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)  # each makes the file unusable as it is
    notes: list[str] = field(default_factory=list)  # facts worth showing, not problems
    revision: str | None = None
    # The file's content is damaged (unreadable, integrity or references), as opposed to a
    # sound file this app cannot use (another format, a newer schema): only damage calls
    # for restoring a backup.
    damaged: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _listed(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return lines[:MAX_LISTED] + [f"…ほか {len(lines) - MAX_LISTED} 件"]


def check_report(path: Path | str, *, thorough: bool = True) -> CheckReport:
    """Everything ``check`` finds, plus notes (schema revision). ``thorough=False`` runs
    SQLite's ``quick_check`` instead of ``integrity_check``: every page and b-tree is still
    read and verified, only the index-versus-table comparison is skipped, which makes it
    about 3.5 times faster (8 s against 2 s on a national-scale 450 MB file)."""
    path = Path(path)
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(f"ファイル {path} が見つかりません。")
        return report
    if path.is_dir():
        report.problems.append(f"{path} はフォルダです。")
        return report
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        report.problems.append(f"ファイル {path} を読めません: {exc.strerror}")
        return report
    if not header:
        report.problems.append("空のファイルです（データがありません）。")
        report.damaged = True
        return report
    if header != SQLITE_HEADER:
        report.problems.append("SQLite のデータベースファイルではありません（別の形式のファイルか、先頭が壊れています）。")
        report.damaged = True
        return report
    try:
        con = connect_readonly(path)
    except sqlite3.Error as exc:
        report.problems.append(f"ファイルを開けません: {exc}")
        return report
    try:
        rows = [row[0] for row in con.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check")]
        if rows != ["ok"]:
            report.problems.extend(_listed([f"整合性検査: {text}" for text in rows]))
            report.damaged = True
        fk_rows = con.execute("PRAGMA foreign_key_check").fetchall()
        report.problems.extend(
            _listed(
                [
                    f"参照整合性: {table} の行 {rowid} が存在しない {parent} の行を参照しています。"
                    for table, rowid, parent, _fkid in fk_rows
                ]
            )
        )
        report.damaged = report.damaged or bool(fk_rows)
        has_version = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_version:
            report.problems.append("jukidesk のデータベースではありません（スキーマの版の記録がありません）。")
        else:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            report.revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"破損しているため読み込めません: {exc}")
        report.damaged = True
        return report
    finally:
        con.close()
    if report.revision is not None or has_version:
        # The usual case (a current file) without loading Alembic: it costs ~0.15 s at start.
        head = quick_head_revision() if report.revision == quick_head_revision() else head_revision()
        if report.revision is None:
            report.problems.append("スキーマの版の記録が空です。")
        elif report.revision == head:
            report.notes.append(f"スキーマの版: {report.revision}（最新）")
            _compare_with_models(path, report)
            if thorough and not report.damaged:
                _verify_attachments(path, report)
        elif report.revision in known_revisions():
            report.notes.append(f"スキーマの版: {report.revision}（開くときに最新の {head} へ更新されます）")
        else:
            report.problems.append(
                f"このバージョンの jukidesk より新しい形式です（スキーマの版 {report.revision}）。jukidesk を更新してください。"
            )
    from jukidesk.storage.shared_folder import journal_note

    note = journal_note(path)
    if note:
        report.notes.append(note)
    return report


def check(path: Path | str) -> list[str]:
    """The Japanese descriptions of every problem of the file (empty = the file is sound)."""
    return check_report(path).problems


def _compare_with_models(path: Path, report: CheckReport) -> None:
    """A current file must have every table and column the models expect: a table dropped
    by hand (or a tool) would otherwise pass the SQLite checks and fail later, mid-work."""
    from jukidesk.storage import schema

    con = connect_readonly(path)
    try:
        missing = []
        for table in schema.Base.metadata.sorted_tables:
            columns = {row[1] for row in con.execute(f'PRAGMA table_info("{table.name}")')}
            if not columns:
                missing.append(f"表 {table.name} がありません。")
                continue
            missing += [f"表 {table.name} に列 {column.name} がありません。" for column in table.columns if column.name not in columns]
    except sqlite3.DatabaseError as exc:
        missing = [f"表の定義を読めません: {exc}"]
    finally:
        con.close()
    if missing:
        report.problems.extend(_listed([f"スキーマ: {line}" for line in missing]))
        report.damaged = True


def _verify_attachments(path: Path, report: CheckReport) -> None:
    """Each stored evidence file against the SHA-256 recorded when it was added."""
    import hashlib

    con = connect_readonly(path)
    bad = []
    try:
        rows = con.execute(
            "SELECT a.id, a.file_name, a.sha256, c.data FROM attachment a LEFT JOIN attachment_content c ON c.attachment_id = a.id"
        )
        for attachment_id, file_name, expected, data in rows:
            if data is None:
                bad.append(f"証拠資料 {attachment_id}（{file_name}）の内容がありません。")
            elif not isinstance(data, bytes) or hashlib.sha256(data).hexdigest() != expected:
                bad.append(f"証拠資料 {attachment_id}（{file_name}）の内容が登録時と一致しません（改変または破損）。")
    except sqlite3.DatabaseError as exc:
        bad.append(f"証拠資料を読めません: {exc}")
    finally:
        con.close()
    if bad:
        report.problems.extend(_listed(bad))
        report.damaged = True
