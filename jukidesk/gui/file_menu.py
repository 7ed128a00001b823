"""ファイル menu entries that open a dialog: added at start without importing the dialog
(its module pulls in the data layer; the window is painted before that loads)."""

from __future__ import annotations

from PySide6.QtGui import QAction

BACKUP_MENU_TEXT = "バックアップと復元(&B)…"


def _insert_above_quit(window, action: QAction) -> None:
    """Above 終了 (and its separator) in ファイル."""
    menu = window.ui.menu_file
    actions = menu.actions()
    quit_action = window.ui.action_quit
    before = quit_action
    index = actions.index(quit_action) if quit_action in actions else -1
    if index > 0 and actions[index - 1].isSeparator():
        before = actions[index - 1]
    menu.insertAction(before, action)


def install_backup(window) -> QAction:
    """ファイル → バックアップと復元… (gui/backup_dialog.py)."""
    action = QAction(BACKUP_MENU_TEXT, window)
    action.setObjectName("action_backup")

    def show():
        from jukidesk.gui.backup_dialog import show_backup_dialog

        return show_backup_dialog(window)

    action.triggered.connect(show)
    _insert_above_quit(window, action)
    window.action_backup = action
    return action


def install_evidence(window) -> QAction:
    """ファイル → 証拠資料… (every attachment; add to an audit, finding or drill of the
    selected year; gui/evidence_dialog.py)."""
    action = QAction("証拠資料(&E)…", window)
    action.setObjectName("action_evidence")

    def show():
        from jukidesk.gui.evidence_dialog import AttachmentsDialog

        dialog = AttachmentsDialog(window.context, None, window)
        dialog.open()
        window.evidence_dialog = dialog
        return dialog

    action.triggered.connect(show)
    _insert_above_quit(window, action)  # with バックアップと復元…, above 終了
    window.action_evidence = action
    window.show_evidence_dialog = show
    return action


def install_template_editor(window) -> QAction:
    """設定 → チェックリストのテンプレート… (gui/template_editor.py, imported when chosen)."""
    action = QAction("チェックリストのテンプレート(&T)…", window)
    action.setObjectName("action_template_editor")

    def show():
        from jukidesk.gui.template_editor import open_editor

        window.template_editor = open_editor(window.context, window)
        return window.template_editor

    action.triggered.connect(show)
    window.ui.menu_settings.addAction(action)
    window.template_editor_action = action
    return action


def install_server_open(window) -> QAction:
    """ファイル → サーバーのデータベースを開く… under 開く (issue 19): the URL of a PostgreSQL
    database (gui/server_open.py), opened like a file (``window.open_path``)."""
    action = QAction("サーバーのデータベースを開く(&S)…", window)
    action.setObjectName("action_open_server")

    def show():
        from jukidesk.gui.server_open import ask_server_location

        location = ask_server_location(window)
        if location is not None:
            return window.open_path(location)
        return None

    action.triggered.connect(show)
    menu = window.ui.menu_file
    actions = menu.actions()
    opening = window.ui.action_open
    index = actions.index(opening) if opening in actions else -1
    following = actions[index + 1] if 0 <= index < len(actions) - 1 else None
    if following is not None:
        menu.insertAction(following, action)
    else:
        menu.addAction(action)
    window.action_open_server = action
    window.open_server = show
    return action
