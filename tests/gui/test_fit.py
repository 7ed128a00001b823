"""Every window and dialog opens inside a municipal PC's free screen (1366×768 with the
taskbar: 1366×728), frame included, and its layout's minimum fits there too.

``widgets.available_rect`` (what ``fit_to_screen`` asks) is replaced by a fake 1366×728
screen; each dialog is built the way the app builds it and shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from jukidesk.gui import widgets

SCREEN = QRect(0, 0, 1366, 728)


@pytest.fixture
def small_screen(monkeypatch):
    monkeypatch.setattr(widgets, "available_rect", lambda _widget: QRect(SCREEN))
    return SCREEN


def misfit(widget: QWidget) -> str | None:
    """Why ``widget`` does not fit the small screen, or None."""
    # offscreen Qt draws a 2 px frame: count one as thick as Windows draws it, from where
    # the frame's corner was placed
    framed = QRect(widget.frameGeometry().topLeft(), widget.size().grownBy(widgets.FRAME_ALLOWANCE))
    room = SCREEN.size().shrunkBy(widgets.FRAME_ALLOWANCE)
    hint, minimum = widget.minimumSizeHint(), widget.minimumSize()
    if not SCREEN.contains(framed):
        return f"frame {framed.getRect()} outside {SCREEN.getRect()}"
    if hint.width() > room.width() or hint.height() > room.height():
        return f"minimumSizeHint {hint.toTuple()} larger than {room.toTuple()}"
    if minimum.width() > room.width() or minimum.height() > room.height():
        return f"minimumSize {minimum.toTuple()} larger than {room.toTuple()}"
    return None


def check(qtbot, dialogs: dict[str, QWidget]) -> None:
    failures = {}
    for name, dialog in dialogs.items():
        dialog.show()
        qtbot.waitExposed(dialog)
        why = misfit(dialog)
        if why:
            failures[name] = why
        dialog.close()
    assert failures == {}


def test_the_main_window_fits_a_1366x728_screen(qtbot, context, small_screen):
    from jukidesk.gui.main_window import MainWindow

    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert misfit(win) is None
    # the bottom row of the checklist tab (完了 / 再開) and the status bar are on the screen
    tab = win.show_tab("チェックリスト")
    bottom = tab.ui.complete_button.mapTo(win, tab.ui.complete_button.rect().bottomLeft())
    assert bottom.y() < win.statusBar().geometry().top() <= win.height()
    win.close()


def build_dialogs(window, context) -> dict[str, QWidget]:
    """Every dialog of the prefecture's window, built as the app builds it."""
    import tempfile
    from pathlib import Path
    from types import SimpleNamespace

    from sqlalchemy import select

    from jukidesk.gui.about_dialog import AboutDialog
    from jukidesk.gui.audit_dialog import AuditDialog
    from jukidesk.gui.backup_dialog import BackupDialog
    from jukidesk.gui.checklist_import_dialog import ChecklistImportDialog
    from jukidesk.gui.evidence_dialog import AttachmentsDialog
    from jukidesk.gui.findings_dialog import FindingsDialog
    from jukidesk.gui.first_run import FirstRunDialog
    from jukidesk.gui.institution_dialog import InstitutionDialog
    from jukidesk.gui.manual import ManualDialog
    from jukidesk.gui.plan_dialog import PlanDialog
    from jukidesk.gui.settings_dialog import SettingsDialog
    from jukidesk.gui.shiryo2_tab import IssuedDialog
    from jukidesk.gui.template_diff_dialog import TemplateDiffDialog
    from jukidesk.gui.template_editor import TemplateEditorDialog
    from jukidesk.gui.trace_dialog import TraceDialog
    from jukidesk.storage.models import Finding

    with context.database.session() as session:
        audit_id = session.scalars(select(Finding.audit_id)).first()
    registry = window.show_tab("機関台帳")
    registry.ui.table.selectRow(0)
    # the first-run dialog once 新しく始める made a file: its first-day walk (a page of the dialog)
    walking = FirstRunDialog(Path(tempfile.mkdtemp()) / "walk.sqlite", parent=window)
    walking.show_walk(SimpleNamespace(database=context.database, demo=True), 2013)
    return {
        "AboutDialog": AboutDialog(context, window),
        "AuditDialog (new)": AuditDialog(context, window, day=dt.date(2013, 10, 1)),
        "AuditDialog (edit)": AuditDialog(context, window, audit_id=audit_id),
        "BackupDialog": BackupDialog(window, window),
        "ChecklistImportDialog": ChecklistImportDialog(context, window),
        "AttachmentsDialog": AttachmentsDialog(context, None, window),
        "FindingsDialog": FindingsDialog(context, window, audit_id=audit_id),
        "InstitutionDialog": InstitutionDialog(context, window),
        "RetireDialog": registry.retire_selected(),
        "ManualDialog": ManualDialog(window),
        "PlanDialog": PlanDialog(context, window),
        "SettingsDialog": SettingsDialog(context, window),
        "IssuedDialog": IssuedDialog(context, "shiryo2", 2013, window),
        "TemplateDiffDialog": TemplateDiffDialog(context, window),
        "TraceDialog": TraceDialog(context, 2013, "self", window),
        "FirstRunDialog": FirstRunDialog(Path(tempfile.mkdtemp()) / "new.sqlite", parent=window),
        "FirstRunDialog (first-day walk)": walking,
        "TemplateEditorDialog": TemplateEditorDialog(context, window),
    }


def test_every_dialog_fits_a_1366x728_screen(qtbot, window, context, small_screen):
    check(qtbot, build_dialogs(window, context))  # parented to the window (closed by its fixture), or deleted on close
