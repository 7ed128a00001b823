# Generated from ui/findings_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: a917475317a457a1a71f52723b051173afba59c3e33d44c50fe8fb655fe42438
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'findings_dialog.ui'
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

class Ui_FindingsDialog(object):
    def setupUi(self, FindingsDialog):
        if not FindingsDialog.objectName():
            FindingsDialog.setObjectName(u"FindingsDialog")
        FindingsDialog.setMinimumSize(QSize(860, 560))
        self.main_layout = QVBoxLayout(FindingsDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.audit_label = QLabel(FindingsDialog)
        self.audit_label.setObjectName(u"audit_label")
        self.audit_label.setWordWrap(True)

        self.main_layout.addWidget(self.audit_label)

        self.findings_title = QLabel(FindingsDialog)
        self.findings_title.setObjectName(u"findings_title")
        self.findings_title.setWordWrap(True)

        self.main_layout.addWidget(self.findings_title)

        self.findings_table = QTableView(FindingsDialog)
        self.findings_table.setObjectName(u"findings_table")
        self.findings_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed|QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.findings_table.setAlternatingRowColors(True)
        self.findings_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.findings_table.setWordWrap(True)
        self.findings_table.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.findings_table)

        self.sync_row = QHBoxLayout()
        self.sync_row.setObjectName(u"sync_row")
        self.sync_label = QLabel(FindingsDialog)
        self.sync_label.setObjectName(u"sync_label")
        self.sync_label.setWordWrap(True)

        self.sync_row.addWidget(self.sync_label)

        self.sync_spacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sync_row.addItem(self.sync_spacer)

        self.sync_button = QPushButton(FindingsDialog)
        self.sync_button.setObjectName(u"sync_button")

        self.sync_row.addWidget(self.sync_button)


        self.main_layout.addLayout(self.sync_row)

        self.confirm_title = QLabel(FindingsDialog)
        self.confirm_title.setObjectName(u"confirm_title")
        self.confirm_title.setWordWrap(True)

        self.main_layout.addWidget(self.confirm_title)

        self.open_table = QTableView(FindingsDialog)
        self.open_table.setObjectName(u"open_table")
        self.open_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.open_table.setAlternatingRowColors(True)
        self.open_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.open_table.setWordWrap(True)
        self.open_table.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.open_table)

        self.error_label = QLabel(FindingsDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(FindingsDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.findings_table, self.sync_button)
        QWidget.setTabOrder(self.sync_button, self.open_table)

        self.retranslateUi(FindingsDialog)

        QMetaObject.connectSlotsByName(FindingsDialog)
    # setupUi

    def retranslateUi(self, FindingsDialog):
        FindingsDialog.setWindowTitle(QCoreApplication.translate("FindingsDialog", u"\u6307\u6458\u4e8b\u9805", None))
        self.audit_label.setText("")
        self.audit_label.setStyleSheet(QCoreApplication.translate("FindingsDialog", u"font-weight: bold;", None))
        self.findings_title.setText(QCoreApplication.translate("FindingsDialog", u"\u3053\u306e\u76e3\u67fb\u306e\u6307\u6458\u4e8b\u9805\uff083\u70b9\u672a\u6e80\u306e\u9805\u76ee\u3002\u5bfe\u5fdc\u30fb\u6539\u5584\u671f\u9650\u30fb\u72b6\u6cc1\u306f\u30bb\u30eb\u3092\u30c0\u30d6\u30eb\u30af\u30ea\u30c3\u30af\u3057\u3066\u5165\u529b\uff09", None))
        self.sync_label.setText("")
        self.sync_button.setText(QCoreApplication.translate("FindingsDialog", u"\u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8\u304b\u3089\u53d6\u308a\u8fbc\u3080(&I)", None))
#if QT_CONFIG(tooltip)
        self.sync_button.setToolTip(QCoreApplication.translate("FindingsDialog", u"\u3053\u306e\u76e3\u67fb\u306e\u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8\u30673\u70b9\u672a\u6e80\u306e\u9805\u76ee\u3092\u6307\u6458\u4e8b\u9805\u306b\u3057\u307e\u3059\uff08\u5099\u8003\u304c\u6307\u6458\u5185\u5bb9\u306b\u306a\u308a\u307e\u3059\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.confirm_title.setText("")
        self.confirm_title.setStyleSheet(QCoreApplication.translate("FindingsDialog", u"font-weight: bold;", None))
        self.error_label.setText("")
        self.error_label.setStyleSheet(QCoreApplication.translate("FindingsDialog", u"color: #c00000; font-weight: bold;", None))
    # retranslateUi

