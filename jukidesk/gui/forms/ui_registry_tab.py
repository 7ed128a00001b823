# Generated from ui/registry_tab.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 09a4a4cd5b299408217e910fbc8db6cf145d46327b02d2d046537f0a90f7a43a
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'registry_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QTableView, QVBoxLayout,
    QWidget)

class Ui_RegistryTab(object):
    def setupUi(self, RegistryTab):
        if not RegistryTab.objectName():
            RegistryTab.setObjectName(u"RegistryTab")
        self.main_layout = QVBoxLayout(RegistryTab)
        self.main_layout.setObjectName(u"main_layout")
        self.filter_row = QHBoxLayout()
        self.filter_row.setObjectName(u"filter_row")
        self.filter_label = QLabel(RegistryTab)
        self.filter_label.setObjectName(u"filter_label")

        self.filter_row.addWidget(self.filter_label)

        self.filter_edit = QLineEdit(RegistryTab)
        self.filter_edit.setObjectName(u"filter_edit")
        self.filter_edit.setMinimumSize(QSize(260, 0))
        self.filter_edit.setClearButtonEnabled(True)

        self.filter_row.addWidget(self.filter_edit)

        self.only_valid = QCheckBox(RegistryTab)
        self.only_valid.setObjectName(u"only_valid")
        self.only_valid.setChecked(True)

        self.filter_row.addWidget(self.only_valid)

        self.filter_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filter_row.addItem(self.filter_spacer)


        self.main_layout.addLayout(self.filter_row)

        self.table_row = QHBoxLayout()
        self.table_row.setObjectName(u"table_row")
        self.table = QTableView(RegistryTab)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.table_row.addWidget(self.table)

        self.button_column = QVBoxLayout()
        self.button_column.setObjectName(u"button_column")
        self.add_button = QPushButton(RegistryTab)
        self.add_button.setObjectName(u"add_button")

        self.button_column.addWidget(self.add_button)

        self.edit_button = QPushButton(RegistryTab)
        self.edit_button.setObjectName(u"edit_button")

        self.button_column.addWidget(self.edit_button)

        self.up_button = QPushButton(RegistryTab)
        self.up_button.setObjectName(u"up_button")

        self.button_column.addWidget(self.up_button)

        self.down_button = QPushButton(RegistryTab)
        self.down_button.setObjectName(u"down_button")

        self.button_column.addWidget(self.down_button)

        self.retire_button = QPushButton(RegistryTab)
        self.retire_button.setObjectName(u"retire_button")

        self.button_column.addWidget(self.retire_button)

        self.button_spacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.button_column.addItem(self.button_spacer)


        self.table_row.addLayout(self.button_column)


        self.main_layout.addLayout(self.table_row)

        self.status_label = QLabel(RegistryTab)
        self.status_label.setObjectName(u"status_label")

        self.main_layout.addWidget(self.status_label)

#if QT_CONFIG(shortcut)
        self.filter_label.setBuddy(self.filter_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.filter_edit, self.only_valid)
        QWidget.setTabOrder(self.only_valid, self.table)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.up_button)
        QWidget.setTabOrder(self.up_button, self.down_button)
        QWidget.setTabOrder(self.down_button, self.retire_button)

        self.retranslateUi(RegistryTab)

        QMetaObject.connectSlotsByName(RegistryTab)
    # setupUi

    def retranslateUi(self, RegistryTab):
        self.filter_label.setText(QCoreApplication.translate("RegistryTab", u"\u7d5e\u308a\u8fbc\u307f(&Q):", None))
        self.filter_edit.setPlaceholderText(QCoreApplication.translate("RegistryTab", u"\u6a5f\u95a2\u30b3\u30fc\u30c9\u30fb\u6a5f\u95a2\u540d\u306e\u4e00\u90e8", None))
        self.only_valid.setText(QCoreApplication.translate("RegistryTab", u"\u9078\u629e\u5e74\u5ea6\u306b\u6709\u52b9\u306a\u6a5f\u95a2\u306e\u307f(&O)", None))
        self.add_button.setText(QCoreApplication.translate("RegistryTab", u"\u8ffd\u52a0(&A)\u2026", None))
#if QT_CONFIG(tooltip)
        self.add_button.setToolTip(QCoreApplication.translate("RegistryTab", u"\u6a5f\u95a2\u3092\u53f0\u5e33\u306b\u8ffd\u52a0\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.edit_button.setText(QCoreApplication.translate("RegistryTab", u"\u7de8\u96c6(&E)\u2026", None))
#if QT_CONFIG(tooltip)
        self.edit_button.setToolTip(QCoreApplication.translate("RegistryTab", u"\u9078\u629e\u3057\u305f\u6a5f\u95a2\u3092\u7de8\u96c6\u3057\u307e\u3059\uff08\u884c\u306e\u30c0\u30d6\u30eb\u30af\u30ea\u30c3\u30af\u3067\u3082\u958b\u304d\u307e\u3059\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.up_button.setText(QCoreApplication.translate("RegistryTab", u"\u4e0a\u3078(&U)", None))
        self.down_button.setText(QCoreApplication.translate("RegistryTab", u"\u4e0b\u3078(&D)", None))
        self.retire_button.setText(QCoreApplication.translate("RegistryTab", u"\u5ec3\u6b62(&R)\u2026", None))
#if QT_CONFIG(tooltip)
        self.retire_button.setToolTip(QCoreApplication.translate("RegistryTab", u"\u9078\u629e\u3057\u305f\u6a5f\u95a2\u306e\u6700\u7d42\u5e74\u5ea6\u3092\u6c7a\u3081\u3066\u3001\u7fcc\u5e74\u5ea6\u4ee5\u964d\u306e\u53f0\u5e33\u304b\u3089\u5916\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.status_label.setText("")
        pass
    # retranslateUi

