# Generated from ui/checklist_import_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: fd24434cc14f97bc5629bb4a9021c758c5be98bd615930abe5bcae5e5aafed8a
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'checklist_import_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDialog,
    QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_ChecklistImportDialog(object):
    def setupUi(self, ChecklistImportDialog):
        if not ChecklistImportDialog.objectName():
            ChecklistImportDialog.setObjectName(u"ChecklistImportDialog")
        ChecklistImportDialog.setMinimumSize(QSize(760, 520))
        self.main_layout = QVBoxLayout(ChecklistImportDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(ChecklistImportDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.choose_row = QHBoxLayout()
        self.choose_row.setObjectName(u"choose_row")
        self.files_button = QPushButton(ChecklistImportDialog)
        self.files_button.setObjectName(u"files_button")

        self.choose_row.addWidget(self.files_button)

        self.folder_button = QPushButton(ChecklistImportDialog)
        self.folder_button.setObjectName(u"folder_button")

        self.choose_row.addWidget(self.folder_button)

        self.replace_check = QCheckBox(ChecklistImportDialog)
        self.replace_check.setObjectName(u"replace_check")

        self.choose_row.addWidget(self.replace_check)

        self.choose_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.choose_row.addItem(self.choose_spacer)


        self.main_layout.addLayout(self.choose_row)

        self.files_label = QLabel(ChecklistImportDialog)
        self.files_label.setObjectName(u"files_label")
        self.files_label.setWordWrap(True)

        self.main_layout.addWidget(self.files_label)

        self.preview_label = QLabel(ChecklistImportDialog)
        self.preview_label.setObjectName(u"preview_label")

        self.main_layout.addWidget(self.preview_label)

        self.preview_list = QListWidget(ChecklistImportDialog)
        self.preview_list.setObjectName(u"preview_list")
        self.preview_list.setWordWrap(True)
        self.preview_list.setAlternatingRowColors(True)

        self.main_layout.addWidget(self.preview_list)

        self.summary_label = QLabel(ChecklistImportDialog)
        self.summary_label.setObjectName(u"summary_label")
        self.summary_label.setWordWrap(True)

        self.main_layout.addWidget(self.summary_label)

        self.buttons = QDialogButtonBox(ChecklistImportDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.preview_label.setBuddy(self.preview_list)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ChecklistImportDialog)

        QMetaObject.connectSlotsByName(ChecklistImportDialog)
    # setupUi

    def retranslateUi(self, ChecklistImportDialog):
        ChecklistImportDialog.setWindowTitle(QCoreApplication.translate("ChecklistImportDialog", u"\u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8\u306e\u53d6\u308a\u8fbc\u307f", None))
        self.intro_label.setText(QCoreApplication.translate("ChecklistImportDialog", u"\u6a5f\u95a2\u304c\u8a18\u5165\u3057\u305f Excel \u30d6\u30c3\u30af\u3092\u9078\u3093\u3067\u304f\u3060\u3055\u3044\u3002\u3059\u3079\u3066\u306e\u30d5\u30a1\u30a4\u30eb\u3092\u78ba\u8a8d\u3057\u3066\u304b\u3089\u3001\u554f\u984c\u304c\u306a\u3051\u308c\u3070\u307e\u3068\u3081\u3066\u767b\u9332\u3057\u307e\u3059\uff081\u3064\u3067\u3082\u30a8\u30e9\u30fc\u304c\u3042\u308c\u3070\u4f55\u3082\u767b\u9332\u3057\u307e\u305b\u3093\uff09\u3002", None))
        self.files_button.setText(QCoreApplication.translate("ChecklistImportDialog", u"\u30d5\u30a1\u30a4\u30eb\u3092\u9078\u3076(&F)\u2026", None))
        self.folder_button.setText(QCoreApplication.translate("ChecklistImportDialog", u"\u30d5\u30a9\u30eb\u30c0\u3092\u9078\u3076(&D)\u2026", None))
        self.replace_check.setText(QCoreApplication.translate("ChecklistImportDialog", u"\u767b\u9332\u6e08\u307f\u306e\u56de\u7b54\u3068\u7570\u306a\u308b\u5834\u5408\u306f\u3001\u30d5\u30a1\u30a4\u30eb\u306e\u5185\u5bb9\u3067\u7f6e\u304d\u63db\u3048\u308b(&R)", None))
        self.files_label.setText(QCoreApplication.translate("ChecklistImportDialog", u"\u30d5\u30a1\u30a4\u30eb\u304c\u9078\u3070\u308c\u3066\u3044\u307e\u305b\u3093\u3002", None))
        self.preview_label.setText(QCoreApplication.translate("ChecklistImportDialog", u"\u78ba\u8a8d\u7d50\u679c(&P):", None))
        self.summary_label.setText("")
        self.summary_label.setStyleSheet(QCoreApplication.translate("ChecklistImportDialog", u"font-weight: bold;", None))
    # retranslateUi

