# Generated from ui/history_tab.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 6048acffd837801cbf2bcf6088d3c7c482ccddd1428be72247ecf7eba0122296
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'history_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QTableView, QVBoxLayout,
    QWidget)

class Ui_HistoryTab(object):
    def setupUi(self, HistoryTab):
        if not HistoryTab.objectName():
            HistoryTab.setObjectName(u"HistoryTab")
        self.main_layout = QVBoxLayout(HistoryTab)
        self.main_layout.setObjectName(u"main_layout")
        self.filter_row = QHBoxLayout()
        self.filter_row.setObjectName(u"filter_row")
        self.institution_label = QLabel(HistoryTab)
        self.institution_label.setObjectName(u"institution_label")

        self.filter_row.addWidget(self.institution_label)

        self.institution_combo = QComboBox(HistoryTab)
        self.institution_combo.setObjectName(u"institution_combo")
        self.institution_combo.setMinimumContentsLength(16)
        self.institution_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.filter_row.addWidget(self.institution_combo)

        self.table_label = QLabel(HistoryTab)
        self.table_label.setObjectName(u"table_label")

        self.filter_row.addWidget(self.table_label)

        self.table_combo = QComboBox(HistoryTab)
        self.table_combo.setObjectName(u"table_combo")

        self.filter_row.addWidget(self.table_combo)

        self.year_only = QCheckBox(HistoryTab)
        self.year_only.setObjectName(u"year_only")
        self.year_only.setChecked(True)

        self.filter_row.addWidget(self.year_only)

        self.filter_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filter_row.addItem(self.filter_spacer)

        self.count_label = QLabel(HistoryTab)
        self.count_label.setObjectName(u"count_label")

        self.filter_row.addWidget(self.count_label)

        self.export_button = QPushButton(HistoryTab)
        self.export_button.setObjectName(u"export_button")

        self.filter_row.addWidget(self.export_button)


        self.main_layout.addLayout(self.filter_row)

        self.table = QTableView(HistoryTab)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.table)

        self.note_label = QLabel(HistoryTab)
        self.note_label.setObjectName(u"note_label")
        self.note_label.setWordWrap(True)

        self.main_layout.addWidget(self.note_label)

#if QT_CONFIG(shortcut)
        self.institution_label.setBuddy(self.institution_combo)
        self.table_label.setBuddy(self.table_combo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(HistoryTab)

        QMetaObject.connectSlotsByName(HistoryTab)
    # setupUi

    def retranslateUi(self, HistoryTab):
        self.institution_label.setText(QCoreApplication.translate("HistoryTab", u"\u6a5f\u95a2(&I):", None))
        self.table_label.setText(QCoreApplication.translate("HistoryTab", u"\u53f0\u5e33(&T):", None))
        self.year_only.setText(QCoreApplication.translate("HistoryTab", u"\u9078\u629e\u5e74\u5ea6\u306e\u5909\u66f4\u306e\u307f(&O)", None))
        self.count_label.setText("")
        self.export_button.setText(QCoreApplication.translate("HistoryTab", u"Excel \u306b\u66f8\u304d\u51fa\u3059(&X)\u2026", None))
#if QT_CONFIG(tooltip)
        self.export_button.setToolTip(QCoreApplication.translate("HistoryTab", u"\u8868\u793a\u4e2d\u306e\u5909\u66f4\u5c65\u6b74\u3092 Excel \u30d6\u30c3\u30af\uff08.xlsx\uff09\u306b\u4fdd\u5b58\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.note_label.setText(QCoreApplication.translate("HistoryTab", u"\u5909\u66f4\u5c65\u6b74\u306f\u4fdd\u5b58\u306e\u305f\u3073\u306b\u81ea\u52d5\u3067\u8a18\u9332\u3055\u308c\u307e\u3059\uff08\u65e5\u6642\u3001\u30d1\u30bd\u30b3\u30f3\u306e\u30ed\u30b0\u30a4\u30f3\u540d\u3001\u5909\u66f4\u524d\u3068\u5909\u66f4\u5f8c\u306e\u5024\uff09\u3002\u8a18\u9332\u306f\u3053\u306e\u753b\u9762\u304b\u3089\u3082\u4ed6\u306e\u65b9\u6cd5\u3067\u3082\u5909\u66f4\u30fb\u524a\u9664\u3067\u304d\u307e\u305b\u3093\u3002", None))
        pass
    # retranslateUi

