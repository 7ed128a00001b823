# Generated from ui/municipal_tab.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 41e9ffa8e359be5524c9b807163695c89cb51e06f2633b05889e27f1b555c92a
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'municipal_tab.ui'
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
from PySide6.QtWidgets import (QApplication, QDateEdit, QHBoxLayout, QLabel,
    QListWidget, QListWidgetItem, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QStackedWidget, QVBoxLayout,
    QWidget)

class Ui_MunicipalTab(object):
    def setupUi(self, MunicipalTab):
        if not MunicipalTab.objectName():
            MunicipalTab.setObjectName(u"MunicipalTab")
        self.main_layout = QHBoxLayout(MunicipalTab)
        self.main_layout.setObjectName(u"main_layout")
        self.splitter = QSplitter(MunicipalTab)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.left_panel = QWidget(self.splitter)
        self.left_panel.setObjectName(u"left_panel")
        self.left_layout = QVBoxLayout(self.left_panel)
        self.left_layout.setObjectName(u"left_layout")
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.views_label = QLabel(self.left_panel)
        self.views_label.setObjectName(u"views_label")

        self.left_layout.addWidget(self.views_label)

        self.view_list = QListWidget(self.left_panel)
        self.view_list.setObjectName(u"view_list")
        self.view_list.setMinimumSize(QSize(240, 0))

        self.left_layout.addWidget(self.view_list)

        self.warnings_label = QLabel(self.left_panel)
        self.warnings_label.setObjectName(u"warnings_label")

        self.left_layout.addWidget(self.warnings_label)

        self.warnings_list = QListWidget(self.left_panel)
        self.warnings_list.setObjectName(u"warnings_list")
        self.warnings_list.setWordWrap(True)

        self.left_layout.addWidget(self.warnings_list)

        self.splitter.addWidget(self.left_panel)
        self.right_panel = QWidget(self.splitter)
        self.right_panel.setObjectName(u"right_panel")
        self.right_layout = QVBoxLayout(self.right_panel)
        self.right_layout.setObjectName(u"right_layout")
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.header_row = QHBoxLayout()
        self.header_row.setObjectName(u"header_row")
        self.title_label = QLabel(self.right_panel)
        self.title_label.setObjectName(u"title_label")
        self.title_label.setStyleSheet(u"font-weight: bold; font-size: 13pt;")

        self.header_row.addWidget(self.title_label)

        self.header_spacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.header_row.addItem(self.header_spacer)

        self.as_of_label = QLabel(self.right_panel)
        self.as_of_label.setObjectName(u"as_of_label")

        self.header_row.addWidget(self.as_of_label)

        self.as_of = QDateEdit(self.right_panel)
        self.as_of.setObjectName(u"as_of")
        self.as_of.setCalendarPopup(True)

        self.header_row.addWidget(self.as_of)

        self.export_year_button = QPushButton(self.right_panel)
        self.export_year_button.setObjectName(u"export_year_button")

        self.header_row.addWidget(self.export_year_button)

        self.report_button = QPushButton(self.right_panel)
        self.report_button.setObjectName(u"report_button")

        self.header_row.addWidget(self.report_button)


        self.right_layout.addLayout(self.header_row)

        self.pages = QStackedWidget(self.right_panel)
        self.pages.setObjectName(u"pages")

        self.right_layout.addWidget(self.pages)

        self.status_label = QLabel(self.right_panel)
        self.status_label.setObjectName(u"status_label")
        self.status_label.setWordWrap(True)

        self.right_layout.addWidget(self.status_label)

        self.splitter.addWidget(self.right_panel)

        self.main_layout.addWidget(self.splitter)

#if QT_CONFIG(shortcut)
        self.views_label.setBuddy(self.view_list)
        self.warnings_label.setBuddy(self.warnings_list)
        self.as_of_label.setBuddy(self.as_of)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(MunicipalTab)

        QMetaObject.connectSlotsByName(MunicipalTab)
    # setupUi

    def retranslateUi(self, MunicipalTab):
        self.views_label.setText(QCoreApplication.translate("MunicipalTab", u"\u8a18\u9332\u306e\u7a2e\u985e(&K)", None))
        self.warnings_label.setText(QCoreApplication.translate("MunicipalTab", u"\u8b66\u544a(&W)", None))
#if QT_CONFIG(tooltip)
        self.warnings_list.setToolTip(QCoreApplication.translate("MunicipalTab", u"\u30c0\u30d6\u30eb\u30af\u30ea\u30c3\u30af\u3067\u8a72\u5f53\u3059\u308b\u8a18\u9332\u306e\u753b\u9762\u3092\u958b\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.title_label.setText("")
        self.as_of_label.setText(QCoreApplication.translate("MunicipalTab", u"\u57fa\u6e96\u65e5(&D):", None))
#if QT_CONFIG(tooltip)
        self.as_of.setToolTip(QCoreApplication.translate("MunicipalTab", u"\u8b66\u544a\u30fb\u540d\u7c3f\u30fb\u70b9\u691c\u6f0f\u308c\u3092\u3053\u306e\u65e5\u73fe\u5728\u3067\u8868\u793a\u3057\u307e\u3059\uff08\u8a2d\u5b9a\u300c\u8b66\u544a\u306e\u57fa\u6e96\u65e5\u300d\u3001\u306a\u3051\u308c\u3070\u4eca\u65e5\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.as_of.setDisplayFormat(QCoreApplication.translate("MunicipalTab", u"yyyy/MM/dd", None))
        self.export_year_button.setText(QCoreApplication.translate("MunicipalTab", u"\u5e74\u5ea6\u306e\u4e00\u89a7\u3092 Excel \u306b(&E)\u2026", None))
#if QT_CONFIG(tooltip)
        self.export_year_button.setToolTip(QCoreApplication.translate("MunicipalTab", u"\u9078\u629e\u5e74\u5ea6\u306e\u5168\u4e00\u89a7\uff08\u540d\u7c3f\u30fb\u7814\u4fee\u30fb\u8a13\u7df4\u30fb\u70b9\u691c\u30fb\u4f1a\u8b70\u30fb\u4f8b\u898f\u30fb\u59d4\u8a17\uff09\u30921\u3064\u306e Excel \u30d6\u30c3\u30af\u306b\u4fdd\u5b58\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.report_button.setText(QCoreApplication.translate("MunicipalTab", u"\u5be9\u8b70\u4f1a\u3078\u306e\u5e74\u6b21\u5831\u544a(&R)\u2026", None))
#if QT_CONFIG(tooltip)
        self.report_button.setToolTip(QCoreApplication.translate("MunicipalTab", u"\u9078\u629e\u5e74\u5ea6\u306e\u5e74\u6b21\u5831\u544a\u3092 Excel \u3068 PDF \u3067\u4fdd\u5b58\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.status_label.setText("")
        pass
    # retranslateUi

