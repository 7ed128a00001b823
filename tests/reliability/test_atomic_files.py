"""Exports are written to a temporary file and renamed into place (base/files.atomic_output)."""

from __future__ import annotations

import pytest

from jukidesk.base import files
from jukidesk.base.errors import JukideskError
from jukidesk.base.files import atomic_output
from jukidesk.base.progress import Cancelled


@pytest.mark.parametrize("error", [RuntimeError("disk full"), Cancelled()])
def test_a_failure_while_writing_leaves_no_file_and_no_temporary_file(tmp_path, error):
    target = tmp_path / "報告書.xlsx"
    with pytest.raises(type(error)):
        with atomic_output(target) as tmp:
            assert tmp.parent == target.parent and tmp != target
            tmp.write_bytes(b"PK\x03\x04 half a workbook")
            raise error
    assert list(tmp_path.iterdir()) == []


def test_a_failure_keeps_the_previous_file_untouched(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous complete file")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"partial")
            raise RuntimeError
    assert target.read_bytes() == b"previous complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_success_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.ics"
    target.write_bytes(b"old")
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def test_a_file_open_in_excel_gets_a_clear_message(tmp_path, monkeypatch):
    target = tmp_path / "チェックリスト.xlsx"
    target.write_bytes(b"opened in Excel")

    def locked(_src, _dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(JukideskError) as caught:
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"new content")
    message = str(caught.value)
    assert "Excel などで開いている場合は閉じて" in message and "チェックリスト.xlsx" in message
    monkeypatch.undo()
    assert target.read_bytes() == b"opened in Excel"
    assert [p.name for p in tmp_path.iterdir()] == ["チェックリスト.xlsx"]


def test_an_exporter_failing_mid_save_leaves_nothing(tmp_path, monkeypatch):
    """A real exporter (the history workbook) interrupted while saving."""
    import openpyxl

    from jukidesk.exchange.history_xlsx import export_history_xlsx

    def half_save(self, filename):
        with open(filename, "wb") as stream:
            stream.write(b"PK\x03\x04")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_save)
    with pytest.raises(OSError):
        export_history_xlsx([], tmp_path / "history.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_interrupted_mid_copy_leaves_nothing_under_the_real_name(demo_path, monkeypatch):
    from jukidesk.storage import backup as backup_module

    def broken_copy(_source, target):
        target.write_bytes(b"SQLite format 3\x00 partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "_copy", broken_copy)
    with pytest.raises(OSError):
        backup_module.backup_file(demo_path)
    folder = backup_module.backups_dir(demo_path)
    assert not folder.exists() or list(folder.iterdir()) == []
