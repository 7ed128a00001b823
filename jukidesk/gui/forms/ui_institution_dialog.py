# Generated from ui/institution_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: a9b1cf4aae924c5b0361a9de69a7679863c350564951e50ab12db7810b5baa23
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'institution_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

from jukidesk.gui.widgets import FiscalYearCombo

class Ui_InstitutionDialog(object):
    def setupUi(self, InstitutionDialog):
        if not InstitutionDialog.objectName():
            InstitutionDialog.setObjectName(u"InstitutionDialog")
        InstitutionDialog.setMinimumSize(QSize(560, 0))
        self.main_layout = QVBoxLayout(InstitutionDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.code_label = QLabel(InstitutionDialog)
        self.code_label.setObjectName(u"code_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.code_label)

        self.code = QLineEdit(InstitutionDialog)
        self.code.setObjectName(u"code")
        self.code.setMaxLength(40)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.code)

        self.name_label = QLabel(InstitutionDialog)
        self.name_label.setObjectName(u"name_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLineEdit(InstitutionDialog)
        self.name.setObjectName(u"name")
        self.name.setMaxLength(200)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name)

        self.short_name_label = QLabel(InstitutionDialog)
        self.short_name_label.setObjectName(u"short_name_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.short_name_label)

        self.short_name = QLineEdit(InstitutionDialog)
        self.short_name.setObjectName(u"short_name")
        self.short_name.setMaxLength(200)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.short_name)

        self.kind_label = QLabel(InstitutionDialog)
        self.kind_label.setObjectName(u"kind_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.kind_label)

        self.kind = QComboBox(InstitutionDialog)
        self.kind.setObjectName(u"kind")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kind)

        self.has_terminal_label = QLabel(InstitutionDialog)
        self.has_terminal_label.setObjectName(u"has_terminal_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.has_terminal_label)

        self.has_terminal = QCheckBox(InstitutionDialog)
        self.has_terminal.setObjectName(u"has_terminal")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.has_terminal)

        self.head_title_label = QLabel(InstitutionDialog)
        self.head_title_label.setObjectName(u"head_title_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.head_title_label)

        self.head_title = QLineEdit(InstitutionDialog)
        self.head_title.setObjectName(u"head_title")
        self.head_title.setMaxLength(200)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.head_title)

        self.address_label = QLabel(InstitutionDialog)
        self.address_label.setObjectName(u"address_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address = QLineEdit(InstitutionDialog)
        self.address.setObjectName(u"address")
        self.address.setMaxLength(300)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.address)

        self.valid_from_label = QLabel(InstitutionDialog)
        self.valid_from_label.setObjectName(u"valid_from_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.valid_from_label)

        self.valid_from = FiscalYearCombo(InstitutionDialog)
        self.valid_from.setObjectName(u"valid_from")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.valid_from)

        self.valid_until_label = QLabel(InstitutionDialog)
        self.valid_until_label.setObjectName(u"valid_until_label")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.valid_until_label)

        self.valid_until = FiscalYearCombo(InstitutionDialog)
        self.valid_until.setObjectName(u"valid_until")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.valid_until)


        self.main_layout.addLayout(self.form)

        self.hint_label = QLabel(InstitutionDialog)
        self.hint_label.setObjectName(u"hint_label")
        self.hint_label.setWordWrap(True)

        self.main_layout.addWidget(self.hint_label)

        self.error_label = QLabel(InstitutionDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(InstitutionDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.code_label.setBuddy(self.code)
        self.name_label.setBuddy(self.name)
        self.short_name_label.setBuddy(self.short_name)
        self.kind_label.setBuddy(self.kind)
        self.head_title_label.setBuddy(self.head_title)
        self.address_label.setBuddy(self.address)
        self.valid_from_label.setBuddy(self.valid_from)
        self.valid_until_label.setBuddy(self.valid_until)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.code, self.name)
        QWidget.setTabOrder(self.name, self.short_name)
        QWidget.setTabOrder(self.short_name, self.kind)
        QWidget.setTabOrder(self.kind, self.has_terminal)
        QWidget.setTabOrder(self.has_terminal, self.head_title)
        QWidget.setTabOrder(self.head_title, self.address)
        QWidget.setTabOrder(self.address, self.valid_from)
        QWidget.setTabOrder(self.valid_from, self.valid_until)
        QWidget.setTabOrder(self.valid_until, self.buttons)

        self.retranslateUi(InstitutionDialog)

        QMetaObject.connectSlotsByName(InstitutionDialog)
    # setupUi

    def retranslateUi(self, InstitutionDialog):
        InstitutionDialog.setWindowTitle(QCoreApplication.translate("InstitutionDialog", u"\u6a5f\u95a2", None))
        self.code_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u6a5f\u95a2\u30b3\u30fc\u30c9(&C):", None))
        self.code.setPlaceholderText(QCoreApplication.translate("InstitutionDialog", u"\u4f8b: 101", None))
        self.name_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u6a5f\u95a2\u540d(&N):", None))
        self.name.setPlaceholderText(QCoreApplication.translate("InstitutionDialog", u"\u4f8b: \u6d88\u9632\u8ab2", None))
        self.short_name_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u5831\u544a\u7528\u7565\u79f0(&S):", None))
        self.short_name.setPlaceholderText(QCoreApplication.translate("InstitutionDialog", u"\u5831\u544a\u66f8\u306e\u8868\u3067\u4f7f\u3046\u77ed\u3044\u540d\u524d\uff08\u7a7a\u6b04\u306a\u3089\u6a5f\u95a2\u540d\uff09", None))
        self.kind_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u533a\u5206(&K):", None))
        self.has_terminal_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u696d\u52d9\u7aef\u672b:", None))
        self.has_terminal.setText(QCoreApplication.translate("InstitutionDialog", u"\u696d\u52d9\u7aef\u672b\u3092\u8a2d\u7f6e\u3057\u3066\u3044\u308b\uff08\u696d\u52d9\u7aef\u672b\u8a2d\u7f6e\u6a5f\u95a2\uff09(&T)", None))
        self.head_title_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u9577\u306e\u8077\u540d(&H):", None))
        self.head_title.setPlaceholderText(QCoreApplication.translate("InstitutionDialog", u"\u901a\u77e5\u6587\u306e\u5b9b\u5148\u306b\u4f7f\u3046\u8077\u540d\uff08\u4f8b: \u6d88\u9632\u8ab2\u9577\uff09", None))
        self.address_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u6240\u5728\u5730(&L):", None))
        self.address.setPlaceholderText(QCoreApplication.translate("InstitutionDialog", u"\u76e3\u67fb\u306e\u5834\u6240\u306a\u3069\uff08\u4f8b: \u9577\u91ce\u770c\u5e81\uff09", None))
        self.valid_from_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u6709\u52b9\u958b\u59cb(&F):", None))
        self.valid_until_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u6709\u52b9\u7d42\u4e86(&U):", None))
        self.hint_label.setText(QCoreApplication.translate("InstitutionDialog", u"\u6709\u52b9\u7d42\u4e86\u306f\u53f0\u5e33\u306b\u8f09\u305b\u308b\u6700\u5f8c\u306e\u5e74\u5ea6\u3067\u3059\u3002\u5ec3\u6b62\u3057\u305f\u6a5f\u95a2\u3082\u3001\u305d\u306e\u5e74\u5ea6\u307e\u3067\u306e\u70b9\u691c\u30fb\u76e3\u67fb\u306e\u8a18\u9332\u3068\u5831\u544a\u306b\u306f\u6b8b\u308a\u307e\u3059\u3002", None))
        self.error_label.setStyleSheet(QCoreApplication.translate("InstitutionDialog", u"color: #c00000; font-weight: bold;", None))
        self.error_label.setText("")
    # retranslateUi

