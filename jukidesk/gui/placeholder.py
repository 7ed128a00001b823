"""The page shown by a tab whose screen is not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

PLACEHOLDER_TEXT = "この画面は準備中です"


class PlaceholderTab(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        label = QLabel(PLACEHOLDER_TEXT, self)
        label.setObjectName("placeholder_label")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #707070; font-size: 14pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
