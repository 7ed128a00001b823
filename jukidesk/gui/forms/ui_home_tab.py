# Generated from ui/home_tab.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 768b2e54f22d97450cb5a2ca9b369ff707315857397d9c7c73a71895f29ccbaa
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'home_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QPlainTextEdit, QPushButton,
    QSizePolicy, QSpacerItem, QTableView, QVBoxLayout,
    QWidget)

class Ui_HomeTab(object):
    def setupUi(self, HomeTab):
        if not HomeTab.objectName():
            HomeTab.setObjectName(u"HomeTab")
        HomeTab.setAcceptDrops(True)
        self.main_layout = QVBoxLayout(HomeTab)
        self.main_layout.setObjectName(u"main_layout")
        self.header_row = QHBoxLayout()
        self.header_row.setObjectName(u"header_row")
        self.title_label = QLabel(HomeTab)
        self.title_label.setObjectName(u"title_label")
        self.title_label.setStyleSheet(u"font-size: 13pt; font-weight: bold;")

        self.header_row.addWidget(self.title_label)

        self.today_label = QLabel(HomeTab)
        self.today_label.setObjectName(u"today_label")

        self.header_row.addWidget(self.today_label)

        self.header_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.header_row.addItem(self.header_spacer)

        self.rollover_button = QPushButton(HomeTab)
        self.rollover_button.setObjectName(u"rollover_button")

        self.header_row.addWidget(self.rollover_button)


        self.main_layout.addLayout(self.header_row)

        self.counts_row = QHBoxLayout()
        self.counts_row.setObjectName(u"counts_row")
        self.returned_box = QGroupBox(HomeTab)
        self.returned_box.setObjectName(u"returned_box")
        self.returned_layout = QVBoxLayout(self.returned_box)
        self.returned_layout.setObjectName(u"returned_layout")
        self.returned_value = QLabel(self.returned_box)
        self.returned_value.setObjectName(u"returned_value")
        self.returned_value.setWordWrap(True)
        self.returned_value.setStyleSheet(u"font-size: 15pt; font-weight: bold;")

        self.returned_layout.addWidget(self.returned_value)


        self.counts_row.addWidget(self.returned_box)

        self.averages_box = QGroupBox(HomeTab)
        self.averages_box.setObjectName(u"averages_box")
        self.averages_layout = QVBoxLayout(self.averages_box)
        self.averages_layout.setObjectName(u"averages_layout")
        self.averages_value = QLabel(self.averages_box)
        self.averages_value.setObjectName(u"averages_value")
        self.averages_value.setWordWrap(True)

        self.averages_layout.addWidget(self.averages_value)


        self.counts_row.addWidget(self.averages_box)

        self.findings_box = QGroupBox(HomeTab)
        self.findings_box.setObjectName(u"findings_box")
        self.findings_layout = QVBoxLayout(self.findings_box)
        self.findings_layout.setObjectName(u"findings_layout")
        self.findings_value = QLabel(self.findings_box)
        self.findings_value.setObjectName(u"findings_value")
        self.findings_value.setWordWrap(True)
        self.findings_value.setStyleSheet(u"font-size: 15pt; font-weight: bold;")

        self.findings_layout.addWidget(self.findings_value)


        self.counts_row.addWidget(self.findings_box)

        self.next_audit_box = QGroupBox(HomeTab)
        self.next_audit_box.setObjectName(u"next_audit_box")
        self.next_audit_layout = QVBoxLayout(self.next_audit_box)
        self.next_audit_layout.setObjectName(u"next_audit_layout")
        self.next_audit_value = QLabel(self.next_audit_box)
        self.next_audit_value.setObjectName(u"next_audit_value")
        self.next_audit_value.setWordWrap(True)

        self.next_audit_layout.addWidget(self.next_audit_value)


        self.counts_row.addWidget(self.next_audit_box)


        self.main_layout.addLayout(self.counts_row)

        self.steps_view = QTableView(HomeTab)
        self.steps_view.setObjectName(u"steps_view")
        self.steps_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps_view.setWordWrap(True)
        self.steps_view.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.steps_view)

        self.drop_hint = QLabel(HomeTab)
        self.drop_hint.setObjectName(u"drop_hint")
        self.drop_hint.setWordWrap(True)

        self.main_layout.addWidget(self.drop_hint)

        self.log_view = QPlainTextEdit(HomeTab)
        self.log_view.setObjectName(u"log_view")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumSize(QSize(16777215, 110))

        self.main_layout.addWidget(self.log_view)


        self.retranslateUi(HomeTab)

        QMetaObject.connectSlotsByName(HomeTab)
    # setupUi

    def retranslateUi(self, HomeTab):
        self.title_label.setText(QCoreApplication.translate("HomeTab", u"\u4eca\u5e74\u5ea6\u306e\u9032\u6357", None))
        self.today_label.setText("")
