"""ヘルプ → 使い方 (F1): the bundled Japanese manual, ``resources/manual/index.html`` with its
screenshots in ``resources/manual/images`` (made by ``python -m jukidesk.gui.manual_screenshots``),
shown in a QTextBrowser — no web engine, works offline and frozen.

Links inside the manual (#anchors, other local pages) open in the dialog; nothing goes to
the network.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from jukidesk.base.paths import resource
from jukidesk.gui.forms.ui_manual_dialog import Ui_ManualDialog
from jukidesk.gui.widgets import fit_to_screen

MANUAL_PAGE = ("manual", "index.html")


def manual_path():
    return resource(*MANUAL_PAGE)


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, anchor: str | None = None):
        super().__init__(parent)
        self.ui = Ui_ManualDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1000, 760)
        close = self.ui.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("閉じる")
        browser = self.ui.browser
        browser.setSearchPaths([str(manual_path().parent)])
        browser.backwardAvailable.connect(self.ui.back_button.setEnabled)
        browser.forwardAvailable.connect(self.ui.forward_button.setEnabled)
        self.ui.back_button.setEnabled(False)
        self.ui.forward_button.setEnabled(False)
        self.ui.home_button.clicked.connect(browser.home)
        self.ui.back_button.clicked.connect(browser.backward)
        self.ui.forward_button.clicked.connect(browser.forward)
        self.ui.find_text.returnPressed.connect(self.find_next)
        self.home_url = QUrl.fromLocalFile(str(manual_path()))
        if manual_path().exists():
            browser.setSource(self.home_url)
            if anchor:
                browser.scrollToAnchor(anchor)
        else:
            browser.setHtml(f"<p>使い方の文書が見つかりません: {manual_path()}</p>")
        browser.setFocus()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def find_next(self) -> bool:
        """Find the typed words after the cursor, wrapping to the start once."""
        text = self.ui.find_text.text().strip()
        if not text:
            return False
        browser = self.ui.browser
        if browser.find(text):
            return True
        cursor = browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        browser.setTextCursor(cursor)
        return browser.find(text, QTextDocument.FindFlag(0))


def show_manual(parent: QWidget | None = None, *, anchor: str | None = None) -> ManualDialog:
    """Open the manual beside the window (non-modal: the user can keep working)."""
    dialog = ManualDialog(parent, anchor=anchor)
    dialog.setModal(False)
    dialog.show()
    return dialog
