"""The first start: no data file at the default place yet (ui/first_run_dialog.ui).

Three ways on, each ending in an open file (``dialog.opened``, a ``gui.opening.OpenedFile``):

* 新しく始める — the organisation name, titles and the first cycle year (labels from
  ``core.settings.SPECS``, rules in ``core.organisation``), then a new file at the default
  path (``opening.create_organisation_file``: one transaction, nothing left on a refusal),
  then the first-day walk (``gui.first_day_walk``: registry → checklist template → past
  results → done, each optional and previewed); closing the dialog during the walk opens
  the new file;
* デモデータで試す — the default button: a temporary demo copy, as ``--demo``;
* 既存のファイルを開く — a file chooser (or a recently used file from the list);
  サーバーのデータベース… — the URL of a PostgreSQL database (gui/server_open.py); the
  recent list shows the server databases used before too.

Closing the dialog (終了) opens nothing and the program ends.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QListWidgetItem, QWidget

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.fiscal import YearStyle, fiscal_year_of
from jukidesk.core.organisation import FIRST_RUN_KEYS, REQUIRED_KEYS
from jukidesk.core.settings import SPEC_BY_KEY
from jukidesk.gui import prompts
from jukidesk.gui.forms.ui_first_run_dialog import Ui_FirstRunDialog
from jukidesk.gui.opening import OpenedFile, create_organisation_file, open_demo, open_path
from jukidesk.gui.widgets import fit_to_screen
from jukidesk.storage.recovery import DamagedFileError

# Mnemonics of the entry fields (the labels themselves come from SPECS).
MNEMONICS = {
    "org_name": "A",
    "org_short_name": "K",
    "security_officer_title": "E",
    "security_officer_section": "G",
    "network_admin_title": "W",
    "cycle_first_fy": "Y",
}
CHOICE_PAGE, NEW_PAGE = 0, 1  # the walk (gui.first_day_walk) is added as page 2 once the file exists


class FirstRunDialog(QDialog):
    def __init__(
        self,
        default_path: Path,
        *,
        recent: list | None = None,
        demo_name: str = "nagano",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self.default_path = Path(default_path)
        self.demo_name = demo_name
        self.opened: OpenedFile | None = None
        self.walk = None  # gui.first_day_walk.FirstDayWalk once 新しく始める made the file

        close = self.ui.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("終了(&Q)")
        close.setAutoDefault(False)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.new_button.clicked.connect(self.show_new_page)
        self.ui.demo_button.clicked.connect(self.choose_demo)
        self.ui.open_button.clicked.connect(self.choose_file)
        self.ui.back_button.clicked.connect(self.show_choice_page)
        self.ui.create_button.clicked.connect(self.create_new)
        self.ui.recent_list.itemActivated.connect(lambda item: self.open_existing(_entry(item.data(Qt.ItemDataRole.UserRole))))
        self._add_server_button()

        self._fill_recent([entry for entry in (_entry(p) for p in recent or []) if _offered(entry)])
        self.ui.location_label.setText(f"新しく始めるとデータファイルはここに作られます:\n{self.default_path}")
        self.ui.target_label.setText(f"作成するファイル: {self.default_path}")
        self._set_up_fields()
        self.show_choice_page()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- building ---------------------------------------------------------------------
    def _add_server_button(self) -> None:
        """サーバーのデータベース… under 既存のファイルを開く (issue 19)."""
        from PySide6.QtWidgets import QCommandLinkButton

        from jukidesk.gui.server_open import BUTTON_TEXT

        self.server_button = QCommandLinkButton(BUTTON_TEXT, self.ui.choice_page)
        self.server_button.setObjectName("server_button")
        self.server_button.setDescription("複数の担当者で使う PostgreSQL のデータベースを、URL を入れて開きます。")
        self.server_button.setAutoDefault(False)
        layout = self.ui.choice_layout
        layout.insertWidget(layout.indexOf(self.ui.open_button) + 1, self.server_button)
        self.server_button.clicked.connect(self.choose_server)

    def _fill_recent(self, paths: list) -> None:
        for path in paths:
            if _is_server(path):
                item = QListWidgetItem(path.display)
            else:
                item = QListWidgetItem(f"{path.name}　（{path.parent}）")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.ui.recent_list.addItem(item)
        self.ui.recent_label.setVisible(bool(paths))
        self.ui.recent_list.setVisible(bool(paths))

    def _set_up_fields(self) -> None:
        for key in FIRST_RUN_KEYS:
            spec = SPEC_BY_KEY[key]
            mark = "＊" if key in REQUIRED_KEYS else ""
            getattr(self.ui, f"{key}_label").setText(f"{spec.label}{mark}(&{MNEMONICS[key]}):")
            editor = getattr(self.ui, key)
            if isinstance(editor, QLineEdit):
                editor.setText(str(spec.default))
                editor.textEdited.connect(lambda _text: self.ui.error_label.clear())
        this_year = fiscal_year_of(dt.date.today())
        self.ui.cycle_first_fy.setValue(this_year)
        self.ui.cycle_first_fy.valueChanged.connect(self._show_year)
        self._show_year(this_year)

    def _show_year(self, fy: int) -> None:
        self.ui.cycle_first_fy_display.setText(YearStyle().display(fy))

    # -- pages ------------------------------------------------------------------------
    def show_choice_page(self) -> None:
        self.ui.pages.setCurrentIndex(CHOICE_PAGE)
        self.ui.buttons.setVisible(True)
        self.ui.demo_button.setDefault(True)
        self.ui.create_button.setDefault(False)
        self.ui.demo_button.setFocus()

    def show_new_page(self) -> None:
        self.ui.error_label.clear()
        self.ui.pages.setCurrentIndex(NEW_PAGE)
        self.ui.buttons.setVisible(False)  # 戻る / 作成して始める on the page itself
        self.ui.demo_button.setDefault(False)
        self.ui.create_button.setDefault(True)
        self.ui.org_name.setFocus()

    def values(self) -> dict:
        values: dict = {}
        for key in FIRST_RUN_KEYS:
            editor = getattr(self.ui, key)
            values[key] = editor.text() if isinstance(editor, QLineEdit) else editor.value()
        return values

    # -- the three ways ---------------------------------------------------------------
    def create_new(self) -> bool:
        try:
            with _busy():
                opened = create_organisation_file(
                    self.default_path, self.values(), standard_template=self.ui.standard_template.isChecked()
                )
        except ValidationError as exc:
            self.ui.error_label.setText(str(exc))
            editor = getattr(self.ui, exc.field, None) if exc.field else None
            if isinstance(editor, QWidget):
                editor.setFocus()
            return False
        except JukideskError as exc:
            self.ui.error_label.setText(str(exc))
            return False
        self.opened = opened  # the file exists now: closing the dialog still opens it
        self.show_walk(opened, self.values()["cycle_first_fy"])
        return True

    def show_walk(self, opened: OpenedFile, first_fy: int) -> None:
        """The first day: registry → checklist template → past results → done, each step
        optional and previewed before anything is stored (gui/first_day_walk.py)."""
        from jukidesk.gui.first_day_walk import FirstDayWalk

        self.walk = FirstDayWalk(opened.database, int(first_fy), YearStyle().display, self)
        self.walk.finished.connect(lambda: self._done(opened))
        self.ui.pages.addWidget(self.walk)
        self.ui.pages.setCurrentWidget(self.walk)
        self.ui.buttons.setVisible(False)
        self.ui.create_button.setDefault(False)
        self.walk.choose_button.setFocus()

    def reject(self) -> None:
        if self.opened is not None and not self.opened.demo and self.walk is not None:
            self._done(self.opened)  # Esc or the close box during the walk: open what was made
            return
        super().reject()

    def choose_demo(self) -> bool:
        try:
            with _busy():
                opened = open_demo(self.demo_name)
        except JukideskError as exc:
            prompts.error(self, f"デモデータを開けませんでした。\n{exc}")
            return False
        return self._done(opened)

    def choose_server(self) -> bool:
        from jukidesk.gui.server_open import ask_server_location

        location = ask_server_location(self)
        if location is None:
            return False
        return self.open_existing(location)

    def choose_file(self) -> bool:
        recent = self.ui.recent_list
        files = [_entry(recent.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(recent.count())]
        files = [entry for entry in files if not _is_server(entry)]
        start = str(files[0].parent) if files else ""
        path = prompts.open_file_name(self, "データファイルを開く", start, prompts.DATABASE_FILTER)
        if not path:
            return False
        return self.open_existing(Path(path))

    def open_existing(self, path) -> bool:
        """Open a file (``Path``) or a server database (``ServerLocation``)."""
        try:
            with _busy():
                opened = open_path(path)
        except DamagedFileError as exc:
            from jukidesk.gui.recovery import offer_restore

            opened = offer_restore(self, exc)
            if opened is None:
                return False
        except JukideskError as exc:
            what = "サーバーのデータベース" if _is_server(path) else "データファイル"
            prompts.error(self, f"{what}を開けませんでした。\n{exc}")
            return False
        return self._done(opened)

    def _done(self, opened: OpenedFile) -> bool:
        self.opened = opened
        self.accept()
        return True


def _is_server(entry) -> bool:
    from jukidesk.storage.urls import looks_like_url

    return not isinstance(entry, Path) and looks_like_url(str(entry))


def _entry(value):
    """A recent entry (a path or a server database's location, or their text) as a ``Path``
    or a ``ServerLocation``; a server URL that no longer reads stays text (not offered)."""
    if isinstance(value, Path) or not _is_server(value):
        return Path(value)
    from jukidesk.gui.server_open import server_location

    try:
        return server_location(str(value))
    except JukideskError:
        return str(value)


def _offered(entry) -> bool:
    """A file that is there, or a server database (the server answers when it is opened)."""
    if isinstance(entry, Path):
        return entry.exists()
    return _is_server(entry) and not isinstance(entry, str)


class _busy:
    """A wait cursor while a file is created, built or opened (it takes a moment)."""

    def __enter__(self):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()
        return False


def ask_first_run(choice, *, recent: list | None = None) -> OpenedFile | None:
    """Show the dialog at start (``choice`` is the ``opening.StartChoice`` with ``ask``);
    the opened file, or None when the user closed it."""
    from jukidesk.base.paths import default_database_path

    dialog = FirstRunDialog(default_database_path(), recent=recent, demo_name=choice.demo_name)
    dialog.exec()
    return dialog.opened
