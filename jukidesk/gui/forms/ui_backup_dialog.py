# Generated from ui/backup_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 96b51debe9dc7343671f2cb0637ceb850fcd72e769c6c6356adc4b576ce96ab2
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'backup_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog,
    QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QTableView,
    QVBoxLayout, QWidget)

class Ui_BackupDialog(object):
    def setupUi(self, BackupDialog):
        if not BackupDialog.objectName():
            BackupDialog.setObjectName(u"BackupDialog")
        BackupDialog.setMinimumSize(QSize(760, 460))
        self.main_layout = QVBoxLayout(BackupDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(BackupDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.intro_label)

        self.table = QTableView(BackupDialog)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.table)

        self.button_row = QHBoxLayout()
        self.button_row.setObjectName(u"button_row")
        self.backup_button = QPushButton(BackupDialog)
        self.backup_button.setObjectName(u"backup_button")

        self.button_row.addWidget(self.backup_button)

        self.restore_button = QPushButton(BackupDialog)
        self.restore_button.setObjectName(u"restore_button")

        self.button_row.addWidget(self.restore_button)

        self.restore_file_button = QPushButton(BackupDialog)
        self.restore_file_button.setObjectName(u"restore_file_button")

        self.button_row.addWidget(self.restore_file_button)

        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_row.addItem(self.button_spacer)

        self.buttons = QDialogButtonBox(BackupDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.button_row.addWidget(self.buttons)


        self.main_layout.addLayout(self.button_row)


        self.retranslateUi(BackupDialog)

        QMetaObject.connectSlotsByName(BackupDialog)
    # setupUi

    def retranslateUi(self, BackupDialog):
        BackupDialog.setWindowTitle(QCoreApplication.translate("BackupDialog", u"\u30d0\u30c3\u30af\u30a2\u30c3\u30d7\u3068\u5fa9\u5143", None))
        self.intro_label.setText("")
        self.backup_button.setText(QCoreApplication.translate("BackupDialog", u"\u4eca\u3059\u3050\u30d0\u30c3\u30af\u30a2\u30c3\u30d7(&B)", None))
        self.restore_button.setText(QCoreApplication.translate("BackupDialog", u"\u9078\u629e\u3057\u305f\u4e16\u4ee3\u304b\u3089\u5fa9\u5143(&R)\u2026", None))
        self.restore_file_button.setText(QCoreApplication.translate("BackupDialog", u"\u30d5\u30a1\u30a4\u30eb\u3092\u9078\u3093\u3067\u5fa9\u5143(&F)\u2026", None))
    # retranslateUi

