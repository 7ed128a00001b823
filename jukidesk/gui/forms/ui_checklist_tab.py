# Generated from ui/checklist_tab.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 67c2ed0208a5abcce6a6056096bfb6e340a9f5e9e831caca7e30fa8756612dd9
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'checklist_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QToolButton, QVBoxLayout,
    QWidget)

class Ui_ChecklistTab(object):
    def setupUi(self, ChecklistTab):
        if not ChecklistTab.objectName():
            ChecklistTab.setObjectName(u"ChecklistTab")
        self.main_layout = QVBoxLayout(ChecklistTab)
        self.main_layout.setObjectName(u"main_layout")
        self.picker_row = QHBoxLayout()
        self.picker_row.setObjectName(u"picker_row")
        self.kind_label = QLabel(ChecklistTab)
        self.kind_label.setObjectName(u"kind_label")

        self.picker_row.addWidget(self.kind_label)

        self.kind_combo = QComboBox(ChecklistTab)
        self.kind_combo.setObjectName(u"kind_combo")

        self.picker_row.addWidget(self.kind_combo)

        self.institution_label = QLabel(ChecklistTab)
        self.institution_label.setObjectName(u"institution_label")

        self.picker_row.addWidget(self.institution_label)

        self.institution_combo = QComboBox(ChecklistTab)
        self.institution_combo.setObjectName(u"institution_combo")
        self.institution_combo.setMinimumSize(QSize(280, 0))
        self.institution_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.picker_row.addWidget(self.institution_combo)

        self.state_label = QLabel(ChecklistTab)
        self.state_label.setObjectName(u"state_label")

        self.picker_row.addWidget(self.state_label)

        self.picker_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.picker_row.addItem(self.picker_spacer)

        self.import_button = QPushButton(ChecklistTab)
        self.import_button.setObjectName(u"import_button")

        self.picker_row.addWidget(self.import_button)

        self.export_button = QPushButton(ChecklistTab)
        self.export_button.setObjectName(u"export_button")

        self.picker_row.addWidget(self.export_button)

        self.template_button = QToolButton(ChecklistTab)
        self.template_button.setObjectName(u"template_button")
        self.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.picker_row.addWidget(self.template_button)


        self.main_layout.addLayout(self.picker_row)

        self.table = QTableView(ChecklistTab)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.table)

        self.keys_label = QLabel(ChecklistTab)
        self.keys_label.setObjectName(u"keys_label")

        self.main_layout.addWidget(self.keys_label)

        self.status_row = QHBoxLayout()
        self.status_row.setObjectName(u"status_row")
        self.status_label = QLabel(ChecklistTab)
        self.status_label.setObjectName(u"status_label")

        self.status_row.addWidget(self.status_label)

        self.incomplete_label = QLabel(ChecklistTab)
        self.incomplete_label.setObjectName(u"incomplete_label")

        self.status_row.addWidget(self.incomplete_label)

        self.status_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.status_row.addItem(self.status_spacer)

        self.complete_button = QPushButton(ChecklistTab)
        self.complete_button.setObjectName(u"complete_button")

        self.status_row.addWidget(self.complete_button)

        self.reopen_button = QPushButton(ChecklistTab)
        self.reopen_button.setObjectName(u"reopen_button")

        self.status_row.addWidget(self.reopen_button)


        self.main_layout.addLayout(self.status_row)

#if QT_CONFIG(shortcut)
        self.kind_label.setBuddy(self.kind_combo)
        self.institution_label.setBuddy(self.institution_combo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ChecklistTab)

        QMetaObject.connectSlotsByName(ChecklistTab)
    # setupUi

    def retranslateUi(self, ChecklistTab):
        self.kind_label.setText(QCoreApplication.translate("ChecklistTab", u"\u533a\u5206(&K):", None))
        self.institution_label.setText(QCoreApplication.translate("ChecklistTab", u"\u6a5f\u95a2(&I):", None))
        self.state_label.setText("")
        self.import_button.setText(QCoreApplication.translate("ChecklistTab", u"Excel \u304b\u3089\u53d6\u308a\u8fbc\u307f(&M)\u2026", None))
