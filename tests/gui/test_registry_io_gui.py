"""機関台帳 → Excel に書き出す… → edit → 取り込み…: the preview is shown and confirmed before
anything is stored; cancelling stores nothing."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from jukidesk.gui import operations

from .helpers import sql_dump, stored_institutions


def _wait(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: tab.last_operation.done and operations.running_count() == 0, timeout=60000)
    assert tab.last_operation.error is None


def test_export_edit_and_import_through_the_tab(qtbot, registry_tab, prompts_log, demo_path, tmp_path):
    out = tmp_path / "台帳.xlsx"
    prompts_log.answers.append(str(out))
    qtbot.mouseClick(registry_tab.export_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, registry_tab)
    assert out.exists() and "19 機関" in prompts_log.texts("info")[-1]

    # unchanged: says so, asks nothing
    prompts_log.answers.append(str(out))
    qtbot.mouseClick(registry_tab.import_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, registry_tab)
    assert "変更はありません" in prompts_log.texts("info")[-1] and not prompts_log.texts("confirm")

    book = openpyxl.load_workbook(out)
    book.active["B3"] = "人事課"
    book.save(out)
    before = sql_dump(demo_path)
    prompts_log.answers += [str(out), False]  # the file, then cancel at the preview
    qtbot.mouseClick(registry_tab.import_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, registry_tab)
    assert "変更: 102 人事課（名称 職員課 → 人事課）" in prompts_log.texts("confirm")[-1]
    assert sql_dump(demo_path) == before

    prompts_log.answers += [str(out), True]
    qtbot.mouseClick(registry_tab.import_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, registry_tab)
    qtbot.waitUntil(lambda: "人事課" in registry_tab.visible_names(), timeout=10000)
    assert ("102", "人事課", 2008, None) in stored_institutions(demo_path)
