"""The first start without a data file: 新しく始める / デモデータで試す / 既存のファイルを開く each
end in an open database; closing the dialog opens nothing; refused entries create nothing."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from jukidesk.core.settings import load_settings
from jukidesk.core.templates import template_for_year
from jukidesk.gui.first_run import FirstRunDialog
from jukidesk.gui.opening import start_choice
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Institution
from tests.gui.helpers import retype, type_text


def _args(**kw):
    base = dict(db=None, demo=False, city=False, exit_when_ready=False, command=None)
    base.update(kw)
    return argparse.Namespace(**base)


def _institutions(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Institution))


def test_start_asks_only_when_the_default_file_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("JUKIDESK_DB", str(tmp_path / "missing.sqlite"))
    assert start_choice(_args()).ask
    assert not start_choice(_args(demo=True)).ask
    assert not start_choice(_args(db=str(tmp_path / "x.sqlite"))).ask
    (tmp_path / "missing.sqlite").write_bytes(b"")
    assert not start_choice(_args()).ask


def test_enter_chooses_the_demo(qtbot, dialog, target):
    assert dialog.ui.demo_button.isDefault() and not dialog.ui.new_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    opened = dialog.opened
    assert opened.demo and opened.temp_dir is not None
    assert _institutions(opened.database) == 19
    assert not target.exists() and not target.parent.exists()  # trying the demo creates nothing


def test_new_organisation_creates_the_file_at_the_default_path(qtbot, dialog, target):
    qtbot.mouseClick(dialog.ui.new_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.pages.currentIndex() == 1 and dialog.ui.create_button.isDefault()
    type_text(qtbot, dialog.ui.org_name, "みなみ県")
    type_text(qtbot, dialog.ui.org_short_name, "県")
    retype(qtbot, dialog.ui.security_officer_title, "総務部長")
    type_text(qtbot, dialog.ui.security_officer_section, "総務部市町村課")
    dialog.ui.cycle_first_fy.setValue(2026)
    assert dialog.ui.cycle_first_fy_display.text() == "令和8年度（2026年度）"
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)

    # the file exists; the first-day walk follows (tests/gui/test_first_day_walk.py): skip it all
    walk = dialog.walk
    assert dialog.ui.pages.currentWidget() is walk and target.exists()
    for _step in range(3):
        qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(walk.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    opened = dialog.opened
    assert not opened.demo and opened.database.path == target and target.exists()
    assert _institutions(opened.database) == 0
    opened.database.close()
    again = open_database(target, create=False)  # what was committed, read through a new connection
    try:
        with again.session() as session:
            settings = load_settings(session)
            template = template_for_year(session, 2026)
            assert template_for_year(session, 2025) is None
            assert template is not None and template.valid_from_fy == 2026 and len(template.items) > 10
        assert (settings["org_name"], settings["org_short_name"]) == ("みなみ県", "県")
        assert settings["security_officer_title"] == "総務部長"
        assert settings["security_officer_section"] == "総務部市町村課"
        assert settings["network_admin_title"] == "ネットワーク管理者"  # the default, kept
        assert settings["cycle_first_fy"] == 2026
    finally:
        again.close()


def test_new_organisation_without_the_standard_template(qtbot, dialog, target):
    dialog.show_new_page()
    type_text(qtbot, dialog.ui.org_name, "きた市")
    dialog.ui.standard_template.setChecked(False)
    assert dialog.create_new()
    with dialog.opened.database.session() as session:
        assert template_for_year(session, dialog.ui.cycle_first_fy.value()) is None


def test_a_refused_entry_creates_nothing(qtbot, dialog, target):
    dialog.show_new_page()
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)  # 組織名 left empty
    assert "「組織名」を入力してください" in dialog.ui.error_label.text()
    assert dialog.focusWidget() is dialog.ui.org_name
    assert dialog.opened is None and dialog.isVisible()
    assert not target.exists() and not target.parent.exists()
    type_text(qtbot, dialog.ui.org_name, "みなみ県")
    assert dialog.ui.error_label.text() == ""  # typing clears the message
    retype(qtbot, dialog.ui.network_admin_title, " ")
    assert not dialog.create_new()
    assert "ネットワーク管理者の職名" in dialog.ui.error_label.text()
    assert not target.exists()


def test_an_existing_file_at_the_default_path_is_never_replaced(qtbot, dialog, target):
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not mine")
    dialog.show_new_page()
    type_text(qtbot, dialog.ui.org_name, "みなみ県")
    assert not dialog.create_new()
    assert "既にあります" in dialog.ui.error_label.text()
    assert target.read_bytes() == b"not mine"


def test_back_returns_to_the_choice(qtbot, dialog):
    dialog.show_new_page()
    qtbot.mouseClick(dialog.ui.back_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.pages.currentIndex() == 0 and dialog.ui.demo_button.isDefault()


def test_open_an_existing_file(qtbot, dialog, demo_path, prompts_log, target):
    prompts_log.answers.append(None)  # the chooser cancelled: still asking
    qtbot.mouseClick(dialog.ui.open_button, Qt.MouseButton.LeftButton)
    assert dialog.opened is None and dialog.isVisible()
    prompts_log.answers.append(str(demo_path))
    qtbot.mouseClick(dialog.ui.open_button, Qt.MouseButton.LeftButton)
    assert prompts_log.kinds() == ["open_file_name", "open_file_name"]
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.opened.database.path == demo_path and not dialog.opened.demo
    assert _institutions(dialog.opened.database) == 19
    assert not target.exists()


def test_a_bad_file_is_refused_with_its_name(qtbot, dialog, tmp_path, prompts_log):
    bad = tmp_path / "メモ.sqlite"
    bad.write_text("これはデータベースではありません" * 100, encoding="utf-8")
    before = bad.read_bytes()
    prompts_log.answers.append(str(bad))
    assert not dialog.choose_file()
    assert prompts_log.kinds()[-1] == "error" and str(bad) in prompts_log.texts()[-1]
    assert dialog.opened is None and dialog.isVisible()
    assert bad.read_bytes() == before


def test_recent_files_are_offered(qtbot, gui_app, demo_path, tmp_path, target):
    missing = tmp_path / "消えた.sqlite"
    dlg = FirstRunDialog(target, recent=[missing, demo_path])
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.ui.recent_list.count() == 1  # a file that is gone is not offered
    assert demo_path.name in dlg.ui.recent_list.item(0).text()
    dlg.ui.recent_list.itemActivated.emit(dlg.ui.recent_list.item(0))
    assert dlg.opened.database.path == demo_path
    dlg.opened.database.close()
    empty = FirstRunDialog(target, recent=[])
    qtbot.addWidget(empty)
    empty.show()
    assert not empty.ui.recent_list.isVisible()


# -- through run_gui ----------------------------------------------------------------------


def test_run_gui_first_start_new_organisation(monkeypatch, gui_app, target, windows_close_themselves):
    from jukidesk.gui.app import run_gui
    from jukidesk.gui.main_window import window_settings
    from jukidesk.gui.recent import RecentFiles

    monkeypatch.setenv("JUKIDESK_DB", str(target))

    def answer(dialog):
        dialog.show_new_page()
        dialog.ui.org_name.setText("みなみ県")
        assert dialog.create_new()
        return dialog.result()

    monkeypatch.setattr(FirstRunDialog, "exec", answer)
    assert run_gui(_args()) == 0
    assert windows_close_themselves and windows_close_themselves[0].context is not None
    assert target.exists()
    assert RecentFiles(window_settings()).paths()[0] == target  # the next start lists it too
    # the next start opens that file without asking
    monkeypatch.setattr(FirstRunDialog, "exec", lambda dialog: pytest.fail("asked again"))
    assert run_gui(_args()) == 0
    assert windows_close_themselves[-1].windowTitle() == "jukidesk.sqlite — jukidesk"


def test_run_gui_first_start_closed_opens_nothing(monkeypatch, gui_app, target, windows_close_themselves):
    from jukidesk.gui.app import run_gui

    monkeypatch.setenv("JUKIDESK_DB", str(target))
    monkeypatch.setattr(FirstRunDialog, "exec", lambda dialog: dialog.reject())
    assert run_gui(_args()) == 0
    assert windows_close_themselves == [] and not target.exists()


def test_run_gui_first_start_demo(monkeypatch, gui_app, target, windows_close_themselves):
    from jukidesk.gui.app import run_gui

    monkeypatch.setenv("JUKIDESK_DB", str(target))
    monkeypatch.setattr(FirstRunDialog, "exec", lambda dialog: dialog.ui.demo_button.click())
    assert run_gui(_args()) == 0
    assert windows_close_themselves[0].windowTitle().startswith("デモデータ")
    assert not target.exists()


def test_a_failure_after_creating_the_file_leaves_nothing(monkeypatch, gui_app, target):
    from jukidesk.base.errors import JukideskError
    from jukidesk.core import organisation
    from jukidesk.gui.opening import create_organisation_file

    def broken(session, values, **kwargs):
        session.add(Institution(code="999", name="途中まで", kind="user", valid_from_fy=2026))
        raise JukideskError("書き込めません（テスト）")

    monkeypatch.setattr(organisation, "start_organisation", broken)
    with pytest.raises(JukideskError, match="テスト"):
        create_organisation_file(target, {"org_name": "みなみ県"})
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"org_name": "  "}, "org_name", "「組織名」を入力"),
        ({"org_name": "県", "cycle_first_fy": 1900}, "cycle_first_fy", "1989〜2100"),
        ({"org_name": "県", "cycle_first_fy": "令和8"}, "cycle_first_fy", "西暦の数字"),
    ],
)
def test_first_run_values_name_the_field(values, field, words):
    from jukidesk.base.errors import ValidationError
    from jukidesk.core.organisation import first_run_values

    with pytest.raises(ValidationError) as caught:
        first_run_values(values)
    assert caught.value.field == field and words in str(caught.value)
