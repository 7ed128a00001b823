# Generated from ui/calendar_tab.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: d91f807f9c0dcc33995d5d28982dc2e567b046e4d7d91f98c35fdba9e4448569
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'calendar_tab.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QSplitter, QTableView, QVBoxLayout, QWidget)

from jukidesk.gui.calendar_widget import AuditCalendar

class Ui_CalendarTab(object):
    def setupUi(self, CalendarTab):
        if not CalendarTab.objectName():
            CalendarTab.setObjectName(u"CalendarTab")
        self.main_layout = QVBoxLayout(CalendarTab)
        self.main_layout.setObjectName(u"main_layout")
        self.toolbar = QHBoxLayout()
        self.toolbar.setObjectName(u"toolbar")
        self.add_button = QPushButton(CalendarTab)
        self.add_button.setObjectName(u"add_button")

        self.toolbar.addWidget(self.add_button)

        self.edit_button = QPushButton(CalendarTab)
        self.edit_button.setObjectName(u"edit_button")

        self.toolbar.addWidget(self.edit_button)

        self.findings_button = QPushButton(CalendarTab)
        self.findings_button.setObjectName(u"findings_button")

        self.toolbar.addWidget(self.findings_button)

        self.plan_button = QPushButton(CalendarTab)
        self.plan_button.setObjectName(u"plan_button")

        self.toolbar.addWidget(self.plan_button)

        self.toolbar_spacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.toolbar.addItem(self.toolbar_spacer)

        self.ics_button = QPushButton(CalendarTab)
        self.ics_button.setObjectName(u"ics_button")

        self.toolbar.addWidget(self.ics_button)

        self.pdf_button = QPushButton(CalendarTab)
        self.pdf_button.setObjectName(u"pdf_button")

        self.toolbar.addWidget(self.pdf_button)


        self.main_layout.addLayout(self.toolbar)

        self.splitter = QSplitter(CalendarTab)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.left_pane = QWidget(self.splitter)
        self.left_pane.setObjectName(u"left_pane")
        self.left_layout = QVBoxLayout(self.left_pane)
        self.left_layout.setObjectName(u"left_layout")
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.calendar = AuditCalendar(self.left_pane)
        self.calendar.setObjectName(u"calendar")
        self.calendar.setMinimumSize(QSize(460, 330))

        self.left_layout.addWidget(self.calendar)

        self.legend_label = QLabel(self.left_pane)
        self.legend_label.setObjectName(u"legend_label")
        self.legend_label.setWordWrap(True)
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)

        self.left_layout.addWidget(self.legend_label)

        self.progress_title = QLabel(self.left_pane)
        self.progress_title.setObjectName(u"progress_title")

        self.left_layout.addWidget(self.progress_title)

        self.progress_table = QTableView(self.left_pane)
        self.progress_table.setObjectName(u"progress_table")
        self.progress_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.progress_table.setMaximumSize(QSize(16777215, 120))

        self.left_layout.addWidget(self.progress_table)

        self.splitter.addWidget(self.left_pane)
        self.right_pane = QWidget(self.splitter)
        self.right_pane.setObjectName(u"right_pane")
        self.right_layout = QVBoxLayout(self.right_pane)
        self.right_layout.setObjectName(u"right_layout")
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.list_title = QLabel(self.right_pane)
        self.list_title.setObjectName(u"list_title")

        self.right_layout.addWidget(self.list_title)

        self.audits_table = QTableView(self.right_pane)
        self.audits_table.setObjectName(u"audits_table")
        self.audits_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.audits_table.setAlternatingRowColors(True)
        self.audits_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.audits_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.audits_table.setSortingEnabled(True)
        self.audits_table.setDragEnabled(True)
        self.audits_table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.audits_table.setWordWrap(False)
        self.audits_table.verticalHeader().setVisible(False)

        self.right_layout.addWidget(self.audits_table)

        self.detail_label = QLabel(self.right_pane)
        self.detail_label.setObjectName(u"detail_label")
        self.detail_label.setWordWrap(True)

        self.right_layout.addWidget(self.detail_label)

        self.splitter.addWidget(self.right_pane)

        self.main_layout.addWidget(self.splitter)

        self.status_label = QLabel(CalendarTab)
        self.status_label.setObjectName(u"status_label")

        self.main_layout.addWidget(self.status_label)

        QWidget.setTabOrder(self.add_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.findings_button)
        QWidget.setTabOrder(self.findings_button, self.plan_button)
        QWidget.setTabOrder(self.plan_button, self.ics_button)
        QWidget.setTabOrder(self.ics_button, self.pdf_button)
        QWidget.setTabOrder(self.pdf_button, self.calendar)
        QWidget.setTabOrder(self.calendar, self.audits_table)

        self.retranslateUi(CalendarTab)

        QMetaObject.connectSlotsByName(CalendarTab)
    # setupUi

    def retranslateUi(self, CalendarTab):
        self.add_button.setText(QCoreApplication.translate("CalendarTab", u"\u8ffd\u52a0(&A)\u2026", None))
