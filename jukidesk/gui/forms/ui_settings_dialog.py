# Generated from ui/settings_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: fe7b120dd205c3807f8f602401a68faa59754d9345eea8434e069b5aa663d6f2
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QLabel, QSizePolicy, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.setMinimumSize(QSize(760, 560))
        self.main_layout = QVBoxLayout(SettingsDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(SettingsDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.groups = QTabWidget(SettingsDialog)
        self.groups.setObjectName(u"groups")

        self.main_layout.addWidget(self.groups)

        self.error_label = QLabel(SettingsDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(SettingsDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)


        self.retranslateUi(SettingsDialog)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"\u7d44\u7e54\u306e\u8a2d\u5b9a", None))
        self.intro_label.setText(QCoreApplication.translate("SettingsDialog", u"\u5831\u544a\u66f8\u30fb\u901a\u77e5\u6587\u30fb\u753b\u9762\u3067\u4f7f\u3046\u7d44\u7e54\u306e\u540d\u79f0\u3084\u8077\u540d\u3067\u3059\u3002\u3053\u306e\u30c7\u30fc\u30bf\u30d5\u30a1\u30a4\u30eb\u306b\u4fdd\u5b58\u3055\u308c\u3001\u3059\u3079\u3066\u306e\u5e74\u5ea6\u306b\u4f7f\u308f\u308c\u307e\u3059\u3002", None))
        self.error_label.setStyleSheet(QCoreApplication.translate("SettingsDialog", u"color: #c00000; font-weight: bold;", None))
        self.error_label.setText("")
    # retranslateUi

