"""Evidence in the GUI (audit dialog, checklist tab, ファイル → 証拠資料), carrying last
year's answers as 未確認 with 要再回答 for reworded items, and the template diff dialog."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices

from jukidesk.core.settings import save_settings
from jukidesk.core.templates import definition_of, latest_template, save_template
from jukidesk.gui import operations
from jukidesk.gui.models.checklist_model import COL_NUMBER, COL_PREVIOUS, COL_SCORE, UNCONFIRMED_BRUSH
from tests.evidence_samples import sample

from .helpers import sql_dump


@pytest.fixture
def opened_urls(monkeypatch) -> list[str]:
    """QDesktopServices.openUrl recorded instead of starting a viewer."""
    urls: list[str] = []

    def record(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    return urls


def _file(tmp_path, name, size=2000):
    path = tmp_path / name
    path.write_bytes(sample(name, size))  # the content must be what the name claims
    return path


def _audit_id(context, fy=2013, kind="internal", code="101"):
    from jukidesk.core.evidence import audit_owner

    with context.database.session() as session:
        return audit_owner(session, fy, kind, code).id


def test_audit_dialog_attachments_add_refuse_and_open(qtbot, window, context, tmp_path, demo_path, opened_urls, prompts_log, artifacts):
    from jukidesk.gui.audit_dialog import AuditDialog

    with context.database.transaction() as session:
        save_settings(session, {"attachment_max_mb": 1})
    context.notify_changed("settings")
    new = AuditDialog(context, window)
    assert not new.evidence_button.isEnabled()  # an audit not saved yet has no evidence
    new.close()
    audit_dialog = AuditDialog(context, window, audit_id=_audit_id(context))
    assert audit_dialog.evidence_button.isEnabled()
    dialog = audit_dialog.open_evidence()
    assert "平成25年度 内部監査 消防課" in dialog.title_label.text()

    dialog.date_edit.setDate(QDate(2013, 10, 2))
    dialog.description_edit.setText("現地調査の写真")
    assert dialog.add_files([_file(tmp_path, "現地写真.jpg"), _file(tmp_path, "集計.xlsm")])
    assert dialog.model.rowCount() == 2
    before = sql_dump(demo_path)
    assert not dialog.add_files([_file(tmp_path, "議事録.pdf"), _file(tmp_path, "大きな写真.png", size=1024 * 1024 + 10)])
    assert "大きな写真.png は 1.0 MB あり" in dialog.error_label.text() and "登録していません" in dialog.error_label.text()
    assert sql_dump(demo_path) == before and dialog.model.rowCount() == 2
    assert not dialog.add_files([_file(tmp_path, "setup.exe")])
    assert "プログラムやスクリプト" in dialog.error_label.text()

    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(artifacts / "gui_evidence_dialog.png"))
    names = [row.file_name for row in dialog.model.rows]
    dialog.select_row(names.index("現地写真.jpg"))
    copy_path = dialog.open_selected()
    assert opened_urls == [str(copy_path)] and copy_path.name == "現地写真.jpg"
    assert copy_path.read_bytes() == (tmp_path / "現地写真.jpg").read_bytes()
    dialog.select_row(names.index("集計.xlsm"))
    macro = dialog.open_selected()  # never handed to Excel: only its folder is shown
    assert opened_urls[-1] == str(macro.parent) and any("直接は開きません" in t for t in prompts_log.texts("warn"))

    dialog.date_edit.setDate(QDate(2013, 10, 3))
    dialog.description_edit.setText("撮影日を訂正")
    assert dialog.update_selected()
    assert dialog.selected().evidence_date == dt.date(2013, 10, 3)
    assert dialog.delete_selected()  # confirm() answers True
    assert dialog.model.rowCount() == 1
    dialog.close()
    audit_dialog.close()


def test_checklist_tab_item_evidence_and_the_evidence_menu(qtbot, window, context, tmp_path, opened_urls):
    tab = window.show_tab("チェックリスト")
    row = tab.model.row_of(next(r.item_id for r in tab.sheet.items if r.number == "3-2"))
    tab._go_to(row)
    dialog = tab.open_evidence()
    assert dialog.owner.type == "answer" and dialog.title_label.text().endswith("自己点検 消防課 3-2（0件）")
    assert dialog.add_files([_file(tmp_path, "研修記録.pdf")])
    dialog.close()
    qtbot.waitUntil(lambda: tab.model.index(row, COL_NUMBER).data() == "3-2＊")
    assert "証拠資料 1件" in tab.model.index(row, COL_NUMBER).data(Qt.ItemDataRole.ToolTipRole)

    window.action_evidence.trigger()  # ファイル → 証拠資料…
    everything = window.evidence_dialog
    assert everything.owner is None and everything.model.rowCount() == 1
    everything.owner_type.setCurrentIndex(everything.owner_type.findData("finding"))
    context.set_fiscal_year(2010)  # the chooser follows the window's year
    labels = [everything.owner_combo.itemText(i) for i in range(everything.owner_combo.count())]
    assert labels == ["平成22年度 外部監査 松本地方事務所の指摘 3-4", "平成22年度 外部監査 松本地方事務所の指摘 4-3"]
    everything.date_edit.setDate(QDate(2010, 12, 1))
    assert everything.add_files([_file(tmp_path, "改善報告.pdf")])
    assert [r.owner_label for r in everything.model.rows] == [  # by evidence date
        "平成22年度 外部監査 松本地方事務所の指摘 3-4",
        "平成25年度 自己点検 消防課 3-2",
    ]
    everything.close()


def _new_version_2014(context):
    with context.database.transaction() as session:
        definition = copy.deepcopy(definition_of(latest_template(session)))
        items = {item.number: item for cat in definition.categories for item in cat.items}
        items["4-3"].text = "許可者以外が入室する際は、入退室記録簿に記帳させ、職員が常に立ち会い、記録簿を毎月点検しているか。"
        items["1-1"].number = "1-9"
        save_template(session, definition, from_fy=2014)
    context.notify_changed("template")


def test_start_from_last_year_marks_unconfirmed_and_reanswer(qtbot, window, context, artifacts, prompts_log):
    _new_version_2014(context)
    context.set_fiscal_year(2014)
    tab = window.show_tab("チェックリスト")
    operations.set_synchronous(True)
    try:
        assert tab.start_from_previous()
    finally:
        operations.set_synchronous(False)
    assert "要再回答: 4-3" in prompts_log.texts("info")[-1]
    rows = {r.number: tab.model.row_of(r.item_id) for r in tab.sheet.items}
    assert tab.model.index(rows["4-3"], COL_PREVIOUS).data() == "要再回答"
    assert tab.model.index(rows["4-3"], COL_SCORE).data() == ""
    moved = tab.model.index(rows["1-9"], COL_SCORE)
    assert moved.data() == "3" and moved.data(Qt.ItemDataRole.BackgroundRole) == UNCONFIRMED_BRUSH
    assert "未確認" in moved.data(Qt.ItemDataRole.ToolTipRole)
    assert tab.sheet.answered == 0 and not tab.ui.complete_button.isEnabled()
    tab._go_to(rows["1-9"])
    tab.set_score(3)  # re-checked
    assert tab.model.index(rows["1-9"], COL_SCORE).data(Qt.ItemDataRole.BackgroundRole) != UNCONFIRMED_BRUSH
    assert tab.sheet.answered == 1
    assert tab.ui.status_label.text().startswith("1 / 50 入力済　未確認 48　要再回答 1")
    tab._go_to(rows["4-3"])
    qtbot.waitUntil(lambda: tab.isVisible() and tab.ui.table.width() > 400)
    assert window.grab().save(str(artifacts / "gui_checklist_carried.png"))

    dialog = tab.show_template_diff()
    assert "第1版 → 第2版: 追加 0、削除 0、文言変更 1、移動 1" in dialog.summary_label.text()
    assert dialog.table.rowCount() == 2
    dialog.show_unchanged.setChecked(True)
    assert dialog.table.rowCount() == 50
    dialog.close()