#if QT_CONFIG(tooltip)
        self.import_button.setToolTip(QCoreApplication.translate("ChecklistTab", u"\u6a5f\u95a2\u304c\u8a18\u5165\u3057\u305f Excel \u30d6\u30c3\u30af\u3092\u78ba\u8a8d\u3057\u3066\u304b\u3089\u53d6\u308a\u8fbc\u307f\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.export_button.setText(QCoreApplication.translate("ChecklistTab", u"Excel \u306b\u66f8\u304d\u51fa\u3057(&X)\u2026", None))
#if QT_CONFIG(tooltip)
        self.export_button.setToolTip(QCoreApplication.translate("ChecklistTab", u"\u3053\u306e\u5e74\u5ea6\u30fb\u533a\u5206\u306e\u5bfe\u8c61\u6a5f\u95a2\u3054\u3068\u306b\u3001\u8a18\u5165\u7528\u306e Excel \u30d6\u30c3\u30af\u3092\u66f8\u304d\u51fa\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.template_button.setText(QCoreApplication.translate("ChecklistTab", u"\u30c6\u30f3\u30d7\u30ec\u30fc\u30c8(&T)", None))
        self.keys_label.setText(QCoreApplication.translate("ChecklistTab", u"\u30ad\u30fc\u64cd\u4f5c: 3\u30010\u30fbN\uff08\u8a72\u5f53\u306a\u3057\uff09= \u7b54\u3048\u3066\u6b21\u306e\u9805\u76ee\u3078\u30001\u30fb2 = \u8a55\u4fa1\u3057\u3066\u5099\u8003\u3078\uff08Enter \u3067\u6b21\u3078\u3001Esc \u3067\u5099\u8003\u306a\u3057\u306e\u307e\u307e\uff09\u3000\u2191\u30fbBackspace = \u524d\u306e\u9805\u76ee\u3000Tab = \u5099\u8003\u3000Delete = \u8a55\u4fa1\u3092\u6d88\u3059", None))
        self.keys_label.setStyleSheet(QCoreApplication.translate("ChecklistTab", u"color: #606060;", None))
        self.status_label.setText("")
        self.status_label.setStyleSheet(QCoreApplication.translate("ChecklistTab", u"font-weight: bold;", None))
        self.incomplete_label.setText("")
        self.incomplete_label.setStyleSheet(QCoreApplication.translate("ChecklistTab", u"color: #c00000;", None))
        self.complete_button.setText(QCoreApplication.translate("ChecklistTab", u"\u5b8c\u4e86(&C)", None))
#if QT_CONFIG(tooltip)
        self.complete_button.setToolTip(QCoreApplication.translate("ChecklistTab", u"\u3059\u3079\u3066\u306e\u5bfe\u8c61\u9805\u76ee\u306b\u56de\u7b54\u3057\u30013\u70b9\u672a\u6e80\u306e\u9805\u76ee\u306b\u5099\u8003\u304c\u3042\u308b\u3068\u5b8c\u4e86\u306b\u3067\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.reopen_button.setText(QCoreApplication.translate("ChecklistTab", u"\u518d\u958b(&R)\u2026", None))
#if QT_CONFIG(tooltip)
        self.reopen_button.setToolTip(QCoreApplication.translate("ChecklistTab", u"\u5b8c\u4e86\u3057\u305f\u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8\u3092\u4fee\u6b63\u3067\u304d\u308b\u3088\u3046\u306b\u3057\u307e\u3059\uff08\u518d\u958b\u3057\u305f\u3053\u3068\u306f\u8a18\u9332\u3055\u308c\u307e\u3059\uff09", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

