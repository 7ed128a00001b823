# Generated from ui/retire_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 9bb0f9201e59d6e87503c3bd44e67a0c82f0f73342a09bfb89a316c86c51df00
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'retire_dialog.ui'
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
    QFormLayout, QLabel, QSizePolicy, QVBoxLayout,
    QWidget)

from jukidesk.gui.widgets import FiscalYearCombo

class Ui_RetireDialog(object):
    def setupUi(self, RetireDialog):
        if not RetireDialog.objectName():
            RetireDialog.setObjectName(u"RetireDialog")
        RetireDialog.setMinimumSize(QSize(520, 0))
        self.main_layout = QVBoxLayout(RetireDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.message_label = QLabel(RetireDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)

        self.main_layout.addWidget(self.message_label)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.last_year_label = QLabel(RetireDialog)
        self.last_year_label.setObjectName(u"last_year_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.last_year_label)

        self.last_year = FiscalYearCombo(RetireDialog)
        self.last_year.setObjectName(u"last_year")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.last_year)


        self.main_layout.addLayout(self.form)

        self.effect_label = QLabel(RetireDialog)
        self.effect_label.setObjectName(u"effect_label")
        self.effect_label.setWordWrap(True)

        self.main_layout.addWidget(self.effect_label)

        self.error_label = QLabel(RetireDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(RetireDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.last_year_label.setBuddy(self.last_year)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(RetireDialog)

        QMetaObject.connectSlotsByName(RetireDialog)
    # setupUi

    def retranslateUi(self, RetireDialog):
        RetireDialog.setWindowTitle(QCoreApplication.translate("RetireDialog", u"\u6a5f\u95a2\u306e\u5ec3\u6b62", None))
        self.message_label.setText("")
        self.last_year_label.setText(QCoreApplication.translate("RetireDialog", u"\u6700\u7d42\u5e74\u5ea6(&L):", None))
        self.effect_label.setText("")
        self.error_label.setStyleSheet(QCoreApplication.translate("RetireDialog", u"color: #c00000; font-weight: bold;", None))
        self.error_label.setText("")
    # retranslateUi

