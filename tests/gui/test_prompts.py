"""The real prompt functions (other tests replace them): Japanese buttons, details, answers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from jukidesk.gui import prompts

# Taken at import time: the autouse prompts_log fixture replaces the module attributes later.
REAL_CONFIRM, REAL_ERROR = prompts.confirm, prompts.error


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


def test_error_with_details(shown):
    REAL_ERROR(None, "保存できませんでした。", details="Traceback ...")
    box = shown["boxes"][0]
    assert (box["title"], box["text"], box["details"]) == ("エラー", "保存できませんでした。", "Traceback ...")