#if QT_CONFIG(tooltip)
        self.add_button.setToolTip(QCoreApplication.translate("CalendarTab", u"\u30ab\u30ec\u30f3\u30c0\u30fc\u3067\u9078\u3093\u3060\u65e5\u306b\u76e3\u67fb\u3092\u8ffd\u52a0\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.edit_button.setText(QCoreApplication.translate("CalendarTab", u"\u7de8\u96c6(&E)\u2026", None))
#if QT_CONFIG(tooltip)
        self.edit_button.setToolTip(QCoreApplication.translate("CalendarTab", u"\u9078\u629e\u3057\u305f\u76e3\u67fb\u3092\u7de8\u96c6\u3057\u307e\u3059\uff08\u4e00\u89a7\u306e\u30c0\u30d6\u30eb\u30af\u30ea\u30c3\u30af\u3067\u3082\u958b\u304d\u307e\u3059\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.findings_button.setText(QCoreApplication.translate("CalendarTab", u"\u6307\u6458\u4e8b\u9805(&I)\u2026", None))
#if QT_CONFIG(tooltip)
        self.findings_button.setToolTip(QCoreApplication.translate("CalendarTab", u"\u9078\u629e\u3057\u305f\u76e3\u67fb\u306e\u6307\u6458\u4e8b\u9805\uff08\u5bfe\u5fdc\u30fb\u6539\u5584\u671f\u9650\u30fb\u72b6\u6cc1\uff09\u3068\u3001\u6539\u5584\u306e\u78ba\u8a8d", None))
#endif // QT_CONFIG(tooltip)
        self.plan_button.setText(QCoreApplication.translate("CalendarTab", u"\u76e3\u67fb\u8a08\u753b(&P)\u2026", None))
#if QT_CONFIG(tooltip)
        self.plan_button.setToolTip(QCoreApplication.translate("CalendarTab", u"\u5de1\u76ee\uff083\u5e74\uff09\u306e\u5185\u90e8\u76e3\u67fb\u30fb\u5916\u90e8\u76e3\u67fb\u306e\u5272\u308a\u5f53\u3066\u3092\u4f5c\u308a\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.ics_button.setText(QCoreApplication.translate("CalendarTab", u"\u4e88\u5b9a\u8868\u306b\u66f8\u304d\u51fa\u3057\uff08.ics\uff09(&X)\u2026", None))
#if QT_CONFIG(tooltip)
        self.ics_button.setToolTip(QCoreApplication.translate("CalendarTab", u"\u5e74\u5ea6\u306e\u76e3\u67fb\u65e5\u7a0b\u3092 Outlook \u306a\u3069\u306e\u4e88\u5b9a\u8868\u306b\u53d6\u308a\u8fbc\u3081\u308b\u30d5\u30a1\u30a4\u30eb\u306b\u66f8\u304d\u51fa\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.pdf_button.setText(QCoreApplication.translate("CalendarTab", u"\u3053\u306e\u6708\u3092\u5370\u5237\uff08PDF\uff09(&M)\u2026", None))
#if QT_CONFIG(tooltip)
        self.pdf_button.setToolTip(QCoreApplication.translate("CalendarTab", u"\u8868\u793a\u4e2d\u306e\u6708\u3092 A4 \u6a2a1\u30da\u30fc\u30b8\u306e PDF \u306b\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.legend_label.setText("")
        self.progress_title.setText(QCoreApplication.translate("CalendarTab", u"\u5e74\u5ea6\u306e\u9032\u307f\u5177\u5408", None))
        self.progress_title.setStyleSheet(QCoreApplication.translate("CalendarTab", u"font-weight: bold;", None))
        self.list_title.setText("")
        self.list_title.setStyleSheet(QCoreApplication.translate("CalendarTab", u"font-weight: bold;", None))
        self.detail_label.setText("")
        self.detail_label.setStyleSheet(QCoreApplication.translate("CalendarTab", u"QLabel { background: #fff3cd; color: #7a4b00; border: 1px solid #e0b84f; padding: 4px; }", None))
        self.status_label.setText("")
        pass
    # retranslateUi

