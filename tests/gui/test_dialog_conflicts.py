"""Two dialogs on the same row open at once (one clerk with two windows, or two clerks on a
shared file): the first OK saves, the second is refused with who saved meanwhile, keeps what
was typed on screen, and nothing of the first save is lost."""

from __future__ import annotations

from sqlalchemy import select

from jukidesk.gui.audit_dialog import AuditDialog
from jukidesk.gui.settings_dialog import SettingsDialog
from jukidesk.storage.models import Audit, Setting


def test_the_second_of_two_audit_dialogs_is_refused(qtbot, window, demo_path):
    context = window.context
    with context.database.session() as session:
        audit_id = session.scalars(select(Audit.id).order_by(Audit.id)).first()
    first, second = (AuditDialog(context, window, audit_id=audit_id) for _ in range(2))
    for dialog in (first, second):
        qtbot.addWidget(dialog)
        dialog.show()
    first.ui.place.setText("第1会議室")
    first.accept()
    assert first.result() == first.DialogCode.Accepted
    second.ui.place.setText("第2会議室")
    second.accept()
    assert second.isVisible() and "ほかの担当者" in second.error_text() and "開き直して" in second.error_text()
    assert second.ui.place.text() == "第2会議室"  # what the clerk typed stays on screen
    with context.database.session() as session:
        assert session.get(Audit, audit_id).place == "第1会議室"


def test_the_second_of_two_settings_dialogs_is_refused(qtbot, window):
    context = window.context
    first, second = SettingsDialog(context, window), SettingsDialog(context, window)
    for dialog in (first, second):
        qtbot.addWidget(dialog)
        dialog.show()
    first.editors["org_name"].setText("一つ目の県")
    first.accept()
    second.editors["org_name"].setText("二つ目の県")
    second.accept()
    assert second.isVisible() and "ほかの担当者" in second.error_text()
    with context.database.session() as session:
        assert session.get(Setting, "org_name").value == "一つ目の県"