#if QT_CONFIG(tooltip)
        self.today_label.setToolTip(QCoreApplication.translate("HomeTab", u"\u671f\u9650\u3084\u8d85\u904e\u65e5\u6570\u306f\u3053\u306e\u65e5\u3092\u57fa\u6e96\u306b\u6570\u3048\u307e\u3059\uff08\u7d44\u7e54\u306e\u8a2d\u5b9a\u300c\u8b66\u544a\u306e\u57fa\u6e96\u65e5\u300d\u3002\u7a7a\u6b04\u306a\u3089\u4eca\u65e5\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.rollover_button.setText(QCoreApplication.translate("HomeTab", u"\u5e74\u5ea6\u66f4\u65b0(&U)\u2026", None))
#if QT_CONFIG(tooltip)
        self.rollover_button.setToolTip(QCoreApplication.translate("HomeTab", u"\u57fa\u6e96\u65e5\u306e\u5e74\u5ea6\u3092\u6e96\u5099\u3057\u307e\u3059: \u6a5f\u95a2\u53f0\u5e33\u306e\u5909\u66f4\u306e\u78ba\u8a8d\u3001\u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8\u306e\u4f5c\u6210\u3001\u5de1\u76ee\u306e\u8a08\u753b\u304c\u306a\u3051\u308c\u3070\u9069\u7528\u3002\u4e8c\u5ea6\u5b9f\u884c\u3057\u3066\u3082\u5909\u308f\u308a\u307e\u305b\u3093\u3002", None))
#endif // QT_CONFIG(tooltip)
        self.returned_box.setTitle(QCoreApplication.translate("HomeTab", u"\u81ea\u5df1\u70b9\u691c\u306e\u56de\u53ce", None))
        self.returned_value.setText("")
        self.averages_box.setTitle(QCoreApplication.translate("HomeTab", u"\u4eca\u5e74\u5ea6\u306e\u5e73\u5747\u70b9\uff08\u3053\u308c\u307e\u3067\uff09", None))
        self.averages_value.setText("")
        self.findings_box.setTitle(QCoreApplication.translate("HomeTab", u"\u672a\u78ba\u8a8d\u306e\u6307\u6458\u4e8b\u9805", None))
        self.findings_value.setText("")
        self.next_audit_box.setTitle(QCoreApplication.translate("HomeTab", u"\u6b21\u306e\u76e3\u67fb", None))
        self.next_audit_value.setText("")
        self.drop_hint.setText(QCoreApplication.translate("HomeTab", u"\u56de\u53ce\u3057\u305f Excel \u30d6\u30c3\u30af\u306f\u3001\u3053\u306e\u30a6\u30a3\u30f3\u30c9\u30a6\u306b\u30c9\u30e9\u30c3\u30b0\uff06\u30c9\u30ed\u30c3\u30d7\u3057\u3066\u3082\u53d6\u308a\u8fbc\u3081\u307e\u3059\uff08\u6b63\u3057\u3044\u30d5\u30a1\u30a4\u30eb\u3060\u3051\u3092\u4e00\u62ec\u3067\u53d6\u308a\u8fbc\u307f\u3001\u540c\u3058\u30d5\u30a1\u30a4\u30eb\u306f\u4e8c\u5ea6\u53d6\u308a\u8fbc\u307f\u307e\u305b\u3093\uff09\u3002", None))
        self.log_view.setPlaceholderText(QCoreApplication.translate("HomeTab", u"\u64cd\u4f5c\u306e\u7d50\u679c\uff08\u53d6\u308a\u8fbc\u3081\u306a\u304b\u3063\u305f\u30d5\u30a1\u30a4\u30eb\u3068\u305d\u306e\u7406\u7531\u306a\u3069\uff09\u304c\u3053\u3053\u306b\u8868\u793a\u3055\u308c\u307e\u3059\u3002", None))
        pass
    # retranslateUi

