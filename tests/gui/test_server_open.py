"""Opening a server database from the window (issue 19): ファイル → サーバーのデータベースを開く…
and the first-run dialog's サーバーのデータベース… take a ``postgresql+psycopg://利用者@サーバー/
データベース`` URL, refuse one with a password (the CLI's advice) or no URL at all, and open
it like a file; the first-run dialog's recent list shows server databases too. No server is
needed: the open itself is stubbed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from jukidesk.gui import first_run, server_open
from jukidesk.gui.first_run import FirstRunDialog
from jukidesk.gui.server_open import ServerDialog
from jukidesk.storage.server import ServerLocation, parse_server_url
from tests.gui.helpers import retype

URL = "postgresql+psycopg://clerk@dbserver/jukidesk"


@pytest.fixture
def server_dialog(qtbot, gui_app):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _press_open(qtbot, dialog: ServerDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_a_url_with_a_password_is_refused_with_the_advice(qtbot, server_dialog, artifacts):
    retype(qtbot, server_dialog.url_edit, "postgresql+psycopg://clerk:himitsu@dbserver/jukidesk")
    _press_open(qtbot, server_dialog)
    message = server_dialog.error_label.text()
    assert "パスワードが含まれています" in message and "pgpass" in message and "pg_service.conf" in message
    assert "himitsu" not in message
    assert server_dialog.isVisible() and server_dialog.location is None  # nothing opened
    server_dialog.grab().save(str(artifacts / "server_open_refused.png"))


@pytest.mark.parametrize(
    ("typed", "said"),
    [("", "URL を入れてください"), (r"\\server\share\jukidesk.sqlite", "PostgreSQL の URL ではありません")],
)
def test_no_url_or_a_file_path_is_refused(qtbot, server_dialog, typed, said):
    if typed:
        retype(qtbot, server_dialog.url_edit, typed)
    _press_open(qtbot, server_dialog)
    assert said in server_dialog.error_label.text()
    assert server_dialog.isVisible() and server_dialog.location is None
    retype(qtbot, server_dialog.url_edit, URL)  # typing again clears the message and opens
    _press_open(qtbot, server_dialog)
    assert not server_dialog.isVisible()
    assert server_dialog.location.display == "サーバー clerk@dbserver のデータベース jukidesk"


def test_the_file_menu_opens_the_typed_server_database(qtbot, window, monkeypatch):
    asked, opened = [], []
    location = parse_server_url(URL)
    monkeypatch.setattr(server_open, "ask_server_location", lambda parent: asked.append(parent) or location)
    monkeypatch.setattr(window, "open_path", lambda target, **kw: opened.append(target))
    menu_texts = [action.text() for action in window.ui.menu_file.actions()]
    # with 開く and 最近使ったファイル, above バックアップと復元
    assert menu_texts.index(window.ui.action_open.text()) < menu_texts.index(server_open.MENU_TEXT) < menu_texts.index(
        window.action_backup.text()
    )
    assert window.action_open_server.isEnabled()
    window.action_open_server.trigger()
    assert asked == [window]
    assert len(opened) == 1 and isinstance(opened[0], ServerLocation) and str(opened[0]) == URL
    # cancelled: nothing is opened
    monkeypatch.setattr(server_open, "ask_server_location", lambda parent: None)
    window.action_open_server.trigger()
    assert len(opened) == 1


class _Opened:
    demo = False
    temp_dir = None


@pytest.fixture
def stub_open(monkeypatch):
    opened: list = []

    def fake(target, **_kw):
        opened.append(target)
        return _Opened()

    monkeypatch.setattr(first_run, "open_path", fake)
    return opened


def test_first_run_lists_server_databases_and_opens_them(qtbot, gui_app, tmp_path, stub_open, artifacts):
    existing = tmp_path / "jukidesk.sqlite"
    existing.write_bytes(b"")
    dialog = FirstRunDialog(
        tmp_path / "new.sqlite", recent=[parse_server_url(URL), existing, tmp_path / "gone.sqlite"]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    recent = dialog.ui.recent_list
    assert [recent.item(row).text() for row in range(recent.count())] == [
        "サーバー clerk@dbserver のデータベース jukidesk",
        f"jukidesk.sqlite　（{tmp_path}）",
    ]
    dialog.grab().save(str(artifacts / "first_run_server_recent.png"))
    recent.itemActivated.emit(recent.item(0))
    assert len(stub_open) == 1 and isinstance(stub_open[0], ServerLocation) and str(stub_open[0]) == URL
    assert dialog.opened is not None


def test_first_run_server_button_opens_the_typed_url(qtbot, gui_app, tmp_path, stub_open, monkeypatch):
    dialog = FirstRunDialog(tmp_path / "new.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.server_button.isVisible()
    monkeypatch.setattr(server_open, "ask_server_location", lambda parent: None)
    qtbot.mouseClick(dialog.server_button, Qt.MouseButton.LeftButton)
    assert stub_open == [] and dialog.opened is None  # cancelled: nothing opened
    monkeypatch.setattr(server_open, "ask_server_location", lambda parent: parse_server_url(URL))
    qtbot.mouseClick(dialog.server_button, Qt.MouseButton.LeftButton)
    assert [str(target) for target in stub_open] == [URL]
    assert dialog.opened is not None
    assert Path(tmp_path / "new.sqlite").exists() is False  # nothing created


def test_first_run_opens_a_real_server_database(qtbot, gui_app, tmp_path, monkeypatch, server_demo):
    """With ``JUKIDESK_TEST_DB`` (skipped without it): the URL typed opens the database itself."""
    dialog = FirstRunDialog(tmp_path / "new.sqlite")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(server_open, "ask_server_location", lambda parent: server_demo)
    qtbot.mouseClick(dialog.server_button, Qt.MouseButton.LeftButton)
    try:
        assert dialog.opened is not None
        assert dialog.opened.database.location == server_demo
    finally:
        if dialog.opened is not None:
            dialog.opened.close()
