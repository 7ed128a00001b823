"""The real prompt functions (other tests replace them): Japanese buttons, details, answers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from jukidesk.gui import prompts

# Taken at import time: the autouse prompts_log fixture replaces the module attributes later.
REAL_CONFIRM, REAL_ERROR = prompts.confirm, prompts.error
REAL_DIRECTORY = prompts.existing_directory


@pytest.fixture
def shown(monkeypatch, gui_app):
    """Replace QMessageBox.exec: record the box and press the button named in ``press``."""
    state = {"boxes": [], "press": None}

    def fake_exec(box):
        state["boxes"].append(
            {
                "text": box.text(),
                "title": box.windowTitle(),
                "details": box.detailedText(),
                "buttons": [b.text() for b in box.buttons()],
            }
        )
        for button in box.buttons():
            if button.text() == state["press"]:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return state


@pytest.mark.parametrize(("press", "answer"), [("削除する", True), ("キャンセル", False), (None, False)])
def test_confirm(shown, press, answer):
    shown["press"] = press
    assert REAL_CONFIRM(None, "本当に削除しますか？", ok_text="削除する") is answer
    box = shown["boxes"][0]
    assert box["text"] == "本当に削除しますか？" and box["title"] == "確認"
    assert sorted(box["buttons"]) == sorted(["削除する", "キャンセル"])


@pytest.mark.parametrize(("destructive", "default"), [(True, "キャンセル"), (False, "書き出す")])
def test_enter_chooses_the_action_unless_it_destroys(monkeypatch, gui_app, destructive, default):
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.defaultButton().text()) or 0)
    REAL_CONFIRM(None, "書き出しますか？", ok_text="書き出す", destructive=destructive)
    assert seen == [default]


def test_error_with_details(shown):
    REAL_ERROR(None, "保存できませんでした。", details="Traceback ...")
    box = shown["boxes"][0]
    assert (box["title"], box["text"], box["details"]) == ("エラー", "保存できませんでした。", "Traceback ...")


def test_each_kind_of_file_starts_where_it_went_last_time_per_data_file(monkeypatch, gui_app, tmp_path):
    """The distribution folder is remembered apart from the return folder, and per data file."""
    from PySide6.QtWidgets import QFileDialog

    real_directory = REAL_DIRECTORY
    asked_at = []
    answers = iter([str(tmp_path / "配布"), str(tmp_path / "回収"), "", "", ""])

    def fake(parent, title, directory=""):
        asked_at.append(directory)
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", fake)
    (tmp_path / "配布").mkdir()
    (tmp_path / "回収").mkdir()
    from jukidesk.gui.main_window import window_settings

    monkeypatch.setattr(prompts, "folder_settings", window_settings)
    monkeypatch.setattr(prompts, "data_file", str(tmp_path / "a.sqlite"))
    assert real_directory(None, "書き出し先", kind="distribution") == str(tmp_path / "配布")
    assert real_directory(None, "回収", kind="returns") == str(tmp_path / "回収")
    real_directory(None, "書き出し先", kind="distribution")
    real_directory(None, "回収", kind="returns")
    monkeypatch.setattr(prompts, "data_file", str(tmp_path / "b.sqlite"))
    real_directory(None, "書き出し先", kind="distribution")
    assert asked_at == ["", "", str(tmp_path / "配布"), str(tmp_path / "回収"), ""]
